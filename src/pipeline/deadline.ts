// The run's deadline (deadlineSeconds): every face's render ends by it, whatever Vault or the
// cluster do. At the deadline the run's signal is aborted (requests under way end, none is sent),
// the run's cleanups revoke its login tokens, and the render fails with one DEADLINE_EXCEEDED per
// ExternalSecret still pending, naming the field and the Vault paths it was waiting for.

import { setMaxListeners } from 'node:events'
import { describeResource, escapeControls, RenderError, RenderErrors, type FileRef, type ResourceId } from '../errors.ts'
import type { ExternalSecretPlan, PlannedGenerator, PlannedRead } from '../eso/plan.ts'
import { keyField } from '../eso/field-path.ts'
import type { GeneratorTarget } from './generators.ts'
import type { RunCleanups } from './cleanups.ts'
import type { ReadTarget } from './plan.ts'

/** What the run is doing, kept up to date by the stages so that a deadline can say what was pending. */
export interface RunProgress {
  /** `planning`, `reading Vault`, `building Secrets`: named in the error when nothing more precise is known. */
  stage: string
  /** The ExternalSecrets found (before a plan exists). */
  found: { resource: ResourceId; file?: FileRef }[]
  plans?: ExternalSecretPlan[]
  targets?: Map<PlannedRead, ReadTarget>
  /** What each generator ref runs (a VaultDynamicSecret's request is pending by its DynamicTarget key). */
  generators?: Map<PlannedGenerator, GeneratorTarget>
  /** ReadTarget keys not settled yet (queued or in flight). */
  pending: Set<string>
  /** Where an error is told (a generated ExternalSecret's at its ClusterExternalSecret: Diagnostics.relocation). */
  relocate?: (e: RenderError) => RenderError
}

export function newProgress(): RunProgress {
  return { stage: 'reading the input', found: [], pending: new Set() }
}

/** At most this many paths are listed per ExternalSecret; the rest are counted. */
const LISTED_PATHS = 5

export class RunDeadline {
  readonly at: number
  readonly seconds: number
  private readonly controller = new AbortController()
  private timer?: NodeJS.Timeout

  constructor(at: number, seconds: number) {
    this.at = at
    this.seconds = seconds
    // Every request in flight listens to the signal: 16 or 256 at once is expected, not a leak.
    setMaxListeners(0, this.controller.signal)
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  /**
   * The run's result, or at the deadline its pending work as DEADLINE_EXCEEDED errors, once the
   * cleanups (login token revocation, bounded) are done. The run itself is left to end on its own:
   * its requests were aborted, and what it still produces is dropped.
   */
  async race<T>(run: Promise<T>, progress: RunProgress, cleanups: RunCleanups): Promise<T> {
    run.catch(() => {})
    const expired = new Promise<never>((_resolve, reject) => {
      this.timer = setTimeout(
        () => {
          // What was pending is taken before the abort settles it.
          const errors = pendingErrors(progress, this.seconds).map((e) => progress.relocate?.(e) ?? e)
          this.controller.abort()
          void cleanups.runAll().finally(() => reject(new RenderErrors(errors)))
        },
        Math.max(0, this.at - Date.now()),
      )
    })
    expired.catch(() => {})
    // Once the deadline fired, it is the run's outcome, whatever the run does next: a run that
    // still ends (its stages fail at their own clock checks, or finish) while the cleanups are under
    // way must not win the race with another error, or with output past the deadline.
    const settled = run.then(
      (value) => (this.controller.signal.aborted ? expired : value),
      (err: unknown) => (this.controller.signal.aborted ? expired : Promise.reject(err)),
    )
    try {
      return await Promise.race([settled, expired])
    } finally {
      clearTimeout(this.timer)
    }
  }
}

/** One error per ExternalSecret that had not resolved, at the field of its first pending read. */
export function pendingErrors(progress: RunProgress, seconds: number): RenderError[] {
  const passed = `the run's deadline (${seconds} s, deadlineSeconds) passed`
  if (progress.plans && progress.targets) {
    const errors: RenderError[] = []
    for (const plan of progress.plans) {
      const waiting = plan.reads.filter((read) => {
        const target = progress.targets!.get(read)
        return target !== undefined && progress.pending.has(target.key)
      })
      if (!waiting.length) {
        const generating = (plan.generators ?? []).map((g) => progress.generators?.get(g)).find((g) => g?.dynamic && progress.pending.has(g.dynamic.key))
        if (generating?.dynamic) {
          const r = generating.dynamic.request
          errors.push(
            new RenderError(
              'DEADLINE_EXCEEDED',
              `${passed} while waiting for Vault: ${r.method === 'LIST' ? 'GET' : r.method} /v1/${escapeControls(r.path)}${r.method === 'LIST' ? '?list=true' : ''} (for ${describeResource(generating.generator.source.resource)})`,
              { resource: plan.resource, fieldPath: generating.item.fieldPath, file: plan.file },
            ),
          )
        }
        continue
      }
      const paths = [...new Set(waiting.map((read) => describeRead(progress.targets!.get(read)!)))]
      const listed = paths.slice(0, LISTED_PATHS).join(', ') + (paths.length > LISTED_PATHS ? ` and ${paths.length - LISTED_PATHS} more` : '')
      const first = waiting[0]
      const fieldPath = keyField(first)
      errors.push(
        new RenderError('DEADLINE_EXCEEDED', `${passed} while waiting for Vault: ${listed} (via ${describeResource(progress.targets!.get(first)!.store.resource)})`, {
          resource: plan.resource,
          fieldPath,
          file: plan.file,
        }),
      )
    }
    if (errors.length) return errors
  }
  const during = `${passed} while ${progress.stage}; nothing was rendered`
  if (!progress.found.length) return [new RenderError('DEADLINE_EXCEEDED', during)]
  return progress.found.map((f) => new RenderError('DEADLINE_EXCEEDED', during, { resource: f.resource, ...(f.file ? { file: f.file } : {}) }))
}

function describeRead(t: ReadTarget): string {
  return `GET /v1/${escapeControls(t.path)}${t.version ? `?version=${escapeControls(t.version)}` : ''}${t.find ? '?list=true and what it finds' : ''}`
}
