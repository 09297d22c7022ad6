// A fast path for Go's regexp: patterns of a small subset that V8's RegExp matches exactly as Go
// does, and in linear time. RE2 in JavaScript (re2js) runs its NFA over any text longer than a few
// KiB when the match's bounds are wanted: about 800 µs for a PEM bundle of 5 KB, 200 times V8. The
// patterns ESO users write to filter PEM blocks or pull a field out of a string are mostly of this
// subset: `-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----`.
//
// The subset: a sequence of items, each a literal rune, a set (a class `[...]` of literal runes and
// ranges, `.`, `\d`, `\w`, `\s` and their negations), optionally followed by one greedy `*`, `+` or
// `?`. No groups, alternation, assertions, counted repetition, lazy quantifiers or flags: each of
// those falls back to re2js. Over it Go's and V8's meanings are the same: runes against code points
// (the `u` flag), Go's ASCII \d \w \s written out as classes (V8's \s is wider), `.` as [^\n].
//
// Why linear (V8 backtracks; RE2 never does):
// - The pattern starts with a literal rune c0, not repeated, and no repeated set contains c0.
// - A repeated item is last, or followed by a non-repeated item whose set is disjoint from its own.
// From one start, each repeated item takes its maximal run; giving back a rune places the next item
// on a rune of the repeated set, where it fails at once, so an attempt costs O(the text it reads).
// A run never crosses a c0, so an attempt reads past at most K of them (K: the pattern's items
// that are not repeated), and each position is read by at most K + 1 attempts: O(K × n).
// The match from one start is unique (no choice ever succeeds two ways), so leftmost-first (Go) and
// backtracking order (V8) find the same match; the pattern cannot match empty, so Go's rule about
// empty matches after a match never applies.

/** A set of runes: the ranges, or everything but them. */
interface RuneSet {
  negated: boolean
  /** Sorted, inclusive, non-overlapping. */
  ranges: [number, number][]
}

interface Item {
  set: RuneSet
  /** The rune, when the item is one literal rune. */
  literal?: number
  repeat?: '*' | '+' | '?'
}

/** Longer patterns stay with re2js: the bound on the work grows with the pattern's literals. */
const MAX_PATTERN_LENGTH = 1000

const ASCII_DIGIT: [number, number][] = [[0x30, 0x39]]
const ASCII_WORD: [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]
// Go's \s: [\t\n\f\r ] (no \v, no Unicode spaces).
const ASCII_SPACE: [number, number][] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
]
const PERL: Record<string, [number, number][]> = { d: ASCII_DIGIT, w: ASCII_WORD, s: ASCII_SPACE }
// Go's escapes of single runes (regexp/syntax: \a \f \t \n \r \v).
const ESCAPED_RUNE: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 }
// Punctuation Go reads as itself after a backslash; letters and digits mean something else there.
const ESCAPABLE = new Set('\\.+*?()|[]{}^$-/#&~!%,:;<=>@`\'"_ '.split(''))
// Runes with a meaning of their own outside a class.
const SPECIAL = new Set('\\.+*?()|[]{}^$'.split(''))

function normalize(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1]
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi)
    else out.push([lo, hi])
  }
  return out
}

function inRanges(ranges: readonly [number, number][], c: number): boolean {
  return ranges.some(([lo, hi]) => lo <= c && c <= hi)
}

function contains(set: RuneSet, c: number): boolean {
  return inRanges(set.ranges, c) !== set.negated
}

function rangesOverlap(a: readonly [number, number][], b: readonly [number, number][]): boolean {
  return a.some(([lo, hi]) => b.some(([lo2, hi2]) => lo <= hi2 && lo2 <= hi))
}

/** Whether every rune of `inner` is in `outer`'s ranges. */
function rangesCover(outer: readonly [number, number][], inner: readonly [number, number][]): boolean {
  return inner.every(([lo, hi]) => outer.some(([lo2, hi2]) => lo2 <= lo && hi <= hi2))
}

function disjoint(a: RuneSet, b: RuneSet): boolean {
  if (!a.negated && !b.negated) return !rangesOverlap(a.ranges, b.ranges)
  if (a.negated && !b.negated) return rangesCover(a.ranges, normalize(b.ranges))
  if (!a.negated && b.negated) return rangesCover(b.ranges, normalize(a.ranges))
  return false
}

