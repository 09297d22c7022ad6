// Sprig's math (numeric.go): integer math through cast.ToInt64 with int64 results (add, add1, sub,
// mul, div, mod, max, min), float math and sequences: addf/subf/mulf/divf/add1f through
// shopspring/decimal exactly as Sprig's execDecimalOp does, math.Max/Min/Floor/Ceil, Sprig's round,
// and seq.

import type { GoValue } from '../../value.ts'
import { i64, toFloat64, toInt64 } from './conversions.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { spendElements, untilStepLength } from './lists.ts'

/** A shopspring decimal: mantissa · 10^exponent, exact. */
interface Decimal {
  m: bigint
  e: number
}

/** decimal.NewFromFloat: the shortest decimal that reads back as the same float64 (which JS also prints). */
export function decimalFromFloat(f: number): Decimal {
  // shopspring panics here; Go's template engine turns the panic into the call's error.
  if (Number.isNaN(f)) throw new FuncError('Cannot create a Decimal from NaN')
  if (!Number.isFinite(f)) throw new FuncError(`Cannot create a Decimal from ${f > 0 ? '+Inf' : '-Inf'}`)
  const [coefficient, exp = '0'] = String(f).split('e')
  const [whole, frac = ''] = coefficient.split('.')
  return { m: BigInt(whole + frac), e: Number(exp) - frac.length }
}

const pow10 = (n: number) => 10n ** BigInt(n)

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e)
  return [a.m * pow10(a.e - e), b.m * pow10(b.e - e), e]
}

export const decimalAdd = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, e] = align(a, b)
  return { m: x + y, e }
}
export const decimalSub = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, e] = align(a, b)
  return { m: x - y, e }
}
export const decimalMul = (a: Decimal, b: Decimal): Decimal => ({ m: a.m * b.m, e: a.e + b.e })

/** decimal.Div: DivRound to DivisionPrecision (16) places, half away from zero. */
export function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.m === 0n) throw new FuncError('decimal division by 0')
  const k = a.e - b.e + 16
  const num = k >= 0 ? a.m * pow10(k) : a.m
  const den = k >= 0 ? b.m : b.m * pow10(-k)
  let q = num / den
  const r = num - q * den
  const abs = (x: bigint) => (x < 0n ? -x : x)
  if (2n * abs(r) >= abs(den)) q += num < 0n !== den < 0n ? -1n : 1n
  return { m: q, e: -16 }
}

/** Decimal.Float64: the nearest float64 to the exact value. */
export const decimalToFloat = (d: Decimal): number => Number(`${d.m}e${d.e}`)

function decimalOp(first: GoValue, rest: GoValue[], op: (a: Decimal, b: Decimal) => Decimal): number {
  let acc = decimalFromFloat(toFloat64(first))
  for (const x of rest) acc = op(acc, decimalFromFloat(toFloat64(x)))
  return decimalToFloat(acc)
}

/** Sprig's round: ceil when the fraction at `places` reaches roundOn (default .5), else floor. */
function round(value: GoValue, places: bigint, roundOn: number): number {
  const pow = 10 ** Number(places)
  const digit = pow * toFloat64(value)
  const frac = digit % 1
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow
}

/** Sprig's untilStep over Go ints (the list charged to the budget before it is made). */
function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  spendElements(untilStepLength(start, stop, step))
  const out: bigint[] = []
  if (stop < start) {
    if (step >= 0n) return out
    for (let i = start; i > stop; i += step) out.push(i)
    return out
  }
  if (step <= 0n) return out
  for (let i = start; i < stop; i += step) out.push(i)
  return out
}

/** Sprig's seq: like GNU seq, numbers joined by spaces. */
function seq(params: bigint[]): string {
  let list: bigint[]
  switch (params.length) {
    case 1: {
      const increment = params[0] < 1n ? -1n : 1n
      list = untilStep(1n, params[0] + increment, increment)
      break
    }
    case 2: {
      const [start, end] = params
      const step = end < start ? -1n : 1n
      list = untilStep(start, end + step, step)
      break
    }
    case 3: {
      const [start, step, end] = params
      let increment = 1n
      if (end < start) {
        increment = -1n
        if (step > 0n) return ''
      }
      list = untilStep(start, end + increment, step)
      break
    }
    default:
      return ''
  }
  return list.join(' ')
}

const A = 'any' as const

const wrap = (int: bigint): bigint => BigInt.asIntN(64, int)

export const MATH: FuncDef[] = [
  { name: 'add', params: [], variadic: A, fn: (_c, ...v) => i64(v.reduce<bigint>((a, b) => wrap(a + toInt64(b)), 0n)) },
  { name: 'add1', params: [A], fn: (_c, v) => i64(toInt64(v) + 1n) },
  { name: 'sub', params: [A, A], fn: (_c, a, b) => i64(toInt64(a) - toInt64(b)) },
  { name: 'mul', params: [A], variadic: A, fn: (_c, a, ...v) => i64(v.reduce<bigint>((x, y) => wrap(x * toInt64(y)), toInt64(a))) },
  {
    name: 'div',
    params: [A, A],
    fn: (_c, a, b) => {
      const d = toInt64(b)
      if (d === 0n) throw new FuncError('runtime error: integer divide by zero')
      return i64(toInt64(a) / d)
    },
  },
  {
    name: 'mod',
    params: [A, A],
    fn: (_c, a, b) => {
      const d = toInt64(b)
      if (d === 0n) throw new FuncError('runtime error: integer divide by zero')
      return i64(toInt64(a) % d)
    },
  },
  { name: 'max', params: [A], variadic: A, fn: (_c, a, ...v) => i64(v.reduce<bigint>((x, y) => (toInt64(y) > x ? toInt64(y) : x), toInt64(a))) },
  { name: 'min', params: [A], variadic: A, fn: (_c, a, ...v) => i64(v.reduce<bigint>((x, y) => (toInt64(y) < x ? toInt64(y) : x), toInt64(a))) },
  { name: 'add1f', params: [A], fn: (_c, a) => decimalOp(a, [1], decimalAdd) },
  { name: 'addf', params: [], variadic: A, fn: (_c, ...v) => decimalOp(0, v, decimalAdd) },
  { name: 'subf', params: [A], variadic: A, fn: (_c, a, ...v) => decimalOp(a, v, decimalSub) },
  { name: 'mulf', params: [A], variadic: A, fn: (_c, a, ...v) => decimalOp(a, v, decimalMul) },
  { name: 'divf', params: [A], variadic: A, fn: (_c, a, ...v) => decimalOp(a, v, decimalDiv) },
  { name: 'maxf', params: [A], variadic: A, fn: (_c, a, ...v) => v.reduce<number>((x, y) => Math.max(x, toFloat64(y)), toFloat64(a)) },
  { name: 'minf', params: [A], variadic: A, fn: (_c, a, ...v) => v.reduce<number>((x, y) => Math.min(x, toFloat64(y)), toFloat64(a)) },
  { name: 'floor', params: [A], fn: (_c, a) => Math.floor(toFloat64(a)) },
  { name: 'ceil', params: [A], fn: (_c, a) => Math.ceil(toFloat64(a)) },
  { name: 'round', params: [A, 'int'], variadic: 'float64', fn: (_c, a, p, ...opt) => round(a, p as bigint, opt.length ? (opt[0] as number) : 0.5) },
  { name: 'seq', params: [], variadic: 'int', fn: (_c, ...p) => seq(p as bigint[]) },
]
