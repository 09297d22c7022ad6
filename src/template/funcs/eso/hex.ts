// hexdec, which ESO's Sprig fork adds (runtime/template/v2/sprig/strings.go hexdecode): Go's
// hex.DecodeString, returning the error text as the result instead of failing, as b64dec does.

import { bytesOf, fromBytes, type GoString } from '../../value.ts'
import type { FuncDef } from '../registry.ts'

const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1)

/** hex.InvalidByteError's text: fmt's %#U of the byte as a rune ("U+0067 'g'"). */
function invalidByte(b: number): string {
  const code = 'U+' + b.toString(16).toUpperCase().padStart(4, '0')
  // strconv.IsPrint: printable ASCII and Latin-1 letters/symbols (not controls, not U+00AD).
  const printable = (b >= 0x20 && b < 0x7f) || (b >= 0xa1 && b !== 0xad)
  return `encoding/hex: invalid byte: ${printable ? `${code} '${String.fromCharCode(b)}'` : code}`
}

/** hex.DecodeString: pairs decode left to right; a bad byte is reported before an odd length. */
export function hexdec(s: GoString): GoString {
  const src = bytesOf(s)
  const out = new Uint8Array(src.length >> 1)
  let j = 1
  for (; j < src.length; j += 2) {
    const a = hexValue(src[j - 1])
    const b = hexValue(src[j])
    if (a < 0) return invalidByte(src[j - 1])
    if (b < 0) return invalidByte(src[j])
    out[j >> 1] = (a << 4) | b
  }
  if (src.length % 2 === 1) {
    if (hexValue(src[j - 1]) < 0) return invalidByte(src[j - 1])
    return 'encoding/hex: odd length hex string'
  }
  return fromBytes(out)
}

export const HEX_FUNCS: FuncDef[] = [{ name: 'hexdec', params: ['string'], fn: (_c, s) => hexdec(s as GoString) }]
