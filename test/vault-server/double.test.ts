// The Vault-compatible server answers as shared/reference/vault-api.md says Vault does: envelope
// order, sorted data, number literals, the 404/403/503 bodies byte for byte, LIST, namespaces,
// writes, faults and the request log. Numbers in test names are the §11 checklist items.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { startVaultDouble, type VaultDouble } from './double.ts'

const seed = {
  secret: {
    version: 2 as const,
    token: 'root',
    secrets: { 'app/db': { zeta: 'z', alpha: 'a' }, 'app/api': { k: 'v' }, other: { x: 'y' } },
    rawJson: { cfg: '{"ratio": 1.50, "big": 12345678901234567890}' },
    versions: { rot: { '1': { v: 'one' }, '2': { v: 'two' }, '3': { v: 'three' } } },
    deletedVersions: { rot: [3] },
    destroyedVersions: { rot: [1] },
    metadata: { 'app/db': { custom_metadata: { owner: 'team-a' } } },
    deny: ['other'],
  },
  kv: { version: 1 as const, secrets: { plain: { a: 'b', ttl: '1h' }, 'data/foo': { literal: 'yes' } } },
  ent: { version: 2 as const, vaultNamespace: 'team-a', secrets: { s: { k: 'v' } } },
}

interface Answer {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

function call(v: VaultDouble, method: string, path: string, opts: { token?: string | null; ns?: string; body?: string; bearer?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (opts.token !== null) headers['X-Vault-Token'] = opts.token ?? 'root'
    if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`
    if (opts.ns) headers['X-Vault-Namespace'] = opts.ns
    const req = request(`${v.url}${path}`, { method, headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

async function withServer(fn: (v: VaultDouble) => Promise<void>, opts: { invalidTokenBody?: '1.17' | 'legacy' } = {}): Promise<void> {
  const v = await startVaultDouble({ seed, ...opts })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}

const KEYS = ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type']

test('1-2: a KV v2 read is the compact envelope in Vault key order, data sorted, one newline, no-store', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data/app/db')
    assert.equal(r.status, 200)
    assert.equal(r.headers['cache-control'], 'no-store')
    assert.equal(r.headers['content-type'], 'application/json')
    assert.ok(r.body.endsWith('}\n'))
    assert.deepEqual(Object.keys(JSON.parse(r.body)), KEYS)
    assert.match(r.body, /"data":\{"data":\{"alpha":"a","zeta":"z"\},"metadata":\{"created_time":"[^"]+","custom_metadata":\{"owner":"team-a"\},"deletion_time":"","destroyed":false,"version":1\}\}/)
    assert.match(r.body, /"lease_id":"","renewable":false,"lease_duration":0,/)
    assert.match(r.body, /"mount_type":"kv"\}\n$/)
  })
})

test('number literals come back exactly as written (rawJson)', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data/cfg')
    assert.match(r.body, /"data":\{"big":12345678901234567890,"ratio":1.50\}/)
  })
})

const bodies = [
  { name: '4/19: a missing key is 404 {"errors":[]}', method: 'GET', path: '/v1/secret/data/nope', status: 404, body: '{"errors":[]}\n' },
  { name: '19: a version never written is 404 {"errors":[]}', method: 'GET', path: '/v1/secret/data/rot?version=9', status: 404, body: '{"errors":[]}\n' },
  { name: '11: no token is 403 permission denied', method: 'GET', path: '/v1/secret/data/app/db', token: null, status: 403, body: '{"errors":["permission denied"]}\n' },
  {
    name: '12: an unknown token is the 1.17 two-error body',
    method: 'GET',
    path: '/v1/secret/data/app/db',
    token: 'bad',
    status: 403,
    body: '{"errors":["2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n"]}\n',
  },
  { name: '13: a policy denial is the one-error body', method: 'GET', path: '/v1/secret/data/other', status: 403, body: '{"errors":["1 error occurred:\\n\\t* permission denied\\n\\n"]}\n' },
  {
    name: '10: an unknown mount with a root token is 404 no handler',
    method: 'GET',
    path: '/v1/nomount/data/x',
    status: 404,
    body: '{"errors":["no handler for route \\"nomount/data/x\\". route entry not found."]}\n',
  },
  { name: '5: an unparsable list flag is 400 {"errors":[]}', method: 'GET', path: '/v1/secret/metadata/app?list=maybe', status: 400, body: '{"errors":[]}\n' },
  { name: '5: an unknown method is 405', method: 'COPY', path: '/v1/secret/data/app/db', status: 405, body: '{"errors":[]}\n' },
  { name: '9: a write to a path ending in / is 400', method: 'POST', path: '/v1/secret/data/app/', status: 400, body: '{"errors":["cannot write to a path ending in \'/\'"]}\n' },
  { name: '25: an empty LIST is 404 {"errors":[]}', method: 'GET', path: '/v1/secret/metadata/empty/?list=true', status: 404, body: '{"errors":[]}\n' },
  { name: '17: an empty KV v1 write is 400 missing data fields', method: 'PUT', path: '/v1/kv/new', status: 400, body: '{"errors":["missing data fields"]}\n' },
]
for (const c of bodies) {
  test(c.name, async () => {
    await withServer(async (v) => {
      const r = await call(v, c.method, c.path, { token: c.token })
      assert.equal(r.status, c.status)
      assert.equal(r.body, c.body)
    })
  })
}

test('12: the pre-1.17 bad-token body is available', async () => {
  await withServer(
    async (v) => {
      const r = await call(v, 'GET', '/v1/secret/data/app/db', { token: 'bad' })
      assert.equal(r.body, '{"errors":["permission denied"]}\n')
    },
    { invalidTokenBody: 'legacy' },
  )
})

test('7: Authorization: Bearer is accepted', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data/app/db', { token: null, bearer: 'root' })
    assert.equal(r.status, 200)
  })
})

test('20: a soft-deleted version is a 404 envelope with data.data null and no trailing newline', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data/rot')
    assert.equal(r.status, 404)
    assert.ok(r.body.endsWith('}'))
    const env = JSON.parse(r.body) as { data: { data: null; metadata: { deletion_time: string; version: number } }; mount_type: string }
    assert.equal(env.data.data, null)
    assert.notEqual(env.data.metadata.deletion_time, '')
    assert.equal(env.data.metadata.version, 3)
    assert.equal(env.mount_type, '')
  })
})

test('20: a destroyed version is the same envelope with destroyed true; a live older version reads', async () => {
  await withServer(async (v) => {
    const destroyed = JSON.parse((await call(v, 'GET', '/v1/secret/data/rot?version=1')).body) as { data: { metadata: { destroyed: boolean } } }
    assert.equal(destroyed.data.metadata.destroyed, true)
    const two = await call(v, 'GET', '/v1/secret/data/rot?version=2')
    assert.equal(two.status, 200)
    assert.match(two.body, /"data":\{"v":"two"\}/)
  })
})

test('26: a KV v2 path without data/ is a 404 envelope with the versioned K/V warning', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/secret/app/db')
    assert.equal(r.status, 404)
    assert.match(
      r.body,
      /"data":null,"wrap_info":null,"warnings":\["Invalid path for a versioned K\/V secrets engine\. See the API docs for the appropriate API endpoints to use\. If using the Vault CLI, use 'vault kv get' for this operation\."\]/,
    )
  })
})

test('26: the mount root names are the non-listing warning', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data')
    assert.match(r.body, /Non-listing operations on the root of a K\/V v2 mount are not supported\./)
  })
})

test('25: LIST on metadata is sorted with folders ending in /', async () => {
  await withServer(async (v) => {
    // Node's HTTP parser does not accept the LIST verb, so the double serves lists as GET ?list=true.
    const r = await call(v, 'GET', '/v1/secret/metadata/?list=true')
    assert.match(r.body, /"data":\{"keys":\["app\/","cfg","other","rot"\]\}/)
    const g = await call(v, 'GET', '/v1/secret/metadata/app?list=true')
    assert.match(g.body, /"keys":\["api","db"\]/)
  })
})

test('25: metadata read has current_version, versions and custom_metadata', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/secret/metadata/rot')
    const md = JSON.parse(r.body) as { data: { current_version: number; oldest_version: number; versions: Record<string, { destroyed: boolean }> } }
    assert.equal(md.data.current_version, 3)
    assert.equal(md.data.versions['1'].destroyed, true)
  })
})

test('17-18: KV v1 reads have the secret ttl as lease and any sub-path, data/ included, is a plain key', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/kv/plain')
    assert.match(r.body, /"lease_duration":3600,"data":\{"a":"b","ttl":"1h"\}/)
    const d = await call(v, 'GET', '/v1/kv/data/foo')
    assert.match(d.body, /"data":\{"literal":"yes"\}/)
  })
})

test('22: a KV v2 write answers with the new version and the next read returns it', async () => {
  await withServer(async (v) => {
    const w = await call(v, 'POST', '/v1/secret/data/new', { body: '{"data":{"n":1.50}}' })
    assert.equal(w.status, 200)
    assert.match(w.body, /"version":1\}/)
    assert.match((await call(v, 'GET', '/v1/secret/data/new')).body, /"data":\{"n":1.50\}/)
    const bad = await call(v, 'POST', '/v1/secret/data/new', { body: '{"n":1}' })
    assert.equal(bad.body, '{"errors":["no data provided"]}\n')
  })
})

test('8: Enterprise namespaces: a mount in team-a answers only with that namespace, and the header is echoed', async () => {
  await withServer(async (v) => {
    const r = await call(v, 'GET', '/v1/ent/data/s', { ns: 'team-a/' })
    assert.equal(r.status, 200)
    assert.equal(r.headers['x-vault-namespace'], 'team-a/')
    const root = await call(v, 'GET', '/v1/ent/data/s')
    assert.equal(root.status, 404)
  })
})

test('15-16: sealed: 503 Vault is sealed before any token check; health says sealed with 503', async () => {
  await withServer(async (v) => {
    v.seal()
    const r = await call(v, 'GET', '/v1/secret/data/app/db', { token: null })
    assert.equal(r.status, 503)
    assert.equal(r.body, '{"errors":["Vault is sealed"]}\n')
    const h = await call(v, 'GET', '/v1/sys/health', { token: null })
    assert.equal(h.status, 503)
    assert.match(h.body, /"initialized":true,"sealed":true,/)
    v.unseal()
    assert.equal((await call(v, 'GET', '/v1/sys/health', { token: null })).status, 200)
  })
})

test('40: injected faults: a fixed status, then a connection reset, then normal service', async () => {
  await withServer(async (v) => {
    v.failNext({ status: 502, body: '{"errors":["upstream"]}\n' })
    v.failNext('reset')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 502)
    await assert.rejects(() => call(v, 'GET', '/v1/secret/data/app/db'), /socket hang up|ECONNRESET/)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 200)
  })
})

test('40: latency delays every answer', async () => {
  await withServer(async (v) => {
    v.setLatency(40)
    const t0 = Date.now()
    await call(v, 'GET', '/v1/secret/data/app/db')
    assert.ok(Date.now() - t0 >= 35)
  })
})

test('42: the request log has method, path, query, namespace and token identity, never the token', async () => {
  await withServer(async (v) => {
    await call(v, 'GET', '/v1/secret/data/rot?version=2')
    await call(v, 'GET', '/v1/ent/data/s', { ns: 'team-a' })
    await call(v, 'GET', '/v1/secret/data/app/db', { token: 'hvs.not-a-token' })
    assert.deepEqual(
      v.requests.map((r) => [r.method, r.path, r.query, r.namespace, r.identity, r.status]),
      [
        ['GET', 'secret/data/rot', 'version=2', '', 'root', 200],
        ['GET', 'ent/data/s', '', 'team-a', 'root', 200],
        ['GET', 'secret/data/app/db', '', '', 'invalid', 403],
      ],
    )
    assert.ok(!JSON.stringify(v.requests).includes('hvs.not-a-token'))
  })
})
