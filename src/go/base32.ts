// Go's encoding/base32 StdEncoding (RFC 4648 alphabet, padding required), as Sprig's b32enc and
// b32dec use it.

const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** base32.StdEncoding.EncodeToString: padded. */
export function encodeBase32(b: Uint8Array): string {
  let out = ''
  for (let i = 0; i < b.length; i += 5) {
    const chunk = [...b.slice(i, i + 5)]
    const n = chunk.length
    while (chunk.length < 5) chunk.push(0)
    let bits = 0n
    for (const x of chunk) bits = (bits << 8n) | BigInt(x)
    const chars = Array.from({ length: 8 }, (_, k) => b32[Number((bits >> BigInt(35 - 5 * k)) & 31n)])
    const keep = [0, 2, 4, 5, 7, 8][n]
    out += chars.slice(0, keep).join('') + '='.repeat(8 - keep)
  }
  return out
}

/** base32.StdEncoding.DecodeString: padded, upper-case alphabet; undefined where Go reports an error. */
export function decodeBase32(s: string): Uint8Array | undefined {
  if (s.length % 8 !== 0 || !/^[A-Z2-7]*=*$/.test(s)) return undefined
  const out: number[] = []
  for (let i = 0; i < s.length; i += 8) {
    const block = s.slice(i, i + 8)
    const data = block.replace(/=+$/, '')
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[data.length]
    if (n === undefined || (data.length < 8 && i + 8 < s.length)) return undefined
    let bits = 0n
    for (const c of data.padEnd(8, 'A')) bits = (bits << 5n) | BigInt(b32.indexOf(c))
    for (let k = 0; k < n; k++) out.push(Number((bits >> BigInt(32 - 8 * k)) & 255n))
  }
  return new Uint8Array(out)
}
