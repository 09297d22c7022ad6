// The seed format: the `vault:` block of test/conformance/eso/cases.yaml, also fixtures/NAME/vault.json.
// Every top-level key is a mount path (e.g. `secret`, `kv`, `team/kv`), except the reserved `$server`
// (server options, below). Any other key starting with `$`, and any unknown field, is an error, so a
// typo in a fixture fails loudly instead of silently seeding nothing.

import { parse, fromPlain, type Json, type JsonMap } from './json.ts'
import type { Rule } from './policy.ts'
import { validateDatabaseSeed, type DatabaseMountSeed } from './database.ts'

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
  /** Named ACL policies that auth roles and users can name. `default` is built in (lookup/renew/revoke-self) and cannot be redefined. */
  policies?: Record<string, Rule[]>
  /** Auth mount path (`kubernetes`, `k8s-prod`, `team/approle`) → auth method. */
  auth?: Record<string, AuthMountSeed>
  /** Serve HTTPS (and ask for client certificates) with this PEM certificate and key: a fixture for cert auth or store TLS. */
  tls?: { cert: string; key: string }
  /** Database secrets engine mounts (path → roles): `GET <mount>/creds/<role>` mints credentials under a lease (database.ts). */
  databases?: Record<string, DatabaseMountSeed>
}

/** What a login mints: the token fields every role, user and cert entry may carry (Vault's tokenutil). */
export interface TokenFieldsSeed {
  /** Inline ACL rules: a policy named `<mount>-<name>` (slashes as dashes) holding them. */
  rules?: Rule[]
  /** Names from `$server.policies` (or `default`). `root` makes the login fail as Vault does. */
  policies?: string[]
  /** Seconds; default 2764800 (768h, the mount default). */
  tokenTtl?: number
  /** Seconds; default 0 (the mount maximum, 768h). Caps renewals. */
  tokenMaxTtl?: number
  /** Uses before the token is revoked; default 0 (unlimited). */
  tokenNumUses?: number
  /** Leave the `default` policy off the token (token_no_default_policy). */
  tokenNoDefaultPolicy?: boolean
  /** The login answers 200 with an `mfa_requirement` and no token (two-phase login MFA). */
  mfaRequired?: boolean
}

export interface KubernetesRoleSeed extends TokenFieldsSeed {
  /** `*` = any; entries may hold `*` globs. */
  boundServiceAccountNames: string[]
  boundServiceAccountNamespaces: string[]
  /** Checked against the JWT's `aud`. */
  audience?: string
  /** Entity alias: `serviceaccount_uid` (default) or `serviceaccount_name` (`<ns>/<name>`). */
  aliasNameSource?: 'serviceaccount_uid' | 'serviceaccount_name'
}

export interface JwtRoleSeed extends TokenFieldsSeed {
  boundAudiences?: string[]
  /** The claim naming the user (entity alias, display name). */
  userClaim: string
  boundSubject?: string
  /** Claim → required value (any of a list). */
  boundClaims?: Record<string, string | string[]>
  /** Claim → metadata key (`auth.metadata`). */
  claimMappings?: Record<string, string>
}

export interface AppRoleSeed extends TokenFieldsSeed {
  roleId: string
  /** Valid secret IDs (unlimited uses, no TTL). */
  secretIds: string[]
}

export interface UserSeed extends TokenFieldsSeed {
  password: string
}

export interface CertSeed extends TokenFieldsSeed {
  /** PEM of the CA (or the leaf itself) client certificates must chain to. */
  certificate: string
}

export interface AuthMountSeed {
  type: 'kubernetes' | 'jwt' | 'approle' | 'userpass' | 'ldap' | 'cert'
  /** Enterprise namespace the auth mount lives in. */
  vaultNamespace?: string
  /** kubernetes: `{ pemKeys, issuer? }`; jwt: `{ jwtValidationPubkeys, boundIssuer?, defaultRole? }`. Absent = not configured. */
  config?: KubernetesConfigSeed | JwtConfigSeed
  /** kubernetes, jwt, approle. */
  roles?: Record<string, KubernetesRoleSeed | JwtRoleSeed | AppRoleSeed>
  /** userpass, ldap. */
  users?: Record<string, UserSeed>
  /** cert. */
  certs?: Record<string, CertSeed>
  /** User lockout (userpass, ldap, approle; Vault's defaults 5 / 900 / 900 / off). */
  lockoutThreshold?: number
  lockoutDurationSeconds?: number
  lockoutCounterResetSeconds?: number
  lockoutDisable?: boolean
}

