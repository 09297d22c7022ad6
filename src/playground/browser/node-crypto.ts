// node:crypto for the playground's page (esbuild aliases `node:crypto` here): the hashes, HMAC,
// PBKDF2 and scrypt through @noble/hashes, the OS randomness through WebCrypto's getRandomValues,
// CBC ciphers without padding through node-forge (all pure JS, and synchronous as the template
// functions are). What needs Node's key objects (parsing, generating and signing with private
// keys, X.509 through OpenSSL, ECDH) is not here: calling it records that a function needed Node,
// and the page reports that template function as "not available in the playground" (page.ts);
// a function's own try/catch cannot turn it into a misleading Go error.
// test/playground/browser/node-crypto.test.ts compares it with Node's.

import { hmac } from '@noble/hashes/hmac.js'
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { scrypt } from '@noble/hashes/scrypt.js'
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js'
import { sha3_224, sha3_256, sha3_384, sha3_512 } from '@noble/hashes/sha3.js'
import 'node-forge/lib/aes.js'
import 'node-forge/lib/des.js'
import forge from 'node-forge/lib/forge.js'
import { Buffer } from './buffer.ts'

type Bytes = Uint8Array
type Input = string | Bytes

const HASHES = { md5, sha1, sha224, sha256, sha384, sha512, 'sha3-224': sha3_224, 'sha3-256': sha3_256, 'sha3-384': sha3_384, 'sha3-512': sha3_512 }
type HashName = keyof typeof HASHES

let nodeOnly: string | undefined

/** The node:crypto function a call needed since the last take, if any (and forgets it). */
export function takeNodeOnlyCall(): string | undefined {
  const n = nodeOnly
  nodeOnly = undefined
  return n
}

/** Thrown by what only Node's crypto can do; the page turns it into "not available in the playground". */
export class NodeOnlyError extends Error {
  override name = 'NodeOnlyError'
}

function needsNode(what: string): never {
  nodeOnly ??= what
  throw new NodeOnlyError(`${what} needs Node's crypto`)
}

function hashOf(name: string): (typeof HASHES)[HashName] {
  const h = HASHES[name.toLowerCase() as HashName]
  if (!h) needsNode(`createHash(${JSON.stringify(name)})`)
  return h
}

function bytes(input: Input, encoding?: string): Bytes {
  return typeof input === 'string' ? Buffer.from(input, encoding ?? 'utf8') : input
}

function output(digest: Bytes, encoding?: string): Buffer | string {
  const b = Buffer.from(digest)
  return encoding ? b.toString(encoding) : b
}

interface Hasher {
  update(data: Bytes): Hasher
  digest(): Bytes
}

class Hash {
  private readonly h: Hasher
  constructor(h: Hasher) {
    this.h = h
  }
  update(data: Input, encoding?: string): this {
    this.h.update(bytes(data, encoding))
    return this
  }
  digest(): Buffer
  digest(encoding: string): string
  digest(encoding?: string): Buffer | string {
    return output(this.h.digest(), encoding)
  }
}

export function createHash(algorithm: string): Hash {
  return new Hash(hashOf(algorithm).create() as unknown as Hasher)
}

export function createHmac(algorithm: string, key: Input): Hash {
  return new Hash(hmac.create(hashOf(algorithm), bytes(key)) as unknown as Hasher)
}

export function pbkdf2Sync(password: Input, salt: Input, iterations: number, keyLength: number, digest: string): Buffer {
  return Buffer.from(pbkdf2(hashOf(digest), bytes(password), bytes(salt), { c: iterations, dkLen: keyLength }))
}

export function scryptSync(password: Input, salt: Input, keyLength: number, options: { N?: number; r?: number; p?: number; maxmem?: number } = {}): Buffer {
  return Buffer.from(scrypt(bytes(password), bytes(salt), { N: options.N ?? 16384, r: options.r ?? 8, p: options.p ?? 1, dkLen: keyLength, maxmem: options.maxmem ?? 64 * 1024 * 1024 }))
}

export function randomBytes(n: number): Buffer {
  const out = Buffer.alloc(n)
  // getRandomValues fills at most 65,536 bytes a call.
  for (let i = 0; i < n; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)))
  return out
}

export function timingSafeEqual(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length')
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}

// ---- CBC ciphers, without padding (the template functions pad and check padding themselves) ----

const FORGE_CBC: Record<string, string> = { 'aes-128-cbc': 'AES-CBC', 'aes-192-cbc': 'AES-CBC', 'aes-256-cbc': 'AES-CBC', 'des-ede3-cbc': '3DES-CBC', 'des-cbc': 'DES-CBC' }

interface ForgeCipher {
  start(options: { iv: string }): void
  update(buffer: unknown): void
  finish(pad?: () => boolean): boolean
  output: { getBytes(): string }
}
interface ForgeCiphers {
  cipher: { createCipher(algorithm: string, key: string): ForgeCipher; createDecipher(algorithm: string, key: string): ForgeCipher }
  util: { createBuffer(bytes: string): unknown }
}

class Cbc {
  private readonly cipher: ForgeCipher
  private padding = true
  private readonly name: string
  constructor(algorithm: string, key: Bytes, iv: Bytes, encrypt: boolean) {
    this.name = algorithm.toLowerCase()
    const forgeName = FORGE_CBC[this.name]
    if (!forgeName) needsNode(`${encrypt ? 'createCipheriv' : 'createDecipheriv'}(${JSON.stringify(algorithm)})`)
    const f = forge as unknown as ForgeCiphers
    const keyText = Buffer.from(key).toString('latin1')
    this.cipher = encrypt ? f.cipher.createCipher(forgeName, keyText) : f.cipher.createDecipher(forgeName, keyText)
    this.cipher.start({ iv: Buffer.from(iv).toString('latin1') })
  }
  setAutoPadding(on = true): this {
    this.padding = on
    return this
  }
  update(data: Bytes): Buffer {
    if (this.padding) needsNode(`${this.name} with padding`)
    this.cipher.update((forge as unknown as ForgeCiphers).util.createBuffer(Buffer.from(data).toString('latin1')))
    return Buffer.from(this.cipher.output.getBytes(), 'latin1')
  }
  final(): Buffer {
    // forge's finish(pad) with a padding function that adds and checks nothing.
    this.cipher.finish(() => true)
    return Buffer.from(this.cipher.output.getBytes(), 'latin1')
  }
}

export function createCipheriv(algorithm: string, key: Bytes, iv: Bytes): Cbc {
  return new Cbc(algorithm, key, iv, true)
}

export function createDecipheriv(algorithm: string, key: Bytes, iv: Bytes): Cbc {
  return new Cbc(algorithm, key, iv, false)
}

// ---- what only Node's crypto (OpenSSL) does here ----

export function createPrivateKey(): never {
  return needsNode('createPrivateKey')
}
export function createPublicKey(): never {
  return needsNode('createPublicKey')
}
export function generateKeyPairSync(): never {
  return needsNode('generateKeyPairSync')
}
export function sign(): never {
  return needsNode('sign')
}
export function privateDecrypt(): never {
  return needsNode('privateDecrypt')
}
export function createECDH(): never {
  return needsNode('createECDH')
}
export class X509Certificate {
  constructor() {
    needsNode('X509Certificate')
  }
}
export class KeyObject {
  constructor() {
    needsNode('KeyObject')
  }
}
export const constants = { RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PADDING: 1 }
