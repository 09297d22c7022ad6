// Sprig's encoding functions: b64enc, b64dec, b32enc, b32dec (encoding/base64 and base32, errors
// returned as the result text as Sprig does) and the JSON ones (toJson, toRawJson, toPrettyJson,
// fromJson, mustFromJson: encoding/json over the value model). Encoders charge the budget
// (../../budget.ts) for what they write before writing it, a step per value they walk.

import { spendBytes, spendSteps } from '../../budget.ts'
import { byteLength, bytesOf, fromBytes, GoComplex, GoFunc, GoObject, GoTypedInt, GoUint8, isGoString, isNilSlice, mapGet, mapKeys, type GoMap, type GoString, type GoValue } from '../../value.ts'
import { BYTEWISE, FuncError, type FuncDef } from '../registry.ts'
import { CorruptInputError, decodeBase64Go } from '../../../go/base64.ts'
import { decodeBase32, encodeBase32 } from '../../../go/base32.ts'
import { encodeString, formatJsonFloat, type StringEscaping } from '../../../go/json.ts'
import { text } from './conversions.ts'

/** Sprig's b64dec: Go's StdEncoding.DecodeString; an error is returned as the result text. */
function b64decode(s: GoString): GoString {
  try {
    return fromBytes(decodeBase64Go(bytesOf(s), 'std'))
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message
    throw e
  }
}

// Strings as the Go template oracle's json.Marshal (Go 1.19) writes them: \b and \f as \u0008 and
// \u000c; a lone surrogate is left for the output's UTF-8 encoding. toRawJson turns HTML escaping off.
const TO_JSON: StringEscaping = { html: true, shortBF: false, escapeLoneSurrogates: false }
const TO_RAW_JSON: StringEscaping = { ...TO_JSON, html: false }

/** encoding/json Marshal of a Go value (HTML-escaped unless raw). */
export function toJson(v: GoValue, raw: boolean, indent = ''): string | undefined {
  const escaping = raw ? TO_RAW_JSON : TO_JSON
  const str = (s: GoString) => {
    const t = text(s)
    // Escaping walks the string in JS: about 15 ns a character.
    spendSteps(Math.floor(t.length / 16))
    spendBytes(t.length + 2)
    return encodeString(t, escaping)
  }
  // What joining `parts` (each on its own line after `inner` when indenting) allocates.
  const spendJoin = (parts: (string | undefined)[], inner: string) => spendBytes(parts.reduce((n, p) => n + (p?.length ?? 0) + inner.length + 2, 2))
  const enc = (x: GoValue, pre: string): string | undefined => {
    // A step per value: a list or map that holds one value many times writes it each time.
    spendSteps(1)
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
      if (!x.length) return isNilSlice(x) ? 'null' : '[]'
      const parts = x.map((e) => enc(e, inner))
      if (parts.some((p) => p === undefined)) return undefined
      spendJoin(parts, indent ? inner : '')
      return `[${nl}${parts.map((p) => inner + p).join(`,${nl}`)}${nl}${pre}]`
    }
    const keys = mapKeys(x)
    // Sorting the keys: a step each.
    spendSteps(keys.length)
    if (!keys.length) return '{}'
    const parts = keys.map((k) => {
      const e = enc(mapGet(x, k), inner)
      return e === undefined ? undefined : `${inner}${str(k)}:${indent ? ' ' : ''}${e}`
    })
    if (parts.some((p) => p === undefined)) return undefined
    spendJoin(parts, '')
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

const S = 'string' as const
const A = 'any' as const

export const ENCODING: FuncDef[] = [
  {
    name: 'b64enc',
    params: [S],
    fn: (_c, s) => {
      spendBytes(Math.ceil(byteLength(s as GoString) / 3) * 4)
      return Buffer.from(bytesOf(s as GoString)).toString('base64')
    },
  },
  { name: 'b64dec', params: [S], fn: (_c, s) => b64decode(s as GoString) },
  {
    name: 'b32enc',
    params: [S],
    cost: BYTEWISE.slow,
    fn: (_c, s) => {
      spendBytes(Math.ceil(byteLength(s as GoString) / 5) * 8)
      return encodeBase32(bytesOf(s as GoString))
    },
  },
  {
    name: 'b32dec',
    params: [S],
    cost: BYTEWISE.medium,
    fn: (_c, s) => {
      const t = text(s as GoString)
      const d = decodeBase32(t)
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
  {
    name: 'mustFromJson',
    params: [S],
    fn: (_c, s) => decodeJson(text(s as GoString)),
  },
]
