// The parts of Go's crypto/x509 that ESO's template functions rely on: ParseCertificate (raw DER,
// subject and authority key ids, subject alternative names, Subject.String() for trust-store
// aliases), ESO's parsePrivateKey (PKCS#1, then PKCS#8, then SEC 1) and MarshalPKCS8PrivateKey.
// Certificates are read in the order and with the checks of Go 1.19's parser.go, over node-forge's
// DER reader; keys are checked as Go's x509 checks them and then go through node:crypto.
// Error texts follow Go's where ESO surfaces them, and never carry certificate or key contents.

import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto'
import { Asn1Error, bitString, CONTEXT, derOf, explicit, int, integerOf, isSeq, octets, oid, oidOf, parseDer, seq, TAG, UNIVERSAL, type Der } from '../../../go/asn1.ts'
import { parseUrl, UrlError, urlString, type Url } from '../../../go/url.ts'

export interface Certificate {
  raw: Buffer
  /** AuthorityKeyId; undefined when Go's field is nil (no extension, or no keyIdentifier). */
  authorityKeyId?: Buffer
  subjectKeyId?: Buffer
  dnsNames: string[]
  emailAddresses: string[]
  ipAddresses: Buffer[]
  uris: string[]
  subject: Der
}

export class X509Error extends Error {
  override name = 'X509Error'
}

const OID_SKI = '2.5.29.14'
const OID_SAN = '2.5.29.17'
const OID_AKI = '2.5.29.35'

function fail(msg: string): never {
  throw new X509Error(msg)
}

/** The identifier octet cryptobyte reads (class, constructed bit, tag number): Go prints it in messages. */
const tagByte = (d: Der) => (d.cls << 6) | (d.constructed ? 0x20 : 0) | d.tag
const isUniversal = (d: Der | undefined, tag: number): d is Der => d !== undefined && d.cls === UNIVERSAL && d.tag === tag && d.constructed === (tag === TAG.SEQUENCE || tag === TAG.SET)
const isContext = (d: Der | undefined, tag: number, constructed: boolean): d is Der => d !== undefined && d.cls === CONTEXT && d.tag === tag && d.constructed === constructed

/** The elements of a SEQUENCE read in turn, as cryptobyte reads a String: what is left unread is ignored. */
class Elements {
  private i = 0
  private readonly items: Der[]
  constructor(items: Der[]) {
    this.items = items
  }
  peek(): Der | undefined {
    return this.items[this.i]
  }
  next(): Der | undefined {
    return this.items[this.i++]
  }
}

/** cryptobyte's INTEGER checks: content, minimally encoded. */
function isInteger(d: Der | undefined): d is Der {
  if (!isUniversal(d, TAG.INTEGER) || d.bytes.length === 0) return false
  const b = d.bytes
  return !(b.length > 1 && ((b[0] === 0 && !(b[1] & 0x80)) || (b[0] === 0xff && b[1] & 0x80)))
}

/**
 * cryptobyte's ReadASN1ObjectIdentifier (Go 1.19's): base-128 arcs that end within the content and
 * fit in 31 bits (five octets at most). It does not ask for the fewest octets (an arc may start with 0x80).
 */
function readOid(d: Der | undefined): string | undefined {
  if (!isUniversal(d, TAG.OID) || d.bytes.length === 0 || d.bytes[d.bytes.length - 1] & 0x80) return undefined
  let v = 0
  let n = 0
  for (const b of d.bytes) {
    if (n === 5 || v >= 1 << 24) return undefined
    v = b & 0x80 ? v * 128 + (b & 0x7f) : 0
    n = b & 0x80 ? n + 1 : 0
  }
  return oidOf(d, 'OID')
}

/** cryptobyte's ReadASN1BitString: the unused-bit count at most 7, and those bits zero. */
function isBitString(d: Der | undefined): boolean {
  if (!isUniversal(d, TAG.BIT_STRING) || d.bytes.length === 0) return false
  const pad = d.bytes[0]
  const len = d.bytes.length - 1
  return pad <= 7 && !(len === 0 && pad !== 0) && !(len > 0 && d.bytes[len] & ((1 << pad) - 1))
}

/** x509's parseAI: an OID, then optional parameters of any kind. */
function parseAI(d: Der): void {
  if (readOid(d.children[0]) === undefined) fail('x509: malformed OID')
}

