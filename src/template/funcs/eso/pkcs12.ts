// ESO's PKCS#12 template functions (runtime/template/v2/pkcs12.go) and the parts of
// software.sslmate.com/src/go-pkcs12 v0.7.0 they call: DecodeChain (PBES2/AES, 3DES and RC2 PBE;
// SHA-1/256/512 and PBMAC1 MACs) and Modern.Encode / Modern.EncodeTrustStore (PBES2 with
// PBKDF2-HMAC-SHA-256, 2048 iterations and AES-256-CBC for keys and certificates; HMAC-SHA-256 MAC
// with 2048 iterations; 16-byte salts). Encoding uses random salts and IVs, so, as with ESO, the
// output differs on every call; `encodePfx` takes the random source so tests can pin it.
// Iteration counts and key lengths come from the file, which is data: each key derivation is
// charged to the budget (../../budget.ts) before it runs, a step per hash.

import { createCipheriv, createDecipheriv, createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto'
import { spendBytes, spendSteps } from '../../budget.ts'
import { bytesOf, fromBytes, type GoString } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { Asn1Error, CONTEXT, derOf, expectPrimitive, expectSeq, explicit, int, octets, oid, oidOf, parseDer, seq, set, smallIntOf, TAG, tlv, UNIVERSAL, type Der } from '../../../go/asn1.ts'
import { pemDecode, pemEncode } from '../../../go/pem.ts'
import { loadForge } from '../../lazy.ts'
import { orderCertChain } from './pem.ts'
import { KeyParseError, marshalPKCS8PrivateKey, parseCertificate, parsePKCS8PrivateKey, parsePrivateKey, subjectString, X509Error } from './x509.ts'

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  javaTrustStore: '2.16.840.1.113894.746875.1.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
  pbeSha3DES: '1.2.840.113549.1.12.1.3',
  pbeSha128RC2: '1.2.840.113549.1.12.1.5',
  pbeSha40RC2: '1.2.840.113549.1.12.1.6',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  hmacSHA1: '1.2.840.113549.2.7',
  hmacSHA256: '1.2.840.113549.2.9',
  hmacSHA512: '1.2.840.113549.2.11',
  aes128: '2.16.840.1.101.3.4.1.2',
  aes192: '2.16.840.1.101.3.4.1.22',
  aes256: '2.16.840.1.101.3.4.1.42',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const

/** A go-pkcs12 (or x509) error: its text is Go's, and holds no key, certificate or password bytes. */
export class Pkcs12Error extends Error {
  override name = 'Pkcs12Error'
}

const INCORRECT_PASSWORD = 'pkcs12: decryption password incorrect'
const DECRYPTION_ERROR = 'pkcs12: decryption error, incorrect padding'
const notImplemented = (what: string) => new Pkcs12Error('pkcs12: ' + what)

// ---- passwords (bmp-string.go) ----

/** bmpString: UCS-2 big-endian of the string's runes (invalid UTF-8 bytes are U+FFFD, as Go ranges them). */
function bmpString(s: Uint8Array): Buffer {
  const out: number[] = []
  for (const ch of Buffer.from(s).toString('utf8')) {
    const r = ch.codePointAt(0)!
    if (r > 0xffff || (r >= 0xd800 && r < 0xe000)) throw new Pkcs12Error('pkcs12: string contains characters that cannot be encoded in UCS-2')
    out.push(r >> 8, r & 0xff)
  }
  return Buffer.from(out)
}

const bmpZeroTerminated = (s: Uint8Array) => Buffer.concat([bmpString(s), Buffer.from([0, 0])])

/** decodeBMPString back to UTF-8 (PBES2 and PBMAC1 take the password as UTF-8). */
function bmpToUtf8(bmp: Buffer): Buffer {
  if (bmp.length % 2) throw new Pkcs12Error('pkcs12: odd-length BMP string')
  let b = bmp
  if (b.length >= 2 && b[b.length - 1] === 0 && b[b.length - 2] === 0) b = b.subarray(0, b.length - 2)
  let s = ''
  for (let i = 0; i < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1])
  // Buffer's UTF-8 encoder turns unpaired surrogates into U+FFFD, as Go's utf16.Decode does.
  return Buffer.from(s, 'utf8')
}

