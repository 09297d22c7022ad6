// Go's time.Duration: ParseDuration (on JS text and on byte strings), Duration.String, Round and
// Truncate, over bigint nanoseconds in the int64 range. Knows nothing of templates.

import { toByteString } from '../byte-string.ts'

/** time.Second, in nanoseconds (a Duration). */
export const NANOS_PER_SECOND = 1_000_000_000n

/** The Duration range: an int64 of nanoseconds. */
export const MIN_DURATION = -(2n ** 63n)
export const MAX_DURATION = 2n ** 63n - 1n

/** leadingInt: the leading [0-9]*; undefined on overflow past 1<<63. */
export function leadingInt(s: string): [bigint, string] | undefined {
  let i = 0
  let x = 0n
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    if (x > 2n ** 63n / 10n) return undefined
    x = x * 10n + BigInt(s.charCodeAt(i) - 48)
    if (x > 2n ** 63n) return undefined
  }
  return [x, s.slice(i)]
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5 micro sign, as UTF-8 bytes in a byte string
  μs: 1000n, // U+03BC Greek mu
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
