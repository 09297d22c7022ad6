// When ESO writes an ExternalSecret's Secret only once: ESO v2.9
// pkg/controllers/externalsecret/externalsecret_controller.go shouldRefresh (CreatedOnce never
// refreshes after the first sync; Periodic, the default, never refreshes once synced when
// refreshInterval <= 0; OnChange ignores the interval). What of the live Secret ESO then keeps is
// kept-secret.ts. No I/O.

import { DurationError, parseDuration } from '../go/time/duration.ts'

export type RefreshPolicy = 'CreatedOnce' | 'Periodic' | 'OnChange'

export interface RefreshSpec {
  policy?: RefreshPolicy
  /** refreshInterval as written (the CRD defaults it to 1h0m0s). */
  interval?: string
}

/** Why ESO writes this Secret once and never again, or undefined when it refreshes it. */
export type CreatedOnceReason = 'refreshPolicy: CreatedOnce' | 'refreshInterval: 0'

/**
 * The metav1.Duration fields that govern refreshes (refreshInterval, syncWindows[].duration):
 * Go's time.ParseDuration text, or ESO cannot decode the ExternalSecret. Each problem at its field.
 */
export function refreshDurationProblems(spec: { refreshInterval?: string; syncWindows?: { windows?: { duration?: string }[] } }): { fieldPath: string; message: string }[] {
  const problems: { fieldPath: string; message: string }[] = []
  const check = (fieldPath: string, text: string | undefined) => {
    const message = refreshIntervalProblem(text)
    if (message) problems.push({ fieldPath, message })
  }
  check('spec.refreshInterval', spec.refreshInterval)
  spec.syncWindows?.windows?.forEach((w, i) => check(`spec.syncWindows.windows[${i}].duration`, w?.duration))
  return problems
}

/** One metav1.Duration: Go's time.ParseDuration text. A problem, or undefined. */
export function refreshIntervalProblem(interval: string | undefined): string | undefined {
  if (interval === undefined) return undefined
  try {
    parseDuration(interval)
    return undefined
  } catch (err) {
    if (err instanceof DurationError) return 'must be a Go duration such as 1h, 15m30s or 0s (metav1.Duration)'
    throw err
  }
}

/**
 * The seam for every kind of data (KV reads here; generators reuse it): whether ESO writes the
 * Secret of `plan` once and never refreshes it.
 */
export function createdOnce(plan: { refresh?: RefreshSpec }): CreatedOnceReason | undefined {
  const { policy, interval } = plan.refresh ?? {}
  if (policy === 'CreatedOnce') return 'refreshPolicy: CreatedOnce'
  if (policy === 'OnChange' || interval === undefined) return undefined
  try {
    return parseDuration(interval) <= 0n ? 'refreshInterval: 0' : undefined
  } catch {
    return undefined // refused by the planner (refreshIntervalProblem)
  }
}