// ---- the PKCS#12 key derivation (pbkdf.go, RFC 7292 appendix B) ----

function fillWithRepeats(pattern: Buffer, v: number): Buffer {
  if (pattern.length === 0) return Buffer.alloc(0)
  const outLen = v * Math.ceil(pattern.length / v)
  const out = Buffer.alloc(outLen)
  for (let i = 0; i < outLen; i++) out[i] = pattern[i % pattern.length]
  return out
}

/** pbkdf2Sync, charged first: a step per hash (iterations per block of the hash's size). */
function pbkdf2(password: Buffer, salt: Buffer, iterations: number, keyLength: number, prf: 'sha1' | 'sha256' | 'sha512'): Buffer {
  spendBytes(keyLength)
  spendSteps(iterations * Math.ceil(keyLength / { sha1: 20, sha256: 32, sha512: 64 }[prf]))
  return pbkdf2Sync(password, salt, iterations, keyLength, prf)
}

function pkcs12Kdf(hash: 'sha1' | 'sha256' | 'sha512', salt: Buffer, password: Buffer, iterations: number, id: number, size: number): Buffer {
  const u = { sha1: 20, sha256: 32, sha512: 64 }[hash]
  spendSteps(iterations * Math.ceil(size / u))
  const v = hash === 'sha512' ? 128 : 64
  const D = Buffer.alloc(v, id)
  const I = Buffer.concat([fillWithRepeats(salt, v), fillWithRepeats(password, v)])
  const c = Math.ceil(size / u)
  const A = Buffer.alloc(c * u)
  for (let i = 0; i < c; i++) {
    let Ai = createHash(hash).update(D).update(I).digest()
    for (let j = 1; j < iterations; j++) Ai = createHash(hash).update(Ai).digest()
    Ai.copy(A, i * u)
    if (i < c - 1) {
      const B = fillWithRepeats(Ai, v).subarray(0, v)
      // I_j = (I_j + B + 1) mod 2^(8v)
      for (let j = 0; j < I.length / v; j++) {
        let carry = 1
        for (let k = v - 1; k >= 0; k--) {
          const sum = I[j * v + k] + B[k] + carry
          I[j * v + k] = sum & 0xff
          carry = sum >> 8
        }
      }
    }
  }
  return A.subarray(0, size)
}

// ---- password-based encryption (crypto.go) ----

interface PbeCipher {
  algorithm: string
  key: Buffer
  iv: Buffer
  blockSize: number
}

function pbeCipherFor(algId: Der, password: Buffer): PbeCipher {
  const parts = expectSeq(algId, 'algorithm identifier', 1)
  const algorithm = oidOf(parts[0], 'algorithm identifier')
  if (algorithm === OID.pbes2) return pbes2CipherFor(parts[1], bmpToUtf8(password))
  const legacy = { [OID.pbeSha3DES]: { cipher: 'des-ede3-cbc', keyLen: 24 }, [OID.pbeSha128RC2]: { cipher: 'rc2', keyLen: 16 }, [OID.pbeSha40RC2]: { cipher: 'rc2', keyLen: 5 } }[algorithm]
  if (!legacy) throw notImplemented(`pbe algorithm ${algorithm} is not supported`)
  const params = expectSeq(parts[1], 'pbe parameters', 2)
  const salt = expectPrimitive(params[0], TAG.OCTET_STRING, 'pbe parameters')
  const iterations = smallIntOf(params[1], 'pbe parameters')
  return {
    algorithm: legacy.cipher,
    key: pkcs12Kdf('sha1', salt, password, iterations, 1, legacy.keyLen),
    iv: pkcs12Kdf('sha1', salt, password, iterations, 2, 8),
    blockSize: 8,
  }
}

