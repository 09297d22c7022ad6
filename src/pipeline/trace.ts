// The verbose mode's record of a run (`--verbose`, ESO_RENDER_LOG=debug): per store its
// resolution and auth plan, per login its method and mount, per Vault request its method, path,
// status, milliseconds and attempt, how many reads shared a request, and a timing summary by
// stage. It is built from names, paths, codes and numbers only: never a value, token or
// credential (the same canary tests as errors hold it to that).

import { escapeControls } from '../errors.ts'

export class Trace {
  readonly enabled: boolean
  private readonly lines: string[] = []
  private readonly stages: { name: string; ms: number }[] = []
  private readonly started = performance.now()
  private current?: { name: string; since: number }
  private readonly counts = { requests: 0, retries: 0 }

  constructor(enabled: boolean) {
    this.enabled = enabled
  }

  /** One event; the text must hold no value or credential (names, paths, codes, numbers). */
  event(text: string): void {
    if (this.enabled) this.lines.push(escapeControls(text))
  }

  /** The run moves to the next stage; the time of the one before is kept for the summary. */
  stage(name: string): void {
    if (!this.enabled) return
    const now = performance.now()
    if (this.current) this.stages.push({ name: this.current.name, ms: now - this.current.since })
    this.current = { name, since: now }
  }

  /** A Vault request as it ended: `GET /v1/secret/data/app → 200 in 12 ms (attempt 1)`. */
  request(method: string, path: string, outcome: string, ms: number, attempt: number): void {
    this.counts.requests++
    if (attempt > 1) this.counts.retries++
    this.event(`vault: ${method} /v1/${path} → ${outcome} in ${Math.round(ms)} ms (attempt ${attempt})`)
  }

  /** The lines of the run, with the timing summary last. Empty when verbose is off. */
  finish(): string[] {
    if (!this.enabled) return []
    this.stage('')
    const total = performance.now() - this.started
    const stages = this.stages.filter((s) => s.name).map((s) => `${s.name} ${Math.round(s.ms)} ms`)
    const retries = this.counts.retries ? ` (${this.counts.retries} retr${this.counts.retries === 1 ? 'y' : 'ies'})` : ''
    return [...this.lines, `timing: ${stages.join(', ')}; total ${Math.round(total)} ms; ${this.counts.requests} Vault request${this.counts.requests === 1 ? '' : 's'}${retries}`]
  }
}
