// rsaDecrypt: ESO's template_test.go vectors (PKCS#8 and PKCS#1 keys, SHA-1 and SHA-256 OAEP),
// ciphertexts made here with every hash name ESO accepts, and its error texts.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { renderTemplate } from '../../../../src/template/index.ts'

const v = JSON.parse(readFileSync(new URL('./fixtures/eso-template-vectors.json', import.meta.url), 'utf8')) as Record<string, string>
const render = (template: string, data: Record<string, string | Uint8Array>) => renderTemplate(template, data, { functions: 'eso', stringMap: true, missingKey: 'error' })

test('ESO vectors decrypt', () => {
  const t = (hash: string) => `{{ .key | rsaDecrypt "RSA-OAEP" "${hash}" (.data | b64dec) }}`
  assert.equal(render(t('SHA1'), { key: v.rsaDecryptPKRSAPKCS8, data: v.rsaDecryptDataPKCS8Base64 }), 'a1b2c3d4')
  assert.equal(render(t('SHA256'), { key: v.rsaDecryptPKRSAPKCS1, data: v.rsaDecryptDataPKCS1Base64 }), 'hellopkcs1sha256')
})

test('hash names: SHA1, SHA256, SHA512; None and anything else mean SHA-256', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const key = privateKey.export({ format: 'pem', type: 'pkcs1' }) as string
  const cases: [string, string][] = [
    ['SHA1', 'sha1'],
    ['SHA256', 'sha256'],
    ['SHA512', 'sha512'],
    ['None', 'sha256'],
    ['sha512', 'sha256'],
  ]
  for (const [name, hash] of cases) {
    const data = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, Buffer.from('secret \xff bytes', 'latin1'))
    const out = renderTemplate(`{{ rsaDecrypt "RSA-OAEP" "${name}" (.data | b64dec) .key }}`, { data: data.toString('base64'), key }, { functions: 'eso', stringMap: true })
    assert.equal(out, 'secret \ufffd bytes', name)
  }
  assert.equal(render('{{ rsaDecrypt "None" "SHA256" "as is" "no key needed" }}', {}), 'as is')
})

test('errors', () => {
  const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const cases: { template: string; data: Record<string, string>; message: RegExp }[] = [
    { template: '{{ rsaDecrypt "RSA-OAEP" "SHA256" "data" .k }}', data: { k: 'CANARY' }, message: /error calling rsaDecrypt: failed to decode PEM block$/ },
    { template: '{{ rsaDecrypt "RSA-PKCS1" "SHA256" "data" .k }}', data: { k: 'CANARY' }, message: /error calling rsaDecrypt: decryption scheme RSA-PKCS1 is not supported$/ },
    {
      template: '{{ rsaDecrypt "RSA-OAEP" "SHA256" "data" .k }}',
      data: { k: ec.export({ format: 'pem', type: 'pkcs8' }) as string },
      message: /error calling rsaDecrypt: could not parse RSA private key$/,
    },
    {
      template: '{{ rsaDecrypt "RSA-OAEP" "SHA256" "data" .k }}',
      data: { k: '-----BEGIN X-----\nQ0FOQVJZ\n-----END X-----\n' },
      message: /could not parse private key: unable to parse private key type$/,
    },
    { template: '{{ rsaDecrypt "RSA-OAEP" "SHA256" .d .k }}', data: { d: 'CANARY-ciphertext', k: v.rsaDecryptPKRSAPKCS1 }, message: /error decrypting data with RSA: crypto\/rsa: decryption error$/ },
  ]
  for (const c of cases) {
    assert.throws(
      () => render(c.template, c.data),
      (e: Error) => {
        assert.match(e.message, c.message)
        assert.doesNotMatch(e.message.replace(/^.*error calling/, ''), /CANARY|MII/)
        return true
      },
    )
  }
})