const PRFS: Record<string, 'sha1' | 'sha256' | 'sha512'> = { [OID.hmacSHA1]: 'sha1', [OID.hmacSHA256]: 'sha256', [OID.hmacSHA512]: 'sha512' }

/** PBKDF2 parameters: salt (an OCTET STRING), iterations, optional key length and PRF (default HMAC-SHA-1). */
function pbkdf2Params(d: Der | undefined, what: string): { salt: Buffer; iterations: number; keyLength: number; prf: 'sha1' | 'sha256' | 'sha512' } {
  const p = expectSeq(d, what, 2)
  if (p[0].cls !== UNIVERSAL || p[0].tag !== TAG.OCTET_STRING) throw notImplemented(`only octet string salts are supported for ${what}`)
  const iterations = smallIntOf(p[1], what)
  let keyLength = 0
  let prf: 'sha1' | 'sha256' | 'sha512' = 'sha1'
  for (const extra of p.slice(2)) {
    if (extra.cls === UNIVERSAL && extra.tag === TAG.INTEGER) keyLength = smallIntOf(extra, what)
    else {
      const prfOid = oidOf(expectSeq(extra, what, 1)[0], what)
      const hash = PRFS[prfOid]
      if (!hash) throw notImplemented(`${what === 'pbes2' ? 'pbes2 prf' : 'PBMAC1 PRF'} ${prfOid} is not supported`)
      prf = hash
    }
  }
  return { salt: p[0].bytes, iterations, keyLength, prf }
}

function pbes2CipherFor(params: Der | undefined, password: Buffer): PbeCipher {
  const [kdf, scheme] = expectSeq(params, 'pbes2 parameters', 2)
  const kdfParts = expectSeq(kdf, 'pbes2 parameters', 1)
  const kdfOid = oidOf(kdfParts[0], 'pbes2 parameters')
  if (kdfOid !== OID.pbkdf2) throw notImplemented(`pbes2 kdf algorithm ${kdfOid} is not supported`)
  const kdfParams = pbkdf2Params(kdfParts[1], 'pbes2')
  const schemeParts = expectSeq(scheme, 'pbes2 parameters', 1)
  const schemeOid = oidOf(schemeParts[0], 'pbes2 parameters')
  const keyLen = { [OID.aes256]: 32, [OID.aes192]: 24, [OID.aes128]: 16 }[schemeOid]
  if (!keyLen) throw notImplemented(`pbes2 algorithm ${schemeOid} is not supported`)
  const iv = schemeParts[1]?.bytes ?? Buffer.alloc(0)
  if (iv.length !== 16) throw new Pkcs12Error('pkcs12: invalid IV length')
  return { algorithm: `aes-${keyLen * 8}-cbc`, key: pbkdf2(password, kdfParams.salt, kdfParams.iterations, keyLen, kdfParams.prf), iv, blockSize: 16 }
}

function cbc(c: PbeCipher, data: Buffer, encrypt: boolean): Buffer {
  if (c.algorithm === 'rc2') {
    const forge = loadForge()
    const cipher = encrypt ? forge.rc2.createEncryptionCipher(c.key.toString('latin1'), c.key.length * 8) : forge.rc2.createDecryptionCipher(c.key.toString('latin1'), c.key.length * 8)
    cipher.start(c.iv.toString('latin1'))
    cipher.update(forge.util.createBuffer(data.toString('latin1')))
    // A no-op padding function: go-pkcs12 pads and checks padding itself.
    ;(cipher.finish as unknown as (pad: () => boolean) => boolean)(() => true)
    return Buffer.from(cipher.output.getBytes(), 'latin1')
  }
  const cipher = encrypt ? createCipheriv(c.algorithm, c.key, c.iv) : createDecipheriv(c.algorithm, c.key, c.iv)
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(data), cipher.final()])
}

