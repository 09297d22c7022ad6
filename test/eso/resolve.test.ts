// src/eso/resolve.ts: fetched Vault secrets → an ExternalSecret's data map, as ESO's controller
// builds it: dataFrom in order, then data (which wins); deletionPolicy on gone secrets; the
// all-empty rule; every value problem located at its field.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { resolveData, type ReadOutcome } from '../../src/eso/resolve.ts'
import { planExternalSecret, type ExternalSecretPlan, type PlannedRead } from '../../src/eso/plan.ts'
import { parseJson, type JsonObject } from '../../src/go/json.ts'
import { formatError } from '../../src/errors.ts'
import { fromUtf8 } from '../../src/eso/bytes.ts'

const PASSWORD = 'RESOLVE-CANARY-pw-4e1b'
const TOKEN = 'RESOLVE-CANARY-tok-90aa'
const resource = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', namespace: 'apps' }

function plan(spec: Record<string, unknown>): ExternalSecretPlan {
  const { plan, errors } = planExternalSecret(
    { metadata: { name: 'app', namespace: 'apps' }, spec: { secretStoreRef: { name: 'vault' }, ...spec } },
    { resource, position: 0, file: { path: 'es.yaml', index: 0 }, defaultNamespace: 'default' },
  )
  assert.deepEqual(errors, [])
  return plan!
}
const json = (text: string) => parseJson(text) as JsonObject
const found = (text: string, path = 'secret/data/x'): ReadOutcome => ({ found: true, data: json(text), path })
/** Outcomes by remoteRef key. */
const vault = (byKey: Record<string, ReadOutcome>) => (read: PlannedRead) => {
  const o = byKey[read.remoteRef.key]
  assert.ok(o, `no outcome for ${read.remoteRef.key}`)
  return o
}
const text = (data: Map<string, Uint8Array> | undefined) => (data ? Object.fromEntries([...data].map(([k, v]) => [k, fromUtf8(v)])) : undefined)
const secrets = [PASSWORD, TOKEN]
const assertNoCanary = (s: string) => {
  for (const c of secrets) assert.ok(!s.includes(c), `a secret value reached: ${s}`)
}

