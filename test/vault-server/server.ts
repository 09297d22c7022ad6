// A Vault-compatible HTTP(S) server for tests and the demo (shared/reference/vault-api.md). This file
// is the HTTP layer: request parsing (LIST included), the order of checks Vault applies (faults, rate
// limit, method, body, seal, forwarding headers, namespace, token, ACL), routing to the engines, the
// envelope and the request log. The KV engines are in kv.ts, tokens/ACL in policy.ts, logins in
// auth.ts (JWTs in jwt.ts, client certificates in tls-cert.ts), the token's own endpoints in
// token-self.ts, the seed format in seed.ts, fault injection in faults.ts. Binds to 127.0.0.1 unless
// told otherwise.

import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { X509Certificate } from 'node:crypto'
import { parse, encode, quote, type Json, type JsonMap } from './json.ts'
import { envelope, err, data, errorsBody, multiError, parseBool, NO_TOKEN, POLICY_DENIED, INVALID_TOKEN, type Result } from './wire.ts'
import { KvStore, handleKv1, handleKv2, type KvOp, type KvOptions } from './kv.ts'
import { DatabaseMounts, type IssuedLease } from './database.ts'
import { TokenStore, allowed, anyAccessUnder, namespaceAllows, type Capability, type Token } from './policy.ts'
import { Faults, INJECTED_BODY, type Fault, type FaultRule } from './faults.ts'
import { normPath, secretJson, serverSeedOf, validateSeed, type AuthMountSeed, type Seed, type TokenSeed } from './seed.ts'
import { AuthMounts, type LoginLog, type MintedToken, type TlsPeer } from './auth.ts'
import { SELF_PATHS, lookupSelf, renewSelf, revokeSelf } from './token-self.ts'

export type { Seed } from './seed.ts'
export type { Fault, FaultRule } from './faults.ts'
export type { Rule } from './policy.ts'
export type { LoginLog, MintedToken } from './auth.ts'

export interface LoggedRequest {
  method: string
  /** Path after /v1/, URL-decoded (namespace prefix included when the client used one). */
  path: string
  /** Raw query string without `?`. */
  query: string
  /** The X-Vault-Namespace header, slashes trimmed ('' when absent). */
  namespace: string
  /** Token identity: the token's name (`root`, `token-2`, …), `none` or `invalid`. Never the token value. */
  identity: string
  /** Answered status; 0 while in flight, -1 for an injected connection reset. */
  status: number
  /** Login requests: the auth mount and the role or user named (names only), and the minted token's identity. */
  login?: LoginLog
}

export interface RateLimit {
  /** Requests allowed per interval and client address. */
  limit: number
  /** Default 1. */
  intervalSeconds?: number
  /** Send Retry-After and X-Ratelimit-{Limit,Remaining,Reset} (default true). */
  headers?: boolean
}

export interface VaultServerOptions {
  /** The vault.json seed (see seed.ts / README). Default: no mounts, token `root`. */
  seed?: Seed
  /** Default 0 (a free port). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Serve HTTPS with this PEM certificate and key. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Enterprise: namespaces resolve (header + path prefix). CE ignores X-Vault-Namespace (but echoes it). Default: $server.enterprise, else on when a mount has vaultNamespace. */
  enterprise?: boolean
  /** Bad-token 403 body: Vault ≥ 1.17 `2 errors occurred…invalid token` (default) or `legacy` `["permission denied"]`. */
  invalidTokenBody?: '1.17' | 'legacy'
  /**
   * Bytes of KV v2 "raw" 404 envelopes (soft-deleted, destroyed, invalid path): unconfirmed against a
   * live Vault (vault-api.md §12). Default `{ mountType: '', trailingNewline: false }`.
   */
  softDeletedBody?: { mountType?: '' | 'kv'; trailingNewline?: boolean }
  /** Milliseconds since the epoch; default Date.now. Drives created/deletion times, token TTLs, rate windows. */
  clock?: () => number | Date
  /** Delay before every answer. */
  latencyMs?: number
  /** Version reported by sys/health and seal-status. Default 1.21.0. */
  vaultVersion?: string
  /** `options` of KV v1 mounts in sys/internal/ui/mounts: `{"version":"1"}` (default) or null (mounted without options). */
  kv1MountOptions?: 'version' | 'null'
  /** KV v1 LIST lease_duration (default 0; §12). */
  kv1ListLeaseDuration?: number
  /** sys/internal/ui/mounts answers 404 (very old Vault). */
  legacyMountsEndpoint?: boolean
  /** Enterprise: answer for an unknown namespace (unconfirmed; default OpenBao's 404 `namespace not found`). */
  unknownNamespace?: { status: number; errors: string[] }
  rateLimit?: RateLimit | null
}

