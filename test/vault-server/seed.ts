// The seed format: the `vault:` block of test/conformance/eso/cases.yaml, also fixtures/NAME/vault.json.
// Every top-level key is a mount path (e.g. `secret`, `kv`, `team/kv`), except the reserved `$server`
// (server options, below). Any other key starting with `$`, and any unknown field, is an error, so a
// typo in a fixture fails loudly instead of silently seeding nothing.

import { parse, fromPlain, type Json, type JsonMap } from './json.ts'
import type { Rule } from './policy.ts'

export interface MountMetadataSeed {
  custom_metadata?: Record<string, string>
  max_versions?: number
  cas_required?: boolean
  /** Go duration (`"1h"`) or seconds. */
  delete_version_after?: string | number
}

export interface MountSeed {
  /** 1 or 2 (default 2). */
  version?: 1 | 2
  /** path → key/value map (values may be any JSON). */
  secrets?: Record<string, Record<string, unknown>>
  /** path → exact JSON text of the secret (number literals kept verbatim). */
  rawJson?: Record<string, string>
  /** KV v2: path → version number → data. Versions are written in ascending order. */
  versions?: Record<string, Record<string, Record<string, unknown>>>
  /** KV v2: path → versions soft-deleted (at the seed time). */
  deletedVersions?: Record<string, number[]>
  /** KV v2: path → versions destroyed. */
  destroyedVersions?: Record<string, number[]>
  /** Paths (inside the mount, without `data/`) no token may read or list: 403 policy body. A trailing `*` is a prefix. */
  deny?: string[]
  /** KV v2: path → metadata. */
  metadata?: Record<string, MountMetadataSeed>
  /** Enterprise namespace the mount lives in (`team-a`, `a/b`). */
  vaultNamespace?: string
  /** A valid (root-policy) token; default `root`. */
  token?: string
}

export interface TokenSeed {
  /** The token value clients send. */
  id: string
  /** Identity in the request log (default `token-<n>`). Never the value. */
  name?: string
  /** ACL rules; omitted = root policy. */
  rules?: Rule[]
  /** Seconds until expiry from server start (0 = never). */
  ttl?: number
  /** Uses before the token is revoked (0 = unlimited). */
  numUses?: number
  /** Namespace the token belongs to ('' = root). */
  namespace?: string
}

/** Under `$server`: server options a fixture may carry. startVaultServer's options win over these. */
export interface ServerSeed {
  enterprise?: boolean
  invalidTokenBody?: '1.17' | 'legacy'
  tokens?: TokenSeed[]
}

/** Mount path → mount; the reserved key `$server` holds a ServerSeed instead (read it with serverSeedOf). */
export type Seed = { [mount: string]: MountSeed }

/** The mounts of a seed, `$server` left out. */
export function mountsOf(seed: Seed): [string, MountSeed][] {
  return Object.entries(seed).filter(([name]) => !name.startsWith('$'))
}

export function serverSeedOf(seed: Seed): ServerSeed {
  return ((seed as Record<string, unknown>).$server ?? {}) as ServerSeed
}

const MOUNT_FIELDS = new Set(['version', 'secrets', 'rawJson', 'versions', 'deletedVersions', 'destroyedVersions', 'deny', 'metadata', 'vaultNamespace', 'token'])
const SERVER_FIELDS = new Set(['enterprise', 'invalidTokenBody', 'tokens'])

/** Throws on anything the server would not understand. */
export function validateSeed(seed: unknown): asserts seed is Seed {
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new Error('vault seed: not an object')
  for (const [name, m] of Object.entries(seed)) {
    if (name === '$server') {
      if (typeof m !== 'object' || m === null) throw new Error('vault seed: $server is not an object')
      for (const k of Object.keys(m)) if (!SERVER_FIELDS.has(k)) throw new Error(`vault seed: unknown $server field ${k}`)
      continue
    }
    if (name.startsWith('$')) throw new Error(`vault seed: ${name}: keys starting with $ are reserved`)
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new Error(`vault seed: mount ${name} is not an object`)
    for (const k of Object.keys(m)) if (!MOUNT_FIELDS.has(k)) throw new Error(`vault seed: mount ${name}: unknown field ${k}`)
    const ms = m as MountSeed
    if (ms.version !== undefined && ms.version !== 1 && ms.version !== 2) throw new Error(`vault seed: mount ${name}: version must be 1 or 2`)
    if (ms.version === 1) {
      for (const k of ['versions', 'deletedVersions', 'destroyedVersions', 'metadata'] as const) {
        if (ms[k] && Object.keys(ms[k]).length) throw new Error(`vault seed: mount ${name}: ${k} needs KV v2`)
      }
    }
    for (const [path, raw] of Object.entries(ms.rawJson ?? {})) {
      if (!(parse(raw) instanceof Map)) throw new Error(`vault seed: mount ${name}: rawJson ${path} is not a JSON object`)
    }
  }
}

export const normPath = (p: string): string => p.replace(/^\/+|\/+$/g, '')

/** A seed secret as a Json map: rawJson parsed keeping literals, plain objects converted. */
export function secretJson(value: Record<string, unknown> | string): JsonMap {
  const j: Json = typeof value === 'string' ? parse(value) : fromPlain(value)
  if (!(j instanceof Map)) throw new Error('a secret must be a JSON object')
  return j
}
