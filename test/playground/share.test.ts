// The playground's links (src/playground/share.ts): the state round-trips through the fragment,
// the data only when the user asks for it, and any other fragment is no state.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeFragment, encodeFragment } from '../../src/playground/share.ts'

const state = { externalSecret: 'kind: ExternalSecret\nmetadata:\n  name: ünïcode ✓\n', data: 'password: hunter2-canary\n' }

test('the data stays out of a link unless it is asked for', () => {
  const without = encodeFragment(state, false)
  assert.ok(!Buffer.from(without.slice(4), 'base64url').toString('utf8').includes('hunter2-canary'))
  assert.deepEqual(decodeFragment(without), { externalSecret: state.externalSecret })
  assert.deepEqual(decodeFragment(encodeFragment(state, true)), state)
})

test('a fragment is base64url: nothing a URL would escape or a chat would break', () => {
  assert.match(encodeFragment(state, true), /^#v1=[A-Za-z0-9_-]+$/)
})

for (const fragment of [
  '',
  '#',
  '#section',
  '#v1=',
  '#v1=!!!',
  `#v1=${Buffer.from('[1]').toString('base64url')}`,
  `#v1=${Buffer.from('{"externalSecret":1}').toString('base64url')}`,
  `#v1=${Buffer.from([0xff, 0xfe]).toString('base64url')}`,
]) {
  test(`no state in the fragment ${JSON.stringify(fragment)}`, () => {
    assert.equal(decodeFragment(fragment), undefined)
  })
}
