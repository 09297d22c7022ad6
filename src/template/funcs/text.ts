// Sprig's remaining string, path and URL functions, as ESO vendors Sprig (runtime/template/v2/sprig,
// Sprig 8cb06fe with goutils 1.1.1, xstrings 1.5.0, built with Go 1.26): title, untitle, abbrev,
// abbrevboth, initials, wrap, wrapWith, snakecase, camelcase, kebabcase, hello, split, splitn,
// toDecimal, the path and filepath functions, urlParse, urlJoin and fail.
//
// Go strings are bytes, and most of these functions work on bytes (goutils slices strings by byte
// offsets, path and net/url look at bytes). They run here on "binary strings": one JS character per
// byte (latin1), turned back into a Go string at the end, so invalid UTF-8 goes through as Go's does.
// Where Go decodes runes (xstrings, strings.Title, goutils' []rune conversions), decodeRune below
// follows unicode/utf8 (an invalid byte is U+FFFD, one byte wide).
//
// Errors never carry template data: net/url and strconv put the input in their messages, these
// functions name what was wrong instead.

import { bytesOf, fromBytes, GoTypedInt, isGoString, StringMap, type GoMap, type GoString, type GoValue } from '../value.ts'
import { FuncError, type FuncDef } from './registry.ts'
import { kindName, strval, text } from './sprig.ts'

// --- bytes as binary strings ---

/** A Go string as a binary string: one char (0-255) per byte. */
export function bin(s: GoString): string {
  return Buffer.from(bytesOf(s)).toString('latin1')
}

/** A binary string back to a Go string. */
export function unbin(b: string): GoString {
  return fromBytes(Buffer.from(b, 'latin1'))
}

const RUNE_ERROR = 0xfffd

/** unicode/utf8.DecodeRuneInString over a binary string: [rune, size]; invalid → [U+FFFD, 1]. */
export function decodeRune(b: string, i: number): [number, number] {
  const n = b.length - i
  if (n < 1) return [RUNE_ERROR, 0]
  const c0 = b.charCodeAt(i)
  if (c0 < 0x80) return [c0, 1]
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = b.charCodeAt(i + k)
    return k < n && c >= lo && c <= hi ? c & 0x3f : -1
  }
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    const c1 = cont(1)
    return c1 < 0 ? [RUNE_ERROR, 1] : [((c0 & 0x1f) << 6) | c1, 2]
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    // Overlongs (E0 80..9F) and surrogates (ED A0..BF) are invalid.
    const c1 = cont(1, c0 === 0xe0 ? 0xa0 : 0x80, c0 === 0xed ? 0x9f : 0xbf)
    const c2 = c1 < 0 ? -1 : cont(2)
    return c2 < 0 ? [RUNE_ERROR, 1] : [((c0 & 0x0f) << 12) | (c1 << 6) | c2, 3]
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const c1 = cont(1, c0 === 0xf0 ? 0x90 : 0x80, c0 === 0xf4 ? 0x8f : 0xbf)
    const c2 = c1 < 0 ? -1 : cont(2)
    const c3 = c2 < 0 ? -1 : cont(3)
    return c3 < 0 ? [RUNE_ERROR, 1] : [((c0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4]
  }
  return [RUNE_ERROR, 1]
}

/** utf8.AppendRune as a binary string: surrogates and out-of-range runes become U+FFFD. */
export function encodeRune(r: number): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR
  return Buffer.from(String.fromCodePoint(r), 'utf8').toString('latin1')
}

/** []rune(s): every rune of a binary string (invalid bytes are U+FFFD). */
function runesOf(b: string): number[] {
  const out: number[] = []
  for (let i = 0; i < b.length; ) {
    const [r, size] = decodeRune(b, i)
    out.push(r)
    i += size
  }
  return out
}

const runesToBin = (rs: number[]) => rs.map(encodeRune).join('')

// --- unicode, as Go's unicode package classifies and maps runes ---

const ch = (r: number) => String.fromCodePoint(r)
const isUpper = (r: number) => /\p{Lu}/u.test(ch(r))
const isLetter = (r: number) => /\p{L}/u.test(ch(r))
const isNumber = (r: number) => /\p{N}/u.test(ch(r))
const isDigit = (r: number) => /\p{Nd}/u.test(ch(r))
const isPunct = (r: number) => /\p{P}/u.test(ch(r))
/** unicode.IsSpace: Latin-1's \t \n \v \f \r space U+0085 U+00A0, else the White_Space property. */
const isSpace = (r: number) => (r <= 0xff ? r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0 : /\p{White_Space}/u.test(ch(r)))

