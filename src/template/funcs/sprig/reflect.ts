// Sprig's reflection functions (reflect.go): kindOf, kindIs, typeOf, typeIs, typeIsLike and
// deepEqual, over the value model's Go types; kindName and deepEqual serve the other families too.

import { bytesOf, GoComplex, GoFunc, GoObject, GoTypedInt, GoUint8, isGoString, isMap, mapGet, mapKeys, StringMap, typeName, type GoString, type GoValue } from '../../value.ts'
import { spendSteps } from '../../budget.ts'
import type { FuncDef } from '../registry.ts'
import { text } from './conversions.ts'

/** reflect.Kind's name for a value ("invalid" for nil). */
export function kindName(v: GoValue): string {
  if (v === undefined || v === null) return 'invalid'
  if (isGoString(v)) return 'string'
  if (typeof v === 'number') return 'float64'
  if (typeof v === 'bigint') return 'int'
  if (typeof v === 'boolean') return 'bool'
  if (v instanceof GoUint8) return 'uint8'
  if (v instanceof GoTypedInt) return v.type
  if (v instanceof GoComplex) return 'complex128'
  if (v instanceof GoFunc) return 'func'
  if (v instanceof GoObject) return v.kind
  if (Array.isArray(v)) return 'slice'
  return 'map'
}

/** Go's reflect.DeepEqual over the value model (typed: int 1 and float64 1 differ). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  // A step per comparison: uniq, has and without compare each element with many others.
  spendSteps(1)
  if (a === b) return true
  if (typeof a !== typeof b) return false
  if (isGoString(a) && isGoString(b)) return Buffer.from(bytesOf(a)).equals(Buffer.from(bytesOf(b)))
  if (a instanceof GoUint8 && b instanceof GoUint8) return a.value === b.value
  if (a instanceof GoTypedInt && b instanceof GoTypedInt) return a.type === b.type && a.value === b.value
  if (a instanceof GoObject && b instanceof GoObject) return a.type === b.type && (a.deepEquals ?? a.equals ?? ((o) => o === a))(b)
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isMap(a) && isMap(b) && a instanceof StringMap === b instanceof StringMap) {
    const ka = mapKeys(a)
    const kb = mapKeys(b)
    spendSteps(ka.length + kb.length)
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(mapGet(a, k), mapGet(b, k)))
  }
  return false
}

const S = 'string' as const
const A = 'any' as const

export const REFLECT: FuncDef[] = [
  { name: 'kindOf', params: [A], fn: (_c, v) => kindName(v) },
  { name: 'kindIs', params: [S, A], fn: (_c, t, v) => text(t as GoString) === kindName(v) },
  { name: 'typeOf', params: [A], fn: (_c, v) => typeName(v) },
  { name: 'typeIs', params: [S, A], fn: (_c, t, v) => text(t as GoString) === typeName(v) },
  { name: 'typeIsLike', params: [S, A], fn: (_c, t, v) => text(t as GoString) === typeName(v) || `*${text(t as GoString)}` === typeName(v) },
  { name: 'deepEqual', params: [A, A], fn: (_c, a, b) => deepEqual(a, b) },
]
