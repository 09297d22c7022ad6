// The fast YAML reader against the `yaml` library (the authority, with the options the pipeline
// uses): on every document it accepts it must give exactly what the library gives; generated
// documents mix the subset with everything outside it, and every fixture's documents are checked.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parseDocument } from 'yaml'
import { readSimpleYaml } from '../../src/manifests/simple-yaml.ts'
import { PARSE_OPTIONS, plain } from '../../src/manifests/yaml.ts'
import { ROOT } from '../support/fixtures.ts'

function library(text: string): unknown {
  const doc = parseDocument(text, PARSE_OPTIONS)
  return doc.errors.length ? 'ERROR' : plain(doc.toJS({ maxAliasCount: 1000 }))
}

const rows: [string, string, unknown][] = [
  [
    'an ExternalSecret in the usual shape',
    `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: app
  namespace: shop
  labels:
    app.kubernetes.io/name: web
spec:
  refreshInterval: 1h
  secretStoreRef: {name: vault, kind: SecretStore}
  target:
    name: app
    template:
      data:
        url: 'postgres://{{ .user }}:{{ .pass }}@db/x'
  data:
  - secretKey: username
    remoteRef:
      key: team/app-1
      property: username
  - {secretKey: password, note: flow}
  dataFrom:
    - extract:
        key: team/app-1
`,
    undefined,
  ],
  ['quoted strings and empty values', 'a: "true"\nb: \'\'\nc:\nd: []\ne: {}\n', { a: 'true', b: '', c: null, d: [], e: {} }],
  ['nested flow collections', 'a: {b: [c, {d: e}], f: {}}\nl: [[], [x]]\n', { a: { b: ['c', { d: 'e' }], f: {} }, l: [[], ['x']] }],
  ["a sequence at the key's column", 'items:\n- a\n- b/c\nnext: x\n', { items: ['a', 'b/c'], next: 'x' }],
]
for (const [name, text, want] of rows) {
  test(`simple yaml: ${name}`, () => {
    const got = readSimpleYaml(text)
    assert.notEqual(got, undefined, 'inside the subset')
    assert.deepEqual(got, want ?? library(text))
    assert.deepEqual(got, library(text))
  })
}

const outsideRows: [string, string][] = [
  ['a number', 'replicas: 2\n'],
  ['a YAML 1.1 boolean', 'enabled: yes\n'],
  ['a boolean key', 'on: push\n'],
  ['a comment', 'a: b # note\n'],
  ['an anchor', 'a: &x b\nc: *x\n'],
  ['a block scalar', 'a: |\n  text\n'],
  ['a duplicate key', 'a: b\na: c\n'],
  ['a continuation line', 'a: b\n  c\n'],
  ['an escape', 'a: "b\\n"\n'],
  ['a tab', 'a:\tb\n'],
  ['a flow scalar with a colon', 'a: {b: http://x}\n'],
  ['a timestamp-like value', 'a: 2024-01-01\n'],
  ['a merge key', 'a: {b: c}\n<<: x\n'],
  ['a flow collection over two lines', 'a: {b: c,\n  d: e}\n'],
  ['a trailing comma in a flow collection', 'a: [b, c,]\n'],
  ['a flow pair in a sequence', 'a: [b: c]\n'],
]
for (const [name, text] of outsideRows) test(`simple yaml: ${name} is left to the library`, () => assert.equal(readSimpleYaml(text), undefined))

// Generated documents: structures printed in the styles the subset reads, with scalars from inside and outside it.
const scalarText = fc.oneof(
  fc.constantFrom(
    'app',
    'team/app-1',
    'v2',
    'https://vault.example.com:8200',
    'a=b+c/',
    'x~y',
    '1h',
    '15m30s',
    '_x',
    'Yes',
    'y',
    'null',
    '~',
    '0755',
    '1:20',
    '.inf',
    '-x',
    'a b',
    'a:',
    ':a',
    'x,y',
    '2024-01-01',
    '1e3',
    '0x1F',
    '+1',
    'a#b',
    '"q"',
    "'q'",
    '""',
    "''",
    '"a b"',
    "'it''s'",
    '"a\\"b"',
    'true',
    'TRUE',
    'Off',
    '=',
    '<<',
    '__proto__',
    'e9',
    'e-1',
  ),
  fc.stringMatching(/^[A-Za-z0-9_./:=+~ -]{0,6}$/),
)
const key = fc.oneof(fc.constantFrom('a', 'b', 'name', 'app.kubernetes.io/name', 'y', 'on', '1', 'e9', 'E+5', '"q k"', "'k'", '__proto__', 'x-y', '_k'), fc.stringMatching(/^[a-z][a-z0-9._-]{0,4}$/))
type Node = string | Node[] | [string, Node][]
const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarText,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 3 }) as fc.Arbitrary<[string, Node][]>,
  ),
})).node
const isMap = (n: Node): n is [string, Node][] => Array.isArray(n) && n.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && !Array.isArray(e[0]))

function flow(n: Node): string {
  if (typeof n === 'string') return n
  return isMap(n) && n.length ? `{${n.map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}` : `[${(n as Node[]).map(flow).join(', ')}]`
}

function print(n: Node, indent: number, style: number): string {
  const pad = ' '.repeat(indent)
  if (typeof n === 'string') return ` ${n}\n`
  if (style % 5 === 4) return ` ${flow(n)}\n`
  if (isMap(n) && n.length && n.every(([, v]) => typeof v === 'string') && style % 3 === 0) return ` {${n.map(([k, v]) => `${k}: ${v}`).join(', ')}}\n`
  if (!isMap(n) && n.length && n.every((v) => typeof v === 'string') && style % 3 === 1) return ` [${n.join(', ')}]\n`
  if (!n.length) return isMap(n) && style % 2 ? ' {}\n' : ' []\n'
  if (isMap(n)) return '\n' + n.map(([k, v]) => `${pad}${k}:${print(v, indent + 2, style + 1)}`).join('')
  return (
    '\n' +
    n
      .map(
        (v) =>
          `${pad}- ${typeof v === 'string' ? v + '\n' : isMap(v) && v.length && style % 2 ? print(v, indent + 2, style + 1).slice(indent + 3) : print(v, indent + 2, style + 1).trimStart() || '\n'}`,
      )
      .join('')
  )
}

test('simple yaml: on thousands of generated documents it agrees with the yaml library whenever it answers', () => {
  let answered = 0
  const docs = fc.sample(fc.tuple(fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 4 }), fc.nat(5)), { seed: 20261123, numRuns: Number(process.env.SIMPLE_YAML_RUNS ?? 4000) })
  for (const [entries, style] of docs) {
    const text = entries.map(([k, v]) => `${k}:${print(v, 2, style)}`).join('')
    const got = readSimpleYaml(text)
    if (got === undefined) continue
    answered++
    assert.deepEqual(got, library(text), text)
  }
  assert.ok(answered > 400, `only ${answered} documents were inside the subset`)
  if (process.env.SIMPLE_YAML_RUNS) console.log(`answered ${answered}`)
})

test('simple yaml: every fixture document it accepts reads as the library reads it', () => {
  let answered = 0
  for (const name of readdirSync(join(ROOT, 'fixtures'))) {
    let text: string
    try {
      text = readFileSync(join(ROOT, 'fixtures', name, 'input.yaml'), 'utf8')
    } catch {
      continue
    }
    for (const doc of text.split(/^---$/m)) {
      const got = readSimpleYaml(doc)
      if (got === undefined) continue
      answered++
      assert.deepEqual(got, library(doc), `${name}:\n${doc}`)
    }
  }
  assert.ok(answered > 50, `${answered}`)
})
