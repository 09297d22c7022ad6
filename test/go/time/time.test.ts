// Go's time.Time (src/go/time/time.ts): the calendar arithmetic and Time.String, pinned against values Go gives.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { format, timeString } from '../../../src/go/time/layout.ts'
import { addDate, Time, timeDate, unixTime } from '../../../src/go/time/time.ts'
import { LOCAL, UTC } from '../../../src/go/time/zone.ts'

test('time.Date normalises overflowing fields', () => {
  const t = timeDate(2019n, 14n, 32n, 25n, 61n, 61n, 1_000_000_001n, UTC)
  assert.equal(format(t, '2006-01-02 15:04:05.999999999'), '2020-03-04 02:02:02.000000001')
  assert.equal(format(addDate(timeDate(2019n, 1n, 31n, 0n, 0n, 0n, 0n, UTC), 0n, 1n, 0n), '2006-01-02'), '2019-03-03')
})

test('time.Unix, String and the monotonic reading', () => {
  assert.equal(timeString(unixTime(-1n)), '1969-12-31 23:59:59 +0000 UTC')
  assert.equal(timeString(new Time(0n, 5, LOCAL, 61_000_000_001n)), '1970-01-01 00:00:00.000000005 +0000 UTC m=+61.000000001')
  assert.equal(timeString(new Time(0n, 0, LOCAL, -1_000_000_000_000_000_001n)), '1970-01-01 00:00:00 +0000 UTC m=-1000000000.000000001')
})
