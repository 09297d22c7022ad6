// toYaml / fromYaml against Go: recorded outputs of ESO's yaml.go on sigs.k8s.io/yaml (go-yaml
// v2) for quoting, YAML 1.1 scalars, key order, folding at 80 columns, literal blocks, merges,
// tags and the JSON round trip; plus the error shapes fromYaml returns in its map.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { renderTemplate } from '../../../../src/template/index.ts'

const render = (template: string, data: Record<string, string>) => renderTemplate(template, data, { functions: 'eso', stringMap: true, missingKey: 'error' })
const recorded = JSON.parse(readFileSync(new URL('./fixtures/yaml-go-outputs.json', import.meta.url), 'utf8')) as {
  cases: { id: string; template: string; data: Record<string, string>; expect: string }[]
}

test("toYaml and fromYaml match Go's recorded output", () => {
  for (const c of recorded.cases) assert.equal(render(c.template, c.data), c.expect, `${c.id}: ${JSON.stringify(c.data.v).slice(0, 60)}`)
})

test('toYaml edge cases', () => {
  const cases: { template: string; want: string }[] = [
    { template: '{{ toYaml "yes" }}', want: '"yes"' },
    { template: '{{ toYaml "123" }}', want: '"123"' },
    { template: '{{ toYaml (list) }}', want: '[]' },
    { template: '{{ toYaml (dict) }}', want: '{}' },
    { template: '{{ toYaml nil }}', want: 'null' },
    { template: '{{ toYaml 1.0 }}', want: '1' },
    { template: '{{ toYaml 1e21 }}', want: '1e+21' },
    { template: '{{ toYaml "a\\u0085b" }}', want: 'a b' },
    { template: '{{ toYaml (dict "k" "line1\\nline2\\n") }}', want: 'k: |\n  line1\n  line2' },
  ]
  for (const c of cases) assert.equal(render(c.template, {}), c.want, c.template)
})

test('fromYaml reports errors in the map, as ESO does', () => {
  assert.equal(render('{{ fromYaml "- a" }}', {}), 'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]')
  assert.equal(render('{{ fromYaml "x" }}', {}), 'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}]')
  assert.equal(render('{{ (fromYaml "x: .inf").Error }}', {}), 'error converting YAML to JSON: json: unsupported value: +Inf')
  assert.match(render('{{ (fromYaml .v).Error }}', { v: 'a: [1, CANARY' }), /^error converting YAML to JSON: yaml: /)
  assert.doesNotMatch(render('{{ (fromYaml .v).Error }}', { v: 'a: [1, CANARY' }), /CANARY/)
  assert.throws(() => render('{{ (fromYaml "1.5: a").x }}', {}), /map has no entry for key "x"/)
  assert.equal(render('{{ index (fromYaml "1.5: a\\n0.1: b") "0.1" }}', {}), 'b')
})

// Issue 14: go-yaml v2's bound on alias expansion (decode.go allowedAliasRatio), so a "billion laughs"
// value read through fromYaml fails as ESO's does instead of exhausting memory. Expected results
// recorded from gopkg.in/yaml.v2 (Debian's, with Go 1.19) on the same documents.
const laughs = (levels: number, fanout: number) => `a0: &a0 lol\n${Array.from({ length: levels }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(fanout).fill(`*a${i}`).join(', ')}]\n`).join('')}`
const merges = (levels: number) =>
  `m0: &m0 {k0: v}\n${Array.from({ length: levels }, (_, i) => `m${i + 1}: &m${i + 1}\n${Array.from({ length: 10 }, (_, j) => `  x${j}:\n    <<: *m${i}\n`).join('')}`).join('')}`
const aliasing: { name: string; text: string; go: string }[] = [
  { name: '3 levels of 10 aliases', text: laughs(3, 10), go: '4 keys' },
  { name: '2 levels of 30 aliases', text: laughs(2, 30), go: '3 keys' },
  { name: '4 levels of 10 aliases', text: laughs(4, 10), go: 'yaml: document contains excessive aliasing' },
  { name: 'a billion laughs (9 levels of 9)', text: laughs(9, 9), go: 'yaml: document contains excessive aliasing' },
  { name: '3 levels of merges through aliases', text: merges(3), go: '4 keys' },
  { name: '4 levels of merges through aliases', text: merges(4), go: 'yaml: document contains excessive aliasing' },
]
for (const c of aliasing) {
  test(`fromYaml: ${c.name} ${c.go.endsWith('keys') ? 'is read' : 'fails as go-yaml does'} (issue 14)`, () => {
    const got = render('{{ $m := fromYaml .v }}{{ if hasKey $m "Error" }}{{ $m.Error }}{{ else }}{{ len $m }} keys{{ end }}', { v: c.text })
    assert.equal(got, c.go.endsWith('keys') ? c.go : `error converting YAML to JSON: ${c.go}`)
  })
}
