// Sprig's semver and semverCompare, on Masterminds/semver v3.4.0 (what ESO builds with):
// NewVersion in its default coercing mode (looseSemVerRegex: "v1", "1.2", leading zeros), Version's
// methods as a *semver.Version GoObject, and NewConstraint/Check with the library's own constraint
// grammar (which is not npm's): ^ ~ ~> wildcards, hyphen ranges, || and ,/space AND, != and the
// prerelease rule (a prerelease version only matches an OR group that names a prerelease).
//
// Errors name what was wrong and never echo the version or constraint (Go's "improper constraint:
// %s" and strconv's messages carry the input; these functions leave it out).

import { GoObject, GoTypedInt, type GoMethod, type GoString, type GoValue } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { text } from './conversions.ts'

interface Version {
  major: bigint
  minor: bigint
  patch: bigint
  pre: string
  metadata: string
  original: string
}

const MAX_UINT64 = 2n ** 64n - 1n

// Go's \s is [\t\n\f\r ] (not \v, not Unicode spaces); \d is [0-9].
const WS = '[\\t\\n\\f\\r ]'
const LOOSE_VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/

/** semver's ParseUint of a segment. */
function parseSegment(s: string): bigint {
  const n = BigInt(s)
  if (n > MAX_UINT64) throw new FuncError('error parsing version segment: strconv.ParseUint: value out of range')
  return n
}

const NUMERIC = /^[0-9]*$/

/** validatePrerelease. */
function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (part === '') throw new FuncError('invalid prerelease string')
    if (NUMERIC.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new FuncError('version segment starts with 0')
    } else if (!/^[0-9A-Za-z-]*$/.test(part)) throw new FuncError('invalid prerelease string')
  }
}

/** validateMetadata. */
function validateMetadata(m: string): void {
  for (const part of m.split('.')) if (part === '' || !/^[0-9A-Za-z-]*$/.test(part)) throw new FuncError('invalid metadata string')
}

/** NewVersion with CoerceNewVersion (the default): coerceNewVersion. */
export function newVersion(v: string): Version {
  const m = LOOSE_VERSION.exec(v)
  if (!m) throw new FuncError('invalid semantic version')
  const sv: Version = { major: parseSegment(m[1]), minor: 0n, patch: 0n, pre: m[5] ?? '', metadata: m[8] ?? '', original: v }
  if (m[2]) sv.minor = parseSegment(m[2].slice(1))
  if (m[3]) sv.patch = parseSegment(m[3].slice(1))
  if (sv.pre !== '') validatePrerelease(sv.pre)
  if (sv.metadata !== '') validateMetadata(sv.metadata)
  return sv
}

