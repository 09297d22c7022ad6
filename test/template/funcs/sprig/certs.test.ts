// Sprig's key and certificate functions against Go: Go's keys re-encode byte for byte; with Go's
// serial number (from the random source) and Go's clock (now), an Ed25519 certificate (whose
// signature is deterministic) comes out byte for byte as Go made it. Generated RSA/ECDSA/DSA keys
// and certificates are checked by shape: PEM types, node:crypto parsing, chains that verify.
// Go 1.19's CA key identifiers are SHA-1; ESO's Go 1.26 (and this engine) use truncated SHA-256.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto'
import { renderTemplate, type TemplateOptions } from '../../../../src/template/index.ts'
import { encodeKeyPem, parseIP, parsePrivateKeyPEM } from '../../../../src/template/funcs/sprig/certs.ts'

// Made by the Go oracle (Go 1.19, Sprig 3.2.3) with genPrivateKey, genCAWithKey, genSignedCertWithKey
// and genSelfSignedCertWithKey; see each certificate's comment for the call.
const GO = {
  ed25519Leaf: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIIQH+VZOhLwA8FjqFtFDf5OfXKAqdUHtqjeD1NqjjNSd\n-----END PRIVATE KEY-----\n',
  ed25519CA: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGNzNs0leRrOJxu+ZCcrDPjGJ/1yl6+MCJFzrpvR0UJk\n-----END PRIVATE KEY-----\n',
  ecdsa:
    '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKgVevJ3yfGciD5FMfPDiOi1SR+ZSWXezbXxZZGfw18HoAoGCCqGSM49\nAwEHoUQDQgAEVBDCAtTwsnjw5N+mXNETiGQp0gP+U/Clcdshx+uQaZfGUt48XHGZ\ncrKm4Gj7mZy3+Xre8DO5k7HvoskTm0hKSA==\n-----END EC PRIVATE KEY-----\n',
  dsa: '-----BEGIN DSA PRIVATE KEY-----\nMIIDVAIBAAKCAQEAle9VAoWoTfFSWxnSjNhOZ/E71DbM3rBWClotBNsrTC97nnLA\nIoZ1rSFUcycdUvnGgxYUdAoL0ZcrdU8zR/jlwbofu1uLokJ5CfUdsroTeMASwEKd\nlBoIhK56tHljbSkohZSIiRMGtmYQ5s/p6cTS0pl6RwXEPGTBZhe5e2Fs6u6oa3JL\nVLrMC2w2eoht9HbeRqfGIpbxhuOKdHUWJFGHgh6juDGlmDeuWJbdib6LDebaonzs\n/nqPhdlkNsMWuUR2WnbshjX0o42xFeHsNRfREbwvdCI4HJ3dCOqnxOeDhhP5TcDo\nOKutRqSxOpVBp/2gpJ+yj2051CL25e5UeXJXIQIhAPUH7T8IJACsx1e6a2yPcEkM\nBk1lkDM6ivL/+XrFnwpPAoIBAD0/HkBxai8KwzJh+3aUyIKrGkjVXFppDcQJurdT\nf5Lf1hGAZkSL5xQylsFeY/l2WdlCgbGMv0SqTwq2NiqG0t+i2aZemu3WYQpFfpXa\n/aHvEzop5oUaNg+KYCuEPteTOTBD+s2RtM+cfE13j/e1UdzY9mO81N6S/UnP5u9o\niBj2YZnWV0x6azsNgQ9dx6ieagEnEz3jtEJkO7a+rL7Uj1ATQ8ahSycaqWwlURIv\nfCvxPpKTx4TNMISmUM6GwOpJj2livHjnuISyMjxtF6gTaIOgtEdBPNOf43bB2P4R\nyqamkUJT9jdIwVyyp0F06zM77Yva1ZZR/qxeb2gh03cTjNkCggEAOlbplOoeRMl5\nbP8CcSI1utEV6RRuAf9lCM29CdY6qAQh12vLUdAOOBvNmdUiU6F51JhHWkS7miaj\n3CI8ys1U5tp8TxNQBQjvwgb5pCzOWhppwCF89OBZg2JNPQTz+ZnFG0ZDfRyswR6H\nHdLpbfMQB/2ABVckNnXADtTYSqY+A+D5LjhAe9PPdKS7C2J5ynAkgDnEQ7nLPOGe\nOuR/iZj9/lWwY42HOIikFw3UYR2QN0jafNuHvwEyNNZhWsSfhxUvM/sC5v56nxRC\n53FnIL8BRmf+xdAnrXlY/WyqMRMbbqpjfccNe96OChplbcN6qW2TDl31D8uBJurh\n8RlEDUU2iAIfEM0Pe9WI19RhXa7akqSYicBQXRGOlbWElsvRK0X1EQ==\n-----END DSA PRIVATE KEY-----\n',
  /** genCAWithKey "Test CA" 3650 ed25519CA */
  caCert:
    '-----BEGIN CERTIFICATE-----\nMIIBQjCB9aADAgECAhBdfv4jdIWwCh3PuzcI5msbMAUGAytlcDASMRAwDgYDVQQD\nEwdUZXN0IENBMB4XDTI2MTEyMzA5MDYzMVoXDTM2MTEyMDA5MDYzMVowEjEQMA4G\nA1UEAxMHVGVzdCBDQTAqMAUGAytlcAMhAJOsAvk5avjTaf1Z7lSVTQYRjBibUl4l\n5Kvyvr6IrZhko2EwXzAOBgNVHQ8BAf8EBAMCAqQwHQYDVR0lBBYwFAYIKwYBBQUH\nAwEGCCsGAQUFBwMCMA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0OBBYEFHAp/QdPIThf\nH2Qi/T6jnxd1pzqyMAUGAytlcANBADTEVzzE8J9ClVitl5Y9t3VJ6sLX+l+okmMV\nAahxZYe7VQDzkY5ceqNoNmlx0/Ld640fopRemUg8kSMiAEW6VwU=\n-----END CERTIFICATE-----\n',
  /** genSignedCertWithKey "leaf.example" (list "10.0.0.1" "::1") (list "leaf.example" "*.leaf.example") 365 $ca ed25519Leaf */
  leafCert:
    '-----BEGIN CERTIFICATE-----\nMIIBijCCATygAwIBAgIQKmNNNnlwftlRad22sUNr9DAFBgMrZXAwEjEQMA4GA1UE\nAxMHVGVzdCBDQTAeFw0yNjExMjMwOTA2MzFaFw0yNzExMjMwOTA2MzFaMBcxFTAT\nBgNVBAMTDGxlYWYuZXhhbXBsZTAqMAUGAytlcAMhAHr3BFmHnx9xZLFHpwKpkmFc\nZqNVILtLCxlQ+sETNy/1o4GiMIGfMA4GA1UdDwEB/wQEAwIFoDAdBgNVHSUEFjAU\nBggrBgEFBQcDAQYIKwYBBQUHAwIwDAYDVR0TAQH/BAIwADAfBgNVHSMEGDAWgBRw\nKf0HTyE4Xx9kIv0+o58Xdac6sjA/BgNVHREEODA2ggxsZWFmLmV4YW1wbGWCDiou\nbGVhZi5leGFtcGxlhwQKAAABhxAAAAAAAAAAAAAAAAAAAAABMAUGAytlcANBALvR\nXLm+uQnPDbzaewEWlwxtw1nZ/17SE1WJGoiclJCFFEDmP95xcvD2ZR/zX5Uvh0aC\ndyMtb+mwNCP56yCIjAU=\n-----END CERTIFICATE-----\n',
  /** genSelfSignedCertWithKey "self" (list "192.168.0.1") (list "self.example") 30 ed25519Leaf */
  selfCert:
    '-----BEGIN CERTIFICATE-----\nMIIBOjCB7aADAgECAhEAkZusXkWYVMMOccf+uq0dnzAFBgMrZXAwDzENMAsGA1UE\nAxMEc2VsZjAeFw0yNjExMjMwOTA2MzFaFw0yNjEyMjMwOTA2MzFaMA8xDTALBgNV\nBAMTBHNlbGYwKjAFBgMrZXADIQB69wRZh58fcWSxR6cCqZJhXGajVSC7SwsZUPrB\nEzcv9aNeMFwwDgYDVR0PAQH/BAQDAgWgMB0GA1UdJQQWMBQGCCsGAQUFBwMBBggr\nBgEFBQcDAjAMBgNVHRMBAf8EAjAAMB0GA1UdEQQWMBSCDHNlbGYuZXhhbXBsZYcE\nwKgAATAFBgMrZXADQQB4/OVZUjKm9BKeTRa2ixgS+9cy9s23+5rkaoreDi50qsMZ\nLJYDuenr32zxXFU3qZVv6n7Ks6LzMg/rF6MniGUD\n-----END CERTIFICATE-----\n',
}