/** pbDecrypt: CBC decryption and go-pkcs12's own padding check. */
function pbDecrypt(algId: Der, encrypted: Buffer, password: Buffer): Buffer {
  const c = pbeCipherFor(algId, password)
  if (encrypted.length === 0) throw new Pkcs12Error('pkcs12: empty encrypted data')
  if (encrypted.length % c.blockSize) throw new Pkcs12Error('pkcs12: input is not a multiple of the block size')
  const decrypted = cbc(c, encrypted, false)
  const psLen = decrypted[decrypted.length - 1]
  if (psLen === 0 || psLen > c.blockSize || decrypted.length < psLen) throw new Pkcs12Error(DECRYPTION_ERROR)
  for (let i = decrypted.length - psLen; i < decrypted.length; i++) if (decrypted[i] !== psLen) throw new Pkcs12Error(DECRYPTION_ERROR)
  return decrypted.subarray(0, decrypted.length - psLen)
}

// ---- MACs (mac.go) ----

function computeMac(algId: Der, macSalt: Buffer, iterations: number, message: Buffer, password: Buffer): Buffer {
  const parts = expectSeq(algId, 'mac algorithm', 1)
  const algorithm = oidOf(parts[0], 'mac algorithm')
  if (algorithm === OID.pbmac1) {
    const [kdf, macAlg] = expectSeq(parts[1], 'PBMAC1 parameters', 2)
    const kdfParts = expectSeq(kdf, 'PBMAC1 parameters', 1)
    const kdfOid = oidOf(kdfParts[0], 'PBMAC1 parameters')
    if (kdfOid !== OID.pbkdf2) throw notImplemented(`PBMAC1 KDF algorithm ${kdfOid} is not supported`)
    const p = pbkdf2Params(kdfParts[1], 'PBMAC1/PBKDF2')
    const macOid = oidOf(expectSeq(macAlg, 'PBMAC1 parameters', 1)[0], 'PBMAC1 parameters')
    const hash = PRFS[macOid]
    if (!hash) throw notImplemented(`PBMAC1 MAC algorithm ${macOid} is not supported`)
    if (p.keyLength <= 0) throw new Pkcs12Error('pkcs12: PBMAC1 requires explicit KeyLength parameter in PBKDF2 parameters')
    const key = pbkdf2(bmpToUtf8(password), p.salt, p.iterations, p.keyLength, p.prf)
    return createHmac(hash, key).update(message).digest()
  }
  const hash = ({ [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha512]: 'sha512' } as const)[algorithm]
  if (!hash) throw notImplemented(`MAC digest algorithm not supported: ${algorithm}`)
  const size = { sha1: 20, sha256: 32, sha512: 64 }[hash]
  return createHmac(hash, pkcs12Kdf(hash, macSalt, password, iterations, 3, size))
    .update(message)
    .digest()
}

function macMatches(expected: Buffer, actual: Buffer): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

// ---- decoding (pkcs12.go getSafeContents, DecodeChain) ----

interface SafeBag {
  id: string
  value: Der
}

