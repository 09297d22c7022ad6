// The fast YAML reader against the `yaml` library (the authority, with the options the pipeline
// uses): on every document it accepts it must give exactly what the library gives; generated
// documents mix the subset with everything outside it, and every fixture's documents are checked.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parseDocument } from 'yaml'
import { isPrintableAscii, isSimpleYamlMapping, readSimpleYaml } from '../../src/manifests/simple-yaml.ts'
import * as Yaml from 'yaml'
import { PARSE_OPTIONS, plain, withPlainScalars } from '../../src/manifests/yaml.ts'
import { KUBERNETES_SCALARS } from '../../src/eso/kubernetes-yaml.ts'
import { ROOT } from '../support/fixtures.ts'

function library(text: string): unknown {
  const doc = parseDocument(text, PARSE_OPTIONS)
  return doc.errors.length ? 'ERROR' : plain(doc.toJS({ maxAliasCount: 1000 }))
}

/** The library with plain scalars as Kubernetes reads them (go-yaml v2), as ESO objects are read: the fast reader serves both. */
function kubernetes(text: string): unknown {
  const doc = parseDocument(text, PARSE_OPTIONS)
  if (doc.errors.length) return 'ERROR'
  try {
    return plain(withPlainScalars(Yaml, doc, doc.contents, KUBERNETES_SCALARS, () => doc.toJS({ maxAliasCount: 1000 })))
  } catch {
    return 'ERROR'
  }
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
    assert.deepEqual(got, kubernetes(text))
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
  // Issue 14: characters JavaScript trims as whitespace, or YAML reads as breaks, where the other does not.
  ['a no-break space as indentation', 'a:\n\u00a0 b: c\n'],
  ['a no-break space at the end of a value', 'a:\n  b: c\u00a0\n'],
  ['a byte-order mark at the start', '\ufeffa: b\n'],
  ['a byte-order mark inside', 'a: b\n\ufeff\n'],
  ['a line separator', 'a: b\u2028c: d\n'],
  ['a paragraph separator', 'a: b\u2029\n'],
  ['a next-line character', 'a: b\u0085c: d\n'],
  ['a tab in the indentation', 'a:\n  \tb: c\n'],
  ['a CR alone', 'a: b\rc: d\n'],
  ['an ideographic space as indentation', 'a:\n\u3000 b: c\n'],
  ['an em space before a value', 'a: \u2003b\n'],
  ['a vertical tab', 'a: b\u000b\n'],
  ['a form feed', 'a: b\f\n'],
  ['a C1 control inside quotes', 'a: "b\u0090"\n'],
  ['DEL inside quotes', 'a: "b\u007f"\n'],
  ['a non-character inside quotes', 'a: "b\uffff"\n'],
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
    // Issue 15: plain scalars go-yaml v2 (Kubernetes) reads otherwise than YAML 1.1's regexps.
    '.',
    '..',
    '.e3',
    '0o17',
    '08',
    '1e6',
    '+.5',
    '1_000',
    '0b101',
    '12345678.5',
    '190:20:30',
    '9223372036854775808',
    // Issue 14: whitespace and breaks beyond the ASCII space and LF, plain and quoted.
    'a\u00a0b',
    'b\u00a0',
    '\ufeffx',
    '"a\u2028b"',
    "'\u0085'",
    '"\u3000"',
    'x\u2003',
    '"caf\u00e9"',
    "'\u{1f600}'",
  ),
  fc.stringMatching(/^[A-Za-z0-9_./:=+~ -]{0,6}$/),
)
// Issue 14: the characters the fast reader must leave to the library wherever they stand (indentation,
// line ends, inside tokens): Unicode spaces, breaks YAML 1.1 knows, the byte-order mark, controls.
const ODD_CHARS = [
  '\u00a0',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u0085',
  '\t',
  '\r',
  '\u000b',
  '\f',
  '\u1680',
  '\u2000',
  '\u2007',
  '\u200a',
  '\u202f',
  '\u205f',
  '\u3000',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u0090',
]
// One document in four gets one or two of them; the rest keep the subset's share of answers up.
const mutation = fc.oneof(
  { arbitrary: fc.constant<[number, string, boolean][]>([]), weight: 3 },
  { arbitrary: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ODD_CHARS), fc.boolean()), { minLength: 1, maxLength: 2 }), weight: 1 },
)
/** Puts each character at a position of the text, or at the start of the line holding that position (its indentation). */
function mutate(text: string, edits: [number, string, boolean][]): string {
  let out = text
  for (const [at, char, lineStart] of edits) {
    let i = at % (out.length + 1)
    if (lineStart) i = out.lastIndexOf('\n', i - 1) + 1
    out = out.slice(0, i) + char + out.slice(i)
  }
  return out
}
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'name', 'app.kubernetes.io/name', 'y', 'on', '1', 'e9', 'E+5', '.', '0o17', '1e6', '~', '08', '"q k"', "'k'", '__proto__', 'x-y', '_k', 'k\u00a0', '"k\u2028"', '\ufeffk'),
  fc.stringMatching(/^[a-z][a-z0-9._-]{0,4}$/),
)
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
  const docs = fc.sample(fc.tuple(fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 4 }), fc.nat(5), mutation), {
    seed: 20261123,
    numRuns: Number(process.env.SIMPLE_YAML_RUNS ?? 8000),
  })
  for (const [entries, style, edits] of docs) {
    const text = mutate(entries.map(([k, v]) => `${k}:${print(v, 2, style)}`).join(''), edits)
    const got = readSimpleYaml(text)
    // Told the text is printable ASCII (the scan's mark for a whole input), the reader answers the same.
    if (isPrintableAscii(text)) assert.deepEqual(readSimpleYaml(text, true), got, text)
    // Wherever one of those characters stands, the library reads the document.
    if (edits.length) assert.equal(got, undefined, JSON.stringify(text))
    if (got === undefined) continue
    answered++
    assert.deepEqual(got, library(text), text)
    assert.deepEqual(got, kubernetes(text), text)
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
      assert.deepEqual(got, kubernetes(doc), `${name}:\n${doc}`)
    }
  }
  assert.ok(answered > 50, `${answered}`)
})

