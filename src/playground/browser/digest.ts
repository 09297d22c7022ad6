// The hash seam (eso/digest.ts) for the playground's page: SHA3-224 is not in WebCrypto, and the
// Secret assembly is synchronous, so @noble/hashes' pure-JS Keccak stands in for node:crypto.
// test/playground/browser/digest.test.ts checks it against node:crypto.

import { sha3_224 } from '@noble/hashes/sha3.js'

const encoder = new TextEncoder()

/** SHA3-224 of bytes or text, lower-case hex: ESO's `data-hash` and `created-by` hash. */
export function sha3_224Hex(input: string | Uint8Array): string {
  const digest = sha3_224(typeof input === 'string' ? encoder.encode(input) : input)
  let hex = ''
  for (const b of digest) hex += (b < 16 ? '0' : '') + b.toString(16)
  return hex
}
