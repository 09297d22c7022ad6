// KV secrets engine v1/v2: the request path ESO builds from a store's `path`/`version` and a
// remoteRef key, and the meaning of Vault's answer (secret, not found, or an error). Mirrors
// ESO's providers/v1/vault/client_get.go (buildPath, readSecret) and the Go Vault client's
// handling of 404 bodies. Knows nothing of ExternalSecrets. Failures other than "not found" are
// RenderErrors built here (VAULT_DENIED, VAULT_SEALED, VAULT_ERROR, VAULT_UNREACHABLE) whose messages
// are safe to show: method, path, status and Vault's own error text, never a token or a read's body.

import { RenderError } from '../errors.ts'
import { parseJson, JsonSyntaxError, type JsonObject, type JsonValue } from '../go/json.ts'
import { errorSummary, escapeControls, failureCode, vaultRequest, VaultRequestError, type ClientOptions, type VaultConnection, type VaultResponse } from './client.ts'
import type { KvStore, KvVersion } from './kv-path.ts'

export type KvReadResult = { found: true; data: JsonObject } | { found: false; reason: 'missing' | 'deleted' | 'destroyed' }

function get(obj: JsonValue | undefined, key: string): JsonValue | undefined {
  return obj instanceof Map ? obj.get(key) : undefined
}

function interpret(version: KvVersion, envelope: JsonValue): KvReadResult {
  let data = get(envelope, 'data')
  if (version === 'v2') {
    if (!(data instanceof Map) || !data.has('data')) throw new RenderError('VAULT_ERROR', 'failed to find data field')
    const meta = get(data, 'metadata')
    data = data.get('data')
    if (data === null) return { found: false, reason: get(meta, 'destroyed') === true ? 'destroyed' : 'deleted' }
  }
  if (data === null || data === undefined) return { found: false, reason: 'missing' }
  if (!(data instanceof Map)) throw new RenderError('VAULT_ERROR', 'failed to unmarshall JSON')
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

/** Reads one KV secret. Not-found outcomes are results; everything else throws a RenderError. */
export async function readKv(conn: VaultConnection, token: string | undefined, store: KvStore, path: string, version: string | undefined, client?: ClientOptions): Promise<KvReadResult> {
  const query = version ? { version } : undefined
  const where = `GET /v1/${escapeControls(path)}${version ? `?version=${version}` : ''}`
  let res: VaultResponse
  try {
    res = await vaultRequest(conn, 'GET', path, token, { query, client })
  } catch (err) {
    if (err instanceof VaultRequestError) throw new RenderError(failureCode(err, 'SCHEMA_INVALID', 'VAULT_UNREACHABLE'), `cannot read secret data from Vault: ${where}: ${err.message}`)
    throw err
  }
  if (res.status === 200 || res.status === 404) {
    const answer = vaultAnswer(res)
    if (answer === 'not-vault') throw notVault(conn, where, res)
    if (res.status === 200) return interpret(store.version, answer ?? null)
    // The Go client returns a 404 body as a secret only when it has data or warnings.
    const data = get(answer, 'data')
    const warnings = get(answer, 'warnings')
    const hasData = data instanceof Map && data.size > 0
    const hasWarnings = Array.isArray(warnings) && warnings.length > 0
    if (answer && (hasData || hasWarnings)) {
      try {
        return interpret(store.version, answer)
      } catch (err) {
        const invalidPath = Array.isArray(warnings) && warnings.some((w) => typeof w === 'string' && w.includes('Invalid path for a versioned K/V'))
        if (err instanceof RenderError && invalidPath) {
          throw new RenderError(err.code, `${err.message} (${where}: Vault says the path is not valid for a KV v2 mount; check the store's path and version, and the key)`)
        }
        throw err
      }
    }
    return { found: false, reason: 'missing' }
  }
  const summary = errorSummary(res.body)
  if (res.status === 403) throw new RenderError('VAULT_DENIED', `cannot read secret data from Vault: ${where}: Code: 403. Errors: ${summary}`)
  if (res.status === 503 && summary.includes('Vault is sealed')) throw new RenderError('VAULT_SEALED', `cannot read secret data from Vault: ${where}: Code: 503. Errors: Vault is sealed`)
  throw new RenderError('VAULT_ERROR', `cannot read secret data from Vault: ${where}: Code: ${res.status}. Errors: ${summary}`)
}
