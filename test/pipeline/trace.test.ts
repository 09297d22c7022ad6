// src/pipeline/trace.ts: the verbose mode's record: nothing when off; events escaped; requests
// counted with their retries; a timing summary by stage, last.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Trace } from '../../src/pipeline/trace.ts'

test('trace: off, it records nothing and finishes empty', () => {
  const t = new Trace(false)
  t.stage('plan')
  t.event('x')
  t.request('GET', 'secret/data/a', '200', 3, 1)
  assert.deepEqual(t.finish(), [])
})

test('trace: events, requests with attempts, and the summary by stage', () => {
  const t = new Trace(true)
  t.stage('classify')
  t.event('input: 3 items')
  t.stage('fetch')
  t.request('GET', 'secret/data/a', '503', 12.4, 1)
  t.request('GET', 'secret/data/a', '200', 3.6, 2)
  t.request('POST', 'auth/approle/login', 'timeout', 300, 1)
  const lines = t.finish()
  assert.deepEqual(lines.slice(0, 4), [
    'input: 3 items',
    'vault: GET /v1/secret/data/a → 503 in 12 ms (attempt 1)',
    'vault: GET /v1/secret/data/a → 200 in 4 ms (attempt 2)',
    'vault: POST /v1/auth/approle/login → timeout in 300 ms (attempt 1)',
  ])
  assert.match(lines[4], /^timing: classify \d+ ms, fetch \d+ ms; total \d+ ms; 3 Vault requests \(1 retry\)$/)
})

test('trace: control characters in an event are escaped (a key or path from the input)', () => {
  const t = new Trace(true)
  t.event('store a\nforged')
  assert.equal(t.finish()[0], 'store a\\x0aforged')
})
