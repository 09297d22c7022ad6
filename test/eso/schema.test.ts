// src/eso/schema.ts: each schema problem is a SCHEMA_INVALID at its field path; messages name the
// schema's types and allowed values, never the data.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadSchemas, validateResource } from '../../src/eso/schema.ts'

await loadSchemas()

const CANARY = 'SCHEMA-CANARY-a51c0'
const resource = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', namespace: 'apps' }
const store = { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', name: 'vault', namespace: 'apps' }
const es = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'app', namespace: 'apps' },
  spec: { secretStoreRef: { name: 'vault' }, data: [{ secretKey: 'k', remoteRef: { key: 'app' } }], ...spec },
  ...extra,
})
const ss = (vault: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'SecretStore',
  metadata: { name: 'vault', namespace: 'apps' },
  spec: { provider: { vault: { server: 'https://vault.example.com', ...vault } }, ...spec },
})

const rows: { name: string; kind: 'ExternalSecret' | 'SecretStore'; object: unknown; want: { field: string; message: string | RegExp }[] }[] = [
  { name: 'a valid ExternalSecret', kind: 'ExternalSecret', object: es({}), want: [] },
  { name: 'a valid SecretStore', kind: 'SecretStore', object: ss({ path: 'secret', version: 'v2' }), want: [] },
  { name: 'an unknown field in spec', kind: 'ExternalSecret', object: es({ dta: [] }), want: [{ field: 'spec.dta', message: 'unknown field' }] },
  {
    name: 'an unknown field in remoteRef',
    kind: 'ExternalSecret',
    object: es({ data: [{ secretKey: 'k', remoteRef: { key: 'a', propery: 'p' } }] }),
    want: [{ field: 'spec.data[0].remoteRef.propery', message: 'unknown field' }],
  },
  {
    name: 'an unknown field deep in the template',
    kind: 'ExternalSecret',
    object: es({ target: { template: { metadata: { label: {} } } } }),
    want: [{ field: 'spec.target.template.metadata.label', message: 'unknown field' }],
  },
  { name: 'a string where a list belongs', kind: 'ExternalSecret', object: es({ data: 'nope' }), want: [{ field: 'spec.data', message: 'must be array' }] },
  {
    name: 'a number where a string belongs',
    kind: 'ExternalSecret',
    object: es({ data: [{ secretKey: 'k', remoteRef: { key: 42 } }] }),
    want: [{ field: 'spec.data[0].remoteRef.key', message: 'must be string' }],
  },
  { name: 'a string where a boolean belongs', kind: 'ExternalSecret', object: es({ target: { immutable: 'yes' } }), want: [{ field: 'spec.target.immutable', message: 'must be boolean' }] },
  {
    name: 'a label value that is not a string',
    kind: 'ExternalSecret',
    object: { ...es({}), metadata: { name: 'app', labels: { tier: 1 } } },
    want: [{ field: 'metadata.labels.tier', message: 'must be string' }],
  },
  {
    name: 'an enum: creationPolicy',
    kind: 'ExternalSecret',
    object: es({ target: { creationPolicy: 'Sometimes' } }),
    want: [{ field: 'spec.target.creationPolicy', message: 'must be one of Owner, Orphan, Merge, None, CreateOrMerge' }],
  },
  {
    name: 'an enum: decodingStrategy (the empty value is not listed)',
    kind: 'ExternalSecret',
    object: es({ data: [{ secretKey: 'k', remoteRef: { key: 'a', decodingStrategy: 'base64' } }] }),
    want: [{ field: 'spec.data[0].remoteRef.decodingStrategy', message: 'must be one of Auto, Base64, Base64URL, None' }],
  },
  {
    name: 'an enum: secretStoreRef.kind',
    kind: 'ExternalSecret',
    object: es({ secretStoreRef: { name: 'v', kind: 'Store' } }),
    want: [{ field: 'spec.secretStoreRef.kind', message: 'must be one of SecretStore, ClusterSecretStore' }],
  },
  { name: 'an enum: store KV version', kind: 'SecretStore', object: ss({ version: 'v3' }), want: [{ field: 'spec.provider.vault.version', message: 'must be one of v1, v2' }] },
  {
    name: 'a secretKey with a slash',
    kind: 'ExternalSecret',
    object: es({ data: [{ secretKey: 'a/b', remoteRef: { key: 'a' } }] }),
    want: [{ field: 'spec.data[0].secretKey', message: 'must match ^[-._a-zA-Z0-9]+$' }],
  },
  {
    name: 'a missing remoteRef.key',
    kind: 'ExternalSecret',
    object: es({ data: [{ secretKey: 'k', remoteRef: {} }] }),
    want: [{ field: 'spec.data[0].remoteRef.key', message: 'required field is missing' }],
  },
  {
    name: 'a missing spec',
    kind: 'ExternalSecret',
    object: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'app' } },
    want: [{ field: 'spec', message: 'required field is missing' }],
  },
  { name: 'a missing metadata.name', kind: 'ExternalSecret', object: { ...es({}), metadata: {} }, want: [{ field: 'metadata.name', message: 'required field is missing' }] },
  { name: 'a store without provider', kind: 'SecretStore', object: { ...ss({}), spec: {} }, want: [{ field: 'spec.provider', message: 'required field is missing' }] },
  {
    name: 'a vault provider without server',
    kind: 'SecretStore',
    object: { ...ss({}), spec: { provider: { vault: { path: 'secret' } } } },
    want: [{ field: 'spec.provider.vault.server', message: 'required field is missing' }],
  },
  { name: 'an unknown store spec field', kind: 'SecretStore', object: ss({}, { retrySetings: {} }), want: [{ field: 'spec.retrySetings', message: 'unknown field' }] },
  { name: 'an empty provider', kind: 'SecretStore', object: { ...ss({}), spec: { provider: {} } }, want: [{ field: 'spec.provider', message: /exactly one provider must be set.*found none/ }] },
  // Issue 14: ESO's SecretStoreProvider has maxProperties 1.
  {
    name: 'two providers (issue 14)',
    kind: 'SecretStore',
    object: { ...ss({}), spec: { provider: { vault: { server: 'https://v' }, aws: { region: 'eu-west-1' } } } },
    want: [{ field: 'spec.provider', message: "exactly one provider may be set (ESO's SecretStoreProvider allows one per store); found 2: vault, aws" }],
  },
  {
    name: 'three providers, one named oddly (issue 14)',
    kind: 'SecretStore',
    object: { ...ss({}), spec: { provider: { vault: { server: 'https://v' }, gcpsm: {}, 'a\nb': {} } } },
    want: [{ field: 'spec.provider', message: /found 3: vault, gcpsm, "a\\nb"$/ }],
  },
  { name: 'a second provider written as null is absent', kind: 'SecretStore', object: { ...ss({}), spec: { provider: { vault: { server: 'https://v' }, aws: null } } }, want: [] },
  // Issue 14: one bad field gives one error, the most informative one.
  {
    name: 'a number where one of a few strings belongs: one error, the allowed values (issue 14)',
    kind: 'ExternalSecret',
    object: es({ target: { creationPolicy: 5 } }),
    want: [{ field: 'spec.target.creationPolicy', message: 'must be one of Owner, Orphan, Merge, None, CreateOrMerge' }],
  },
  {
    name: 'a list where a store KV version belongs: one error (issue 14)',
    kind: 'SecretStore',
    object: ss({ version: ['v2'] }),
    want: [{ field: 'spec.provider.vault.version', message: 'must be one of v1, v2' }],
  },
  {
    name: 'a secretKey too long and off the pattern: one error, the pattern (issue 14)',
    kind: 'ExternalSecret',
    object: es({ data: [{ secretKey: `${'a'.repeat(254)}/`, remoteRef: { key: 'a' } }] }),
    want: [{ field: 'spec.data[0].secretKey', message: 'must match ^[-._a-zA-Z0-9]+$' }],
  },
  {
    name: 'a number in an enum of a remoteRef and a wrong type beside it: one error each',
    kind: 'ExternalSecret',
    object: es({ data: [{ secretKey: 'k', remoteRef: { key: 1, decodingStrategy: true } }] }),
    want: [
      { field: 'spec.data[0].remoteRef.decodingStrategy', message: 'must be one of Auto, Base64, Base64URL, None' },
      { field: 'spec.data[0].remoteRef.key', message: 'must be string' },
    ],
  },
  {
    name: 'several problems are all reported',
    kind: 'ExternalSecret',
    object: es({ target: { creationPolicy: 'X', immutable: 1 }, extra: true }),
    want: [
      { field: 'spec.extra', message: 'unknown field' },
      { field: 'spec.target.creationPolicy', message: /must be one of/ },
      { field: 'spec.target.immutable', message: 'must be boolean' },
    ],
  },
]
for (const r of rows) {
  test(`schema: ${r.name}${r.want.length ? ` → ${r.want.map((w) => w.field).join(', ')}` : ' passes'}`, () => {
    const errors = validateResource(r.kind, r.object, r.kind === 'SecretStore' ? store : resource, { path: 'in.yaml', index: 1 })
    const got = errors.map((e) => ({ field: e.fieldPath, message: e.message })).sort((a, b) => a.field!.localeCompare(b.field!))
    assert.equal(got.length, r.want.length, JSON.stringify(got))
    r.want.forEach((w, i) => {
      assert.equal(got[i].field, w.field)
      if (typeof w.message === 'string') assert.equal(got[i].message, w.message)
      else assert.match(got[i].message, w.message)
    })
    for (const e of errors) {
      assert.equal(e.code, 'SCHEMA_INVALID')
      assert.deepEqual(e.resource, r.kind === 'SecretStore' ? store : resource)
      assert.deepEqual(e.file, { path: 'in.yaml', index: 1 })
    }
  })
}

