// ESO v2.9.0's value conversions from a Vault secret map to Secret bytes (eso.md §5): property lookup, extract, key conversion/validation, base64 decoding, null-byte check; pure, knows nothing of HTTP, manifests or templates.

// Sources followed: providers/v1/vault/client_get.go (getSecretValue, GetSecretMap),
// runtime/esutils/utils.go (GetByteValue, ConvertKeys, ValidateKeys), runtime/decoding/decoding.go,
// pkg/controllers/externalsecret/externalsecret_controller_secret.go (error wrapping, null bytes).
// Messages name keys and properties, never values.

import { compareUtf8, encodeJson, JsonNumber, jsonNumberToFloat64, JsonSyntaxError, parseJsonBytes, type JsonObject, type JsonValue, type NumberMode } from '../go/json.ts'
import { getGjson } from '../go/gjson.ts'
import { formatFloat, quote } from '../go/strconv.ts'
import { CorruptInputError, decodeBase64Go } from '../go/base64.ts'
import { fromUtf8, sortUtf8, utf8 } from './bytes.ts'
import { RenderError, type ErrorCode, type RenderErrorDetails } from '../errors.ts'

export { CorruptInputError, decodeBase64Go }

export type ValueErrorCode = 'PROPERTY_NOT_FOUND' | 'NOT_A_JSON_OBJECT' | 'DECODE_FAILED' | 'KEY_COLLISION' | 'INVALID_KEYS' | 'NULL_BYTE'
export type ConversionStrategy = '' | 'Default' | 'Unicode'
export type DecodingStrategy = '' | 'None' | 'Base64' | 'Base64URL' | 'Auto'
export type NullBytePolicy = '' | 'Ignore' | 'Fail'

export class ValueError extends Error {
  override name = 'ValueError'
  readonly code: ValueErrorCode
  /** The bare Go error the controller wraps (e.g. `illegal base64 data at input byte 4`). */
  readonly detail: string
  constructor(code: ValueErrorCode, message: string, detail = message) {
    super(message)
    this.code = code
    this.detail = detail
  }

  /**
   * The one mapping of a value failure into the render's error: PROPERTY_NOT_FOUND, else
   * VALUE_INVALID, or `code` with a prefix where the value came out of a template.
   */
  toRenderError(details: RenderErrorDetails, within?: { code: ErrorCode; prefix: string }): RenderError {
    if (within) return new RenderError(within.code, `${within.prefix}${this.message}`, details)
    return new RenderError(this.code === 'PROPERTY_NOT_FOUND' ? 'PROPERTY_NOT_FOUND' : 'VALUE_INVALID', this.message, details)
  }
}

/** getSecretValue found no top-level key and no gjson match for the property. */
export const NotFound: unique symbol = Symbol('NotFound')
export type NotFound = typeof NotFound

/** The error ESO returns for NotFound: errSecretKeyFmt = `cannot find secret data for key: %q`. */
export function propertyNotFoundError(property: string): ValueError {
  return new ValueError('PROPERTY_NOT_FOUND', `cannot find secret data for key: ${goQuote(property)}`)
}

/** esutils.GetByteValue for a value decoded into interface{} (numbers per `mode`). */
export function byteValue(v: JsonValue, mode: NumberMode): Uint8Array {
  if (v === null) return new Uint8Array() // case nil: []byte(nil)
  if (typeof v === 'string') return utf8(v)
  if (typeof v === 'boolean') return utf8(v ? 'true' : 'false')
  // json.Number → t.String() (the literal); float64 → strconv.FormatFloat(t, 'f', -1, 64).
  if (v instanceof JsonNumber) return utf8(mode === 'literal' ? v.literal : formatFloat(Number(v.literal), 'f', -1))
  return utf8(encodeJson(v, mode)) // map[string]any / []any → json.Marshal
}

/**
 * client_get.go getSecretValue over the secret map (decoded with UseNumber): no property → the
 * whole map as json.Marshal; an exact top-level key wins over gjson syntax ("for backwards
 * compatibility"); otherwise gjson.Get over the marshalled JSON and Result.String().
 */
