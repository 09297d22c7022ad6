// ESO's dataFrom.find (eso.md §5.5): the plan of one find (its path, its name regexp compiled with
// Go's semantics, its tags, its strategies) and the map its found secrets make, each name's value
// the secret as JSON (client_get_all_secrets.go reads each kept candidate with GetSecret and no
// property). The LIST, metadata and reads are vault/find.ts's. No I/O here.

import type { FindQuery } from '../vault/find.ts'
import type { JsonObject } from '../go/json.ts'
import { requireSecretValueBytes, type ConversionStrategy, type DecodingStrategy, type NullBytePolicy } from './values.ts'

/** A schema-validated `dataFrom[].find`. */
export interface RawFind {
  path?: string
  name?: { regexp?: string }
  tags?: Record<string, string>
  conversionStrategy?: ConversionStrategy
  decodingStrategy?: DecodingStrategy
  nullBytePolicy?: NullBytePolicy
}

/** What a find asks for: the vault layer's query, with the pattern as written (for messages). */
export interface FindSpec extends FindQuery {
  /** `name.regexp` as written ('' when `name` is set without it: every name matches). */
  regexp?: string
}

export interface FindPlanError {
  code: 'SCHEMA_INVALID' | 'UNSUPPORTED'
  fieldPath: string
  message: string
}

/** Go's regexp.Compile for `name.regexp`; failures carry Go's message. */
export type CompileRegexp = (pattern: string) => { matchString(s: string): boolean }

/**
 * One find, planned: compiled here so that an invalid regexp fails before any Vault request. The
 * strategies ride on the remoteRef, as for an extract: key conversion, validation, decoding and
 * the null-byte check are the same steps (the controller's handleFindAllSecrets).
 */
export function planFind(
  raw: RawFind,
  at: string,
  compile: CompileRegexp | undefined,
): { remoteRef: { key: string; decodingStrategy: DecodingStrategy; conversionStrategy: ConversionStrategy; nullBytePolicy: NullBytePolicy }; find: FindSpec } | { error: FindPlanError } {
  const find: FindSpec = {}
  // ESO's path is a *string: an empty path is set, and searches from "/".
  if (raw.path !== undefined) find.path = raw.path
  if (raw.tags !== undefined) find.tags = { ...raw.tags }
  if (raw.name !== undefined) {
    const pattern = raw.name.regexp ?? ''
    if (!compile) return { error: { code: 'UNSUPPORTED', fieldPath: `${at}.name.regexp`, message: 'find.name.regexp is not supported by eso-render yet' } }
    try {
      const re = compile(pattern)
      find.regexp = pattern
      find.matchName = (name) => re.matchString(name)
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err)
      // runtime/find/find.go: `could not compile find.name.regexp [%s]: %w`.
      return { error: { code: 'SCHEMA_INVALID', fieldPath: `${at}.name.regexp`, message: `could not compile find.name.regexp [${pattern}]: ${detail}` } }
    }
  }
  return {
    remoteRef: {
      key: raw.path ?? '',
      decodingStrategy: raw.decodingStrategy ?? '',
      conversionStrategy: raw.conversionStrategy ?? '',
      nullBytePolicy: raw.nullBytePolicy ?? '',
    },
    find,
  }
}

/** The map a find contributes before key conversion: each found name → its secret as JSON (eso.md §5.1). */
export function foundSecretMap(secrets: ReadonlyMap<string, JsonObject>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const [name, data] of secrets) out.set(name, requireSecretValueBytes(data, undefined))
  return out
}

/** How a find is named in messages: `find path "app"`, or the mount root. */
export function describeFind(find: FindSpec): string {
  return find.path !== undefined ? `find path ${JSON.stringify(find.path)}` : 'find at the mount root'
}
