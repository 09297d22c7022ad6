// src/vault/kv.ts: readKv against the bundled Vault-compatible server. A found secret, the three
// not-found outcomes, and every failure as a RenderError whose message names method, path, status
// and Vault's error text — never the token or a secret value.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readKv, type KvReadResult } from '../../src/vault/kv.ts'
import type { ClientOptions, VaultConnection } from '../../src/vault/client.ts'
import type { KvStore } from '../../src/vault/kv-path.ts'
import { RenderError } from '../../src/errors.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

const TOKEN = 'hvs.KV-CANARY-tok-3f8a'
const VALUE = 'KV-CANARY-value-b21d'
const seed = {
  secret: {
    version: 2 as const,
    token: TOKEN,
    secrets: { app: { password: VALUE, port: 5432 } },
    versions: { multi: { '1': { v: 'one' }, '2': { v: 'two' }, '3': { v: `three-${VALUE}` } }, gone: { '1': { v: VALUE } } },
    deletedVersions: { multi: [2], gone: [1] },
    destroyedVersions: { multi: [1] },
  },
  kv: { version: 1 as const, secrets: { app: { user: 'admin', password: VALUE } } },
  team: { version: 2 as const, vaultNamespace: 'team-a', secrets: { app: { k: 'in-namespace' } } },
}
const V2: KvStore = { path: 'secret', version: 'v2' }
const V1: KvStore = { path: 'kv', version: 'v1' }
const client: ClientOptions = { timeoutMs: 2000, retries: 0, backoffMs: 1 }

async function withVault(fn: (v: VaultDouble) => Promise<void>): Promise<void> {
  const v = await startVaultDouble({ seed })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}
const plainData = (r: KvReadResult) => {
  assert.ok(r.found, `not found: ${JSON.stringify(r)}`)
  return Object.fromEntries([...r.data].map(([k, v]) => [k, typeof v === 'object' && v !== null && 'literal' in v ? (v as { literal: string }).literal : v]))
}

const reads: { name: string; store: KvStore; path: string; version?: string; conn?: Partial<VaultConnection>; want: Record<string, unknown> | Extract<KvReadResult, { found: false }> }[] = [
  { name: 'KV v2: 200 gives the inner data, numbers as their literal', store: V2, path: 'secret/data/app', want: { password: VALUE, port: '5432' } },
  { name: 'KV v2: a version by query', store: V2, path: 'secret/data/multi', version: '3', want: { v: `three-${VALUE}` } },
  { name: 'KV v2: without version, the latest', store: V2, path: 'secret/data/multi', want: { v: `three-${VALUE}` } },
  { name: 'KV v1: 200 gives the data itself', store: V1, path: 'kv/app', want: { user: 'admin', password: VALUE } },
  { name: 'KV v2 in an Enterprise namespace (X-Vault-Namespace)', store: { path: 'team', version: 'v2' }, path: 'team/data/app', conn: { namespace: 'team-a' }, want: { k: 'in-namespace' } },
  { name: 'KV v2: 404 for a missing secret', store: V2, path: 'secret/data/nope', want: { found: false, reason: 'missing' } },
  { name: 'KV v1: 404 for a missing secret', store: V1, path: 'kv/nope', want: { found: false, reason: 'missing' } },
  { name: 'a path under no mount is missing, as the Go client reads a 404', store: V2, path: 'nomount/data/x', want: { found: false, reason: 'missing' } },
  { name: 'KV v2: a soft-deleted version', store: V2, path: 'secret/data/multi', version: '2', want: { found: false, reason: 'deleted' } },
  { name: 'KV v2: a soft-deleted latest version', store: V2, path: 'secret/data/gone', want: { found: false, reason: 'deleted' } },
  { name: 'KV v2: a destroyed version', store: V2, path: 'secret/data/multi', version: '1', want: { found: false, reason: 'destroyed' } },
  { name: 'KV v2: a version that never existed', store: V2, path: 'secret/data/multi', version: '9', want: { found: false, reason: 'missing' } },
]
for (const c of reads) {
  test(`readKv: ${c.name}`, async () => {
    await withVault(async (v) => {
      const r = await readKv({ address: v.url, ...c.conn }, TOKEN, c.store, c.path, c.version, client)
      if ('found' in c.want) assert.deepEqual(r, c.want)
      else assert.deepEqual(plainData(r), c.want)
      assert.equal(v.requests.length, 1)
      assert.equal(v.requests[0].path, c.path)
      assert.equal(v.requests[0].query, c.version ? `version=${c.version}` : '')
      assert.notEqual(v.requests[0].identity, 'invalid')
    })
  })
}

