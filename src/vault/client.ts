// HTTP access to one Vault server: TLS (verification on unless explicitly disabled), custom CA,
// Enterprise namespace header, keep-alive, per-request timeout and bounded retries of transient
// failures. It knows nothing of ExternalSecrets. Error messages carry method, URL path, status and
// Vault's own error strings for non-read failures, never tokens or response bodies of reads.

import { escapeControls, type ErrorCode } from '../errors.ts'
import { type Endpoint, Http1Pool } from './http1.ts'
import { ResponseTooLarge } from './http1-response.ts'

export { escapeControls }
import { headerValueProblem, isHeaderName } from './header.ts'

export interface VaultConnection {
  /** Base address, e.g. https://vault.example.com:8200 */
  address: string
  /** Enterprise namespace sent as X-Vault-Namespace. */
  namespace?: string
  /** PEM CA bundle to trust instead of the system store. */
  caPem?: string
  /** Explicit, loud opt-in: skip TLS certificate verification. */
  insecureSkipVerify?: boolean
  /** Extra headers from the store spec. */
  headers?: Record<string, string>
  /** A client certificate for mutual TLS (the store's `tls`, or the cert auth method's). */
  clientCert?: { certPem: string; keyPem: string }
}

export interface ClientOptions {
  timeoutMs: number
  /** Retries after the first attempt, for connection errors, 429, 500, 502, 503 (not sealed), 504. */
  retries: number
  /** Base backoff in ms; doubled per attempt, with jitter. */
  backoffMs: number
  /** Keep-alive connections shared by one render's requests; without it, each request has its own. */
  connections?: ConnectionPool
  /** The run's deadline: once aborted, requests under way end at once and no more are sent. */
  signal?: AbortSignal
  /** The run's cap on Vault requests (maxVaultRequests), shared by its reads and logins; every attempt counts. */
  budget?: RequestBudget
  /** Told of every attempt as it ends (the verbose mode): method, path and query, outcome (status or failure kind), ms, attempt number. */
  onAttempt?: (method: string, target: string, outcome: string, ms: number, attempt: number) => void
}

/** How many Vault requests one run may still send (retries included): a run must end. */
export class RequestBudget {
  readonly limit: number
  sent = 0
  constructor(limit: number) {
    this.limit = limit
  }
  /** Counts one request; false when the limit is reached (nothing may be sent). */
  take(): boolean {
    if (this.sent >= this.limit) return false
    this.sent++
    return true
  }
}

export const DEFAULT_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 10_000, retries: 2, backoffMs: 200 }

export interface VaultResponse {
  status: number
  /** The Content-Type header ('' when absent). */
  contentType: string
  /** Retry-After in seconds, when the server sent one as a number. */
  retryAfterSeconds?: number
  body: string
}

/**
 * `request`: refused before sending (a path eso-render will not send); `deadline`: the run's
 * deadline passed; `budget`: the run's maxVaultRequests is spent.
 */
export type VaultFailureKind = 'unreachable' | 'timeout' | 'tls' | 'request' | 'deadline' | 'budget' | 'too-large'

/**
 * The largest answer read from Vault. Vault's integrated storage keeps entries up to 1 MiB by
 * default and a Secret holds at most 1 MiB, so a larger answer is a misconfigured path or not
 * Vault; reading it whole would cost many times its size in memory (JSON, strings, base64).
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024

export class VaultRequestError extends Error {
  override name = 'VaultRequestError'
  readonly kind: VaultFailureKind
  constructor(kind: VaultFailureKind, message: string) {
    super(message)
    this.kind = kind
  }
}

/** Where a request to `url` connects, and with what TLS settings (exported for its tests). */
export function endpointOf(conn: VaultConnection, url: URL): Endpoint {
  const secure = url.protocol === 'https:'
  const endpoint: Endpoint = { secure, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) || (secure ? 443 : 80), authority: url.host }
  // The store's tls client certificate (and cert auth's) is presented on every connection to its server.
  if (secure) endpoint.tls = { ca: conn.caPem, rejectUnauthorized: !conn.insecureSkipVerify, ...(conn.clientCert ? { cert: conn.clientCert.certPem, key: conn.clientCert.keyPem } : {}) }
  return endpoint
}

