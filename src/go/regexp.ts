// Go's regexp package (RE2 syntax, leftmost-first matching, linear time) over re2js, a port of
// RE2/J, itself a port of Go's regexp and regexp/syntax: the parser is Go's (Perl flags: ClassNL,
// OneLine, PerlX, UnicodeGroups), so flags anywhere in a pattern, (?U), \pL, \p{Greek}, \Q...\E,
// POSIX classes and Go's error texts come from the same code; what this module adds is the part
// of Go's API RE2/J shapes differently: Expand's template rules for ReplaceAllString, Split, nil
// for "no match", and errors as Go prints them.
//
// Units: every index and every substring is in JavaScript string units (UTF-16 code units) of the
// string passed in; re2js steps over a surrogate pair as one rune, as Go steps over a UTF-8
// sequence, so the matches (and the empty matches between runes) are Go's. Where Go's byte
// semantics could show — invalid UTF-8 — a caller decodes its bytes first (each invalid sequence
// then reads as U+FFFD, and a match returns U+FFFD where Go would return the raw bytes); Go also
// counts invalid bytes one rune each, a decoder may fold a truncated sequence into one U+FFFD.
//
// re2js is required on first use (start-up time matters, and matching is synchronous): the
// require names its module literally so the bundler (scripts/build.mjs) inlines it and evaluates
// it only when the call runs, in Node or a browser (the playground assembles Secrets there, and
// ESO's rewrites run in that assembly). Run from source, Node's ES modules have no `require`, and
// Node's createRequire stands in (reached through process, so that nothing here imports a Node
// module).

import type * as Re2jsModule from 're2js'
import { linearRegExp } from './regexp-linear.ts'
import { classEnd, programSizeEstimate } from './regexp-size.ts'

let re2js: typeof Re2jsModule | undefined

function loadRe2js(): typeof Re2jsModule {
  if (!re2js) {
    try {
      re2js = require('re2js') as typeof Re2jsModule
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e
      re2js = process.getBuiltinModule('node:module').createRequire(import.meta.url)('re2js') as typeof Re2jsModule
    }
  }
  return re2js
}

/**
 * A pattern Go's regexp.Compile refuses; the message is Go's err.Error(), `code` its syntax.ErrorCode
 * ("missing closing )") and `expr` the part of the pattern it quotes: a caller that must not repeat
 * the pattern (it may come from a secret) can report the code alone.
 */
export class GoRegexpError extends Error {
  readonly code: string
  readonly expr: string
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``)
    this.name = 'GoRegexpError'
    this.code = code
    this.expr = expr
  }
}

export interface GoRegexp {
  readonly source: string
  /** The estimated instructions of its program (regexp-size.ts): above CACHED_PROGRAM_SIZE, every compile is a new one. */
  readonly programSize: number
  matchString(s: string): boolean
  findStringIndex(s: string): [number, number] | null
  /** Go's FindStringSubmatch, except that a group that took no part in the match is undefined (Go: ""). */
  findStringSubmatch(s: string): (string | undefined)[] | null
  /** Go's FindStringSubmatchIndex: a pair per group, -1 -1 for a group that took no part. */
  findStringSubmatchIndex(s: string): number[] | null
  findAllString(s: string, n: number): string[] | null
  /**
   * Go's FindAllStringIndex. `each` sees every match as it is found, before the next search: a
   * caller that meters work (a template's budget) throws from it to stop a search over a long text.
   */
  findAllStringIndex(s: string, n: number, each?: (match: number[]) => void): [number, number][] | null
  findAllStringSubmatch(s: string, n: number): (string | undefined)[][] | null
  /** Go's FindAllStringSubmatchIndex; `each` as for findAllStringIndex. */
  findAllStringSubmatchIndex(s: string, n: number, each?: (match: number[]) => void): number[][] | null
  replaceAllString(src: string, repl: string): string
  replaceAllLiteralString(src: string, repl: string): string
  replaceAllStringFunc(src: string, repl: (match: string) => string): string
  /** Go's Expand for one match (its FindStringSubmatchIndex), appended to nothing. */
  expandString(template: string, src: string, match: number[]): string
  /** Go's Split; `each` as for findAllStringIndex. */
  split(s: string, n: number, each?: (match: number[]) => void): string[]
  subexpNames(): string[]
  numSubexp(): number
}