function getSafeContents(pfxData: Buffer, password: Buffer): { bags: SafeBag[]; password: Buffer } {
  let pfx: Der[]
  try {
    pfx = expectSeq(parseDer(pfxData, 'PFX'), 'PFX', 2)
  } catch (e) {
    throw new Pkcs12Error('pkcs12: error reading P12 data: asn1: ' + (e as Error).message)
  }
  if (smallIntOf(pfx[0], 'PFX version') !== 3) throw notImplemented("can only decode v3 PFX PDU's")
  const authSafe = expectSeq(pfx[1], 'PFX', 1)
  if (oidOf(authSafe[0], 'PFX') !== OID.data) throw notImplemented('only password-protected PFX is implemented')
  const content = explicitContent(authSafe[1], 'PFX')
  let pw: Buffer = password
  const emptyPassword = pw.length === 2 && pw[0] === 0 && pw[1] === 0
  const macData = pfx[2]
  if (!macData) {
    if (!emptyPassword) throw new Pkcs12Error('pkcs12: no MAC in data')
  } else {
    const [digestInfo, saltDer, iterDer] = expectSeq(macData, 'MAC data', 2)
    const [algId, digest] = expectSeq(digestInfo, 'MAC data', 2)
    const macSalt = expectPrimitive(saltDer, TAG.OCTET_STRING, 'MAC data')
    const iterations = iterDer ? smallIntOf(iterDer, 'MAC data') : 1
    const expected = expectPrimitive(digest, TAG.OCTET_STRING, 'MAC data')
    if (!macMatches(expected, computeMac(algId, macSalt, iterations, content, pw))) {
      // Some implementations use an empty byte string, not a terminated BMP one, for "".
      if (!emptyPassword) throw new Pkcs12Error(INCORRECT_PASSWORD)
      pw = Buffer.alloc(0)
      if (!macMatches(expected, computeMac(algId, macSalt, iterations, content, pw))) throw new Pkcs12Error(INCORRECT_PASSWORD)
    }
  }
  const infos = expectSeq(parseDer(content, 'authenticated safe'), 'authenticated safe')
  if (infos.length < 1 || infos.length > 2) throw notImplemented(`expected between 1 and 2 items in the authenticated safe, but this file has ${infos.length}`)
  const bags: SafeBag[] = []
  for (const ci of infos) {
    const [typeDer, contentDer] = expectSeq(ci, 'content info', 1)
    const type = oidOf(typeDer, 'content info')
    let data: Buffer
    if (type === OID.data) data = explicitContent(contentDer, 'content info')
    else if (type === OID.encryptedData) {
      const [version, eci] = expectSeq(contentDer?.children[0], 'encrypted data', 2)
      if (smallIntOf(version, 'encrypted data') !== 0) throw notImplemented('only version 0 of EncryptedData is supported')
      const [, algId, encrypted] = expectSeq(eci, 'encrypted content info', 2)
      const bytes = encrypted && encrypted.cls === CONTEXT && encrypted.tag === 0 && !encrypted.constructed ? encrypted.bytes : Buffer.alloc(0)
      data = pbDecrypt(algId, bytes, pw)
    } else throw notImplemented('only data and encryptedData content types are supported in authenticated safe')
    for (const bag of expectSeq(parseDer(data, 'safe contents'), 'safe contents')) {
      const [idDer, valueDer] = expectSeq(bag, 'safe bag', 2)
      if (valueDer.cls !== CONTEXT || valueDer.tag !== 0 || valueDer.children.length !== 1) throw new Pkcs12Error('pkcs12: malformed safe bag')
      bags.push({ id: oidOf(idDer, 'safe bag'), value: valueDer.children[0] })
    }
  }
  return { bags, password: pw }
}

/** The OCTET STRING inside a `[0] EXPLICIT` content. */
function explicitContent(d: Der | undefined, what: string): Buffer {
  if (!d || d.cls !== CONTEXT || d.tag !== 0 || d.children.length !== 1) throw new Pkcs12Error(`pkcs12: malformed ${what}`)
  return expectPrimitive(d.children[0], TAG.OCTET_STRING, what)
}

export interface DecodedChain {
  key: KeyObject
  certificate: Buffer
  caCerts: Buffer[]
}

/** pkcs12.DecodeChain: the first certificate is the leaf, later ones the CA chain; exactly one key. */
export function decodeChain(pfxData: Uint8Array, password: Uint8Array): DecodedChain {
  try {
    const { bags, password: pw } = getSafeContents(Buffer.from(pfxData), bmpZeroTerminated(password))
    let key: KeyObject | undefined
    let certificate: Buffer | undefined
    const caCerts: Buffer[] = []
    for (const bag of bags) {
      if (bag.id === OID.certBag) {
        const [typeDer, dataDer] = expectSeq(bag.value, 'cert bag', 2)
        if (oidOf(typeDer, 'cert bag') !== OID.x509Certificate) throw notImplemented('only X509 certificates are supported in cert bags')
        const der = explicitContent(dataDer, 'cert bag')
        parseCertificate(der)
        if (certificate === undefined) certificate = der
        else caCerts.push(der)
      } else if (bag.id === OID.keyBag || bag.id === OID.shroudedKeyBag) {
        if (key) throw new Pkcs12Error('pkcs12: expected exactly one key bag')
        key = bag.id === OID.keyBag ? parsePKCS8PrivateKey(derOf(bag.value)) : decodeShroudedKeyBag(bag.value, pw)
      }
    }
    if (!certificate) throw new Pkcs12Error('pkcs12: certificate missing')
    if (!key) throw new Pkcs12Error('pkcs12: private key missing')
    return { key, certificate, caCerts }
  } catch (e) {
    if (e instanceof Asn1Error) throw new Pkcs12Error('pkcs12: asn1: ' + e.message)
    if (e instanceof X509Error || e instanceof KeyParseError) throw new Pkcs12Error(e.message)
    throw e
  }
}

