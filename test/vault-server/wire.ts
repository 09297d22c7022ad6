// What goes on the wire: Vault's response envelope (vault-api.md §1.2) in struct key order, the error
// bodies of §1.3, go-multierror text, and the handler Result that the server turns into bytes.

import { randomUUID } from 'node:crypto'
import { compareKeys, quote } from './json.ts'

/** What a route handler answers; server.ts turns it into status, headers and body. */
export type Result =
  /** A success envelope (200 unless `status`). `data` is encoded JSON text (`null` allowed). */
  | { kind: 'data'; data: string; status?: number; leaseDuration?: number; renewable?: boolean; leaseId?: string; mountType?: string; warnings?: string[]; auth?: string }
  /** The backend returned nothing: 204, empty body (200 envelope with data null when there are warnings). */
  | { kind: 'none' }
  /** `{"errors":[…]}` + newline. */
  | { kind: 'error'; status: number; errors: string[] }
  /**
   * A Vault "raw" response (logical.RespondWithStatusCode): the envelope json.Marshal'ed by the plugin,
   * so by default no trailing newline and `mount_type` "" (vault-api.md §3.3; configurable).
   */
  | { kind: 'rawEnvelope'; status: number; data: string; warnings?: string[] }
  /** Exact bytes. */
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }

/** go-multierror's text: "1 error occurred:\n\t* a\n\n", "2 errors occurred:\n\t* a\n\t* b\n\n". */
export function multiError(...messages: string[]): string {
  return `${messages.length} error${messages.length === 1 ? '' : 's'} occurred:\n${messages.map((m) => `\t* ${m}`).join('\n')}\n\n`
}

export function errorsBody(errors: string[]): string {
  return `{"errors":[${errors.map(quote).join(',')}]}\n`
}

export const err = (status: number, ...errors: string[]): Result => ({ kind: 'error', status, errors })
export const none = (): Result => ({ kind: 'none' })
export const data = (json: string, extra: Omit<Extract<Result, { kind: 'data' }>, 'kind' | 'data'> = {}): Result => ({ kind: 'data', data: json, ...extra })

/** The three 403 bodies of vault-api.md §2. */
export const NO_TOKEN = (): Result => err(403, 'permission denied')
export const POLICY_DENIED = (): Result => err(403, multiError('permission denied'))
export const INVALID_TOKEN = (legacy: boolean): Result => err(403, legacy ? 'permission denied' : multiError('permission denied', 'invalid token'))

export interface EnvelopeFields {
  requestId?: string
  leaseId?: string
  renewable?: boolean
  leaseDuration?: number
  data: string
  warnings?: string[]
  auth?: string
  mountType: string
}

/** The envelope in Vault's struct order (no trailing newline; callers add it). */
export function envelope(f: EnvelopeFields): string {
  const warnings = f.warnings && f.warnings.length ? `[${f.warnings.map(quote).join(',')}]` : 'null'
  return (
    `{"request_id":${quote(f.requestId ?? randomUUID())},"lease_id":${quote(f.leaseId ?? '')},"renewable":${f.renewable ?? false},` +
    `"lease_duration":${f.leaseDuration ?? 0},"data":${f.data},"wrap_info":null,"warnings":${warnings},"auth":${f.auth ?? 'null'},"mount_type":${quote(f.mountType)}}`
  )
}

/** The `auth` block of a login or renew answer (vault-api.md §1.2 order; `identity_policies` omitted, as it is when empty). */
export interface AuthBlock {
  clientToken: string
  accessor: string
  /** null: `null` on the wire (an MFA answer). */
  policies: string[] | null
  tokenPolicies: string[] | null
  metadata: Record<string, string> | null
  leaseDuration: number
  renewable: boolean
  entityId: string
  tokenType: string
  orphan: boolean
  /** Encoded JSON of the MFA requirement, or null. */
  mfaRequirement: string | null
  numUses: number
}

const strings = (l: string[] | null) => (l === null ? 'null' : `[${l.map(quote).join(',')}]`)

export function authBlock(a: AuthBlock): string {
  const meta =
    a.metadata === null
      ? 'null'
      : `{${Object.keys(a.metadata)
          .sort(compareKeys)
          .map((k) => `${quote(k)}:${quote((a.metadata as Record<string, string>)[k])}`)
          .join(',')}}`
  return (
    `{"client_token":${quote(a.clientToken)},"accessor":${quote(a.accessor)},"policies":${strings(a.policies)},"token_policies":${strings(a.tokenPolicies)},` +
    `"metadata":${meta},"lease_duration":${a.leaseDuration},"renewable":${a.renewable},"entity_id":${quote(a.entityId)},"token_type":${quote(a.tokenType)},` +
    `"orphan":${a.orphan},"mfa_requirement":${a.mfaRequirement ?? 'null'},"num_uses":${a.numUses}}`
  )
}

/** Go's time.RFC3339Nano in UTC with trailing zeros trimmed (from a JS Date: millisecond precision). */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString() // 2026-01-01T00:00:00.120Z
  return iso.replace(/\.(\d+)Z$/, (_m, frac: string) => {
    const t = frac.replace(/0+$/, '')
    return t ? `.${t}Z` : 'Z'
  })
}

/** A Go duration string for whole seconds: 0s, 45s, 30m0s, 1h0m0s, 26h3m4s. */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s'
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (h) return `${h}h${m}m${s}s`
  if (m) return `${m}m${s}s`
  return `${s}s`
}

/** Parses Vault's duration input (`90`, `"90"`, `"1h30m"`, `"45s"`, `"2d"` is not Go: refused). Undefined if unparsable. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v
  if (typeof v !== 'string') return undefined
  if (/^\d+$/.test(v)) return Number(v)
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms)/gy
  let total = 0
  let pos = 0
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : m[2] === 's' ? 1 : 0.001)
    pos = re.lastIndex
  }
  return pos === v.length && v.length > 0 ? Math.floor(total) : undefined
}

/** strconv.ParseBool. */
export function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return undefined
}
