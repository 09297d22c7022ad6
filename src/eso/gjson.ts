// The part of tidwall/gjson's path language that ESO's `remoteRef.property` reaches, evaluated over
// a parsed secret: dotted keys with `\` escapes, `*`/`?` wildcards, array indexes, `#` (length),
// `#.key` projections, `#(key op value)` / `#(...)#` queries, `|` pipes and the @this, @reverse,
// @keys, @values, @flatten modifiers. Results behave like gjson's Result.String() and Raw.

import { JsonNumber, type JsonValue } from '../vault/json.ts'
import { encodeGoJson, formatFloatF } from './go-json.ts'

export type GjsonType = 'String' | 'Number' | 'True' | 'False' | 'Null' | 'JSON'

export interface GjsonResult {
  type: GjsonType
  /** The JSON text of the result (for strings: quoted). */
  raw: string
  /** gjson's Result.String(). */
  str(): string
}

function resultOf(v: JsonValue): GjsonResult {
  if (v === null) return { type: 'Null', raw: 'null', str: () => '' }
  if (v === true) return { type: 'True', raw: 'true', str: () => 'true' }
  if (v === false) return { type: 'False', raw: 'false', str: () => 'false' }
  if (typeof v === 'string') return { type: 'String', raw: encodeGoJson(v), str: () => v }
  if (v instanceof JsonNumber) {
    // gjson returns an integer's raw text, and re-prints anything with a fraction or exponent.
    const raw = v.literal
    return { type: 'Number', raw, str: () => (/^-?\d+$/.test(raw) ? raw : formatFloatF(Number(raw))) }
  }
  const raw = encodeGoJson(v)
  return { type: 'JSON', raw, str: () => raw }
}

/** Splits a path into components at unescaped `.` and `|`, keeping `#(...)` queries whole. */
function splitPath(path: string): { part: string; pipe: boolean }[] {
  const parts: { part: string; pipe: boolean }[] = []
  let cur = ''
  let depth = 0
  let pipe = false
  for (let i = 0; i < path.length; i++) {
    const c = path[i]
    if (c === '\\' && i + 1 < path.length) {
      cur += c + path[i + 1]
      i++
      continue
    }
    if (c === '(') depth++
    else if (c === ')') depth--
    if (depth === 0 && (c === '.' || c === '|')) {
      parts.push({ part: cur, pipe })
      pipe = c === '|'
      cur = ''
      continue
    }
    cur += c
  }
  parts.push({ part: cur, pipe })
  return parts
}

function unescape(part: string): string {
  return part.replace(/\\(.)/g, '$1')
}

function hasWildcard(part: string): boolean {
  return /(^|[^\\])[*?]/.test(part)
}

function wildcardMatch(pattern: string, key: string): boolean {
  let re = '^'
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    else if (c === '*') re += '.*'
    else if (c === '?') re += '.'
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(re + '$', 's').test(key)
}

function compareQuery(value: JsonValue | undefined, op: string, rhs: string): boolean {
  if (value === undefined) return false
  let right: JsonValue
  const r = rhs.trim()
  if (r.startsWith('"') && r.endsWith('"')) right = r.slice(1, -1)
  else if (r === 'true') right = true
  else if (r === 'false') right = false
  else if (r === 'null') right = null
  else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(r)) right = new JsonNumber(r)
  else right = r
  if (op === '%' || op === '!%') {
    if (typeof value !== 'string' || typeof right !== 'string') return false
    const m = wildcardMatch(right, value)
    return op === '%' ? m : !m
  }
  const lnum = value instanceof JsonNumber ? Number(value.literal) : undefined
  const rnum = right instanceof JsonNumber ? Number(right.literal) : undefined
  let cmp: number
  if (lnum !== undefined && rnum !== undefined) cmp = lnum < rnum ? -1 : lnum > rnum ? 1 : 0
  else if (typeof value === 'string' && typeof right === 'string') cmp = value < right ? -1 : value > right ? 1 : 0
  else if (typeof value === 'boolean' && typeof right === 'boolean') cmp = value === right ? 0 : value ? 1 : -1
  else return op === '!='
  switch (op) {
    case '==':
      return cmp === 0
    case '!=':
      return cmp !== 0
    case '<':
      return cmp < 0
    case '<=':
      return cmp <= 0
    case '>':
      return cmp > 0
    case '>=':
      return cmp >= 0
  }
  return false
}

