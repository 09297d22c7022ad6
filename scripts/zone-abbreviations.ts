// Generates the ZONE_ABBREVIATIONS table at the end of src/template/gotime.ts from the host's
// tzdata (/usr/share/zoneinfo TZif files): Intl gives offsets but not tzdata's abbreviations.
// Usage: node scripts/zone-abbreviations.ts > table.txt, then paste it into the table.

import { readFileSync, readdirSync, statSync } from 'node:fs'
const root = '/usr/share/zoneinfo'
function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = dir + '/' + n
    if (['posix', 'right'].includes(n) && dir === root) continue
    if (statSync(p).isDirectory()) walk(p, out)
    else out.push(p.slice(root.length + 1))
  }
  return out
}
function parse(b: Buffer) {
  if (b.toString('latin1', 0, 4) !== 'TZif') return
  const hdr = (o: number) => [20, 24, 28, 32, 36, 40].map((x) => b.readUInt32BE(o + x))
  let [isutc, isstd, leap, timecnt, typecnt, charcnt] = hdr(0)
  let o = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc
  ;[isutc, isstd, leap, timecnt, typecnt, charcnt] = hdr(o)
  o += 44
  const trans: number[] = []
  for (let i = 0; i < timecnt; i++) trans.push(Number(b.readBigInt64BE(o + i * 8)))
  o += timecnt * 8
  const idx = [...b.subarray(o, o + timecnt)]
  o += timecnt
  const raw = []
  for (let i = 0; i < typecnt; i++) raw.push({ off: b.readInt32BE(o + i * 6), ai: b[o + i * 6 + 5] })
  o += typecnt * 6
  const chars = b.toString('latin1', o, o + charcnt)
  o += charcnt + leap * 12 + isstd + isutc
  const footer = b.toString('latin1', o).trim()
  const types = raw.map((t) => ({ off: t.off, abbr: chars.slice(t.ai, chars.indexOf('\0', t.ai)) }))
  return { trans, idx, types, footer }
}
const numeric = (off: number) => { const s = off < 0 ? '-' : '+'; let a = Math.abs(off); const h = Math.floor(a / 3600), m = Math.floor(a / 60) % 60, sec = a % 60; return s + String(h).padStart(2, '0') + (m || sec ? String(m).padStart(2, '0') : '') + (sec ? String(sec).padStart(2, '0') : '') }
const minStart = Number(process.argv[2] ?? -1e18)
const out: Record<string, string> = {}
for (const z of walk(root).sort()) {
  if (z === 'localtime' || z === 'posixrules' && false) continue
  let tz
  try { tz = parse(readFileSync(root + '/' + z)) } catch { continue }
  if (!tz) continue
  // Go: before the first transition, the first non-DST type (lookupFirstZone; approx: type 0)
  const steps: [number, number, string][] = [[-Infinity, tz.types[0].off, tz.types[0].abbr]]
  tz.trans.forEach((t, i) => steps.push([t, tz.types[tz.idx[i]].off, tz.types[tz.idx[i]].abbr]))
  // footer: std and dst abbreviations
  const m = /^(<[^>]+>|[A-Za-z]+)([-+]?[\d:]+)(?:(<[^>]+>|[A-Za-z]+)([-+]?[\d:]+)?)?/.exec(tz.footer)
  if (m) {
    const hms = (s: string) => { const sign = s.startsWith('-') ? -1 : 1; const [h, mi = '0', se = '0'] = s.replace(/^[-+]/, '').split(':'); return sign * (+h * 3600 + +mi * 60 + +se) }
    const std = -hms(m[2]); const strip = (a: string) => a.replace(/[<>]/g, '')
    const last = steps[steps.length - 1][0]
    steps.push([last + 1, std, strip(m[1])])
    if (m[3]) steps.push([last + 2, m[4] ? -hms(m[4]) : std + 3600, strip(m[3])])
  }
  const eras: [number, Map<number, string>][] = []
  for (const [t, off, abbr] of steps) {
    if (t < minStart && eras.length && t !== -Infinity) { /* merge into first */ }
    const cur = eras.at(-1)
    if (cur && (!cur[1].has(off) || cur[1].get(off) === abbr)) { cur[1].set(off, abbr); continue }
    eras.push([t, new Map([[off, abbr]])])
  }
  const enc = eras.map(([t, map]) => {
    const parts = [...map].filter(([o, a]) => a !== numeric(o)).map(([o, a]) => `${o}=${a}`)
    return `${t === -Infinity ? '' : t}:${parts.join(',')}`
  })
  // drop trailing-empty: if every era has no alpha, zone is purely numeric
  out[z] = enc.join(';')
}
const seen = new Map<string, string>()
const lines: string[] = []
for (const [z, e] of Object.entries(out)) {
  const ref = seen.get(e)
  if (ref !== undefined && e.length > ref.length + 1) lines.push(`  ${JSON.stringify(z)}: ${JSON.stringify('@' + ref)},`)
  else { if (ref === undefined) seen.set(e, z); lines.push(`  ${JSON.stringify(z)}: ${JSON.stringify(e)},`) }
}
const s = lines.join('\n')
console.error('zones', Object.keys(out).length, 'bytes', s.length, 'eras', Object.values(out).reduce((a, e) => a + e.split(';').length, 0))
console.log(s)
