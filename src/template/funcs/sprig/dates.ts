// Sprig v3's date functions (date.go and the genericMap entries in functions.go: now, ago, date,
// dateInZone, dateModify, duration, durationRound, htmlDate, toDate, unixEpoch and their aliases
// and must variants), and the time.Time, time.Duration, time.Month and time.Weekday values they
// hand to templates, with the methods templates call on them. The Go time package itself is
// ../../go/time/. The clock is the render's ctx.now(); Local is UTC (see go/time/zone.ts).
//
// Differences from Go, all deliberate or unavoidable:
// - time.Now() carries a monotonic clock reading that Time.String prints as " m=+<seconds since
//   the process started>". A render has no process uptime worth showing, and it must repeat, so
//   now's reading is always 0 (" m=+0.000000000"); Add moves it as Go does. Comparisons and Sub use
//   the wall clock only.
// - Error messages leave out the template's values (they are secrets): Go's "parsing time "x" as
//   ..." and "time: invalid duration "x"" lose the quoted input.
// - Method arguments of Go type time.Duration accept a Duration or any int (Go: int constants and
//   Durations only); time.Month and time.Weekday print as Go's names but are not integers to %d,
//   eq or lt (the value model has no named integer types). eq and deepEqual on two times, %#v
//   (GoString) and %d of a time are not Go's either: fmt and the comparisons know no GoObject
//   identity or GoStringer.
// - Zones: offsets come from Node's ICU, abbreviations from tzdata 2025b (see go/time/zone.ts). Where
//   ICU's tzdata and the Go host's differ, so do the results: before 1970 in zones Debian builds
//   from tzdata's backzone (LMT and early history), future rules changed since (British Columbia,
//   Morocco after 2037), and zones tzdata 2024b turned into links (WET, EST, MST, HST...).

import { FuncError, type FuncDef } from '../registry.ts'
import { bytesOf, fromBytes, GoFunc, GoObject, GoTypedInt, GoUint8, isGoString, typeName, type GoMethod, type GoString, type GoValue } from '../../value.ts'
import { byteStringBytes, toByteString } from '../../../go/byte-string.ts'
import { addDate, addDuration, fields, roundTime, subTimes, Time, truncateTime, unixNanos, unixTime, ZERO_TIME } from '../../../go/time/time.ts'
import { loadLocation, LOCAL, type Location, UTC } from '../../../go/time/zone.ts'
import { formatBytes, LONG_DAY_NAMES, LONG_MONTH_NAMES, timeString } from '../../../go/time/layout.ts'
import { ParseError, parseInLocation, quote } from '../../../go/time/parse.ts'
import { DurationError, durationString, MAX_DURATION, MIN_DURATION, NANOS_PER_SECOND, parseDurationBytes, roundDuration, truncateDuration } from '../../../go/time/duration.ts'

const bytes = (s: GoString): string => toByteString(bytesOf(s))
const goString = (byteString: string): GoString => fromBytes(byteStringBytes(byteString))
const int64 = (n: bigint) => new GoTypedInt('int64', n)

// ---------------------------------------------------------------------------------------------
// Go values for times, durations, months and weekdays

const times = new WeakMap<GoObject, Time>()
const durations = new WeakMap<GoObject, bigint>()
const locations = new WeakMap<GoObject, Location>()

/** The time.Time a value holds, if it is one. */
export function timeOf(v: GoValue): Time | undefined {
  return v instanceof GoObject ? times.get(v) : undefined
}

function needTime(v: GoValue): Time {
  const t = timeOf(v)
  if (!t) throw new FuncError(`wrong type for value; expected time.Time; got ${typeName(v)}`)
  return t
}

/** A time.Duration argument: a Duration, or an int (Go takes int constants). */
function needDuration(v: GoValue): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v)
  const d = v instanceof GoObject ? durations.get(v) : undefined
  if (d === undefined) throw new FuncError(`wrong type for value; expected time.Duration; got ${typeName(v)}`)
  return d
}

const method = (params: GoMethod['params'], fn: GoMethod['fn']): GoMethod => ({ params, fn })

/** A named Go integer type that prints as a name (time.Month, time.Weekday). */
function namedInt(type: string, n: number, name: string): GoObject {
  return new GoObject({ type, kind: 'int', underlying: BigInt(n), methods: { String: method([], () => name) }, text: () => name, json: () => BigInt(n) })
}

