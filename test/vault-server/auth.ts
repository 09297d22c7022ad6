// Auth methods (vault-api.md §4, checklist items 31–32): kubernetes, jwt, approle, userpass, ldap and
// cert logins at configurable mounts, answered as Vault's core and each plugin answer them. Core
// (vault/request_handling.go handleLoginRequest, LoginCreateToken): user lockout around the backend,
// entity per alias, login MFA, policy sanitising, CalculateTTL, a fresh service token. Backends:
// their path_login.go, error texts copied with the file named beside each. This module never sees
// the HTTP layer and never logs a credential, a JWT or a token value.

import { createHash, randomBytes, randomUUID, type KeyObject, type X509Certificate } from 'node:crypto'
import { Num, type Json, type JsonMap } from './json.ts'
import { mergeRules, DEFAULT_POLICY_RULES, type Rule, type Token, type TokenStore } from './policy.ts'
import {
  normPath,
  validateAuthMount,
  type AppRoleSeed,
  type AuthMountSeed,
  type CertSeed,
  type JwtConfigSeed,
  type JwtRoleSeed,
  type KubernetesConfigSeed,
  type KubernetesRoleSeed,
  type TokenFieldsSeed,
  type UserSeed,
} from './seed.ts'
import { publicKeyFromPem, validateJwt, type JwtAlg } from './jwt.ts'
import { certInfo, hexColons, parsePemCerts, verifyClientChain, type CertInfo } from './tls-cert.ts'
import { calculateTtl } from './token-self.ts'
import { authBlock, data, err, type Result } from './wire.ts'

/** Who a login request named (names only) and the minted token's log identity, for the request log. */
export interface LoginLog {
  mount: string
  role?: string
  user?: string
  /** The minted token's log identity (`login:<mount>/<name>#<n>`), on success. */
  minted?: string
}

/** The TLS side of a request: the certificate chain the client presented (leaf first; empty = none). Absent = plain HTTP. */
export interface TlsPeer {
  chain: X509Certificate[]
}

export interface LoginRequest {
  mount: AuthMount
  /** The path inside the mount: `login` or `login/<username>`. */
  sub: string
  /** The request path relative to its namespace (lookup-self `path`). */
  path: string
  method: string
  body: JsonMap | null
  tls?: TlsPeer
}

/** A minted token as the runtime controls show it: never its value. */
export interface MintedToken {
  identity: string
  mount: string
  namespace: string
  role?: string
  user?: string
  policies: string[]
  /** Configured uses (0 = unlimited) and what is left. */
  numUses: number
  usesLeft: number
  createdMs: number
  expiresMs: number | null
  /** Revoked (revoke-self, the last of its uses, revokeToken). */
  revoked: boolean
  /** Past its expiry (the clock, or expireToken). */
  expired: boolean
}

interface AuthMount {
  path: string
  namespace: string
  seed: AuthMountSeed
  /** kubernetes / jwt: the verification keys of the config. */
  keys: KeyObject[]
  /** cert: entries sorted by name (Vault lists storage in order), their PEM parsed. */
  certs: { name: string; entry: CertSeed; parsed: CertInfo[] }[]
  /** Lockout bookkeeping per alias (vault/request_handling.go failedUserLoginProcess). */
  failures: Map<string, { count: number; lastSec: number }>
  mfaMethodId: string
}
export type { AuthMount }

/** What a backend hands the core on success (logical.Auth, the parts this server uses). */
interface BackendAuth {
  /** Role, user or cert name: the minted token's log identity and the inline policy's name. */
  name: string
  role?: string
  user?: string
  alias: string
  displayName: string
  meta: Record<string, string>
  fields: TokenFieldsSeed
}

type BackendResult = { ok: BackendAuth } | { fail: Result; invalidCredentials?: boolean; role?: string; user?: string }

