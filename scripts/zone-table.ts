// Generates src/go/time/zone-table.ts (tzdata's zone abbreviations, which ICU does not carry) from a
// pinned input, so that a fresh clone regenerates the same table whatever tzdata its host has.
//
//   node scripts/zone-table.ts dump [ZONEINFO_DIR]  > scripts/tzdata/tzif-VERSION.txt
//       reads the host's compiled tzdata (TZif files, default /usr/share/zoneinfo, without posix/
//       and right/) into the pinned input: one text record per zone file, lossless for what the
//       table needs (the 64-bit transitions, their types' offsets and abbreviations, the footer
//       rule), one `link` line per symbolic link. Run it only to move to a new tzdata release.
//   node scripts/zone-table.ts generate [INPUT] > src/go/time/zone-table.ts
//       writes the table from the pinned input (default: PINNED_INPUT below). Deterministic: the
//       input is all it reads. test/go/time/zone-table.test.ts checks the committed table is its
//       output.

import { execFileSync } from 'node:child_process'
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PINNED_INPUT = fileURLToPath(new URL('./tzdata/tzif-2025b.txt', import.meta.url))

interface ZoneType {
  offset: number // seconds east of UTC
  abbr: string
}

/** What the table is made from, per zone file: TZif's 64-bit data and footer. */
export interface TzifData {
  transitions: number[] // Unix seconds
  typeIndexes: number[] // one per transition
  types: ZoneType[]
  footer: string // the POSIX TZ rule for instants after the last transition ("" when absent)
}

/** The 64-bit (version 2+) body of a TZif file; undefined when the file is not TZif. */
export function readTzif(b: Buffer): TzifData | undefined {
  if (b.length < 44 || b.toString('latin1', 0, 4) !== 'TZif') return undefined
  const counts = (o: number) => [20, 24, 28, 32, 36, 40].map((x) => b.readUInt32BE(o + x))
  // Skip the version 1 body (32-bit times) to reach the second header.
  let [isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(0)
  let o = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc
  ;[isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(o)
  o += 44
  const transitions: number[] = []
  for (let i = 0; i < timecnt; i++) transitions.push(Number(b.readBigInt64BE(o + i * 8)))
  o += timecnt * 8
  const typeIndexes = [...b.subarray(o, o + timecnt)]
  o += timecnt
  const raw: { offset: number; abbrIndex: number }[] = []
  for (let i = 0; i < typecnt; i++) raw.push({ offset: b.readInt32BE(o + i * 6), abbrIndex: b[o + i * 6 + 5] })
  o += typecnt * 6
  const chars = b.toString('latin1', o, o + charcnt)
  o += charcnt + leap * 12 + isstd + isutc
  const footer = b.toString('latin1', o).trim()
  const types = raw.map((t) => ({ offset: t.offset, abbr: chars.slice(t.abbrIndex, chars.indexOf('\0', t.abbrIndex)) }))
  return { transitions, typeIndexes, types, footer }
}

// --- dump: host TZif files → pinned input ---

function walk(root: string, dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n)
    if (dir === root && (n === 'posix' || n === 'right')) continue
    if (lstatSync(p).isDirectory()) walk(root, p, out)
    else out.push(relative(root, p))
  }
  return out
}

/**
 * The pinned input's text for a zoneinfo directory; `version` names the tzdata release in its
 * header, `source` where the files came from (a distribution package).
 */
export function dumpZoneinfo(root: string, version: string, source = root): string {
  const lines = [
    `# tzdata ${version}: the compiled zone files of ${source},`,
    '# without posix/ and right/, as read by scripts/zone-table.ts dump; the input of',
    '# src/go/time/zone-table.ts. Per zone file:',
    '#   zone NAME / types OFFSET=ABBR ... (TZif type order) / transitions UNIX_SECONDS=TYPE ... / footer RULE',
    '# and per symbolic link: link NAME TARGET.',
  ]
  for (const name of walk(root, root)) {
    const p = join(root, name)
    if (lstatSync(p).isSymbolicLink()) {
      lines.push(`link ${name} ${relative(root, resolve(dirname(p), readlinkSync(p)))}`)
      continue
    }
    const tz = readTzif(readFileSync(p))
    if (!tz) continue // tzdata.zi, zone.tab, leap-seconds.list...
    lines.push(
      `zone ${name}`,
      `types ${tz.types.map((t) => `${t.offset}=${t.abbr}`).join(' ')}`,
      `transitions ${tz.transitions.map((t, i) => `${t}=${tz.typeIndexes[i]}`).join(' ')}`,
      `footer ${tz.footer}`,
    )
  }
  return lines.join('\n') + '\n'
}

/** The pinned input read back: every zone name (links resolved) with its data, and the header's tzdata version. */
export function readDump(text: string): { version: string; zones: Map<string, TzifData> } {
  const version = /^# tzdata (\S+):/.exec(text)?.[1] ?? 'unknown'
  const files = new Map<string, TzifData>()
  const links: [string, string][] = []
  let cur: TzifData | undefined
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const sp = line.indexOf(' ')
    const [key, rest] = sp < 0 ? [line, ''] : [line.slice(0, sp), line.slice(sp + 1)]
    const words = rest === '' ? [] : rest.split(' ')
    if (key === 'zone') files.set(rest, (cur = { transitions: [], typeIndexes: [], types: [], footer: '' }))
    else if (key === 'link') links.push([words[0], words[1]])
    else if (key === 'types') cur!.types = words.map((w) => ({ offset: Number(w.slice(0, w.indexOf('='))), abbr: w.slice(w.indexOf('=') + 1) }))
    else if (key === 'transitions')
      for (const w of words) {
        const [t, i] = w.split('=')
        cur!.transitions.push(Number(t))
        cur!.typeIndexes.push(Number(i))
      }
    else if (key === 'footer') cur!.footer = rest
    else throw new Error(`pinned input: unknown line ${JSON.stringify(line.slice(0, 40))}`)
  }
  const zones = new Map(files)
  for (const [name, target] of links) {
    const data = files.get(target)
    if (data) zones.set(name, data) // a link to something that is not a zone file (localtime) is not a zone
  }
  return { version, zones: new Map([...zones].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) }
}