/** x509.ParseCertificate (Go 1.19's parser.go), for what ESO reads from a certificate. */
export function parseCertificate(der: Uint8Array): Certificate {
  let root: Der
  try {
    root = parseDer(der, 'certificate', { trailing: true })
  } catch {
    throw new X509Error('x509: malformed certificate')
  }
  try {
    if (!isSeq(root)) fail('x509: malformed certificate')
    const input = new Elements(root.children)
    const tbsDer = input.next()
    if (!isSeq(tbsDer)) fail('x509: malformed tbs certificate')
    const tbs = new Elements(tbsDer.children)
    let version = 0
    if (isContext(tbs.peek(), 0, true)) {
      const v = tbs.next()!.children
      if (v.length !== 1 || !isInteger(v[0]) || v[0].bytes.length > 8) fail('x509: malformed version')
      if (v[0].bytes[0] & 0x80) fail('x509: malformed version')
      // A value of more than one byte is past 2 (minimal encoding), so an invalid version.
      version = v[0].bytes.length === 1 ? v[0].bytes[0] : 3
    }
    // Version is one-indexed in Go: 1, 2 or 3.
    version++
    if (version > 3) fail('x509: invalid version')
    if (!isInteger(tbs.next())) fail('x509: malformed serial number')
    const sigAI = tbs.next()
    if (!isSeq(sigAI)) fail('x509: malformed signature algorithm identifier')
    const outerSigAI = input.next()
    if (!isSeq(outerSigAI)) fail('x509: malformed algorithm identifier')
    if (!derOf(outerSigAI).equals(derOf(sigAI))) fail("x509: inner and outer signature algorithm identifiers don't match")
    parseAI(sigAI)
    const issuer = tbs.next()
    if (!isSeq(issuer)) fail('x509: malformed issuer')
    parseName(issuer)
    const validity = tbs.next()
    if (!isSeq(validity)) fail('x509: malformed validity')
    parseValidity(new Elements(validity.children))
    const subject = tbs.next()
    // Go's own words for a subject that is not a SEQUENCE.
    if (!isSeq(subject)) fail('x509: malformed issuer')
    parseName(subject)
    const spki = tbs.next()
    if (!isSeq(spki)) fail('x509: malformed spki')
    const pkAI = spki.children[0]
    if (!isSeq(pkAI)) fail('x509: malformed public key algorithm identifier')
    parseAI(pkAI)
    if (!isBitString(spki.children[1])) fail('x509: malformed subjectPublicKey')
    const cert: Certificate = { raw: Buffer.from(der), dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [], subject }
    // Unique identifiers and extensions exist from v2 and v3 on; whatever else the TBS holds is not read.
    if (version > 1) {
      if (isContext(tbs.peek(), 1, false)) tbs.next()
      if (isContext(tbs.peek(), 2, false)) tbs.next()
      if (version === 3 && isContext(tbs.peek(), 3, true)) {
        const exts = tbs.next()!.children[0]
        if (!isSeq(exts)) fail('x509: malformed extensions')
        readExtensions(exts.children, cert)
      }
    }
    if (!isBitString(input.next())) fail('x509: malformed signature')
    // Elements after the signature are not read; bytes after the certificate are an error.
    if (derOf(root).length !== der.length) fail('x509: trailing data')
    return cert
  } catch (e) {
    if (e instanceof Asn1Error) throw new X509Error(`x509: ${e.message}`)
    throw e
  }
}

/** x509's parseName: a SEQUENCE of SETs of { type, value } whose values are the string types Go reads. */
function parseName(name: Der): void {
  for (const rdn of name.children) {
    if (!isUniversal(rdn, TAG.SET)) fail('x509: invalid RDNSequence')
    for (const atv of rdn.children) {
      if (!isSeq(atv)) fail('x509: invalid RDNSequence: invalid attribute')
      if (readOid(atv.children[0]) === undefined) fail('x509: invalid RDNSequence: invalid attribute type')
      const value = atv.children[1]
      if (!value) fail('x509: invalid RDNSequence: invalid attribute value')
      const text = parseASN1String(value)
      if (text instanceof Error) fail(`x509: invalid RDNSequence: invalid attribute value: ${text.message}`)
    }
  }
}

/** x509's parseValidity: two times, each a UTCTime or a GeneralizedTime that reads back as written. */
function parseValidity(times: Elements): void {
  for (let k = 0; k < 2; k++) {
    const t = times.next()
    const utc = isUniversal(t, TAG.UTC_TIME)
    if (!utc && !isUniversal(t, TAG.GENERALIZED_TIME)) fail('x509: unsupported time format')
    if (!goodTime(t!.bytes.toString('latin1'), !utc)) fail(utc ? 'x509: malformed UTCTime' : 'x509: malformed GeneralizedTime')
  }
}

