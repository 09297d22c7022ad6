// jwkPublicKeyPem / jwkPrivateKeyPem: ESO's template_test.go vectors (RSA and EC, public and
// private), keys generated here and exported by OpenSSL for comparison, and Go's x509 errors when
// a JWK holds the other half (which never quote key material).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { renderTemplate } from '../../../../src/template/index.ts'

const v = JSON.parse(readFileSync(new URL('./fixtures/eso-template-vectors.json', import.meta.url), 'utf8')) as Record<string, string>
const render = (template: string, secret: string) => renderTemplate(template, { secret }, { functions: 'eso', stringMap: true, missingKey: 'error' })
const PUB = '{{ .secret | jwkPublicKeyPem }}'
const PRIV = '{{ .secret | jwkPrivateKeyPem }}'

test('ESO vectors: PKIX public keys and PKCS#8 private keys from RSA and EC JWKs', () => {
  assert.equal(render(PUB, v.jwkPubRSA), v.jwkPubRSAPKIX)
  assert.equal(render(PRIV, v.jwkPrivRSA), v.jwkPrivRSAPKCS8)
  assert.equal(render(PUB, v.jwkPubEC), v.jwkPubECPKIX)
  assert.equal(render(PRIV, v.jwkPrivEC), v.jwkPrivECPKCS8)
})

test("generated keys of every JWK type ESO reads round-trip to OpenSSL's PEM", () => {
  const keys = [
    generateKeyPairSync('rsa', { modulusLength: 2048 }),
    generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    generateKeyPairSync('ec', { namedCurve: 'P-521' }),
    generateKeyPairSync('ed25519'),
  ]
  for (const { publicKey, privateKey } of keys) {
    const name = privateKey.asymmetricKeyType
    assert.equal(render(PUB, JSON.stringify(publicKey.export({ format: 'jwk' }))), publicKey.export({ format: 'pem', type: 'spki' }), name)
    assert.equal(render(PRIV, JSON.stringify(privateKey.export({ format: 'jwk' }))), privateKey.export({ format: 'pem', type: 'pkcs8' }), name)
  }
})

test('the wrong half of a key fails as in Go, without echoing the key', () => {
  const cases: { template: string; jwk: string; message: RegExp }[] = [
    { template: PUB, jwk: v.jwkPrivRSA, message: /error calling jwkPublicKeyPem: x509: unsupported public key type: \*rsa\.PrivateKey$/ },
    { template: PRIV, jwk: v.jwkPubRSA, message: /error calling jwkPrivateKeyPem: x509: unknown key type while marshaling PKCS#8: \*rsa\.PublicKey$/ },
    { template: PUB, jwk: v.jwkPrivEC, message: /x509: unsupported public key type: \*ecdsa\.PrivateKey$/ },
    { template: PRIV, jwk: v.jwkPubEC, message: /x509: unknown key type while marshaling PKCS#8: \*ecdsa\.PublicKey$/ },
    { template: PRIV, jwk: '{"kty":"oct","k":"Q0FOQVJZ"}', message: /x509: unknown key type while marshaling PKCS#8: \[\]uint8$/ },
    { template: PUB, jwk: 'CANARY not json', message: /error calling jwkPublicKeyPem: failed to unmarshal JSON into key hint$/ },
  ]
  for (const c of cases) {
    assert.throws(
      () => render(c.template, c.jwk),
      (e: Error) => {
        assert.match(e.message, c.message)
        assert.doesNotMatch(e.message, /CANARY|Q0FOQVJZ|"d"|MII/)
        return true
      },
    )
  }
})
