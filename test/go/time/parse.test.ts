// Go's time.ParseInLocation (src/go/time/parse.ts) on byte strings.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toByteString } from '../../../src/go/byte-string.ts'
import { format, timeString } from '../../../src/go/time/layout.ts'
import { ParseError, parseInLocation } from '../../../src/go/time/parse.ts'
import { timeDate } from '../../../src/go/time/time.ts'
import { fixedZone, LOCAL } from '../../../src/go/time/zone.ts'

test('ParseInLocation on byte strings; errors never quote the value', () => {
  const parse = (layout: string, value: string) => parseInLocation(toByteString(layout), toByteString(value), LOCAL)
  assert.equal(timeString(parse('2006-01-02 15:04 -0700', '2019-06-13 10:00 +0000')), '2019-06-13 10:00:00 +0000 UTC')
  assert.equal(timeString(parse('2006-01-02 15:04 MST', '2019-06-13 10:00 GMT+3')), '2019-06-13 13:00:00 +0300 GMT+3')
  assert.equal(parse('2006-01-02 MST', '2019-06-13 XYZ').loc.name, 'XYZ')
  assert.throws(
    () => parse('2006-01-02', 'topsecret'),
    (e: Error) => e instanceof ParseError && !e.message.includes('topsecret'),
  )
  assert.equal(format(timeDate(2019n, 6n, 13n, 0n, 0n, 0n, 0n, fixedZone('', -30)), 'MST Z07:00:00'), '+0000 +00:00:-30')
})