/**
 * cryptobyte's time checks: time.Parse with "060102150405Z0700" (a UTCTime may leave out the
 * seconds) or "20060102150405Z0700", and the time formatted again must be the text read: fields in
 * range, no fraction, a zero offset written only as Z.
 */
function goodTime(s: string, generalized: boolean): boolean {
  const m = (generalized ? /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d{4})$/ : /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(Z|[+-]\d{4})$/).exec(s)
  if (!m) return false
  const year = generalized ? Number(m[1]) : 2000 + Number(m[1])
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '00'].map(Number)
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  if (month < 1 || month > 12 || day < 1 || day > days[month - 1] || hour > 23 || minute > 59 || second > 59) return false
  const zone = m[7]
  return zone === 'Z' || (Number(zone.slice(3)) < 60 && Number(zone.slice(1)) !== 0)
}

/** x509's extension loop (parseExtension, the duplicate check), then processExtensions for SKI, AKI and SAN. */
function readExtensions(items: Der[], cert: Certificate): void {
  const extensions = new Map<string, Buffer>()
  for (const ext of items) {
    if (!isSeq(ext)) fail('x509: malformed extension')
    const parts = new Elements(ext.children)
    const id = readOid(parts.next())
    if (id === undefined) fail('x509: malformed extension OID field')
    if (isUniversal(parts.peek(), TAG.BOOLEAN)) {
      const b = parts.next()!.bytes
      if (b.length !== 1 || (b[0] !== 0 && b[0] !== 0xff)) fail('x509: malformed extension critical field')
    }
    const value = parts.next()
    if (!isUniversal(value, TAG.OCTET_STRING)) fail('x509: malformed extension value field')
    if (extensions.has(id)) fail('x509: certificate contains duplicate extensions')
    extensions.set(id, value.bytes)
  }
  for (const [id, value] of extensions) {
    if (id === OID_SKI) {
      const skid = firstElement(value)
      if (!isUniversal(skid, TAG.OCTET_STRING)) fail('x509: invalid subject key identifier')
      cert.subjectKeyId = Buffer.from(skid.bytes)
    } else if (id === OID_AKI) {
      const akid = firstElement(value)
      if (!isSeq(akid)) fail('x509: invalid authority key identifier')
      const keyId = akid.children[0]
      if (isContext(keyId, 0, false)) cert.authorityKeyId = Buffer.from(keyId.bytes)
    } else if (id === OID_SAN) {
      const names = firstElement(value)
      if (!isSeq(names)) fail('x509: invalid subject alternative names')
      readSANs(names.children, cert)
    }
  }
}

/** The first element of an extension's value, as cryptobyte's ReadASN1 takes it (what follows is not read), or undefined. */
function firstElement(value: Buffer): Der | undefined {
  try {
    return parseDer(value, 'extension', { trailing: true })
  } catch {
    return undefined
  }
}

/** x509's parseSANExtension: DNS names, emails, IPs and URIs in certificate order, each list apart. */
function readSANs(names: Der[], cert: Certificate): void {
  for (const name of names) {
    // Go matches the identifier octet: a constructed [n] or another class is skipped.
    if (name.cls !== CONTEXT || name.constructed) continue
    const text = () => {
      for (const c of name.bytes) if (c > 0x7f) return undefined
      return name.bytes.toString('latin1')
    }
    switch (name.tag) {
      case 1: {
        const email = text()
        if (email === undefined) fail('x509: SAN rfc822Name is malformed')
        cert.emailAddresses.push(email)
        break
      }
      case 2: {
        const dns = text()
        if (dns === undefined) fail('x509: SAN dNSName is malformed')
        cert.dnsNames.push(dns)
        break
      }
      case 6: {
        const uri = text()
        if (uri === undefined) fail('x509: SAN uniformResourceIdentifier is malformed')
        cert.uris.push(uriString(uri))
        break
      }
      case 7:
        if (name.bytes.length !== 4 && name.bytes.length !== 16) fail(`x509: cannot parse IP address of length ${name.bytes.length}`)
        cert.ipAddresses.push(Buffer.from(name.bytes))
        break
    }
  }
}

/**
 * A URI SAN as Go keeps it: url.Parse, a host that must be a domain of printable ASCII labels
 * (domainToReverseLabels), and URL.String() of the result. Go quotes the URI in its messages
 * ("x509: cannot parse URI %q: parse %q: invalid URL escape %q"); certificate contents stay out of
 * these, so they name only what was wrong.
 */
