// The data behind the Vault-compatible server: KV v1/v2 mounts loaded from a seed (the `vault:`
// format of shared/conformance/eso/cases.yaml, also fixtures/NAME/vault.json), versions,
// soft-deleted and destroyed versions, custom metadata and deny rules. Secrets are kept as parsed
// JSON that remembers number literals, so `1.50` and big integers come back as written.

import { JsonNumber, parseJson, type JsonObject, type JsonValue } from '../../src/vault/json.ts'

export interface MountSeed {
  version?: 1 | 2
  secrets?: Record<string, Record<string, unknown>>
  rawJson?: Record<string, string>
  versions?: Record<string, Record<string, Record<string, unknown>>>
  deletedVersions?: Record<string, number[]>
  destroyedVersions?: Record<string, number[]>
  deny?: string[]
  metadata?: Record<string, { custom_metadata?: Record<string, string>; max_versions?: number; delete_version_after?: string }>
  vaultNamespace?: string
  token?: string
}

export type Seed = Record<string, MountSeed>

export interface Version {
  data: JsonObject | null
  created: string
  deleted: string
  destroyed: boolean
}

export interface KvSecret {
  versions: Map<number, Version>
  current: number
  customMetadata: Record<string, string> | null
  maxVersions: number
  deleteVersionAfter: string
}

export interface Mount {
  path: string
  version: 1 | 2
  namespace: string
  /** KV v1 data */
  plain: Map<string, JsonObject>
  /** KV v2 data */
  secrets: Map<string, KvSecret>
  deny: Set<string>
}

/** A fixed clock: seeded secrets get deterministic timestamps. */
export const SEED_TIME = '2026-01-01T00:00:00.000000001Z'

function toJson(value: unknown): JsonObject {
  return parseJson(JSON.stringify(value)) as JsonObject
}

export class KvStore {
  readonly mounts = new Map<string, Mount>()
  readonly tokens = new Set<string>()

  constructor(seed: Seed) {
    for (const [name, m] of Object.entries(seed)) {
      if (name.startsWith('$')) continue
      const mount: Mount = { path: name.replace(/^\/|\/$/g, ''), version: m.version === 1 ? 1 : 2, namespace: (m.vaultNamespace ?? '').replace(/^\/|\/$/g, ''), plain: new Map(), secrets: new Map(), deny: new Set(m.deny ?? []) }
      this.tokens.add(m.token ?? 'root')
      const put = (path: string, data: JsonObject) => {
        if (mount.version === 1) mount.plain.set(path, data)
        else this.writeV2(mount, path, data, SEED_TIME)
      }
      for (const [path, data] of Object.entries(m.secrets ?? {})) put(path, toJson(data))
      for (const [path, raw] of Object.entries(m.rawJson ?? {})) {
        const parsed = parseJson(raw)
        if (!(parsed instanceof Map)) throw new Error(`seed ${name}.rawJson.${path} is not a JSON object`)
        put(path, parsed)
      }
      for (const [path, versions] of Object.entries(m.versions ?? {})) {
        for (const n of Object.keys(versions).map(Number).sort((a, b) => a - b)) this.writeV2(mount, path, toJson(versions[String(n)]), SEED_TIME, n)
      }
      for (const [path, list] of Object.entries(m.deletedVersions ?? {})) for (const n of list) this.softDelete(mount, path, n, SEED_TIME)
      for (const [path, list] of Object.entries(m.destroyedVersions ?? {})) for (const n of list) this.destroy(mount, path, n)
      for (const [path, md] of Object.entries(m.metadata ?? {})) {
        const s = mount.secrets.get(path) ?? this.emptySecret(mount, path)
        if (md.custom_metadata) s.customMetadata = { ...md.custom_metadata }
        if (md.max_versions) s.maxVersions = md.max_versions
        if (md.delete_version_after) s.deleteVersionAfter = md.delete_version_after
      }
      this.mounts.set(`${mount.namespace}|${mount.path}`, mount)
    }
    if (!this.tokens.size) this.tokens.add('root')
  }

  private emptySecret(mount: Mount, path: string): KvSecret {
    const s: KvSecret = { versions: new Map(), current: 0, customMetadata: null, maxVersions: 0, deleteVersionAfter: '0s' }
    mount.secrets.set(path, s)
    return s
  }

  writeV2(mount: Mount, path: string, data: JsonObject, now: string, version?: number): number {
    const s = mount.secrets.get(path) ?? this.emptySecret(mount, path)
    const n = version ?? s.current + 1
    s.versions.set(n, { data, created: now, deleted: '', destroyed: false })
    s.current = Math.max(s.current, n)
    const max = s.maxVersions || 10
    for (const v of [...s.versions.keys()].sort((a, b) => a - b)) if (v <= s.current - max) s.versions.delete(v)
    return n
  }

  softDelete(mount: Mount, path: string, version: number, now: string): void {
    const v = mount.secrets.get(path)?.versions.get(version)
    if (v) v.deleted = now
  }

  destroy(mount: Mount, path: string, version: number): void {
    const v = mount.secrets.get(path)?.versions.get(version)
    if (v) {
      v.destroyed = true
      v.data = null
    }
  }

  /** The mount serving `path` in `namespace`: the longest mount path that prefixes it. */
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

  /** Keys directly under a folder (`a/` for folders), sorted; for LIST. */
  list(keys: Iterable<string>, folder: string): string[] {
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
}

export function versionNumber(v: JsonValue | undefined): number {
  return v instanceof JsonNumber ? Number(v.literal) : 0
}
