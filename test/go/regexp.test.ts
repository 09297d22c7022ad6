// Go's regexp over re2js (src/go/regexp.ts). The tables' expectations are Go's (go/src/regexp:
// exec_test.go, find_test.go, all_test.go for Expand and Split; regexp/syntax/parse_test.go for
// the errors), checked against Go 1.19; the last test compares the same calls with real Go through
// Sprig's regex functions in the Go oracle (test/support/go-oracle.ts), which call regexp directly.
// Go 1.22 added `(?<name>...)`; ESO v2.9 is built with a newer Go, so the table holds it as
// Go 1.22+ answers and the oracle (Go 1.19) is not asked about it.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileGo, GoRegexpError, quoteMeta } from '../../src/go/regexp.ts'
import { runGo } from '../support/go-oracle.ts'

const findAll: { p: string; s: string; n?: number; want: string[] | null; why: string }[] = [
  { p: 'a*', s: 'baaab', want: ['', 'aaa', ''], why: 'empty matches between runes, none right after a match' },
  { p: '^a', s: 'aaa', want: ['a'], why: '^ matches at the start of the text only (OneLine)' },
  { p: '(?m)^a$', s: 'a\nab\na', want: ['a', 'a'], why: '(?m): ^ and $ at line breaks' },
  { p: 'a(?i)b', s: 'aB Ab ab', want: ['aB', 'ab'], why: 'a flag mid-pattern applies to what follows it' },
  { p: '(?i:A)a', s: 'aa Aa AA', want: ['aa', 'Aa'], why: 'a flag group applies inside it only' },
  { p: '(?U)a+', s: 'aaa', want: ['a', 'a', 'a'], why: '(?U) swaps greedy and lazy' },
  { p: '(?U)a+?', s: 'aaa', want: ['aaa'], why: 'under (?U), +? is greedy' },
  { p: '\\pL+', s: 'αβγ abc 12', want: ['αβγ', 'abc'], why: 'one-letter Unicode class' },
  { p: '\\p{Greek}+', s: 'αβγ abc ΔΕ', want: ['αβγ', 'ΔΕ'], why: 'a script, as Go names it' },
  { p: '\\p{^Greek}+', s: 'αa', want: ['a'], why: 'negated script' },
  { p: '\\Q.*\\E', s: 'a.*b', want: ['.*'], why: '\\Q...\\E quotes literally' },
  { p: '[[:^alpha:]]+', s: 'ab12cd', want: ['12'], why: 'negated POSIX class' },
  { p: '(?i)σ', s: 'Σσς', want: ['Σ', 'σ', 'ς'], why: "Go's case folding orbit" },
  { p: '(?i)k', s: 'kK\u212a', want: ['k', 'K', '\u212a'], why: 'Kelvin sign folds to k' },
  { p: '.', s: '😀a', want: ['😀', 'a'], why: 'a rune beyond U+FFFF is one rune' },
  { p: 'x*', s: '😀', want: ['', ''], why: 'no empty match inside a surrogate pair' },
  { p: '.', s: 'x\ny', want: ['x', 'y'], why: '. excludes \\n' },
  { p: '(?s).', s: 'x\ny', want: ['x', '\n', 'y'], why: '(?s): . includes \\n' },
  { p: '(a|ab)(c|bcd)(d*)', s: 'abcd', want: ['abcd'], why: 'leftmost-first, not leftmost-longest' },
  { p: 'a', s: 'bbb', want: null, why: 'no match is nil' },
  { p: 'a', s: 'aaaa', n: 2, want: ['a', 'a'], why: 'n bounds the matches' },
  { p: 'a', s: 'aaaa', n: 0, want: null, why: 'n = 0 is nil' },
  { p: '\\b', s: 'ab cd', want: ['', '', '', ''], why: 'word boundaries' },
  { p: '(?<n>a)', s: 'aa', want: ['a', 'a'], why: 'Go 1.22+ named group syntax' },
]

