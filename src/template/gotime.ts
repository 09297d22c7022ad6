// Go's time package, as far as Sprig's date functions and templates reach it: a Time with
// nanosecond precision (bigint Unix seconds + nanoseconds, so nothing is lost to a JS Date's
// milliseconds), locations (UTC, Local, fixed zones, IANA zones), layout formatting and parsing
// (format.go AppendFormat / parse), Duration (ParseDuration, String, Round) and the calendar
// arithmetic of time.go (Date normalisation, AddDate, Truncate/Round).
//
// Local is UTC, always: ESO's controller runs where Local is UTC, and a render must not depend on
// the render host's TZ (the reference is Go run with TZ=UTC, where Local is named "UTC" and has no
// zone transitions).
//
// IANA zones: offsets come from ICU (Intl.DateTimeFormat, seconds precise), abbreviations from a
// table generated from tzdata 2025b (ZONE_ABBREVIATIONS below), because ICU has no tzdata
// abbreviations. Go's time package works on bytes: layouts and values are handled here as
// "byte strings" (one JS char per UTF-8 byte) so that lengths and slices match Go's.

export const NANOS_PER_SECOND = 1_000_000_000n
const SECONDS_PER_DAY = 86400n
/** Unix seconds of Go's zero Time, January 1, year 1, 00:00:00 UTC. */
export const ZERO_TIME_UNIX = -62135596800n

// ---------------------------------------------------------------------------------------------
// Byte strings: Go indexes strings by byte.

/** A JS string as a byte string (each char one UTF-8 byte). */
export function toByteString(s: string | Uint8Array): string {
  return Buffer.from(typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('latin1')
}

/** A byte string back to its bytes. */
export function byteStringBytes(b: string): Uint8Array {
  return new Uint8Array(Buffer.from(b, 'latin1'))
}

// ---------------------------------------------------------------------------------------------
// Locations

export interface Zone {
  /** The abbreviation Go's "MST" element prints; "" prints as a numeric offset instead. */
  abbr: string
  /** Seconds east of UTC. */
  offset: number
}

/** Go's *time.Location: how an instant maps to a zone abbreviation and offset. */
export class Location {
  /** Location.String(). */
  readonly name: string
  readonly lookup: (unixSec: bigint) => Zone
  // Go's Location.lookupName (parse matching "CEST" against the location's zones) is not needed:
  // Sprig parses in Local only, and Local (TZ=UTC) has no zones.
  constructor(name: string, lookup: (unixSec: bigint) => Zone) {
    this.name = name
    this.lookup = lookup
  }
}

export const UTC = new Location('UTC', () => ({ abbr: 'UTC', offset: 0 }))
/** time.Local with TZ=UTC: named "UTC", no zones, so every instant is "UTC" +0000 (zoneinfo_unix.go initLocal). */
export const LOCAL = new Location('UTC', () => ({ abbr: 'UTC', offset: 0 }))

/** time.FixedZone. */
export function fixedZone(name: string, offset: number): Location {
  return new Location(name, () => ({ abbr: name, offset }))
}

const zoneCache = new Map<string, Location | null>()

/**
 * time.LoadLocation: "" and "UTC" are UTC, "Local" is Local, other names must be tzdata zone
 * names exactly (case matters, as file names on Linux do); undefined when Go would fail.
 */
export function loadLocation(name: string): Location | undefined {
  if (name === '' || name === 'UTC') return UTC
  if (name === 'Local') return LOCAL
  let loc = zoneCache.get(name)
  if (loc === undefined) {
    loc = makeZone(name)
    zoneCache.set(name, loc)
  }
  return loc ?? undefined
}

function makeZone(name: string): Location | null {
  // Go also reads the copies under posix/ and right/ (the same zones; right/ counts leap seconds,
  // which Go ignores) and posixrules, tzdata's copy of America/New_York.
  const base = name === 'posixrules' ? 'America/New_York' : name.startsWith('posix/') ? name.slice(6) : name.startsWith('right/') ? name.slice(6) : name
  const eras = zoneEras(base)
  if (!eras) return null
  let offsetAt: (unixSec: bigint) => number
  try {
    offsetAt = icuOffset(base)
  } catch {
    // A tzdata file ICU does not know ("Factory"): its one zone is "-00" at offset 0.
    offsetAt = () => 0
  }
  return new Location(name, (unixSec) => {
    const offset = offsetAt(unixSec)
    return { abbr: abbreviation(eras, unixSec, offset), offset }
  })
}

/** The offset ICU gives for an instant in a zone, in seconds ("GMT+05:30", "GMT-04:56:02", "GMT"). */
function icuOffset(zone: string): (unixSec: bigint) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
  // Intl accepts names in any case and some that tzdata lacks; Go opens files by exact name.
  const resolved = format.resolvedOptions().timeZone
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) throw new Error('case differs')
  const limit = 8_640_000_000_000n // a JS Date's range, in seconds
  return (unixSec) => {
    const s = unixSec > limit ? limit : unixSec < -limit ? -limit : unixSec
    const part = format.formatToParts(new Date(Number(s) * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
    const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(part)
    if (!m || !m[1]) return 0
    const abs = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)
    return m[1] === '-' ? -abs : abs
  }
}

/** A tzdata-style numeric abbreviation, as zic writes for zones without letters ("+03", "+0530", "-00:53:28" → "-005328"). */
function numericAbbreviation(offset: number): string {
  const abs = Math.abs(offset)
  const h = Math.floor(abs / 3600)
  const m = Math.floor(abs / 60) % 60
  const s = abs % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return (offset < 0 ? '-' : '+') + two(h) + (m || s ? two(m) : '') + (s ? two(s) : '')
}

type Era = { start: bigint; names: Map<number, string> }

const erasCache = new Map<string, Era[] | null>()

/** A zone's abbreviation eras from the table, following "@Other" references; undefined when tzdata has no such zone. */
function zoneEras(name: string): Era[] | undefined {
  let eras = erasCache.get(name)
  if (eras === undefined) {
    let spec = Object.hasOwn(ZONE_ABBREVIATIONS, name) ? ZONE_ABBREVIATIONS[name] : undefined
    if (spec?.startsWith('@')) spec = ZONE_ABBREVIATIONS[spec.slice(1)]
    eras =
      spec === undefined
        ? null
        : spec.split(';').map((era) => {
            const [start, pairs] = era.split(':')
            const names = new Map<number, string>()
            for (const p of pairs ? pairs.split(',') : []) {
              const [off, abbr] = p.split('=')
              names.set(Number(off), abbr)
            }
            return { start: start ? BigInt(start) : -(2n ** 63n), names }
          })
    erasCache.set(name, eras)
  }
  return eras ?? undefined
}

function abbreviation(eras: Era[], unixSec: bigint, offset: number): string {
  let era = eras[0]
  for (const e of eras) if (e.start <= unixSec) era = e
  return era.names.get(offset) ?? numericAbbreviation(offset)
}

// ---------------------------------------------------------------------------------------------
// Calendar

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

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

function daysIn(month: number, year: bigint): number {
  if (month === 2 && isLeap(year)) return 29
  return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1]
}

export const LONG_MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const SHORT_MONTH_NAMES = LONG_MONTH_NAMES.map((m) => m.slice(0, 3))
export const LONG_DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const SHORT_DAY_NAMES = LONG_DAY_NAMES.map((d) => d.slice(0, 3))

// ---------------------------------------------------------------------------------------------
// Time

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

export const MIN_DURATION = -(2n ** 63n)
export const MAX_DURATION = 2n ** 63n - 1n

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

// ---------------------------------------------------------------------------------------------
// Layout elements (format.go nextStdChunk)

type Std =
  | { kind: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' | 'day' | 'underDay' | 'zeroDay' | 'underYearDay' | 'zeroYearDay' }
  | { kind: 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' | 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  | { kind: 'tz'; iso: boolean; colon: boolean; seconds: boolean; short: boolean }
  | { kind: 'frac'; trim: boolean; digits: number; separator: string }

interface Chunk {
  prefix: string
  std?: Std
  suffix: string
}

const isDigitAt = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9'
const startsWithLower = (s: string) => s.length > 0 && s[0] >= 'a' && s[0] <= 'z'
const STD_0X = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'] as const

/** The first layout element in a layout: the text before it, the element, the rest. */
function nextStdChunk(layout: string): Chunk {
  const at = (i: number, s: string) => layout.startsWith(s, i)
  const chunk = (i: number, std: Std, len: number): Chunk => ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + len) })
  const tz = (iso: boolean, colon: boolean, seconds: boolean, short: boolean): Std => ({ kind: 'tz', iso, colon, seconds, short })
  for (let i = 0; i < layout.length; i++) {
    switch (layout[i]) {
      case 'J':
        if (at(i, 'Jan')) {
          if (at(i, 'January')) return chunk(i, { kind: 'longMonth' }, 7)
          if (!startsWithLower(layout.slice(i + 3))) return chunk(i, { kind: 'month' }, 3)
        }
        break
      case 'M':
        if (at(i, 'Mon')) {
          if (at(i, 'Monday')) return chunk(i, { kind: 'longWeekDay' }, 6)
          if (!startsWithLower(layout.slice(i + 3))) return chunk(i, { kind: 'weekDay' }, 3)
        }
        if (at(i, 'MST')) return chunk(i, { kind: 'TZ' }, 3)
        break
      case '0':
        if (i + 1 < layout.length && layout[i + 1] >= '1' && layout[i + 1] <= '6') return chunk(i, { kind: STD_0X[layout.charCodeAt(i + 1) - 49] }, 2)
        if (at(i, '002')) return chunk(i, { kind: 'zeroYearDay' }, 3)
        break
      case '1':
        if (at(i, '15')) return chunk(i, { kind: 'hour' }, 2)
        return chunk(i, { kind: 'numMonth' }, 1)
      case '2':
        if (at(i, '2006')) return chunk(i, { kind: 'longYear' }, 4)
        return chunk(i, { kind: 'day' }, 1)
      case '_':
        if (at(i, '_2')) {
          // "_2006" is a literal _ then the year.
          if (at(i + 1, '2006')) return chunk(i + 1, { kind: 'longYear' }, 4)
          return chunk(i, { kind: 'underDay' }, 2)
        }
        if (at(i, '__2')) return chunk(i, { kind: 'underYearDay' }, 3)
        break
      case '3':
        return chunk(i, { kind: 'hour12' }, 1)
      case '4':
        return chunk(i, { kind: 'minute' }, 1)
      case '5':
        return chunk(i, { kind: 'second' }, 1)
      case 'P':
        if (at(i, 'PM')) return chunk(i, { kind: 'PM' }, 2)
        break
      case 'p':
        if (at(i, 'pm')) return chunk(i, { kind: 'pm' }, 2)
        break
      case '-':
        if (at(i, '-070000')) return chunk(i, tz(false, false, true, false), 7)
        if (at(i, '-07:00:00')) return chunk(i, tz(false, true, true, false), 9)
        if (at(i, '-0700')) return chunk(i, tz(false, false, false, false), 5)
        if (at(i, '-07:00')) return chunk(i, tz(false, true, false, false), 6)
        if (at(i, '-07')) return chunk(i, tz(false, false, false, true), 3)
        break
      case 'Z':
        if (at(i, 'Z070000')) return chunk(i, tz(true, false, true, false), 7)
        if (at(i, 'Z07:00:00')) return chunk(i, tz(true, true, true, false), 9)
        if (at(i, 'Z0700')) return chunk(i, tz(true, false, false, false), 5)
        if (at(i, 'Z07:00')) return chunk(i, tz(true, true, false, false), 6)
        if (at(i, 'Z07')) return chunk(i, tz(true, false, false, true), 3)
        break
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const ch = layout[i + 1]
          let j = i + 1
          while (j < layout.length && layout[j] === ch) j++
          // The run of digits must end here: only a fractional second is all digits.
          if (!isDigitAt(layout, j)) return { prefix: layout.slice(0, i), std: { kind: 'frac', trim: ch === '9', digits: j - (i + 1), separator: layout[i] }, suffix: layout.slice(j) }
        }
        break
    }
  }
  return { prefix: layout, suffix: '' }
}

