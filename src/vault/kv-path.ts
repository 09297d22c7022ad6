// KV v1/v2 request paths exactly as ESO builds them from a store's `path`/`version` and a remoteRef
// key (providers/v1/vault/client_get.go buildPath, buildMetadataPath). No I/O.

import { RenderError } from '../errors.ts'

export type KvVersion = 'v1' | 'v2'

export interface KvStore {
  /** The store's `path` (usually the mount), undefined when unset. */
  path?: string
  version: KvVersion
}

/** ESO's buildPath, plus one rule of Vault's HTTP layer: empty path segments collapse. */
export function kvDataPath(store: KvStore, key: string): string {
  let out = key
  if (store.path !== undefined) {
    const cut = store.path + '/'
    if (out.startsWith(cut)) {
      out = out.slice(cut.length)
      if (store.version === 'v2' && out.startsWith('data/')) out = out.slice('data/'.length)
    }
    out = [store.path, ...(store.version === 'v2' ? ['data'] : []), out].join('/')
  } else if (store.version === 'v2' && !out.includes('/data/')) {
    const [first, ...rest] = out.split('/')
    out = [first, 'data', ...rest].join('/')
  }
  return collapseSlashes(out)
}

/** ESO's buildMetadataPath (KV v2 only); throws when ESO would. */
export function kvMetadataPath(store: KvStore, key: string): string {
  if (store.version === 'v1') return collapseSlashes(`${store.path}/${key}`)
  if (store.path === undefined) {
    if (!key.includes('data')) throw new RenderError('VAULT_ERROR', "provided Path isn't a valid kv v2 path")
    return collapseSlashes(key.replace('/data/', '/metadata/'))
  }
  return collapseSlashes(`${store.path}/metadata/${key}`)
}

// Vault's router sees `secret/data//app` as `secret/data/app` (Go's ServeMux cleans the URL path
// and redirects), so keys written with a leading slash still resolve; we send the clean path.
function collapseSlashes(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/^\//, '')
}
