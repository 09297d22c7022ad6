import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { inputCounter, LARGE_INPUT_CHARS, NO_GROWTH_FLAG } from '../../src/hosts/young-generation.ts'

const cases: { name: string; reads: number[]; tunedAfter?: number }[] = [
  { name: 'a small input changes nothing', reads: [200_000] },
  { name: 'just under the bound changes nothing', reads: [LARGE_INPUT_CHARS - 1] },
  { name: 'one large read turns growth off at once', reads: [LARGE_INPUT_CHARS], tunedAfter: 0 },
  { name: 'many files add up', reads: [400_000, 400_000, 400_000, 10], tunedAfter: 2 },
  { name: 'reads after the bound set nothing again', reads: [LARGE_INPUT_CHARS * 2, 5, LARGE_INPUT_CHARS], tunedAfter: 0 },
]
for (const c of cases) {
  test(`inputCounter: ${c.name}`, () => {
    const calls: { flags: string; afterRead: number }[] = []
    let read = -1
    const note = inputCounter((flags) => calls.push({ flags, afterRead: read }))
    for (const [i, chars] of c.reads.entries()) {
      read = i
      note('x'.repeat(chars))
    }
    assert.deepEqual(calls, c.tunedAfter === undefined ? [] : [{ flags: NO_GROWTH_FLAG, afterRead: c.tunedAfter }])
  })
}

// What the flag does, in a fresh process: objects that survive scavenges make V8 grow the young
// generation (to 64 MiB semi-spaces on Node 24); after a large input is counted it stays small.
function youngGenerationPeak(large: boolean): number {
  const module = fileURLToPath(new URL('../../src/hosts/young-generation.ts', import.meta.url))
  const script = `import { getHeapSpaceStatistics } from 'node:v8'
import { inputCounter } from ${JSON.stringify(module)}
inputCounter()('x'.repeat(${large ? LARGE_INPUT_CHARS : 10}))
const kept = []
let peak = 0
for (let i = 0; i < 1_500_000; i++) {
  const o = { i, s: 'v' + i, pair: [i, i] }
  if (i % 3 === 0) kept.push(o)
  if (i % 50_000 === 0) peak = Math.max(peak, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)
}
process.stdout.write(String(peak / 1048576))`
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })
  assert.equal(res.status, 0, res.stderr)
  return Number(res.stdout)
}

test('inputCounter: past the bound the young generation stays small while surviving objects pile up', () => {
  const tuned = youngGenerationPeak(true)
  const untuned = youngGenerationPeak(false)
  assert.ok(tuned <= 16, `young generation reached ${tuned} MiB`)
  assert.ok(untuned > 2 * tuned, `untuned ${untuned} MiB, tuned ${tuned} MiB: the flag made no difference`)
})