function uriString(s: string): string {
  let u: Url
  try {
    u = parseUrl(s)
  } catch (e) {
    if (e instanceof UrlError) fail(`x509: cannot parse URI: ${e.message}`)
    throw e
  }
  if (u.host.length > 0 && !isDomain(u.host)) fail('x509: cannot parse URI: invalid domain')
  return urlString(u)
}

/** x509's domainToReverseLabels succeeds: non-empty labels of the characters ! to ~, no trailing dot. */
const isDomain = (host: string) => host.split('.').every((label) => label.length > 0 && /^[!-~]+$/.test(label))

/** net.IP.String(): dotted quad for IPv4 (and IPv4-mapped IPv6), RFC 5952 for IPv6. */
export function ipString(ip: Buffer): string {
  const v4mapped = ip.length === 16 && ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff
  if (ip.length === 4 || v4mapped) return [...ip.subarray(ip.length - 4)].join('.')
  const groups = Array.from({ length: 8 }, (_, k) => (ip[2 * k] << 8) | ip[2 * k + 1])
  // The longest run of two or more zero groups (the first one on ties) becomes "::".
  let best = -1
  let bestLen = 0
  for (let k = 0; k < 8; ) {
    if (groups[k] !== 0) {
      k++
      continue
    }
    let e = k
    while (e < 8 && groups[e] === 0) e++
    if (e - k > bestLen && e - k >= 2) {
      best = k
      bestLen = e - k
    }
    k = e
  }
  let out = ''
  for (let k = 0; k < 8; k++) {
    if (k === best) {
      out += '::'
      k += bestLen - 1
      continue
    }
    if (out && !out.endsWith(':')) out += ':'
    out += groups[k].toString(16)
  }
  return out
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.6': 'C',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.3': 'CN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.17': 'POSTALCODE',
}
// pkix.Name.ToRDNSequence order of the attributes x509 parses into named fields.
const NAMED_ORDER = ['2.5.4.6', '2.5.4.8', '2.5.4.7', '2.5.4.9', '2.5.4.17', '2.5.4.10', '2.5.4.11', '2.5.4.3', '2.5.4.5']

// x509's isPrintable: PrintableString's characters, and '*' and '&', which certificates use anyway.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** x509's parseASN1String: the text of a directory string, or Go's reason for refusing the value. */
function parseASN1String(d: Der): string | Error {
  const b = d.bytes
  const tag = tagByte(d)
  switch (tag) {
    case TAG.T61:
      // Latin-1, as newer Go reads T61String (Go 1.19 kept the raw bytes).
      return b.toString('latin1')
    case TAG.PRINTABLE:
      return PRINTABLE.test(b.toString('latin1')) ? b.toString('latin1') : new Error('invalid PrintableString')
    case TAG.UTF8:
      try {
        return utf8.decode(b)
      } catch {
        return new Error('invalid UTF-8 string')
      }
    case TAG.BMP: {
      if (b.length % 2 !== 0) return new Error('invalid BMPString')
      // A terminating NUL is dropped; unpaired surrogates become U+FFFD (utf16.Decode).
      const n = b.length >= 2 && b[b.length - 1] === 0 && b[b.length - 2] === 0 ? b.length - 2 : b.length
      const units: number[] = []
      for (let k = 0; k < n; k += 2) units.push((b[k] << 8) | b[k + 1])
      let s = ''
      for (let k = 0; k < units.length; k++) {
        const u = units[k]
        if (u >= 0xd800 && u < 0xdc00 && units[k + 1] >= 0xdc00 && units[k + 1] < 0xe000) s += String.fromCharCode(u, units[++k])
        else s += u >= 0xd800 && u < 0xe000 ? '\ufffd' : String.fromCharCode(u)
      }
      return s
    }
    case TAG.IA5:
      return b.every((c) => c < 0x80) ? b.toString('latin1') : new Error('invalid IA5String')
    case 18: // NumericString
      return b.every((c) => (c >= 0x30 && c <= 0x39) || c === 0x20) ? b.toString('latin1') : new Error('invalid NumericString')
  }
  return new Error(`unsupported string type: ${tag}`)
}

/** The text of a directory string, or undefined when Go would not read it as one. */
function directoryString(d: Der): string | undefined {
  const s = parseASN1String(d)
  return typeof s === 'string' ? s : undefined
}

/**
 * pkix.Name.String() of a parsed Subject: Go rebuilds the sequence from the named fields (C, ST, L,
 * STREET, POSTALCODE, O, OU, then the last CN and SERIALNUMBER; several values of one type share an
 * RDN), puts other attributes first, and prints it reversed with RFC 2253 escaping.
 */
