// The KV secrets engines (vault-api.md §3): a store of v1 and v2 mounts, loaded from a seed, and one
// route handler per engine. Secrets are Json maps that remember number literals; every answer's
// `data` is written with sorted keys (json.ts).

import { encode, quote, Num, type Json, type JsonMap } from './json.ts'
import { data, err, none, multiError, POLICY_DENIED, rfc3339, goDuration, parseDuration, type Result } from './wire.ts'
import { mountsOf, normPath, secretJson, type MountSeed, type Seed } from './seed.ts'

/** Seeded versions are created at this fixed instant (deterministic `created_time`). */
export const SEED_TIME = '2026-01-01T00:00:00.000000001Z'
export const SEED_MS = Date.UTC(2026, 0, 1)
/** KV v1 `lease_duration` when the secret has no `ttl`/`lease` (the mount default, 768 h). */
export const DEFAULT_LEASE_SECONDS = 2764800

export interface Version {
  data: JsonMap | null
  createdMs: number
  created: string
  /** Deletion instant (explicit delete, or created + delete_version_after); null = none. */
  deletionMs: number | null
  deletion: string
  destroyed: boolean
}

export interface KvSecret {
  versions: Map<number, Version>
  current: number
  /** 0 until max_versions first rotates versions out (as Vault reports it). */
  oldest: number
  customMetadata: Map<string, string> | null
  /** 0 = the mount's setting. */
  maxVersions: number
  casRequired: boolean
  /** Seconds; 0 = never. */
  deleteVersionAfter: number
  created: string
  updated: string
}

export interface Mount {
  path: string
  version: 1 | 2
  namespace: string
  /** KV v1 data. */
  plain: Map<string, JsonMap>
  /** KV v2 data. */
  secrets: Map<string, KvSecret>
  /** Keys (without `data/`) no token may read or list; a trailing `*` is a prefix. Mutable at runtime. */
  deny: Set<string>
  /** Checklist item 29: every request answers the v1→v2 upgrade 400. */
  upgrading: boolean
  config: { maxVersions: number; casRequired: boolean; deleteVersionAfter: number }
  accessor: string
  uuid: string
}

export const isDeleted = (v: Version, nowMs: number) => v.deletionMs !== null && v.deletionMs <= nowMs

export class KvStore {
  /** Keyed `${namespace}|${path}` (root namespace: `|secret`). */
  readonly mounts = new Map<string, Mount>()
  /** Valid seed tokens (root policy), in seed order. */
  readonly seedTokens: string[] = []

  constructor(seed: Seed = {}) {
    for (const [name, m] of mountsOf(seed)) this.loadMount(name, m)
  }

  addMount(path: string, version: 1 | 2, namespace = ''): Mount {
    const n = this.mounts.size + 1
    const mount: Mount = {
      path: normPath(path),
      version,
      namespace: normPath(namespace),
      plain: new Map(),
      secrets: new Map(),
      deny: new Set(),
      upgrading: false,
      config: { maxVersions: 10, casRequired: false, deleteVersionAfter: 0 },
      accessor: `kv_${(0x1000_0000 + n).toString(16)}`,
      uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    }
    this.mounts.set(`${mount.namespace}|${mount.path}`, mount)
    return mount
  }

  private loadMount(name: string, m: MountSeed): void {
    const mount = this.addMount(name, m.version === 1 ? 1 : 2, m.vaultNamespace ?? '')
    for (const d of m.deny ?? []) mount.deny.add(normPath(d))
    const token = m.token ?? 'root'
    if (!this.seedTokens.includes(token)) this.seedTokens.push(token)
    for (const [path, md] of Object.entries(m.metadata ?? {})) {
      const s = this.secret(mount, path, SEED_MS, SEED_TIME)
      if (md.custom_metadata) s.customMetadata = new Map(Object.entries(md.custom_metadata))
      if (md.max_versions) s.maxVersions = md.max_versions
      if (md.cas_required) s.casRequired = true
      if (md.delete_version_after !== undefined) s.deleteVersionAfter = parseDuration(md.delete_version_after) ?? 0
    }
    for (const [path, value] of Object.entries(m.secrets ?? {})) this.put(mount, path, secretJson(value), SEED_MS, SEED_TIME)
    for (const [path, raw] of Object.entries(m.rawJson ?? {})) this.put(mount, path, secretJson(raw), SEED_MS, SEED_TIME)
    for (const [path, versions] of Object.entries(m.versions ?? {})) {
      for (const n of Object.keys(versions)
        .map(Number)
        .sort((a, b) => a - b))
        this.put(mount, path, secretJson(versions[String(n)]), SEED_MS, SEED_TIME, n)
    }
    for (const [path, list] of Object.entries(m.deletedVersions ?? {})) this.softDelete(mount, path, list, SEED_MS, SEED_TIME)
    for (const [path, list] of Object.entries(m.destroyedVersions ?? {})) this.destroy(mount, path, list)
  }