// --- generate: pinned input → table ---

/** tzdata's numeric abbreviation of an offset, as zic writes it for zones without letters ("+03", "+0530"). */
const numeric = (off: number) => {
  const a = Math.abs(off)
  const h = Math.floor(a / 3600)
  const m = Math.floor(a / 60) % 60
  const s = a % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return (off < 0 ? '-' : '+') + two(h) + (m || s ? two(m) : '') + (s ? two(s) : '')
}

/** One zone's eras, "start:offset=ABBR,...;..." (see the table's doc comment). */
function eras(tz: TzifData): string {
  // Before the first transition, the first type (Go's lookupFirstZone; approximated by type 0).
  const steps: [number, number, string][] = [[-Infinity, tz.types[0].offset, tz.types[0].abbr]]
  tz.transitions.forEach((t, i) => steps.push([t, tz.types[tz.typeIndexes[i]].offset, tz.types[tz.typeIndexes[i]].abbr]))
  // After the last transition, the footer rule's standard and daylight names.
  const m = /^(<[^>]+>|[A-Za-z]+)([-+]?[\d:]+)(?:(<[^>]+>|[A-Za-z]+)([-+]?[\d:]+)?)?/.exec(tz.footer)
  if (m) {
    const hms = (s: string) => {
      const sign = s.startsWith('-') ? -1 : 1
      const [h, mi = '0', se = '0'] = s.replace(/^[-+]/, '').split(':')
      return sign * (+h * 3600 + +mi * 60 + +se)
    }
    const std = -hms(m[2])
    const strip = (a: string) => a.replace(/[<>]/g, '')
    const last = steps[steps.length - 1][0]
    steps.push([last + 1, std, strip(m[1])])
    if (m[3]) steps.push([last + 2, m[4] ? -hms(m[4]) : std + 3600, strip(m[3])])
  }
  // A new era starts where an offset would get a second name.
  const out: [number, Map<number, string>][] = []
  for (const [t, off, abbr] of steps) {
    const cur = out.at(-1)
    if (cur && (!cur[1].has(off) || cur[1].get(off) === abbr)) {
      cur[1].set(off, abbr)
      continue
    }
    out.push([t, new Map([[off, abbr]])])
  }
  return out
    .map(([t, names]) => {
      const parts = [...names].filter(([o, a]) => a !== numeric(o)).map(([o, a]) => `${o}=${a}`)
      return `${t === -Infinity ? '' : t}:${parts.join(',')}`
    })
    .join(';')
}

/** The text of src/go/time/zone-table.ts for the pinned input's text. */
export function generateZoneTable(input: string): string {
  const { version, zones } = readDump(input)
  const seen = new Map<string, string>()
  const rows: string[] = []
  for (const [zone, tz] of zones) {
    const e = eras(tz)
    const ref = seen.get(e)
    if (ref !== undefined && e.length > ref.length + 1) rows.push(`  ${JSON.stringify(zone)}: ${JSON.stringify('@' + ref)},`)
    else {
      if (ref === undefined) seen.set(e, zone)
      rows.push(`  ${JSON.stringify(zone)}: ${JSON.stringify(e)},`)
    }
  }
  return `// Generated by scripts/zone-table.ts from scripts/tzdata/tzif-${version}.txt (tzdata ${version}); do not edit.
// The input is pinned in the repository, so regenerating does not depend on the host's tzdata;
// test/go/time/zone-table.test.ts checks that this file is what the script writes.

/**
 * Every zone file of tzdata ${version} (Debian's /usr/share/zoneinfo, without posix/ and right/), as
 * eras of "start:offset=ABBR,...;start:...": from a Unix second (empty: the beginning of time)
 * the letters abbreviation of each offset the zone uses; offsets not listed print tzdata's
 * numeric form ("+03", "+0530"). "@Zone" names a zone with the same data. An era starts where a
 * transition would give an offset a second name. Made from the TZif files' 64-bit transitions
 * and types and their footer rule's names.
 */
// prettier-ignore
export const ZONE_ABBREVIATIONS: Record<string, string> = {
${rows.join('\n')}
}
`
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, arg] = process.argv.slice(2)
  if (command === 'dump') {
    const root = arg ?? '/usr/share/zoneinfo'
    const version = /^# version (\S+)/.exec(readFileSync(join(root, 'tzdata.zi'), 'utf8'))?.[1] ?? 'unknown'
    let source = root
    try {
      source = `${root} (Debian package tzdata ${execFileSync('dpkg-query', ['-W', '-f=${Version}', 'tzdata'], { encoding: 'utf8' })})`
    } catch {
      // not a Debian host: the directory names the source
    }
    process.stdout.write(dumpZoneinfo(root, version, source))
  } else if (command === 'generate') {
    process.stdout.write(generateZoneTable(readFileSync(arg ?? PINNED_INPUT, 'utf8')))
  } else {
    process.stderr.write('usage: node scripts/zone-table.ts dump [ZONEINFO_DIR] | generate [INPUT]\n')
    process.exitCode = 2
  }
}
