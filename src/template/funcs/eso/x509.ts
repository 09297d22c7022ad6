// The parts of Go's crypto/x509 that ESO's template functions rely on: ParseCertificate (raw DER,
// subject and authority key ids, subject alternative names, Subject.String() for trust-store
// aliases), ESO's parsePrivateKey (PKCS#1, then PKCS#8, then SEC 1) and MarshalPKCS8PrivateKey.
// Certificates are walked structurally with node-forge's DER reader; keys go through node:crypto.
// Error texts follow Go's where ESO surfaces them, and never carry certificate or key contents.

import { createPrivateKey, type KeyObject } from 'node:crypto'
import { Asn1Error, CONTEXT, expectPrimitive, expectSeq, oidOf, parseDer, TAG, UNIVERSAL, type Der } from '../../../go/asn1.ts'

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

/** x509.ParseCertificate, for what ESO reads from a certificate. */
export function parseCertificate(der: Uint8Array): Certificate {
  let root: Der
  try {
    root = parseDer(der, 'certificate')
  } catch {
    throw new X509Error('x509: malformed certificate')
  }
  try {
    const [tbs, sigAlg, sig] = expectSeq(root, 'certificate', 3)
    if (root.children.length !== 3) throw new X509Error('x509: malformed certificate')
    expectSeq(sigAlg, 'signature algorithm', 1)
    if (sig.cls !== UNIVERSAL || sig.tag !== TAG.BIT_STRING) throw new X509Error('x509: malformed signature')
    const fields = expectSeq(tbs, 'tbs certificate', 6)
    let i = 0
    let version = 0
    if (fields[0].cls === CONTEXT && fields[0].tag === 0) {
      const v = fields[0].children[0]
      const b = expectPrimitive(v, TAG.INTEGER, 'version')
      version = b.length === 1 ? b[0] : -1
      if (version < 0 || version > 2) throw new X509Error('x509: invalid version')
      i++
    }
    expectPrimitive(fields[i++], TAG.INTEGER, 'serial number')
    expectSeq(fields[i++], 'signature algorithm identifier', 1)
    expectSeq(fields[i++], 'issuer')
    expectSeq(fields[i++], 'validity', 2)
    const subject = fields[i++]
    expectSeq(subject, 'subject')
    expectSeq(fields[i++], 'spki', 2)
    const cert: Certificate = { raw: Buffer.from(der), dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [], subject }
    for (; i < fields.length; i++) {
      const f = fields[i]
      if (f.cls !== CONTEXT) throw new X509Error('x509: malformed tbs certificate')
      if (f.tag === 3) {
        if (version !== 2) throw new X509Error('x509: malformed extensions')
        readExtensions(f.children[0], cert)
      }
    }
    return cert
  } catch (e) {
    if (e instanceof Asn1Error) throw new X509Error(`x509: ${e.message}`)
    throw e
  }
}

function readExtensions(exts: Der | undefined, cert: Certificate): void {
  const seen = new Set<string>()
  for (const ext of expectSeq(exts, 'extensions', 1)) {
    const parts = expectSeq(ext, 'extension', 2)
    const id = oidOf(parts[0], 'extension')
    if (seen.has(id)) throw new X509Error('x509: certificate contains duplicate extensions')
    seen.add(id)
    const value = expectPrimitive(parts[parts.length - 1], TAG.OCTET_STRING, 'extension')
    if (id === OID_SKI) cert.subjectKeyId = Buffer.from(expectPrimitive(parseDer(value, 'subject key identifier'), TAG.OCTET_STRING, 'subject key identifier'))
    else if (id === OID_AKI) {
      const aki = expectSeq(parseDer(value, 'authority key identifier'), 'authority key identifier')
      const keyId = aki.find((d) => d.cls === CONTEXT && d.tag === 0)
      if (keyId) cert.authorityKeyId = Buffer.from(keyId.bytes)
    } else if (id === OID_SAN) readSANs(parseDer(value, 'SAN extension'), cert)
  }
}

/** x509's parseSANExtension: DNS names, emails, IPs and URIs in certificate order, each list apart. */
function readSANs(san: Der, cert: Certificate): void {
  for (const name of expectSeq(san, 'SAN extension')) {
    if (name.cls !== CONTEXT) continue
    const text = () => {
      for (const c of name.bytes) if (c > 0x7f) return undefined
      return name.bytes.toString('latin1')
    }
    switch (name.tag) {
      case 1: {
        const email = text()
        if (email === undefined) throw new X509Error('x509: SAN rfc822Name is malformed')
        cert.emailAddresses.push(email)
        break
      }
      case 2: {
        const dns = text()
        if (dns === undefined) throw new X509Error('x509: SAN dNSName is malformed')
        cert.dnsNames.push(dns)
        break
      }
      case 6: {
        const uri = text()
        if (uri === undefined) throw new X509Error('x509: SAN uniformResourceIdentifier is malformed')
        cert.uris.push(goUrlString(uri))
        break
      }
      case 7:
        if (name.bytes.length !== 4 && name.bytes.length !== 16) throw new X509Error(`x509: cannot parse IP address of length ${name.bytes.length}`)
        cert.ipAddresses.push(Buffer.from(name.bytes))
        break
    }
  }
}

/**
 * url.Parse(s).String() for the URIs certificates carry: the scheme is lower-cased; the rest comes
 * back as written (Go re-escapes only unusual paths, which certificates do not hold).
 */
function goUrlString(s: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s)
  return m ? m[1].toLowerCase() + s.slice(m[1].length) : s
}

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

/** The text of a directory string as Go's parseASN1String decodes it. */
function directoryString(d: Der): string | undefined {
  if (d.cls !== UNIVERSAL || d.constructed) return undefined
  switch (d.tag) {
    case TAG.BMP: {
      let s = ''
      for (let k = 0; k + 1 < d.bytes.length; k += 2) s += String.fromCharCode((d.bytes[k] << 8) | d.bytes[k + 1])
      return s
    }
    case TAG.UTF8:
    case TAG.PRINTABLE:
    case TAG.IA5:
    case 18: // NumericString
      return d.bytes.toString('utf8')
    case TAG.T61:
      return d.bytes.toString('latin1')
  }
  return undefined
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

/** x509.ParsePKCS8PrivateKey (the shrouded key bag's contents). */
export function parsePKCS8PrivateKey(der: Uint8Array): KeyObject {
  try {
    const k = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
    if (supportedKey(k)) return k
  } catch {
    // fall through to Go's message
  }
  throw new KeyParseError('x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)')
}

/** x509.MarshalPKCS8PrivateKey: OpenSSL's PKCS#8 matches Go's (EC keys without inner parameters). */
export function marshalPKCS8PrivateKey(k: KeyObject): Buffer {
  return k.export({ format: 'der', type: 'pkcs8' })
}