  /** The mount `path` lives in: the longest mount path prefixing it, in exactly that namespace. */
  resolve(namespace: string, path: string): { mount: Mount; rest: string } | undefined {
    let best: { mount: Mount; rest: string } | undefined
    for (const mount of this.mounts.values()) {
      if (mount.namespace !== namespace) continue
      if (path === mount.path || path.startsWith(mount.path + '/')) {
        if (!best || mount.path.length > best.mount.path.length) best = { mount, rest: path.slice(mount.path.length + 1) }
      }
    }
    return best
  }

  /** Every namespace that holds a mount, and their ancestors. */
  namespaces(): Set<string> {
    const out = new Set<string>([''])
    for (const m of this.mounts.values()) {
      const parts = m.namespace.split('/').filter(Boolean)
      for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('/'))
    }
    return out
  }

  mount(path: string, namespace = ''): Mount {
    const m = this.mounts.get(`${normPath(namespace)}|${normPath(path)}`)
    if (!m) throw new Error(`no mount ${path} in namespace "${namespace}"`)
    return m
  }

  secret(mount: Mount, path: string, nowMs: number, nowText = rfc3339(nowMs)): KvSecret {
    let s = mount.secrets.get(path)
    if (!s) {
      s = { versions: new Map(), current: 0, oldest: 0, customMetadata: null, maxVersions: 0, casRequired: false, deleteVersionAfter: 0, created: nowText, updated: nowText }
      mount.secrets.set(path, s)
    }
    return s
  }

  /** Writes a secret (v1: replaces; v2: a new version, or version `n`). Returns the v2 version number (0 for v1). */
  put(mount: Mount, path: string, value: JsonMap, nowMs: number, nowText = rfc3339(nowMs), n?: number): number {
    if (mount.version === 1) {
      mount.plain.set(path, value)
      return 0
    }
    const s = this.secret(mount, path, nowMs, nowText)
    const version = n ?? s.current + 1
    const dva = s.deleteVersionAfter || mount.config.deleteVersionAfter
    const deletionMs = dva > 0 ? nowMs + dva * 1000 : null
    s.versions.set(version, { data: value, createdMs: nowMs, created: nowText, deletionMs, deletion: deletionMs === null ? '' : rfc3339(deletionMs), destroyed: false })
    s.current = Math.max(s.current, version)
    s.updated = nowText
    const max = s.maxVersions || mount.config.maxVersions
    const keep = [...s.versions.keys()].sort((a, b) => a - b)
    while (keep.length > max) {
      s.versions.delete(keep.shift() as number)
      s.oldest = keep[0]
    }
    return version
  }

  softDelete(mount: Mount, path: string, versions: number[], nowMs: number, nowText = rfc3339(nowMs)): void {
    for (const n of versions) {
      const v = mount.secrets.get(path)?.versions.get(n)
      if (v && !v.destroyed && !isDeleted(v, nowMs)) {
        v.deletionMs = nowMs
        v.deletion = nowText
      }
    }
  }

  undelete(mount: Mount, path: string, versions: number[]): void {
    for (const n of versions) {
      const v = mount.secrets.get(path)?.versions.get(n)
      if (v && !v.destroyed) {
        v.deletionMs = null
        v.deletion = ''
      }
    }
  }

  destroy(mount: Mount, path: string, versions: number[]): void {
    for (const n of versions) {
      const v = mount.secrets.get(path)?.versions.get(n)
      if (v) {
        v.destroyed = true
        v.data = null
      }
    }
  }

  /** Whether `rest` (the path inside the mount) names something that exists: ACL create vs update. */
  exists(mount: Mount, rest: string): boolean {
    if (mount.version === 1) return mount.plain.has(rest)
    const slash = rest.indexOf('/')
    return slash >= 0 && mount.secrets.has(rest.slice(slash + 1))
  }
}

