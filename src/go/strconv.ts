// Go's strconv as templates, ESO's values and the other ports reach it: FormatFloat in every
// format Go has (e E f g G, shortest or to a precision, and the x X b forms fmt's verbs use),
// Quote and CanBackquote over a string's bytes, ParseInt/ParseUint with base 0, ParseFloat for Go
// number syntax, and ParseFloat with its error ignored (gjson's way). Knows nothing of templates.

import { decodeRune } from './utf8.ts'

// --- FormatFloat ---

/** Decimal digits of a float: value = 0.digits × 10^point; no trailing zeros; zero is ('', 0). */
interface Digits {
  d: string
  dp: number
}

/** The shortest digits that read back as `a` (a ≥ 0), as strconv's shortest mode finds them. */
function shortestDigits(a: number): Digits {
  if (a === 0) return { d: '', dp: 0 }
  const [mant, e] = a.toExponential().split('e')
  const d = mant.replace('.', '').replace(/0+$/, '')
  return { d, dp: Number(e) + 1 }
}

/** The shortest digits that read back as the float32 `a` (a ≥ 0): the correctly rounded ones of the fewest digits that round-trip. */
function shortestDigits32(a: number): Digits {
  if (a === 0) return { d: '', dp: 0 }
  for (let p = 1; p < 9; p++) {
    const s = a.toPrecision(p)
    if (Math.fround(Number(s)) === a) return shortestDigits(Number(s))
  }
  return shortestDigits(Number(a.toPrecision(9)))
}

/** Every decimal digit of `a` (a ≥ 0, finite): doubles are dyadic, so the expansion ends. */
function exactDigits(a: number): Digits {
  if (a === 0) return { d: '', dp: 0 }
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, a)
  const bits = buf.getBigUint64(0)
  const e = Number((bits >> 52n) & 0x7ffn)
  let mant = bits & ((1n << 52n) - 1n)
  const exp = e === 0 ? -1074 : e - 1075
  if (e !== 0) mant |= 1n << 52n
  let s: string
  let dp: number
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString()
    dp = s.length
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString()
    dp = s.length + exp
  }
  return { d: s.replace(/0+$/, ''), dp }
}

/** strconv's decimal.Round: to nd digits, halves to even (the digits are exact). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x
  const up = x.d[nd] === '5' && nd + 1 === x.d.length ? nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1 : x.d[nd] >= '5'
  if (!up) {
    const d = x.d.slice(0, nd).replace(/0+$/, '')
    return { d, dp: d === '' ? 0 : x.dp }
  }
  for (let i = nd - 1; i >= 0; i--) {
    if (x.d[i] < '9') return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp }
  }
  return { d: '1', dp: x.dp + 1 }
}

function fmtE(x: Digits, prec: number, e: string): string {
  let out = x.d.length ? x.d[0] : '0'
  if (prec > 0) out += '.' + x.d.slice(1, prec + 1).padEnd(prec, '0')
  const exp = x.d.length === 0 ? 0 : x.dp - 1
  return `${out}${e}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
}

function fmtF(x: Digits, prec: number): string {
  let out = x.dp > 0 ? x.d.slice(0, x.dp).padEnd(x.dp, '0') : '0'
  if (prec > 0) {
    out += '.'
    for (let i = 0; i < prec; i++) {
      const j = x.dp + i
      out += j >= 0 && j < x.d.length ? x.d[j] : '0'
    }
  }
  return out
}

/** strconv.FormatFloat(f, fmt, prec, bitSize) for the decimal formats e, E, f, g, G (prec < 0: shortest). */
function formatDecimal(f: number, fmtc: string, prec: number, bitSize: 32 | 64 = 64): string {
  if (bitSize === 32) f = Math.fround(f)
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  const neg = f < 0 || Object.is(f, -0)
  const a = Math.abs(f)
  const shortest = prec < 0
  const lower = fmtc.toLowerCase()
  let x: Digits
  if (shortest) {
    x = bitSize === 32 ? shortestDigits32(a) : shortestDigits(a)
    prec = lower === 'e' ? Math.max(x.d.length - 1, 0) : lower === 'f' ? Math.max(x.d.length - x.dp, 0) : x.d.length
  } else {
    const exact = exactDigits(a)
    if (lower === 'e') x = roundDigits(exact, prec + 1)
    else if (lower === 'f') x = roundDigits(exact, exact.dp + prec)
    else {
      if (prec === 0) prec = 1
      x = roundDigits(exact, prec)
    }
  }
  const sign = neg ? '-' : ''
  const e = fmtc === 'E' || fmtc === 'G' ? 'E' : 'e'
  if (lower === 'e') return sign + fmtE(x, prec, e)
  if (lower === 'f') return sign + fmtF(x, prec)
  // %g: %e when the exponent is < -4 or ≥ the precision (6 when shortest).
  let eprec = prec
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length
  if (shortest) eprec = 6
  const exp = x.dp - 1
  if (exp < -4 || exp >= eprec) {
    if (prec > x.d.length) prec = x.d.length
    return sign + fmtE(x, prec - 1, e)
  }
  if (prec > x.dp) prec = x.d.length
  return sign + fmtF(x, Math.max(prec - x.dp, 0))
}

