// Node's Buffer, as far as the template engine and its functions use it, for the playground's page
// (esbuild injects it where the bundled code names the global `Buffer`). The Secret assembly
// itself uses none (eso/bytes.ts); the template functions speak Buffers. A Uint8Array subclass:
// subarray and slice return views, as Node's do. test/playground/browser/buffer.test.ts compares
// it with Node's Buffer.

import { base64Encode } from '../../eso/bytes.ts'

type Encoding = 'utf8' | 'utf-8' | 'latin1' | 'binary' | 'ascii' | 'base64' | 'base64url' | 'hex' | 'utf16le'

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i
B64_VALUE['-'.charCodeAt(0)] = 62
B64_VALUE['_'.charCodeAt(0)] = 63

function encodingOf(e: string | undefined): Encoding {
  const lower = (e ?? 'utf8').toLowerCase()
  if (['utf8', 'utf-8', 'latin1', 'binary', 'ascii', 'base64', 'base64url', 'hex', 'utf16le'].includes(lower)) return lower as Encoding
  throw new TypeError(`Unknown encoding: ${e}`)
}

function fromString(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf8':
    case 'utf-8':
      return encoder.encode(text)
    case 'latin1':
    case 'binary':
    case 'ascii': {
      const out = new Uint8Array(text.length)
      for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff
      return out
    }
    case 'utf16le': {
      const out = new Uint8Array(text.length * 2)
      for (let i = 0; i < text.length; i++) {
        out[2 * i] = text.charCodeAt(i) & 0xff
        out[2 * i + 1] = text.charCodeAt(i) >> 8
      }
      return out
    }
    case 'hex': {
      const n = Math.floor(text.length / 2)
      const out = new Uint8Array(n)
      let i = 0
      for (; i < n; i++) {
        const byte = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16)
        if (!/^[0-9a-fA-F]{2}$/.test(text.slice(2 * i, 2 * i + 2))) break
        out[i] = byte
      }
      return out.slice(0, i)
    }
    case 'base64':
    case 'base64url': {
      // As Node reads base64: both alphabets, anything else skipped, stop at the first '='.
      const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3)
      let length = 0
      let acc = 0
      let bits = 0
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        if (c === 61) break
        const v = c < 128 ? B64_VALUE[c] : -1
        if (v < 0) continue
        acc = ((acc << 6) | v) & 0xffffff
        bits += 6
        if (bits >= 8) {
          bits -= 8
          out[length++] = (acc >> bits) & 0xff
        }
      }
      return out.slice(0, length)
    }
  }
}

/** Node's base64 and base64url (unpadded): the Secret assembly's own encoder. */
function toBase64(bytes: Uint8Array, url: boolean): string {
  const out = base64Encode(bytes)
  return url ? out.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : out
}

function matchesAt(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  for (let j = 0; j < needle.length; j++) if (haystack[at + j] !== needle[j]) return false
  return true
}

