// src/pipeline/fetch.ts: fetchReads sends one request per distinct target key against the bundled Vault-compatible
// server, counts them, and maps each failure to a RenderError naming the store it went through —
// never the token or a secret value.
import { test } from 'node:test'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import assert from 'node:assert/strict'
import { fetchReads } from '../../src/pipeline/fetch.ts'
import type { ReadTarget } from '../../src/pipeline/plan.ts'
import type { ResolvedStore } from '../../src/eso/stores.ts'
import { DEFAULT_OPTIONS, type RenderOptions } from '../../src/config.ts'
import { RenderError } from '../../src/errors.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

const TOKEN = 'hvs.FETCH-CANARY-tok-27b9'
const VALUE = 'FETCH-CANARY-value-c05e'
const seed = {
  secret: { version: 2 as const, token: TOKEN, secrets: { app: { password: VALUE }, other: { user: 'u' } }, versions: { multi: { '1': { v: 'one' }, '2': { v: 'two' } } } },
}

function store(url: string, { name = 'vault', token = TOKEN, kind = 'SecretStore' as const } = {}): ResolvedStore {
  return {
    key: JSON.stringify([url, token]),
    resource: { apiVersion: 'external-secrets.io/v1', kind, name, namespace: 'apps' },
    kv: { path: 'secret', version: 'v2' },
    conn: { address: url },
    addressSource: 'store',
    auth: { kind: 'token', token, author: 'input', source: 'Secret apps/tok key token' },
    credential: { author: 'input', source: 'Secret apps/tok key token' },
  }
}
const target = (s: ResolvedStore, path: string, version?: string): ReadTarget => ({ store: s, path, version, key: `${s.key}\u0000${path}\u0000${version ?? ''}` })
const options = (over: Partial<RenderOptions> = {}): RenderOptions => ({ ...DEFAULT_OPTIONS, vaultRetries: 0, ...over })

async function withVault(fn: (v: VaultDouble) => Promise<void>): Promise<void> {
  const v = await startVaultDouble({ seed })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}
const noSecretIn = (e: RenderError) => {
  assert.ok(!e.message.includes(TOKEN), 'the token is never in a message')
  assert.ok(!e.message.includes(VALUE), 'a secret value is never in a message')
}

test('fetchReads: nothing to read sends nothing', async () => {
  await withVault(async (v) => {
    const got = await fetchReads([], options())
    assert.equal(got.requests, 0)
    assert.equal(got.outcomes.size, 0)
    assert.equal(v.requestCount(), 0)
  })
})

test('fetchReads: one request per distinct key, however many reads share it', async () => {
  await withVault(async (v) => {
    const s = store(v.url)
    const twin = store(v.url, { name: 'twin' })
    const targets = [
      target(s, 'secret/data/app'),
      target(s, 'secret/data/app'),
      target(twin, 'secret/data/app'),
      target(s, 'secret/data/other'),
      target(s, 'secret/data/multi', '1'),
      target(s, 'secret/data/multi', '2'),
    ]
    const got = await fetchReads(targets, options())
    assert.equal(got.requests, 4)
    assert.equal(v.requestCount(), 4)
    assert.deepEqual(v.requests.map((r) => `${r.path}${r.query ? `?${r.query}` : ''}`).sort(), ['secret/data/app', 'secret/data/multi?version=1', 'secret/data/multi?version=2', 'secret/data/other'])
    assert.ok(
      v.requests.every((r) => r.identity !== 'none' && r.identity !== 'invalid'),
      'the token was sent',
    )
    assert.deepEqual([...got.outcomes.keys()].sort(), [...new Set(targets.map((t) => t.key))].sort())
    const app = got.outcomes.get(targets[0].key)
    assert.ok(app && !(app instanceof RenderError) && app.found)
    assert.equal(app.path, 'secret/data/app')
    assert.equal(app.data.get('password'), VALUE)
    const v1 = got.outcomes.get(targets[4].key)
    assert.ok(v1 && !(v1 instanceof RenderError) && v1.found)
    assert.equal(v1.path, 'secret/data/multi?version=1')
    assert.equal(v1.data.get('v'), 'one')
  })
})

