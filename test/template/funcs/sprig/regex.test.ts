// Sprig's regex functions: the differential test compares them with Go; these rows pin what Go
// cannot show here: a pattern from data (a secret like any value) stays out of the error.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'

for (const pattern of ['[canary-7f1', 'canary-7f1\\', '(?P<canary-7f1>x)', 'canary-7f1**', '[z-a]canary-7f1']) {
  test(`regex: a bad pattern from data is an error that does not quote it (${JSON.stringify(pattern)})`, () => {
    assert.throws(
      () => renderTemplate('{{ mustRegexMatch .p "x" }}', { p: pattern }, { functions: 'eso', stringMap: true }),
      (e: Error) => /error calling mustRegexMatch: error parsing regexp: [a-z]/.test(e.message) && !e.message.includes('canary'),
    )
  })
}

test('regex: Go replacement expansion ($1_x names group "1_x")', () => {
  assert.equal(renderTemplate('{{ regexReplaceAll "(a)(b)" "ab" "${1}_x|$1_x|$2" }}', null, { functions: 'sprig' }), 'a_x||b')
})

// Go's \p{Name}: a category (\p{Lu}) or a script (\p{Greek}), negated by \P or \p{^Name}, inside
// classes too; checked against real Go. (Every pattern here matches; nil slices are below.)
test('regex: Unicode scripts and categories as Go spells them, as Go matches them', async () => {
  const { differencesFromGo } = await import('../../../support/go-oracle.ts')
  const s = 'abc αβγ δ 中文 ÄÖ Ω x1'
  const patterns = ['\\p{Greek}+', '\\p{^Greek}+', '\\P{Latin}+', '[\\p{Han}x]+', '\\p{Lu}', '\\pL+', '\\PL+', '[^\\p{Greek}\\s]+', '\\p{Nd}']
  const cases = patterns.map((p) => ({ template: `{{ regexFindAll ${JSON.stringify(p)} ${JSON.stringify(s)} -1 | toJson }}`, data: null, funcs: 'sprig' as const }))
  assert.deepEqual(differencesFromGo(cases), [])
})

// The engine is Go's RE2 (src/go/regexp.ts): what the JavaScript translation used to refuse or
// take exponential time on, checked against real Go (Sprig 3.2.3 and Go 1.19 in the oracle).
test('regex: inline flags mid-pattern, (?U), repeated names and the must* forms as Go runs them', async () => {
  const { differencesFromGo } = await import('../../../support/go-oracle.ts')
  const rows = [
    '{{ regexFindAll "a(?i)b" "ab aB Ab" -1 | toJson }}',
    '{{ regexFindAll "(?U)a+" "aaa" -1 | toJson }}',
    '{{ regexReplaceAll "(?P<n>a)|(?P<n>b)" "ab" "[$n]" }}',
    '{{ regexReplaceAll "(?P<w>\\w+)" "héllo wörld" "${w}!" }}',
    '{{ regexReplaceAll "a*" "baaac" "-" }}',
    '{{ regexReplaceAllLiteral "a" "aba" "$1" }}',
    '{{ regexSplit "x*" "axbxxc" -1 | toJson }}',
    '{{ regexSplit "," "a,b,c" 2 | toJson }}',
    '{{ regexFind "[[:upper:]]+" "abcDEFg" }}',
    '{{ mustRegexFind "\\d+" "ab12cd34" }}',
    '{{ mustRegexFindAll "\\d+" "ab12cd34" 1 | toJson }}',
    '{{ mustRegexReplaceAll "(\\d)" "a1b2" "<$1>" }}',
    '{{ mustRegexReplaceAllLiteral "\\d" "a1b2" "$" }}',
    '{{ mustRegexSplit "\\s+" "a b  c" -1 | toJson }}',
    '{{ regexMatch "(a" "a" }}',
    '{{ mustRegexMatch "^\\p{Greek}+$" "αβγ" }}',
    '{{ regexQuoteMeta "1.5+[x]" }}',
    '{{ mustRegexFind "(a" "a" }}',
    '{{ regexFind "(a" "a" }}',
  ]
  // Go's messages quote the pattern; ours withhold it (above), so only failing-or-not is compared.
  assert.deepEqual(differencesFromGo(rows.map((template) => ({ template, funcs: 'sprig' as const }))), [])
})

test('regex: a catastrophic pattern over a long string returns in bounded time (RE2 is linear)', () => {
  const s = `${'a'.repeat(100_000)}b`
  const start = performance.now()
  assert.equal(renderTemplate('{{ regexMatch "^(a+)+$" .s }}', { s }, { functions: 'sprig' }), 'false')
  assert.equal(renderTemplate('{{ regexReplaceAll "(a|aa)+$" .s "x" | len }}', { s: s.slice(-20_001) }, { functions: 'sprig' }), '20001')
  // A generous bound: a guard against exponential blowup, not a performance target.
  assert.ok(performance.now() - start < 2000, `took ${Math.round(performance.now() - start)} ms`)
})