// @ts-expect-error: Node's Buffer.from takes an encoding or offset where Uint8Array.from takes a mapping function, as Node's own class does
export class Buffer extends Uint8Array {
  static override from(value: string | ArrayLike<number> | ArrayBufferLike | Iterable<number>, encodingOrOffset?: string | number, length?: number): Buffer {
    if (typeof value === 'string') {
      const bytes = fromString(value, encodingOf(encodingOrOffset as string | undefined))
      return new Buffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)
    }
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
      const offset = typeof encodingOrOffset === 'number' ? encodingOrOffset : 0
      return new Buffer(value as ArrayBuffer, offset, length ?? value.byteLength - offset)
    }
    // A copy, as Node's Buffer.from(typedArray or array) is.
    const copy = new Buffer((value as ArrayLike<number>).length ?? [...(value as Iterable<number>)].length)
    copy.set(ArrayBuffer.isView(value) ? (value as Uint8Array) : Array.from(value as ArrayLike<number>))
    return copy
  }

  static alloc(size: number, fill?: number | string): Buffer {
    const b = new Buffer(size)
    if (typeof fill === 'number') b.fill(fill)
    else if (typeof fill === 'string' && fill.length) {
      const pattern = encoder.encode(fill)
      for (let i = 0; i < size; i++) b[i] = pattern[i % pattern.length]
    }
    return b
  }

  static allocUnsafe(size: number): Buffer {
    return new Buffer(size)
  }

  static isBuffer(value: unknown): value is Buffer {
    return value instanceof Buffer
  }

  static byteLength(value: string | Uint8Array, encoding?: string): number {
    return typeof value === 'string' ? fromString(value, encodingOf(encoding)).length : value.byteLength
  }

  static concat(list: readonly Uint8Array[], totalLength?: number): Buffer {
    const total = totalLength ?? list.reduce((n, b) => n + b.length, 0)
    const out = new Buffer(total)
    let at = 0
    for (const b of list) {
      if (at >= total) break
      out.set(b.subarray(0, total - at), at)
      at += Math.min(b.length, total - at)
    }
    return out
  }

  static compare(a: Uint8Array, b: Uint8Array): number {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
  }

  override toString(encoding?: string, start = 0, end = this.length): string {
    const bytes = this.subarray(start, end)
    switch (encodingOf(encoding)) {
      case 'utf8':
      case 'utf-8':
        return decoder.decode(bytes)
      case 'latin1':
      case 'binary': {
        let s = ''
        for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096))
        return s
      }
      case 'ascii': {
        let s = ''
        for (const b of bytes) s += String.fromCharCode(b & 0x7f)
        return s
      }
      case 'hex': {
        let s = ''
        for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16)
        return s
      }
      case 'utf16le': {
        let s = ''
        for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8))
        return s
      }
      case 'base64':
        return toBase64(bytes, false)
      case 'base64url':
        return toBase64(bytes, true)
    }
  }

  // Node's searches take a byte, text or bytes; Uint8Array's a byte only.
  override indexOf(value: number | string | Uint8Array, byteOffset = 0, encoding?: string): number {
    if (typeof value === 'number') return super.indexOf(value & 0xff, byteOffset)
    const needle = typeof value === 'string' ? fromString(value, encodingOf(encoding)) : value
    let from = byteOffset < 0 ? Math.max(0, this.length + byteOffset) : byteOffset
    if (needle.length === 0) return Math.min(from, this.length)
    for (; from + needle.length <= this.length; from++) if (matchesAt(this, needle, from)) return from
    return -1
  }

  override lastIndexOf(value: number | string | Uint8Array, byteOffset = this.length, encoding?: string): number {
    if (typeof value === 'number') return super.lastIndexOf(value & 0xff, byteOffset)
    const needle = typeof value === 'string' ? fromString(value, encodingOf(encoding)) : value
    let from = Math.min(byteOffset < 0 ? this.length + byteOffset : byteOffset, this.length - needle.length)
    if (needle.length === 0) return Math.max(0, Math.min(byteOffset < 0 ? this.length + byteOffset : byteOffset, this.length))
    for (; from >= 0; from--) if (matchesAt(this, needle, from)) return from
    return -1
  }

  override includes(value: number | string | Uint8Array, byteOffset = 0, encoding?: string): boolean {
    return this.indexOf(value, byteOffset, encoding) !== -1
  }

  equals(other: Uint8Array): boolean {
    return Buffer.compare(this, other) === 0
  }

  compare(other: Uint8Array): number {
    return Buffer.compare(this, other)
  }

  // Node's slice is a view, not a copy.
  override slice(start?: number, end?: number): Buffer {
    return this.subarray(start, end)
  }

  override subarray(start?: number, end?: number): Buffer {
    return super.subarray(start, end) as Buffer
  }

  copy(target: Uint8Array, targetStart = 0, sourceStart = 0, sourceEnd = this.length): number {
    const part = this.subarray(sourceStart, Math.min(sourceEnd, sourceStart + (target.length - targetStart)))
    target.set(part, targetStart)
    return part.length
  }

  swap16(): this {
    if (this.length % 2) throw new RangeError('Buffer size must be a multiple of 16-bits')
    for (let i = 0; i < this.length; i += 2) {
      const t = this[i]
      this[i] = this[i + 1]
      this[i + 1] = t
    }
    return this
  }

  readUInt8(offset = 0): number {
    return this[offset]
  }

  readUInt16BE(offset = 0): number {
    return (this[offset] << 8) | this[offset + 1]
  }

  readUInt32BE(offset = 0): number {
    return ((this[offset] << 24) >>> 0) + ((this[offset + 1] << 16) | (this[offset + 2] << 8) | this[offset + 3])
  }

  writeUInt8(value: number, offset = 0): number {
    this[offset] = value
    return offset + 1
  }

  writeUInt16BE(value: number, offset = 0): number {
    this[offset] = value >>> 8
    this[offset + 1] = value
    return offset + 2
  }

  writeUInt32BE(value: number, offset = 0): number {
    this[offset] = value >>> 24
    this[offset + 1] = value >>> 16
    this[offset + 2] = value >>> 8
    this[offset + 3] = value
    return offset + 4
  }

  toJSON(): { type: 'Buffer'; data: number[] } {
    return { type: 'Buffer', data: Array.from(this) }
  }
}
