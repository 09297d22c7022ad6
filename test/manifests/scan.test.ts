import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAllDocuments, type Document } from 'yaml'
import fc from 'fast-check'
import { scanResourceList, scanStream } from '../../src/manifests/scan.ts'
import { isPrintableAscii } from '../../src/manifests/simple-yaml.ts'
import { referenceScanStream } from '../support/scan-reference.ts'
import { PARSE_OPTIONS } from '../../src/manifests/yaml.ts'

const streams = [
  { name: 'two documents', input: 'kind: A\nx: 1\n---\nkind: B\n', kinds: ['A', 'B'] },
  { name: 'leading separator and comment-only documents stick to the next', input: '# c\n---\n---\napiVersion: v1\nkind: "Secret"\n', kinds: ['Secret'] },
  { name: 'a separator with a comment', input: 'kind: A\n--- # next\nkind: B # trailing\n', kinds: ['A', 'B'] },
  { name: 'document end marker', input: 'kind: A\n...\n---\nkind: B\n', kinds: ['A', 'B'] },
  { name: '--- inside a block scalar is content', input: 'kind: A\ndata:\n  s: |\n    ---\n    x\n', kinds: ['A'] },
  { name: 'nested kind is not the item kind', input: 'apiVersion: v1\nkind: List\nspec:\n  kind: Other\n', kinds: ['List'] },
  { name: 'anchors need the parser', input: 'kind: A\na: &x 1\nb: *x\n', kinds: undefined },
  { name: 'tags need the parser', input: 'kind: A\na: !!binary aGVsbG8=\n', kinds: undefined },
  { name: 'flow document needs the parser', input: '{kind: A}\n', kinds: undefined },
  { name: 'content on the marker line needs the parser', input: '--- kind: A\n', kinds: undefined },
]
for (const c of streams) {
  test(`stream scan: ${c.name}`, () => {
    const items = scanStream(c.input)
    assert.deepEqual(
      items?.map((i) => i.kind),
      c.kinds,
    )
  })
}

