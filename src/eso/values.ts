// ESO's conversions from a Vault secret to Secret bytes (eso.md §5): the value of a property,
// extraction of a JSON object into keys, key conversion and validation, base64 decoding and the
// null-byte check. Mirrors ESO's client_get.go getSecretValue, GetSecretMap, esutils and
// decoding. Pure functions; messages name keys and properties, never values.

import { JsonNumber, parseJson, JsonSyntaxError, type JsonObject, type JsonValue } from '../vault/json.ts'
import { encodeGoJson, formatFloatF } from './go-json.ts'
import { getGjson } from './gjson.ts'
import type { ConversionStrategy, DecodingStrategy, NullBytePolicy } from './plan.ts'

export type ValueErrorCode = 'PROPERTY_NOT_FOUND' | 'NOT_A_JSON_OBJECT' | 'DECODE_FAILED' | 'KEY_COLLISION' | 'INVALID_KEYS' | 'NULL_BYTE'

export class ValueError extends Error {
  override name = 'ValueError'
  readonly code: ValueErrorCode
  constructor(code: ValueErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))

/** esutils.GetByteValue for a value decoded with UseNumber (numbers keep their literal). */
function byteValue(v: JsonValue, mode: 'literal' | 'float64'): Uint8Array {
  if (v === null) return new Uint8Array()
  if (typeof v === 'string') return utf8(v)
  if (typeof v === 'boolean') return utf8(String(v))
  if (v instanceof JsonNumber) return utf8(mode === 'literal' ? v.literal : formatFloatF(Number(v.literal)))
  return utf8(encodeGoJson(v, mode))
}

/** ESO's getSecretValue: the whole secret as JSON, a top-level key, else a gjson path. */
export function secretValueBytes(secret: JsonObject, property: string | undefined): Uint8Array {
  if (!property) return utf8(encodeGoJson(secret))
  // Real keys take precedence over gjson syntax (ESO keeps this for backwards compatibility).
  if (secret.has(property)) return byteValue(secret.get(property)!, 'literal')
  const result = getGjson(secret, property)
  if (!result) throw new ValueError('PROPERTY_NOT_FOUND', `cannot find secret data for key: ${JSON.stringify(property)}`)
  return utf8(result.str())
}

/**
 * GetSecretMap: the bytes parsed as a JSON object with plain json.Unmarshal (numbers become
 * float64), each top-level value converted by GetByteValue.
 */
export function extractSecretMap(bytes: Uint8Array): Map<string, Uint8Array> {
  let parsed: JsonValue
  try {
    parsed = parseJson(Buffer.from(bytes).toString('utf8'))
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new ValueError('NOT_A_JSON_OBJECT', 'the secret value is not a JSON object, so it cannot be extracted into keys')
    throw err
  }
  if (!(parsed instanceof Map)) {
    throw new ValueError('NOT_A_JSON_OBJECT', `json: cannot unmarshal ${jsonKind(parsed)} into Go value of type map[string]interface {}`)
  }
  const out = new Map<string, Uint8Array>()
  for (const [k, v] of parsed) out.set(k, byteValue(v, 'float64'))
  return out
}

function jsonKind(v: JsonValue): string {
  if (Array.isArray(v)) return 'array'
  if (v instanceof JsonNumber) return 'number'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  return 'null'
}

const KEEP = /[\p{L}\p{N}._-]/u

/** esutils.ConvertKeys: every character that is not a letter, digit, `-`, `.` or `_` is replaced. */
export function convertKeys(map: Map<string, Uint8Array>, strategy: ConversionStrategy): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const [key, value] of map) {
    let converted = ''
    for (const ch of key) {
      if (KEEP.test(ch)) converted += ch
      else if (strategy === 'Unicode') converted += `_U${ch.codePointAt(0)!.toString(16).padStart(4, '0')}_`
      else converted += '_'
    }
    if (out.has(converted)) {
      throw new ValueError('KEY_COLLISION', `error applying conversion strategy ${strategy} to keys: secret name collision during conversion: ${converted}`)
    }
    out.set(converted, value)
  }
  return out
}

/** esutils.ValidateKeys: empty keys dropped, invalid ones an error. */
export function validateKeys(map: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const [key, value] of map) {
    if (key.length === 0) continue
    const length = Buffer.byteLength(key, 'utf8')
    if (length > 253) throw new ValueError('INVALID_KEYS', `invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): key has length ${length} but max is 253`)
    for (const ch of key) {
      if (!KEEP.test(ch)) {
        throw new ValueError('INVALID_KEYS', `invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): key has invalid character ${ch}, only alphanumeric, '-', '.' and '_' are allowed: ${key}`)
      }
    }
    out.set(key, value)
  }
  return out
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

class CorruptInput extends Error {
  readonly offset: number
  constructor(offset: number) {
    super(`illegal base64 data at input byte ${offset}`)
    this.offset = offset
  }
}

/** Go's base64.Encoding.DecodeString with padding required; newlines are skipped as Go does. */
export function decodeBase64Go(src: Uint8Array, alphabet: 'std' | 'url'): Uint8Array {
  const map = new Int16Array(256).fill(-1)
  const chars = alphabet === 'std' ? STD : URL_SAFE
  for (let i = 0; i < 64; i++) map[chars.charCodeAt(i)] = i
  const out: number[] = []
  let si = 0
  const isNl = (c: number) => c === 10 || c === 13
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0]
    let dlen = 4
    let j = 0
    let end = false
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return new Uint8Array(out)
        throw new CorruptInput(si - j)
      }
      const c = src[si++]
      if (map[c] >= 0) {
        dbuf[j] = map[c]
        continue
      }
      if (isNl(c)) {
        j--
        continue
      }
      if (c !== 61) throw new CorruptInput(si - 1)
      // Padding: only after two or three characters of a quantum.
      if (j === 0 || j === 1) throw new CorruptInput(si - 1)
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++
        if (si === src.length) throw new CorruptInput(src.length)
        if (src[si] !== 61) throw new CorruptInput(si - 1)
        si++
      }
      while (si < src.length && isNl(src[si])) si++
      if (si < src.length) throw new CorruptInput(si)
      dlen = j
      end = true
      break
    }
    const v = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3]
    const bytes = [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]
    out.push(...bytes.slice(0, dlen - 1))
    if (end) break
  }
  return new Uint8Array(out)
}

/** decoding.Decode (eso.md §5.7). */
export function decodeValue(value: Uint8Array, strategy: DecodingStrategy): Uint8Array {
  const attempt = (alphabet: 'std' | 'url', name: string): Uint8Array => {
    try {
      return decodeBase64Go(value, alphabet)
    } catch (err) {
      if (err instanceof CorruptInput) throw new ValueError('DECODE_FAILED', `error applying decoding strategy ${name} to data: ${err.message}`)
      throw err
    }
  }
  switch (strategy) {
    case 'Base64':
      return attempt('std', 'Base64')
    case 'Base64URL':
      return attempt('url', 'Base64URL')
    case 'Auto':
      for (const alphabet of ['std', 'url'] as const) {
        try {
          return decodeBase64Go(value, alphabet)
        } catch {
          // Auto falls through to the next alphabet, then to the value unchanged.
        }
      }
      return value
    default:
      return value
  }
}

/** nullBytePolicy Fail: a value containing 0x00 is an error. */
export function checkNullBytes(key: string, value: Uint8Array, policy: NullBytePolicy): void {
  if (policy === 'Fail' && value.includes(0)) {
    throw new ValueError('NULL_BYTE', `fetched secret value for key ${JSON.stringify(key)} contains null bytes; set nullBytePolicy to Ignore to allow them`)
  }
}
