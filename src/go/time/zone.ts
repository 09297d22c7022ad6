// Go's *time.Location: UTC, Local, fixed zones and IANA zones (time.LoadLocation), and how an
// instant maps to a zone abbreviation and offset there. Knows nothing of templates.
//
// Local is UTC, always: ESO's controller runs where Local is UTC, and a render must not depend on
// the render host's TZ (the reference is Go run with TZ=UTC, where Local is named "UTC" and has no
// zone transitions).
//
// IANA zones: offsets come from ICU (Intl.DateTimeFormat, seconds precise; the pinned Node 24's ICU
// 78.2 carries tzdata 2025c), abbreviations from zone-table.ts, generated from tzdata 2025b (see its
// header), because ICU has no tzdata abbreviations.

import { ZONE_ABBREVIATIONS } from './zone-table.ts'

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
