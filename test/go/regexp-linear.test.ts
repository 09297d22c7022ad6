// The linear fast path of Go's regexp (src/go/regexp-linear.ts): which patterns take it, and that
// every one that does matches as re2js (Go's regexp, ported) matches, over generated patterns and
// texts, through compileGo's Go API.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { linearRegExp } from '../../src/go/regexp-linear.ts'
import { compileGo } from '../../src/go/regexp.ts'

const { RE2JS } = createRequire(import.meta.url)('re2js') as typeof import('re2js')

const subset: { p: string; linear: boolean; why: string }[] = [
  { p: '-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----', linear: true, why: 'PEM filtering: the run of [^-] stops at the next -' },
  { p: 'port=[0-9]+;', linear: true, why: 'a field pulled out of a string' },
  { p: 'user=[a-z0-9]+;', linear: false, why: 'the run may hold u, the first rune: refused (the rule is sufficient, not necessary)' },
  { p: 'id:\\d+', linear: true, why: "\\d is Go's [0-9]" },
  { p: 'k\\s*=', linear: true, why: 'spaces then =: disjoint, and no space is k' },
  { p: 'a.b', linear: true, why: '. not repeated: one rune' },
  { p: 'x\\.y', linear: true, why: 'escaped punctuation is literal' },
  { p: 'ab?c', linear: true, why: 'b? then c: disjoint' },
  { p: '-x[^-]*', linear: true, why: 'a repeated set last' },
  { p: 'a[^-]*', linear: false, why: 'the run may hold a, the first rune' },
  { p: 'a+b', linear: false, why: 'the first rune repeated: a quadratic search over aaaa...' },
  { p: '[a-z]+@', linear: false, why: 'a set first: every position starts an attempt' },
  { p: 'ab[^-]*-', linear: false, why: 'the repeated set holds a, the first rune: attempts overlap' },
  { p: 'a[0-9]*[0-9]', linear: false, why: 'a repeated set followed by one it overlaps' },
  { p: 'a[0-9]*x*y', linear: false, why: 'two repeated items in a row' },
  { p: 'a.*b', linear: false, why: '.* holds everything but newline, a included' },
  { p: 'a(b)c', linear: false, why: 'groups stay with re2js' },
  { p: 'a|b', linear: false, why: 'alternation' },
  { p: '^ab', linear: false, why: 'assertions' },
  { p: 'ab{2}', linear: false, why: 'counted repetition' },
  { p: 'ab+?c', linear: false, why: 'lazy repetition' },
  { p: 'ab**', linear: false, why: 'nested repetition, an error in Go' },
  { p: 'a[]b]', linear: false, why: "Go's ] first in a class" },
  { p: 'a[[:alpha:]]', linear: false, why: 'POSIX classes' },
  { p: 'a\\pL', linear: false, why: 'Unicode classes' },
  { p: '(?i)ab', linear: false, why: 'flags' },
  { p: 'a[z-a]', linear: false, why: 'a reversed range, an error in Go' },
  { p: 'a\\Qb', linear: false, why: '\\Q quoting' },
  { p: '', linear: false, why: 'empty: matches empty' },
]

test('linearRegExp: the patterns of the linear subset, and no others', () => {
  for (const { p, why } of subset) {
    const want = subset.find((c) => c.p === p)!.linear
    assert.equal(linearRegExp(p) !== undefined, want, `${p}: ${why}`)
  }
})

/** All matches' bounds as re2js finds them (Go's allMatches; the subset never matches empty). */
function re2jsAll(p: string, s: string): [number, number][] {
  const m = RE2JS.compile(p).matcher(s)
  const out: [number, number][] = []
  while (m.find()) out.push([m.start(), m.end()])
  return out
}

// A small deterministic generator: xorshift.
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

const ATOMS = ['a', 'b', '-', '\\.', '.', '[^-]', '[a-c]', '[^ab]', '[-a]', '\\d', '\\w', '\\s', '\\S', '[0-9]', 'é', '😀', ' ', '\\n', '[\\d-]']
const TEXT = ['a', 'b', 'c', '-', '.', '0', '7', ' ', '\n', '\t', '\v', '\r', '\u00a0', '\u2028', 'é', '😀', 'x', '_']

test('every pattern on the fast path finds what re2js finds, match for match', () => {
  const rand = rng(20261201)
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]
  let linearPatterns = 0
  let comparisons = 0
  for (let n = 0; n < 4000; n++) {
    let p = pick(['a', 'b', '-', 'é'])
    const len = 1 + Math.floor(rand() * 5)
    for (let k = 0; k < len; k++) p += pick(ATOMS) + (rand() < 0.4 ? pick(['*', '+', '?']) : '')
    if (!linearRegExp(p)) continue
    linearPatterns++
    const re = compileGo(p)
    for (let t = 0; t < 8; t++) {
      let s = ''
      const size = Math.floor(rand() * 40)
      for (let k = 0; k < size; k++) s += pick(TEXT)
      // Plant the pattern's first rune often, so that attempts start and fail midway.
      if (rand() < 0.5) s = s.replace(/x/g, p[0])
      const want = re2jsAll(p, s)
      assert.deepEqual(re.findAllStringIndex(s, -1) ?? [], want, `${JSON.stringify(p)} on ${JSON.stringify(s)}`)
      assert.equal(re.matchString(s), want.length > 0, `${JSON.stringify(p)} matches ${JSON.stringify(s)}`)
      assert.deepEqual(re.findStringIndex(s), want[0] ?? null, `${JSON.stringify(p)} first match in ${JSON.stringify(s)}`)
      comparisons++
    }
  }
  // The generator must reach the fast path often enough for the comparison to mean something.
  assert.ok(linearPatterns > 500, `only ${linearPatterns} generated patterns were linear`)
  assert.ok(comparisons > 4000)
})

test('a text with an unpaired surrogate is matched by re2js, as before', () => {
  const re = compileGo('a[^-]+b')
  const s = 'xa\ud800yb'
  assert.deepEqual(re.findAllStringIndex(s, -1), re2jsAll('a[^-]+b', s))
  assert.deepEqual(re.findAllString('a😀b-ab', -1), ['a😀b'], 'a pair is one rune, on the fast path')
})

test('the Go API over the fast path: submatches, replace, split, n', () => {
  const re = compileGo('-----BEGIN [A-Z ]+-----[^-]+-----END [A-Z ]+-----')
  const bundle = '-----BEGIN A-----\nx\n-----END A-----\n-----BEGIN B-----\ny\n-----END B-----\n'
  assert.deepEqual(re.findAllString(bundle, -1), ['-----BEGIN A-----\nx\n-----END A-----', '-----BEGIN B-----\ny\n-----END B-----'])
  assert.deepEqual(re.findAllString(bundle, 1), ['-----BEGIN A-----\nx\n-----END A-----'])
  assert.equal(re.findAllString(bundle, 0), null)
  assert.deepEqual(re.findStringSubmatch('..-----BEGIN Z-----q-----END Z-----'), ['-----BEGIN Z-----q-----END Z-----'])
  assert.equal(re.numSubexp(), 0)
  assert.deepEqual(re.subexpNames(), [''])
  assert.equal(re.replaceAllString(bundle, '[$0]'), '[-----BEGIN A-----\nx\n-----END A-----]\n[-----BEGIN B-----\ny\n-----END B-----]\n')
  assert.deepEqual(compileGo('a,').split('xa,ya,', -1), ['x', 'y', ''])
  assert.equal(compileGo('id:\\d+').findStringIndex('no'), null)
})
