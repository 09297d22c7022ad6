// The page's node:crypto (src/playground/browser/node-crypto.ts) against Node's, for what the
// template functions call; what only Node can do throws and is recorded for the page's
// "not available in the playground".

import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as node from 'node:crypto'
import * as page from '../../../src/playground/browser/node-crypto.ts'

const data = Buffer.from('the quick brown fox ✓'.repeat(9))

test('hashes and HMACs as Node computes them', () => {
  for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512']) {
    assert.equal(page.createHash(alg).update(data).update('more').digest('hex'), node.createHash(alg).update(data).update('more').digest('hex'), alg)
    assert.equal(page.createHmac(alg, 'key').update(data).digest('base64'), node.createHmac(alg, 'key').update(data).digest('base64'), alg)
  }
  assert.deepEqual([...page.createHash('sha256').update(data).digest()], [...node.createHash('sha256').update(data).digest()])
})

test('PBKDF2 and scrypt as Node derives them', () => {
  for (const prf of ['sha1', 'sha256', 'sha512']) assert.deepEqual([...page.pbkdf2Sync('pw', 'salt', 100, 40, prf)], [...node.pbkdf2Sync('pw', 'salt', 100, 40, prf)])
  assert.deepEqual([...page.scryptSync('pw', 'salt', 32, { N: 1024, r: 8, p: 2 })], [...node.scryptSync('pw', 'salt', 32, { N: 1024, r: 8, p: 2 })])
})

test('CBC ciphers without padding as Node runs them, both ways', () => {
  const plain = Buffer.alloc(48, 7)
  for (const [alg, keyLen, ivLen] of [
    ['aes-128-cbc', 16, 16],
    ['aes-192-cbc', 24, 16],
    ['aes-256-cbc', 32, 16],
    ['des-ede3-cbc', 24, 8],
  ] as const) {
    const key = Buffer.alloc(keyLen, 3)
    const iv = Buffer.alloc(ivLen, 5)
    const c = node.createCipheriv(alg, key, iv).setAutoPadding(false)
    const want = Buffer.concat([c.update(plain), c.final()])
    const p = page.createCipheriv(alg, key, iv).setAutoPadding(false)
    assert.deepEqual([...Buffer.concat([p.update(plain), p.final()])], [...want], alg)
    const d = page.createDecipheriv(alg, key, iv).setAutoPadding(false)
    assert.deepEqual([...Buffer.concat([d.update(want), d.final()])], [...plain], alg)
  }
})

test("randomBytes draws from the platform CSPRNG, past getRandomValues' 64 KiB a call", () => {
  const r = page.randomBytes(70000)
  assert.equal(r.length, 70000)
  assert.ok(r.subarray(65536).some((b) => b !== 0))
  assert.ok(page.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')))
  assert.ok(!page.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac')))
})

test('what only Node can do throws, and the call is recorded once', () => {
  page.takeNodeOnlyCall()
  for (const [name, call] of [
    ['createPrivateKey', () => page.createPrivateKey()],
    ['generateKeyPairSync', () => page.generateKeyPairSync()],
    ['X509Certificate', () => new page.X509Certificate()],
    ['createHash("whirlpool")', () => page.createHash('whirlpool')],
    ['aes-256-cbc with padding', () => page.createCipheriv('aes-256-cbc', Buffer.alloc(32), Buffer.alloc(16)).update(Buffer.alloc(16))],
  ] as const) {
    assert.throws(call, page.NodeOnlyError)
    assert.match(page.takeNodeOnlyCall() ?? '', new RegExp(name.split(' ')[0].replace(/[()"]/g, '.')), name)
    assert.equal(page.takeNodeOnlyCall(), undefined)
  }
})
