// src/eso/cluster-external-secret.ts: a ClusterExternalSecret expanded as ESO v2.9's controller does.
// Rules from pkg/controllers/clusterexternalsecret/clusterexternalsecret_controller.go (reconcile: the
// name defaults to the ClusterExternalSecret's, selectors are namespaceSelector then namespaceSelectors;
// gatherProvisionedNamespaces: a namespace with a deletionTimestamp gets nothing;
// createOrUpdateExternalSecret: labels and annotations are exactly externalSecretMetadata's, the
// force-sync annotation is copied from the ClusterExternalSecret or removed, the spec is
// externalSecretSpec), runtime/esutils/utils.go GetTargetNamespaces (each `namespaces` entry is the
// selector kubernetes.io/metadata.name=<name>, ORed with the label selectors, a namespace once; one
// bad selector fails the whole expansion), and the controller's tests (clusterexternalsecret_controller_test.go).
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { cesFieldPath, expandClusterExternalSecret, type KnownNamespace } from '../../src/eso/cluster-external-secret.ts'
import { loadSchemas } from '../../src/eso/schema.ts'
import { formatError } from '../../src/errors.ts'

before(loadSchemas)

const resource = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', name: 'shared' }
const esSpec = { secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, data: [{ secretKey: 'k', remoteRef: { key: 'app', property: 'k' } }] }
const ces = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}, apiVersion = 'external-secrets.io/v1') => ({
  apiVersion,
  kind: 'ClusterExternalSecret',
  metadata: { name: 'shared', ...metadata },
  spec: { externalSecretSpec: esSpec, ...spec },
})
const namespaces: KnownNamespace[] = [
  { name: 'team-b', labels: { team: 'b', env: 'prod' } },
  { name: 'team-a', labels: { team: 'a', env: 'prod' } },
  { name: 'sandbox', labels: { env: 'dev' } },
  { name: 'bare', labels: {} },
]
const expand = (object: unknown, known: KnownNamespace[] = namespaces) => expandClusterExternalSecret(object, { resource, position: 3, namespaces: known })
const selected = (object: unknown, known?: KnownNamespace[]) => {
  const { expansion, errors } = expand(object, known)
  assert.deepEqual(errors.map(formatError), [])
  return expansion!.generated.map((g) => `${g.namespace} by ${g.selectedBy}`)
}

const selection: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: 'no selector at all selects nothing', spec: {}, want: [] },
  {
    name: 'namespaceSelectors are ORed; namespaces come out in name order',
    spec: { namespaceSelectors: [{ matchLabels: { team: 'b' } }, { matchLabels: { team: 'a' } }] },
    want: ['team-a by spec.namespaceSelectors[1]', 'team-b by spec.namespaceSelectors[0]'],
  },
  {
    name: 'an empty selector selects every namespace',
    spec: { namespaceSelectors: [{}] },
    want: ['bare by spec.namespaceSelectors[0]', 'sandbox by spec.namespaceSelectors[0]', 'team-a by spec.namespaceSelectors[0]', 'team-b by spec.namespaceSelectors[0]'],
  },
  { name: 'the deprecated namespaceSelector', spec: { namespaceSelector: { matchLabels: { env: 'dev' } } }, want: ['sandbox by spec.namespaceSelector'] },
  {
    name: 'matchExpressions NotIn matches namespaces without the label (Requirement.Matches)',
    spec: { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] } },
    want: ['bare by spec.namespaceSelector', 'sandbox by spec.namespaceSelector'],
  },
  { name: 'the deprecated namespaces, by name (through kubernetes.io/metadata.name)', spec: { namespaces: ['bare', 'team-a'] }, want: ['bare by spec.namespaces[0]', 'team-a by spec.namespaces[1]'] },
  {
    name: 'a namespace selected twice is selected once, by the first selector in ESO order (namespaces, namespaceSelector, namespaceSelectors)',
    spec: { namespaceSelectors: [{ matchLabels: { env: 'prod' } }], namespaceSelector: { matchLabels: { team: 'a' } }, namespaces: ['team-b'] },
    want: ['team-a by spec.namespaceSelector', 'team-b by spec.namespaces[0]'],
  },
  {
    name: 'a selector on kubernetes.io/metadata.name matches a Namespace from the input that does not carry the label (the API server adds it)',
    spec: { namespaceSelectors: [{ matchLabels: { 'kubernetes.io/metadata.name': 'bare' } }] },
    want: ['bare by spec.namespaceSelectors[0]'],
  },
  {
    name: 'a kubernetes.io/metadata.name label written with another value is the API server’s: the name',
    spec: { namespaces: ['team-a'] },
    want: ['team-a by spec.namespaces[0]'],
  },
]
for (const c of selection) {
  test(`ClusterExternalSecret selection: ${c.name}`, () => {
    const known = c.name.includes('another value') ? [{ name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'other' } }] : undefined
    assert.deepEqual(selected(ces(c.spec), known), c.want)
  })
}

