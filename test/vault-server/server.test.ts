// The HTTP layer of the Vault-compatible server against shared/reference/vault-api.md: envelope,
// errors, methods, tokens and ACLs, seal and health, namespaces, mount detection, rate limits,
// forwarding headers, faults and the request log. "[n]" in a test name is the §11 checklist item.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { call, withServer, blankId, UUID } from './helpers.ts'
import { multiError } from './server.ts'
import { startVaultDouble } from './double.ts'
import type { Seed } from './seed.ts'

const seed: Seed = {
  secret: {
    version: 2,
    secrets: { 'app/db': { zeta: 'z', alpha: 'a' }, other: { x: 'y' } },
    metadata: { 'app/db': { custom_metadata: { owner: 'team-a', a: 'first' } } },
    deny: ['other'],
  },
  kv: { version: 1, secrets: { plain: { a: 'b' } } },
}

const DB_BODY =
  '{"request_id":"ID","lease_id":"","renewable":false,"lease_duration":0,"data":{"data":{"alpha":"a","zeta":"z"},"metadata":{"created_time":"2026-01-01T00:00:00.000000001Z","custom_metadata":{"a":"first","owner":"team-a"},"deletion_time":"","destroyed":false,"version":1}},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}\n'
const POLICY = '{"errors":["1 error occurred:\\n\\t* permission denied\\n\\n"]}\n'
const INVALID = '{"errors":["2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n"]}\n'

test('[1][2] a read is the compact envelope in struct order, data maps sorted, one newline, fresh UUIDs, no-store', async () => {
  await withServer({ seed }, async (v) => {
    const a = await call(v, 'GET', '/v1/secret/data/app/db')
    const b = await call(v, 'GET', '/v1/secret/data/app/db')
    assert.equal(a.status, 200)
    assert.equal(blankId(a.body), DB_BODY)
    assert.equal(a.headers['cache-control'], 'no-store')
    assert.equal(a.headers['content-type'], 'application/json')
    const ids = [a, b].map((x) => (JSON.parse(x.body) as { request_id: string }).request_id)
    assert.match(ids[0], UUID)
    assert.notEqual(ids[0], ids[1])
  })
})

test('[3] a nil result is 204 with an empty body and Content-Type application/json', async () => {
  await withServer({ seed }, async (v) => {
    const r = await call(v, 'POST', '/v1/kv/new', { body: '{"a":"b"}' })
    assert.deepEqual([r.status, r.body, r.headers['content-type']], [204, '', 'application/json'])
  })
})

const errorCases: { name: string; method: string; path: string; body?: string; headers?: Record<string, string>; status: number; want: string }[] = [
  { name: '[4] missing item', method: 'GET', path: '/v1/secret/data/nope', status: 404, want: '{"errors":[]}\n' },
  { name: '[4][5] unparsable list=', method: 'GET', path: '/v1/secret/metadata/?list=maybe', status: 400, want: '{"errors":[]}\n' },
  { name: '[4][5] unknown method', method: 'OPTIONS', path: '/v1/secret/data/app/db', status: 405, want: '{"errors":[]}\n' },
  {
    name: '[6] PATCH with the wrong type',
    method: 'PATCH',
    path: '/v1/secret/data/app/db',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
    status: 415,
    want: '{"errors":["PATCH requires Content-Type of application/merge-patch+json, provided application/json"]}\n',
  },
  { name: '[6] PATCH without a type', method: 'PATCH', path: '/v1/secret/data/app/db', body: '{}', status: 400, want: '{"errors":["mime: no media type"]}\n' },
  { name: '[6] bad JSON', method: 'POST', path: '/v1/secret/data/x', body: '{"data":', status: 400, want: '{"errors":["error parsing JSON"]}\n' },
  { name: '[9] write to a path ending in /', method: 'POST', path: '/v1/secret/data/x/', body: '{"data":{}}', status: 400, want: `{"errors":["cannot write to a path ending in '/'"]}\n` },
  { name: '[10] unknown mount, root token', method: 'GET', path: '/v1/nomount/data/x', status: 404, want: '{"errors":["no handler for route \\"nomount/data/x\\". route entry not found."]}\n' },
  { name: '[13] policy denial', method: 'GET', path: '/v1/secret/data/other', status: 403, want: POLICY },
  { name: 'a path ending in . is 404', method: 'GET', path: '/v1/secret/data/x.', status: 404, want: '{"errors":[]}\n' },
]
for (const c of errorCases) {
  test(`${c.name}: ${c.status} ${c.want.trim()}`, async () => {
    await withServer({ seed }, async (v) => {
      const r = await call(v, c.method, c.path, { body: c.body, headers: c.headers })
      assert.equal(r.status, c.status)
      assert.equal(r.body, c.want)
      assert.equal(r.headers['content-type'], 'application/json')
    })
  })
}

