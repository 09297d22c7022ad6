// Sprig's random functions (randAlphaNum, randAlpha, randAscii, randNumeric, randBytes, randInt,
// shuffle, uuidv4), drawing every value from the render's random source (ExecContext.random) so a
// test can fix them. Go draws from crypto/rand (goutils' CryptoRandom*, randBytes, google/uuid)
// or math/rand (randInt, xstrings.Shuffle); here the source is whatever the engine was given, and
// the engine's production default must be cryptographically strong: `cryptoRandom` below is that
// source. Also the byte/integer helpers crypto.ts uses for salts, IVs and serial numbers. A
// count asked for is charged to the budget (../../budget.ts) before anything is drawn: a character
// costs about half a microsecond to draw, a byte a tenth of one.

import { randomBytes as osRandomBytes } from 'node:crypto'
import { spendBytes, spendSteps } from '../../budget.ts'
import { bytesOf, type GoString } from '../../value.ts'
import { BYTEWISE, FuncError, type FuncDef } from '../registry.ts'

export type RandomSource = () => number

// cryptoRandom reads the OS CSPRNG in blocks: one randomBytes call per 512 numbers.
let pool = Buffer.alloc(0)
let poolAt = 0

/** A uniform float64 in [0, 1) with 53 random bits from the OS's CSPRNG (node:crypto). */
export function cryptoRandom(): number {
  if (poolAt + 8 > pool.length) {
    pool = osRandomBytes(4096)
    poolAt = 0
  }
  const hi = pool.readUInt32BE(poolAt) >>> 5 // 27 bits
  const lo = pool.readUInt32BE(poolAt + 4) >>> 6 // 26 bits
  poolAt += 8
  return (hi * 2 ** 26 + lo) / 2 ** 53
}

/** A uniform integer in [0, n) for 0 < n ≤ 2^32 (a source returning 1 is clamped, not trusted). */
export function randomBelow(random: RandomSource, n: number): number {
  return Math.min(Math.floor(random() * n), n - 1)
}

/** A uniform bigint in [0, n) for n > 0: 32-bit draws, 64 bits more than n needs, then reduced. */
export function randomBigBelow(random: RandomSource, n: bigint): bigint {
  if (n <= 2n ** 32n) return BigInt(randomBelow(random, Number(n)))
  const words = Math.ceil(n.toString(2).length / 32) + 2
  let x = 0n
  for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(randomBelow(random, 2 ** 32))
  return x % n
}

/** n random bytes from the source (salts, IVs, serial numbers, randBytes, uuidv4). */
export function randomBytes(random: RandomSource, n: number): Buffer {
  const out = Buffer.alloc(n)
  for (let i = 0; i < n; i++) out[i] = randomBelow(random, 256)
  return out
}

/**
 * The most characters or bytes one call makes. Go would try any count (and run out of memory or
 * time); the render's output cap is far below this anyway, so a bigger count fails early here.
 */
export const MAX_RANDOM_COUNT = 64 * 1024 * 1024

function checkCount(fn: string, count: bigint): number {
  if (count > BigInt(MAX_RANDOM_COUNT)) throw new FuncError(`${fn}: count ${count} is larger than this engine generates (${MAX_RANDOM_COUNT})`)
  return Number(count)
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i)).join('')
const DIGITS = range(0x30, 0x39)
const LETTERS = range(0x41, 0x5a) + range(0x61, 0x7a)

/**
 * goutils CryptoRandom with start=' ', end='z'+1 keeps the letters and digits among those (the
 * ASCII letters and digits: unicode.IsLetter/IsDigit); CryptoRandomAscii takes every character
 * from ' ' to '~'. Rejection sampling there makes each kept character equally likely, as here.
 */
export const ALPHABETS = {
  randAlphaNum: DIGITS + LETTERS,
  randAlpha: LETTERS,
  randNumeric: DIGITS,
  randAscii: range(0x20, 0x7e),
} as const