export function durationValue(d: bigint): GoObject {
  const whole = (unit: bigint) => Number(d / unit) + Number(d % unit) / Number(unit)
  const obj = new GoObject({
    type: 'time.Duration',
    kind: 'int64',
    underlying: int64(d),
    methods: {
      String: method([], () => durationString(d)),
      Hours: method([], () => whole(3600n * NANOS_PER_SECOND)),
      Minutes: method([], () => whole(60n * NANOS_PER_SECOND)),
      Seconds: method([], () => whole(NANOS_PER_SECOND)),
      Milliseconds: method([], () => int64(d / 1_000_000n)),
      Microseconds: method([], () => int64(d / 1000n)),
      Nanoseconds: method([], () => int64(d)),
      Round: method(['any'], (m) => durationValue(roundDuration(d, needDuration(m)))),
      Truncate: method(['any'], (m) => durationValue(truncateDuration(d, needDuration(m)))),
      Abs: method([], () => durationValue(d >= 0n ? d : d === MIN_DURATION ? MAX_DURATION : -d)),
    },
    text: () => durationString(d),
    // encoding/json sees an int64.
    json: () => int64(d),
  })
  durations.set(obj, d)
  return obj
}

function locationValue(loc: Location): GoObject {
  const obj = new GoObject({ type: '*time.Location', kind: 'ptr', methods: { String: method([], () => loc.name) }, text: () => loc.name })
  locations.set(obj, loc)
  return obj
}

// encoding/json cannot encode a func: what a failing MarshalJSON comes to in toJson here.
const unencodable = new GoFunc('MarshalJSON', () => null)

/** Time.MarshalJSON (quoted) and MarshalText: RFC 3339 with nanoseconds, years 0..9999 only. */
function marshalText(t: Time, method: 'MarshalJSON' | 'MarshalText'): GoString {
  const year = fields(t).year
  if (year < 0n || year >= 10000n) throw new FuncError(`Time.${method}: year outside of range [0,9999]`)
  const text = formatBytes(t, '2006-01-02T15:04:05.999999999Z07:00')
  return goString(method === 'MarshalJSON' ? `"${text}"` : text)
}

/** Time.GoString: "time.Date(2001, time.January, 1, 0, 0, 0, 0, time.Local)". */
function goStringOf(t: Time): string {
  const f = fields(t)
  const loc = t.loc === UTC ? 'time.UTC' : t.loc === LOCAL ? 'time.Local' : `time.Location(${quote(toByteString(t.loc.name))})`
  return `time.Date(${f.year}, time.${LONG_MONTH_NAMES[f.month - 1]}, ${f.day}, ${f.hour}, ${f.min}, ${f.sec}, ${t.nsec}, ${loc})`
}

/** reflect.DeepEqual of two *time.Location: the same name and zone (at the instant compared). */
function sameLocation(a: Location, b: Location, at: bigint): boolean {
  const za = a.lookup(at)
  const zb = b.lookup(at)
  return a.name === b.name && za.abbr === zb.abbr && za.offset === zb.offset
}