export function secretValueBytes(secret: JsonObject, property: string | undefined): Uint8Array | NotFound {
  // ESO marshals first, but json.Marshal cannot fail on a map decoded from JSON: the exact key,
  // the usual case, skips it.
  if (!property) return utf8(encodeJson(secret))
  if (secret.has(property)) return byteValue(secret.get(property)!, 'literal')
  const result = getGjson(encodeJson(secret), property)
  if (!result) return NotFound
  return utf8(result.str())
}

/** secretValueBytes, throwing ESO's `cannot find secret data for key` error for NotFound. */
export function requireSecretValueBytes(secret: JsonObject, property: string | undefined): Uint8Array {
  const v = secretValueBytes(secret, property)
  if (v === NotFound) throw propertyNotFoundError(property ?? '')
  return v
}

/**
 * GetSecretMap after GetSecret: plain json.Unmarshal into map[string]any (numbers become float64,
 * so `1.50` → `1.5`, `12345678901234567890` → `12345678901234567000`, nested ones too), then
 * GetByteValueFromMap per key. JSON `null` unmarshals into a nil map: no keys, no error.
 */
export function extractSecretMap(bytes: Uint8Array): Map<string, Uint8Array> {
  let parsed: JsonValue
  try {
    parsed = parseJsonBytes(bytes)
  } catch (err) {
    // Go's SyntaxError text names the offending character; we keep its shape without it.
    if (err instanceof JsonSyntaxError) throw new ValueError('NOT_A_JSON_OBJECT', err.message)
    throw err
  }
  const out = new Map<string, Uint8Array>()
  if (parsed === null) return out
  if (!(parsed instanceof Map)) {
    throw new ValueError('NOT_A_JSON_OBJECT', `json: cannot unmarshal ${jsonKind(parsed)} into Go value of type map[string]interface {}`)
  }
  if (hasOverflow(parsed)) {
    // Go: `json: cannot unmarshal number <literal> into Go value of type float64`; the literal is a secret.
    throw new ValueError('NOT_A_JSON_OBJECT', 'json: cannot unmarshal number into Go value of type float64')
  }
  for (const [k, v] of parsed) out.set(k, byteValue(v, 'float64'))
  return out
}

/** A number json.Unmarshal into float64 refuses (out of range), anywhere in the value. */
export function hasOverflow(v: JsonValue): boolean {
  if (v instanceof JsonNumber) return jsonNumberToFloat64(v.literal) === undefined
  if (Array.isArray(v)) return v.some(hasOverflow)
  if (v instanceof Map) {
    for (const x of v.values()) if (hasOverflow(x)) return true
  }
  return false
}

export function jsonKind(v: JsonValue): string {
  if (Array.isArray(v)) return 'array'
  if (v instanceof JsonNumber) return 'number'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  return 'object'
}

/** unicode.IsLetter || unicode.IsNumber || '-' '.' '_' (Node's Unicode tables stand in for Go's). */
const KEEP = /^[\p{L}\p{N}._-]$/u

/** Code points as Go's `[]rune(str)` / `range str` see them: a lone surrogate is U+FFFD. */
function runes(s: string): string[] {
  return Array.from(s, (ch) => {
    const c = ch.charCodeAt(0)
    return ch.length === 1 && c >= 0xd800 && c <= 0xdfff ? '\ufffd' : ch
  })
}

/**
 * esutils.ConvertKeys: each rune that is not a letter/number/`-`/`.`/`_` becomes `_` (Default or
 * empty) or `_U%04x_` (Unicode); any other strategy leaves keys unchanged. Two keys converting to
 * the same name fail, wrapped as the controller does (errConvert).
 */
export function convertKeys(map: Map<string, Uint8Array>, strategy: ConversionStrategy): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const [key, value] of map) {
    let converted = ''
    for (const ch of runes(key)) {
      if (KEEP.test(ch)) converted += ch
      else if (strategy === 'Default' || strategy === '') converted += '_'
      else if (strategy === 'Unicode') converted += `_U${ch.codePointAt(0)!.toString(16).padStart(4, '0')}_`
      else converted += ch
    }
    if (out.has(converted)) {
      const detail = `secret name collision during conversion: ${converted}`
      throw new ValueError('KEY_COLLISION', `error applying conversion strategy ${strategy} to keys: ${detail}`, detail)
    }
    out.set(converted, value)
  }
  return out
}