/** Keys directly under `folder` (sub-folders end in `/`), sorted. */
export function listKeys(keys: Iterable<string>, folder: string): string[] {
  const prefix = folder === '' || folder.endsWith('/') ? folder : folder + '/'
  const out = new Set<string>()
  for (const k of keys) {
    if (!k.startsWith(prefix)) continue
    const rest = k.slice(prefix.length)
    const slash = rest.indexOf('/')
    out.add(slash >= 0 ? rest.slice(0, slash + 1) : rest)
  }
  return [...out].filter(Boolean).sort()
}

function denied(mount: Mount, key: string): boolean {
  const k = normPath(key)
  for (const d of mount.deny) if (d.endsWith('*') ? k.startsWith(d.slice(0, -1)) : d === k) return true
  return false
}

export type KvOp = 'read' | 'list' | 'write' | 'patch' | 'delete'

export interface KvRequest {
  op: KvOp
  /** Path inside the mount, decoded, without the mount prefix. */
  rest: string
  /** Query parameters (without `list`); for read/list/delete they are the request data. */
  query: URLSearchParams
  /** Parsed JSON body (null when empty). */
  body: JsonMap | null
  nowMs: number
}

export interface KvOptions {
  /** KV v1 LIST `lease_duration` (vault-api.md §12: docs show 2764800, source suggests 0). Default 0. */
  kv1ListLeaseDuration: number
}

const keysData = (keys: string[]) => `{"keys":[${keys.map(quote).join(',')}]}`

// ---------------------------------------------------------------- KV v1

export function handleKv1(store: KvStore, mount: Mount, r: KvRequest, opts: KvOptions): Result {
  const key = r.rest
  if (denied(mount, key)) return POLICY_DENIED()
  switch (r.op) {
    case 'list': {
      const keys = listKeys(mount.plain.keys(), key)
      return keys.length ? data(keysData(keys), { mountType: 'kv', leaseDuration: opts.kv1ListLeaseDuration }) : err(404)
    }
    case 'read': {
      const value = key.endsWith('/') ? undefined : mount.plain.get(key)
      if (!value) return err(404)
      return data(encode(value), { mountType: 'kv', leaseDuration: leaseOf(value) })
    }
    case 'write':
      if (!r.body || r.body.size === 0) return err(400, 'missing data fields')
      store.put(mount, key, r.body, r.nowMs)
      return none()
    case 'delete':
      mount.plain.delete(key)
      return none()
    case 'patch':
      return err(405, multiError('unsupported operation'))
  }
}

function leaseOf(value: JsonMap): number {
  const ttl = value.get('ttl') ?? value.get('lease')
  if (typeof ttl === 'string') return parseDuration(ttl) ?? DEFAULT_LEASE_SECONDS
  if (ttl instanceof Num) return parseDuration(Number(ttl.literal)) ?? DEFAULT_LEASE_SECONDS
  return DEFAULT_LEASE_SECONDS
}

// ---------------------------------------------------------------- KV v2

const ROOT_NAMES = new Set(['data', 'metadata', 'delete', 'undelete', 'destroy'])
const METADATA_FIELDS = ['cas_required', 'custom_metadata', 'delete_version_after', 'max_versions']
const FIELDS: Record<string, Partial<Record<KvOp, string[]>>> = {
  data: { read: ['version'], write: ['data', 'options'], patch: ['data', 'options'], delete: [] },
  metadata: { read: [], list: ['after', 'limit', 'exclude_deleted'], write: METADATA_FIELDS, patch: METADATA_FIELDS, delete: [] },
  delete: { write: ['versions'] },
  undelete: { write: ['versions'] },
  destroy: { write: ['versions'] },
  subkeys: { read: ['version', 'depth'] },
  config: { read: [], write: ['cas_required', 'delete_version_after', 'max_versions'] },
}

const VERB: Record<KvOp, string> = { read: 'get', list: 'list', write: 'put', patch: 'patch', delete: 'delete' }

function versionMeta(s: KvSecret, v: Version, n: number): string {
  return `{"created_time":${quote(v.created)},"custom_metadata":${customJson(s)},"deletion_time":${quote(v.deletion)},"destroyed":${v.destroyed},"version":${n}}`
}

