// Sprig's defaults and flow control (defaults.go and functions.go): default, empty, coalesce,
// ternary, all, any and fail, and `empty` itself, Sprig's notion of a zero value, which the list
// and merge functions share.

import { GoFunc, isTrue, type GoString, type GoValue } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { text } from './conversions.ts'

/** Sprig's empty: the zero value of its kind. */
export function empty(v: GoValue): boolean {
  if (v === undefined || v === null) return true
  if (v instanceof GoFunc) return false
  return !isTrue(v)
}

const S = 'string' as const
const A = 'any' as const
const str = (v: GoValue) => v as GoString

export const DEFAULTS: FuncDef[] = [
  { name: 'default', params: [A], variadic: A, fn: (_c, d, ...given) => (!given.length || empty(given[0]) ? d : given[0]) },
  { name: 'empty', params: [A], fn: (_c, v) => empty(v) },
  { name: 'coalesce', params: [], variadic: A, fn: (_c, ...v) => v.find((x) => !empty(x)) ?? null },
  { name: 'ternary', params: [A, A, 'bool'], fn: (_c, t, f, b) => (b ? t : f) },
  { name: 'all', params: [], variadic: A, fn: (_c, ...v) => v.every((x) => !empty(x)) },
  { name: 'any', params: [], variadic: A, fn: (_c, ...v) => v.some((x) => !empty(x)) },
  // The message is the template author's, not data: Go prints it, and so does this.
  {
    name: 'fail',
    params: [S],
    fn: (_c, msg) => {
      throw new FuncError(text(str(msg)))
    },
  },
]
