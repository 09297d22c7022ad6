// Go's encoding/pem (src/go/pem.ts): Encode's layout (64 columns, Proc-Type first, other headers
// sorted) and Decode's block finding; expected values are Go's.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { pemDecode, pemEncode, PemEncodeError } from '../../src/go/pem.ts'

test('pem.Encode writes 64 columns, Proc-Type first and the other headers sorted', () => {
  const headers = new Map([
    ['B', Buffer.from('2')],
    ['Proc-Type', Buffer.from('4,ENCRYPTED')],
    ['A', Buffer.from('1')],
  ])
  const bytes = Buffer.from('hello, pem world! this line is longer than forty-eight bytes of data')
  assert.equal(
    pemEncode({ type: 'TEST', headers, bytes }).toString(),
    '-----BEGIN TEST-----\nProc-Type: 4,ENCRYPTED\nA: 1\nB: 2\n\naGVsbG8sIHBlbSB3b3JsZCEgdGhpcyBsaW5lIGlzIGxvbmdlciB0aGFuIGZvcnR5\nLWVpZ2h0IGJ5dGVzIG9mIGRhdGE=\n-----END TEST-----\n',
  )
})

test('pem.Encode refuses a header key with a colon', () => {
  assert.throws(() => pemEncode({ type: 'X', headers: new Map([['a:b', Buffer.from('c')]]), bytes: Buffer.alloc(0) }), PemEncodeError)
})

const decodes: { name: string; input: string; type?: string; bytes?: string; headers?: [string, string][]; rest: string }[] = [
  { name: 'text before a block is skipped, text after it is the rest', input: 'junk\n-----BEGIN X-----\nQUJD\n-----END X-----\ntail', type: 'X', bytes: 'ABC', rest: 'tail' },
  { name: 'headers are read, trailing spaces trimmed', input: '-----BEGIN X-----\nK: v  \n\nQUJD\n-----END X-----\n', type: 'X', bytes: 'ABC', headers: [['K', 'v']], rest: '' },
  { name: 'base64 may be wrapped and carry spaces and tabs', input: '-----BEGIN X-----\nQU\n J\tD\n-----END X-----\n', type: 'X', bytes: 'ABC', rest: '' },
  { name: 'mismatched END: no block, the whole input back', input: '-----BEGIN X-----\nQUJD\n-----END Y-----\n', rest: '-----BEGIN X-----\nQUJD\n-----END Y-----\n' },
  { name: 'bad base64: no block', input: '-----BEGIN X-----\nQUJ\n-----END X-----\n', rest: '-----BEGIN X-----\nQUJ\n-----END X-----\n' },
  { name: 'a BEGIN that does not start a line is not one', input: 'x-----BEGIN X-----\nQUJD\n-----END X-----\n', rest: 'x-----BEGIN X-----\nQUJD\n-----END X-----\n' },
  {
    name: 'the second of two blocks is found after the first',
    input: '-----BEGIN A-----\n-----END A-----\n-----BEGIN B-----\nQUJD\n-----END B-----\n',
    type: 'A',
    bytes: '',
    rest: '-----BEGIN B-----\nQUJD\n-----END B-----\n',
  },
]
for (const c of decodes) {
  test(`pem.Decode: ${c.name}`, () => {
    const [block, rest] = pemDecode(Buffer.from(c.input))
    assert.equal(rest.toString(), c.rest)
    if (c.type === undefined) return assert.equal(block, undefined)
    assert.equal(block!.type.toString(), c.type)
    assert.equal(block!.bytes.toString(), c.bytes)
    assert.deepEqual(
      [...block!.headers].map(([k, v]) => [k, v.toString()]),
      c.headers ?? [],
    )
  })
}
