// src/vault/dynamic.ts: a VaultDynamicSecret's request against the bundled Vault-compatible
// server, answered as the Go Vault client (hashicorp/vault/api v1.22 logical.go ReadWithData,
// List, Write; secret.go ParseSecret) answers ESO's generator (generators/v1/vault/vault.go).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { requestDynamic } from '../../src/vault/dynamic.ts'
import type { ClientOptions } from '../../src/vault/client.ts'
import { RenderError } from '../../src/errors.ts'
import type { JsonNumber, JsonObject } from '../../src/go/json.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import type { Seed } from '../vault-server/seed.ts'

const TOKEN = 'hvs.DYN-CANARY-tok-77a1'
const seed = {
  secret: { version: 2 as const, token: TOKEN, secrets: { app: { a: 'b' } } },
  $server: { databases: { database: { roles: { app: { username: 'dyn-user-canary', password: 'dyn-pw-canary', default_ttl: 600 } } } } },
}
const client: ClientOptions = { timeoutMs: 2000, retries: 0, backoffMs: 1 }

async function withVault(fn: (v: VaultDouble) => Promise<void>): Promise<void> {
  // $server is a reserved key, outside the mounts' type.
  const v = await startVaultDouble({ seed: seed as unknown as Seed })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}

const get = (o: JsonObject | undefined, k: string) => o?.get(k)

test('GET of database creds: the envelope with its lease, data as Vault sent it', () =>
  withVault(async (v) => {
    const secret = await requestDynamic({ address: v.url }, TOKEN, { method: 'GET', path: 'database/creds/app' }, client)
    assert.ok(secret)
    assert.match(String(get(secret, 'lease_id')), /^database\/creds\/app\/[A-Za-z0-9]{24}$/)
    assert.equal((get(secret, 'lease_duration') as JsonNumber).literal, '600')
    assert.equal(get(secret, 'renewable'), true)
    assert.equal((get(secret, 'data') as JsonObject).get('username'), 'dyn-user-canary')
    assert.deepEqual(v.leases().length, 1)
  }))

test('each read mints another lease (two generations, two leases)', () =>
  withVault(async (v) => {
    const a = await requestDynamic({ address: v.url }, TOKEN, { method: 'GET', path: 'database/creds/app' }, client)
    const b = await requestDynamic({ address: v.url }, TOKEN, { method: 'GET', path: 'database/creds/app' }, client)
    assert.notEqual(get(a, 'lease_id'), get(b, 'lease_id'))
    assert.equal(v.leases().length, 2)
  }))

test('GET answered 404 without data or warnings is no secret (ParseRawResponseAndCloseBody)', () =>
  withVault(async (v) => {
    assert.equal(await requestDynamic({ address: v.url }, TOKEN, { method: 'GET', path: 'secret/data/missing' }, client), undefined)
  }))

test('getParameters go on the query, keys sorted and every value kept (url.Values.Encode)', () =>
  withVault(async (v) => {
    await requestDynamic({ address: v.url }, TOKEN, { method: 'GET', path: 'secret/data/app', query: { version: ['1'], b: ['2', '1'] } }, client)
    assert.equal(v.requests.at(-1)?.query, 'b=2&b=1&version=1')
  }))

test('a write is PUT with the parameters as JSON body; Vault answers the write (a KV v2 write: the version metadata)', () =>
  withVault(async (v) => {
    const secret = await requestDynamic({ address: v.url }, TOKEN, { method: 'PUT', path: 'secret/data/written', body: JSON.stringify({ data: { k: 'v' } }) }, client)
    assert.equal(v.requests.at(-1)?.method, 'PUT')
    assert.equal(((get(secret, 'data') as JsonObject).get('version') as JsonNumber).literal, '1')
  }))

test('LIST is GET ?list=true, as the Go client sends it', () =>
  withVault(async (v) => {
    const secret = await requestDynamic({ address: v.url }, TOKEN, { method: 'LIST', path: 'secret/metadata/' }, client)
    assert.equal(v.requests.at(-1)?.method, 'GET')
    assert.equal(v.requests.at(-1)?.query, 'list=true')
    assert.deepEqual((get(secret, 'data') as JsonObject).get('keys'), ['app'])
  }))

const failures = [
  {
    name: 'an unknown role: VAULT_ERROR with the plugin text',
    path: 'database/creds/nope',
    method: 'GET' as const,
    code: 'VAULT_ERROR',
    message: /GET \/v1\/database\/creds\/nope: Code: 400\. Errors: unknown role: nope/,
  },
  { name: 'a write to the creds path: 405', path: 'database/creds/app', method: 'PUT' as const, code: 'VAULT_ERROR', message: /Code: 405\. Errors: unsupported operation/ },
  { name: 'a 404 to a write is an error (Logical.write)', path: 'database/other', method: 'PUT' as const, code: 'VAULT_ERROR', message: /Code: 404\. Errors: unsupported path/ },
]
for (const c of failures) {
  test(`failure: ${c.name}`, () =>
    withVault(async (v) => {
      await assert.rejects(requestDynamic({ address: v.url }, TOKEN, { method: c.method, path: c.path }, client), (err: unknown) => {
        assert.ok(err instanceof RenderError)
        assert.equal(err.code, c.code)
        assert.match(err.message, c.message)
        assert.doesNotMatch(err.message, /CANARY|canary/)
        return true
      })
    }))
}

test('a bad token is VAULT_DENIED, naming the request and never the token', () =>
  withVault(async (v) => {
    await assert.rejects(requestDynamic({ address: v.url }, 'hvs.wrong', { method: 'GET', path: 'database/creds/app' }, client), (err: unknown) => {
      assert.ok(err instanceof RenderError && err.code === 'VAULT_DENIED')
      assert.doesNotMatch(err.message, /hvs\./)
      return true
    })
  }))
