// Sprig's string functions (strings.go and the string entries of functions.go), with the
// libraries they call as Go's: strings, unicode (go/strings.ts, go/unicode.ts), goutils and
// xstrings (go/goutils.ts, go/xstrings.ts). Go strings are bytes, and goutils, path and most of
// strings work on bytes: those functions run on byte strings (bin/unbin) so invalid UTF-8 goes
// through as Go's does. The functions whose output can be many times their input (repeat,
// replace, indent, splits, joins) charge it to the budget (../../budget.ts) before making it.

import { spendBytes } from '../../budget.ts'
import { formatValue, goQuote } from '../../fmt.ts'
import { bytesOf, fromBytes, StringMap, type GoString, type GoValue } from '../../value.ts'
import { BYTEWISE, FuncError, type FuncDef } from '../registry.ts'
import { spendElements } from './lists.ts'
import { abbreviateFull, initials, swapCase, uncapitalize, wrapCustom } from '../../../go/goutils.ts'
import { splitN, title } from '../../../go/strings.ts'
import { toLower, toUpper } from '../../../go/unicode.ts'
import { camelCaseToLowerCase, toPascalCase } from '../../../go/xstrings.ts'
import { bin, noFlags, strslice, strval, text, unbin } from './conversions.ts'

// Go's unicode.ToUpper/ToLower map one rune to one rune (JS may expand ß to SS: Go keeps it).
/** strings.Map with one of Go's unicode case mappings (one rune to one rune). */
function mapRunes(s: string, f: (rune: number) => number): string {
  let out = ''
  for (const c of s) out += String.fromCodePoint(f(c.codePointAt(0)!))
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

/** How many times `sep` occurs in `s` (without overlaps); an empty sep occurs at every character. */
function occurrences(s: string, sep: string): number {
  if (sep === '') return s.length
  let n = 0
  for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) n++
  return n
}

function replaceAll(s: string, old: string, repl: string): string {
  // The pieces between the matches, then the joined result.
  const n = occurrences(s, old)
  spendElements(n + 1)
  if (repl.length > old.length) spendBytes(s.length + (n + 1) * (repl.length - old.length))
  if (old === '') {
    // strings.Replace with an empty old inserts repl around every rune.
    return repl + [...s].join(repl) + (s ? repl : '')
  }
  return s.split(old).join(repl)
}

function indent(n: number, s: string): string {
  if (n < 0) throw new FuncError('strings: negative Repeat count')
  spendBytes(s.length + (occurrences(s, '\n') + 1) * n)
  const pad = ' '.repeat(n)
  return pad + s.split('\n').join('\n' + pad)
}

function catJoin(v: GoValue[]): GoString {
  const kept = v.filter((x) => x !== null && x !== undefined).map((x) => text(formatValue(x, 'v', noFlags)))
  spendBytes(kept.reduce((n, x) => n + x.length + 1, 0))
  return kept.join(' ')
}

/** Sprig's abbrev: widths below 4 give the string as it is. */
function abbrev(width: number, s: GoString): GoString {
  if (width < 4) return s
  return unbin(abbreviateFull(bin(s), 0, width))
}

/** Sprig's abbrevboth. */
function abbrevboth(left: number, right: number, s: GoString): GoString {
  if (right < 4 || (left > 0 && right < 7)) return s
  return unbin(abbreviateFull(bin(s), left, right))
}

/** Sprig's join: strslice's strings with sep between them, charged before they are joined. */
function join(sep: string, v: GoValue): string {
  const parts = strslice(v).map(text)
  spendBytes(parts.reduce((n, x) => n + x.length + sep.length, 0))
  return parts.join(sep)
}

/** Charges the pieces that splitting `s` at `sep` makes, before they are made. */
function spendPieces(s: string, sep: string): void {
  spendElements(occurrences(s, sep) + 1)
}

function splitMap(parts: string[]): StringMap {
  return new StringMap(new Map(parts.map((p, i) => [`_${i}`, unbin(p)])))
}

const S = 'string' as const
const A = 'any' as const
const I = 'int' as const
const str = (v: GoValue) => v as GoString
const int = (v: GoValue) => Number(v as bigint)

