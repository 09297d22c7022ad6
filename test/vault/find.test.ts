// src/vault/find.ts: ESO's GetAllSecrets over a recording FindIO, table-driven on ESO's own cases
// (providers/v1/vault/client_get_all_secrets_test.go TestGetAllSecrets: the same kv2secret and
// kv1secret), plus the request sequence and the order rules ESO's one-at-a-time loop implies.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { findSecrets, firstListPath, searchPathOf, type FindIO, type FindQuery, type FindResult } from '../../src/vault/find.ts'
import type { KvListResult, KvMetadataResult, KvReadResult } from '../../src/vault/kv.ts'
import type { KvStore } from '../../src/vault/kv-path.ts'
import { RenderError } from '../../src/errors.ts'
import { compileGo } from '../../src/go/regexp.ts'

type Entry = { data?: Record<string, string> | null; custom?: Record<string, string> }

/** A KV mount as FindIO sees it: LIST by folder, metadata and data by path; every request recorded. */
function mount(store: KvStore, secrets: Record<string, Entry>, over: Partial<Record<'list' | 'metadata' | 'read', (path: string) => unknown>> = {}) {
  const requests: string[] = []
  const prefix = store.version === 'v2' ? `${store.path}/metadata/` : `${store.path}/`
  const dataPrefix = store.version === 'v2' ? `${store.path}/data/` : `${store.path}/`
  const io: FindIO = {
    async list(path) {
      requests.push(`LIST ${path}`)
      if (over.list) return over.list(path) as KvListResult
      const folder = path.slice(prefix.length)
      const keys = new Set<string>()
      for (const name of Object.keys(secrets)) {
        if (!name.startsWith(folder)) continue
        const rest = name.slice(folder.length)
        keys.add(rest.includes('/') ? rest.slice(0, rest.indexOf('/') + 1) : rest)
      }
      return keys.size ? { found: true, keys: [...keys].sort() } : { found: false }
    },
    async metadata(path) {
      requests.push(`META ${path}`)
      if (over.metadata) return over.metadata(path) as KvMetadataResult
      const e = secrets[path.slice(prefix.length)]
      return e ? { found: true, metadata: new Map(Object.entries(e.custom ?? {})) } : { found: false }
    },
    async read(path) {
      requests.push(`GET ${path}`)
      if (over.read) return over.read(path) as KvReadResult
      const e = secrets[path.slice(dataPrefix.length)]
      if (!e) return { found: false, reason: 'missing' }
      if (e.data === null) return { found: false, reason: 'deleted' }
      return { found: true, data: new Map(Object.entries(e.data ?? {})) }
    },
  }
  return { io, requests }
}

// ESO's kv2secret and kv1secret (client_get_all_secrets_test.go).
const kv2: Record<string, Entry> = {
  secret1: { data: { access_key: 'access_key', access_secret: 'access_secret' }, custom: { foo: 'bar' } },
  secret2: { data: { access_key: 'access_key2', access_secret: 'access_secret2' }, custom: { foo: 'baz' } },
  secret3: { data: null, custom: { foo: 'baz' } },
  tag: { data: { access_key: 'unfetched', access_secret: 'unfetched' }, custom: { foo: 'baz' } },
  'path/1': { data: { access_key: 'path1', access_secret: 'path1' }, custom: { foo: 'path' } },
  'path/2': { data: { access_key: 'path2', access_secret: 'path2' }, custom: { foo: 'path' } },
}
const kv1: Record<string, Entry> = {
  secret1: { data: { access_key: 'access_key' } },
  secret2: { data: { access_key: 'access_key2' } },
  tag: { data: { access_key: 'unfetched' } },
  'path/1': { data: { access_key: 'path1' } },
  'path/2': { data: { access_key: 'path2' } },
}
const V2: KvStore = { path: 'secret', version: 'v2' }
const V1: KvStore = { path: 'secret', version: 'v1' }
const byName = (re: string): FindQuery => ({ matchName: (s) => compileGo(re).matchString(s) })
const names = (r: FindResult) => (r.found ? [...r.secrets.keys()] : r)