const failures: { name: string; arrange?: (v: VaultDouble) => void | Promise<void>; store?: KvStore; path?: string; version?: string; token?: string; code: string; message: RegExp | string }[] = [
  {
    name: '403 from a policy',
    arrange: (v) => v.deny('secret', 'app'),
    code: 'VAULT_DENIED',
    message: 'cannot read secret data from Vault: GET /v1/secret/data/app: Code: 403. Errors: permission denied',
  },
  {
    name: '403 for an unknown token (multierror flattened)',
    token: 'hvs.KV-CANARY-wrong-77c1',
    code: 'VAULT_DENIED',
    message: 'cannot read secret data from Vault: GET /v1/secret/data/app: Code: 403. Errors: permission denied; invalid token',
  },
  { name: '403 without a token', token: '', code: 'VAULT_DENIED', message: /Code: 403\./ },
  { name: 'a sealed Vault', arrange: (v) => v.seal(), code: 'VAULT_SEALED', message: 'cannot read secret data from Vault: GET /v1/secret/data/app: Code: 503. Errors: Vault is sealed' },
  {
    name: 'a 503 that is not sealed',
    arrange: (v) => v.failNext({ status: 503, body: '{"errors":["standby node"]}' }),
    code: 'VAULT_ERROR',
    message: 'cannot read secret data from Vault: GET /v1/secret/data/app: Code: 503. Errors: standby node',
  },
  {
    name: 'a 500 with the multierror body',
    arrange: (v) => v.failNext({ status: 500 }),
    code: 'VAULT_ERROR',
    message: 'cannot read secret data from Vault: GET /v1/secret/data/app: Code: 500. Errors: injected failure',
  },
  {
    name: 'a 400 with two errors',
    arrange: (v) => v.failNext({ status: 400, body: '{"errors":["bad one","bad two"]}' }),
    code: 'VAULT_ERROR',
    message: 'cannot read secret data from Vault: GET /v1/secret/data/app: Code: 400. Errors: bad one; bad two',
  },
  {
    name: 'a 502 from a proxy with an HTML body',
    arrange: (v) => v.failNext({ status: 502, body: `<html>bad gateway ${VALUE}</html>` }),
    code: 'VAULT_ERROR',
    message: 'cannot read secret data from Vault: GET /v1/secret/data/app: Code: 502. Errors: no error text',
  },
  {
    name: 'a 429 with a version in the request',
    arrange: (v) => v.failNext({ status: 429, body: '{"errors":["rate limited"]}' }),
    version: '2',
    code: 'VAULT_ERROR',
    message: 'cannot read secret data from Vault: GET /v1/secret/data/app?version=2: Code: 429. Errors: rate limited',
  },
  {
    name: 'a 200 whose body is not JSON',
    arrange: (v) => v.failNext({ status: 200, body: `not json ${VALUE}` }),
    code: 'VAULT_ERROR',
    message: /^the server at http:\/\/127\.0\.0\.1:\d+ does not answer like Vault: GET \/v1\/secret\/data\/app got 200 with content type application\/json, not Vault's JSON/,
  },
  {
    name: 'a 404 from a web server (HTML)',
    arrange: (v) => v.failNext({ status: 404, body: '<html>404</html>', headers: { 'Content-Type': 'text/html' } }),
    code: 'VAULT_ERROR',
    message: /does not answer like Vault: GET \/v1\/secret\/data\/app got 404 with content type text\/html/,
  },
  {
    name: 'a 200 JSON object without an envelope',
    arrange: (v) => v.failNext({ status: 200, body: '{"status":"ok"}' }),
    code: 'VAULT_ERROR',
    message: /does not answer like Vault: GET \/v1\/secret\/data\/app got 200/,
  },
  // Issue 14: a 200 of the wrong shape names the request and says what a KV answer holds; never the body.
  {
    name: 'a KV v2 read of a KV v1 answer (no data.data)',
    store: V2,
    path: 'kv/app',
    code: 'VAULT_ERROR',
    message:
      "cannot read secret data from Vault: GET /v1/kv/app: failed to find data field: a KV v2 answer has data.data as an object (null for a deleted version); this answer has data without data.data (check the store's path and version)",
  },
  {
    name: 'a KV v2 answer whose data is a string (issue 14)',
    arrange: (v) => v.failNext({ status: 200, body: `{"data":"${VALUE}"}` }),
    code: 'VAULT_ERROR',
    message:
      "cannot read secret data from Vault: GET /v1/secret/data/app: failed to find data field: a KV v2 answer has data.data as an object (null for a deleted version); this answer has data as a string (check the store's path and version)",
  },
  {
    name: 'a KV v2 envelope whose data is null (issue 14)',
    arrange: (v) => v.failNext({ status: 200, body: '{"request_id":"r","data":null}' }),
    version: '3',
    code: 'VAULT_ERROR',
    message: /^cannot read secret data from Vault: GET \/v1\/secret\/data\/app\?version=3: failed to find data field: .*; this answer has data as null /,
  },
  {
    name: 'a KV v2 answer whose data.data is a list (issue 14)',
    arrange: (v) => v.failNext({ status: 200, body: `{"data":{"data":["${VALUE}"],"metadata":{}}}` }),
    code: 'VAULT_ERROR',
    message:
      /^cannot read secret data from Vault: GET \/v1\/secret\/data\/app: failed to unmarshall JSON: a KV v2 answer has data\.data as an object \(null for a deleted version\); this answer has data\.data as a list /,
  },
  {
    name: 'a KV v2 answer whose data.data is a number (issue 14)',
    arrange: (v) => v.failNext({ status: 200, body: '{"data":{"data":5432}}' }),
    code: 'VAULT_ERROR',
    message: /this answer has data\.data as a number \(check the store's path and version\)$/,
  },
  {
    name: 'a KV v1 answer whose data is not an object',
    store: V1,
    arrange: (v) => v.failNext({ status: 200, body: `{"data":"${VALUE}"}` }),
    code: 'VAULT_ERROR',
    message:
      "cannot read secret data from Vault: GET /v1/secret/data/app: failed to unmarshall JSON: a KV v1 answer has data as an object; this answer has data as a string (check the store's path and version)",
  },
  {
    name: 'a 200 of some other JSON object (issue 14)',
    arrange: (v) => v.failNext({ status: 200, body: `{"foo":1,"v":"${VALUE}"}` }),
    code: 'VAULT_ERROR',
    message: /^the server at http:\/\/127\.0\.0\.1:\d+ does not answer like Vault: GET \/v1\/secret\/data\/app got 200 with content type application\/json, not Vault's JSON/,
  },
  {
    name: 'a KV v2 path without data/ (Vault warns of an invalid path)',
    store: V2,
    path: 'secret/app',
    code: 'VAULT_ERROR',
    message: "cannot read secret data from Vault: GET /v1/secret/app: failed to find data field: Vault says the path is not valid for a KV v2 mount; check the store's path and version, and the key",
  },
  {
    name: 'connection refused',
    arrange: (v) => v.close(),
    code: 'VAULT_UNREACHABLE',
    message: /^cannot read secret data from Vault: GET \/v1\/secret\/data\/app: cannot connect to http:\/\/127\.0\.0\.1:\d+: connection refused$/,
  },
  {
    name: 'a reset connection',
    arrange: (v) => v.failNext('reset'),
    code: 'VAULT_UNREACHABLE',
    message: /^cannot read secret data from Vault: GET \/v1\/secret\/data\/app: connection to http:\/\/127\.0\.0\.1:\d+ was reset$/,
  },
]
for (const c of failures) {
  test(`readKv: ${c.name} → ${c.code}`, async () => {
    await withVault(async (v) => {
      await c.arrange?.(v)
      const token = c.token === '' ? undefined : (c.token ?? TOKEN)
      await assert.rejects(readKv({ address: v.url }, token, c.store ?? V2, c.path ?? 'secret/data/app', c.version, client), (e: unknown) => {
        assert.ok(e instanceof RenderError, String(e))
        assert.equal(e.code, c.code)
        if (typeof c.message === 'string') assert.equal(e.message, c.message)
        else assert.match(e.message, c.message)
        for (const secret of [TOKEN, VALUE, c.token ?? TOKEN]) if (secret) assert.ok(!e.message.includes(secret), `a secret in: ${e.message}`)
        assert.equal(e.resource, undefined)
        return true
      })
    })
  })
}

test('readKv: a transient 500 is retried by the client and the read succeeds', async () => {
  await withVault(async (v) => {
    v.failNext({ status: 500 }, 1)
    const r = await readKv({ address: v.url }, TOKEN, V2, 'secret/data/app', undefined, { ...client, retries: 1 })
    assert.equal(plainData(r).password, VALUE)
    assert.equal(v.requests.length, 2)
  })
})

test('readKv: a sealed Vault is not retried', async () => {
  await withVault(async (v) => {
    v.seal()
    await assert.rejects(readKv({ address: v.url }, TOKEN, V2, 'secret/data/app', undefined, { ...client, retries: 3 }), (e: unknown) => e instanceof RenderError && e.code === 'VAULT_SEALED')
    assert.equal(v.requests.length, 1)
  })
})

// --- listKv and readKvMetadata: the LIST and metadata reads of ESO's find and metadataPolicy Fetch
// (providers/v1/vault/client_get_all_secrets.go listSecrets; client_get.go readSecretMetadata).

import { goFormatV, listKv, readKvMetadata } from '../../src/vault/kv.ts'
import { JsonNumber } from '../../src/go/json.ts'

const listSeed = {
  secret: {
    version: 2 as const,
    token: TOKEN,
    secrets: { app: { password: VALUE }, 'team/db': { u: 'x' }, 'team/deep/er': { u: 'y' } },
    metadata: { app: { custom_metadata: { owner: 'jdoe', created_time: 'custom-time' } } },
  },
  kv: { version: 1 as const, token: TOKEN, secrets: { app: { user: 'admin' }, 'team/db': { u: 'x' } } },
}
async function withListVault(fn: (v: VaultDouble) => Promise<void>): Promise<void> {
  const v = await startVaultDouble({ seed: listSeed })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}

test('listKv: GET …?list=true; folders end in /, sorted; a folder with nothing under it is not found', async () => {
  await withListVault(async (v) => {
    assert.deepEqual(await listKv({ address: v.url }, TOKEN, 'secret/metadata/', client), { found: true, keys: ['app', 'team/'] })
    assert.deepEqual(await listKv({ address: v.url }, TOKEN, 'secret/metadata/team/', client), { found: true, keys: ['db', 'deep/'] })
    assert.deepEqual(await listKv({ address: v.url }, TOKEN, 'kv/', client), { found: true, keys: ['app', 'team/'] })
    assert.deepEqual(await listKv({ address: v.url }, TOKEN, 'secret/metadata/nothing/', client), { found: false })
    assert.deepEqual(
      v.requests.map((r) => `${r.method} ${r.path}?${r.query}`),
      ['GET secret/metadata/?list=true', 'GET secret/metadata/team/?list=true', 'GET kv/?list=true', 'GET secret/metadata/nothing/?list=true'],
    )
  })
})

test('listKv: a 403 is ESO’s errReadSecret with the request; keys of the wrong kind are a VAULT_ERROR (ESO would panic)', async () => {
  await withListVault(async (v) => {
    v.deny('secret', 'team/')
    await assert.rejects(listKv({ address: v.url }, TOKEN, 'secret/metadata/team/', client), (e: unknown) => {
      assert.ok(e instanceof RenderError)
      assert.equal(e.code, 'VAULT_DENIED')
      assert.equal(e.message, 'cannot read secret data from Vault: GET /v1/secret/metadata/team/?list=true: Code: 403. Errors: permission denied')
      return true
    })
    v.failNext({ status: 200, body: '{"request_id":"x","data":{"keys":[1,2]}}' })
    await assert.rejects(listKv({ address: v.url }, TOKEN, 'secret/metadata/', client), /data\.keys as a list of strings; this answer has a list with other values/)
    v.failNext({ status: 200, body: '{"request_id":"x","data":{"other":true}}' })
    assert.deepEqual(await listKv({ address: v.url }, TOKEN, 'secret/metadata/', client), { found: true, keys: [] })
  })
})

test('readKvMetadata: the system keys ESO adds, then custom_metadata (custom wins); a secret without metadata is not found', async () => {
  await withListVault(async (v) => {
    const r = await readKvMetadata({ address: v.url }, TOKEN, 'secret/metadata/app', client)
    assert.ok(r.found)
    assert.deepEqual(Object.fromEntries(r.metadata), { created_time: 'custom-time', current_version: '1', delete_version_after: '0s', owner: 'jdoe' })
    const plain = await readKvMetadata({ address: v.url }, TOKEN, 'secret/metadata/team/db', client)
    assert.ok(plain.found)
    assert.deepEqual([...plain.metadata.keys()], ['created_time', 'current_version', 'delete_version_after'])
    assert.deepEqual(await readKvMetadata({ address: v.url }, TOKEN, 'secret/metadata/nope', client), { found: false })
    assert.equal(v.requests[0].path, 'secret/metadata/app')
  })
})

test('readKvMetadata: values as Go’s %v prints them; null system keys are left out, as ESO does (client_get_test.go ReadSecretMetadataNilCustomMetadata)', async () => {
  await withListVault(async (v) => {
    v.failNext({ status: 200, body: '{"request_id":"x","data":{"created_time":null,"current_version":12,"delete_version_after":"1h0m0s","max_versions":0,"custom_metadata":null}}' })
    const r = await readKvMetadata({ address: v.url }, TOKEN, 'secret/metadata/app', client)
    assert.ok(r.found)
    assert.deepEqual(Object.fromEntries(r.metadata), { current_version: '12', delete_version_after: '1h0m0s' })
  })
})

test('goFormatV: Go’s %v of decoded JSON', () => {
  const table: [Parameters<typeof goFormatV>[0], string][] = [
    ['s', 's'],
    [new JsonNumber('1.50'), '1.50'],
    [true, 'true'],
    [null, '<nil>'],
    [['a', new JsonNumber('2')], '[a 2]'],
    [
      new Map<string, Parameters<typeof goFormatV>[0]>([
        ['b', 'x'],
        ['a', null],
      ]),
      'map[a:<nil> b:x]',
    ],
  ]
  for (const [v, want] of table) assert.equal(goFormatV(v), want)
})
