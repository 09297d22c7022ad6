// Sprig's key and certificate functions (crypto.go: generatePrivateKey, parsePrivateKeyPEM,
// pemBlockForKey, buildCustomCertificate, generateCertificateAuthority*, generateSelfSigned*,
// generateSignedCertificate*, getBaseCertTemplate), with the parts of Go's crypto/x509 they use
// (CreateCertificate, marshalSANs, net.ParseIP) as ESO's Go 1.26 build has them.
//
// Certificates are built here as DER (der.ts), field for field as Go's CreateCertificate writes them, and
// signed with node:crypto (node:crypto cannot make certificates; node-forge could, but only with
// RSA keys and with its own encoding choices). Key pairs come from node:crypto's
// generateKeyPairSync, which draws on the OS's CSPRNG and cannot take the render's random source:
// a generated key is secret and different on every render, as in Go. Serial numbers come from the
// render's random source, validity from its clock.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto'
import { bytesOf, fromBytes, GoObject, isGoString, typeName, type GoString, type GoValue } from '../../value.ts'
import { FuncError } from '../registry.ts'
import { pemDecode, pemEncode } from '../../../go/pem.ts'
import {
  Asn1Error,
  bitString,
  context,
  CONTEXT,
  derOf,
  expectSeq,
  explicit,
  integer,
  integerOf,
  NULL,
  octets,
  oid,
  oidOf,
  parseDer,
  seq,
  set,
  TAG,
  tlv,
  TRUE,
  UNIVERSAL,
  type Der,
} from '../../../go/asn1.ts'
import { randomBytes, type RandomSource } from './random.ts'
import { CorruptInputError, decodeBase64Go } from '../../../go/base64.ts'

// ---------------------------------------------------------------------------------------------
// Object identifiers and curves.

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  dsa: '1.2.840.10040.4.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
  x25519: '1.3.101.110',
  commonName: '2.5.4.3',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const

/** Go's named curves (x509 oidFromNamedCurve) under node's names, with the hash CreateCertificate signs with. */
const CURVES: Record<string, { oid: string; hash: 'sha256' | 'sha384' | 'sha512'; sigOid: string }> = {
  secp224r1: { oid: '1.3.132.0.33', hash: 'sha256', sigOid: OID.ecdsaWithSHA256 },
  prime256v1: { oid: '1.2.840.10045.3.1.7', hash: 'sha256', sigOid: OID.ecdsaWithSHA256 },
  secp384r1: { oid: '1.3.132.0.34', hash: 'sha384', sigOid: OID.ecdsaWithSHA384 },
  secp521r1: { oid: '1.3.132.0.35', hash: 'sha512', sigOid: OID.ecdsaWithSHA512 },
}

// ---------------------------------------------------------------------------------------------
// Keys.

/** A private key as Sprig holds one: the crypto.Signer kinds node handles, or DSA's raw numbers. */
export type PrivateKey = { kind: 'rsa' | 'ec' | 'ed25519' | 'x25519'; key: KeyObject } | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; y: bigint; x: bigint }

const b64url = (s: string | undefined) => Buffer.from(s ?? '', 'base64url')
const bigOf = (b: Buffer) => (b.length ? BigInt('0x' + b.toString('hex')) : 0n)

/** Sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, Sprig's DSAKeyFormat, PKCS#8 otherwise. */
export function pemBlockForKey(k: PrivateKey): { type: string; der: Buffer } {
  switch (k.kind) {
    case 'rsa': {
      // x509.MarshalPKCS1PrivateKey: version 0, n, e, d, p, q, dp, dq, qinv.
      const j = k.key.export({ format: 'jwk' })
      const ints = [j.n, j.e, j.d, j.p, j.q, j.dp, j.dq, j.qi].map((v) => integer(bigOf(b64url(v))))
      return { type: 'RSA PRIVATE KEY', der: seq(integer(0n), ...ints) }
    }
    case 'ec': {
      // x509.MarshalECPrivateKey: version 1, the scalar padded to the curve's size, [0] curve, [1] point.
      const curve = CURVES[k.key.asymmetricKeyDetails?.namedCurve ?? '']
      const j = k.key.export({ format: 'jwk' })
      const point = Buffer.concat([Buffer.from([4]), b64url(j.x), b64url(j.y)])
      return { type: 'EC PRIVATE KEY', der: seq(integer(1n), octets(b64url(j.d)), explicit(0, oid(curve.oid)), explicit(1, bitString(point))) }
    }
    case 'ed25519':
    case 'x25519': {
      // x509.MarshalPKCS8PrivateKey: version 0, the algorithm (no parameters), the seed in an OCTET STRING.
      const j = k.key.export({ format: 'jwk' })
      return { type: 'PRIVATE KEY', der: seq(integer(0n), seq(oid(k.kind === 'ed25519' ? OID.ed25519 : OID.x25519)), octets(octets(b64url(j.d)))) }
    }
    case 'dsa':
      // Sprig's DSAKeyFormat{Version, P, Q, G, Y, X} through asn1.Marshal (Version 0).
      return { type: 'DSA PRIVATE KEY', der: seq(integer(0n), integer(k.p), integer(k.q), integer(k.g), integer(k.y), integer(k.x)) }
  }
}

export function encodeKeyPem(k: PrivateKey): GoString {
  const { type, der } = pemBlockForKey(k)
  return fromBytes(pemEncode({ type, bytes: der }))
}

/** A DSA key pair from node (L2048 N256, as dsa.L2048N256), its numbers read from PKCS#8 and SPKI. */
function generateDsaKey(): PrivateKey {
  const { privateKey, publicKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })
  const what = 'DSA key'
  const pkcs8 = parseDer(privateKey.export({ type: 'pkcs8', format: 'der' }), what).children
  const [p, q, g] = pkcs8[1].children[1].children.map((d) => integerOf(d, what))
  const x = integerOf(parseDer(pkcs8[2].bytes, what), what)
  const spki = parseDer(publicKey.export({ type: 'spki', format: 'der' }), what).children
  const y = integerOf(parseDer(spki[1].bytes.subarray(1), what), what)
  return { kind: 'dsa', p, q, g, y, x }
}

/** Sprig's generatePrivateKey: the PEM text, or Sprig's message (not an error) for an unknown type. */
export function generatePrivateKey(typ: string): GoString {
  switch (typ) {
    case '':
    case 'rsa':
      return encodeKeyPem({ kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 4096, publicExponent: 65537 }).privateKey })
    case 'dsa':
      return encodeKeyPem(generateDsaKey())
    case 'ecdsa':
      return encodeKeyPem({ kind: 'ec', key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey })
    case 'ed25519':
      return encodeKeyPem({ kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey })
    default:
      return 'Unknown type ' + typ
  }
}

export function generateRsaKey(bits: number): PrivateKey {
  return { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 }).privateKey }
}

/** An error in Go's words, without the key material (node's messages are not Go's anyway). */
class KeyError extends Error {
  override name = 'KeyError'
}

function importKey(der: Buffer, type: 'pkcs8' | 'pkcs1' | 'sec1'): KeyObject | undefined {
  try {
    return createPrivateKey({ key: der, format: 'der', type })
  } catch {
    return undefined
  }
}

/** A node KeyObject as the Go key type x509 would parse it into, or the error Go gives. */
function goKeyKind(key: KeyObject, curveError: string): PrivateKey {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { kind: 'rsa', key }
    case 'ec':
      if (!CURVES[key.asymmetricKeyDetails?.namedCurve ?? '']) throw new KeyError(curveError)
      return { kind: 'ec', key }
    case 'ed25519':
      return { kind: 'ed25519', key }
    case 'x25519':
      return { kind: 'x25519', key }
    default:
      throw new KeyError('x509: PKCS#8 wrapping contained private key with unknown algorithm')
  }
}

/** The dotted algorithm OID of a PKCS#8 PrivateKeyInfo (Go names it when it does not know it). */
function pkcs8Algorithm(der: Buffer): string {
  try {
    return oidOf(parseDer(der, 'PKCS#8', { trailing: true }).children[1].children[0], 'PKCS#8')
  } catch {
    return '?'
  }
}

