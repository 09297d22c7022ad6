// ESO's GetAllSecrets for the Vault provider (providers/v1/vault/client_get_all_secrets.go): a LIST
// from the search path, recursing into every folder (keys ending in `/`), then the candidates kept
// by name (a matcher the caller compiled) or by tags (each candidate's metadata), then each kept
// candidate read whole. Knows no ExternalSecret: the requests go through `io`, which the fetch stage
// provides (its login, its limiter, its one-request-per-path cache, its policy check).

import { RenderError, escapeControls } from '../errors.ts'
import type { JsonObject } from '../go/json.ts'
import type { KvListResult, KvMetadataResult, KvReadResult } from './kv.ts'
import { kvDataPath, kvMetadataPath, type KvStore } from './kv-path.ts'

export interface FindQuery {
  /** `find.path`, when set: the search starts at `<path>/`, else at the mount's root. */
  path?: string
  /** `find.name.regexp` as a matcher; when set, tags are not looked at (ESO checks the name first). */
  matchName?: (name: string) => boolean
  /** `find.tags`: every one must equal the candidate's metadata value (KV v2 only). */
  tags?: Record<string, string>
}

/** The three requests a find makes, by request path (after /v1/). */
export interface FindIO {
  list(path: string): Promise<KvListResult>
  /** KV v2 metadata endpoint. */
  metadata(path: string): Promise<KvMetadataResult>
  /** A data read without version; on KV v1 also the "metadata" read (ESO's metadata path there is the secret itself). */
  read(path: string): Promise<KvReadResult>
}

export type FindResult =
  /** Each kept candidate's secret, by name (mount-relative, the search path included), in LIST order. */
  | { found: true; secrets: Map<string, JsonObject>; candidates: number }
  /** A LIST answered 404 (its request path): ESO's NoSecretError for the whole find. */
  | { found: false; path: string }

/** ESO's search path: `find.path + "/"`, or "" for the mount root. */
export function searchPathOf(query: Pick<FindQuery, 'path'>): string {
  return query.path !== undefined ? `${query.path}/` : ''
}

/** The first request of a find: the LIST of the search path (buildMetadataPath; throws as ESO would). */
export function firstListPath(store: KvStore, query: Pick<FindQuery, 'path'>): string {
  return kvMetadataPath(store, searchPathOf(query))
}

class NotFound {
  readonly path: string
  constructor(path: string) {
    this.path = path
  }
}

/** Settles every task, then returns their values in order, or throws the first failure in order (ESO works one at a time). */
async function inOrder<T>(tasks: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks)
  for (const s of settled) if (s.status === 'rejected') throw s.reason
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value)
}

export async function findSecrets(store: KvStore, query: FindQuery, io: FindIO): Promise<FindResult> {
  let candidates: string[]
  try {
    candidates = await listSecrets(store, searchPathOf(query), io)
  } catch (err) {
    if (err instanceof NotFound) return { found: false, path: err.path }
    throw err
  }
  // Per candidate, as ESO's loop: its metadata (when tags decide), then its read; the first failure in LIST order wins.
  const reads = await inOrder(candidates.map(async (name) => ((await keep(store, query, name, io)) ? io.read(kvDataPath(store, name)) : undefined)))
  const secrets = new Map<string, JsonObject>()
  reads.forEach((r, i) => {
    // A candidate deleted or destroyed since the LIST is skipped (NoSecretError), as in ESO.
    if (r?.found) secrets.set(candidates[i], r.data)
  })
  return { found: true, secrets, candidates: candidates.length }
}

/** ESO's listSecrets: every secret under `path` (which ends in `/` or is empty), depth first, in LIST order. */
async function listSecrets(store: KvStore, path: string, io: FindIO): Promise<string[]> {
  const url = kvMetadataPath(store, path)
  const listed = await io.list(url)
  if (!listed.found) throw new NotFound(url)
  const parts = await inOrder(
    listed.keys.map((key) => {
      const full = path === '' ? key : path + key
      return key.endsWith('/') ? listSecrets(store, full, io) : Promise.resolve([full])
    }),
  )
  return parts.flat()
}

/** Whether a candidate is kept: by name when a matcher is set, else by its metadata and the tags (none: every candidate, its metadata still read). */
async function keep(store: KvStore, query: FindQuery, name: string, io: FindIO): Promise<boolean> {
  if (query.matchName) return query.matchName(name)
  const path = kvMetadataPath(store, name)
  let metadata: Map<string, string> | undefined
  if (store.version === 'v1') {
    // ESO's readSecretMetadata on KV v1 reads the secret itself; only its existence matters (tags are refused on v1).
    const r = await io.read(path)
    if (!r.found) throw secretNotFound(path)
  } else {
    const r = await io.metadata(path)
    if (!r.found) throw secretNotFound(path)
    metadata = r.metadata
  }
  for (const [k, v] of Object.entries(query.tags ?? {})) if (metadata?.get(k) !== v) return false
  return true
}

/** ESO's errNotFound: a listed candidate whose metadata is gone fails the find, whatever the deletionPolicy. */
function secretNotFound(path: string): RenderError {
  return new RenderError(
    'VAULT_NOT_FOUND',
    `secret not found: GET /v1/${escapeControls(path)} answered 404 for a secret the LIST named; ESO fails the find on a candidate without metadata, whatever the deletionPolicy (render again: it was probably deleted meanwhile)`,
  )
}