test('[5] LIST verb, GET ?list= with ParseBool spellings, and HEAD', async () => {
  await withServer({ seed }, async (v) => {
    for (const [method, path] of [
      ['LIST', '/v1/secret/metadata/app'],
      ['GET', '/v1/secret/metadata/app?list=true'],
      ['GET', '/v1/secret/metadata/app?list=1'],
      ['GET', '/v1/secret/metadata/app?list=T'],
    ]) {
      const r = await call(v, method, path)
      assert.equal(r.status, 200, `${method} ${path}`)
      assert.deepEqual(JSON.parse(r.body).data, { keys: ['db'] })
    }
    const notList = await call(v, 'GET', '/v1/secret/metadata/app?list=false')
    assert.equal(notList.status, 404) // a metadata read of the folder itself
    const head = await call(v, 'HEAD', '/v1/secret/data/app/db')
    assert.deepEqual([head.status, head.body], [200, ''])
    assert.deepEqual(
      v.requests.map((r) => r.method),
      ['LIST', 'GET', 'GET', 'GET', 'GET', 'HEAD'],
    )
  })
})

test('[6] an empty body is no data; PATCH with merge-patch+json (charset allowed) reaches the engine', async () => {
  await withServer({ seed }, async (v) => {
    assert.equal((await call(v, 'POST', '/v1/secret/data/x', { body: '' })).body, '{"errors":["no data provided"]}\n')
    const r = await call(v, 'PATCH', '/v1/secret/data/app/db', { headers: { 'Content-Type': 'application/merge-patch+json; charset=utf-8' }, body: '{"data":{"zeta":null,"new":"n"}}' })
    assert.equal(r.status, 200)
    assert.deepEqual(JSON.parse((await call(v, 'GET', '/v1/secret/data/app/db')).body).data.data, { alpha: 'a', new: 'n' })
  })
})

test('[7] Authorization: Bearer is accepted; X-Vault-Token wins over it', async () => {
  await withServer({ seed }, async (v) => {
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: null, bearer: 'root' })).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: 'root', bearer: 'wrong' })).status, 200)
    const r = await call(v, 'GET', '/v1/secret/data/app/db', { token: 'wrong', bearer: 'root' })
    assert.deepEqual([r.status, r.body], [403, INVALID])
  })
})

const tokenCases: { name: string; opts: { invalidTokenBody?: '1.17' | 'legacy' }; token: string | null; want: string }[] = [
  { name: '[11] no token', opts: {}, token: null, want: '{"errors":["permission denied"]}\n' },
  { name: '[12] unknown token (>= 1.17)', opts: {}, token: 'nope', want: INVALID },
  { name: '[12] unknown token (legacy)', opts: { invalidTokenBody: 'legacy' }, token: 'nope', want: '{"errors":["permission denied"]}\n' },
  { name: '[11] no token, unknown mount: auth before routing', opts: {}, token: null, want: '{"errors":["permission denied"]}\n' },
]
for (const c of tokenCases) {
  test(`${c.name}: 403 ${c.want.trim()}`, async () => {
    await withServer({ seed, ...c.opts }, async (v) => {
      const r = await call(v, 'GET', c.name.includes('unknown mount') ? '/v1/nomount/x' : '/v1/secret/data/app/db', { token: c.token })
      assert.deepEqual([r.status, r.body], [403, c.want])
    })
  })
}