export function subjectString(subject: Der): string {
  const named = new Map<string, string[]>()
  const others: { oid: string; value: Der }[] = []
  for (const rdn of subject.children) {
    for (const atv of rdn.children) {
      const [typ, value] = atv.children
      if (!typ || !value) continue
      const oid = oidOf(typ, 'name')
      const text = directoryString(value)
      if (NAMED_ORDER.includes(oid) && text !== undefined) {
        if (oid === '2.5.4.3' || oid === '2.5.4.5') named.set(oid, [text])
        else named.set(oid, [...(named.get(oid) ?? []), text])
      } else others.push({ oid, value })
    }
  }
  const rdns: { oid: string; text?: string; der?: Buffer }[][] = others.map((o) => [{ oid: o.oid, der: reencodeValue(o.value) }])
  for (const oid of NAMED_ORDER) {
    const values = named.get(oid)
    if (values?.length && !(values.length === 1 && values[0] === '' && (oid === '2.5.4.3' || oid === '2.5.4.5'))) rdns.push(values.map((text) => ({ oid, text })))
  }
  return rdns
    .reverse()
    .map((rdn) =>
      rdn
        .map((tv) => {
          if (tv.text === undefined) return `${tv.oid}=#${tv.der!.toString('hex')}`
          return `${ATTRIBUTE_NAMES[tv.oid]}=${escapeRdnValue(tv.text)}`
        })
        .join('+'),
    )
    .join(',')
}

/** asn1.Marshal of the Go value an unknown attribute parsed to (strings: PrintableString or UTF8String). */
function reencodeValue(value: Der): Buffer {
  const text = directoryString(value)
  if (text === undefined) return Buffer.concat([Buffer.from([value.tag | (value.constructed ? 0x20 : 0) | (value.cls << 6)]), derLength(value.bytes.length), value.bytes])
  const bytes = Buffer.from(text, 'utf8')
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)
  return Buffer.concat([Buffer.from([printable ? TAG.PRINTABLE : TAG.UTF8]), derLength(bytes.length), bytes])
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const out: number[] = []
  for (let x = n; x > 0; x = Math.floor(x / 256)) out.unshift(x & 0xff)
  return Buffer.from([0x80 | out.length, ...out])
}

function escapeRdnValue(value: string): string {
  const chars = [...value]
  let out = ''
  let byteIndex = 0
  const byteLen = Buffer.byteLength(value)
  for (const c of chars) {
    const w = Buffer.byteLength(c)
    let escape = ',+"\\<>;'.includes(c)
    if (c === ' ') escape = byteIndex === 0 || byteIndex === byteLen - 1
    if (c === '#') escape = byteIndex === 0
    out += escape ? '\\' + c : c
    byteIndex += w
  }
  return out
}

// ---- private keys ----

export class KeyParseError extends Error {
  override name = 'KeyParseError'
}

/** ESO's parsePrivateKey: x509.ParsePKCS1PrivateKey, then ParsePKCS8PrivateKey, then ParseECPrivateKey. */
export function parsePrivateKey(der: Uint8Array): KeyObject {
  const key = Buffer.from(der)
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      const k = createPrivateKey({ key, format: 'der', type })
      if (supportedKey(k)) return k
    } catch {
      // try the next encoding, as ESO does
    }
  }
  throw new KeyParseError('unable to parse private key type')
}

/** The key types Go's x509 parses: RSA, ECDSA on P-224/256/384/521, Ed25519, X25519. */
function supportedKey(k: KeyObject): boolean {
  const t = k.asymmetricKeyType
  if (t === 'ec') return ['P-224', 'P-256', 'P-384', 'P-521', 'prime256v1', 'secp224r1', 'secp384r1', 'secp521r1'].includes(String(k.asymmetricKeyDetails?.namedCurve))
  return t === 'rsa' || t === 'ed25519' || t === 'x25519'
}

// ---- x509.ParsePKCS8PrivateKey ----

// encoding/asn1's Unmarshal into a struct, as far as telling Go's reason for refusing the bytes
// (without the structure details Go appends, which describe the bytes): a field is matched by its
// tag (an optional one that does not match is skipped), then checked.
interface Field {
  optional?: boolean
  is: (d: Der) => boolean
  check?: (d: Der) => string | undefined
}

const SYNTAX = 'asn1: syntax error: '
const STRUCTURE = 'asn1: structure error: '

