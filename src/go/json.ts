// Go's encoding/json as ESO, Vault's client, Sprig and gjson reach it. Decoding: JSON text to a
// tree that keeps every number's literal text (json.Decoder.UseNumber, as Vault's Go client
// decodes; json.Number → float64 when asked), strings decoded as Go decodes them, bytes turned to
// text as Go sees invalid UTF-8. Encoding: json.Marshal of such a tree (map keys sorted by UTF-8
// bytes, HTML-escaped strings, numbers as json.Number or float64) and the string and float64
// encoders themselves, which Sprig's toJson and gjson's modifiers share. Knows nothing of Vault,
// ESO, gjson or templates.
//
// Objects are Maps in document order; a duplicate key keeps the last value, as a Go map does.
// Strings are decoded as Go's encoding/json does (a lone or broken \uD800-style surrogate escape
// becomes U+FFFD). Error messages follow Go's wording but never quote the input: a character of a
// secret must not end up in a log.

import { formatFloat } from './strconv.ts'

// --- decoding ---

/** The character a one-letter JSON escape (after the backslash) stands for; undefined for `u` and anything JSON does not allow. */
export function unescapeChar(c: string): string | undefined {
  switch (c) {
    case '"':
      return '"'
    case '\\':
      return '\\'
    case '/':
      return '/'
    case 'b':
      return '\b'
    case 'f':
      return '\f'
    case 'n':
      return '\n'
    case 'r':
      return '\r'
    case 't':
      return '\t'
  }
  return undefined
}

export class JsonNumber {
  readonly literal: string
  constructor(literal: string) {
    this.literal = literal
  }
}

