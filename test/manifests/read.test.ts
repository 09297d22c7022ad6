// src/manifests/read.ts: items a render leaves alone come back byte for byte; actions keep, drop,
// annotate and add; a JSON ResourceList comes back as block YAML; input the line scanner cannot
// split (anchors) goes through the YAML document model with the same objects; bad input is a
// located INPUT_INVALID that never quotes the source.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readResourceList, readStreams, type ItemAction, type KubeObject } from '../../src/manifests/read.ts'
import { RenderError } from '../../src/errors.ts'
import { parseObjects } from '../support/objects.ts'
import { loadYaml, PARSE_OPTIONS, plain } from '../../src/manifests/yaml.ts'
import { KUBERNETES_SCALARS } from '../../src/eso/kubernetes-yaml.ts'

const CANARY = 'READ-CANARY-f00d5'
const all = () => true
const none = () => false

const configMap = `# a leading comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: a    # odd spacing kept
  labels: {tier: web}
data:
  mode: 0644
  flag: on
  k:     "v"
`
const externalSecret = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: es
  namespace: apps
  annotations:
    team: a
spec:
  secretStoreRef: {name: vault}
  data:
  - secretKey: k
    remoteRef: {key: app}
`
const secret = `kind: Secret
apiVersion: v1
metadata:
  name: s
stringData:
  token: ${CANARY}
`
const stream = `${configMap}---\n${externalSecret}---\n${secret}`
const resourceList = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: v1
    kind: ConfigMap   # comment kept
    metadata:
      name: a
    data: {x: "1"}
  - apiVersion: external-secrets.io/v1
    kind: ExternalSecret
    metadata:
      name: es
      annotations:
        internal.config.kubernetes.io/path: es.yaml
    spec: {}
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: fn}
  data: {namespace: apps}
`
const newSecret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'new' }, type: 'Opaque', data: { flag: 'on' } }

// Pass-through: with no action, the output is the input (for streams: documents joined by `---`).
const passThrough: { name: string; read: () => ReturnType<typeof readStreams>; want: string }[] = [
  { name: 'a stream, nothing of interest', read: () => readStreams([{ path: 'a.yaml', text: stream }], none), want: stream },
  { name: 'a stream, every item of interest', read: () => readStreams([{ path: 'a.yaml', text: stream }], all), want: stream },
  { name: 'a stream starting with ---', read: () => readStreams([{ text: `---\n${configMap}` }], all), want: configMap },
  {
    name: 'two sources become one stream',
    read: () =>
      readStreams(
        [
          { path: 'a.yaml', text: configMap },
          { path: 'b.yaml', text: secret },
        ],
        all,
      ),
    want: `${configMap}---\n${secret}`,
  },
  { name: 'a document without a final newline gets one', read: () => readStreams([{ text: secret.trimEnd() }], all), want: secret },
  { name: 'a block ResourceList (functionConfig dropped from the output)', read: () => readResourceList(resourceList, all), want: resourceList.slice(0, resourceList.indexOf('functionConfig:')) },
]
for (const c of passThrough) {
  test(`pass-through: ${c.name} is written byte for byte`, async () => {
    const m = await c.read()
    assert.equal(m.write(new Map()), c.want)
  })
}

test('readStreams: items carry position, sniffed kind and apiVersion, and file/document index', async () => {
  const m = await readStreams([{ path: 'a.yaml', text: stream }, { text: secret }], none)
  assert.equal(m.format, 'stream')
  assert.equal(m.functionConfig, undefined)
  assert.deepEqual(
    m.items.map((i) => ({ position: i.position, kind: i.kind, apiVersion: i.apiVersion, file: i.file })),
    [
      { position: 0, kind: 'ConfigMap', apiVersion: 'v1', file: { path: 'a.yaml', index: 0 } },
      { position: 1, kind: 'ExternalSecret', apiVersion: 'external-secrets.io/v1', file: { path: 'a.yaml', index: 1 } },
      { position: 2, kind: 'Secret', apiVersion: 'v1', file: { path: 'a.yaml', index: 2 } },
      { position: 3, kind: 'Secret', apiVersion: 'v1', file: { path: 'stdin', index: 0 } },
    ],
  )
})