test('[10][13] ACL tokens: capabilities per method, create vs update, unknown mount 403, deny rule', async () => {
  const tokens = [
    {
      id: 'reader',
      name: 'reader',
      rules: [
        { path: 'secret/data/app/*', capabilities: ['read' as const] },
        { path: 'secret/metadata/*', capabilities: ['list' as const] },
      ],
    },
    {
      id: 'writer',
      name: 'writer',
      rules: [
        { path: 'secret/data/*', capabilities: ['create' as const] },
        { path: 'secret/data/app/x', capabilities: ['deny' as const] },
      ],
    },
  ]
  await withServer({ seed: { ...seed, $server: { tokens } } as Seed }, async (v) => {
    const cases: [string, string, string, string | undefined, number][] = [
      ['reader', 'GET', '/v1/secret/data/app/db', undefined, 200],
      ['reader', 'LIST', '/v1/secret/metadata/app', undefined, 200],
      ['reader', 'GET', '/v1/secret/metadata/app/db', undefined, 403],
      ['reader', 'DELETE', '/v1/secret/data/app/db', undefined, 403],
      ['reader', 'GET', '/v1/nomount/x', undefined, 403],
      ['writer', 'POST', '/v1/secret/data/fresh', '{"data":{"a":"b"}}', 200], // create
      ['writer', 'POST', '/v1/secret/data/fresh', '{"data":{"a":"c"}}', 403], // now an update
      ['writer', 'POST', '/v1/secret/data/app/x', '{"data":{"a":"b"}}', 403], // deny wins
      ['writer', 'GET', '/v1/secret/data/fresh', undefined, 403],
    ]
    for (const [token, method, path, body, status] of cases) {
      const r = await call(v, method, path, { token, body })
      assert.equal(r.status, status, `${token} ${method} ${path}`)
      if (status === 403) assert.equal(r.body, POLICY)
    }
    assert.deepEqual([...new Set(v.requests.map((r) => r.identity))], ['reader', 'writer'])
  })
})

test('[14] token TTL expiry and num_uses (the last use revokes)', async () => {
  let t = Date.UTC(2026, 5, 1)
  await withServer({ seed, clock: () => t }, async (v) => {
    v.addToken({ id: 'short', ttl: 60 })
    v.addToken({ id: 'twice', numUses: 2 })
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: 'short' })).status, 200)
    t += 61_000
    assert.deepEqual(await call(v, 'GET', '/v1/secret/data/app/db', { token: 'short' }).then((r) => [r.status, r.body]), [403, INVALID])
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: 'twice' })).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: 'twice' })).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: 'twice' })).status, 403)
    v.revokeToken('root')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).body, INVALID)
  })
})

test('[33 part] lookup-self: sorted data, counting-down ttl, expire_time, num_uses', async () => {
  let t = Date.UTC(2026, 5, 1)
  await withServer({ seed, clock: () => t }, async (v) => {
    v.addToken({ id: 'hvs.short', name: 'short', ttl: 3600, numUses: 5 })
    t += 600_000
    const r = await call(v, 'GET', '/v1/auth/token/lookup-self', { token: 'hvs.short' })
    assert.equal(r.status, 200)
    const body = JSON.parse(r.body)
    assert.equal(body.mount_type, 'token')
    assert.deepEqual(Object.keys(body.data), [...Object.keys(body.data)].sort())
    assert.equal(body.data.ttl, 3000)
    assert.equal(body.data.expire_time, '2026-06-01T01:00:00Z')
    assert.equal(body.data.num_uses, 4)
    assert.equal(body.data.type, 'service')
    const root = JSON.parse((await call(v, 'GET', '/v1/auth/token/lookup-self')).body).data
    assert.deepEqual([root.ttl, root.expire_time, root.policies], [0, null, ['root']])
    assert.equal(v.requests[0].identity, 'short')
    assert.ok(!JSON.stringify(v.requests).includes('hvs.short'))
  })
})

test('[15] sealed: 503 Vault is sealed for everything but health and seal-status, before token checks', async () => {
  await withServer({ seed }, async (v) => {
    v.seal()
    for (const token of ['root', null, 'bad']) {
      const r = await call(v, 'GET', '/v1/secret/data/app/db', { token })
      assert.deepEqual([r.status, r.body], [503, '{"errors":["Vault is sealed"]}\n'])
    }
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/sys/seal-status', { token: null })).body).sealed, true)
    v.unseal()
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 200)
  })
})

