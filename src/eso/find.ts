// ESO's dataFrom.find (eso.md §5.5), planned: its path, its name regexp compiled with Go's semantics
// (so that an invalid one fails before any request), its tags, its strategies. The LIST, metadata
// and reads are vault/find.ts's; the map its secrets make is resolve.ts's. No I/O here.

import type { FindQuery } from '../vault/find.ts'
import { compileGo, GoRegexpError, MAX_SEARCH_WORK, searchWork } from '../go/regexp.ts'
import { escapeControls, RenderError } from '../errors.ts'
import type { ConversionStrategy, DecodingStrategy, NullBytePolicy } from './values.ts'

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
  code: 'SCHEMA_INVALID'
  fieldPath: string
  message: string
}

/**
 * One find, planned: compiled here so that an invalid regexp fails before any Vault request. The
 * strategies ride on the remoteRef, as for an extract: key conversion, validation, decoding and
 * the null-byte check are the same steps (the controller's handleFindAllSecrets).
 */
export function planFind(
  raw: RawFind,
  at: string,
): { remoteRef: { key: string; decodingStrategy: DecodingStrategy; conversionStrategy: ConversionStrategy; nullBytePolicy: NullBytePolicy }; find: FindSpec } | { error: FindPlanError } {
  const find: FindSpec = {}
  // ESO's path is a *string: an empty path is set, and searches from "/".
  if (raw.path !== undefined) find.path = raw.path
  if (raw.tags !== undefined) find.tags = { ...raw.tags }
  if (raw.name !== undefined) {
    const pattern = raw.name.regexp ?? ''
    try {
      // Go's regexp.MatchString: unanchored, RE2 semantics, linear time (runtime/find/find.go).
      const re = compileGo(pattern)
      find.regexp = pattern
      // The names are matched synchronously after each LIST: a large program over many names is
      // stopped once its work passes the bound, with a clear error (the read fails).
      let work = 0
      find.matchName = (name) => {
        work += searchWork(re, name.length)
        if (work > MAX_SEARCH_WORK)
          throw new RenderError(
            'VALUE_INVALID',
            `find.name.regexp: its program (about ${re.programSize} instructions) over the names listed is more than the ${MAX_SEARCH_WORK} steps of matching a find may take; write a smaller expression (counted repetitions multiply)`,
          )
        return re.matchString(name)
      }
    } catch (err) {
      if (!(err instanceof GoRegexpError)) throw err
      // runtime/find/find.go: `could not compile find.name.regexp [%s]: %w`.
      return { error: { code: 'SCHEMA_INVALID', fieldPath: `${at}.name.regexp`, message: `could not compile find.name.regexp [${escapeControls(pattern)}]: ${escapeControls(err.message)}` } }
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
