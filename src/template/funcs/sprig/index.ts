// Sprig's function map as ESO builds it (runtime/template/v2/sprig, Sprig 8cb06fe), family by
// family as Sprig's own source files split them, plus the second names and must* variants that
// functions.go adds. `env`, `expandenv` and `getHostByName` are left out: ESO removes them, and
// reading the render host's environment or DNS would leak it. Each family follows Sprig's Go
// source and is checked against Sprig itself by the differential test.

import type { FuncDef } from '../registry.ts'
import { CONVERSIONS } from './conversions.ts'
import { CRYPTO } from './crypto.ts'
import { DATES } from './dates.ts'
import { DEFAULTS } from './defaults.ts'
import { DICTS } from './dicts.ts'
import { ENCODING } from './encoding.ts'
import { HASHES } from './hashes.ts'
import { LISTS } from './lists.ts'
import { MATH } from './math.ts'
import { MERGE } from './merge.ts'
import { PATHS } from './paths.ts'
import { REFLECT } from './reflect.ts'
import { REGEX } from './regex.ts'
import { SEMVER } from './semver.ts'
import { STRINGS } from './strings.ts'
import { URL } from './url.ts'

const FAMILIES: FuncDef[] = [
  ...STRINGS,
  ...CONVERSIONS,
  ...DEFAULTS,
  ...REFLECT,
  ...ENCODING,
  ...HASHES,
  ...LISTS,
  ...DICTS,
  ...MATH,
  ...PATHS,
  ...URL,
  ...REGEX,
  ...MERGE,
  ...DATES,
  ...SEMVER,
  ...CRYPTO,
]

// Sprig's second names for the same Go functions (functions.go maps both to one).
const ALIASES: [alias: string, of: string][] = [
  ['push', 'append'],
  ['tuple', 'list'],
  ['biggest', 'max'],
]

// Sprig's must* variants that return the error their plain twin would panic with: the same outcome
// here. (The date, merge and semver families define their must variants themselves.)
const MUST = ['first', 'last', 'rest', 'initial', 'append', 'push', 'prepend', 'uniq', 'without', 'has', 'compact', 'reverse', 'chunk', 'deepCopy', 'toJson', 'toRawJson', 'toPrettyJson']

/** Sprig's must* variants: copies of their plain twins under the must name. */
export function withMustVariants(defs: FuncDef[], names: string[]): FuncDef[] {
  const byName = new Map(defs.map((d) => [d.name, d]))
  const out = [...defs]
  for (const n of names) {
    const d = byName.get(n)
    if (d) out.push({ ...d, name: `must${n[0].toUpperCase()}${n.slice(1)}` })
  }
  return out
}

const withAliases = [...FAMILIES, ...ALIASES.map(([alias, of]) => ({ ...FAMILIES.find((d) => d.name === of)!, name: alias }))]

/** Every Sprig function ESO's engine has. */
export const SPRIG: FuncDef[] = withMustVariants(withAliases, MUST)