/**
 * The keep-alive connections of one render, one pool per (server, CA, verification, client
 * certificate). Owned by whoever runs the requests (the fetch stage), and closed by it, so that
 * renders in one process never share or close each other's connections.
 */
export class ConnectionPool {
  private readonly pools = new Map<string, Http1Pool>()
  /** Connections per server: the run's vaultConcurrency, so that no request waits for a connection below it. */
  private readonly maxSockets: number

  constructor(maxSockets = 16) {
    this.maxSockets = maxSockets
  }

  poolFor(conn: VaultConnection, url: URL): Http1Pool {
    const key = `${url.protocol}//${url.host}|${conn.caPem ?? ''}|${conn.insecureSkipVerify ? 1 : 0}|${conn.clientCert?.certPem ?? ''}|${conn.clientCert?.keyPem ?? ''}`
    let pool = this.pools.get(key)
    if (!pool) {
      pool = new Http1Pool(endpointOf(conn, url), this.maxSockets, true)
      this.pools.set(key, pool)
    }
    return pool
  }

  /** Lets a finished run exit at once instead of waiting for idle keep-alive connections. */
  close(): void {
    for (const pool of this.pools.values()) pool.close()
    this.pools.clear()
  }
}

function describeNetworkError(err: NodeJS.ErrnoException, url: URL): VaultRequestError {
  const target = `${url.protocol}//${url.host}`
  const code = err.code ?? ''
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|HOSTNAME/i.test(code)) {
    return new VaultRequestError('tls', `TLS verification of ${target} failed (${code}); set the store's caBundle or the config's vault.caFile / VAULT_CACERT`)
  }
  if (code === 'ECONNREFUSED') return new VaultRequestError('unreachable', `cannot connect to ${target}: connection refused`)
  if (code === 'ECONNRESET' || code === 'EPIPE') return new VaultRequestError('unreachable', `connection to ${target} was reset`)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new VaultRequestError('unreachable', `cannot resolve host ${url.hostname}`)
  return new VaultRequestError('unreachable', `cannot reach ${target}${code ? ` (${code})` : ''}`)
}

/**
 * The request's headers, each checked as node:http would check it: a token or namespace with a CR
 * or LF would make Node throw mid-request. Refused here by header name, never by value.
 */
function requestHeaders(conn: VaultConnection, token: string | undefined, body: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { ...(conn.headers ?? {}), 'X-Vault-Request': 'true' }
  if (token !== undefined) headers['X-Vault-Token'] = token
  if (conn.namespace) headers['X-Vault-Namespace'] = conn.namespace
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  for (const name in headers) {
    const value = headers[name]!
    if (!headerNames.has(name)) {
      if (!isHeaderName(name)) throw new VaultRequestError('request', `the header name ${escapeControls(JSON.stringify(name))} is not an HTTP token; nothing was sent`)
      // The names are a handful (Vault's and the stores' headers) and every request sends them.
      if (headerNames.size < 256) headerNames.add(name)
    }
    const problem = headerValueProblem(value)
    if (problem) throw new VaultRequestError('request', `the ${name} header ${problem}, which HTTP cannot carry; nothing was sent`)
  }
  return headers
}

/** Header names already found to be HTTP tokens. */
const headerNames = new Set<string>()

/**
 * A server address with user information (`https://user:pass@vault`) sends it as basic
 * authentication, as Go's HTTP client (ESO's) and node:http do, unless a header sets Authorization.
 */