test('[16] sys/health: flat body in struct order, codes and overrides, HEAD without a body, bad override 400', async () => {
  const t = Date.UTC(2026, 5, 1)
  await withServer({ seed, clock: () => t }, async (v) => {
    const a = await call(v, 'GET', '/v1/sys/health', { token: null })
    assert.equal(a.status, 200)
    assert.equal(
      a.body,
      `{"initialized":true,"sealed":false,"standby":false,"performance_standby":false,"replication_performance_mode":"disabled","replication_dr_mode":"disabled","server_time_utc":${t / 1000},"version":"1.21.0","enterprise":false,"cluster_name":"vault-cluster-eso-render","cluster_id":"00000000-0000-4000-8000-00000000c1d0","echo_duration_ms":0,"clock_skew_ms":0,"replication_primary_canary_age_ms":0}\n`,
    )
    assert.equal((await call(v, 'GET', '/v1/sys/health?activecode=299')).status, 299)
    assert.deepEqual(await call(v, 'GET', '/v1/sys/health?activecode=abc').then((r) => [r.status, r.body]), [400, '{"errors":[]}\n'])
    v.seal()
    const s = await call(v, 'GET', '/v1/sys/health')
    assert.equal(s.status, 503)
    assert.match(s.body, /"sealed":true,"standby":true,"performance_standby":false,"replication_performance_mode":"unknown","replication_dr_mode":"unknown"/)
    assert.doesNotMatch(s.body, /cluster_name/)
    assert.equal((await call(v, 'GET', '/v1/sys/health?sealedcode=200')).status, 200)
    const h = await call(v, 'HEAD', '/v1/sys/health')
    assert.deepEqual([h.status, h.body], [503, ''])
  })
})

test('[8] CE ignores X-Vault-Namespace and echoes it back', async () => {
  await withServer({ seed, enterprise: false }, async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data/app/db', { ns: 'team-a/' })
    assert.equal(r.status, 200)
    assert.equal(r.headers['x-vault-namespace'], 'team-a/')
    assert.equal(v.requests[0].namespace, 'team-a')
  })
})

test('[8] Enterprise resolves header, path prefix and both combined; unknown namespace 404', async () => {
  const nsSeed: Seed = {
    secret: { version: 2, secrets: { root: { where: 'root' } } },
    kv: { version: 2, vaultNamespace: 'team-a/sub', secrets: { s: { where: 'sub' } } },
  }
  await withServer({ seed: nsSeed }, async (v) => {
    const where = async (path: string, ns?: string) => {
      const r = await call(v, 'GET', path, { ns })
      return r.status === 200 ? JSON.parse(r.body).data.data.where : r.status
    }
    assert.equal(await where('/v1/kv/data/s', 'team-a/sub'), 'sub')
    assert.equal(await where('/v1/kv/data/s', 'team-a/sub/'), 'sub')
    assert.equal(await where('/v1/team-a/sub/kv/data/s'), 'sub')
    assert.equal(await where('/v1/sub/kv/data/s', 'team-a'), 'sub')
    assert.equal(await where('/v1/kv/data/s'), 404)
    assert.equal(await where('/v1/secret/data/root'), 'root')
    assert.equal(await where('/v1/secret/data/root', 'team-a/sub'), 404)
    const r = await call(v, 'GET', '/v1/kv/data/s', { ns: 'nowhere' })
    assert.deepEqual([r.status, r.body, r.headers['x-vault-namespace']], [404, '{"errors":["namespace not found"]}\n', 'nowhere'])
  })
})

test('[30] sys/internal/ui/mounts: KV options, path of the mount, preflight 403, bad token, legacy 404', async () => {
  const tokens = [{ id: 'other', rules: [{ path: 'elsewhere/*', capabilities: ['read' as const] }] }]
  await withServer({ seed: { ...seed, $server: { tokens } } as Seed }, async (v) => {
    const v2 = JSON.parse((await call(v, 'GET', '/v1/sys/internal/ui/mounts/secret/app/db')).body)
    assert.deepEqual([v2.data.path, v2.data.type, v2.data.options], ['secret/', 'kv', { version: '2' }])
    assert.deepEqual(Object.keys(v2.data), ['accessor', 'config', 'description', 'external_entropy_access', 'local', 'options', 'path', 'seal_wrap', 'type', 'uuid'])
    assert.deepEqual(JSON.parse((await call(v, 'GET', '/v1/sys/internal/ui/mounts/kv')).body).data.options, { version: '1' })
    const pre = '{"errors":["preflight capability check returned 403, please ensure client\'s policies grant access to path \\"nomount/\\""]}\n'
    assert.deepEqual(await call(v, 'GET', '/v1/sys/internal/ui/mounts/nomount').then((r) => [r.status, r.body]), [403, pre])
    assert.equal((await call(v, 'GET', '/v1/sys/internal/ui/mounts/secret', { token: 'other' })).body, pre.replace('nomount', 'secret'))
    assert.equal((await call(v, 'GET', '/v1/sys/internal/ui/mounts/secret', { token: 'bad' })).body, INVALID)
  })
  await withServer({ seed, kv1MountOptions: 'null', legacyMountsEndpoint: false }, async (v) => {
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/sys/internal/ui/mounts/kv')).body).data.options, null)
  })
  await withServer({ seed, legacyMountsEndpoint: true }, async (v) => {
    assert.equal((await call(v, 'GET', '/v1/sys/internal/ui/mounts/kv')).status, 404)
  })
})