// Go maps one rune to one rune (UnicodeData's simple mappings); JS applies SpecialCasing, which can
// expand a rune (ß → SS). Where the expansion hides a simple mapping, these tables give it.
const DIGRAPHS: Record<number, [number, number, number]> = {} // rune → [upper, lower, title]
for (const base of [0x1c4, 0x1c7, 0x1ca, 0x1f1]) for (let k = 0; k < 3; k++) DIGRAPHS[base + k] = [base, base + 2, base + 1]

function simpleUpperOfExpanding(r: number): number {
  // Greek with ypogegrammeni: the lowercase forms map to their titlecase (Lt) forms.
  if ((r >= 0x1f80 && r <= 0x1f87) || (r >= 0x1f90 && r <= 0x1f97) || (r >= 0x1fa0 && r <= 0x1fa7)) return r + 8
  if (r === 0x1fb3 || r === 0x1fc3 || r === 0x1ff3) return r + 9
  return r
}

/** unicode.ToUpper. */
export function goToUpper(r: number): number {
  if (DIGRAPHS[r]) return DIGRAPHS[r][0]
  if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) return r
  const u = [...ch(r).toUpperCase()]
  return u.length === 1 ? u[0].codePointAt(0)! : simpleUpperOfExpanding(r)
}

/** unicode.ToLower. */
export function goToLower(r: number): number {
  if (DIGRAPHS[r]) return DIGRAPHS[r][1]
  if (r === 0x130) return 0x69 // İ: SpecialCasing gives i + U+0307, the simple mapping is i.
  if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) return r
  const l = [...ch(r).toLowerCase()]
  return l.length === 1 ? l[0].codePointAt(0)! : r
}

/** unicode.ToTitle: ToUpper except for the digraphs and Georgian (whose titlecase is itself). */
export function goToTitle(r: number): number {
  if (DIGRAPHS[r]) return DIGRAPHS[r][2]
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return r
  return goToUpper(r)
}

// --- strings.Title, goutils.Uncapitalize ---

/** strings.Title's isSeparator. */
function isSeparator(r: number): boolean {
  if (r <= 0x7f) return !((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f)
  if (isLetter(r) || isDigit(r)) return false
  return isSpace(r)
}

/** strings.Title: the first rune of every word to title case (strings.Map: invalid bytes → U+FFFD). */
function title(s: GoString): GoString {
  let prev = 0x20
  const out = runesOf(bin(s)).map((r) => {
    const mapped = isSeparator(prev) ? goToTitle(r) : r
    prev = r
    return mapped
  })
  return unbin(runesToBin(out))
}

/** goutils.Uncapitalize with no delimiters: lower the first rune of every whitespace-separated word. */
function untitle(s: GoString): GoString {
  const b = bin(s)
  if (b === '') return s
  let next = true
  const out = runesOf(b).map((r) => {
    if (isSpace(r)) {
      next = true
      return r
    }
    if (!next) return r
    next = false
    return goToLower(r)
  })
  return unbin(runesToBin(out))
}

// --- goutils: Abbreviate, AbbreviateFull, Initials, WrapCustom (all by byte) ---

/** goutils.AbbreviateFull on a binary string; its errors give "" (Sprig ignores them). */
function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return ''
  if (maxWidth < 4) return ''
  if (str.length <= maxWidth) return str
  if (offset > str.length) offset = str.length
  if (str.length - offset < maxWidth - 3) offset = str.length - (maxWidth - 3)
  const marker = '...'
  if (offset <= 4) return str.slice(0, maxWidth - 3) + marker
  if (maxWidth < 7) return ''
  if (offset + maxWidth - 3 < str.length) return marker + abbreviateFull(str.slice(offset), 0, maxWidth - 3)
  return marker + str.slice(str.length - (maxWidth - 3))
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

/**
 * goutils.Initials with no delimiters. It reads the string byte by byte and treats each byte as a
 * rune (Latin-1): a UTF-8 lead byte comes out as the rune of that value, and bytes 0x85 and 0xA0
 * count as whitespace.
 */
function initials(s: GoString): GoString {
  const b = bin(s)
  let out = ''
  let gap = true
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i)
    if (isSpace(c)) gap = true
    else if (gap) {
      out += encodeRune(c)
      gap = false
    }
  }
  return unbin(out)
}

