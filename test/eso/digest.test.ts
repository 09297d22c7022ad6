import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sha3_224Hex } from '../../src/eso/digest.ts'

// FIPS 202 test vectors (SHA3-224 of "" and "abc").
const vectors = [
  { input: '', want: '6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7' },
  { input: 'abc', want: 'e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf' },
]
for (const v of vectors) {
  test(`sha3_224Hex(${JSON.stringify(v.input)}) is the FIPS 202 digest`, () => {
    assert.equal(sha3_224Hex(v.input), v.want)
    assert.equal(sha3_224Hex(new TextEncoder().encode(v.input)), v.want)
  })
}