const q = JSON.stringify
const b64 = (s: string) => Buffer.from(s).toString('base64')
const render = (template: string, options: TemplateOptions = {}) => renderTemplate(template, null, { functions: 'sprig', ...options })
/** buildCustomCert of a certificate and key, as a template expression. */
const custom = (cert: string, key: string) => `(buildCustomCert ${q(b64(cert))} ${q(b64(key))})`

/** The random source and clock that make this engine draw a Go certificate's serial and times. */
function asGoDrew(pem: string): Pick<TemplateOptions, 'random' | 'now'> {
  const cert = new X509Certificate(pem)
  const serial = Buffer.from(
    BigInt('0x' + cert.serialNumber)
      .toString(16)
      .padStart(32, '0'),
    'hex',
  )
  let i = 0
  return { random: () => (serial[i++] + 0.5) / 256, now: () => new Date(cert.validFrom) }
}

/** The DER elements inside a DER SEQUENCE (lengths up to 2 bytes: enough for these certificates). */
function children(der: Buffer): Buffer[] {
  const header = (b: Buffer) => (b[1] < 0x80 ? [2, b[1]] : [2 + (b[1] & 0x7f), b[1] === 0x81 ? b[2] : b.readUInt16BE(2)])
  const [h, len] = header(der)
  const out: Buffer[] = []
  for (let rest = der.subarray(h, h + len); rest.length; ) {
    const [ch, clen] = header(rest)
    out.push(rest.subarray(0, ch + clen))
    rest = rest.subarray(ch + clen)
  }
  return out
}

