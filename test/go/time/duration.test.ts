// Go's time.Duration (src/go/time/duration.ts): ParseDuration, String and Round, pinned against values Go gives.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DurationError, durationString, parseDuration, roundDuration } from '../../../src/go/time/duration.ts'

const durations: [string, bigint | 'error'][] = [
  ['1h30m', 5_400_000_000_000n],
  ['-2.5h', -9_000_000_000_000n],
  ['300ms', 300_000_000n],
  ['1µs', 1000n],
  ['1us', 1000n],
  ['.5s', 500_000_000n],
  ['1.s', 1_000_000_000n],
  ['0', 0n],
  ['-0', 0n],
  ['9223372036854775807ns', 9223372036854775807n],
  ['-9223372036854775808ns', -9223372036854775808n],
  ['9223372036854775808ns', 'error'],
  ['', 'error'],
  ['1', 'error'],
  ['1d', 'error'],
  ['.h', 'error'],
  [' 1h', 'error'],
]
for (const [text, want] of durations) {
  test(`ParseDuration ${JSON.stringify(text)}`, () => {
    if (want === 'error') assert.throws(() => parseDuration(text), DurationError)
    else assert.equal(parseDuration(text), want)
  })
}

const printed: [bigint, string][] = [
  [0n, '0s'],
  [1n, '1ns'],
  [1100n, '1.1µs'],
  [2_200_000n, '2.2ms'],
  [3_300_000_000n, '3.3s'],
  [-4_000_000_000n - 60_000_000_000n * 4n, '-4m4s'],
  [5_400_000_000_000n, '1h30m0s'],
  [-9223372036854775808n, '-2562047h47m16.854775808s'],
]
for (const [d, want] of printed) test(`Duration(${d}).String() is ${want}`, () => assert.equal(durationString(d), want))

test('Duration.Round halves away from zero and saturates', () => {
  assert.equal(roundDuration(1_500_000_000n, 1_000_000_000n), 2_000_000_000n)
  assert.equal(roundDuration(-1_500_000_000n, 1_000_000_000n), -2_000_000_000n)
  assert.equal(roundDuration(1_499_999_999n, 1_000_000_000n), 1_000_000_000n)
  assert.equal(roundDuration(9223372036854775807n, 1_000_000_000n), 9223372036854775807n)
  assert.equal(roundDuration(7n, 0n), 7n)
})
