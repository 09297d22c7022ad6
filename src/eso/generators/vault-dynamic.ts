// The VaultDynamicSecret generator as ESO v2.9 runs it (generators/v1/vault/vault.go): which
// request its method and parameters make, and which part of Vault's answer becomes the generated
// map (resultType Data, Auth or Raw), with esutils.GetByteValue's conversions. The request goes
// through the fetch stage like any Vault read; nothing here does I/O.

import { JsonNumber, type JsonObject } from '../../go/json.ts'
import type { DynamicMethod, DynamicRequest } from '../../vault/dynamic.ts'
import { byteValue } from '../values.ts'

export type ResultType = 'Data' | 'Auth' | 'Raw'

/** The spec of a VaultDynamicSecret (or a ClusterGenerator's vaultDynamicSecretSpec), as the schema admitted it. */
export interface VaultDynamicSecretSpec {
  controller?: string
  method?: string
  parameters?: unknown
  getParameters?: Record<string, string[]>
  resultType?: ResultType
  retrySettings?: { maxRetries?: number; retryInterval?: string }
  /** The same `vault` provider shape as a store's `spec.provider.vault`. */
  provider: Record<string, unknown> & { server: string }
  path: string
  allowEmptyResponse?: boolean
}

/**
 * fetchVaultSecret: "" and GET read (with getParameters), LIST lists, DELETE deletes, anything
 * else is a write: the Go client's Write always sends PUT, with the parameters as its JSON body.
 * Undefined for DELETE, which eso-render does not send (a render that deletes in Vault on every
 * refresh is never what a repository means).
 */
export function dynamicRequest(spec: VaultDynamicSecretSpec): DynamicRequest | undefined {
  const method = spec.method ?? ''
  // ESO passes the path to the Go client as written; the client joins it after /v1/.
  const path = spec.path.replace(/^\/+/, '')
  if (method === '' || method === 'GET') return { method: 'GET', path, ...(spec.getParameters ? { query: spec.getParameters } : {}) }
  if (method === 'LIST') return { method: 'LIST', path }
  if (method === 'DELETE') return undefined
  return { method: 'PUT' as DynamicMethod, path, body: JSON.stringify(spec.parameters ?? {}) }
}

/** Whether Vault's answer created a lease (database credentials, cloud keys). */
export function createsLease(secret: JsonObject): boolean {
  const id = secret.get('lease_id')
  return typeof id === 'string' && id !== ''
}

/**
 * Whether Vault's answer is a token that is a child of the login token (auth/token/create, the
 * Auth result type): Vault revokes a token's children with it, unless the new token is an orphan.
 */
export function createsChildToken(secret: JsonObject): boolean {
  const auth = secret.get('auth')
  if (!(auth instanceof Map)) return false
  const token = auth.get('client_token')
  return typeof token === 'string' && token !== '' && auth.get('orphan') !== true
}

/** Whether what Vault answered dies with the login token that asked for it: that token must then live on. */
export function outlivesLogin(secret: JsonObject): boolean {
  return createsLease(secret) || createsChildToken(secret)
}

// The Go client's structs, in the order of their fields: what json.Marshal(result) writes.
// Auth (SecretAuth) keeps only its own fields, each present (zero when absent).
const AUTH_FIELDS: [string, 'string' | 'strings' | 'map' | 'bool' | 'int' | 'any'][] = [
  ['client_token', 'string'],
  ['accessor', 'string'],
  ['policies', 'strings'],
  ['token_policies', 'strings'],
  ['identity_policies', 'strings'],
  ['metadata', 'map'],
  ['orphan', 'bool'],
  ['entity_id', 'string'],
  ['lease_duration', 'int'],
  ['renewable', 'bool'],
  ['mfa_requirement', 'any'],
]

const ZERO = { string: '', strings: null, map: null, bool: false, int: new JsonNumber('0'), any: null } as const

/** A struct's fields as json.Marshal writes them: every field, absent ones at their zero value. */
function asStruct(object: JsonObject, fields: typeof AUTH_FIELDS): JsonObject {
  const out: JsonObject = new Map()
  for (const [name, kind] of fields) out.set(name, object.get(name) ?? ZERO[kind])
  return out
}

/** prepareResponse: the generated map for one answer. */
export function generatedMap(secret: JsonObject, resultType: ResultType): Map<string, Uint8Array> {
  let data: JsonObject
  if (resultType === 'Auth') {
    const auth = secret.get('auth')
    // json.Marshal(nil) is `null`, which unmarshals into nothing: an empty map.
    data = auth instanceof Map ? asStruct(auth, AUTH_FIELDS) : new Map()
  } else if (resultType === 'Raw') {
    data = new Map()
    for (const f of ['request_id', 'lease_id', 'lease_duration', 'renewable', 'data', 'warnings'] as const) {
      const zero = f === 'lease_duration' ? new JsonNumber('0') : f === 'renewable' ? false : f === 'request_id' || f === 'lease_id' ? '' : null
      data.set(f, secret.get(f) ?? zero)
    }
    // omitempty: auth and wrap_info when nil, mount_type when "".
    const auth = secret.get('auth')
    if (auth instanceof Map) data.set('auth', asStruct(auth, AUTH_FIELDS))
    const wrap = secret.get('wrap_info')
    if (wrap instanceof Map) data.set('wrap_info', wrap)
    const mountType = secret.get('mount_type')
    if (typeof mountType === 'string' && mountType) data.set('mount_type', mountType)
  } else {
    const d = secret.get('data')
    data = d instanceof Map ? d : new Map()
  }
  // GetByteValue: Data keeps the answer's number literals (the client decodes with UseNumber); Auth
  // and Raw went through json.Marshal and json.Unmarshal into map[string]any, so their numbers are
  // float64 (FormatFloat at the top, json.Marshal's form inside objects and lists).
  const mode = resultType === 'Data' ? 'literal' : 'float64'
  const out = new Map<string, Uint8Array>()
  for (const [k, v] of data) out.set(k, byteValue(v, mode))
  return out
}