const LOCKOUT_TYPES = new Set(['userpass', 'ldap', 'approle'])
const MFA_WARNING = 'A login request was issued that is subject to MFA validation. Please make sure to validate the login by sending another request to mfa/validate endpoint.'
/** vault-plugin-auth-kubernetes path_login.go allowedSigningAlgs. */
const K8S_ALGS: JwtAlg[] = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512']
/** vault-plugin-auth-jwt path_login.go: the default supported set. */
const JWT_ALGS: JwtAlg[] = [...K8S_ALGS, 'EdDSA']
/** Fields each login path declares; others draw the unrecognized-parameters warning. */
const LOGIN_FIELDS: Record<AuthMountSeed['type'], string[]> = {
  kubernetes: ['role', 'jwt'],
  jwt: ['role', 'jwt', 'distributed_claim_access_token'],
  approle: ['role_id', 'secret_id'],
  userpass: ['username', 'password'],
  ldap: ['username', 'password'],
  cert: ['name'],
}
/** sdk/framework GenericNameRegex, the userpass login path's username. */
const GENERIC_NAME = /^\w(?:[\w\-.@]*\w)?$/

const fail = (status: number, message: string, extra: { invalidCredentials?: boolean; role?: string; user?: string } = {}): BackendResult => ({ fail: err(status, message), ...extra })

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
function base62(n: number): string {
  let out = ''
  while (out.length < n) for (const b of randomBytes(n * 2)) if (b < 248 && out.length < n) out += BASE62[b % 62]
  return out
}

/** A stable 5-character namespace id (Vault's are random base62; only their shape matters here). */
function namespaceId(ns: string): string {
  const h = createHash('sha256').update(ns).digest()
  return [...h.subarray(0, 5)].map((b) => BASE62[b % 62]).join('')
}

/** ryanuber/go-glob Glob: `*` matches any run of characters. */
export function glob(pattern: string, subj: string): boolean {
  if (pattern === '') return subj === pattern
  if (pattern === '*') return true
  const parts = pattern.split('*')
  if (parts.length === 1) return subj === pattern
  const leading = pattern.startsWith('*')
  const trailing = pattern.endsWith('*')
  const end = parts.length - 1
  let rest = subj
  for (let i = 0; i < end; i++) {
    const idx = rest.indexOf(parts[i])
    if (i === 0 ? !leading && idx !== 0 : idx < 0) return false
    rest = rest.slice(idx + parts[i].length)
  }
  return trailing || rest.endsWith(parts[end])
}

/** A body field as sdk/framework's TypeString reads it (mapstructure WeakDecode: numbers keep their text, bools become 1/0). */
function field(body: JsonMap | null, name: string): string | Result {
  const v: Json | undefined = body?.get(name)
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (v instanceof Num) return v.literal
  if (typeof v === 'boolean') return v ? '1' : '0'
  const kind = Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'
  return err(400, `Field validation failed: error converting input for field ${JSON.stringify(name)}: '' expected type 'string', got unconvertible type '${kind}'`)
}

/** A JSON claim by name, or by JSON pointer when it starts with `/` (the jwt plugin's getClaim). */
function claim(claims: Record<string, unknown>, name: string): unknown {
  if (!name.startsWith('/')) return claims[name]
  let cur: unknown = claims
  for (const raw of name.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (typeof cur !== 'object' || cur === null) return undefined
    cur = Array.isArray(cur) ? cur[Number(key)] : (cur as Record<string, unknown>)[key]
  }
  return cur
}

export class AuthMounts {
  readonly mounts = new Map<string, AuthMount>()
  private readonly entities = new Map<string, string>()
  private readonly counters = new Map<string, number>()
  private readonly tokens: TokenStore
  private readonly now: () => number
  private readonly policies: Record<string, Rule[]>

  constructor(seed: Record<string, AuthMountSeed>, policies: Record<string, Rule[]>, tokens: TokenStore, now: () => number) {
    this.tokens = tokens
    this.now = now
    // Vault stores policy names lower-cased; roles may name them in any case.
    this.policies = Object.fromEntries(Object.entries(policies).map(([k, v]) => [k.toLowerCase(), v]))
    for (const [path, m] of Object.entries(seed)) this.add(path, m)
  }