/** Version.String. */
function versionString(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? '-' + v.pre : ''}${v.metadata ? '+' + v.metadata : ''}`
}

const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)
/** Go's string comparison: by bytes (the prerelease parts are ASCII, so by code unit). */
const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** comparePrePart: numeric parts below alphanumeric ones; numbers by value, the rest by bytes. */
function comparePrePart(s: string, o: string): number {
  if (s === o) return 0
  if (s === '') return o !== '' ? -1 : 1
  if (o === '') return s !== '' ? 1 : -1
  const num = (x: string) => (/^[0-9]+$/.test(x) && BigInt(x) <= MAX_UINT64 ? BigInt(x) : undefined)
  const oi = num(o)
  const si = num(s)
  if (oi === undefined && si === undefined) return cmpStr(s, o) > 0 ? 1 : -1
  if (oi === undefined) return -1
  if (si === undefined) return 1
  return si > oi ? 1 : -1
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.')
  const op = o.split('.')
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '')
    if (d !== 0) return d
  }
  return 0
}

/** Version.Compare: metadata is ignored; a release is above its prereleases. */
export function compareVersions(v: Version, o: Version): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch)
  if (d !== 0) return d
  if (v.pre === '' && o.pre === '') return 0
  if (v.pre === '') return 1
  if (o.pre === '') return -1
  return comparePrerelease(v.pre, o.pre)
}

// --- Version as a Go value ---

const u64 = (n: bigint) => new GoTypedInt('uint64', n)
const vPrefix = (v: Version) => (v.original.startsWith('v') ? 'v' : '')
const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference'

/** A *Version argument: another version from semver, or nil. */
function versionArg(x: GoValue): Version | null {
  if (x === null || x === undefined) return null
  const v = x instanceof GoObject && x.kind === 'ptr' ? VERSIONS.get(x) : undefined
  if (!v) throw new FuncError(`wrong type for value; expected *semver.Version; got ${x instanceof GoObject ? x.type : 'another type'}`)
  return v
}

const VERSIONS = new WeakMap<GoObject, Version>()

/** A derived Version (Inc*, Set*): the library's rule for keeping a leading v in Original. */
function derived(v: Version, change: Partial<Version>): Version {
  const next = { ...v, ...change }
  next.original = vPrefix(v) + versionString(next)
  return next
}

/**
 * The Go value: *semver.Version from semver (pointer: every method), semver.Version from the Inc*
 * and Set* methods (a value result is not addressable, so only value-receiver methods reach it).
 */
export function versionObject(v: Version, pointer: boolean): GoObject {
  const noArgs = (fn: () => GoValue): GoMethod => ({ params: [], fn })
  const methods: Record<string, GoMethod> = {
    String: noArgs(() => versionString(v)),
    Major: noArgs(() => u64(v.major)),
    Minor: noArgs(() => u64(v.minor)),
    Patch: noArgs(() => u64(v.patch)),
    Prerelease: noArgs(() => v.pre),
    Metadata: noArgs(() => v.metadata),
    // IncPatch on a prerelease drops the prerelease and keeps the patch number.
    IncPatch: noArgs(() => versionObject(derived(v, v.pre !== '' ? { pre: '', metadata: '' } : { pre: '', metadata: '', patch: BigInt.asUintN(64, v.patch + 1n) }), false)),
    IncMinor: noArgs(() => versionObject(derived(v, { pre: '', metadata: '', patch: 0n, minor: BigInt.asUintN(64, v.minor + 1n) }), false)),
    IncMajor: noArgs(() => versionObject(derived(v, { pre: '', metadata: '', patch: 0n, minor: 0n, major: BigInt.asUintN(64, v.major + 1n) }), false)),
    SetPrerelease: {
      params: ['string'],
      fn: (p) => {
        const pre = text(p as GoString)
        if (pre !== '') validatePrerelease(pre)
        return versionObject(derived(v, { pre }), false)
      },
    },
    SetMetadata: {
      params: ['string'],
      fn: (m) => {
        const metadata = text(m as GoString)
        if (metadata !== '') validateMetadata(metadata)
        return versionObject(derived(v, { metadata }), false)
      },
    },
  }
  if (pointer) {
    const compareWith = (x: GoValue) => {
      const o = versionArg(x)
      if (!o) throw new FuncError(NIL_DEREF)
      return compareVersions(v, o)
    }
    Object.assign(methods, {
      Original: noArgs(() => v.original),
      Compare: { params: ['any'], fn: (x) => BigInt(compareWith(x)) },
      LessThan: { params: ['any'], fn: (x) => compareWith(x) < 0 },
      LessThanEqual: { params: ['any'], fn: (x) => compareWith(x) <= 0 },
      GreaterThan: { params: ['any'], fn: (x) => compareWith(x) > 0 },
      GreaterThanEqual: { params: ['any'], fn: (x) => compareWith(x) >= 0 },
      // Equal(nil) is false rather than a nil dereference.
      Equal: { params: ['any'], fn: (x) => (x === null || x === undefined ? false : compareWith(x) === 0) },
    } satisfies Record<string, GoMethod>)
  }
  const obj = new GoObject({
    type: pointer ? '*semver.Version' : 'semver.Version',
    kind: pointer ? 'ptr' : 'struct',
    methods,
    text: () => versionString(v),
    json: () => versionString(v),
  })
  VERSIONS.set(obj, v)
  return obj
}

// --- constraints ---

const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^'
const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?'
const CONSTRAINT = new RegExp(`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`)
const CONSTRAINT_RANGE = new RegExp(`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`, 'g')
const FIND_CONSTRAINT = new RegExp(`(${OPS})${WS}*(${CV})`, 'g')
const VALID_CONSTRAINT = new RegExp(`^(${WS}*(${OPS})${WS}*(${CV})${WS}*)((?:${WS}+|,${WS}*)(${OPS})${WS}*(${CV})${WS}*)*$`)

interface Constraint {
  con: Version
  orig: string
  op: string
  minorDirty: boolean
  patchDirty: boolean
  dirty: boolean
}

const isX = (x: string) => x === 'x' || x === '*' || x === 'X'

/** parseConstraint. */
function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT.exec(c)
  if (!m) throw new FuncError('improper constraint')
  const cs: Constraint = { con: undefined as unknown as Version, orig: m[2], op: m[1], minorDirty: false, patchDirty: false, dirty: false }
  const [major, minor = '', patch = '', pre = ''] = [m[3], m[4], m[5], m[6]]
  let ver = m[2]
  if (isX(major)) {
    ver = `0.0.0${pre}`
    cs.dirty = true
  } else if (isX(minor.slice(1)) || minor === '') {
    cs.minorDirty = cs.dirty = true
    ver = `${major}.0.0${pre}`
  } else if (isX(patch.slice(1)) || patch === '') {
    cs.patchDirty = cs.dirty = true
    ver = `${major}${minor}.0${pre}`
  }
  try {
    cs.con = newVersion(ver)
  } catch {
    throw new FuncError('constraint parser error')
  }
  return cs
}

/** rewriteRange: "a - b" becomes ">= a, <= b " (each match replaces its first occurrence). */
function rewriteRange(s: string): string {
  let out = s
  for (const m of s.matchAll(CONSTRAINT_RANGE)) out = out.replace(m[0], () => `>= ${m[1]}, <= ${m[11]} `)
  return out
}

/** NewConstraint: OR groups of AND-ed constraints, and whether each group names a prerelease. */
function newConstraint(c: string): { groups: Constraint[][]; containsPre: boolean[] } {
  // Whitespace runs matter only as separators, so they collapse to one space: the same verdicts,
  // without the backtracking a JS regex would spend on long runs (Go's regexp is linear).
  c = rewriteRange(c.replace(/[\t\n\f\r ]+/g, ' '))
  const groups: Constraint[][] = []
  const containsPre: boolean[] = []
  for (const part of c.split('||')) {
    if (!VALID_CONSTRAINT.test(part)) throw new FuncError('improper constraint')
    const found = [...part.matchAll(FIND_CONSTRAINT)].map((m) => m[0])
    const parsed = (found.length ? found : [part]).map(parseConstraint)
    groups.push(parsed)
    containsPre.push(parsed.some((p) => p.con.pre !== ''))
  }
  return { groups, containsPre }
}

type Check = (v: Version, c: Constraint) => boolean

const tilde: Check = (v, c) => {
  if (compareVersions(v, c.con) < 0) return false
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true
  if (v.major !== c.con.major) return false
  return !(v.minor !== c.con.minor && !c.minorDirty)
}

const notEqual: Check = (v, c) => {
  if (c.dirty) {
    if (c.con.major !== v.major) return true
    if (c.con.minor !== v.minor && !c.minorDirty) return true
    if (c.minorDirty) return false
    if (c.con.patch !== v.patch && !c.patchDirty) return true
    if (c.patchDirty) {
      if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0
      return false
    }
  }
  return compareVersions(v, c.con) !== 0
}

const greaterThan: Check = (v, c) => {
  if (!c.dirty) return compareVersions(v, c.con) === 1
  if (v.major > c.con.major) return true
  if (v.major < c.con.major) return false
  if (c.minorDirty) return false
  if (c.patchDirty) return v.minor > c.con.minor
  return compareVersions(v, c.con) === 1
}

const lessThanEqual: Check = (v, c) => {
  if (!c.dirty) return compareVersions(v, c.con) <= 0
  if (v.major > c.con.major) return false
  return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty)
}

const caret: Check = (v, c) => {
  if (compareVersions(v, c.con) < 0) return false
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major
  if (c.con.major === 0n && v.major > 0n) return false
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor
  if (c.con.minor === 0n && v.minor > 0n) return false
  return c.con.patch === v.patch
}

const CHECKS: Record<string, Check> = {
  '': (v, c) => (c.dirty ? tilde(v, c) : compareVersions(v, c.con) === 0),
  '=': (v, c) => (c.dirty ? tilde(v, c) : compareVersions(v, c.con) === 0),
  '!=': notEqual,
  '>': greaterThan,
  '<': (v, c) => compareVersions(v, c.con) < 0,
  '>=': (v, c) => compareVersions(v, c.con) >= 0,
  '=>': (v, c) => compareVersions(v, c.con) >= 0,
  '<=': lessThanEqual,
  '=<': lessThanEqual,
  '~': tilde,
  '~>': tilde,
  '^': caret,
}

/** Constraints.Check: some OR group where every constraint holds. */
function check(cs: ReturnType<typeof newConstraint>, v: Version): boolean {
  return cs.groups.some((group, i) =>
    // A prerelease version is refused by every constraint of a group that names no prerelease.
    group.every((c) => (v.pre !== '' && !cs.containsPre[i] ? false : CHECKS[c.op](v, c))),
  )
}

export const SEMVER: FuncDef[] = [
  { name: 'semver', params: ['string'], fn: (_c, s) => versionObject(newVersion(text(s as GoString)), true) },
  {
    name: 'semverCompare',
    params: ['string', 'string'],
    fn: (_c, constraint, version) => {
      const cs = newConstraint(text(constraint as GoString))
      return check(cs, newVersion(text(version as GoString)))
    },
  },
]
