// Sprig v3's core text functions as ESO vendors them (runtime/template/v2/sprig, 8cb06fe):
// strings, encoding, defaults, lists, dicts, hashes, integer math and reflection, and the value
// conversions the other families share (strval, strslice, cast's ToInt64/ToFloat64). Each follows
// Sprig's Go source and is checked against Sprig itself by the differential test. The other
// families sit beside this file (math, merge, regex, dates, text, semver, crypto, eso/).

import { createHash } from 'node:crypto'
import { formatValue, goQuote } from '../fmt.ts'
import { bytesOf, fromBytes, GoComplex, GoFunc, GoObject, GoTypedInt, GoUint8, isGoString, isMap, isTrue, mapGet, mapHas, mapKeys, StringMap, typeName, type GoMap, type GoString, type GoValue } from '../value.ts'
import { FuncError, type FuncDef } from './registry.ts'
import { CorruptInputError, decodeBase64Go } from '../../go/base64.ts'
import { encodeString, formatJsonFloat, type StringEscaping } from '../../go/json.ts'
import { parseFloat64, parseInt64 } from '../../go/strconv.ts'
import { goToLower, goToTitle, goToUpper } from './text.ts'

const dec = new TextDecoder()
/** A Go string as JS text (invalid UTF-8 bytes become U+FFFD). */
export const text = (s: GoString) => (typeof s === 'string' ? s : dec.decode(s.bytes))
const noFlags = { minus: false, plus: false, sharp: false, space: false, zero: false }

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

/** Sprig's empty: the zero value of its kind. */
export function empty(v: GoValue): boolean {
  if (v === undefined || v === null) return true
  if (v instanceof GoFunc) return false
  return !isTrue(v)
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

const wrap = (int: bigint): bigint => BigInt.asIntN(64, int)
/** Sprig's int64 results (add, sub, max...): a Go int64, not an int. */
const i64 = (int: bigint): GoTypedInt => new GoTypedInt('int64', int)

function list(v: GoValue, fn: string): GoValue[] {
  if (Array.isArray(v)) return v
  throw new FuncError(`Cannot ${fn} on type ${v === undefined || v === null ? 'invalid' : kindName(v)}`)
}

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

const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function base32Encode(b: Uint8Array): string {
  let out = ''
  for (let i = 0; i < b.length; i += 5) {
    const chunk = [...b.slice(i, i + 5)]
    const n = chunk.length
    while (chunk.length < 5) chunk.push(0)
    let bits = 0n
    for (const x of chunk) bits = (bits << 8n) | BigInt(x)
    const chars = Array.from({ length: 8 }, (_, k) => b32[Number((bits >> BigInt(35 - 5 * k)) & 31n)])
    const keep = [0, 2, 4, 5, 7, 8][n]
    out += chars.slice(0, keep).join('') + '='.repeat(8 - keep)
  }
  return out
}

function base32Decode(s: string): Uint8Array | undefined {
  if (s.length % 8 !== 0 || !/^[A-Z2-7]*=*$/.test(s)) return undefined
  const out: number[] = []
  for (let i = 0; i < s.length; i += 8) {
    const block = s.slice(i, i + 8)
    const data = block.replace(/=+$/, '')
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[data.length]
    if (n === undefined || (data.length < 8 && i + 8 < s.length)) return undefined
    let bits = 0n
    for (const c of data.padEnd(8, 'A')) bits = (bits << 5n) | BigInt(b32.indexOf(c))
    for (let k = 0; k < n; k++) out.push(Number((bits >> BigInt(32 - 8 * k)) & 255n))
  }
  return new Uint8Array(out)
}

/** Sprig's b64dec: Go's StdEncoding.DecodeString; an error is returned as the result text. */
function b64decode(s: GoString): GoString {
  try {
    return fromBytes(decodeBase64Go(bytesOf(s), 'std'))
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message
    throw e
  }
}

function adler32(b: Uint8Array): number {
  let a = 1
  let c = 0
  for (const x of b) {
    a = (a + x) % 65521
    c = (c + a) % 65521
  }
  return ((c << 16) | a) >>> 0
}

// Strings as the Go template oracle's json.Marshal (Go 1.19) writes them: \b and \f as \u0008 and
// \u000c; a lone surrogate is left for the output's UTF-8 encoding. toRawJson turns HTML escaping off.
const TO_JSON: StringEscaping = { html: true, shortBF: false, escapeLoneSurrogates: false }
const TO_RAW_JSON: StringEscaping = { ...TO_JSON, html: false }

/** encoding/json Marshal of a Go value (HTML-escaped unless raw). */
export function toJson(v: GoValue, raw: boolean, indent = ''): string | undefined {
  const escaping = raw ? TO_RAW_JSON : TO_JSON
  const str = (s: GoString) => encodeString(text(s), escaping)
  const enc = (x: GoValue, pre: string): string | undefined => {
    if (x === undefined || x === null) return 'null'
    if (typeof x === 'boolean') return String(x)
    if (typeof x === 'bigint') return x.toString()
    if (x instanceof GoUint8) return String(x.value)
    if (x instanceof GoTypedInt) return x.value.toString()
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) return undefined
      return formatJsonFloat(x)
    }
    if (isGoString(x)) return str(x)
    if (x instanceof GoFunc || x instanceof GoComplex) return undefined
    if (x instanceof GoObject) return x.json ? enc(x.json(), pre) : enc({ ...x.fields }, pre)
    const nl = indent ? '\n' : ''
    const inner = pre + indent
    if (Array.isArray(x)) {
      if (!x.length) return '[]'
      const parts = x.map((e) => enc(e, inner))
      if (parts.some((p) => p === undefined)) return undefined
      return `[${nl}${parts.map((p) => inner + p).join(`,${nl}`)}${nl}${pre}]`
    }
    const keys = mapKeys(x)
    if (!keys.length) return '{}'
    const parts = keys.map((k) => {
      const e = enc(mapGet(x, k), inner)
      return e === undefined ? undefined : `${inner}${str(k)}:${indent ? ' ' : ''}${e}`
    })
    if (parts.some((p) => p === undefined)) return undefined
    return `{${nl}${parts.join(`,${nl}`)}${nl}${pre}}`
  }
  return enc(v, '')
}

