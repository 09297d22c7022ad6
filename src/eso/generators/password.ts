// The Password generator as ESO v2.9 computes it (generators/v1/password/password.go over
// sethvargo/go-password v0.3.1 password/generate.go): the spec's defaults, the count rules and
// their errors, and the algorithm, over a crypto-secure random source the caller gives. The spec is judged in the plan
// (no randomness there), so a bad one fails the run before anything is read from Vault.

import { encodeBase32 } from '../../go/base32.ts'
import { base64Encode, utf8 } from '../bytes.ts'

export type PasswordEncoding = 'raw' | 'base64' | 'base64url' | 'base32' | 'hex'

/** The spec of a Password (or a ClusterGenerator's passwordSpec), as the schema admitted it. */
export interface PasswordSpec {
  length?: number
  digits?: number
  symbols?: number
  symbolCharacters?: string
  noUpper?: boolean
  allowRepeat?: boolean
  secretKeys?: string[]
  encoding?: PasswordEncoding
}

/** What one password is generated from, after ESO's defaults (extractPasswordConfig). */
export interface PasswordConfig {
  length: number
  digits: number
  symbols: number
  symbolCharacters: string
  noUpper: boolean
  allowRepeat: boolean
  encoding: PasswordEncoding
  secretKeys: string[]
}

// go-password's character sets and ESO's defaults.
const LOWER_LETTERS = 'abcdefghijklmnopqrstuvwxyz'
const UPPER_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const DIGITS = '0123456789'
export const DEFAULT_SYMBOL_CHARACTERS = '~!@#$%^&*()_+`-={}|[]\\:"<>?,./'
export const DEFAULT_LENGTH = 24

/** A password longer than a Secret can hold is refused (ESO would build it, then fail to write it). */
export const MAX_PASSWORD_LENGTH = 1024 * 1024

/** go-password's errors, word for word, and ESO's own for secretKeys. */
export const PASSWORD_ERRORS = {
  exceedsTotalLength: 'number of digits and symbols must be less than total length',
  lettersExceedAvailable: 'number of letters exceeds available letters and repeats are not allowed',
  digitsExceedAvailable: 'number of digits exceeds available digits and repeats are not allowed',
  symbolsExceedAvailable: 'number of symbols exceeds available symbols and repeats are not allowed',
  secretKeys: 'secretKeys must be non-empty and unique',
} as const

/** `int(float32(length) * 0.25)`: Go truncates toward zero; float32 is exact for any length a Secret can hold. */
function quarter(length: number): number {
  return Math.trunc(Math.fround(Math.fround(length) * 0.25))
}

/** extractPasswordConfig and validateSecretKeys: ESO's defaults, then its secretKeys rule. */
export function passwordConfig(spec: PasswordSpec): PasswordConfig {
  const length = spec.length !== undefined && spec.length > 0 ? spec.length : DEFAULT_LENGTH
  return {
    length,
    digits: spec.digits ?? quarter(length),
    symbols: spec.symbols ?? quarter(length),
    symbolCharacters: spec.symbolCharacters ?? DEFAULT_SYMBOL_CHARACTERS,
    noUpper: spec.noUpper === true,
    allowRepeat: spec.allowRepeat === true,
    encoding: spec.encoding ?? 'raw',
    secretKeys: spec.secretKeys?.length ? [...spec.secretKeys] : ['password'],
  }
}

/**
 * go-password's sets are Go strings indexed by byte: `string(s[i])` turns one byte into the rune
 * of that value. A multi-byte symbol (`€`) therefore gives three "characters" (`â`, U+0082, `¬`),
 * exactly as ESO generates them.
 */
function elements(set: string): string[] {
  return [...utf8(set)].map((b) => String.fromCharCode(b))
}

/**
 * Why this config cannot give a password, in go-password's words (checked in its order), or why
 * ESO would never finish (a set whose distinct characters run out: go-password loops forever, so
 * the run fails instead); undefined when it can.
 */