  /** Adds (or replaces) an auth mount; the seed is validated as in `$server.auth`. */
  add(path: string, m: AuthMountSeed): void {
    validateAuthMount(path, m, this.policies)
    const cfg = m.config as Partial<KubernetesConfigSeed & JwtConfigSeed> | undefined
    const pems = cfg?.pemKeys ?? cfg?.jwtValidationPubkeys ?? []
    const keys = pems.map((pem, i) => {
      let k: KeyObject
      try {
        k = publicKeyFromPem(pem)
      } catch {
        throw new Error(`vault seed: $server.auth.${path}.config: key ${i} is not a PEM public key or certificate`)
      }
      // vault-plugin-auth-kubernetes path_config.go parsePublicKeyPEM
      if (m.type === 'kubernetes' && k.asymmetricKeyType !== 'rsa' && k.asymmetricKeyType !== 'ec')
        throw new Error(`vault seed: $server.auth.${path}.config: data does not contain any valid RSA or ECDSA public keys`)
      return k
    })
    const certs = Object.entries(m.certs ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, entry]) => {
        const parsed = parsePemCerts(entry.certificate)
        if (!parsed.length) throw new Error(`vault seed: $server.auth.${path}.certs.${name}: certificate holds no PEM certificate`)
        return { name, entry, parsed }
      })
    const mount: AuthMount = { path: normPath(path), namespace: normPath(m.vaultNamespace ?? ''), seed: m, keys, certs, failures: new Map(), mfaMethodId: randomUUID() }
    this.mounts.set(`${mount.namespace}|${mount.path}`, mount)
  }

  namespaces(): string[] {
    return [...this.mounts.values()].map((m) => m.namespace).filter(Boolean)
  }

  /** The auth mount and in-mount path when `rel` (relative to `namespace`) is a login path; logins need no token. */
  match(namespace: string, rel: string): { mount: AuthMount; sub: string } | undefined {
    let best: AuthMount | undefined
    for (const m of this.mounts.values()) {
      if (m.namespace === namespace && rel.startsWith(`auth/${m.path}/`) && (!best || m.path.length > best.path.length)) best = m
    }
    if (!best) return undefined
    const sub = rel.slice(`auth/${best.path}/`.length)
    const userPath = best.seed.type === 'userpass' || best.seed.type === 'ldap'
    if (userPath ? !sub.startsWith('login/') || sub.length === 'login/'.length : sub !== 'login') return undefined
    return { mount: best, sub }
  }

  login(r: LoginRequest): { result: Result; log: LoginLog } {
    const m = r.mount
    const type = m.seed.type
    const log: LoginLog = { mount: m.path }
    // Login paths only have an update callback: anything else is an unsupported operation.
    if (r.method !== 'POST' && r.method !== 'PUT') return { result: err(405, 'unsupported operation'), log }
    const user = r.sub.startsWith('login/') ? r.sub.slice('login/'.length) : ''
    if (type === 'userpass' && !GENERIC_NAME.test(user)) return { result: err(404, 'unsupported path'), log }
    const nowSec = Math.floor(this.now() / 1000)

    // vault/request_handling.go handleLoginRequest: lockout check (alias lookahead), then the backend.
    const lockout = LOCKOUT_TYPES.has(type) && !m.seed.lockoutDisable
    const threshold = m.seed.lockoutThreshold || 5
    const duration = m.seed.lockoutDurationSeconds || 900
    const counterReset = m.seed.lockoutCounterResetSeconds || 900
    let aliasKey = ''
    if (lockout) {
      if (type === 'approle') {
        const roleId = field(r.body, 'role_id')
        if (typeof roleId !== 'string') return { result: roleId, log }
        // approle path_login.go pathLoginUpdateAliasLookahead: a bare error, so a 500.
        if (roleId.trim() === '') return { result: err(500, 'missing role_id'), log }
        aliasKey = roleId.trim()
      } else aliasKey = user.toLowerCase() // lookahead keyed case-insensitively since HCSEC-2025-16
      const f = m.failures.get(aliasKey)
      if (f && f.count >= threshold && nowSec - f.lastSec < duration) return { result: err(403, 'permission denied'), log }
    }

    const out = this.backend(m, r, user)
    if ('fail' in out) {
      if (out.role) log.role = out.role
      if (out.user) log.user = out.user
      if (out.invalidCredentials && lockout) {
        const f = m.failures.get(aliasKey)
        const count = !f || nowSec > f.lastSec + counterReset ? 1 : f.count + 1
        m.failures.set(aliasKey, { count, lastSec: nowSec })
      }
      return { result: out.fail, log }
    }
    const a = out.ok
    if (a.role) log.role = a.role
    if (a.user) log.user = a.user
    const unknown = [...(r.body?.keys() ?? [])].filter((k) => !LOGIN_FIELDS[type].includes(k)).sort()
    const warnings = unknown.length ? [`Endpoint ignored these unrecognized parameters: [${unknown.join(' ')}]`] : []

    const entityKey = `${m.namespace}|${m.path}|${a.alias}`
    const entityId = this.entities.get(entityKey) ?? randomUUID()
    this.entities.set(entityKey, entityId)

    if (a.fields.mfaRequired) {
      // Two-phase login MFA: the cached auth waits for sys/mfa/validate; the answer carries only the requirement.
      const mfa = `{"mfa_request_id":"${randomUUID()}","mfa_constraints":{"eso-render-mfa":{"any":[{"type":"totp","id":"${m.mfaMethodId}","uses_passcode":true}]}}}`
      const auth = authBlock({
        clientToken: '',
        accessor: '',
        policies: null,
        tokenPolicies: null,
        metadata: null,
        leaseDuration: 0,
        renewable: false,
        entityId: '',
        tokenType: 'default',
        orphan: false,
        mfaRequirement: mfa,
        numUses: 0,
      })
      return { result: data('null', { auth, warnings: [...warnings, MFA_WARNING], mountType: type }), log }
    }

    // LoginCreateToken: policies (policyutil.SanitizePolicies: trimmed, lower-cased, sorted, default added), TTL, token.
    const inline = `${m.path.replace(/\//g, '-')}-${a.name}`
    const names = [...(a.fields.policies ?? []), ...(a.fields.rules ? [inline] : []), ...(a.fields.tokenNoDefaultPolicy ? [] : ['default'])]
    const policies = [...new Set(names.map((p) => p.trim().toLowerCase()).filter(Boolean))].sort()
    if (policies.includes('root')) return { result: err(400, 'auth methods cannot create root tokens'), log }
    const calc = calculateTtl(0, a.fields.tokenTtl ?? 0, a.fields.tokenMaxTtl ?? 0, this.now(), this.now())
    if ('error' in calc) return { result: err(500, calc.error), log }
    const rules = mergeRules(policies.map((p) => (p === inline.toLowerCase() && a.fields.rules ? a.fields.rules : p === 'default' ? DEFAULT_POLICY_RULES : (this.policies[p] ?? []))))
    const counterKey = `${m.namespace}|${m.path}|${a.name}`
    const n = (this.counters.get(counterKey) ?? 0) + 1
    this.counters.set(counterKey, n)
    const identity = `login:${m.namespace ? m.namespace + '/' : ''}${m.path}/${a.name}#${n}`
    const nsSuffix = m.namespace ? `.${namespaceId(m.namespace)}` : ''
    const token = this.tokens.add(
      {
        id: `hvs.${base62(91)}${nsSuffix}`,
        name: identity,
        accessor: `${base62(24)}${nsSuffix}`,
        rules,
        policies,
        ttl: calc.ttl,
        numUses: a.fields.tokenNumUses ?? 0,
        namespace: m.namespace,
        login: {
          mount: m.path,
          mountType: type,
          role: a.role,
          user: a.user,
          path: r.path,
          meta: a.meta,
          displayName: `${m.path.replace(/\//g, '-')}-${a.displayName}`.replace(/-$/, ''),
          entityId,
          roleTtl: a.fields.tokenTtl ?? 0,
          roleMaxTtl: a.fields.tokenMaxTtl ?? 0,
        },
      },
      this.now(),
    )
    if (lockout) m.failures.delete(aliasKey) // a successful login clears the user's failed-login entry
    log.minted = identity
    const auth = authBlock({
      clientToken: token.id,
      accessor: token.accessor,
      policies,
      tokenPolicies: policies,
      metadata: a.meta,
      leaseDuration: calc.ttl,
      renewable: true,
      entityId,
      tokenType: 'service',
      orphan: true,
      mfaRequirement: null,
      numUses: token.numUses,
    })
    return { result: data('null', { auth, warnings: [...warnings, ...calc.warnings], mountType: type }), log }
  }

  private backend(m: AuthMount, r: LoginRequest, user: string): BackendResult {
    switch (m.seed.type) {
      case 'kubernetes':
        return this.kubernetes(m, r)
      case 'jwt':
        return this.jwt(m, r)
      case 'approle':
        return approle(m, r)
      case 'userpass':
        return userpass(m, r, user)
      case 'ldap':
        return ldap(m, r, user)
      case 'cert':
        return cert(m, r, this.now())
    }
  }

  /** vault-plugin-auth-kubernetes path_login.go pathLogin / parseAndValidateJWT. No TokenReview (no cluster here). */
  private kubernetes(m: AuthMount, r: LoginRequest): BackendResult {
    const roleName = field(r.body, 'role')
    if (typeof roleName !== 'string') return { fail: roleName }
    if (!roleName) return fail(400, 'missing role')
    const jwt = field(r.body, 'jwt')
    if (typeof jwt !== 'string') return { fail: jwt }
    if (!jwt) return fail(400, 'missing jwt', { role: roleName })
    const found = roleNamed(m, roleName)
    if (!found) return fail(400, `invalid role name ${JSON.stringify(roleName)}`, { role: roleName })
    const [key, role] = found as [string, KubernetesRoleSeed]
    const at = { role: key }
    const config = m.seed.config as KubernetesConfigSeed | undefined
    if (!config) return fail(500, 'could not load backend configuration', at)
    const v = validateJwt(jwt, m.keys, { issuer: config.issuer, audiences: role.audience ? [role.audience] : [], algorithms: K8S_ALGS }, this.now(), true, m.keys.length > 0)
    // A signature failure is permission denied; other validator errors pass through as 403s.
    if (!v.ok) return fail(403, v.error.includes('verifying token signature') ? 'permission denied' : v.error, at)
    const c = v.claims
    // mapstructure.Decode into serviceAccount (not weakly typed): aud must be a list.
    if (typeof c.aud === 'string') return fail(500, "1 error(s) decoding:\n\n* 'aud': source data must be an array or slice, got string", at)
    const projected = typeof c['kubernetes.io'] === 'object' && c['kubernetes.io'] !== null ? (c['kubernetes.io'] as Record<string, unknown>) : undefined
    const sa = projected && typeof projected.serviceaccount === 'object' && projected.serviceaccount !== null ? (projected.serviceaccount as Record<string, unknown>) : undefined
    const str = (x: unknown) => (typeof x === 'string' ? x : '')
    const name = sa ? str(sa.name) : str(c['kubernetes.io/serviceaccount/service-account.name'])
    const uid = sa ? str(sa.uid) : str(c['kubernetes.io/serviceaccount/service-account.uid'])
    const namespace = projected ? str(projected.namespace) : str(c['kubernetes.io/serviceaccount/namespace'])
    const secretName = str(c['kubernetes.io/serviceaccount/secret.name'])
    const names = role.boundServiceAccountNames
    if ((names.length > 1 || names[0] !== '*') && !names.some((p) => glob(p, name))) return fail(403, 'service account name not authorized', at)
    const nss = role.boundServiceAccountNamespaces
    if (!(nss[0] === '*' || nss.some((p) => glob(p, namespace)))) return fail(403, 'namespace not authorized', at)
    let alias: string
    if (role.aliasNameSource === 'serviceaccount_name') {
      if (!namespace || !name) return fail(500, 'service account namespace and name must be set', at)
      alias = `${namespace}/${name}`
    } else {
      if (!uid) return fail(500, 'could not parse UID from claims', at)
      alias = uid
    }
    if (!uid) return fail(500, 'could not parse UID from claims', at)
    return {
      ok: {
        name: key,
        role: key,
        alias,
        displayName: `${namespace}-${name}`,
        meta: { role: roleName, service_account_name: name, service_account_namespace: namespace, service_account_secret_name: secretName, service_account_uid: uid },
        fields: role,
      },
    }
  }

  /** vault-plugin-auth-jwt path_login.go pathLogin, claims.go (bound claims, claim mappings). */
  private jwt(m: AuthMount, r: LoginRequest): BackendResult {
    const config = m.seed.config as JwtConfigSeed | undefined
    if (!config) return fail(400, 'could not load configuration')
    const asked = field(r.body, 'role')
    if (typeof asked !== 'string') return { fail: asked }
    const roleName = (asked || config.defaultRole || '').toLowerCase() // role is a TypeLowerCaseString
    if (!roleName) return fail(400, 'missing role')
    const at = { role: roleName }
    const found = roleNamed(m, roleName)
    if (!found) return fail(400, `role ${JSON.stringify(roleName)} could not be found`, at)
    const [key, role] = found as [string, JwtRoleSeed]
    const token = field(r.body, 'jwt')
    if (typeof token !== 'string') return { fail: token }
    if (!token) return fail(400, 'missing token', at)
    const v = validateJwt(token, m.keys, { issuer: config.boundIssuer, subject: role.boundSubject, audiences: role.boundAudiences, algorithms: JWT_ALGS }, this.now(), false)
    if (!v.ok) return fail(400, `error validating token: ${v.error}`, at)
    const c = v.claims
    if (!role.boundAudiences?.length) {
      const aud = c.aud
      if ((Array.isArray(aud) && aud.length > 0) || (typeof aud === 'string' && aud !== '')) return fail(400, 'audience claim found in JWT but no audiences bound to the role', at)
    }
    const userRaw = claim(c, role.userClaim)
    if (userRaw === undefined || userRaw === null) return fail(400, `claim ${JSON.stringify(role.userClaim)} not found in token`, at)
    if (typeof userRaw !== 'string') return fail(400, `claim ${JSON.stringify(role.userClaim)} could not be converted to string`, at)
    const meta: Record<string, string> = {}
    for (const [source, target] of Object.entries(role.claimMappings ?? {})) {
      const value = claim(c, source)
      if (value === undefined || value === null) continue
      if (typeof value !== 'string') return fail(400, `error converting claim '${source}' to string`, at)
      meta[target] = value
    }
    meta.role = roleName
    // validateBoundClaims: Go map order is random; this server checks claims in sorted order.
    for (const name of Object.keys(role.boundClaims ?? {}).sort()) {
      const actual = claim(c, name)
      if (actual === undefined || actual === null) return fail(400, `error validating claims: claim ${JSON.stringify(name)} is missing`, at)
      const actuals = Array.isArray(actual) ? actual : [actual]
      if (!Array.isArray(actual) && typeof actual === 'object') return fail(400, `error validating claims: received claim is not a string, bool, int or list: ${JSON.stringify(actual)}`, at)
      const wanted = role.boundClaims![name]
      const wants = Array.isArray(wanted) ? wanted : [wanted]
      if (!wants.some((w) => actuals.some((a) => typeof a === 'string' && a === w)))
        return fail(400, `error validating claims: claim ${JSON.stringify(name)} does not match any associated bound claim values`, at)
    }
    return { ok: { name: key, role: key, alias: userRaw, displayName: userRaw, meta, fields: role } }
  }

  /** Every minted token, oldest first (identities only). */
  minted(): MintedToken[] {
    const now = this.now()
    return [...this.tokens.tokens.values()]
      .filter((t) => t.login)
      .map((t: Token) => ({
        identity: t.name,
        mount: t.login!.mount,
        namespace: t.namespace,
        ...(t.login!.role ? { role: t.login!.role } : {}),
        ...(t.login!.user ? { user: t.login!.user } : {}),
        policies: t.policies,
        numUses: t.numUses,
        usesLeft: t.numUses ? t.usesLeft : 0,
        createdMs: t.createdMs,
        expiresMs: t.expiresMs,
        revoked: t.revoked,
        expired: t.expiresMs !== null && now >= t.expiresMs,
      }))
  }

  /** Makes the minted token with this log identity expire now (re-login tests). */
  expire(identity: string): void {
    const t = [...this.tokens.tokens.values()].find((x) => x.login && x.name === identity)
    if (!t) throw new Error(`no minted token ${identity}`)
    t.expiresMs = this.now()
  }
}

