// Sprig's crypto functions: sha512sum, bcrypt, htpasswd, derivePassword, encryptAES/decryptAES.
// Expected values come from the Go oracle (derivePassword, decryptAES' panics, a bcrypt hash and an
// AES ciphertext Go made) or from Sprig's own tests (sha512sum, htpasswd "sha"). Salts and IVs are
// drawn from the injected random source, so a source replaying Go's salt gives Go's hash.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import type * as BcryptModule from 'bcryptjs'
import { renderTemplate } from '../../../../src/template/index.ts'

const bcryptjs = createRequire(import.meta.url)('bcryptjs') as typeof BcryptModule

/** A source whose draws give these bytes (randomBelow(256) of (b + 0.5) / 256 is b), then zeros. */
const bytesSource = (bytes: ArrayLike<number>) => {
  let i = 0
  return () => (i < bytes.length ? (bytes[i++] + 0.5) / 256 : 0)
}
const zeros = () => 0

// From the Go oracle (Sprig 3.2.3): Go's bcrypt hash of "myPassword" and encryptAES "secretkey" "plaintext".
const GO_BCRYPT = '$2a$10$Yu6hiAiDtxFGh7YRK5hSAu.dV1NvrrS2EaDcYybMLDa5b/47Em8qK'
const GO_AES = 'YdLJPg0hOew+mxCxY1aWVysYLN338++7BNXX4Il+XXQ='

