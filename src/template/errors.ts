// TemplateError: a parse or execution failure, worded as Go's text/template words it. Messages
// name templates, lines, fields and types; never a data value.

export class TemplateError extends Error {
  override name = 'TemplateError'
  readonly phase: 'parse' | 'exec'
  constructor(phase: 'parse' | 'exec', message: string) {
    super(message)
    this.phase = phase
  }
}