/** A role by name, case-insensitively (the plugins store role names lower-cased): its seed name and entry. */
function roleNamed(m: AuthMount, name: string): [string, KubernetesRoleSeed | JwtRoleSeed | AppRoleSeed] | undefined {
  return Object.entries(m.seed.roles ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())
}

/** approle path_login.go pathLoginUpdate. */
function approle(m: AuthMount, r: LoginRequest): BackendResult {
  const roleId = field(r.body, 'role_id')
  if (typeof roleId !== 'string') return { fail: roleId }
  // Reached without lockout only (with lockout the lookahead already answered 500).
  if (roleId.trim() === '') return fail(400, 'invalid credentials', { invalidCredentials: true })
  const found = Object.entries(m.seed.roles ?? {}).find(([, role]) => (role as AppRoleSeed).roleId === roleId.trim())
  if (!found) return fail(400, 'invalid role or secret ID')
  const [name, role] = found as [string, AppRoleSeed]
  const secretId = field(r.body, 'secret_id')
  if (typeof secretId !== 'string') return { fail: secretId }
  if (secretId.trim() === '') return fail(400, 'missing secret_id', { role: name })
  if (!role.secretIds.includes(secretId.trim())) return fail(400, 'invalid role or secret ID', { invalidCredentials: true, role: name })
  return { ok: { name, role: name, alias: role.roleId, displayName: '', meta: { role_name: name }, fields: role } }
}