/** goutils.WrapCustom on binary strings. */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return ''
  if (newLine === '') newLine = '\n'
  if (wrapLength < 1) wrapLength = 1
  const len = str.length
  let offset = 0
  let out = ''
  while (len - offset > wrapLength) {
    if (str[offset] === ' ') {
      offset++
      continue
    }
    const end = wrapLength + offset + 1
    const spaceAt = str.slice(offset, end).lastIndexOf(' ') + offset
    if (spaceAt >= offset) {
      out += str.slice(offset, spaceAt) + newLine
      offset = spaceAt + 1
    } else if (wrapLongWords) {
      out += str.slice(offset, wrapLength + offset) + newLine
      offset += wrapLength
    } else {
      const from = wrapLength + offset
      const index = str.slice(from).indexOf(' ')
      if (index === -1) {
        out += str.slice(offset)
        offset = len
      } else {
        out += str.slice(offset, index + from) + newLine
        offset = index + from + 1
      }
    }
  }
  return out + str.slice(offset)
}

// --- xstrings 1.5.0: ToPascalCase (Sprig's camelcase), ToSnakeCase, ToKebabCase ---

const isConnector = (r: number) => r === 0x2d || r === 0x5f || isSpace(r)

/** xstrings' isAlphabet: a letter, but not a CJK ideograph. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false
  if (r < 0x3400) return true
  if (r >= 0x4e00 && r <= 0x9fcc) return false
  if (r >= 0x3400 && r <= 0x4d85) return false
  if (r >= 0x20000 && r <= 0x2b81d) return false
  return true
}

/** xstrings' toCamelCase(str, isBig=true): runes in, runes out (invalid bytes become U+FFFD). */
function toPascalCase(s: GoString): GoString {
  let str = bin(s)
  if (str === '') return ''
  let out = ''
  let firstUpper = false
  let r0 = 0
  let r1 = 0
  let size = 0
  // Leading connectors appear in the output.
  while (str.length > 0) {
    ;[r0, size] = decodeRune(str, 0)
    str = str.slice(size)
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0)
      r0 = goToUpper(r0)
      break
    }
    out += encodeRune(r0)
  }
  if (str.length === 0) {
    if (size !== 0) out += encodeRune(r0)
    return unbin(out)
  }
  while (str.length > 0) {
    r1 = r0
    ;[r0, size] = decodeRune(str, 0)
    str = str.slice(size)
    if (isConnector(r0) && isConnector(r1)) {
      out += encodeRune(r1)
      continue
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0)
      r0 = goToUpper(r0)
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = goToLower(r0)
        else firstUpper = false
      }
      out += encodeRune(r1)
    }
  }
  return unbin(out + encodeRune(r0))
}

const INVALID = 0
const NUMBER = 1
const UPPER = 2
const ALPHA = 3
const CONNECTOR = 4
const PUNCT = 5
const OTHER = 6

/** xstrings' nextValidRune: skips invalid bytes (counting them); all invalid → [prev, size]. */
function nextValidRune(str: string, prev: number): [number, number] {
  let size = 0
  let i = 0
  while (i < str.length) {
    const [r, sz] = decodeRune(str, i)
    size += sz
    // A literal U+FFFD decodes as RuneError too, and is skipped like an invalid byte.
    if (r !== RUNE_ERROR) return [r, size]
    i += sz
  }
  return [prev, size]
}

/** xstrings' nextWord: [type, word, remaining]. */
function nextWord(str: string): [number, string, string] {
  if (str.length === 0) return [INVALID, '', '']
  let offset = 0
  let remaining = str
  let [r, size] = nextValidRune(remaining, RUNE_ERROR)
  offset += size
  if (r === RUNE_ERROR) return [INVALID, str.slice(0, offset), str.slice(offset)]
  let wt: number
  const run = (keep: (r: number) => boolean) => {
    remaining = remaining.slice(size)
    while (remaining.length > 0) {
      ;[r, size] = nextValidRune(remaining, r)
      if (!keep(r)) break
      offset += size
      remaining = remaining.slice(size)
    }
  }
  if (isConnector(r)) {
    wt = CONNECTOR
    run(isConnector)
  } else if (isPunct(r)) {
    wt = PUNCT
    run(isPunct)
  } else if (isUpper(r)) {
    wt = UPPER
    remaining = remaining.slice(size)
    if (remaining.length > 0) {
      ;[r, size] = nextValidRune(remaining, r)
      if (isUpper(r)) {
        let prevSize = size
        offset += size
        remaining = remaining.slice(size)
        while (remaining.length > 0) {
          ;[r, size] = nextValidRune(remaining, r)
          if (!isUpper(r)) break
          prevSize = size
          offset += size
          remaining = remaining.slice(size)
        }
        // "HTTPStatus" is "HTTP" and "Status": the S goes back to the remaining text.
        if (remaining.length > 0 && isAlphabet(r)) {
          offset -= prevSize
          remaining = str.slice(offset)
        }
      } else if (isAlphabet(r)) {
        offset += size
        remaining = remaining.slice(size)
        while (remaining.length > 0) {
          ;[r, size] = nextValidRune(remaining, r)
          if (!isAlphabet(r) || isUpper(r)) break
          offset += size
          remaining = remaining.slice(size)
        }
      }
    }
  } else if (isAlphabet(r)) {
    wt = ALPHA
    run((x) => isAlphabet(x) && !isUpper(x))
  } else if (isNumber(r)) {
    wt = NUMBER
    run(isNumber)
  } else {
    wt = OTHER
    remaining = remaining.slice(size)
    while (remaining.length > 0) {
      ;[r, size] = nextValidRune(remaining, r)
      if (size === 0 || isConnector(r) || isAlphabet(r) || isNumber(r) || isPunct(r)) break
      offset += size
      remaining = remaining.slice(size)
    }
  }
  return [wt, str.slice(0, offset), remaining]
}