/** Sprig's parsePrivateKeyPEM: the first PEM block, by its type. Errors are Go's messages. */
export function parsePrivateKeyPEM(pemText: GoString): PrivateKey {
  const [block] = pemDecode(Buffer.from(bytesOf(pemText)))
  if (!block) throw new KeyError('no PEM data in input')
  // The block type is PEM framing, not key material: Go names it in its messages too.
  const type = block.type.toString('latin1')
  if (type === 'PRIVATE KEY') {
    const key = importKey(block.bytes, 'pkcs8')
    if (!key) throw new KeyError('decoding PEM as PKCS#8: x509: failed to parse private key')
    try {
      return goKeyKind(key, 'x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve')
    } catch (e) {
      if (e instanceof KeyError) throw new KeyError(`decoding PEM as PKCS#8: ${e.message}${e.message.endsWith('unknown algorithm') ? `: ${pkcs8Algorithm(block.bytes)}` : ''}`)
      throw e
    }
  }
  if (!type.endsWith(' PRIVATE KEY')) throw new KeyError(`no private key data in PEM block of type ${type}`)
  switch (type.slice(0, -12)) {
    case 'RSA': {
      const key = importKey(block.bytes, 'pkcs1')
      if (!key || key.asymmetricKeyType !== 'rsa') throw new KeyError('parsing RSA private key from PEM: x509: failed to parse private key')
      return { kind: 'rsa', key }
    }
    case 'EC': {
      const key = importKey(block.bytes, 'sec1')
      if (!key || key.asymmetricKeyType !== 'ec') throw new KeyError('parsing EC private key from PEM: x509: failed to parse EC private key')
      if (!CURVES[key.asymmetricKeyDetails?.namedCurve ?? '']) throw new KeyError('parsing EC private key from PEM: x509: unknown elliptic curve')
      return { kind: 'ec', key }
    }
    case 'DSA':
      try {
        // asn1.Unmarshal into DSAKeyFormat: trailing elements and trailing data are ignored.
        const what = 'DSA private key'
        const f = expectSeq(parseDer(block.bytes, what, { trailing: true }), what, 6)
        const [, p, q, g, y, x] = f.slice(0, 6).map((d) => integerOf(d, what))
        return { kind: 'dsa', p, q, g, y, x }
      } catch (e) {
        if (e instanceof Asn1Error) throw new KeyError(`parsing DSA private key from PEM: ${e.reason}`)
        throw e
      }
    default:
      throw new KeyError(`invalid private key type ${type}`)
  }
}

/** The SubjectPublicKeyInfo x509.marshalPublicKey writes, or Go's error for a DSA key. */
function publicKeyInfo(k: PrivateKey): Buffer {
  if (k.kind === 'dsa') throw new KeyError('x509: unsupported public key type: *dsa.PublicKey')
  return createPublicKey(k.key).export({ type: 'spki', format: 'der' })
}

// ---------------------------------------------------------------------------------------------
// net.ParseIP (netip.ParseAddr without zones) and the SAN encoding of an address.

function parseIPv4(s: string): number[] | undefined {
  const fields = s.split('.')
  if (fields.length !== 4) return undefined
  const out: number[] = []
  for (const f of fields) {
    // netip: 1 to 3 decimal digits, no leading zero, at most 255.
    if (!/^[0-9]{1,3}$/.test(f) || (f.length > 1 && f[0] === '0') || Number(f) > 255) return undefined
    out.push(Number(f))
  }
  return out
}

function parseIPv6(s: string): number[] | undefined {
  if (s.includes('%')) return undefined // a zone: net.ParseIP refuses it
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const groups = (part: string, last: boolean): number[] | undefined => {
    if (part === '') return []
    const out: number[] = []
    const fields = part.split(':')
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]
      if (last && i === fields.length - 1 && f.includes('.')) {
        const v4 = parseIPv4(f)
        if (!v4) return undefined
        out.push(...v4)
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(f)) return undefined
        const v = parseInt(f, 16)
        out.push(v >> 8, v & 0xff)
      }
    }
    return out
  }
  const head = groups(halves[0], halves.length === 1)
  const tail = halves.length === 2 ? groups(halves[1], true) : []
  if (!head || !tail) return undefined
  if (halves.length === 1) return head.length === 16 ? head : undefined
  // The :: must stand for at least one group of zeros.
  if (head.length + tail.length > 14) return undefined
  return [...head, ...new Array(16 - head.length - tail.length).fill(0), ...tail]
}