test("certs: Go's keys come back byte for byte (pemBlockForKey)", () => {
  for (const key of [GO.ed25519Leaf, GO.ecdsa, GO.dsa]) assert.equal(encodeKeyPem(parsePrivateKeyPEM(key)), key)
  assert.equal(render(`{{ (genCAWithKey "x" 1 ${q(GO.ecdsa)}).Key }}`), GO.ecdsa)
  // A PKCS#8 RSA key comes back as PKCS#1, as Sprig re-encodes the key it parsed.
  const pkcs8 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey
  const out = render(`{{ (genSelfSignedCertWithKey "x" nil nil 1 ${q(pkcs8.export({ type: 'pkcs8', format: 'pem' }))}).Key }}`)
  assert.equal(out, pkcs8.export({ type: 'pkcs1', format: 'pem' }))
})

test("certs: a self-signed certificate is Go's, byte for byte", () => {
  const out = render(`{{ (genSelfSignedCertWithKey "self" (list "192.168.0.1") (list "self.example") 30 ${q(GO.ed25519Leaf)}).Cert }}`, asGoDrew(GO.selfCert))
  assert.equal(out, GO.selfCert)
})

test("certs: a certificate signed by Go's CA is Go's, byte for byte", () => {
  const template = `{{ (genSignedCertWithKey "leaf.example" (list "10.0.0.1" "::1") (list "leaf.example" "*.leaf.example") 365 ${custom(GO.caCert, GO.ed25519CA)} ${q(GO.ed25519Leaf)}).Cert }}`
  assert.equal(render(template, asGoDrew(GO.leafCert)), GO.leafCert)
})

test("certs: a CA is Go's but for its key identifier (truncated SHA-256 since Go 1.25)", () => {
  const ours = new X509Certificate(render(`{{ (genCAWithKey "Test CA" 3650 ${q(GO.ed25519CA)}).Cert }}`, asGoDrew(GO.caCert))).raw
  const go = new X509Certificate(GO.caCert).raw
  const spki = createPrivateKey(GO.ed25519CA).export({ format: 'jwk' }).x!
  const sha1 = createHash('sha1').update(Buffer.from(spki, 'base64url')).digest('hex')
  const sha256 = createHash('sha256').update(Buffer.from(spki, 'base64url')).digest('hex').slice(0, 40)
  assert.equal(children(ours)[0].toString('hex'), children(go)[0].toString('hex').replace(sha1, sha256))
})

