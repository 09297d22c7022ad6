// KV secrets engine v1/v2: the request path ESO builds from a store's `path`/`version` and a
// remoteRef key, and the meaning of Vault's answer (secret, not found, or an error). Mirrors
// ESO's providers/v1/vault/client_get.go (buildPath, readSecret) and the Go Vault client's
// handling of 404 bodies. Knows nothing of ExternalSecrets. Failures other than "not found" are
// RenderErrors built here (VAULT_DENIED, VAULT_SEALED, VAULT_ERROR, VAULT_UNREACHABLE) whose messages
// are safe to show: method, path, status and Vault's own error text, never a token or a read's body.

import { RenderError } from '../errors.ts'
import { JsonNumber, parseJson, JsonSyntaxError, type JsonObject, type JsonValue } from '../go/json.ts'
import { errorSummary, escapeControls, failureCode, vaultRequest, VaultRequestError, type ClientOptions, type VaultConnection, type VaultResponse } from './client.ts'
import type { KvStore, KvVersion } from './kv-path.ts'

export type KvReadResult = { found: true; data: JsonObject } | { found: false; reason: 'missing' | 'deleted' | 'destroyed' }

function get(obj: JsonValue | undefined, key: string): JsonValue | undefined {
  return obj instanceof Map ? obj.get(key) : undefined
}

/** What a JSON value is, for a message: its kind, never its content. */
function kindOf(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (value instanceof Map) return 'an object'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof JsonNumber) return 'a number'
  return typeof value === 'boolean' ? 'a boolean' : 'a string'
}

/**
 * Reads the envelope of a 200 as ESO's readSecret does. An envelope of the wrong shape fails with
 * ESO's words, the request it answered (`where`), what a KV answer of that version holds and which
 * part is of the wrong kind, never the body.
 */
function interpret(version: KvVersion, envelope: JsonValue, where: string): KvReadResult {
  const wrong = (eso: string, expected: string, found: string) =>
    new RenderError('VAULT_ERROR', `cannot read secret data from Vault: ${where}: ${eso}: ${expected}; this answer has ${found} (check the store's path and version)`)
  let data = get(envelope, 'data')
  if (version === 'v2') {
    const expected = 'a KV v2 answer has data.data as an object (null for a deleted version)'
    if (!(data instanceof Map)) throw wrong('failed to find data field', expected, `data as ${kindOf(data)}`)
    if (!data.has('data')) throw wrong('failed to find data field', expected, 'data without data.data')
    const meta = get(data, 'metadata')
    data = data.get('data')
    if (data === null) return { found: false, reason: get(meta, 'destroyed') === true ? 'destroyed' : 'deleted' }
    if (!(data instanceof Map)) throw wrong('failed to unmarshall JSON', expected, `data.data as ${kindOf(data)}`)
    return { found: true, data }
  }
  if (data === null || data === undefined) return { found: false, reason: 'missing' }
  if (!(data instanceof Map)) throw wrong('failed to unmarshall JSON', 'a KV v1 answer has data as an object', `data as ${kindOf(data)}`)
  return { found: true, data }
}

/**
 * Vault answers every KV read with JSON: a response envelope (`request_id`, `data`...), or
 * `{"errors": [...]}`, or (a 404 only) an empty body, always as application/json (vault-api.md §1).
 * Anything else comes from something in front of Vault or in its place (a proxy page, a web
 * server, a wrong port): reading it as "not found" would turn a wrong address into a deleted Secret.
 */
function vaultAnswer(res: VaultResponse): JsonValue | undefined | 'not-vault' {
  if (!/^application\/json\b/i.test(res.contentType.trim())) return 'not-vault'
  if (!res.body.trim()) return res.status === 404 ? undefined : 'not-vault'
  let parsed: JsonValue
  try {
    parsed = parseJson(res.body)
  } catch (err) {
    if (err instanceof JsonSyntaxError) return 'not-vault'
    throw err
  }
  if (!(parsed instanceof Map)) return 'not-vault'
  const envelope = parsed.has('data') || parsed.has('request_id')
  const errors = Array.isArray(parsed.get('errors'))
  if (res.status === 200 ? !envelope : !envelope && !errors) return 'not-vault'
  return parsed
}

function notVault(conn: VaultConnection, where: string, res: VaultResponse): RenderError {
  const type = res.contentType.trim() ? `content type ${res.contentType.trim().split(';')[0]}` : 'no content type'
  return new RenderError(
    'VAULT_ERROR',
    `the server at ${conn.address.replace(/\/+$/, '')} does not answer like Vault: ${where} got ${res.status} with ${type}, not Vault's JSON (check the store's server or VAULT_ADDR: a proxy, a web server or a wrong port answers like this); nothing is read as missing`,
  )
}

/** The request, with failures before any answer as ESO's errReadSecret (`cannot read secret data from Vault: …`). */
async function send(
  conn: VaultConnection,
  path: string,
  token: string | undefined,
  where: string,
  query: Record<string, string> | undefined,
  client: ClientOptions | undefined,
): Promise<VaultResponse> {
  try {
    return await vaultRequest(conn, 'GET', path, token, { query, client })
  } catch (err) {
    if (err instanceof VaultRequestError) throw new RenderError(failureCode(err, 'SCHEMA_INVALID', 'VAULT_UNREACHABLE'), `cannot read secret data from Vault: ${where}: ${err.message}`)
    throw err
  }
}

/**
 * A 200 or 404 as the Go client reads it: the envelope of a 200; for a 404, the body as a secret
 * only when it has data or warnings (`null` otherwise: not found). Anything not Vault's JSON fails.
 */
