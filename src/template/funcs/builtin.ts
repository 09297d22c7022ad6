// text/template's builtin functions (funcs.go): and, or, not, len, index, slice, print, printf,
// println, html, js, urlquery, eq, ne, lt, le, gt, ge, call. `and`/`or` short-circuit in the
// executor; these are their non-short-circuit bodies.

import { sprint, sprintf, sprintln, formatValue } from '../fmt.ts'
import {
  byteLength,
  bytesOf,
  fromBytes,
  GoComplex,
  GoFunc,
  GoObject,
  GoTypedInt,
  GoUint8,
  isGoString,
  isMap,
  isTrue,
  mapGet,
  mapHas,
  mapSize,
  StringMap,
  typeName,
  type GoString,
  type GoValue,
} from '../value.ts'
import { BYTEWISE, FuncError, type FuncDef } from './registry.ts'
import { isPrint } from '../../go/strconv.ts'
import { decodeRune } from '../../go/utf8.ts'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The text of bytes that are UTF-8 (a leading U+FEFF kept), else undefined. */
function utf8Text(b: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(b)
  } catch {
    return undefined
  }
}

function indexArg(index: GoValue, cap: number): number {
  let x: bigint
  if (typeof index === 'bigint') x = index
  else if (index instanceof GoUint8) x = BigInt(index.value)
  else if (index instanceof GoTypedInt) x = index.value
  else if (index === undefined || index === null) throw new FuncError('cannot index slice/array with nil')
  else throw new FuncError(`cannot index slice/array with type ${typeName(index)}`)
  // Go names the index; it may come from data, so it is left out.
  if (x < 0n || x > BigInt(cap)) throw new FuncError('index out of range')
  return Number(x)
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (item === undefined || item === null) throw new FuncError('index of untyped nil')
  let cur: GoValue = item
  for (const ix of indexes) {
    if (cur === null || cur === undefined) throw new FuncError('index of nil pointer')
    if (Array.isArray(cur)) {
      const x = indexArg(ix, cur.length)
      if (x >= cur.length) throw new FuncError(`reflect: slice index out of range`)
      cur = cur[x]
    } else if (isGoString(cur)) {
      const b = bytesOf(cur)
      const x = indexArg(ix, b.length)
      if (x >= b.length) throw new FuncError(`reflect: string index out of range`)
      cur = new GoUint8(b[x])
    } else if (isMap(cur)) {
      if (ix === undefined || ix === null) throw new FuncError('value is nil; should be of type string')
      if (!isGoString(ix)) throw new FuncError(`value has type ${typeName(ix)}; should be string`)
      // Go compares the key's bytes: a key that is not UTF-8 matches no key of the (UTF-8) map.
      const key = typeof ix === 'string' ? ix : utf8Text(ix.bytes)
      if (key !== undefined && mapHas(cur, key)) cur = mapGet(cur, key)
      else cur = cur instanceof StringMap ? '' : null
    } else throw new FuncError(`can't index item of type ${typeName(cur)}`)
  }
  return cur
}

function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (item === undefined || item === null) throw new FuncError('slice of untyped nil')
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`)
  let len: number
  if (isGoString(item)) {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string')
    len = byteLength(item)
  } else if (Array.isArray(item)) len = item.length
  else throw new FuncError(`can't slice item of type ${typeName(item)}`)
  const idx = [0, len, len]
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, len)))
  if (idx[0] > idx[1]) throw new FuncError('invalid slice index: low > high')
  if (indexes.length === 3 && idx[1] > idx[2]) throw new FuncError('invalid slice index: high > max')
  if (isGoString(item)) return fromBytes(bytesOf(item).slice(idx[0], idx[1]))
  return (item as GoValue[]).slice(idx[0], idx[1])
}

function len(item: GoValue): GoValue {
  if (item === null) throw new FuncError('len of nil pointer')
  if (item === undefined) throw new FuncError('len of type <nil>')
  if (isGoString(item)) return BigInt(byteLength(item))
  if (Array.isArray(item)) return BigInt(item.length)
  if (isMap(item)) return BigInt(mapSize(item))
  throw new FuncError(`len of type ${typeName(item)}`)
}

