import { test } from 'node:test'
import assert from 'node:assert/strict'
import { kvDataPath, kvMetadataPath, type KvStore } from '../../src/vault/kv-path.ts'

// eso.md §4.3, copied from ESO's buildPath tests.
const cases: { store: KvStore; key: string; want: string }[] = [
  { store: { path: 'secret', version: 'v2' }, key: 'myapp', want: 'secret/data/myapp' },
  { store: { path: 'secret', version: 'v2' }, key: 'secret/myapp', want: 'secret/data/myapp' },
  { store: { path: 'secret', version: 'v2' }, key: 'secret/data/myapp', want: 'secret/data/myapp' },
  { store: { path: 'secret', version: 'v2' }, key: 'cluster1/data/db', want: 'secret/data/cluster1/data/db' },
  { store: { path: 'secret', version: 'v2' }, key: 'secret/db', want: 'secret/data/db' },
  { store: { path: 'teams/kv', version: 'v2' }, key: 'app/db', want: 'teams/kv/data/app/db' },
  { store: { path: 'secret/data/team', version: 'v2' }, key: 'app', want: 'secret/data/team/data/app' },
  { store: { version: 'v2' }, key: 'secret/myapp', want: 'secret/data/myapp' },
  { store: { version: 'v2' }, key: 'secret/team/app', want: 'secret/data/team/app' },
  { store: { version: 'v2' }, key: 'secret/data/myapp', want: 'secret/data/myapp' },
  { store: { path: 'kv', version: 'v1' }, key: 'myapp', want: 'kv/myapp' },
  { store: { path: 'kv', version: 'v1' }, key: 'kv/myapp', want: 'kv/myapp' },
  { store: { version: 'v1' }, key: 'kv/myapp', want: 'kv/myapp' },
  { store: { path: 'kv', version: 'v1' }, key: 'data/foo', want: 'kv/data/foo' },
  // Leading slashes, as many GitOps repositories write keys: Vault's router cleans the double slash.
  { store: { path: 'secret', version: 'v2' }, key: '/myapp', want: 'secret/data/myapp' },
  { store: { version: 'v2' }, key: 'secret//team/app', want: 'secret/data/team/app' },
]

for (const c of cases) {
  test(`kv ${c.store.version} path ${c.store.path ?? '(unset)'} + key ${c.key} reads ${c.want}`, () => {
    assert.equal(kvDataPath(c.store, c.key), c.want)
  })
}

test('kv v2 metadata path with a store path keeps a full-path key doubled, as ESO does', () => {
  assert.equal(kvMetadataPath({ path: 'secret', version: 'v2' }, 'secret/app'), 'secret/metadata/secret/app')
})

test('kv v2 metadata path without a store path needs data in the key', () => {
  assert.equal(kvMetadataPath({ version: 'v2' }, 'secret/data/app'), 'secret/metadata/app')
  assert.throws(() => kvMetadataPath({ version: 'v2' }, 'secret/app'), /provided Path isn't a valid kv v2 path/)
})
