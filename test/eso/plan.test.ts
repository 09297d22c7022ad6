import { test } from 'node:test'
import assert from 'node:assert/strict'
import { planExternalSecret } from '../../src/eso/plan.ts'

const ctx = { resource: { kind: 'ExternalSecret', name: 'app', namespace: 'apps' }, position: 0, defaultNamespace: 'default' }
const es = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'app', namespace: 'apps' }) => ({ metadata, spec: { secretStoreRef: { name: 'vault' }, ...spec } })
const item = { secretKey: 'k', remoteRef: { key: 'app', property: 'p' } }

// ESO's admission rules (eso.md §2) and the fields not implemented yet, each an error at its field.
const rejected = [
  { name: 'neither data nor dataFrom', spec: {}, field: 'spec', message: /either data or dataFrom should be specified/ },
  {
    name: 'Delete with creationPolicy Merge',
    spec: { data: [item], target: { deletionPolicy: 'Delete', creationPolicy: 'Merge' } },
    field: 'spec.target.deletionPolicy',
    message: /requires creationPolicy Owner or Orphan/,
  },
  {
    name: 'Merge deletion with creationPolicy None',
    spec: { data: [item], target: { deletionPolicy: 'Merge', creationPolicy: 'None' } },
    field: 'spec.target.deletionPolicy',
    message: /cannot be combined with creationPolicy None/,
  },
  { name: 'duplicate secretKey under Retain', spec: { data: [item, item] }, field: 'spec.data[1].secretKey', message: /duplicate secretKey found: k/ },
  { name: 'engine v1', spec: { data: [item], target: { template: { engineVersion: 'v1' } } }, field: 'spec.target.template.engineVersion', message: /unsupported template engine version: v1/ },
  { name: 'bootstrap token type', spec: { data: [item], target: { template: { type: 'bootstrap.kubernetes.io/token' } } }, field: 'spec.target.template.type', message: /forbidden/ },
  {
    name: 'a templateFrom target other than Data/Labels/Annotations',
    spec: { data: [item], target: { template: { templateFrom: [{ literal: 'a: b', target: 'Spec' }] } } },
    field: 'spec.target.template.templateFrom[0].target',
    message: /forbidden for a Secret/,
  },
  { name: 'two kinds in one dataFrom item', spec: { dataFrom: [{ extract: { key: 'a' }, find: { path: 'x' } }] }, field: 'spec.dataFrom[0]', message: /exactly one of extract, find/ },
  // runtime/esutils/utils.go RewriteRegexp: regexp.Compile; refused at plan time, before any read.
  {
    name: 'a rewrite regexp Go does not compile',
    spec: { dataFrom: [{ extract: { key: 'a' }, rewrite: [{ regexp: { source: 'a', target: 'b' } }, { regexp: { source: 'x**', target: 'b' } }] }] },
    field: 'spec.dataFrom[0].rewrite[1].regexp.source',
    message: /^error applying rewrite to keys: failed rewrite operation\[1\]: regexp failed with failed to compile: error parsing regexp: invalid nested repetition operator: `\*\*`$/,
  },
  // ESO's data[] never reads a generator: its sourceRef names the empty store (pkg/controllers/
  // externalsecret/externalsecret_controller_secret.go handleSecretData, toStoreGenSourceRef).
  {
    name: 'a generator in data[]',
    spec: { data: [{ secretKey: 'k', remoteRef: { key: 'a' }, sourceRef: { generatorRef: { kind: 'Password', name: 'p' } } }] },
    field: 'spec.data[0].sourceRef.generatorRef',
    message: /could not get SecretStore "", SecretStore.external-secrets.io "" not found/,
  },
  { name: 'target.manifest', spec: { data: [item], target: { manifest: { apiVersion: 'v1', kind: 'ConfigMap' } } }, field: 'spec.target.manifest', message: /non-Secret target/ },
]
for (const c of rejected) {
  test(`plan: ${c.name} is refused at ${c.field}`, () => {
    const { plan, errors } = planExternalSecret(es(c.spec), ctx)
    assert.equal(plan, undefined)
    assert.ok(
      errors.some((e) => e.fieldPath === c.field && c.message.test(e.message)),
      errors.map((e) => `${e.fieldPath}: ${e.message}`).join('\n'),
    )
  })
}

