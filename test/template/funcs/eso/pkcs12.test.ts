// ESO's PKCS#12 template functions, proven three ways: ESO's own deterministic vectors (go-pkcs12
// Modern with ESO's mock random reader, byte for byte), openssl-made PKCS#12 files (modern AES,
// legacy RC2/3DES, 3DES-only, no password) read by pkcs12key/pkcs12cert, and our pemToPkcs12* /
// fullPemToPkcs12* / pemTruststoreToPKCS12* output read back by `openssl pkcs12 -info`.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { renderTemplate } from '../../../../src/template/index.ts'
import { encodePfx, encodeTrustStore } from '../../../../src/template/funcs/eso/pkcs12.ts'
import { parsePrivateKey } from '../../../../src/template/funcs/eso/x509.ts'
import { pemDecode } from '../../../../src/go/pem.ts'

const OPENSSL = '/usr/bin/openssl'
const dir = mkdtempSync(join(tmpdir(), 'eso-pkcs12-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const ssl = (...args: string[]) => execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString()
const file = (name: string) => readFileSync(join(dir, name))

// A root → intermediate → leaf chain with an RSA leaf key, made once for the whole file.
ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-subj', '/CN=Test Root', '-days', '2')
ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Test Intermediate')
writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:true\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n')
ssl('x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'int.pem', '-days', '2', '-extfile', 'ca.ext')
ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=leaf.example/O=Example, Inc.')
writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:leaf.example\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n')
ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext')
// openssl's canonical PEM forms: PKCS#8 key, one certificate per block.
const leafKey = ssl('pkey', '-in', 'leaf.key')
const pemOf = (name: string) => ssl('x509', '-in', name)
const chainPem = pemOf('leaf.pem') + pemOf('int.pem') + pemOf('root.pem')
writeFileSync(join(dir, 'chain.pem'), pemOf('int.pem') + pemOf('root.pem'))

const CANARY = 'CANARY-p4ss-7f3a'
const p12 = (name: string, ...args: string[]) => {
  ssl('pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'chain.pem', '-out', name, ...args)
  return file(name)
}
const P12 = {
  modern: p12('modern.p12', '-passout', `pass:${CANARY}`),
  legacy: p12('legacy.p12', '-legacy', '-passout', `pass:${CANARY}`),
  des: p12('des.p12', '-descert', '-passout', `pass:${CANARY}`),
  empty: p12('empty.p12', '-passout', 'pass:'),
  nopass: p12('nopass.p12', '-passout', 'pass:', '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac'),
}

const render = (template: string, data: Record<string, string | Uint8Array>) => renderTemplate(template, data, { functions: 'eso', stringMap: true, missingKey: 'error' })
const b64 = (b: Buffer) => b.toString('base64')

test('pkcs12key / pkcs12cert read openssl files: key as PKCS#8 PEM, chain ordered leaf → root', () => {
  const cases: { name: string; p12: Buffer; pass: string }[] = [
    { name: 'modern AES-256 + SHA-256 MAC', p12: P12.modern, pass: CANARY },
    { name: 'legacy RC2-40 certs + 3DES key', p12: P12.legacy, pass: CANARY },
    { name: '3DES certs and key', p12: P12.des, pass: CANARY },
    { name: 'empty password', p12: P12.empty, pass: '' },
    { name: 'no encryption, no MAC', p12: P12.nopass, pass: '' },
  ]
  for (const c of cases) {
    const data = { p12: b64(c.p12), pass: c.pass }
    const keyT = c.pass ? '{{ .p12 | b64dec | pkcs12keyPass .pass }}' : '{{ .p12 | b64dec | pkcs12key }}'
    const certT = c.pass ? '{{ .p12 | b64dec | pkcs12certPass .pass }}' : '{{ .p12 | b64dec | pkcs12cert }}'
    assert.equal(render(keyT, data), leafKey, c.name)
    assert.equal(render(certT, data), chainPem, c.name)
  }
})

test("pkcs12 decoding errors are Go's and never echo the password or contents", () => {
  const cases: { template: string; data: Record<string, string>; message: RegExp }[] = [
    {
      template: '{{ .p12 | b64dec | pkcs12certPass .pass }}',
      data: { p12: b64(P12.modern), pass: 'wrong-CANARY-x' },
      message: /error calling pkcs12certPass: unable to decode pkcs12 certificate with password: pkcs12: decryption password incorrect$/,
    },
    {
      template: '{{ .p12 | b64dec | pkcs12keyPass .pass }}',
      data: { p12: b64(P12.legacy), pass: 'wrong-CANARY-x' },
      message: /error calling pkcs12keyPass: unable to decode pkcs12 with password: pkcs12: decryption password incorrect$/,
    },
    { template: '{{ .p12 | b64dec | pkcs12key }}', data: { p12: b64(P12.modern) }, message: /pkcs12: decryption password incorrect$/ },
    { template: '{{ .junk | pkcs12cert }}', data: { junk: 'CANARY-not-a-pfx' }, message: /unable to decode pkcs12 certificate with password: pkcs12: error reading P12 data/ },
  ]
  for (const c of cases) {
    assert.throws(
      () => render(c.template, c.data),
      (e: Error) => {
        assert.match(e.message, c.message)
        assert.doesNotMatch(e.message, /CANARY|BEGIN|MII/)
        return true
      },
    )
  }
})

test("Modern encoding matches ESO's go-pkcs12 vectors byte for byte with ESO's mock random reader", () => {
  const v = JSON.parse(readFileSync(new URL('./fixtures/eso-pkcs12-vectors.json', import.meta.url), 'utf8')) as Record<string, string>
  const mock = (n: number) => {
    const b = Buffer.alloc(n)
    b.write('"0123456789"', 'latin1')
    return b
  }
  const der = (pem: string) => pemDecode(Buffer.from(pem))[0]!.bytes
  const key = parsePrivateKey(der(v.keyData))
  const pw = Buffer.from(v.password)
  assert.equal(encodePfx(key, der(v.certData), [], pw, mock).toString('base64'), v.expectedPfx)
  assert.equal(encodePfx(key, der(v.certData), [der(v.otherCert)], pw, mock).toString('base64'), v.expectedPfxCa)
  assert.equal(encodeTrustStore([der(v.certData), der(v.otherCert)], pw, mock).toString('base64'), v.expectedPfxCAs)
})

/** `openssl pkcs12 -info -nodes`: the certificates and key it finds, as PEM. */
function opensslRead(pfxBase64: string, pass: string): { certs: string[]; key?: string; info: string } {
  writeFileSync(join(dir, 'ours.p12'), Buffer.from(pfxBase64, 'base64'))
  // openssl prints the PEM blocks on stdout and the algorithms it met on stderr.
  const run = spawnSync(OPENSSL, ['pkcs12', '-info', '-nodes', '-in', 'ours.p12', '-passin', `pass:${pass}`], { cwd: dir })
  assert.equal(run.status, 0, run.stderr.toString())
  const info = run.stdout.toString() + run.stderr.toString()
  const certs = [...info.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)].map((m) => m[0])
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/.exec(info)?.[0]
  return { certs, key, info }
}

test('pemToPkcs12* / fullPemToPkcs12* / pemTruststoreToPKCS12* output is read by openssl', () => {
  const data = { cert: pemOf('leaf.pem'), full: chainPem, key: leafKey, pass: CANARY, roots: pemOf('int.pem') + pemOf('root.pem') }
  const cases: { template: string; pass: string; certs: string[]; key: boolean }[] = [
    { template: '{{ pemToPkcs12 .cert .key }}', pass: '', certs: [pemOf('leaf.pem')], key: true },
    { template: '{{ pemToPkcs12Pass .cert .key .pass }}', pass: CANARY, certs: [pemOf('leaf.pem')], key: true },
    { template: '{{ fullPemToPkcs12 .full .key }}', pass: '', certs: [pemOf('leaf.pem'), pemOf('int.pem'), pemOf('root.pem')], key: true },
    { template: '{{ fullPemToPkcs12Pass .full .key .pass }}', pass: CANARY, certs: [pemOf('leaf.pem'), pemOf('int.pem'), pemOf('root.pem')], key: true },
    { template: '{{ pemTruststoreToPKCS12 .roots }}', pass: '', certs: [pemOf('int.pem'), pemOf('root.pem')], key: false },
    { template: '{{ pemTruststoreToPKCS12Pass .roots .pass }}', pass: CANARY, certs: [pemOf('int.pem'), pemOf('root.pem')], key: false },
  ]
  for (const c of cases) {
    const out = render(c.template, data)
    const read = opensslRead(out, c.pass)
    assert.deepEqual(read.certs, c.certs, c.template)
    assert.equal(read.key, c.key ? leafKey : undefined, c.template)
    assert.match(read.info, /PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/, c.template)
    assert.match(read.info, /MAC: sha256, Iteration 2048/, c.template)
    if (!c.key) assert.match(read.info, /friendlyName: CN=Test Intermediate/, c.template)
    // And our own decoder reads it back (a trust store has no key, so only the key+cert ones).
    if (c.key) assert.equal(render('{{ .p | b64dec | pkcs12keyPass .pass }}', { p: out, pass: c.pass }), leafKey)
  }
})

test('PEM-to-PKCS#12 errors follow ESO: nil PEM blocks panic, bad keys and certs are reported', () => {
  const cases: { template: string; data: Record<string, string>; message: RegExp }[] = [
    {
      template: '{{ pemToPkcs12 .cert .key }}',
      data: { cert: 'CANARY no pem', key: leafKey },
      message: /error calling pemToPkcs12: runtime error: invalid memory address or nil pointer dereference$/,
    },
    {
      template: '{{ pemToPkcs12 .cert .key }}',
      data: { cert: pemOf('leaf.pem'), key: 'CANARY no pem' },
      message: /error calling pemToPkcs12: runtime error: invalid memory address or nil pointer dereference$/,
    },
    {
      template: '{{ pemToPkcs12Pass .cert .key .pass }}',
      data: { pass: CANARY, cert: pemOf('leaf.pem'), key: '-----BEGIN PRIVATE KEY-----\nQ0FOQVJZ\n-----END PRIVATE KEY-----\n' },
      message: /error calling pemToPkcs12Pass: unable to parse private key type$/,
    },
    { template: '{{ fullPemToPkcs12 .cert .key }}', data: { cert: pemOf('leaf.pem') + '\n\n', key: leafKey }, message: /runtime error: invalid memory address or nil pointer dereference$/ },
    { template: '{{ pemTruststoreToPKCS12 .cert }}', data: { cert: leafKey }, message: /error calling pemTruststoreToPKCS12: x509: malformed/ },
  ]
  for (const c of cases) {
    assert.throws(
      () => render(c.template, c.data),
      (e: Error) => {
        assert.match(e.message, c.message)
        assert.doesNotMatch(e.message, /CANARY|MII/)
        return true
      },
    )
  }
})