/** xstrings' toLower: upper-case and connector words rune by rune, other words byte for byte. */
function lowerWord(wt: number, str: string, connector: string): string {
  if (wt !== UPPER && wt !== CONNECTOR) return str
  let out = ''
  for (let i = 0; i < str.length; ) {
    const [r, size] = decodeRune(str, i)
    i += size
    if (isConnector(r)) out += connector
    else if (isUpper(r)) out += encodeRune(goToLower(r))
    else out += encodeRune(r)
  }
  return out
}

/** xstrings' camelCaseToLowerCase (snake_case and kebab-case). */
function camelCaseToLowerCase(s: GoString, connector: string): GoString {
  const str = bin(s)
  if (str === '') return ''
  let out = ''
  let [wt, word, remaining] = nextWord(str)
  while (remaining.length > 0) {
    if (wt !== CONNECTOR) out += lowerWord(wt, word, connector)
    const prev = wt
    const last = word
    ;[wt, word, remaining] = nextWord(remaining)
    if (prev === NUMBER) {
      while (wt === ALPHA || wt === NUMBER) {
        out += lowerWord(wt, word, connector)
        ;[wt, word, remaining] = nextWord(remaining)
      }
      if (wt !== INVALID && wt !== PUNCT && wt !== CONNECTOR) out += connector
    } else if (prev === CONNECTOR) {
      out += lowerWord(prev, last, connector)
    } else if (prev === PUNCT) {
      // nothing
    } else {
      if (wt !== NUMBER) {
        if (wt !== CONNECTOR && wt !== PUNCT) out += connector
        continue
      }
      if (remaining.length === 0) continue
      const lastNumber = word
      ;[wt, word, remaining] = nextWord(remaining)
      // A number followed by a non-letter belongs to the word before it: "Bld4Floor" → "bld4_floor".
      if (wt !== ALPHA) {
        out += lowerWord(NUMBER, lastNumber, connector)
        if (wt !== CONNECTOR && wt !== PUNCT) out += connector
        continue
      }
      // Lower-case letters after a number start a new word: "HTTP2xx" → "http_2xx".
      out += connector + lowerWord(NUMBER, lastNumber, connector)
      while (wt === ALPHA || wt === NUMBER) {
        out += lowerWord(wt, word, connector)
        ;[wt, word, remaining] = nextWord(remaining)
      }
      if (wt !== INVALID && wt !== CONNECTOR && wt !== PUNCT) out += connector
    }
  }
  return unbin(out + lowerWord(wt, word, connector))
}

// --- strings.Split / SplitN into Sprig's {_0: ..., _1: ...} map[string]string ---

/** strings.SplitN over binary strings (n < 0: all; n == 0: none). */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return []
  if (sep === '') {
    // explode: one element per UTF-8 sequence (an invalid byte alone), the rest in the last.
    const count = runesOf(s).length
    if (n < 0 || n > count) n = count
    const out: string[] = []
    let rest = s
    for (let i = 0; i < n - 1; i++) {
      const [, size] = decodeRune(rest, 0)
      out.push(rest.slice(0, size))
      rest = rest.slice(size)
    }
    if (n > 0) out.push(rest)
    return out
  }
  const all = s.split(sep)
  if (n < 0 || n >= all.length) return all
  return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)]
}