/** A time.Time value for templates. */
export function timeValue(t: Time): GoObject {
  const f = () => fields(t)
  const obj = new GoObject({
    type: 'time.Time',
    kind: 'struct',
    methods: {
      String: method([], () => timeString(t)),
      Format: method(['string'], (layout) => goString(formatBytes(t, bytes(layout as GoString)))),
      Unix: method([], () => int64(t.sec)),
      UnixMilli: method([], () => int64(t.sec * 1000n + BigInt(Math.floor(t.nsec / 1e6)))),
      UnixMicro: method([], () => int64(t.sec * 1_000_000n + BigInt(Math.floor(t.nsec / 1e3)))),
      UnixNano: method([], () => int64(BigInt.asIntN(64, unixNanos(t)))),
      UTC: method([], () => timeValue(new Time(t.sec, t.nsec, UTC))),
      Local: method([], () => timeValue(new Time(t.sec, t.nsec, LOCAL))),
      In: method(['any'], (l) => {
        const loc = l instanceof GoObject ? locations.get(l) : undefined
        if (!loc) throw new FuncError(l === null ? 'time: missing Location in call to Time.In' : `wrong type for value; expected *time.Location; got ${typeName(l)}`)
        return timeValue(new Time(t.sec, t.nsec, loc))
      }),
      Location: method([], () => locationValue(t.loc)),
      Add: method(['any'], (d) => timeValue(addDuration(t, needDuration(d)))),
      AddDate: method(['int', 'int', 'int'], (y, m, d) => timeValue(addDate(t, y as bigint, m as bigint, d as bigint))),
      Sub: method(['any'], (u) => durationValue(subTimes(t, needTime(u)))),
      Truncate: method(['any'], (d) => timeValue(truncateTime(t, needDuration(d)))),
      Round: method(['any'], (d) => timeValue(roundTime(t, needDuration(d)))),
      Year: method([], () => f().year),
      Month: method([], () => {
        const m = f().month
        return namedInt('time.Month', m, LONG_MONTH_NAMES[m - 1])
      }),
      Day: method([], () => BigInt(f().day)),
      Hour: method([], () => BigInt(f().hour)),
      Minute: method([], () => BigInt(f().min)),
      Second: method([], () => BigInt(f().sec)),
      Nanosecond: method([], () => BigInt(t.nsec)),
      YearDay: method([], () => BigInt(f().yday)),
      Weekday: method([], () => {
        const w = f().weekday
        return namedInt('time.Weekday', w, LONG_DAY_NAMES[w])
      }),
      IsZero: method([], () => t.sec === ZERO_TIME.sec && t.nsec === 0),
      // Templates only ever hold times in UTC, Local (UTC) or fixed zones: never daylight time.
      IsDST: method([], () => false),
      GoString: method([], () => goStringOf(t)),
      // ([]byte, error): the bytes print as a list of numbers, as Go prints a []byte.
      MarshalJSON: method([], () => [...bytesOf(marshalText(t, 'MarshalJSON'))].map((b) => new GoUint8(b))),
      MarshalText: method([], () => [...bytesOf(marshalText(t, 'MarshalText'))].map((b) => new GoUint8(b))),
      Before: method(['any'], (u) => unixNanos(t) < unixNanos(needTime(u))),
      After: method(['any'], (u) => unixNanos(t) > unixNanos(needTime(u))),
      Equal: method(['any'], (u) => unixNanos(t) === unixNanos(needTime(u))),
    },
    text: () => timeString(t),
    goString: () => goStringOf(t),
    // Go's == on Time: the same instant, location and monotonic reading (Equal ignores the latter two).
    equals: (other) => {
      const u = times.get(other)
      return u !== undefined && u.sec === t.sec && u.nsec === t.nsec && u.loc === t.loc && u.mono === t.mono
    },
    // reflect.DeepEqual follows the *Location pointer: two fixed zones of one name and offset are equal.
    deepEquals: (other) => {
      const u = times.get(other)
      return u !== undefined && u.sec === t.sec && u.nsec === t.nsec && u.mono === t.mono && (u.loc === t.loc || sameLocation(u.loc, t.loc, t.sec))
    },
    // Time.MarshalJSON: RFC 3339 with nanoseconds; years outside 0..9999 are an error.
    json: () => {
      const year = f().year
      if (year < 0n || year >= 10000n) return unencodable
      return goString(formatBytes(t, '2006-01-02T15:04:05.999999999Z07:00'))
    },
  })
  times.set(obj, t)
  return obj
}

// ---------------------------------------------------------------------------------------------
// Sprig's functions

/** time.Now(): the render's clock, in Local, with a monotonic reading of 0 (see the header). */
function now(ctx: { now: () => Date }): Time {
  const ms = BigInt(ctx.now().getTime())
  const t = unixTime(0n, ms * 1_000_000n)
  return new Time(t.sec, t.nsec, LOCAL, 0n)
}

/** time.Since(t): the clock minus t, saturating. */
const since = (ctx: { now: () => Date }, t: Time) => subTimes(now(ctx), t)

/** formatDate's argument: time.Time, *time.Time or Unix seconds as int, int64 or int32; anything else is now. */
function dateArgument(ctx: { now: () => Date }, v: GoValue): Time {
  const t = timeOf(v)
  if (t) return t
  if (typeof v === 'bigint') return unixTime(BigInt.asIntN(64, v))
  if (v instanceof GoTypedInt && (v.type === 'int64' || v.type === 'int32')) return unixTime(v.value)
  return now(ctx)
}

/** dateInZone: an unknown zone is UTC, as Sprig's fallback to time.LoadLocation("UTC"). */
function dateInZone(ctx: { now: () => Date }, layout: GoValue, date: GoValue, zone: GoValue): GoString {
  const t = dateArgument(ctx, date)
  const loc = loadLocation(new TextDecoder().decode(bytesOf(zone as GoString))) ?? UTC
  return goString(formatBytes(new Time(t.sec, t.nsec, loc), bytes(layout as GoString)))
}

function parseDurationArg(s: GoValue): bigint {
  return parseDurationBytes(bytes(s as GoString))
}

