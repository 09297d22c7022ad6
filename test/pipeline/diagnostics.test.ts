// src/pipeline/diagnostics.ts: errors fail the render, notices do not, announcements are said once.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import { RenderError, RenderErrors } from '../../src/errors.ts'

test('a fresh Diagnostics does not fail', () => {
  const d = new Diagnostics()
  assert.doesNotThrow(() => d.throwIfFailed())
  assert.deepEqual(d.errors, [])
  assert.deepEqual(d.notices, [])
})

test('notices alone never fail the render', () => {
  const d = new Diagnostics()
  d.notice({ severity: 'warning', message: 'w' })
  d.notice({ severity: 'info', message: 'i', resource: { kind: 'ExternalSecret', name: 'a' } })
  assert.doesNotThrow(() => d.throwIfFailed())
  assert.deepEqual(
    d.notices.map((n) => n.message),
    ['w', 'i'],
  )
})

test('throwIfFailed throws every error collected, as RenderErrors, sorted and de-duplicated', () => {
  const d = new Diagnostics()
  const b = new RenderError('SCHEMA_INVALID', 'b', { file: { path: 'b.yaml' } })
  const a = new RenderError('SCHEMA_INVALID', 'a', { file: { path: 'a.yaml' } })
  d.error(b)
  d.error(a, new RenderError('SCHEMA_INVALID', 'a', { file: { path: 'a.yaml' } }))
  d.error()
  assert.equal(d.errors.length, 3)
  assert.throws(
    () => d.throwIfFailed(),
    (e: unknown) => e instanceof RenderErrors && e.errors.length === 2 && e.errors[0] === a && e.errors[1] === b,
  )
})

const announcements: { name: string; said: string[]; want: string[] }[] = [
  { name: 'one message', said: ['x'], want: ['x'] },
  { name: 'the same message three times', said: ['x', 'x', 'x'], want: ['x'] },
  { name: 'interleaved messages keep first-said order', said: ['x', 'y', 'x', 'z', 'y'], want: ['x', 'y', 'z'] },
]
for (const c of announcements) {
  test(`announce: ${c.name} → info notices ${JSON.stringify(c.want)}`, () => {
    const d = new Diagnostics()
    for (const m of c.said) d.announce(m)
    assert.deepEqual(
      d.notices,
      c.want.map((message) => ({ severity: 'info', message })),
    )
  })
}

test('an announcement does not swallow an ordinary notice with the same text', () => {
  const d = new Diagnostics()
  d.announce('x')
  d.notice({ severity: 'info', message: 'x' })
  d.announce('x')
  assert.equal(d.notices.length, 2)
})
