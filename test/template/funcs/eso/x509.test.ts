// The crypto/x509 parts ESO's functions rely on (src/template/funcs/eso/x509.ts): parseCertificate's
// SANs, key identifiers and Subject.String(), net.IP.String(), ESO's parsePrivateKey and
// x509.ParsePKCS8PrivateKey / MarshalPKCS8PrivateKey. Certificates and keys are made by openssl
// here (Ed25519 keeps it fast); certificates openssl will not make (string types, malformed
// fields) are built with the DER helpers of src/go/asn1.ts. Every expected field and error comes
// from real Go: Debian's Go 1.19 ran x509.ParseCertificate (and ESO's parsePrivateKey,
// x509.ParsePKCS8PrivateKey) on the same bytes; where newer Go differs, the row says so, and where
// Go's message quotes the certificate's contents, the row holds Go's text in a comment.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ipString, KeyParseError, marshalPKCS8PrivateKey, parseCertificate, parsePKCS8PrivateKey, parsePrivateKey, subjectString, X509Error } from '../../../../src/template/funcs/eso/x509.ts'
import { bitString, context, explicit, int, NULL, octets, oid, seq, set, TAG, tlv, UNIVERSAL } from '../../../../src/go/asn1.ts'

const dir = mkdtempSync(join(tmpdir(), 'eso-x509-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const ssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
const file = (name: string, text: string) => writeFileSync(join(dir, name), text)
const der = (name: string) => ssl('x509', '-in', name, '-outform', 'DER')

// ---- certificates made by openssl ----

ssl('req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=ca', '-days', '2', '-addext', 'subjectKeyIdentifier=hash')
file(
  'san.ext',
  'subjectAltName=DNS:a.example,email:ops@example.com,IP:10.0.0.1,IP:2001:db8::1,URI:HTTPS://Example.COM/Path?q=1,DNS:b.example,email:x@y,IP:::ffff:192.0.2.7,URI:spiffe://td/ns/x,otherName:1.2.3.4;UTF8:hello,RID:1.2.3,IP:fe80::,IP:0:0:1::1:0:0:1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
)
file('issuer.ext', 'authorityKeyIdentifier=issuer:always\n')
file('plain.ext', 'basicConstraints=CA:false\n')
// Subjects with characters -subj cannot carry go through a config file.
file(
  'escape.cnf',
  '[req]\nprompt = no\ndistinguished_name = dn\nutf8 = yes\nstring_mask = utf8only\n[dn]\nCN = "#lead"\nO = "  spaced  "\nOU = "a,b+c\\"d\\\\e<f>g;h"\nL = "é ünïcødé"\nST = "tail#"\nstreet = " "\n',
)

/** A leaf signed by the CA: the subject as -subj (or a config file), extensions from a file (none: a v1 certificate). */
function leaf(name: string, subject: string[], ext?: string): Buffer {
  ssl('req', '-new', '-newkey', 'ed25519', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, ...subject)
  ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...(ext ? ['-extfile', ext] : []))
  return der(`${name}.pem`)
}

/** openssl's own reading of a key identifier extension, as hex. */
function keyIdOf(pem: string, ext: 'subjectKeyIdentifier' | 'authorityKeyIdentifier'): string | undefined {
  const text = ssl('x509', '-in', pem, '-noout', '-ext', ext).toString()
  return /((?:[0-9A-F]{2}:)+[0-9A-F]{2})/.exec(text)?.[1].replace(/:/g, '').toLowerCase()
}

interface Fields {
  dnsNames?: string[]
  emailAddresses?: string[]
  ipAddresses?: string[]
  uris?: string[]
  subject: string
}

const certs: { name: string; der: () => Buffer; pem?: string; want: Fields; aki: 'ca' | 'none' }[] = [
  { name: 'a self-signed CA', der: () => der('ca.pem'), pem: 'ca.pem', want: { subject: 'CN=ca' }, aki: 'ca' },
  {
    name: "SANs of every kind, each list in certificate order (otherName and registeredID are not Go's lists)",
    der: () => leaf('san', ['-subj', '/CN=san'], 'san.ext'),
    pem: 'san.pem',
    want: {
      dnsNames: ['a.example', 'b.example'],
      emailAddresses: ['ops@example.com', 'x@y'],
      ipAddresses: ['10.0.0.1', '2001:db8::1', '192.0.2.7', 'fe80::', '::1:0:1:0:0:1'],
      uris: ['https://Example.COM/Path?q=1', 'spiffe://td/ns/x'],
      subject: 'CN=san',
    },
    aki: 'ca',
  },
  {
    name: "a subject in Go's order: unnamed attributes last, the last CN only, OUs sharing one RDN",
    der: () => leaf('subject', ['-subj', '/C=US/ST=CA/L=SF/street=1 Main/postalCode=94000/O=Org, Inc./OU=b/OU=a/CN=first/CN=last/serialNumber=42/emailAddress=a@b.c/DC=example/UID=jd'], 'plain.ext'),
    want: {
      subject:
        'SERIALNUMBER=42,CN=last,OU=b+OU=a,O=Org\\, Inc.,POSTALCODE=94000,STREET=1 Main,L=SF,ST=CA,C=US,0.9.2342.19200300.100.1.1=#13026a64,0.9.2342.19200300.100.1.25=#13076578616d706c65,1.2.840.113549.1.9.1=#0c056140622e63',
    },
    aki: 'ca',
  },
  {
    name: 'RFC 2253 escaping: specials anywhere, # first, spaces at the ends, UTF-8 kept',
    der: () => leaf('escape', ['-config', 'escape.cnf'], 'plain.ext'),
    want: { subject: 'CN=\\#lead,OU=a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h,O=\\  spaced \\ ,STREET=\\ ,L=é ünïcødé,ST=tail#' },
    aki: 'ca',
  },
  {
    name: 'multi-valued RDNs are rebuilt from the named fields',
    der: () => leaf('multi', ['-multivalue-rdn', '-subj', '/CN=a+O=b/OU=c+OU=d+C=FR'], 'plain.ext'),
    want: { subject: 'CN=a,OU=c+OU=d,O=b,C=FR' },
    aki: 'ca',
  },
  { name: 'an authority key id without a keyIdentifier is nil', der: () => leaf('issuer', ['-subj', '/CN=issuer'], 'issuer.ext'), want: { subject: 'CN=issuer' }, aki: 'none' },
  { name: 'a v1 certificate (no extensions)', der: () => leaf('v1', ['-subj', '/CN=v1']), pem: 'v1.pem', want: { subject: 'CN=v1' }, aki: 'none' },
  { name: 'an empty subject prints as ""', der: () => leaf('empty', ['-subj', '/'], 'plain.ext'), want: { subject: '' }, aki: 'ca' },
]
const caKeyId = keyIdOf('ca.pem', 'subjectKeyIdentifier')!

for (const c of certs) {
  test(`parseCertificate, openssl: ${c.name}`, () => {
    const bytes = c.der()
    const cert = parseCertificate(bytes)
    assert.deepEqual(cert.raw, bytes)
    assert.deepEqual(
      { dnsNames: cert.dnsNames, emailAddresses: cert.emailAddresses, ipAddresses: cert.ipAddresses.map(ipString), uris: cert.uris, subject: subjectString(cert.subject) },
      { dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [], ...c.want },
    )
    assert.equal(cert.authorityKeyId?.toString('hex'), c.aki === 'ca' ? caKeyId : undefined)
    if (c.pem) assert.equal(cert.subjectKeyId?.toString('hex'), keyIdOf(c.pem, 'subjectKeyIdentifier'))
  })
}

// ---- certificates built by hand (the signature is not checked, so any key and signature do) ----

const str = (tag: number, s: string | Buffer) => tlv(UNIVERSAL, false, tag, typeof s === 'string' ? Buffer.from(s, 'utf8') : s)
const atv = (type: string, value: Buffer) => seq(oid(type), value)
const name = (...rdns: Buffer[][]) => seq(...rdns.map((r) => set(...r)))
const ED25519 = seq(oid('1.3.101.112'))
const utc = (t: string) => tlv(UNIVERSAL, false, TAG.UTC_TIME, Buffer.from(t))
const ext = (type: string, value: Buffer) => seq(oid(type), octets(value))
const san = (...names: Buffer[]) => ext('2.5.29.17', seq(...names))
const general = (tag: number, b: string | Buffer) => context(tag, false, typeof b === 'string' ? Buffer.from(b, 'latin1') : b)
const CN = (s: string) => atv('2.5.4.3', str(TAG.UTF8, s))

/** A certificate's fields, each replaceable: `version` null leaves the field out, `versionDer` replaces it; `tbsExtra` follows the extensions, `extra` the signature. */
interface Build {
  version?: number | null
  versionDer?: Buffer
  serial?: Buffer
  sigAlg?: Buffer
  outerSigAlg?: Buffer
  issuer?: Buffer
  validity?: Buffer
  subject?: Buffer
  spki?: Buffer
  extensions?: Buffer[]
  tbsExtra?: Buffer[]
  signature?: Buffer
  extra?: Buffer[]
  trailing?: Buffer
}
function handMade(b: Build = {}): Buffer {
  const version = b.version === undefined ? 2 : b.version
  const tbs = seq(
    ...(b.versionDer ? [b.versionDer] : version === null ? [] : [explicit(0, int(version))]),
    b.serial ?? int(7),
    b.sigAlg ?? ED25519,
    b.issuer ?? name([CN('issuer')]),
    b.validity ?? seq(utc('260101000000Z'), utc('270101000000Z')),
    b.subject ?? name([CN('hand')]),
    b.spki ?? seq(ED25519, bitString(Buffer.alloc(32, 1))),
    ...(b.extensions?.length ? [explicit(3, seq(...b.extensions))] : []),
    ...(b.tbsExtra ?? []),
  )
  return Buffer.concat([seq(tbs, b.outerSigAlg ?? b.sigAlg ?? ED25519, b.signature ?? bitString(Buffer.alloc(64, 2)), ...(b.extra ?? [])), b.trailing ?? Buffer.alloc(0)])
}
const gtime = (t: string) => tlv(UNIVERSAL, false, TAG.GENERALIZED_TIME, Buffer.from(t))
const raw = (tag: number, content: number[]) => tlv(UNIVERSAL, false, tag, Buffer.from(content))

const hand: { name: string; der: Buffer; want?: Fields & { ski?: string; aki?: string }; error?: string }[] = [
  {
    name: 'directory strings: Printable, T61, BMP, IA5, Numeric, UTF8',
    der: handMade({
      subject: name(
        [atv('2.5.4.6', str(TAG.PRINTABLE, 'DE'))],
        [atv('2.5.4.10', str(TAG.T61, Buffer.from('caf\xe9', 'latin1')))],
        [atv('2.5.4.11', str(TAG.BMP, Buffer.from('00e920ac', 'hex')))],
        [atv('2.5.4.7', str(TAG.IA5, 'ia5'))],
        [atv('2.5.4.8', str(18, '123 4'))],
        [CN('utf8 ✓')],
      ),
    }),
    // T61String as Latin-1 is newer Go's reading; Go 1.19 kept the raw byte (printed as U+FFFD).
    want: { subject: 'CN=utf8 ✓,OU=é€,O=café,L=ia5,ST=123 4,C=DE' },
  },
  {
    name: 'unnamed attributes print as #hex of their re-encoded value (PrintableString if it can, else UTF8String)',
    der: handMade({ subject: name([atv('1.2.3.4', str(TAG.UTF8, 'plain text'))], [atv('1.2.3.5', str(TAG.IA5, 'a@b'))], [CN('x')]) }),
    want: { subject: 'CN=x,1.2.3.5=#0c03614062,1.2.3.4=#130a706c61696e2074657874' },
  },
  { name: 'an empty CN is left out', der: handMade({ subject: name([CN('')], [atv('2.5.4.10', str(TAG.UTF8, 'o'))]) }), want: { subject: 'O=o' } },
  { name: 'an empty subject sequence', der: handMade({ subject: seq() }), want: { subject: '' } },
  {
    name: 'two CNs in one RDN: the last wins; OUs from two RDNs share one',
    der: handMade({ subject: name([CN('one'), CN('two')], [atv('2.5.4.11', str(TAG.UTF8, 'u1'))], [atv('2.5.4.11', str(TAG.UTF8, 'u2'))]) }),
    want: { subject: 'CN=two,OU=u1+OU=u2' },
  },
  { name: 'an empty SAN extension', der: handMade({ extensions: [san()] }), want: { subject: 'CN=hand' } },
  {
    name: "IP SANs in net.IP's text",
    der: handMade({
      extensions: [
        san(
          ...[
            '00000000000000000000000000000000',
            '00000000000000000000000000000001',
            '20010db8000000010000000000000001',
            '20010db8000000000001000000000001',
            '00000000000000000000ffff7f000001',
            'ff020000000000000000000000000001',
            '00000000',
          ].map((h) => general(7, Buffer.from(h, 'hex'))),
        ),
      ],
    }),
    want: { ipAddresses: ['::', '::1', '2001:db8:0:1::1', '2001:db8::1:0:0:1', '127.0.0.1', 'ff02::1', '0.0.0.0'], subject: 'CN=hand' },
  },
  {
    name: 'URI SANs: the scheme is lower-cased, the rest kept',
    der: handMade({ extensions: [san(general(6, 'URN:ISBN:0451450523'), general(6, 'no-scheme/path'), general(6, 'mailto:A@B'))] }),
    want: { uris: ['urn:ISBN:0451450523', 'no-scheme/path', 'mailto:A@B'], subject: 'CN=hand' },
  },
  {
    name: 'key identifiers are the extension bytes',
    der: handMade({ extensions: [ext('2.5.29.14', octets(Buffer.from('0102', 'hex'))), ext('2.5.29.35', seq(context(0, false, Buffer.from('0a0b', 'hex'))))] }),
    want: { subject: 'CN=hand', ski: '0102', aki: '0a0b' },
  },
  { name: 'an empty authority key identifier is nil', der: handMade({ extensions: [ext('2.5.29.35', seq())] }), want: { subject: 'CN=hand' } },
  { name: 'no version field is v1', der: handMade({ version: null }), want: { subject: 'CN=hand' } },
  { name: 'an explicit version 0 is v1', der: handMade({ version: 0 }), want: { subject: 'CN=hand' } },
  { name: 'version 4', der: handMade({ version: 3 }), error: 'x509: invalid version' },
  { name: 'a duplicate extension', der: handMade({ extensions: [san(general(2, 'a')), san(general(2, 'b'))] }), error: 'x509: certificate contains duplicate extensions' },
  { name: 'an IP SAN of 5 bytes', der: handMade({ extensions: [san(general(7, Buffer.from([1, 2, 3, 4, 5])))] }), error: 'x509: cannot parse IP address of length 5' },
  { name: 'a dNSName that is not ASCII', der: handMade({ extensions: [san(general(2, Buffer.from('é', 'utf8')))] }), error: 'x509: SAN dNSName is malformed' },
  { name: 'an rfc822Name that is not ASCII', der: handMade({ extensions: [san(general(1, Buffer.from('é@x', 'utf8')))] }), error: 'x509: SAN rfc822Name is malformed' },
  { name: 'a URI that is not ASCII', der: handMade({ extensions: [san(general(6, Buffer.from('http://é/', 'utf8')))] }), error: 'x509: SAN uniformResourceIdentifier is malformed' },
  { name: 'bytes that are not DER', der: Buffer.from('not a certificate'), error: 'x509: malformed certificate' },
  { name: 'no bytes', der: Buffer.alloc(0), error: 'x509: malformed certificate' },
  // subject and issuer names: each value must be a string type Go reads, valid for its type (parseName)
  {
    name: 'a PrintableString with a character outside its set',
    der: handMade({ subject: name([atv('2.5.4.3', str(TAG.PRINTABLE, 'a@b'))]) }),
    error: 'x509: invalid RDNSequence: invalid attribute value: invalid PrintableString',
  },
  { name: "a PrintableString may hold '*' and '&'", der: handMade({ subject: name([atv('2.5.4.3', str(TAG.PRINTABLE, '*.a&b'))]) }), want: { subject: 'CN=*.a&b' } },
  {
    name: 'a UniversalString is not read',
    der: handMade({ subject: name([atv('2.5.4.3', str(28, Buffer.from('00000041', 'hex')))]) }),
    error: 'x509: invalid RDNSequence: invalid attribute value: unsupported string type: 28',
  },
  { name: 'a value that is not a string', der: handMade({ subject: name([atv('1.2.3.4', int(5))]) }), error: 'x509: invalid RDNSequence: invalid attribute value: unsupported string type: 2' },
  {
    name: 'a constructed string is not read (the identifier octet is named)',
    der: handMade({ subject: name([atv('2.5.4.3', tlv(UNIVERSAL, true, TAG.T61, str(TAG.T61, 'x')))]) }),
    error: 'x509: invalid RDNSequence: invalid attribute value: unsupported string type: 52',
  },
  {
    name: 'a UTF8String that is not UTF-8',
    der: handMade({ subject: name([atv('2.5.4.3', str(TAG.UTF8, Buffer.from([0xff])))]) }),
    error: 'x509: invalid RDNSequence: invalid attribute value: invalid UTF-8 string',
  },
  {
    name: 'an IA5String that is not ASCII',
    der: handMade({ subject: name([atv('2.5.4.3', str(TAG.IA5, Buffer.from('é')))]) }),
    error: 'x509: invalid RDNSequence: invalid attribute value: invalid IA5String',
  },
  { name: 'a NumericString with a letter', der: handMade({ subject: name([atv('2.5.4.3', str(18, '12a'))]) }), error: 'x509: invalid RDNSequence: invalid attribute value: invalid NumericString' },
  { name: "a BMPString's terminating NUL is dropped", der: handMade({ subject: name([atv('2.5.4.3', str(TAG.BMP, Buffer.from('004100420000', 'hex')))]) }), want: { subject: 'CN=AB' } },
  {
    name: 'a BMPString decodes surrogate pairs; a lone one is U+FFFD',
    der: handMade({ subject: name([atv('2.5.4.3', str(TAG.BMP, Buffer.from('d83dde00d800', 'hex')))]) }),
    want: { subject: 'CN=😀\ufffd' },
  },
  {
    name: 'the issuer is read as the subject is',
    der: handMade({ issuer: name([atv('2.5.4.3', str(TAG.PRINTABLE, 'a_b'))]) }),
    error: 'x509: invalid RDNSequence: invalid attribute value: invalid PrintableString',
  },
  { name: 'an RDN that is not a SET', der: handMade({ subject: seq(seq(CN('x'))) }), error: 'x509: invalid RDNSequence' },
  { name: 'an attribute that is not a SEQUENCE', der: handMade({ subject: seq(set(set())) }), error: 'x509: invalid RDNSequence: invalid attribute' },
  { name: 'an attribute without a type', der: handMade({ subject: seq(set(seq(int(1), str(TAG.UTF8, 'x')))) }), error: 'x509: invalid RDNSequence: invalid attribute type' },
  { name: 'an attribute without a value', der: handMade({ subject: seq(set(seq(oid('2.5.4.3')))) }), error: 'x509: invalid RDNSequence: invalid attribute value' },
  { name: "a subject that is not a SEQUENCE (Go's words: issuer)", der: handMade({ subject: set() }), error: 'x509: malformed issuer' },
  // the certificate's fields, read in Go's order with Go's messages
  { name: 'extensions of a v2 certificate are not read', der: handMade({ version: 1, extensions: [san(general(2, 'a'))] }), want: { subject: 'CN=hand' } },
  { name: 'extensions of a v1 certificate are not read', der: handMade({ version: null, extensions: [san(general(2, 'a'))] }), want: { subject: 'CN=hand' } },
  { name: 'a negative version', der: handMade({ versionDer: explicit(0, int(-1)) }), error: 'x509: malformed version' },
  { name: 'a version that is not minimally encoded', der: handMade({ versionDer: explicit(0, raw(TAG.INTEGER, [0, 2])) }), error: 'x509: malformed version' },
  { name: 'a version of two integers', der: handMade({ versionDer: explicit(0, int(2), int(2)) }), error: 'x509: malformed version' },
  { name: 'a serial number that is not minimally encoded', der: handMade({ serial: raw(TAG.INTEGER, [0, 1]) }), error: 'x509: malformed serial number' },
  { name: 'a negative serial number is accepted', der: handMade({ serial: int(-5) }), want: { subject: 'CN=hand' } },
  {
    name: 'inner and outer signature algorithms differ',
    der: handMade({ outerSigAlg: seq(oid('1.3.101.113')) }),
    error: "x509: inner and outer signature algorithm identifiers don't match",
  },
  { name: 'a signature algorithm without an OID', der: handMade({ sigAlg: seq() }), error: 'x509: malformed OID' },
  { name: 'validity of one time', der: handMade({ validity: seq(utc('260101000000Z')) }), error: 'x509: unsupported time format' },
  { name: 'a UTCTime without seconds is read', der: handMade({ validity: seq(utc('2601010000Z'), utc('270101000000Z')) }), want: { subject: 'CN=hand' } },
  { name: 'a UTCTime with a zero offset not written as Z', der: handMade({ validity: seq(utc('260101000000+0000'), utc('270101000000Z')) }), error: 'x509: malformed UTCTime' },
  { name: 'a UTCTime on a day the month does not have', der: handMade({ validity: seq(utc('260229000000Z'), utc('270101000000Z')) }), error: 'x509: malformed UTCTime' },
  { name: 'GeneralizedTimes are read', der: handMade({ validity: seq(gtime('20260101000000Z'), gtime('99991231235959Z')) }), want: { subject: 'CN=hand' } },
  { name: 'a GeneralizedTime with a fraction', der: handMade({ validity: seq(gtime('20260101000000.5Z'), gtime('20270101000000Z')) }), error: 'x509: malformed GeneralizedTime' },
  { name: 'a public key that is not a BIT STRING', der: handMade({ spki: seq(ED25519, octets(Buffer.alloc(32, 1))) }), error: 'x509: malformed subjectPublicKey' },
  { name: 'a signature with nonzero unused bits', der: handMade({ signature: raw(TAG.BIT_STRING, [1, 1]) }), error: 'x509: malformed signature' },
  { name: 'elements after the signature are not read', der: handMade({ extra: [int(1)] }), want: { subject: 'CN=hand' } },
  { name: 'elements after the extensions are not read', der: handMade({ tbsExtra: [int(5), int(6)] }), want: { subject: 'CN=hand' } },
  { name: 'a byte after the certificate', der: handMade({ trailing: Buffer.from([0]) }), error: 'x509: trailing data' },
  { name: 'a certificate after the certificate', der: Buffer.concat([handMade(), handMade()]), error: 'x509: trailing data' },
  // extensions (parseExtension) and the ones ESO reads (processExtensions)
  { name: 'an extension that is not a SEQUENCE', der: handMade({ extensions: [set()] }), error: 'x509: malformed extension' },
  {
    name: 'a critical flag that is not DER',
    der: handMade({ extensions: [seq(oid('2.5.29.17'), raw(TAG.BOOLEAN, [1]), octets(seq(general(2, 'a'))))] }),
    error: 'x509: malformed extension critical field',
  },
  { name: 'an extension value that is not an OCTET STRING', der: handMade({ extensions: [seq(oid('2.5.29.17'), int(1))] }), error: 'x509: malformed extension value field' },
  { name: 'a subject key identifier that is not an OCTET STRING', der: handMade({ extensions: [ext('2.5.29.14', int(1))] }), error: 'x509: invalid subject key identifier' },
  { name: 'an authority key identifier that is not a SEQUENCE', der: handMade({ extensions: [ext('2.5.29.35', octets(Buffer.alloc(2)))] }), error: 'x509: invalid authority key identifier' },
  {
    name: 'only a leading [0] is the authority key id',
    der: handMade({ extensions: [ext('2.5.29.35', seq(context(1, false, Buffer.from('01', 'hex')), context(0, false, Buffer.from('0a0b', 'hex'))))] }),
    want: { subject: 'CN=hand' },
  },
  { name: 'subject alternative names that are not a SEQUENCE', der: handMade({ extensions: [ext('2.5.29.17', set())] }), error: 'x509: invalid subject alternative names' },
  {
    name: 'a constructed SAN entry is skipped',
    der: handMade({ extensions: [san(context(2, true, octets(Buffer.from('x'))), general(2, 'b.example'))] }),
    want: { dnsNames: ['b.example'], subject: 'CN=hand' },
  },
  // URI SANs: url.Parse, a domain host, URL.String()
  {
    name: 'URI SANs come back as URL.String() writes them',
    der: handMade({
      extensions: [
        san(general(6, 'HTTP://h:8080/a b'), general(6, 'http://h/#a b'), general(6, 'http://h/?a b'), general(6, 'http://h/a%2Fb'), general(6, 'http://u:p@[::1]:80/x'), general(6, 'file:///etc/x')),
      ],
    }),
    want: { uris: ['http://h:8080/a%20b', 'http://h/#a%20b', 'http://h/?a b', 'http://h/a%2Fb', 'http://u:p@[::1]:80/x', 'file:///etc/x'], subject: 'CN=hand' },
  },
  // Go quotes the URI twice and the escape: x509: cannot parse URI "http://a/%zz": parse "http://a/%zz": invalid URL escape "%zz".
  { name: 'a URI that url.Parse refuses (the URI is not quoted)', der: handMade({ extensions: [san(general(6, 'http://a/%zz'))] }), error: 'x509: cannot parse URI: invalid URL escape' },
  // Go: x509: cannot parse URI "http://bad..host/": invalid domain.
  { name: 'a URI whose host is not a domain (the URI is not quoted)', der: handMade({ extensions: [san(general(6, 'http://bad..host/'))] }), error: 'x509: cannot parse URI: invalid domain' },
  // Go: x509: cannot parse URI "http://a.example./": invalid domain.
  { name: 'a URI host with a trailing dot', der: handMade({ extensions: [san(general(6, 'http://a.example./'))] }), error: 'x509: cannot parse URI: invalid domain' },
]
for (const c of hand) {
  test(`parseCertificate, hand-made: ${c.name}`, () => {
    if (c.error) {
      assert.throws(
        () => parseCertificate(c.der),
        (e: unknown) => e instanceof X509Error && e.message === c.error,
      )
      return
    }
    const cert = parseCertificate(c.der)
    const { ski, aki, ...fields } = c.want!
    assert.deepEqual(
      { dnsNames: cert.dnsNames, emailAddresses: cert.emailAddresses, ipAddresses: cert.ipAddresses.map(ipString), uris: cert.uris, subject: subjectString(cert.subject) },
      { dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [], ...fields },
    )
    assert.equal(cert.subjectKeyId?.toString('hex'), ski)
    assert.equal(cert.authorityKeyId?.toString('hex'), aki)
  })
}

test('parse errors carry no certificate bytes', () => {
  const bad = handMade({ subject: name([CN('CANARY-subject')]), extensions: [san(general(2, 'CANARY.example'), general(7, Buffer.from('CANARY')))] })
  assert.throws(
    () => parseCertificate(bad),
    (e: unknown) => e instanceof X509Error && !/CANARY|414e4152/i.test(e.message),
  )
})

// ---- net.IP.String() (rows from Go's net.IP(b).String()) ----

const ips: [hex: string, want: string][] = [
  ['0a000001', '10.0.0.1'],
  ['ffffffff', '255.255.255.255'],
  ['00000000000000000000ffffc0000207', '192.0.2.7'],
  ['00000000000000000000000000000000', '::'],
  ['00000000000000000000000000000001', '::1'],
  ['20010db8000000000000000000000001', '2001:db8::1'],
  ['fe800000000000000000000000000000', 'fe80::'],
  ['00000000000100000000000000000001', '0:0:1::1'],
  ['00000000000100010000000000000000', '0:0:1:1::'],
  ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
  ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
  ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
  ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
  ['0000ffff000000000000000000000000', '0:ffff::'],
  ['00000000000000000000000000010001', '::1:1'],
  ['000000000000000000000000c0000207', '::c000:207'],
  ['00000000000000000000fffe01020304', '::fffe:102:304'],
]
for (const [hex, want] of ips) test(`ipString(${hex}) is ${want}, as net.IP.String() prints it`, () => assert.equal(ipString(Buffer.from(hex, 'hex')), want))

// ---- private keys ----

ssl('genpkey', '-algorithm', 'rsa', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'rsa.pem')
for (const curve of ['P-256', 'P-384', 'P-521', 'secp224r1', 'secp256k1']) ssl('genpkey', '-algorithm', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', `${curve}.pem`)
for (const alg of ['ed25519', 'x25519', 'ed448', 'x448']) ssl('genpkey', '-algorithm', alg, '-out', `${alg}.pem`)
ssl('genpkey', '-algorithm', 'rsa-pss', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'rsa-pss.pem')
ssl('genpkey', '-genparam', '-algorithm', 'dsa', '-pkeyopt', 'dsa_paramgen_bits:1024', '-out', 'dsa-params.pem')
ssl('genpkey', '-paramfile', 'dsa-params.pem', '-out', 'dsa.pem')

const pkcs8 = (key: string) => ssl('pkcs8', '-topk8', '-nocrypt', '-in', `${key}.pem`, '-outform', 'DER')
const pkcs1 = (key: string) => ssl('rsa', '-in', `${key}.pem`, '-traditional', '-outform', 'DER')
const sec1 = (key: string) => ssl('ec', '-in', `${key}.pem`, '-outform', 'DER')

// ESO's parsePrivateKey tries PKCS#1, then PKCS#8, then SEC 1, and takes what Go's x509 knows.
// Go 1.19 rejects X25519 in PKCS#8; Go 1.20 and later (which ESO builds with) read it.
const UNABLE = 'unable to parse private key type'
type Form = 'pkcs1' | 'pkcs8' | 'sec1'
const encode = (key: string, form: Form) => (form === 'pkcs1' ? pkcs1(key) : form === 'sec1' ? sec1(key) : pkcs8(key))
const keys: { name: string; key: string; form: Form; type?: string; curve?: string }[] = [
  { name: 'RSA, PKCS#1', key: 'rsa', form: 'pkcs1', type: 'rsa' },
  { name: 'RSA, PKCS#8', key: 'rsa', form: 'pkcs8', type: 'rsa' },
  { name: 'EC P-256, SEC 1', key: 'P-256', form: 'sec1', type: 'ec', curve: 'prime256v1' },
  { name: 'EC P-256, PKCS#8', key: 'P-256', form: 'pkcs8', type: 'ec', curve: 'prime256v1' },
  { name: 'EC P-384, SEC 1', key: 'P-384', form: 'sec1', type: 'ec', curve: 'secp384r1' },
  { name: 'EC P-384, PKCS#8', key: 'P-384', form: 'pkcs8', type: 'ec', curve: 'secp384r1' },
  { name: 'EC P-521, PKCS#8', key: 'P-521', form: 'pkcs8', type: 'ec', curve: 'secp521r1' },
  { name: 'EC P-224, SEC 1', key: 'secp224r1', form: 'sec1', type: 'ec', curve: 'secp224r1' },
  { name: 'EC P-224, PKCS#8', key: 'secp224r1', form: 'pkcs8', type: 'ec', curve: 'secp224r1' },
  { name: 'Ed25519, PKCS#8', key: 'ed25519', form: 'pkcs8', type: 'ed25519' },
  { name: 'X25519, PKCS#8 (Go 1.20+)', key: 'x25519', form: 'pkcs8', type: 'x25519' },
  { name: 'EC secp256k1 (a curve Go does not know), SEC 1', key: 'secp256k1', form: 'sec1' },
  { name: 'EC secp256k1, PKCS#8', key: 'secp256k1', form: 'pkcs8' },
  { name: 'Ed448, PKCS#8', key: 'ed448', form: 'pkcs8' },
  { name: 'X448, PKCS#8', key: 'x448', form: 'pkcs8' },
  { name: 'RSA-PSS, PKCS#8', key: 'rsa-pss', form: 'pkcs8' },
  { name: 'DSA, PKCS#8', key: 'dsa', form: 'pkcs8' },
]
for (const k of keys) {
  test(`parsePrivateKey: ${k.name} ${k.type ? `is ${k.type}${k.curve ? ` on ${k.curve}` : ''}` : `fails with "${UNABLE}"`}`, () => {
    const bytes = encode(k.key, k.form)
    if (!k.type) {
      assert.throws(
        () => parsePrivateKey(bytes),
        (e: unknown) => e instanceof KeyParseError && e.message === UNABLE,
      )
      return
    }
    const key = parsePrivateKey(bytes)
    assert.equal(key.type, 'private')
    assert.equal(key.asymmetricKeyType, k.type)
    assert.equal(key.asymmetricKeyDetails?.namedCurve, k.curve)
    // Go's MarshalPKCS8PrivateKey gave openssl's PKCS#8 bytes for each of these keys.
    assert.deepEqual(marshalPKCS8PrivateKey(key), pkcs8(k.key))
  })
}

test(`parsePrivateKey of bytes that are not a key fails with "${UNABLE}"`, () => {
  assert.throws(
    () => parsePrivateKey(Buffer.from('CANARY garbage')),
    (e: unknown) => e instanceof KeyParseError && e.message === UNABLE,
  )
})

test('parsePKCS8PrivateKey reads the PKCS#8 keys Go reads, as parsePrivateKey reads them', () => {
  for (const k of keys.filter((x) => x.form === 'pkcs8' && x.type)) {
    const key = parsePKCS8PrivateKey(pkcs8(k.key))
    assert.equal(key.asymmetricKeyType, k.type, k.name)
    assert.deepEqual(marshalPKCS8PrivateKey(key), pkcs8(k.key), k.name)
  }
})

// PKCS#8 as Go reads it: { version, { algorithm, parameters }, key }, attributes and bytes after it not read.
const ED25519_KEY = octets(Buffer.alloc(32, 1))
const wrap = (ai: Buffer, key: Buffer, version = int(0)) => seq(version, ai, octets(key))
const P256 = (key: Buffer) => wrap(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), key)
const RSA = (key: Buffer) => wrap(seq(oid('1.2.840.113549.1.1.1'), NULL), key)
const sec1Key = (version: number, scalar: Buffer) => seq(int(version), octets(scalar))
// x509.ParsePKCS8PrivateKey's answers (Go 1.19). Where Go goes on to describe the structure it
// found ("tags don't match (16 vs {class:1 tag:7 length:97 isCompound:true}) ... pkcs8 @2"),
// which comes from the bytes, the message stops before it (`prefix`: the row holds Go's start).
const pkcs8Rows: { name: string; der: () => Buffer; error?: string; prefix?: true; type?: string }[] = [
  { name: 'a PKCS#1 key: the PKCS#1 hint', der: () => pkcs1('rsa'), error: 'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)' },
  { name: 'a SEC 1 key: the EC hint', der: () => sec1('P-256'), error: 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)' },
  { name: 'Ed448: an unknown algorithm, named', der: () => pkcs8('ed448'), error: 'x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.3.101.113' },
  { name: 'X448', der: () => pkcs8('x448'), error: 'x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.3.101.111' },
  { name: 'RSA-PSS', der: () => pkcs8('rsa-pss'), error: 'x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.2.840.113549.1.1.10' },
  { name: 'DSA', der: () => pkcs8('dsa'), error: 'x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.2.840.10040.4.1' },
  { name: 'EC on secp256k1', der: () => pkcs8('secp256k1'), error: 'x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve' },
  { name: 'bytes that are no key', der: () => Buffer.from('garbage'), error: "asn1: structure error: tags don't match", prefix: true },
  { name: 'no bytes', der: () => Buffer.alloc(0), error: 'asn1: syntax error: sequence truncated' },
  { name: 'a lone SEQUENCE tag', der: () => Buffer.from([0x30]), error: 'asn1: syntax error: truncated tag or length' },
  { name: 'attributes after the key are not read', der: () => seq(int(0), seq(oid('1.3.101.112')), octets(ED25519_KEY), explicit(0, seq())), type: 'ed25519' },
  { name: 'bytes after the key are not read', der: () => Buffer.concat([pkcs8('ed25519'), Buffer.from([0, 0])]), type: 'ed25519' },
  { name: 'Ed25519 with parameters', der: () => wrap(seq(oid('1.3.101.112'), NULL), ED25519_KEY), error: 'x509: invalid Ed25519 private key parameters' },
  { name: 'an Ed25519 seed of 31 bytes', der: () => wrap(seq(oid('1.3.101.112')), octets(Buffer.alloc(31, 1))), error: 'x509: invalid Ed25519 private key length: 31' },
  {
    name: 'an Ed25519 key that is not an OCTET STRING',
    der: () => wrap(seq(oid('1.3.101.112')), int(1)),
    error: "x509: invalid Ed25519 private key: asn1: structure error: tags don't match",
    prefix: true,
  },
  { name: "an EC key's curve is the parameters' (not the SEC 1 key's)", der: () => P256(sec1('secp256k1')), type: 'ec' },
  { name: "parameters that are no curve: the SEC 1 key's curve", der: () => wrap(seq(oid('1.2.840.10045.2.1'), NULL), sec1('P-256')), type: 'ec' },
  {
    name: 'no curve anywhere',
    der: () => wrap(seq(oid('1.2.840.10045.2.1')), sec1Key(1, Buffer.alloc(32, 0x11))),
    error: 'x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve',
  },
  {
    name: "an EC scalar past the curve's order",
    der: () => P256(sec1Key(1, Buffer.alloc(32, 0xff))),
    error: 'x509: failed to parse EC private key embedded in PKCS#8: x509: invalid elliptic curve private key value',
  },
  { name: 'an EC scalar with a leading zero byte', der: () => P256(sec1Key(1, Buffer.concat([Buffer.alloc(1), Buffer.alloc(32, 0x11)]))), type: 'ec' },
  { name: 'a short EC scalar', der: () => P256(sec1Key(1, Buffer.alloc(20, 0x11))), type: 'ec' },
  { name: 'an EC key of version 2', der: () => P256(sec1Key(2, Buffer.alloc(32, 0x11))), error: 'x509: failed to parse EC private key embedded in PKCS#8: x509: unknown EC private key version 2' },
  {
    name: 'a PKCS#1 key where an EC key belongs',
    der: () => P256(pkcs1('rsa')),
    error: 'x509: failed to parse EC private key embedded in PKCS#8: x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)',
  },
  {
    name: 'a SEC 1 key where an RSA key belongs',
    der: () => RSA(sec1('P-256')),
    error: 'x509: failed to parse RSA private key embedded in PKCS#8: x509: failed to parse private key (use ParseECPrivateKey instead for this key format)',
  },
  {
    name: 'bytes after the embedded RSA key',
    der: () => RSA(Buffer.concat([pkcs1('rsa'), Buffer.from([0])])),
    error: 'x509: failed to parse RSA private key embedded in PKCS#8: asn1: syntax error: trailing data',
  },
  {
    name: 'an RSA key of version 2',
    der: () => RSA(seq(int(2), int(5), int(3), int(7), int(11), int(13))),
    error: 'x509: failed to parse RSA private key embedded in PKCS#8: x509: unsupported private key version',
  },
  {
    name: 'a negative RSA modulus',
    der: () => RSA(seq(int(0), int(-5), int(3), int(7), int(11), int(13))),
    error: 'x509: failed to parse RSA private key embedded in PKCS#8: x509: private key contains zero or negative value',
  },
]
for (const r of pkcs8Rows) {
  test(`parsePKCS8PrivateKey: ${r.name}`, () => {
    if (r.type) {
      assert.equal(parsePKCS8PrivateKey(r.der()).asymmetricKeyType, r.type)
      return
    }
    assert.throws(
      () => parsePKCS8PrivateKey(r.der()),
      (e: unknown) => e instanceof KeyParseError && e.message === r.error,
    )
  })
}

test('marshalPKCS8PrivateKey writes EC keys as Go does: the curve outside, none inside the SEC 1 key', () => {
  const out = marshalPKCS8PrivateKey(parsePrivateKey(sec1('P-256')))
  // PrivateKeyInfo { 0, { ecPublicKey, prime256v1 }, OCTET STRING { ECPrivateKey { 1, key, [1] public key } } }
  assert.equal(out.subarray(0, 27).toString('hex'), '308187020100301306072a8648ce3d020106082a8648ce3d030107')
  assert.equal(out.subarray(27, 36).toString('hex'), '046d306b0201010420', 'an ECPrivateKey of version 1 and a 32-byte key')
  assert.equal(out[36 + 32], 0xa1, 'the public key [1] follows the private key: no [0] parameters inside')
})
