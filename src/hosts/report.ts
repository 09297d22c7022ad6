// How a finished render is told to people: one stderr line per error or notice, and KRM `results`.
// Every text here is built from RenderError/Notice fields, which never hold secret values.

import { asRenderErrors, escapeControls, formatError, RenderErrors, type RenderError, type ResourceId } from '../errors.ts'
import type { Notice, RenderStats } from '../pipeline/index.ts'

export interface KrmResult {
  message: string
  severity: 'error' | 'warning' | 'info'
  resourceRef?: { apiVersion?: string; kind: string; name: string; namespace?: string }
  field?: { path: string }
  file?: { path: string; index?: number }
  tags?: Record<string, string>
}

function resourceRef(r: ResourceId | undefined): KrmResult['resourceRef'] {
  if (!r) return undefined
  const ref: NonNullable<KrmResult['resourceRef']> = { apiVersion: r.apiVersion, kind: r.kind, name: r.name }
  if (r.apiVersion === undefined) delete ref.apiVersion
  if (r.namespace) ref.namespace = r.namespace
  return ref
}

export function errorResults(errors: RenderError[]): KrmResult[] {
  return errors.map((e) => {
    const result: KrmResult = { message: e.message, severity: 'error', tags: { code: e.code } }
    const ref = resourceRef(e.resource)
    if (ref) result.resourceRef = ref
    if (e.fieldPath) result.field = { path: e.fieldPath }
    if (e.file) result.file = e.file.index === undefined ? { path: e.file.path } : { path: e.file.path, index: e.file.index }
    return result
  })
}

export function noticeResults(notices: Notice[]): KrmResult[] {
  return notices.map((n) => {
    const result: KrmResult = { message: n.message, severity: n.severity }
    const ref = resourceRef(n.resource)
    if (ref) result.resourceRef = ref
    if (n.fieldPath) result.field = { path: n.fieldPath }
    return result
  })
}

/**
 * One report as stderr lines, each starting with `eso-render: `: a multi-line text (a build
 * tool's output, Vault's error list) continues on indented lines of its own, and control
 * characters are escaped, so that nothing in a message can forge a line or hide one.
 */
export function stderrLines(head: string, text: string): string {
  const [first, ...rest] = text.split(/\r?\n/)
  return [`eso-render: ${head}${escapeControls(first)}\n`, ...rest.map((line) => `eso-render:   ${escapeControls(line)}\n`)].join('')
}

export function noticeLines(notices: Notice[]): string {
  return notices
    .map((n) => {
      const who = n.resource ? `${n.resource.kind} ${n.resource.namespace ? n.resource.namespace + '/' : ''}${n.resource.name}: ` : ''
      return stderrLines(`${n.severity}: `, `${who}${n.message}`)
    })
    .join('')
}

export function errorLines(err: unknown): string {
  const errors = asRenderErrors(err)
  const lines = errors.map((e) => stderrLines('error: ', formatError(e))).join('')
  return lines + `eso-render: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was rendered\n`
}

/** The verbose mode's lines of a failed run, if it kept any. */
export function traceOf(err: unknown): string[] {
  return err instanceof RenderErrors ? (err.trace ?? []) : []
}

export function debugLines(trace: string[] | undefined): string {
  return (trace ?? []).map((line) => stderrLines('debug: ', line)).join('')
}

/** The verbose mode's lines as KRM results at info (kpt shows them; stderr is for the legacy faces). */
export function debugResults(trace: string[] | undefined): KrmResult[] {
  return (trace ?? []).map((message) => ({ message: `debug: ${message}`, severity: 'info' }))
}

export function summaryLine(stats: RenderStats): string {
  const logins = stats.vaultLogins ? `, ${stats.vaultLogins} Vault login${stats.vaultLogins === 1 ? '' : 's'}` : ''
  return `eso-render: ${stats.externalSecrets} ExternalSecret${stats.externalSecrets === 1 ? '' : 's'} → ${stats.secrets} Secret${stats.secrets === 1 ? '' : 's'}, ${stats.vaultReads} Vault read${stats.vaultReads === 1 ? '' : 's'}${logins}\n`
}