test('regex: matches are charged to the budget as they are found, so a search over a long text stops part-way', async () => {
  const { TemplateBudgetError } = await import('../../../../src/template/index.ts')
  const s = 'x'.repeat(4_000_000)
  const start = performance.now()
  for (const t of ['{{ regexFindAll "" .s -1 | len }}', '{{ regexReplaceAll "(x)" .s "$1$1" | len }}', '{{ regexSplit "" .s -1 | len }}']) {
    // The call itself (its 4 MB argument) costs about 270,000 steps; the matches run out the rest.
    assert.throws(() => renderTemplate(t, { s }, { functions: 'sprig', maxSteps: 400_000 }), TemplateBudgetError, t)
  }
  assert.ok(performance.now() - start < 5000, `took ${Math.round(performance.now() - start)} ms`)
})

test('regex: a large program is charged for compiling on every call, and for searching by text times program', async () => {
  const { TemplateBudgetError } = await import('../../../../src/template/index.ts')
  // 90,000 instructions, over CACHED_PROGRAM_SIZE: not cached, compiled anew and paid for each time.
  const large = JSON.stringify('\\w{1000}'.repeat(90))
  assert.equal(renderTemplate(`{{ regexMatch ${large} "x" }}`, null, { functions: 'sprig' }), 'false')
  assert.throws(() => renderTemplate(`{{ range until 100 }}{{ regexMatch ${large} "x" }}{{ end }}`, null, { functions: 'sprig' }), TemplateBudgetError)
  // RE2 keeps a thread per position of a counted repetition: 1,000 instructions over 100 KB would
  // run for seconds; it is charged before the search and runs out the budget.
  const start = performance.now()
  const counted = `{{ regexFindAll ${JSON.stringify('\\w{1000}')} .s -1 | len }}`
  assert.throws(() => renderTemplate(counted, { s: 'x'.repeat(100_000) }, { functions: 'sprig' }), TemplateBudgetError)
  assert.equal(renderTemplate(counted, { s: 'x'.repeat(5_000) }, { functions: 'sprig' }), '5')
  assert.ok(performance.now() - start < 5000, `took ${Math.round(performance.now() - start)} ms`)
  // Over MAX_PROGRAM_SIZE: Go's "expression too large", nothing compiled.
  assert.throws(() => renderTemplate(`{{ mustRegexMatch ${JSON.stringify('\\w{1000}'.repeat(101))} "x" }}`, null, { functions: 'sprig' }), /error parsing regexp: expression too large/)
})

// Go's regexp returns nil slices (FindAllString with no match, Split with n == 0): printed `[]`,
// `null` to encoding/json, wherever they sit (issue 15; every row checked against Go + Sprig).
const nilRows: [string, string][] = [
  ['{{ regexFindAll "x" "abc" -1 | toJson }}', 'null'],
  ['{{ regexFindAll "b" "abc" -1 | toJson }}', '["b"]'],
  ['{{ regexFindAll "x" "abc" -1 }}', '[]'],
  ['{{ regexFindAll "x" "abc" -1 | len }}', '0'],
  ['{{ regexSplit "b" "abc" 0 | toJson }}', 'null'],
  ['{{ regexSplit "x" "abc" -1 | toJson }}', '["abc"]'],
  ['{{ regexFindAll "x" "abc" -1 | toPrettyJson }}', 'null'],
  ['{{ regexFindAll "x" "abc" -1 | toRawJson }}', 'null'],
  ['{{ dict "a" (regexFindAll "x" "abc" -1) | toJson }}', '{"a":null}'],
  ['{{ list (regexFindAll "x" "abc" -1) | toJson }}', '[null]'],
  ['{{ regexFindAll "x" "abc" -1 | empty }}', 'true'],
  ['{{ append (regexFindAll "x" "abc" -1) "z" | toJson }}', '["z"]'],
  ['{{ regexFindAll "x" "abc" -1 | compact | toJson }}', '[]'],
  ['{{ mustRegexFindAll "x" "abc" -1 | toJson }}', 'null'],
]
for (const [template, want] of nilRows) {
  test(`regex: nil slices as Go has them: ${template} → ${want}`, () => {
    assert.equal(renderTemplate(template, {}), want)
  })
}
test('regex: the nil-slice rows agree with Go + Sprig', async () => {
  const { differencesFromGo } = await import('../../../support/go-oracle.ts')
  assert.deepEqual(differencesFromGo(nilRows.map(([template]) => ({ template, funcs: 'sprig' as const }))), [])
})
