// The token's own endpoints (vault-api.md §5): auth/token/lookup-self, renew-self, revoke-self, and
// the TTL arithmetic logins and renewals share (Vault's sdk/framework CalculateTTL). Answers only:
// the ACL check and the token's use count happen in server.ts before these run.

import { Num, quote, type JsonMap } from './json.ts'
import type { Token } from './policy.ts'
import { authBlock, data, err, multiError, none, goDuration, parseDuration, rfc3339, type Result } from './wire.ts'

/** The system default and maximum lease TTL (768h): what a mount uses unless tuned. */
export const SYSTEM_TTL_SECONDS = 2764800

export const SELF_PATHS = new Set(['auth/token/lookup-self', 'auth/token/renew-self', 'auth/token/revoke-self'])

/**
 * framework.CalculateTTL without periods: the increment, else the backend's TTL, else the mount
 * default; capped at `start + min(mount max, backend max)` with Vault's warning.
 */
export function calculateTtl(increment: number, backendTtl: number, backendMaxTtl: number, startMs: number, nowMs: number): { ttl: number; warnings: string[] } | { error: string } {
  const now = Math.floor(nowMs / 1000)
  const start = Math.floor(startMs / 1000)
  const maxTtl = backendMaxTtl > 0 && backendMaxTtl < SYSTEM_TTL_SECONDS ? backendMaxTtl : SYSTEM_TTL_SECONDS
  let ttl = increment > 0 ? increment : backendTtl > 0 ? backendTtl : SYSTEM_TTL_SECONDS
  const maxValid = start + maxTtl - now
  if (maxValid <= 0) return { error: 'past the max TTL, cannot renew' }
  const warnings: string[] = []
  if (maxValid - ttl < 0) {
    warnings.push(`TTL of ${quote(goDuration(ttl))} exceeded the effective max_ttl of ${quote(goDuration(maxValid))}; TTL value is capped accordingly`)
    ttl = maxValid
  }
  return { ttl, warnings }
}

const remaining = (t: Token, nowMs: number) => (t.expiresMs === null ? 0 : Math.max(0, Math.ceil((t.expiresMs - nowMs) / 1000)))

export function lookupSelf(t: Token, nowMs: number): Result {
  const l = t.login
  const meta = l
    ? `{${Object.keys(l.meta)
        .sort()
        .map((k) => `${quote(k)}:${quote(l.meta[k])}`)
        .join(',')}}`
    : 'null'
  const fields: Record<string, string> = {
    accessor: quote(t.accessor),
    creation_time: String(Math.floor(t.createdMs / 1000)),
    creation_ttl: String(t.ttl),
    display_name: quote(l ? l.displayName : t.rules === 'root' ? 'root' : 'token'),
    entity_id: quote(l?.entityId ?? ''),
    expire_time: t.expiresMs === null ? 'null' : quote(rfc3339(t.expiresMs)),
    explicit_max_ttl: '0',
    id: quote(t.id),
    issue_time: quote(rfc3339(t.createdMs)),
    meta,
    num_uses: String(t.numUses ? t.usesLeft : 0),
    orphan: 'true',
    path: quote(l ? l.path : t.rules === 'root' ? 'auth/token/root' : 'auth/token/create'),
    policies: `[${t.policies.map(quote).join(',')}]`,
    renewable: String(l ? true : t.ttl > 0),
    ttl: String(remaining(t, nowMs)),
    type: '"service"',
  }
  if (t.lastRenewalMs !== undefined) {
    fields.last_renewal = quote(rfc3339(t.lastRenewalMs))
    fields.last_renewal_time = String(Math.floor(t.lastRenewalMs / 1000))
  }
  if (t.namespace) fields.namespace_path = quote(t.namespace + '/')
  const keys = Object.keys(fields).sort()
  return data(`{${keys.map((k) => `${quote(k)}:${fields[k]}`).join(',')}}`, { mountType: 'token' })
}

/** renew-self: expiration.RenewToken (the lease checks of leaseEntry.renewable, then CalculateTTL from the issue time). */
export function renewSelf(t: Token, body: JsonMap | null, nowMs: number): Result {
  // Root and other non-expiring tokens have no lease (vault/expiration.go leaseEntry.renewable).
  if (t.expiresMs === null) return err(400, 'lease not found or lease is not renewable')
  const raw = body?.get('increment')
  let increment = 0
  if (raw !== undefined && raw !== null) {
    const text = typeof raw === 'string' ? raw : raw instanceof Num ? raw.literal : String(raw)
    const n = parseDuration(/^\d+$/.test(text) ? Number(text) : text)
    if (n === undefined) return err(400, `Field validation failed: error converting input ${text} for field "increment": time: invalid duration ${quote(text)}`)
    increment = n
  }
  const l = t.login
  const calc = calculateTtl(increment, l ? l.roleTtl : t.ttl, l ? l.roleMaxTtl : 0, t.createdMs, nowMs)
  if ('error' in calc) return err(500, multiError(calc.error))
  t.expiresMs = nowMs + calc.ttl * 1000
  t.lastRenewalMs = nowMs
  const auth = authBlock({
    clientToken: t.id,
    accessor: t.accessor,
    policies: t.policies,
    tokenPolicies: t.policies,
    metadata: l ? l.meta : null,
    leaseDuration: calc.ttl,
    renewable: true,
    entityId: l?.entityId ?? '',
    tokenType: 'service',
    orphan: true,
    mfaRequirement: null,
    numUses: t.numUses,
  })
  return data('null', { auth, warnings: calc.warnings, mountType: 'token' })
}

/** revoke-self: the token (and, in Vault, its children) is gone; 204. */
export function revokeSelf(t: Token): Result {
  t.revoked = true
  return none()
}
