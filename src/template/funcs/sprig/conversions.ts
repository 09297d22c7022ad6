// Sprig's conversions (cast's ToInt64 and ToFloat64 as ESO's Sprig builds with them, strval,
// strslice, toDecimal) and the functions that expose them: toString, toStrings, int, int64,
// float64, atoi, toDecimal. The other families convert their arguments through these, and through
// text/bin/unbin, which view a Go string as JS text or as a byte string.

import { formatValue } from '../../fmt.ts'
import { bytesOf, fromBytes, GoTypedInt, GoUint8, isGoString, type GoString, type GoValue } from '../../value.ts'
import type { FuncDef } from '../registry.ts'
import { parseFloat64, parseInt64 } from '../../../go/strconv.ts'

const dec = new TextDecoder()
/** A Go string as JS text (invalid UTF-8 bytes become U+FFFD). */
export const text = (s: GoString) => (typeof s === 'string' ? s : dec.decode(s.bytes))
/** Sprig's int64 results (int64, add, sub, max...): a Go int64, not an int. */
export const i64 = (int: bigint): GoTypedInt => new GoTypedInt('int64', int)
export const noFlags = { minus: false, plus: false, sharp: false, space: false, zero: false }

/** A Go string as a binary string: one char (0-255) per byte. */
export function bin(s: GoString): string {
  return Buffer.from(bytesOf(s)).toString('latin1')
}

/** A binary string back to a Go string. */
export function unbin(b: string): GoString {
  return fromBytes(Buffer.from(b, 'latin1'))
}

/** Sprig's strval: strings as they are, everything else through fmt's %v. */
export function strval(v: GoValue): GoString {
  if (isGoString(v)) return v
  if (v === undefined || v === null) return '<nil>'
  return formatValue(v, 'v', noFlags)
}

/** Sprig's strslice: a list's non-nil elements as strings; nil → []; anything else → [strval]. */
export function strslice(v: GoValue): GoString[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval)
  if (v === null || v === undefined) return []
  return [strval(v)]
}

/**
 * cast.ToInt64 (spf13/cast v1.10, as ESO builds Sprig): numbers convert as Go does (floats
 * truncate), bool is 0/1, strings parse with strconv.ParseInt(s, 0, 64) after cast's trimDecimal
 * ("3.9" → 3; no space trimming); any error gives 0.
 */
export function toInt64(v: GoValue): bigint {
  if (typeof v === 'bigint') return v
  if (v instanceof GoUint8) return BigInt(v.value)
  if (v instanceof GoTypedInt) return BigInt.asIntN(64, v.value)
  // Go's float64→int64 conversion on amd64: out of range (or NaN) gives the minimum int64.
  if (typeof v === 'number') return Number.isFinite(v) && Math.abs(v) < 2 ** 63 ? BigInt(Math.trunc(v)) : -(2n ** 63n)
  if (typeof v === 'boolean') return v ? 1n : 0n
  if (isGoString(v)) return parseInt64(trimDecimal(text(v))) ?? 0n
  return 0n
}

/** cast's trimDecimal: "12.50" → "12", "-.5" → "-0", "." → "0"; anything else as it is. */
function trimDecimal(s: string): string {
  if (!s.includes('.')) return s
  const m = /^([-+]?\d*)(\.\d*)?$/.exec(s)
  if (!m) return s
  return m[1] === '-' || m[1] === '+' ? m[1] + '0' : m[1] === '' ? '0' : m[1]
}

/** cast.ToFloat64: strings through strconv.ParseFloat(s, 64) (Go syntax, inf/nan too); errors give 0. */
export function toFloat64(v: GoValue): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof GoUint8) return v.value
  if (v instanceof GoTypedInt) return Number(v.value)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (isGoString(v)) {
    const t = text(v)
    if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity
    if (/^[+-]?nan$/i.test(t)) return NaN
    return parseFloat64(t) ?? 0
  }
  return 0
}

function toDecimal(v: GoValue): bigint {
  const m = /^([+-]?)([0-7]+)$/.exec(text(strval(v)))
  if (!m) return 0n
  const magnitude = BigInt('0o' + m[2])
  const value = m[1] === '-' ? -magnitude : magnitude
  // Out of int64's range is strconv.ErrRange: 0 as well.
  return value > 2n ** 63n - 1n || value < -(2n ** 63n) ? 0n : value
}

const S = 'string' as const
const A = 'any' as const

export const CONVERSIONS: FuncDef[] = [
  { name: 'toString', params: [A], fn: (_c, v) => strval(v) },
  { name: 'toStrings', params: [A], fn: (_c, v) => strslice(v) },
  { name: 'int', params: [A], fn: (_c, v) => toInt64(v) },
  { name: 'int64', params: [A], fn: (_c, v) => i64(toInt64(v)) },
  { name: 'float64', params: [A], fn: (_c, v) => toFloat64(v) },
  {
    name: 'atoi',
    params: [S],
    fn: (_c, s) => {
      const t = text(s as GoString)
      return /^[+-]?\d+$/.test(t) ? BigInt(t) : 0n
    },
  },
  { name: 'toDecimal', params: [A], fn: (_c, v) => new GoTypedInt('int64', toDecimal(v)) },
]
