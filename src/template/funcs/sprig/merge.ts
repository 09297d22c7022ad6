// Sprig's merge, mustMerge, mergeOverwrite and mustMergeOverwrite: dario.cat/mergo v1 (the version
// ESO's Sprig fork builds with) applied to map[string]interface{} values, as its deepMerge walks
// them. The first dict is changed in place, as in Go (maps are references).

import { spendSteps } from '../../budget.ts'
import { isMap, mapGet, mapKeys, StringMap, type GoMap, type GoValue } from '../../value.ts'
import { empty } from './defaults.ts'
import type { FuncDef } from '../registry.ts'

const isDict = (v: GoValue): v is GoMap => isMap(v) && !(v instanceof StringMap)

/** mergo's deepMerge over two maps (dst changed in place). */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  const keys = mapKeys(src)
  // Sorting the keys, a step each; and a step per key merged: a map that holds itself is walked again at every level.
  spendSteps(keys.length)
  for (const key of keys) {
    spendSteps(1)
    const srcElement = mapGet(src, key)
    const present = Object.hasOwn(dst, key)
    const dstElement = present ? dst[key] : undefined
    // A nil interface{} in src: only an overwrite copies it.
    if (srcElement === null || srcElement === undefined) {
      if (overwrite) dst[key] = null
      continue
    }
    if (isDict(srcElement)) {
      // Recursion reaches only a map in dst; anything else is left for the rule below.
      if (present && isDict(dstElement)) mergeInto(dstElement, srcElement, overwrite)
    } else if (Array.isArray(srcElement)) {
      // mergo sets the slice first: src's when overwriting (or when dst as a whole is empty), else dst's own.
      if (overwrite || Object.keys(dst).length === 0) dst[key] = srcElement
      else if (!present) dst[key] = []
    }
    const dstNonEmpty = present && !empty(dstElement)
    if (dstNonEmpty && (Array.isArray(srcElement) || (isDict(srcElement) && isDict(dstElement)))) continue
    if (overwrite || !present || !dstNonEmpty) dst[key] = srcElement
  }
}

function merger(name: string, overwrite: boolean): FuncDef {
  return {
    name,
    params: ['dict'],
    variadic: 'dict',
    fn: (_ctx, dst, ...srcs) => {
      for (const src of srcs) mergeInto(dst as GoMap, src as GoMap, overwrite)
      return dst
    },
  }
}

// mergo fails only on inputs a template cannot build (pointers, mismatched struct types), so the
// must* variants behave like the plain ones here.
export const MERGE: FuncDef[] = [merger('merge', false), merger('mustMerge', false), merger('mergeOverwrite', true), merger('mustMergeOverwrite', true)]
