// Sprig's date functions (src/template/funcs/dates.ts): pinned rows with a fixed clock, error
// messages that keep template values out, and a differential test against real Go + Sprig (the
// oracle, run with TZ=UTC: Local is UTC here by design) over tables of layouts, times, values to
// parse, durations, zones and time.Time methods. Clock-dependent outputs are compared only through
// clock-independent templates (`now | date "2006" | len`, `ago now`).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo, type OracleCase } from '../../../support/go-oracle.ts'

const NOW = new Date('2024-05-01T12:34:56.789Z')
const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig', now: () => NOW })
const T = (s: string) => `(toDate "2006-01-02T15:04:05.999999999Z07:00" "${s}")`

// --- pinned rows (fixed clock) ---

const rows: [string, string | RegExp][] = [
  ['{{ now }}', '2024-05-01 12:34:56.789 +0000 UTC m=+0.000000000'],
  ['{{ now.Add 1500000000 }}', '2024-05-01 12:34:58.289 +0000 UTC m=+1.500000000'],
  ['{{ now.UTC }}|{{ dateModify "-1h" now }}', '2024-05-01 12:34:56.789 +0000 UTC|2024-05-01 11:34:56.789 +0000 UTC m=-3600.000000000'],
  ['{{ now | date "2006-01-02T15:04:05.000Z07:00 MST" }}', '2024-05-01T12:34:56.789Z UTC'],
  ['{{ now | toJson }}', '"2024-05-01T12:34:56.789Z"'],
  ['{{ now.Unix }}|{{ now.UnixMilli }}|{{ now.UnixNano }}|{{ now | unixEpoch }}', '1714566896|1714566896789|1714566896789000000|1714566896'],
  ['{{ now.Month }}|{{ now.Weekday }}|{{ now.YearDay }}|{{ now.Month | typeOf }}', 'May|Wednesday|122|time.Month'],
  ['{{ ago now }}|{{ ago (now.Add -90500000000) }}|{{ ago (int64 1714566000) }}|{{ ago 1714566000 }}|{{ ago "x" }}', '0s|1m31s|14m57s|14m57s|0s'],
  ['{{ durationRound now }}|{{ durationRound (toDate "2006-01-02" "2024-04-10") }}|{{ durationRound (toDate "2006-01-02" "2024-06-01") }}', '0s|21d|1mo'],
  ['{{ date "2006" 1.5 }}|{{ date "2006" "1560458379" }}|{{ date "2006" nil }}', '2024|2024|2024'],
  ['{{ date "2006-01-02 15:04:05 MST" 1560458379 }}|{{ htmlDate (int64 0) }}', '2019-06-13 20:39:39 UTC|1970-01-01'],
  ['{{ dateInZone "2006-01-02 15:04 MST" (int64 1560458379) "Europe/Berlin" }}', '2019-06-13 22:39 CEST'],
  ['{{ dateInZone "15:04 MST -0700" (int64 1560458379) "Asia/Kolkata" }}', '02:09 IST +0530'],
  ['{{ dateInZone "15:04 MST" (int64 1560458379) "Asia/Dubai" }}|{{ dateInZone "15:04 MST" (int64 1560458379) "Nope/Zone" }}', '00:39 +04|20:39 UTC'],
  ['{{ dateInZone "MST" (int64 1560458379) "europe/berlin" }}', 'UTC'],
  ['{{ duration "61" }}|{{ duration 61 }}|{{ duration (int64 3600) }}|{{ duration "x" }}', '1m1s|0s|1h0m0s|0s'],
  ['{{ durationRound "2h10m" }}|{{ durationRound "-49h" }}|{{ durationRound (int64 61000000000) }}|{{ durationRound "400d" }}', '2h|2d|1m|0s'],
  ['{{ toDate "2006-01-02" "2019-06-13" }}|{{ toDate "2006-01-02" "bad" }}', '2019-06-13 00:00:00 +0000 UTC|0001-01-01 00:00:00 +0000 UTC'],
  ['{{ toDate "2006-01-02 -0700" "2019-06-13 +0200" }}', '2019-06-13 00:00:00 +0200 +0200'],
  ['{{ (toDate "2006-01-02" "2019-06-13").AddDate 0 1 -13 | htmlDate }}', '2019-06-30'],
  ['{{ ((toDate "2006" "2020").Sub (toDate "2006" "2019")).Hours }}', '8760'],
  ['{{ mustToDate "2006-01-02" "2019-06-13" | date "Jan _2" }}', 'Jun 13'],
]
for (const [src, want] of rows) {
  test(`dates: ${src}`, () => {
    if (typeof want === 'string') assert.equal(render(src), want)
    else assert.throws(() => render(src), want)
  })
}

