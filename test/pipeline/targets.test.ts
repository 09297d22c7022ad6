// src/pipeline/targets.ts: where each planned read goes once its store is resolved, and what ESO
// refuses for the store's KV version (with ESO's words: providers/v1/vault/client_get.go
// errUnsupportedMetadataKvVersion and buildMetadataPath, client_get_all_secrets.go
// errUnsupportedKvVersion), before anything is sent: the render tests below check the server's log.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { firstRequestPath, readTarget } from '../../src/pipeline/targets.ts'
import type { PlannedRead } from '../../src/eso/plan.ts'
import type { ResolvedStore } from '../../src/eso/stores.ts'
import type { KvStore } from '../../src/vault/kv-path.ts'
import { RenderError } from '../../src/errors.ts'
import { runRender } from '../../src/hosts/stream.ts'
import { startVaultDouble } from '../vault-server/double.ts'

const strategies = { decodingStrategy: '' as const, conversionStrategy: '' as const, nullBytePolicy: '' as const }
const storeRef = { kind: 'SecretStore' as const, name: 'vault', fieldPath: 'spec.secretStoreRef' }
const data = (key: string, extra: Partial<PlannedRead['remoteRef']> = {}): PlannedRead => ({
  source: 'data',
  index: 0,
  fieldPath: 'spec.data[0]',
  secretKey: 'k',
  store: storeRef,
  remoteRef: { key, ...strategies, ...extra },
})
const extract = (key: string, extra: Partial<PlannedRead['remoteRef']> = {}): PlannedRead => ({
  source: 'extract',
  index: 0,
  fieldPath: 'spec.dataFrom[0].extract',
  store: storeRef,
  remoteRef: { key, ...strategies, ...extra },
})
const find = (f: NonNullable<PlannedRead['find']>): PlannedRead => ({
  source: 'find',
  index: 1,
  fieldPath: 'spec.dataFrom[1].find',
  store: storeRef,
  remoteRef: { key: f.path ?? '', ...strategies },
  find: f,
})
const V2: KvStore = { path: 'secret', version: 'v2' }
const V1: KvStore = { path: 'kv', version: 'v1' }
const V2_NO_PATH: KvStore = { version: 'v2' }

const paths: { name: string; kv: KvStore; read: PlannedRead; want: string }[] = [
  { name: 'a data read', kv: V2, read: data('app'), want: 'secret/data/app' },
  { name: 'metadataPolicy Fetch: the metadata endpoint', kv: V2, read: data('app', { metadataPolicy: 'Fetch' }), want: 'secret/metadata/app' },
  { name: 'metadata keeps a full-path key whole (ESO does not strip the mount)', kv: V2, read: data('secret/app', { metadataPolicy: 'Fetch' }), want: 'secret/metadata/secret/app' },
  { name: 'metadata without a store path: the first /data/ becomes /metadata/', kv: V2_NO_PATH, read: extract('secret/data/app', { metadataPolicy: 'Fetch' }), want: 'secret/metadata/app' },
  { name: 'a find at the mount root', kv: V2, read: find({}), want: 'secret/metadata/' },
  { name: 'a find under a path', kv: V2, read: find({ path: 'team/app' }), want: 'secret/metadata/team/app/' },
  { name: 'a find on KV v1', kv: V1, read: find({ path: 'team' }), want: 'kv/team/' },
  { name: 'a find on KV v1 at the root', kv: V1, read: find({}), want: 'kv/' },
  { name: 'a find without a store path, its path naming mount and data', kv: V2_NO_PATH, read: find({ path: 'secret/data/team' }), want: 'secret/metadata/team/' },
]
for (const c of paths) {
  test(`firstRequestPath: ${c.name}`, () => assert.equal(firstRequestPath(c.kv, c.read), c.want))
}