/** userpass path_login.go pathLogin (users are stored lower-cased). */
function userpass(m: AuthMount, r: LoginRequest, raw: string): BackendResult {
  const username = raw.toLowerCase()
  const password = field(r.body, 'password')
  if (typeof password !== 'string') return { fail: password }
  if (password === '') return fail(400, 'invalid credentials', { invalidCredentials: true, user: username })
  const entry = Object.entries(m.seed.users ?? {}).find(([n]) => n.toLowerCase() === username)
  // Only existing users' failures count towards the lockout.
  if (!entry) return fail(400, 'invalid username or password', { user: username })
  const user = entry[1] as UserSeed
  if (user.password !== password) return fail(400, 'invalid username or password', { invalidCredentials: true, user: username })
  return { ok: { name: username, user: username, alias: username, displayName: username, meta: { username }, fields: user } }
}

/** ldap path_login.go pathLogin and backend.go Login: the directory is the seed's users; names case-insensitive. */
function ldap(m: AuthMount, r: LoginRequest, username: string): BackendResult {
  const password = field(r.body, 'password')
  if (typeof password !== 'string') return { fail: password }
  if (password === '') return fail(400, 'password cannot be of zero length when passwordless binds are being denied', { user: username }) // deny_null_bind (default on)
  const entry = Object.entries(m.seed.users ?? {}).find(([n]) => n.toLowerCase() === username.toLowerCase())
  if (!entry || entry[1].password !== password) return fail(400, 'ldap operation failed: failed to bind as user', { invalidCredentials: true, user: username })
  return { ok: { name: username, user: username, alias: username, displayName: username, meta: { username }, fields: entry[1] } }
}