function decodeShroudedKeyBag(value: Der, password: Buffer): KeyObject {
  const [algId, encrypted] = expectSeq(value, 'PKCS#8 shrouded key bag', 2)
  let pkData: Buffer
  try {
    pkData = pbDecrypt(algId, expectPrimitive(encrypted, TAG.OCTET_STRING, 'PKCS#8 shrouded key bag'), password)
  } catch (e) {
    throw new Pkcs12Error('pkcs12: error decrypting PKCS#8 shrouded key bag: ' + (e as Error).message)
  }
  try {
    parseDer(pkData, 'decrypted private key')
  } catch {
    throw new Pkcs12Error('pkcs12: error unmarshaling decrypted private key: asn1: syntax error')
  }
  try {
    return parsePKCS8PrivateKey(pkData)
  } catch (e) {
    throw new Pkcs12Error('pkcs12: error parsing PKCS#8 private key: ' + (e as Error).message)
  }
}

// ---- encoding (Encoder.Encode, Encoder.EncodeTrustStore with the Modern parameters) ----

export type RandomSource = (n: number) => Buffer

const MODERN = { iterations: 2048, saltLen: 16 }

const attribute = (id: string, value: Buffer) => seq(oid(id), set(value))

/** Go's asn1 Marshal of a SET OF: elements sorted by their encodings. */
function sortedSet(items: Buffer[]): Buffer {
  return set(...[...items].sort(Buffer.compare))
}

function safeBag(id: string, value: Buffer, attributes: Buffer[] | undefined): Buffer {
  return seq(oid(id), explicit(0, value), ...(attributes === undefined ? [] : [sortedSet(attributes)]))
}

const certBag = (der: Buffer, attributes: Buffer[] | undefined) => safeBag(OID.certBag, seq(oid(OID.x509Certificate), explicit(0, octets(der))), attributes)

/** makePBES2Parameters: PBKDF2-HMAC-SHA-256 over the salt, AES-256-CBC with a random IV. */
function pbes2AlgId(salt: Buffer, iv: Buffer): Buffer {
  return seq(oid(OID.pbes2), seq(seq(oid(OID.pbkdf2), seq(octets(salt), int(MODERN.iterations), seq(oid(OID.hmacSHA256)))), seq(oid(OID.aes256), octets(iv))))
}

function pbes2Encrypt(data: Buffer, password: Buffer, rand: RandomSource): { algId: Buffer; encrypted: Buffer } {
  const salt = rand(MODERN.saltLen)
  const iv = rand(16)
  const key = pbkdf2(bmpToUtf8(password), salt, MODERN.iterations, 32, 'sha256')
  const psLen = 16 - (data.length % 16)
  const padded = Buffer.concat([data, Buffer.alloc(psLen, psLen)])
  return { algId: pbes2AlgId(salt, iv), encrypted: cbc({ algorithm: 'aes-256-cbc', key, iv, blockSize: 16 }, padded, true) }
}

/** makeSafeContents: the bags as a data ContentInfo, or PBES2-encrypted as an encryptedData one. */
function safeContents(bags: Buffer[], password: Buffer | undefined, rand: RandomSource): Buffer {
  const data = seq(...bags)
  if (!password) return seq(oid(OID.data), explicit(0, octets(data)))
  const { algId, encrypted } = pbes2Encrypt(data, password, rand)
  const encryptedData = seq(int(0), seq(oid(OID.data), algId, tlv(CONTEXT, false, 0, encrypted)))
  return seq(oid(OID.encryptedData), explicit(0, encryptedData))
}