export const STRINGS: FuncDef[] = [
  { name: 'upper', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => mapRunes(text(s as GoString), toUpper) },
  { name: 'lower', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => mapRunes(text(s as GoString), toLower) },
  { name: 'trim', params: [S], fn: (_c, s) => text(s as GoString).replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/gu, '') },
  { name: 'trimAll', params: [S, S], cost: BYTEWISE.medium, fn: (_c, cut, s) => trimSet(text(s as GoString), text(cut as GoString)) },
  { name: 'trimall', params: [S, S], cost: BYTEWISE.medium, fn: (_c, cut, s) => trimSet(text(s as GoString), text(cut as GoString)) },
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
      const t = text(s as GoString)
      spendBytes(Number(n) * t.length)
      return t.repeat(Number(n))
    },
  },
  { name: 'nospace', params: [S], fn: (_c, s) => text(s as GoString).replace(/[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu, '') },
  {
    name: 'quote',
    params: [],
    variadic: A,
    cost: BYTEWISE.medium,
    fn: (_c, ...v) =>
      v
        .filter((x) => x !== null)
        .map((x) => goQuote(strval(x)))
        .join(' '),
  },
  {
    name: 'squote',
    params: [],
    variadic: A,
    fn: (_c, ...v) =>
      v
        .filter((x) => x !== null)
        .map((x) => `'${text(strval(x))}'`)
        .join(' '),
  },
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
  {
    name: 'join',
    params: [S, A],
    fn: (_c, sep, v) => join(text(sep as GoString), v),
  },
  {
    name: 'splitList',
    params: [S, S],
    fn: (_c, sep, s) => {
      spendPieces(text(s as GoString), text(sep as GoString))
      return text(s as GoString).split(text(sep as GoString))
    },
  },
  {
    name: 'split',
    params: [S, S],
    cost: BYTEWISE.medium,
    fn: (_c, sep, s) => {
      spendPieces(bin(str(s)), bin(str(sep)))
      return splitMap(splitN(bin(str(s)), bin(str(sep)), -1))
    },
  },
  {
    name: 'splitn',
    params: [S, I, S],
    cost: BYTEWISE.medium,
    fn: (_c, sep, n, s) => {
      spendPieces(bin(str(s)), bin(str(sep)))
      return splitMap(splitN(bin(str(s)), bin(str(sep)), int(n)))
    },
  },
  { name: 'swapcase', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => swapCase(text(s as GoString)) },
  { name: 'plural', params: [S, S, I], fn: (_c, one, many, n) => ((n as bigint) === 1n ? one : many) },
  { name: 'hello', params: [], fn: () => 'Hello!' },
  { name: 'title', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => unbin(title(bin(str(s)))) },
  { name: 'untitle', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => unbin(uncapitalize(bin(str(s)))) },
  { name: 'abbrev', params: [I, S], fn: (_c, w, s) => abbrev(int(w), str(s)) },
  { name: 'abbrevboth', params: [I, I, S], fn: (_c, l, r, s) => abbrevboth(int(l), int(r), str(s)) },
  { name: 'initials', params: [S], cost: BYTEWISE.medium, fn: (_c, s) => unbin(initials(bin(str(s)))) },
  { name: 'wrap', params: [I, S], cost: BYTEWISE.medium, fn: (_c, l, s) => unbin(wrapCustom(bin(str(s)), int(l), '', false)) },
  {
    name: 'wrapWith',
    params: [I, S, S],
    cost: BYTEWISE.medium,
    fn: (_c, l, sep, s) => {
      // Each line break takes at least one byte of the input: at most one separator per byte.
      const b = bin(str(s))
      spendBytes(b.length * (1 + Math.max(1, bin(str(sep)).length)))
      return unbin(wrapCustom(b, int(l), bin(str(sep)), true))
    },
  },
  { name: 'camelcase', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => unbin(toPascalCase(bin(str(s)))) },
  { name: 'snakecase', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => unbin(camelCaseToLowerCase(bin(str(s)), '_')) },
  { name: 'kebabcase', params: [S], cost: BYTEWISE.slow, fn: (_c, s) => unbin(camelCaseToLowerCase(bin(str(s)), '-')) },
]