function runQuery(arr: JsonValue[], query: string, all: boolean): JsonValue | undefined {
  const m = /^(.*?)(==|!=|<=|>=|<|>|!%|%)(.*)$/s.exec(query)
  const matches = arr.filter((el) => {
    if (!m) {
      // `#(key)`: elements where the path exists.
      return getValue(el, query.trim()) !== undefined
    }
    const [, lhs, op, rhs] = m
    const left = lhs.trim() === '' ? el : getValue(el, lhs.trim())
    return compareQuery(left, op, rhs)
  })
  if (all) return matches
  return matches[0]
}

function applyModifier(v: JsonValue, name: string): JsonValue | undefined {
  switch (name) {
    case 'this':
      return v
    case 'reverse':
      if (Array.isArray(v)) return [...v].reverse()
      if (v instanceof Map) return new Map([...v].reverse())
      return v
    case 'keys':
      return v instanceof Map ? [...v.keys()] : []
    case 'values':
      return v instanceof Map ? [...v.values()] : Array.isArray(v) ? v : []
    case 'flatten':
      return Array.isArray(v) ? v.flatMap((x) => (Array.isArray(x) ? x : [x])) : v
    default:
      return undefined
  }
}

function step(v: JsonValue | undefined, part: string, rest: { part: string; pipe: boolean }[]): JsonValue | undefined {
  if (v === undefined) return undefined
  if (part.startsWith('@')) return applyModifier(v, part.slice(1))
  if (Array.isArray(v)) {
    if (part === '#') return rest.length ? project(v, rest) : new JsonNumber(String(v.length))
    const q = /^#\((.*)\)(#?)$/s.exec(part)
    if (q) return runQuery(v, q[1], q[2] === '#')
    if (/^\d+$/.test(part)) return v[Number(part)]
    return undefined
  }
  if (v instanceof Map) {
    if (hasWildcard(part)) {
      for (const [k, val] of v) if (wildcardMatch(part, k)) return val
      return undefined
    }
    return v.get(unescape(part))
  }
  return undefined
}

function project(arr: JsonValue[], rest: { part: string; pipe: boolean }[]): JsonValue {
  const out: JsonValue[] = []
  for (const el of arr) {
    const got = walk(el, rest)
    if (got !== undefined) out.push(got)
  }
  return out
}

function walk(v: JsonValue | undefined, parts: { part: string; pipe: boolean }[]): JsonValue | undefined {
  let cur = v
  for (let i = 0; i < parts.length; i++) {
    const { part } = parts[i]
    if (cur === undefined) return undefined
    if (part === '#' && Array.isArray(cur) && i + 1 < parts.length && !parts[i + 1].pipe) return project(cur, parts.slice(i + 1))
    cur = step(cur, part, [])
    // `#(...)#.key` projects the rest over every match.
    if (/^#\(.*\)#$/s.test(part) && Array.isArray(cur) && i + 1 < parts.length && !parts[i + 1].pipe) return project(cur, parts.slice(i + 1))
  }
  return cur
}

function getValue(root: JsonValue, path: string): JsonValue | undefined {
  if (path === '') return undefined
  return walk(root, splitPath(path))
}

/** gjson.Get over the document; undefined when the result does not exist. */
export function getGjson(root: JsonValue, path: string): GjsonResult | undefined {
  const v = getValue(root, path)
  return v === undefined ? undefined : resultOf(v)
}
