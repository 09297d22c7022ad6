// How template functions are declared: Go parameter kinds (so the executor can apply Go's argument
// rules in one place), variadic tails, and (value, error) results as thrown FuncErrors. Function
// families (builtin, the Sprig families, ESO's) each export a list of FuncDefs.

import type { GoValue } from '../value.ts'

/**
 * A parameter as Go types it:
 *   'value'   reflect.Value: anything, including "no value" (and, or, not, len, index, eq...)
 *   'any'     interface{}: anything; "no value" arrives as nil
 *   'string' | 'int' | 'float64' | 'bool'   a value of exactly that Go type (untyped constants convert)
 *   'dict'    map[string]interface{} (Sprig's dict functions; ESO's map[string]string root is refused)
 */
export type ParamKind = 'value' | 'any' | 'string' | 'int' | 'float64' | 'bool' | 'dict'

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
