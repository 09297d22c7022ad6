// The KV engines of the Vault-compatible server against vault-api.md §3 (checklist items 17–29, 34):
// exact bodies, number literals, versions, soft delete, metadata, lists and writes.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { call, withServer, blankId } from './helpers.ts'
import type { Seed } from './seed.ts'

const seed: Seed = {
  secret: {
    version: 2,
    secrets: { 'app/db': { zeta: 'z', alpha: 'a' }, 'app/api': { k: 'v' }, 'app/deep/x': { k: 'v' }, top: { k: 'v' }, 'data/myapp': { which: 'data/myapp' }, myapp: { which: 'myapp' } },
    rawJson: { cfg: '{"ratio": 1.50, "big": 12345678901234567890, "exp": 1E+3, "nested": {"b": -0.0, "a": [1.10, {"z": 1, "y": 2}]}}' },
    versions: { rot: { '1': { v: 'one' }, '2': { v: 'two' }, '3': { v: 'three' }, '4': { v: 'four' } } },
    deletedVersions: { rot: [3] },
    destroyedVersions: { rot: [1] },
  },
  kv: { version: 1, secrets: { plain: { a: 'b', ttl: '1h' }, nottl: { a: 'b' }, numttl: { ttl: 90 }, 'data/foo': { literal: 'yes' }, 'dir/x': { k: 'v' }, 'dir/sub/y': { k: 'v' } } },
}

const ENV = (data: string, mountType = 'kv', warnings = 'null') =>
  `{"request_id":"ID","lease_id":"","renewable":false,"lease_duration":0,"data":${data},"wrap_info":null,"warnings":${warnings},"auth":null,"mount_type":"${mountType}"}`
const meta = (version: number, deletion = '', destroyed = false) =>
  `{"created_time":"2026-01-01T00:00:00.000000001Z","custom_metadata":null,"deletion_time":"${deletion}","destroyed":${destroyed},"version":${version}}`
const SEED_DEL = '2026-01-01T00:00:00.000000001Z'
const INVALID_PATH = (verb: string) =>
  `["Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${verb}' for this operation."]`
const MERGE = { 'Content-Type': 'application/merge-patch+json' }

test('number literals come back exactly as written, sorted at every depth (rawJson)', async () => {
  await withServer({ seed }, async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data/cfg')
    assert.equal(blankId(r.body), ENV(`{"data":{"big":12345678901234567890,"exp":1E+3,"nested":{"a":[1.10,{"y":2,"z":1}],"b":-0.0},"ratio":1.50},"metadata":${meta(1)}}`) + '\n')
  })
})

test('strings are escaped as Go does (HTML characters, U+2028, control characters)', async () => {
  await withServer({ seed }, async (v) => {
    v.putSecret('secret', 'esc', { s: '<a&b>\u2028\b\f\u0001"\\/é😀' })
    const r = await call(v, 'GET', '/v1/secret/data/esc')
    assert.ok(r.body.includes('"s":"\\u003ca\\u0026b\\u003e\\u2028\\b\\f\\u0001\\"\\\\/é😀"'), r.body)
  })
})

test('[17] KV v1 read: lease_duration from ttl (string or seconds) or 2764800; mount_type kv', async () => {
  await withServer({ seed }, async (v) => {
    const cases: [string, number, string][] = [
      ['plain', 3600, '{"a":"b","ttl":"1h"}'],
      ['nottl', 2764800, '{"a":"b"}'],
      ['numttl', 90, '{"ttl":90}'],
    ]
    for (const [path, lease, data] of cases) {
      const r = await call(v, 'GET', `/v1/kv/${path}`)
      assert.equal(blankId(r.body), ENV(data).replace('"lease_duration":0', `"lease_duration":${lease}`) + '\n')
    }
  })
})