/** format.go appendInt: decimal, zero-padded to width (the sign not counted). */
function pad(x: bigint | number, width: number): string {
  const n = BigInt(x)
  const digits = (n < 0n ? -n : n).toString().padStart(width, '0')
  return n < 0n ? '-' + digits : digits
}

/** Time.Format, on byte strings (layout in, text out). */
export function formatBytes(t: Time, layout: string): string {
  const f = fields(t)
  let out = ''
  for (;;) {
    const { prefix, std, suffix } = nextStdChunk(layout)
    out += prefix
    if (!std) break
    layout = suffix
    switch (std.kind) {
      case 'year':
        out += pad((f.year < 0n ? -f.year : f.year) % 100n, 2)
        break
      case 'longYear':
        out += pad(f.year, 4)
        break
      case 'month':
        out += SHORT_MONTH_NAMES[f.month - 1]
        break
      case 'longMonth':
        out += LONG_MONTH_NAMES[f.month - 1]
        break
      case 'numMonth':
        out += pad(f.month, 0)
        break
      case 'zeroMonth':
        out += pad(f.month, 2)
        break
      case 'weekDay':
        out += SHORT_DAY_NAMES[f.weekday]
        break
      case 'longWeekDay':
        out += LONG_DAY_NAMES[f.weekday]
        break
      case 'day':
        out += pad(f.day, 0)
        break
      case 'underDay':
        out += (f.day < 10 ? ' ' : '') + pad(f.day, 0)
        break
      case 'zeroDay':
        out += pad(f.day, 2)
        break
      case 'underYearDay':
        out += (f.yday < 100 ? (f.yday < 10 ? '  ' : ' ') : '') + pad(f.yday, 0)
        break
      case 'zeroYearDay':
        out += pad(f.yday, 3)
        break
      case 'hour':
        out += pad(f.hour, 2)
        break
      case 'hour12':
        out += pad(f.hour % 12 || 12, 0)
        break
      case 'zeroHour12':
        out += pad(f.hour % 12 || 12, 2)
        break
      case 'minute':
        out += pad(f.min, 0)
        break
      case 'zeroMinute':
        out += pad(f.min, 2)
        break
      case 'second':
        out += pad(f.sec, 0)
        break
      case 'zeroSecond':
        out += pad(f.sec, 2)
        break
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM'
        break
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am'
        break
      case 'tz': {
        // The "Z" variants print Z for UTC: "the time zone as formatted for ISO 8601".
        if (f.offset === 0 && std.iso) {
          out += 'Z'
          break
        }
        // Go divides toward zero (offset / 60) and takes the sign from the minutes, so an offset
        // under a minute west prints "+00:00:-30", as Go does.
        let zone = Math.trunc(f.offset / 60)
        const absOffset = zone < 0 ? -f.offset : f.offset
        out += zone < 0 ? '-' : '+'
        zone = Math.abs(zone)
        out += pad(Math.floor(zone / 60), 2)
        if (std.colon) out += ':'
        if (!std.short) out += pad(zone % 60, 2)
        if (std.seconds) out += (std.colon ? ':' : '') + pad(absOffset % 60, 2)
        break
      }
      case 'TZ': {
        if (f.abbr !== '') {
          out += toByteString(f.abbr)
          break
        }
        // No zone name known: the -0700 form.
        let zone = Math.trunc(f.offset / 60)
        out += zone < 0 ? '-' : '+'
        zone = Math.abs(zone)
        out += pad(Math.floor(zone / 60), 2) + pad(zone % 60, 2)
        break
      }
      case 'frac':
        out += formatNano(t.nsec, std.digits, std.trim, std.separator)
        break
    }
  }
  return out
}

function formatNano(nsec: number, digits: number, trim: boolean, separator: string): string {
  let s = String(nsec).padStart(9, '0').slice(0, Math.min(digits, 9))
  if (trim) {
    s = s.replace(/0+$/, '')
    if (s === '') return ''
  }
  return separator + s
}

/** Time.Format on JS text (valid UTF-8 layouts). */
export function format(t: Time, layout: string): string {
  return Buffer.from(formatBytes(t, toByteString(layout)), 'latin1').toString('utf8')
}

/** Time.String: "2006-01-02 15:04:05.999999999 -0700 MST", then the monotonic reading when there is one. */
export function timeString(t: Time): string {
  let s = format(t, '2006-01-02 15:04:05.999999999 -0700 MST')
  if (t.mono !== undefined) {
    const neg = t.mono < 0n
    let m2 = neg ? -t.mono : t.mono
    let m1 = m2 / NANOS_PER_SECOND
    m2 %= NANOS_PER_SECOND
    const m0 = m1 / NANOS_PER_SECOND
    m1 %= NANOS_PER_SECOND
    s += ` m=${neg ? '-' : '+'}${m0 !== 0n ? m0.toString() + pad(m1, 9) : m1.toString()}.${pad(m2, 9)}`
  }
  return s
}

// ---------------------------------------------------------------------------------------------
// Parsing (format.go parse)

/**
 * Why a parse failed. Go's ParseError quotes the value; these messages never do (template data
 * are secrets): they name the layout element or the problem only.
 */
export class ParseError extends Error {
  override name = 'ParseError'
}

const BAD = Symbol('bad value for field')

/** getnum: one or two digits (fixed: exactly two). */
function getnum(s: string, fixed: boolean): [number, string] | typeof BAD {
  if (!isDigitAt(s, 0)) return BAD
  if (!isDigitAt(s, 1)) return fixed ? BAD : [s.charCodeAt(0) - 48, s.slice(1)]
  return [(s.charCodeAt(0) - 48) * 10 + s.charCodeAt(1) - 48, s.slice(2)]
}

/** getnum3: one to three digits (fixed: exactly three). */
function getnum3(s: string, fixed: boolean): [number, string] | typeof BAD {
  let n = 0
  let i = 0
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 48
  if (i === 0 || (fixed && i !== 3)) return BAD
  return [n, s.slice(i)]
}

/** leadingInt: the leading [0-9]*; undefined on overflow past 1<<63. */
function leadingInt(s: string): [bigint, string] | undefined {
  let i = 0
  let x = 0n
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    if (x > 2n ** 63n / 10n) return undefined
    x = x * 10n + BigInt(s.charCodeAt(i) - 48)
    if (x > 2n ** 63n) return undefined
  }
  return [x, s.slice(i)]
}

/** format.go atoi: optional sign, digits, nothing else. */
function atoi(s: string): bigint | undefined {
  let neg = false
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  const r = leadingInt(s)
  if (!r || r[1] !== '') return undefined
  const x = BigInt.asIntN(64, r[0])
  return neg ? -x : x
}

function lookupName(table: string[], value: string): [number, string] | typeof BAD {
  for (let i = 0; i < table.length; i++) {
    const v = table[i]
    if (value.length >= v.length && value.slice(0, v.length).toLowerCase() === v.toLowerCase()) return [i, value.slice(v.length)]
  }
  return BAD
}

/** skip: removes a layout's literal text from the value; runs of spaces match runs of spaces. */
function skip(value: string, prefix: string): string | typeof BAD {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return BAD
      prefix = prefix.replace(/^ +/, '')
      value = value.replace(/^ +/, '')
      continue
    }
    if (value.length === 0 || value[0] !== prefix[0]) return BAD
    prefix = prefix.slice(1)
    value = value.slice(1)
  }
  return value
}

const commaOrPeriod = (c: string | undefined) => c === '.' || c === ','

function parseNanoseconds(value: string, nbytes: number): { ns: number; range?: string } | typeof BAD {
  if (!commaOrPeriod(value[0])) return BAD
  if (nbytes > 10) nbytes = 10
  const ns = atoi(value.slice(1, nbytes))
  if (ns === undefined) return BAD
  if (ns < 0n) return { ns: 0, range: 'fractional second' }
  return { ns: Number(ns) * 10 ** (10 - nbytes) }
}

/** parseTimeZone: the length of a zone abbreviation at the start of value, or 0. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4
  if (value.startsWith('GMT')) return 3 + (value.length > 3 ? parseSignedOffset(value.slice(3)) : 0)
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value)
  let nUpper = 0
  while (nUpper < 6 && nUpper < value.length && value[nUpper] >= 'A' && value[nUpper] <= 'Z') nUpper++
  switch (nUpper) {
    case 5:
      return value[4] === 'T' ? 5 : 0
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0
    case 3:
      return 3
    default:
      return 0
  }
}

/** parseSignedOffset: "+03", "-4": a sign and a number up to 23; its length, or 0. */
function parseSignedOffset(value: string): number {
  if (value[0] !== '-' && value[0] !== '+') return 0
  const r = leadingInt(value.slice(1))
  if (!r || r[1] === value.slice(1) || r[0] > 23n) return 0
  return value.length - r[1].length
}

/**
 * time.ParseInLocation(layout, value, loc) on byte strings. Throws ParseError. A zone
 * abbreviation in the value is not looked up among loc's zones (Location.lookupName): right for
 * Local and UTC, the only locations Sprig parses in (toDate passes time.Local).
 */
