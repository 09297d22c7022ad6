// The playground's reference of template functions, made from the function tables themselves (so it
// cannot drift): every function of ESO's map (Go's builtins, Sprig's families, ESO's own), with its
// family, its Go parameter kinds, and whether its result changes on every render.

import { BUILTINS } from '../template/funcs/builtin.ts'
import { ESO_FUNCS } from '../template/funcs/eso/index.ts'
import { HEX_FUNCS } from '../template/funcs/eso/hex.ts'
import { JWK_FUNCS } from '../template/funcs/eso/jwk.ts'
import { PEM_FUNCS } from '../template/funcs/eso/pem.ts'
import { PKCS12_FUNCS } from '../template/funcs/eso/pkcs12.ts'
import { RSA_FUNCS } from '../template/funcs/eso/rsa.ts'
import { YAML_FUNCS } from '../template/funcs/eso/yaml.ts'
import type { FuncDef } from '../template/funcs/registry.ts'
import { CONVERSIONS } from '../template/funcs/sprig/conversions.ts'
import { CRYPTO } from '../template/funcs/sprig/crypto.ts'
import { DATES } from '../template/funcs/sprig/dates.ts'
import { DEFAULTS } from '../template/funcs/sprig/defaults.ts'
import { DICTS } from '../template/funcs/sprig/dicts.ts'
import { ENCODING } from '../template/funcs/sprig/encoding.ts'
import { HASHES } from '../template/funcs/sprig/hashes.ts'
import { SPRIG } from '../template/funcs/sprig/index.ts'
import { LISTS } from '../template/funcs/sprig/lists.ts'
import { MATH } from '../template/funcs/sprig/math.ts'
import { MERGE } from '../template/funcs/sprig/merge.ts'
import { PATHS } from '../template/funcs/sprig/paths.ts'
import { RANDOM } from '../template/funcs/sprig/random.ts'
import { REFLECT } from '../template/funcs/sprig/reflect.ts'
import { REGEX } from '../template/funcs/sprig/regex.ts'
import { SEMVER } from '../template/funcs/sprig/semver.ts'
import { STRINGS } from '../template/funcs/sprig/strings.ts'
import { URL } from '../template/funcs/sprig/url.ts'

export interface FunctionEntry {
  name: string
  /** `Go builtin`, `Sprig: strings`, `ESO: pkcs12`… */
  family: string
  /** Go's parameter kinds, `...kind` for a variadic tail. */
  signature: string
  /** Its result differs on every render (randomness or the clock). */
  nondeterministic: boolean
  /** Another name of the same function (Sprig's aliases and must* variants). */
  variantOf?: string
}

// Most specific first: RANDOM's functions are also in CRYPTO's table.
const FAMILIES: [string, FuncDef[]][] = [
  ['Go builtin', BUILTINS],
  ['Sprig: random', RANDOM],
  ['Sprig: strings', STRINGS],
  ['Sprig: conversions', CONVERSIONS],
  ['Sprig: defaults', DEFAULTS],
  ['Sprig: reflection', REFLECT],
  ['Sprig: encoding', ENCODING],
  ['Sprig: hashes', HASHES],
  ['Sprig: lists', LISTS],
  ['Sprig: dicts', DICTS],
  ['Sprig: math', MATH],
  ['Sprig: paths', PATHS],
  ['Sprig: URLs', URL],
  ['Sprig: regular expressions', REGEX],
  ['Sprig: merge', MERGE],
  ['Sprig: dates', DATES],
  ['Sprig: semver', SEMVER],
  ['Sprig: crypto and certificates', CRYPTO],
  ['ESO: PEM and X.509', PEM_FUNCS],
  ['ESO: PKCS#12', PKCS12_FUNCS],
  ['ESO: JWK', JWK_FUNCS],
  ['ESO: YAML', YAML_FUNCS],
  ['ESO: RSA', RSA_FUNCS],
  ['ESO: hex', HEX_FUNCS],
]

// Functions that read the render's clock or random source through a helper (certificates: serial
// numbers and validity), which their own code does not show.
const CLOCK = new Set(['now', 'ago', 'genCAWithKey', 'genSelfSignedCertWithKey', 'genSignedCertWithKey'])

/** Every function of ESO's template map, sorted by name. */
export function functionReference(): FunctionEntry[] {
  const familyOf = new Map<FuncDef['fn'], string>()
  const byName = new Map<string, string>()
  for (const [family, defs] of FAMILIES)
    for (const d of defs) {
      if (!familyOf.has(d.fn)) familyOf.set(d.fn, family)
      if (!byName.has(d.name)) byName.set(d.name, family)
    }
  // ESO's map as the engine builds it: later tables win a name (funcMap).
  const all = new Map<string, FuncDef>()
  for (const d of [...BUILTINS, ...SPRIG, ...ESO_FUNCS]) all.set(d.name, d)
  const firstName = new Map<FuncDef['fn'], string>()
  for (const [, defs] of FAMILIES) for (const d of defs) if (!firstName.has(d.fn)) firstName.set(d.fn, d.name)
  return [...all.values()]
    .map((d) => {
      const family = byName.get(d.name) ?? familyOf.get(d.fn)
      if (!family) throw new Error(`template function ${d.name} is in no family of the reference`)
      const original = firstName.get(d.fn)
      const params = d.params.map(String)
      if (d.variadic) params.push(`...${d.variadic}`)
      return {
        name: d.name,
        family,
        signature: `${d.name}(${params.join(', ')})`,
        // The OS's randomness (keys), the render's random source (which a function is handed as
        // `ctx.random`: salts, IVs, the random family), or its clock. Sprig's date functions also read
        // the clock when given no time: the page flags what a render actually did.
        nondeterministic: d.nondeterministic === true || /\.random\b/.test(String(d.fn)) || CLOCK.has(d.name),
        ...(original && original !== d.name ? { variantOf: original } : {}),
      }
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The entries whose name, family or signature contains every word of the query (case-insensitive). */
export function searchReference(entries: FunctionEntry[], query: string): FunctionEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return entries
  return entries.filter((e) => {
    const text = `${e.name} ${e.family} ${e.signature} ${e.variantOf ?? ''}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
}