test('dates: Local is UTC whatever the host TZ says', () => {
  const saved = process.env.TZ
  process.env.TZ = 'America/New_York'
  try {
    assert.equal(render('{{ date "15:04 MST" 1560458379 }}|{{ toDate "15:04" "10:00" | date "15:04 -0700" }}'), '20:39 UTC|10:00 +0000')
  } finally {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  }
})

// --- errors: Go's failures, without the template's values ---

const SECRET = 's3cr3t-2019'
const errors: [string, RegExp][] = [
  [`{{ mustToDate "2006-01-02" "${SECRET}" }}`, /error calling mustToDate: parsing time as "2006-01-02": cannot parse the value as "2006"/],
  [`{{ mustToDate "2006-01-02" "2019-13-01${SECRET}" }}`, /month out of range/],
  [`{{ mustToDate "2006" "2019${SECRET}" }}`, /extra text/],
  [`{{ mustDateModify "${SECRET}" now }}`, /error calling mustDateModify: time: invalid duration$/],
  [`{{ must_date_modify "5${SECRET}" now }}`, /time: unknown unit in duration$/],
  [`{{ mustDateModify "5" now }}`, /time: missing unit in duration$/],
  [`{{ dateModify "1h" "${SECRET}" }}`, /error calling dateModify: wrong type for value; expected time.Time; got string/],
  [`{{ unixEpoch "${SECRET}" }}`, /expected time.Time; got string/],
  [`{{ now.Add "${SECRET}" }}`, /error calling Add: wrong type for value; expected time.Duration; got string/],
  [`{{ now.Before "${SECRET}" }}`, /expected time.Time/],
  ['{{ now.In nil }}', /time: missing Location in call to Time.In/],
]
for (const [src, want] of errors) {
  test(`dates: error ${src}`, () => {
    assert.throws(
      () => render(src),
      (e: Error) => {
        assert.match(e.message, want)
        assert.ok(!e.message.slice(e.message.indexOf('error calling')).includes('s3cr3t'), `message shows the value: ${e.message}`)
        return true
      },
    )
  })
}

// --- differential: the same output as Go, or a failure where Go fails ---

function differential(name: string, cases: OracleCase[]) {
  test(`dates: agrees with Go on ${name} (${cases.length} cases)`, () => {
    const diffs = differencesFromGo(cases, { now: () => NOW }, { TZ: 'UTC' })
    assert.deepEqual(diffs, [], diffs.slice(0, 10).join('\n'))
  })
}
const sprig = (template: string, data?: unknown): OracleCase => ({ template, data, funcs: 'sprig' })

const TIMES = [
  '2019-06-13T20:39:39Z',
  '2019-06-13T08:09:05.123456789Z',
  '2000-02-29T00:00:00.5+02:00',
  '1969-12-31T23:59:59.999Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '2021-01-03T12:00:00-05:30',
  '2024-12-31T11:59:59.1Z',
  '1900-03-01T00:00:00Z',
  '2024-07-04T00:00:00.000000001Z',
]
const LAYOUTS = [
  '2006-01-02',
  'Mon Jan _2 15:04:05 MST 2006',
  'Monday, 02-Jan-06 15:04:05 MST',
  "01/02 03:04:05PM '06 -0700",
  '3:04pm',
  '15:04:05.000',
  '15:04:05,999',
  '.9 .99 .000000 ,000000000 .0000000000',
  'Z07:00 Z0700 Z07 Z070000 Z07:00:00 -07 -070000 -07:00:00',
  '__2 002 _2 2 1 January Jan 06 _2006',
  'Month Monday Mon Janu',
  '2006-01-02T15:04:05.999999999Z07:00',
  '',
  'no elements here',
  'é2006ü',
  'PM pm 03 3 15',
  '.09 ,9x .0 9.5',
]
differential(
  'layout formatting',
  TIMES.flatMap((t) => LAYOUTS.map((l) => sprig(`{{ dateInZone ${JSON.stringify(l)} ${T(t)} "UTC" }}|{{ ${T(t)}.Format ${JSON.stringify(l)} }}`))).concat([
    sprig(`{{ dateInZone (print (slice "é" 0 1) "2006") ${T('2019-06-13T20:39:39Z')} "UTC" }}`),
  ]),
)

