// The page's hash seam (src/playground/browser/digest.ts) is node:crypto's SHA3-224 (eso/digest.ts).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sha3_224Hex as nodeSha3 } from '../../../src/eso/digest.ts'
import { sha3_224Hex } from '../../../src/playground/browser/digest.ts'

test('SHA3-224 as node:crypto computes it, of text and of bytes', () => {
  const inputs: (string | Uint8Array)[] = ['', 'default/app', 'map[k:[1 2 3]]', 'ü✓𝄞'.repeat(100), new Uint8Array(300).map((_, i) => i), 'x'.repeat(144), 'x'.repeat(143)]
  for (const input of inputs) assert.equal(sha3_224Hex(input), nodeSha3(input))
})