function customJson(s: KvSecret): string {
  return s.customMetadata ? encode(s.customMetadata) : 'null'
}

/** Request data: query parameters for read/list/delete, the body otherwise. */
function requestFields(r: KvRequest): string[] {
  if (r.op === 'read' || r.op === 'list' || r.op === 'delete') return [...new Set(r.query.keys())]
  return r.body ? [...r.body.keys()] : []
}

export function handleKv2(store: KvStore, mount: Mount, r: KvRequest, _opts: KvOptions): Result {
  const slash = r.rest.indexOf('/')
  const route = slash >= 0 ? r.rest.slice(0, slash) : r.rest
  const key = slash >= 0 ? r.rest.slice(slash + 1) : ''
  const invalidPath = (): Result => ({
    kind: 'rawEnvelope',
    status: 404,
    data: 'null',
    warnings: [`Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${VERB[r.op]}' for this operation.`],
  })
  if (ROOT_NAMES.has(r.rest) && r.op !== 'list') return { kind: 'rawEnvelope', status: 404, data: 'null', warnings: ['Non-listing operations on the root of a K/V v2 mount are not supported.'] }
  if (route === 'config' && r.rest === 'config') return withWarnings(r, FIELDS.config[r.op], config(mount, r))
  const fields = FIELDS[route]?.[r.op]
  if (!fields) return invalidPath()
  if (route === 'metadata' && r.op === 'list') {
    if (denied(mount, key)) return POLICY_DENIED()
    return withWarnings(r, fields, listMetadata(mount, key, r))
  }
  if (key === '' || key.endsWith('/')) return invalidPath()
  if (denied(mount, key)) return POLICY_DENIED()
  let result: Result
  switch (route) {
    case 'data':
      result = r.op === 'read' ? readData(mount, key, r) : r.op === 'delete' ? deleteLatest(store, mount, key, r) : writeData(store, mount, key, r)
      break
    case 'metadata':
      result = r.op === 'read' ? readMetadata(mount, key) : r.op === 'delete' ? (mount.secrets.delete(key), none()) : writeMetadata(store, mount, key, r)
      break
    case 'subkeys':
      result = subkeys(mount, key, r)
      break
    default:
      result = versionsOp(store, mount, route, key, r)
  }
  return withWarnings(r, fields, result)
}

/** Vault's "Endpoint ignored these unrecognized parameters" warning (checklist item 34). */
function withWarnings(r: KvRequest, fields: string[] | undefined, result: Result): Result {
  const unknown = requestFields(r)
    .filter((f) => !(fields ?? []).includes(f))
    .sort()
  if (!unknown.length) return result
  const w = `Endpoint ignored these unrecognized parameters: [${unknown.join(' ')}]`
  if (result.kind === 'data') return { ...result, warnings: [...(result.warnings ?? []), w] }
  if (result.kind === 'none') return data('null', { mountType: 'kv', warnings: [w] })
  return result
}

function readVersionParam(raw: string | null): number | Result {
  if (raw === null || raw === '') return 0
  if (!/^[+-]?\d+$/.test(raw)) {
    return err(400, `Field validation failed: error converting input ${raw} for field "version": cannot parse '' as int: strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`)
  }
  return Number(raw)
}

function readData(mount: Mount, key: string, r: KvRequest): Result {
  const n = readVersionParam(r.query.get('version'))
  if (typeof n !== 'number') return n
  const s = mount.secrets.get(key)
  const want = n > 0 ? n : (s?.current ?? 0)
  const v = s?.versions.get(want)
  if (!s || !v) return err(404)
  if (v.destroyed || isDeleted(v, r.nowMs)) return { kind: 'rawEnvelope', status: 404, data: `{"data":null,"metadata":${versionMeta(s, v, want)}}` }
  return data(`{"data":${encode(v.data as JsonMap)},"metadata":${versionMeta(s, v, want)}}`, { mountType: 'kv' })
}

function deleteLatest(store: KvStore, mount: Mount, key: string, r: KvRequest): Result {
  const s = mount.secrets.get(key)
  if (s && s.current) store.softDelete(mount, key, [s.current], r.nowMs)
  return none()
}

