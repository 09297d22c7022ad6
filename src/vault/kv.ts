// KV secrets engine v1/v2: the request path ESO builds from a store's `path`/`version` and a
// remoteRef key, and the meaning of Vault's answer (secret, not found, or an error). Mirrors
// ESO's providers/v1/vault/client_get.go (buildPath, readSecret) and the Go Vault client's
// handling of 404 bodies. Knows nothing of ExternalSecrets.

import { parseJson, JsonSyntaxError, type JsonObject, type JsonValue } from '../go/json.ts'
import { vaultErrors, vaultRequest, type ClientOptions, type VaultConnection } from './client.ts'
import { KvError } from './kv-error.ts'
import type { KvStore, KvVersion } from './kv-path.ts'

export { KvError }

export type KvReadResult =
  | { found: true; data: JsonObject }
  | { found: false; reason: 'missing' | 'deleted' | 'destroyed' }

function get(obj: JsonValue | undefined, key: string): JsonValue | undefined {
  return obj instanceof Map ? obj.get(key) : undefined
}

/** Vault's error strings, flattened to one line ("1 error occurred:\n\t* x" → "x"). */
function errorSummary(body: string): string {
  const errors = vaultErrors(body).map((e) =>
    e
      .replace(/^\d+ errors? occurred:\s*/, '')
      .split(/\n\t\* /)
      .map((s) => s.replace(/^\* /, '').trim())
      .filter(Boolean)
      .join('; '),
  )
  return errors.length ? errors.join('; ') : 'no error text'
}

function interpret(version: KvVersion, envelope: JsonValue): KvReadResult {
  let data = get(envelope, 'data')
  if (version === 'v2') {
    if (!(data instanceof Map) || !data.has('data')) throw new KvError('NO_DATA_FIELD', 'failed to find data field')
    const meta = get(data, 'metadata')
    data = data.get('data')
    if (data === null) return { found: false, reason: get(meta, 'destroyed') === true ? 'destroyed' : 'deleted' }
  }
  if (data === null || data === undefined) return { found: false, reason: 'missing' }
  if (!(data instanceof Map)) throw new KvError('NOT_AN_OBJECT', 'failed to unmarshall JSON')
  return { found: true, data }
}

function parseEnvelope(body: string, path: string): JsonValue {
  try {
    return parseJson(body)
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new KvError('BAD_RESPONSE', `Vault answered GET /v1/${path} with a body that is not JSON`)
    throw err
  }
}

/** Reads one KV secret. Not-found outcomes are results; everything else throws KvError. */
export async function readKv(
  conn: VaultConnection,
  token: string | undefined,
  store: KvStore,
  path: string,
  version: string | undefined,
  client?: ClientOptions,
): Promise<KvReadResult> {
  const query = version ? { version } : undefined
  const res = await vaultRequest(conn, 'GET', path, token, { query, client })
  const where = `GET /v1/${path}${version ? `?version=${version}` : ''}`
  if (res.status === 200) return interpret(store.version, parseEnvelope(res.body, path))
  if (res.status === 404) {
    // The Go client returns a 404 body as a secret only when it has data or warnings.
    let envelope: JsonValue | undefined
    try {
      envelope = res.body.trim() ? parseJson(res.body) : undefined
    } catch {
      envelope = undefined
    }
    const data = get(envelope, 'data')
    const warnings = get(envelope, 'warnings')
    const hasData = data instanceof Map && data.size > 0
    const hasWarnings = Array.isArray(warnings) && warnings.length > 0
    if (envelope && (hasData || hasWarnings)) {
      try {
        return interpret(store.version, envelope)
      } catch (err) {
        const invalidPath = Array.isArray(warnings) && warnings.some((w) => typeof w === 'string' && w.includes('Invalid path for a versioned K/V'))
        if (err instanceof KvError && invalidPath) {
          throw new KvError(err.code, `${err.message} (${where}: Vault says the path is not valid for a KV v2 mount; check the store's path and version, and the key)`, 404)
        }
        throw err
      }
    }
    return { found: false, reason: 'missing' }
  }
  const summary = errorSummary(res.body)
  if (res.status === 403) throw new KvError('DENIED', `cannot read secret data from Vault: ${where}: Code: 403. Errors: ${summary}`, 403)
  if (res.status === 503 && summary.includes('Vault is sealed')) throw new KvError('SEALED', `cannot read secret data from Vault: ${where}: Code: 503. Errors: Vault is sealed`, 503)
  throw new KvError('HTTP', `cannot read secret data from Vault: ${where}: Code: ${res.status}. Errors: ${summary}`, res.status)
}
