// Go's encoding/base64 decoder (StdEncoding, URLEncoding; padding required, \r and \n skipped),
// with its exact error positions. A port shared by ESO's decoding strategies and Sprig's b64dec.

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function base64Map(chars: string): Int16Array {
  const map = new Int16Array(256).fill(-1)
  for (let i = 0; i < 64; i++) map[chars.charCodeAt(i)] = i
  return map
}
const MAPS = { std: base64Map(STD), url: base64Map(URL_SAFE) }

/** base64.CorruptInputError: the message Go prints is `illegal base64 data at input byte N`. */
export class CorruptInputError extends Error {
  override name = 'CorruptInputError'
  readonly offset: number
  constructor(offset: number) {
    super(`illegal base64 data at input byte ${offset}`)
    this.offset = offset
  }
}

/**
 * Encoding.DecodeString for StdEncoding / URLEncoding, ported from decodeQuantum: `\r` and `\n`
 * are skipped anywhere, padding is required, bits after the last full byte are not checked.
 */
export function decodeBase64Go(src: Uint8Array, alphabet: 'std' | 'url'): Uint8Array {
  const map = MAPS[alphabet]
  const out = new Uint8Array(Math.floor(src.length / 4) * 3 + 3)
  let n = 0
  let si = 0
  const isNl = (c: number) => c === 10 || c === 13
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0]
    let dlen = 4
    let trailing = -1
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.slice(0, n)
        throw new CorruptInputError(si - j) // j == 1, or padding required
      }
      const c = src[si++]
      const v = map[c]
      if (v >= 0) {
        dbuf[j] = v
        continue
      }
      if (isNl(c)) {
        j--
        continue
      }
      if (c !== 61) throw new CorruptInputError(si - 1)
      if (j === 0 || j === 1) throw new CorruptInputError(si - 1) // incorrect padding
      if (j === 2) {
        // "==" is expected; the first "=" is consumed.
        while (si < src.length && isNl(src[si])) si++
        if (si === src.length) throw new CorruptInputError(src.length)
        if (src[si] !== 61) throw new CorruptInputError(si - 1)
        si++
      }
      while (si < src.length && isNl(src[si])) si++
      if (si < src.length) trailing = si // trailing garbage
      dlen = j
      break
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3]
    const b = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff]
    for (let k = 0; k < dlen - 1; k++) out[n++] = b[k]
    if (trailing >= 0) throw new CorruptInputError(trailing)
    if (dlen < 4) return out.slice(0, n)
  }
  return out.slice(0, n)
}