/** The `cas` option: undefined (absent), a number, or an error Result. */
function casOf(body: JsonMap): number | undefined | Result {
  const options = body.get('options')
  if (!(options instanceof Map) || !options.has('cas')) return undefined
  const cas = options.get('cas') as Json
  if (cas instanceof Num && /^\d+$/.test(cas.literal)) return Number(cas.literal)
  if (typeof cas === 'string' && /^\d+$/.test(cas)) return Number(cas)
  return err(400, 'error parsing check-and-set parameter')
}

function writeData(store: KvStore, mount: Mount, key: string, r: KvRequest): Result {
  const body = r.body ?? new Map<string, Json>()
  const s = mount.secrets.get(key)
  if (r.op === 'patch') {
    const v = s?.versions.get(s.current)
    if (!s || !v) return { kind: 'raw', status: 404, body: '' }
    if (v.destroyed || isDeleted(v, r.nowMs)) return { kind: 'rawEnvelope', status: 404, data: `{"data":null,"metadata":${versionMeta(s, v, s.current)}}` }
  }
  const payload = body.get('data')
  if (!(payload instanceof Map)) return err(400, 'no data provided')
  const cas = casOf(body)
  if (typeof cas === 'object') return cas
  const required = mount.config.casRequired || (s?.casRequired ?? false)
  if (cas === undefined && required) return err(400, 'check-and-set parameter required for this call')
  if (cas !== undefined && cas !== (s?.current ?? 0)) return err(400, 'check-and-set parameter did not match the current version')
  const value = r.op === 'patch' ? (mergePatch(s!.versions.get(s!.current)!.data as JsonMap, payload) as JsonMap) : payload
  const n = store.put(mount, key, value, r.nowMs)
  const written = mount.secrets.get(key)!
  return data(versionMeta(written, written.versions.get(n)!, n), { mountType: 'kv' })
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!(patch instanceof Map)) return patch
  const out: JsonMap = target instanceof Map ? new Map(target) : new Map()
  for (const [k, v] of patch) {
    if (v === null) out.delete(k)
    else out.set(k, mergePatch(out.get(k) ?? null, v))
  }
  return out
}

function readMetadata(mount: Mount, key: string): Result {
  const s = mount.secrets.get(key)
  if (!s) return err(404)
  const versions = [...s.versions.keys()]
    .sort((a, b) => a - b)
    .map((n) => {
      const v = s.versions.get(n)!
      return `${quote(String(n))}:{"created_time":${quote(v.created)},"deletion_time":${quote(v.deletion)},"destroyed":${v.destroyed}}`
    })
  // Go sorts the versions map's keys as strings ("10" < "2").
  versions.sort()
  return data(
    `{"cas_required":${s.casRequired},"created_time":${quote(s.created)},"current_version":${s.current},"custom_metadata":${customJson(s)},"delete_version_after":${quote(goDuration(s.deleteVersionAfter))},` +
      `"max_versions":${s.maxVersions},"oldest_version":${s.oldest},"updated_time":${quote(s.updated)},"versions":{${versions.join(',')}}}`,
    { mountType: 'kv' },
  )
}

function listMetadata(mount: Mount, folder: string, r: KvRequest): Result {
  const excludeDeleted = r.query.get('exclude_deleted') === 'true'
  const paths = [...mount.secrets.entries()]
    .filter(([, s]) => {
      if (!excludeDeleted) return true
      const v = s.versions.get(s.current)
      return v !== undefined && !v.destroyed && !isDeleted(v, r.nowMs)
    })
    .map(([p]) => p)
  const keys = listKeys(paths, folder)
  return keys.length ? data(keysData(keys), { mountType: 'kv' }) : err(404)
}

function validateCustom(cm: Json): Map<string, string> | null | string {
  if (cm === null) return null
  if (!(cm instanceof Map)) return 'custom_metadata validation failed: not a map of strings'
  const problems: string[] = []
  if (cm.size > 64) problems.push(`payload must contain at most 64 keys, provided ${cm.size}`)
  const out = new Map<string, string>()
  for (const [k, v] of cm) {
    if (typeof v !== 'string') {
      problems.push(`value for key "${k}" is not a string`)
      continue
    }
    if (k.length > 128) problems.push(`length of key "${k}" is ${k.length} which exceeds the limit of 128`)
    if (v.length > 512) problems.push(`length of value for key "${k}" is ${v.length} which exceeds the limit of 512`)
    out.set(k, v)
  }
  return problems.length ? `custom_metadata validation failed: ${multiError(...problems)}` : out
}

