// Sprig's crypto functions (crypto.go at the revision ESO vendors, 8cb06fe): sha512sum, bcrypt,
// htpasswd, derivePassword (the Master Password algorithm), encryptAES/decryptAES, and the key and
// certificate functions (certs.ts); plus Sprig's random functions (random.ts), so that one list
// wires them all. Salts, IVs and serial numbers come from the render's random source
// (ExecContext.random, which must be cryptographically strong in production: see cryptoRandom in
// random.ts); generated key pairs come from the OS's CSPRNG (node:crypto cannot take a source).
// The slow ones carry a price in steps (PRICE below, ../../budget.ts): a template may call a
// handful of them, not fifty.

import { createCipheriv, createDecipheriv, createHash, createHmac, scryptSync } from 'node:crypto'
import { loadBcrypt } from '../../lazy.ts'
import { bytesOf, fromBytes, type GoString, type GoValue } from '../../value.ts'
import { BYTEWISE, FuncError, type ExecContext, type FuncDef } from '../registry.ts'
import { text } from './conversions.ts'
import { CorruptInputError, decodeBase64Go } from '../../../go/base64.ts'
import { RANDOM, randomBytes } from './random.ts'
import { buildCustomCertificate, generateCA, generatePrivateKey, generateSelfSigned, generateSigned } from './certs.ts'

const concat = (...parts: (GoString | Uint8Array)[]) => fromBytes(Buffer.concat(parts.map((p) => (p instanceof Uint8Array ? p : bytesOf(p)))))

/**
 * Sprig's bcrypt: x/crypto's GenerateFromPassword at DefaultCost (10), "$2a$" hashes. Its error
 * (a password over 72 bytes, as x/crypto has refused since 2023) comes back as the result text.
 */
export function bcrypt(random: () => number, input: GoString): GoString {
  const password = bytesOf(input)
  if (password.length > 72) return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes'
  // bcryptjs hashes a JS string's UTF-8: bytes that are not UTF-8 cannot be handed to it.
  if (typeof input !== 'string') throw new FuncError('bcrypt: this engine cannot hash a password that is not valid UTF-8')
  const b = loadBcrypt()
  // The salt: 16 bytes from the render's random source, in bcrypt's base64.
  return b.hashSync(input, `$2a$10$${b.encodeBase64(randomBytes(random, 16), 16)}`)
}

/** Sprig's htpasswd (user, password, HashAlgorithm): "sha" gives {SHA}base64(sha1), anything else bcrypt. */
export function htpasswd(random: () => number, user: GoString, password: GoString, algorithm: GoString): GoString {
  // Sprig's own output, not an error: the username is echoed as Go echoes it.
  if (bytesOf(user).includes(0x3a)) return concat('invalid username: ', user)
  if (text(algorithm) === 'sha' && typeof algorithm === 'string') return concat(user, ':{SHA}', createHash('sha1').update(bytesOf(password)).digest('base64'))
  return concat(user, ':', bcrypt(random, password))
}

const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword'

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
}

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
}

const uint32be = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}

/**
 * Sprig's derivePassword (Master Password): scrypt(password, seed‖len(user)‖user, N=32768, r=8,
 * p=2, 64 bytes) keys an HMAC-SHA256 of seed‖len(site)‖site‖counter; its bytes pick the template
 * and each character. An unknown type is Sprig's message as the result, not an error.
 */
export function derivePassword(counter: number, passwordType: GoString, password: GoString, user: GoString, site: GoString): GoString {
  const templates = Object.hasOwn(PASSWORD_TEMPLATES, text(passwordType)) && typeof passwordType === 'string' ? PASSWORD_TEMPLATES[passwordType] : undefined
  if (!templates) return concat('cannot find password template ', passwordType)
  const seed = Buffer.from(MASTER_PASSWORD_SEED)
  const userBytes = bytesOf(user)
  const siteBytes = bytesOf(site)
  const salt = Buffer.concat([seed, uint32be(userBytes.length), userBytes])
  // 128·N·r = 32 MiB of scrypt memory: node's default cap is exactly that, so it is raised.
  const key = scryptSync(bytesOf(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 })
  const mac = createHmac('sha256', key)
    .update(Buffer.concat([seed, uint32be(siteBytes.length), siteBytes, uint32be(counter)]))
    .digest()
  const template = templates[mac[0] % templates.length]
  let out = ''
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]]
    out += chars[mac[i + 1] % chars.length]
  }
  return out
}

/** The AES-256 key Sprig makes of a password: its bytes, zero-padded or cut to 32. */
function aesKey(password: GoString): Buffer {
  const key = Buffer.alloc(32)
  Buffer.from(bytesOf(password)).copy(key, 0, 0, 32)
  return key
}

/** Sprig's encryptAES: AES-256-CBC, PKCS#7 padding, a random IV in front, base64 (StdEncoding). */
export function encryptAES(random: () => number, password: GoString, plaintext: GoString): string {
  const content = bytesOf(plaintext)
  if (content.length === 0) return ''
  const padding = 16 - (content.length % 16)
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)])
  const iv = randomBytes(random, 16)
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv).setAutoPadding(false)
  return Buffer.concat([iv, cipher.update(padded), cipher.final()]).toString('base64')
}

/**
 * Sprig's decryptAES: the IV is the first block; the padding is cut by the last byte's value
 * without checking it (a wrong password gives garbage, or Go's slice panic). Go's runtime panics
 * (too short, not whole blocks) come back as its messages.
 */