export interface KubernetesConfigSeed {
  /** PEM public keys (or certificates) that verify service-account JWT signatures. None = signatures unchecked. */
  pemKeys: string[]
  /** When set, the JWT's `iss` must equal it (Vault: `issuer` with `disable_iss_validation=false`). */
  issuer?: string
}

export interface JwtConfigSeed {
  jwtValidationPubkeys: string[]
  boundIssuer?: string
  defaultRole?: string
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
const SERVER_FIELDS = new Set(['enterprise', 'invalidTokenBody', 'tokens', 'policies', 'auth', 'tls', 'databases'])

/** Throws on anything the server would not understand. */
export function validateSeed(seed: unknown): asserts seed is Seed {
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new Error('vault seed: not an object')
  for (const [name, m] of Object.entries(seed)) {
    if (name === '$server') {
      if (typeof m !== 'object' || m === null) throw new Error('vault seed: $server is not an object')
      for (const k of Object.keys(m)) if (!SERVER_FIELDS.has(k)) throw new Error(`vault seed: unknown $server field ${k}`)
      if ((m as ServerSeed).databases !== undefined) validateDatabaseSeed((m as ServerSeed).databases)
      const ss = m as ServerSeed
      for (const [p, rules] of Object.entries(ss.policies ?? {})) {
        if (p.toLowerCase() === 'default' || p.toLowerCase() === 'root') throw new Error(`vault seed: $server.policies.${p}: ${p} is built in`)
        validateRules(`$server.policies.${p}`, rules)
      }
      for (const [path, a] of Object.entries(ss.auth ?? {})) validateAuthMount(path, a, ss.policies ?? {})
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

const CAPABILITIES = new Set(['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'])
const TOKEN_FIELDS = ['rules', 'policies', 'tokenTtl', 'tokenMaxTtl', 'tokenNumUses', 'tokenNoDefaultPolicy', 'mfaRequired']
const AUTH_COMMON = ['type', 'vaultNamespace', 'lockoutThreshold', 'lockoutDurationSeconds', 'lockoutCounterResetSeconds', 'lockoutDisable']
/** Per auth type: mount fields, config fields, entry fields (roles / users / certs) and the required ones. */
const AUTH_TYPES: Record<AuthMountSeed['type'], { mount: string[]; config?: { fields: string[]; required: string[] }; entries: 'roles' | 'users' | 'certs'; fields: string[]; required: string[] }> = {
  kubernetes: {
    mount: ['config', 'roles'],
    config: { fields: ['pemKeys', 'issuer'], required: ['pemKeys'] },
    entries: 'roles',
    fields: ['boundServiceAccountNames', 'boundServiceAccountNamespaces', 'audience', 'aliasNameSource'],
    required: ['boundServiceAccountNames', 'boundServiceAccountNamespaces'],
  },
  jwt: {
    mount: ['config', 'roles'],
    config: { fields: ['jwtValidationPubkeys', 'boundIssuer', 'defaultRole'], required: ['jwtValidationPubkeys'] },
    entries: 'roles',
    fields: ['boundAudiences', 'userClaim', 'boundSubject', 'boundClaims', 'claimMappings'],
    required: ['userClaim'],
  },
  approle: { mount: ['roles'], entries: 'roles', fields: ['roleId', 'secretIds'], required: ['roleId', 'secretIds'] },
  userpass: { mount: ['users'], entries: 'users', fields: ['password'], required: ['password'] },
  ldap: { mount: ['users'], entries: 'users', fields: ['password'], required: ['password'] },
  cert: { mount: ['certs'], entries: 'certs', fields: ['certificate'], required: ['certificate'] },
}

function validateRules(where: string, rules: unknown): void {
  if (!Array.isArray(rules)) throw new Error(`vault seed: ${where}: rules must be a list`)
  for (const r of rules as Rule[]) {
    if (typeof r !== 'object' || r === null || typeof r.path !== 'string' || !Array.isArray(r.capabilities)) throw new Error(`vault seed: ${where}: a rule needs path and capabilities`)
    for (const k of Object.keys(r)) if (k !== 'path' && k !== 'capabilities') throw new Error(`vault seed: ${where}: unknown rule field ${k}`)
    for (const c of r.capabilities) if (!CAPABILITIES.has(c)) throw new Error(`vault seed: ${where}: unknown capability ${c}`)
  }
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string')

/** Throws on anything an auth mount seed (`$server.auth.<path>`, or addAuthMount) would not mean. */
export function validateAuthMount(path: string, m: unknown, policies: Record<string, Rule[]>): asserts m is AuthMountSeed {
  const at = `$server.auth.${path}`
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new Error(`vault seed: ${at} is not an object`)
  const a = m as AuthMountSeed
  const spec = AUTH_TYPES[a.type]
  if (!spec) throw new Error(`vault seed: ${at}: type must be one of ${Object.keys(AUTH_TYPES).join(', ')}`)
  if (!/^[\w.-]+(?:\/[\w.-]+)*$/.test(normPath(path)) || normPath(path) === 'token') throw new Error(`vault seed: ${at}: not a usable auth mount path`)
  for (const k of Object.keys(a)) if (!AUTH_COMMON.includes(k) && !spec.mount.includes(k)) throw new Error(`vault seed: ${at}: unknown field ${k} for type ${a.type}`)
  for (const k of ['lockoutThreshold', 'lockoutDurationSeconds', 'lockoutCounterResetSeconds'] as const) {
    if (a[k] !== undefined && !isCount(a[k])) throw new Error(`vault seed: ${at}: ${k} must be a non-negative integer`)
  }
  if (a.config !== undefined && spec.config) {
    const c = a.config as unknown as Record<string, unknown>
    for (const k of Object.keys(c)) if (!spec.config.fields.includes(k)) throw new Error(`vault seed: ${at}.config: unknown field ${k}`)
    for (const k of spec.config.required) if (c[k] === undefined) throw new Error(`vault seed: ${at}.config: ${k} is required`)
    for (const k of ['pemKeys', 'jwtValidationPubkeys']) if (c[k] !== undefined && !isStrings(c[k])) throw new Error(`vault seed: ${at}.config: ${k} must be a list of PEM texts`)
  }
  const entries = ((a as unknown as Record<string, unknown>)[spec.entries] ?? {}) as Record<string, Record<string, unknown>>
  for (const [name, e] of Object.entries(entries)) {
    const where = `${at}.${spec.entries}.${name}`
    if (typeof e !== 'object' || e === null) throw new Error(`vault seed: ${where} is not an object`)
    for (const k of Object.keys(e)) if (!spec.fields.includes(k) && !TOKEN_FIELDS.includes(k)) throw new Error(`vault seed: ${where}: unknown field ${k}`)
    for (const k of spec.required) if (e[k] === undefined) throw new Error(`vault seed: ${where}: ${k} is required`)
    for (const k of ['boundServiceAccountNames', 'boundServiceAccountNamespaces']) {
      if (e[k] !== undefined && (!isStrings(e[k]) || !(e[k] as string[]).length)) throw new Error(`vault seed: ${where}: ${k} must be a non-empty list`)
    }
    for (const k of ['secretIds', 'boundAudiences', 'policies']) if (e[k] !== undefined && !isStrings(e[k])) throw new Error(`vault seed: ${where}: ${k} must be a list of strings`)
    for (const k of ['tokenTtl', 'tokenMaxTtl', 'tokenNumUses']) if (e[k] !== undefined && !isCount(e[k])) throw new Error(`vault seed: ${where}: ${k} must be a non-negative integer`)
    if (e.rules !== undefined) validateRules(where, e.rules)
    for (const p of (e.policies as string[] | undefined) ?? []) {
      if (p !== 'default' && p !== 'root' && !Object.keys(policies).some((k) => k.toLowerCase() === p.toLowerCase()))
        throw new Error(`vault seed: ${where}: unknown policy ${p} (not in $server.policies)`)
    }
    if (e.aliasNameSource !== undefined && e.aliasNameSource !== 'serviceaccount_uid' && e.aliasNameSource !== 'serviceaccount_name')
      throw new Error(`vault seed: ${where}: aliasNameSource must be serviceaccount_uid or serviceaccount_name`)
  }
}

/** A seed secret as a Json map: rawJson parsed keeping literals, plain objects converted. */
export function secretJson(value: Record<string, unknown> | string): JsonMap {
  const j: Json = typeof value === 'string' ? parse(value) : fromPlain(value)
  if (!(j instanceof Map)) throw new Error('a secret must be a JSON object')
  return j
}
