// Go's encoding/base32 StdEncoding (src/go/base32.ts); expected values are Go's (RFC 4648's vectors).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeBase32, encodeBase32 } from '../../src/go/base32.ts'

const vectors: [string, string][] = [
  ['', ''],
  ['f', 'MY======'],
  ['fo', 'MZXQ===='],
  ['foo', 'MZXW6==='],
  ['foob', 'MZXW6YQ='],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI======'],
]
for (const [plain, encoded] of vectors) {
  test(`base32 of ${JSON.stringify(plain)} is ${encoded}, and back`, () => {
    assert.equal(encodeBase32(new TextEncoder().encode(plain)), encoded)
    assert.equal(new TextDecoder().decode(decodeBase32(encoded)), plain)
  })
}
for (const bad of ['MZXW6', 'mzxw6===', 'MZXW6==', 'MY=====AMY======']) {
  test(`base32 decoding of ${JSON.stringify(bad)} fails as Go's does`, () => assert.equal(decodeBase32(bad), undefined))
}
