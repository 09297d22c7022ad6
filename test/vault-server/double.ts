// A Vault-compatible HTTP server for tests and the demo: the envelope, status codes and error bodies
// of shared/reference/vault-api.md for KV v1/v2 reads, lists, metadata and writes, tokens with deny
// rules (the three 403 bodies), sys/health, sealing, Enterprise namespaces, fault injection and a
// request log. Binds to loopback only.

import * as http from 'node:http'
import * as https from 'node:https'
import { randomUUID } from 'node:crypto'
import type { AddressInfo, Socket } from 'node:net'
import { parseJson, type JsonValue } from '../../src/vault/json.ts'
import { encodeGoJson } from '../../src/eso/go-json.ts'
import { KvStore, type Mount, type Seed } from './kv-store.ts'

export interface LoggedRequest {
  method: string
  /** Path after /v1/, URL-decoded. */
  path: string
  query: string
  namespace: string
  /** 'root' | 'token#N' | 'none' | 'invalid': never the token itself. */
  identity: string
  status: number
}

export type Fault = { status: number; body?: string } | 'reset'

export interface VaultDoubleOptions {
  seed: Seed
  port?: number
  tls?: { cert: string; key: string }
  /** Enterprise: namespaces resolve; CE ignores X-Vault-Namespace (and echoes it). Default: on when the seed uses namespaces. */
  enterprise?: boolean
  /** Body of a bad-token 403: Vault >= 1.17 says "invalid token", older just "permission denied". */
  invalidTokenBody?: '1.17' | 'legacy'
  latencyMs?: number
}

export interface VaultDouble {
  url: string
  requests: LoggedRequest[]
  clearRequests(): void
  requestCount(): number
  seal(): void
  unseal(): void
  setLatency(ms: number): void
  /** The next `count` matching requests (all paths when `path` is omitted) get this fault. */
  failNext(fault: Fault, count?: number, path?: string): void
  store: KvStore
  close(): Promise<void>
}

const s = (v: string) => encodeGoJson(v)
const errorsBody = (errors: string[]) => `{"errors":[${errors.map(s).join(',')}]}\n`
const multi = (...msgs: string[]) => `${msgs.length} error${msgs.length === 1 ? '' : 's'} occurred:\n${msgs.map((m) => `\t* ${m}`).join('\n')}\n\n`

function envelope(data: string, opts: { leaseDuration?: number; warnings?: string[]; mountType?: string } = {}): string {
  const warnings = opts.warnings ? `[${opts.warnings.map(s).join(',')}]` : 'null'
  return `{"request_id":${s(randomUUID())},"lease_id":"","renewable":false,"lease_duration":${opts.leaseDuration ?? 0},"data":${data},"wrap_info":null,"warnings":${warnings},"auth":null,"mount_type":${s(opts.mountType ?? 'kv')}}`
}

function metadataJson(created: string, custom: Record<string, string> | null, deleted: string, destroyed: boolean, version: number): string {
  const cm = custom ? encodeGoJson(new Map(Object.entries(custom))) : 'null'
  return `{"created_time":${s(created)},"custom_metadata":${cm},"deletion_time":${s(deleted)},"destroyed":${destroyed},"version":${version}}`
}

function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return undefined
}