type Kind = 'bool' | 'int' | 'float' | 'complex' | 'string' | 'invalid' | 'other'

function basicKind(v: GoValue): Kind {
  if (v instanceof GoObject && v.underlying !== undefined) return 'int'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'bigint' || v instanceof GoUint8 || v instanceof GoTypedInt) return 'int'
  if (typeof v === 'number') return 'float'
  if (v instanceof GoComplex) return 'complex'
  if (isGoString(v)) return 'string'
  if (v === undefined) return 'invalid'
  return 'other'
}

const asInt = (v: GoValue): bigint => (v instanceof GoUint8 ? BigInt(v.value) : v instanceof GoTypedInt ? v.value : v instanceof GoObject ? asInt(v.underlying) : (v as bigint))
const strBytes = (v: GoValue) => Buffer.from(bytesOf(v as GoString))

function isNilish(v: GoValue): boolean {
  return v === null || v === undefined
}

const errBadComparisonType = 'invalid type for comparison'
const errBadComparison = 'incompatible types for comparison'

// Go's eq: basic kinds compare by value; anything else (maps, slices, nil, no value) is
// "invalidKind", where only nil-ness can be compared.
function eq(arg1: GoValue, ...arg2: GoValue[]): GoValue {
  if (!arg2.length) throw new FuncError('missing argument for comparison')
  const basic = (v: GoValue): Kind => {
    const k = basicKind(v)
    return k === 'other' ? 'invalid' : k
  }
  const k1 = basic(arg1)
  for (const arg of arg2) {
    const k2 = basic(arg)
    let truth = false
    if (k1 !== k2) {
      if (!isNilish(arg1) && !isNilish(arg)) throw new FuncError(errBadComparison)
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
          truth = arg1 === arg
          break
        case 'int':
          truth = asInt(arg1) === asInt(arg)
          break
        case 'complex':
          truth = (arg1 as GoComplex).re === (arg as GoComplex).re && (arg1 as GoComplex).im === (arg as GoComplex).im
          break
        case 'string':
          truth = strBytes(arg1).equals(strBytes(arg))
          break
        default:
          if (isNilish(arg1) || isNilish(arg)) truth = isNilish(arg1) === isNilish(arg)
          // Comparable struct and pointer types (time.Time, *semver.Version): Go's ==.
          else if (arg1 instanceof GoObject && arg instanceof GoObject && arg1.type === arg.type) truth = arg1.equals ? arg1.equals(arg) : arg1 === arg
          else throw new FuncError('non-comparable types')
      }
    }
    if (truth) return true
  }
  return false
}

// Go's lt: basic kinds only ("invalid type" for the rest), both of one kind ("incompatible"), and
// that kind ordered (bools and complex numbers are not).
function lessThan(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a)
  const k2 = basicKind(b)
  if (k1 === 'invalid' || k1 === 'other' || k2 === 'invalid' || k2 === 'other') throw new FuncError(errBadComparisonType)
  if (k1 !== k2) throw new FuncError(errBadComparison)
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new FuncError(errBadComparisonType)
    case 'float':
      return (a as number) < (b as number)
    case 'int':
      return asInt(a) < asInt(b)
    default:
      return Buffer.compare(strBytes(a), strBytes(b)) < 0
  }
}

/** Go's evalArgs for html/js/urlquery: one string as is, else fmt.Sprint with <no value> for nil. */
function evalArgsBytes(args: GoValue[]): Uint8Array {
  if (args.length === 1 && isGoString(args[0])) return bytesOf(args[0])
  const printable = args.map((a) => (a === null || a === undefined ? '<no value>' : a))
  return bytesOf(sprint(printable))
}

// HTML escaping touches ASCII only, so it works on the bytes (as latin1 text) and keeps any others.
function htmlEscape(b: Uint8Array): GoString {
  const s = Buffer.from(b).toString('latin1')
  const out = s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\xef\xbf\xbd', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
  return fromBytes(new Uint8Array(Buffer.from(out, 'latin1')))
}

const JS_ESCAPES: Record<number, string> = { 0x5c: '\\\\', 0x27: "\\'", 0x22: '\\"', 0x3c: '\\u003C', 0x3e: '\\u003E', 0x26: '\\u0026', 0x3d: '\\u003D' }
const hex4 = (r: number) => `\\u${r.toString(16).toUpperCase().padStart(4, '0')}`