const rows: [string, string | RegExp][] = [
  ['{{ "abc" | sha512sum }}', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ['{{ htpasswd "mySahUser" "myShaPassword" "sha" }}', 'mySahUser:{SHA}2C1bZDUdiuMgec/S9ra/kXN8r6E='],
  // A ':' in the user name is Sprig's message as the result, not an error.
  ['{{ htpasswd "a:b" "p" "sha" }}', 'invalid username: a:b'],
  // ESO's Sprig takes the hash type as a required third argument.
  ['{{ htpasswd "user" "p" }}', /wrong number of args for htpasswd: want 3 got 2/],
  // derivePassword: the oracle's outputs for every template type.
  ['{{ derivePassword 1 "long" "password" "user" "example.com" }}', 'ZedaFaxcZaso9*'],
  ['{{ derivePassword 1 "maximum" "password" "user" "example.com" }}', 'pf4zS1LjCg&LjhsZ7T2~'],
  ['{{ derivePassword 1 "medium" "password" "user" "example.com" }}', 'ZedJuz8$'],
  ['{{ derivePassword 1 "short" "password" "user" "example.com" }}', 'Zed5'],
  ['{{ derivePassword 1 "basic" "password" "user" "example.com" }}', 'pIS54PLs'],
  ['{{ derivePassword 1 "pin" "password" "user" "example.com" }}', '6685'],
  ['{{ derivePassword 7 "long" "pässwörd" "Ünïcode user" "site.example" }}', 'MucuToqpBopn0#'],
  ['{{ derivePassword 4294967295 "maximum" "x" "y" "z" }}', 'J9/&W%MkTyTj3JPB449&'],
  ['{{ derivePassword 0 "basic" "" "" "" }}', 'tLA7wHk7'],
  // The counter is a uint32: a larger literal is cut to 32 bits as reflect's SetUint does.
  ['{{ derivePassword 4294967297 "long" "password" "user" "example.com" }}', 'ZedaFaxcZaso9*'],
  ['{{ derivePassword -1 "long" "password" "user" "example.com" }}', /expected unsigned integer/],
  ['{{ derivePassword 1 "nope" "password" "user" "example.com" }}', 'cannot find password template nope'],
  // decryptAES: Go's ciphertext decrypts; round trips; Go's errors and panics as its messages.
  [`{{ decryptAES "secretkey" "${GO_AES}" }}`, 'plaintext'],
  ['{{ "plaintext" | encryptAES "secretkey" | decryptAES "secretkey" }}', 'plaintext'],
  ['{{ encryptAES "k" "" }}|{{ decryptAES "k" "" }}|', '||'],
  // A zero IV: Go decrypts this, and openssl's aes-256-cbc gives the same block.
  ['{{ encryptAES "secretkey" "plaintext" }}', 'AAAAAAAAAAAAAAAAAAAAALe9b2D8uTcZFlJ7leNzaWg='],
  ['{{ decryptAES "k" "abc" }}', /error calling decryptAES: illegal base64 data at input byte 0$/],
  ['{{ decryptAES "k" "YWJj" }}', /error calling decryptAES: runtime error: slice bounds out of range \[:16\] with capacity 3$/],
  ['{{ decryptAES "k" "AAAAAAAAAAAAAAAAAAAAAA==" }}', /error calling decryptAES: runtime error: index out of range \[-1\]$/],
  ['{{ decryptAES "k" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }}', /error calling decryptAES: crypto\/cipher: input not full blocks$/],
  // A wrong key: Go cuts by the last byte unchecked, here past the start (the oracle's panic).
  ['{{ decryptAES "k" "////////////////////////////////////////////////////////////////" }}', /error calling decryptAES: runtime error: slice bounds out of range \[:-\d+\]$/],
  // bcrypt refuses passwords over 72 bytes (x/crypto since 2023); Sprig returns the message.
  [`{{ bcrypt "${'a'.repeat(73)}" }}`, 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes'],
]

for (const [template, want] of rows) {
  test(`crypto: ${template.slice(0, 90)}`, () => {
    const render = () => renderTemplate(template, null, { functions: 'sprig', random: zeros })
    if (typeof want === 'string') assert.equal(render(), want)
    else assert.throws(render, (e: Error) => want.test(e.message))
  })
}

test("crypto: bcrypt with the salt Go drew gives Go's hash", () => {
  const salt = bcryptjs.decodeBase64(GO_BCRYPT.slice(7, 29), 16)
  assert.equal(renderTemplate('{{ bcrypt "myPassword" }}', null, { functions: 'sprig', random: bytesSource(salt) }), GO_BCRYPT)
  assert.equal(renderTemplate('{{ htpasswd "me" "myPassword" "bcrypt" }}', null, { functions: 'sprig', random: bytesSource(salt) }), `me:${GO_BCRYPT}`)
  assert.equal(renderTemplate('{{ htpasswd "me" "myPassword" "other" }}', null, { functions: 'sprig', random: bytesSource(salt) }), `me:${GO_BCRYPT}`)
})

test('crypto: bcrypt hashes verify, with fresh salts', () => {
  let n = 0
  const random = () => ((n++ * 37) % 256) / 256
  for (const password of ['', 'ünïcode ✓', 'nul\u0000byte', 'x'.repeat(72)]) {
    const hash = renderTemplate('{{ bcrypt .p }}', { p: password }, { functions: 'sprig', random })
    assert.match(hash, /^\$2a\$10\$[./A-Za-z0-9]{53}$/)
    assert.ok(bcryptjs.compareSync(password, hash))
  }
})

test('crypto: encryptAES draws its IV from the random source; keys are cut or padded to 32 bytes', () => {
  const iv = Array.from({ length: 16 }, (_, i) => i * 16)
  const out = renderTemplate('{{ encryptAES .k "a longer plaintext, over one block" }}', { k: 'k'.repeat(40) }, { functions: 'sprig', random: bytesSource(iv) })
  assert.deepEqual([...Buffer.from(out, 'base64').subarray(0, 16)], iv)
  assert.equal(Buffer.from(out, 'base64').length, 16 + 48)
  // The key is the first 32 bytes of the password: a password differing after them decrypts.
  assert.equal(renderTemplate('{{ decryptAES .k .c }}', { k: 'k'.repeat(32) + 'zz', c: out }, { functions: 'sprig' }), 'a longer plaintext, over one block')
})

test('crypto: the random source is read only when a salt or IV is drawn', () => {
  const seen: string[] = []
  const onNondeterministic = (n: string) => seen.push(n)
  renderTemplate('{{ htpasswd "u" "p" "sha" }}{{ sha512sum "x" }}{{ derivePassword 1 "pin" "p" "u" "s" }}{{ decryptAES "k" "" }}', null, { functions: 'sprig', random: zeros, onNondeterministic })
  assert.deepEqual(seen, [])
  renderTemplate('{{ encryptAES "k" "x" }}', null, { functions: 'sprig', random: zeros, onNondeterministic })
  assert.equal(seen.length, 16)
  assert.ok(seen.every((n) => n === 'random'))
})
