// Go's float64 text conversions as ESO reaches them (strconv.ParseFloat, FormatFloat 'f' -1, encoding/json's float encoder); knows nothing of JSON trees, Vault or ESO.

// JS Number→String and Go's shortest formatting both emit the shortest digit string that
// round-trips, picking the closest candidate, so the digits agree; only the layout (exponent,
// `-0`, infinities) needs translating.

/** Shortest round-trip digits of |f| and the decimal point position: f = 0.DIGITS × 10^point. */
function shortestDigits(f: number): { neg: boolean; digits: string; point: number } {
  const neg = f < 0 || Object.is(f, -0)
  const s = Math.abs(f).toExponential() // e.g. "1.2345e+21", shortest digits
  const e = s.indexOf('e')
  const mant = s.slice(0, e).replace('.', '')
  return { neg, digits: mant, point: Number(s.slice(e + 1)) + 1 }
}

/** strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const { neg, digits, point } = shortestDigits(f)
  let out: string
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length)
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`
  return neg ? '-' + out : out
}

/** strconv.FormatFloat(f, 'e', -1, 64): d.ddde±XX with at least two exponent digits. */
export function formatFloatE(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0e+00' : '0e+00'
  const { neg, digits, point } = shortestDigits(f)
  const exp = point - 1
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  const expText = String(Math.abs(exp)).padStart(2, '0')
  return `${neg ? '-' : ''}${mant}e${exp < 0 ? '-' : '+'}${expText}`
}

/**
 * encoding/json's floatEncoder for float64: 'f' format, except 'e' below 1e-6 or from 1e21 up,
 * where a two-digit negative exponent is trimmed (e-07 → e-7). Non-finite values cannot come
 * from decoded JSON (Go's json.Marshal would fail on them).
 */
export function formatJsonFloat(f: number): string {
  const abs = Math.abs(f)
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const s = formatFloatE(f)
    const n = s.length
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') return s.slice(0, n - 2) + s[n - 1]
    return s
  }
  return formatFloatF(f)
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

/** strconv.ParseFloat for a JSON number literal, as json.Unmarshal into float64 does; undefined on overflow (Go's range error). */
export function jsonNumberToFloat64(literal: string): number | undefined {
  const f = Number(literal)
  return Number.isFinite(f) ? f : undefined
}