const cases: { name: string; store: KvStore; secrets: Record<string, Entry>; query: FindQuery; want: string[] | { found: false; path: string }; requests?: string[] }[] = [
  {
    name: 'FindByNameKv2: names matching secret.*, no metadata read',
    store: V2,
    secrets: kv2,
    query: byName('secret.*'),
    // secret3 matches but its version is deleted: skipped (NoSecretError).
    want: ['secret1', 'secret2'],
    requests: ['LIST secret/metadata/', 'LIST secret/metadata/path/', 'GET secret/data/secret1', 'GET secret/data/secret2', 'GET secret/data/secret3'],
  },
  { name: 'FindByNameKv1', store: V1, secrets: kv1, query: byName('secret.*'), want: ['secret1', 'secret2'] },
  {
    name: 'FindByTagKv2: every candidate’s metadata, then the kept ones read',
    store: V2,
    secrets: kv2,
    query: { tags: { foo: 'baz' } },
    want: ['secret2', 'tag'],
    requests: [
      'LIST secret/metadata/',
      'LIST secret/metadata/path/',
      'META secret/metadata/path/1',
      'META secret/metadata/path/2',
      'META secret/metadata/secret1',
      'META secret/metadata/secret2',
      'META secret/metadata/secret3',
      'META secret/metadata/tag',
      'GET secret/data/secret2',
      'GET secret/data/secret3',
      'GET secret/data/tag',
    ],
  },
  { name: 'FilterByPathKv2WithTags', store: V2, secrets: kv2, query: { path: 'path', tags: { foo: 'path' } }, want: ['path/1', 'path/2'] },
  {
    name: 'FilterByPathKv2WithoutTags: metadata still read for each',
    store: V2,
    secrets: kv2,
    query: { path: 'path' },
    want: ['path/1', 'path/2'],
    requests: ['LIST secret/metadata/path/', 'META secret/metadata/path/1', 'META secret/metadata/path/2', 'GET secret/data/path/1', 'GET secret/data/path/2'],
  },
  {
    name: 'FilterByPathKv1: the "metadata" read is the secret read itself',
    store: V1,
    secrets: kv1,
    query: { path: 'path' },
    want: ['path/1', 'path/2'],
    requests: ['LIST secret/path/', 'GET secret/path/1', 'GET secret/path/2', 'GET secret/path/1', 'GET secret/path/2'],
  },
  { name: 'FilterByPathReturnsNotFound: a LIST 404 is not found', store: V2, secrets: kv2, query: { path: 'nothing' }, want: { found: false, path: 'secret/metadata/nothing/' } },
  { name: 'name wins over tags (ESO checks ref.Name first)', store: V2, secrets: kv2, query: { ...byName('^tag$'), tags: { foo: 'nothing-has-this' } }, want: ['tag'] },
  { name: 'a regexp matching nothing keeps nothing, without error', store: V2, secrets: kv2, query: byName('^nomatch'), want: [] },
  { name: 'unanchored: a match anywhere in the mount-relative name', store: V2, secrets: kv2, query: byName('h/'), want: ['path/1', 'path/2'] },
  { name: 'an empty regexp keeps every name', store: V2, secrets: kv2, query: byName(''), want: ['path/1', 'path/2', 'secret1', 'secret2', 'tag'] },
  { name: 'every tag must match', store: V2, secrets: kv2, query: { tags: { foo: 'path', other: 'x' } }, want: [] },
]
for (const c of cases) {
  test(`findSecrets: ${c.name}`, async () => {
    const m = mount(c.store, c.secrets)
    const got = await findSecrets(c.store, c.query, m.io)
    assert.deepEqual(names(got), c.want)
    if (c.requests) assert.deepEqual([...m.requests].sort(), [...c.requests].sort())
  })
}

test('findSecrets: each kept secret is its whole data, by mount-relative name in LIST order (depth first)', async () => {
  const m = mount(V2, { 'b/x': { data: { k: '1' } }, a: { data: { k: '2' } }, 'b/c/d': { data: { k: '3' } }, e: { data: { k: '4' } } })
  const got = await findSecrets(V2, byName(''), m.io)
  assert.ok(got.found)
  assert.deepEqual([...got.secrets.keys()], ['a', 'b/c/d', 'b/x', 'e'])
  assert.deepEqual(Object.fromEntries(got.secrets.get('b/c/d')!), { k: '3' })
  assert.equal(got.candidates, 4)
})

