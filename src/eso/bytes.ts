// The byte helpers the Secret assembly needs (data, templates, metadata, hash), written without
// Node's Buffer so the assembly also runs in a browser (the playground). UTF-8 through the
// universal TextEncoder/TextDecoder; base64 as the API server writes it and as Node reads it.

import { shortAsciiBytes } from '../go/utf8.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function utf8(text: string): Uint8Array {
  return shortAsciiBytes(text) ?? encoder.encode(text)
}

/** Bytes as text; invalid UTF-8 becomes U+FFFD, as Buffer#toString does. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes)
}

const HIGH = /[\ud800-\uffff]/

/** Byte order of the UTF-8 encodings (Go's string order), not UTF-16 order. */
export function compareUtf8(a: string, b: string): number {
  // Below U+D800, UTF-16 code unit order is UTF-8 byte order: no encoding needed (keys are
  // almost always ASCII, and a sort compares each many times).
  if (!HIGH.test(a) && !HIGH.test(b)) return a < b ? -1 : a > b ? 1 : 0
  const x = utf8(a)
  const y = utf8(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i]
  return x.length - y.length
}

/**
 * Sorts `keys` in place (by compareUtf8 unless told otherwise) and returns them. A short list (the usual Secret's keys,
 * labels, annotations) by insertion, which allocates nothing: Array.prototype.sort sets up its
 * merge state, about 1.4 KB, whatever the length (31 MiB over the 10,000-ExternalSecret run's
 * builds). Stable either way, so the order is the same.
 */
export function sortUtf8(keys: string[], compare: (a: string, b: string) => number = compareUtf8): string[] {
  if (keys.length > 16) return keys.sort(compare)
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    let j = i - 1
    for (; j >= 0 && compare(keys[j]!, key) > 0; j--) keys[j + 1] = keys[j]!
    keys[j + 1] = key
  }
  return keys
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 with padding (Go's base64.StdEncoding, what a Secret's `data` holds). */
export function base64Encode(bytes: Uint8Array): string {
  // Short ones through the platform's btoa (Node and browsers alike), as Latin-1 text of the bytes:
  // one call instead of a string built four characters at a time. fromCharCode takes the bytes as
  // arguments, so only a bounded number of them.
  if (bytes.length <= 4096) return btoa(String.fromCharCode.apply(null, bytes as unknown as number[]))
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63]
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i] << 16
    out += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}==`
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8)
    out += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}${ALPHABET[(n >> 6) & 63]}=`
  }
  return out
}

const VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i
VALUE['-'.charCodeAt(0)] = 62
VALUE['_'.charCodeAt(0)] = 63

/**
 * Base64 read as Node's Buffer.from(text, 'base64') reads it: both alphabets, anything else skipped,
 * the first `=` ends the data, a dangling sextet dropped. Used for Secrets of the input, whose data
 * the API server would have checked; the render only needs to read what a valid one holds.
 */
export function base64DecodeLoose(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3)
  let length = 0
  let acc = 0
  let bits = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 61) break // '='
    const v = c < 128 ? VALUE[c] : -1
    if (v < 0) continue
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[length++] = (acc >> bits) & 0xff
      acc &= (1 << bits) - 1
    }
  }
  return out.slice(0, length)
}