const rows: {
  name: string
  spec: Record<string, unknown>
  vault: Record<string, ReadOutcome>
  want?: Record<string, string>
  none?: true
  notices?: RegExp[]
  errors?: { code: string; field: string; message?: RegExp }[]
}[] = [
  {
    name: 'data items by property',
    spec: {
      data: [
        { secretKey: 'password', remoteRef: { key: 'db', property: 'password' } },
        { secretKey: 'user', remoteRef: { key: 'db', property: 'user' } },
      ],
    },
    vault: { db: found(`{"user":"admin","password":"${PASSWORD}"}`) },
    want: { password: PASSWORD, user: 'admin' },
  },
  {
    name: 'a data item without property gets the whole secret as JSON',
    spec: { data: [{ secretKey: 'all', remoteRef: { key: 'db' } }] },
    vault: { db: found('{"b":1,"a":"x"}') },
    want: { all: '{"a":"x","b":1}' },
  },
  {
    name: 'dataFrom items in order, later keys win',
    spec: { dataFrom: [{ extract: { key: 'one' } }, { extract: { key: 'two' } }] },
    vault: { one: found('{"a":"1","shared":"from-one"}'), two: found('{"b":"2","shared":"from-two"}') },
    want: { a: '1', shared: 'from-two', b: '2' },
  },
  {
    name: 'data wins over dataFrom whatever the spec order',
    spec: { data: [{ secretKey: 'shared', remoteRef: { key: 'single', property: 'v' } }], dataFrom: [{ extract: { key: 'bulk' } }] },
    vault: { bulk: found('{"shared":"from-dataFrom","other":"o"}'), single: found('{"v":"from-data"}') },
    want: { shared: 'from-data', other: 'o' },
  },
  {
    name: 'dataFrom extract with a property, key conversion Default and base64 decoding',
    spec: { dataFrom: [{ extract: { key: 'nested', property: 'inner', conversionStrategy: 'Default', decodingStrategy: 'Base64' } }] },
    vault: { nested: found(`{"inner":{"my key":"${Buffer.from(TOKEN).toString('base64')}"}}`) },
    want: { my_key: TOKEN },
  },
  {
    name: 'conversionStrategy Unicode spells a character out',
    spec: { dataFrom: [{ extract: { key: 'k', conversionStrategy: 'Unicode' } }] },
    vault: { k: found('{"a/b":"1"}') },
    want: { a_U002f_b: '1' },
  },
  {
    name: 'a data item with decodingStrategy Auto decodes base64 and leaves other text',
    spec: {
      data: [
        { secretKey: 'a', remoteRef: { key: 's', property: 'b64', decodingStrategy: 'Auto' } },
        { secretKey: 'b', remoteRef: { key: 's', property: 'plain', decodingStrategy: 'Auto' } },
      ],
    },
    vault: { s: found('{"b64":"aGVsbG8=","plain":"not base64!"}') },
    want: { a: 'hello', b: 'not base64!' },
  },
  {
    name: 'Retain: a missing secret fails at the data item key',
    spec: { data: [{ secretKey: 'k', remoteRef: { key: 'gone', property: 'p' } }] },
    vault: { gone: { found: false, reason: 'missing', path: 'secret/data/gone' } },
    errors: [{ code: 'VAULT_NOT_FOUND', field: 'spec.data[0].remoteRef.key', message: /key "gone" at secret\/data\/gone does not exist in Vault; with deletionPolicy Retain/ }],
  },
  {
    name: 'Retain: a soft-deleted dataFrom secret fails at the extract key, naming the version',
    spec: { dataFrom: [{ extract: { key: 'old', version: '3' } }] },
    vault: { old: { found: false, reason: 'deleted', path: 'secret/data/old?version=3' } },
    errors: [{ code: 'VAULT_NOT_FOUND', field: 'spec.dataFrom[0].extract.key', message: /key "old" version 3 at secret\/data\/old\?version=3 is deleted in Vault/ }],
  },
  {
    name: 'Delete: a destroyed secret is skipped with a notice, the rest is written',
    spec: {
      target: { deletionPolicy: 'Delete' },
      data: [
        { secretKey: 'k', remoteRef: { key: 'gone', property: 'p' } },
        { secretKey: 'ok', remoteRef: { key: 'here', property: 'p' } },
      ],
    },
    vault: { gone: { found: false, reason: 'destroyed', path: 'secret/data/gone' }, here: found('{"p":"v"}') },
    want: { ok: 'v' },
    notices: [/^spec\.data\[0\]: key "gone" at secret\/data\/gone is destroyed in Vault; skipped \(deletionPolicy Delete\)$/],
  },
  {
    name: 'Delete: nothing left means no Secret at all',
    spec: { target: { deletionPolicy: 'Delete' }, data: [{ secretKey: 'k', remoteRef: { key: 'gone', property: 'p' } }] },
    vault: { gone: { found: false, reason: 'missing', path: 'secret/data/gone' } },
    none: true,
    notices: [/skipped \(deletionPolicy Delete\)/, /no data left in Vault: no Secret is written \(deletionPolicy Delete; ESO deletes the Secret\)/],
  },
  {
    name: 'Merge: nothing left still writes a Secret, without provider data',
    spec: { target: { deletionPolicy: 'Merge' }, data: [{ secretKey: 'k', remoteRef: { key: 'gone', property: 'p' } }] },
    vault: { gone: { found: false, reason: 'missing', path: 'secret/data/gone' } },
    want: {},
    notices: [/skipped \(deletionPolicy Merge\)/, /the Secret is written without provider data \(deletionPolicy Merge\)/],
  },
  {
    name: 'Retain: all fetched data empty fails at spec',
    spec: { dataFrom: [{ extract: { key: 'empty' } }] },
    vault: { empty: found('{}') },
    errors: [{ code: 'VAULT_NOT_FOUND', field: 'spec', message: /all fetched data is empty/ }],
  },
  {
    name: 'an empty-string value is data, not emptiness',
    spec: { data: [{ secretKey: 'k', remoteRef: { key: 's', property: 'p' } }] },
    vault: { s: found('{"p":""}') },
    want: { k: '' },
  },
  {
    name: 'a data property that matches nothing is PROPERTY_NOT_FOUND at remoteRef.property',
    spec: { data: [{ secretKey: 'k', remoteRef: { key: 'db', property: 'pasword' } }] },
    vault: { db: found(`{"password":"${PASSWORD}"}`) },
    errors: [{ code: 'PROPERTY_NOT_FOUND', field: 'spec.data[0].remoteRef.property', message: /^cannot find secret data for key: "pasword"$/ }],
  },
  {
    name: 'an extract property that matches nothing is PROPERTY_NOT_FOUND at extract.property',
    spec: { dataFrom: [{ extract: { key: 'db', property: 'nope' } }] },
    vault: { db: found(`{"password":"${PASSWORD}"}`) },
    errors: [{ code: 'PROPERTY_NOT_FOUND', field: 'spec.dataFrom[0].extract.property' }],
  },
  {
    name: 'a data value that is not base64 is VALUE_INVALID at remoteRef',
    spec: { data: [{ secretKey: 'k', remoteRef: { key: 'db', property: 'password', decodingStrategy: 'Base64' } }] },
    vault: { db: found(`{"password":"${PASSWORD}!"}`) },
    errors: [{ code: 'VALUE_INVALID', field: 'spec.data[0].remoteRef', message: /error applying decoding strategy Base64 to data: illegal base64 data at input byte/ }],
  },
  {
    name: 'nullBytePolicy Fail on a data value is VALUE_INVALID at remoteRef',
    spec: { data: [{ secretKey: 'bin', remoteRef: { key: 'b', property: 'v', nullBytePolicy: 'Fail' } }] },
    vault: { b: found('{"v":"a\\u0000b"}') },
    errors: [{ code: 'VALUE_INVALID', field: 'spec.data[0].remoteRef', message: /key "bin" contains null bytes/ }],
  },
  {
    name: 'extracting a property that is not a JSON object is VALUE_INVALID at the extract',
    spec: { dataFrom: [{ extract: { key: 'db', property: 'password' } }] },
    vault: { db: found(`{"password":"${PASSWORD}"}`) },
    errors: [{ code: 'VALUE_INVALID', field: 'spec.dataFrom[0].extract' }],
  },
  {
    // Conversion makes every character valid; only a key over 253 bytes is left to fail.
    name: 'an extracted key over 253 bytes is VALUE_INVALID at the extract',
    spec: { dataFrom: [{ extract: { key: 'k', conversionStrategy: 'Unicode' } }, { extract: { key: 'bad' } }] },
    vault: { k: found('{"a/b":"1"}'), bad: found(`{"${'x'.repeat(254)}":"${TOKEN}"}`) },
    errors: [{ code: 'VALUE_INVALID', field: 'spec.dataFrom[1].extract', message: /invalid secret keys .*key has length 254 but max is 253/ }],
  },
  {
    name: 'every failing item is reported, not only the first',
    spec: {
      target: { deletionPolicy: 'Retain' },
      dataFrom: [{ extract: { key: 'gone' } }],
      data: [
        { secretKey: 'a', remoteRef: { key: 'db', property: 'nope' } },
        { secretKey: 'b', remoteRef: { key: 'db', property: 'password' } },
      ],
    },
    vault: { gone: { found: false, reason: 'missing', path: 'secret/data/gone' }, db: found(`{"password":"${PASSWORD}"}`) },
    errors: [
      { code: 'VAULT_NOT_FOUND', field: 'spec.dataFrom[0].extract.key' },
      { code: 'PROPERTY_NOT_FOUND', field: 'spec.data[0].remoteRef.property' },
    ],
  },
]
for (const r of rows) {
  test(`resolve: ${r.name}`, () => {
    const p = plan(r.spec)
    const got = resolveData(p, vault(r.vault))
    for (const e of got.errors) {
      assertNoCanary(formatError(e))
      assert.deepEqual(e.resource, resource)
      assert.deepEqual(e.file, { path: 'es.yaml', index: 0 })
    }
    for (const n of got.notices) assertNoCanary(n)
    assert.deepEqual(
      got.errors.map((e) => ({ code: e.code, field: e.fieldPath })),
      (r.errors ?? []).map((e) => ({ code: e.code, field: e.field })),
    )
    ;(r.errors ?? []).forEach((e, i) => e.message && assert.match(got.errors[i].message, e.message))
    if (r.errors?.length) assert.equal(got.data, undefined, 'no data when anything failed')
    else if (r.none) assert.equal(got.data, undefined)
    else assert.deepEqual(text(got.data), r.want)
    if (r.notices) {
      assert.equal(got.notices.length, r.notices.length, got.notices.join('\n'))
      r.notices.forEach((re, i) => assert.match(got.notices[i], re))
    }
  })
}