export function decryptAES(password: GoString, crypt64: GoString): GoString {
  const encoded = bytesOf(crypt64)
  if (encoded.length === 0) return ''
  let crypt: Buffer
  try {
    crypt = Buffer.from(decodeBase64Go(encoded, 'std'))
  } catch (e) {
    if (e instanceof CorruptInputError) throw new FuncError(e.message)
    throw e
  }
  // base64's DecodeString allocates DecodedLen(len(s)) bytes: the capacity Go's panic names.
  if (crypt.length < 16) throw new FuncError(`runtime error: slice bounds out of range [:16] with capacity ${Math.floor(encoded.length / 4) * 3}`)
  const body = crypt.subarray(16)
  if (body.length % 16 !== 0) throw new FuncError('crypto/cipher: input not full blocks')
  if (body.length === 0) throw new FuncError('runtime error: index out of range [-1]')
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16)).setAutoPadding(false)
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()])
  const end = decrypted.length - decrypted[decrypted.length - 1]
  if (end < 0) throw new FuncError(`runtime error: slice bounds out of range [:${end}]`)
  return fromBytes(decrypted.subarray(0, end))
}

/** derivePassword's uint32 counter: a template integer converts with Go's truncation (reflect SetUint). */
function uint32Counter(n: bigint): number {
  if (n < 0n) throw new FuncError('expected unsigned integer')
  return Number(BigInt.asUintN(32, n))
}

const S = 'string' as const
const I = 'int' as const
const A = 'any' as const
const str = (v: GoValue) => v as GoString
const int = (v: GoValue) => v as bigint
const certCtx = (c: ExecContext) => ({ random: c.random, now: c.now })

/**
 * Steps the slow functions cost (the budget holds 1,000,000 by default, about half a second of
 * the executor's own work), from their time measured here: a 4096-bit RSA key (genPrivateKey) 0.1
 * to 1.9 s, a DSA key 0.6 s, derivePassword's scrypt 0.2 s, bcrypt 0.12 s, the certificate
 * functions' 2048-bit RSA key 0.04 to 0.4 s, signing with a given key or making an EC key a few ms.
 * So one template may make 3 RSA or DSA keys, 4 derived passwords, 9 bcrypt hashes or 9
 * certificates with new keys, and the next call fails before it runs.
 */
const PRICE = { rsa4096: 250_000, scrypt: 200_000, bcrypt: 100_000, rsa2048: 100_000, sign: 5_000, ecKey: 1_000 }

export const CRYPTO: FuncDef[] = [
  {
    name: 'sha512sum',
    params: [S],
    fn: (_c, s) =>
      createHash('sha512')
        .update(bytesOf(str(s)))
        .digest('hex'),
  },
  { name: 'bcrypt', params: [S], cost: PRICE.bcrypt, fn: (c, s) => bcrypt(c.random, str(s)) },
  {
    name: 'htpasswd',
    params: [S, S, S],
    cost: ([, , h]) => (text(str(h)) === 'sha' ? 0 : PRICE.bcrypt),
    fn: (c, u, p, h) => htpasswd(c.random, str(u), str(p), str(h)),
  },
  {
    name: 'derivePassword',
    params: [I, S, S, S, S],
    cost: PRICE.scrypt,
    fn: (_c, n, t, p, u, s) => derivePassword(uint32Counter(int(n)), str(t), str(p), str(u), str(s)),
  },
  { name: 'encryptAES', params: [S, S], cost: BYTEWISE.medium, fn: (c, p, s) => encryptAES(c.random, str(p), str(s)) },
  { name: 'decryptAES', params: [S, S], cost: BYTEWISE.medium, fn: (_c, p, s) => decryptAES(str(p), str(s)) },
  // Key generation draws on the OS's CSPRNG, not the render's random source.
  {
    name: 'genPrivateKey',
    params: [S],
    nondeterministic: true,
    cost: ([t]) => (['', 'rsa', 'dsa'].includes(text(str(t))) ? PRICE.rsa4096 : PRICE.ecKey),
    fn: (_c, t) => generatePrivateKey(text(str(t))),
  },
  { name: 'buildCustomCert', params: [S, S], cost: PRICE.sign, fn: (_c, cert, key) => buildCustomCertificate(str(cert), str(key)) },
  { name: 'genCA', params: [S, I], nondeterministic: true, cost: PRICE.rsa2048, fn: (c, cn, d) => generateCA(certCtx(c), str(cn), int(d)) },
  { name: 'genCAWithKey', params: [S, I, S], cost: PRICE.sign, fn: (c, cn, d, k) => generateCA(certCtx(c), str(cn), int(d), str(k)) },
  {
    name: 'genSelfSignedCert',
    params: [S, A, A, I],
    nondeterministic: true,
    cost: PRICE.rsa2048,
    fn: (c, cn, ips, dns, d) => generateSelfSigned(certCtx(c), str(cn), ips, dns, int(d)),
  },
  { name: 'genSelfSignedCertWithKey', params: [S, A, A, I, S], cost: PRICE.sign, fn: (c, cn, ips, dns, d, k) => generateSelfSigned(certCtx(c), str(cn), ips, dns, int(d), str(k)) },
  {
    name: 'genSignedCert',
    params: [S, A, A, I, A],
    nondeterministic: true,
    cost: PRICE.rsa2048,
    fn: (c, cn, ips, dns, d, ca) => generateSigned(certCtx(c), str(cn), ips, dns, int(d), ca),
  },
  { name: 'genSignedCertWithKey', params: [S, A, A, I, A, S], cost: PRICE.sign, fn: (c, cn, ips, dns, d, ca, k) => generateSigned(certCtx(c), str(cn), ips, dns, int(d), ca, str(k)) },
  ...RANDOM,
]