/** checkInteger (and parseInt64 for an int field, `int64`): non-empty, minimal, fitting. */
function integerReason(d: Der, int64: boolean): string | undefined {
  const b = d.bytes
  if (b.length === 0) return `${STRUCTURE}empty integer`
  if (b.length > 1 && ((b[0] === 0 && !(b[1] & 0x80)) || (b[0] === 0xff && b[1] & 0x80))) return `${STRUCTURE}integer not minimally-encoded`
  if (int64 && b.length > 8) return `${STRUCTURE}integer too large`
  return undefined
}

/** parseObjectIdentifier: minimal base-128 arcs of 31 bits at most. */
function oidReason(d: Der): string | undefined {
  const b = d.bytes
  if (b.length === 0) return `${SYNTAX}zero length OBJECT IDENTIFIER`
  for (let i = 0; i < b.length; ) {
    let v = 0
    for (let shifted = 0; ; shifted++) {
      if (i === b.length) return `${SYNTAX}truncated base 128 integer`
      if (shifted === 5) return `${STRUCTURE}base 128 integer too large`
      if (shifted === 0 && b[i] === 0x80) return `${SYNTAX}integer is not minimally encoded`
      v = v * 128 + (b[i] & 0x7f)
      if (!(b[i++] & 0x80)) break
    }
    if (v > 0x7fffffff) return `${STRUCTURE}base 128 integer too large`
  }
  return undefined
}

const primitive = (tag: number) => (d: Der) => d.cls === UNIVERSAL && d.tag === tag && !d.constructed
const INT: Field = { is: primitive(TAG.INTEGER), check: (d) => integerReason(d, true) }
const BIG: Field = { is: primitive(TAG.INTEGER), check: (d) => integerReason(d, false) }
const OPTIONAL_BIG: Field = { ...BIG, optional: true }
const OCTETS: Field = { is: primitive(TAG.OCTET_STRING) }
const OID: Field = { is: primitive(TAG.OID), check: oidReason }
const ANY: Field = { optional: true, is: () => true }
const SEQ = (fields: Field[]): Field => ({ is: isSeq, check: (d) => fieldsReason(d.children, fields) })
/** `asn1:"optional,explicit,tag:n"`: a constructed [n] around the field; when what it holds is not the field, the field is absent. */
const EXPLICIT = (n: number, inner: Field): Field => ({
  optional: true,
  is: (d) => d.cls === CONTEXT && d.tag === n && d.constructed && (d.children.length === 0 || inner.is(d.children[0])),
  check: (d) => (d.children.length === 0 ? `${STRUCTURE}zero length explicit tag was not an asn1.Flag` : inner.check?.(d.children[0])),
})

function fieldsReason(items: Der[], fields: Field[]): string | undefined {
  let i = 0
  for (const f of fields) {
    const d = items[i]
    if (!d || !f.is(d)) {
      if (f.optional) continue
      return d ? `${STRUCTURE}tags don't match` : `${SYNTAX}sequence truncated`
    }
    const reason = f.check?.(d)
    if (reason) return reason
    i++
  }
  // Elements after the last field are allowed (versions add fields at the end).
  return undefined
}

/** parseTagAndLength on the first element, then its identifier octet (SEQUENCE's by default), then its length against the bytes. */
function headerReason(b: Uint8Array, identifier = 0x30): string | undefined {
  if (b.length === 0) return `${SYNTAX}sequence truncated`
  // A high tag number is not the one expected (Go reads it before it says so).
  if ((b[0] & 0x1f) === 0x1f) return `${STRUCTURE}tags don't match`
  if (b.length < 2) return `${SYNTAX}truncated tag or length`
  let length = b[1] & 0x7f
  let i = 2
  if (b[1] & 0x80) {
    if (length === 0) return `${SYNTAX}indefinite length found (not DER)`
    const n = length
    length = 0
    for (let k = 0; k < n; k++) {
      if (i >= b.length) return `${SYNTAX}truncated tag or length`
      if (length >= 1 << 23) return `${STRUCTURE}length too large`
      length = length * 256 + b[i++]
      if (length === 0) return `${STRUCTURE}superfluous leading zeros in length`
    }
    if (length < 0x80) return `${STRUCTURE}non-minimal length`
  }
  if (b[0] !== identifier) return `${STRUCTURE}tags don't match`
  if (i + length > b.length) return `${SYNTAX}data truncated`
  return undefined
}