/**
 * Go's JSEscape, over the bytes: quotes, backslash, <>&= and control characters are escaped; a
 * rune from U+0080 on stays as its bytes when unicode.IsPrint (an invalid byte decodes as U+FFFD,
 * which is printable, so it stays as it is) and becomes \uXXXX when not (other spaces, format
 * characters such as U+FEFF).
 */
function jsEscape(b: Uint8Array): GoString {
  const out: number[] = []
  const text = (s: string) => {
    for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k))
  }
  for (let i = 0; i < b.length; ) {
    const c = b[i]
    if (c < 0x80) {
      if (JS_ESCAPES[c]) text(JS_ESCAPES[c])
      else if (c < 0x20) text(hex4(c))
      else out.push(c)
      i++
      continue
    }
    const [r, size] = decodeRune(b, i)
    if (isPrint(r)) for (let k = i; k < i + size; k++) out.push(b[k])
    else text(hex4(r))
    i += size
  }
  return fromBytes(new Uint8Array(out))
}

function queryEscape(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) {
    const c = String.fromCharCode(b)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === ' ') out += '+'
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

export const BUILTINS: FuncDef[] = [
  { name: 'and', params: ['value'], variadic: 'value', fn: (_c, ...args) => args.find((a) => !isTrue(a)) ?? args[args.length - 1] },
  { name: 'or', params: ['value'], variadic: 'value', fn: (_c, ...args) => args.find((a) => isTrue(a)) ?? args[args.length - 1] },
  { name: 'not', params: ['value'], fn: (_c, a) => !isTrue(a) },
  { name: 'len', params: ['value'], fn: (_c, a) => len(a) },
  { name: 'index', params: ['value'], variadic: 'value', fn: (_c, item, ...ix) => index(item, ...ix) },
  { name: 'slice', params: ['value'], variadic: 'value', fn: (_c, item, ...ix) => slice(item, ...ix) },
  { name: 'print', params: [], variadic: 'any', fn: (_c, ...args) => sprint(args) },
  { name: 'printf', params: ['string'], variadic: 'any', cost: BYTEWISE.medium, fn: (_c, f, ...args) => sprintf(f as GoString, args) },
  { name: 'println', params: [], variadic: 'any', fn: (_c, ...args) => sprintln(args) },
  { name: 'html', params: [], variadic: 'any', cost: BYTEWISE.medium, fn: (_c, ...args) => htmlEscape(evalArgsBytes(args)) },
  { name: 'js', params: [], variadic: 'any', cost: BYTEWISE.medium, fn: (_c, ...args) => jsEscape(evalArgsBytes(args)) },
  { name: 'urlquery', params: [], variadic: 'any', cost: BYTEWISE.slow, fn: (_c, ...args) => queryEscape(evalArgsBytes(args)) },
  { name: 'eq', params: ['value'], variadic: 'value', fn: (_c, a, ...b) => eq(a, ...b) },
  { name: 'ne', params: ['value', 'value'], fn: (_c, a, b) => !(eq(a, b) as boolean) },
  { name: 'lt', params: ['value', 'value'], fn: (_c, a, b) => lessThan(a, b) },
  { name: 'le', params: ['value', 'value'], fn: (_c, a, b) => lessThan(a, b) || (eq(a, b) as boolean) },
  { name: 'gt', params: ['value', 'value'], fn: (_c, a, b) => !lessThan(a, b) && !(eq(a, b) as boolean) },
  { name: 'ge', params: ['value', 'value'], fn: (_c, a, b) => !lessThan(a, b) },
  {
    name: 'call',
    params: ['value'],
    variadic: 'value',
    fn: (_c, fn, ...args) => {
      // Go 1.19's words (newer Go also names the operand: "non-function .X of type int").
      if (fn === undefined || fn === null) throw new FuncError('call of nil')
      if (!(fn instanceof GoFunc)) throw new FuncError(`non-function of type ${typeName(fn)}`)
      return fn.fn(...args)
    },
  },
]

export { formatValue }
