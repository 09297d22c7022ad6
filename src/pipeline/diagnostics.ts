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

/** Rewrites where an error or notice points: those of a generated ExternalSecret are told at its ClusterExternalSecret. */
export interface Relocation {
  error(e: RenderError): RenderError
  notice(n: Notice): Notice
}

export class Diagnostics {
  readonly errors: RenderError[] = []
  readonly notices: Notice[] = []
  private readonly announced = new Set<string>()
  relocation?: Relocation

  error(...errors: RenderError[]): void {
    this.errors.push(...(this.relocation ? errors.map((e) => this.relocation!.error(e)) : errors))
  }

  notice(notice: Notice): void {
    this.notices.push(this.relocation ? this.relocation.notice(notice) : notice)
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