/** json.Unmarshal into interface{}: objects, arrays, float64 numbers. */
export function fromJsonText(s: string): GoValue {
  try {
    return decodeJson(s)
  } catch {
    return null
  }
}

/** json.Unmarshal into interface{}, failing on text that is not JSON (mustFromJson). */
export function decodeJson(s: string): GoValue {
  const toGo = (x: unknown): GoValue => {
    if (x === null) return null
    if (Array.isArray(x)) return x.map(toGo)
    if (typeof x === 'object') {
      const out: GoMap = {}
      for (const [k, v] of Object.entries(x as Record<string, unknown>)) out[k] = toGo(v)
      return out
    }
    return x as GoValue
  }
  try {
    return toGo(JSON.parse(s))
  } catch {
    // encoding/json's message quotes the offending character; it is data, so it is left out.
    throw new FuncError('invalid JSON')
  }
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

const S = 'string' as const
const A = 'any' as const
const I = 'int' as const

const CORE: FuncDef[] = [
  // strings
  { name: 'upper', params: [S], fn: (_c, s) => mapRunes(text(s as GoString), goToUpper) },
  { name: 'lower', params: [S], fn: (_c, s) => mapRunes(text(s as GoString), goToLower) },
  { name: 'trim', params: [S], fn: (_c, s) => text(s as GoString).replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/gu, '') },
  { name: 'trimAll', params: [S, S], fn: (_c, cut, s) => trimSet(text(s as GoString), text(cut as GoString)) },
  { name: 'trimPrefix', params: [S, S], fn: (_c, p, s) => (text(s as GoString).startsWith(text(p as GoString)) ? text(s as GoString).slice(text(p as GoString).length) : s) },
  { name: 'trimSuffix', params: [S, S], fn: (_c, p, s) => (text(p as GoString) && text(s as GoString).endsWith(text(p as GoString)) ? text(s as GoString).slice(0, -text(p as GoString).length) : s) },
  { name: 'replace', params: [S, S, S], fn: (_c, o, n, s) => replaceAll(text(s as GoString), text(o as GoString), text(n as GoString)) },
  { name: 'contains', params: [S, S], fn: (_c, sub, s) => text(s as GoString).includes(text(sub as GoString)) },
  { name: 'hasPrefix', params: [S, S], fn: (_c, p, s) => text(s as GoString).startsWith(text(p as GoString)) },
  { name: 'hasSuffix', params: [S, S], fn: (_c, p, s) => text(s as GoString).endsWith(text(p as GoString)) },
  {
    name: 'repeat',
    params: [I, S],
    fn: (_c, n, s) => {
      if ((n as bigint) < 0n) throw new FuncError('strings: negative Repeat count')
      return text(s as GoString).repeat(Number(n))
    },
  },
  { name: 'nospace', params: [S], fn: (_c, s) => text(s as GoString).replace(/[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu, '') },
  { name: 'toString', params: [A], fn: (_c, v) => strval(v) },
  { name: 'quote', params: [], variadic: A, fn: (_c, ...v) => v.filter((x) => x !== null).map((x) => goQuote(strval(x))).join(' ') },
  { name: 'squote', params: [], variadic: A, fn: (_c, ...v) => v.filter((x) => x !== null).map((x) => `'${text(strval(x))}'`).join(' ') },
  { name: 'cat', params: [], variadic: A, fn: (_c, ...v) => catJoin(v) },
  { name: 'indent', params: [I, S], fn: (_c, n, s) => indent(Number(n), text(s as GoString)) },
  { name: 'nindent', params: [I, S], fn: (_c, n, s) => '\n' + indent(Number(n), text(s as GoString)) },
  {
    name: 'trunc',
    params: [I, S],
    fn: (_c, cRaw, sRaw) => {
      const b = bytesOf(sRaw as GoString)
      const c = Number(cRaw)
      if (c < 0 && b.length + c > 0) return fromBytes(b.slice(b.length + c))
      if (c >= 0 && b.length > c) return fromBytes(b.slice(0, c))
      return sRaw
    },
  },
  {
    name: 'substr',
    params: [I, I, S],
    fn: (_c, startRaw, endRaw, sRaw) => {
      const b = bytesOf(sRaw as GoString)
      const start = Number(startRaw)
      const end = Number(endRaw)
      if (start < 0) {
        if (end > b.length || end < 0) throw new FuncError(`runtime error: slice bounds out of range [:${end}] with length ${b.length}`)
        return fromBytes(b.slice(0, end))
      }
      if (end < 0 || end > b.length) {
        if (start > b.length) throw new FuncError(`runtime error: slice bounds out of range [${start}:${b.length}]`)
        return fromBytes(b.slice(start))
      }
      if (start > end) throw new FuncError(`runtime error: slice bounds out of range [${start}:${end}]`)
      return fromBytes(b.slice(start, end))
    },
  },
  { name: 'join', params: [S, A], fn: (_c, sep, v) => strslice(v).map(text).join(text(sep as GoString)) },
  { name: 'splitList', params: [S, S], fn: (_c, sep, s) => text(s as GoString).split(text(sep as GoString)) },
  // encoding
  { name: 'b64enc', params: [S], fn: (_c, s) => Buffer.from(bytesOf(s as GoString)).toString('base64') },
  { name: 'b64dec', params: [S], fn: (_c, s) => b64decode(s as GoString) },
  { name: 'b32enc', params: [S], fn: (_c, s) => base32Encode(bytesOf(s as GoString)) },
  {
    name: 'b32dec',
    params: [S],
    fn: (_c, s) => {
      const t = text(s as GoString)
      const d = base32Decode(t)
      if (d) return fromBytes(d)
      // The position Go reports: the first byte outside the alphabet, else the incomplete quantum.
      const bad = [...t].findIndex((c) => !/[A-Z2-7=]/.test(c))
      return `illegal base32 data at input byte ${bad >= 0 ? bad : t.length - (t.length % 8 || 8)}`
    },
  },
  { name: 'toJson', params: [A], fn: (_c, v) => toJson(v, false) ?? '' },
  { name: 'toRawJson', params: [A], fn: (_c, v) => toJson(v, true) ?? '' },
  { name: 'toPrettyJson', params: [A], fn: (_c, v) => toJson(v, false, '  ') ?? '' },
  { name: 'fromJson', params: [S], fn: (_c, s) => fromJsonText(text(s as GoString)) },
  // hashes
  { name: 'sha256sum', params: [S], fn: (_c, s) => createHash('sha256').update(bytesOf(s as GoString)).digest('hex') },
  { name: 'sha1sum', params: [S], fn: (_c, s) => createHash('sha1').update(bytesOf(s as GoString)).digest('hex') },
  { name: 'adler32sum', params: [S], fn: (_c, s) => String(adler32(bytesOf(s as GoString))) },
  // defaults
  { name: 'default', params: [A], variadic: A, fn: (_c, d, ...given) => (!given.length || empty(given[0]) ? d : given[0]) },
  { name: 'empty', params: [A], fn: (_c, v) => empty(v) },
  { name: 'coalesce', params: [], variadic: A, fn: (_c, ...v) => v.find((x) => !empty(x)) ?? null },
  { name: 'ternary', params: [A, A, 'bool'], fn: (_c, t, f, b) => (b ? t : f) },
  // lists and dicts
  { name: 'list', params: [], variadic: A, fn: (_c, ...v) => v },
  { name: 'first', params: [A], fn: (_c, v) => list(v, 'find first').at(0) ?? null },
  { name: 'last', params: [A], fn: (_c, v) => list(v, 'find last').at(-1) ?? null },
  { name: 'rest', params: [A], fn: (_c, v) => list(v, 'find rest').slice(1) },
  { name: 'initial', params: [A], fn: (_c, v) => list(v, 'find initial').slice(0, -1) },
  { name: 'append', params: [A, A], fn: (_c, l, v) => [...list(l, 'push'), v] },
  { name: 'prepend', params: [A, A], fn: (_c, l, v) => [v, ...list(l, 'prepend')] },
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
  { name: 'hasKey', params: ['dict', S], fn: (_c, d, k) => mapHas(d as GoMap, text(k as GoString)) },
  // integer math (int64, via cast.ToInt64)
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
  // more lists and dicts
  {
    name: 'sortAlpha',
    params: [A],
    fn: (_c, v) => {
      // Sprig: strslice of a list, else a one-element list of the value's strval.
      const items = Array.isArray(v) ? strslice(v) : [strval(v)]
      return items.sort((a, b) => Buffer.compare(Buffer.from(bytesOf(a)), Buffer.from(bytesOf(b))))
    },
  },
  { name: 'uniq', params: [A], fn: (_c, v) => uniq(list(v, 'find uniq')) },
  { name: 'has', params: [A, A], fn: (_c, needle, hay) => (hay === null || hay === undefined ? false : list(hay, 'find has').some((x) => deepEqual(x, needle))) },
  { name: 'without', params: [A], variadic: A, fn: (_c, l, ...omit) => list(l, 'find without').filter((x) => !omit.some((o) => deepEqual(o, x))) },
  { name: 'compact', params: [A], fn: (_c, l) => list(l, 'compact').filter((x) => !empty(x)) },
  { name: 'keys', params: [], variadic: 'dict', fn: (_c, ...ds) => ds.flatMap((d) => Object.keys(d as GoMap)) },
  { name: 'pick', params: ['dict'], variadic: S, fn: (_c, d, ...ks) => Object.fromEntries(ks.map((k) => text(k as GoString)).filter((k) => mapHas(d as GoMap, k)).map((k) => [k, mapGet(d as GoMap, k)])) as GoMap },
  { name: 'omit', params: ['dict'], variadic: S, fn: (_c, d, ...ks) => Object.fromEntries(Object.entries(d as GoMap).filter(([k]) => !ks.some((x) => text(x as GoString) === k))) as GoMap },
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
  {
    name: 'until',
    params: [I],
    fn: (_c, n) => {
      const c = Number(n)
      const out: GoValue[] = []
      for (let i = 0; c >= 0 ? i < c : i > c; c >= 0 ? i++ : i--) out.push(BigInt(i))
      return out
    },
  },
  { name: 'toStrings', params: [A], fn: (_c, v) => strslice(v) },
  { name: 'kindOf', params: [A], fn: (_c, v) => kindName(v) },
  { name: 'typeOf', params: [A], fn: (_c, v) => typeName(v) },
  { name: 'typeIs', params: [S, A], fn: (_c, t, v) => text(t as GoString) === typeName(v) },
  { name: 'typeIsLike', params: [S, A], fn: (_c, t, v) => text(t as GoString) === typeName(v) || `*${text(t as GoString)}` === typeName(v) },
  { name: 'kindIs', params: [S, A], fn: (_c, t, v) => text(t as GoString) === kindName(v) },
  { name: 'deepEqual', params: [A, A], fn: (_c, a, b) => deepEqual(a, b) },
  { name: 'all', params: [], variadic: A, fn: (_c, ...v) => v.every((x) => !empty(x)) },
  { name: 'any', params: [], variadic: A, fn: (_c, ...v) => v.some((x) => !empty(x)) },
  { name: 'pluck', params: [S], variadic: 'dict', fn: (_c, k, ...d) => d.filter((m) => mapHas(m as GoMap, text(k as GoString))).map((m) => mapGet(m as GoMap, text(k as GoString))) },
  // Go ranges over the map in random order; this engine takes the keys in order, so renders repeat.
  { name: 'values', params: ['dict'], fn: (_c, d) => mapKeys(d as GoMap).map((k) => mapGet(d as GoMap, k)) },
  { name: 'slice', params: [A], variadic: A, fn: (_c, l, ...ix) => sprigSlice(l, ix) },
  { name: 'mustSlice', params: [A], variadic: A, fn: (_c, l, ...ix) => sprigSlice(l, ix) },
  {
    name: 'mustFromJson',
    params: [S],
    fn: (_c, s) => decodeJson(text(s as GoString)),
  },
  { name: 'swapcase', params: [S], fn: (_c, s) => swapCase(text(s as GoString)) },
  { name: 'plural', params: [S, S, I], fn: (_c, one, many, n) => ((n as bigint) === 1n ? one : many) },
  { name: 'reverse', params: [A], fn: (_c, v) => [...list(v, 'find reverse')].reverse() },
  { name: 'concat', params: [], variadic: A, fn: (_c, ...ls) => ls.flatMap((l) => list(l, 'concat')) },
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
  {
    name: 'untilStep',
    params: [I, I, I],
    fn: (_c, start, stop, step) => {
      const out: GoValue[] = []
      const [a, b, st] = [start as bigint, stop as bigint, step as bigint]
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
  { name: 'deepCopy', params: [A], fn: (_c, v) => deepCopy(v) },
  { name: 'trimall', params: [S, S], fn: (_c, cut, s) => trimSet(text(s as GoString), text(cut as GoString)) },
]

// Sprig's second names for the same Go functions (functions.go maps both to one).
const ALIASES: [alias: string, of: string][] = [['push', 'append'], ['tuple', 'list'], ['biggest', 'max']]

export const SPRIG: FuncDef[] = [...CORE, ...ALIASES.map(([alias, of]) => ({ ...CORE.find((d) => d.name === of)!, name: alias }))]

export function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) return v.map(deepCopy)
  if (isMap(v) && !(v instanceof StringMap)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)])) as GoMap
  return v
}