/** Sprig's randAlphaNum & co.: count characters of the alphabet; a count ≤ 0 gives "" (Sprig drops goutils' error). */
export function randomString(random: RandomSource, fn: keyof typeof ALPHABETS, count: bigint): string {
  if (count <= 0n) return ''
  const n = checkCount(fn, count)
  spendSteps(Math.floor(n / 2))
  spendBytes(n)
  const alphabet = ALPHABETS[fn]
  let out = ''
  for (let i = 0; i < n; i++) out += alphabet[randomBelow(random, alphabet.length)]
  return out
}

/** Sprig's randInt: math/rand Intn(max-min) + min in Go's int64 arithmetic; Intn panics on n ≤ 0. */
export function randInt(random: RandomSource, min: bigint, max: bigint): bigint {
  const n = BigInt.asIntN(64, max - min)
  if (n <= 0n) throw new FuncError('invalid argument to Intn')
  return BigInt.asIntN(64, randomBigBelow(random, n) + min)
}

/** Go's []rune(s): each byte that does not start a valid UTF-8 sequence becomes one U+FFFD. */
export function goRunes(b: Uint8Array): number[] {
  const runes: number[] = []
  let i = 0
  while (i < b.length) {
    const c = b[i]
    const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi
    if (c < 0x80) {
      runes.push(c)
      i += 1
    } else if (c >= 0xc2 && c <= 0xdf && cont(1)) {
      runes.push(((c & 0x1f) << 6) | (b[i + 1] & 0x3f))
      i += 2
    } else if (c >= 0xe0 && c <= 0xef && cont(1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(2)) {
      runes.push(((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f))
      i += 3
    } else if (c >= 0xf0 && c <= 0xf4 && cont(1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3)) {
      runes.push(((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f))
      i += 4
    } else {
      runes.push(0xfffd)
      i += 1
    }
  }
  return runes
}

/** xstrings.Shuffle: Fisher-Yates over the runes, from the last down, index = Intn(i+1). */
export function shuffle(random: RandomSource, s: GoString): GoString {
  const b = bytesOf(s)
  if (b.length === 0) return s
  const runes = goRunes(b)
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomBelow(random, i + 1)
    if (i !== j) [runes[i], runes[j]] = [runes[j], runes[i]]
  }
  let out = ''
  for (let i = 0; i < runes.length; i += 4096) out += String.fromCodePoint(...runes.slice(i, i + 4096))
  return out
}

/** google/uuid New(): 16 random bytes, version 4, RFC 4122 variant, lower-case 8-4-4-4-12. */
export function uuidv4(random: RandomSource): string {
  const b = randomBytes(random, 16)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Sprig's randBytes: base64 (StdEncoding) of count random bytes; make([]byte, -1) panics. */
export function randBytes(random: RandomSource, count: bigint): string {
  if (count < 0n) throw new FuncError('runtime error: makeslice: len out of range')
  const n = checkCount('randBytes', count)
  spendSteps(Math.floor(n / 16))
  spendBytes(n + Math.ceil(n / 3) * 4)
  return randomBytes(random, n).toString('base64')
}

const I = 'int' as const

export const RANDOM: FuncDef[] = [
  { name: 'randAlphaNum', params: [I], fn: (c, n) => randomString(c.random, 'randAlphaNum', n as bigint) },
  { name: 'randAlpha', params: [I], fn: (c, n) => randomString(c.random, 'randAlpha', n as bigint) },
  { name: 'randAscii', params: [I], fn: (c, n) => randomString(c.random, 'randAscii', n as bigint) },
  { name: 'randNumeric', params: [I], fn: (c, n) => randomString(c.random, 'randNumeric', n as bigint) },
  { name: 'randBytes', params: [I], fn: (c, n) => randBytes(c.random, n as bigint) },
  { name: 'randInt', params: [I, I], fn: (c, min, max) => randInt(c.random, min as bigint, max as bigint) },
  { name: 'shuffle', params: ['string'], cost: BYTEWISE.slow, fn: (c, s) => shuffle(c.random, s as GoString) },
  { name: 'uuidv4', params: [], fn: (c) => uuidv4(c.random) },
]