function splitMap(parts: string[]): StringMap {
  return new StringMap(new Map(parts.map((p, i) => [`_${i}`, unbin(p)])))
}

// --- toDecimal: strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on any error ---

function toDecimal(v: GoValue): bigint {
  const m = /^([+-]?)([0-7]+)$/.exec(text(strval(v)))
  if (!m) return 0n
  const magnitude = BigInt('0o' + m[2])
  const value = m[1] === '-' ? -magnitude : magnitude
  // Out of int64's range is strconv.ErrRange: 0 as well.
  return value > 2n ** 63n - 1n || value < -(2n ** 63n) ? 0n : value
}

// --- path (and path/filepath on Linux, which is the same for these five) ---

/** path.Clean. */
export function pathClean(p: string): string {
  if (p === '') return '.'
  const rooted = p[0] === '/'
  const n = p.length
  let out = rooted ? '/' : ''
  let r = rooted ? 1 : 0
  let dotdot = rooted ? 1 : 0
  while (r < n) {
    if (p[r] === '/') r++
    else if (p[r] === '.' && (r + 1 === n || p[r + 1] === '/')) r++
    else if (p[r] === '.' && p[r + 1] === '.' && (r + 2 === n || p[r + 2] === '/')) {
      r += 2
      if (out.length > dotdot) {
        let w = out.length - 1
        while (w > dotdot && out[w] !== '/') w--
        out = out.slice(0, w)
      } else if (!rooted) {
        if (out.length > 0) out += '/'
        out += '..'
        dotdot = out.length
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out += '/'
      for (; r < n && p[r] !== '/'; r++) out += p[r]
    }
  }
  return out === '' ? '.' : out
}

/** path.Base. */
function pathBase(p: string): string {
  if (p === '') return '.'
  while (p.length > 0 && p[p.length - 1] === '/') p = p.slice(0, -1)
  const i = p.lastIndexOf('/')
  if (i >= 0) p = p.slice(i + 1)
  return p === '' ? '/' : p
}

/** path.Dir: Clean of everything up to the last slash. */
function pathDir(p: string): string {
  return pathClean(p.slice(0, p.lastIndexOf('/') + 1))
}

/** path.Ext: from the last dot in the last element. */
function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i)
  return ''
}

const onPath = (f: (p: string) => string) => (s: GoValue) => unbin(f(bin(s as GoString)))

// --- net/url (Go 1.26: bracketed hosts must be IPv6 addresses; strict colons for http(s)) ---

const UPPERHEX = '0123456789ABCDEF'
type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment'

/** net/url's error reasons, without the quoted input Go puts in some of them. */
class UrlError extends Error {}

const isAlnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c)

/** net/url shouldEscape. */
function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false
  if ('-_.~'.includes(c)) return false
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?'
      case 'pathSegment':
        return c === '/' || c === ';' || c === ',' || c === '?'
      case 'userPassword':
        return c === '@' || c === '/' || c === '?' || c === ':'
      case 'queryComponent':
        return true
      case 'fragment':
        return false
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false
  return true
}

/** net/url unescape. */
function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) throw new UrlError('invalid URL escape')
      // In a host, %-encoding is only for non-ASCII bytes (and %25 for an IPv6 zone's percent).
      if (mode === 'host' && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') throw new UrlError('invalid URL escape')
      if (mode === 'zone') {
        const v = String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16))
        if (s.slice(i, i + 3) !== '%25' && v !== ' ' && shouldEscape(v, 'host')) throw new UrlError('invalid URL escape')
      }
      i += 3
    } else {
      if ((mode === 'host' || mode === 'zone') && s.charCodeAt(i) < 0x80 && shouldEscape(s[i], mode)) throw new UrlError('invalid character in host name')
      i++
    }
  }
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16))
      i += 2
    } else if (s[i] === '+') out += mode === 'queryComponent' ? ' ' : '+'
    else out += s[i]
  }
  return out
}

/** net/url escape. */
function escape(s: string, mode: Mode): string {
  let out = ''
  for (const c of s) {
    if (c === ' ' && mode === 'queryComponent') out += '+'
    else if (shouldEscape(c, mode)) out += '%' + UPPERHEX[c.charCodeAt(0) >> 4] + UPPERHEX[c.charCodeAt(0) & 15]
    else out += c
  }
  return out
}

interface Userinfo {
  username: string
  password?: string
}

interface Url {
  scheme: string
  opaque: string
  user?: Userinfo
  host: string
  path: string
  rawPath: string
  omitHost: boolean
  forceQuery: boolean
  rawQuery: string
  fragment: string
  rawFragment: string
}

