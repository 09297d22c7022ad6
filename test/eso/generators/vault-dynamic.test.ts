// src/eso/generators/vault-dynamic.ts: ESO v2.9's VaultDynamicSecret (generators/v1/vault/vault.go
// fetchVaultSecret and prepareResponse, over esutils.GetByteValue), ported as facts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createsChildToken, createsLease, dynamicRequest, outlivesLogin, generatedMap, type VaultDynamicSecretSpec } from '../../../src/eso/generators/vault-dynamic.ts'
import { parseJson, type JsonObject } from '../../../src/go/json.ts'

const spec = (s: Partial<VaultDynamicSecretSpec>): VaultDynamicSecretSpec => ({ path: 'database/creds/app', provider: { server: 'https://vault:8200' }, ...s })

// fetchVaultSecret: "" and GET read (with getParameters), LIST lists, anything else writes: the Go client's Write is a PUT.
const requests = [
  { name: 'no method reads', spec: spec({}), want: { method: 'GET', path: 'database/creds/app' } },
  { name: 'GET with getParameters', spec: spec({ method: 'GET', getParameters: { ttl: ['1h'] } }), want: { method: 'GET', path: 'database/creds/app', query: { ttl: ['1h'] } } },
  { name: 'LIST', spec: spec({ method: 'LIST', path: 'secret/metadata' }), want: { method: 'LIST', path: 'secret/metadata' } },
  {
    name: 'POST is a write: PUT with the parameters',
    spec: spec({ method: 'POST', path: 'auth/token/create', parameters: { ttl: '1h', policies: ['a'] } }),
    want: { method: 'PUT', path: 'auth/token/create', body: '{"ttl":"1h","policies":["a"]}' },
  },
  { name: 'PUT without parameters sends an empty object', spec: spec({ method: 'PUT' }), want: { method: 'PUT', path: 'database/creds/app', body: '{}' } },
  { name: 'a leading slash is the same path', spec: spec({ path: '/database/creds/app' }), want: { method: 'GET', path: 'database/creds/app' } },
  { name: 'DELETE is not sent', spec: spec({ method: 'DELETE' }), want: undefined },
]
for (const c of requests) test(`request: ${c.name}`, () => assert.deepEqual(dynamicRequest(c.spec), c.want))

const answer = parseJson(
  '{"request_id":"r-1","lease_id":"database/creds/app/abc","renewable":true,"lease_duration":3600,"data":{"password":"p","username":"u","port":5432,"ratio":1.50,"nested":{"n":1.0},"list":["a",1],"none":null,"ok":true},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"database"}',
) as JsonObject
const text = (m: Map<string, Uint8Array>) => Object.fromEntries([...m].map(([k, v]) => [k, new TextDecoder().decode(v)]))

test("resultType Data: the answer's data, numbers as Vault wrote them (UseNumber), objects and lists as JSON, null as empty", () => {
  assert.deepEqual(text(generatedMap(answer, 'Data')), { password: 'p', username: 'u', port: '5432', ratio: '1.50', nested: '{"n":1.0}', list: '["a",1]', none: '', ok: 'true' })
})

test("resultType Raw: every field of the Go client's Secret, through json.Marshal and back (numbers float64; nil auth, nil wrap_info left out)", () => {
  const raw = text(generatedMap(answer, 'Raw'))
  assert.deepEqual(Object.keys(raw).sort(), ['data', 'lease_duration', 'lease_id', 'mount_type', 'renewable', 'request_id', 'warnings'])
  assert.equal(raw.lease_duration, '3600')
  assert.equal(raw.renewable, 'true')
  assert.equal(raw.warnings, '')
  assert.equal(raw.data, '{"list":["a",1],"nested":{"n":1},"none":null,"ok":true,"password":"p","port":5432,"ratio":1.5,"username":"u"}')
})

test('resultType Auth: the SecretAuth struct, every field present; no auth block is an empty map', () => {
  const login = parseJson(
    '{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,"warnings":null,"auth":{"client_token":"hvs.x","accessor":"a","policies":["default"],"token_policies":["default"],"metadata":{"k":"v"},"lease_duration":768,"renewable":true,"entity_id":"","token_type":"service","orphan":true,"mfa_requirement":null,"num_uses":0}}',
  ) as JsonObject
  assert.deepEqual(text(generatedMap(login, 'Auth')), {
    client_token: 'hvs.x',
    accessor: 'a',
    policies: '["default"]',
    token_policies: '["default"]',
    identity_policies: '',
    metadata: '{"k":"v"}',
    orphan: 'true',
    entity_id: '',
    lease_duration: '768',
    renewable: 'true',
    mfa_requirement: '',
  })
  assert.equal(generatedMap(answer, 'Auth').size, 0)
})

test('a lease is a non-empty lease_id', () => {
  assert.equal(createsLease(answer), true)
  assert.equal(createsLease(parseJson('{"lease_id":"","data":{}}') as JsonObject), false)
})

test('what dies with the login token: a lease, or a token that is not an orphan', () => {
  const cases: { answer: string; lease: boolean; child: boolean; why: string }[] = [
    { answer: '{"lease_id":"db/creds/x/1","data":{}}', lease: true, child: false, why: 'a lease' },
    { answer: '{"lease_id":"","auth":{"client_token":"t","orphan":false}}', lease: false, child: true, why: 'auth/token/create: a child of the caller' },
    { answer: '{"lease_id":"","auth":{"client_token":"t","orphan":true}}', lease: false, child: false, why: 'create-orphan: no parent' },
    { answer: '{"lease_id":"","auth":{"client_token":""}}', lease: false, child: false, why: 'no token' },
    { answer: '{"lease_id":"","auth":null,"data":{"k":"v"}}', lease: false, child: false, why: 'a plain answer' },
  ]
  for (const c of cases) {
    const secret = parseJson(c.answer) as JsonObject
    assert.equal(createsLease(secret), c.lease, c.why)
    assert.equal(createsChildToken(secret), c.child, c.why)
    assert.equal(outlivesLogin(secret), c.lease || c.child, c.why)
  }
})