/** cert path_login.go verifyCredentials / validateConnState / pathLogin. */
function cert(m: AuthMount, r: LoginRequest, nowMs: number): BackendResult {
  if (!r.tls) return fail(400, 'tls connection required')
  if (!r.tls.chain.length) return fail(400, 'client certificate must be supplied')
  const name = field(r.body, 'name')
  if (typeof name !== 'string') return { fail: name }
  const [leaf, ...rest] = r.tls.chain.map(certInfo)
  const entries = m.certs.filter((c) => !name || c.name === name)
  const cas = entries.filter((c) => c.parsed[0].isCA)
  const nonCas = entries.filter((c) => !c.parsed[0].isCA)
  const verified = verifyClientChain(
    leaf,
    rest,
    cas.flatMap((c) => c.parsed),
    nowMs,
  )
  if (verified.kind === 'error') return fail(500, `failed to verify client's certificate: ${verified.message}`, name ? { role: name } : {})
  let matched = nonCas.find((c) => c.parsed[0].serial === leaf.serial && c.parsed[0].authorityKeyId.equals(leaf.authorityKeyId))
  if (!matched) {
    if (verified.kind === 'unknownAuthority') return fail(400, 'invalid certificate or no client certificate supplied', name ? { role: name } : {})
    matched = cas.find((c) => c.parsed.some((t) => verified.chains.some((chain) => chain.some((x) => x.x509.raw.equals(t.x509.raw)))))
    if (!matched) return fail(400, 'no chain matching all constraints could be found for this login certificate', name ? { role: name } : {})
  }
  return {
    ok: {
      name: matched.name,
      role: matched.name,
      alias: leaf.commonName,
      displayName: matched.name,
      meta: {
        authority_key_id: hexColons(leaf.authorityKeyId),
        cert_name: matched.name,
        common_name: leaf.commonName,
        serial_number: leaf.serial,
        subject_key_id: hexColons(leaf.subjectKeyId),
      },
      fields: matched.entry,
    },
  }
}