const emptyUrl = (): Url => ({ scheme: '', opaque: '', host: '', path: '', rawPath: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '', rawFragment: '' })

/** Userinfo.String. */
function userString(u: Userinfo): string {
  return escape(u.username, 'userPassword') + (u.password !== undefined ? ':' + escape(u.password, 'userPassword') : '')
}

/** url.Parse. */
function urlParseGo(raw: string): Url {
  const hash = raw.indexOf('#')
  const url = parseNoFragment(hash < 0 ? raw : raw.slice(0, hash))
  const frag = hash < 0 ? '' : raw.slice(hash + 1)
  if (frag === '') return url
  url.fragment = unescape(frag, 'fragment')
  url.rawFragment = escape(url.fragment, 'fragment') === frag ? '' : frag
  return url
}

/** net/url parse (viaRequest false). */
function parseNoFragment(raw: string): Url {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL')
  const url = emptyUrl()
  if (raw === '*') {
    url.path = '*'
    return url
  }
  let rest: string
  ;[url.scheme, rest] = getScheme(raw)
  url.scheme = url.scheme.toLowerCase()
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true
    rest = rest.slice(0, -1)
  } else {
    const q = rest.indexOf('?')
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1)
      rest = rest.slice(0, q)
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      // A rootless path after a scheme is opaque (RFC 3986).
      url.opaque = rest
      return url
    }
    const slash = rest.indexOf('/')
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) throw new UrlError('first path segment in URL cannot contain colon')
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2)
    rest = ''
    const slash = authority.indexOf('/')
    if (slash >= 0) {
      rest = authority.slice(slash)
      authority = authority.slice(0, slash)
    }
    ;[url.user, url.host] = parseAuthority(url.scheme, authority)
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true
  }
  url.path = unescape(rest, 'path')
  url.rawPath = escape(url.path, 'path') === rest ? '' : rest
  return url
}

/** net/url getScheme: [scheme, rest]. */
function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw]
      continue
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme')
      return [raw.slice(0, i), raw.slice(i + 1)]
    }
    return ['', raw]
  }
  return ['', raw]
}

/** net/url parseAuthority: [user, host]. */
function parseAuthority(scheme: string, authority: string): [Userinfo | undefined, string] {
  const at = authority.lastIndexOf('@')
  const host = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1))
  if (at < 0) return [undefined, host]
  const userinfo = authority.slice(0, at)
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError('net/url: invalid userinfo')
  const colon = userinfo.indexOf(':')
  if (colon < 0) return [{ username: unescape(userinfo, 'userPassword') }, host]
  return [{ username: unescape(userinfo.slice(0, colon), 'userPassword'), password: unescape(userinfo.slice(colon + 1), 'userPassword') }, host]
}

const validOptionalPort = (port: string) => port === '' || /^:[0-9]*$/.test(port)

/** net/url parseHost, as Go 1.26 has it. */
function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[')
  if (open > 0) throw new UrlError('invalid IP-literal')
  if (open === 0) {
    const close = host.lastIndexOf(']')
    if (close < 0) throw new UrlError("missing ']' in host")
    const colonPort = host.slice(close + 1)
    if (!validOptionalPort(colonPort)) throw new UrlError('invalid port after host')
    const inside = host.slice(1, close)
    // RFC 6874: %25 starts the zone, which may %-encode more than a host may.
    const zone = inside.indexOf('%25')
    const address = zone >= 0 ? unescape(inside.slice(0, zone), 'host') + unescape(inside.slice(zone), 'zone') : unescape(inside, 'host')
    // Only an IPv6 address may go in brackets (CVE-2025-47912).
    const kind = netipParseAddr(address)
    if (kind === 'invalid') throw new UrlError('invalid host')
    if (kind === 'ipv4') throw new UrlError('invalid IP-literal')
    return '[' + address + ']' + unescape(colonPort, 'host')
  }
  let colon = host.indexOf(':')
  if (colon >= 0) {
    // Strict colons (urlstrictcolons=1, Go 1.26's default) for http and https only: the first colon
    // starts the port. Other schemes keep the old rule (the last one), for database host lists.
    const last = host.lastIndexOf(':')
    if (last !== colon && scheme !== 'http' && scheme !== 'https') colon = last
    if (!validOptionalPort(host.slice(colon))) throw new UrlError('invalid port after host')
  }
  return unescape(host, 'host')
}

