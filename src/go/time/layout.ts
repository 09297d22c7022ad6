// Go's time layouts: the layout elements (format.go nextStdChunk), the month and day names, and
// Time.Format / Time.String (format.go AppendFormat). Go's time package works on bytes: layouts and
// results are byte strings here (see ../byte-string.ts), so lengths and slices match Go's.
// Parsing by layout is parse.ts.

import { toByteString } from '../byte-string.ts'
import { NANOS_PER_SECOND } from './duration.ts'
import { fields, type Time } from './time.ts'

export const LONG_MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
export const SHORT_MONTH_NAMES = LONG_MONTH_NAMES.map((m) => m.slice(0, 3))
export const LONG_DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
export const SHORT_DAY_NAMES = LONG_DAY_NAMES.map((d) => d.slice(0, 3))

export type Std =
  | { kind: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' | 'day' | 'underDay' | 'zeroDay' | 'underYearDay' | 'zeroYearDay' }
  | { kind: 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' | 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  | { kind: 'tz'; iso: boolean; colon: boolean; seconds: boolean; short: boolean }
  | { kind: 'frac'; trim: boolean; digits: number; separator: string }

export interface Chunk {
  prefix: string
  std?: Std
  suffix: string
}

export const isDigitAt = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9'
const startsWithLower = (s: string) => s.length > 0 && s[0] >= 'a' && s[0] <= 'z'
const STD_0X = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'] as const

/** The first layout element in a layout: the text before it, the element, the rest. */
export function nextStdChunk(layout: string): Chunk {
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