function pfx(authenticatedSafe: Buffer, password: Buffer, rand: RandomSource): Buffer {
  const macSalt = rand(MODERN.saltLen)
  const macKey = pkcs12Kdf('sha256', macSalt, password, MODERN.iterations, 3, 32)
  const digest = createHmac('sha256', macKey).update(authenticatedSafe).digest()
  const macData = seq(seq(seq(oid(OID.sha256)), octets(digest)), octets(macSalt), int(MODERN.iterations))
  return seq(int(3), seq(oid(OID.data), explicit(0, octets(authenticatedSafe))), macData)
}

/** Modern.Encode: encrypted certificate bags (leaf with localKeyId, then CAs), then the shrouded key. */
export function encodePfx(key: KeyObject, certificate: Buffer, caCerts: Buffer[], password: Uint8Array, rand: RandomSource = randomBytes): Buffer {
  const pw = bmpZeroTerminated(password)
  const localKeyId = attribute(OID.localKeyId, octets(createHash('sha1').update(certificate).digest()))
  const certBags = [certBag(certificate, [localKeyId]), ...caCerts.map((der) => certBag(der, []))]
  const keyInfo = pbes2Encrypt(marshalPKCS8PrivateKey(key), pw, rand)
  const keyBag = safeBag(OID.shroudedKeyBag, seq(keyInfo.algId, octets(keyInfo.encrypted)), [localKeyId])
  const authenticatedSafe = seq(safeContents(certBags, pw, rand), safeContents([keyBag], undefined, rand))
  return pfx(authenticatedSafe, pw, rand)
}

/** Modern.EncodeTrustStore: each certificate marked as a Java trust anchor, its Subject as alias. */
export function encodeTrustStore(certs: Buffer[], password: Uint8Array, rand: RandomSource = randomBytes): Buffer {
  const pw = bmpZeroTerminated(password)
  const trusted = attribute(OID.javaTrustStore, oid(OID.anyExtendedKeyUsage))
  const bags = certs.map((der) => {
    const name = subjectString(parseCertificate(der).subject)
    const friendlyName = attribute(OID.friendlyName, tlv(UNIVERSAL, false, TAG.BMP, bmpString(Buffer.from(name, 'utf8'))))
    return certBag(der, [trusted, friendlyName])
  })
  return pfx(seq(safeContents(bags, pw, rand)), pw, rand)
}

// ---- ESO's functions ----

const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference'

function pemBlockOrPanic(input: Buffer): { bytes: Buffer; rest: Buffer } {
  const [block, rest] = pemDecode(input)
  // ESO dereferences pem.Decode's block unchecked: Go panics and text/template reports the panic.
  if (!block) throw new FuncError(NIL_DEREFERENCE)
  return { bytes: block.bytes, rest }
}

function certificateDer(der: Buffer): Buffer {
  try {
    parseCertificate(der)
    return der
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(e.message)
    throw e
  }
}

/** ESO's parseCaCerts: every PEM block to the end of the input must be a certificate. */
function parseCaCerts(input: Buffer): Buffer[] {
  const certs: Buffer[] = []
  for (let rest = input; rest.length > 0; ) {
    const block = pemBlockOrPanic(rest)
    rest = block.rest
    certs.push(certificateDer(block.bytes))
  }
  return certs
}

function wrapped<T>(fn: () => T, prefix = ''): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof Pkcs12Error || e instanceof X509Error || e instanceof KeyParseError || e instanceof Asn1Error) throw new FuncError(prefix + e.message)
    throw e
  }
}

export function pkcs12keyPass(pass: GoString, input: GoString): GoString {
  const { key } = wrapped(() => decodeChain(bytesOf(input), bytesOf(pass)), 'unable to decode pkcs12 with password: ')
  return fromBytes(pemEncode({ type: 'PRIVATE KEY', bytes: marshalPKCS8PrivateKey(key) }))
}