test('readStreams: object() reads YAML 1.1 as Kubernetes does', async () => {
  const m = await readStreams([{ text: stream }], all)
  assert.deepEqual(m.items[0].object(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { tier: 'web' } }, data: { mode: 420, flag: true, k: 'v' } })
  assert.equal(m.items[0].object(), m.items[0].object(), 'parsed once')
})

const streamActions: { name: string; actions: [number, ItemAction][]; want: (objs: KubeObject[]) => void; raw?: RegExp[] }[] = [
  {
    name: 'keep: false drops the item',
    actions: [[1, { keep: false }]],
    want: (objs) =>
      assert.deepEqual(
        objs.map((o) => o.kind),
        ['ConfigMap', 'Secret'],
      ),
  },
  {
    name: 'add after a dropped item takes its place',
    actions: [[1, { keep: false, add: [newSecret] }]],
    want: (objs) =>
      assert.deepEqual(
        objs.map((o) => (o.metadata as { name: string }).name),
        ['a', 'new', 's'],
      ),
    // A new string YAML 1.1 would read as a boolean is quoted.
    raw: [/\nkind: Secret\nmetadata:\n  name: new\ntype: Opaque\ndata:\n  flag: "on"\n---\n/],
  },
  {
    name: 'add after a kept item follows it',
    actions: [[0, { keep: true, add: [newSecret, { ...newSecret, metadata: { name: 'new2' } }] }]],
    want: (objs) =>
      assert.deepEqual(
        objs.map((o) => (o.metadata as { name: string }).name),
        ['a', 'new', 'new2', 'es', 's'],
      ),
  },
  {
    name: 'annotate sets annotations beside the existing ones and keeps the other items byte for byte',
    actions: [[1, { keep: true, annotate: { 'config.kubernetes.io/local-config': 'true' } }]],
    want: (objs) => assert.deepEqual((objs[1].metadata as { annotations: unknown }).annotations, { team: 'a', 'config.kubernetes.io/local-config': 'true' }),
    raw: [new RegExp(`^${configMap.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}---\n`), new RegExp(`---\n${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)],
  },
]
for (const c of streamActions) {
  test(`stream actions: ${c.name}`, async () => {
    const m = await readStreams([{ path: 'a.yaml', text: stream }], all)
    const out = m.write(new Map(c.actions))
    c.want(parseObjects(out))
    for (const re of c.raw ?? []) assert.match(out, re)
  })
}

test('ResourceList: items, functionConfig and file positions', async () => {
  const m = await readResourceList(resourceList, (k) => k === 'ExternalSecret')
  assert.equal(m.format, 'resource-list')
  assert.deepEqual(m.functionConfig, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { namespace: 'apps' } })
  assert.deepEqual(
    m.items.map((i) => [i.kind, i.file]),
    [
      ['ConfigMap', { path: 'items', index: 0 }],
      ['ExternalSecret', { path: 'items', index: 1 }],
    ],
  )
  assert.deepEqual(m.items[1].object(), {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'es', annotations: { 'internal.config.kubernetes.io/path': 'es.yaml' } },
    spec: {},
  })
})

test('ResourceList actions: drop, annotate and add keep the list indentation', async () => {
  const m = await readResourceList(resourceList, all)
  const out = m.write(new Map([[1, { keep: true, annotate: { 'config.kubernetes.io/local-config': 'true' }, add: [newSecret] }]]))
  assert.ok(out.startsWith('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap   # comment kept\n'))
  assert.match(out, /\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: new\n/)
  const objs = parseObjects(out)
  assert.deepEqual(
    objs.map((o) => o.kind),
    ['ConfigMap', 'ExternalSecret', 'Secret'],
  )
  assert.deepEqual((objs[1].metadata as { annotations: unknown }).annotations, { 'internal.config.kubernetes.io/path': 'es.yaml', 'config.kubernetes.io/local-config': 'true' })
  const dropped = m.write(
    new Map([
      [0, { keep: false }],
      [1, { keep: false }],
    ]),
  )
  assert.equal(dropped, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n')
})

test('writeAhead: an added object written ahead is written as it would be, and frozen all the way down (ResourceList and stream)', async () => {
  const secret = () => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ahead', labels: { a: 'b' } }, type: 'Opaque', data: { k: 'dg==' } }) as KubeObject
  const faces = [() => readResourceList(resourceList, all), () => readStreams([{ path: 'in.yaml', text: 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: es}\n' }], all)]
  for (const read of faces) {
    const plain = (await read()).write(new Map([[0, { keep: false, add: [secret()] }]]))
    const m = await read()
    const early = secret()
    assert.ok(m.writeAhead, 'the scanned formats write ahead')
    m.writeAhead(early)
    assert.ok(Object.isFrozen(early) && Object.isFrozen(early.metadata) && Object.isFrozen((early.metadata as { labels: object }).labels) && Object.isFrozen(early.data))
    // A change after the text was written is a bug, and throws rather than going unwritten.
    assert.throws(() => {
      ;(early.data as Record<string, string>).k = 'changed'
    }, TypeError)
    assert.equal(m.write(new Map([[0, { keep: false, add: [early] }]])), plain)
  }
})

test('ResourceList with no items writes items: []', async () => {
  const m = await readResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n', all)
  assert.equal(m.items.length, 0)
  assert.equal(m.write(new Map()), 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n')
})

const jsonList = JSON.stringify({
  apiVersion: 'config.kubernetes.io/v1beta1',
  kind: 'ResourceList',
  items: [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { on: 'on', mode: '0644', date: '2024-01-01' } },
    { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es' }, spec: { secretStoreRef: { name: 'v' } } },
  ],
  functionConfig: { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', spec: { reloader: 'none' } },
  results: [{ message: 'from an earlier function' }],
})
test('a JSON ResourceList is read and written back as block YAML of the same objects', async () => {
  const m = await readResourceList(jsonList, all)
  assert.deepEqual(
    m.items.map((i) => i.kind),
    ['ConfigMap', 'ExternalSecret'],
  )
  assert.deepEqual(m.functionConfig, { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', spec: { reloader: 'none' } })
  assert.deepEqual(m.items[0].object(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { on: 'on', mode: '0644', date: '2024-01-01' } })
  const out = m.write(new Map([[1, { keep: false, add: [newSecret] }]]))
  assert.ok(out.startsWith('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n'), out)
  assert.doesNotMatch(out, /[{}]/, 'no flow style left')
  assert.doesNotMatch(out, /functionConfig|results/)
  // Strings YAML 1.1 would retype stay strings when read back as Kubernetes reads (dates stay text there).
  const yaml = await loadYaml()
  const items = (plain(yaml.parse(out, PARSE_OPTIONS)) as { items: unknown[] }).items
  assert.deepEqual(items, [JSON.parse(jsonList).items[0], newSecret])
})

// Anchors make the scanner give up; the document model gives the same objects.
const anchoredStream = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels: &l {team: x}
data: *l
---
${secret}`
const anchoredList = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
  data: &d {x: "1"}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: b}
  data: *d
- apiVersion: external-secrets.io/v1
  kind: ExternalSecret
  metadata: {name: es}
  spec: {}
`
test('anchors in a stream: the document model resolves aliases; actions apply', async () => {
  const m = await readStreams([{ path: 'x.yaml', text: anchoredStream }], all)
  assert.deepEqual(
    m.items.map((i) => [i.kind, i.file]),
    [
      ['ConfigMap', { path: 'x.yaml', index: 0 }],
      ['Secret', { path: 'x.yaml', index: 1 }],
    ],
  )
  assert.deepEqual(m.items[0].object(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { team: 'x' } }, data: { team: 'x' } })
  assert.deepEqual(
    parseObjects(m.write(new Map())),
    m.items.map((i) => i.object()),
  )
  const out = m.write(new Map([[1, { keep: false, add: [newSecret] }]]))
  assert.match(out, /labels: &l/, 'the anchor survives')
  assert.deepEqual(
    parseObjects(out).map((o) => (o.metadata as { name: string }).name),
    ['a', 'new'],
  )
})

test('anchors across ResourceList items: aliases stay valid in the shared document', async () => {
  const m = await readResourceList(anchoredList, all)
  assert.deepEqual(
    m.items.map((i) => i.object().data),
    [{ x: '1' }, { x: '1' }, undefined],
  )
  const out = m.write(new Map([[2, { keep: false, add: [newSecret] }]]))
  assert.match(out, /data: &d/)
  assert.match(out, /data: \*d/)
  assert.deepEqual(
    parseObjects(out).map((o) => o.kind),
    ['ConfigMap', 'ConfigMap', 'Secret'],
  )
})

const bad: { name: string; read: () => Promise<unknown>; file: { path: string; index?: number }; field?: string; message: RegExp }[] = [
  {
    name: 'a ResourceList without items',
    read: () => readResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n', all),
    file: { path: 'stdin' },
    field: 'items',
    message: /^ResourceList has no items/,
  },
  { name: 'a JSON ResourceList without items', read: () => readResourceList('{"kind":"ResourceList"}', all), file: { path: 'stdin' }, field: 'items', message: /^ResourceList has no items/ },
  {
    name: 'another kind',
    read: () => readResourceList('apiVersion: v1\nkind: ConfigMap\n', all),
    file: { path: 'stdin' },
    message: /^input is not a ResourceList: kind is "ConfigMap", expected ResourceList$/,
  },
  { name: 'a list at the top', read: () => readResourceList('[1, 2]', all), file: { path: 'stdin' }, message: /^input is not a ResourceList: expected a mapping/ },
  { name: 'items that are not a list', read: () => readResourceList('kind: ResourceList\nitems: 5\n', all), file: { path: 'stdin' }, field: 'items', message: /^ResourceList items is not a list$/ },
  {
    name: 'a functionConfig that is not a mapping',
    read: () => readResourceList('kind: ResourceList\nitems: []\nfunctionConfig: [1]\n', all),
    file: { path: 'functionConfig' },
    message: /^functionConfig is not a mapping/,
  },
  {
    name: 'an item that is not a mapping',
    read: async () => (await readResourceList('kind: ResourceList\nitems:\n- 5\n', all)).items[0].object(),
    file: { path: 'items', index: 0 },
    message: /^item is not a mapping/,
  },
  {
    name: 'broken YAML inside an item',
    read: async () => (await readResourceList(`kind: ResourceList\nitems:\n- kind: X\n  a: [${CANARY}\n`, all)).items[0].object(),
    file: { path: 'items', index: 0 },
    message: /^invalid YAML \(line \d+, column \d+ of the document\): /,
  },
  {
    name: 'broken YAML in the second document of a file',
    read: async () => (await readStreams([{ path: 'f.yaml', text: `a: 1\n---\nb: {${CANARY}\n` }], all)).items[1].object(),
    file: { path: 'f.yaml', index: 1 },
    message: /^invalid YAML/,
  },
  {
    name: 'a document that is a list',
    read: async () => (await readStreams([{ path: 'f.yaml', text: '- 1\n- 2\n' }], all)).items[0].object(),
    file: { path: 'f.yaml', index: 0 },
    message: /^item is not a mapping/,
  },
]
for (const c of bad) {
  test(`bad input: ${c.name} is INPUT_INVALID at ${c.file.path}${c.file.index === undefined ? '' : `[${c.file.index}]`}`, async () => {
    await assert.rejects(
      async () => c.read(),
      (e: unknown) => {
        assert.ok(e instanceof RenderError, String(e))
        assert.equal(e.code, 'INPUT_INVALID')
        assert.deepEqual(e.file, c.file)
        assert.equal(e.fieldPath, c.field)
        assert.match(e.message, c.message)
        assert.ok(!e.message.includes(CANARY))
        return true
      },
    )
  })
}

// Found while writing this twin: annotations on an item without `metadata.annotations` (they were
// written as `!!omap`), and a ResourceList item dropped while a later one aliased its anchor.
const bare = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n'
const annotate = new Map([[0, { keep: true, annotate: { 'config.kubernetes.io/local-config': 'true' } }]])

// Bug 1: setIn on a missing `annotations` creates a JS Map, which the YAML 1.1 schema writes as
// `!!omap` (a sequence of pairs). Kubernetes rejects it: annotations must be map[string]string.
const shapes = [
  { name: 'a scanned stream', read: () => readStreams([{ text: bare }], all) },
  { name: 'a stream read through the document model (anchors)', read: () => readStreams([{ text: bare.replace('k: v', 'k: &x v\n  j: *x') }], all) },
  { name: 'a scanned ResourceList', read: () => readResourceList(`kind: ResourceList\nitems:\n${bare.replace(/^/gm, '  ').replace(/^  (?=apiVersion)/, '- ')}`, all) },
  { name: 'a JSON ResourceList', read: () => readResourceList(JSON.stringify({ kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] }), all) },
]
for (const s of shapes) {
  test(`annotate: an item without annotations gets a plain annotations mapping (${s.name})`, async () => {
    const m = await s.read()
    const out = m.write(annotate)
    assert.doesNotMatch(out, /!!omap/)
    const yaml = await loadYaml()
    const docs = yaml.parseAllDocuments(out, {
      ...PARSE_OPTIONS,
      customTags: (tags) => tags.filter((t) => typeof t !== 'object' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.tag !== 'tag:yaml.org,2002:omap')),
    })
    const obj = plain(docs[0].toJS()) as { items?: unknown[]; metadata?: unknown }
    const item = (obj.items ? obj.items[0] : obj) as { metadata: { annotations: unknown } }
    assert.deepEqual(item.metadata.annotations, { 'config.kubernetes.io/local-config': 'true' })
  })
}

// Bug 2: a ResourceList whose items share an anchor: dropping the item holding the anchor makes
// write() throw yaml's "Unresolved alias" Error (reported as INTERNAL by the faces).
test('ResourceList: dropping the item that holds an anchor leaves the aliasing item whole', async () => {
  const m = await readResourceList(
    'kind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: &d {x: "1"}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  data: *d\n',
    all,
  )
  const out = m.write(new Map([[0, { keep: false }]]))
  const yaml = await loadYaml()
  assert.deepEqual((plain(yaml.parse(out, PARSE_OPTIONS)) as { items: unknown[] }).items, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { x: '1' } }])
})

// Issue 14: an alias bomb is a clear error naming where it is: an item (INPUT_INVALID, when the
// item is read) or the function config (CONFIG_INVALID), never an internal ReferenceError.
const laughs = (indent: string) => `${indent}l0: &l0 lol\n` + Array.from({ length: 9 }, (_, i) => `${indent}l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('')
test('read: an item that is an alias bomb fails, when read, as INPUT_INVALID naming its file and index (issue 14)', async () => {
  const m = await readStreams(
    [{ path: 'in.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: b}\nlaughs:\n${laughs('  ')}` }],
    () => true,
  )
  assert.equal(m.items[0].object().kind, 'ConfigMap')
  assert.throws(
    () => m.items[1].object(),
    (e: unknown) => e instanceof RenderError && e.code === 'INPUT_INVALID' && e.file?.path === 'in.yaml' && e.file.index === 1 && /^too many YAML aliases/.test(e.message),
  )
})

test('read: a ResourceList whose functionConfig is an alias bomb is CONFIG_INVALID naming the functionConfig (issue 14)', async () => {
  const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n${laughs('    ')}`
  await assert.rejects(
    () => readResourceList(text, () => true),
    (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.file?.path === 'functionConfig' && /^functionConfig: too many YAML aliases/.test(e.message),
  )
})

// v1 Lists: their items are items too, right after the List (positions in document order, the
// List's file), and a List whose items have actions is written with them applied and everything
// else of it as it came. A List in a List is opened the same way.
const v1List = `# head comment of the List
apiVersion: v1
kind: List
metadata:
  name: l
items:
  - apiVersion: v1
    kind: ConfigMap   # spacing kept
    metadata: {name: before}
  - apiVersion: external-secrets.io/v1
    kind: ExternalSecret
    metadata:
      name: es
    spec: {}
  - # head comment of the inner List
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Secret
      metadata: {name: inner}
`
// kubectl's own layout: items in compact style, metadata after them.
const kubectlList = `apiVersion: v1
items:
- apiVersion: external-secrets.io/v1
  kind: ExternalSecret
  metadata:
    name: es2
  spec: {}
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: kept
kind: List
metadata:
  resourceVersion: ""
`
const newSecretItem = (pad: string) => `${pad}- apiVersion: v1\n${pad}  kind: Secret\n${pad}  metadata:\n${pad}    name: new\n${pad}  type: Opaque\n${pad}  data:\n${pad}    flag: "on"\n`
const listStream = `${v1List}---\n${configMap}`

test('a v1 List: its items follow it, with their List and index, in the List’s file', async () => {
  const m = await readStreams([{ path: 'l.yaml', text: listStream }], none)
  assert.deepEqual(
    m.items.map((i) => [i.position, i.kind, i.list, i.file]),
    [
      [0, 'List', undefined, { path: 'l.yaml', index: 0 }],
      [1, 'ConfigMap', { position: 0, index: 0 }, { path: 'l.yaml', index: 0 }],
      [2, 'ExternalSecret', { position: 0, index: 1 }, { path: 'l.yaml', index: 0 }],
      [3, 'List', { position: 0, index: 2 }, { path: 'l.yaml', index: 0 }],
      [4, 'Secret', { position: 3, index: 0 }, { path: 'l.yaml', index: 0 }],
      [5, 'ConfigMap', undefined, { path: 'l.yaml', index: 1 }],
    ],
  )
  assert.equal(m.write(new Map()), listStream, 'no action: byte for byte')
})

const listEdits: { name: string; text: string; actions: [number, ItemAction][]; want: string }[] = [
  {
    name: 'an item replaced in place, the rest of the List byte for byte',
    text: listStream,
    actions: [[2, { keep: false, add: [newSecret] }]],
    want: listStream.replace(/ {2}- apiVersion: external-secrets.io\/v1\n(?: {4}.*\n)+/, newSecretItem('  ')),
  },
  {
    name: 'kubectl’s compact layout, metadata after the items',
    text: kubectlList,
    actions: [[1, { keep: false, add: [newSecret] }]],
    want: kubectlList.replace(/- apiVersion: external-secrets.io\/v1\n(?: {2}.*\n)+/, newSecretItem('')),
  },
  {
    name: 'an item kept and annotated',
    text: kubectlList,
    actions: [[1, { keep: true, annotate: { 'config.kubernetes.io/local-config': 'true' } }]],
    want: kubectlList.replace('    name: es2\n', '    name: es2\n    annotations:\n      config.kubernetes.io/local-config: "true"\n'),
  },
  {
    name: 'every item dropped leaves items: []',
    text: kubectlList,
    actions: [
      [1, { keep: false }],
      [2, { keep: false }],
    ],
    want: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
  },
  {
    name: 'an item of a List in a List',
    text: listStream,
    actions: [[4, { keep: false }]],
    want: listStream.replace('    items:\n    - apiVersion: v1\n      kind: Secret\n      metadata: {name: inner}\n', '    items: []\n'),
  },
]
for (const c of listEdits) {
  test(`List actions (scanned stream): ${c.name}`, async () => {
    const m = await readStreams([{ path: 'l.yaml', text: c.text }], all)
    assert.equal(m.write(new Map(c.actions)), c.want)
  })
  test(`List actions (scanned ResourceList item): ${c.name}`, async () => {
    // The List as the first item of a ResourceList, in kyaml's layout (`- ` on its first line, a head comment included).
    const asItem = (text: string) =>
      `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${text
        .split('---\n')[0]
        .split('\n')
        .map((l, i) => (i === 0 ? `- ${l}` : l && `  ${l}`))
        .join('\n')}`
    const m = await readResourceList(asItem(c.text), all)
    assert.equal(m.items[0].kind, 'List')
    assert.equal(m.write(new Map(c.actions)), asItem(c.want))
  })
}

test('List actions through the document model (anchors): dropping the item that holds an anchor repairs the alias', async () => {
  const text = `apiVersion: v1
kind: List
items:
- apiVersion: external-secrets.io/v1
  kind: ExternalSecret
  metadata: {name: es, labels: &l {team: a}}
  spec: {}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: cm, labels: *l}
`
  for (const read of [() => readStreams([{ text }], all), () => readResourceList(`kind: ResourceList\nitems:\n- ${text.replace(/\n(?=.)/g, '\n  ')}`, all)]) {
    const m = await read()
    assert.deepEqual(
      m.items.map((i) => [i.kind, i.list]),
      [
        ['List', undefined],
        ['ExternalSecret', { position: 0, index: 0 }],
        ['ConfigMap', { position: 0, index: 1 }],
      ],
    )
    const out = m.write(new Map([[1, { keep: false, add: [newSecret] }]]))
    const yaml = await loadYaml()
    const doc = plain(yaml.parse(out, PARSE_OPTIONS)) as { items: { items: unknown[] }[] } & { items: unknown[] }
    const list = (doc as { kind?: string }).kind === 'List' ? doc : (doc.items[0] as { items: unknown[] })
    assert.deepEqual(list.items, [newSecret, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { team: 'a' } } }])
  }
})

test('a List in a JSON ResourceList: its items are items, and an edit comes back as block YAML', async () => {
  const json = JSON.stringify({
    kind: 'ResourceList',
    items: [{ apiVersion: 'v1', kind: 'List', metadata: { name: 'l' }, items: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es' }, spec: {} }] }],
  })
  const m = await readResourceList(json, all)
  assert.deepEqual(
    m.items.map((i) => [i.kind, i.list, i.file]),
    [
      ['List', undefined, { path: 'items', index: 0 }],
      ['ExternalSecret', { position: 0, index: 0 }, { path: 'items', index: 0 }],
    ],
  )
  const out = m.write(new Map([[1, { keep: false, add: [newSecret] }]]))
  assert.doesNotMatch(out, /[{}]/)
  assert.deepEqual(parseObjects(out), [newSecret])
})

test('a typed list (SecretList) and a List of another apiVersion are not opened', async () => {
  const text = 'apiVersion: v1\nkind: SecretList\nitems:\n- apiVersion: v1\n  kind: Secret\n---\napiVersion: v2\nkind: List\nitems:\n- kind: Secret\n'
  const m = await readStreams([{ text }], none)
  assert.deepEqual(
    m.items.map((i) => [i.kind, i.list]),
    [
      ['SecretList', undefined],
      ['List', undefined],
    ],
  )
})

// object(scalars): the values the pipeline reads from an ESO object follow other rules than the
// library's YAML 1.1 (Kubernetes' go-yaml v2, src/eso/kubernetes-yaml.ts); the output text of the
// item, kept or annotated, is the input's.
const goScalars = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: es
spec:
  target:
    template:
      data: {dot: ., octal: 0o17, base60: 1:20, word: e9, 0o17: k, 1e6: m}
`
const goValues = { dot: '.', octal: 15, base60: '1:20', word: 'e9', '15': 'k', '1e+06': 'm' }

test('object(scalars): plain scalars take the given rules on the line-scanned path; object() stays YAML 1.1; the text is unchanged', async () => {
  const m = await readStreams([{ path: 'x.yaml', text: goScalars }], all)
  const data = (o: KubeObject) => (o.spec as { target: { template: { data: unknown } } }).target.template.data as Record<string, unknown>
  assert.deepEqual(data(m.items[0].object(KUBERNETES_SCALARS)), goValues)
  assert.equal(m.items[0].object(KUBERNETES_SCALARS), m.items[0].object(KUBERNETES_SCALARS), 'parsed once')
  const yaml11 = data(m.items[0].object())
  assert.ok(Number.isNaN(yaml11.dot))
  assert.deepEqual([yaml11.octal, yaml11.base60, yaml11.word, yaml11['0o17'], yaml11['1000000']], ['0o17', 80, Number.NaN, 'k', 'm'])
  assert.equal(m.write(new Map()), goScalars)
  assert.match(m.write(new Map([[0, { keep: true, annotate: { a: 'b' } }]])), /data: \{dot: \., octal: 0o17, base60: 1:20, word: e9, 0o17: k, 1e6: m\}/)
})

test('object(scalars): on the document path the shared nodes get their values back, aliases included', async () => {
  const list = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
  data: &d {dot: ., num: 08}
- apiVersion: external-secrets.io/v1
  kind: ExternalSecret
  metadata: {name: es}
  spec: {target: {template: {data: *d}}, when: 1:20}
`
  const m = await readResourceList(list, all)
  const es = m.items[1].object(KUBERNETES_SCALARS)
  assert.deepEqual(es.spec, { target: { template: { data: { dot: '.', num: 8 } } }, when: '1:20' })
  const cm = m.items[0].object()
  assert.ok(Number.isNaN((cm.data as { dot: number }).dot))
  assert.equal((m.items[1].object().spec as { when: number }).when, 80)
  const out = m.write(new Map([[1, { keep: true, annotate: { a: 'b' } }]]))
  assert.match(out, /data: &d \{dot: \., num: 08\}/)
  assert.match(out, /when: 1:20/)
})

const keyErrors: [string, string, RegExp][] = [
  ['keys that meet as JSON keys', 'a: {0o17: x, 15: y}\n', /two keys of one mapping are the same key as Kubernetes reads them/],
  ['a quoted and a plain key of one number', 'a: {1: x, "1": y}\n', /two keys of one mapping are the same key/],
  ['a null key', 'a: {~: x}\n', /a mapping key is null .* quote it$/],
  ['an unsigned 64-bit key', 'a:\n  9223372036854775808: x\n', /past 2\^63/],
]
for (const [name, body, message] of keyErrors) {
  test(`object(scalars): ${name} is INPUT_INVALID naming the file, on both paths`, async () => {
    const text = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: es}\n${body}`
    for (const read of [() => readStreams([{ path: 'x.yaml', text }], all), () => readStreams([{ path: 'x.yaml', text: `${text}b: &x y\n` }], all)]) {
      const item = (await read()).items[0]
      assert.throws(
        () => item.object(KUBERNETES_SCALARS),
        (e: unknown) => e instanceof RenderError && e.code === 'INPUT_INVALID' && message.test(e.message) && e.file?.path === 'x.yaml',
      )
    }
  })
}

test('written through the YAML library (anchors, an annotated item), plain numbers keep their text: `.` is not turned into .nan, nor 1:20 into 01:20', async () => {
  const numbers = 'dot: ., base60: 1:20, word: e9, big: 1e6, hex: 0x1F, oct: 017, dec: 1.\n'
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d {${numbers.trim()}}\nbinaryData: *d\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {${numbers.trim()}}\n`
  const stream = await readStreams([{ path: 'x.yaml', text }], all)
  const out = stream.write(new Map([[1, { keep: true, annotate: { a: 'b' } }]]))
  assert.match(out, /data: &d \{dot: \., base60: 1:20, word: e9, big: 1e6, hex: 0x1F, oct: 017, dec: 1\.\}/)
  assert.match(out, /annotations: \{a: b\}\}\ndata: \{dot: \., base60: 1:20, word: e9, big: 1e6, hex: 0x1F, oct: 017, dec: 1\.\}/)
  assert.ok(Number.isNaN((stream.items[0].object().data as { dot: number }).dot), 'the values are the library’s again')
  const list = await readResourceList(
    `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: &d\n    n: 1:20\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  data: *d\n`,
    all,
  )
  assert.match(list.write(new Map()), /^ +n: 1:20$/m)
})
