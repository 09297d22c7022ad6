// filterPEM, filterCertChain and certSANs: ESO's pem_test.go tables (on ESO's own test
// certificates and on an openssl-made chain), Go's pem.Decode junk rules, SAN formatting (IPv6,
// IPv4-mapped, emails, URIs) and errors that never carry the input.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderTemplate } from '../../../../src/template/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'eso-pem-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const ssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString()
const ext = (name: string, text: string) => writeFileSync(join(dir, name), text)

// root → intermediate → leaf (Ed25519 keeps key generation fast), with key identifiers as CAs set them.
ext('ca.ext', 'basicConstraints=critical,CA:true\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n')
ext(
  'leaf.ext',
  'subjectAltName=DNS:a.example,DNS:b.example,IP:10.0.0.1,IP:2001:db8::1,IP:::ffff:192.0.2.7,IP:fe80:0:0:1:0:0:0:1,email:ops@example.com,URI:spiffe://cluster.local/ns/x/sa/y\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
)
ssl('req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-subj', '/CN=root', '-days', '2')
ssl('req', '-newkey', 'ed25519', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=int')
ssl('x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'int.pem', '-days', '2', '-extfile', 'ca.ext')
ssl('req', '-newkey', 'ed25519', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=leaf')
ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext')
ssl('req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-subj', '/CN=other', '-days', '2')
const pem = (name: string) => ssl('x509', '-in', name)
const [root, int, leaf, other] = ['root.pem', 'int.pem', 'leaf.pem', 'other.pem'].map(pem)
const leafKey = ssl('pkey', '-in', 'leaf.key')

const eso = JSON.parse(readFileSync(new URL('./fixtures/eso-pkcs12-vectors.json', import.meta.url), 'utf8')) as Record<string, string>
const { certData, otherCert, keyData } = eso

const render = (template: string, data: Record<string, string>) => renderTemplate(template, data, { functions: 'eso', stringMap: true, missingKey: 'error' })

test("filterPEM: ESO pem_test.go cases, case-insensitive types, Go's junk rules", () => {
  const cases: { name: string; type: string; input: string; want?: string }[] = [
    { name: 'extract cert / cert first', type: 'certificate', input: certData + keyData, want: certData },
    { name: 'extract cert / key first', type: 'certificate', input: keyData + certData, want: certData },
    { name: 'extract multiple certs', type: 'certificate', input: keyData + certData + keyData + otherCert, want: certData + otherCert },
    { name: 'extract key', type: 'private key', input: keyData + certData, want: keyData },
    { name: 'key with junk', type: 'private key', input: certData + keyData + 'some ---junk---', want: keyData },
    { name: 'begin/end with junk', type: 'private key', input: 'some junk' + certData + keyData + 'some ---junk---', want: keyData },
    { name: 'interleaved junk', type: 'private key', input: certData + 'some junk' + keyData },
    { name: 'err when junk', type: 'private key', input: '---junk---' },
    { name: 'empty input', type: 'CERTIFICATE', input: '', want: '' },
    { name: 'no match but a clean end', type: 'PUBLIC KEY', input: certData, want: '' },
    { name: 'a trailing blank line after the last block is junk', type: 'PUBLIC KEY', input: certData + '\n' },
    { name: 'CRLF and trailing spaces are accepted, output is re-encoded', type: 'CERTIFICATE', input: certData.replace(/\n/g, ' \r\n'), want: certData },
    {
      name: 'headers are kept, Proc-Type first',
      type: 'X',
      input: '-----BEGIN X-----\nZ-Hdr: z\nProc-Type: 4,ENCRYPTED\nA-Hdr: a\n\nAAEC\n-----END X-----\n',
      want: '-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nA-Hdr: a\nZ-Hdr: z\n\nAAEC\n-----END X-----\n',
    },
    { name: 'the last BEGIN before an END wins', type: 'X', input: '-----BEGIN X-----\n-----BEGIN X-----\nAAEC\n-----END X-----\n', want: '-----BEGIN X-----\nAAEC\n-----END X-----\n' },
  ]
  for (const c of cases) {
    const run = () => render('{{ .input | filterPEM .type }}', { input: c.input, type: c.type })
    if (c.want === undefined) assert.throws(run, /error calling filterPEM: error filtering pem: found junk$/, c.name)
    else assert.equal(run(), c.want, c.name)
  }
})

test('filterCertChain: leaf, intermediate and root of an unordered chain', () => {
  const cases: { name: string; type: string; input: string; want?: string; error?: RegExp }[] = [
    { name: 'leaf / empty chain', type: 'leaf', input: '', error: /no leaf certificate found$/ },
    { name: 'leaf / chain with a private key', type: 'leaf', input: leaf + leafKey, error: /error calling filterCertChain: x509: / },
    { name: 'leaf / leaf only', type: 'leaf', input: leaf, want: leaf },
    { name: 'leaf / chain without root', type: 'leaf', input: int + leaf, want: leaf },
    { name: 'leaf / root only', type: 'leaf', input: root, want: '' },
    { name: 'leaf / full chain, shuffled', type: 'leaf', input: root + leaf + int, want: leaf },
    { name: 'intermediate / leaf only', type: 'intermediate', input: leaf, want: '' },
    { name: 'intermediate / chain without root', type: 'intermediate', input: leaf + int, want: int },
    { name: 'intermediate / full chain', type: 'intermediate', input: int + root + leaf, want: int },
    { name: 'root / leaf only', type: 'root', input: leaf, want: '' },
    { name: 'root / root only', type: 'root', input: root, want: root },
    { name: 'root / full chain', type: 'root', input: leaf + int + root, want: root },
    { name: 'disjunct chains', type: 'leaf', input: leaf + int + root + other, error: /found multiple leaf or disjunct certificates$/ },
    { name: 'unknown type', type: 'other', input: leaf + int + root, want: '' },
  ]
  for (const c of cases) {
    const run = () => render('{{ .input | filterCertChain .type }}', { input: c.input, type: c.type })
    if (c.error) {
      assert.throws(run, (e: Error) => {
        assert.match(e.message, c.error!, c.name)
        assert.doesNotMatch(e.message, /MII|MC4|BEGIN/, c.name)
        return true
      })
    } else assert.equal(run(), c.want, c.name)
  }
})

test("certSANs: DNS names, IPs (Go's net.IP text), emails, then URIs", () => {
  assert.equal(
    render('{{ .c | certSANs | join "," }}', { c: 'junk before ' + leaf }),
    'a.example,b.example,10.0.0.1,2001:db8::1,192.0.2.7,fe80:0:0:1::1,ops@example.com,spiffe://cluster.local/ns/x/sa/y',
  )
  assert.equal(render('{{ .c | certSANs }}', { c: root }), '[]')
  assert.equal(render('{{ .c | certSANs }}', { c: certData }), '[gooble.com]')
  assert.throws(() => render('{{ .c | certSANs }}', { c: 'CANARY' }), /error calling certSANs: failed to decode PEM block$/)
  assert.throws(
    () => render('{{ .c | certSANs }}', { c: keyData }),
    (e: Error) => {
      assert.match(e.message, /error calling certSANs: failed to parse certificate: x509: /)
      assert.doesNotMatch(e.message, /MII/)
      return true
    },
  )
})