export function parseInLocation(layout: string, value: string, loc: Location): Time {
  let year = 0n
  let month = -1
  let day = -1
  let yday = -1
  let hour = 0
  let min = 0
  let sec = 0
  let nsec = 0
  let z: Location | undefined
  let zoneOffset = -1
  let zoneName = ''
  let amSet = false
  let pmSet = false
  for (;;) {
    const { prefix, std, suffix } = nextStdChunk(layout)
    const stdstr = layout.slice(prefix.length, layout.length - suffix.length)
    const skipped = skip(value, prefix)
    if (skipped === BAD) throw new ParseError(`cannot parse the value as ${quote(prefix)}`)
    value = skipped
    if (!std) {
      if (value.length !== 0) throw new ParseError('extra text after the layout')
      break
    }
    layout = suffix
    let bad = false
    let range = ''
    const take = <T>(r: [T, string] | typeof BAD): T | undefined => {
      if (r === BAD) {
        bad = true
        return undefined
      }
      value = r[1]
      return r[0]
    }
    switch (std.kind) {
      case 'year': {
        if (value.length < 2) {
          bad = true
          break
        }
        const y = atoi(value.slice(0, 2))
        if (y === undefined) bad = true
        else {
          value = value.slice(2)
          year = y >= 69n ? y + 1900n : y + 2000n
        }
        break
      }
      case 'longYear': {
        if (value.length < 4 || !isDigitAt(value, 0)) {
          bad = true
          break
        }
        const y = atoi(value.slice(0, 4))
        value = value.slice(4)
        if (y === undefined) bad = true
        else year = y
        break
      }
      case 'month':
      case 'longMonth': {
        const m = take(lookupName(std.kind === 'month' ? SHORT_MONTH_NAMES : LONG_MONTH_NAMES, value))
        month = (m ?? -1) + 1
        break
      }
      case 'numMonth':
      case 'zeroMonth': {
        const m = take(getnum(value, std.kind === 'zeroMonth'))
        if (m !== undefined) {
          month = m
          if (m <= 0 || m > 12) range = 'month'
        }
        break
      }
      case 'weekDay':
      case 'longWeekDay':
        // The weekday is checked for syntax only.
        take(lookupName(std.kind === 'weekDay' ? SHORT_DAY_NAMES : LONG_DAY_NAMES, value))
        break
      case 'day':
      case 'underDay':
      case 'zeroDay': {
        if (std.kind === 'underDay' && value[0] === ' ') value = value.slice(1)
        const d = take(getnum(value, std.kind === 'zeroDay'))
        if (d !== undefined) day = d
        break
      }
      case 'underYearDay':
      case 'zeroYearDay': {
        for (let i = 0; i < 2; i++) if (std.kind === 'underYearDay' && value[0] === ' ') value = value.slice(1)
        const d = take(getnum3(value, std.kind === 'zeroYearDay'))
        if (d !== undefined) yday = d
        break
      }
      case 'hour': {
        const h = take(getnum(value, false))
        if (h !== undefined) hour = h
        if (hour < 0 || hour >= 24) range = 'hour'
        break
      }
      case 'hour12':
      case 'zeroHour12': {
        const h = take(getnum(value, std.kind === 'zeroHour12'))
        if (h !== undefined) hour = h
        if (hour < 0 || hour > 12) range = 'hour'
        break
      }
      case 'minute':
      case 'zeroMinute': {
        const m = take(getnum(value, std.kind === 'zeroMinute'))
        if (m !== undefined) min = m
        if (min < 0 || min >= 60) range = 'minute'
        break
      }
      case 'second':
      case 'zeroSecond': {
        sec = take(getnum(value, std.kind === 'zeroSecond')) ?? 0
        if (sec < 0 || sec >= 60) {
          range = 'second'
          break
        }
        // A fractional second in the value that the layout does not have: taken all the same.
        // (Go runs this even after getnum failed, and its result replaces that error.)
        if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
          const next = nextStdChunk(layout).std
          if (next?.kind === 'frac') break
          let n = 2
          while (n < value.length && isDigitAt(value, n)) n++
          const r = parseNanoseconds(value, n)
          bad = r === BAD
          if (r !== BAD) {
            nsec = r.ns
            range = r.range ?? ''
          }
          value = value.slice(n)
        }
        break
      }
      case 'PM':
      case 'pm': {
        if (value.length < 2) {
          bad = true
          break
        }
        const p = value.slice(0, 2)
        value = value.slice(2)
        const [pm, am] = std.kind === 'PM' ? ['PM', 'AM'] : ['pm', 'am']
        if (p === pm) pmSet = true
        else if (p === am) amSet = true
        else bad = true
        break
      }
      case 'tz': {
        if (std.iso && !std.seconds && value[0] === 'Z') {
          value = value.slice(1)
          z = UTC
          break
        }
        let parts: [string, string, string, string]
        if (std.colon && !std.seconds) {
          if (value.length < 6 || value[3] !== ':') {
            bad = true
            break
          }
          parts = [value[0], value.slice(1, 3), value.slice(4, 6), '00']
          value = value.slice(6)
        } else if (std.short) {
          if (value.length < 3) {
            bad = true
            break
          }
          parts = [value[0], value.slice(1, 3), '00', '00']
          value = value.slice(3)
        } else if (std.colon && std.seconds) {
          if (value.length < 9 || value[3] !== ':' || value[6] !== ':') {
            bad = true
            break
          }
          parts = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)]
          value = value.slice(9)
        } else if (std.seconds) {
          if (value.length < 7) {
            bad = true
            break
          }
          parts = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)]
          value = value.slice(7)
        } else {
          if (value.length < 5) {
            bad = true
            break
          }
          parts = [value[0], value.slice(1, 3), value.slice(3, 5), '00']
          value = value.slice(5)
        }
        const [hr, mm, ss] = [atoi(parts[1]), atoi(parts[2]), atoi(parts[3])]
        if (hr === undefined || mm === undefined || ss === undefined) {
          bad = true
          break
        }
        zoneOffset = Number(BigInt.asIntN(64, (hr * 60n + mm) * 60n + ss))
        if (parts[0] === '-') zoneOffset = -zoneOffset
        else if (parts[0] !== '+') bad = true
        break
      }
      case 'TZ': {
        if (value.startsWith('UTC')) {
          z = UTC
          value = value.slice(3)
          break
        }
        const n = parseTimeZone(value)
        if (n === 0) {
          bad = true
          break
        }
        zoneName = value.slice(0, n)
        value = value.slice(n)
        break
      }
      case 'frac': {
        if (!std.trim) {
          // Exactly as many digits as the layout has.
          const ndigit = 1 + std.digits
          if (value.length < ndigit) {
            bad = true
            break
          }
          const r = parseNanoseconds(value, ndigit)
          if (r === BAD) bad = true
          else {
            nsec = r.ns
            range = r.range ?? ''
          }
          value = value.slice(ndigit)
          break
        }
        if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigitAt(value, 1)) break // omitted
        // Any number of digits up to nine, even more than the layout asks for.
        let i = 0
        while (i < 9 && i + 1 < value.length && isDigitAt(value, i + 1)) i++
        const r = parseNanoseconds(value, 1 + i)
        if (r === BAD) bad = true
        else {
          nsec = r.ns
          range = r.range ?? ''
        }
        value = value.slice(1 + i)
        break
      }
    }
    if (range) throw new ParseError(`${range} out of range`)
    if (bad) throw new ParseError(`cannot parse the value as ${quote(stdstr)}`)
  }
  if (pmSet && hour < 12) hour += 12
  else if (amSet && hour === 12) hour = 0

  if (yday >= 0) {
    let d = 0
    let m = 0
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2
        d = 29
      } else if (yday > 31 + 29) yday--
    }
    if (yday < 1 || yday > 365) throw new ParseError('day-of-year out of range')
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1
      if (DAYS_BEFORE[m] < yday) m++
      d = yday - DAYS_BEFORE[m - 1]
    }
    if (month >= 0 && month !== m) throw new ParseError('day-of-year does not match month')
    month = m
    if (day >= 0 && day !== d) throw new ParseError('day-of-year does not match day')
    day = d
  } else {
    if (month < 0) month = 1
    if (day < 0) day = 1
  }
  if (day < 1 || day > daysIn(month, year)) throw new ParseError('day out of range')

  const at = (l: Location) => timeDate(year, BigInt(month), BigInt(day), BigInt(hour), BigInt(min), BigInt(sec), BigInt(nsec), l)
  if (z) return at(z)
  if (zoneOffset !== -1) {
    const t = at(UTC)
    const sec = t.sec - BigInt(zoneOffset)
    // The location's own zone when it has this offset at that instant; else a nameless fixed zone.
    const local = loc.lookup(sec)
    if (local.offset === zoneOffset && (zoneName === '' || local.abbr === zoneName)) return new Time(sec, t.nsec, loc)
    return new Time(sec, t.nsec, fixedZone(zoneName, zoneOffset))
  }
  if (zoneName !== '') {
    // A zone abbreviation the location does not define (Local has none): the wall time stays as
    // UTC, under a fabricated zone of that name whose offset is known only for "GMT+h".
    const t = at(UTC)
    let offset = 0
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = Number(atoi(zoneName.slice(3)) ?? 0n) * 3600
    return new Time(t.sec, t.nsec, fixedZone(zoneName, offset))
  }
  return at(loc)
}

/** format.go quote, on a byte string: printable ASCII as is, other bytes as \x escapes (for layout text in messages). */
export function quote(s: string): string {
  let out = '"'
  for (const c of s) {
    const code = c.charCodeAt(0)
    if (code >= 0x80 || code < 0x20) out += '\\x' + code.toString(16).padStart(2, '0')
    else out += c === '"' || c === '\\' ? '\\' + c : c
  }
  return out + '"'
}

// ---------------------------------------------------------------------------------------------
// Durations

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign, as UTF-8 bytes in a byte string
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3600n * NANOS_PER_SECOND,
}
const BYTE_UNITS = new Map(Object.entries(UNITS).map(([k, v]) => [toByteString(k), v]))

/** Why ParseDuration failed; the messages leave the input out (Go quotes it). */
export class DurationError extends Error {
  override name = 'DurationError'
}

/** time.ParseDuration on JS text: "1h30m", "-2.5h", "300ms", "1µs". */
export function parseDuration(text: string): bigint {
  return parseDurationBytes(toByteString(text))
}

/** leadingFraction: digits after a point; stops gaining precision instead of overflowing. */
function leadingFraction(s: string): [bigint, number, string] {
  let i = 0
  let x = 0n
  let scale = 1
  let overflow = false
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    if (overflow) continue
    if (x > (2n ** 63n - 1n) / 10n) {
      overflow = true
      continue
    }
    const y = x * 10n + BigInt(s.charCodeAt(i) - 48)
    if (y > 2n ** 63n) {
      overflow = true
      continue
    }
    x = y
    scale *= 10
  }
  return [x, scale, s.slice(i)]
}

export function parseDurationBytes(s: string): bigint {
  const invalid = () => new DurationError('time: invalid duration')
  let d = 0n
  let neg = false
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  if (s === '0') return 0n
  if (s === '') throw invalid()
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw invalid()
    const before = s.length
    const lead = leadingInt(s)
    if (!lead) throw invalid()
    let v = lead[0]
    s = lead[1]
    const pre = before !== s.length
    let post = false
    let f = 0n
    let scale = 1
    if (s[0] === '.') {
      s = s.slice(1)
      const len = s.length
      ;[f, scale, s] = leadingFraction(s)
      post = len !== s.length
    }
    if (!pre && !post) throw invalid()
    let i = 0
    while (i < s.length && !(s[i] === '.' || (s[i] >= '0' && s[i] <= '9'))) i++
    if (i === 0) throw new DurationError('time: missing unit in duration')
    const u = s.slice(0, i)
    s = s.slice(i)
    const unit = BYTE_UNITS.get(u)
    if (unit === undefined) throw new DurationError('time: unknown unit in duration')
    if (v > 2n ** 63n / unit) throw invalid()
    v *= unit
    if (f > 0n) {
      // Go computes the fraction in float64 (exact enough for nanoseconds of an hour).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)))
      if (v > 2n ** 63n) throw invalid()
    }
    d += v
    if (d > 2n ** 63n) throw invalid()
  }
  if (neg) return BigInt.asIntN(64, -d)
  if (d > 2n ** 63n - 1n) throw invalid()
  return d
}

/** Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function durationString(d: bigint): string {
  d = BigInt.asIntN(64, d)
  const neg = d < 0n
  let u = neg ? -d : d
  const frac = (v: bigint, prec: number): [string, bigint] => {
    let s = ''
    let print = false
    for (let i = 0; i < prec; i++) {
      const digit = v % 10n
      print = print || digit !== 0n
      if (print) s = digit.toString() + s
      v /= 10n
    }
    return [print ? '.' + s : '', v]
  }
  let out: string
  if (u < NANOS_PER_SECOND) {
    if (u === 0n) return '0s'
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms']
    const [f, whole] = frac(u, prec)
    out = whole.toString() + f + unit
  } else {
    const [f, whole] = frac(u, 9)
    u = whole
    out = (u % 60n).toString() + f + 's'
    u /= 60n
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out
      u /= 60n
      if (u > 0n) out = u.toString() + 'h' + out
    }
  }
  return (neg ? '-' : '') + out
}

/** Duration.Round: to the nearest multiple of m, halves away from zero, saturating. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d
  let r = d % m
  if (d < 0n) {
    r = -r
    if (r + r < m) return d + r
    const d1 = d - m + r
    return d1 >= MIN_DURATION ? d1 : MIN_DURATION
  }
  if (r + r < m) return d - r
  const d1 = d + m - r
  return d1 <= MAX_DURATION ? d1 : MAX_DURATION
}

/** Duration.Truncate. */
export function truncateDuration(d: bigint, m: bigint): bigint {
  return m <= 0n ? d : d - (d % m)
}