// The RE2 object of re2js: a port of Go's *Regexp (findAll... with Go's n and allMatches rules).
interface Re2 {
  numberOfCapturingGroups(): number
  findSubmatchIndex(s: string): number[] | null
  match(s: string): boolean
}

// RE2/J's Matcher: find() continues after the previous match (past an empty one by a rune), with
// the whole text as context; start(g)/end(g) load the groups of the current match on demand.
interface Re2Matcher {
  find(): boolean
  start(group?: number): number
  end(group?: number): number
}

const cache = new Map<string, GoRegexp>()
const CACHE_LIMIT = 500

/**
 * Patterns whose program is estimated above this are refused as Go refuses one over its limit
 * ("expression too large"), before anything is compiled: re2js would take about 25 MiB and a tenth
 * of a second to compile one, and its search costs the text's length times the program (Go's own
 * limit is 3.3 million instructions, at 40 bytes each). No pattern written by hand comes near it.
 */
export const MAX_PROGRAM_SIZE = 100_000
/** Larger programs are not cached (500 of them could hold gigabytes): each use compiles, and a template pays for it. */
export const CACHED_PROGRAM_SIZE = 20_000

/**
 * Programs up to this size search in time proportional to the text; RE2 runs a larger one at up to
 * one step per character and instruction (`\w{1000}` 25 times over 25 KB ran 7.9 s in re2js).
 */
export const LINEAR_PROGRAM_SIZE = 256
/** The most (character × instruction) work one search, or one rewrite or find over its keys, may take: about a second. */
export const MAX_SEARCH_WORK = 100_000_000

/** The work of searching `length` characters, in (character × instruction) units; 0 for a small program. */
export function searchWork(re: GoRegexp, length: number): number {
  return re.programSize > LINEAR_PROGRAM_SIZE ? length * re.programSize : 0
}

