// Byte strings (src/go/byte-string.ts): one char per UTF-8 byte, and back.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { byteStringBytes, toByteString } from '../../src/go/byte-string.ts'

const rows: { text: string | Uint8Array; want: string }[] = [
  { text: 'abc', want: 'abc' },
  { text: 'é', want: '\xc3\xa9' },
  { text: '😀', want: '\xf0\x9f\x98\x80' },
  { text: new Uint8Array([0xff, 0x00]), want: '\xff\x00' },
]
for (const r of rows) {
  test(`toByteString(${JSON.stringify(typeof r.text === 'string' ? r.text : [...r.text])}) has one char per byte`, () => {
    assert.equal(toByteString(r.text), r.want)
    assert.deepEqual([...byteStringBytes(r.want)], [...(typeof r.text === 'string' ? new TextEncoder().encode(r.text) : r.text)])
  })
}