function withUserInfo(url: URL, headers: Record<string, string>): Record<string, string> {
  if (!url.username && !url.password) return headers
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return headers
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  return { ...headers, Authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` }
}

/** `url` is the server's address (its origin and user information); `target` the request's path and query, already encoded. */
function requestOnce(conn: VaultConnection, method: string, url: URL, target: string, headers: Record<string, string>, body: string | undefined, opts: ClientOptions): Promise<VaultResponse> {
  return new Promise((resolve, reject) => {
    const pool = opts.connections ? opts.connections.poolFor(conn, url) : new Http1Pool(endpointOf(conn, url), 1, false)
    const exchange = pool.request({ method, target, headers: withUserInfo(url, headers), ...(body !== undefined ? { body } : {}), maxBodyBytes: MAX_RESPONSE_BYTES })
    let settled = false
    const finish = (err: unknown, res?: VaultResponse) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      if (res) return resolve(res)
      if (err instanceof ResponseTooLarge)
        err = new VaultRequestError(
          'too-large',
          `the answer of ${url.protocol}//${url.host} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB, more than Vault stores in one entry and a Secret can hold; nothing of it was read`,
        )
      reject(err instanceof VaultRequestError ? err : describeNetworkError(err as NodeJS.ErrnoException, url))
    }
    exchange.response.then(
      (res) => {
        const retryAfter = Number(res.headers['retry-after'])
        finish(undefined, {
          status: res.status,
          contentType: res.headers['content-type'] ?? '',
          ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
          body: res.body.toString('utf8'),
        })
      },
      (err: unknown) => finish(err),
    )
    // From the request's start, not from the socket's last byte: a server trickling one byte at a
    // time must not hold a render past its timeout.
    // Judged once the event loop has seen the socket: when other work held the loop (a long
    // template built while Vault answered), the answer already waiting is read before the timer's
    // verdict, which runs first in the loop's next turn.
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (!settled) exchange.destroy(new VaultRequestError('timeout', `no answer from ${url.protocol}//${url.host} within ${opts.timeoutMs} ms`))
        }),
      opts.timeoutMs,
    )
    const onAbort = () => exchange.destroy(new VaultRequestError('deadline', `the run's deadline passed while waiting for ${url.protocol}//${url.host}`))
    opts.signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function isTransient(res: VaultResponse): boolean {
  if (res.status === 503) return !res.body.includes('Vault is sealed')
  return res.status === 429 || res.status === 500 || res.status === 502 || res.status === 504 || res.status === 412
}

/** The error code of a request that failed before Vault answered; `refused` is the caller's code for one eso-render would not send. */
export function failureCode(err: VaultRequestError, refused: ErrorCode, otherwise: ErrorCode): ErrorCode {
  if (err.kind === 'deadline' || err.kind === 'budget') return 'DEADLINE_EXCEEDED'
  if (err.kind === 'too-large') return 'VAULT_ERROR'
  return err.kind === 'request' ? refused : otherwise
}

/** A pause that ends early when the run's deadline passes. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * A server address as its requests use it, worked out once per address instead of a URL parsed per
 * request: the parsed address (origin, user information) and the path that starts every request
 * target (`/v1/` after any path of the address). A path of percent-encoded segments with no `.` or
 * `..` among them is one the URL parser leaves as it is, so the target is that prefix and the
 * path. An address with a query or fragment has no prefix: its requests are parsed whole, as before.
 */
interface ServerBase {
  url: URL
  prefix: string | undefined
}

const serverBases = new Map<string, ServerBase>()

function serverBase(address: string): ServerBase {
  let base = serverBases.get(address)
  if (!base) {
    const url = new URL(`${address.replace(/\/+$/, '')}/v1/`)
    base = { url, prefix: url.search || url.hash ? undefined : url.pathname }
    // Addresses are the operator's and the stores': few. The bound keeps a long-lived process's map small.
    if (serverBases.size >= 256) serverBases.clear()
    serverBases.set(address, base)
  }
  return base
}

