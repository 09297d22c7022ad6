// Stage 3, fetch: performs the plan's read set against Vault, one request per distinct (store
// identity, path, version), with bounded concurrency; the client retries transient failures. Every
// failure becomes a RenderError naming the request and the store; nothing here knows ExternalSecrets.
// This is where logins and a read cache will live.

import type { RenderOptions } from '../config.ts'
import { describeResource, RenderError } from '../errors.ts'
import type { ReadOutcome } from '../eso/resolve.ts'
import type { ClientOptions } from '../vault/client.ts'
import type { CredentialSources, Logins } from './logins.ts'
import type { ReadTarget } from './plan.ts'
import type { DynamicTarget } from './generators.ts'
import type { DynamicSecret as JsonObject } from '../vault/dynamic.ts'
import type { ResolvedStore } from '../eso/stores.ts'
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
  const { readKv } = await import('../vault/kv.ts')
  const { requestDynamic } = await import('../vault/dynamic.ts')
  const { createsLease } = await import('../eso/generators/vault-dynamic.ts')
  const dynamic = new Map<string, JsonObject | undefined | RenderError>()
  const { AgentPool, RequestBudget } = await import('../vault/client.ts')
  const { Logins } = await import('./logins.ts')
  const agents = new AgentPool()
  const budget = new RequestBudget(options.maxVaultRequests)
  const trace = run.trace?.enabled ? run.trace : undefined
  const client: ClientOptions = {
    timeoutMs: options.vaultTimeoutSeconds * 1000,
    retries: options.vaultRetries,
    backoffMs: 200,
    agents,
    signal: run.signal,
    budget,
    ...(trace ? { onAttempt: (method: string, target: string, outcome: string, ms: number, attempt: number) => trace.request(method, target, outcome, ms, attempt) } : {}),
  }
  const logins = new Logins(client, sources)
  const limit = limiter(options.vaultConcurrency)
  for (const key of distinct.keys()) run.pending?.add(key)
  for (const t of dynamicTargets) run.pending?.add(t.key)
  let unrevoked = 0
  // Cut short (deadline, SIGTERM), the host runs this before the process ends.
  const unregister = sources.cleanups?.add(() => logins.stop(2000))
  try {
    await Promise.all([
      ...[...distinct].map(([key, t]) =>
        limit(async () => {
          const where = `${t.path}${t.version ? `?version=${t.version}` : ''}`
          try {
            const res = await readWithLogin(t, logins, async (token) => readKv(t.store.conn, token, t.store.kv, t.path, t.version, client))
            outcomes.set(key, res.found ? { found: true, data: res.data, path: where } : { found: false, reason: res.reason, path: where })
          } catch (err) {
            outcomes.set(key, viaStore(err, t))
          } finally {
            run.pending?.delete(key)
          }
        }),
      ),
      ...dynamicTargets.map((t) =>
        limit(async () => {
          // retrySettings replaces the run's retries (and backoff) for this generator's requests.
          const own: ClientOptions = t.retry ? { ...client, retries: t.retry.retries, ...(t.retry.backoffMs !== undefined ? { backoffMs: t.retry.backoffMs } : {}) } : client
          try {
            const secret = await readWithLogin(t, logins, async (token) => {
              const answer = await requestDynamic(t.store.conn, token, t.request, own)
              // Revoking the token that created a lease revokes the lease: the credentials just minted would die with it.
              if (answer && createsLease(answer)) logins.keepAlive(token)
              return answer
            })
            dynamic.set(t.key, secret)
          } catch (err) {
            dynamic.set(t.key, viaGenerator(err, t))
          } finally {
            run.pending?.delete(t.key)
          }
        }),
      ),
    ])
  } finally {
    // The run is done with Vault: login tokens end now (bounded), then the idle sockets close.
    const revocation = await logins.revokeAll(Math.min(client.timeoutMs, 2000))
    unrevoked = revocation.failed
    if (revocation.revoked || revocation.failed) trace?.event(`logins: ${logins.logins}; tokens revoked: ${revocation.revoked}, not revoked: ${revocation.failed}`)
    // Only now: a stop arriving while the revocations are on their way waits for them.
    unregister?.()
    agents.close()
  }
  return { outcomes, requests: distinct.size + dynamicTargets.length, logins: logins.logins, unrevoked, dynamic, kept: logins.kept }
}

/**
 * A read with the store's token; when Vault calls a login token invalid (used up or expired under
 * us), one more login and one more try.
 */
async function readWithLogin<T>(t: { store: ResolvedStore }, logins: Logins, read: (token: string) => Promise<T>): Promise<T> {
  const token = await logins.token(t.store)
  try {
    return await read(token)
  } catch (err) {
    if (err instanceof RenderError && err.code === 'VAULT_DENIED' && /invalid token/.test(err.message) && logins.forget(t.store, token)) return read(await logins.token(t.store))
    throw err
  }
}

/** A failed read, with the store it went through; the Vault layer already said what failed. */
function viaStore(err: unknown, t: ReadTarget): RenderError {
  const via = `via ${describeResource(t.store.resource)}`
  if (err instanceof RenderError) return new RenderError(err.code, `${err.message} (${via})`)
  return new RenderError('INTERNAL', `reading GET /v1/${t.path} failed unexpectedly (${via})`, { cause: err })
}

/** A failed generator request, with the generator it was made for. */
function viaGenerator(err: unknown, t: DynamicTarget): RenderError {
  const via = `for ${describeResource(t.store.resource)}`
  if (err instanceof RenderError) return new RenderError(err.code, `${err.message} (${via})`)
  return new RenderError('INTERNAL', `the dynamic secret request failed unexpectedly (${via})`, { cause: err })
}