const lists = [
  {
    name: 'compact items with comments and a functionConfig',
    input:
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- # head comment\n  apiVersion: v1\n  kind: ConfigMap # c\n  data:\n    a: |\n      - not an item\n- apiVersion: v1\n  kind: Secret\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n    namespace: x\n',
    kinds: ['ConfigMap', 'Secret'],
    functionConfig: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  namespace: x\n',
  },
  { name: 'wide items', input: 'kind: ResourceList\nitems:\n  - kind: A\n    x: 1\n  - kind: B\n', kinds: ['A', 'B'] },
  { name: 'empty items', input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n', kinds: [] },
  { name: 'flow items need the parser', input: 'kind: ResourceList\nitems:\n- {kind: A}\n', kinds: undefined },
  { name: 'not a ResourceList', input: 'kind: Deployment\n', kinds: undefined },
  { name: 'a second document is not a ResourceList', input: 'kind: ResourceList\nitems: []\n---\nkind: A\n', kinds: undefined },
]
for (const c of lists) {
  test(`ResourceList scan: ${c.name}`, () => {
    const rl = scanResourceList(c.input)
    assert.deepEqual(
      rl?.items.map((i) => i.kind),
      c.kinds,
    )
    if (c.functionConfig) assert.equal(rl?.functionConfig, c.functionConfig)
  })
}

test('a ResourceList item body is the item dedented, for parsing alone', () => {
  const rl = scanResourceList('kind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n    s: |\n      line\n')!
  assert.equal(rl.items[0].body, 'apiVersion: v1\nkind: ConfigMap\ndata:\n  s: |\n    line\n')
  assert.equal(rl.items[0].raw, '- apiVersion: v1\n  kind: ConfigMap\n  data:\n    s: |\n      line\n')
})

test('comment-only documents are kept with the next document, byte for byte', () => {
  const items = scanStream('# header\n---\napiVersion: v1\nkind: A\n---\nkind: B\n# tail\n')!
  assert.deepEqual(
    items.map((i) => i.raw),
    ['# header\napiVersion: v1\nkind: A\n', 'kind: B\n# tail\n'],
  )
})

// Issue 14: the line rules and the YAML library must never see different documents or kinds. With
// a line break other than LF/CRLF, a byte-order mark, or indentation that is not spaces, the scanner
// gives up and the library reads the input; whenever it does answer, it agrees with the library.
const ODD = ['\r', '\u0085', '\u2028', '\u2029', '\ufeff', '\u00a0', '\t', '\u000b', '\f', '\u1680', '\u2003', '\u202f', '\u205f', '\u3000']
const streamProbes = (c: string) => [
  `apiVersion: v1${c}kind: Secret\n`,
  `${c}kind: ExternalSecret\napiVersion: external-secrets.io/v1\n`,
  `apiVersion: v1\nkind: Secret\n---${c}kind: ConfigMap\n`,
  `apiVersion: v1\n${c}kind: ConfigMap\n`,
  `apiVersion: v1\nkind: Secret\nx:\n  ${c}a: b\n`,
  `apiVersion: v1\nkind: ConfigMap\n---\n${c}---\nkind: Secret\n`,
  `kind: ConfigMap${c}\n`,
  `kind: ConfigMap\ndata:\n  a: |\n    ${c}x\n`,
]
function libraryKinds(text: string): (string | undefined)[] | 'ERROR' {
  const docs = parseAllDocuments(text, PARSE_OPTIONS) as Document[]
  if (docs.some((d) => d.errors.length)) return 'ERROR'
  return docs.filter((d) => d.contents !== null).map((d) => (d.toJS() as { kind?: string } | null)?.kind)
}
for (const c of ODD) {
  test(`stream scan: U+${c.codePointAt(0)!.toString(16).padStart(4, '0')} gives up or agrees with the yaml library (issue 14)`, () => {
    for (const text of streamProbes(c)) {
      const items = scanStream(text)
      if (items === undefined) continue
      const want = libraryKinds(text)
      // Items the library cannot read are an error when read; only an item it reads can be judged.
      if (want === 'ERROR') continue
      assert.equal(items.length, want.length, JSON.stringify(text))
      // A kind the scanner does not know (undefined) sends the item to the library: only a known one can disagree.
      items.forEach((item, i) => assert.ok(item.kind === undefined || item.kind === want[i], `${JSON.stringify(text)}: ${item.kind} vs ${want[i]}`))
    }
    const rl = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  ${c}kind: Secret\n`
    assert.equal(scanResourceList(rl), undefined, JSON.stringify(rl))
  })
}

test('stream scan: a byte-order mark, a CR alone and a no-break-space indentation leave the stream to the library (issue 14)', () => {
  assert.equal(scanStream('\ufeffkind: ExternalSecret\n'), undefined)
  assert.equal(scanStream('apiVersion: v1\rkind: Secret\r'), undefined)
  assert.equal(scanStream('kind: ConfigMap\ndata:\n\u00a0 a: b\n'), undefined)
  // CRLF files stay on the fast path.
  assert.deepEqual(
    scanStream('apiVersion: v1\r\nkind: Secret\r\n---\r\nkind: ConfigMap\r\n')?.map((i) => i.kind),
    ['Secret', 'ConfigMap'],
  )
})

const layouts: { name: string; input: string; itemsLine?: string }[] = [
  { name: 'wide items, metadata before', input: 'apiVersion: v1\nkind: List\nmetadata:\n  name: l\nitems:\n  - kind: A\n  - kind: B\n', itemsLine: 'items:\n' },
  { name: "kubectl's compact items, metadata after", input: 'apiVersion: v1\nitems:\n- kind: A\n# between\n- kind: B\nkind: List\nmetadata:\n  resourceVersion: ""\n', itemsLine: 'items:\n' },
  { name: 'a comment on the items line', input: 'kind: List\nitems: # c\n- kind: A\n', itemsLine: 'items: # c\n' },
  { name: 'no items: no layout', input: 'kind: List\nitems: []\n' },
]
for (const c of layouts) {
  test(`List scan: ${c.name}: head, items line, items and tail add up to the input`, () => {
    const rl = scanResourceList(c.input)!
    if (!c.itemsLine) return assert.equal(rl.layout, undefined)
    const { head, itemsLine, tail } = rl.layout!
    assert.equal(itemsLine, c.itemsLine)
    assert.equal(head + itemsLine + rl.items.map((i) => i.raw).join('') + tail, c.input)
  })
}

test('an item whose dash line holds a comment keeps the comment in its body', () => {
  const rl = scanResourceList('kind: ResourceList\nitems:\n- # head\n  apiVersion: v1\n  kind: ConfigMap\n')!
  assert.equal(rl.items[0].kind, 'ConfigMap')
  assert.equal(rl.items[0].body, '# head\napiVersion: v1\nkind: ConfigMap\n')
})

test('scanStream by offsets splits every stream as the line-by-line scan did: items, raw text, body, kind and apiVersion, or undefined', () => {
  const lines = [
    '---\n',
    '--- # doc\n',
    '---   \n',
    '---x\n',
    '--- a: b\n',
    '...\n',
    '... \n',
    '....\n',
    ' ---\n',
    '--\n',
    '# comment\n',
    '\n',
    '   \n',
    'kind: A\n',
    'kind: "Quoted"\n',
    "kind: 'single'\n",
    'kind: #x\n',
    'kind:\n',
    'kind: [a]\n',
    'apiVersion: v1\n',
    'apiVersion: external-secrets.io/v1 # c\n',
    'metadata: {name: x}\n',
    '  indented: x\n',
    '- item\n',
    '[a]\n',
    '{a: b}\n',
    'key: value\n',
    'key: v',
    'kind: B',
    'apiVersion: x\r\n',
    'kinds: no\n',
    'a: &x y\n',
    'b: !tag z\n',
  ]
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...lines), { maxLength: 14 }), (picked) => {
      const text = picked.join('')
      const scanned = scanStream(text)
      // The printable-ASCII mark is the input's, on every item alike (the reference has no such mark).
      for (const item of scanned ?? []) assert.equal(item.printableAscii, isPrintableAscii(text) || undefined, JSON.stringify(text))
      const unmarked = scanned?.map(({ printableAscii: _, ...item }) => item)
      assert.deepEqual(unmarked, referenceScanStream(text), JSON.stringify(text))
    }),
    { numRuns: 3000 },
  )
})

test('the printable-ASCII mark: every item of an input with nothing but printable ASCII and line feeds has it, none of another input', () => {
  const rows: [string, string, boolean][] = [
    ['plain ASCII', 'kind: A\nmetadata: {name: a}\n---\nkind: B\n', true],
    ['a backslash in one document', 'kind: A\n---\nkind: B\nx: "a\\nb"\n', false],
    ['a tab in one document', 'kind: A\n---\nkind: B\nx: a\tb\n', false],
    ['a letter beyond ASCII', 'kind: A\n---\nkind: B\nx: café\n', false],
  ]
  for (const [name, text, printable] of rows) {
    const items = scanStream(text)!
    assert.equal(items.length, 2, name)
    for (const item of items) assert.equal(item.printableAscii, printable || undefined, name)
  }
  const list = (extra: string) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: A\n  x: y${extra}\n- kind: B\n`
  for (const item of scanResourceList(list(''))!.items) assert.equal(item.printableAscii, true)
  for (const item of scanResourceList(list(' é'))!.items) assert.equal(item.printableAscii, undefined)
})
