// Tokens and ACLs: which token a request carries, whether it is valid (TTL, num_uses, revoked), and
// whether its rules allow a capability on a path (vault-api.md §2, checklist items 11–14).

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
}

export type TokenCheck = { state: 'none' } | { state: 'invalid' } | { state: 'ok'; token: Token }

export class TokenStore {
  readonly tokens = new Map<string, Token>()
  private n = 0

  add(spec: { id: string; name?: string; rules?: Rule[]; ttl?: number; numUses?: number; namespace?: string }, nowMs: number): Token {
    this.n++
    const t: Token = {
      id: spec.id,
      name: spec.name ?? (spec.id === 'root' ? 'root' : `token-${this.n}`),
      accessor: `accessor-${String(this.n).padStart(4, '0')}`,
      rules: spec.rules ?? 'root',
      namespace: (spec.namespace ?? '').replace(/^\/+|\/+$/g, ''),
      createdMs: nowMs,
      ttl: spec.ttl ?? 0,
      numUses: spec.numUses ?? 0,
      usesLeft: spec.numUses ?? 0,
      revoked: false,
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
    if (t.ttl > 0 && nowMs >= t.createdMs + t.ttl * 1000) return { state: 'invalid' }
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