test('[17] KV v1 write/delete 204, empty write 400, trailing slash read 404, LIST, PATCH 405', async () => {
  await withServer({ seed }, async (v) => {
    assert.equal((await call(v, 'PUT', '/v1/kv/new', { body: '{"n":1.0}' })).status, 204)
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/kv/new')).body).data.n, 1)
    assert.ok((await call(v, 'GET', '/v1/kv/new')).body.includes('"data":{"n":1.0}'))
    for (const body of ['', '{}']) assert.deepEqual(await call(v, 'POST', '/v1/kv/new', { body }).then((r) => [r.status, r.body]), [400, '{"errors":["missing data fields"]}\n'])
    assert.equal((await call(v, 'DELETE', '/v1/kv/new')).status, 204)
    assert.equal((await call(v, 'DELETE', '/v1/kv/never')).status, 204)
    assert.equal((await call(v, 'GET', '/v1/kv/new')).body, '{"errors":[]}\n')
    assert.equal((await call(v, 'GET', '/v1/kv/plain/')).body, '{"errors":[]}\n')
    assert.equal(JSON.parse((await call(v, 'LIST', '/v1/kv/dir')).body).data.keys.join(), 'sub/,x')
    assert.equal((await call(v, 'LIST', '/v1/kv/empty')).body, '{"errors":[]}\n')
    const p = await call(v, 'PATCH', '/v1/kv/plain', { headers: MERGE, body: '{}' })
    assert.deepEqual([p.status, p.body], [405, '{"errors":["1 error occurred:\\n\\t* unsupported operation\\n\\n"]}\n'])
  })
})

test('[18] KV v1: any sub-path including data/… is a plain key', async () => {
  await withServer({ seed }, async (v) => {
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/kv/data/foo')).body).data.literal, 'yes')
    assert.equal((await call(v, 'GET', '/v1/kv/data/plain')).status, 404)
  })
})