/** net.ParseIP as the 4 bytes (IPv4, or IPv4-mapped IPv6: IP.To4) or 16 bytes marshalSANs writes. */
export function parseIP(s: string): Buffer | undefined {
  const v4 = parseIPv4(s)
  if (v4) return Buffer.from(v4)
  const v6 = parseIPv6(s)
  if (!v6) return undefined
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff
  return Buffer.from(mapped ? v6.slice(12) : v6)
}

// ---------------------------------------------------------------------------------------------
// Sprig's certificate struct and getBaseCertTemplate.

export const CERTIFICATE_TYPE = 'sprig.certificate'

export function certificateObject(cert: GoString, key: GoString): GoObject {
  return new GoObject({ type: CERTIFICATE_TYPE, kind: 'struct', fields: { Cert: cert, Key: key } })
}

/** A []interface{} argument: a list or nil; anything else is the template's type error. */
export function interfaceSlice(v: GoValue): GoValue[] {
  if (v === null || v === undefined) return []
  if (Array.isArray(v)) return v
  throw new FuncError(`wrong type for value; expected []interface {}; got ${typeName(v)}`)
}

/** A sprig.certificate argument (what genCA and friends return). */
export function certificateArg(v: GoValue): { cert: GoString; key: GoString } {
  if (v === null || v === undefined) throw new FuncError('cannot assign nil to sprig.certificate')
  if (!(v instanceof GoObject) || v.type !== CERTIFICATE_TYPE) throw new FuncError(`wrong type for value; expected sprig.certificate; got ${typeName(v)}`)
  return { cert: v.fields.Cert as GoString, key: v.fields.Key as GoString }
}

interface CertTemplate {
  serial: bigint
  commonName: GoString
  ips: Buffer[]
  dnsNames: GoString[]
  notBefore: bigint // Unix nanoseconds
  notAfter: bigint
  isCA: boolean
}

const describe = (v: GoValue) => (v === null || v === undefined ? 'nil' : `a value of type ${typeName(v)}`)

/** getBaseCertTemplate: Go's messages, with the offending value named by its type only. */
function baseTemplate(ctx: { random: RandomSource; now: () => Date }, cn: GoString, ips: GoValue[], dns: GoValue[], days: bigint): CertTemplate {
  const netIPs = ips.map((ip) => {
    if (!isGoString(ip)) throw new FuncError(`error parsing ip: ${describe(ip)} is not a string`)
    const parsed = typeof ip === 'string' ? parseIP(ip) : undefined
    if (!parsed) throw new FuncError('error parsing ip: not an IP address')
    return parsed
  })
  const dnsNames = dns.map((d) => {
    if (!isGoString(d)) throw new FuncError(`error processing alternate dns name: ${describe(d)} is not a string`)
    return d
  })
  // rand.Int(rand.Reader, 2^128): 16 random bytes.
  const serial = BigInt('0x' + randomBytes(ctx.random, 16).toString('hex'))
  // NotAfter = Now().Add(time.Hour * 24 * time.Duration(daysValid)): int64 nanoseconds, wrapping.
  const now = BigInt(ctx.now().getTime()) * 1_000_000n
  const validFor = BigInt.asIntN(64, 86_400_000_000_000n * days)
  return { serial, commonName: cn, ips: netIPs, dnsNames, notBefore: now, notAfter: now + validFor, isCA: false }
}

// ---------------------------------------------------------------------------------------------
// x509.CreateCertificate.

