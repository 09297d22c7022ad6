// huandu/xstrings 1.5.0 as Sprig calls it: ToPascalCase (toCamelCase with isBig, Sprig's camelcase)
// and camelCaseToLowerCase (ToSnakeCase, ToKebabCase), word splitting and all. Byte strings in and
// out; runes are decoded as Go decodes them (an invalid byte is U+FFFD).

import { isLetter, isNumber, isPunct, isSpace, isUpper, toLower, toUpper } from './unicode.ts'
import { decodeRuneInString, encodeRune, RUNE_ERROR } from './utf8.ts'

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
export function toPascalCase(s: string): string {
  let str = s
  if (str === '') return ''
  let out = ''
  let firstUpper = false
  let r0 = 0
  let r1 = 0
  let size = 0
  // Leading connectors appear in the output.
  while (str.length > 0) {
    ;[r0, size] = decodeRuneInString(str, 0)
    str = str.slice(size)
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0)
      r0 = toUpper(r0)
      break
    }
    out += encodeRune(r0)
  }
  if (str.length === 0) {
    if (size !== 0) out += encodeRune(r0)
    return out
  }
  while (str.length > 0) {
    r1 = r0
    ;[r0, size] = decodeRuneInString(str, 0)
    str = str.slice(size)
    if (isConnector(r0) && isConnector(r1)) {
      out += encodeRune(r1)
      continue
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0)
      r0 = toUpper(r0)
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLower(r0)
        else firstUpper = false
      }
      out += encodeRune(r1)
    }
  }
  return out + encodeRune(r0)
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
    const [r, sz] = decodeRuneInString(str, i)
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
    const [r, size] = decodeRuneInString(str, i)
    i += size
    if (isConnector(r)) out += connector
    else if (isUpper(r)) out += encodeRune(toLower(r))
    else out += encodeRune(r)
  }
  return out
}

/** xstrings' camelCaseToLowerCase (snake_case and kebab-case). */
export function camelCaseToLowerCase(str: string, connector: string): string {
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
  return out + lowerWord(wt, word, connector)
}
