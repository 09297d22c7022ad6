// ESO's hash, the one Node-only piece of the Secret assembly, behind this seam: a browser build
// replaces this module (SHA3-224 is not in WebCrypto) with a pure-JS implementation.

import * as crypto from 'node:crypto'

// crypto.hash (Node 20.12 and 21.7 on) hashes in one call, without a Hash object per Secret;
// earlier Node 20 releases have only createHash.
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined

/** SHA3-224 of bytes or text, lower-case hex: ESO's `data-hash` and `created-by` hash. */
export function sha3_224Hex(input: string | Uint8Array): string {
  if (oneShot) return oneShot('sha3-224', input, 'hex')
  return crypto.createHash('sha3-224').update(input).digest('hex')
}