const PARSE: [string, string][] = [
  ['2006-01-02', '2019-06-13'],
  ['2006-01-02', '2019-6-13'],
  ['2006-1-2', '2019-6-3'],
  ['2006-01-02', '2019-02-29'],
  ['2006-01-02', '2020-02-29'],
  ['2006-01-02', '2019-13-01'],
  ['2006-01-02', '2019-00-10'],
  ['2006-01-02', '2019-06-31'],
  ['2006-01-02', '2019-06-13 '],
  ['2006-01-02', ''],
  ['2006-01-02', '19-06-13'],
  ['2006-01-02', 'x019-06-13'],
  ['06-01-02', '69-01-02'],
  ['06-01-02', '68-01-02'],
  ['06', '1x'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39Z'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39+02:00'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39+00:00'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39-00:30'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39+0200'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39.123456789Z'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39,5Z'],
  ['2006-01-02T15:04:05Z07:00', '2019-06-13T20:39:39.1234567891234Z'],
  ['2006-01-02T15:04:05.000Z07:00', '2019-06-13T20:39:39.123Z'],
  ['2006-01-02T15:04:05.000Z07:00', '2019-06-13T20:39:39.12Z'],
  ['2006-01-02T15:04:05.999Z07:00', '2019-06-13T20:39:39Z'],
  ['2006-01-02T15:04:05.999Z07:00', '2019-06-13T20:39:39.1234Z'],
  ['15:04:05', '24:00:00'],
  ['15:04:05', '23:60:00'],
  ['15:04:05', '23:59:60'],
  ['3:04PM', '12:30AM'],
  ['3:04PM', '12:30PM'],
  ['3:04PM', '1:30pm'],
  ['3:04pm', '1:30pm'],
  ['3:04PM', '13:30PM'],
  ['03:04PM', '1:30PM'],
  ['Jan 2, 2006', 'feb 3, 2013'],
  ['January 2, 2006', 'FEBRUARY 3, 2013'],
  ['January 2, 2006', 'Febr 3, 2013'],
  ['Mon Jan 2 2006', 'Sun Feb 3 2013'],
  ['Monday Jan 2 2006', 'Xyz Feb 3 2013'],
  ['Mon Jan _2 15:04:05 2006', 'Sun Feb  3 10:00:00 2013'],
  ['2006 002', '2020 060'],
  ['2006 002', '2020 366'],
  ['2006 002', '2019 366'],
  ['2006 __2', '2019  45'],
  ['2006-01 002', '2020-03 061'],
  ['2006-01 002', '2020-02 061'],
  ['2006-01-02 002', '2020-03-02 061'],
  ['2006 002', '2019 000'],
  ['2006-01-02 MST', '2019-06-13 UTC'],
  ['2006-01-02 MST', '2019-06-13 CEST'],
  ['2006-01-02 15:04 MST', '2019-06-13 10:00 GMT+3'],
  ['2006-01-02 MST', '2019-06-13 GMT-24'],
  ['2006-01-02 MST', '2019-06-13 +03'],
  ['2006-01-02 MST', '2019-06-13 ChST'],
  ['2006-01-02 MST', '2019-06-13 ABCDE'],
  ['2006-01-02 MST', '2019-06-13 ABCDT'],
  ['2006-01-02 MST', '2019-06-13 WITA'],
  ['2006-01-02 MST', '2019-06-13 AB'],
  ['2006-01-02 MST', '2019-06-13 ABCDEF'],
  ['2006-01-02 -0700', '2019-06-13 +0000'],
  ['2006-01-02 -0700', '2019-06-13 -0000'],
  ['2006-01-02 -0700', '2019-06-13 Z'],
  ['2006-01-02 Z0700', '2019-06-13 Z'],
  ['2006-01-02 Z07', '2019-06-13 +05'],
  ['2006-01-02 -07:00:00', '2019-06-13 +05:30:15'],
  ['2006-01-02 -070000', '2019-06-13 +053015'],
  ['2006-01-02 Z070000', '2019-06-13 Z'],
  ['2006-01-02 -0700 MST', '2019-06-13 +0000 UTC'],
  ['2006-01-02 -0700 MST', '2019-06-13 +0100 CET'],
  ['2006-01-02 -0700', '2019-06-13 *0100'],
  ['2006-01-02 -07:00', '2019-06-13 +01-00'],
  ['15:04:05', '10:00:00.5'],
  ['05', '.5'],
  ['05', '1.5'],
  ['2006  01', '2006 01'],
  ['2006 01', '2006   01'],
  ['2006 01', '200601'],
  ['2006-01-02', '-019-06-13'],
  ['_2', ' 5'],
  ['_2', '5'],
  ['02', '5'],
  ['', ''],
  ['', 'x'],
  ['Z07:00', 'Z'],
  ['.000', '.123'],
  ['.000', ',123'],
  ['.000', '.-12'],
  ['15:04:05.9', '10:00:00.'],
  ['2006-01-02T15:04:05', '0000-01-01T00:00:00'],
  ['2006', '9999'],
  ['2006-01-02 15:04:05.999999999 -0700 MST', '2019-06-13 20:39:39.123 +0000 UTC'],
  ['Jan _2 15:04:05.000000', 'Jun 13 20:39:39.000001'],
  ['02 Jan 06 15:04 MST', '13 Jun 19 20:39 EST'],
  ['2006-01-02', '２０１９-06-13'],
]
differential(
  'parsing (toDate, mustToDate)',
  PARSE.flatMap(([l, v]) => {
    const call = `toDate ${JSON.stringify(l)} ${JSON.stringify(v)}`
    return [sprig(`{{ ${call} }}|{{ (${call}).Unix }}|{{ (${call}).Format "Z07:00:00 MST" }}`), sprig(`{{ must${call[0].toUpperCase()}${call.slice(1)} | toJson }}`)]
  }),
)

const DURATIONS = [
  '1h30m',
  '-2.5h',
  '300ms',
  '1µs',
  '1μs',
  '1us',
  '1ns',
  '0',
  '+0',
  '-0',
  '',
  '-',
  '+',
  '.',
  '.s',
  '1',
  '1x',
  '1h1',
  '1.h',
  '.5h',
  '1.5.5h',
  '9223372036854775807ns',
  '9223372036854775808ns',
  '-9223372036854775808ns',
  '-9223372036854775809ns',
  '2562047h47m16.854775807s',
  '2562048h',
  '1.0000000000000000000001h',
  '0.1ns',
  '3m0.5s',
  '1h-1m',
  ' 1h',
  '1H',
  '100000000000000000000h',
  '0.333333333333h',
  '1e3s',
  '5m2s3ms4us5ns',
  '15.5d',
]
const SECONDS = ['61', '0', '-61', '3600', '3601', '86400', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '9223372036', '9223372037', '+5', ' 5', '0x10', 'x', '']
differential('durations (dateModify, duration, durationRound)', [
  ...DURATIONS.flatMap((d) => [
    sprig(`{{ dateModify ${JSON.stringify(d)} ${T('2019-06-13T20:39:39.5Z')} }}|{{ date_modify ${JSON.stringify(d)} ${T('2019-06-13T20:39:39.5Z')} | unixEpoch }}`),
    sprig(`{{ mustDateModify ${JSON.stringify(d)} ${T('2019-06-13T20:39:39.5Z')} }}`),
    sprig(`{{ durationRound ${JSON.stringify(d)} }}`),
  ]),
  ...SECONDS.map((s) => sprig(`{{ duration ${JSON.stringify(s)} }}|{{ duration (int64 ${JSON.stringify(s)}) }}`)),
  ...[
    '61',
    '1.5',
    'true',
    'nil',
    '(int64 0)',
    '(int64 -1)',
    '(int64 999999999)',
    '(int64 1000000001)',
    '(int64 3600000000001)',
    '(int64 -86400000000001)',
    '(int64 31536000000000001)',
    '(int64 2592000000000001)',
  ].map((v) => sprig(`{{ duration ${v} }}|{{ durationRound ${v} }}`)),
  sprig('{{ duration .a }}|{{ durationRound .a }}|{{ duration .b }}|{{ durationRound .b }}', { a: 61, b: '2h' }),
])

const METHOD_TIMES = ['2019-06-13T20:39:39.123456789Z', '2000-02-29T23:59:59.999999999+05:30', '1969-12-31T23:59:59.5Z', '0001-01-01T00:00:00Z', '2024-01-01T00:00:00-08:00', '0000-03-01T12:00:00Z']
const METHODS = [
  '',
  '.String',
  '.Unix',
  '.UnixMilli',
  '.UnixMicro',
  '.UnixNano',
  '.Year',
  '.Month',
  '.Day',
  '.Hour',
  '.Minute',
  '.Second',
  '.Nanosecond',
  '.YearDay',
  '.Weekday',
  '.IsZero',
  '.UTC',
  '.Local',
  '.Location',
  '.Month.String',
  '.Weekday.String',
  '.Add 3600000000000',
  '.Add -1',
  '.Add 1000000000000000000',
  '.AddDate 1 2 3',
  '.AddDate 0 -13 0',
  '.AddDate 0 1 0',
  '.AddDate 0 0 -400',
  '.AddDate -1 0 0',
  '.Truncate 3600000000000',
  '.Round 3600000000000',
  '.Truncate 7000000000',
  '.Round 7000000000',
  '.Round 86400000000000',
  '.Truncate 0',
  '.Round -5',
  '.Round 1000',
  '.Truncate 999999937',
  '.Format "Mon Jan 2 15:04:05 MST 2006"',
]
const other = T('2019-01-01T00:00:00+03:00')
differential('time.Time methods and printing', [
  ...METHOD_TIMES.flatMap((t) => METHODS.map((m) => sprig(`{{ ${m ? `(${T(t)})${m}` : T(t)} }}`))),
  ...METHOD_TIMES.map((t) =>
    sprig(
      `{{ ${T(t)} | toJson }}|{{ ${T(t)} | toPrettyJson }}|{{ list ${T(t)} | toJson }}|{{ printf "%v|%s|%q" ${T(t)} ${T(t)} ${T(t)} }}|{{ ${T(t)} | typeOf }}|{{ ${T(t)} | kindOf }}|{{ print ${T(t)} }}|{{ list ${T(t)} }}|{{ dict "a" ${T(t)} }}|{{ ${T(t)} | toString }}|{{ (${T(t)}).In (${other}).Location }}`,
    ),
  ),
  ...METHOD_TIMES.flatMap((a) =>
    METHOD_TIMES.slice(0, 3).map((b) => {
      const sub = `((${T(a)}).Sub ${T(b)})`
      return sprig(
        `{{ eq ${T(a)} ${T(b)} }} {{ deepEqual ${T(a)} ${T(b)} }} {{ printf "%d %#v %x" (${T(a)}).Month (${T(a)}).Weekday ${sub} }} {{ eq (${T(a)}).Month 12 }} {{ lt (${T(a)}).Weekday 3 }} {{ (${T(a)}).Before ${T(b)} }} {{ (${T(a)}).After ${T(b)} }} {{ (${T(a)}).Equal ${T(b)} }} {{ ${sub} }} {{ ${sub}.Hours }} {{ ${sub}.Milliseconds }} {{ ${sub}.Round 3600000000000 }} {{ ${sub}.Truncate 60000000000 }} {{ ${sub}.Abs }} {{ ${sub}.Seconds }} {{ (${T(a)}).Add ${sub} }} {{ ${sub} | toJson }}`,
      )
    }),
  ),
])

differential('date, dateInZone, htmlDate, now and ago', [
  ...['1560458379', '(int64 1560458379)', '(int64 -1)', '0', '-62135596800', '(int64 253402300800)', `(${T('2019-06-13T20:39:39+02:00')})`].map((v) =>
    sprig(
      `{{ date "2006-01-02 15:04:05 MST" ${v} }}|{{ htmlDate ${v} }}|{{ htmlDateInZone ${v} "Asia/Kolkata" }}|{{ dateInZone "Jan 2 15:04 MST" ${v} "America/New_York" }}|{{ date_in_zone "15:04 MST" ${v} "" }}|{{ dateInZone "15:04 MST" ${v} "Local" }}`,
    ),
  ),
  sprig('{{ date "2006" .f | len }}|{{ date "2006" .s | len }}|{{ date "2006" nil | len }}', { f: 1560458379, s: '1560458379' }),
  sprig(
    '{{ now | date "2006" | len }}|{{ ago now }}|{{ durationRound now }}|{{ now | typeOf }}|{{ (now.Sub now).Round 1000000000 }}|{{ now.Location }}|{{ now | date "MST" }}|{{ now.IsZero }}|{{ ago "x" }}|{{ ago nil }}|{{ ago (now.Add 1000) }}|{{ len (toString now) | lt 30 }}',
  ),
  ...[
    '{{ dateModify "1h" "x" }}',
    '{{ unixEpoch 5 }}',
    '{{ unixEpoch nil }}',
    '{{ unixEpoch .missing }}',
    '{{ (toDate "2006" "2001").Add "x" }}',
    '{{ (toDate "2006" "2001").Add 1.5 }}',
    '{{ (toDate "2006" "2001").Before 5 }}',
    '{{ (toDate "2006" "2001").AddDate 1 }}',
    '{{ (toDate "2006" "2001").In nil }}',
    '{{ (toDate "2006" "2001").Format 5 }}',
    '{{ mustToDate "2006" "x" }}',
    '{{ toDate "2006" 2006 }}',
    '{{ dateInZone "2006" (toDate "2006" "2001") 5 }}',
    '{{ (toDate "2006" "10000") | toJson }}|{{ (toDate "2006" "2001").AddDate -2002 0 0 | toJson }}',
    '{{ toDate "2006" "2001" | unixEpoch }}',
    // Offsets under a minute west: Go takes the sign from the minutes ("+00:00:-30").
    '{{ (toDate "-07:00:00" "-00:00:30").Format "MST Z07:00:00 -0700 -07:00:00 Z07:00:00 Z070000 -07 Z07" }}|{{ (toDate "-07:00:00" "-01:00:30").Format "MST Z070000" }}|{{ toDate "-07:00:00" "-00:00:30" }}',
  ].map((t) => sprig(t)),
  ...['(toDate "2006" "2001")', '(toDate "2006 -0700" "2001 +0130")', '(toDate "2006 MST" "2001 CET")', '(toDate "2006" "10000")', '(toDate "2006" "2001").UTC'].map((t) =>
    sprig(`{{ ${t}.GoString }}|{{ ${t}.IsDST }}|{{ ${t}.MarshalText }}|{{ ${t}.MarshalJSON }}`),
  ),
  ...[
    '{{ empty (toDate "2006" "x") }}|{{ empty (toDate "2006" "2001") }}|{{ default "d" (toDate "2006" "x") }}|{{ if toDate "2006" "x" }}y{{ end }}',
    '{{ cat now now | len }}|{{ quote (toDate "2006" "2001") }}|{{ upper (toDate "2006" "2001") }}',
    '{{ len now }}',
    '{{ now.Zone }}',
    '{{ now.Clock }}',
  ].map((t) => sprig(t)),
])

// Zone abbreviations and offsets from 1970 on (tzdata's letters, or "+03" where it has none).
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Anchorage',
  'America/Halifax',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'America/Bogota',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Lisbon',
  'Europe/Moscow',
  'Europe/Istanbul',
  'Europe/Kiev',
  'Europe/Kyiv',
  'Africa/Cairo',
  'Africa/Johannesburg',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Asia/Kolkata',
  'Asia/Calcutta',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Singapore',
  'Asia/Dubai',
  'Asia/Tehran',
  'Asia/Kathmandu',
  'Asia/Jerusalem',
  'Asia/Karachi',
  'Asia/Manila',
  'Asia/Jakarta',
  'Australia/Sydney',
  'Australia/Adelaide',
  'Australia/Perth',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Pacific/Honolulu',
  'Pacific/Guam',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'UTC',
  'Etc/UTC',
  'Etc/GMT+3',
  'Etc/GMT-14',
  'GMT',
  'Zulu',
  'US/Eastern',
  'EST5EDT',
  'CET',
  'MET',
  'Japan',
  'posixrules',
  'posix/Europe/Berlin',
  'Factory',
  'Local',
  '',
  'europe/berlin',
  'Nope/Zone',
  '../etc/passwd',
  '/etc/localtime',
  'zone.tab',
]
const INSTANTS = [0, 157766400, 946684800, 962409600, 1301180400, 1673740800, 1689379200, 1711846800]
differential(
  'zones',
  ZONES.map((z) => sprig(INSTANTS.map((i) => `{{ dateInZone "2006-01-02 15:04:05 MST -07:00:00" (int64 ${i}) ${JSON.stringify(z)} }}`).join('|'))),
)