/**
 * esutils.ValidateKeys: empty keys are dropped; a key over 253 bytes or with a rune other than a
 * letter/number/`-`/`.`/`_` fails (errInvalidKeys wrapping). Go reports the first bad key in map
 * order (random); we check keys in byte order so the report is stable.
 */
export function validateKeys(map: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  const fail = (detail: string): never => {
    throw new ValueError('INVALID_KEYS', `invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): ${detail}`, detail)
  }
  for (const key of sortUtf8([...map.keys()], compareUtf8)) {
    if (key.length === 0) continue
    const bytes = utf8(key)
    if (bytes.length > 253) fail(`key has length ${bytes.length} but max is 253: (following is truncated): ${fromUtf8(bytes.subarray(0, 253))}`)
    for (const ch of runes(key)) {
      if (!KEEP.test(ch)) fail(`key has invalid character ${ch}, only alphanumeric, '-', '.' and '_' are allowed: ${key}`)
    }
  }
  for (const [key, value] of map) if (key.length > 0) out.set(key, value)
  return out
}

// --- base64 (Go's encoding/base64, padded, not strict) -----------------------------------------

export function decodeValue(value: Uint8Array, strategy: DecodingStrategy, key?: string): Uint8Array {
  const attempt = (alphabet: 'std' | 'url'): Uint8Array => {
    try {
      return decodeBase64Go(value, alphabet)
    } catch (err) {
      if (!(err instanceof CorruptInputError)) throw err
      const detail = key === undefined ? err.message : `failure decoding key ${key}: ${err.message}`
      throw new ValueError('DECODE_FAILED', `error applying decoding strategy ${strategy} to data: ${detail}`, err.message)
    }
  }
  switch (strategy) {
    case 'Base64':
      return attempt('std')
    case 'Base64URL':
      return attempt('url')
    case 'None':
    case '':
      return value
    case 'Auto':
      for (const alphabet of ['std', 'url'] as const) {
        try {
          return decodeBase64Go(value, alphabet)
        } catch (err) {
          if (!(err instanceof CorruptInputError)) throw err
        }
      }
      return value
    default: {
      const detail = `decoding strategy ${String(strategy)} is not supported`
      const wrapped = key === undefined ? detail : `failure decoding key ${key}: ${detail}`
      throw new ValueError('DECODE_FAILED', `error applying decoding strategy ${String(strategy)} to data: ${wrapped}`, detail)
    }
  }
}

/** decoding.DecodeMap with the controller's wrapping; keys in byte order so the first failure is stable. */
export function decodeMap(map: Map<string, Uint8Array>, strategy: DecodingStrategy): Map<string, Uint8Array> {
  const decoded = new Map<string, Uint8Array>()
  for (const key of sortUtf8([...map.keys()], compareUtf8)) decoded.set(key, decodeValue(map.get(key)!, strategy, key))
  const out = new Map<string, Uint8Array>()
  for (const key of map.keys()) out.set(key, decoded.get(key)!)
  return out
}

/** validateFetchedSecretValue: with nullBytePolicy Fail a value containing 0x00 is an error. */
export function checkNullBytes(key: string, value: Uint8Array, policy: NullBytePolicy): void {
  if (policy === 'Fail' && value.includes(0)) {
    throw new ValueError(
      'NULL_BYTE',
      `fetched secret value for key ${goQuote(key)} contains null bytes; use a text-safe format such as PEM/base64 or leave nullBytePolicy unset for intentional binary data`,
    )
  }
}

/** validateFetchedSecretMap: keys checked in sorted order (slices.Sort), first offender reported. */
export function checkNullBytesMap(map: Map<string, Uint8Array>, policy: NullBytePolicy): void {
  if (policy !== 'Fail') return
  for (const key of sortUtf8([...map.keys()], compareUtf8)) checkNullBytes(key, map.get(key)!, policy)
}

/** Go's %q (strconv.Quote): printable runes kept, others escaped. */
export function goQuote(s: string): string {
  return quote(utf8(s))
}