export function passwordProblem(config: PasswordConfig): string | undefined {
  const keys = new Set<string>()
  for (const key of config.secretKeys) {
    if (!key || keys.has(key)) return PASSWORD_ERRORS.secretKeys
    keys.add(key)
  }
  // NewGenerator: an empty set means the default one.
  const symbols = elements(config.symbolCharacters || DEFAULT_SYMBOL_CHARACTERS)
  const letters = elements(config.noUpper ? LOWER_LETTERS : LOWER_LETTERS + UPPER_LETTERS)
  const chars = config.length - config.digits - config.symbols
  if (chars < 0) return PASSWORD_ERRORS.exceedsTotalLength
  if (!config.allowRepeat && chars > letters.length) return PASSWORD_ERRORS.lettersExceedAvailable
  if (!config.allowRepeat && config.digits > DIGITS.length) return PASSWORD_ERRORS.digitsExceedAvailable
  if (!config.allowRepeat && config.symbols > symbols.length) return PASSWORD_ERRORS.symbolsExceedAvailable
  if (Math.max(chars, 0) + Math.max(config.digits, 0) + Math.max(config.symbols, 0) > MAX_PASSWORD_LENGTH)
    return `the password would be longer than ${MAX_PASSWORD_LENGTH} characters, more than a Secret holds`
  if (!config.allowRepeat && config.symbols > 0) {
    // Without repeats a symbol is drawn again while it is already in the password. A symbol set
    // with duplicates, or with letters or digits in it (which the letters and digits drawn first
    // may have taken), can run out: go-password then draws forever. Only the symbols no earlier
    // draw can take are sure.
    const distinct = new Set(symbols)
    const letterSet = new Set(letters)
    const asLetters = [...distinct].filter((s) => letterSet.has(s)).length
    const asDigits = [...distinct].filter((s) => DIGITS.includes(s)).length
    const sure = distinct.size - Math.min(asLetters, Math.max(chars, 0)) - Math.min(asDigits, Math.max(config.digits, 0))
    if (config.symbols > sure) {
      const taken = distinct.size - sure
      return `${PASSWORD_ERRORS.symbolsExceedAvailable}: symbolCharacters has ${distinct.size} distinct character${distinct.size === 1 ? '' : 's'}${taken ? `, ${taken} of which the letters and digits drawn first may take` : ''}, fewer than the ${config.symbols} symbols asked for (ESO's generator would draw forever)`
    }
  }
  return undefined
}

/** A uniform integer in [0, n), from a cryptographically secure source (the pipeline passes node:crypto's randomInt). */
export type RandomInt = (n: number) => number

/**
 * go-password's Generate: letters, then digits, then symbols, each drawn uniformly from its set
 * (by byte) and, without repeats, drawn again while already in the password; each inserted at a
 * uniformly random position. Inserting every drawn character at a uniform position gives a
 * uniformly random order of the drawn characters, which is what is done here (a Fisher-Yates
 * shuffle), in linear time.
 */
export function generatePassword(config: PasswordConfig, random: RandomInt): string {
  const letters = elements(config.noUpper ? LOWER_LETTERS : LOWER_LETTERS + UPPER_LETTERS)
  const symbols = elements(config.symbolCharacters || DEFAULT_SYMBOL_CHARACTERS)
  const chars = config.length - config.digits - config.symbols
  const drawn: string[] = []
  const used = new Set<string>()
  const draw = (set: string[], count: number) => {
    // Without repeats, a drawn character already used is drawn again (go-password's loop); it is
    // also taken out of the pool, which leaves the draw uniform over the unused entries and makes
    // the work linear in the pool's size.
    const pool = [...set]
    for (let i = 0; i < count; i++) {
      for (;;) {
        if (!pool.length) throw new Error('password: no character left to draw (passwordProblem was not consulted)')
        const at = random(pool.length)
        const c = pool[at]
        if (config.allowRepeat || !used.has(c)) {
          drawn.push(c)
          used.add(c)
          break
        }
        pool[at] = pool[pool.length - 1]
        pool.pop()
      }
    }
  }
  draw(letters, chars)
  draw(elements(DIGITS), config.digits)
  draw(symbols, config.symbols)
  for (let i = drawn.length - 1; i > 0; i--) {
    const j = random(i + 1)
    ;[drawn[i], drawn[j]] = [drawn[j], drawn[i]]
  }
  return drawn.join('')
}

/** encodePassword: raw bytes, or Go's padded base64 / base64url / base32, or lower-case hex. */
export function encodePassword(password: string, encoding: PasswordEncoding): Uint8Array {
  const bytes = utf8(password)
  switch (encoding) {
    case 'base64':
      return utf8(base64Encode(bytes))
    case 'base64url':
      return utf8(base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_'))
    case 'base32':
      return utf8(encodeBase32(bytes))
    case 'hex':
      return utf8(Buffer.from(bytes).toString('hex'))
    default:
      return bytes
  }
}

/** One password per secret key (generatePasswords), each encoded. */
export function generatePasswords(config: PasswordConfig, random: RandomInt): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const key of config.secretKeys) out.set(key, encodePassword(generatePassword(config, random), config.encoding))
  return out
}
