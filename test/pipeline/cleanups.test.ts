// src/pipeline/cleanups.ts: what a run registers is run once when the host cuts it short, in
// parallel; an unregistered cleanup is not run; a failing one does not stop the others.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RunCleanups } from '../../src/pipeline/cleanups.ts'

test('runAll runs every registered cleanup once, in parallel, and forgets them', async () => {
  const cleanups = new RunCleanups()
  const ran: string[] = []
  let inFlight = 0
  let peak = 0
  const slow = (name: string) => async () => {
    inFlight++
    peak = Math.max(peak, inFlight)
    await new Promise((resolve) => setTimeout(resolve, 5))
    inFlight--
    ran.push(name)
  }
  cleanups.add(slow('a'))
  cleanups.add(slow('b'))
  assert.equal(cleanups.size, 2)
  await cleanups.runAll()
  assert.deepEqual(ran.sort(), ['a', 'b'])
  assert.equal(peak, 2)
  assert.equal(cleanups.size, 0)
  await cleanups.runAll()
  assert.equal(ran.length, 2, 'not run twice')
})

test('an unregistered cleanup is not run; a failing one does not stop the others', async () => {
  const cleanups = new RunCleanups()
  const ran: string[] = []
  const unregister = cleanups.add(async () => void ran.push('gone'))
  cleanups.add(async () => {
    throw new Error('revoke failed')
  })
  cleanups.add(async () => void ran.push('kept'))
  unregister()
  await cleanups.runAll()
  assert.deepEqual(ran, ['kept'])
})
