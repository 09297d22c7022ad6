// Sprig's regex functions (regex.go): each calls Go's regexp, here ../../../go/regexp.ts (RE2 over
// re2js: Go's syntax, leftmost-first matching, linear time). Strings that are not valid UTF-8 are
// decoded first, so their invalid bytes read (and come back) as U+FFFD.
//
// A refused pattern: regexMatch answers false (regexp.MatchString's error ignored); the must*
// functions return Compile's error, the others panic in MustCompile. Both report Go's error code
// without the part of the pattern Go quotes, since a pattern may come from a secret.
//
// Cost (../../budget.ts): RE2 in JavaScript reads a few bytes per step (BYTEWISE.medium), and each
// match costs steps for the search restarted after it and bytes for what it returns.

import { CACHED_PROGRAM_SIZE, compileGo, GoRegexpError, type GoRegexp, quoteMeta, searchWork } from '../../../go/regexp.ts'
import { ELEMENT_BYTES, spendBytes, spendSteps } from '../../budget.ts'
import { bytesOf, isGoString, nilSlice, type GoValue } from '../../value.ts'
import { BYTEWISE, FuncError, type FuncDef } from '../registry.ts'

const dec = new TextDecoder()
const text = (s: GoValue) => (typeof s === 'string' ? s : isGoString(s) ? dec.decode(bytesOf(s)) : String(s))

/** Go's regexp.Compile, its error as a FuncError: MustCompile's panic text, or Compile's error. */
function compile(pattern: string, text: string, must = false): GoRegexp {
  try {
    return compilePaid(pattern, text)
  } catch (e) {
    if (e instanceof GoRegexpError) throw new FuncError(`${must ? '' : 'regexp: Compile: '}error parsing regexp: ${e.code}`)
    throw e
  }
}

/** What one instruction of a compiled program is charged, in budget bytes. */
const PROGRAM_BYTES = 200

/**
 * One step per this many units of searchWork (character × instruction; small programs are covered
 * by the per-byte cost of the text, BYTEWISE.medium). Measured: 625 million units ran 7.9 s.
 */
const SCAN_UNITS = 32

/**
 * Go's regexp.Compile, charged for what it will cost: a large program is compiled anew on every
 * call (it is not cached), its instructions are the work, and re2js keeps about 230 bytes of each;
 * searching `text` with a large program costs its length times the program's size (25,000
 * instructions over 25 KB took seconds before it was charged).
 */
function compilePaid(pattern: string, text: string): GoRegexp {
  const re = compileGo(pattern)
  if (re.programSize > CACHED_PROGRAM_SIZE) {
    spendSteps(re.programSize)
    spendBytes(re.programSize * PROGRAM_BYTES)
  }
  const work = searchWork(re, text.length)
  if (work) spendSteps(Math.ceil(work / SCAN_UNITS))
  return re
}

// Measured: a match and its restarted search take a few microseconds in re2js.
const MATCH_STEPS = 4

/** Charges each match as it is found, so a budget stops a search over a long text part-way. */
const charge =
  (groups = 1) =>
  (): void => {
    spendSteps(MATCH_STEPS)
    spendBytes((groups + 1) * ELEMENT_BYTES)
  }

function findAll(re: GoRegexp, s: string, n: number): string[] {
  const all = re.findAllStringIndex(s, n, charge())
  // Go returns a nil []string for no match: toJson writes it null.
  return all ? all.map(([a, b]) => s.slice(a, b)) : nilSlice()
}

function replaceAll(re: GoRegexp, s: string, repl: string, literal: boolean): string {
  // As Go: a template without `$` needs no submatches.
  const expand = !literal && repl.includes('$')
  const each = charge(expand ? re.numSubexp() + 1 : 1)
  const all = expand ? re.findAllStringSubmatchIndex(s, -1, each) : re.findAllStringIndex(s, -1, each)
  if (!all) return s
  let out = ''
  let last = 0
  for (const m of all) {
    const r = expand ? re.expandString(repl, s, m) : repl
    spendBytes(m[0] - last + r.length)
    out += s.slice(last, m[0]) + r
    last = m[1]
  }
  return out + s.slice(last)
}

function split(re: GoRegexp, s: string, n: number): string[] {
  // Go's Split returns nil for n == 0.
  if (n === 0) return nilSlice()
  const out = re.split(s, n, charge())
  spendBytes(out.length * ELEMENT_BYTES)
  return out
}

const S = 'string' as const
const I = 'int' as const
const g = (s: GoValue) => text(s)
const cost = BYTEWISE.medium

// Sprig 3.2.3 and 3.3.0 (ESO v2.9's) define the same set.
export const REGEX: FuncDef[] = [
  {
    name: 'regexMatch',
    params: [S, S],
    cost,
    fn: (_c, re, s) => {
      try {
        return compilePaid(g(re), g(s)).matchString(g(s))
      } catch (e) {
        if (e instanceof GoRegexpError) return false
        throw e
      }
    },
  },
  { name: 'mustRegexMatch', params: [S, S], cost, fn: (_c, re, s) => compile(g(re), g(s), true).matchString(g(s)) },
  { name: 'regexFind', params: [S, S], cost, fn: (_c, re, s) => findAll(compile(g(re), g(s)), g(s), 1)[0] ?? '' },
  { name: 'mustRegexFind', params: [S, S], cost, fn: (_c, re, s) => findAll(compile(g(re), g(s), true), g(s), 1)[0] ?? '' },
  { name: 'regexFindAll', params: [S, S, I], cost, fn: (_c, re, s, n) => findAll(compile(g(re), g(s)), g(s), Number(n)) },
  { name: 'mustRegexFindAll', params: [S, S, I], cost, fn: (_c, re, s, n) => findAll(compile(g(re), g(s), true), g(s), Number(n)) },
  { name: 'regexReplaceAll', params: [S, S, S], cost, fn: (_c, re, s, r) => replaceAll(compile(g(re), g(s)), g(s), g(r), false) },
  { name: 'mustRegexReplaceAll', params: [S, S, S], cost, fn: (_c, re, s, r) => replaceAll(compile(g(re), g(s), true), g(s), g(r), false) },
  { name: 'regexReplaceAllLiteral', params: [S, S, S], cost, fn: (_c, re, s, r) => replaceAll(compile(g(re), g(s)), g(s), g(r), true) },
  { name: 'mustRegexReplaceAllLiteral', params: [S, S, S], cost, fn: (_c, re, s, r) => replaceAll(compile(g(re), g(s), true), g(s), g(r), true) },
  { name: 'regexSplit', params: [S, S, I], cost, fn: (_c, re, s, n) => split(compile(g(re), g(s)), g(s), Number(n)) },
  { name: 'mustRegexSplit', params: [S, S, I], cost, fn: (_c, re, s, n) => split(compile(g(re), g(s), true), g(s), Number(n)) },
  { name: 'regexQuoteMeta', params: [S], fn: (_c, s) => quoteMeta(g(s)) },
]