/** netip.ParseAddr's verdict: an IPv4 address, an IPv6 one (with an optional zone), or neither. */
function netipParseAddr(s: string): 'ipv4' | 'ipv6' | 'invalid' {
  for (const c of s) {
    if (c === '.') return ipv4Fields(s) ? 'ipv4' : 'invalid'
    if (c === ':') return ipv6(s) ? 'ipv6' : 'invalid'
    if (c === '%') return 'invalid'
  }
  return 'invalid'
}

/** netip's parseIPv4Fields: four decimal fields, no leading zeros, each at most 255. */
function ipv4Fields(s: string): boolean {
  const fields = s.split('.')
  return fields.length === 4 && fields.every((f) => /^(0|[1-9][0-9]{0,2})$/.test(f) && Number(f) <= 255)
}

/** netip's parseIPv6. */
function ipv6(input: string): boolean {
  let s = input
  const pct = s.indexOf('%')
  if (pct >= 0) {
    if (pct === s.length - 1) return false
    s = s.slice(0, pct)
  }
  let ellipsis = -1
  if (s.startsWith('::')) {
    ellipsis = 0
    s = s.slice(2)
    if (s === '') return true
  }
  let i = 0
  while (i < 16) {
    const m = /^[0-9a-fA-F]*/.exec(s)![0]
    if (m.length > 4) return false
    if (m.length === 0) return false
    if (m.length < s.length && s[m.length] === '.') {
      if (ellipsis < 0 && i !== 12) return false
      if (i + 4 > 16) return false
      if (!ipv4Fields(s)) return false
      s = ''
      i += 4
      break
    }
    i += 2
    s = s.slice(m.length)
    if (s === '') break
    if (s[0] !== ':' || s.length === 1) return false
    s = s.slice(1)
    if (s[0] === ':') {
      if (ellipsis >= 0) return false
      ellipsis = i
      s = s.slice(1)
      if (s === '') break
    }
  }
  if (s !== '') return false
  if (i < 16) return ellipsis >= 0
  return ellipsis < 0
}

/** URL.EscapedPath. */
function escapedPath(u: Url): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath
    } catch {
      // fall through to escaping Path
    }
  }
  if (u.path === '*') return '*'
  return escape(u.path, 'path')
}

/** URL.EscapedFragment. */
function escapedFragment(u: Url): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (unescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment
    } catch {
      // fall through to escaping Fragment
    }
  }
  return escape(u.fragment, 'fragment')
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const c of s) if (!`!$&'()*+,;=:@[]%`.includes(c) && shouldEscape(c, mode)) return false
  return true
}

/** URL.String (Go 1.26). */
function urlString(u: Url): string {
  let out = ''
  if (u.scheme !== '') out += u.scheme + ':'
  if (u.opaque !== '') out += u.opaque
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) out += '//'
        if (u.user) out += userString(u.user) + '@'
        if (u.host !== '') out += escape(u.host, 'host')
      }
    }
    let path = escapedPath(u)
    if (u.omitHost && u.host === '' && !u.user && path.startsWith('//')) {
      // A path starting "//" with no authority would read back as one.
      out += '%2F'
      path = path.slice(1)
    }
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/'
    if (out === '') {
      // RFC 3986 §4.2: a first segment with a colon would read as a scheme.
      const slash = path.indexOf('/')
      if ((slash < 0 ? path : path.slice(0, slash)).includes(':')) out += './'
    }
    out += path
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery
  if (u.fragment !== '') out += '#' + escapedFragment(u)
  return out
}

/** URL.Hostname: the host without its port or brackets. */
function hostname(host: string): string {
  const colon = host.lastIndexOf(':')
  if (colon >= 0 && validOptionalPort(host.slice(colon))) host = host.slice(0, colon)
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  return host
}

/** Sprig's urlParse: Go panics on a bad URL; the panic becomes the call's error. */
function urlParse(s: GoString): GoMap {
  let u: Url
  try {
    u = urlParseGo(bin(s))
  } catch (e) {
    if (e instanceof UrlError) throw new FuncError(`unable to parse url: ${e.message}`)
    throw e
  }
  return {
    scheme: unbin(u.scheme),
    host: unbin(u.host),
    hostname: unbin(hostname(u.host)),
    path: unbin(u.path),
    query: unbin(u.rawQuery),
    opaque: unbin(u.opaque),
    fragment: unbin(u.fragment),
    userinfo: u.user ? unbin(userString(u.user)) : '',
  }
}

