// Sprig's regex functions: the differential test compares them with Go; these rows pin what Go
// cannot show here: a pattern from data (a secret like any value) stays out of the error.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { compileGoRegexp } from '../../../../src/template/funcs/sprig/regex.ts'

for (const pattern of ['[canary-7f1', 'canary-7f1\\', '(?U)canary-7f1', 'a(?i)canary-7f1', '[z-a]canary-7f1']) {
  test(`regex: a bad pattern from data is an error that does not quote it (${JSON.stringify(pattern)})`, () => {
    assert.throws(
      () => renderTemplate('{{ mustRegexMatch .p "x" }}', { p: pattern }, { functions: 'eso', stringMap: true }),
      (e: Error) => /error calling mustRegexMatch: regexp: Compile/.test(e.message) && !e.message.includes('canary'),
    )
  })
}

test('regex: Go replacement expansion ($1_x names group "1_x")', () => {
  assert.equal(renderTemplate('{{ regexReplaceAll "(a)(b)" "ab" "${1}_x|$1_x|$2" }}', null, { functions: 'sprig' }), 'a_x||b')
})

// Outside unicode mode V8 can move a match that backtracks too much to its linear engine (as the
// CLI enables): compileGoRegexp uses that twin only where it cannot change a result. A table of
// patterns and subjects, each matched both ways, must agree; subjects with characters beyond
// U+FFFF, case folding and \p classes keep unicode mode.
const twinPatterns = ['^(a+)+$', 'a.c', '[^x]+', '(?P<w>\\w+)-(\\d+)', '\\bfoo\\b', '(?s)a.b', '(?m)^x$', 'x{2,3}', '[[:alpha:]]+', '\\Qa.b\\E', '[é-ü]+', '^$', 'a|', '']
const twinSubjects = ['', 'abc', 'a\nb', 'aaa-123 foo', 'xxx', 'café über', 'x\nx', 'a.b', 'ñandú-42']
test('regex: the non-unicode twin matches exactly as unicode mode over subjects within the BMP', () => {
  for (const p of twinPatterns) {
    const unicode = compileGoRegexp(p)
    assert.ok(unicode.flags.includes('u'))
    for (const s of twinSubjects) {
      const twin = compileGoRegexp(p, s)
      assert.ok(!twin.flags.includes('u'), `${p} over ${JSON.stringify(s)} uses the twin`)
      assert.deepEqual(
        [...s.matchAll(twin)].map((m) => [m.index, ...m]),
        [...s.matchAll(unicode)].map((m) => [m.index, ...m]),
        `${p} over ${JSON.stringify(s)}`,
      )
    }
  }
})

test('regex: unicode mode stays for characters beyond U+FFFF, case folding and \\p classes', () => {
  for (const [p, s] of [
    ['a.c', 'a😀c'],
    ['(?i)k', 'K'],
    ['\\pL+', 'abc'],
    ['\\p{Lu}', 'Α'],
  ] as const)
    assert.ok(compileGoRegexp(p, s).flags.includes('u'), `${p} over ${s}`)
  // `.` is one character in Go (one rune): in unicode mode an emoji is one, as it must be.
  assert.equal(compileGoRegexp('^a.c$', 'a😀c').test('a😀c'), true)
})

// Go's \p{Name}: a category (\p{Lu}) or a script (\p{Greek}), negated by \P or \p{^Name}, inside
// classes too; checked against real Go. (Every pattern here matches: with no match Go returns a nil
// slice, which toJson writes as null, and this engine an empty list: a gap of its own.)
test('regex: Unicode scripts and categories as Go spells them, as Go matches them', async () => {
  const { differencesFromGo } = await import('../../../support/go-oracle.ts')
  const s = 'abc αβγ δ 中文 ÄÖ Ω x1'
  const patterns = ['\\p{Greek}+', '\\p{^Greek}+', '\\P{Latin}+', '[\\p{Han}x]+', '\\p{Lu}', '\\pL+', '\\PL+', '[^\\p{Greek}\\s]+', '\\p{Nd}']
  const cases = patterns.map((p) => ({ template: `{{ regexFindAll ${JSON.stringify(p)} ${JSON.stringify(s)} -1 | toJson }}`, data: null, funcs: 'sprig' as const }))
  assert.deepEqual(differencesFromGo(cases), [])
})