export type JsonObject = Map<string, JsonValue>
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError'
  /** Offset (UTF-16 code units) of the offending character. */
  readonly offset: number
  constructor(message: string, offset: number) {
    super(message)
    this.offset = offset
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const MAX_DEPTH = 10000 // Go's scanner limit (maxNestingDepth)

export function parseJson(text: string): JsonValue {
  let i = 0
  const n = text.length
  const fail = (context: string): never => {
    if (i >= n) throw new JsonSyntaxError('unexpected end of JSON input', i)
    throw new JsonSyntaxError(`invalid character ${context} (offset ${i})`, i)
  }
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 10 || c === 13 || c === 9) i++
      else return
    }
  }
  const hex4 = (at: number): number => {
    let v = 0
    for (let k = at; k < at + 4; k++) {
      const c = text.charCodeAt(k)
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
      if (d < 0) {
        i = Math.min(k, n)
        fail('in \\u hexadecimal character escape')
      }
      v = v * 16 + d
    }
    return v
  }
  /** The text of a \\uXXXX escape (i just after the u), taking a following low-surrogate escape along when the two pair. */
  const unicodeEscape = (): string => {
    const r = hex4(i)
    i += 4
    if (r < 0xd800 || r >= 0xe000) return String.fromCharCode(r)
    // Go's unquote: a high surrogate followed by a \u low surrogate combines; anything
    // else becomes U+FFFD and the following escape is decoded on its own.
    if (r < 0xdc00 && text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 117) {
      const r2 = hex4(i + 2)
      if (r2 >= 0xdc00 && r2 < 0xe000) {
        i += 6
        return String.fromCharCode(r, r2)
      }
    }
    return '\ufffd'
  }
  const str = (): string => {
    i++ // opening quote
    let out = ''
    let start = i
    for (;;) {
      if (i >= n) fail('')
      const c = text.charCodeAt(i)
      if (c === 34) {
        out += text.slice(start, i)
        i++
        return out
      }
      if (c < 0x20) fail('in string literal')
      if (c !== 92) {
        i++
        continue
      }
      out += text.slice(start, i)
      i++
      if (i >= n) fail('')
      const e = text[i]
      i++
      const simple = unescapeChar(e)
      if (simple !== undefined) out += simple
      else if (e === 'u') out += unicodeEscape()
      else {
        i--
        fail('in string escape code')
      }
      start = i
    }
  }
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail('(exceeded max depth)')
    ws()
    const c = text.charCodeAt(i)
    if (c === 123 /* { */) {
      i++
      const obj: JsonObject = new Map()
      ws()
      if (text.charCodeAt(i) === 125) {
        i++
        return obj
      }
      for (;;) {
        ws()
        if (text.charCodeAt(i) !== 34) fail('looking for beginning of object key string')
        const key = str()
        ws()
        if (text.charCodeAt(i) !== 58) fail('after object key')
        i++
        const v = value(depth + 1)
        obj.delete(key) // last duplicate wins, like assigning into a Go map
        obj.set(key, v)
        ws()
        const d = text.charCodeAt(i)
        if (d === 44) {
          i++
          continue
        }
        if (d === 125) {
          i++
          return obj
        }
        fail('after object key:value pair')
      }
    }
    if (c === 91 /* [ */) {
      i++
      const arr: JsonValue[] = []
      ws()
      if (text.charCodeAt(i) === 93) {
        i++
        return arr
      }
      for (;;) {
        arr.push(value(depth + 1))
        ws()
        const d = text.charCodeAt(i)
        if (d === 44) {
          i++
          continue
        }
        if (d === 93) {
          i++
          return arr
        }
        fail('after array element')
      }
    }
    if (c === 34) return str()
    if (c === 116 && text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (c === 102 && text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (c === 110 && text.startsWith('null', i)) {
      i += 4
      return null
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (m && m[0].length > 0 && m[0] !== '-') {
      i += m[0].length
      return new JsonNumber(m[0])
    }
    return fail('looking for beginning of value')
  }
  const result = value(0)
  ws()
  if (i < n) fail('after top-level value')
  return result
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Bytes to text as Go's encoding/json sees them: every byte of an invalid UTF-8 sequence
 * becomes its own U+FFFD (utf8.DecodeRune returns size 1), unlike WHATWG decoding, which
 * replaces a whole truncated sequence with one U+FFFD. A leading BOM is kept (Go rejects it).
 */
export function decodeUtf8Go(bytes: Uint8Array): string {
  try {
    return fatalUtf8.decode(bytes)
  } catch {
    // fall through to the byte-wise decoder
  }
  let out = ''
  let i = 0
  const cont = (k: number) => k < bytes.length && (bytes[k] & 0xc0) === 0x80
  while (i < bytes.length) {
    const b = bytes[i]
    if (b < 0x80) {
      out += String.fromCharCode(b)
      i++
      continue
    }
    let cp = -1
    let size = 1
    if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f)
      size = 2
    } else if (b >= 0xe0 && b <= 0xef && cont(i + 1) && cont(i + 2)) {
      const c1 = bytes[i + 1]
      const ok = (b === 0xe0 && c1 >= 0xa0) || (b === 0xed && c1 <= 0x9f) || (b !== 0xe0 && b !== 0xed)
      if (ok) {
        cp = ((b & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (bytes[i + 2] & 0x3f)
        size = 3
      }
    } else if (b >= 0xf0 && b <= 0xf4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
      const c1 = bytes[i + 1]
      const ok = (b === 0xf0 && c1 >= 0x90) || (b === 0xf4 && c1 <= 0x8f) || (b > 0xf0 && b < 0xf4)
      if (ok) {
        cp = ((b & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f)
        size = 4
      }
    }
    if (cp < 0) {
      out += '\ufffd'
      i++
    } else {
      out += String.fromCodePoint(cp)
      i += size
    }
  }
  return out
}

/** parseJson over bytes decoded the way Go's json.Unmarshal treats invalid UTF-8. */
export function parseJsonBytes(bytes: Uint8Array): JsonValue {
  return parseJson(decodeUtf8Go(bytes))
}

/** strconv.ParseFloat for a JSON number literal, as json.Unmarshal into float64 does; undefined on overflow (Go's range error). */
export function jsonNumberToFloat64(literal: string): number | undefined {
  const f = Number(literal)
  return Number.isFinite(f) ? f : undefined
}

// --- encoding ---

/**
 * encoding/json's floatEncoder for float64: 'f' format, except 'e' below 1e-6 or from 1e21 up,
 * where a two-digit negative exponent is trimmed (e-07 → e-7). Non-finite values cannot come
 * from decoded JSON (Go's json.Marshal would fail on them).
 */
export function formatJsonFloat(f: number): string {
  const abs = Math.abs(f)
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const s = formatFloat(f, 'e', -1)
    const n = s.length
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') return s.slice(0, n - 2) + s[n - 1]
    return s
  }
  return formatFloat(f, 'f', -1)
}

/**
 * How numbers print: `literal` for json.Number (Vault's client decodes with UseNumber, so
 * whole-secret JSON keeps `1.50`), `float64` for a plain json.Unmarshal into interface{}
 * (ESO's GetSecretMap re-decodes, so nested `1.50` prints `1.5`).
 */
export type NumberMode = 'literal' | 'float64'

const HEX = '0123456789abcdef'

/** How encodeState.string writes a string; each Go version and Encoder setting is one of these. */
export interface StringEscaping {
  /** `<`, `>` and `&` as \u003c, \u003e, \u0026: json.Marshal's default, off for an Encoder with SetEscapeHTML(false). */
  html: boolean
  /** \b and \f as short escapes, as Go 1.22 and later write them; before, \u0008 and \u000c. */
  shortBF: boolean
  /**
   * A lone UTF-16 surrogate (invalid UTF-8 in Go, which Marshal writes as \ufffd) as the escape
   * \ufffd; false leaves it for the caller's UTF-8 encoder, which writes U+FFFD's own bytes.
   */
  escapeLoneSurrogates: boolean
}

/** json.Marshal as ESO's Go (1.26) build has it. */
export const MARSHAL: StringEscaping = { html: true, shortBF: true, escapeLoneSurrogates: true }

/** encodeState.string: a JS string as a JSON string literal (json.Marshal's escaping unless told otherwise). */
export function encodeString(s: string, escaping: StringEscaping = MARSHAL): string {
  let out = '"'
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let esc: string
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26 && c < 0x2028) continue
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      switch (c) {
        case 0x22:
          esc = '\\"'
          break
        case 0x5c:
          esc = '\\\\'
          break
        case 0x0a:
          esc = '\\n'
          break
        case 0x0d:
          esc = '\\r'
          break
        case 0x09:
          esc = '\\t'
          break
        case 0x08:
          esc = escaping.shortBF ? '\\b' : '\\u0008'
          break
        case 0x0c:
          esc = escaping.shortBF ? '\\f' : '\\u000c'
          break
        default:
          esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`
      }
    } else if (c === 0x3c || c === 0x3e || c === 0x26) {
      if (!escaping.html) continue
      esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`
    } else if (c === 0x2028 || c === 0x2029) {
      // Go escapes these for JSONP safety even with HTML escaping off.
      esc = `\\u${c.toString(16)}`
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1)
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++
          continue
        }
      }
      if (!escaping.escapeLoneSurrogates) continue
      esc = '\\ufffd'
    } else {
      continue
    }
    out += s.slice(start, i) + esc
    start = i + 1
  }
  return out + s.slice(start) + '"'
}

/**
 * Byte-order comparison of two strings' UTF-8 encodings (Go sorts map keys with
 * strings.Compare). UTF-8 byte order is code point order, which differs from UTF-16 code unit
 * order only when a surrogate meets U+E000..U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x < y ? -1 : 1
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1
}

/** json.Marshal of a value decoded into interface{}: maps sorted, numbers per `mode`, no whitespace. */
export function encodeJson(v: JsonValue, mode: NumberMode = 'literal', escaping: StringEscaping = MARSHAL): string {
  if (v === null) return 'null'
  if (v === true) return 'true'
  if (v === false) return 'false'
  if (typeof v === 'string') return encodeString(v, escaping)
  if (v instanceof JsonNumber) {
    if (mode === 'literal') return v.literal
    return formatJsonFloat(Number(v.literal))
  }
  if (Array.isArray(v)) {
    let out = '['
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + encodeJson(v[i], mode, escaping)
    return out + ']'
  }
  const keys = [...v.keys()].sort(compareUtf8)
  let out = '{'
  for (let i = 0; i < keys.length; i++) out += (i ? ',' : '') + encodeString(keys[i], escaping) + ':' + encodeJson(v.get(keys[i])!, mode, escaping)
  return out + '}'
}
