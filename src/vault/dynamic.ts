// One request for a dynamic secret (database credentials, a token, any endpoint), answered as
// the Go Vault client (hashicorp/vault/api v1.22, logical.go and secret.go) answers ESO's
// VaultDynamicSecret generator: Logical().ReadWithData for GET (query parameters), List for LIST
// (GET ?list=true), Write for anything else (PUT with a JSON body), and ParseSecret's reading of
// the body. Knows nothing of ExternalSecrets. Messages carry the method, path, status and Vault's
// error text, never a token, a parameter or a body.

import { RenderError } from '../errors.ts'
import { JsonSyntaxError, parseJson, type JsonObject, type JsonValue } from '../go/json.ts'
import { errorSummary, escapeControls, failureCode, vaultRequest, VaultRequestError, type ClientOptions, type VaultConnection } from './client.ts'

export type DynamicMethod = 'GET' | 'LIST' | 'PUT'

/** A dynamic secret as the Go client returns it: the envelope's fields (numbers keep their literal text). */
export type DynamicSecret = JsonObject

export interface DynamicRequest {
  method: DynamicMethod
  /** After /v1/. */
  path: string
  /** GET only: each key with its values (Go's url.Values). */
  query?: Record<string, string[]>
  /** PUT only: the JSON body (the generator's parameters). */
  body?: string
}

/** The fields of the Go client's Secret struct; anything else in an answer is dropped, as Go's decoder drops it. */
const SECRET_FIELDS = ['request_id', 'lease_id', 'lease_duration', 'renewable', 'data', 'warnings', 'auth', 'wrap_info', 'mount_type'] as const

/** `GET /v1/database/creds/app`, as messages name a request. */
export function describeDynamicRequest(req: DynamicRequest): string {
  const method = req.method === 'LIST' ? 'GET' : req.method
  const list = req.method === 'LIST' ? '?list=true' : ''
  return `${method} /v1/${escapeControls(req.path)}${list}`
}

function isZero(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === '') return true
  if (typeof v === 'object' && 'literal' in v) return Number(v.literal) === 0
  return false
}

/**
 * ParseSecret: an empty body is no secret; an envelope is the secret (its known fields only); a
 * JSON object with none of the envelope's fields set is taken whole as `data`, unless it holds
 * only `errors` (no secret) or `errors` beside other keys (an error).
 */
function parseSecret(body: string, where: string, address: string): JsonObject | undefined {
  if (!body.length) return undefined
  let parsed: JsonValue
  try {
    parsed = parseJson(body)
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw notVault(address, where, 'is not JSON')
    throw err
  }
  if (!(parsed instanceof Map)) throw notVault(address, where, 'is JSON but not an object')
  const secret: JsonObject = new Map()
  for (const f of SECRET_FIELDS) if (parsed.has(f)) secret.set(f, parsed.get(f)!)
  if (SECRET_FIELDS.every((f) => isZero(secret.get(f)))) {
    const errors = parsed.get('errors')
    if (parsed.size === 1 && errors !== undefined) return undefined
    if (errors !== undefined) {
      const texts = Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : []
      throw new RenderError('VAULT_ERROR', `unable to get dynamic secret: ${where}: ${escapeControls(texts.join(' ')) || 'errors without text'}`)
    }
    if (parsed.size > 0) return new Map([['data', parsed]])
    return new Map()
  }
  for (const [field, kind] of [
    ['data', 'an object'],
    ['auth', 'an object'],
    ['warnings', 'a list'],
  ] as const) {
    const v = secret.get(field)
    if (v === undefined || v === null) continue
    if (kind === 'a list' ? !Array.isArray(v) : !(v instanceof Map)) throw notVault(address, where, `has ${field} that is not ${kind}`)
  }
  return secret
}

function notVault(address: string, where: string, what: string): RenderError {
  return new RenderError('VAULT_ERROR', `the server at ${address.replace(/\/+$/, '')} does not answer like Vault: the answer to ${where} ${what} (check the generator's server or VAULT_ADDR)`)
}

function has(secret: JsonObject, key: 'data' | 'warnings'): boolean {
  const v = secret.get(key)
  return (v instanceof Map && v.size > 0) || (Array.isArray(v) && v.length > 0)
}

/**
 * Sends the request; resolves with the secret Vault's Go client would return, or undefined where
 * it returns none (an empty answer, a 404 to a read without data or warnings). Throws RenderErrors
 * (VAULT_DENIED, VAULT_SEALED, VAULT_ERROR, VAULT_UNREACHABLE, DEADLINE_EXCEEDED).
 */
export async function requestDynamic(conn: VaultConnection, token: string | undefined, req: DynamicRequest, client?: ClientOptions): Promise<JsonObject | undefined> {
  const where = describeDynamicRequest(req)
  const query: Record<string, string | string[]> = req.method === 'LIST' ? { list: 'true' } : { ...(req.query ?? {}) }
  let res: Awaited<ReturnType<typeof vaultRequest>>
  try {
    res = await vaultRequest(conn, req.method === 'LIST' ? 'GET' : req.method, req.path, token, { query, body: req.method === 'PUT' ? (req.body ?? '{}') : undefined, client })
  } catch (err) {
    if (err instanceof VaultRequestError) throw new RenderError(failureCode(err, 'SCHEMA_INVALID', 'VAULT_UNREACHABLE'), `unable to get dynamic secret: ${where}: ${err.message}`)
    throw err
  }
  if (res.body.length && !/^application\/json\b/i.test(res.contentType.trim()) && res.status < 500) {
    const type = res.contentType.trim() ? `content type ${res.contentType.trim().split(';')[0]}` : 'no content type'
    throw notVault(conn.address, where, `came with status ${res.status} and ${type}, not Vault's JSON`)
  }
  if (res.status < 400) return parseSecret(res.body, where, conn.address)
  if (res.status === 404 && req.method !== 'PUT') {
    // A read or list answered 404 is no secret, unless the answer carries data or warnings.
    const secret = parseSecret(res.body, where, conn.address)
    return secret && (has(secret, 'data') || has(secret, 'warnings')) ? secret : undefined
  }
  const summary = errorSummary(res.body)
  if (res.status === 403) throw new RenderError('VAULT_DENIED', `unable to get dynamic secret: ${where}: Code: 403. Errors: ${summary}`)
  if (res.status === 503 && summary.includes('Vault is sealed')) throw new RenderError('VAULT_SEALED', `unable to get dynamic secret: ${where}: Code: 503. Errors: Vault is sealed`)
  throw new RenderError('VAULT_ERROR', `unable to get dynamic secret: ${where}: Code: ${res.status}. Errors: ${summary}`)
}