/** Go's reason for not unmarshalling `der` into a struct of `fields` (what follows the struct is not read), or undefined. */
function unmarshalReason(der: Uint8Array, fields: Field[]): string | undefined {
  const header = headerReason(der)
  if (header) return header
  let root: Der
  try {
    root = parseDer(der, 'key', { trailing: true })
  } catch (e) {
    return e instanceof Asn1Error ? e.reason : `${SYNTAX}data truncated`
  }
  return fieldsReason(root.children, fields)
}

// The structures Go reads keys as (pkcs8, ecPrivateKey, pkcs1PrivateKey), and tries for its hints.
const PKCS8: Field[] = [INT, SEQ([OID, ANY]), OCTETS]
const EC_PRIVATE_KEY: Field[] = [INT, OCTETS, EXPLICIT(0, OID), EXPLICIT(1, { is: primitive(TAG.BIT_STRING) })]
const PKCS1_PRIVATE_KEY: Field[] = [INT, BIG, INT, BIG, BIG, BIG, OPTIONAL_BIG, OPTIONAL_BIG, OPTIONAL_BIG]

const OID_RSA = '1.2.840.113549.1.1.1'
const OID_EC = '1.2.840.10045.2.1'
const OID_ED25519 = '1.3.101.112'
const OID_X25519 = '1.3.101.110'
// namedCurveFromOID: the curves Go knows, with their orders and OpenSSL's names.
const CURVES: Record<string, { order: bigint; name: string }> = {
  '1.3.132.0.33': { order: 0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3dn, name: 'secp224r1' },
  '1.2.840.10045.3.1.7': { order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, name: 'prime256v1' },
  '1.3.132.0.34': { order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n, name: 'secp384r1' },
  '1.3.132.0.35': {
    order: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    name: 'secp521r1',
  },
}

function keyError(msg: string): never {
  throw new KeyParseError(msg)
}
const validOid = (d: Der | undefined): d is Der => d !== undefined && primitive(TAG.OID)(d) && !oidReason(d)
const positive = (d: Der | undefined) => d !== undefined && !(d.bytes[0] & 0x80) && d.bytes.some((b) => b !== 0)

/** node:crypto's reading of a key Go has read, or undefined when it refuses it or it is of a type Go does not know. */
function importKey(der: Buffer, type: 'pkcs8' | 'pkcs1' | 'sec1'): KeyObject | undefined {
  try {
    const k = createPrivateKey({ key: der, format: 'der', type })
    return supportedKey(k) ? k : undefined
  } catch {
    return undefined
  }
}

/**
 * x509.ParsePKCS8PrivateKey (a key bag's contents), in Go's words. Bytes that are not PKCS#8 get the
 * hint of the structure they are (SEC 1, then PKCS#1), else encoding/asn1's reason; an algorithm Go
 * does not know is named by its OID. What Go reads is what is given to node:crypto: the three
 * fields (attributes and trailing bytes left out), an EC key as its curve and scalar. Where
 * node:crypto still refuses a key Go might take, the message is the start of Go's. X25519 is read,
 * as Go 1.20 and later read it.
 */
