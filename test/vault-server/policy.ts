// Tokens and ACLs: which token a request carries, whether it is valid (TTL, num_uses, revoked), and
// whether its rules allow a capability on a path (vault-api.md §2, checklist items 11–14). Tokens
// minted by a login (auth.ts) carry what lookup-self and renew-self report about them.

export type Capability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo' | 'deny'

/** A policy path rule: `secret/data/app` exact, `secret/data/*` prefix, `secret/+/app` one segment. */
export interface Rule {
  path: string
  capabilities: Capability[]
}

export interface Token {
  /** The value clients send; never logged. */
  id: string
  /** Identity for the request log. */
  name: string
  accessor: string
  /** 'root' = root policy (every capability); else the rules. */
  rules: 'root' | Rule[]
  namespace: string
  createdMs: number
  /** Seconds (0 = never expires). */
  ttl: number
  /** 0 = unlimited. */
  numUses: number
  usesLeft: number
  revoked: boolean
  /** Expiry instant in ms; null = never. A renewal moves it. */
  expiresMs: number | null
  /** Policy names as Vault reports them: `root`, or `default` and the rest, sorted. */
  policies: string[]
  /** Set on tokens a login minted. */
  login?: LoginInfo
  /** The last renew-self, if any. */
  lastRenewalMs?: number
}

/** What a login-minted token remembers about its login (lookup-self, renew-self, the runtime controls). */
export interface LoginInfo {
  /** Auth mount path, without `auth/`. */
  mount: string
  /** Auth method: kubernetes, jwt, approle, userpass, ldap, cert. */
  mountType: string
  role?: string
  user?: string
  /** The login request's path (lookup-self `path`), e.g. `auth/kubernetes/login`. */
  path: string
  meta: Record<string, string>
  displayName: string
  entityId: string
  /** The role's token_ttl and token_max_ttl in seconds (0 = unset): what a renewal starts from. */
  roleTtl: number
  roleMaxTtl: number
}

/** Vault's built-in `default` policy, the part of it this server serves (vault/policy_store.go). */
export const DEFAULT_POLICY_RULES: Rule[] = [
  { path: 'auth/token/lookup-self', capabilities: ['read'] },
  { path: 'auth/token/renew-self', capabilities: ['update'] },
  { path: 'auth/token/revoke-self', capabilities: ['update'] },
]

/** Rules of several policies as one set: the same path in two policies gets the union of their capabilities (deny still wins). */
export function mergeRules(sets: Rule[][]): Rule[] {
  const byPath = new Map<string, Rule>()
  for (const set of sets) {
    for (const r of set) {
      const had = byPath.get(r.path)
      if (had) had.capabilities = [...new Set([...had.capabilities, ...r.capabilities])]
      else byPath.set(r.path, { path: r.path, capabilities: [...r.capabilities] })
    }
  }
  return [...byPath.values()]
}

/** The rules plus the default policy's; a path both name gets the union (only those paths are merged). */
function withDefaultPolicy(rules: Rule[]): Rule[] {
  const out = rules.map((r) => ({ path: r.path, capabilities: [...r.capabilities] }))
  for (const d of DEFAULT_POLICY_RULES) {
    const same = out.find((r) => r.path === d.path)
    if (same) same.capabilities = [...new Set([...same.capabilities, ...d.capabilities])]
    else out.push({ path: d.path, capabilities: [...d.capabilities] })
  }
  return out
}

export interface TokenSpecFull {
  id: string
  name?: string
  rules?: Rule[]
  ttl?: number
  numUses?: number
  namespace?: string
  /** Minted tokens: a Vault-like accessor and their policy names; rules then are final (no default added). */
  accessor?: string
  policies?: string[]
  login?: LoginInfo
}

export type TokenCheck = { state: 'none' } | { state: 'invalid' } | { state: 'ok'; token: Token }

export class TokenStore {
  readonly tokens = new Map<string, Token>()
  private n = 0

  add(spec: TokenSpecFull, nowMs: number): Token {
    this.n++
    const ttl = spec.ttl ?? 0
    // A seed token with rules is a token created with those rules: Vault attaches `default` to it.
    const rules = spec.rules === undefined ? 'root' : spec.policies ? spec.rules : withDefaultPolicy(spec.rules)
    const t: Token = {
      id: spec.id,
      name: spec.name ?? (spec.id === 'root' ? 'root' : `token-${this.n}`),
      accessor: spec.accessor ?? `accessor-${String(this.n).padStart(4, '0')}`,
      rules,
      namespace: (spec.namespace ?? '').replace(/^\/+|\/+$/g, ''),
      createdMs: nowMs,
      ttl,
      numUses: spec.numUses ?? 0,
      usesLeft: spec.numUses ?? 0,
      revoked: false,
      expiresMs: ttl > 0 ? nowMs + ttl * 1000 : null,
      policies: spec.policies ?? (rules === 'root' ? ['root'] : ['default']),
      login: spec.login,
    }
    this.tokens.set(t.id, t)
    return t
  }

  revoke(id: string): void {
    const t = this.tokens.get(id)
    if (t) t.revoked = true
  }

  /** Looks a token value up without using it. */
  check(value: string, nowMs: number): TokenCheck {
    if (value === '') return { state: 'none' }
    const t = this.tokens.get(value)
    if (!t || t.revoked) return { state: 'invalid' }
    if (t.expiresMs !== null && nowMs >= t.expiresMs) return { state: 'invalid' }
    return { state: 'ok', token: t }
  }

  /** Counts one use (num_uses); the last use revokes the token after this request. */
  use(t: Token): void {
    if (t.numUses > 0 && --t.usesLeft <= 0) t.revoked = true
  }
}

/** The token may be used in `namespace` (its own or a child). */
export function namespaceAllows(t: Token, namespace: string): boolean {
  return t.namespace === '' || namespace === t.namespace || namespace.startsWith(t.namespace + '/')
}

function ruleMatches(rule: string, path: string): boolean {
  const glob = rule.endsWith('*')
  const pat = glob ? rule.slice(0, -1) : rule
  const rs = pat.split('/')
  const ps = path.split('/')
  if (!glob && rs.length !== ps.length) return false
  if (glob && ps.length < rs.length) return false
  for (let i = 0; i < rs.length; i++) {
    const last = i === rs.length - 1
    if (rs[i] === '+') continue
    if (last && glob ? !ps[i].startsWith(rs[i]) : rs[i] !== ps[i]) return false
  }
  return true
}

/**
 * Vault's rule precedence, simplified: an exact rule beats any glob; among globs the longest pattern
 * wins. `deny` in the winning rule denies everything.
 */
export function allowed(t: Token, path: string, cap: Capability): boolean {
  if (t.rules === 'root') return true
  const matching = t.rules.filter((r) => ruleMatches(r.path, path))
  if (!matching.length) return false
  const exact = matching.find((r) => !r.path.endsWith('*') && !r.path.includes('+'))
  const best = exact ?? matching.sort((a, b) => b.path.length - a.path.length)[0]
  return !best.capabilities.includes('deny') && best.capabilities.includes(cap)
}

/** Any non-deny capability on the mount or below it (for sys/internal/ui/mounts, §3.5). */
export function anyAccessUnder(t: Token, mountPath: string): boolean {
  if (t.rules === 'root') return true
  return t.rules.some((r) => !r.capabilities.includes('deny') && r.capabilities.length > 0 && (r.path.startsWith(mountPath + '/') || ruleMatches(r.path, mountPath + '/')))
}
