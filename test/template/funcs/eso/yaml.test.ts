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