function writeMetadata(store: KvStore, mount: Mount, key: string, r: KvRequest): Result {
  const body = r.body ?? new Map<string, Json>()
  const existing = mount.secrets.get(key)
  if (r.op === 'patch' && !existing) return err(404)
  let custom: Map<string, string> | null | undefined
  if (body.has('custom_metadata')) {
    let cm = body.get('custom_metadata') as Json
    if (r.op === 'patch' && cm instanceof Map) cm = mergePatch(existing!.customMetadata ?? new Map(), cm)
    const checked = validateCustom(cm)
    if (typeof checked === 'string') return err(400, checked)
    custom = checked
  }
  let dva: number | undefined
  if (body.has('delete_version_after')) {
    const raw = body.get('delete_version_after')
    dva = parseDuration(raw instanceof Num ? Number(raw.literal) : raw)
    if (dva === undefined) return err(400, 'error parsing delete_version_after')
  }
  const s = existing ?? store.secret(mount, key, r.nowMs)
  const max = body.get('max_versions')
  if (max instanceof Num) s.maxVersions = Number(max.literal)
  const cas = body.get('cas_required')
  if (typeof cas === 'boolean') s.casRequired = cas
  if (dva !== undefined) s.deleteVersionAfter = dva
  if (custom !== undefined) s.customMetadata = custom
  s.updated = rfc3339(r.nowMs)
  return none()
}

function versionsOp(store: KvStore, mount: Mount, route: string, key: string, r: KvRequest): Result {
  if (r.op !== 'write') return err(405, multiError('unsupported operation'))
  const raw = r.body?.get('versions')
  const list: number[] = []
  const items: Json[] = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : raw instanceof Num ? [raw] : []
  for (const item of items) {
    const text = item instanceof Num ? item.literal : typeof item === 'string' ? item.trim() : ''
    if (/^\d+$/.test(text)) list.push(Number(text))
  }
  if (!list.length) return err(400, route === 'destroy' ? 'no version number provided' : 'No version number provided')
  if (route === 'delete') store.softDelete(mount, key, list, r.nowMs)
  else if (route === 'undelete') store.undelete(mount, key, list)
  else store.destroy(mount, key, list)
  return none()
}

function subkeys(mount: Mount, key: string, r: KvRequest): Result {
  const n = readVersionParam(r.query.get('version'))
  if (typeof n !== 'number') return n
  const depth = Number(r.query.get('depth') ?? 0) || 0
  const s = mount.secrets.get(key)
  const want = n > 0 ? n : (s?.current ?? 0)
  const v = s?.versions.get(want)
  if (!s || !v) return err(404)
  if (v.destroyed || isDeleted(v, r.nowMs)) return { kind: 'rawEnvelope', status: 404, data: `{"metadata":${versionMeta(s, v, want)},"subkeys":null}` }
  const shape = (j: JsonMap, d: number): JsonMap => new Map([...j].map(([k, x]) => [k, x instanceof Map && (depth === 0 || d < depth) ? shape(x, d + 1) : null]))
  return data(`{"metadata":${versionMeta(s, v, want)},"subkeys":${encode(shape(v.data as JsonMap, 1))}}`, { mountType: 'kv' })
}

function config(mount: Mount, r: KvRequest): Result {
  if (r.op === 'read') {
    return data(`{"cas_required":${mount.config.casRequired},"delete_version_after":${quote(goDuration(mount.config.deleteVersionAfter))},"max_versions":${mount.config.maxVersions}}`, {
      mountType: 'kv',
    })
  }
  if (r.op !== 'write') return err(405, multiError('unsupported operation'))
  const b = r.body ?? new Map<string, Json>()
  const max = b.get('max_versions')
  if (max instanceof Num) mount.config.maxVersions = Number(max.literal) || 10
  const cas = b.get('cas_required')
  if (typeof cas === 'boolean') mount.config.casRequired = cas
  if (b.has('delete_version_after')) {
    const raw = b.get('delete_version_after')
    mount.config.deleteVersionAfter = parseDuration(raw instanceof Num ? Number(raw.literal) : raw) ?? 0
  }
  return none()
}
