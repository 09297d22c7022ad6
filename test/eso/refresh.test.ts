// src/eso/refresh.ts: when ESO writes a Secret once and never refreshes it. ESO v2.9
// pkg/controllers/externalsecret/externalsecret_controller.go shouldRefresh / shouldRefreshPeriodic:
// CreatedOnce never refreshes after the first sync; Periodic (also the default when refreshPolicy
// is unset) never refreshes once synced when `RefreshInterval.Duration <= 0`; OnChange ignores the
// interval. refreshInterval is a metav1.Duration (time.ParseDuration).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createdOnce, refreshDurationProblems, refreshIntervalProblem, type RefreshSpec } from '../../src/eso/refresh.ts'

const rows: { refresh: RefreshSpec | undefined; want: string | undefined }[] = [
  { refresh: undefined, want: undefined },
  { refresh: {}, want: undefined },
  { refresh: { policy: 'CreatedOnce' }, want: 'refreshPolicy: CreatedOnce' },
  { refresh: { policy: 'CreatedOnce', interval: '1h' }, want: 'refreshPolicy: CreatedOnce' },
  { refresh: { interval: '1h' }, want: undefined },
  { refresh: { interval: '0' }, want: 'refreshInterval: 0' },
  { refresh: { interval: '0s' }, want: 'refreshInterval: 0' },
  { refresh: { interval: '0h0m0s' }, want: 'refreshInterval: 0' },
  { refresh: { interval: '-5m' }, want: 'refreshInterval: 0' },
  { refresh: { interval: '1ns' }, want: undefined },
  { refresh: { policy: 'Periodic', interval: '0s' }, want: 'refreshInterval: 0' },
  { refresh: { policy: 'OnChange', interval: '0s' }, want: undefined },
  { refresh: { interval: 'soon' }, want: undefined },
]
for (const r of rows) {
  test(`createdOnce(${JSON.stringify(r.refresh)}) is ${r.want ?? 'undefined'}`, () => {
    assert.equal(createdOnce({ refresh: r.refresh }), r.want)
  })
}

const intervals: { text: string | undefined; ok: boolean }[] = [
  { text: undefined, ok: true },
  { text: '1h', ok: true },
  { text: '1h30m', ok: true },
  { text: '2.5h', ok: true },
  { text: '0', ok: true },
  { text: '300ms', ok: true },
  { text: '1µs', ok: true },
  { text: '', ok: false },
  { text: '1 hour', ok: false },
  { text: '10', ok: false },
  { text: '1d', ok: false },
]
for (const i of intervals) {
  test(`refreshInterval ${JSON.stringify(i.text)} is ${i.ok ? 'a duration' : 'refused'}`, () => {
    const problem = refreshIntervalProblem(i.text)
    assert.equal(problem === undefined, i.ok, problem)
    if (problem) assert.ok(!problem.includes(String(i.text)) || i.text === '', 'the value is not quoted')
  })
}

test('refreshDurationProblems: refreshInterval and each syncWindows duration, at their fields', () => {
  assert.deepEqual(refreshDurationProblems({ refreshInterval: '1h', syncWindows: { windows: [{ duration: '8h' }, { duration: '30m' }] } }), [])
  assert.deepEqual(
    refreshDurationProblems({ refreshInterval: 'hourly', syncWindows: { windows: [{ duration: '8h' }, { duration: 'a day' }] } }).map((p) => p.fieldPath),
    ['spec.refreshInterval', 'spec.syncWindows.windows[1].duration'],
  )
})