test('[19] KV v2 versions: latest, ?version=N, <= 0 is latest, never-written 404, bad version 400', async () => {
  await withServer({ seed }, async (v) => {
    const cases: [string, number, string][] = [
      ['', 200, 'four'],
      ['?version=2', 200, 'two'],
      ['?version=0', 200, 'four'],
      ['?version=-1', 200, 'four'],
      ['?version=9', 404, '{"errors":[]}\n'],
    ]
    for (const [q, status, want] of cases) {
      const r = await call(v, 'GET', `/v1/secret/data/rot${q}`)
      assert.equal(r.status, status, q)
      if (status === 200) assert.equal(JSON.parse(r.body).data.data.v, want)
      else assert.equal(r.body, want)
    }
    const bad = await call(v, 'GET', '/v1/secret/data/rot?version=abc')
    assert.equal(bad.status, 400)
    assert.match(bad.body, /^\{"errors":\["Field validation failed: error converting input abc for field \\"version\\"/)
  })
})

test('[20] soft-deleted and destroyed versions: raw 404 envelope, data.data null, no newline, mount_type "" (configurable)', async () => {
  await withServer({ seed }, async (v) => {
    const del = await call(v, 'GET', '/v1/secret/data/rot?version=3')
    assert.equal(del.status, 404)
    assert.equal(blankId(del.body), ENV(`{"data":null,"metadata":${meta(3, SEED_DEL)}}`, ''))
    const gone = await call(v, 'GET', '/v1/secret/data/rot?version=1')
    assert.equal(blankId(gone.body), ENV(`{"data":null,"metadata":${meta(1, '', true)}}`, ''))
  })
  await withServer({ seed, softDeletedBody: { mountType: 'kv', trailingNewline: true } }, async (v) => {
    const del = await call(v, 'GET', '/v1/secret/data/rot?version=3')
    assert.equal(blankId(del.body), ENV(`{"data":null,"metadata":${meta(3, SEED_DEL)}}`, 'kv') + '\n')
  })
})

test('[19][20] latest version deleted: a read without ?version still 404s (no fallback)', async () => {
  await withServer({ seed }, async (v) => {
    assert.equal((await call(v, 'DELETE', '/v1/secret/data/rot')).status, 204)
    const r = await call(v, 'GET', '/v1/secret/data/rot')
    assert.equal(r.status, 404)
    assert.equal(JSON.parse(r.body).data.data, null)
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/secret/data/rot?version=2')).body).data.data.v, 'two')
  })
})

test('[21] delete_version_after: a future deletion_time still reads 200; once past, the 404 envelope', async () => {
  let t = Date.UTC(2026, 5, 1, 12, 0, 0, 250)
  await withServer({ seed, clock: () => t }, async (v) => {
    assert.equal((await call(v, 'POST', '/v1/secret/metadata/tmp', { body: '{"delete_version_after":"1h"}' })).status, 204)
    const w = await call(v, 'POST', '/v1/secret/data/tmp', { body: '{"data":{"k":"v"}}' })
    assert.equal(blankId(w.body), ENV('{"created_time":"2026-06-01T12:00:00.25Z","custom_metadata":null,"deletion_time":"2026-06-01T13:00:00.25Z","destroyed":false,"version":1}') + '\n')
    assert.equal((await call(v, 'GET', '/v1/secret/data/tmp')).status, 200)
    t += 3600_000
    assert.equal((await call(v, 'GET', '/v1/secret/data/tmp')).status, 404)
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/secret/metadata/tmp')).body).data.delete_version_after, '1h0m0s')
  })
})

test('[22] KV v2 write: 200 with version metadata; CAS rules and their 400 texts; no data provided', async () => {
  const t = Date.UTC(2026, 5, 1)
  await withServer({ seed, clock: () => t }, async (v) => {
    const cases: [string, string, number, string][] = [
      ['new', '{"data":{"a":"1"}}', 200, ENV('{"created_time":"2026-06-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}') + '\n'],
      ['new', '{"options":{"cas":0},"data":{"a":"2"}}', 400, '{"errors":["check-and-set parameter did not match the current version"]}\n'],
      ['new', '{"options":{"cas":1},"data":{"a":"2"}}', 200, ENV('{"created_time":"2026-06-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":2}') + '\n'],
      ['new', '{"options":{"cas":"x"},"data":{"a":"2"}}', 400, '{"errors":["error parsing check-and-set parameter"]}\n'],
      ['new', '{"a":"v1-style"}', 400, '{"errors":["no data provided"]}\n'],
    ]
    for (const [path, body, status, want] of cases) {
      const r = await call(v, 'POST', `/v1/secret/data/${path}`, { body })
      assert.deepEqual([r.status, blankId(r.body)], [status, want], body)
    }
    await call(v, 'POST', '/v1/secret/metadata/strict', { body: '{"cas_required":true}' })
    assert.equal((await call(v, 'POST', '/v1/secret/data/strict', { body: '{"data":{}}' })).body, '{"errors":["check-and-set parameter required for this call"]}\n')
    assert.equal((await call(v, 'POST', '/v1/secret/data/strict', { body: '{"data":{},"options":{"cas":0}}' })).status, 200)
  })
})

test('[23] max_versions (default 10) rotation advances oldest_version; aged-out versions 404', async () => {
  await withServer({ seed }, async (v) => {
    for (let i = 1; i <= 12; i++) await call(v, 'POST', '/v1/secret/data/many', { body: `{"data":{"i":${i}}}` })
    const m = JSON.parse((await call(v, 'GET', '/v1/secret/metadata/many')).body).data
    assert.deepEqual([m.current_version, m.oldest_version, m.max_versions, Object.keys(m.versions).length], [12, 3, 0, 10])
    assert.equal((await call(v, 'GET', '/v1/secret/data/many?version=2')).body, '{"errors":[]}\n')
    await call(v, 'POST', '/v1/secret/metadata/few', { body: '{"max_versions":2}' })
    for (let i = 1; i <= 3; i++) await call(v, 'POST', '/v1/secret/data/few', { body: `{"data":{"i":${i}}}` })
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/secret/metadata/few')).body).data.oldest_version, 2)
  })
})

test('[24] delete / undelete / destroy: 204, and the two differently-cased "no version number" 400s', async () => {
  await withServer({ seed }, async (v) => {
    const ops: [string, string, number, string][] = [
      ['delete', '{"versions":[2]}', 204, ''],
      ['undelete', '{"versions":[2,3]}', 204, ''],
      ['destroy', '{"versions":"4"}', 204, ''],
      ['delete', '{}', 400, '{"errors":["No version number provided"]}\n'],
      ['undelete', '{"versions":[]}', 400, '{"errors":["No version number provided"]}\n'],
      ['destroy', '{}', 400, '{"errors":["no version number provided"]}\n'],
    ]
    for (const [op, body, status, want] of ops) assert.deepEqual(await call(v, 'POST', `/v1/secret/${op}/rot`, { body }).then((r) => [r.status, r.body]), [status, want], `${op} ${body}`)
    const versions = JSON.parse((await call(v, 'GET', '/v1/secret/metadata/rot')).body).data.versions
    assert.deepEqual(Object.fromEntries(Object.entries(versions as Record<string, { deletion_time: string; destroyed: boolean }>).map(([n, x]) => [n, [x.deletion_time, x.destroyed]])), {
      '1': ['', true],
      '2': ['', false],
      '3': ['', false],
      '4': ['', true],
    })
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/secret/data/rot?version=3')).body).data.data.v, 'three')
  })
})

test('[25] metadata read: exact body, versions keyed as strings; write, patch, delete', async () => {
  let t = Date.UTC(2026, 5, 1)
  await withServer({ seed, clock: () => t }, async (v) => {
    const r = await call(v, 'GET', '/v1/secret/metadata/rot')
    const vers = (n: number, del = '', destroyed = false) => `"${n}":{"created_time":"${SEED_DEL}","deletion_time":"${del}","destroyed":${destroyed}}`
    assert.equal(
      blankId(r.body),
      ENV(
        `{"cas_required":false,"created_time":"${SEED_DEL}","current_version":4,"custom_metadata":null,"delete_version_after":"0s","max_versions":0,"oldest_version":0,"updated_time":"${SEED_DEL}","versions":{${vers(1, '', true)},${vers(2)},${vers(3, SEED_DEL)},${vers(4)}}}`,
      ) + '\n',
    )
    t += 1000
    assert.equal((await call(v, 'POST', '/v1/secret/metadata/app/db', { body: '{"custom_metadata":{"owner":"jdoe","a":"x"},"max_versions":5}' })).status, 204)
    assert.equal((await call(v, 'PATCH', '/v1/secret/metadata/app/db', { headers: MERGE, body: '{"custom_metadata":{"a":null,"b":"y"}}' })).status, 204)
    const m = JSON.parse((await call(v, 'GET', '/v1/secret/metadata/app/db')).body).data
    assert.deepEqual([m.custom_metadata, m.max_versions, m.updated_time], [{ b: 'y', owner: 'jdoe' }, 5, '2026-06-01T00:00:01Z'])
    assert.ok((await call(v, 'GET', '/v1/secret/data/app/db')).body.includes('"custom_metadata":{"b":"y","owner":"jdoe"}'))
    const tooLong = await call(v, 'POST', '/v1/secret/metadata/app/db', { body: JSON.stringify({ custom_metadata: { k: 'x'.repeat(513) } }) })
    assert.equal(tooLong.status, 400)
    assert.match(tooLong.body, /^\{"errors":\["custom_metadata validation failed: /)
    assert.equal((await call(v, 'PATCH', '/v1/secret/metadata/none', { headers: MERGE, body: '{}' })).body, '{"errors":[]}\n')
    assert.equal((await call(v, 'DELETE', '/v1/secret/metadata/app/db')).status, 204)
    assert.equal((await call(v, 'GET', '/v1/secret/metadata/app/db')).body, '{"errors":[]}\n')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).body, '{"errors":[]}\n')
  })
})

test('[25] LIST on metadata: sorted, folders end in /, root, 404 when empty, exclude_deleted', async () => {
  await withServer({ seed }, async (v) => {
    const keys = async (path: string) => {
      const r = await call(v, 'LIST', path)
      return r.status === 200 ? JSON.parse(r.body).data.keys : r.body
    }
    assert.deepEqual(await keys('/v1/secret/metadata/'), ['app/', 'cfg', 'data/', 'myapp', 'rot', 'top'])
    assert.deepEqual(await keys('/v1/secret/metadata'), ['app/', 'cfg', 'data/', 'myapp', 'rot', 'top'])
    assert.deepEqual(await keys('/v1/secret/metadata/app/'), ['api', 'db', 'deep/'])
    assert.equal(await keys('/v1/secret/metadata/nothing'), '{"errors":[]}\n')
    await call(v, 'DELETE', '/v1/secret/data/top')
    assert.deepEqual(JSON.parse((await call(v, 'GET', '/v1/secret/metadata/?list=true&exclude_deleted=true')).body).data.keys, ['app/', 'cfg', 'data/', 'myapp', 'rot'])
    const l = await call(v, 'LIST', '/v1/secret/metadata/app')
    assert.equal(blankId(l.body), ENV('{"keys":["api","db","deep/"]}') + '\n')
  })
})

test('[26] versioned K/V invalid paths: 404 raw envelope + warning by verb; mount-root names', async () => {
  await withServer({ seed }, async (v) => {
    const cases: [string, string, string | undefined, string][] = [
      ['GET', '/v1/secret/myapp', undefined, INVALID_PATH('get')],
      ['GET', '/v1/secret/data/myapp/', undefined, INVALID_PATH('get')],
      ['PUT', '/v1/secret/foo', '{"a":"b"}', INVALID_PATH('put')],
      ['DELETE', '/v1/secret/foo', undefined, INVALID_PATH('delete')],
      ['LIST', '/v1/secret/data/', undefined, INVALID_PATH('list')],
      ['GET', '/v1/secret/data', undefined, '["Non-listing operations on the root of a K/V v2 mount are not supported."]'],
      ['GET', '/v1/secret/metadata', undefined, '["Non-listing operations on the root of a K/V v2 mount are not supported."]'],
      ['POST', '/v1/secret/destroy', '{}', '["Non-listing operations on the root of a K/V v2 mount are not supported."]'],
    ]
    for (const [method, path, body, warnings] of cases) {
      const r = await call(v, method, path, { body })
      assert.deepEqual([r.status, blankId(r.body)], [404, ENV('null', '', warnings)], `${method} ${path}`)
    }
  })
})

test('[27] data/data/x addresses the key data/x', async () => {
  await withServer({ seed }, async (v) => {
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/secret/data/data/myapp')).body).data.data.which, 'data/myapp')
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/secret/data/myapp')).body).data.data.which, 'myapp')
  })
})

test('[28] PATCH: merge patch makes a new version; missing key 404 empty body; deleted 404 envelope', async () => {
  await withServer({ seed }, async (v) => {
    const ok = await call(v, 'PATCH', '/v1/secret/data/app/db', { headers: MERGE, body: '{"data":{"alpha":null,"n":{"x":1.50}}}' })
    assert.equal(JSON.parse(ok.body).data.version, 2)
    assert.ok((await call(v, 'GET', '/v1/secret/data/app/db')).body.includes('"data":{"n":{"x":1.50},"zeta":"z"}'))
    const missing = await call(v, 'PATCH', '/v1/secret/data/none', { headers: MERGE, body: '{"data":{}}' })
    assert.deepEqual([missing.status, missing.body, missing.headers['content-type']], [404, '', 'application/json'])
    await call(v, 'DELETE', '/v1/secret/data/top')
    const del = await call(v, 'PATCH', '/v1/secret/data/top', { headers: MERGE, body: '{"data":{}}' })
    assert.equal(del.status, 404)
    assert.equal(JSON.parse(del.body).data.data, null)
    assert.ok(!del.body.endsWith('\n'))
  })
})

test('[29] upgrading mode answers the KV v1→v2 upgrade 400', async () => {
  await withServer({ seed }, async (v) => {
    v.setUpgrading('secret', true)
    assert.equal(
      (await call(v, 'GET', '/v1/secret/data/app/db')).body,
      '{"errors":["Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly."]}\n',
    )
    v.setUpgrading('secret', false)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db')).status, 200)
  })
})

test('[34] unrecognized parameters: a sorted warning on non-nil answers; a 204 endpoint becomes 200', async () => {
  await withServer({ seed }, async (v) => {
    const r = await call(v, 'GET', '/v1/secret/data/app/db?zz=1&aa=2&version=1')
    assert.deepEqual(JSON.parse(r.body).warnings, ['Endpoint ignored these unrecognized parameters: [aa zz]'])
    const w = await call(v, 'POST', '/v1/secret/data/x', { body: '{"data":{"a":"b"},"extra":1}' })
    assert.deepEqual(JSON.parse(w.body).warnings, ['Endpoint ignored these unrecognized parameters: [extra]'])
    const d = await call(v, 'DELETE', '/v1/secret/data/x?foo=1')
    assert.equal(d.status, 200)
    assert.equal(blankId(d.body), ENV('null', 'kv', '["Endpoint ignored these unrecognized parameters: [foo]"]') + '\n')
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/secret/data/app/db?list=false')).body).warnings, null)
  })
})

test('runtime writes: putSecret on v1 and v2 (exact JSON text keeps literals), subkeys and config', async () => {
  await withServer({ seed }, async (v) => {
    assert.equal(v.putSecret('secret', 'rt', '{"n": 1.50, "o": {"p": {"q": 1}}}'), 1)
    v.putSecret('kv', 'rt', { a: 1 })
    assert.ok((await call(v, 'GET', '/v1/secret/data/rt')).body.includes('"data":{"n":1.50,"o":{"p":{"q":1}}}'))
    assert.ok((await call(v, 'GET', '/v1/kv/rt')).body.includes('"data":{"a":1}'))
    const sk = JSON.parse((await call(v, 'GET', '/v1/secret/subkeys/rt?depth=2')).body).data.subkeys
    assert.deepEqual(sk, { n: null, o: { p: null } })
    assert.deepEqual(JSON.parse((await call(v, 'GET', '/v1/secret/config')).body).data, { cas_required: false, delete_version_after: '0s', max_versions: 10 })
  })
})
