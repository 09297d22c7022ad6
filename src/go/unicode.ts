// Go's unicode package as Sprig's string functions and their libraries use it: the categories
// (IsUpper, IsLetter, IsNumber, IsDigit, IsPunct, IsSpace) and the one-rune-to-one-rune case
// mappings ToUpper, ToLower and ToTitle, over JS's Unicode data. Runes are numbers.

const ch = (r: number) => String.fromCodePoint(r)
export const isUpper = (r: number) => /\p{Lu}/u.test(ch(r))
export const isLetter = (r: number) => /\p{L}/u.test(ch(r))
export const isNumber = (r: number) => /\p{N}/u.test(ch(r))
export const isDigit = (r: number) => /\p{Nd}/u.test(ch(r))
export const isPunct = (r: number) => /\p{P}/u.test(ch(r))
/** unicode.IsSpace: Latin-1's \t \n \v \f \r space U+0085 U+00A0, else the White_Space property. */
export const isSpace = (r: number) => (r <= 0xff ? r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0 : /\p{White_Space}/u.test(ch(r)))

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
export function toUpper(r: number): number {
  if (DIGRAPHS[r]) return DIGRAPHS[r][0]
  if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) return r
  const u = [...ch(r).toUpperCase()]
  return u.length === 1 ? u[0].codePointAt(0)! : simpleUpperOfExpanding(r)
}

/** unicode.ToLower. */
export function toLower(r: number): number {
  if (DIGRAPHS[r]) return DIGRAPHS[r][1]
  if (r === 0x130) return 0x69 // İ: SpecialCasing gives i + U+0307, the simple mapping is i.
  if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) return r
  const l = [...ch(r).toLowerCase()]
  return l.length === 1 ? l[0].codePointAt(0)! : r
}

/** unicode.ToTitle: ToUpper except for the digraphs and Georgian (whose titlecase is itself). */
export function toTitle(r: number): number {
  if (DIGRAPHS[r]) return DIGRAPHS[r][2]
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return r
  return toUpper(r)
}
