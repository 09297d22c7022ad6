// How template functions are declared: Go parameter kinds (ParamKind, in the value model: ../value.ts)
// so the executor can apply Go's argument rules in one place, variadic tails, and (value, error)
// results as thrown FuncErrors. Function families (builtin, sprig/, eso/) each export FuncDefs.

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
}

/** The error half of a Go function's (value, error) result: "error calling NAME: message". */
export class FuncError extends Error {
  override name = 'FuncError'
}

export type FuncMap = Map<string, FuncDef>

export function funcMap(...families: FuncDef[][]): FuncMap {
  const map: FuncMap = new Map()
  for (const family of families) for (const def of family) map.set(def.name, def)
  return map
}