test('the generated ExternalSecret: the ClusterExternalSecret’s name by default, exactly externalSecretMetadata, the force-sync annotation copied, the spec as written, the apiVersion kept', () => {
  const object = ces(
    { namespaces: ['team-a'], externalSecretMetadata: { labels: { app: 'x' }, annotations: { note: 'n' } } },
    { labels: { 'ces-label': 'not-copied' }, annotations: { 'external-secrets.io/force-sync': '42', other: 'not-copied' } },
    'external-secrets.io/v1beta1',
  )
  const { expansion } = expand(object)
  assert.equal(expansion!.name, 'shared')
  assert.equal(expansion!.nameField, 'metadata.name')
  assert.deepEqual(expansion!.generated[0].object, {
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name: 'shared', namespace: 'team-a', labels: { app: 'x' }, annotations: { note: 'n', 'external-secrets.io/force-sync': '42' } },
    spec: esSpec,
  })
  assert.notEqual(expansion!.generated[0].object.spec, esSpec, 'a copy: one ExternalSecret’s defaults never reach another')
})

test('externalSecretName names the ExternalSecrets; a force-sync annotation only in externalSecretMetadata is removed, as ESO prunes it', () => {
  const { expansion } = expand(ces({ namespaces: ['team-a'], externalSecretName: 'app-secret', externalSecretMetadata: { annotations: { 'external-secrets.io/force-sync': '1' } } }))
  assert.equal(expansion!.name, 'app-secret')
  assert.equal(expansion!.nameField, 'spec.externalSecretName')
  assert.deepEqual(expansion!.generated[0].object.metadata, { name: 'app-secret', namespace: 'team-a' })
})

test('a terminating namespace is selected but gets no ExternalSecret (gatherProvisionedNamespaces)', () => {
  const { expansion } = expand(ces({ namespaceSelectors: [{}] }), [
    { name: 'going', labels: {}, terminating: true },
    { name: 'staying', labels: {} },
  ])
  assert.deepEqual(
    expansion!.generated.map((g) => g.namespace),
    ['staying'],
  )
  assert.deepEqual(expansion!.terminating, ['going'])
})

test('names in spec.namespaces that no known namespace has are reported (ESO’s selector for them lists nothing)', () => {
  const { expansion } = expand(ces({ namespaces: ['team-a', 'elsewhere', 'elsewhere'] }))
  assert.deepEqual(expansion!.unknownListed, ['elsewhere'])
  assert.deepEqual(
    expansion!.generated.map((g) => g.namespace),
    ['team-a'],
  )
})

