// Go's encoding/base64 decoder (src/go/base64.ts): StdEncoding and URLEncoding, padding required,
// \r and \n skipped anywhere, Go's exact error offsets. Every row's expected value comes from real
// Go (Debian's Go 1.19: base64.StdEncoding / URLEncoding .DecodeString on the same input).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { CorruptInputError, decodeBase64Go } from '../../src/go/base64.ts'

// [input, std, url]: a string is the decoded bytes in hex; a number is Go's
// `illegal base64 data at input byte N` offset.
type Want = string | number
const rows: [input: string, std: Want, url: Want][] = [
  // RFC 4648's vectors
  ['', '', ''],
  ['Zg==', '66', '66'],
  ['Zm8=', '666f', '666f'],
  ['Zm9v', '666f6f', '666f6f'],
  ['Zm9vYg==', '666f6f62', '666f6f62'],
  ['Zm9vYmE=', '666f6f6261', '666f6f6261'],
  ['Zm9vYmFy', '666f6f626172', '666f6f626172'],
  ['Zm9vYmFyZm9vYmFy', '666f6f626172666f6f626172', '666f6f626172666f6f626172'],
  ['Zm9vYmFyZm9vYmF=', '666f6f626172666f6f6261', '666f6f626172666f6f6261'],
  ['Zm9vYmFyZm9vYm==', '666f6f626172666f6f62', '666f6f626172666f6f62'],
  ['AAAA', '000000', '000000'],
  ['AA==', '00', '00'],
  ['AAA=', '0000', '0000'],
  // padding is required: a short last quantum fails at its start, or where the padding runs out
  ['Z', 0, 0],
  ['Zg', 0, 0],
  ['Zm8', 0, 0],
  ['A', 0, 0],
  ['AA', 0, 0],
  ['AAA', 0, 0],
  ['Zm9vY', 4, 4],
  ['Zm9vYmE', 4, 4],
  ['Zm9vYmFyZm9vYmFyZg', 16, 16],
  ['Zg=', 3, 3],
  ['Zm9vYg=', 7, 7],
  // padding in the wrong place, or too much of it
  ['=', 0, 0],
  ['====', 0, 0],
  ['Z===', 1, 1],
  ['Zg=x', 2, 2],
  ['Zm9v=', 4, 4],
  ['Zg===', 4, 4],
  ['Zm8==', 4, 4],
  ['Zm9vYmFyZm9vY===', 13, 13],
  // nothing may follow the padding but newlines
  ['Zm9vYg==Zm9v', 8, 8],
  ['Zg==Zg==', 4, 4],
  ['Zm8=Zm8=', 4, 4],
  ['Zm9vYg==\nx', 9, 9],
  ['Zm9vYmFy\r\nZm9vYmFy=', 18, 18],
  // \r and \n are skipped anywhere, even between the two padding characters
  ['Zm9vYg==\n', '666f6f62', '666f6f62'],
  ['Zm9vYg==\n\n', '666f6f62', '666f6f62'],
  ['Zm\n9v', '666f6f', '666f6f'],
  ['Zm9v\r\n', '666f6f', '666f6f'],
  ['\r\nZm9v', '666f6f', '666f6f'],
  ['Zm9v\nYmFy\nZm9v\nYmFy\n', '666f6f626172666f6f626172', '666f6f626172666f6f626172'],
  ['Zg=\n=', '66', '66'],
  ['Zg=\r\n=', '66', '66'],
  ['Z\ng\n=\n=\n', '66', '66'],
  ['\n', '', ''],
  ['\n\n', '', ''],
  // newlines do not complete the padding
  ['Zg=\n', 4, 4],
  ['Zg=\nx', 3, 3],
  // other whitespace and foreign bytes are illegal where they stand (offsets count bytes)
  ['YWJj ZGVm', 4, 4],
  ['Zm9v\tYmFy', 4, 4],
  ['Zm9v!', 4, 4],
  ['Zm9vYmFyZm9v*mFy', 12, 12],
  ['Zm9vYmFy\u0000', 8, 8],
  ['Zm9vYmFy\u00e9', 8, 8],
  ['Zm\u00e99v', 2, 2],
  // the two alphabets
  ['+/+/', 'fbffbf', 0],
  ['-_-_', 0, 'fbffbf'],
  ['/w==', 'ff', 0],
  ['_w==', 0, 'ff'],
  ['+w==', 'fb', 0],
  ['-w==', 0, 'fb'],
  // StdEncoding is not Strict: bits after the last full byte are not checked
  ['Zh==', '66', '66'],
  ['Zm9=', '666f', '666f'],
]

const bytes = (s: string) => new TextEncoder().encode(s)
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

function decoded(input: Uint8Array, alphabet: 'std' | 'url'): Want {
  try {
    return hex(decodeBase64Go(input, alphabet))
  } catch (e) {
    assert.ok(e instanceof CorruptInputError, `not a CorruptInputError: ${e}`)
    assert.equal(e.message, `illegal base64 data at input byte ${e.offset}`)
    return e.offset
  }
}

for (const [input, std, url] of rows) {
  test(`base64 ${JSON.stringify(input)} decodes as Go's does: std ${JSON.stringify(std)}, url ${JSON.stringify(url)}`, () => {
    assert.equal(decoded(bytes(input), 'std'), std, 'StdEncoding')
    assert.equal(decoded(bytes(input), 'url'), url, 'URLEncoding')
  })
}

// Input is bytes, not text: offsets of bytes that are not UTF-8 (from Go, as above).
const rawRows: { input: number[]; want: Want }[] = [
  { input: [0x5a, 0x67, 0xff, 0x3d], want: 2 },
  { input: [0x5a, 0x6d, 0x38, 0x3d, 0x80], want: 4 },
  { input: [0xc3], want: 0 },
]
for (const r of rawRows) {
  test(`base64 of the raw bytes ${hex(new Uint8Array(r.input))} fails at input byte ${r.want}, as in Go`, () => {
    assert.equal(decoded(new Uint8Array(r.input), 'std'), r.want)
  })
}

test('CorruptInputError is an Error named as Go names it, carrying the offset', () => {
  const e = new CorruptInputError(7)
  assert.ok(e instanceof Error)
  assert.equal(e.name, 'CorruptInputError')
  assert.equal(e.offset, 7)
  assert.equal(e.message, 'illegal base64 data at input byte 7')
})

test('the error carries no input bytes', () => {
  assert.throws(
    () => decodeBase64Go(bytes('CANARYs3cr3t!'), 'std'),
    (e: unknown) => e instanceof CorruptInputError && !e.message.includes('CANARY') && !e.message.includes('s3cr3t'),
  )
})

test('padded base64 of any bytes, with \\r\\n anywhere, decodes back to them (both alphabets)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), fc.array(fc.nat(200), { maxLength: 5 }), fc.constantFrom('\n', '\r\n', '\r'), (plain, cuts, nl) => {
      const std = Buffer.from(plain).toString('base64')
      const url = std.replace(/\+/g, '-').replace(/\//g, '_')
      const split = (s: string) => {
        const at = new Set(cuts.map((c) => c % (s.length + 1)))
        let out = ''
        for (let k = 0; k <= s.length; k++) out += (at.has(k) ? nl : '') + (s[k] ?? '')
        return out
      }
      assert.equal(hex(decodeBase64Go(bytes(split(std)), 'std')), hex(plain))
      assert.equal(hex(decodeBase64Go(bytes(split(url)), 'url')), hex(plain))
    }),
    { seed: 20260101, numRuns: 300 },
  )
})
