// Sprig's random functions over an injected random source: each draws from ExecContext.random, so
// fixed sources give fixed renders. Alphabets are goutils' (CryptoRandomAlphaNumeric & co.),
// shuffle is xstrings.Shuffle's Fisher-Yates, uuidv4 google/uuid's layout; the error texts are the
// ones the Go oracle gives (randInt's Intn panic, randBytes' makeslice panic).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { ALPHABETS, cryptoRandom, goRunes, randomBigBelow } from '../../../../src/template/funcs/sprig/random.ts'

/** A source repeating the given values. */
const cycle = (...values: number[]) => {
  let i = 0
  return () => values[i++ % values.length]
}

const rows: [string, () => number, string | RegExp][] = [
  ['{{ randAlphaNum 5 }}', cycle(0, 0.5, 0.999), '0Vz0V'],
  ['{{ randAlpha 5 }}', cycle(0, 0.5, 0.999), 'AazAa'],
  ['{{ randNumeric 3 }}', cycle(0, 0.5, 0.999), '059'],
  ['{{ randAscii 3 }}', cycle(0, 0.5, 0.999), ' O~'],
  // goutils refuses a negative count; Sprig drops the error and returns "".
  ['{{ randAlphaNum 0 }}|{{ randAlpha -3 }}|{{ randAscii -1 }}|{{ randNumeric 0 }}|', cycle(0.5), '||||'],
  ['{{ randAlpha 100000000 }}', cycle(0.5), /error calling randAlpha: randAlpha: count 100000000 is larger than this engine generates/],
  ['{{ uuidv4 }}', cycle(0), '00000000-0000-4000-8000-000000000000'],
  ['{{ uuidv4 }}', cycle(0.999), 'ffffffff-ffff-4fff-bfff-ffffffffffff'],
  ['{{ randBytes 3 }}|{{ randBytes 0 }}|', cycle(0.999), '////||'],
  ['{{ randBytes -1 }}', cycle(0), /error calling randBytes: runtime error: makeslice: len out of range/],
  ['{{ randInt 1 10 }}|{{ randInt -5 -4 }}|{{ randInt 1 10 | printf "%T" }}', cycle(0), '1|-5|int'],
  ['{{ randInt 1 10 }}', cycle(0.999), '9'],
  ['{{ randInt 5 5 }}', cycle(0), /error calling randInt: invalid argument to Intn/],
  ['{{ randInt 5 4 }}', cycle(0), /error calling randInt: invalid argument to Intn/],
  // max-min wraps in int64 (to -1 here), as Go's int arithmetic does.
  ['{{ randInt -9223372036854775808 9223372036854775807 }}', cycle(0), /invalid argument to Intn/],
  ['{{ randInt -4611686018427387904 4611686018427387904 }}', cycle(0), /invalid argument to Intn/],
  ['{{ randInt -4611686018427387904 4611686018427387903 }}', cycle(0), '-4611686018427387904'],
  // Fisher-Yates from the end: with 0 every step swaps with the first rune.
  ['{{ shuffle "abc" }}', cycle(0), 'bca'],
  ['{{ shuffle "abc" }}', cycle(0.999), 'abc'],
  ['{{ shuffle "héllo→" }}', cycle(0), 'éllo→h'],
  ['{{ shuffle "" }}|', cycle(0), '|'],
]

for (const [template, random, want] of rows) {
  test(`random: ${template}`, () => {
    const render = () => renderTemplate(template, null, { functions: 'sprig', random })
    if (typeof want === 'string') assert.equal(render(), want)
    else assert.throws(render, (e: Error) => want.test(e.message))
  })
}

test("random: the alphabets are goutils' character sets", () => {
  assert.equal(ALPHABETS.randAlphaNum, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')
  assert.equal(ALPHABETS.randAlpha, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')
  assert.equal(ALPHABETS.randNumeric, '0123456789')
  assert.equal(ALPHABETS.randAscii.length, 95)
  assert.equal(ALPHABETS.randAscii[0] + ALPHABETS.randAscii[94], ' ~')
})

test('random: shapes with the crypto-backed source', () => {
  const out = renderTemplate('{{ randAlphaNum 40 }}\n{{ randAscii 40 }}\n{{ randBytes 24 | b64dec | len }}\n{{ uuidv4 }}', null, { functions: 'sprig', random: cryptoRandom })
  const [alnum, ascii, bytes, uuid] = out.split('\n')
  assert.match(alnum, /^[0-9A-Za-z]{40}$/)
  assert.match(ascii, /^[ -~]{40}$/)
  assert.equal(bytes, '24')
  assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
})

test('random: cryptoRandom is a float64 in [0, 1) with varying values', () => {
  const draws = Array.from({ length: 2000 }, cryptoRandom)
  assert.ok(draws.every((x) => x >= 0 && x < 1))
  assert.ok(new Set(draws).size > 1990)
  assert.ok(draws.some((x) => x < 0.1) && draws.some((x) => x > 0.9))
})

test('random: big ranges use every bit', () => {
  const n = 2n ** 100n
  const x = randomBigBelow(cycle(0.999999), n)
  assert.ok(x >= 0n && x < n)
  assert.ok(x > 2n ** 90n)
})

test('random: []rune(s) turns each bad byte into one U+FFFD, as Go does', () => {
  assert.deepEqual(goRunes(Buffer.from([0x61, 0xe2, 0x82, 0x62, 0xff, 0xed, 0xa0, 0x80])), [0x61, 0xfffd, 0xfffd, 0x62, 0xfffd, 0xfffd, 0xfffd, 0xfffd])
  assert.deepEqual(goRunes(Buffer.from('h€𝄞')), [0x68, 0x20ac, 0x1d11e])
})

test('random: each draw reports the random source as read', () => {
  const seen: string[] = []
  renderTemplate('{{ randAlpha 2 }}{{ sha1sum "x" }}', null, { functions: 'sprig', random: cycle(0), onNondeterministic: (n) => seen.push(n) })
  assert.deepEqual(seen, ['random', 'random'])
})
