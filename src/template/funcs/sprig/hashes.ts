// Sprig's checksums (crypto.go): sha256sum, sha1sum, adler32sum (hash/adler32, written out here).
// sha512sum sits with the other crypto functions (crypto.ts).

import { createHash } from 'node:crypto'
import { bytesOf, type GoString } from '../../value.ts'
import { BYTEWISE, type FuncDef } from '../registry.ts'

function adler32(b: Uint8Array): number {
  let a = 1
  let c = 0
  for (const x of b) {
    a = (a + x) % 65521
    c = (c + a) % 65521
  }
  return ((c << 16) | a) >>> 0
}

const S = 'string' as const

export const HASHES: FuncDef[] = [
  {
    name: 'sha256sum',
    params: [S],
    fn: (_c, s) =>
      createHash('sha256')
        .update(bytesOf(s as GoString))
        .digest('hex'),
  },
  {
    name: 'sha1sum',
    params: [S],
    fn: (_c, s) =>
      createHash('sha1')
        .update(bytesOf(s as GoString))
        .digest('hex'),
  },
  { name: 'adler32sum', params: [S], cost: BYTEWISE.medium, fn: (_c, s) => String(adler32(bytesOf(s as GoString))) },
]
