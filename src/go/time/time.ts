// Go's time.Time, as far as Sprig's date functions and templates reach it: nanosecond precision
// (bigint Unix seconds + nanoseconds, so nothing is lost to a JS Date's milliseconds), a location
// (zone.ts) and a monotonic reading, and the calendar arithmetic of time.go (Date normalisation,
// AddDate, Add, Sub, Truncate/Round). Layouts are layout.ts and parse.ts, durations duration.ts.

import { MAX_DURATION, MIN_DURATION, NANOS_PER_SECOND } from './duration.ts'
import { LOCAL, UTC, type Location } from './zone.ts'

const SECONDS_PER_DAY = 86400n
/** Unix seconds of Go's zero Time, January 1, year 1, 00:00:00 UTC. */
export const ZERO_TIME_UNIX = -62135596800n

// --- calendar ---

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b))
const floorMod = (a: bigint, b: bigint) => a - floorDiv(a, b) * b

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, any day). */
function daysFromCivil(year: bigint, month: number, day: bigint): bigint {
  const y = month <= 2 ? year - 1n : year
  const era = floorDiv(y, 400n)
  const yoe = y - era * 400n
  const mp = BigInt((month + 9) % 12)
  const doy = (153n * mp + 2n) / 5n
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy
  return era * 146097n + doe - 719468n + (day - 1n)
}

/** The date of a day count since 1970-01-01. */
function civilFromDays(days: bigint): { year: bigint; month: number; day: number } {
  const z = days + 719468n
  const era = floorDiv(z, 146097n)
  const doe = z - era * 146097n
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n)
  const mp = (5n * doy + 2n) / 153n
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n)
  const month = Number(mp < 10n ? mp + 3n : mp - 9n)
  return { year: yoe + era * 400n + (month <= 2 ? 1n : 0n), month, day }
}

export function isLeap(year: bigint): boolean {
  return year % 4n === 0n && (year % 100n !== 0n || year % 400n === 0n)
}

export const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

export function daysIn(month: number, year: bigint): number {
  if (month === 2 && isLeap(year)) return 29
  return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1]
}

// --- Time ---

/**
 * Go's time.Time: Unix seconds, nanoseconds [0, 1e9), a location and, for time.Now() and what
 * Add makes of it, a monotonic clock reading (nanoseconds) that String prints as "m=±s.nnnnnnnnn".
 */
export class Time {
  readonly sec: bigint
  readonly nsec: number
  readonly loc: Location
  readonly mono: bigint | undefined
  constructor(sec: bigint, nsec: number, loc: Location, mono?: bigint) {
    this.sec = sec
    this.nsec = nsec
    this.loc = loc
    this.mono = mono
  }
}

export const ZERO_TIME = new Time(ZERO_TIME_UNIX, 0, UTC)

/** time.Unix(sec, 0): in Local. */
export function unixTime(sec: bigint, nsec = 0n): Time {
  const total = sec * NANOS_PER_SECOND + nsec
  return new Time(floorDiv(total, NANOS_PER_SECOND), Number(floorMod(total, NANOS_PER_SECOND)), LOCAL)
}

/** Nanoseconds since the Unix epoch (UnixNano, without its int64 wrap). */
export function unixNanos(t: Time): bigint {
  return t.sec * NANOS_PER_SECOND + BigInt(t.nsec)
}

export interface Fields {
  year: bigint
  month: number
  day: number
  /** Day of the year, 1-based. */
  yday: number
  hour: number
  min: number
  sec: number
  /** 0 = Sunday. */
  weekday: number
  abbr: string
  offset: number
}

/** The calendar fields of a Time in its location (Time.locabs + absDate + absClock). */
export function fields(t: Time): Fields {
  const zone = t.loc.lookup(t.sec)
  const local = t.sec + BigInt(zone.offset)
  const days = floorDiv(local, SECONDS_PER_DAY)
  const secOfDay = Number(local - days * SECONDS_PER_DAY)
  const { year, month, day } = civilFromDays(days)
  const yday = DAYS_BEFORE[month - 1] + day + (month > 2 && isLeap(year) ? 1 : 0)
  return {
    year,
    month,
    day,
    yday,
    hour: Math.floor(secOfDay / 3600),
    min: Math.floor(secOfDay / 60) % 60,
    sec: secOfDay % 60,
    weekday: Number(floorMod(days + 4n, 7n)),
    abbr: zone.abbr,
    offset: zone.offset,
  }
}

/** Go's norm: moves overflow of lo (base units) into hi. */
function norm(hi: bigint, lo: bigint, base: bigint): [bigint, bigint] {
  const n = floorDiv(lo, base)
  return [hi + n, lo - n * base]
}

/** time.Date: normalises every field (month 13 is January next year...) and resolves the zone offset. */
export function timeDate(year: bigint, month: bigint, day: bigint, hour: bigint, min: bigint, sec: bigint, nsec: bigint, loc: Location): Time {
  let m: bigint
  ;[year, m] = norm(year, month - 1n, 12n)
  ;[sec, nsec] = norm(sec, nsec, NANOS_PER_SECOND)
  ;[min, sec] = norm(min, sec, 60n)
  ;[hour, min] = norm(hour, min, 60n)
  ;[day, hour] = norm(day, hour, 24n)
  const days = daysFromCivil(year, Number(m) + 1, day)
  let unix = days * SECONDS_PER_DAY + hour * 3600n + min * 60n + sec
  // Go looks the offset up at the wall time taken as UTC, then again at the corrected instant
  // when that falls in another zone period: the same as looking up the corrected instant.
  const offset = loc.lookup(unix).offset
  if (offset !== 0) unix -= BigInt(loc.lookup(unix - BigInt(offset)).offset)
  return new Time(unix, Number(nsec), loc)
}

/** Time.Add(d): monotonic readings move along (and are dropped when they would overflow). */
export function addDuration(t: Time, d: bigint): Time {
  const total = unixNanos(t) + d
  let mono = t.mono
  if (mono !== undefined) {
    mono += d
    if (mono !== BigInt.asIntN(64, mono)) mono = undefined
  }
  return new Time(floorDiv(total, NANOS_PER_SECOND), Number(floorMod(total, NANOS_PER_SECOND)), t.loc, mono)
}

export function addDate(t: Time, years: bigint, months: bigint, days: bigint): Time {
  const f = fields(t)
  return timeDate(f.year + years, BigInt(f.month) + months, BigInt(f.day) + days, BigInt(f.hour), BigInt(f.min), BigInt(f.sec), BigInt(t.nsec), t.loc)
}

/** Time.Sub, saturating at the Duration range (wall clocks only; see dates.ts on monotonic readings). */
export function subTimes(t: Time, u: Time): bigint {
  const d = unixNanos(t) - unixNanos(u)
  return d > MAX_DURATION ? MAX_DURATION : d < MIN_DURATION ? MIN_DURATION : d
}

/** The remainder of a Time divided by d, counted from the zero Time (time.go div: floor semantics). */
function remainder(t: Time, d: bigint): bigint {
  return floorMod((t.sec - ZERO_TIME_UNIX) * NANOS_PER_SECOND + BigInt(t.nsec), d)
}

const stripMono = (t: Time) => new Time(t.sec, t.nsec, t.loc)

export function truncateTime(t: Time, d: bigint): Time {
  t = stripMono(t)
  if (d <= 0n) return t
  return addDuration(t, -remainder(t, d))
}

export function roundTime(t: Time, d: bigint): Time {
  t = stripMono(t)
  if (d <= 0n) return t
  const r = remainder(t, d)
  return r + r < d ? addDuration(t, -r) : addDuration(t, d - r)
}
