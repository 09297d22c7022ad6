// src/pipeline/limiter.ts: every task runs, never more than the limit at once, in the order they
// were queued; a failing task rejects its own promise and frees its slot.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { limiter } from '../../src/pipeline/limiter.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const limits = [1, 2, 5]
for (const limit of limits) {
  test(`limiter(${limit}) runs all 12 tasks, never more than ${limit} at once, and returns each task's result`, async () => {
    const run = limiter(limit)
    let active = 0
    let peak = 0
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        run(async () => {
          active++
          peak = Math.max(peak, active)
          await sleep(i % 3)
          active--
          return i * 10
        }),
      ),
    )
    assert.deepEqual(
      results,
      Array.from({ length: 12 }, (_, i) => i * 10),
    )
    assert.equal(peak, limit)
    assert.equal(active, 0)
  })
}

test('limiter: a failing task rejects its own promise and frees its slot', async () => {
  const run = limiter(1)
  const failed = run(async () => {
    throw new Error('task failed')
  })
  const next = run(async () => 'next ran')
  await assert.rejects(failed, /task failed/)
  assert.equal(await next, 'next ran')
})

test('limiter: tasks start in the order they were queued', async () => {
  const run = limiter(2)
  const started: number[] = []
  await Promise.all([0, 1, 2, 3, 4].map((i) => run(async () => void started.push(i))))
  assert.deepEqual(started, [0, 1, 2, 3, 4])
})