test('fetchReads: a missing secret is an outcome, not an error', async () => {
  await withVault(async (v) => {
    const t = target(store(v.url), 'secret/data/nope')
    const got = await fetchReads([t], options())
    assert.deepEqual(got.outcomes.get(t.key), { found: false, reason: 'missing', path: 'secret/data/nope' })
  })
})

const failures: { name: string; arrange: (v: VaultDouble) => void | Promise<void>; over?: Partial<RenderOptions>; address?: (v: VaultDouble) => string; code: string; message: RegExp }[] = [
  {
    name: 'a denied path (403)',
    arrange: (v) => v.deny('secret', 'app'),
    code: 'VAULT_DENIED',
    message: /^cannot read secret data from Vault: GET \/v1\/secret\/data\/app: Code: 403\. Errors: permission denied \(via SecretStore apps\/vault\)$/,
  },
  { name: 'a sealed Vault', arrange: (v) => v.seal(), code: 'VAULT_SEALED', message: /Code: 503\. Errors: Vault is sealed \(via SecretStore apps\/vault\)$/ },
  { name: 'a 500 (no retries)', arrange: (v) => v.failNext({ status: 500 }, 1), code: 'VAULT_ERROR', message: /Code: 500\. Errors: injected failure \(via SecretStore apps\/vault\)$/ },
  { name: 'a 500 that outlasts the retries', arrange: (v) => v.failNext({ status: 502 }, 3), over: { vaultRetries: 2 }, code: 'VAULT_ERROR', message: /Code: 502\./ },
  { name: 'connection refused', arrange: (v) => v.close(), code: 'VAULT_UNREACHABLE', message: /cannot connect to http:\/\/127\.0\.0\.1:\d+: connection refused \(via SecretStore apps\/vault\)$/ },
  { name: 'a reset connection', arrange: (v) => v.failNext('reset', 1), code: 'VAULT_UNREACHABLE', message: /connection to http:\/\/127\.0\.0\.1:\d+ was reset \(via SecretStore apps\/vault\)$/ },
  {
    name: 'no answer within the timeout',
    arrange: (v) => v.setLatency(1500),
    over: { vaultTimeoutSeconds: 1 },
    code: 'VAULT_UNREACHABLE',
    message: /no answer from http:\/\/127\.0\.0\.1:\d+ within 1000 ms \(via SecretStore apps\/vault\)$/,
  },
  // Issue 14: a 200 of the wrong shape names the request, the store and what was expected.
  {
    name: 'a 200 whose data is a string',
    arrange: (v) => v.failNext({ status: 200, body: '{"data":"x"}' }, 1),
    code: 'VAULT_ERROR',
    message:
      /^cannot read secret data from Vault: GET \/v1\/secret\/data\/app: failed to find data field: a KV v2 answer has data\.data as an object \(null for a deleted version\); this answer has data as a string \(check the store's path and version\) \(via SecretStore apps\/vault\)$/,
  },
  {
    name: 'a 200 of some other JSON',
    arrange: (v) => v.failNext({ status: 200, body: '{"foo":1}' }, 1),
    code: 'VAULT_ERROR',
    message: /does not answer like Vault: GET \/v1\/secret\/data\/app got 200 with content type application\/json, .* \(via SecretStore apps\/vault\)$/,
  },
  {
    name: 'an address the client cannot use',
    arrange: () => undefined,
    address: () => 'not a url',
    code: 'INTERNAL',
    message: /^reading GET \/v1\/secret\/data\/app failed unexpectedly \(via SecretStore apps\/vault\)$/,
  },
]
for (const c of failures) {
  test(`fetchReads: ${c.name} becomes ${c.code} naming the store`, async () => {
    await withVault(async (v) => {
      await c.arrange(v)
      const t = target(store(c.address ? c.address(v) : v.url), 'secret/data/app')
      const got = await fetchReads([t], options(c.over))
      assert.equal(got.requests, 1)
      const e = got.outcomes.get(t.key)
      assert.ok(e instanceof RenderError, String(e))
      assert.equal(e.code, c.code)
      assert.match(e.message, c.message)
      assert.equal(e.resource, undefined, 'located later, at the ExternalSecret read')
      noSecretIn(e)
    })
  })
}

test('fetchReads: a failure of one target leaves the others read', async () => {
  await withVault(async (v) => {
    v.deny('secret', 'app')
    const s = store(v.url, { kind: 'SecretStore' })
    const bad = target(s, 'secret/data/app')
    const good = target(s, 'secret/data/other')
    const got = await fetchReads([bad, good], options())
    assert.ok(got.outcomes.get(bad.key) instanceof RenderError)
    const ok = got.outcomes.get(good.key)
    assert.ok(ok && !(ok instanceof RenderError) && ok.found)
  })
})

test('fetchReads: an unknown token is a 403 that names neither token', async () => {
  await withVault(async (v) => {
    const t = target(store(v.url, { token: 'hvs.FETCH-CANARY-wrong-4411' }), 'secret/data/app')
    const e = (await fetchReads([t], options())).outcomes.get(t.key)
    assert.ok(e instanceof RenderError)
    assert.equal(e.code, 'VAULT_DENIED')
    assert.ok(!e.message.includes('hvs.FETCH-CANARY-wrong-4411'))
    noSecretIn(e)
  })
})

test('fetchReads: the concurrency option bounds requests in flight', async () => {
  await withVault(async (v) => {
    v.setLatency(40)
    const s = store(v.url)
    const targets = ['app', 'other', 'a', 'b', 'c', 'd'].map((k) => target(s, `secret/data/${k}`))
    const started = Date.now()
    const got = await fetchReads(targets, options({ vaultConcurrency: 2 }))
    const elapsed = Date.now() - started
    assert.equal(got.requests, 6)
    // Three rounds of two requests, each at least 40 ms.
    assert.ok(elapsed >= 110, `6 requests two at a time took only ${elapsed} ms`)
  })
})

test('fetchReads: a concurrency above 16 has that many requests in flight (the connections are not capped below it)', async () => {
  // A server that holds each request until 40 are open (or 2 s passed), counting how many were open at once.
  let open = 0
  let most = 0
  const held: (() => void)[] = []
  const server = createServer((_req, res) => {
    open++
    most = Math.max(most, open)
    const answer = () => {
      open--
      res.setHeader('content-type', 'application/json')
      res.end('{"data":{"data":{"v":"1"},"metadata":{"version":1}}}')
    }
    held.push(answer)
    if (held.length >= 40) for (const a of held.splice(0)) a()
    else setTimeout(() => held.includes(answer) && held.splice(held.indexOf(answer), 1) && answer(), 2000)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const s = store(url)
    const targets = Array.from({ length: 40 }, (_, i) => target(s, `secret/data/k${i}`))
    const got = await fetchReads(targets, options({ vaultConcurrency: 40 }))
    assert.equal(got.requests, 40)
    assert.ok([...got.outcomes.values()].every((o) => !(o instanceof RenderError)))
    assert.equal(most, 40)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

test("fetchReads: with many more reads than the limit, requests are sent in the reads' order, never more at once than the limit, each once", async () => {
  const paths: string[] = []
  let open = 0
  let most = 0
  const server = createServer((req, res) => {
    paths.push(req.url!)
    open++
    most = Math.max(most, open)
    setTimeout(() => {
      open--
      res.setHeader('content-type', 'application/json')
      res.end('{"data":{"data":{"v":"1"},"metadata":{"version":1}}}')
    }, 2)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const s = store(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}`)
    // One path twice: read once.
    const targets = [...keys, 'k7'].map((k) => target(s, `secret/data/${k}`))
    const got = await fetchReads(targets, options({ vaultConcurrency: 3 }))
    assert.equal(got.requests, 60)
    assert.deepEqual(
      paths,
      keys.map((k) => `/v1/secret/data/${k}`),
    )
    assert.ok(most <= 3 && most >= 2, `${most} requests at once`)
    assert.ok([...got.outcomes.values()].every((o) => !(o instanceof RenderError)))
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

// --- finds and metadata reads through the same cache (one request per distinct path for the run).

import type { FindQuery } from '../../src/vault/find.ts'

const findTarget = (s: ResolvedStore, path: string, query: FindQuery): ReadTarget => ({ store: s, path, key: `find\u0000${path}\u0000${JSON.stringify(query)}`, find: { query } })
const metadataTarget = (s: ResolvedStore, path: string): ReadTarget => ({ store: s, path, key: `meta\u0000${path}`, metadata: true })

test('fetchReads: a find keeps and reads its secrets; a secret another read names is read once', async () => {
  await withVault(async (v) => {
    const s = store(v.url)
    const targets = [target(s, 'secret/data/app'), findTarget(s, 'secret/metadata/', { matchName: (n) => n !== 'multi' })]
    const got = await fetchReads(targets, options())
    const found = got.outcomes.get(targets[1].key)
    assert.ok(found && !(found instanceof RenderError) && found.found && found.secrets)
    assert.deepEqual([...found.secrets.keys()], ['app', 'other'])
    assert.equal(found.secrets.get('app')?.get('password'), VALUE)
    assert.equal(found.path, 'secret/metadata/?list=true')
    assert.deepEqual(v.requests.map((r) => `${r.path}${r.query ? `?${r.query}` : ''}`).sort(), ['secret/data/app', 'secret/data/other', 'secret/metadata/?list=true'])
    assert.equal(got.requests, 3)
  })
})

test('fetchReads: with vaultConcurrency 1 a find’s own requests still run (the find holds no slot while it waits)', async () => {
  await withVault(async (v) => {
    const s = store(v.url)
    const targets = [findTarget(s, 'secret/metadata/', {}), target(s, 'secret/data/other'), metadataTarget(s, 'secret/metadata/app')]
    const got = await fetchReads(targets, options({ vaultConcurrency: 1 }))
    const found = got.outcomes.get(targets[0].key)
    assert.ok(found && !(found instanceof RenderError) && found.found && found.secrets)
    assert.deepEqual([...found.secrets.keys()], ['app', 'multi', 'other'])
    // LIST, three metadata reads (app's shared with the metadata target), three data reads (other's shared).
    assert.equal(got.requests, 7)
    assert.equal(v.requestCount(), 7)
  })
})

test('fetchReads: a LIST answering 404 is a not-found outcome naming the LIST', async () => {
  await withVault(async (v) => {
    const t = findTarget(store(v.url), 'secret/metadata/nothing/', { path: 'nothing' })
    const got = await fetchReads([t], options())
    assert.deepEqual(got.outcomes.get(t.key), { found: false, reason: 'missing', path: 'secret/metadata/nothing/?list=true' })
  })
})

test('fetchReads: metadata that does not exist is ESO’s "secret not found", an error whatever the deletionPolicy', async () => {
  await withVault(async (v) => {
    const t = metadataTarget(store(v.url), 'secret/metadata/nope')
    const got = await fetchReads([t], options())
    const o = got.outcomes.get(t.key)
    assert.ok(o instanceof RenderError)
    assert.equal(o.code, 'VAULT_NOT_FOUND')
    assert.match(o.message, /^secret not found: GET \/v1\/secret\/metadata\/nope answered 404: .*\(via SecretStore apps\/vault\)$/)
  })
})

test('fetchReads: a find’s requests count against maxVaultRequests like any other', async () => {
  await withVault(async (v) => {
    const t = findTarget(store(v.url), 'secret/metadata/', {})
    const got = await fetchReads([t], options({ maxVaultRequests: 2 }))
    const o = got.outcomes.get(t.key)
    assert.ok(o instanceof RenderError)
    assert.equal(o.code, 'DEADLINE_EXCEEDED')
    assert.match(o.message, /maxVaultRequests/)
    noSecretIn(o)
    assert.ok(v.requestCount() <= 2)
  })
})

test('fetchReads: a find’s further request refused by its admit check is never sent', async () => {
  await withVault(async (v) => {
    const s = store(v.url)
    const t: ReadTarget = {
      ...findTarget(s, 'secret/metadata/', { matchName: () => true }),
      find: { query: { matchName: () => true }, admit: (p) => (p === 'secret/data/app' ? new RenderError('POLICY_DENIED', `denied ${p}`) : undefined) },
    }
    const got = await fetchReads([t], options())
    const o = got.outcomes.get(t.key)
    assert.ok(o instanceof RenderError)
    assert.equal(o.code, 'POLICY_DENIED')
    assert.ok(!v.requests.some((r) => r.path === 'secret/data/app'))
  })
})