/** A token the server accepts: the same shape a seed's `$server.tokens` entries have. */
export type TokenSpec = TokenSeed

export interface VaultServer {
  /** `http://127.0.0.1:PORT` (https with tls). */
  url: string
  port: number
  /** The request log, oldest first. */
  requests: LoggedRequest[]
  clearRequests(): void
  requestCount(): number
  seal(): void
  unseal(): void
  isSealed(): boolean
  setLatency(ms: number): void
  /** The next `count` requests (to `path` only, when given) get this fault. */
  failNext(fault: Fault, count?: number, path?: string | RegExp): void
  addFault(rule: FaultRule): void
  clearFaults(): void
  setRateLimit(limit: RateLimit | null): void
  /** Enterprise: the next `count` requests carrying X-Vault-Index answer 412. */
  setIndexLag(count: number): void
  /** Write a secret as if through the API (KV v1 replace, v2 new version). `value` may be exact JSON text. Returns the v2 version. */
  putSecret(mount: string, path: string, value: Record<string, unknown> | string, namespace?: string): number
  /** Deny a path (inside the mount, without `data/`) to every token. */
  deny(mount: string, path: string, namespace?: string): void
  /** Checklist item 29: the mount answers the KV upgrade 400 while on. */
  setUpgrading(mount: string, on: boolean, namespace?: string): void
  addToken(spec: TokenSpec): void
  revokeToken(id: string): void
  /** Adds (or replaces) an auth mount, validated as `$server.auth.<path>` is. */
  addAuthMount(path: string, mount: AuthMountSeed): void
  /** Tokens minted by logins: identities, uses left, expiry, revoked; never their values. */
  mintedTokens(): MintedToken[]
  /** Leases the database engine created (`$server.databases`), in order, each with the identity of the token that created it. */
  leases(): IssuedLease[]
  /** The minted token with this log identity expires now. */
  expireToken(identity: string): void
  store: KvStore
  tokens: TokenStore
  close(): Promise<void>
}

interface CoreRequest {
  method: string
  target: string
  headers: http.IncomingHttpHeaders
  body: Buffer
  remote: string
  /** HTTPS only: the client's certificate chain. */
  tls?: TlsPeer
}

interface CoreResponse {
  status: number
  headers: Record<string, string>
  body: string
}

const METHODS = new Set(['GET', 'HEAD', 'LIST', 'POST', 'PUT', 'DELETE', 'PATCH'])
const UPGRADING = 'Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly.'
const BODY_LIMIT = 32 * 1024 * 1024

function header(h: http.IncomingHttpHeaders, name: string): string {
  const v = h[name]
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
}