test('[37] rate limit: 429 before auth with Retry-After and X-Ratelimit-*, health exempt, window resets', async () => {
  let t = Date.UTC(2026, 5, 1)
  await withServer({ seed, clock: () => t, rateLimit: { limit: 2, intervalSeconds: 10 } }, async (v) => {
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: null })).status, 403)
    const r = await call(v, 'GET', '/v1/secret/data/app/db', { token: null })
    assert.deepEqual([r.status, r.body], [429, '{"errors":["request path \\"secret/data/app/db\\": rate limit quota exceeded"]}\n'])
    assert.deepEqual([r.headers['retry-after'], r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining'], r.headers['x-ratelimit-reset']], ['10', '2', '0', '10'])
    assert.equal((await call(v, 'GET', '/v1/sys/health')).status, 200)
    t += 10_000
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 200)
    v.setRateLimit({ limit: 0, headers: false })
    const bare = await call(v, 'GET', '/v1/secret/data/app/db')
    assert.deepEqual([bare.status, bare.headers['retry-after']], [429, undefined])
  })
})

test('[38] CE: X-Vault-Inconsistent / X-Vault-Forward answer 400, no X-Vault-Index; Enterprise: index on writes, 412 while lagging', async () => {
  await withServer({ seed, enterprise: false }, async (v) => {
    const a = await call(v, 'GET', '/v1/secret/data/app/db', { headers: { 'X-Vault-Inconsistent': 'forward-active-node' } })
    assert.deepEqual([a.status, a.body], [400, '{"errors":["forwarding via header X-Vault-Inconsistent=forward-active-node disabled in configuration"]}\n'])
    const b = await call(v, 'GET', '/v1/secret/data/app/db', { headers: { 'X-Vault-Forward': 'active-node' } })
    assert.deepEqual([b.status, b.body], [400, '{"errors":["forwarding via header X-Vault-Forward disabled in configuration"]}\n'])
    const w = await call(v, 'POST', '/v1/secret/data/n', { body: '{"data":{"a":"b"}}', headers: { 'X-Vault-Index': 'x' } })
    assert.deepEqual([w.status, w.headers['x-vault-index']], [200, undefined])
  })
  await withServer({ seed, enterprise: true }, async (v) => {
    const w = await call(v, 'POST', '/v1/secret/data/n', { body: '{"data":{"a":"b"}}' })
    const index = w.headers['x-vault-index'] as string
    assert.ok(index)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).headers['x-vault-index'], undefined)
    v.setIndexLag(1)
    const lag = await call(v, 'GET', '/v1/secret/data/n', { headers: { 'X-Vault-Index': index } })
    assert.deepEqual([lag.status, lag.body], [412, '{"errors":["required index state not present"]}\n'])
    assert.equal((await call(v, 'GET', '/v1/secret/data/n', { headers: { 'X-Vault-Index': index, 'X-Vault-Inconsistent': 'forward-active-node' } })).status, 200)
  })
})

