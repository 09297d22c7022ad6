// Stage 3, fetch: performs the plan's read set against Vault, one request per distinct (store
// identity, path, version), with bounded concurrency; the client retries transient failures. A find
// makes the requests vault/find.ts decides (LISTs, metadata, reads), through the same cache, so a
// secret it keeps that another read also names is read once. Every failure becomes a RenderError
// naming the request and the store; nothing here knows ExternalSecrets.

import type { RenderOptions } from '../config.ts'
import { describeResource, escapeControls, RenderError } from '../errors.ts'
import type { ReadOutcome } from '../eso/resolve.ts'
import type { ClientOptions } from '../vault/client.ts'
import type { CredentialSources, Logins } from './logins.ts'
import type { ReadTarget } from './plan.ts'
import { dataReadKey, otherReadKey } from './targets.ts'
import type { DynamicTarget } from './generators.ts'
import type { DynamicSecret as JsonObject } from '../vault/dynamic.ts'
import { limiter } from './limiter.ts'
import type { Trace } from './trace.ts'

export interface FetchResult {
  /** By ReadTarget.key. */
  outcomes: Map<string, ReadOutcome | RenderError>
  requests: number
  logins: number
  /** Login tokens the run could not revoke (they expire on their own). */
  unrevoked: number
  /** VaultDynamicSecret answers by DynamicTarget.key: the secret, undefined for none, or the error. */
  dynamic?: Map<string, JsonObject | undefined | RenderError>
  /** Login tokens kept alive because a dynamic secret's lease hangs on them. */
  kept?: number
}

/** The run's deadline signal, and the keys of the reads not settled yet (a deadline names them). */
export interface FetchRun {
  signal?: AbortSignal
  pending?: Set<string>
  /** The verbose mode's record: every attempt of every request, and each login. */
  trace?: Trace
  /** Told each read's outcome as it becomes final (the early builds, early-build.ts). */
  onSettled?: (key: string, outcome: ReadOutcome | RenderError) => void
}