test("resolve: an extract's keys come in Go's marshalled (sorted) order, then the data keys", () => {
  const p = plan({ data: [{ secretKey: 'z', remoteRef: { key: 's', property: 'p' } }], dataFrom: [{ extract: { key: 'm' } }] })
  const got = resolveData(p, vault({ s: found('{"p":"1"}'), m: found('{"b":"2","a":"3"}') }))
  assert.deepEqual([...got.data!.keys()], ['a', 'b', 'z'])
})

test('resolve: each read asks for its own outcome exactly once', () => {
  const p = plan({
    data: [
      { secretKey: 'a', remoteRef: { key: 's', property: 'p' } },
      { secretKey: 'b', remoteRef: { key: 's', property: 'p' } },
    ],
  })
  const asked: string[] = []
  resolveData(p, (read) => {
    asked.push(read.fieldPath)
    return found('{"p":"v"}')
  })
  assert.deepEqual(asked, ['spec.data[0]', 'spec.data[1]'])
})

test('resolve: each key remembers the field that produced it (data wins over dataFrom, as its value does)', () => {
  const p = plan({
    data: [
      { secretKey: 'z', remoteRef: { key: 's', property: 'p' } },
      { secretKey: 'a', remoteRef: { key: 's', property: 'p' } },
    ],
    dataFrom: [{ extract: { key: 'm' } }, { extract: { key: 'n' } }],
  })
  const got = resolveData(p, vault({ s: found('{"p":"1"}'), m: found('{"b":"2","a":"3"}'), n: found('{"c":"4"}') }))
  assert.deepEqual(Object.fromEntries(got.origins), {
    a: 'spec.data[1].secretKey',
    b: 'spec.dataFrom[0].extract',
    c: 'spec.dataFrom[1].extract',
    z: 'spec.data[0].secretKey',
  })
})