test('plan: ESO defaults (Owner, Retain, target name = ES name) and dataFrom before data', () => {
  const { plan } = planExternalSecret(es({ data: [item], dataFrom: [{ extract: { key: 'all' } }] }), ctx)
  assert.equal(plan?.creationPolicy, 'Owner')
  assert.equal(plan?.deletionPolicy, 'Retain')
  assert.equal(plan?.targetName, 'app')
  assert.deepEqual(
    plan?.reads.map((r) => r.fieldPath),
    ['spec.dataFrom[0].extract', 'spec.data[0]'],
  )
})

test('plan: a namespace-less ExternalSecret resolves in the default namespace and says so', () => {
  const { plan } = planExternalSecret(es({ data: [item] }, { name: 'app' }), { ...ctx, defaultNamespace: 'shop' })
  assert.equal(plan?.namespace, 'shop')
  assert.equal(plan?.namespaceWritten, false)
})

test('plan: sourceRef.storeRef swaps the store for one item', () => {
  const { plan } = planExternalSecret(es({ data: [{ ...item, sourceRef: { storeRef: { name: 'legacy', kind: 'ClusterSecretStore' } } }] }), ctx)
  assert.deepEqual(plan?.reads[0].store, { kind: 'ClusterSecretStore', name: 'legacy', fieldPath: 'spec.data[0].sourceRef.storeRef' })
})

test('plan: a template with only literal metadata needs no engine', () => {
  const { plan, errors } = planExternalSecret(es({ data: [item], target: { template: { type: 'kubernetes.io/tls', metadata: { labels: { a: 'b' } } } } }), ctx)
  assert.deepEqual(errors, [])
  assert.equal(plan?.template?.type, 'kubernetes.io/tls')
})

// The Secret's name is judged in the plan, before any read: the API server refuses one that is not a
// DNS-1123 subdomain, and under kpt the name becomes a file name (secret_<name>.yaml).
const badNames: { name: string; target?: string; esName?: string; field: string; shown: string }[] = [
  { name: 'a path that climbs (../x)', target: '../x', field: 'spec.target.name', shown: '"../x"' },
  { name: 'a kpt path escape (../../pwned)', target: '../../pwned', field: 'spec.target.name', shown: '"../../pwned"' },
  { name: 'upper case (App)', target: 'App', field: 'spec.target.name', shown: '"App"' },
  { name: 'an underscore and a bang (Bad_Name!)', target: 'Bad_Name!', field: 'spec.target.name', shown: '"Bad_Name!"' },
  { name: '254 characters', target: 'a'.repeat(254), field: 'spec.target.name', shown: `"${'a'.repeat(253)}..."` },
  { name: 'control characters, escaped in the message', target: 'a\nb\u001b', field: 'spec.target.name', shown: '"a\\x0ab\\x1b"' },
  { name: 'no target.name and an invalid ExternalSecret name', esName: 'App', field: 'metadata.name', shown: '"App"' },
]
for (const c of badNames) {
  test(`plan: a Secret name with ${c.name} is TARGET_INVALID at ${c.field}`, () => {
    const spec = { data: [item], ...(c.target === undefined ? {} : { target: { name: c.target } }) }
    const { plan, errors } = planExternalSecret(es(spec, { name: c.esName ?? 'app', namespace: 'apps' }), ctx)
    assert.equal(plan, undefined, 'no plan, so no read')
    assert.deepEqual(
      errors.map((e) => [e.code, e.fieldPath]),
      [['TARGET_INVALID', c.field]],
    )
    const [e] = errors
    assert.ok(e.message.startsWith(`Secret name ${c.shown} is invalid: `), e.message)
    assert.match(e.message, c.target && c.target.length > 253 ? /must be no more than 253 characters/ : /a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters/)
    assert.doesNotMatch(e.message, /[\n\u001b]/)
    if (c.field === 'metadata.name') assert.match(e.message, /without spec\.target\.name the Secret takes the ExternalSecret's name/)
    assert.deepEqual(e.resource, ctx.resource)
  })
}

const goodNames = ['db', 'db-credentials.v2', 'a'.repeat(253), '0']
for (const name of goodNames) {
  test(`plan: the Secret name ${name.length > 20 ? `of ${name.length} characters` : JSON.stringify(name)} is valid`, () => {
    const { plan, errors } = planExternalSecret(es({ data: [item], target: { name } }), ctx)
    assert.deepEqual(errors, [])
    assert.equal(plan?.targetName, name)
  })
}

// dataFrom generatorRef (pkg/controllers/externalsecret/externalsecret_controller_secret.go
// GetProviderSecretData): planned in dataFrom order, apiVersion defaulting as ESO's CRD does.
test('plan: a dataFrom generatorRef is planned in dataFrom order, apiVersion defaulted', () => {
  const { plan, errors } = planExternalSecret(
    es({
      dataFrom: [
        { extract: { key: 'a' } },
        { sourceRef: { generatorRef: { kind: 'Password', name: 'p' } } },
        { sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'ClusterGenerator', name: 'c' } } },
      ],
      refreshPolicy: 'CreatedOnce',
    }),
    ctx,
  )
  assert.deepEqual(errors, [])
  assert.deepEqual(plan?.generators, [
    { index: 1, fieldPath: 'spec.dataFrom[1].sourceRef.generatorRef', ref: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'p' } },
    { index: 2, fieldPath: 'spec.dataFrom[2].sourceRef.generatorRef', ref: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'ClusterGenerator', name: 'c' } },
  ])
  assert.equal(plan?.reads.length, 1)
  assert.equal(plan?.refresh?.policy, 'CreatedOnce')
})

