// The page's node:module (src/playground/browser/node-module.ts): the require it makes hands out
// the bundled modules by the names template/lazy.ts and go/asn1.ts ask for, and nothing else.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from '../../../src/playground/browser/node-module.ts'

test('the names the template functions require, and only those', () => {
  const require = createRequire('about:blank')
  const forge = require('node-forge/lib/forge') as { asn1?: unknown; rc2?: unknown }
  assert.ok(forge.asn1 && forge.rc2, 'forge with its ASN.1 codec and RC2')
  assert.equal(require('node-forge/lib/asn1'), forge)
  assert.equal(typeof (require('yaml') as { parse?: unknown }).parse, 'function')
  assert.equal(typeof (require('bcryptjs') as { hashSync?: unknown }).hashSync, 'function')
  assert.throws(() => require('node:fs'), /not in the playground's bundle/)
})