// --- dataFrom.find and metadataPolicy Fetch (pkg/controllers/externalsecret/externalsecret_controller_secret.go
// handleFindAllSecrets: ConvertKeys, ValidateKeys, DecodeMap, null bytes; providers/v1/vault/client_get.go GetSecret).

const foundSecrets = (byName: Record<string, string>, path = 'secret/metadata/?list=true'): ReadOutcome => ({
  found: true,
  data: new Map(),
  secrets: new Map(Object.entries(byName).map(([k, v]) => [k, json(v)])),
  path,
})

test('resolve: a find’s secrets become keys (names converted) with each secret’s JSON, in dataFrom order with extracts', () => {
  const p = plan({ dataFrom: [{ extract: { key: 'base' } }, { find: { path: 'app' } }, { extract: { key: 'last' } }] })
  const r = resolveData(p, (read) =>
    read.source === 'find' ? foundSecrets({ 'app/db': '{"user":"u","n":1.50}', 'app/x': '{}' }) : read.remoteRef.key === 'base' ? found('{"app_db":"overwritten"}') : found('{"app_x":"last wins"}'),
  )
  assert.deepEqual(r.errors, [])
  assert.deepEqual(text(r.data), { app_db: '{"n":1.50,"user":"u"}', app_x: 'last wins' })
  assert.equal(r.origins.get('app_db'), 'spec.dataFrom[1].find')
})

test('resolve: a find’s conversion collision and decoding failure are ESO’s errors at the find', () => {
  const collide = resolveData(plan({ dataFrom: [{ find: {} }] }), () => foundSecrets({ 'a/b': '{}', a_b: '{}' }))
  assert.equal(collide.errors.length, 1)
  assert.equal(formatError(collide.errors[0]), 'es.yaml[0] ExternalSecret apps/app spec.dataFrom[0].find: error applying conversion strategy  to keys: secret name collision during conversion: a_b')
  const decode = resolveData(plan({ dataFrom: [{ find: { decodingStrategy: 'Base64' } }] }), () => foundSecrets({ x: '{"k":"v"}' }))
  assert.match(formatError(decode.errors[0]), /spec\.dataFrom\[0\]\.find: error applying decoding strategy Base64 to data: failure decoding key x: illegal base64 data at input byte 0/)
})

test('resolve: a find that keeps nothing contributes nothing; alone under Retain the data is empty and the run fails', () => {
  const r = resolveData(plan({ dataFrom: [{ find: { name: { regexp: 'none' } } }] }), () => foundSecrets({}))
  assert.equal(r.data, undefined)
  assert.match(formatError(r.errors[0]), /spec: all fetched data is empty; with deletionPolicy Retain/)
})

