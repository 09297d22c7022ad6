// The work and memory one template execution may use (DESIGN.md "template output size and work").
// Steps count work: every node walked, command evaluated, function call and range iteration, the
// string arguments a call reads, and the fixed price of the expensive functions (key generation,
// bcrypt, scrypt). Bytes count what functions allocate: strings by length, list elements and map
// entries at a flat size. Both are counted as the work happens, and the functions that multiply
// their input (until, seq, repeat, indent, replace...) charge before they allocate, so a hostile
// template fails at the call that would blow up, not after.
//
// Execution is synchronous, so the executor installs its budget for the run (withBudget) and the
// code deep inside the value model (fmt, encoders, walkers of nested values) charges it through
// spendSteps/spendBytes without a parameter threaded through every signature. Outside an
// execution nothing is charged.

import { GoBytes, type GoValue } from './value.ts'

/** A template execution may take this many steps (see the header). */
export const DEFAULT_MAX_STEPS = 1_000_000
/** ...and allocate this many bytes, counted as ELEMENT_BYTES and ENTRY_BYTES say. */
export const DEFAULT_MAX_ALLOC_BYTES = 64 * 1024 * 1024

/** What one list element counts as (V8 holds a pointer and, for numbers, a heap object). */
export const ELEMENT_BYTES = 16
/** What one map entry counts as, besides its key's length. */
export const ENTRY_BYTES = 32
/** A call reads its string arguments: one step per this many bytes of them. */
export const BYTES_PER_STEP = 256

export type BudgetLimit = 'steps' | 'bytes'

/** Thrown where the budget runs out; the executor turns it into a TemplateBudgetError at its node. */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded'
  readonly limit: BudgetLimit
  readonly max: number
  constructor(limit: BudgetLimit, max: number) {
    super(limit === 'steps' ? `more than ${max} steps` : `more than ${max} bytes allocated`)
    this.limit = limit
    this.max = max
  }
}

export class Budget {
  steps = 0
  bytes = 0
  readonly maxSteps: number
  readonly maxBytes: number
  constructor(maxSteps: number, maxBytes: number) {
    this.maxSteps = maxSteps
    this.maxBytes = maxBytes
  }
  step(n = 1): void {
    this.steps += n
    if (this.steps > this.maxSteps) throw new BudgetExceeded('steps', this.maxSteps)
  }
  alloc(n: number): void {
    this.bytes += n
    if (this.bytes > this.maxBytes) throw new BudgetExceeded('bytes', this.maxBytes)
  }
}

let active: Budget | undefined

/** Runs `f` with `budget` charged by spendSteps/spendBytes (the previous one restored after). */
export function withBudget<T>(budget: Budget, f: () => T): T {
  const saved = active
  active = budget
  try {
    return f()
  } finally {
    active = saved
  }
}

/** Charges work to the running execution's budget, if any. */
export function spendSteps(n: number): void {
  active?.step(n)
}

/** Charges an allocation to the running execution's budget, if any; call it before allocating. */
export function spendBytes(n: number): void {
  active?.alloc(n)
}

/** The bytes of the strings among a call's arguments: what it may have to read. */
export function stringBytes(values: GoValue[]): number {
  let n = 0
  for (const v of values) {
    if (typeof v === 'string') n += v.length
    else if (v instanceof GoBytes) n += v.bytes.length
  }
  return n
}
