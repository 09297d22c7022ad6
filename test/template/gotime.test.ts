// Go's time package in TypeScript (src/template/gotime.ts): Duration parsing and printing, the
// calendar, locations, layout formatting and parsing, pinned against values Go gives, and a
// generated comparison with Go (seeded, so it repeats) of formatting random instants in random
// zones and layouts.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addDate,
  durationString,
  fixedZone,
  format,
  loadLocation,
  parseDuration,
  parseInLocation,
  LOCAL,
  roundDuration,
  timeDate,
  timeString,
  toByteString,
  Time,
  UTC,
  unixTime,
  DurationError,
  ParseError,
} from '../../src/template/gotime.ts'
import { differencesFromGo } from '../support/go-oracle.ts'

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
  test(`gotime: ParseDuration ${JSON.stringify(text)}`, () => {
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
for (const [d, want] of printed) test(`gotime: Duration(${d}).String() is ${want}`, () => assert.equal(durationString(d), want))

test('gotime: Duration.Round halves away from zero and saturates', () => {
  assert.equal(roundDuration(1_500_000_000n, 1_000_000_000n), 2_000_000_000n)
  assert.equal(roundDuration(-1_500_000_000n, 1_000_000_000n), -2_000_000_000n)
  assert.equal(roundDuration(1_499_999_999n, 1_000_000_000n), 1_000_000_000n)
  assert.equal(roundDuration(9223372036854775807n, 1_000_000_000n), 9223372036854775807n)
  assert.equal(roundDuration(7n, 0n), 7n)
})

test('gotime: time.Date normalises overflowing fields', () => {
  const t = timeDate(2019n, 14n, 32n, 25n, 61n, 61n, 1_000_000_001n, UTC)
  assert.equal(format(t, '2006-01-02 15:04:05.999999999'), '2020-03-04 02:02:02.000000001')
  assert.equal(format(addDate(timeDate(2019n, 1n, 31n, 0n, 0n, 0n, 0n, UTC), 0n, 1n, 0n), '2006-01-02'), '2019-03-03')
})

test('gotime: time.Unix, String and the monotonic reading', () => {
  assert.equal(timeString(unixTime(-1n)), '1969-12-31 23:59:59 +0000 UTC')
  assert.equal(timeString(new Time(0n, 5, LOCAL, 61_000_000_001n)), '1970-01-01 00:00:00.000000005 +0000 UTC m=+61.000000001')
  assert.equal(timeString(new Time(0n, 0, LOCAL, -1_000_000_000_000_000_001n)), '1970-01-01 00:00:00 +0000 UTC m=-1000000000.000000001')
})

test('gotime: LoadLocation', () => {
  assert.equal(loadLocation(''), UTC)
  assert.equal(loadLocation('UTC'), UTC)
  assert.equal(loadLocation('Local'), LOCAL)
  for (const bad of ['europe/berlin', 'Nope/Zone', '../etc/passwd', '/etc/localtime', 'zone.tab', 'localtime']) assert.equal(loadLocation(bad), undefined, bad)
  for (const good of ['Europe/Berlin', 'posix/Europe/Berlin', 'US/Eastern', 'Asia/Calcutta', 'Etc/GMT+3', 'Factory', 'posixrules']) assert.ok(loadLocation(good), good)
})

test('gotime: zone abbreviations as tzdata writes them', () => {
  const at = (zone: string, unix: bigint) => format(new Time(unix, 0, loadLocation(zone)!), 'MST -07:00:00')
  assert.equal(at('Europe/Berlin', 1560458379n), 'CEST +02:00:00')
  assert.equal(at('America/New_York', 1673740800n), 'EST -05:00:00')
  assert.equal(at('Asia/Dubai', 0n), '+04 +04:00:00')
  assert.equal(at('Asia/Kathmandu', 1673740800n), '+0545 +05:45:00')
  assert.equal(at('Etc/GMT+3', 0n), '-03 -03:00:00')
  assert.equal(at('Europe/Moscow', 1301180400n), 'MSK +04:00:00')
  assert.equal(at('Europe/Moscow', 1301180399n), 'MSK +03:00:00')
  assert.equal(at('Europe/Moscow', 1000000000n), 'MSD +04:00:00')
  assert.equal(at('Factory', 0n), '-00 +00:00:00')
})

test('gotime: ParseInLocation on byte strings; errors never quote the value', () => {
  const parse = (layout: string, value: string) => parseInLocation(toByteString(layout), toByteString(value), LOCAL)
  assert.equal(timeString(parse('2006-01-02 15:04 -0700', '2019-06-13 10:00 +0000')), '2019-06-13 10:00:00 +0000 UTC')
  assert.equal(timeString(parse('2006-01-02 15:04 MST', '2019-06-13 10:00 GMT+3')), '2019-06-13 13:00:00 +0300 GMT+3')
  assert.equal(parse('2006-01-02 MST', '2019-06-13 XYZ').loc.name, 'XYZ')
  assert.throws(() => parse('2006-01-02', 'topsecret'), (e: Error) => e instanceof ParseError && !e.message.includes('topsecret'))
  assert.equal(format(timeDate(2019n, 6n, 13n, 0n, 0n, 0n, 0n, fixedZone('', -30)), 'MST Z07:00:00'), '+0000 +00:00:-30')
})

// Random instants (year 1 to 9999, any nanosecond) in random zones and layouts, formatted by Go.
test('gotime: formatting random instants agrees with Go', () => {
  const zones = ['UTC', 'Local', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tehran', 'Europe/Dublin', 'Etc/GMT-14']
  const layouts = ['2006-01-02T15:04:05.999999999Z07:00', 'Mon Jan _2 15:04:05.000 MST 2006', '__2 002 3:4:5 PM pm -07 Z0700 ,999999', 'January Monday 06 1 2 03 04 05 .0 .9']
  const instant = fc.record({
    // 1970 to 2100: before 1970 tzdata's backzone and ICU disagree (see dates.ts header).
    sec: fc.bigInt({ min: 0n, max: 4_102_444_800n }),
    nsec: fc.integer({ min: 0, max: 999_999_999 }),
    zone: fc.constantFrom(...zones),
    layout: fc.constantFrom(...layouts),
  })
  const utcInstant = fc.record({ sec: fc.bigInt({ min: -62_135_596_800n, max: 253_402_300_799n }), nsec: fc.integer({ min: 0, max: 999_999_999 }), zone: fc.constant('UTC'), layout: fc.constantFrom(...layouts) })
  const samples = [...fc.sample(instant, { numRuns: 300, seed: 20240501 }), ...fc.sample(utcInstant, { numRuns: 100, seed: 7 })]
  const cases = samples.map(({ sec, nsec, zone, layout }) => ({
    template: `{{ dateInZone ${JSON.stringify(layout)} (toDate "2006-01-02T15:04:05.999999999Z07:00" "${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${String(nsec).padStart(9, '0')}Z") ${JSON.stringify(zone)} }}`,
    funcs: 'sprig' as const,
  }))
  const diffs = differencesFromGo(cases, {}, { TZ: 'UTC' })
  assert.deepEqual(diffs, [], diffs.slice(0, 10).join('\n'))
})