/** The items of a pattern of the subset, or undefined for any other pattern. */
function items(pattern: string): Item[] | undefined {
  const runes = Array.from(pattern, (ch) => ch.codePointAt(0) as number)
  const out: Item[] = []
  let i = 0
  const ch = (k: number) => (k < runes.length ? String.fromCodePoint(runes[k]) : '')
  while (i < runes.length) {
    const c = ch(i)
    let item: Item
    if (c === '[') {
      const parsed = parseClass(runes, i + 1)
      if (!parsed) return undefined
      item = { set: parsed.set }
      i = parsed.next
    } else if (c === '.') {
      item = { set: { negated: true, ranges: [[0x0a, 0x0a]] } }
      i++
    } else if (c === '\\') {
      const e = ch(i + 1)
      if (ESCAPABLE.has(e)) item = { set: { negated: false, ranges: [[runes[i + 1], runes[i + 1]]] }, literal: runes[i + 1] }
      else if (e in ESCAPED_RUNE) item = { set: { negated: false, ranges: [[ESCAPED_RUNE[e], ESCAPED_RUNE[e]]] }, literal: ESCAPED_RUNE[e] }
      else if (e.toLowerCase() in PERL) item = { set: { negated: e !== e.toLowerCase(), ranges: PERL[e.toLowerCase()] } }
      else return undefined
      i += 2
    } else if (SPECIAL.has(c)) {
      return undefined
    } else {
      item = { set: { negated: false, ranges: [[runes[i], runes[i]]] }, literal: runes[i] }
      i++
    }
    const q = ch(i)
    if (q === '*' || q === '+' || q === '?') {
      item.repeat = q
      i++
      // Lazy (`+?`), nested (`**`, an error in Go) or counted repetition: re2js.
      if ('*+?{'.includes(ch(i)) && ch(i) !== '') return undefined
    } else if (q === '{') {
      return undefined
    }
    out.push(item)
  }
  return out
}

/**
 * A class from just after its `[`: literal runes, `a-z` ranges, `\d` `\w` `\s`, escaped punctuation;
 * a `-` only first or last. Go's quirks (`]` first, POSIX classes, \p) fall back.
 */
function parseClass(runes: number[], start: number): { set: RuneSet; next: number } | undefined {
  let i = start
  const ch = (k: number) => (k < runes.length ? String.fromCodePoint(runes[k]) : '')
  let negated = false
  if (ch(i) === '^') {
    negated = true
    i++
  }
  const ranges: [number, number][] = []
  const first = i
  while (ch(i) !== ']') {
    const c = ch(i)
    if (c === '' || c === '[') return undefined
    let lo: number
    if (c === '\\') {
      const e = ch(i + 1)
      if (ESCAPABLE.has(e)) lo = runes[i + 1]
      else if (e in ESCAPED_RUNE) lo = ESCAPED_RUNE[e]
      else if (e in PERL) {
        ranges.push(...PERL[e])
        i += 2
        continue
      } else return undefined
      i += 2
    } else if (c === '-') {
      // A literal `-` first or last in the class; anywhere else it would be a range with no start.
      if (i !== first && ch(i + 1) !== ']') return undefined
      lo = runes[i]
      i++
    } else {
      lo = runes[i]
      i++
    }
    if (ch(i) === '-' && ch(i + 1) !== ']' && ch(i + 1) !== '') {
      const h = ch(i + 1)
      if (h === '\\' || h === '[') return undefined
      const hi = runes[i + 1]
      // Go refuses a reversed range (an error, which re2js reports).
      if (hi < lo) return undefined
      ranges.push([lo, hi])
      i += 2
    } else {
      ranges.push([lo, lo])
    }
  }
  // `[]` or `[^]` (Go reads a `]` right after the `[` as a literal): re2js.
  if (i === first) return undefined
  return { set: { negated, ranges: normalize(ranges) }, next: i + 1 }
}

/** Whether V8's backtracking is linear over the items (the rules at the top of this file). */
function linear(list: Item[]): boolean {
  const head = list[0]
  if (head?.literal === undefined || head.repeat) return false
  const c0 = head.literal
  for (let k = 0; k < list.length; k++) {
    const item = list[k]
    if (!item.repeat) continue
    if (k > 0 && contains(item.set, c0)) return false
    const next = list[k + 1]
    if (!next) continue
    if (next.repeat || !disjoint(item.set, next.set)) return false
  }
  return true
}

const hex = (c: number) => `\\u{${c.toString(16)}}`

function source(list: Item[]): string {
  return list
    .map((item) => {
      const { set } = item
      const atom = item.literal !== undefined ? hex(item.literal) : `[${set.negated ? '^' : ''}${set.ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('')}]`
      return atom + (item.repeat ?? '')
    })
    .join('')
}

/**
 * The V8 RegExp (flags `gu`) that matches `pattern` as Go's regexp does, in linear time; undefined
 * when the pattern is outside the subset (re2js matches it then). A pattern Go refuses is never
 * of the subset.
 */
export function linearRegExp(pattern: string): RegExp | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined
  const list = items(pattern)
  if (!list || !linear(list)) return undefined
  return new RegExp(source(list), 'gu')
}