// Issue 14: every character, in the places where one reader could take it for whitespace or a break
// and the other for content. Whatever the fast reader answers is the library's answer. The BMP in
// full near the spaces and breaks, a stride elsewhere, and astral characters.
const probes = (c: string) => [
  `a:\n${c} b: c\n`,
  `a:\n  b: c${c}\n`,
  `a: ${c}b\n`,
  `a${c}: b\n`,
  `${c}a: b\n`,
  `a:\n  - b${c}\n`,
  `a: b\n${c}\n`,
  `a: "x${c}y"\n`,
  `a: 'x${c}'\n`,
  `a: [b${c}, c]\n`,
  `"k${c}": v\n`,
  `a: {b: "${c}"}\n`,
]
test('simple yaml: no character makes it disagree with the yaml library (issue 14)', () => {
  const points: number[] = []
  const dense = [
    [0, 0x2ff],
    [0x1670, 0x1690],
    [0x1ff0, 0x2070],
    [0x2ff0, 0x3010],
    [0xd7f0, 0xd810],
    [0xdbf0, 0xdc10],
    [0xdff0, 0xe010],
    [0xfef0, 0xffff],
  ]
  for (let cp = 0; cp < 0x10000; cp += dense.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 97) points.push(cp)
  for (let cp = 0x10000; cp <= 0x10ffff; cp += 8191) points.push(cp)
  let answered = 0
  for (const cp of points) {
    const c = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp)
    for (const text of probes(c)) {
      const got = readSimpleYaml(text)
      if (got === undefined) continue
      answered++
      assert.deepEqual(got, library(text), `U+${cp.toString(16).padStart(4, '0')} in ${JSON.stringify(text)}`)
    }
  }
  assert.ok(answered > 5_000, `${answered}`)
  // The issue's case: a no-break space as indentation is refused by the library and left to it.
  assert.equal(library('a:\n\u00a0 b: c\n') === 'ERROR' || readSimpleYaml('a:\n\u00a0 b: c\n') === undefined, true)
  assert.equal(readSimpleYaml('a:\n\u00a0 b: c\n'), undefined)
})

