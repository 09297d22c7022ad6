// Sprig's regex functions: the differential test compares them with Go; these rows pin what Go
// cannot show here: a pattern from data (a secret like any value) stays out of the error.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'

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
