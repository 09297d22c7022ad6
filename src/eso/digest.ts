// ESO's hash, the one Node-only piece of the Secret assembly, behind this seam: a browser build
// replaces this module (SHA3-224 is not in WebCrypto) with a pure-JS implementation.

import { createHash } from 'node:crypto'

/** SHA3-224 of bytes or text, lower-case hex: ESO's `data-hash` and `created-by` hash. */
export function sha3_224Hex(input: string | Uint8Array): string {
  return createHash('sha3-224').update(input).digest('hex')
}