function dateModify(s: GoValue, date: GoValue, must: boolean): GoValue {
  const t = needTime(date)
  let d: bigint
  try {
    d = parseDurationArg(s)
  } catch (e) {
    if (!(e instanceof DurationError)) throw e
    if (must) throw new FuncError(e.message)
    return date
  }
  return timeValue(addDuration(t, d))
}

function toDate(layout: GoValue, value: GoValue): Time {
  const l = bytes(layout as GoString)
  try {
    return parseInLocation(l, bytes(value as GoString), LOCAL)
  } catch (e) {
    if (e instanceof ParseError) throw new FuncError(`parsing time as ${quote(l)}: ${e.message}`)
    throw e
  }
}

/** strconv.ParseInt(s, 10, 64): out of range gives the nearest bound (with an error Sprig ignores), junk gives 0. */
function parseInt64Base10(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) return 0n
  const n = BigInt(s)
  return n > MAX_DURATION ? MAX_DURATION : n < MIN_DURATION ? MIN_DURATION : n
}

function durationRound(ctx: { now: () => Date }, v: GoValue): string {
  let d = 0n
  const t = timeOf(v)
  if (t) d = since(ctx, t)
  else if (isGoString(v)) {
    try {
      d = parseDurationArg(v)
    } catch (e) {
      if (!(e instanceof DurationError)) throw e
    }
  } else if (v instanceof GoTypedInt && v.type === 'int64') d = v.value
  const u = d < 0n ? -d : d
  const hour = 3600n * NANOS_PER_SECOND
  const units: [bigint, string][] = [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60n * NANOS_PER_SECOND, 'm'],
    [NANOS_PER_SECOND, 's'],
  ]
  for (const [size, suffix] of units) if (u > size) return (u / size).toString() + suffix
  return '0s'
}

const S = 'string' as const
const A = 'any' as const

const dateInZoneDef = (name: string): FuncDef => ({ name, params: [S, A, S], fn: (ctx, layout, date, zone) => dateInZone(ctx, layout, date, zone) })
const dateModifyDef = (name: string, must: boolean): FuncDef => ({ name, params: [S, A], fn: (_ctx, s, date) => dateModify(s, date, must) })

export const DATES: FuncDef[] = [
  { name: 'now', params: [], fn: (ctx) => timeValue(now(ctx)) },
  {
    name: 'ago',
    params: [A],
    fn: (ctx, v) => {
      // dateAgo takes time.Time, int64 and int (not int32, not *time.Time); anything else is now.
      let t = timeOf(v)
      if (!t && typeof v === 'bigint') t = unixTime(BigInt.asIntN(64, v))
      if (!t && v instanceof GoTypedInt && v.type === 'int64') t = unixTime(v.value)
      return durationString(roundDuration(since(ctx, t ?? now(ctx)), NANOS_PER_SECOND))
    },
  },
  { name: 'date', params: [S, A], fn: (ctx, layout, date) => dateInZone(ctx, layout, date, 'Local') },
  dateInZoneDef('dateInZone'),
  dateInZoneDef('date_in_zone'),
  { name: 'htmlDate', params: [A], fn: (ctx, date) => dateInZone(ctx, '2006-01-02', date, 'Local') },
  { name: 'htmlDateInZone', params: [A, S], fn: (ctx, date, zone) => dateInZone(ctx, '2006-01-02', date, zone) },
  dateModifyDef('dateModify', false),
  dateModifyDef('date_modify', false),
  dateModifyDef('mustDateModify', true),
  dateModifyDef('must_date_modify', true),
  {
    name: 'duration',
    params: [A],
    fn: (_ctx, v) => {
      // Only a string (strconv.ParseInt) or an int64 counts; an int is 0 seconds, as in Sprig.
      let n = 0n
      if (isGoString(v)) n = parseInt64Base10(new TextDecoder().decode(bytesOf(v)))
      else if (v instanceof GoTypedInt && v.type === 'int64') n = v.value
      // time.Duration(n) * time.Second wraps around in int64.
      return durationString(BigInt.asIntN(64, n * NANOS_PER_SECOND))
    },
  },
  { name: 'durationRound', params: [A], fn: (ctx, v) => durationRound(ctx, v) },
  {
    name: 'toDate',
    params: [S, S],
    fn: (_ctx, layout, value) => {
      try {
        return timeValue(toDate(layout, value))
      } catch (e) {
        if (e instanceof FuncError) return timeValue(ZERO_TIME)
        throw e
      }
    },
  },
  { name: 'mustToDate', params: [S, S], fn: (_ctx, layout, value) => timeValue(toDate(layout, value)) },
  { name: 'unixEpoch', params: [A], fn: (_ctx, date) => needTime(date).sec.toString() },
]
