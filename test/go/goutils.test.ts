// Masterminds/goutils (src/go/goutils.ts) on byte strings, as Sprig's abbrev, abbrevboth,
// initials, wrap, wrapWith, untitle and swapcase call it.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toByteString } from '../../src/go/byte-string.ts'
import { abbreviateFull, initials, swapCase, uncapitalize, wrapCustom } from '../../src/go/goutils.ts'

const abbreviations: { s: string; offset: number; width: number; want: string }[] = [
  { s: 'hello world', offset: 0, width: 5, want: 'he...' },
  { s: 'hello', offset: 0, width: 20, want: 'hello' },
  { s: '1234 5678 9123', offset: 5, width: 10, want: '...5678...' },
  { s: 'abcdefghij', offset: 0, width: 3, want: '' }, // goutils' error: Sprig ignores it
  { s: '', offset: 0, width: 5, want: '' },
]
for (const c of abbreviations) test(`AbbreviateFull(${JSON.stringify(c.s)}, ${c.offset}, ${c.width}) is ${JSON.stringify(c.want)}`, () => assert.equal(abbreviateFull(c.s, c.offset, c.width), c.want))

test('AbbreviateFull cuts at a byte offset, even inside a rune', () => assert.equal(abbreviateFull(toByteString('ééé'), 0, 4), '\xc3...'))

const wraps: { s: string; width: number; newLine: string; long: boolean; want: string }[] = [
  { s: 'hello world foo', width: 5, newLine: '', long: false, want: 'hello\nworld\nfoo' },
  { s: 'supercalifragilistic ok', width: 3, newLine: '', long: false, want: 'supercalifragilistic\nok' },
  { s: 'Hello World', width: 5, newLine: '\t', long: true, want: 'Hello\tWorld' },
  { s: 'abcdefgh', width: 3, newLine: '|', long: true, want: 'abc|def|gh' },
]
for (const c of wraps) test(`WrapCustom(${JSON.stringify(c.s)}, ${c.width}, ${JSON.stringify(c.newLine)}, ${c.long})`, () => assert.equal(wrapCustom(c.s, c.width, c.newLine, c.long), c.want))

const others: { name: string; got: () => string; want: string }[] = [
  { name: 'Initials of words', got: () => initials('hello big world'), want: 'hbw' },
  { name: 'Initials skips runs of spaces', got: () => initials('  a  b '), want: 'ab' },
  { name: "Initials reads bytes as Latin-1 runes (é's lead byte C3 becomes U+00C3)", got: () => initials(toByteString('éa b')), want: toByteString('\u00c3b') },
  { name: 'Uncapitalize lowers the first rune of each word', got: () => uncapitalize('Hello World\tAGAIN'), want: 'hello world\taGAIN' },
  { name: 'SwapCase: upper and title to lower, lower to title at a word start, else upper', got: () => swapCase('This Is A.Test ǅ ß'), want: 'tHIS iS a.tEST ǆ ß' },
]
for (const c of others) test(c.name, () => assert.equal(c.got(), c.want))