test('findAllString: Go semantics, table from Go', () => {
  for (const c of findAll) assert.deepEqual(compileGo(c.p).findAllString(c.s, c.n ?? -1), c.want, `${c.p} over ${JSON.stringify(c.s)}: ${c.why}`)
})

test('submatches: a group that took no part is undefined; indices are string units', () => {
  const re = compileGo('(a)|(b)')
  assert.deepEqual(re.findAllStringSubmatch('ab', -1), [
    ['a', 'a', undefined],
    ['b', undefined, 'b'],
  ])
  assert.deepEqual(re.findStringSubmatch('xb'), ['b', undefined, 'b'])
  assert.deepEqual(re.findStringSubmatchIndex('xb'), [1, 2, -1, -1, 1, 2])
  assert.equal(re.findStringSubmatch('xyz'), null)
  assert.deepEqual(compileGo('a').findStringIndex('😀a'), [2, 3])
  assert.equal(compileGo('a').findStringIndex('b'), null)
  assert.equal(compileGo('a|b').matchString('xxb'), true)
  assert.equal(compileGo('^a$').matchString('xa'), false)
})

test('subexpNames: Go lists "" for the whole match and unnamed groups; repeated names are allowed', () => {
  assert.deepEqual(compileGo('(?P<first>\\w+)(x)(?<last>\\w+)').subexpNames(), ['', 'first', '', 'last'])
  // Go accepts a name twice (RE2/J does not: src/go/regexp.ts renames the repeat internally).
  const dup = compileGo('(?P<n>a)|[(?P<n>]|\\Q(?P<n>\\E|(?P<n>b)')
  assert.deepEqual(dup.subexpNames(), ['', 'n', 'n'])
  assert.deepEqual(dup.findAllString('a(?P<n>b', -1), ['a', '(', '?', 'P', '<', 'n', '>', 'b'])
  assert.equal(dup.replaceAllString('ab', '[$n]'), '[a][b]', 'Expand takes the first group of that name that took part')
})

const expand: { p: string; s: string; r: string; want: string; why: string }[] = [
  { p: '(\\w+)', s: 'ab cd', r: '<$1>', want: '<ab> <cd>', why: '$1' },
  { p: '(\\w+)', s: 'ab', r: '${1}x', want: 'abx', why: '${1} ends at its brace' },
  { p: '(\\w+)', s: 'ab', r: '$1x', want: '', why: '"$1x" names the group "1x": none, so nothing' },
  { p: '(?P<first>\\w+) (?P<last>\\w+)', s: 'John Smith', r: '${last}, ${first}', want: 'Smith, John', why: 'named groups' },
  { p: '(?P<first>\\w+) (?P<last>\\w+)', s: 'John Smith', r: '$last', want: 'Smith', why: 'bare name' },
  { p: 'a', s: 'a', r: '$$', want: '$', why: '$$ is $' },
  { p: 'a', s: 'a', r: '$', want: '$', why: 'a lone $ stays' },
  { p: 'a', s: 'a', r: '${', want: '${', why: 'an unclosed brace stays' },
  { p: 'a', s: 'a', r: '${1', want: '${1', why: 'no closing brace: raw text' },
  { p: '(a)', s: 'a', r: '$0', want: 'a', why: '$0 is the whole match' },
  { p: '(a)', s: 'a', r: '$01', want: '', why: 'a leading zero makes it a name, which no group has' },
  { p: '(a)', s: 'a', r: '$10', want: '', why: 'group 10 does not exist' },
  { p: '(a)|(b)', s: 'b', r: '[$1]', want: '[]', why: 'a group that took no part expands to nothing' },
  { p: 'a*', s: 'baaac', r: '-', want: '-b-c-', why: 'an empty match right after a match is not replaced' },
  { p: '', s: 'abc', r: '-', want: '-a-b-c-', why: 'the empty pattern between every rune' },
]