function answerOf(conn: VaultConnection, where: string, res: VaultResponse): JsonValue | null {
  const answer = vaultAnswer(res)
  if (answer === 'not-vault') throw notVault(conn, where, res)
  if (res.status === 200) return answer ?? null
  const data = get(answer, 'data')
  const warnings = get(answer, 'warnings')
  const hasData = data instanceof Map && data.size > 0
  const hasWarnings = Array.isArray(warnings) && warnings.length > 0
  return answer && (hasData || hasWarnings) ? answer : null
}

/** Any other status: Vault's own error text, as ESO's errReadSecret wraps the client's error. */
function httpFailure(res: VaultResponse, where: string): RenderError {
  const summary = errorSummary(res.body)
  if (res.status === 403) return new RenderError('VAULT_DENIED', `cannot read secret data from Vault: ${where}: Code: 403. Errors: ${summary}`)
  if (res.status === 503 && summary.includes('Vault is sealed')) return new RenderError('VAULT_SEALED', `cannot read secret data from Vault: ${where}: Code: 503. Errors: Vault is sealed`)
  return new RenderError('VAULT_ERROR', `cannot read secret data from Vault: ${where}: Code: ${res.status}. Errors: ${summary}`)
}

/** Reads one KV secret. Not-found outcomes are results; everything else throws a RenderError. */
export async function readKv(conn: VaultConnection, token: string | undefined, store: KvStore, path: string, version: string | undefined, client?: ClientOptions): Promise<KvReadResult> {
  const query = version ? { version } : undefined
  const where = `GET /v1/${escapeControls(path)}${version ? `?version=${version}` : ''}`
  const res = await send(conn, path, token, where, query, client)
  if (res.status !== 200 && res.status !== 404) throw httpFailure(res, where)
  const answer = answerOf(conn, where, res)
  if (res.status === 200) return interpret(store.version, answer, where)
  if (answer === null) return { found: false, reason: 'missing' }
  const warnings = get(answer, 'warnings')
  const invalidPath = Array.isArray(warnings) && warnings.some((w) => typeof w === 'string' && w.includes('Invalid path for a versioned K/V'))
  try {
    return interpret(store.version, answer, where)
  } catch (err) {
    if (err instanceof RenderError && invalidPath) {
      throw new RenderError(
        err.code,
        `cannot read secret data from Vault: ${where}: failed to find data field: Vault says the path is not valid for a KV v2 mount; check the store's path and version, and the key`,
      )
    }
    throw err
  }
}

export type KvListResult = { found: true; keys: string[] } | { found: false }

/**
 * A LIST as ESO's listSecrets sends it (the Go client's ListWithContext: GET with `list=true`): the
 * answer's `data.keys`, folders ending in `/`. A 404 without a body is not found; an answer without
 * `keys` lists nothing. Keys of another kind would make ESO panic: here a VAULT_ERROR.
 */
export async function listKv(conn: VaultConnection, token: string | undefined, path: string, client?: ClientOptions): Promise<KvListResult> {
  const where = `GET /v1/${escapeControls(path)}?list=true`
  const res = await send(conn, path, token, where, { list: 'true' }, client)
  if (res.status !== 200 && res.status !== 404) throw httpFailure(res, where)
  const answer = answerOf(conn, where, res)
  if (res.status === 404 && answer === null) return { found: false }
  const data = get(answer ?? undefined, 'data')
  const keys = get(data, 'keys')
  if (keys === undefined || !(data instanceof Map) || !data.has('keys')) return { found: true, keys: [] }
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))
    throw new RenderError(
      'VAULT_ERROR',
      `cannot read secret data from Vault: ${where}: a LIST answer has data.keys as a list of strings; this answer has ${Array.isArray(keys) ? 'a list with other values' : kindOf(keys)}`,
    )
  return { found: true, keys: keys as string[] }
}

export type KvMetadataResult = { found: true; metadata: Map<string, string> } | { found: false }

/** What ESO's readSecretMetadata takes from the KV v2 metadata endpoint, besides custom_metadata. */
const SYSTEM_METADATA_KEYS = ['created_time', 'current_version', 'delete_version_after']

/**
 * ESO's readSecretMetadata on KV v2 (client_get.go): `created_time`, `current_version` and
 * `delete_version_after` as Go's `%v` prints them, then every `custom_metadata` entry (custom wins
 * on a name clash). A 404 without a body is not found (ESO then fails with "secret not found").
 */
export async function readKvMetadata(conn: VaultConnection, token: string | undefined, path: string, client?: ClientOptions): Promise<KvMetadataResult> {
  const where = `GET /v1/${escapeControls(path)}`
  const res = await send(conn, path, token, where, undefined, client)
  if (res.status !== 200 && res.status !== 404) throw httpFailure(res, where)
  const answer = answerOf(conn, where, res)
  if (res.status === 404 && answer === null) return { found: false }
  const data = get(answer ?? undefined, 'data')
  const metadata = new Map<string, string>()
  if (!(data instanceof Map)) return { found: true, metadata }
  for (const key of SYSTEM_METADATA_KEYS) {
    const v = data.get(key)
    if (v !== undefined && v !== null) metadata.set(key, goFormatV(v))
  }
  const custom = data.get('custom_metadata')
  if (custom instanceof Map) for (const [k, v] of custom) metadata.set(k, typeof v === 'string' ? v : goFormatV(v))
  return { found: true, metadata }
}

/** Go's `fmt.Sprintf("%v", v)` for a value the Vault client decoded (numbers as json.Number). */
export function goFormatV(v: JsonValue): string {
  if (v === null) return '<nil>'
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v instanceof JsonNumber) return v.literal
  if (Array.isArray(v)) return `[${v.map(goFormatV).join(' ')}]`
  // fmt prints a map's keys sorted.
  return `map[${[...v.keys()]
    .sort()
    .map((k) => `${k}:${goFormatV(v.get(k)!)}`)
    .join(' ')}]`
}
