// Go strings are bytes. Ports that index, slice or measure strings as Go does take them as byte
// strings: JS strings holding one char (0-255) per byte, so that lengths and offsets are Go's.

/** A JS string as a byte string (each char one UTF-8 byte). */
export function toByteString(s: string | Uint8Array): string {
  return Buffer.from(typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('latin1')
}

/** A byte string back to its bytes. */
export function byteStringBytes(b: string): Uint8Array {
  return new Uint8Array(Buffer.from(b, 'latin1'))
}