/** One Vault request with retries on transient failures; resolves with any HTTP answer. */
export async function vaultRequest(
  conn: VaultConnection,
  method: 'GET' | 'PUT' | 'POST' | 'LIST',
  path: string,
  token: string | undefined,
  options: { query?: Record<string, string | string[]>; body?: string; client?: ClientOptions } = {},
): Promise<VaultResponse> {
  const opts = options.client ?? DEFAULT_CLIENT_OPTIONS
  const segments = path.split('/')
  // URL resolution would move a request with `.` or `..` segments elsewhere (a key or a username
  // climbing out of its mount): refused, never sent.
  if (segments.some((s) => s === '.' || s === '..'))
    throw new VaultRequestError('request', `the path ${escapeControls(path)} has a . or .. segment, which would be resolved to another path; nothing was sent`)
  const base = serverBase(conn.address)
  const encoded = segments.map(encodeURIComponent).join('/')
  let url: URL
  let target: string
  let search = ''
  if (base.prefix !== undefined) {
    url = base.url
    // Go's url.Values.Encode: keys sorted, each value of a key in order.
    if (options.query) {
      const params = new URLSearchParams()
      for (const k of Object.keys(options.query).sort()) {
        const v = options.query[k]!
        for (const one of Array.isArray(v) ? v : [v]) params.append(k, one)
      }
      const query = params.toString()
      if (query) search = `?${query}`
    }
    target = `${base.prefix}${encoded}${search}`
  } else {
    url = new URL(`${conn.address.replace(/\/+$/, '')}/v1/${encoded}`)
    for (const k of Object.keys(options.query ?? {}).sort()) {
      const v = options.query![k]
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one)
    }
    search = url.search
    target = `${url.pathname}${search}`
  }
  const headers = requestHeaders(conn, token, options.body)
  let lastError: unknown
  let wait = 0
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep(wait, opts.signal)
    if (opts.signal?.aborted) throw new VaultRequestError('deadline', `the run's deadline passed before ${method} /v1/${escapeControls(path)} was sent`)
    if (opts.budget && !opts.budget.take())
      throw new VaultRequestError('budget', `the run's limit of ${opts.budget.limit} Vault requests (maxVaultRequests) is spent; ${method} /v1/${escapeControls(path)} was not sent`)
    // Doubling backoff with jitter; a server's Retry-After wins when longer, up to the request timeout.
    wait = opts.backoffMs * 2 ** attempt * (0.5 + Math.random() / 2)
    const started = performance.now()
    try {
      const res = await requestOnce(conn, method, url, target, headers, options.body, opts)
      opts.onAttempt?.(method, `${escapeControls(path)}${search}`, String(res.status), performance.now() - started, attempt + 1)
      if (attempt < opts.retries && isTransient(res)) {
        if (res.retryAfterSeconds !== undefined) wait = Math.min(Math.max(wait, res.retryAfterSeconds * 1000), opts.timeoutMs)
        continue
      }
      return res
    } catch (err) {
      lastError = err
      opts.onAttempt?.(method, `${escapeControls(path)}${search}`, err instanceof VaultRequestError ? err.kind : 'failed', performance.now() - started, attempt + 1)
      if (err instanceof VaultRequestError && (err.kind === 'tls' || err.kind === 'deadline' || err.kind === 'budget' || err.kind === 'too-large')) break
    }
  }
  throw lastError
}

/** Vault's error strings, flattened to one line ("1 error occurred:\n\t* x" → "x"), control characters escaped. */
export function errorSummary(body: string): string {
  const errors = vaultErrors(body).map((e) =>
    e
      .replace(/^\d+ errors? occurred:\s*/, '')
      .split(/\n\t\* /)
      .map((s) => s.replace(/^\* /, '').trim())
      .filter(Boolean)
      .join('; '),
  )
  // Escaped: a CR or LF from the server must not start a line of our own output.
  return errors.length ? escapeControls(errors.join('; ')) : 'no error text'
}

/** Vault's `{"errors": [...]}` strings, when the body has that shape. */
export function vaultErrors(body: string): string[] {
  try {
    const parsed: unknown = JSON.parse(body)
    if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { errors?: unknown }).errors)) {
      return (parsed as { errors: unknown[] }).errors.filter((e): e is string => typeof e === 'string')
    }
  } catch {
    // not JSON: no error strings
  }
  return []
}
