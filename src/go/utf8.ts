// Go's unicode/utf8 as the ports and the template engine need it: DecodeRune over bytes,
// DecodeRuneInString over a byte string (one JS char per byte, see byte-string.ts), AppendRune and
// a byte string's runes. An invalid byte decodes as U+FFFD, one byte wide, as in Go.

export const RUNE_ERROR = 0xfffd

/** Decodes one UTF-8 sequence at b[i] as Go's utf8.DecodeRune: [rune, size]; invalid → [0xfffd, 1]. */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c = b[i]
  if (c < 0x80) return [c, 1]
  const n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0
  if (n === 0 || i + n > b.length) return [0xfffd, 1]
  let cp = c & (0xff >> (n + 1))
  for (let k = 1; k < n; k++) {
    const x = b[i + k]
    if ((x & 0xc0) !== 0x80) return [0xfffd, 1]
    cp = (cp << 6) | (x & 0x3f)
  }
  const min = [0, 0, 0x80, 0x800, 0x10000][n]
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [0xfffd, 1]
  return [cp, n]
}

/** unicode/utf8.DecodeRuneInString over a binary string: [rune, size]; invalid → [U+FFFD, 1]. */
export function decodeRuneInString(b: string, i: number): [number, number] {
  const n = b.length - i
  if (n < 1) return [RUNE_ERROR, 0]
  const c0 = b.charCodeAt(i)
  if (c0 < 0x80) return [c0, 1]
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = b.charCodeAt(i + k)
    return k < n && c >= lo && c <= hi ? c & 0x3f : -1
  }
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    const c1 = cont(1)
    return c1 < 0 ? [RUNE_ERROR, 1] : [((c0 & 0x1f) << 6) | c1, 2]
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    // Overlongs (E0 80..9F) and surrogates (ED A0..BF) are invalid.
    const c1 = cont(1, c0 === 0xe0 ? 0xa0 : 0x80, c0 === 0xed ? 0x9f : 0xbf)
    const c2 = c1 < 0 ? -1 : cont(2)
    return c2 < 0 ? [RUNE_ERROR, 1] : [((c0 & 0x0f) << 12) | (c1 << 6) | c2, 3]
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const c1 = cont(1, c0 === 0xf0 ? 0x90 : 0x80, c0 === 0xf4 ? 0x8f : 0xbf)
    const c2 = c1 < 0 ? -1 : cont(2)
    const c3 = c2 < 0 ? -1 : cont(3)
    return c3 < 0 ? [RUNE_ERROR, 1] : [((c0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4]
  }
  return [RUNE_ERROR, 1]
}

/** utf8.AppendRune as a binary string: surrogates and out-of-range runes become U+FFFD. */
export function encodeRune(r: number): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR
  // UTF-8 by hand: this module also runs in a browser (no Buffer).
  if (r < 0x80) return String.fromCharCode(r)
  if (r < 0x800) return String.fromCharCode(0xc0 | (r >> 6), 0x80 | (r & 0x3f))
  if (r < 0x10000) return String.fromCharCode(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f))
  return String.fromCharCode(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f))
}

/** []rune(s): every rune of a binary string (invalid bytes are U+FFFD). */
export function runesOf(b: string): number[] {
  const out: number[] = []
  for (let i = 0; i < b.length; ) {
    const [r, size] = decodeRuneInString(b, i)
    out.push(r)
    i += size
  }
  return out
}

/** string([]rune): runes back to a byte string. */
export const runesToString = (rs: number[]): string => rs.map(encodeRune).join('')

/**
 * The text's UTF-8 bytes when it is short ASCII (up to 64 code units, the size V8 keeps typed
 * arrays on its own heap), copied by code units; undefined otherwise, for TextEncoder. Most values
 * and template outputs are: a call into C++ and a buffer of its own each cost several times more.
 */
export function shortAsciiBytes(text: string): Uint8Array | undefined {
  const n = text.length
  if (n > 64) return undefined
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c > 0x7f) return undefined
    out[i] = c
  }
  return out
}