test('resolve: a find whose LIST answered 404 goes through deletionPolicy', () => {
  const gone: ReadOutcome = { found: false, reason: 'missing', path: 'secret/metadata/app/?list=true' }
  const retain = resolveData(plan({ dataFrom: [{ find: { path: 'app' } }] }), () => gone)
  assert.equal(retain.errors[0].code, 'VAULT_NOT_FOUND')
  assert.match(formatError(retain.errors[0]), /spec\.dataFrom\[0\]\.find: Secret does not exist: find path "app" at secret\/metadata\/app\/\?list=true lists nothing \(404\) in Vault/)
  const merge = resolveData(plan({ target: { deletionPolicy: 'Merge' }, dataFrom: [{ find: {} }] }), () => ({ ...gone, path: 'secret/metadata/?list=true' }))
  assert.deepEqual(merge.errors, [])
  assert.match(merge.notices[0], /^spec\.dataFrom\[0\]\.find: find at the mount root at secret\/metadata\/\?list=true lists nothing \(404\) in Vault; skipped \(deletionPolicy Merge\)$/)
})

test('resolve: metadataPolicy Fetch with no metadata at all gives no bytes: an empty value for data[], the JSON parser’s error for an extract', () => {
  const none: ReadOutcome = { found: true, data: new Map(), path: 'secret/metadata/app' }
  const d = resolveData(plan({ data: [{ secretKey: 'm', remoteRef: { key: 'app', property: 'owner', metadataPolicy: 'Fetch' } }] }), () => none)
  assert.deepEqual(text(d.data), { m: '' })
  const e = resolveData(plan({ dataFrom: [{ extract: { key: 'app', metadataPolicy: 'Fetch' } }] }), () => none)
  assert.match(formatError(e.errors[0]), /spec\.dataFrom\[0\]\.extract: unexpected end of JSON input/)
})

// externalsecret_controller_secret.go handleExtractSecrets: RewriteMap, then ConvertKeys only when
// there are no rewrites, then ValidateKeys (empty keys dropped, bad ones refused), then decoding.
test('resolve: dataFrom rewrites replace conversionStrategy; keys are validated and decoded after them', () => {
  const p = plan({
    dataFrom: [
      { extract: { key: 'a', conversionStrategy: 'Default', decodingStrategy: 'Base64' }, rewrite: [{ regexp: { source: '^drop.*', target: '' } }, { regexp: { source: 'ü', target: 'ue' } }] },
    ],
  })
  const r = resolveData(p, vault({ a: found('{"grün": "eA==", "dropme": "eQ=="}') }))
  assert.deepEqual(r.errors, [])
  // "grün" → "gruen" (no conversion to "gr_n"), "dropme" → "" (dropped by ValidateKeys), values base64-decoded.
  assert.deepEqual(text(r.data), { gruen: 'x' })

  const bad = plan({ dataFrom: [{ extract: { key: 'a' }, rewrite: [{ regexp: { source: '^', target: 'a/' } }] }] })
  const failed = resolveData(bad, vault({ a: found(`{"k": "${PASSWORD}"}`) }))
  assert.equal(failed.data, undefined)
  assert.equal(failed.errors.length, 1)
  assert.equal(failed.errors[0].fieldPath, 'spec.dataFrom[0].extract')
  assert.equal(
    failed.errors[0].message,
    "invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): key has invalid character /, only alphanumeric, '-', '.' and '_' are allowed: a/k",
  )
  assertNoCanary(formatError(failed.errors[0]))
})

test('resolve: a rewrite failure is located at the rewrite operation, and nothing is returned', () => {
  const p = plan({ dataFrom: [{ extract: { key: 'a' }, rewrite: [{ merge: { priority: ['missing'] } }] }] })
  const r = resolveData(p, vault({ a: found(`{"k": "{\\"p\\": \\"${PASSWORD}\\"}"}`) }))
  assert.equal(r.data, undefined)
  assert.deepEqual(
    r.errors.map((e) => [e.code, e.fieldPath, e.message]),
    [['VALUE_INVALID', 'spec.dataFrom[0].rewrite[0].merge', 'error applying rewrite to keys: failed rewrite operation[0]: merge failed with key "missing" not found in input map']],
  )
})