// A wrong value never reaches the message: the field is named, the value is not.
const leaks: { name: string; object: unknown }[] = [
  { name: 'wrong type', object: es({ data: [{ secretKey: 'k', remoteRef: { key: { value: CANARY } } }] }) },
  { name: 'enum', object: es({ target: { creationPolicy: CANARY } }) },
  { name: 'pattern', object: es({ data: [{ secretKey: `${CANARY}/x`, remoteRef: { key: 'a' } }] }) },
  { name: 'unknown field holding a value', object: es({ secretValue: CANARY }) },
]
for (const c of leaks) {
  test(`schema: a ${c.name} problem does not quote the value`, () => {
    const errors = validateResource('ExternalSecret', c.object, resource)
    assert.ok(errors.length > 0)
    for (const e of errors) assert.ok(!e.message.includes(CANARY) && !(e.fieldPath ?? '').includes(CANARY))
  })
}

test('schema: v1beta1 and v1 objects pass the same schema', () => {
  assert.deepEqual(validateResource('ExternalSecret', { ...es({}), apiVersion: 'external-secrets.io/v1beta1' }, resource), [])
})

test('schema: every field is reported once, whatever ajv reports for it (issue 14)', () => {
  const bad = { secretKey: `${'a'.repeat(254)}/`, remoteRef: { key: 2, conversionStrategy: 3, decodingStrategy: [] } }
  const errors = validateResource('ExternalSecret', es({ data: [bad, bad], target: { creationPolicy: 1, deletionPolicy: {} } }), resource)
  const fields = errors.map((e) => e.fieldPath)
  assert.equal(new Set(fields).size, fields.length, fields.join('\n'))
  assert.equal(fields.length, 10)
})