test('certs: genCA, genSelfSignedCert and genSignedCert (new RSA 2048 keys) make a chain', () => {
  const now = new Date('2030-01-02T03:04:05.678Z')
  const out = render(
    '{{ $ca := genCA "My CA" 10 }}{{ $leaf := genSignedCert "leaf" (list "10.1.2.3") (list "leaf.example") 5 $ca }}{{ $self := genSelfSignedCert "" nil (list "s.example") 1 }}' +
      '{{ $ca.Cert }}{{ $ca.Key }}{{ $leaf.Cert }}{{ $leaf.Key }}{{ $self.Cert }}{{ $self.Key }}',
    { now: () => now },
  )
  const blocks = out.match(/-----BEGIN ([A-Z ]+)-----\n[^-]+-----END \1-----\n/g)!
  assert.deepEqual(
    blocks.map((b) => b.split('\n')[0]),
    ['CERTIFICATE', 'RSA PRIVATE KEY', 'CERTIFICATE', 'RSA PRIVATE KEY', 'CERTIFICATE', 'RSA PRIVATE KEY'].map((t) => `-----BEGIN ${t}-----`),
  )
  const [ca, caKey, leaf, leafKey, self, selfKey] = blocks
  const caCert = new X509Certificate(ca)
  const leafCert = new X509Certificate(leaf)
  const selfCert = new X509Certificate(self)
  assert.ok(caCert.ca && !leafCert.ca && !selfCert.ca)
  assert.equal(caCert.subject, 'CN=My CA')
  assert.equal(leafCert.issuer, 'CN=My CA')
  assert.ok(leafCert.checkIssued(caCert) && leafCert.verify(caCert.publicKey) && selfCert.verify(selfCert.publicKey))
  assert.equal(leafCert.subjectAltName, 'DNS:leaf.example, IP Address:10.1.2.3')
  assert.ok(!selfCert.subject) // an empty RDNSequence
  assert.equal(caCert.validFrom, 'Jan  2 03:04:05 2030 GMT')
  assert.equal(caCert.validTo, 'Jan 12 03:04:05 2030 GMT')
  assert.equal(leafCert.validTo, 'Jan  7 03:04:05 2030 GMT')
  assert.deepEqual(leafCert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'])
  assert.ok(caCert.checkPrivateKey(createPrivateKey(caKey)) && leafCert.checkPrivateKey(createPrivateKey(leafKey)) && selfCert.checkPrivateKey(createPrivateKey(selfKey)))
  assert.equal(createPrivateKey(caKey).asymmetricKeyDetails?.modulusLength, 2048)
})

test("certs: genPrivateKey writes Sprig's PEM types", () => {
  const out = render('{{ genPrivateKey "rsa" }}{{ genPrivateKey "ecdsa" }}{{ genPrivateKey "ed25519" }}{{ genPrivateKey "dsa" }}')
  const blocks = out.match(/-----BEGIN ([A-Z ]+)-----\n[^-]+-----END \1-----\n/g)!
  assert.deepEqual(
    blocks.map((b) => b.split('\n')[0]),
    ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY', 'DSA PRIVATE KEY'].map((t) => `-----BEGIN ${t}-----`),
  )
  const details = blocks.map((b) => createPrivateKey(b))
  assert.equal(details[0].asymmetricKeyDetails?.modulusLength, 4096)
  assert.equal(details[1].asymmetricKeyDetails?.namedCurve, 'prime256v1')
  assert.equal(details[2].asymmetricKeyType, 'ed25519')
  assert.deepEqual([details[3].asymmetricKeyType, details[3].asymmetricKeyDetails?.modulusLength, details[3].asymmetricKeyDetails?.divisorLength], ['dsa', 2048, 256])
  assert.equal(encodeKeyPem(parsePrivateKeyPEM(blocks[3])), blocks[3])
  assert.equal(render('{{ genPrivateKey "RSA" }}'), 'Unknown type RSA')
})

test('certs: buildCustomCert returns what it was given, as a sprig.certificate', () => {
  const out = render(`{{ $c := ${custom(GO.caCert, GO.dsa)} }}{{ typeOf $c }}|{{ kindOf $c }}|{{ eq $c.Cert ${q(GO.caCert)} }}|{{ eq $c.Key ${q(GO.dsa)} }}|{{ toJson $c | len }}`)
  assert.equal(out, `sprig.certificate|struct|true|true|${JSON.stringify({ Cert: GO.caCert, Key: GO.dsa }).length}`)
})

test("certs: net.ParseIP as ESO's Go has it (netip), IPv4-mapped addresses as 4 bytes", () => {
  const rows: [string, string | undefined][] = [
    ['1.2.3.4', '01020304'],
    ['01.2.3.4', undefined],
    ['256.0.0.1', undefined],
    ['::1', '0'.repeat(31) + '1'],
    ['::ffff:1.2.3.4', '01020304'],
    ['::1.2.3.4', '0'.repeat(24) + '01020304'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['1:2:3:4:5:6:7:8::', undefined],
    ['fe80::1%eth0', undefined],
    ['00000::1', undefined],
    ['', undefined],
    ['1.2.3.4:80', undefined],
  ]
  for (const [ip, hex] of rows) assert.equal(parseIP(ip)?.toString('hex'), hex, ip)
})

const caExpr = custom(GO.caCert, GO.ed25519CA)
const errors: [string, RegExp][] = [
  [`{{ genSelfSignedCertWithKey "x" (list 1) nil 1 ${q(GO.ed25519Leaf)} }}`, /error calling genSelfSignedCertWithKey: error parsing ip: a value of type int is not a string$/],
  [`{{ genSelfSignedCertWithKey "x" (list "1.2.3") nil 1 ${q(GO.ed25519Leaf)} }}`, /error parsing ip: not an IP address$/],
  [`{{ genSelfSignedCertWithKey "x" nil (list nil) 1 ${q(GO.ed25519Leaf)} }}`, /error processing alternate dns name: nil is not a string$/],
  [`{{ genSelfSignedCertWithKey "x" nil (list "bü.example") 1 ${q(GO.ed25519Leaf)} }}`, /error creating certificate: x509: a DNS name cannot be encoded as an IA5String$/],
  ['{{ genSelfSignedCert "x" "1.2.3.4" nil 1 }}', /wrong type for value; expected \[\]interface \{\}; got string$/],
  ['{{ genSignedCert "x" nil nil 1 (dict) }}', /wrong type for value; expected sprig.certificate; got map\[string\]interface \{\}$/],
  ['{{ genSignedCert "x" nil nil 1 nil }}', /cannot assign nil to sprig.certificate$/],
  ['{{ genCAWithKey "x" 1 "junk" }}', /error calling genCAWithKey: parsing private key: no PEM data in input$/],
  ['{{ genCAWithKey "x" 1 "-----BEGIN FOO-----\\nAAAA\\n-----END FOO-----\\n" }}', /parsing private key: no private key data in PEM block of type FOO$/],
  ['{{ genCAWithKey "x" 1 "-----BEGIN X PRIVATE KEY-----\\nAAAA\\n-----END X PRIVATE KEY-----\\n" }}', /parsing private key: invalid private key type X PRIVATE KEY$/],
  ['{{ genCAWithKey "x" 1 "-----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY-----\\n" }}', /parsing private key: parsing RSA private key from PEM: /],
  [
    '{{ genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\\nAAAA\\n-----END DSA PRIVATE KEY-----\\n" }}',
    /parsing private key: parsing DSA private key from PEM: asn1: structure error: tags don't match$/,
  ],
  [
    `{{ genCAWithKey "x" 1 ${q(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'sec1', format: 'pem' }))} }}`,
    /parsing EC private key from PEM: x509: unknown elliptic curve$/,
  ],
  [
    `{{ genCAWithKey "x" 1 ${q(generateKeyPairSync('ed448').privateKey.export({ type: 'pkcs8', format: 'pem' }))} }}`,
    /decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.3.101.113$/,
  ],
  // DSA keys parse, but Go's x509 can neither sign with one nor certify one.
  [`{{ genCAWithKey "x" 1 ${q(GO.dsa)} }}`, /error creating certificate: x509: certificate private key does not implement crypto.Signer$/],
  [`{{ genSignedCertWithKey "x" nil nil 1 ${caExpr} ${q(GO.dsa)} }}`, /error creating certificate: x509: unsupported public key type: \*dsa.PublicKey$/],
  [`{{ genSignedCertWithKey "x" nil nil 1 ${custom(GO.caCert, GO.ed25519Leaf)} ${q(GO.ed25519Leaf)} }}`, /error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey$/],
  // crypto/rsa (Go 1.24 on) will not sign with a key under 1024 bits.
  [
    `{{ genCAWithKey "x" 1 ${q(generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey.export({ type: 'pkcs1', format: 'pem' }))} }}`,
    /error creating certificate: crypto\/rsa: 512-bit keys are insecure/,
  ],
  [`{{ buildCustomCert "@@" ${q(b64(GO.ecdsa))} }}`, /error calling buildCustomCert: unable to decode base64 certificate$/],
  [`{{ buildCustomCert ${q(b64(GO.caCert))} "@@" }}`, /unable to decode base64 private key$/],
  [`{{ buildCustomCert ${q(b64('junk'))} ${q(b64(GO.ecdsa))} }}`, /unable to decode certificate$/],
  [
    `{{ buildCustomCert ${q(b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'))} ${q(b64(GO.ecdsa))} }}`,
    /error parsing certificate: decodedCert.Bytes: x509: malformed certificate$/,
  ],
  [`{{ buildCustomCert ${q(b64(GO.caCert))} ${q(b64('junk'))} }}`, /error parsing private key: no PEM data in input$/],
  [`{{ genSignedCertWithKey "x" nil nil 1 ${custom('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', GO.ecdsa)} ${q(GO.ecdsa)} }}`, /error calling buildCustomCert/],
]
for (const [template, want] of errors) {
  test(`certs: ${template.slice(0, 100).replace(/\n/g, ' ')}`, () => {
    assert.throws(
      () => render(template),
      (e: Error) => want.test(e.message),
    )
  })
}

test('certs: errors name no key material (keys from data stay out of messages)', () => {
  const data = {
    ip: 'nope',
    leaf: GO.ed25519Leaf,
    dsa: GO.dsa,
    bad: '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n',
  }
  for (const template of [
    `{{ genCAWithKey "x" 1 .dsa }}`,
    `{{ genSignedCertWithKey "x" nil nil 1 ${custom(GO.caCert, GO.ed25519Leaf)} .leaf }}`,
    '{{ genCAWithKey "x" 1 .bad }}',
    '{{ genSelfSignedCertWithKey "x" (list .ip) nil 1 .leaf }}',
  ]) {
    assert.throws(
      () => renderTemplate(template, data, { functions: 'sprig' }),
      (e: Error) => e.message.includes('error calling') && !/MC4CAQAw|MIIDVAIBAAKC|MIIBOgIBAAJB|nope/.test(e.message),
    )
  }
})

test('certs: a common name that is not UTF-8 fails as asn1.Marshal does', () => {
  const data = new Map<string, unknown>([
    ['cn', new Uint8Array([0x41, 0xff])],
    ['key', GO.ed25519Leaf],
  ])
  assert.throws(() => renderTemplate('{{ genSelfSignedCertWithKey .cn nil nil 1 .key }}', data, { functions: 'sprig', stringMap: true }), /error creating certificate: asn1: string not valid UTF-8$/)
})

test('certs: key generation is reported as nondeterministic; the *WithKey forms read the random source', () => {
  const seen: string[] = []
  const onNondeterministic = (n: string) => seen.push(n)
  render('{{ genPrivateKey "ed25519" | len }}', { onNondeterministic })
  assert.deepEqual(seen, ['genPrivateKey'])
  seen.length = 0
  render(`{{ (genCAWithKey "x" 1 ${q(GO.ed25519CA)}).Cert | len }}`, { onNondeterministic })
  assert.ok(seen.includes('random') && seen.includes('now') && !seen.includes('genCAWithKey'))
})
