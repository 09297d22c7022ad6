// Go's json.Marshal of a JSON tree as ESO decodes it into interface{} (maps sorted by UTF-8 bytes, HTML-escaped strings, numbers as json.Number or float64); knows nothing of Vault, gjson or ESO.

import { JsonNumber, type JsonValue } from '../vault/json.ts'
import { formatJsonFloat } from './go-number.ts'

/**
 * How numbers print: `literal` for json.Number (Vault's client decodes with UseNumber, so
 * whole-secret JSON keeps `1.50`), `float64` for a plain json.Unmarshal into interface{}
 * (ESO's GetSecretMap re-decodes, so nested `1.50` prints `1.5`).
 */
export type NumberMode = 'literal' | 'float64'

const HEX = '0123456789abcdef'

/** encodeState.string with escapeHTML = true (what json.Marshal uses). */
export function encodeGoString(s: string): string {
  let out = '"'
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let esc: string
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26 && c < 0x2028) continue
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
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
          esc = '\\b' // Go >= 1.22 writes \b and \f short
          break
        case 0x0c:
          esc = '\\f'
          break
        default:
          esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`
      }
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
      // A lone surrogate would be invalid UTF-8 in Go, which json.Marshal writes as U+FFFD.
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
export function encodeGoJson(v: JsonValue, mode: NumberMode = 'literal'): string {
  if (v === null) return 'null'
  if (v === true) return 'true'
  if (v === false) return 'false'
  if (typeof v === 'string') return encodeGoString(v)
  if (v instanceof JsonNumber) {
    if (mode === 'literal') return v.literal
    return formatJsonFloat(Number(v.literal))
  }
  if (Array.isArray(v)) {
    let out = '['
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + encodeGoJson(v[i], mode)
    return out + ']'
  }
  const keys = [...v.keys()].sort(compareUtf8)
  let out = '{'
  for (let i = 0; i < keys.length; i++) out += (i ? ',' : '') + encodeGoString(keys[i]) + ':' + encodeGoJson(v.get(keys[i])!, mode)
  return out + '}'
}