export function parsePKCS8PrivateKey(der: Uint8Array): KeyObject {
  const reason = unmarshalReason(der, PKCS8)
  if (reason) {
    if (!unmarshalReason(der, EC_PRIVATE_KEY)) keyError('x509: failed to parse private key (use ParseECPrivateKey instead for this key format)')
    if (!unmarshalReason(der, PKCS1_PRIVATE_KEY)) keyError('x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)')
    keyError(reason)
  }
  const [version, ai, inner] = parseDer(der, 'key', { trailing: true }).children
  const [algorithmDer, params] = ai.children
  const algorithm = oidOf(algorithmDer, 'algorithm')
  const pkcs8 = (aiFields: Der[]) => seq(derOf(version), seq(...aiFields.map(derOf)), derOf(inner))
  switch (algorithm) {
    case OID_RSA:
      return parseEmbeddedRSA(inner.bytes) ?? keyError('x509: failed to parse RSA private key embedded in PKCS#8')
    case OID_EC:
      return parseEmbeddedEC(validOid(params) ? oidOf(params, 'curve') : undefined, inner.bytes)
    case OID_ED25519:
    case OID_X25519: {
      const kind = algorithm === OID_ED25519 ? 'Ed25519' : 'X25519'
      if (params) keyError(`x509: invalid ${kind} private key parameters`)
      // The key is an OCTET STRING (asn1.Unmarshal into a []byte) of the 32-byte seed.
      let seed: Der | undefined
      let reason = headerReason(inner.bytes, 0x04)
      try {
        seed = parseDer(inner.bytes, 'key', { trailing: true })
      } catch (e) {
        reason ??= e instanceof Asn1Error ? e.reason : undefined
      }
      if (reason) keyError(`x509: invalid ${kind} private key: ${reason}`)
      if (seed && seed.bytes.length !== 32) keyError(kind === 'Ed25519' ? `x509: invalid Ed25519 private key length: ${seed.bytes.length}` : 'crypto/ecdh: invalid private key size')
      return importKey(pkcs8([algorithmDer]), 'pkcs8') ?? keyError(`x509: invalid ${kind} private key`)
    }
  }
  return keyError(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${algorithm}`)
}

/** ParsePKCS1PrivateKey inside PKCS#8: Go's checks on the structure, then node:crypto (undefined when it refuses the key). */
function parseEmbeddedRSA(der: Buffer): KeyObject | undefined {
  const embedded = 'x509: failed to parse RSA private key embedded in PKCS#8: '
  const reason = unmarshalReason(der, PKCS1_PRIVATE_KEY)
  if (reason) {
    if (!unmarshalReason(der, EC_PRIVATE_KEY)) keyError(`${embedded}x509: failed to parse private key (use ParseECPrivateKey instead for this key format)`)
    if (!unmarshalReason(der, PKCS8)) keyError(`${embedded}x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)`)
    keyError(embedded + reason)
  }
  const key = parseDer(der, 'key', { trailing: true })
  if (derOf(key).length !== der.length) keyError(`${embedded}${SYNTAX}trailing data`)
  const [v, n, , d, p, q] = key.children
  if (integerOf(v, 'version') > 1n) keyError(`${embedded}x509: unsupported private key version`)
  if (![n, d, p, q].every(positive)) keyError(`${embedded}x509: private key contains zero or negative value`)
  return importKey(der, 'pkcs1')
}

/** parseECPrivateKey inside PKCS#8, as Go reads it: the curve of the parameters (else the key's own), the scalar below the order. */
function parseEmbeddedEC(paramsCurve: string | undefined, der: Buffer): KeyObject {
  const embedded = 'x509: failed to parse EC private key embedded in PKCS#8: '
  const reason = unmarshalReason(der, EC_PRIVATE_KEY)
  if (reason) {
    if (!unmarshalReason(der, PKCS8)) keyError(`${embedded}x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)`)
    if (!unmarshalReason(der, PKCS1_PRIVATE_KEY)) keyError(`${embedded}x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)`)
    keyError(`${embedded}x509: failed to parse EC private key: ${reason}`)
  }
  const [version, scalar, ...rest] = parseDer(der, 'key', { trailing: true }).children
  const v = version.bytes
  if (!(v.length === 1 && v[0] === 1)) keyError(`${embedded}x509: unknown EC private key version ${integerOf(version, 'version')}`)
  // NamedCurveOID is the [0] right after the scalar, when it holds an OID.
  const named = rest[0] && EXPLICIT(0, OID).is(rest[0]) ? rest[0].children[0] : undefined
  const curve = paramsCurve ?? (validOid(named) ? oidOf(named, 'curve') : undefined)
  if (curve === undefined || !CURVES[curve]) keyError(`${embedded}x509: unknown elliptic curve`)
  const { order, name } = CURVES[curve]
  const size = (order.toString(2).length + 7) >> 3
  if (scalar.bytes.length && BigInt(`0x${scalar.bytes.toString('hex')}`) >= order) keyError(`${embedded}x509: invalid elliptic curve private key value`)
  // Leading zeros past the curve's size are dropped, a short scalar is padded (both as OpenSSL once wrote them).
  let k = scalar.bytes
  while (k.length > size) {
    if (k[0] !== 0) keyError(`${embedded}x509: invalid private key length`)
    k = k.subarray(1)
  }
  const padded = Buffer.concat([Buffer.alloc(size - k.length), k])
  // The public key is computed from the scalar, as Go computes it (the one the key carries is not read).
  let publicKey: Buffer
  try {
    const ecdh = createECDH(name)
    ecdh.setPrivateKey(padded)
    publicKey = ecdh.getPublicKey()
  } catch {
    return keyError(embedded.slice(0, -2))
  }
  return importKey(seq(int(1), octets(padded), explicit(0, oid(curve)), explicit(1, bitString(publicKey))), 'sec1') ?? keyError(embedded.slice(0, -2))
}

/** x509.MarshalPKCS8PrivateKey: OpenSSL's PKCS#8 matches Go's (EC keys without inner parameters). */
export function marshalPKCS8PrivateKey(k: KeyObject): Buffer {
  return k.export({ format: 'der', type: 'pkcs8' })
}
