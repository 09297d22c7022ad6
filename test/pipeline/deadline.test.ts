// src/pipeline/deadline.ts: the run's deadline. RunDeadline.race gives the run's own outcome before
// the deadline, and the deadline's errors once it fired, whatever the run does afterwards (ends
// with another error, or even finishes, while the cleanups are under way).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newProgress, RunDeadline } from '../../src/pipeline/deadline.ts'
import { RunCleanups } from '../../src/pipeline/cleanups.ts'
import { formatError, RenderError, RenderErrors } from '../../src/errors.ts'

const DEADLINE_MS = 30
const OWN = new RenderErrors([new RenderError('VAULT_NOT_FOUND', 'the run failed on its own')])

/** A run that ends `after` ms from the start, with `end`; one that ends on the abort when `onAbort`. */
const cases: { name: string; after: number; end: 'resolve' | 'reject'; onAbort?: boolean; want: 'value' | 'own' | 'deadline' }[] = [
  { name: 'a run that finishes in time gives its value', after: 0, end: 'resolve', want: 'value' },
  { name: 'a run that fails in time gives its own errors', after: 0, end: 'reject', want: 'own' },
  { name: 'a run that fails once the deadline aborted it gives the deadline', after: 0, end: 'reject', onAbort: true, want: 'deadline' },
  { name: 'a run that finishes once the deadline aborted it gives the deadline', after: 0, end: 'resolve', onAbort: true, want: 'deadline' },
  { name: 'a run that fails while the cleanups run gives the deadline', after: DEADLINE_MS + 10, end: 'reject', want: 'deadline' },
]
for (const c of cases) {
  test(`race: ${c.name}`, async () => {
    const deadline = new RunDeadline(Date.now() + DEADLINE_MS, 7)
    const cleanups = new RunCleanups()
    // The revocation the fetch stage registers: it takes a while, as a revoke-self round trip does.
    cleanups.add(() => new Promise((resolve) => setTimeout(resolve, 40)))
    const run = new Promise<string>((resolve, reject) => {
      const end = () => (c.end === 'resolve' ? resolve('output') : reject(OWN))
      if (c.onAbort) deadline.signal.addEventListener('abort', end)
      else setTimeout(end, c.after)
    })
    const got = await deadline.race(run, newProgress(), cleanups).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    if (c.want === 'value') return assert.deepEqual(got, { value: 'output' })
    assert.ok('error' in got && got.error instanceof RenderErrors)
    const errors = (got.error as RenderErrors).errors
    if (c.want === 'own') return assert.equal(got.error, OWN)
    assert.deepEqual(errors.map(formatError), ["the run's deadline (7 s, deadlineSeconds) passed while reading the input; nothing was rendered"])
    assert.equal(cleanups.size, 0, 'the cleanups ran')
  })
}
