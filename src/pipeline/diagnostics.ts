// What a render has to say besides its output: the errors that fail it and the notices that do
// not. Every stage adds to one Diagnostics; the render stops between stages once it holds an error.

import { RenderErrors, type FileRef, type RenderError, type ResourceId } from '../errors.ts'

export interface Notice {
  severity: 'warning' | 'info'
  message: string
  resource?: ResourceId
  file?: FileRef
  fieldPath?: string
}

export class Diagnostics {
  readonly errors: RenderError[] = []
  readonly notices: Notice[] = []
  private readonly announced = new Set<string>()

  error(...errors: RenderError[]): void {
    this.errors.push(...errors)
  }

  notice(notice: Notice): void {
    this.notices.push(notice)
  }

  /** A notice (info unless said otherwise) said once per run, however many stores or reads lead to it. */
  announce(message: string, severity: Notice['severity'] = 'info'): void {
    if (this.announced.has(message)) return
    this.announced.add(message)
    this.notices.push({ severity, message })
  }

  /** Ends the render here when anything failed: all or nothing. */
  throwIfFailed(): void {
    if (this.errors.length) throw new RenderErrors(this.errors)
  }
}
