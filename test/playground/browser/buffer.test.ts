// The page's Buffer (src/playground/browser/buffer.ts) against Node's, for what the template
// functions use: encodings both ways, views, concat, compare, integers.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Buffer as PageBuffer } from '../../../src/playground/browser/buffer.ts'

const texts = ['', 'a', 'ab', 'abc', 'héllo wörld ✓ 𝄞', '\u0000\u00ff\u0100', 'AAEC/+==', '-_-_', 'zz not base64 !!', '0a0B0cff', '0a0', 'g0']
const encodings = ['utf8', 'latin1', 'binary', 'ascii', 'base64', 'base64url', 'hex', 'utf16le'] as const

for (const enc of encodings) {
  test(`Buffer.from(text, ${enc}) and toString(${enc}) as Node's`, () => {
    for (const t of texts) {
      assert.deepEqual([...PageBuffer.from(t, enc)], [...Buffer.from(t, enc)], `from ${JSON.stringify(t)}`)
      const bytes = Buffer.from(t, 'utf8')
      assert.equal(PageBuffer.from(bytes).toString(enc), bytes.toString(enc), `toString ${JSON.stringify(t)}`)
    }
    for (let n = 0; n < 260; n += 7) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff))
      assert.equal(PageBuffer.from(bytes).toString(enc), bytes.toString(enc))
    }
  })
}

test('views, copies, concat, compare, equals, alloc, integers, swap16 as Node', () => {
  const a = PageBuffer.from([1, 2, 3, 4, 5])
  const view = a.subarray(1, 3)
  view[0] = 9
  assert.equal(a[1], 9, 'subarray is a view')
  assert.ok(a.slice(0, 2) instanceof PageBuffer)
  a.slice(0, 1)[0] = 7
  assert.equal(a[0], 7, "slice is a view, as Node's")
  const source = new Uint8Array([1, 2])
  const copy = PageBuffer.from(source)
  source[0] = 5
  assert.equal(copy[0], 1, 'from(Uint8Array) copies')
  assert.deepEqual([...PageBuffer.concat([PageBuffer.from([1]), new Uint8Array([2, 3])])], [1, 2, 3])
  assert.deepEqual([...PageBuffer.concat([PageBuffer.from([1, 2, 3])], 2)], [1, 2])
  for (const [x, y] of [
    [[1], [2]],
    [[2], [1]],
    [[1], [1, 0]],
    [[], []],
    [
      [1, 2],
      [1, 2],
    ],
  ])
    assert.equal(PageBuffer.compare(new Uint8Array(x), new Uint8Array(y)), Buffer.compare(Buffer.from(x), Buffer.from(y)))
  assert.ok(PageBuffer.from('ab').equals(new Uint8Array([97, 98])))
  assert.deepEqual([...PageBuffer.alloc(4, 7)], [...Buffer.alloc(4, 7)])
  assert.deepEqual([...PageBuffer.alloc(5, 'ab')], [...Buffer.alloc(5, 'ab')])
  assert.equal(PageBuffer.byteLength('héllo'), Buffer.byteLength('héllo'))
  const n = PageBuffer.alloc(8)
  const m = Buffer.alloc(8)
  n.writeUInt32BE(0xdeadbeef, 2)
  m.writeUInt32BE(0xdeadbeef, 2)
  assert.deepEqual([...n], [...m])
  assert.equal(n.readUInt32BE(2), m.readUInt32BE(2))
  assert.equal(n.readUInt16BE(1), m.readUInt16BE(1))
  assert.deepEqual([...PageBuffer.from('abcd', 'latin1').swap16()], [...Buffer.from('abcd', 'latin1').swap16()])
  const target = PageBuffer.alloc(4)
  assert.equal(PageBuffer.from([1, 2, 3]).copy(target, 2), Buffer.from([1, 2, 3]).copy(Buffer.alloc(4), 2))
  assert.deepEqual([...target], [0, 0, 1, 2])
  assert.ok(PageBuffer.isBuffer(a) && !PageBuffer.isBuffer(new Uint8Array(1)))
})

test("indexOf, lastIndexOf and includes of a byte, text or bytes, with offsets, as Node's", () => {
  const hay = '-----BEGIN X-----\nabc\n-----END X-----\n-----BEGIN Y-----\n'
  const needles: (number | string | Uint8Array)[] = [0x0a, 45, 999, '-----BEGIN', 'END', '', 'zzz', Buffer.from('\n-----'), new Uint8Array([0x0a, 0x61])]
  const offsets = [undefined, 0, 1, 5, 18, -1, -5, -100, 100]
  const page = PageBuffer.from(hay)
  const node = Buffer.from(hay)
  for (const needle of needles)
    for (const offset of offsets) {
      const what = `${typeof needle === 'object' ? `[${[...needle]}]` : JSON.stringify(needle)} at ${offset}`
      assert.equal(page.indexOf(needle, offset), node.indexOf(needle, offset), `indexOf ${what}`)
      assert.equal(page.lastIndexOf(needle, offset), node.lastIndexOf(needle, offset), `lastIndexOf ${what}`)
      assert.equal(page.includes(needle, offset), node.includes(needle as string | number | Buffer, offset), `includes ${what}`)
    }
  assert.equal(page.subarray(0, 30).lastIndexOf(PageBuffer.from('BEGIN')), node.subarray(0, 30).lastIndexOf(Buffer.from('BEGIN')))
})
