// Go's unicode case mappings and IsSpace (src/go/unicode.ts); expected values are Go's.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isSpace, toLower, toTitle, toUpper } from '../../src/go/unicode.ts'

const cases: { r: string; upper: string; lower: string; title: string }[] = [
  { r: 'a', upper: 'A', lower: 'a', title: 'A' },
  { r: 'ß', upper: 'ß', lower: 'ß', title: 'ß' }, // one rune to one rune: no SS
  { r: 'ǆ', upper: 'Ǆ', lower: 'ǆ', title: 'ǅ' },
  { r: 'ǅ', upper: 'Ǆ', lower: 'ǆ', title: 'ǅ' },
  { r: 'İ', upper: 'İ', lower: 'i', title: 'İ' },
  { r: 'ა', upper: 'Ა', lower: 'ა', title: 'ა' },
]
const rune = (s: string) => s.codePointAt(0)!
for (const c of cases) {
  test(`case mappings of ${c.r}`, () => {
    assert.deepEqual([toUpper(rune(c.r)), toLower(rune(c.r)), toTitle(rune(c.r))], [rune(c.upper), rune(c.lower), rune(c.title)])
  })
}

const spaces: { r: number; want: boolean }[] = [
  { r: 0x0b, want: true },
  { r: 0x85, want: true },
  { r: 0xa0, want: true },
  { r: 0x2003, want: true },
  { r: 0x200b, want: false },
  { r: 0x78, want: false },
]
for (const c of spaces) test(`IsSpace(U+${c.r.toString(16).padStart(4, '0')}) is ${c.want}`, () => assert.equal(isSpace(c.r), c.want))