test('plan: dataFrom rewrites ride on the extract read, in order, with their regexps compiled', () => {
  const { plan, errors } = planExternalSecret(
    es({
      dataFrom: [
        { extract: { key: 'a' }, rewrite: [{ regexp: { source: '^db-(.*)$', target: '$1' } }, { transform: { template: '{{ .value | upper }}' } }, { merge: { strategy: 'JSON', into: 'all' } }] },
      ],
    }),
    ctx,
  )
  assert.deepEqual(errors, [])
  const rewrites = plan!.reads[0].rewrites!
  assert.deepEqual(
    rewrites.map((r) => [r.kind, r.fieldPath]),
    [
      ['regexp', 'spec.dataFrom[0].rewrite[0].regexp'],
      ['transform', 'spec.dataFrom[0].rewrite[1].transform.template'],
      ['merge', 'spec.dataFrom[0].rewrite[2].merge'],
    ],
  )
  assert.equal(rewrites[0].kind === 'regexp' && rewrites[0].re.replaceAllString('db-host', '$1'), 'host')
  // The CRD's defaults for what merge leaves out.
  assert.deepEqual(rewrites[2], {
    kind: 'merge',
    index: 2,
    fieldPath: 'spec.dataFrom[0].rewrite[2].merge',
    into: 'all',
    priority: [],
    priorityPolicy: 'Strict',
    conflictPolicy: 'Error',
    strategy: 'JSON',
  })
})

// dataFrom.find and metadataPolicy Fetch, planned (client_get_all_secrets.go, runtime/find/find.go).
test('plan: a find is a read at its dataFrom index, with its strategies on the remoteRef', () => {
  const { plan, errors } = planExternalSecret(es({ dataFrom: [{ extract: { key: 'a' } }, { find: { path: 'team', name: { regexp: '^db' }, conversionStrategy: 'Unicode' } }] }), ctx)
  assert.deepEqual(errors, [])
  const read = plan!.reads[1]
  assert.equal(read.source, 'find')
  assert.equal(read.fieldPath, 'spec.dataFrom[1].find')
  assert.deepEqual(read.remoteRef, { key: 'team', decodingStrategy: '', conversionStrategy: 'Unicode', nullBytePolicy: '' })
  assert.equal(read.find?.path, 'team')
  assert.equal(read.find?.matchName?.('team/db'), false, 'unanchored, but ^ anchors at the name’s start')
  assert.equal(read.find?.matchName?.('db/x'), true)
})

test('plan: an invalid find.name.regexp is refused at its field with ESO’s words', () => {
  const { plan, errors } = planExternalSecret(es({ dataFrom: [{ find: { name: { regexp: '[' } } }] }), ctx)
  assert.equal(plan, undefined)
  assert.deepEqual(
    errors.map((e) => [e.code, e.fieldPath, e.message]),
    [['SCHEMA_INVALID', 'spec.dataFrom[0].find.name.regexp', 'could not compile find.name.regexp [[]: error parsing regexp: missing closing ]: `[`']],
  )
})

test('plan: metadataPolicy Fetch rides on the remoteRef (None and unset do not)', () => {
  const { plan } = planExternalSecret(
    es({
      data: [
        { secretKey: 'a', remoteRef: { key: 'k', metadataPolicy: 'Fetch' } },
        { secretKey: 'b', remoteRef: { key: 'k', metadataPolicy: 'None' } },
      ],
      dataFrom: [{ extract: { key: 'k', metadataPolicy: 'Fetch' } }],
    }),
    ctx,
  )
  assert.deepEqual(
    plan?.reads.map((r) => r.remoteRef.metadataPolicy),
    ['Fetch', 'Fetch', undefined],
  )
})
