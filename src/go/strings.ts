// Go's strings functions whose rules Sprig's results show: Title (by rune, with its own notion of
// a word separator) and SplitN. Byte strings in, byte strings out (see byte-string.ts).

import { isDigit, isLetter, isSpace, toTitle } from './unicode.ts'
import { decodeRuneInString, runesOf, runesToString } from './utf8.ts'

/** strings.Title's isSeparator. */
function isSeparator(r: number): boolean {
  if (r <= 0x7f) return !((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f)
  if (isLetter(r) || isDigit(r)) return false
  return isSpace(r)
}

/** strings.Title: the first rune of every word to title case (strings.Map: invalid bytes → U+FFFD). */
export function title(s: string): string {
  let prev = 0x20
  const out = runesOf(s).map((r) => {
    const mapped = isSeparator(prev) ? toTitle(r) : r
    prev = r
    return mapped
  })
  return runesToString(out)
}

/** strings.SplitN over binary strings (n < 0: all; n == 0: none). */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return []
  if (sep === '') {
    // explode: one element per UTF-8 sequence (an invalid byte alone), the rest in the last.
    const count = runesOf(s).length
    if (n < 0 || n > count) n = count
    const out: string[] = []
    let rest = s
    for (let i = 0; i < n - 1; i++) {
      const [, size] = decodeRuneInString(rest, 0)
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