/**
 * strconv.FormatFloat(f, fmt, prec, 64): fmt is one of e E f g G x X b; prec < 0 is the shortest
 * precision that reads back as f (JS's Number→String finds the same digits).
 */
export function formatFloat(f: number, fmt: string, prec: number): string {
  if (fmt === 'x' || fmt === 'X') return hexFloat(f, fmt, prec)
  if (fmt === 'b') return binaryFloat(f)
  return formatDecimal(f, fmt, prec)
}

/** strconv.FormatFloat(f, fmt, prec, 32) for the decimal formats e, E, f, g, G: f rounded to a float32 first, shortest digits a float32's. */
export function formatFloat32(f: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  return formatDecimal(f, fmt, prec, 32)
}

function floatBits(x: number): { neg: boolean; exp: number; mant: bigint } {
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, x)
  const bits = buf.getBigUint64(0)
  const e = Number((bits >> 52n) & 0x7ffn)
  let mant = bits & ((1n << 52n) - 1n)
  let exp = e
  if (e === 0) exp++
  else mant |= 1n << 52n
  return { neg: bits >> 63n === 1n, exp: exp - 1023, mant }
}

/** strconv's %b: decimal mantissa, binary exponent (-ddddp±ddd). */
function binaryFloat(x: number): string {
  if (!Number.isFinite(x)) return formatDecimal(x, 'g', -1)
  const { neg, exp, mant } = floatBits(x)
  const e = exp - 52
  return `${neg ? '-' : ''}${mant}p${e >= 0 ? '+' : '-'}${Math.abs(e)}`
}