export async function fetchReads(
  targets: Iterable<ReadTarget>,
  options: RenderOptions,
  sources: CredentialSources = {},
  run: FetchRun = {},
  dynamicTargets: DynamicTarget[] = [],
): Promise<FetchResult> {
  const distinct = new Map<string, ReadTarget>()
  for (const t of targets) if (!distinct.has(t.key)) distinct.set(t.key, t)
  // Only `eso-render check` knows Secrets by their metadata, and it never fetches.
  for (const t of distinct.values())
    if (t.store.unread) throw new RenderError('INTERNAL', 'a store planned from Secret metadata reached the fetch stage; this is a bug in eso-render, please report it')
  const outcomes = new Map<string, ReadOutcome | RenderError>()
  if (!distinct.size && !dynamicTargets.length) return { outcomes, requests: 0, logins: 0, unrevoked: 0 }
  // The HTTP client loads only when there is something to read (it is a third of a cold start).
  const { readKv, readKvMetadata, listKv } = await import('../vault/kv.ts')
  const { findSecrets } = await import('../vault/find.ts')
  const { requestDynamic } = await import('../vault/dynamic.ts')
  const { outlivesLogin } = await import('../eso/generators/vault-dynamic.ts')
  const dynamic = new Map<string, JsonObject | undefined | RenderError>()
  const { ConnectionPool, RequestBudget } = await import('../vault/client.ts')
  const { Logins } = await import('./logins.ts')
  const connections = new ConnectionPool(options.vaultConcurrency)
  const budget = new RequestBudget(options.maxVaultRequests)
  const trace = run.trace?.enabled ? run.trace : undefined
  const client: ClientOptions = {
    timeoutMs: options.vaultTimeoutSeconds * 1000,
    retries: options.vaultRetries,
    backoffMs: 200,
    connections,
    signal: run.signal,
    budget,
    ...(trace ? { onAttempt: (method: string, target: string, outcome: string, ms: number, attempt: number) => trace.request(method, target, outcome, ms, attempt) } : {}),
  }
  const logins = new Logins(client, sources)
  const limit = limiter(options.vaultConcurrency)
  // Every request of the run by its identity: the first to ask sends it, the others wait for it.
  const sent = new Map<string, Promise<unknown>>()
  const once = <T>(key: string, store: ReadTarget['store'], send: (token: string) => Promise<T>): Promise<T> => {
    let p = sent.get(key) as Promise<T> | undefined
    if (!p) {
      p = limit(() => readWithLogin(store, logins, send))
      sent.set(key, p)
    }
    return p
  }
  const readData = (store: ReadTarget['store'], path: string, version?: string) => once(dataReadKey(store, path, version), store, (token) => readKv(store.conn, token, store.kv, path, version, client))
  const find = async (t: ReadTarget & { find: NonNullable<ReadTarget['find']> }): Promise<ReadOutcome> => {
    const { store } = t
    // The first LIST was judged with the plan; every other request is judged here, before it is sent.
    const admitted = (path: string) => {
      const denied = path === t.path ? undefined : t.find.admit?.(path)
      if (denied) throw denied
    }
    const result = await findSecrets(store.kv, t.find.query, {
      list: async (path) => (admitted(path), once(otherReadKey(store, 'list', path), store, (token) => listKv(store.conn, token, path, client))),
      metadata: async (path) => (admitted(path), once(otherReadKey(store, 'metadata', path), store, (token) => readKvMetadata(store.conn, token, path, client))),
      read: async (path) => (admitted(path), readData(store, path)),
    })
    if (!result.found) return { found: false, reason: 'missing', path: `${escapeControls(result.path)}?list=true` }
    trace?.event(`find: GET /v1/${t.path}?list=true: ${result.candidates} secret${result.candidates === 1 ? '' : 's'} listed, ${result.secrets.size} kept`)
    return { found: true, data: new Map(), secrets: result.secrets, path: `${t.path}?list=true` }
  }
  const settle = async (t: ReadTarget): Promise<ReadOutcome | RenderError> => {
    const where = `${t.path}${t.version ? `?version=${t.version}` : ''}`
    try {
      if (t.find) return await find({ ...t, find: t.find })
      if (t.metadata) {
        const res = await once(otherReadKey(t.store, 'metadata', t.path), t.store, (token) => readKvMetadata(t.store.conn, token, t.path, client))
        // ESO's errNotFound: metadata that does not exist fails the read whatever the deletionPolicy.
        if (!res.found)
          return new RenderError(
            'VAULT_NOT_FOUND',
            `secret not found: GET /v1/${escapeControls(t.path)} answered 404: the secret has no metadata in Vault; with metadataPolicy Fetch ESO fails whatever the deletionPolicy (via ${describeResource(t.store.resource)})`,
          )
        return { found: true, data: res.metadata, path: where }
      }
      const res = await readData(t.store, t.path, t.version)
      return res.found ? { found: true, data: res.data, path: where } : { found: false, reason: res.reason, path: where }
    } catch (err) {
      return viaStore(err, t)
    }
  }
  // A generator's request is its own: never shared, a new secret each time.
  const generate = async (t: DynamicTarget): Promise<JsonObject | undefined | RenderError> => {
    // retrySettings replaces the run's retries (and backoff) for this generator's requests.
    const own: ClientOptions = t.retry ? { ...client, retries: t.retry.retries, ...(t.retry.backoffMs !== undefined ? { backoffMs: t.retry.backoffMs } : {}) } : client
    try {
      return await limit(() =>
        readWithLogin(t.store, logins, async (token) => {
          const answer = await requestDynamic(t.store.conn, token, t.request, own)
          // Revoking the token that created a lease (or a child token) revokes it: the credentials just minted would die with it.
          if (answer && outlivesLogin(answer)) logins.keepAlive(token)
          return answer
        }),
      )
    } catch (err) {
      return viaGenerator(err, t)
    }
  }
  for (const key of distinct.keys()) run.pending?.add(key)
  for (const t of dynamicTargets) run.pending?.add(t.key)
  let unrevoked = 0
  // Cut short (deadline, SIGTERM), the host runs this before the process ends.
  const unregister = sources.cleanups?.add(() => logins.stop(2000))
  try {
    // Reads start as the limiter frees up, taken in order by a few workers, instead of every read's
    // chain of promises set up before the first request is sent (10,000 ExternalSecrets over 2,000
    // paths: the first request went out 18 ms after the stage began). Twice the limit keeps the
    // limiter full while a find waits for its own requests.
    const reads = [...distinct]
    let next = 0
    const worker = async () => {
      while (next < reads.length) {
        const [key, t] = reads[next++]!
        const outcome = await settle(t)
        outcomes.set(key, outcome)
        run.pending?.delete(key)
        run.onSettled?.(key, outcome)
      }
    }
    await Promise.all([
      ...Array.from({ length: Math.min(reads.length, 2 * options.vaultConcurrency) }, worker),
      ...dynamicTargets.map(async (t) => {
        dynamic.set(t.key, await generate(t))
        run.pending?.delete(t.key)
      }),
    ])
  } finally {
    // The run is done with Vault: login tokens end now (bounded), then the idle sockets close.
    const revocation = await logins.revokeAll(Math.min(client.timeoutMs, 2000))
    unrevoked = revocation.failed
    if (revocation.revoked || revocation.failed) trace?.event(`logins: ${logins.logins}; tokens revoked: ${revocation.revoked}, not revoked: ${revocation.failed}`)
    // Only now: a stop arriving while the revocations are on their way waits for them.
    unregister?.()
    connections.close()
  }
  return { outcomes, requests: sent.size + dynamicTargets.length, logins: logins.logins, unrevoked, dynamic, kept: logins.kept }
}

/**
 * A read with the store's token; when Vault calls a login token invalid (used up or expired under
 * us), one more login and one more try.
 */
async function readWithLogin<T>(store: ReadTarget['store'], logins: Logins, read: (token: string) => Promise<T>): Promise<T> {
  const token = await logins.token(store)
  try {
    return await read(token)
  } catch (err) {
    if (err instanceof RenderError && err.code === 'VAULT_DENIED' && /invalid token/.test(err.message) && logins.forget(store, token)) return read(await logins.token(store))
    throw err
  }
}

/** A failed read, with the store it went through; the Vault layer already said what failed. */
function viaStore(err: unknown, t: ReadTarget): RenderError {
  const via = `via ${describeResource(t.store.resource)}`
  if (err instanceof RenderError) return new RenderError(err.code, `${err.message} (${via})`)
  return new RenderError('INTERNAL', `reading GET /v1/${escapeControls(t.path)}${t.find ? '?list=true' : ''} failed unexpectedly (${via})`, { cause: err })
}

/** A failed generator request, with the generator it was for. */
function viaGenerator(err: unknown, t: DynamicTarget): RenderError {
  const via = `for ${describeResource(t.store.resource)}`
  if (err instanceof RenderError) return new RenderError(err.code, `${err.message} (${via})`)
  return new RenderError('INTERNAL', `the dynamic secret request failed unexpectedly (${via})`, { cause: err })
}
