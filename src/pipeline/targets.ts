// Where each planned read goes once its store is resolved: a data read (`GET <mount>/data/<key>`), a
// KV v2 metadata read for metadataPolicy Fetch (`GET <mount>/metadata/<key>`), or a find, whose first
// request is the LIST of its search path and whose other requests are found as it goes. What ESO
// refuses for a store's KV version is refused here, with ESO's words, before any request.

import { RenderError } from '../errors.ts'
import type { PlannedRead } from '../eso/plan.ts'
import type { ResolvedStore } from '../eso/stores.ts'
import { firstListPath, type FindQuery } from '../vault/find.ts'
import { kvDataPath, kvMetadataPath, type KvStore } from '../vault/kv-path.ts'

/** One Vault read as the fetch stage performs it. */
export interface ReadTarget {
  store: ResolvedStore
  /** The request path after /v1/ (`secret/data/app`); for a find, its first LIST (`secret/metadata/app/`). */
  path: string
  version?: string
  /** Identity of the read: one request per distinct (store identity, path, version). Never printed. */
  key: string
  /** metadataPolicy Fetch: `path` is the KV v2 metadata endpoint, read as ESO's readSecretMetadata. */
  metadata?: boolean
  /** dataFrom.find: what to keep; `admit` judges each further request's path under a tenant policy (undefined: allowed). */
  find?: { query: FindQuery; admit?: (path: string) => RenderError | undefined }
}

/** The identity of a data read (shared by an ordinary read and a find's read of the same path). */
export function dataReadKey(store: ResolvedStore, path: string, version?: string): string {
  return `${store.key}\u0000${path}\u0000${version ?? ''}`
}

/** The identity of a metadata read or a LIST: never the same request as a data read. */
export function otherReadKey(store: ResolvedStore, kind: 'metadata' | 'list', path: string): string {
  return `${store.key}\u0000${kind}\u0000${path}`
}

// providers/v1/vault/client_get.go and client_get_all_secrets.go, ESO's words.
const METADATA_ON_V1 = 'cannot perform metadata fetch operations with kv version v1'
const TAGS_ON_V1 = 'cannot perform find by tag operations with kv version v1'

/**
 * The request path a read starts with, from the store's KV layout: what the tenant policy judges
 * before anything is sent. Throws RenderErrors located at the read's field for what ESO refuses.
 */
export function firstRequestPath(kv: KvStore, read: PlannedRead): string {
  const at = (field: string, message: string, code: 'SCHEMA_INVALID' | 'VAULT_ERROR' = 'SCHEMA_INVALID') => new RenderError(code, message, { fieldPath: field })
  if (read.find) {
    if (kv.version === 'v1' && read.find.tags !== undefined)
      throw at(`${read.fieldPath}.tags`, `${TAGS_ON_V1}: the store's KV v1 engine keeps no metadata; find by name.regexp or path instead, or use a KV v2 store`)
    // ESO builds a v1 LIST path from the store's path without a nil check: without one its reconcile panics.
    if (kv.version === 'v1' && kv.path === undefined)
      throw at(read.fieldPath, "a find on a KV v1 store needs the store's spec.provider.vault.path (the mount): ESO builds the LIST path from it, and its reconcile fails without one")
    try {
      return firstListPath(kv, read.find)
    } catch (err) {
      // buildMetadataPath: without a store path, the find path must hold `data` (`secret/data/app`).
      if (err instanceof RenderError)
        throw at(read.fieldPath, `${err.message}: without the store's path, find.path must name the mount and data (secret/data/app); or set the store's path`, 'VAULT_ERROR')
      throw err
    }
  }
  const ref = read.remoteRef
  if (ref.metadataPolicy === 'Fetch') {
    const field = read.source === 'data' ? `${read.fieldPath}.remoteRef.metadataPolicy` : `${read.fieldPath}.metadataPolicy`
    if (kv.version === 'v1') throw at(field, `${METADATA_ON_V1}: the store's KV v1 engine keeps no metadata; use a KV v2 store, or metadataPolicy None`)
    try {
      return kvMetadataPath(kv, ref.key)
    } catch (err) {
      if (err instanceof RenderError)
        throw at(
          read.source === 'data' ? `${read.fieldPath}.remoteRef.key` : `${read.fieldPath}.key`,
          `${err.message}: without the store's path, the key must name the mount and data (secret/data/app); or set the store's path`,
          'VAULT_ERROR',
        )
      throw err
    }
  }
  return kvDataPath(kv, ref.key)
}

/** The target of one read through its resolved store; throws as firstRequestPath does. */
export function readTarget(store: ResolvedStore, read: PlannedRead, admit?: (path: string) => RenderError | undefined): ReadTarget {
  const path = firstRequestPath(store.kv, read)
  if (read.find) {
    const { path: findPath, matchName, tags } = read.find
    const query: FindQuery = { ...(findPath !== undefined ? { path: findPath } : {}), ...(matchName ? { matchName } : {}), ...(tags ? { tags } : {}) }
    // Two finds of one path may keep different secrets: a find's identity is all it asks (its LISTs are shared all the same).
    const asks = JSON.stringify([findPath ?? null, read.find.regexp ?? null, tags ? Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null])
    return { store, path, key: `${otherReadKey(store, 'list', path)}\u0000${asks}`, find: { query, ...(admit ? { admit } : {}) } }
  }
  // Metadata has no versions: ESO ignores `version` with metadataPolicy Fetch.
  if (read.remoteRef.metadataPolicy === 'Fetch') return { store, path, key: otherReadKey(store, 'metadata', path), metadata: true }
  const version = read.remoteRef.version
  return { store, path, version, key: dataReadKey(store, path, version) }
}