/** strconv's fmtX: hexadecimal mantissa rounded to prec digits (shortest when prec < 0), binary exponent. */
function hexFloat(x: number, verb: string, prec: number): string {
  if (!Number.isFinite(x)) return formatDecimal(x, 'g', -1)
  let { neg, exp, mant } = floatBits(x)
  if (mant === 0n) exp = 0
  const ONE = 1n << 60n
  mant <<= 8n
  while (mant !== 0n && (mant & ONE) === 0n) {
    mant <<= 1n
    exp--
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4)
    const extra = (mant << shift) & (ONE - 1n)
    mant >>= 60n - shift
    if ((extra | (mant & 1n)) > 1n << 59n) mant++
    mant <<= 60n - shift
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n
      exp++
    }
  }
  const hex = (d: bigint) => d.toString(16)
  let out = `${neg ? '-' : ''}0x${(mant >> 60n) & 1n}`
  mant = (mant << 4n) & ((1n << 64n) - 1n)
  if (prec < 0 && mant !== 0n) {
    out += '.'
    while (mant !== 0n) {
      out += hex((mant >> 60n) & 15n)
      mant = (mant << 4n) & ((1n << 64n) - 1n)
    }
  } else if (prec > 0) {
    out += '.'
    for (let i = 0; i < prec; i++) {
      out += hex((mant >> 60n) & 15n)
      mant = (mant << 4n) & ((1n << 64n) - 1n)
    }
  }
  out += `p${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return verb === 'X' ? out.toUpperCase() : out
}

// --- Quote, IsPrint, CanBackquote ---

/** strconv.IsPrint: Unicode's letters, marks, numbers, punctuation and symbols, and the ASCII space (no other space separator). */
export const isPrint = (cp: number) => cp === 0x20 || (cp > 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp !== 0xad && /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp)))

/** strconv.Quote over a string's bytes (asciiOnly: QuoteToASCII); quote `'` quotes a rune (QuoteRune). Invalid UTF-8 bytes print as \xNN. */
export function quote(bytes: Uint8Array, asciiOnly = false, quote = '"'): string {
  let out = quote
  for (let i = 0; i < bytes.length; ) {
    const [cp, size] = decodeRune(bytes, i)
    if (size === 1 && cp === 0xfffd) {
      out += `\\x${bytes[i].toString(16).padStart(2, '0')}`
      i++
      continue
    }
    i += size
    const ch = String.fromCodePoint(cp)
    if (ch === quote || ch === '\\') out += '\\' + ch
    else if (cp < 0x80 ? isPrint(cp) : !asciiOnly && isPrint(cp)) out += ch
    else {
      const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' }
      if (esc[cp]) out += esc[cp]
      else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`
      else out += `\\U${cp.toString(16).padStart(8, '0')}`
    }
  }
  return out + quote
}

/** strconv.CanBackquote. */
export function canBackquote(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; ) {
    const [r, w] = decodeRune(b, i)
    i += w
    if (w > 1) {
      if (r === 0xfeff) return false
      continue
    }
    if (r === 0xfffd) return false
    if ((r < 0x20 && r !== 9) || r === 0x60 || r === 0x7f) return false
  }
  return true
}

// --- ParseInt, ParseUint, ParseFloat ---

const MAX_U64 = (1n << 64n) - 1n
const MIN_I64 = -(1n << 63n)
const MAX_I64 = (1n << 63n) - 1n

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^'
  let i = 0
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1)
  let hex = false
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2
    saw = '0'
    hex = s[1] === 'x' || s[1] === 'X'
  }
  for (; i < s.length; i++) {
    const c = s[i]
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0'
      continue
    }
    if (c === '_') {
      if (saw !== '0') return false
      saw = '_'
      continue
    }
    if (saw === '_') return false
    saw = '!'
  }
  return saw !== '_'
}

function digitValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48
  const l = c.toLowerCase()
  if (l >= 'a' && l <= 'z') return l.charCodeAt(0) - 87
  return 99
}

/** strconv.ParseUint(s, 0, 64); undefined on any error. */
export function parseUint(s: string): bigint | undefined {
  if (s === '') return undefined
  const s0 = s
  let base = 10
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) [base, s] = [2, s.slice(2)]
    else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) [base, s] = [8, s.slice(2)]
    else if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) [base, s] = [16, s.slice(2)]
    else [base, s] = [8, s.slice(1)]
  }
  let n = 0n
  let underscores = false
  for (const c of s) {
    if (c === '_') {
      underscores = true
      continue
    }
    const d = digitValue(c)
    if (d >= base) return undefined
    n = n * BigInt(base) + BigInt(d)
  }
  if (underscores && !underscoreOK(s0)) return undefined
  return n <= MAX_U64 ? n : undefined
}

/** strconv.ParseInt(s, 0, 64); undefined on any error. */
export function parseInt64(s: string): bigint | undefined {
  if (s === '') return undefined
  let neg = false
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  const u = parseUint(s)
  if (u === undefined) return undefined
  const v = neg ? -u : u
  return v >= MIN_I64 && v <= MAX_I64 ? v : undefined
}

/** strconv.ParseFloat(s, 64) for Go number syntax (decimal, hex with a p exponent); undefined on error or overflow. */
export function parseFloat64(s: string): number | undefined {
  if (!underscoreOK(s) && s.includes('_')) return undefined
  const clean = s.replace(/_/g, '')
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(clean)
  let f: number
  if (hex) {
    const [, sign, whole, frac = '', exp] = hex
    if (whole === '' && frac === '') return undefined
    // Exact: the mantissa is an integer scaled by a power of two, rounded once by Number().
    const mant = BigInt('0x' + (whole + frac || '0'))
    const e = Number(exp) - 4 * frac.length
    f = scaleBinary(mant, e)
    if (sign === '-') f = -f
  } else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
    f = Number(clean)
  } else return undefined
  return Number.isFinite(f) ? f : undefined
}

function scaleBinary(mant: bigint, e: number): number {
  // mant·2^e written out as an exact decimal, so Number() rounds it once, correctly.
  if (e >= 0) return Number((mant << BigInt(e)).toString())
  const digits = (mant * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0')
  return Number(`${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`)
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/

/**
 * strconv.ParseFloat(s, 64) with the error ignored, as gjson uses it: syntax errors give 0,
 * overflow gives ±Inf. Hex floats and `_` separators (rare, never in JSON text) are treated as
 * syntax errors here.
 */
export function parseGoFloat(s: string): number {
  if (DECIMAL.test(s)) return Number(s)
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(s)
  if (!m) return 0
  if (m[2].toLowerCase() === 'nan') return NaN
  return m[1] === '-' ? -Infinity : Infinity
}
