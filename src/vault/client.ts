// HTTP access to one Vault server: TLS (verification on unless explicitly disabled), custom CA,
// Enterprise namespace header, keep-alive, per-request timeout and bounded retries of transient
// failures. It knows nothing of ExternalSecrets. Error messages carry method, URL path, status and
// Vault's own error strings for non-read failures, never tokens or response bodies of reads.

import * as http from 'node:http'
import * as https from 'node:https'
import { escapeControls } from '../errors.ts'

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
  agents?: AgentPool
}

export const DEFAULT_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 10_000, retries: 2, backoffMs: 200 }

export interface VaultResponse {
  status: number
  /** The Content-Type header ('' when absent). */
  contentType: string
  body: string
}

/** `request`: refused before sending (a path eso-render will not send). */
export type VaultFailureKind = 'unreachable' | 'timeout' | 'tls' | 'request'

export class VaultRequestError extends Error {
  override name = 'VaultRequestError'
  readonly kind: VaultFailureKind
  constructor(kind: VaultFailureKind, message: string) {
    super(message)
    this.kind = kind
  }
}

function newAgent(conn: VaultConnection, url: URL, keepAlive: boolean): http.Agent {
  if (url.protocol !== 'https:') return new http.Agent({ keepAlive, maxSockets: 16 })
  // The store's tls client certificate (and cert auth's) is presented on every connection to its server.
  const client = conn.clientCert ? { cert: conn.clientCert.certPem, key: conn.clientCert.keyPem } : {}
  return new https.Agent({ keepAlive, maxSockets: 16, ca: conn.caPem, rejectUnauthorized: !conn.insecureSkipVerify, ...client })
}

/**
 * The keep-alive agents of one render, one per (scheme, CA, verification). Owned by whoever runs
 * the requests (the fetch stage), and closed by it, so that renders in one process never share or
 * close each other's connections.
 */
export class AgentPool {
  private readonly agents = new Map<string, http.Agent>()

  agentFor(conn: VaultConnection, url: URL): http.Agent {
    const key = `${url.protocol}|${conn.caPem ?? ''}|${conn.insecureSkipVerify ? 1 : 0}|${conn.clientCert?.certPem ?? ''}|${conn.clientCert?.keyPem ?? ''}`
    let agent = this.agents.get(key)
    if (!agent) {
      agent = newAgent(conn, url, true)
      this.agents.set(key, agent)
    }
    return agent
  }

  /** Lets a finished run exit at once instead of waiting for idle keep-alive sockets. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy()
    this.agents.clear()
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

function requestOnce(conn: VaultConnection, method: string, url: URL, token: string | undefined, body: string | undefined, opts: ClientOptions): Promise<VaultResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(conn.headers ?? {}), 'X-Vault-Request': 'true' }
    if (token !== undefined) headers['X-Vault-Token'] = token
    if (conn.namespace) headers['X-Vault-Namespace'] = conn.namespace
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    const lib = url.protocol === 'https:' ? https : http
    const req = lib.request(url, { method, headers, agent: opts.agents ? opts.agents.agentFor(conn, url) : newAgent(conn, url, false) }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', (err) => reject(describeNetworkError(err, url)))
    })
    req.setTimeout(opts.timeoutMs, () => {
      req.destroy(new VaultRequestError('timeout', `no answer from ${url.protocol}//${url.host} within ${opts.timeoutMs} ms`))
    })
    req.on('error', (err) => reject(err instanceof VaultRequestError ? err : describeNetworkError(err, url)))
    req.end(body)
  })
}

function isTransient(res: VaultResponse): boolean {
  if (res.status === 503) return !res.body.includes('Vault is sealed')
  return res.status === 429 || res.status === 500 || res.status === 502 || res.status === 504 || res.status === 412
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Lives in errors.ts (the input's names and keys are escaped too); kv.ts and auth/ import it from here.
export { escapeControls }

/** One Vault request with retries on transient failures; resolves with any HTTP answer. */
export async function vaultRequest(
  conn: VaultConnection,
  method: 'GET' | 'PUT' | 'POST' | 'LIST',
  path: string,
  token: string | undefined,
  options: { query?: Record<string, string>; body?: string; client?: ClientOptions } = {},
): Promise<VaultResponse> {
  const opts = options.client ?? DEFAULT_CLIENT_OPTIONS
  // URL resolution would move a request with `.` or `..` segments elsewhere (a key or a username
  // climbing out of its mount): refused, never sent.
  if (path.split('/').some((s) => s === '.' || s === '..'))
    throw new VaultRequestError('request', `the path ${escapeControls(path)} has a . or .. segment, which would be resolved to another path; nothing was sent`)
  const base = conn.address.replace(/\/+$/, '')
  const url = new URL(`${base}/v1/${path.split('/').map(encodeURIComponent).join('/')}`)
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v)
  let lastError: unknown
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep(opts.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2))
    try {
      const res = await requestOnce(conn, method, url, token, options.body, opts)
      if (attempt < opts.retries && isTransient(res)) continue
      return res
    } catch (err) {
      lastError = err
      if (err instanceof VaultRequestError && err.kind === 'tls') break
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