/** Go's regexp.Compile; a refused pattern throws GoRegexpError with Go's message. */
export function compileGo(pattern: string): GoRegexp {
  const hit = cache.get(pattern)
  if (hit) return hit
  const programSize = programSizeEstimate(pattern)
  if (programSize > MAX_PROGRAM_SIZE) throw new GoRegexpError('expression too large', pattern)
  // A pattern of the linear subset runs on V8's RegExp, and re2js loads only for a text V8 and Go
  // could read differently (a lone surrogate).
  const linear = firstLoneSurrogate(pattern) < 0 ? linearRegExp(pattern) : undefined
  const re = new Compiled(pattern, linear ? linearEngine(linear, pattern) : parse(pattern), programSize)
  if (programSize > CACHED_PROGRAM_SIZE) return re
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(pattern, re)
  return re
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

/** What Compiled runs on: re2js's RE2, or V8's RegExp for the linear subset. */
interface Engine {
  re2: Re2
  matcher: (s: string) => Re2Matcher
  names: string[]
}

// A surrogate that is not half of a pair (under `u`, a pair is one code point and never matches).
const UNPAIRED_SURROGATE = /\p{Cs}/u

/**
 * V8's RegExp (flags `gu`, no groups, never an empty match) in the shape of re2js's RE2; a text
 * with a lone surrogate, which Go never sees (it reads bytes), goes to re2js as before.
 */
function linearEngine(re: RegExp, pattern: string): Engine {
  let fallback: Engine | undefined
  const slow = () => (fallback ??= parse(pattern))
  const first = (s: string, from: number): RegExpExecArray | null => {
    re.lastIndex = from
    return re.exec(s)
  }
  const re2: Re2 = {
    numberOfCapturingGroups: () => 0,
    findSubmatchIndex(s) {
      if (UNPAIRED_SURROGATE.test(s)) return slow().re2.findSubmatchIndex(s)
      const m = first(s, 0)
      return m ? [m.index, m.index + m[0].length] : null
    },
    match: (s) => (UNPAIRED_SURROGATE.test(s) ? slow().re2.match(s) : first(s, 0) !== null),
  }
  const matcher = (s: string): Re2Matcher => {
    if (UNPAIRED_SURROGATE.test(s)) return slow().matcher(s)
    let start = -1
    let end = 0
    return {
      find() {
        const m = first(s, end)
        if (!m) return false
        start = m.index
        end = start + m[0].length
        return true
      },
      start: () => start,
      end: () => end,
    }
  }
  return { re2, matcher, names: [''] }
}

function parse(pattern: string): Engine {
  // Go's parser reads bytes and refuses invalid UTF-8 (syntax.checkUTF8), quoting the rest of the
  // pattern from the bad byte; in a JS string that is a lone surrogate.
  const bad = firstLoneSurrogate(pattern)
  if (bad >= 0) throw new GoRegexpError('invalid UTF-8', pattern.slice(bad))
  const { RE2JS, RE2JSException, RE2JSSyntaxException } = loadRe2js()
  let compiled: Re2jsModule.RE2JS
  let renamed: Map<string, string> | undefined
  try {
    // No flags: RE2JS then parses with RE2's PERL flags, Go's syntax.Perl (lookbehinds stay off).
    compiled = RE2JS.compile(pattern)
  } catch (e) {
    if (!(e instanceof RE2JSException)) throw e
    // Go accepts two groups of the same name (RE2/J refuses them): each repeat gets a name of
    // its own, and SubexpNames reports the name as written.
    if (!(e instanceof RE2JSSyntaxException && e.error === 'duplicate capture group name')) throw goError(e, pattern)
    const unique = uniqueGroupNames(pattern)
    try {
      compiled = RE2JS.compile(unique.pattern)
    } catch (e2) {
      if (e2 instanceof RE2JSException) throw goError(e, pattern)
      throw e2
    }
    renamed = unique.original
  }
  const re2 = compiled.re2() as unknown as Re2
  const names = new Array<string>(re2.numberOfCapturingGroups() + 1).fill('')
  for (const [name, index] of Object.entries(compiled.namedGroups())) names[index] = renamed?.get(name) ?? name
  const pattern2 = compiled
  return { re2, matcher: (s) => pattern2.matcher(s) as unknown as Re2Matcher, names }
}

/**
 * The pattern with every repeated group name replaced by a fresh one, and the fresh names' originals.
 * Group names sit in `(?P<name>` or `(?<name>` outside character classes, escapes and \Q...\E.
 */
const NAMED_GROUP = /\(\?P?<([A-Za-z0-9_]+)>/y

function uniqueGroupNames(pattern: string): { pattern: string; original: Map<string, string> } {
  const seen = new Set<string>()
  const original = new Map<string, string>()
  let out = ''
  let fresh = 0
  const freshName = () => {
    let name: string
    do name = `dup${fresh++}_`
    while (pattern.includes(name))
    return name
  }
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2)
        const stop = end < 0 ? pattern.length : end + 2
        out += pattern.slice(i, stop)
        i = stop
        continue
      }
      out += pattern.slice(i, i + 2)
      i += 2
      continue
    }
    if (c === '[') {
      const end = classEnd(pattern, i)
      out += pattern.slice(i, end)
      i = end
      continue
    }
    NAMED_GROUP.lastIndex = i
    const head = NAMED_GROUP.exec(pattern)
    if (head) {
      const name = head[1]
      let use = name
      if (seen.has(name)) {
        use = freshName()
        original.set(use, name)
      }
      seen.add(name)
      out += head[0].replace(`<${name}>`, `<${use}>`)
      i += head[0].length
      continue
    }
    out += c
    i++
  }
  return { pattern: out, original }
}