// The `render` face's check of documents it passes through (isSimpleYamlMapping): it may only say
// "readable" where the library reads the document without an error, as a mapping. Its scalars are
// wider than the subset's (any plain scalar: numbers, booleans, `nginx:1.27`), so the generator adds
// the characters and shapes that break a plain scalar.
const looseScalar = fc.oneof(
  scalarText,
  fc.constantFrom('2', '-1', '0755', '1.5e3', 'true', 'on', '~', 'null', 'nginx:1.27', 'a:b', 'a: b', 'a:', 'a #b', 'a#b', '- x', '-', ':x', '?x', '? x'),
  fc.constantFrom('|', '>', '&a x', '*a', '!t x', '%x', '@x', '`x', '{', '}', '[', ']', ',', 'a,b', '"un', "'un", '"a" b', "'it''s'", '"a\\"b"', 'a\\b'),
  fc.stringMatching(/^[-A-Za-z0-9_./:=+~ #,[\]{}&*!|>?'"%@`]{0,6}$/),
)
const looseNode: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    looseScalar,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 3 }) as fc.Arbitrary<[string, Node][]>,
  ),
})).node

test('simple yaml: a document it calls a readable mapping is one the library reads without an error', () => {
  let answered = 0
  const docs = fc.sample(fc.tuple(fc.array(fc.tuple(key, looseNode), { minLength: 1, maxLength: 4 }), fc.nat(5), mutation), {
    seed: 20261201,
    numRuns: Number(process.env.SIMPLE_YAML_RUNS ?? 8000),
  })
  for (const [entries, style, edits] of docs) {
    const text = mutate(entries.map(([k, v]) => `${k}:${print(v, 2, style)}`).join(''), edits)
    if (!isSimpleYamlMapping(text)) continue
    answered++
    const read = library(text)
    assert.ok(read !== 'ERROR' && typeof read === 'object' && read !== null && !Array.isArray(read), JSON.stringify(text))
  }
  assert.ok(answered > 400, `only ${answered} documents were judged readable`)
})

const looseRows: [string, string, true | undefined][] = [
  [
    'a Deployment with numbers, booleans and flow collections',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n  paused: false\n  template:\n    metadata:\n      labels: {app: a0}\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.27\n        args: ["--port", "8080"]\n        env:\n        - {name: MODE, value: "on"}\n',
    true,
  ],
  ['an unclosed flow mapping', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n', undefined],
  ['a nested mapping in a compact value', 'a: b: c\n', undefined],
  ['a block scalar (left to the library)', 'a: |\n  text\n', undefined],
  ['a comment line (left to the library)', '# note\na: b\n', undefined],
  ['a sequence at the top', '- a\n', undefined],
]
for (const [name, text, want] of looseRows) test(`simple yaml: readable mapping? ${name}`, () => assert.equal(isSimpleYamlMapping(text), want))

// Issue 15: ESO objects are read with Kubernetes' rules (go-yaml v2) and the fast reader serves
// that read too, so any plain scalar the two rule sets read differently must be left to the library.
test('simple yaml: plain scalars YAML 1.1 and go-yaml v2 read differently are left to the library, as values and as keys', () => {
  const differ = ['.', 'e9', '0o17', '1:20', '1e6', '12345678.5', '9223372036854775808']
  for (const s of [...differ, '..', '.e3', '08', '09.5']) {
    assert.equal(readSimpleYaml(`a: ${s}\n`), undefined, s)
    assert.equal(readSimpleYaml(`a: [${s}]\n`), undefined, s)
    assert.equal(readSimpleYaml(`${s}: a\n`), undefined, s)
  }
  for (const s of differ) assert.notDeepEqual(library(`a: ${s}\n${s}: a\n`), kubernetes(`a: ${s}\n${s}: a\n`), s)
})

test('simple yaml: a document is marked null-free only when no key or item was read as null', async () => {
  const { isNullFreeSimpleYaml } = await import('../../src/manifests/simple-yaml.ts')
  const table: [string, boolean][] = [
    ['a: b\nc: {d: [e, f]}\nl:\n- x\n- {key: z}\n', true],
    ['a: b\nc:\n', false],
    ['a:\n  b:\nc: d\n', false],
    ['l:\n-\n- x\n', false],
    ['l:\n- x\n-\n', false],
    ['a: {}\nb: []\nc: ""\n', true],
  ]
  for (const [text, free] of table) {
    const doc = readSimpleYaml(text)
    assert.ok(doc, text)
    assert.equal(isNullFreeSimpleYaml(doc), free, text)
  }
  // A copy of a document, or one the library read, is not marked.
  assert.equal(isNullFreeSimpleYaml(structuredClone(readSimpleYaml('a: b\n')!)), false)
})
