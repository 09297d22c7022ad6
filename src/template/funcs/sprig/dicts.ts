// Sprig's dict functions (dict.go): dict, get, set, unset, hasKey, keys, values, pick, omit,
// pluck, dig and deepCopy, over map[string]interface{} (ESO's map[string]string root is refused
// where Go would refuse it).

import { ELEMENT_BYTES, ENTRY_BYTES, spendBytes, spendSteps } from '../../budget.ts'
import { isMap, mapGet, mapHas, mapKeys, StringMap, typeName, type GoMap, type GoString, type GoValue } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { strval, text } from './conversions.ts'

/** A deep copy, charged as it goes: a value held many times over is copied each time. */
export function deepCopy(v: GoValue): GoValue {
  spendSteps(1)
  if (Array.isArray(v)) {
    spendBytes(v.length * ELEMENT_BYTES)
    return v.map(deepCopy)
  }
  if (isMap(v) && !(v instanceof StringMap)) {
    const entries = Object.entries(v)
    spendBytes(entries.length * ENTRY_BYTES)
    return Object.fromEntries(entries.map(([k, x]) => [k, deepCopy(x)])) as GoMap
  }
  return v
}

const S = 'string' as const
const A = 'any' as const

export const DICTS: FuncDef[] = [
  {
    name: 'dict',
    params: [],
    variadic: A,
    fn: (_c, ...v) => {
      const out: GoMap = {}
      for (let i = 0; i < v.length; i += 2) out[text(strval(v[i]))] = i + 1 < v.length ? v[i + 1] : ''
      return out
    },
  },
  {
    name: 'get',
    params: ['dict', S],
    fn: (_c, d, k) => {
      const key = text(k as GoString)
      return mapHas(d as GoMap, key) ? mapGet(d as GoMap, key) : ''
    },
  },
  {
    name: 'set',
    params: ['dict', S, A],
    fn: (_c, d, k, v) => {
      ;(d as GoMap)[text(k as GoString)] = v
      return d
    },
  },
  {
    name: 'unset',
    params: ['dict', S],
    fn: (_c, d, k) => {
      delete (d as GoMap)[text(k as GoString)]
      return d
    },
  },
  { name: 'hasKey', params: ['dict', S], fn: (_c, d, k) => mapHas(d as GoMap, text(k as GoString)) },
  { name: 'keys', params: [], variadic: 'dict', fn: (_c, ...ds) => ds.flatMap((d) => Object.keys(d as GoMap)) },
  // Go ranges over the map in random order; this engine takes the keys in order, so renders repeat.
  { name: 'values', params: ['dict'], fn: (_c, d) => mapKeys(d as GoMap).map((k) => mapGet(d as GoMap, k)) },
  {
    name: 'pick',
    params: ['dict'],
    variadic: S,
    fn: (_c, d, ...ks) =>
      Object.fromEntries(
        ks
          .map((k) => text(k as GoString))
          .filter((k) => mapHas(d as GoMap, k))
          .map((k) => [k, mapGet(d as GoMap, k)]),
      ) as GoMap,
  },
  { name: 'omit', params: ['dict'], variadic: S, fn: (_c, d, ...ks) => Object.fromEntries(Object.entries(d as GoMap).filter(([k]) => !ks.some((x) => text(x as GoString) === k))) as GoMap },
  { name: 'pluck', params: [S], variadic: 'dict', fn: (_c, k, ...d) => d.filter((m) => mapHas(m as GoMap, text(k as GoString))).map((m) => mapGet(m as GoMap, text(k as GoString))) },
  {
    name: 'dig',
    params: [],
    variadic: A,
    fn: (_c, ...args) => {
      if (args.length < 3) throw new FuncError('dig needs at least three arguments')
      const dict = args[args.length - 1]
      const def = args[args.length - 2]
      if (!isMap(dict) || dict instanceof StringMap) throw new FuncError(`interface conversion: interface {} is ${typeName(dict)}, not map[string]interface {}`)
      let cur: GoValue = dict
      for (const k of args.slice(0, -2)) {
        const key = text(strval(k))
        if (!isMap(cur) || cur instanceof StringMap || !mapHas(cur, key)) return def
        cur = mapGet(cur, key)
      }
      return cur
    },
  },
  { name: 'deepCopy', params: [A], fn: (_c, v) => deepCopy(v) },
]
