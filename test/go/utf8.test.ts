// Go's unicode/utf8 (src/go/utf8.ts): DecodeRune over bytes and DecodeRuneInString over byte
// strings agree on what is valid; an invalid byte is U+FFFD, one byte wide.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toByteString } from '../../src/go/byte-string.ts'
import { decodeRune, decodeRuneInString, encodeRune, runesOf, runesToString } from '../../src/go/utf8.ts'

const rows: { name: string; bytes: number[]; want: [number, number] }[] = [
  { name: 'ASCII', bytes: [0x41], want: [0x41, 1] },
  { name: 'two bytes', bytes: [0xc3, 0xa9], want: [0xe9, 2] },
  { name: 'three bytes', bytes: [0xe2, 0x82, 0xac], want: [0x20ac, 3] },
  { name: 'four bytes', bytes: [0xf0, 0x9f, 0x98, 0x80], want: [0x1f600, 4] },
  { name: 'a continuation byte alone', bytes: [0x80], want: [0xfffd, 1] },
  { name: 'an overlong two-byte form', bytes: [0xc0, 0x80], want: [0xfffd, 1] },
  { name: 'an overlong three-byte form', bytes: [0xe0, 0x80, 0x80], want: [0xfffd, 1] },
  { name: 'a surrogate', bytes: [0xed, 0xa0, 0x80], want: [0xfffd, 1] },
  { name: 'above U+10FFFF', bytes: [0xf4, 0x90, 0x80, 0x80], want: [0xfffd, 1] },
  { name: 'a truncated sequence', bytes: [0xe2, 0x82], want: [0xfffd, 1] },
]
for (const r of rows) {
  test(`DecodeRune and DecodeRuneInString: ${r.name}`, () => {
    assert.deepEqual(decodeRune(new Uint8Array(r.bytes), 0), r.want)
    assert.deepEqual(decodeRuneInString(String.fromCharCode(...r.bytes), 0), r.want)
  })
}

test('AppendRune writes UTF-8 bytes; a surrogate or an out-of-range rune is U+FFFD', () => {
  assert.equal(encodeRune(0x20ac), '\xe2\x82\xac')
  assert.equal(encodeRune(0xd800), '\xef\xbf\xbd')
  assert.equal(encodeRune(0x110000), '\xef\xbf\xbd')
})

test('runes of a byte string and back', () => {
  assert.deepEqual(runesOf(toByteString('aé😀') + '\xff'), [0x61, 0xe9, 0x1f600, 0xfffd])
  assert.equal(runesToString([0x61, 0xe9]), toByteString('aé'))
})

test('encodeRune writes what Buffer writes for every rune class (ASCII, 2, 3 and 4 bytes; surrogates → U+FFFD)', () => {
  for (const r of [0, 0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdfff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff, 0x110000, -1]) {
    const valid = r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff)
    assert.equal(encodeRune(r), Buffer.from(String.fromCodePoint(valid ? r : 0xfffd), 'utf8').toString('latin1'), `rune ${r}`)
  }
})
