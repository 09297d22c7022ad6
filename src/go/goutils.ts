// Masterminds/goutils 1.1.1 as Sprig calls it: Uncapitalize, AbbreviateFull, Initials, WrapCustom
// (all on byte strings, as goutils slices Go strings by byte offset) and SwapCase (on runes).

import { isSpace, toLower, toTitle, toUpper } from './unicode.ts'
import { encodeRune, runesOf, runesToString } from './utf8.ts'

/** goutils.Uncapitalize with no delimiters: lower the first rune of every whitespace-separated word. */
export function uncapitalize(b: string): string {
  if (b === '') return b
  let next = true
  const out = runesOf(b).map((r) => {
    if (isSpace(r)) {
      next = true
      return r
    }
    if (!next) return r
    next = false
    return toLower(r)
  })
  return runesToString(out)
}

/** goutils.AbbreviateFull on a binary string; its errors give "" (Sprig ignores them). */
export function abbreviateFull(str: string, offset: number, maxWidth: number): string {
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

/**
 * goutils.Initials with no delimiters. It reads the string byte by byte and treats each byte as a
 * rune (Latin-1): a UTF-8 lead byte comes out as the rune of that value, and bytes 0x85 and 0xA0
 * count as whitespace.
 */
export function initials(b: string): string {
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
  return out
}

/** goutils.WrapCustom on binary strings. */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
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

/** goutils.SwapCase: upper and title case to lower; lower to title at a word's start, else upper. */
export function swapCase(s: string): string {
  let out = ''
  let whitespace = true
  for (const c of s) {
    const r = c.codePointAt(0)!
    if (/\p{Lu}|\p{Lt}/u.test(c)) {
      out += String.fromCodePoint(toLower(r))
      whitespace = false
    } else if (/\p{Ll}/u.test(c)) {
      out += String.fromCodePoint(whitespace ? toTitle(r) : toUpper(r))
      whitespace = false
    } else {
      out += c
      whitespace = /\p{White_Space}/u.test(c)
    }
  }
  return out
}
