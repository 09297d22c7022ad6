// TemplateError: a parse or execution failure, worded as Go's text/template words it, and its
// TemplateBudgetError, an execution over its budget. Messages name templates, lines, fields and
// types; never a data value.

export class TemplateError extends Error {
  override name = 'TemplateError'
  readonly phase: 'parse' | 'exec'
  constructor(phase: 'parse' | 'exec', message: string) {
    super(message)
    this.phase = phase
  }
}

/**
 * An execution that ran out of its budget (budget.ts): more steps than maxSteps, or more bytes
 * allocated than maxAllocBytes. `limit` says which; the message names the limit, never a value.
 */
export class TemplateBudgetError extends TemplateError {
  override name = 'TemplateBudgetError'
  readonly limit: 'steps' | 'bytes'
  readonly max: number
  constructor(message: string, limit: 'steps' | 'bytes', max: number) {
    super('exec', message)
    this.limit = limit
    this.max = max
  }
}