test('schema: a store with two providers does not quote what they hold', () => {
  const errors = validateResource('SecretStore', { ...ss({}), spec: { provider: { vault: { server: CANARY }, aws: { region: CANARY } } } }, store)
  assert.equal(errors.length, 1)
  assert.ok(!errors[0].message.includes(CANARY))
})

// apis/externalsecrets/v1 GeneratorRef: kind is an enum of the generator kinds, name a DNS-1123 subdomain.
test("schema: a generatorRef names one of ESO's generator kinds and a DNS-1123 name", () => {
  const ref = (generatorRef: Record<string, unknown>) => es({ data: undefined, dataFrom: [{ sourceRef: { generatorRef } }] })
  assert.deepEqual(validateResource('ExternalSecret', ref({ kind: 'Password', name: 'pw' }), resource), [])
  assert.deepEqual(validateResource('ExternalSecret', ref({ kind: 'ClusterGenerator', name: 'a.b-c' }), resource), [])
  const bad = validateResource('ExternalSecret', ref({ kind: 'Passwd', name: 'Bad_Name' }), resource)
    .map((e) => e.fieldPath)
    .sort()
  assert.deepEqual(bad, ['spec.dataFrom[0].sourceRef.generatorRef.kind', 'spec.dataFrom[0].sourceRef.generatorRef.name'])
})