/** Sprig's must* variants return the error their plain twin would panic with: the same outcome here. */
export function withMustVariants(defs: FuncDef[], names: string[]): FuncDef[] {
  const byName = new Map(defs.map((d) => [d.name, d]))
  const out = [...defs]
  for (const n of names) {
    const d = byName.get(n)
    if (d) out.push({ ...d, name: `must${n[0].toUpperCase()}${n.slice(1)}` })
  }
  return out
}

function uniq(l: GoValue[]): GoValue[] {
  const out: GoValue[] = []
  for (const x of l) if (!out.some((y) => deepEqual(x, y))) out.push(x)
  return out
}

/** Go's reflect.DeepEqual over the value model (typed: int 1 and float64 1 differ). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true
  if (typeof a !== typeof b) return false
  if (isGoString(a) && isGoString(b)) return Buffer.from(bytesOf(a)).equals(Buffer.from(bytesOf(b)))
  if (a instanceof GoUint8 && b instanceof GoUint8) return a.value === b.value
  if (a instanceof GoTypedInt && b instanceof GoTypedInt) return a.type === b.type && a.value === b.value
  if (a instanceof GoObject && b instanceof GoObject) return a.type === b.type && (a.deepEquals ?? a.equals ?? ((o) => o === a))(b)
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isMap(a) && isMap(b) && (a instanceof StringMap) === (b instanceof StringMap)) {
    const ka = mapKeys(a)
    const kb = mapKeys(b)
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(mapGet(a, k), mapGet(b, k)))
  }
  return false
}

// Go's unicode.ToUpper/ToLower map one rune to one rune (JS may expand ß to SS: Go keeps it).
/** strings.Map with one of Go's unicode case mappings (one rune to one rune). */
function mapRunes(s: string, f: (rune: number) => number): string {
  let out = ''
  for (const c of s) out += String.fromCodePoint(f(c.codePointAt(0)!))
  return out
}