const refused: { name: string; kv: KvStore; read: PlannedRead; field: string; message: RegExp }[] = [
  {
    name: 'metadataPolicy Fetch on KV v1',
    kv: V1,
    read: data('app', { metadataPolicy: 'Fetch' }),
    field: 'spec.data[0].remoteRef.metadataPolicy',
    message: /^cannot perform metadata fetch operations with kv version v1: /,
  },
  {
    name: 'an extract with metadataPolicy Fetch on KV v1',
    kv: V1,
    read: extract('app', { metadataPolicy: 'Fetch' }),
    field: 'spec.dataFrom[0].extract.metadataPolicy',
    message: /^cannot perform metadata fetch operations with kv version v1/,
  },
  {
    name: 'find tags on KV v1, even with a name',
    kv: V1,
    read: find({ tags: {}, matchName: () => true, regexp: '' }),
    field: 'spec.dataFrom[1].find.tags',
    message: /^cannot perform find by tag operations with kv version v1: /,
  },
  { name: 'a find on KV v1 without the store path', kv: { version: 'v1' }, read: find({ path: 'x' }), field: 'spec.dataFrom[1].find', message: /needs the store's spec\.provider\.vault\.path/ },
  { name: 'a find without store path nor data in its path', kv: V2_NO_PATH, read: find({ path: 'team' }), field: 'spec.dataFrom[1].find', message: /^provided Path isn't a valid kv v2 path: / },
  {
    name: 'metadata without store path nor data in the key',
    kv: V2_NO_PATH,
    read: data('app', { metadataPolicy: 'Fetch' }),
    field: 'spec.data[0].remoteRef.key',
    message: /^provided Path isn't a valid kv v2 path/,
  },
]
for (const c of refused) {
  test(`firstRequestPath: ${c.name} is refused at ${c.field}`, () => {
    assert.throws(
      () => firstRequestPath(c.kv, c.read),
      (e: unknown) => e instanceof RenderError && e.fieldPath === c.field && c.message.test(e.message),
    )
  })
}

const resolved = (kv: KvStore): ResolvedStore => ({
  key: 'store-identity',
  resource: { kind: 'SecretStore', name: 'vault', namespace: 'apps' },
  kv,
  conn: { address: 'http://127.0.0.1:1' },
  addressSource: 'store',
  auth: { kind: 'token', token: 't', author: 'input', source: 'Secret apps/tok key token' },
  credential: { author: 'input', source: 'Secret apps/tok key token' },
})

test('readTarget: a data read, its metadata read and a find are three requests; a version is ignored for metadata', () => {
  const s = resolved(V2)
  const plain = readTarget(s, data('app', { version: '2' }))
  const meta = readTarget(s, data('app', { version: '2', metadataPolicy: 'Fetch' }))
  const found = readTarget(s, find({ path: 'app' }))
  assert.deepEqual([plain.path, plain.version, plain.metadata], ['secret/data/app', '2', undefined])
  assert.deepEqual([meta.path, meta.version, meta.metadata], ['secret/metadata/app', undefined, true])
  assert.equal(found.path, 'secret/metadata/app/')
  assert.deepEqual(found.find?.query, { path: 'app' })
  assert.equal(new Set([plain.key, meta.key, found.key]).size, 3)
})

test('readTarget: two finds of one path are two targets unless they ask the same', () => {
  const s = resolved(V2)
  const byName = readTarget(s, find({ path: 'app', regexp: 'db', matchName: () => true }))
  const byTags = readTarget(s, find({ path: 'app', tags: { b: '2', a: '1' } }))
  const sameTags = readTarget(s, find({ path: 'app', tags: { a: '1', b: '2' } }))
  assert.notEqual(byName.key, byTags.key)
  assert.equal(byTags.key, sameTags.key)
})

// End to end: ESO's refusals and an invalid regexp fail the run before any Vault request.
const input = (store: string, dataFrom: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: tok, namespace: apps}\nstringData: {token: root}\n---\napiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault: {server: 'https://vault.example.com', ${store}, auth: {tokenSecretRef: {name: tok, key: token}}}\n---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  dataFrom:\n  - ${dataFrom}\n`
const beforeAnyRequest: [string, string, string, RegExp][] = [
  [
    'an invalid find.name.regexp',
    'path: secret, version: v2',
    'find: {name: {regexp: "a(b"}}',
    /spec\.dataFrom\[0\]\.find\.name\.regexp: could not compile find\.name\.regexp \[a\(b\]: error parsing regexp: missing closing \): `a\(b`/,
  ],
  ['find tags on KV v1', 'path: kv, version: v1', 'find: {tags: {a: b}}', /spec\.dataFrom\[0\]\.find\.tags: cannot perform find by tag operations with kv version v1/],
  [
    'metadataPolicy Fetch on KV v1',
    'path: kv, version: v1',
    'extract: {key: app, metadataPolicy: Fetch}',
    /spec\.dataFrom\[0\]\.extract\.metadataPolicy: cannot perform metadata fetch operations with kv version v1/,
  ],
]
for (const [name, store, dataFrom, message] of beforeAnyRequest) {
  test(`render: ${name} fails before any Vault request`, async () => {
    const v = await startVaultDouble({ seed: { secret: { version: 2, secrets: { app: { a: 'b' } } }, kv: { version: 1, secrets: { app: { a: 'b' } } } } })
    try {
      const out = await runRender({ args: ['-'], stdin: async () => input(store, dataFrom), env: { VAULT_ADDR: v.url }, readFile: () => '' })
      assert.equal(out.exitCode, 1)
      assert.equal(out.stdout, '')
      assert.match(out.stderr, message)
      assert.equal(v.requestCount(), 0)
    } finally {
      await v.close()
    }
  })
}