const refused: { name: string; object: unknown; errors: RegExp[] }[] = [
  {
    name: 'externalSecretSpec is required',
    object: { apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', metadata: { name: 'shared' }, spec: {} },
    errors: [/^ClusterExternalSecret shared spec\.externalSecretSpec: required field is missing$/],
  },
  { name: 'an unknown field of the spec', object: ces({ namespaceSelectorz: [] }), errors: [/^ClusterExternalSecret shared spec\.namespaceSelectorz: unknown field$/] },
  {
    name: 'externalSecretSpec is an ExternalSecret spec (its schema)',
    object: ces({ externalSecretSpec: { data: [{ secretKey: 'k' }] } }),
    errors: [/^ClusterExternalSecret shared spec\.externalSecretSpec\.data\[0\]\.remoteRef: required field is missing$/],
  },
  {
    name: 'externalSecretName must be a DNS subdomain (the CRD pattern)',
    object: ces({ externalSecretName: 'Not_Valid' }),
    errors: [/^ClusterExternalSecret shared spec\.externalSecretName: must match /],
  },
  { name: 'a namespaces entry must be a DNS label (the CRD pattern)', object: ces({ namespaces: ['a.b'] }), errors: [/^ClusterExternalSecret shared spec\.namespaces\[0\]: must match /] },
  {
    name: 'an invalid label selector fails the whole expansion (GetTargetNamespaces)',
    object: ces({ namespaceSelectors: [{ matchLabels: { team: 'a' } }, { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['prod'] }] }] }),
    errors: [
      /^ClusterExternalSecret shared spec\.namespaceSelectors\[1\]\.matchExpressions\[0\]\.operator: "Equals" is not a valid label selector operator .*: ESO cannot convert this label selector$/,
    ],
  },
  {
    name: 'In without values',
    object: ces({ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In' }] } }),
    errors: [/^ClusterExternalSecret shared spec\.namespaceSelector\.matchExpressions\[0\]\.values: for 'in', 'notin' operators, values set can't be empty/],
  },
  {
    name: 'ESO’s admission rules on the ExternalSecret spec, once, at the ClusterExternalSecret',
    object: ces({ namespaceSelectors: [{}], externalSecretSpec: { secretStoreRef: { name: 'vault' } } }),
    errors: [/^ClusterExternalSecret shared spec\.externalSecretSpec(\.\w+)?: .*either data or dataFrom should be specified/],
  },
  {
    name: 'a selected Namespace from the input with an invalid name',
    object: ces({ namespaceSelectors: [{}] }),
    errors: [/^ClusterExternalSecret shared spec\.namespaceSelectors\[0\]: selects namespace "Bad_Name", which is not a valid namespace name/],
  },
]
for (const c of refused) {
  test(`ClusterExternalSecret refused: ${c.name}`, () => {
    const known = c.name.includes('invalid name') ? [{ name: 'Bad_Name', labels: {} }] : namespaces
    const { expansion, errors } = expand(c.object, known)
    assert.equal(expansion, undefined)
    const lines = errors.map(formatError)
    assert.equal(lines.length, c.errors.length, lines.join('\n'))
    c.errors.forEach((re, i) => assert.match(lines[i], re))
  })
}

test('ESO’s admission errors are said once however many namespaces are selected', () => {
  const { errors } = expand(ces({ namespaceSelectors: [{}], externalSecretSpec: { secretStoreRef: { name: 'vault' } } }))
  assert.equal(errors.length, 1)
})

const paths: { from: string | undefined; nameField: 'metadata.name' | 'spec.externalSecretName'; want: string | undefined }[] = [
  { from: 'spec.data[0].remoteRef.key', nameField: 'metadata.name', want: 'spec.externalSecretSpec.data[0].remoteRef.key' },
  { from: 'spec', nameField: 'metadata.name', want: 'spec.externalSecretSpec' },
  { from: 'spec.target.name', nameField: 'metadata.name', want: 'spec.externalSecretSpec.target.name' },
  { from: 'metadata.name', nameField: 'metadata.name', want: 'metadata.name' },
  { from: 'metadata.name', nameField: 'spec.externalSecretName', want: 'spec.externalSecretName' },
  { from: 'metadata.namespace', nameField: 'metadata.name', want: 'spec.namespaceSelectors[2]' },
  { from: 'metadata.labels["a"]', nameField: 'metadata.name', want: 'spec.externalSecretMetadata.labels["a"]' },
  { from: 'metadata.annotations', nameField: 'metadata.name', want: 'spec.externalSecretMetadata.annotations' },
  { from: 'specification', nameField: 'metadata.name', want: 'specification' },
  { from: 'apiVersion', nameField: 'metadata.name', want: 'apiVersion' },
  { from: undefined, nameField: 'metadata.name', want: undefined },
]
for (const c of paths) {
  test(`the field ${c.from} of a generated ExternalSecret is ${c.want} of its ClusterExternalSecret`, () => {
    assert.equal(cesFieldPath(c.from, { nameField: c.nameField }, 'spec.namespaceSelectors[2]'), c.want)
  })
}
