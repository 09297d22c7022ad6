// Fault injection (checklist item 40): fixed statuses and bodies, connection resets and slow answers,
// for the next N requests or persistently, optionally only for some paths or methods.

import { errorsBody, multiError } from './wire.ts'

/** A fault: an answer with this status (body default: a 500-style multierror "injected failure"), or a reset connection. */
/** An answer, a reset connection, or a 200 that trickles one byte of a body every `trickleMs` and never ends. */
export type Fault = { status: number; body?: string; headers?: Record<string, string> } | 'reset' | { trickleMs: number }

export interface FaultRule {
  /** What happens; `{ latencyMs }` only delays (the request is then served normally). */
  action: Fault | { latencyMs: number }
  /** Path after /v1/ (decoded): exact string, or a RegExp. Omitted = every path. */
  path?: string | RegExp
  method?: string
  /** How many matching requests it applies to (default 1; Infinity = until cleared). */
  count?: number
  /** Applies to every Nth matching request only (1 = each; 100 = a deterministic 1% failure rate). */
  every?: number
}

interface Armed {
  /** Matching requests seen, for `every`. */
  seen?: number
  rule: FaultRule
  remaining: number
}

export const INJECTED_BODY = errorsBody([multiError('injected failure')])

export class Faults {
  private rules: Armed[] = []
  latencyMs = 0

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.count ?? 1 })
  }

  clear(): void {
    this.rules = []
  }

  /** Consumes the rules matching this request: the total extra latency and the first answer fault. */
  take(method: string, path: string): { latencyMs: number; fault?: Fault } {
    let latencyMs = this.latencyMs
    let fault: Fault | undefined
    for (const a of this.rules) {
      if (a.remaining <= 0) continue
      const { rule } = a
      if (rule.method && rule.method.toUpperCase() !== method) continue
      if (rule.path !== undefined && (typeof rule.path === 'string' ? rule.path !== path : !rule.path.test(path))) continue
      if (rule.every && rule.every > 1) {
        a.seen = (a.seen ?? 0) + 1
        if (a.seen % rule.every !== 0) continue
      }
      if (typeof rule.action === 'object' && 'latencyMs' in rule.action) {
        latencyMs += rule.action.latencyMs
        a.remaining--
        continue
      }
      if (fault) continue
      fault = rule.action
      a.remaining--
    }
    this.rules = this.rules.filter((a) => a.remaining > 0)
    return { latencyMs, fault }
  }
}