test('findSecrets: MetadataNotFound: a listed candidate without metadata fails with ESO’s "secret not found", not as not found', async () => {
  const m = mount(V2, kv2, { metadata: () => ({ found: false }) })
  await assert.rejects(
    findSecrets(V2, { tags: { foo: 'baz' } }, m.io),
    (e: unknown) => e instanceof RenderError && e.code === 'VAULT_NOT_FOUND' && /^secret not found: GET \/v1\/secret\/metadata\//.test(e.message),
  )
})

test('findSecrets: on KV v1 a listed candidate that reads 404 fails with "secret not found" (its metadata read is the secret read)', async () => {
  const m = mount(V1, kv1, { read: () => ({ found: false, reason: 'missing' }) })
  await assert.rejects(findSecrets(V1, { path: 'path' }, m.io), /secret not found: GET \/v1\/secret\/path\/1/)
})

test('findSecrets: a sub-folder LIST answering 404 makes the whole find not found (listSecrets returns NoSecretError)', async () => {
  const m = mount(V2, kv2, { list: (p) => (p === 'secret/metadata/' ? { found: true, keys: ['a', 'gone/', 'z/'] } : { found: false }) })
  assert.deepEqual(await findSecrets(V2, byName(''), m.io), { found: false, path: 'secret/metadata/gone/' })
})

test('findSecrets: of two failures, the first in LIST order is the one reported, as ESO’s sequential loop would', async () => {
  const m = mount(V2, kv2, {
    read: (p) => {
      throw new RenderError('VAULT_DENIED', `denied ${p}`)
    },
  })
  await assert.rejects(findSecrets(V2, byName('secret'), m.io), /denied secret\/data\/secret1/)
})

test('findSecrets: a LIST without keys lists nothing (ESO: no keys, no candidates)', async () => {
  const m = mount(V2, kv2, { list: () => ({ found: true, keys: [] }) })
  assert.deepEqual(names(await findSecrets(V2, {}, m.io)), [])
})

test('findSecrets: without a store path (KV v2) names carry the mount and data/, and requests swap the first /data/ for /metadata/', async () => {
  const requests: string[] = []
  const io: FindIO = {
    list: async (p) => (requests.push(`LIST ${p}`), { found: true, keys: p === 'secret/metadata/app/' ? ['db'] : [] }),
    metadata: async (p) => (requests.push(`META ${p}`), { found: true, metadata: new Map() }),
    read: async (p) => (requests.push(`GET ${p}`), { found: true, data: new Map([['k', 'v']]) }),
  }
  const got = await findSecrets({ version: 'v2' }, { path: 'secret/data/app' }, io)
  assert.deepEqual(names(got), ['secret/data/app/db'])
  assert.deepEqual(requests, ['LIST secret/metadata/app/', 'META secret/metadata/app/db', 'GET secret/data/app/db'])
})

test('searchPathOf and firstListPath: ESO’s search path and its LIST request', () => {
  assert.equal(searchPathOf({}), '')
  assert.equal(searchPathOf({ path: 'app' }), 'app/')
  assert.equal(searchPathOf({ path: '' }), '/')
  assert.equal(firstListPath(V2, {}), 'secret/metadata/')
  assert.equal(firstListPath(V2, { path: 'team/app' }), 'secret/metadata/team/app/')
  assert.equal(firstListPath(V1, {}), 'secret/')
  assert.equal(firstListPath(V1, { path: 'app' }), 'secret/app/')
  assert.throws(() => firstListPath({ version: 'v2' }, { path: 'app' }), /provided Path isn't a valid kv v2 path/)
})

test('findSecrets: a candidate’s own read comes before a later candidate’s metadata in ESO’s order: its failure is the one reported', async () => {
  const m = mount(V2, kv2, {
    metadata: (p) => (p === 'secret/metadata/tag' ? { found: false } : { found: true, metadata: new Map([['foo', 'baz']]) }),
    read: (p) => {
      throw new RenderError('VAULT_DENIED', `denied ${p}`)
    },
  })
  // LIST order: path/1, path/2, secret1, …, tag: path/1's read fails before tag's metadata is missing.
  await assert.rejects(findSecrets(V2, { tags: { foo: 'baz' } }, m.io), /denied secret\/data\/path\/1/)
})
