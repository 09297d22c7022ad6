// Go's time layouts (src/go/time/layout.ts): Time.Format pinned against values Go gives, and a
// generated comparison with Go (seeded, so it repeats) of formatting random instants in random
// zones and layouts.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { format } from '../../../src/go/time/layout.ts'
import { Time, timeDate } from '../../../src/go/time/time.ts'
import { fixedZone, UTC } from '../../../src/go/time/zone.ts'
import { differencesFromGo } from '../../support/go-oracle.ts'

const layouts: { layout: string; want: string }[] = [
  { layout: '2006-01-02T15:04:05.999999999Z07:00', want: '2009-11-10T23:04:05.120456789Z' },
  { layout: '3:04PM', want: '11:04PM' },
  { layout: 'Monday, 02-Jan-06 15:04:05 MST', want: 'Tuesday, 10-Nov-09 23:04:05 UTC' },
  { layout: '2006-01-02 .000 ,999 .9', want: '2009-11-10 .120 ,12 .1' },
  { layout: '__2 002 _2', want: '314 314 10' },
  { layout: 'Z07:00 -07 -0700 Z0700', want: 'Z +00 +0000 Z' },
  { layout: 'Jan January 1 01 Mon Monday', want: 'Nov November 11 11 Tue Tuesday' },
  { layout: '3PM 03pm 4 04 5 05', want: '11PM 11pm 4 04 5 05' },
  { layout: '2006 06 15', want: '2009 09 23' },
  { layout: 'no elements at all', want: 'no elements at all' },
]
const reference = timeDate(2009n, 11n, 10n, 23n, 4n, 5n, 120_456_789n, UTC)
for (const c of layouts) test(`Format ${JSON.stringify(c.layout)} is ${JSON.stringify(c.want)}, as Go prints it`, () => assert.equal(format(reference, c.layout), c.want))

test('Format of a nameless fixed zone prints numeric offsets for MST', () => {
  const t = new Time(reference.sec, reference.nsec, fixedZone('', -5 * 3600 - 30 * 60))
  assert.equal(format(t, 'Z07:00 Z07 -07:00:00 MST'), '-05:30 -05 -05:30:00 -0530')
})

// Random instants (year 1 to 9999, any nanosecond) in random zones and layouts, formatted by Go.
test('formatting random instants agrees with Go', () => {
  const zones = ['UTC', 'Local', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tehran', 'Europe/Dublin', 'Etc/GMT-14']
  const layouts = ['2006-01-02T15:04:05.999999999Z07:00', 'Mon Jan _2 15:04:05.000 MST 2006', '__2 002 3:4:5 PM pm -07 Z0700 ,999999', 'January Monday 06 1 2 03 04 05 .0 .9']
  const instant = fc.record({
    // 1970 to 2100: before 1970 tzdata's backzone and ICU disagree (see dates.ts header).
    sec: fc.bigInt({ min: 0n, max: 4_102_444_800n }),
    nsec: fc.integer({ min: 0, max: 999_999_999 }),
    zone: fc.constantFrom(...zones),
    layout: fc.constantFrom(...layouts),
  })
  const utcInstant = fc.record({
    sec: fc.bigInt({ min: -62_135_596_800n, max: 253_402_300_799n }),
    nsec: fc.integer({ min: 0, max: 999_999_999 }),
    zone: fc.constant('UTC'),
    layout: fc.constantFrom(...layouts),
  })
  const samples = [...fc.sample(instant, { numRuns: 300, seed: 20240501 }), ...fc.sample(utcInstant, { numRuns: 100, seed: 7 })]
  const cases = samples.map(({ sec, nsec, zone, layout }) => ({
    template: `{{ dateInZone ${JSON.stringify(layout)} (toDate "2006-01-02T15:04:05.999999999Z07:00" "${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${String(nsec).padStart(9, '0')}Z") ${JSON.stringify(zone)} }}`,
    funcs: 'sprig' as const,
  }))
  const diffs = differencesFromGo(cases, {}, { TZ: 'UTC' })
  assert.deepEqual(diffs, [], diffs.slice(0, 10).join('\n'))
})
