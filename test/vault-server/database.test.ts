// test/vault-server/database.ts: the database engine's creds endpoint as Vault answers it
// (vault-api.md §8: `GET /v1/database/creds/<role>` → data {username, password}, lease_id
// "database/creds/<role>/<id>", renewable true; builtin/logical/database path_creds_create.go).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startVaultServer } from './server.ts'
import type { Seed } from './seed.ts'

const seed = {
  $server: { databases: { database: { roles: { fixed: { username: 'u', password: 'p', default_ttl: 3600 }, minted: {} } } } },
} as unknown as Seed

async function call(method: string, path: string, token = 'root') {
  const v = await startVaultServer({ seed })
  try {
    const res = await fetch(`${v.url}/v1/${path}`, { method, headers: { 'X-Vault-Token': token } })
    return { status: res.status, body: await res.text(), leases: v.leases() }
  } finally {
    await v.close()
  }
}

test("creds of a role: the envelope in Vault's order, the lease, data sorted, mount_type database", async () => {
  const r = await call('GET', 'database/creds/fixed')
  assert.equal(r.status, 200)
  assert.match(
    r.body,
    /^\{"request_id":"[0-9a-f-]{36}","lease_id":"database\/creds\/fixed\/[A-Za-z0-9]{24}","renewable":true,"lease_duration":3600,"data":\{"password":"p","username":"u"\},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"database"\}\n$/,
  )
  assert.equal(r.leases.length, 1)
  assert.equal(r.leases[0].token, 'root')
})

test('a role without fixed credentials mints Vault-shaped ones, under the mount default TTL (768 h)', async () => {
  const r = await call('GET', 'database/creds/minted')
  const body = JSON.parse(r.body)
  assert.match(body.data.username, /^v-token-minted-[A-Za-z0-9]{20}-\d+$/)
  assert.equal(body.data.password.length, 20)
  assert.equal(body.lease_duration, 2764800)
})

const errors = [
  { name: 'an unknown role', method: 'GET', path: 'database/creds/nope', status: 400, body: '{"errors":["unknown role: nope"]}\n' },
  { name: 'a write to creds', method: 'PUT', path: 'database/creds/fixed', status: 405, body: '{"errors":["1 error occurred:\\n\\t* unsupported operation\\n\\n"]}\n' },
  { name: 'another path of the mount', method: 'GET', path: 'database/roles/fixed', status: 404, body: '{"errors":["1 error occurred:\\n\\t* unsupported path\\n\\n"]}\n' },
  { name: 'no token', method: 'GET', path: 'database/creds/fixed', status: 403, body: '{"errors":["2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n"]}\n', token: 'bad' },
]
for (const c of errors) {
  test(`${c.name}: ${c.status}`, async () => {
    const r = await call(c.method, c.path, c.token)
    assert.equal(r.status, c.status)
    assert.equal(r.body, c.body)
    assert.equal(r.leases.length, 0)
  })
}