test('replaceAllString: Expand rules, table from Go', () => {
  for (const c of expand) assert.equal(compileGo(c.p).replaceAllString(c.s, c.r), c.want, `${c.p} ${c.r}: ${c.why}`)
  assert.equal(compileGo('(a)').replaceAllLiteralString('aba', '$1'), '$1b$1')
  assert.equal(
    compileGo('[ab]').replaceAllStringFunc('abc', (m) => m.toUpperCase()),
    'ABc',
  )
  assert.equal(compileGo('(?P<x>a)').replaceAllString('a', '$xé'), '', 'Unicode letters extend a bare name: "xé"')
})

const split: { p: string; s: string; n: number; want: string[]; why: string }[] = [
  { p: ',', s: 'a,b,c', n: -1, want: ['a', 'b', 'c'], why: 'all' },
  { p: ',', s: 'a,b,c', n: 2, want: ['a', 'b,c'], why: 'n pieces, the last holds the rest' },
  { p: ',', s: 'a,b,c', n: 0, want: [], why: 'n = 0: nil' },
  { p: ',', s: '', n: -1, want: [''], why: 'an empty text is one empty piece' },
  { p: '', s: 'abc', n: -1, want: ['a', 'b', 'c'], why: 'the empty pattern splits between runes' },
  { p: 'a*', s: 'baaac', n: -1, want: ['b', 'c'], why: "Go's split of regexp/all_test.go" },
  { p: 'x*', s: '😀😀', n: -1, want: ['😀', '😀'], why: 'runes, not code units' },
]

test('split: table from Go', () => {
  for (const c of split) assert.deepEqual(compileGo(c.p).split(c.s, c.n), c.want, `${c.p} over ${c.s}, ${c.n}: ${c.why}`)
})

const errors: { p: string; want: string }[] = [
  { p: '(a', want: 'error parsing regexp: missing closing ): `(a`' },
  { p: 'a)', want: 'error parsing regexp: unexpected ): `a)`' },
  { p: '[a', want: 'error parsing regexp: missing closing ]: `[a`' },
  { p: '*', want: 'error parsing regexp: missing argument to repetition operator: `*`' },
  { p: 'a**', want: 'error parsing regexp: invalid nested repetition operator: `**`' },
  { p: 'a++', want: 'error parsing regexp: invalid nested repetition operator: `++`' },
  { p: '\\8', want: 'error parsing regexp: invalid escape sequence: `\\8`' },
  { p: '(?P<é>a)', want: 'error parsing regexp: invalid named capture: `(?P<é>`' },
  { p: '\\C', want: 'error parsing regexp: invalid escape sequence: `\\C`' },
  { p: 'x{1001}', want: 'error parsing regexp: invalid repeat count: `{1001}`' },
  { p: '\\p{Foo}', want: 'error parsing regexp: invalid character class range: `\\p{Foo}`' },
  { p: '[z-a]', want: 'error parsing regexp: invalid character class range: `z-a`' },
  { p: '(?P=n)', want: 'error parsing regexp: invalid or unsupported Perl syntax: `(?P`' },
  { p: '(?#c)', want: 'error parsing regexp: invalid or unsupported Perl syntax: `(?#`' },
  { p: 'a\\', want: 'error parsing regexp: trailing backslash at end of expression: ``' },
  // Go 1.22+: `(?<` begins a named capture, so a lookbehind is an invalid one (Go 1.19 said "invalid
  // or unsupported Perl syntax: `(?<`").
  { p: '(?<=a)b', want: 'error parsing regexp: invalid named capture: `(?<=a)b`' },
  { p: 'a\ud800b', want: 'error parsing regexp: invalid UTF-8: `\ud800b`' },
]

test("compile errors: Go's messages", () => {
  for (const c of errors) {
    assert.throws(
      () => compileGo(c.p),
      (e: unknown) => e instanceof GoRegexpError && e.message === c.want,
      `${c.p}: ${c.want}`,
    )
  }
})