// ---------------------------------------------------------------------------------------------
// Zone abbreviations (generated; see the comment on ZONE_ABBREVIATIONS).

/**
 * Every zone file of tzdata 2025b (Debian's /usr/share/zoneinfo, without posix/ and right/), as
 * eras of "start:offset=ABBR,...;start:...": from a Unix second (empty: the beginning of time)
 * the letters abbreviation of each offset the zone uses; offsets not listed print tzdata's
 * numeric form ("+03", "+0530"). "@Zone" names a zone with the same data. An era starts where a
 * transition would give an offset a second name. Generated by reading the TZif files' 64-bit
 * transitions and types and their footer rule's names (scripts/zone-abbreviations.ts).
 */
// prettier-ignore
const ZONE_ABBREVIATIONS: Record<string, string> = {
  "Africa/Abidjan": ":-968=LMT,0=GMT",
  "Africa/Accra": ":-52=LMT,0=GMT",
  "Africa/Addis_Ababa": ":9288=LMT,9320=ADMT,10800=EAT",
  "Africa/Algiers": ":732=LMT,561=PMT,0=WET,3600=WEST;-942012000:3600=CET,7200=CEST,0=WET;41468400:3600=WEST,0=WET;246236400:3600=CET,7200=CEST,0=WET;325468800:3600=WEST,0=WET;357523200:3600=CET",
  "Africa/Asmara": ":9332=LMT;-3155682932:9332=AMT,9320=ADMT,10800=EAT",
  "Africa/Asmera": ":8836=LMT,10800=EAT",
  "Africa/Bamako": ":-1920=LMT,0=GMT",
  "Africa/Bangui": ":4460=LMT,3600=WAT",
  "Africa/Banjul": ":-3996=LMT;-1830380004:-3996=BMT,0=GMT",
  "Africa/Bissau": ":-3740=LMT,0=GMT",
  "Africa/Blantyre": ":8400=LMT,8470=ZMT,8460=ZMT,7200=CAT",
  "Africa/Brazzaville": ":3668=LMT,3600=WAT",
  "Africa/Bujumbura": ":7048=LMT,7200=CAT",
  "Africa/Cairo": ":7509=LMT,7200=EET,10800=EEST",
  "Africa/Casablanca": ":-1820=LMT",
  "Africa/Ceuta": ":-1276=LMT,0=WET,3600=WEST;448243200:3600=CET,7200=CEST",
  "Africa/Conakry": ":-3292=LMT,0=GMT",
  "Africa/Dakar": ":-4184=LMT,0=GMT",
  "Africa/Dar_es_Salaam": ":9428=LMT,10800=EAT",
  "Africa/Djibouti": ":10356=LMT,10800=EAT",
  "Africa/Douala": ":2328=LMT,3600=WAT",
  "Africa/El_Aaiun": ":-3168=LMT",
  "Africa/Freetown": ":-3180=LMT;-2776979220:-3180=FMT,0=GMT",
  "Africa/Gaborone": ":6220=LMT,5400=SAST,7200=CAT,10800=CAST",
  "Africa/Harare": ":7452=LMT,7200=CAT",
  "Africa/Johannesburg": ":6720=LMT,5400=SAST,7200=SAST,10800=SAST",
  "Africa/Juba": ":7588=LMT,7200=CAT,10800=CAST;947930400:10800=EAT,7200=CAT",
  "Africa/Kampala": ":7780=LMT,10800=EAT",
  "Africa/Khartoum": ":7808=LMT,7200=CAT,10800=CAST;947930400:10800=EAT,7200=CAT",
  "Africa/Kigali": ":7216=LMT,7200=CAT",
  "Africa/Kinshasa": ":3672=LMT,3600=WAT",
  "Africa/Lagos": ":815=LMT,0=GMT,3600=WAT",
  "Africa/Libreville": ":2268=LMT,3600=WAT",
  "Africa/Lome": ":292=LMT,0=GMT",
  "Africa/Luanda": ":3176=LMT,3124=LMT,3600=WAT",
  "Africa/Lubumbashi": ":6592=LMT,3600=WAT,7200=CAT",
  "Africa/Lusaka": ":6788=LMT,7200=CAT",
  "Africa/Malabo": ":2108=LMT,0=GMT,3600=WAT",
  "Africa/Maputo": ":7818=LMT,7200=CAT",
  "Africa/Maseru": ":6600=LMT,7200=SAST,10800=SAST",
  "Africa/Mbabane": ":7464=LMT,7200=SAST",
  "Africa/Mogadishu": ":10888=LMT,10800=EAT",
  "Africa/Monrovia": ":-2588=LMT;-2776979812:-2588=MMT,-2670=MMT,0=GMT",
  "Africa/Nairobi": "@Africa/Asmera",
  "Africa/Ndjamena": ":3612=LMT,3600=WAT,7200=WAST",
  "Africa/Niamey": ":508=LMT,0=GMT,3600=WAT",
  "Africa/Nouakchott": ":-3828=LMT,0=GMT",
  "Africa/Ouagadougou": ":-364=LMT,0=GMT",
  "Africa/Porto-Novo": ":628=LMT,0=GMT,3600=WAT",
  "Africa/Sao_Tome": ":1616=LMT,-2205=LMT,0=GMT,3600=WAT",
  "Africa/Timbuktu": ":-968=LMT,0=GMT",
  "Africa/Tripoli": ":3164=LMT,3600=CET,7200=CEST;-347158800:7200=EET,3600=CET;386463600:7200=CEST,3600=CET;641775600:7200=EET,3600=CET;860108400:7200=CEST;875916000:7200=EET,3600=CET;1364515200:7200=CEST;1382659200:7200=EET",
  "Africa/Tunis": ":2444=LMT,561=PMT,3600=CET,7200=CEST",
  "Africa/Windhoek": ":4104=LMT,7200=SAST,10800=SAST;637970400:7200=CAT,3600=WAT",
  "America/Adak": ":44002=LMT,-42398=LMT,-39600=NST,-36000=NWT;-769395600:-36000=NPT,-39600=NST;-86878800:-39600=BST,-36000=BDT;436363200:-36000=AHST;439034400:-36000=HST,-32400=HDT",
  "America/Anchorage": ":50424=LMT,-35976=LMT,-36000=AST,-32400=AWT;-769395600:-32400=APT,-36000=AST;-86882400:-36000=AHST,-32400=AHDT;436359600:-32400=YST;439030800:-32400=AKST,-28800=AKDT",
  "America/Anguilla": ":-15136=LMT,-14400=AST",
  "America/Antigua": ":-14832=LMT,-18000=EST,-14400=AST",
  "America/Araguaina": ":-11568=LMT",
  "America/Argentina/Buenos_Aires": ":-14028=LMT,-15408=CMT",
  "America/Argentina/Catamarca": ":-15788=LMT,-15408=CMT",
  "America/Argentina/ComodRivadavia": ":-15788=LMT,-15408=CMT",
  "America/Argentina/Cordoba": ":-15408=LMT;-2372096592:-15408=CMT",
  "America/Argentina/Jujuy": ":-15672=LMT,-15408=CMT",
  "America/Argentina/La_Rioja": ":-16044=LMT,-15408=CMT",
  "America/Argentina/Mendoza": ":-16516=LMT,-15408=CMT",
  "America/Argentina/Rio_Gallegos": ":-16612=LMT,-15408=CMT",
  "America/Argentina/Salta": ":-15700=LMT,-15408=CMT",
  "America/Argentina/San_Juan": ":-16444=LMT,-15408=CMT",
  "America/Argentina/San_Luis": ":-15924=LMT,-15408=CMT",
  "America/Argentina/Tucuman": ":-15652=LMT,-15408=CMT",
  "America/Argentina/Ushuaia": ":-16392=LMT,-15408=CMT",
  "America/Aruba": ":-16824=LMT,-14400=AST",
  "America/Asuncion": ":-13840=LMT;-2524507760:-13840=AMT",
  "America/Atikokan": ":-21988=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT;-765392400:-18000=EST",
  "America/Atka": "@America/Adak",
  "America/Bahia": ":-9244=LMT",
  "America/Bahia_Banderas": ":-25260=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-25200=MST;828867600:-21600=MDT,-25200=MST,-18000=CDT;1288508400:-21600=CST,-18000=CDT",
  "America/Barbados": ":-14309=LMT,-14400=AST,-10800=ADT",
  "America/Belem": ":-11636=LMT",
  "America/Belize": ":-21168=LMT,-21600=CST,-18000=CWT;-769395600:-18000=CPT,-21600=CST;123919200:-18000=CDT,-21600=CST",
  "America/Blanc-Sablon": ":-13708=LMT,-14400=AST,-10800=ADT;-880221600:-10800=AWT;-769395600:-10800=APT,-14400=AST",
  "America/Boa_Vista": ":-14560=LMT",
  "America/Bogota": ":-17776=LMT;-2707671824:-17776=BMT",
  "America/Boise": ":-27889=LMT,-28800=PST,-25200=PDT;-1471788000:-25200=MST,-21600=MWT;-769395600:-21600=MPT,-25200=MST;-84380400:-21600=MDT,-25200=MST",
  "America/Buenos_Aires": ":-14028=LMT,-15408=CMT",
  "America/Cambridge_Bay": ":0=-00,-25200=MST,-21600=MWT;-769395600:-21600=MPT,-25200=MST;73472400:-21600=MDT,-25200=MST;941356800:-21600=CST,-18000=CDT;972802800:-18000=EST,-21600=CST;986115600:-21600=MDT,-25200=MST",
  "America/Campo_Grande": ":-13108=LMT",
  "America/Cancun": ":-20824=LMT,-21600=CST,-18000=EST;828864000:-18000=CDT,-21600=CST;877849200:-18000=EST,-14400=EDT;902037600:-18000=CDT,-21600=CST;1422777600:-18000=EST",
  "America/Caracas": ":-16064=LMT,-16060=CMT",
  "America/Catamarca": ":-15788=LMT,-15408=CMT",
  "America/Cayenne": ":-12560=LMT",
  "America/Cayman": ":-19532=LMT,-18430=KMT,-18000=EST",
  "America/Chicago": ":-21036=LMT,-21600=CST,-18000=CDT;-1067788800:-18000=EST,-21600=CST;-1031500800:-18000=CDT,-21600=CST;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-747244800:-18000=CDT,-21600=CST",
  "America/Chihuahua": ":-25460=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-18000=CDT;891766800:-21600=MDT,-25200=MST;1667116800:-21600=CST",
  "America/Ciudad_Juarez": ":-25556=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-18000=CDT;891766800:-21600=MDT,-25200=MST;1667116800:-21600=CST,-25200=MST;1678611600:-21600=MDT,-25200=MST",
  "America/Coral_Harbour": ":-19088=LMT,-19176=CMT,-18000=EST",
  "America/Cordoba": "@America/Argentina/Cordoba",
  "America/Costa_Rica": ":-20173=LMT;-2524501427:-20173=SJMT,-21600=CST,-18000=CDT",
  "America/Coyhaique": ":-17296=LMT,-16965=SMT",
  "America/Creston": ":-27964=LMT,-25200=MST,-28800=PST",
  "America/Cuiaba": ":-13460=LMT",
  "America/Curacao": ":-16547=LMT,-14400=AST",
  "America/Danmarkshavn": ":-4480=LMT,0=GMT",
  "America/Dawson": ":-33460=LMT,-32400=YST,-28800=YDT;-880203600:-28800=YWT;-769395600:-28800=YPT,-32400=YST,-25200=YDDT;120646800:-28800=PST,-25200=PDT;1604214000:-25200=MST",
  "America/Dawson_Creek": ":-28856=LMT,-28800=PST,-25200=PDT;-880207200:-25200=PWT;-769395600:-25200=PPT,-28800=PST;-715788000:-25200=PDT,-28800=PST;84013200:-25200=MST",
  "America/Denver": ":-25196=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-147884400:-21600=MDT,-25200=MST",
  "America/Detroit": ":-19931=LMT,-21600=CST,-18000=EST,-14400=EWT;-769395600:-14400=EPT,-18000=EST;-684349200:-14400=EDT,-18000=EST",
  "America/Dominica": ":-14736=LMT,-14400=AST",
  "America/Edmonton": ":-27232=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-715791600:-21600=MDT,-25200=MST",
  "America/Eirunepe": ":-16768=LMT",
  "America/El_Salvador": ":-21408=LMT,-21600=CST,-18000=CDT",
  "America/Ensenada": ":-28084=LMT,-25200=MST,-28800=PST;-1222963200:-25200=PDT,-28800=PST;-873820800:-25200=PWT;-769395600:-25200=PPT,-28800=PST;-686073600:-25200=PDT,-28800=PST",
  "America/Fort_Nelson": ":-29447=LMT,-28800=PST,-25200=PDT;-880207200:-25200=PWT;-769395600:-25200=PPT,-28800=PST;-715788000:-25200=PDT,-28800=PST;1425808800:-25200=MST",
  "America/Fort_Wayne": ":-20678=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-747244800:-18000=CDT,-21600=CST;-463593600:-18000=EST,-21600=CST,-14400=EDT",
  "America/Fortaleza": ":-9240=LMT",
  "America/Glace_Bay": ":-14388=LMT,-14400=AST,-10800=ADT;-880221600:-10800=AWT;-769395600:-10800=APT,-14400=AST;-526500000:-10800=ADT,-14400=AST",
  "America/Godthab": ":-12416=LMT",
  "America/Goose_Bay": ":-14500=LMT,-12652=NST,-9052=NDT,-12600=NST,-9000=NDT;-872368200:-9000=NWT;-769395600:-9000=NPT,-12600=NST;-746044200:-9000=NDT,-12600=NST,-14400=AST,-10800=ADT,-7200=ADDT",
  "America/Grand_Turk": ":-17072=LMT,-18430=KMT,-18000=EST,-14400=EDT;1425798000:-14400=AST;1520751600:-14400=EDT,-18000=EST",
  "America/Grenada": ":-14820=LMT,-14400=AST",
  "America/Guadeloupe": ":-14768=LMT,-14400=AST",
  "America/Guatemala": ":-21724=LMT,-21600=CST,-18000=CDT",
  "America/Guayaquil": ":-19160=LMT,-18840=QMT",
  "America/Guyana": ":-13959=LMT",
  "America/Halifax": ":-15264=LMT,-14400=AST,-10800=ADT;-880221600:-10800=AWT;-769395600:-10800=APT,-14400=AST;-747252000:-10800=ADT,-14400=AST",
  "America/Havana": ":-19768=LMT,-19776=HMT,-18000=CST,-14400=CDT",
  "America/Hermosillo": ":-26632=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-25200=MST;828867600:-21600=MDT,-25200=MST",
  "America/Indiana/Indianapolis": "@America/Fort_Wayne",
  "America/Indiana/Knox": ":-20790=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-715795200:-18000=CDT,-21600=CST;-242236800:-18000=EST,-21600=CST;-84384000:-18000=CDT,-21600=CST;688546800:-18000=EST;1143961200:-18000=CDT,-21600=CST",
  "America/Indiana/Marengo": ":-20723=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-589392000:-18000=CDT,-21600=CST;-273686400:-18000=EST,-14400=EDT;126687600:-18000=CDT;152089200:-18000=EST,-14400=EDT",
  "America/Indiana/Petersburg": ":-20947=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-462996000:-18000=CDT,-21600=CST;-147888000:-18000=EST,-21600=CST;-84384000:-18000=CDT,-21600=CST;247042800:-18000=EST;1143961200:-18000=CDT,-21600=CST;1194159600:-18000=EST,-14400=EDT",
  "America/Indiana/Tell_City": ":-20823=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-462996000:-18000=CDT,-21600=CST;-179337600:-18000=EST,-21600=CST;-52934400:-18000=CDT,-21600=CST,-14400=EDT;-5767200:-18000=EST,-14400=EDT;1143961200:-18000=CDT,-21600=CST",
  "America/Indiana/Vevay": ":-20416=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-495043200:-18000=EST,-14400=EDT",
  "America/Indiana/Vincennes": ":-21007=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-747244800:-18000=CDT,-21600=CST;-179337600:-18000=EST,-14400=EDT;1143961200:-18000=CDT,-21600=CST;1194159600:-18000=EST,-14400=EDT",
  "America/Indiana/Winamac": ":-20785=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-747244800:-18000=CDT,-21600=CST;-273686400:-18000=EST,-14400=EDT;1143961200:-18000=CDT,-21600=CST,-14400=EDT;1194156000:-18000=EST,-14400=EDT",
  "America/Indianapolis": "@America/Fort_Wayne",
  "America/Inuvik": ":0=-00,-28800=PST,-25200=PDT,-21600=MDT;309945600:-25200=MST,-21600=MDT",
  "America/Iqaluit": ":0=-00,-14400=EWT;-769395600:-14400=EPT,-18000=EST;73465200:-14400=EDT,-18000=EST,-21600=CST;954662400:-18000=CDT;972802800:-18000=EST,-14400=EDT",
  "America/Jamaica": ":-18430=LMT;-2524503170:-18430=KMT,-18000=EST,-14400=EDT",
  "America/Jujuy": ":-15672=LMT,-15408=CMT",
  "America/Juneau": ":54139=LMT,-32261=LMT,-28800=PST,-25200=PWT;-769395600:-25200=PPT,-28800=PST;-21477600:-25200=PDT,-28800=PST;325677600:-28800=YDT;341402400:-28800=PST,-25200=PDT,-32400=YST;439030800:-32400=AKST,-28800=AKDT",
  "America/Kentucky/Louisville": ":-20582=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-747251940:-18000=CDT,-21600=CST;-266432400:-18000=EST,-14400=EDT;126687600:-18000=CDT;152089200:-18000=EST,-14400=EDT",
  "America/Kentucky/Monticello": ":-20364=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-52934400:-18000=CDT,-21600=CST;972802800:-18000=EST,-14400=EDT",
  "America/Knox_IN": "@America/Indiana/Knox",
  "America/Kralendijk": ":-15865=LMT,-14400=AST,-10800=AWT;-769395600:-10800=APT,-14400=AST",
  "America/La_Paz": ":-16356=LMT;-2524505244:-16356=CMT,-12756=BST",
  "America/Lima": ":-18492=LMT,-18516=LMT",
  "America/Los_Angeles": ":-28378=LMT,-28800=PST,-25200=PDT;-880207200:-25200=PWT;-769395600:-25200=PPT,-28800=PST;-687967140:-25200=PDT,-28800=PST",
  "America/Louisville": "@America/Kentucky/Louisville",
  "America/Lower_Princes": "@America/Kralendijk",
  "America/Maceio": ":-8572=LMT",
  "America/Managua": ":-20708=LMT,-20712=MMT,-21600=CST,-18000=EST;290584800:-18000=CDT,-21600=CST;694260000:-18000=EST,-21600=CST;1113112800:-18000=CDT,-21600=CST",
  "America/Manaus": ":-14404=LMT",
  "America/Marigot": "@America/Kralendijk",
  "America/Martinique": ":-14660=LMT;-2524506940:-14660=FFMT,-14400=AST,-10800=ADT",
  "America/Matamoros": ":-23400=LMT,-21600=CST,-18000=CDT",
  "America/Mazatlan": ":-25540=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-25200=MST;828867600:-21600=MDT,-25200=MST",
  "America/Mendoza": ":-16516=LMT,-15408=CMT",
  "America/Menominee": ":-21027=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-747244800:-18000=CDT,-21600=CST;-21484800:-18000=EST;104914800:-18000=CDT,-21600=CST",
  "America/Merida": ":-21508=LMT,-21600=CST,-18000=EST;828864000:-18000=CDT,-21600=CST",
  "America/Metlakatla": ":54822=LMT,-31578=LMT,-28800=PST,-25200=PWT;-769395600:-25200=PPT,-28800=PST;-21477600:-25200=PDT,-28800=PST,-32400=AKST;1457866800:-28800=AKDT,-32400=AKST;1541325600:-28800=PST,-32400=AKST;1552215600:-28800=AKDT,-32400=AKST",
  "America/Mexico_City": ":-23796=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-18000=CDT;-821901600:-18000=CWT,-21600=CST;-627501600:-18000=CDT,-21600=CST",
  "America/Miquelon": ":-13480=LMT,-14400=AST",
  "America/Moncton": ":-15548=LMT,-18000=EST,-14400=AST,-10800=ADT;-880221600:-10800=AWT;-769395600:-10800=APT,-14400=AST;-747252000:-10800=ADT,-14400=AST",
  "America/Monterrey": ":-24076=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-18000=CDT",
  "America/Montevideo": ":-13491=LMT;-1942690509:-13491=MMT",
  "America/Montreal": ":-19052=LMT,-18000=EST,-14400=EDT;-880218000:-14400=EWT;-769395600:-14400=EPT,-18000=EST;-747248400:-14400=EDT,-18000=EST",
  "America/Montserrat": ":-14932=LMT,-14400=AST",
  "America/Nassau": ":-18570=LMT,-18000=EST,-14400=EWT;-769395600:-14400=EPT,-18000=EST;-179341200:-14400=EDT,-18000=EST",
  "America/New_York": ":-17762=LMT,-18000=EST,-14400=EDT;-880218000:-14400=EWT;-769395600:-14400=EPT,-18000=EST;-747248400:-14400=EDT,-18000=EST",
  "America/Nipigon": "@America/Montreal",
  "America/Nome": ":46702=LMT,-39698=LMT,-39600=NST,-36000=NWT;-769395600:-36000=NPT,-39600=NST;-86878800:-39600=BST,-36000=BDT,-32400=YST;439030800:-32400=AKST,-28800=AKDT",
  "America/Noronha": ":-7780=LMT",
  "America/North_Dakota/Beulah": ":-24427=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-84380400:-21600=MDT,-25200=MST;1289116800:-21600=CST,-18000=CDT",
  "America/North_Dakota/Center": ":-24312=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-84380400:-21600=MDT,-25200=MST;720000000:-21600=CST,-18000=CDT",
  "America/North_Dakota/New_Salem": ":-24339=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-84380400:-21600=MDT,-25200=MST;1067155200:-21600=CST,-18000=CDT",
  "America/Nuuk": ":-12416=LMT",
  "America/Ojinaga": ":-25060=LMT,-25200=MST,-21600=CST;-1220461200:-21600=MDT,-25200=MST;-1191344400:-21600=CST,-18000=CDT;891766800:-21600=MDT,-25200=MST;1667116800:-21600=CST,-18000=CDT",
  "America/Panama": "@America/Coral_Harbour",
  "America/Pangnirtung": "@America/Iqaluit",
  "America/Paramaribo": ":-13240=LMT,-13252=PMT,-13236=PMT",
  "America/Phoenix": ":-26898=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT,-25200=MST;-84380400:-21600=MDT,-25200=MST",
  "America/Port-au-Prince": ":-17360=LMT,-17340=PPMT,-18000=EST,-14400=EDT",
  "America/Port_of_Spain": ":-14764=LMT,-14400=AST",
  "America/Porto_Acre": ":-16272=LMT",
  "America/Porto_Velho": ":-15336=LMT",
  "America/Puerto_Rico": "@America/Kralendijk",
  "America/Punta_Arenas": ":-17020=LMT,-16965=SMT",
  "America/Rainy_River": ":-23316=LMT,-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-746035200:-18000=CDT,-21600=CST",
  "America/Rankin_Inlet": ":0=-00,-21600=CST,-18000=CDT;972802800:-18000=EST;986112000:-18000=CDT,-21600=CST",
  "America/Recife": ":-8376=LMT",
  "America/Regina": ":-25116=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-748450800:-21600=MDT,-25200=MST;-305737200:-21600=CST",
  "America/Resolute": ":0=-00,-21600=CST,-18000=CDT;972802800:-18000=EST;986112000:-18000=CDT,-21600=CST;1162105200:-18000=EST;1173600000:-18000=CDT,-21600=CST",
  "America/Rio_Branco": ":-16272=LMT",
  "America/Rosario": "@America/Argentina/Cordoba",
  "America/Santa_Isabel": "@America/Ensenada",
  "America/Santarem": ":-13128=LMT",
  "America/Santiago": ":-16965=LMT;-2524504635:-16965=SMT",
  "America/Santo_Domingo": ":-16776=LMT,-16800=SDMT,-18000=EST,-14400=EDT;152082000:-14400=AST,-18000=EST",
  "America/Sao_Paulo": ":-11188=LMT",
  "America/Scoresbysund": ":-5272=LMT",
  "America/Shiprock": "@America/Denver",
  "America/Sitka": ":53927=LMT,-32473=LMT,-28800=PST,-25200=PWT;-769395600:-25200=PPT,-28800=PST;-21477600:-25200=PDT,-28800=PST,-32400=YST;439030800:-32400=AKST,-28800=AKDT",
  "America/St_Barthelemy": "@America/Kralendijk",
  "America/St_Johns": ":-12652=LMT;-2713897748:-12652=NST,-9052=NDT,-12600=NST,-9000=NDT;-872368200:-9000=NWT;-769395600:-9000=NPT,-12600=NST;-746044200:-9000=NDT,-12600=NST,-5400=NDDT",
  "America/St_Kitts": ":-15052=LMT,-14400=AST",
  "America/St_Lucia": ":-14640=LMT;-2524506960:-14640=CMT,-14400=AST",
  "America/St_Thomas": ":-15584=LMT,-14400=AST",
  "America/St_Vincent": ":-14696=LMT;-2524506904:-14696=KMT,-14400=AST",
  "America/Swift_Current": ":-25880=LMT,-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-747241200:-21600=MDT,-25200=MST;73472400:-21600=CST",
  "America/Tegucigalpa": ":-20932=LMT,-21600=CST,-18000=CDT",
  "America/Thule": ":-16508=LMT,-14400=AST,-10800=ADT",
  "America/Thunder_Bay": "@America/Montreal",
  "America/Tijuana": "@America/Ensenada",
  "America/Toronto": "@America/Montreal",
  "America/Tortola": ":-15508=LMT,-14400=AST",
  "America/Vancouver": ":-29548=LMT,-28800=PST,-25200=PDT;-880207200:-25200=PWT;-769395600:-25200=PPT,-28800=PST;-747237600:-25200=PDT,-28800=PST",
  "America/Virgin": "@America/Kralendijk",
  "America/Whitehorse": ":-32412=LMT,-32400=YST,-28800=YDT;-880203600:-28800=YWT;-769395600:-28800=YPT,-32400=YST,-25200=YDDT;-121273200:-28800=PST,-25200=PDT;1604214000:-25200=MST",
  "America/Winnipeg": "@America/Rainy_River",
  "America/Yakutat": ":52865=LMT,-33535=LMT,-32400=YST,-28800=YWT;-769395600:-28800=YPT,-32400=YST;-21474000:-28800=YDT,-32400=YST;439030800:-32400=AKST,-28800=AKDT",
  "America/Yellowknife": "@America/Edmonton",
  "Antarctica/Casey": ":0=-00",
  "Antarctica/Davis": ":0=-00",
  "Antarctica/DumontDUrville": ":0=-00",
  "Antarctica/Macquarie": ":0=-00,36000=AEST,39600=AEDT",
  "Antarctica/Mawson": ":0=-00",
  "Antarctica/McMurdo": ":0=-00,43200=NZST,46800=NZDT",
  "Antarctica/Palmer": ":0=-00",
  "Antarctica/Rothera": ":0=-00",
  "Antarctica/South_Pole": ":41944=LMT,41400=NZMT,45000=NZST,43200=NZST,46800=NZDT",
  "Antarctica/Syowa": ":0=-00",
  "Antarctica/Troll": ":0=-00;1108166400:",
  "Antarctica/Vostok": ":0=-00",
  "Arctic/Longyearbyen": ":3208=LMT,3600=CET,7200=CEST,10800=CEMT",
  "Asia/Aden": ":10794=LMT",
  "Asia/Almaty": ":18468=LMT",
  "Asia/Amman": ":8624=LMT,7200=EET,10800=EEST;1666908000:",
  "Asia/Anadyr": ":42596=LMT",
  "Asia/Aqtau": ":12064=LMT",
  "Asia/Aqtobe": ":13720=LMT",
  "Asia/Ashgabat": ":14012=LMT",
  "Asia/Ashkhabad": ":14012=LMT",
  "Asia/Atyrau": ":12464=LMT",
  "Asia/Baghdad": ":10660=LMT,10656=BMT",
  "Asia/Bahrain": ":12140=LMT",
  "Asia/Baku": ":11964=LMT",
  "Asia/Bangkok": ":24124=LMT;-2840164924:24124=BMT",
  "Asia/Barnaul": ":20100=LMT",
  "Asia/Beirut": ":8520=LMT,7200=EET,10800=EEST",
  "Asia/Bishkek": ":17904=LMT",
  "Asia/Brunei": ":27580=LMT",
  "Asia/Calcutta": ":21208=LMT,21200=HMT,19270=MMT,19800=IST",
  "Asia/Chita": ":27232=LMT",
  "Asia/Choibalsan": ":25652=LMT",
  "Asia/Chongqing": ":29143=LMT,28800=CST,32400=CDT",
  "Asia/Chungking": "@Asia/Chongqing",
  "Asia/Colombo": ":19164=LMT,19172=MMT",
  "Asia/Dacca": ":21700=LMT,21200=HMT",
  "Asia/Damascus": ":8712=LMT,7200=EET,10800=EEST;1666904400:",
  "Asia/Dhaka": "@Asia/Dacca",
  "Asia/Dili": ":30140=LMT",
  "Asia/Dubai": ":13272=LMT",
  "Asia/Dushanbe": ":16512=LMT",
  "Asia/Famagusta": ":8148=LMT,7200=EET,10800=EEST;1473282000:7200=EET;1521939600:10800=EEST,7200=EET",
  "Asia/Gaza": ":8272=LMT,7200=EET,10800=EEST;-81313200:7200=IST,10800=IDT;820447200:7200=EET,10800=EEST",
  "Asia/Harbin": "@Asia/Chongqing",
  "Asia/Hebron": ":8423=LMT,7200=EET,10800=EEST;-81313200:7200=IST,10800=IDT;820447200:7200=EET,10800=EEST",
  "Asia/Ho_Chi_Minh": ":25590=LMT;-2004073590:25590=PLMT",
  "Asia/Hong_Kong": ":27402=LMT,28800=HKT,32400=HKST,30600=HKWT;-884248200:32400=JST,28800=HKT;-747907200:32400=HKST,28800=HKT",
  "Asia/Hovd": ":21996=LMT",
  "Asia/Irkutsk": ":25025=LMT;-2840165825:25025=IMT",
  "Asia/Istanbul": ":6952=LMT,7016=IMT,7200=EET,10800=EEST;267915600:7200=EET;482799600:10800=EEST,7200=EET;1473195600:",
  "Asia/Jakarta": ":25632=LMT;-3231299232:25632=BMT,25200=WIB",
  "Asia/Jayapura": ":33768=LMT;-189423000:32400=WIT",
  "Asia/Jerusalem": ":8454=LMT,8440=JMT,7200=IST,10800=IDT,14400=IDDT",
  "Asia/Kabul": ":16608=LMT",
  "Asia/Kamchatka": ":38076=LMT",
  "Asia/Karachi": ":16092=LMT;38775600:18000=PKT,21600=PKST",
  "Asia/Kashgar": ":21020=LMT",
  "Asia/Kathmandu": ":20476=LMT",
  "Asia/Katmandu": ":20476=LMT",
  "Asia/Khandyga": ":32533=LMT",
  "Asia/Kolkata": "@Asia/Calcutta",
  "Asia/Krasnoyarsk": ":22286=LMT",
  "Asia/Kuala_Lumpur": ":24406=LMT,24925=SMT",
  "Asia/Kuching": ":26480=LMT",
  "Asia/Kuwait": ":11516=LMT",
  "Asia/Macao": ":27250=LMT,28800=CST;-747046800:32400=CDT,28800=CST",
  "Asia/Macau": "@Asia/Macao",
  "Asia/Magadan": ":36192=LMT",
  "Asia/Makassar": ":28656=LMT;-1577951856:28656=MMT;-766054800:28800=WITA",
  "Asia/Manila": ":-57368=LMT,29032=LMT,28800=PST,32400=PDT;-880016400:32400=JST;-783594000:32400=PDT,28800=PST",
  "Asia/Muscat": ":14064=LMT",
  "Asia/Nicosia": ":8008=LMT,7200=EET,10800=EEST",
  "Asia/Novokuznetsk": ":20928=LMT",
  "Asia/Novosibirsk": ":19900=LMT",
  "Asia/Omsk": ":17610=LMT",
  "Asia/Oral": ":12324=LMT",
  "Asia/Phnom_Penh": ":25180=LMT,25590=PLMT",
  "Asia/Pontianak": ":26240=LMT;-1946186240:26240=PMT;-189415800:28800=WITA,25200=WIB",
  "Asia/Pyongyang": ":30180=LMT,30600=KST,32400=JST;-768646800:32400=KST,30600=KST",
  "Asia/Qatar": ":12368=LMT",
  "Asia/Qostanay": ":15268=LMT",
  "Asia/Qyzylorda": ":15712=LMT",
  "Asia/Rangoon": ":23087=LMT;-2840163887:23087=RMT",
  "Asia/Riyadh": ":11212=LMT",
  "Asia/Saigon": "@Asia/Ho_Chi_Minh",
  "Asia/Sakhalin": ":34248=LMT",
  "Asia/Samarkand": ":16073=LMT",
  "Asia/Seoul": ":30472=LMT,30600=KST,32400=JST;-767350800:32400=KST,36000=KDT,30600=KST,34200=KDT",
  "Asia/Shanghai": "@Asia/Chongqing",
  "Asia/Singapore": ":24925=LMT;-2177477725:24925=SMT",
  "Asia/Srednekolymsk": ":36892=LMT",
  "Asia/Taipei": ":29160=LMT,28800=CST,32400=JST;-745833600:32400=CDT,28800=CST",
  "Asia/Tashkent": ":16631=LMT",
  "Asia/Tbilisi": ":10751=LMT;-2840151551:10751=TBMT",
  "Asia/Tehran": ":12344=LMT;-1704165944:12344=TMT",
  "Asia/Tel_Aviv": "@Asia/Jerusalem",
  "Asia/Thimbu": ":21516=LMT",
  "Asia/Thimphu": ":21516=LMT",
  "Asia/Tokyo": ":33539=LMT,32400=JST,36000=JDT",
  "Asia/Tomsk": ":20391=LMT",
  "Asia/Ujung_Pandang": "@Asia/Makassar",
  "Asia/Ulaanbaatar": ":25652=LMT",
  "Asia/Ulan_Bator": ":25652=LMT",
  "Asia/Urumqi": ":21020=LMT",
  "Asia/Ust-Nera": ":34374=LMT",
  "Asia/Vientiane": ":24624=LMT,25590=PLMT",
  "Asia/Vladivostok": ":31651=LMT",
  "Asia/Yakutsk": ":31138=LMT",
  "Asia/Yangon": "@Asia/Rangoon",
  "Asia/Yekaterinburg": ":14553=LMT,13505=PMT",
  "Asia/Yerevan": ":10680=LMT",
  "Atlantic/Azores": ":-6160=LMT,-6872=HMT;725421600:0=WET,3600=WEST;740278800:",
  "Atlantic/Bermuda": ":-15558=LMT;-2524506042:-15558=BMT,-11958=BST,-14400=AST,-10800=ADT",
  "Atlantic/Canary": ":-3696=LMT,0=WET,3600=WEST",
  "Atlantic/Cape_Verde": ":-5644=LMT",
  "Atlantic/Faeroe": ":-1624=LMT,0=WET,3600=WEST",
  "Atlantic/Faroe": "@Atlantic/Faeroe",
  "Atlantic/Jan_Mayen": "@Arctic/Longyearbyen",
  "Atlantic/Madeira": ":-4056=LMT;-2713906344:-4056=FMT;-102546000:0=WET,3600=WEST",
  "Atlantic/Reykjavik": ":-5280=LMT;-54770400:0=GMT",
  "Atlantic/South_Georgia": ":-8768=LMT",
  "Atlantic/St_Helena": ":-1368=LMT;-2524520232:-1368=JMT,0=GMT",
  "Atlantic/Stanley": ":-13884=LMT;-2524507716:-13884=SMT",
  "Australia/ACT": ":36292=LMT,36000=AEST,39600=AEDT",
  "Australia/Adelaide": ":33260=LMT,32400=ACST,34200=ACST,37800=ACDT",
  "Australia/Brisbane": ":36728=LMT,36000=AEST,39600=AEDT",
  "Australia/Broken_Hill": ":33948=LMT,36000=AEST,32400=ACST,34200=ACST,37800=ACDT",
  "Australia/Canberra": "@Australia/ACT",
  "Australia/Currie": ":35356=LMT,36000=AEST,39600=AEDT",
  "Australia/Darwin": ":31400=LMT,32400=ACST,34200=ACST,37800=ACDT",
  "Australia/Eucla": ":30928=LMT",
  "Australia/Hobart": "@Australia/Currie",
  "Australia/LHI": ":38180=LMT,36000=AEST",
  "Australia/Lindeman": ":35756=LMT,36000=AEST,39600=AEDT",
  "Australia/Lord_Howe": "@Australia/LHI",
  "Australia/Melbourne": ":34792=LMT,36000=AEST,39600=AEDT",
  "Australia/NSW": "@Australia/ACT",
  "Australia/North": "@Australia/Darwin",
  "Australia/Perth": ":27804=LMT,28800=AWST,32400=AWDT",
  "Australia/Queensland": "@Australia/Brisbane",
  "Australia/South": "@Australia/Adelaide",
  "Australia/Sydney": "@Australia/ACT",
  "Australia/Tasmania": "@Australia/Currie",
  "Australia/Victoria": "@Australia/Melbourne",
  "Australia/West": "@Australia/Perth",
  "Australia/Yancowinna": "@Australia/Broken_Hill",
  "Brazil/Acre": ":-16272=LMT",
  "Brazil/DeNoronha": ":-7780=LMT",
  "Brazil/East": ":-11188=LMT",
  "Brazil/West": ":-14404=LMT",
  "CET": ":3600=CET,7200=CEST",
  "CST6CDT": ":-21600=CST,-18000=CDT;-880214400:-18000=CWT;-769395600:-18000=CPT,-21600=CST;-84384000:-18000=CDT,-21600=CST",
  "Canada/Atlantic": "@America/Halifax",
  "Canada/Central": "@America/Rainy_River",
  "Canada/Eastern": "@America/Montreal",
  "Canada/Mountain": "@America/Edmonton",
  "Canada/Newfoundland": "@America/St_Johns",
  "Canada/Pacific": "@America/Vancouver",
  "Canada/Saskatchewan": "@America/Regina",
  "Canada/Yukon": "@America/Whitehorse",
  "Chile/Continental": "@America/Santiago",
  "Chile/EasterIsland": ":-26248=LMT;-2524495352:-26248=EMT",
  "Cuba": "@America/Havana",
  "EET": ":7200=EET,10800=EEST",
  "EST": ":-18000=EST",
  "EST5EDT": ":-18000=EST,-14400=EDT;-880218000:-14400=EWT;-769395600:-14400=EPT,-18000=EST;-84387600:-14400=EDT,-18000=EST",
  "Egypt": "@Africa/Cairo",
  "Eire": ":-1521=LMT;-2821649679:-1521=DMT,2079=IST,0=GMT,3600=BST;-1507500000:3600=IST,0=GMT",
  "Etc/GMT": ":0=GMT",
  "Etc/GMT+0": ":0=GMT",
  "Etc/GMT+1": ":",
  "Etc/GMT+10": ":",
  "Etc/GMT+11": ":",
  "Etc/GMT+12": ":",
  "Etc/GMT+2": ":",
  "Etc/GMT+3": ":",
  "Etc/GMT+4": ":",
  "Etc/GMT+5": ":",
  "Etc/GMT+6": ":",
  "Etc/GMT+7": ":",
  "Etc/GMT+8": ":",
  "Etc/GMT+9": ":",
  "Etc/GMT-0": ":0=GMT",
  "Etc/GMT-1": ":",
  "Etc/GMT-10": ":",
  "Etc/GMT-11": ":",
  "Etc/GMT-12": ":",
  "Etc/GMT-13": ":",
  "Etc/GMT-14": ":",
  "Etc/GMT-2": ":",
  "Etc/GMT-3": ":",
  "Etc/GMT-4": ":",
  "Etc/GMT-5": ":",
  "Etc/GMT-6": ":",
  "Etc/GMT-7": ":",
  "Etc/GMT-8": ":",
  "Etc/GMT-9": ":",
  "Etc/GMT0": ":0=GMT",
  "Etc/Greenwich": ":0=GMT",
  "Etc/UCT": ":0=UTC",
  "Etc/UTC": ":0=UTC",
  "Etc/Universal": ":0=UTC",
  "Etc/Zulu": ":0=UTC",
  "Europe/Amsterdam": ":1172=LMT;-4260212372:1172=AMT,4772=NST,7200=CEST,3600=CET",
  "Europe/Andorra": ":364=LMT,0=WET,3600=CET,7200=CEST",
  "Europe/Astrakhan": ":11532=LMT",
  "Europe/Athens": ":5692=LMT;-2344642492:5692=AMT,7200=EET,10800=EEST;-904878000:7200=CEST,3600=CET;-812422800:7200=EET,10800=EEST",
  "Europe/Belfast": ":-75=LMT,0=GMT,3600=BST,7200=BDST",
  "Europe/Belgrade": ":4920=LMT,3600=CET,7200=CEST",
  "Europe/Berlin": "@Arctic/Longyearbyen",
  "Europe/Bratislava": ":3464=LMT;-3786829064:3464=PMT,3600=CET,7200=CEST,0=GMT",
  "Europe/Brussels": ":1050=LMT;-2840141850:1050=BMT,0=WET,3600=CET,7200=CEST;-1604278800:3600=WEST,0=WET,7200=CEST;-857257200:3600=CET,7200=CEST",
  "Europe/Bucharest": ":6264=LMT;-2469404664:6264=BMT,7200=EET,10800=EEST",
  "Europe/Budapest": ":4580=LMT,3600=CET,7200=CEST",
  "Europe/Busingen": ":2048=LMT,1786=BMT,3600=CET,7200=CEST",
  "Europe/Chisinau": ":6920=LMT,6900=CMT,6264=BMT,7200=EET,10800=EEST;-898138800:7200=CEST,3600=CET,10800=MSK,14400=MSD;641944800:10800=EEST,7200=EET",
  "Europe/Copenhagen": ":3020=LMT;-2524524620:3020=CMT,3600=CET,7200=CEST",
  "Europe/Dublin": "@Eire",
  "Europe/Gibraltar": ":-1284=LMT,0=GMT,3600=BST,7200=BDST;-401320800:3600=CET,7200=CEST",
  "Europe/Guernsey": ":-609=LMT,0=GMT,3600=BST,7200=CEST;-857257200:3600=CET,7200=CEST;-777952800:7200=BDST,3600=BST,0=GMT",
  "Europe/Helsinki": ":5989=LMT;-2890258789:5989=HMT,7200=EET,10800=EEST",
  "Europe/Isle_of_Man": ":-1075=LMT,0=GMT,3600=BST,7200=BDST",
  "Europe/Istanbul": "@Asia/Istanbul",
  "Europe/Jersey": ":-506=LMT,0=GMT,3600=BST,7200=CEST;-857257200:3600=CET,7200=CEST;-777952800:7200=BDST,3600=BST,0=GMT",
  "Europe/Kaliningrad": ":4920=LMT,3600=CET,7200=CEST;-780372000:7200=EET,10800=EEST;-749095200:10800=MSK,14400=MSD;606870000:10800=EEST,7200=EET;1301184000:7200=EET",
  "Europe/Kiev": ":7324=LMT;-2840148124:7324=KMT,7200=EET,10800=MSK;-892522800:7200=CEST,3600=CET,10800=MSK,14400=MSD;646783200:10800=EEST,7200=EET",
  "Europe/Kirov": ":11928=LMT;606866400:14400=MSD,10800=MSK;670374000:;701820000:14400=MSD,10800=MSK;1301180400:14400=MSK,10800=MSK",
  "Europe/Kyiv": "@Europe/Kiev",
  "Europe/Lisbon": ":-2205=LMT,0=WET,3600=WEST,7200=WEMT;-102549600:3600=CET,0=WET;228268800:3600=WEST,0=WET;717555600:3600=CET,7200=CEST;828234000:3600=WEST,0=WET",
  "Europe/Ljubljana": ":3484=LMT,3600=CET,7200=CEST",
  "Europe/London": "@Europe/Belfast",
  "Europe/Luxembourg": ":1476=LMT,3600=CET,7200=CEST,0=WET;-1604278800:3600=WEST,0=WET,7200=WEST;-857257200:3600=WET,7200=WEST;-797986800:3600=CET,7200=CEST",
  "Europe/Madrid": ":-884=LMT,0=WET,3600=WEST,7200=WEMT;-940208400:3600=CET,7200=CEST",
  "Europe/Malta": "@Europe/Ljubljana",
  "Europe/Mariehamn": "@Europe/Helsinki",
  "Europe/Minsk": ":6616=LMT,6600=MMT,7200=EET,10800=MSK;-899780400:7200=CEST,3600=CET,10800=MSK,14400=MSD;670374000:10800=EEST,7200=EET;1301184000:",
  "Europe/Monaco": ":1772=LMT,561=PMT,0=WET,3600=WEST,7200=WEMT;-766623600:3600=CET,7200=CEST",
  "Europe/Moscow": ":9017=LMT;-2840149817:9017=MMT,9079=MMT,12679=MST,16279=MDST,14400=MSD,10800=MSK,7200=EET;670374000:10800=EEST,7200=EET;695779200:10800=MSK,14400=MSD;1301180400:14400=MSK,10800=MSK",
  "Europe/Nicosia": "@Asia/Nicosia",
  "Europe/Oslo": ":2580=LMT,3600=CET,7200=CEST",
  "Europe/Paris": ":561=LMT;-2486592561:561=PMT,0=WET,3600=WEST,7200=CEST;-857257200:3600=CET,7200=CEST;-800071200:7200=WEMT,3600=WEST;-766623600:3600=CET,7200=CEST",
  "Europe/Podgorica": "@Europe/Belgrade",
  "Europe/Prague": "@Europe/Bratislava",
  "Europe/Riga": ":5794=LMT;-2840146594:5794=RMT,9394=LST,7200=EET,10800=MSK;-899521200:7200=CEST,3600=CET,10800=MSK,14400=MSD;606870000:10800=EEST,7200=EET",
  "Europe/Rome": ":2996=LMT;-3252098996:2996=RMT,3600=CET,7200=CEST",
  "Europe/Samara": ":12020=LMT",
  "Europe/San_Marino": "@Europe/Rome",
  "Europe/Sarajevo": ":4420=LMT,3600=CET,7200=CEST",
  "Europe/Saratov": ":11058=LMT",
  "Europe/Simferopol": ":8184=LMT,8160=SMT,7200=EET,10800=MSK;-888894000:7200=CEST,3600=CET,10800=MSK,14400=MSD;646786800:7200=EET,10800=EEST,14400=MSD;780447600:10800=MSK,14400=MSD;859683600:10800=EEST,7200=EET,14400=MSK;1414274400:10800=MSK",
  "Europe/Skopje": ":5144=LMT,3600=CET,7200=CEST",
  "Europe/Sofia": ":5596=LMT,7016=IMT,7200=EET,3600=CET;-844556400:7200=CEST,3600=CET;-781048800:7200=EET,10800=EEST",
  "Europe/Stockholm": ":4332=LMT,3614=SET,3600=CET,7200=CEST",
  "Europe/Tallinn": ":5940=LMT;-2840146740:5940=TMT,3600=CET,7200=CEST;-1535938740:7200=EET,10800=MSK;-892954800:7200=CEST,3600=CET,10800=MSK,14400=MSD;606870000:10800=EEST,7200=EET",
  "Europe/Tirane": ":4760=LMT,3600=CET,7200=CEST",
  "Europe/Tiraspol": "@Europe/Chisinau",
  "Europe/Ulyanovsk": ":11616=LMT",
  "Europe/Uzhgorod": "@Europe/Kiev",
  "Europe/Vaduz": ":2284=LMT,3600=CET,7200=CEST",
  "Europe/Vatican": "@Europe/Rome",
  "Europe/Vienna": ":3921=LMT,3600=CET,7200=CEST",
  "Europe/Vilnius": ":6076=LMT,5040=WMT,5736=KMT,3600=CET,7200=EET,10800=MSK;-900126000:7200=CEST,3600=CET,10800=MSK,14400=MSD;606870000:10800=EEST,7200=EET;891133200:7200=CEST,3600=CET;941331600:7200=EET,10800=EEST",
  "Europe/Volgograd": ":10660=LMT;575416800:14400=MSD,10800=MSK;670374000:;701820000:14400=MSD,10800=MSK;1301180400:14400=MSK,10800=MSK;1540681200:10800=MSK",
  "Europe/Warsaw": ":5040=LMT;-2840145840:5040=WMT,3600=CET,7200=CEST;-1618700400:7200=EET,10800=EEST,3600=CET;-931734000:7200=CEST,3600=CET",
  "Europe/Zagreb": ":3832=LMT,3600=CET,7200=CEST",
  "Europe/Zaporozhye": "@Europe/Kiev",
  "Europe/Zurich": "@Europe/Busingen",
  "Factory": ":0=-00",
  "GB": "@Europe/Belfast",
  "GB-Eire": "@Europe/Belfast",
  "GMT": ":0=GMT",
  "GMT+0": ":0=GMT",
  "GMT-0": ":0=GMT",
  "GMT0": ":0=GMT",
  "Greenwich": ":0=GMT",
  "HST": ":-36000=HST",
  "Hongkong": "@Asia/Hong_Kong",
  "Iceland": ":-968=LMT,0=GMT",
  "Indian/Antananarivo": ":11404=LMT,10800=EAT,14400=EAST",
  "Indian/Chagos": ":17380=LMT",
  "Indian/Christmas": ":25372=LMT",
  "Indian/Cocos": ":23260=LMT",
  "Indian/Comoro": ":10384=LMT,10800=EAT",
  "Indian/Kerguelen": ":0=-00",
  "Indian/Mahe": ":13308=LMT",
  "Indian/Maldives": ":17640=LMT;-2840158440:17640=MMT",
  "Indian/Mauritius": ":13800=LMT",
  "Indian/Mayotte": ":10856=LMT,10800=EAT",
  "Indian/Reunion": ":13312=LMT",
  "Iran": "@Asia/Tehran",
  "Israel": "@Asia/Jerusalem",
  "Jamaica": "@America/Jamaica",
  "Japan": "@Asia/Tokyo",
  "Kwajalein": ":40160=LMT",
  "Libya": "@Africa/Tripoli",
  "MET": ":3600=MET,7200=MEST",
  "MST": ":-25200=MST",
  "MST7MDT": ":-25200=MST,-21600=MDT;-880210800:-21600=MWT;-769395600:-21600=MPT,-25200=MST;-84380400:-21600=MDT,-25200=MST",
  "Mexico/BajaNorte": "@America/Ensenada",
  "Mexico/BajaSur": "@America/Mazatlan",
  "Mexico/General": "@America/Mexico_City",
  "NZ": "@Antarctica/South_Pole",
  "NZ-CHAT": ":44028=LMT",
  "Navajo": "@America/Denver",
  "PRC": "@Asia/Chongqing",
  "PST8PDT": ":-28800=PST,-25200=PDT;-880207200:-25200=PWT;-769395600:-25200=PPT,-28800=PST;-84376800:-25200=PDT,-28800=PST",
  "Pacific/Apia": ":45184=LMT,-41216=LMT",
  "Pacific/Auckland": "@Antarctica/South_Pole",
  "Pacific/Bougainville": ":37336=LMT,35312=PMMT",
  "Pacific/Chatham": "@NZ-CHAT",
  "Pacific/Chuuk": ":-49972=LMT,36428=LMT",
  "Pacific/Easter": "@Chile/EasterIsland",
  "Pacific/Efate": ":40396=LMT",
  "Pacific/Enderbury": ":0=-00",
  "Pacific/Fakaofo": ":-41096=LMT",
  "Pacific/Fiji": ":42944=LMT",
  "Pacific/Funafuti": ":43012=LMT",
  "Pacific/Galapagos": ":-21504=LMT",
  "Pacific/Gambier": ":-32388=LMT",
  "Pacific/Guadalcanal": ":38388=LMT",
  "Pacific/Guam": ":-51660=LMT,34740=LMT,36000=GST,39600=GDT;977493600:36000=ChST",
  "Pacific/Honolulu": ":-37886=LMT,-37800=HST,-34200=HDT;-880198200:-34200=HWT;-769395600:-34200=HPT,-37800=HST,-36000=HST",
  "Pacific/Johnston": "@Pacific/Honolulu",
  "Pacific/Kanton": ":0=-00",
  "Pacific/Kiritimati": ":-37760=LMT",
  "Pacific/Kosrae": ":-47284=LMT,39116=LMT",
  "Pacific/Kwajalein": ":40160=LMT",
  "Pacific/Majuro": ":41088=LMT",
  "Pacific/Marquesas": ":-33480=LMT",
  "Pacific/Midway": ":-42568=LMT;-420645600:-39600=SST",
  "Pacific/Nauru": ":40060=LMT",
  "Pacific/Niue": ":-40780=LMT",
  "Pacific/Norfolk": ":40312=LMT",
  "Pacific/Noumea": ":39948=LMT",
  "Pacific/Pago_Pago": ":45432=LMT,-40968=LMT,-39600=SST",
  "Pacific/Palau": ":-54124=LMT,32276=LMT",
  "Pacific/Pitcairn": ":-31220=LMT",
  "Pacific/Pohnpei": ":-48428=LMT,37972=LMT",
  "Pacific/Ponape": ":38388=LMT",
  "Pacific/Port_Moresby": ":35320=LMT,35312=PMMT",
  "Pacific/Rarotonga": ":48056=LMT,-38344=LMT",
  "Pacific/Saipan": ":-51420=LMT,34980=LMT,36000=GST,39600=GDT;977493600:36000=ChST",
  "Pacific/Samoa": "@Pacific/Pago_Pago",
  "Pacific/Tahiti": ":-35896=LMT",
  "Pacific/Tarawa": ":41524=LMT",
  "Pacific/Tongatapu": ":44352=LMT",
  "Pacific/Truk": ":35320=LMT,35312=PMMT",
  "Pacific/Wake": ":39988=LMT",
  "Pacific/Wallis": ":44120=LMT",
  "Pacific/Yap": ":35320=LMT,35312=PMMT",
  "Poland": "@Europe/Warsaw",
  "Portugal": "@Europe/Lisbon",
  "ROC": "@Asia/Taipei",
  "ROK": "@Asia/Seoul",
  "Singapore": "@Asia/Singapore",
  "Turkey": "@Asia/Istanbul",
  "UCT": ":0=UTC",
  "US/Alaska": "@America/Anchorage",
  "US/Aleutian": "@America/Adak",
  "US/Arizona": "@America/Phoenix",
  "US/Central": "@America/Chicago",
  "US/East-Indiana": "@America/Fort_Wayne",
  "US/Eastern": "@America/New_York",
  "US/Hawaii": "@Pacific/Honolulu",
  "US/Indiana-Starke": "@America/Indiana/Knox",
  "US/Michigan": "@America/Detroit",
  "US/Mountain": "@America/Denver",
  "US/Pacific": "@America/Los_Angeles",
  "US/Samoa": "@Pacific/Pago_Pago",
  "UTC": ":0=UTC",
  "Universal": ":0=UTC",
  "W-SU": "@Europe/Moscow",
  "WET": ":0=WET,3600=WEST",
  "Zulu": ":0=UTC",
  "posixrules": "@America/New_York",
}