/**
 * Go's syntax.Error text: "error parsing regexp: CODE: `EXPR`", always with the expression (empty
 * for a trailing backslash, the whole pattern for the size limits), where RE2/J leaves out an
 * empty or absent one.
 */
function goError(e: Re2jsModule.RE2JSException, pattern: string): GoRegexpError {
  const { RE2JSSyntaxException } = loadRe2js()
  if (!(e instanceof RE2JSSyntaxException)) {
    // RE2/J's compiler refuses a program over its size limit, which Go reports as a parse error.
    return new GoRegexpError('expression too large', pattern)
  }
  const whole = e.error === 'expression too large' || e.error === 'expression nests too deeply'
  return new GoRegexpError(e.error, e.input ?? (whole ? pattern : ''))
}

const LONE_SURROGATE = /[\ud800-\udfff]/

function firstLoneSurrogate(s: string): number {
  if (!LONE_SURROGATE.test(s)) return -1
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++
        continue
      }
      return i
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i
  }
  return -1
}

const groupsOf = (s: string, m: number[]): (string | undefined)[] => {
  const out: (string | undefined)[] = new Array(m.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = m[2 * i] >= 0 ? s.slice(m[2 * i], m[2 * i + 1]) : undefined
  return out
}

class Compiled implements GoRegexp {
  readonly source: string
  readonly programSize: number
  readonly #re2: Re2
  readonly #matcher: (s: string) => Re2Matcher
  readonly #names: string[]

  constructor(source: string, parsed: Engine, programSize: number) {
    this.source = source
    this.programSize = programSize
    this.#re2 = parsed.re2
    this.#matcher = parsed.matcher
    this.#names = parsed.names
  }

  /**
   * Go's allMatches: up to n matches (all for n < 0), none empty right after the previous match,
   * each handed to `each` as it is found; with `groups`, every group's bounds (-1 -1 when it took
   * no part), else the whole match's only.
   */
  #all(s: string, n: number, groups: boolean, each?: (match: number[]) => void): number[][] | null {
    if (n === 0) return null
    const limit = n < 0 ? Number.POSITIVE_INFINITY : n
    const ngroups = groups ? this.#names.length - 1 : 0
    const m = this.#matcher(s)
    const out: number[][] = []
    let prevEnd = -1
    while (out.length < limit && m.find()) {
      const a = m.start()
      const b = m.end()
      if (a === b && a === prevEnd) continue
      prevEnd = b
      const match = [a, b]
      for (let g = 1; g <= ngroups; g++) match.push(m.start(g), m.end(g))
      each?.(match)
      out.push(match)
    }
    return out.length > 0 ? out : null
  }

  matchString(s: string): boolean {
    return this.#re2.match(s)
  }

  findStringIndex(s: string): [number, number] | null {
    const m = this.#re2.findSubmatchIndex(s)
    return m ? [m[0], m[1]] : null
  }

  findStringSubmatchIndex(s: string): number[] | null {
    return this.#re2.findSubmatchIndex(s) ?? null
  }

  findStringSubmatch(s: string): (string | undefined)[] | null {
    const m = this.#re2.findSubmatchIndex(s)
    return m ? groupsOf(s, m) : null
  }

  findAllStringSubmatchIndex(s: string, n: number, each?: (match: number[]) => void): number[][] | null {
    return this.#all(s, n, true, each)
  }

  findAllStringIndex(s: string, n: number, each?: (match: number[]) => void): [number, number][] | null {
    return this.#all(s, n, false, each) as [number, number][] | null
  }

  findAllString(s: string, n: number): string[] | null {
    return this.#all(s, n, false)?.map((m) => s.slice(m[0], m[1])) ?? null
  }

  findAllStringSubmatch(s: string, n: number): (string | undefined)[][] | null {
    return this.findAllStringSubmatchIndex(s, n)?.map((m) => groupsOf(s, m)) ?? null
  }

  // Go's replaceAll replaces each match allMatches would list (an empty match right after a
  // match is skipped in both), so the list of all matches drives it.
  #replace(src: string, repl: (m: number[]) => string, submatches: boolean): string {
    const matches = this.#all(src, -1, submatches)
    if (!matches) return src
    let out = ''
    let last = 0
    for (const m of matches) {
      out += src.slice(last, m[0]) + repl(m)
      last = m[1]
    }
    return out + src.slice(last)
  }

  replaceAllString(src: string, repl: string): string {
    // As Go: without a `$` the template needs no submatches.
    return this.#replace(src, (m) => this.expandString(repl, src, m), repl.includes('$'))
  }

  replaceAllLiteralString(src: string, repl: string): string {
    return this.#replace(src, () => repl, false)
  }

  replaceAllStringFunc(src: string, repl: (match: string) => string): string {
    return this.#replace(src, (m) => repl(src.slice(m[0], m[1])), false)
  }

  expandString(template: string, src: string, match: number[]): string {
    return expand(template, src, match, this.#names)
  }

  split(s: string, n: number, each?: (match: number[]) => void): string[] {
    if (n === 0) return []
    if (this.source.length > 0 && s.length === 0) return ['']
    const matches = this.findAllStringIndex(s, n, each) ?? []
    const out: string[] = []
    let beg = 0
    let end = 0
    for (const [a, b] of matches) {
      if (n > 0 && out.length === n - 1) break
      end = a
      if (b !== 0) out.push(s.slice(beg, end))
      beg = b
    }
    if (end !== s.length) out.push(s.slice(beg))
    return out
  }

  subexpNames(): string[] {
    return [...this.#names]
  }

  numSubexp(): number {
    return this.#names.length - 1
  }
}

/**
 * Go's Regexp.expand: `$$` is `$`; `$name` and `${name}` take the longest run of letters, digits
 * and `_` (unicode.IsLetter, unicode.IsDigit) as the name, so `$1x` names "1x"; a name of digits
 * without a leading zero is a group number; an unknown group or one that took no part expands to
 * nothing; a `$` not followed by a name (or `${` without its `}`) stays as it is.
 */
function expand(template: string, src: string, match: number[], names: string[]): string {
  let out = ''
  let t = template
  for (;;) {
    const dollar = t.indexOf('$')
    if (dollar < 0) break
    out += t.slice(0, dollar)
    t = t.slice(dollar + 1)
    if (t.startsWith('$')) {
      out += '$'
      t = t.slice(1)
      continue
    }
    const ref = extract(t)
    if (!ref) {
      out += '$'
      continue
    }
    t = ref.rest
    if (ref.num >= 0) {
      if (2 * ref.num + 1 < match.length && match[2 * ref.num] >= 0) out += src.slice(match[2 * ref.num], match[2 * ref.num + 1])
    } else {
      for (let i = 0; i < names.length; i++) {
        if (ref.name === names[i] && 2 * i + 1 < match.length && match[2 * i] >= 0) {
          out += src.slice(match[2 * i], match[2 * i + 1])
          break
        }
      }
    }
  }
  return out + t
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u

function extract(str: string): { name: string; num: number; rest: string } | null {
  if (str === '') return null
  const brace = str[0] === '{'
  const s = brace ? str.slice(1) : str
  let i = 0
  while (i < s.length) {
    const cp = s.codePointAt(i) as number
    const ch = String.fromCodePoint(cp)
    if (!NAME_CHAR.test(ch)) break
    i += ch.length
  }
  if (i === 0) return null
  const name = s.slice(0, i)
  if (brace) {
    if (i >= s.length || s[i] !== '}') return null
    i++
  }
  let num = 0
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k)
    if (c < 0x30 || c > 0x39 || num >= 1e8) {
      num = -1
      break
    }
    num = num * 10 + (c - 0x30)
  }
  if (name[0] === '0' && name.length > 1) num = -1
  return { name, num, rest: s.slice(i) }
}