test('quoteMeta escapes what Go escapes', () => {
  assert.equal(quoteMeta('a.b*c[d]{e}(f)|g^$\\h+?'), 'a\\.b\\*c\\[d\\]\\{e\\}\\(f\\)\\|g\\^\\$\\\\h\\+\\?')
  assert.equal(compileGo(quoteMeta('1.5+x')).matchString('1.5+x'), true)
})

test('linear time: catastrophic patterns over long texts finish (a guard against exponential blowup)', () => {
  const s = `${'a'.repeat(100_000)}b`
  const start = performance.now()
  assert.equal(compileGo('^(a+)+$').matchString(s), false)
  assert.equal(compileGo('(a|aa)*c').findStringIndex(s), null)
  assert.equal(compileGo('(a*)*$').replaceAllString(s.slice(0, 2000), 'x'), 'x')
  assert.ok(performance.now() - start < 2000, `took ${performance.now() - start} ms`)
})

// Real Go, through Sprig's functions in the oracle: regexFindAll = FindAllString, regexReplaceAll =
// ReplaceAllString, regexReplaceAllLiteral, regexSplit = Split (nil for n = 0, shown as null), mustRegexMatch = MatchString (and
// Compile's error). Go 1.19 (Debian): no `(?<name>` cases here.
test('agrees with real Go (the oracle)', () => {
  const patterns = [
    'a*',
    '^a',
    '(?m)^a$',
    'a(?i)b',
    '(?U)a+',
    '\\pL+',
    '\\p{Greek}+',
    '\\PL',
    '\\Q.*\\E',
    'x*',
    '(a)|(b)',
    '(?P<first>\\w+)\\s(?P<last>\\w+)',
    '\\b',
    '(?i)σ',
    '[[:^alpha:]]+',
    '(?s).',
    '\\A|\\z',
    '(a|ab)(c|bcd)(d*)',
    '',
    '(|a)*',
    '(?P<n>a)|(?P<n>b)',
    '(a',
    'x**',
    '\\8',
    '[\\d-z]',
    '\\p{Han}',
  ]
  const texts = ['baaab', 'aaa\nab\na', 'aB ab AB', 'John Smith  Jane Doe', 'αβγ abc ΔΕ 漢字', '😀a😀', '', 'a.*b', 'abcd', 'Σσς']
  const repls = ['<$1>', '${1}x', '$1x', '${last}, ${first}', '$$', '$', '$01', '$n']
  type Case = { p: string; s: string; r: string; n: number }
  const cases: Case[] = []
  let k = 0
  for (const p of patterns) for (const s of texts) cases.push({ p, s, r: repls[k++ % repls.length], n: (k % 4) - 1 })
  const tpl = '{{ mustRegexMatch .p .s }}|{{ regexFindAll .p .s (int .n) | toJson }}|{{ regexReplaceAll .p .s .r }}|{{ regexReplaceAllLiteral .p .s .r }}|{{ regexSplit .p .s (int .n) | toJson }}'
  const go = runGo(cases.map((c) => ({ template: tpl, data: c, funcs: 'sprig' as const })))
  const mismatches: string[] = []
  cases.forEach((c, i) => {
    let ours: string
    try {
      const re = compileGo(c.p)
      ours = [
        re.matchString(c.s),
        JSON.stringify(re.findAllString(c.s, c.n)),
        re.replaceAllString(c.s, c.r),
        re.replaceAllLiteralString(c.s, c.r),
        JSON.stringify(c.n === 0 ? null : re.split(c.s, c.n)),
      ].join('|')
    } catch (e) {
      ours = `ERROR ${(e as Error).message}`
    }
    const theirs = go[i].err !== undefined ? `ERROR ${/error calling mustRegexMatch: (.*)$/.exec(go[i].err as string)?.[1]}` : (go[i].out as string)
    if (ours !== theirs) mismatches.push(`${JSON.stringify(c)}\n   go: ${theirs}\n   ts: ${ours}`)
  })
  assert.deepEqual(mismatches, [])
})
