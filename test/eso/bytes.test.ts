// The Node-free byte helpers of the Secret assembly agree with Node's Buffer, which they replace.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { base64DecodeLoose, base64Encode, compareUtf8, fromUtf8, sortUtf8, utf8 } from '../../src/eso/bytes.ts'
import { compareUtf8 as compareJsonUtf8 } from '../../src/go/json.ts'

test('base64Encode writes what Buffer writes, for any bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      assert.equal(base64Encode(bytes), Buffer.from(bytes).toString('base64'))
    }),
    { numRuns: 2000, seed: 11 },
  )
})

// Text made of base64 of both alphabets, padding, whitespace and junk: what an input Secret may hold.
const looseText = fc.array(fc.constantFrom(...'ABCxyz0189+/-_= \n\t$.é'.split('')), { maxLength: 60 }).map((a) => a.join(''))

test("base64DecodeLoose reads what Buffer.from(text, 'base64') reads, junk and padding included", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        looseText,
        fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('base64')),
      ),
      (text) => {
        assert.deepEqual(base64DecodeLoose(text), new Uint8Array(Buffer.from(text, 'base64')))
      },
    ),
    { numRuns: 3000, seed: 12 },
  )
})

const loose = [
  { text: 'YWJj', want: 'abc' },
  { text: 'YWJ', want: 'ab' },
  { text: 'YW Jj', want: 'abc' },
  { text: 'YWJj=YWJj', want: 'abc' },
  { text: 'Y', want: '' },
  { text: '', want: '' },
]
for (const r of loose) {
  test(`base64DecodeLoose ${JSON.stringify(r.text)} → ${JSON.stringify(r.want)}`, () => {
    assert.equal(fromUtf8(base64DecodeLoose(r.text)), r.want)
  })
}

test('compareUtf8 orders by UTF-8 bytes, as Go compares strings (not by UTF-16 code units)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), (a, b) => {
      assert.equal(Math.sign(compareUtf8(a, b)), Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))))
    }),
    { numRuns: 2000, seed: 13 },
  )
  // U+FF61 sorts after U+1F600 in UTF-16 but before it in UTF-8.
  assert.ok(compareUtf8('\uff61', '\u{1f600}') < 0)
})

test('base64Encode on both sides of its short-input path (4,096 bytes)', () => {
  for (const n of [0, 1, 2, 3, 4095, 4096, 4097, 4098, 10_000]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255)
    assert.equal(base64Encode(bytes), Buffer.from(bytes).toString('base64'), String(n))
  }
})

test('utf8 encodes as Buffer does, short ASCII (its copied path) and everything else alike', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 70 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 60, maxLength: 70 }),
    fc.string({ unit: 'binary', maxLength: 70 }),
    fc.constantFrom('\ud800', 'a\udfffb', '\u007f', '\u0080', 'x'.repeat(64), 'x'.repeat(65), `${'x'.repeat(63)}é`),
  )
  fc.assert(
    fc.property(text, (t) => {
      assert.deepEqual(utf8(t), new Uint8Array(Buffer.from(t, 'utf8')))
    }),
    { numRuns: 3000, seed: 12 },
  )
})

test('utf8 and fromUtf8 round-trip text; invalid bytes read as U+FFFD like Buffer', () => {
  assert.deepEqual(utf8('é€'), new Uint8Array(Buffer.from('é€', 'utf8')))
  assert.equal(fromUtf8(utf8('é€')), 'é€')
  assert.equal(fromUtf8(new Uint8Array([0x61, 0xff, 0x62])), Buffer.from([0x61, 0xff, 0x62]).toString('utf8'))
})

test('sortUtf8 orders as Array.prototype.sort with the same comparator, short lists (insertion) and long ones alike', () => {
  const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a', 'B', 'é', '\u{1F600}', '\uffff', 'ab', 'a-b', 'a.b'))
  fc.assert(
    fc.property(fc.array(key, { maxLength: 40 }), fc.boolean(), (keys, json) => {
      const compare = json ? compareJsonUtf8 : compareUtf8
      const copy = [...keys]
      assert.equal(sortUtf8(copy, compare), copy, 'sorted in place')
      assert.deepEqual(copy, [...keys].sort(compare))
    }),
    { numRuns: 500 },
  )
  assert.deepEqual(sortUtf8(['b', 'a', '\u{1F600}', '\uffff']), ['a', 'b', '\uffff', '\u{1F600}'], 'UTF-8 byte order: U+FFFF before U+1F600')
})
