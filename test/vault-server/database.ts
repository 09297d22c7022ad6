// The database secrets engine's credentials endpoint (vault builtin/logical/database,
// path_creds_create.go): `GET <mount>/creds/<role>` creates a database user and answers with its
// username and password under a renewable lease (`lease_id` `<mount>/creds/<role>/<id>`,
// `lease_duration` the role's default_ttl, else the mount default of 768 h). Reading it again
// mints another user and another lease. An unknown role is 400 `unknown role: <role>` (the
// plugin's ErrorResponse); a write to the path is 405 `unsupported operation`; any other path of
// the mount 404 `unsupported path`. The test double's simplification: a role may fix the username
// and password it hands out, so that fixtures render byte for byte; without them it invents ones
// shaped like Vault's (`v-token-<role>-<random>-<unix time>`, a 20-character password).

import { randomBytes } from 'node:crypto'
import { quote } from './json.ts'
import { data, err, multiError, type Result } from './wire.ts'

export interface DatabaseRoleSeed {
  /** The username every read hands out (a real Vault creates a new one each time). */
  username?: string
  /** The password every read hands out. */
  password?: string
  /** Seconds; 0 or unset: the mount default (768 h). */
  default_ttl?: number
}

export interface DatabaseMountSeed {
  roles: Record<string, DatabaseRoleSeed>
}

/** Vault's system default lease TTL (768 h), which a role without default_ttl gets. */
const MOUNT_DEFAULT_TTL = 2764800

export interface IssuedLease {
  leaseId: string
  mount: string
  role: string
  /** Identity of the token that created it (as the request log names tokens). */
  token: string
}

export function validateDatabaseSeed(seed: unknown): asserts seed is Record<string, DatabaseMountSeed> {
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new Error('vault seed: $server.databases is not an object')
  for (const [mount, m] of Object.entries(seed)) {
    if (typeof m !== 'object' || m === null || typeof (m as DatabaseMountSeed).roles !== 'object') throw new Error(`vault seed: $server.databases.${mount}: needs roles`)
    for (const k of Object.keys(m)) if (k !== 'roles') throw new Error(`vault seed: $server.databases.${mount}: unknown field ${k}`)
    for (const [role, r] of Object.entries((m as DatabaseMountSeed).roles)) {
      for (const k of Object.keys(r)) if (!['username', 'password', 'default_ttl'].includes(k)) throw new Error(`vault seed: $server.databases.${mount}.roles.${role}: unknown field ${k}`)
    }
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const random = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('')

export class DatabaseMounts {
  readonly leases: IssuedLease[] = []
  private readonly mounts: Map<string, DatabaseMountSeed>
  private readonly now: () => number

  constructor(seed: Record<string, DatabaseMountSeed>, now: () => number) {
    this.now = now
    this.mounts = new Map(Object.entries(seed).map(([m, s]) => [m.replace(/^\/+|\/+$/g, ''), s]))
  }

  /** The mount a request path is under, and the rest of the path. */
  match(rel: string): { mount: string; rest: string } | undefined {
    for (const mount of this.mounts.keys()) if (rel.startsWith(`${mount}/`)) return { mount, rest: rel.slice(mount.length + 1) }
    return undefined
  }

  handle(mount: string, rest: string, op: 'read' | 'list' | 'write' | 'delete' | 'patch', tokenIdentity: string): Result {
    const m = /^creds\/([^/]+)$/.exec(rest)
    if (!m) return err(404, multiError('unsupported path'))
    if (op !== 'read') return err(405, multiError('unsupported operation'))
    const role = m[1]
    const seed = this.mounts.get(mount)!.roles[role]
    if (!seed) return err(400, `unknown role: ${role}`)
    const leaseId = `${mount}/creds/${role}/${random(24)}`
    this.leases.push({ leaseId, mount, role, token: tokenIdentity })
    const username = seed.username ?? `v-token-${role}-${random(20)}-${Math.floor(this.now() / 1000)}`
    const password = seed.password ?? `${random(4)}-${random(15)}`
    // The data map's keys in Vault's (sorted) order.
    return data(`{"password":${quote(password)},"username":${quote(username)}}`, { leaseId, renewable: true, leaseDuration: seed.default_ttl || MOUNT_DEFAULT_TTL, mountType: 'database' })
  }
}