test('[40] faults: fixed status with the multierror body, custom body, per-path, reset, then normal service', async () => {
  await withServer({ seed }, async (v) => {
    v.failNext({ status: 500 })
    assert.deepEqual(await call(v, 'GET', '/v1/secret/data/app/db').then((r) => [r.status, r.body]), [500, '{"errors":["1 error occurred:\\n\\t* injected failure\\n\\n"]}\n'])
    v.failNext({ status: 502, body: '{"errors":["upstream rate limited"]}\n' }, 2, 'secret/data/other')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/other')).body, '{"errors":["upstream rate limited"]}\n')
    assert.equal((await call(v, 'GET', '/v1/secret/data/other')).status, 502)
    assert.equal((await call(v, 'GET', '/v1/secret/data/other')).status, 403)
    v.failNext('reset')
    await assert.rejects(call(v, 'GET', '/v1/secret/data/app/db'), /socket hang up|ECONNRESET/)
    v.addFault({ action: { status: 503 }, path: /^secret\//, method: 'GET', count: Infinity })
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 503)
    assert.equal((await call(v, 'GET', '/v1/kv/plain')).status, 200)
    v.clearFaults()
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 200)
    assert.deepEqual(
      v.requests.map((r) => r.status),
      [500, 200, 502, 502, 403, -1, 503, 200, 200],
    )
  })
})

test('[40] latency: global and per-path slow answers', async () => {
  await withServer({ seed, latencyMs: 120 }, async (v) => {
    let t0 = performance.now()
    await call(v, 'GET', '/v1/secret/data/app/db')
    assert.ok(performance.now() - t0 >= 110)
    v.setLatency(0)
    v.addFault({ action: { latencyMs: 150 }, path: 'kv/plain' })
    t0 = performance.now()
    await call(v, 'GET', '/v1/secret/data/app/db')
    assert.ok(performance.now() - t0 < 100)
    t0 = performance.now()
    assert.equal((await call(v, 'GET', '/v1/kv/plain')).status, 200)
    assert.ok(performance.now() - t0 >= 140)
  })
})

test('[41] go-multierror formatting', () => {
  assert.equal(multiError('a'), '1 error occurred:\n\t* a\n\n')
  assert.equal(multiError('a', 'b'), '2 errors occurred:\n\t* a\n\t* b\n\n')
})

test('[42] request log: method, decoded path, query, namespace, token identity (never the value), status; clearRequests', async () => {
  await withServer({ seed: { secret: { version: 2, token: 's3cr3t-token', secrets: { 'a b': { k: 'v' } } } } }, async (v) => {
    await call(v, 'GET', '/v1/secret/data/a%20b?version=1', { token: 's3cr3t-token', ns: '/team-a/' })
    await call(v, 'GET', '/v1/secret/data/a%20b', { token: null })
    await call(v, 'GET', '/v1/secret/data/a%20b', { token: 'guess' })
    assert.deepEqual(v.requests, [
      { method: 'GET', path: 'secret/data/a b', query: 'version=1', namespace: 'team-a', identity: 'token-1', status: 200 },
      { method: 'GET', path: 'secret/data/a b', query: '', namespace: '', identity: 'none', status: 403 },
      { method: 'GET', path: 'secret/data/a b', query: '', namespace: '', identity: 'invalid', status: 403 },
    ])
    assert.ok(!JSON.stringify(v.requests).includes('s3cr3t-token'))
    assert.equal(v.requestCount(), 3)
    v.clearRequests()
    assert.equal(v.requestCount(), 0)
  })
})

test('the seed token named in a mount is valid and root is not, unless some mount keeps the default', async () => {
  await withServer({ seed: { secret: { version: 2, token: 'ci-token', secrets: { a: { k: 'v' } } } } }, async (v) => {
    assert.equal((await call(v, 'GET', '/v1/secret/data/a', { token: 'ci-token' })).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/a', { token: 'root' })).body, INVALID)
  })
})

test('seeds are validated: unknown fields and reserved keys are errors', async () => {
  const bad: [unknown, RegExp][] = [
    [{ secret: { version: 2, secrest: {} } }, /unknown field secrest/],
    [{ $other: {} }, /reserved/],
    [{ $server: { enterprize: true } }, /unknown \$server field/],
    [{ kv: { version: 3 } }, /version must be 1 or 2/],
    [{ kv: { version: 1, versions: { a: { 1: {} } } } }, /needs KV v2/],
    [{ secret: { rawJson: { a: '[1]' } } }, /not a JSON object/],
  ]
  for (const [s, re] of bad)
    await assert.rejects(
      withServer({ seed: s as Seed }, async () => undefined),
      re,
    )
})

test('double.ts keeps the old entry point working (startVaultDouble, store.mounts deny, failNext with a path)', async () => {
  const v = await startVaultDouble({ seed })
  try {
    v.store.mounts.get('|secret')!.deny.add('app/db')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).body, POLICY)
  } finally {
    await v.close()
  }
})