export async function startVaultDouble(options: VaultDoubleOptions): Promise<VaultDouble> {
  const store = new KvStore(options.seed)
  const enterprise = options.enterprise ?? [...store.mounts.values()].some((m) => m.namespace !== '')
  const tokens = [...store.tokens]
  const requests: LoggedRequest[] = []
  let sealed = false
  let latency = options.latencyMs ?? 0
  const faults: { fault: Fault; remaining: number; path?: string }[] = []
  const sockets = new Set<Socket>()

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://vault')
    const method = (req.method ?? 'GET').toUpperCase()
    const nsHeader = String(req.headers['x-vault-namespace'] ?? '').replace(/^\/|\/$/g, '')
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const rawPath = url.pathname.startsWith('/v1/') ? url.pathname.slice(4) : url.pathname.slice(1)
    let path: string
    try {
      path = decodeURIComponent(rawPath)
    } catch {
      path = rawPath
    }
    const header = String(req.headers['x-vault-token'] ?? '') || String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '')
    const identity = header === '' ? 'none' : tokens.includes(header) ? (header === 'root' ? 'root' : `token#${tokens.indexOf(header)}`) : 'invalid'
    const entry: LoggedRequest = { method, path, query: url.search.replace(/^\?/, ''), namespace: nsHeader, identity, status: 0 }
    requests.push(entry)
    if (latency) await new Promise((r) => setTimeout(r, latency))

    const send = (status: number, text: string) => {
      entry.status = status
      const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' }
      if (nsHeader) headers['X-Vault-Namespace'] = String(req.headers['x-vault-namespace'])
      res.writeHead(status, headers)
      res.end(method === 'HEAD' ? undefined : text)
    }

    const faultAt = faults.findIndex((f) => f.remaining > 0 && (f.path === undefined || f.path === path))
    if (faultAt >= 0) {
      const f = faults[faultAt]
      f.remaining--
      if (f.fault === 'reset') {
        entry.status = -1
        req.socket.destroy()
        return
      }
      return send(f.fault.status, f.fault.body ?? errorsBody([multi('injected failure')]))
    }

    if (!url.pathname.startsWith('/v1/')) return send(404, errorsBody([]))
    if (path === 'sys/health' && (method === 'GET' || method === 'HEAD')) {
      const status = sealed ? Number(url.searchParams.get('sealedcode') ?? 503) : Number(url.searchParams.get('activecode') ?? 200)
      const bodyText = `{"initialized":true,"sealed":${sealed},"standby":${sealed},"performance_standby":false,"replication_performance_mode":${s(sealed ? 'unknown' : 'disabled')},"replication_dr_mode":${s(sealed ? 'unknown' : 'disabled')},"server_time_utc":${Math.floor(Date.now() / 1000)},"version":"1.21.0","enterprise":${enterprise},"echo_duration_ms":0,"clock_skew_ms":0,"replication_primary_canary_age_ms":0}`
      return send(status, bodyText)
    }
    if (path === 'sys/seal-status' && method === 'GET') return send(200, `{"type":"shamir","initialized":true,"sealed":${sealed},"t":1,"n":1,"progress":0,"nonce":"","version":"1.21.0"}`)
    if (sealed) return send(503, errorsBody(['Vault is sealed']))
    if (!['GET', 'HEAD', 'LIST', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(method)) return send(405, errorsBody([]))
    let list = method === 'LIST'
    if (url.searchParams.has('list')) {
      const b = parseBool(url.searchParams.get('list')!)
      if (b === undefined) return send(400, errorsBody([]))
      list = list || b
    }

    // Token check comes before routing (ACLs run first).
    if (identity === 'none') return send(403, errorsBody(['permission denied']))
    if (identity === 'invalid') return send(403, errorsBody([options.invalidTokenBody === 'legacy' ? 'permission denied' : multi('permission denied', 'invalid token')]))

    const namespace = enterprise ? nsHeader : ''
    if (path === 'auth/token/lookup-self' && method === 'GET') {
      return send(200, envelope(`{"accessor":"accessor-${identity}","creation_time":1767225600,"creation_ttl":0,"display_name":"token","entity_id":"","expire_time":null,"explicit_max_ttl":0,"id":${s(header)},"meta":null,"num_uses":0,"orphan":true,"path":"auth/token/create","policies":["root"],"renewable":false,"ttl":0,"type":"service"}`, { mountType: 'token' }))
    }
    const resolved = store.resolve(namespace, path)
    if (!resolved) return send(404, errorsBody([`no handler for route ${JSON.stringify(path)}. route entry not found.`]))
    const { mount, rest } = resolved
    if ((method === 'POST' || method === 'PUT') && path.endsWith('/')) return send(400, errorsBody(["cannot write to a path ending in '/'"]))
    return mount.version === 1 ? kv1(mount, rest, method, list, body, send) : kv2(mount, rest, method, list, url, body, send)
  }

  const denied = (mount: Mount, key: string) => mount.deny.has(key)
  const policyDenied = errorsBody([multi('permission denied')])

  function kv1(mount: Mount, key: string, method: string, list: boolean, body: string, send: (s: number, b: string) => void) {
    if (denied(mount, key.replace(/\/$/, ''))) return send(403, policyDenied)
    if (list) {
      const keys = store.list(mount.plain.keys(), key)
      return keys.length ? send(200, envelope(`{"keys":[${keys.map(s).join(',')}]}`)) : send(404, errorsBody([]))
    }
    if (method === 'GET' || method === 'HEAD') {
      const data = key.endsWith('/') ? undefined : mount.plain.get(key)
      if (!data) return send(404, errorsBody([]))
      const ttl = data.get('ttl') ?? data.get('lease')
      const lease = typeof ttl === 'string' ? durationSeconds(ttl) : 2764800
      return send(200, envelope(encodeGoJson(data), { leaseDuration: lease, mountType: 'kv' }) + '\n')
    }
    if (method === 'POST' || method === 'PUT') {
      const parsed = body.trim() ? safeParse(body) : undefined
      if (parsed === 'invalid') return send(400, errorsBody(['error parsing JSON']))
      if (!(parsed instanceof Map) || parsed.size === 0) return send(400, errorsBody(['missing data fields']))
      mount.plain.set(key, parsed)
      return send(204, '')
    }
    if (method === 'DELETE') {
      mount.plain.delete(key)
      return send(204, '')
    }
    return send(405, errorsBody([multi('unsupported operation')]))
  }

  function kv2(mount: Mount, rest: string, method: string, list: boolean, url: URL, body: string, send: (s: number, b: string) => void) {
    const slash = rest.indexOf('/')
    const op = slash >= 0 ? rest.slice(0, slash) : rest
    const key = slash >= 0 ? rest.slice(slash + 1) : ''
    const verb = list ? 'list' : method === 'GET' ? 'get' : method === 'DELETE' ? 'delete' : method === 'PATCH' ? 'patch' : 'put'
    const invalidPath = () => send(404, envelope('null', { warnings: [`Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${verb}' for this operation.`], mountType: '' }) + '\n')
    if (['data', 'metadata', 'delete', 'undelete', 'destroy'].includes(rest)) {
      if (!(list && rest === 'metadata')) return send(404, envelope('null', { warnings: ['Non-listing operations on the root of a K/V v2 mount are not supported.'], mountType: '' }) + '\n')
    }
    if (denied(mount, key.replace(/\/$/, ''))) return send(403, policyDenied)
    if (op === 'metadata') {
      if (list) {
        const keys = store.list(mount.secrets.keys(), key)
        return keys.length ? send(200, envelope(`{"keys":[${keys.map(s).join(',')}]}`)) : send(404, errorsBody([]))
      }
      const sec = mount.secrets.get(key)
      if (method === 'GET') {
        if (!sec || !sec.versions.size) return send(404, errorsBody([]))
        const versions = [...sec.versions.keys()].sort((a, b) => a - b)
        const vmap = versions.map((n) => {
          const v = sec.versions.get(n)!
          return `${s(String(n))}:{"created_time":${s(v.created)},"deletion_time":${s(v.deleted)},"destroyed":${v.destroyed}}`
        })
        const cm = sec.customMetadata ? encodeGoJson(new Map(Object.entries(sec.customMetadata))) : 'null'
        const first = sec.versions.get(versions[0])!
        const last = sec.versions.get(sec.current)
        return send(
          200,
          envelope(
            `{"cas_required":false,"created_time":${s(first.created)},"current_version":${sec.current},"custom_metadata":${cm},"delete_version_after":${s(sec.deleteVersionAfter)},"max_versions":${sec.maxVersions},"oldest_version":${versions[0]},"updated_time":${s(last?.created ?? first.created)},"versions":{${vmap.join(',')}}}`,
          ) + '\n',
        )
      }
      if (method === 'DELETE') {
        mount.secrets.delete(key)
        return send(204, '')
      }
      return send(405, errorsBody([multi('unsupported operation')]))
    }
    if (op !== 'data' || key === '' || key.endsWith('/')) return invalidPath()
    if (list) return invalidPath()
    const sec = mount.secrets.get(key)
    if (method === 'GET' || method === 'HEAD') {
      const requested = url.searchParams.get('version')
      let n = sec?.current ?? 0
      if (requested !== null) {
        if (!/^-?\d+$/.test(requested)) return send(400, errorsBody([`Field validation failed: error converting input ${requested} for field "version": cannot parse '' as int: strconv.ParseInt: parsing ${JSON.stringify(requested)}: invalid syntax`]))
        if (Number(requested) > 0) n = Number(requested)
      }
      const v = sec?.versions.get(n)
      if (!sec || !v) return send(404, errorsBody([]))
      const meta = metadataJson(v.created, sec.customMetadata, v.deleted, v.destroyed, n)
      if (v.destroyed || v.data === null || v.deleted !== '') {
        // Soft-deleted or destroyed: a full envelope with data.data null, no trailing newline.
        return send(404, envelope(`{"data":null,"metadata":${meta}}`, { mountType: '' }))
      }
      return send(200, envelope(`{"data":${encodeGoJson(v.data)},"metadata":${meta}}`) + '\n')
    }
    if (method === 'POST' || method === 'PUT') {
      const parsed = body.trim() ? safeParse(body) : undefined
      if (parsed === 'invalid') return send(400, errorsBody(['error parsing JSON']))
      const data = parsed instanceof Map ? parsed.get('data') : undefined
      if (!(data instanceof Map)) return send(400, errorsBody(['no data provided']))
      const n = store.writeV2(mount, key, data, new Date().toISOString().replace(/(\.\d+)?Z$/, '.000000001Z'))
      const v = mount.secrets.get(key)!.versions.get(n)!
      return send(200, envelope(metadataJson(v.created, mount.secrets.get(key)!.customMetadata, '', false, n)) + '\n')
    }
    if (method === 'DELETE') {
      if (sec) store.softDelete(mount, key, sec.current, new Date().toISOString())
      return send(204, '')
    }
    return send(405, errorsBody([multi('unsupported operation')]))
  }

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    clearRequests: () => void requests.splice(0),
    requestCount: () => requests.length,
    seal: () => void (sealed = true),
    unseal: () => void (sealed = false),
    setLatency: (ms) => void (latency = ms),
    failNext: (fault, count = 1, path) => void faults.push({ fault, remaining: count, path }),
    store,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function safeParse(body: string): JsonValue | 'invalid' {
  try {
    return parseJson(body)
  } catch {
    return 'invalid'
  }
}

function durationSeconds(text: string): number {
  const m = /^(\d+)(s|m|h)?$/.exec(text)
  if (!m) return 2764800
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1)
}