export function pkcs12certPass(pass: GoString, input: GoString): GoString {
  const { certificate, caCerts } = wrapped(() => decodeChain(bytesOf(input), bytesOf(pass)), 'unable to decode pkcs12 certificate with password: ')
  const pemData = Buffer.concat([certificate, ...caCerts].map((der) => pemEncode({ type: 'CERTIFICATE', bytes: der })))
  // ESO orders the chain when it can, and returns the certificates as stored when it cannot.
  try {
    return fromBytes(Buffer.concat(orderCertChain(pemData).map((c) => pemEncode({ type: 'CERTIFICATE', bytes: c.raw }))))
  } catch (e) {
    if (e instanceof FuncError) return fromBytes(pemData)
    throw e
  }
}

function certsKeyToPkcs12(cert: Buffer, key: GoString, caCerts: Buffer[], pass: GoString): GoString {
  const keyBlock = pemBlockOrPanic(Buffer.from(bytesOf(key)))
  const parsedKey = wrapped(() => parsePrivateKey(keyBlock.bytes))
  return wrapped(() => encodePfx(parsedKey, cert, caCerts, bytesOf(pass)).toString('base64'))
}

export function pemToPkcs12Pass(cert: GoString, key: GoString, pass: GoString): GoString {
  const certBlock = pemBlockOrPanic(Buffer.from(bytesOf(cert)))
  return certsKeyToPkcs12(certificateDer(certBlock.bytes), key, [], pass)
}

export function fullPemToPkcs12Pass(cert: GoString, key: GoString, pass: GoString): GoString {
  const certBlock = pemBlockOrPanic(Buffer.from(bytesOf(cert)))
  const leaf = certificateDer(certBlock.bytes)
  return certsKeyToPkcs12(leaf, key, parseCaCerts(certBlock.rest), pass)
}

export function pemTruststoreToPKCS12Pass(cert: GoString, pass: GoString): GoString {
  const certs = parseCaCerts(Buffer.from(bytesOf(cert)))
  return wrapped(() => encodeTrustStore(certs, bytesOf(pass)).toString('base64'))
}

const S = 'string' as const
const str = (v: unknown) => v as GoString

export const PKCS12_FUNCS: FuncDef[] = [
  { name: 'pkcs12key', params: [S], fn: (_c, input) => pkcs12keyPass('', str(input)) },
  { name: 'pkcs12keyPass', params: [S, S], fn: (_c, pass, input) => pkcs12keyPass(str(pass), str(input)) },
  { name: 'pkcs12cert', params: [S], fn: (_c, input) => pkcs12certPass('', str(input)) },
  { name: 'pkcs12certPass', params: [S, S], fn: (_c, pass, input) => pkcs12certPass(str(pass), str(input)) },
  { name: 'pemToPkcs12', nondeterministic: true, params: [S, S], fn: (_c, cert, key) => pemToPkcs12Pass(str(cert), str(key), '') },
  { name: 'pemToPkcs12Pass', nondeterministic: true, params: [S, S, S], fn: (_c, cert, key, pass) => pemToPkcs12Pass(str(cert), str(key), str(pass)) },
  { name: 'fullPemToPkcs12', nondeterministic: true, params: [S, S], fn: (_c, cert, key) => fullPemToPkcs12Pass(str(cert), str(key), '') },
  { name: 'fullPemToPkcs12Pass', nondeterministic: true, params: [S, S, S], fn: (_c, cert, key, pass) => fullPemToPkcs12Pass(str(cert), str(key), str(pass)) },
  { name: 'pemTruststoreToPKCS12', nondeterministic: true, params: [S], fn: (_c, cert) => pemTruststoreToPKCS12Pass(str(cert), '') },
  { name: 'pemTruststoreToPKCS12Pass', nondeterministic: true, params: [S, S], fn: (_c, cert, pass) => pemTruststoreToPKCS12Pass(str(cert), str(pass)) },
]
