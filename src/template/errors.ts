// TemplateError: a parse or execution failure, worded as Go's text/template words it, and its
// TemplateBudgetError, an execution over its budget. Messages name templates, lines, fields and
// types; the engine never quotes a data value on its own. What
// a function says when it fails (`fail`'s argument, a date or pattern read from data) is the
// template's own text and may carry data: it is kept apart, so that a caller can withhold it.

/** A failure in Go's shape, in parts: `LOCATION: executing EXECUTING at <ACTION>: DETAIL`. */
export interface TemplateErrorParts {
  /** `template: NAME:LINE:COL` (exec), `template: NAME:LINE` (parse) or `template: NAME`. */
  location: string
  /** The running template's name, quoted as Go's %q quotes it. */
  executing?: string
  /** The action's text (the template's own text). */
  action?: string
  /** Go's words after the location (for a function's failure: `error calling NAME: MESSAGE`). */
  detail: string
  /** A function's failure: its name, and its own message (part of `detail`). */
  calling?: { name: string; message: string }
}

export class TemplateError extends Error {
  override name = 'TemplateError'
  readonly phase: 'parse' | 'exec'
  readonly parts: TemplateErrorParts
  constructor(phase: 'parse' | 'exec', parts: TemplateErrorParts) {
    super(formatParts(parts))
    this.phase = phase
    this.parts = parts
  }
}

export function formatParts(p: TemplateErrorParts): string {
  const executing = p.executing === undefined ? '' : ` executing ${p.executing} at <${p.action ?? ''}>:`
  return `${p.location}:${executing} ${p.detail}`
}

/**
 * An execution that ran out of its budget (budget.ts): more steps than maxSteps, or more bytes
 * allocated than maxAllocBytes. `limit` says which; the message names the limit, never a value.
 */
export class TemplateBudgetError extends TemplateError {
  override name = 'TemplateBudgetError'
  readonly limit: 'steps' | 'bytes'
  readonly max: number
  constructor(parts: TemplateErrorParts, limit: 'steps' | 'bytes', max: number) {
    super('exec', parts)
    this.limit = limit
    this.max = max
  }
}
