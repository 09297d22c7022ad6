// Go's encoding/json and strconv as ESO's value conversions reach them: json.Marshal of a decoded
// secret (keys in byte order, HTML-escaped strings, numbers either as json.Number literals or as
// float64), and strconv.FormatFloat(f, 'f', -1, 64). No I/O, no Kubernetes.

import { JsonNumber, type JsonValue } from '../vault/json.ts'

/** How numbers print: as their literal (json.Number, UseNumber decoding) or through float64. */
export type NumberMode = 'literal' | 'float64'

/** strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  if (Object.is(f, -0)) return '-0'
  const s = String(f)
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (!m) return s
  const [, sign, int, frac = '', expText] = m
  const digits = int + frac
  const point = int.length + Number(expText)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/** encoding/json's float64 encoding: 'f' format, 'e' for very small or large magnitudes. */
export function formatJsonFloat(f: number): string {
  const abs = Math.abs(f)
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go prints the shortest 'e' form with a two-digit exponent and then trims e-07 to e-7.
    const s = f.toExponential().replace(/e([+-])(\d)$/, 'e$10$2')
    return s.replace(/e-0(\d)$/, 'e-$1')
  }
  return formatFloatF(f)
}

const HEX = '0123456789abcdef'

/** Go's encodeState.string with escapeHTML = true. */
export function encodeGoString(s: string): string {
  let out = '"'
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let esc: string | undefined
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
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
          esc = '\\b' // Go >= 1.22
          break
        case 0x0c:
          esc = '\\f'
          break
        default:
          esc = c >= 0x2028 ? `\\u${c.toString(16)}` : `\\u00${HEX[c >> 4]}${HEX[c & 15]}`
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is invalid UTF-8 in Go: written as U+FFFD.
      const pair = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff
      if (pair) {
        i++
        continue
      }
      esc = '\\ufffd'
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc
      start = i + 1
    }
  }
  return out + s.slice(start) + '"'
}

/** Byte-order comparison of two strings' UTF-8 encodings (Go sorts map keys this way). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** json.Marshal of a value decoded into interface{}: maps sorted, numbers per `mode`. */
export function encodeGoJson(v: JsonValue, mode: NumberMode = 'literal'): string {
  if (v === null) return 'null'
  if (v === true) return 'true'
  if (v === false) return 'false'
  if (typeof v === 'string') return encodeGoString(v)
  if (v instanceof JsonNumber) return mode === 'literal' ? v.literal : formatJsonFloat(Number(v.literal))
  if (Array.isArray(v)) return `[${v.map((x) => encodeGoJson(x, mode)).join(',')}]`
  const keys = [...v.keys()].sort(compareUtf8)
  return `{${keys.map((k) => `${encodeGoString(k)}:${encodeGoJson(v.get(k)!, mode)}`).join(',')}}`
}
