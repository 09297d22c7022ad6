// Builds while Vault answers: an ExternalSecret whose reads have all settled is built in the
// fetch stage's idle time (between answers, half a millisecond at a time), instead of after the
// last answer. The result is the build stage's own: the same function on the same outcomes, told
// in the ExternalSecrets' order when the build stage reaches it (build.ts), so output, errors and
// notices do not depend on the order Vault answered in. ExternalSecrets with generators (their data
// comes after the fetch) and those with no reads wait for the build stage.

import type { RenderError } from '../errors.ts'
import type { ReadOutcome } from '../eso/resolve.ts'
import type { KubeObject } from '../manifests/read.ts'
import { buildPlan, type BuildContext, type BuildSink, type EarlyBuilt } from './build.ts'
import type { Notice } from './diagnostics.ts'

/** How long one turn of early building may hold the event loop before Vault's answers are seen again. */
const SLICE_MS = 0.5

export class EarlyBuilds {
  /** What was built, by the plan's index. */
  readonly done = new Map<number, EarlyBuilt>()
  private readonly outcomes = new Map<string, ReadOutcome | RenderError>()
  /** The plans waiting for each target key. */
  private readonly waiting = new Map<string, number[]>()
  /** Per plan, its distinct keys not settled yet. */
  private readonly unsettled: Int32Array
  private readonly ready: number[] = []
  private scheduled?: NodeJS.Immediate
  private stopped = false
  private readonly ctx: BuildContext
  private readonly signal?: AbortSignal
  private readonly writeAhead?: (secret: KubeObject) => void

  /** `writeAhead` writes a built Secret's output text in the same turn (read.ts writeAhead). */
  constructor(ctx: BuildContext, signal?: AbortSignal, writeAhead?: (secret: KubeObject) => void) {
    this.ctx = ctx
    this.signal = signal
    this.writeAhead = writeAhead
    const { plans, targets } = ctx.rendering
    this.unsettled = new Int32Array(plans.length)
    // Indexed loops: this runs once, over every read of the run, before the first request is sent,
    // mostly in the interpreter, where for...of with destructuring cost 15 ms for 10,000 plans.
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!
      if (plan.generators?.length) {
        this.unsettled[i] = -1
        continue
      }
      let keys = 0
      const reads = plan.reads
      for (let r = 0; r < reads.length; r++) {
        const key = targets.get(reads[r]!)!.key
        let list = this.waiting.get(key)
        if (!list) this.waiting.set(key, (list = []))
        // A plan's reads are seen together: a key it named already ends its list.
        if (list[list.length - 1] !== i) {
          list.push(i)
          keys++
        }
      }
      // One with no reads at all is left to the build stage too.
      this.unsettled[i] = keys || -1
    }
  }

  /** A read's outcome is final: the plans it completes are built at the next turn. */
  settled(key: string, outcome: ReadOutcome | RenderError): void {
    this.outcomes.set(key, outcome)
    for (const i of this.waiting.get(key) ?? []) if (--this.unsettled[i]! === 0) this.ready.push(i)
    if (this.ready.length) this.schedule()
  }

  /** The fetch is over: what is not built yet is left to the build stage. */
  stop(): void {
    this.stopped = true
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
  }

  private schedule(): void {
    if (!this.scheduled && !this.stopped) this.scheduled = setImmediate(() => this.turn())
  }

  /** Builds ready plans for a slice of time, then lets the event loop see Vault's answers. */
  private turn(): void {
    this.scheduled = undefined
    const { deadline, rendering } = this.ctx
    const started = performance.now()
    for (let n = 1; this.ready.length && !this.stopped && !this.signal?.aborted; n++) {
      // Past the deadline the build stage reports every ExternalSecret not built.
      if (deadline && Date.now() > deadline.at) return
      const i = this.ready.pop()!
      const record = new Said()
      let built: ReturnType<typeof buildPlan>
      try {
        built = buildPlan(rendering.plans[i]!, (key) => this.outcomes.get(key)!, this.ctx, record)
      } catch {
        // Not a RenderError: a bug, which must fail the run as it would in the build stage (it
        // builds this one again, and throws there), not end the process from an immediate.
        this.stop()
        return
      }
      if (built?.secret && this.writeAhead) this.writeAhead(built.secret)
      this.done.set(i, { ...(built ? { built } : {}), ...(record.said.length ? { said: record.said } : {}) })
      // The clock is read every few builds: one build takes microseconds.
      if (n % 8 === 0 && performance.now() - started > SLICE_MS) break
    }
    if (this.ready.length) this.schedule()
  }
}

/** What one early build said, kept to be told in order. */
class Said implements BuildSink {
  readonly said: NonNullable<EarlyBuilt['said']> = []
  error(...errors: RenderError[]): void {
    for (const error of errors) this.said.push({ error })
  }
  notice(notice: Notice): void {
    this.said.push({ notice })
  }
}
