// Sprig's list functions (list.go): list, first, last, rest, initial, append, prepend, reverse,
// concat, uniq, has, without, compact, sortAlpha, chunk, slice, until and untilStep, with Go's
// reflect panics as errors. until and untilStep charge the list they make before making it.

import { ELEMENT_BYTES, spendBytes } from '../../budget.ts'
import { bytesOf, type GoValue } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { strslice, strval, toInt64 } from './conversions.ts'
import { empty } from './defaults.ts'
import { deepEqual, kindName } from './reflect.ts'

function list(v: GoValue, fn: string): GoValue[] {
  if (Array.isArray(v)) return v
  throw new FuncError(`Cannot ${fn} on type ${v === undefined || v === null ? 'invalid' : kindName(v)}`)
}

function uniq(l: GoValue[]): GoValue[] {
  const out: GoValue[] = []
  for (const x of l) if (!out.some((y) => deepEqual(x, y))) out.push(x)
  return out
}

/** Sprig's mustSlice: slices and arrays only; Go's reflect bounds; an empty list gives nil. */
function sprigSlice(l: GoValue, ix: GoValue[]): GoValue {
  if (l === null || l === undefined) throw new FuncError('runtime error: invalid memory address or nil pointer dereference')
  if (!Array.isArray(l)) throw new FuncError(`list should be type of slice or array but ${kindName(l)}`)
  if (l.length === 0) return null
  // Sprig's toInt is cast.ToInt: Go int, 64 bits here.
  const start = ix.length > 0 ? toInt64(ix[0]) : 0n
  const end = ix.length > 1 ? toInt64(ix[1]) : BigInt(l.length)
  if (start < 0n || end < start || end > BigInt(l.length)) throw new FuncError('reflect.Value.Slice: slice index out of bounds')
  return l.slice(Number(start), Number(end))
}

/** The length of Sprig's untilStep(start, stop, step) list, without making it. */
export function untilStepLength(start: bigint, stop: bigint, step: bigint): bigint {
  if (step === 0n) return 0n
  if (start < stop) return step < 0n ? 0n : (stop - start + step - 1n) / step
  return step > 0n ? 0n : (start - stop - step - 1n) / -step
}

/** Charges a list of `n` elements to the budget before it is made. */
export function spendElements(n: bigint | number): void {
  // Past 2^53 elements the product is no longer exact, and no longer matters.
  spendBytes(Number(n) * ELEMENT_BYTES)
}

const A = 'any' as const
const I = 'int' as const

export const LISTS: FuncDef[] = [
  { name: 'list', params: [], variadic: A, fn: (_c, ...v) => v },
  { name: 'first', params: [A], fn: (_c, v) => list(v, 'find first').at(0) ?? null },
  { name: 'last', params: [A], fn: (_c, v) => list(v, 'find last').at(-1) ?? null },
  { name: 'rest', params: [A], fn: (_c, v) => list(v, 'find rest').slice(1) },
  { name: 'initial', params: [A], fn: (_c, v) => list(v, 'find initial').slice(0, -1) },
  { name: 'append', params: [A, A], fn: (_c, l, v) => [...list(l, 'push'), v] },
  { name: 'prepend', params: [A, A], fn: (_c, l, v) => [v, ...list(l, 'prepend')] },
  { name: 'reverse', params: [A], fn: (_c, v) => [...list(v, 'find reverse')].reverse() },
  {
    name: 'concat',
    params: [],
    variadic: A,
    fn: (_c, ...ls) => {
      const lists = ls.map((l) => list(l, 'concat'))
      spendElements(lists.reduce((n, l) => n + l.length, 0))
      return lists.flat()
    },
  },
  { name: 'uniq', params: [A], fn: (_c, v) => uniq(list(v, 'find uniq')) },
  { name: 'has', params: [A, A], fn: (_c, needle, hay) => (hay === null || hay === undefined ? false : list(hay, 'find has').some((x) => deepEqual(x, needle))) },
  { name: 'without', params: [A], variadic: A, fn: (_c, l, ...omit) => list(l, 'find without').filter((x) => !omit.some((o) => deepEqual(o, x))) },
  { name: 'compact', params: [A], fn: (_c, l) => list(l, 'compact').filter((x) => !empty(x)) },
  {
    name: 'sortAlpha',
    params: [A],
    fn: (_c, v) => {
      // Sprig: strslice of a list, else a one-element list of the value's strval.
      const items = Array.isArray(v) ? strslice(v) : [strval(v)]
      return items.sort((a, b) => Buffer.compare(Buffer.from(bytesOf(a)), Buffer.from(bytesOf(b))))
    },
  },
  {
    name: 'chunk',
    params: [I, A],
    fn: (_c, size, l) => {
      // Sprig's mustChunk, float arithmetic and all: sizes of 0 and below give Go's panics or oddities.
      const n = Number(size)
      const items = list(l, 'chunk')
      const makeslice = (len: number) => {
        if (!(len >= 0) || len > 2 ** 50) throw new FuncError('runtime error: makeslice: len out of range')
      }
      const chunks = Math.floor((items.length - 1) / n) + 1
      makeslice(chunks)
      spendElements(items.length)
      const out: GoValue[] = []
      for (let i = 0; i < chunks; i++) {
        let clen = n
        if (i === chunks - 1) clen = Math.floor(items.length % n) || n
        makeslice(clen)
        if (i * n + clen > items.length) throw new FuncError('reflect: slice index out of range')
        out.push(items.slice(i * n, i * n + clen))
      }
      return out
    },
  },
  { name: 'slice', params: [A], variadic: A, fn: (_c, l, ...ix) => sprigSlice(l, ix) },
  { name: 'mustSlice', params: [A], variadic: A, fn: (_c, l, ...ix) => sprigSlice(l, ix) },
  {
    name: 'until',
    params: [I],
    fn: (_c, n) => {
      const c = Number(n)
      spendElements(Math.abs(c))
      const out: GoValue[] = []
      for (let i = 0; c >= 0 ? i < c : i > c; c >= 0 ? i++ : i--) out.push(BigInt(i))
      return out
    },
  },
  {
    name: 'untilStep',
    params: [I, I, I],
    fn: (_c, start, stop, step) => {
      const out: GoValue[] = []
      const [a, b, st] = [start as bigint, stop as bigint, step as bigint]
      spendElements(untilStepLength(a, b, st))
      if (st === 0n) return out
      if (a < b) {
        if (st < 0n) return out
        for (let i = a; i < b; i += st) out.push(i)
      } else {
        if (st > 0n) return out
        for (let i = a; i > b; i += st) out.push(i)
      }
      return out
    },
  },
]