export async function startVaultServer(options: VaultServerOptions = {}): Promise<VaultServer> {
  const seed: Seed = options.seed ?? {}
  validateSeed(seed)
  const serverSeed = serverSeedOf(seed)
  const tlsOptions = options.tls ?? serverSeed.tls
  const clock = options.clock ?? Date.now
  const now = () => Number(clock())
  const store = new KvStore(seed)
  const tokens = new TokenStore()
  const startMs = now()
  for (const id of store.seedTokens.length ? store.seedTokens : ['root']) tokens.add({ id }, startMs)
  for (const t of serverSeed.tokens ?? []) tokens.add(t, startMs)
  const auth = new AuthMounts(serverSeed.auth ?? {}, serverSeed.policies ?? {}, tokens, now)
  const databases = new DatabaseMounts(serverSeed.databases ?? {}, now)
  const enterprise = options.enterprise ?? serverSeed.enterprise ?? ([...store.mounts.values()].some((m) => m.namespace !== '') || auth.namespaces().length > 0)
  /** Namespaces that exist: those holding KV or auth mounts, and their ancestors. */
  const knownNamespaces = () => {
    const known = store.namespaces()
    for (const ns of auth.namespaces()) {
      const parts = ns.split('/')
      for (let i = 1; i <= parts.length; i++) known.add(parts.slice(0, i).join('/'))
    }
    return known
  }
  const legacyInvalid = (options.invalidTokenBody ?? serverSeed.invalidTokenBody) === 'legacy'
  const rawMountType = options.softDeletedBody?.mountType ?? ''
  const rawNewline = options.softDeletedBody?.trailingNewline ?? false
  const version = options.vaultVersion ?? '1.21.0'
  const kvOptions: KvOptions = { kv1ListLeaseDuration: options.kv1ListLeaseDuration ?? 0 }
  const faults = new Faults()
  faults.latencyMs = options.latencyMs ?? 0
  const requests: LoggedRequest[] = []
  let sealed = false
  let rateLimit = options.rateLimit ?? null
  const windows = new Map<string, { start: number; count: number }>()
  let indexLag = 0
  let index = 0

  function render(result: Result, method: string, extraHeaders: Record<string, string>): CoreResponse {
    const headers = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json', ...extraHeaders }
    let status: number
    let body: string
    switch (result.kind) {
      case 'data':
        status = result.status ?? 200
        body =
          envelope({
            data: result.data,
            leaseDuration: result.leaseDuration,
            renewable: result.renewable,
            leaseId: result.leaseId,
            warnings: result.warnings,
            auth: result.auth,
            mountType: result.mountType ?? '',
          }) + '\n'
        break
      case 'none':
        status = 204
        body = ''
        break
      case 'error':
        status = result.status
        body = errorsBody(result.errors)
        break
      case 'rawEnvelope':
        status = result.status
        body = envelope({ data: result.data, warnings: result.warnings, mountType: rawMountType }) + (rawNewline ? '\n' : '')
        break
      case 'raw':
        status = result.status
        body = result.body
        Object.assign(headers, result.headers)
        break
    }
    return { status, headers, body: method === 'HEAD' ? '' : body }
  }

  async function handle(req: CoreRequest): Promise<CoreResponse | 'reset' | { trickleMs: number }> {
    const url = new URL(req.target, 'http://vault')
    const method = req.method.toUpperCase()
    const rawNs = header(req.headers, 'x-vault-namespace')
    const nsHeader = normPath(rawNs)
    const rawPath = url.pathname.startsWith('/v1/') ? url.pathname.slice(4) : url.pathname.replace(/^\//, '')
    let path: string
    try {
      path = rawPath.split('/').map(decodeURIComponent).join('/')
    } catch {
      path = rawPath
    }
    const tokenValue = header(req.headers, 'x-vault-token') || header(req.headers, 'authorization').replace(/^Bearer\s+/i, '')
    const check = tokens.check(tokenValue, now())
    const entry: LoggedRequest = {
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      namespace: nsHeader,
      identity: check.state === 'ok' ? check.token.name : check.state,
      status: 0,
    }
    requests.push(entry)
    const extra: Record<string, string> = {}
    if (rawNs) extra['X-Vault-Namespace'] = rawNs
    const done = (result: Result): CoreResponse => {
      const out = render(result, method, extra)
      entry.status = out.status
      return out
    }

    const { latencyMs, fault } = faults.take(method, path)
    // Unref: a test that closed the server need not wait out a delay nobody is waiting for.
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs).unref())
    if (fault === 'reset') {
      entry.status = -1
      return 'reset'
    }
    if (fault && 'trickleMs' in fault) {
      entry.status = 200
      return fault
    }
    if (fault) return done({ kind: 'raw', status: fault.status, body: fault.body ?? INJECTED_BODY, headers: fault.headers })
    if (!url.pathname.startsWith('/v1/')) return done(err(404))
    if (path.endsWith('.')) return done(err(404))

    const unlimited = path === 'sys/health' || path === 'sys/seal-status'
    if (rateLimit && !unlimited) {
      const interval = (rateLimit.intervalSeconds ?? 1) * 1000
      const t = now()
      let w = windows.get(req.remote)
      if (!w || t >= w.start + interval) windows.set(req.remote, (w = { start: t, count: 0 }))
      if (++w.count > rateLimit.limit) {
        if (rateLimit.headers ?? true) {
          const reset = String(Math.max(1, Math.ceil((w.start + interval - t) / 1000)))
          Object.assign(extra, { 'Retry-After': reset, 'X-Ratelimit-Limit': String(rateLimit.limit), 'X-Ratelimit-Remaining': '0', 'X-Ratelimit-Reset': reset })
        }
        return done(err(429, `request path ${JSON.stringify(path)}: rate limit quota exceeded`))
      }
    }

    if (!METHODS.has(method)) return done(err(405))
    let list = method === 'LIST'
    if (url.searchParams.has('list')) {
      const b = parseBool(url.searchParams.get('list') as string)
      if (b === undefined) return done(err(400))
      list ||= b && (method === 'GET' || method === 'HEAD')
      url.searchParams.delete('list')
    }
    if (method === 'PATCH') {
      const ct = header(req.headers, 'content-type')
      const mediaType = ct.split(';')[0].trim().toLowerCase()
      if (!mediaType) return done(err(400, 'mime: no media type'))
      if (!/^[\w.+-]+\/[\w.+-]+$/.test(mediaType)) return done(err(400, 'mime: expected slash after first token'))
      if (mediaType !== 'application/merge-patch+json') return done(err(415, `PATCH requires Content-Type of application/merge-patch+json, provided ${mediaType}`))
    }
    if (req.body.length > BODY_LIMIT) return done(err(413, 'http: request body too large'))
    let body: JsonMap | null = null
    if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && req.body.length && req.body.toString('utf8').trim() !== '') {
      let parsed: Json
      try {
        parsed = parse(req.body.toString('utf8'))
      } catch {
        return done(err(400, 'error parsing JSON'))
      }
      if (!(parsed instanceof Map) && parsed !== null) return done(err(400, 'error parsing JSON'))
      body = parsed
    }

    if (path === 'sys/health' && (method === 'GET' || method === 'HEAD')) return done(health(url))
    if (path === 'sys/seal-status' && method === 'GET') {
      return done({
        kind: 'raw',
        status: 200,
        body: `{"type":"shamir","initialized":true,"sealed":${sealed},"t":1,"n":1,"progress":0,"nonce":"","version":${quote(version)},"build_date":"2025-01-01T00:00:00Z","migration":false,"recovery_seal":false,"storage_type":"inmem"}\n`,
      })
    }
    if (sealed) return done(err(503, 'Vault is sealed'))

    const inconsistent = header(req.headers, 'x-vault-inconsistent')
    const forward = header(req.headers, 'x-vault-forward')
    if (!enterprise && inconsistent) return done(err(400, `forwarding via header X-Vault-Inconsistent=${inconsistent} disabled in configuration`))
    if (!enterprise && forward) return done(err(400, 'forwarding via header X-Vault-Forward disabled in configuration'))
    if (enterprise && header(req.headers, 'x-vault-index') && indexLag > 0) {
      indexLag--
      return done(err(412, 'required index state not present'))
    }

    // Namespace: Enterprise resolves header + path prefix; CE serves the root namespace only.
    let namespace = ''
    let rel = path
    if (enterprise) {
      const known = knownNamespaces()
      if (nsHeader && !known.has(nsHeader)) return done(err(options.unknownNamespace?.status ?? 404, ...(options.unknownNamespace?.errors ?? ['namespace not found'])))
      const full = nsHeader ? `${nsHeader}/${path}` : path
      for (const ns of known) if (ns.length > namespace.length && full.startsWith(ns + '/')) namespace = ns
      rel = namespace ? full.slice(namespace.length + 1) : full
    }

    const op: KvOp = list ? 'list' : method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'delete' : method === 'PATCH' ? 'patch' : 'write'
    if ((op === 'write' || op === 'patch') && rel.endsWith('/')) return done(err(400, "cannot write to a path ending in '/'"))

    // Login paths are unauthenticated: no token is looked at, used or logged.
    const loginPath = auth.match(namespace, rel)
    if (loginPath) {
      entry.identity = 'none'
      const out = auth.login({ ...loginPath, path: rel, method, body, tls: req.tls })
      entry.login = out.log
      if (enterprise && (out.result.kind === 'data' || out.result.kind === 'none')) extra['X-Vault-Index'] = Buffer.from(`v1:index:${++index}`).toString('base64')
      return done(out.result)
    }

    if (check.state === 'none') return done(NO_TOKEN())
    if (check.state === 'invalid') return done(INVALID_TOKEN(legacyInvalid))
    const token = check.token
    tokens.use(token)
    // The -self paths always run in the token's own namespace (vault/request_handling.go).
    if (SELF_PATHS.has(rel)) namespace = token.namespace
    if (!namespaceAllows(token, namespace)) return done(POLICY_DENIED())

    const result = route(token, namespace, rel, op, url.searchParams, body)
    if (enterprise && op !== 'read' && op !== 'list' && (result.kind === 'data' || result.kind === 'none')) {
      extra['X-Vault-Index'] = Buffer.from(`v1:index:${++index}`).toString('base64')
    }
    return done(result)
  }

  function route(token: Token, namespace: string, rel: string, op: KvOp, query: URLSearchParams, body: JsonMap | null): Result {
    if (SELF_PATHS.has(rel)) return tokenSelf(token, rel, op, body)
    if (rel.startsWith('sys/internal/ui/mounts/') && op === 'read') return mountInfo(token, namespace, rel.slice('sys/internal/ui/mounts/'.length))
    // Database mounts live in the root namespace of the test double.
    const database = namespace === '' ? databases.match(rel) : undefined
    if (database) {
      const cap: Capability = op === 'read' ? 'read' : op === 'list' ? 'list' : op === 'delete' ? 'delete' : op === 'patch' ? 'patch' : 'update'
      if (!allowed(token, list(rel, op), cap)) return POLICY_DENIED()
      return databases.handle(database.mount, database.rest, op, token.name)
    }
    const resolved = rel.startsWith('sys/') || rel.startsWith('auth/') ? undefined : store.resolve(namespace, rel)
    if (!resolved) return token.rules === 'root' ? err(404, `no handler for route ${JSON.stringify(rel)}. route entry not found.`) : POLICY_DENIED()
    const { mount, rest } = resolved
    const cap: Capability = op === 'read' ? 'read' : op === 'list' ? 'list' : op === 'delete' ? 'delete' : op === 'patch' ? 'patch' : store.exists(mount, rest) ? 'update' : 'create'
    if (!allowed(token, list(rel, op), cap)) return POLICY_DENIED()
    if (mount.upgrading) return err(400, UPGRADING)
    const r = { op, rest, query, body, nowMs: now() }
    return mount.version === 1 ? handleKv1(store, mount, r, kvOptions) : handleKv2(store, mount, r, kvOptions)
  }

  // ACL paths for LIST end in `/` (Vault appends it before the policy check).
  const list = (rel: string, op: KvOp) => (op === 'list' && !rel.endsWith('/') ? rel + '/' : rel)

  // ACL first (the default policy grants these), then the operation; the token store serves only these operations.
  function tokenSelf(token: Token, rel: string, op: KvOp, body: JsonMap | null): Result {
    const cap: Capability = op === 'write' ? 'update' : op
    if (!allowed(token, rel, cap)) return POLICY_DENIED()
    if (rel === 'auth/token/lookup-self' && (op === 'read' || op === 'write')) return lookupSelf(token, now())
    if (rel === 'auth/token/renew-self' && op === 'write') return renewSelf(token, body, now())
    if (rel === 'auth/token/revoke-self' && op === 'write') return revokeSelf(token)
    return err(405, multiError('unsupported operation'))
  }

  function mountInfo(t: Token, namespace: string, target: string): Result {
    if (options.legacyMountsEndpoint) return err(404)
    const p = normPath(target)
    const resolved = store.resolve(namespace, p)
    if (!resolved || !anyAccessUnder(t, resolved.mount.path)) return err(403, `preflight capability check returned 403, please ensure client's policies grant access to path "${p}/"`)
    const m = resolved.mount
    const opts = m.version === 2 ? '{"version":"2"}' : options.kv1MountOptions === 'null' ? 'null' : '{"version":"1"}'
    return data(
      `{"accessor":${quote(m.accessor)},"config":{"default_lease_ttl":0,"force_no_cache":false,"max_lease_ttl":0},"description":"","external_entropy_access":false,"local":false,` +
        `"options":${opts},"path":${quote(m.path + '/')},"seal_wrap":false,"type":"kv","uuid":${quote(m.uuid)}}`,
      { mountType: 'system' },
    )
  }

  function health(url: URL): Result {
    const code = (name: string, dflt: number): number | undefined => {
      const v = url.searchParams.get(name)
      if (v === null) return dflt
      return /^\d+$/.test(v) ? Number(v) : undefined
    }
    for (const p of ['activecode', 'standbycode', 'sealedcode', 'uninitcode', 'drsecondarycode', 'performancestandbycode', 'haunhealthycode', 'removedcode']) {
      if (code(p, 0) === undefined) return err(400)
    }
    const status = sealed ? code('sealedcode', 503)! : code('activecode', 200)!
    const mode = sealed ? 'unknown' : 'disabled'
    const cluster = sealed ? '' : `"cluster_name":"vault-cluster-eso-render","cluster_id":"00000000-0000-4000-8000-00000000c1d0",`
    const body =
      `{"initialized":true,"sealed":${sealed},"standby":${sealed},"performance_standby":false,"replication_performance_mode":${quote(mode)},"replication_dr_mode":${quote(mode)},` +
      `"server_time_utc":${Math.floor(now() / 1000)},"version":${quote(version)},"enterprise":${enterprise},${cluster}"echo_duration_ms":0,"clock_skew_ms":0,"replication_primary_canary_age_ms":0}\n`
    return { kind: 'raw', status, body }
  }

  // ------------------------------------------------------------ transport

  const sockets = new Set<Socket>()
  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const tls = tlsOptions ? { chain: peerChain(req.socket as TLSSocket) } : undefined
    const out = await handle({ method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks), remote: req.socket.remoteAddress ?? '', tls })
    if (out === 'reset') {
      req.socket.destroy()
      return
    }
    if ('trickleMs' in out) {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const timer = setInterval(() => res.write(' '), out.trickleMs)
      res.on('close', () => clearInterval(timer))
      return
    }
    res.writeHead(out.status, out.headers)
    res.end(out.body)
  }
  // Vault's TLS listener requests a client certificate and leaves its checking to the cert auth method.
  const server = tlsOptions ? https.createServer({ cert: tlsOptions.cert, key: tlsOptions.key, requestCert: true, rejectUnauthorized: false }, onRequest) : http.createServer(onRequest)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // Node's HTTP parser refuses the LIST verb: answer it from the raw request head, then close.
  server.on('clientError', (e: Error & { code?: string; rawPacket?: Buffer }, socket: Socket) => {
    const raw = e.rawPacket?.toString('latin1') ?? ''
    const end = raw.indexOf('\r\n\r\n')
    if (e.code !== 'HPE_INVALID_METHOD' || !raw.startsWith('LIST ') || end < 0) {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      else socket.destroy()
      return
    }
    const [requestLine, ...lines] = raw.slice(0, end).split('\r\n')
    const headers: http.IncomingHttpHeaders = {}
    for (const l of lines) {
      const i = l.indexOf(':')
      if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
    }
    const target = requestLine.split(' ')[1] ?? '/'
    void handle({ method: 'LIST', target, headers, body: Buffer.alloc(0), remote: socket.remoteAddress ?? '' }).then((out) => {
      if (out === 'reset' || 'trickleMs' in out) return void socket.destroy()
      const head = [
        `HTTP/1.1 ${out.status} ${http.STATUS_CODES[out.status] ?? ''}`,
        ...Object.entries(out.headers).map(([k, v]) => `${k}: ${v}`),
        `Content-Length: ${Buffer.byteLength(out.body)}`,
        'Connection: close',
      ]
      socket.end(head.join('\r\n') + '\r\n\r\n' + out.body)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const addr = server.address() as AddressInfo
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address

  return {
    url: `${tlsOptions ? 'https' : 'http'}://${hostForUrl}:${addr.port}`,
    port: addr.port,
    requests,
    clearRequests: () => void requests.splice(0),
    requestCount: () => requests.length,
    seal: () => void (sealed = true),
    unseal: () => void (sealed = false),
    isSealed: () => sealed,
    setLatency: (ms) => void (faults.latencyMs = ms),
    failNext: (fault, count = 1, path) => faults.add({ action: fault, count, path }),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setRateLimit: (rl) => {
      rateLimit = rl
      windows.clear()
    },
    setIndexLag: (count) => void (indexLag = count),
    putSecret: (mount, path, value, namespace = '') => store.put(store.mount(mount, namespace), path, secretJson(value), now()),
    deny: (mount, path, namespace = '') => void store.mount(mount, namespace).deny.add(normPath(path)),
    setUpgrading: (mount, on, namespace = '') => void (store.mount(mount, namespace).upgrading = on),
    addToken: (spec) => void tokens.add(spec, now()),
    revokeToken: (id) => tokens.revoke(id),
    addAuthMount: (path, mount) => auth.add(path, mount),
    mintedTokens: () => auth.minted(),
    leases: () => [...databases.leases],
    expireToken: (identity) => auth.expire(identity),
    store,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/**
 * The certificate chain a TLS client presented, leaf first (empty when it sent none). Only
 * getPeerCertificate(true) is used: calling getPeerX509Certificate first loses the issuer links.
 */
function peerChain(socket: TLSSocket): X509Certificate[] {
  let cur = socket.getPeerCertificate(true)
  const chain: X509Certificate[] = []
  const seen = new Set<string>()
  while (cur?.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256)
    chain.push(new X509Certificate(cur.raw))
    cur = cur.issuerCertificate
  }
  return chain
}

export { multiError, errorsBody, encode }