// ESO v2.9 declares spec.syncWindows as one object (apis/externalsecrets/v1/externalsecret_types.go
// ExternalSecretSyncWindows: kind allow|deny, windows with minItems 1; each window's schedule has the
// CRD's pattern, config/crds/bases/external-secrets.io_externalsecrets.yaml), not a list of windows.
const syncWindowRows: { name: string; syncWindows: unknown; want: { field: string; message: string | RegExp }[] }[] = [
  { name: 'an allow window', syncWindows: { kind: 'allow', windows: [{ schedule: '0 22 * * 1-5', duration: '8h' }] }, want: [] },
  {
    name: 'a deny window with a descriptor',
    syncWindows: {
      kind: 'deny',
      windows: [
        { schedule: '@daily', duration: '1h' },
        { schedule: '@every 1h', duration: '5m' },
      ],
    },
    want: [],
  },
  { name: 'a list, as older docs drew it', syncWindows: [{ kind: 'allow', schedule: '0 22 * * *', duration: '8h' }], want: [{ field: 'spec.syncWindows', message: 'must be object' }] },
  { name: 'no kind', syncWindows: { windows: [{ schedule: '@daily', duration: '1h' }] }, want: [{ field: 'spec.syncWindows.kind', message: 'required field is missing' }] },
  { name: 'an unknown kind', syncWindows: { kind: 'block', windows: [{ schedule: '@daily', duration: '1h' }] }, want: [{ field: 'spec.syncWindows.kind', message: 'must be one of allow, deny' }] },
  { name: 'no windows', syncWindows: { kind: 'allow', windows: [] }, want: [{ field: 'spec.syncWindows.windows', message: /must NOT have fewer than 1 items/ }] },
  {
    name: 'a schedule of four fields',
    syncWindows: { kind: 'allow', windows: [{ schedule: '0 22 * *', duration: '1h' }] },
    want: [{ field: 'spec.syncWindows.windows[0].schedule', message: /^must match / }],
  },
  {
    name: 'a window without a duration',
    syncWindows: { kind: 'deny', windows: [{ schedule: '@hourly' }] },
    want: [{ field: 'spec.syncWindows.windows[0].duration', message: 'required field is missing' }],
  },
  {
    name: 'an unknown field in a window',
    syncWindows: { kind: 'deny', windows: [{ schedule: '@hourly', duration: '1m', timezone: 'UTC' }] },
    want: [{ field: 'spec.syncWindows.windows[0].timezone', message: 'unknown field' }],
  },
]
for (const r of syncWindowRows) {
  test(`schema: syncWindows, ${r.name}${r.want.length ? ` → ${r.want.map((w) => w.field).join(', ')}` : ' passes'}`, () => {
    const got = validateResource('ExternalSecret', es({ syncWindows: r.syncWindows }), resource).map((e) => ({ field: e.fieldPath, message: e.message }))
    assert.equal(got.length, r.want.length, JSON.stringify(got))
    r.want.forEach((w, i) => {
      assert.equal(got[i].field, w.field)
      if (typeof w.message === 'string') assert.equal(got[i].message, w.message)
      else assert.match(got[i].message, w.message)
    })
  })
}

// ESO's CRD (apis/externalsecrets/v1 ExternalSecretRewrite): MinProperties=1, MaxProperties=1, and
// merge's enums (ExternalSecretRewriteMerge).
test('schema: a rewrite entry holds exactly one operation, and merge only its fields and values', () => {
  const rewrite = (r: unknown) => es({ data: undefined, dataFrom: [{ extract: { key: 'a' }, rewrite: [r] }] })
  assert.deepEqual(validateResource('ExternalSecret', rewrite({ merge: { into: 'x', priority: ['a'], priorityPolicy: 'IgnoreNotFound', conflictPolicy: 'Ignore', strategy: 'JSON' } }), resource), [])
  for (const bad of [
    {},
    { regexp: { source: 'a', target: 'b' }, transform: { template: 'x' } },
    { merge: { strategy: 'Deep' } },
    { merge: { conflictPolicy: 'Warn' } },
    { merge: { intoo: 'x' } },
    { regexp: { source: 'a' } },
  ]) {
    const errors = validateResource('ExternalSecret', rewrite(bad), resource)
    assert.ok(errors.length > 0, JSON.stringify(bad))
    assert.ok(
      errors.every((e) => e.code === 'SCHEMA_INVALID' && (e.fieldPath ?? '').startsWith('spec.dataFrom[0].rewrite[0]')),
      errors.map((e) => `${e.fieldPath}: ${e.message}`).join('\n'),
    )
  }
})
