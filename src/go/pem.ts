// Go's encoding/pem as ESO's Go 1.26 build has it, for ESO's PEM, PKCS#12 and JWK functions and
// Sprig's certificate functions: Decode (the linear-time version from Go 1.25.3 on: find the first
// END line, then the last BEGIN before it, which must start the input or a line) and Encode
// (64-column base64, Proc-Type header first, other headers sorted).

export interface PemBlock {
  type: Buffer
  headers: Map<string, Buffer>
  bytes: Buffer
}

const PEM_START = Buffer.from('\n-----BEGIN ')
const PEM_END = Buffer.from('\n-----END ')
const PEM_END_OF_LINE = Buffer.from('-----')

/** pem.getLine: the first line without trailing spaces/tabs (and \r), the rest, and bytes consumed. */
function getLine(data: Buffer): [Buffer, Buffer, number] {
  let i = data.indexOf(0x0a)
  let j: number
  if (i < 0) {
    i = data.length
    j = i
  } else {
    j = i + 1
    if (i > 0 && data[i - 1] === 0x0d) i--
  }
  let end = i
  while (end > 0 && (data[end - 1] === 0x20 || data[end - 1] === 0x09)) end--
  return [data.subarray(0, end), data.subarray(j), j]
}

function trimSpace(b: Buffer): Buffer {
  // bytes.TrimSpace: ASCII whitespace (and Unicode spaces, which PEM headers never carry).
  let s = 0
  let e = b.length
  const ws = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d)
  while (s < e && ws(b[s])) s++
  while (e > s && ws(b[e - 1])) e--
  return b.subarray(s, e)
}

/**
 * Go's base64.StdEncoding.Decode: padded standard alphabet; \r and \n are skipped; anything else
 * (or bad padding) fails. PEM strips spaces and tabs before calling it.
 */
function decodeStdBase64(data: Buffer): Buffer | undefined {
  const clean = Buffer.from(data.filter((c) => c !== 0x0a && c !== 0x0d))
  const s = clean.toString('latin1')
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined
  const out = Buffer.from(s, 'base64')
  // Go rejects non-zero trailing bits in the last quantum ("illegal base64 data") only in Strict mode;
  // StdEncoding is not strict, so Node's lenient decoding matches.
  return out
}

/** pem.Decode: the next block and the rest, or undefined (and the whole input) when none is found. */
export function pemDecode(data: Buffer): [PemBlock | undefined, Buffer] {
  let rest = data
  let endTrailerIndex = 0
  for (;;) {
    // Go would panic on an out-of-range slice here (malformed header lines); treat as "no block".
    if (endTrailerIndex < 0 || endTrailerIndex > rest.length) return [undefined, data]
    rest = rest.subarray(endTrailerIndex)
    let endIndex = rest.indexOf(PEM_END)
    if (endIndex < 0) return [undefined, data]
    endTrailerIndex = endIndex + PEM_END.length
    const beginIndex = rest.subarray(0, endIndex).lastIndexOf(PEM_START.subarray(1))
    if (beginIndex < 0 || (beginIndex > 0 && rest[beginIndex - 1] !== 0x0a)) continue
    const skip = beginIndex + PEM_START.length - 1
    rest = rest.subarray(skip)
    endIndex -= skip
    endTrailerIndex -= skip

    let typeLine: Buffer
    let consumed: number
    ;[typeLine, rest, consumed] = getLine(rest)
    if (!endsWith(typeLine, PEM_END_OF_LINE)) continue
    endIndex -= consumed
    endTrailerIndex -= consumed
    typeLine = typeLine.subarray(0, typeLine.length - PEM_END_OF_LINE.length)

    const headers = new Map<string, Buffer>()
    let truncated = false
    for (;;) {
      if (rest.length === 0) {
        truncated = true
        break
      }
      const [line, next, used] = getLine(rest)
      const colon = line.indexOf(0x3a)
      if (colon < 0) break
      headers.set(trimSpace(line.subarray(0, colon)).toString('latin1'), Buffer.from(trimSpace(line.subarray(colon + 1))))
      rest = next
      endIndex -= used
      endTrailerIndex -= used
    }
    if (truncated) return [undefined, data]

    if (headers.size > 0 && endIndex < 0) continue
    if (endTrailerIndex < 0) return [undefined, data]

    let endTrailer = rest.subarray(endTrailerIndex)
    const endTrailerLen = typeLine.length + PEM_END_OF_LINE.length
    if (endTrailer.length < endTrailerLen) continue
    const restOfEndLine = endTrailer.subarray(endTrailerLen)
    endTrailer = endTrailer.subarray(0, endTrailerLen)
    if (!startsWith(endTrailer, typeLine) || !endsWith(endTrailer, PEM_END_OF_LINE)) continue
    if (getLine(restOfEndLine)[0].length !== 0) continue

    let bytes: Buffer = Buffer.alloc(0)
    if (endIndex > 0) {
      const b64 = Buffer.from(rest.subarray(0, endIndex).filter((c) => c !== 0x20 && c !== 0x09))
      const decoded = decodeStdBase64(b64)
      if (!decoded) continue
      bytes = decoded
    }
    const after = endIndex + PEM_END.length - 1
    if (after < 0) return [undefined, data]
    return [{ type: Buffer.from(typeLine), headers, bytes }, getLine(rest.subarray(after))[1]]
  }
}

function startsWith(b: Buffer, prefix: Buffer): boolean {
  return b.length >= prefix.length && b.subarray(0, prefix.length).equals(prefix)
}

function endsWith(b: Buffer, suffix: Buffer): boolean {
  return b.length >= suffix.length && b.subarray(b.length - suffix.length).equals(suffix)
}

/** pem.Encode (EncodeToMemory): a header key holding ':' is Go's encode error. */
export function pemEncode(block: { type: string | Buffer; headers?: Map<string, Buffer>; bytes: Uint8Array }): Buffer {
  const type = typeof block.type === 'string' ? Buffer.from(block.type) : block.type
  const parts: Buffer[] = [Buffer.from('-----BEGIN '), type, Buffer.from('-----\n')]
  const headers = block.headers ?? new Map<string, Buffer>()
  for (const k of headers.keys()) if (k.includes(':')) throw new PemEncodeError('pem: cannot encode a header key that contains a colon')
  if (headers.size > 0) {
    const header = (k: string) => parts.push(Buffer.from(k + ': ', 'latin1'), headers.get(k)!, Buffer.from('\n'))
    if (headers.has('Proc-Type')) header('Proc-Type')
    const keys = [...headers.keys()].filter((k) => k !== 'Proc-Type').sort((a, b) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')))
    for (const k of keys) header(k)
    parts.push(Buffer.from('\n'))
  }
  const b64 = Buffer.from(block.bytes).toString('base64')
  for (let i = 0; i < b64.length; i += 64) parts.push(Buffer.from(b64.slice(i, i + 64) + '\n'))
  parts.push(Buffer.from('-----END '), type, Buffer.from('-----\n'))
  return Buffer.concat(parts)
}

export class PemEncodeError extends Error {
  override name = 'PemEncodeError'
}
