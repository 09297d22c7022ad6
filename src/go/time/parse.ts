// Go's time.Parse and time.ParseInLocation (format.go parse) on byte strings, with Go's range
// checks and zone handling; errors never quote the value (template data are secrets).

import { leadingInt } from './duration.ts'
import { isDigitAt, LONG_DAY_NAMES, LONG_MONTH_NAMES, nextStdChunk, SHORT_DAY_NAMES, SHORT_MONTH_NAMES } from './layout.ts'
import { DAYS_BEFORE, daysIn, isLeap, Time, timeDate } from './time.ts'
import { fixedZone, UTC, type Location } from './zone.ts'

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