/** asn1's string choice: PrintableString when every byte is in its set (no '*' or '&'), else UTF8String. */
function directoryString(s: GoString): Buffer {
  const b = Buffer.from(bytesOf(s))
  const printable = [...b].every(
    (c) =>
      (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || (c >= 0x27 && c <= 0x29) || (c >= 0x2b && c <= 0x2f) || c === 0x20 || c === 0x3a || c === 0x3d || c === 0x3f,
  )
  if (printable) return tlv(UNIVERSAL, false, TAG.PRINTABLE, b)
  if (typeof s !== 'string') throw new KeyError('asn1: string not valid UTF-8')
  return tlv(UNIVERSAL, false, TAG.UTF8, b)
}

/** pkix.Name{CommonName: cn}.ToRDNSequence(), marshalled: no attribute at all for an empty CN. */
function subjectName(cn: GoString): Buffer {
  if (bytesOf(cn).length === 0) return seq()
  return seq(set(seq(oid(OID.commonName), directoryString(cn))))
}

/** asn1's time: UTCTime for years 1950-2049, GeneralizedTime otherwise; whole seconds, UTC. */
function asn1Time(ns: bigint): Buffer {
  const seconds = ns >= 0n ? ns / 1_000_000_000n : -((-ns + 999_999_999n) / 1_000_000_000n)
  const d = new Date(Number(seconds) * 1000)
  const year = d.getUTCFullYear()
  const p2 = (n: number) => String(n).padStart(2, '0')
  const rest = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}Z`
  if (year >= 1950 && year < 2050) return tlv(UNIVERSAL, false, TAG.UTC_TIME, Buffer.from(p2(year % 100) + rest))
  return tlv(UNIVERSAL, false, TAG.GENERALIZED_TIME, Buffer.from(String(year).padStart(4, '0') + rest))
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [TRUE] : []), octets(value))
}

/** marshalKeyUsage: the usage bits reversed into a BIT STRING without trailing zero bits. */
function keyUsage(bits: number): Buffer {
  const reverse = (b: number) => {
    let r = 0
    for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i)
    return r
  }
  const a = [reverse(bits & 0xff), reverse((bits >> 8) & 0xff)]
  const bytes = Buffer.from(a[1] ? a : [a[0]])
  let unused = 0
  const last = bytes[bytes.length - 1]
  while (unused < 8 && !(last & (1 << unused))) unused++
  return bitString(bytes, unused)
}

/** The signature algorithm and signer for a key (signingParamsForKey), or Go's error. */
function signer(k: PrivateKey): { algorithm: Buffer; sign: (tbs: Buffer) => Buffer } {
  switch (k.kind) {
    case 'rsa': {
      const bits = k.key.asymmetricKeyDetails?.modulusLength ?? 0
      return {
        algorithm: seq(oid(OID.sha256WithRSA), NULL),
        sign: (tbs) => {
          // crypto/rsa (Go 1.24 on) refuses to sign with keys under 1024 bits.
          if (bits < 1024) throw new KeyError(`crypto/rsa: ${bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)`)
          return sign('sha256', tbs, k.key)
        },
      }
    }
    case 'ec': {
      const curve = CURVES[k.key.asymmetricKeyDetails?.namedCurve ?? '']
      return { algorithm: seq(oid(curve.sigOid)), sign: (tbs) => sign(curve.hash, tbs, { key: k.key, dsaEncoding: 'der' }) }
    }
    case 'ed25519':
      return { algorithm: seq(oid(OID.ed25519)), sign: (tbs) => sign(null, tbs, k.key) }
    default:
      // *dsa.PrivateKey and *ecdh.PrivateKey are not crypto.Signers.
      throw new KeyError('x509: certificate private key does not implement crypto.Signer')
  }
}

/** The parts of a parsed certificate CreateCertificate reads from a parent. */
interface ParentCert {
  rawSubject: Buffer
  subjectKeyId?: Buffer
  publicKeyInfo: Buffer
}

/** x509.CreateCertificate(rand, template, parent, pub(signee), signingKey): the DER certificate. */
function createCertificate(t: CertTemplate, signee: PrivateKey, parent: ParentCert | 'self', signingKey: PrivateKey): Buffer {
  const s = signer(signingKey)
  const spki = publicKeyInfo(signee)
  const subject = subjectName(t.commonName)
  const issuer = parent === 'self' ? subject : parent.rawSubject
  const parentKeyId = parent === 'self' ? undefined : parent.subjectKeyId
  const authorityKeyId = !issuer.equals(subject) && parentKeyId?.length ? parentKeyId : undefined
  // A CA's key identifier: the first 160 bits of SHA-256 over the public key bits (Go 1.25 on).
  const publicKeyBits = parseDer(spki, 'public key').children[1].bytes.subarray(1)
  const subjectKeyId = t.isCA ? createHash('sha256').update(publicKeyBits).digest().subarray(0, 20) : undefined
  // The signer must match the parent's public key (when the parent is a parsed certificate).
  if (parent !== 'self' && signingKey.kind !== 'dsa' && !samePublicKey(signingKey.key, parent.publicKeyInfo)) throw new KeyError("x509: provided PrivateKey doesn't match parent's PublicKey")

  // buildCertExtensions, in Go's order.
  const DIGITAL_SIGNATURE = 1 << 0
  const KEY_ENCIPHERMENT = 1 << 2
  const CERT_SIGN = 1 << 5
  const extensions = [
    extension(OID.keyUsage, true, keyUsage(DIGITAL_SIGNATURE | KEY_ENCIPHERMENT | (t.isCA ? CERT_SIGN : 0))),
    extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth), oid(OID.clientAuth))),
    // IsCA without a path length; a leaf's is an empty SEQUENCE (IsCA false is the default).
    extension(OID.basicConstraints, true, t.isCA ? seq(TRUE) : seq()),
  ]
  if (subjectKeyId) extensions.push(extension(OID.subjectKeyId, false, octets(subjectKeyId)))
  if (authorityKeyId) extensions.push(extension(OID.authorityKeyId, false, seq(context(0, false, authorityKeyId))))
  if (t.dnsNames.length || t.ips.length) {
    const names = t.dnsNames.map((n) => {
      const b = Buffer.from(bytesOf(n))
      if (typeof n !== 'string' || [...b].some((c) => c > 0x7f)) throw new KeyError('x509: a DNS name cannot be encoded as an IA5String')
      return context(2, false, b)
    })
    // RFC 5280: with an empty subject the SAN extension is critical.
    extensions.push(extension(OID.subjectAltName, subject.length === 2, seq(...names, ...t.ips.map((ip) => context(7, false, ip)))))
  }

  const tbs = seq(explicit(0, integer(2n)), integer(t.serial), s.algorithm, issuer, seq(asn1Time(t.notBefore), asn1Time(t.notAfter)), subject, spki, explicit(3, seq(...extensions)))
  return seq(tbs, s.algorithm, bitString(s.sign(tbs)))
}

function samePublicKey(key: KeyObject, spki: Buffer): boolean {
  try {
    const theirs = createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' })
    return createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(theirs)
  } catch {
    // A public key Go cannot parse leaves parent.PublicKey nil, and Go skips the check.
    return true
  }
}

/** x509.ParseCertificate, as far as the callers need: validity (node's parser) and raw fields. */
function parseCertificate(der: Buffer): ParentCert {
  try {
    new X509Certificate(der) // node's parser stands in for Go's checks
    const tbs = parseDer(der, 'certificate').children[0].children
    const isContext = (d: Der, n: number) => d.cls === CONTEXT && d.constructed && d.tag === n
    const at = isContext(tbs[0], 0) ? 1 : 0
    const rawSubject = derOf(tbs[at + 4])
    const publicKeyInfo = derOf(tbs[at + 5])
    let subjectKeyId: Buffer | undefined
    const exts = tbs.find((d) => isContext(d, 3))
    if (exts) {
      for (const ext of exts.children[0].children) {
        const [id, ...rest] = ext.children
        if (derOf(id).equals(oid(OID.subjectKeyId))) subjectKeyId = parseDer(rest[rest.length - 1].bytes, 'subject key identifier', { trailing: true }).bytes
      }
    }
    return { rawSubject, subjectKeyId, publicKeyInfo }
  } catch {
    throw new KeyError('x509: malformed certificate')
  }
}

// ---------------------------------------------------------------------------------------------
// The template functions.

export interface CertContext {
  random: RandomSource
  now: () => Date
}

const certPem = (der: Buffer) => fromBytes(pemEncode({ type: 'CERTIFICATE', bytes: der }))

/** getCertAndKey: create and PEM-encode, with Go's "error creating certificate" wrapping. */
function certAndKey(t: CertTemplate, signee: PrivateKey, parent: ParentCert | 'self', signingKey: PrivateKey): GoObject {
  let der: Buffer
  try {
    der = createCertificate(t, signee, parent, signingKey)
  } catch (e) {
    if (e instanceof KeyError) throw new FuncError(`error creating certificate: ${e.message}`)
    throw e
  }
  return certificateObject(certPem(der), encodeKeyPem(signee))
}

/** The key for a *WithKey variant: Sprig wraps parse errors as "parsing private key: ...". */
function keyArg(pemText: GoString): PrivateKey {
  try {
    return parsePrivateKeyPEM(pemText)
  } catch (e) {
    if (e instanceof KeyError) throw new FuncError(`parsing private key: ${e.message}`)
    throw e
  }
}

/** generateCertificateAuthority(WithPEMKey): a self-signed CA; a new RSA 2048 key unless given. */
export function generateCA(ctx: CertContext, cn: GoString, days: bigint, keyPem?: GoString): GoObject {
  const key = keyPem === undefined ? undefined : keyArg(keyPem)
  const t = { ...baseTemplate(ctx, cn, [], [], days), isCA: true }
  const priv = key ?? generateRsaKey(2048)
  return certAndKey(t, priv, 'self', priv)
}

/** generateSelfSignedCertificate(WithPEMKey). */
export function generateSelfSigned(ctx: CertContext, cn: GoString, ips: GoValue, dns: GoValue, days: bigint, keyPem?: GoString): GoObject {
  const key = keyPem === undefined ? undefined : keyArg(keyPem)
  const t = baseTemplate(ctx, cn, interfaceSlice(ips), interfaceSlice(dns), days)
  const priv = key ?? generateRsaKey(2048)
  return certAndKey(t, priv, 'self', priv)
}

/** generateSignedCertificate(WithPEMKey): signed by the CA certificate and key given. */
export function generateSigned(ctx: CertContext, cn: GoString, ips: GoValue, dns: GoValue, days: bigint, ca: GoValue, keyPem?: GoString): GoObject {
  const ipList = interfaceSlice(ips)
  const dnsList = interfaceSlice(dns)
  const authority = certificateArg(ca)
  const key = keyPem === undefined ? undefined : keyArg(keyPem)
  const [block] = pemDecode(Buffer.from(bytesOf(authority.cert)))
  if (!block) throw new FuncError('unable to decode certificate')
  let parent: ParentCert
  try {
    parent = parseCertificate(block.bytes)
  } catch (e) {
    if (e instanceof KeyError) throw new FuncError(`error parsing certificate: decodedSignerCert.Bytes: ${e.message}`)
    throw e
  }
  let signingKey: PrivateKey
  try {
    signingKey = parsePrivateKeyPEM(authority.key)
  } catch (e) {
    if (e instanceof KeyError) throw new FuncError(`error parsing private key: ${e.message}`)
    throw e
  }
  const t = baseTemplate(ctx, cn, ipList, dnsList, days)
  const priv = key ?? generateRsaKey(2048)
  return certAndKey(t, priv, parent, signingKey)
}

/** buildCustomCertificate: base64 PEM certificate and key, checked, returned as given. */
export function buildCustomCertificate(b64cert: GoString, b64key: GoString): GoObject {
  const decode = (s: GoString) => {
    try {
      return Buffer.from(decodeBase64Go(bytesOf(s), 'std'))
    } catch (e) {
      if (e instanceof CorruptInputError) return undefined
      throw e
    }
  }
  const cert = decode(b64cert)
  if (!cert) throw new FuncError('unable to decode base64 certificate')
  const key = decode(b64key)
  if (!key) throw new FuncError('unable to decode base64 private key')
  const [block] = pemDecode(cert)
  if (!block) throw new FuncError('unable to decode certificate')
  try {
    parseCertificate(block.bytes)
  } catch (e) {
    if (e instanceof KeyError) throw new FuncError(`error parsing certificate: decodedCert.Bytes: ${e.message}`)
    throw e
  }
  try {
    parsePrivateKeyPEM(fromBytes(key))
  } catch (e) {
    if (e instanceof KeyError) throw new FuncError(`error parsing private key: ${e.message}`)
    throw e
  }
  return certificateObject(fromBytes(cert), fromBytes(key))
}
