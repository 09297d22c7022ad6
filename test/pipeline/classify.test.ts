// src/pipeline/classify.ts: which items are ExternalSecrets, stores and lookups; refused ESO
// versions; local-config ExternalSecrets left alone; kept copies rendered again; kpt detection;
// namespace-less lookups under the render's default namespace.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { classify, lookupsOf } from '../../src/pipeline/classify.ts'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import { readStreams, type Item, type Manifests } from '../../src/manifests/read.ts'
import { isInteresting } from '../../src/eso/kinds.ts'
import { formatError } from '../../src/errors.ts'

const CANARY = 'CLASSIFY-CANARY-3be71'

const doc = (apiVersion: string, kind: string, metadata: string, rest = '') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: ${metadata}\n${rest}`
const es = (name: string, extra = '', apiVersion = 'external-secrets.io/v1') => doc(apiVersion, 'ExternalSecret', `{name: ${name}, namespace: apps${extra}}`, 'spec: {}\n')
const store = (kind: string, name: string, apiVersion = 'external-secrets.io/v1') =>
  doc(apiVersion, kind, kind === 'SecretStore' ? `{name: ${name}, namespace: apps}` : `{name: ${name}}`, 'spec: {}\n')
const secret = (name: string, ns?: string) => doc('v1', 'Secret', ns ? `{name: ${name}, namespace: ${ns}}` : `{name: ${name}}`, `stringData: {token: ${CANARY}}\n`)

async function run(docs: string[], defaultNamespace = 'default') {
  const manifests = await readStreams([{ path: 'in.yaml', text: docs.join('---\n') }], isInteresting)
  const diag = new Diagnostics()
  const found = classify(manifests, defaultNamespace, diag)
  return { found, diag, names: (list: { resource: { kind: string; name: string } }[]) => list.map((f) => `${f.resource.kind}/${f.resource.name}`) }
}

const sorting: { name: string; docs: string[]; externalSecrets: string[]; stores: string[] }[] = [
  {
    name: 'v1 ExternalSecret and both store kinds',
    docs: [es('a'), store('SecretStore', 's'), store('ClusterSecretStore', 'c')],
    externalSecrets: ['ExternalSecret/a'],
    stores: ['SecretStore/s', 'ClusterSecretStore/c'],
  },
  {
    name: 'v1beta1 is read as v1',
    docs: [es('a', '', 'external-secrets.io/v1beta1'), store('SecretStore', 's', 'external-secrets.io/v1beta1')],
    externalSecrets: ['ExternalSecret/a'],
    stores: ['SecretStore/s'],
  },
  { name: 'a kind of ESO under another group is not ours', docs: [es('a', '', 'example.com/v1'), store('SecretStore', 's', 'example.com/v1')], externalSecrets: [], stores: [] },
  {
    name: 'other ESO kinds are passed over (a ClusterExternalSecret is neither: it is expanded)',
    docs: [doc('external-secrets.io/v1', 'ClusterExternalSecret', '{name: x}'), doc('generators.external-secrets.io/v1alpha1', 'Password', '{name: p}')],
    externalSecrets: [],
    stores: [],
  },
  { name: 'input order is kept', docs: [es('b'), es('a'), es('c')], externalSecrets: ['ExternalSecret/b', 'ExternalSecret/a', 'ExternalSecret/c'], stores: [] },
]
for (const c of sorting) {
  test(`classify: ${c.name}`, async () => {
    const { found, diag, names } = await run(c.docs)
    assert.deepEqual(diag.errors, [])
    assert.deepEqual(names(found.externalSecrets), c.externalSecrets)
    assert.deepEqual(names(found.stores), c.stores)
  })
}

const refused: { name: string; docs: string[]; code: string; field: string; message: RegExp }[] = [
  {
    name: 'v1alpha1 ExternalSecret',
    docs: [es('a', '', 'external-secrets.io/v1alpha1')],
    code: 'UNSUPPORTED',
    field: 'apiVersion',
    message: /^external-secrets\.io\/v1alpha1 is not supported \(ESO removed it in v0\.11/,
  },
  {
    name: 'v1alpha1 SecretStore',
    docs: [store('SecretStore', 's', 'external-secrets.io/v1alpha1')],
    code: 'UNSUPPORTED',
    field: 'apiVersion',
    message: /convert the resource to external-secrets\.io\/v1/,
  },
  { name: 'an unknown version', docs: [es('a', '', 'external-secrets.io/v2')], code: 'UNSUPPORTED', field: 'apiVersion', message: /^external-secrets\.io\/v2 is not a known ESO version/ },
  {
    name: 'an ExternalSecret without a name',
    docs: [doc('external-secrets.io/v1', 'ExternalSecret', '{namespace: apps}', 'spec: {}\n')],
    code: 'SCHEMA_INVALID',
    field: 'metadata.name',
    message: /^required field is missing$/,
  },
  {
    name: 'a store with an empty name',
    docs: [doc('external-secrets.io/v1', 'ClusterSecretStore', '{name: ""}', 'spec: {}\n')],
    code: 'SCHEMA_INVALID',
    field: 'metadata.name',
    message: /required field is missing/,
  },
]
test('classify: an item without kind is not ours to judge (kpt sends kustomization.yaml so): no error, not classified', async () => {
  const { found, diag } = await run([`resources: [a.yaml]\nmetadata: {name: x}\n`, secret('tok', 'apps')])
  assert.equal(found.externalSecrets.length + found.stores.length, 0)
  assert.deepEqual(diag.errors, [])
})

for (const c of refused) {
  test(`classify: ${c.name} is ${c.code} at ${c.field} and not classified`, async () => {
    const { found, diag } = await run([...c.docs, secret('tok', 'apps')])
    assert.equal(found.externalSecrets.length + found.stores.length, 0)
    assert.equal(diag.errors.length, 1, diag.errors.map(formatError).join('\n'))
    const [e] = diag.errors
    assert.equal(e.code, c.code)
    assert.equal(e.fieldPath, c.field)
    assert.match(e.message, c.message)
    assert.deepEqual(e.file, { path: 'in.yaml', index: 0 })
  })
}

test('classify: every refused item is reported, the others classified', async () => {
  const { found, diag, names } = await run([es('old', '', 'external-secrets.io/v1alpha1'), es('ok'), es('new', '', 'external-secrets.io/v9')])
  assert.deepEqual(names(found.externalSecrets), ['ExternalSecret/ok'])
  assert.deepEqual(
    diag.errors.map((e) => e.resource?.name),
    ['old', 'new'],
  )
})

test('classify: a local-config ExternalSecret is left alone with an info notice', async () => {
  const { found, diag } = await run([es('cfg', ', annotations: {config.kubernetes.io/local-config: "true"}'), es('real')])
  assert.deepEqual(
    found.externalSecrets.map((f) => f.resource.name),
    ['real'],
  )
  assert.deepEqual(diag.errors, [])
  assert.equal(diag.notices.length, 1)
  assert.equal(diag.notices[0].severity, 'info')
  assert.equal(diag.notices[0].resource?.name, 'cfg')
  assert.match(diag.notices[0].message, /marked local-config: left as it is, no Secret rendered/)
})

test('classify: a copy kept by an earlier render (local-config + kept marker) is rendered again', async () => {
  const { found, diag } = await run([es('kept', ', annotations: {config.kubernetes.io/local-config: "true", config.eso-render.dev/kept: "true"}')])
  assert.deepEqual(
    found.externalSecrets.map((f) => f.resource.name),
    ['kept'],
  )
  assert.deepEqual(diag.notices, [])
})

test('classify: local-config "false" is not local-config', async () => {
  const { found } = await run([es('a', ', annotations: {config.kubernetes.io/local-config: "false"}')])
  assert.equal(found.externalSecrets.length, 1)
})

const kpt: { name: string; docs: string[]; kpt: boolean; file?: { path: string; index: number } }[] = [
  { name: 'no kpt annotations', docs: [es('a')], kpt: false, file: { path: 'in.yaml', index: 0 } },
  {
    name: "kpt's path annotation on the ExternalSecret",
    docs: [es('a', ', annotations: {internal.config.kubernetes.io/path: pkg/es.yaml, internal.config.kubernetes.io/index: "1"}')],
    kpt: true,
    file: { path: 'pkg/es.yaml', index: 1 },
  },
  {
    name: "kpt's legacy path annotation on a store only",
    docs: [es('a'), doc('external-secrets.io/v1', 'SecretStore', '{name: s, namespace: apps, annotations: {config.kubernetes.io/path: s.yaml}}', 'spec: {}\n')],
    kpt: true,
    file: { path: 'in.yaml', index: 0 },
  },
  { name: 'kpt annotations on a Secret do not count', docs: [es('a'), doc('v1', 'Secret', '{name: s, annotations: {internal.config.kubernetes.io/path: s.yaml}}')], kpt: false },
]
for (const c of kpt) {
  test(`classify: kpt detection, ${c.name} → ${c.kpt}`, async () => {
    const { found } = await run(c.docs)
    assert.equal(found.kpt, c.kpt)
    if (c.file) assert.deepEqual(found.externalSecrets[0].file, c.file)
  })
}

test('classify: lookups only when something ESO is in the input', async () => {
  const { found } = await run([secret('tok', 'apps'), doc('v1', 'ConfigMap', '{name: c}')])
  assert.equal(found.secrets.size, 0)
  assert.equal(found.configMaps.size, 0)
})

test('classify: Secrets, ConfigMaps and Namespaces become lookups; namespace-less ones under the default namespace', async () => {
  const { found, diag } = await run(
    [
      es('a'),
      secret('tok', 'apps'),
      secret('bare'),
      doc('v1', 'ConfigMap', '{name: tpl}', 'data: {t: x}\n'),
      doc('v1', 'Namespace', '{name: apps, labels: {tier: trusted}}'),
      doc('v1', 'Namespace', '{name: empty}'),
      doc('example.com/v1', 'Secret', '{name: not-core, namespace: apps}'),
    ],
    'shop',
  )
  assert.deepEqual(diag.errors, [])
  assert.deepEqual([...found.secrets.keys()], ['apps/tok', 'shop/bare'])
  assert.deepEqual([...found.configMaps.keys()], ['shop/tpl'])
  assert.deepEqual(
    [...found.namespaces],
    [
      ['apps', { tier: 'trusted' }],
      ['empty', {}],
    ],
  )
  const lookups = lookupsOf(found)
  assert.deepEqual(lookups.secret('apps', 'tok')?.stringData, { token: CANARY })
  assert.deepEqual(lookups.secret('shop', 'bare')?.metadata, { name: 'bare' })
  assert.equal(lookups.secret('default', 'bare'), undefined)
  assert.equal(lookups.secret('apps', 'not-core'), undefined, 'only core v1 Secrets')
  assert.deepEqual(lookups.configMap('shop', 'tpl')?.data, { t: 'x' })
  assert.deepEqual(lookups.namespaceLabels('apps'), { tier: 'trusted' })
  assert.equal(lookups.namespaceLabels('nope'), undefined)
  assert.equal(found.secrets.get('apps/tok')?.item.position, 1)
})

test('classify: an item whose parse fails for a non-RenderError reason is INPUT_INVALID, naming no content', () => {
  const broken: Item = {
    position: 0,
    kind: 'ExternalSecret',
    apiVersion: 'external-secrets.io/v1',
    file: { path: 'x.yaml', index: 3 },
    object() {
      throw new TypeError(`unexpected ${CANARY}`)
    },
  }
  const manifests: Manifests = { format: 'stream', items: [broken], write: () => '' }
  const diag = new Diagnostics()
  classify(manifests, 'default', diag)
  assert.equal(diag.errors.length, 1)
  assert.equal(diag.errors[0].code, 'INPUT_INVALID')
  assert.equal(diag.errors[0].message, 'item cannot be read')
  assert.deepEqual(diag.errors[0].file, { path: 'x.yaml', index: 3 })
  assert.ok(!formatError(diag.errors[0]).includes(CANARY))
})

test('classify: broken YAML in an ESO item is its own located error', async () => {
  const manifests = await readStreams([{ path: 'in.yaml', text: `${es('a')}---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${CANARY}\n` }], isInteresting)
  const diag = new Diagnostics()
  const found = classify(manifests, 'default', diag)
  assert.equal(found.externalSecrets.length, 1)
  assert.equal(diag.errors.length, 1)
  assert.equal(diag.errors[0].code, 'INPUT_INVALID')
  assert.deepEqual(diag.errors[0].file, { path: 'in.yaml', index: 1 })
  assert.ok(!diag.errors[0].message.includes(CANARY))
})

// v1 Lists: their items are classified as top-level ones; ESO resources deeper, or in a typed list,
// are an error naming the resource, never a silent pass-through.
const asList = (items: string[], metadata = '{name: l}') =>
  `apiVersion: v1\nkind: List\nmetadata: ${metadata}\nitems:\n${items.map((d) => d.replace(/^(?=.)/gm, '    ').replace(/^ {4}/, '  - ')).join('')}`

test('classify: the items of a v1 List are ExternalSecrets, stores and lookups like top-level ones', async () => {
  const { found, diag, names } = await run([asList([es('in-list'), store('SecretStore', 's'), secret('tok', 'apps')]), es('top')])
  assert.deepEqual(diag.errors, [])
  assert.deepEqual(names(found.externalSecrets), ['ExternalSecret/in-list', 'ExternalSecret/top'])
  assert.deepEqual(names(found.stores), ['SecretStore/s'])
  assert.ok(found.secrets.has('apps/tok'), 'a Secret in a List is a lookup')
  assert.deepEqual(found.externalSecrets[0].file, { path: 'in.yaml', index: 0 }, 'the List’s document')
  assert.equal(found.kpt, false)
})

test('classify: under kpt an ExternalSecret in a List is named at the List’s package file, and kpt is detected through the List', async () => {
  const kptMeta = "{name: l, annotations: {internal.config.kubernetes.io/path: 'dir/list.yaml', internal.config.kubernetes.io/index: '0'}}"
  const { found, diag } = await run([asList([es('in-list')], kptMeta)])
  assert.deepEqual(diag.errors, [])
  assert.equal(found.kpt, true)
  assert.deepEqual(found.externalSecrets[0].file, { path: 'dir/list.yaml', index: 0 })
})

const deeper: { name: string; docs: string[]; message: RegExp }[] = [
  {
    name: 'an ExternalSecret in a List in a List',
    docs: [asList([secret('tok', 'apps'), asList([es('deep')], '{name: inner}')])],
    message: /^is in a List inside a List \(items\[1\]\.items\[0\] of the document\): eso-render renders the items of a List one level deep/,
  },
  {
    name: 'an ExternalSecret in a typed list',
    docs: [doc('external-secrets.io/v1', 'ExternalSecretList', '{}', `items:\n- ${es('deep').replace(/\n(?=.)/g, '\n  ')}`)],
    message: /^is one of the items of kind ExternalSecretList \(external-secrets\.io\/v1\) \(items\[0\]\): eso-render renders ESO resources at the top level and in a v1 List only/,
  },
  {
    name: 'a store in a typed list inside a v1 List',
    docs: [asList([doc('v1', 'SecretStoreList', '{}', `items:\n- ${store('SecretStore', 'deep').replace(/\n(?=.)/g, '\n  ')}`)])],
    message: /^is one of the items of kind SecretStoreList \(v1\) at items\[0\] \(items\[0\]\)/,
  },
]
for (const c of deeper) {
  test(`classify: ${c.name} is UNSUPPORTED, named by resource, and not classified`, async () => {
    const { found, diag } = await run(c.docs)
    assert.equal(found.externalSecrets.length + found.stores.length, 0)
    assert.deepEqual(
      diag.errors.map((e) => [e.code, e.resource?.name, e.file]),
      [['UNSUPPORTED', 'deep', { path: 'in.yaml', index: 0 }]],
    )
    assert.match(diag.errors[0].message, c.message)
  })
}

test('classify: Secrets in a List in a List are not lookups; typed lists without ESO resources pass', async () => {
  const { found, diag } = await run([
    asList([asList([secret('deep', 'apps')], '{name: inner}')]),
    doc('v1', 'SecretList', '{}', `items:\n- ${secret('typed', 'apps').replace(/\n(?=.)/g, '\n  ')}`),
    es('a'),
  ])
  assert.deepEqual(diag.errors, [])
  assert.equal(found.secrets.size, 0)
})

test('classify: ESO objects are read as the API server stores them (go-yaml v2 scalars, nulls pruned); Secrets and ConfigMaps as they are', async () => {
  const { found, diag } = await run([
    doc(
      'external-secrets.io/v1',
      'ExternalSecret',
      '{name: a, namespace: apps, labels: , annotations: {note: ~}}',
      'spec:\n  target:\n    template:\n      metadata:\n      data: {dot: ., num: 0o17}\n  dataFrom:\n',
    ),
    doc('external-secrets.io/v1', 'SecretStore', '{name: s, namespace: apps}', 'spec:\n  provider:\n    vault: {server: "https://v", namespace: ~, headers: }\n'),
    doc('v1', 'ConfigMap', '{name: c, namespace: apps}', 'data: {dot: ., labels: }\n'),
  ])
  assert.deepEqual(diag.errors, [])
  assert.deepEqual(found.externalSecrets[0].object, {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'a', namespace: 'apps', annotations: { note: '' } },
    spec: { target: { template: { data: { dot: '.', num: 15 } } } },
  })
  assert.deepEqual(found.stores[0].object.spec, { provider: { vault: { server: 'https://v' } } })
  const cm = found.configMaps.get('apps/c')!
  assert.ok(Number.isNaN((cm.data as { dot: number }).dot))
  assert.equal((cm.data as { labels: null }).labels, null)
})

test('classify: an ESO object with a key Kubernetes cannot read, or .inf, is an error naming it; nothing of it is classified', async () => {
  const { found, diag } = await run([
    doc('external-secrets.io/v1', 'ExternalSecret', '{name: a, namespace: apps}', 'spec: {target: {template: {data: {~: x}}}}\n'),
    doc('external-secrets.io/v1', 'ExternalSecret', '{name: b, namespace: apps}', 'spec: {target: {template: {data: {x: .inf}}}}\n'),
  ])
  assert.deepEqual(found.externalSecrets, [])
  assert.deepEqual(
    diag.errors.map((e) => `${e.code} ${formatError(e)}`),
    [
      'INPUT_INVALID in.yaml[0]: invalid YAML: a mapping key is null (empty, `~` or `null`), which Kubernetes cannot read as a key (sigs.k8s.io/yaml: unsupported map key); quote it',
      'INPUT_INVALID in.yaml[1] ExternalSecret apps/b spec.target.template.data.x: is .inf, a number JSON cannot hold: kubectl refuses the manifest (json: unsupported value); quote it if a string is meant',
    ],
  )
})

test('classify: ClusterExternalSecrets are kept apart, cluster-scoped (a namespace written on one is not theirs); v1beta1 too; local-config ones are left alone', async () => {
  const ces = (name: string, metadata = '', apiVersion = 'external-secrets.io/v1') => doc(apiVersion, 'ClusterExternalSecret', `{name: ${name}${metadata}}`, 'spec: {}\n')
  const { found, diag, names } = await run([
    ces('a', ', namespace: added-by-kustomize'),
    ces('b', '', 'external-secrets.io/v1beta1'),
    ces('c', ', annotations: {config.kubernetes.io/local-config: "true"}'),
    ces('d', ', annotations: {config.kubernetes.io/local-config: "true", config.eso-render.dev/kept: "true"}'),
  ])
  assert.deepEqual(diag.errors, [])
  assert.deepEqual(names(found.clusterExternalSecrets), ['ClusterExternalSecret/a', 'ClusterExternalSecret/b', 'ClusterExternalSecret/d'])
  assert.equal(found.clusterExternalSecrets[0].resource.namespace, undefined)
  assert.deepEqual(found.externalSecrets, [])
  assert.deepEqual(found.stores, [])
  assert.match(diag.notices.map((n) => n.message).join('\n'), /ClusterExternalSecret is marked local-config: left as it is, no Secret rendered/)
})
