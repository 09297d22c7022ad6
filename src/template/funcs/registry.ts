// How template functions are declared: Go parameter kinds (ParamKind, in the value model: ../value.ts)
// so the executor can apply Go's argument rules in one place, variadic tails, and (value, error)
// results as thrown FuncErrors. Function families (builtin, sprig/, eso/) each export FuncDefs.

import { stringBytes } from '../budget.ts'
import type { GoValue, ParamKind } from '../value.ts'

export interface ExecContext {
  random: () => number
  now: () => Date
}

export interface FuncDef {
  name: string
  params: ParamKind[]
  variadic?: ParamKind
  fn: (ctx: ExecContext, ...args: GoValue[]) => GoValue
  /** The result draws on the OS's randomness (keys, salts, IVs): a render with it is not repeatable. */
  nondeterministic?: boolean
  /**
   * Steps a call costs beyond the one every call costs (../budget.ts), charged before it runs: the
   * price of key generation, bcrypt or scrypt, so that a handful of calls fit and fifty do not.
   */
  cost?: number | ((args: GoValue[]) => number)
}

/** The error half of a Go function's (value, error) result: "error calling NAME: message". */
export class FuncError extends Error {
  override name = 'FuncError'
}

/** A FuncDef cost: one step per `bytesPerStep` bytes of the call's string arguments. */
export function perByte(bytesPerStep: number): (args: GoValue[]) => number {
  return (args) => Math.floor(stringBytes(args) / bytesPerStep)
}

/**
 * The cost of functions that work through their strings in JS rather than in V8's natives, by the
 * speed measured here (the executor already charges one step per BYTES_PER_STEP for every call):
 * `slow` for 100 ns a byte and more (case mapping rune by rune, base32, Go's quoting), `medium` for
 * 10 to 100 (escaping, wrapping, trimming sets, YAML). A step then stays near a microsecond.
 */
export const BYTEWISE = { slow: perByte(2), medium: perByte(16) }

export type FuncMap = Map<string, FuncDef>

export function funcMap(...families: FuncDef[][]): FuncMap {
  const map: FuncMap = new Map()
  for (const family of families) for (const def of family) map.set(def.name, def)
  return map
}