/** goutils.SwapCase: upper and title case to lower; lower to title at a word's start, else upper. */
function swapCase(s: string): string {
  let out = ''
  let whitespace = true
  for (const c of s) {
    const r = c.codePointAt(0)!
    if (/\p{Lu}|\p{Lt}/u.test(c)) {
      out += String.fromCodePoint(goToLower(r))
      whitespace = false
    } else if (/\p{Ll}/u.test(c)) {
      out += String.fromCodePoint(whitespace ? goToTitle(r) : goToUpper(r))
      whitespace = false
    } else {
      out += c
      whitespace = /\p{White_Space}/u.test(c)
    }
  }
  return out
}

function trimSet(s: string, cut: string): string {
  const set = new Set([...cut])
  const chars = [...s]
  let a = 0
  let b = chars.length
  while (a < b && set.has(chars[a])) a++
  while (b > a && set.has(chars[b - 1])) b--
  return chars.slice(a, b).join('')
}

function replaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    // strings.Replace with an empty old inserts repl around every rune.
    return repl + [...s].join(repl) + (s ? repl : '')
  }
  return s.split(old).join(repl)
}

function indent(n: number, s: string): string {
  if (n < 0) throw new FuncError('strings: negative Repeat count')
  const pad = ' '.repeat(n)
  return pad + s.split('\n').join('\n' + pad)
}

function catJoin(v: GoValue[]): GoString {
  const kept = v.filter((x) => x !== null && x !== undefined)
  return kept.map((x) => text(formatValue(x, 'v', noFlags))).join(' ')
}