/** Sprig's dictGetOrEmpty: a missing key is ""; anything but a string panics. */
function dictString(d: GoMap, key: string): string {
  if (!Object.hasOwn(d, key)) return ''
  const v = d[key]
  // reflect.TypeOf(nil).Kind() dereferences a nil Type.
  if (v === null || v === undefined) throw new FuncError('runtime error: invalid memory address or nil pointer dereference')
  if (!isGoString(v)) throw new FuncError(`unable to parse ${key} key, must be of type string, but ${kindName(v)} found`)
  return bin(v)
}

/** Sprig's urlJoin: a url.URL from the dict's strings, printed with URL.String. */
function urlJoin(d: GoMap): GoString {
  const u = emptyUrl()
  u.scheme = dictString(d, 'scheme')
  u.host = dictString(d, 'host')
  u.path = dictString(d, 'path')
  u.rawQuery = dictString(d, 'query')
  u.opaque = dictString(d, 'opaque')
  u.fragment = dictString(d, 'fragment')
  const userinfo = dictString(d, 'userinfo')
  if (userinfo !== '') {
    try {
      u.user = urlParseGo(`proto://${userinfo}@host`).user
    } catch (e) {
      if (e instanceof UrlError) throw new FuncError(`unable to parse userinfo in dict: ${e.message}`)
      throw e
    }
  }
  return unbin(urlString(u))
}

const S = 'string' as const
const I = 'int' as const
const str = (v: GoValue) => v as GoString
const int = (v: GoValue) => Number(v as bigint)

export const TEXT: FuncDef[] = [
  { name: 'hello', params: [], fn: () => 'Hello!' },
  { name: 'title', params: [S], fn: (_c, s) => title(str(s)) },
  { name: 'untitle', params: [S], fn: (_c, s) => untitle(str(s)) },
  { name: 'abbrev', params: [I, S], fn: (_c, w, s) => abbrev(int(w), str(s)) },
  { name: 'abbrevboth', params: [I, I, S], fn: (_c, l, r, s) => abbrevboth(int(l), int(r), str(s)) },
  { name: 'initials', params: [S], fn: (_c, s) => initials(str(s)) },
  { name: 'wrap', params: [I, S], fn: (_c, l, s) => unbin(wrapCustom(bin(str(s)), int(l), '', false)) },
  { name: 'wrapWith', params: [I, S, S], fn: (_c, l, sep, s) => unbin(wrapCustom(bin(str(s)), int(l), bin(str(sep)), true)) },
  { name: 'camelcase', params: [S], fn: (_c, s) => toPascalCase(str(s)) },
  { name: 'snakecase', params: [S], fn: (_c, s) => camelCaseToLowerCase(str(s), '_') },
  { name: 'kebabcase', params: [S], fn: (_c, s) => camelCaseToLowerCase(str(s), '-') },
  { name: 'split', params: [S, S], fn: (_c, sep, s) => splitMap(splitN(bin(str(s)), bin(str(sep)), -1)) },
  { name: 'splitn', params: [S, I, S], fn: (_c, sep, n, s) => splitMap(splitN(bin(str(s)), bin(str(sep)), int(n))) },
  { name: 'toDecimal', params: ['any'], fn: (_c, v) => new GoTypedInt('int64', toDecimal(v)) },
  { name: 'base', params: [S], fn: (_c, s) => onPath(pathBase)(s) },
  { name: 'dir', params: [S], fn: (_c, s) => onPath(pathDir)(s) },
  { name: 'clean', params: [S], fn: (_c, s) => onPath(pathClean)(s) },
  { name: 'ext', params: [S], fn: (_c, s) => onPath(pathExt)(s) },
  { name: 'isAbs', params: [S], fn: (_c, s) => bin(str(s)).startsWith('/') },
  // path/filepath on Linux: the same rules as path for these five.
  { name: 'osBase', params: [S], fn: (_c, s) => onPath(pathBase)(s) },
  { name: 'osDir', params: [S], fn: (_c, s) => onPath(pathDir)(s) },
  { name: 'osClean', params: [S], fn: (_c, s) => onPath(pathClean)(s) },
  { name: 'osExt', params: [S], fn: (_c, s) => onPath(pathExt)(s) },
  { name: 'osIsAbs', params: [S], fn: (_c, s) => bin(str(s)).startsWith('/') },
  { name: 'urlParse', params: [S], fn: (_c, s) => urlParse(str(s)) },
  { name: 'urlJoin', params: ['dict'], fn: (_c, d) => urlJoin(d as GoMap) },
  // The message is the template author's, not data: Go prints it, and so does this.
  {
    name: 'fail',
    params: [S],
    fn: (_c, msg) => {
      throw new FuncError(text(str(msg)))
    },
  },
]
