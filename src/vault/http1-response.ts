// Reads one HTTP/1.1 response from the bytes of a connection, as RFC 9112 frames it: the status
// line and headers, then a body delimited by Content-Length, by chunked transfer coding, or by the
// connection's end; informational (1xx) answers skipped; no body for HEAD, 204 and 304. Strict
// where Node's own parser (llhttp) is strict: a malformed status line, header, length or chunk is
// an error with llhttp's code, never a guess. Pure: the bytes come in, a response comes out, so
// that every split of an answer into packets can be tested against the whole.

/** The head (status line and headers) Node's parser allows by default: 16 KiB. */
export const MAX_HEAD_BYTES = 16 * 1024

/** A response the server framed wrongly; `code` is llhttp's for the same fault (what the error message shows). */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** The body would pass the reader's limit: nothing of it is kept. */
export class ResponseTooLarge extends Error {
  override name = 'ResponseTooLarge'
}

/** The connection ended before the response did, as Node reports it (`ECONNRESET`). */
export function connectionEnded(): Error & { code: string } {
  return Object.assign(new Error('the connection ended before the response did'), { code: 'ECONNRESET' })
}

export interface ParsedResponse {
  status: number
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>
  body: Buffer
  /** Whether the connection may carry another request: HTTP/1.1 without `Connection: close`, a body framed by length or chunks, nothing after it. */
  reusable: boolean
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done'

const CRLF = Buffer.from('\r\n')
const HEAD_END = Buffer.from('\r\n\r\n')
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const DIGITS = /^\d{1,15}$/
const HEX = /^[0-9A-Fa-f]{1,12}$/

export class ResponseParser {
  private state: State = 'head'
  private pending: Buffer = Buffer.alloc(0)
  private offset = 0
  private status = 0
  private headers: Record<string, string> = {}
  private keepAlive = false
  private remaining = 0
  private readonly body: Buffer[] = []
  private bodyBytes = 0
  private trailerBytes = 0
  private received = false

  /**
   * @param maxBodyBytes the largest body read; past it, ResponseTooLarge.
   * @param headRequest the request was HEAD: the answer has no body whatever its headers say.
   */
  private readonly maxBodyBytes: number
  private readonly headRequest: boolean

  constructor(maxBodyBytes: number, headRequest = false) {
    this.maxBodyBytes = maxBodyBytes
    this.headRequest = headRequest
  }

  /** Whether any byte of the response has arrived (a connection that ends before is a stale keep-alive one). */
  get started(): boolean {
    return this.received
  }

  /** Feeds the next bytes; the response once it is complete, and then nothing more may be fed. */
  push(chunk: Buffer): ParsedResponse | undefined {
    if (this.state === 'done') throw new ProtocolError('HPE_INVALID_CONSTANT', 'bytes after the response')
    if (chunk.length === 0) return undefined
    this.received = true
    if (this.offset >= this.pending.length) {
      this.pending = chunk
      this.offset = 0
    } else {
      this.pending = Buffer.concat([this.pending.subarray(this.offset), chunk])
      this.offset = 0
    }
    return this.advance()
  }

  /** The connection ended: the response, when its body runs to the end of the connection; otherwise an error. */
  end(): ParsedResponse {
    if (this.state !== 'until-close') throw connectionEnded()
    this.take(this.pending.subarray(this.offset))
    this.offset = this.pending.length
    return this.finish(false)
  }

  private advance(): ParsedResponse | undefined {
    for (;;) {
      const buf = this.pending
      switch (this.state) {
        case 'head': {
          const end = buf.indexOf(HEAD_END, this.offset)
          if (end < 0) {
            if (buf.length - this.offset > MAX_HEAD_BYTES) throw new ProtocolError('HPE_HEADER_OVERFLOW', `the response's headers are larger than ${MAX_HEAD_BYTES / 1024} KiB`)
            return undefined
          }
          if (end - this.offset > MAX_HEAD_BYTES) throw new ProtocolError('HPE_HEADER_OVERFLOW', `the response's headers are larger than ${MAX_HEAD_BYTES / 1024} KiB`)
          const head = buf.toString('latin1', this.offset, end)
          this.offset = end + 4
          if (this.readHead(head)) return this.finish(this.keepAlive)
          break
        }
        case 'length': {
          const n = Math.min(this.remaining, buf.length - this.offset)
          this.take(buf.subarray(this.offset, this.offset + n))
          this.offset += n
          this.remaining -= n
          if (this.remaining > 0) return undefined
          return this.finish(this.keepAlive)
        }
        case 'chunk-size': {
          const eol = buf.indexOf(CRLF, this.offset)
          if (eol < 0) {
            if (buf.length - this.offset > 1024) throw new ProtocolError('HPE_INVALID_CHUNK_SIZE', 'a chunk size line longer than 1 KiB')
            return undefined
          }
          const line = buf.toString('latin1', this.offset, eol)
          this.offset = eol + 2
          // Chunk extensions (`;name=value`) carry nothing a client needs.
          const semi = line.indexOf(';')
          const size = (semi < 0 ? line : line.slice(0, semi)).replace(/[ \t]+$/, '')
          if (!HEX.test(size)) throw new ProtocolError('HPE_INVALID_CHUNK_SIZE', 'a chunk size that is not a hexadecimal number')
          this.remaining = Number.parseInt(size, 16)
          this.state = this.remaining === 0 ? 'trailers' : 'chunk-data'
          if (this.remaining > 0 && this.bodyBytes + this.remaining > this.maxBodyBytes) throw new ResponseTooLarge()
          break
        }
        case 'chunk-data': {
          const n = Math.min(this.remaining, buf.length - this.offset)
          this.take(buf.subarray(this.offset, this.offset + n))
          this.offset += n
          this.remaining -= n
          if (this.remaining > 0) return undefined
          this.state = 'chunk-end'
          break
        }
        case 'chunk-end': {
          if (buf.length - this.offset < 2) return undefined
          if (buf[this.offset] !== 13 || buf[this.offset + 1] !== 10) throw new ProtocolError('HPE_STRICT', 'a chunk not followed by CRLF')
          this.offset += 2
          this.state = 'chunk-size'
          break
        }
        case 'trailers': {
          const eol = buf.indexOf(CRLF, this.offset)
          if (eol < 0) {
            if (this.trailerBytes + buf.length - this.offset > MAX_HEAD_BYTES) throw new ProtocolError('HPE_HEADER_OVERFLOW', `the response's trailers are larger than ${MAX_HEAD_BYTES / 1024} KiB`)
            return undefined
          }
          const empty = eol === this.offset
          this.trailerBytes += eol + 2 - this.offset
          this.offset = eol + 2
          if (this.trailerBytes > MAX_HEAD_BYTES) throw new ProtocolError('HPE_HEADER_OVERFLOW', `the response's trailers are larger than ${MAX_HEAD_BYTES / 1024} KiB`)
          // Trailer fields are read past, not kept: nothing of Vault's answer lives there.
          if (empty) return this.finish(this.keepAlive)
          break
        }
        case 'until-close': {
          this.take(buf.subarray(this.offset))
          this.offset = buf.length
          return undefined
        }
        case 'done':
          return undefined
      }
    }
  }

  /** Reads a head and sets how its body is framed; true when the response has no body (it is complete). */
  private readHead(head: string): boolean {
    const lines = head.split('\r\n')
    const status = STATUS_LINE.exec(lines[0] ?? '')
    if (!status) throw new ProtocolError('HPE_INVALID_CONSTANT', 'the answer is not an HTTP/1.x response')
    const minor = status[1]
    this.status = Number(status[2])
    const headers: Record<string, string> = {}
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!
      const colon = line.indexOf(':')
      // A line starting with a space or tab continues the previous one (obsolete line folding): refused, as llhttp refuses it.
      if (colon <= 0 || !TOKEN.test(line.slice(0, colon))) throw new ProtocolError('HPE_INVALID_HEADER_TOKEN', 'a header line that is not `name: value`')
      const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')
      if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new ProtocolError('HPE_INVALID_HEADER_TOKEN', 'a header value with a control character')
      const name = line.slice(0, colon).toLowerCase()
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value
    }
    // 1xx answers are provisional (100 Continue, 103 Early Hints): the final one follows.
    if (this.status >= 100 && this.status < 200) {
      if (this.status === 101) throw new ProtocolError('HPE_INVALID_CONSTANT', 'the server switched protocols, which was not asked for')
      return false
    }
    this.headers = headers
    const connection = (headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .map((t) => t.trim())
    this.keepAlive = minor === '1' ? !connection.includes('close') : connection.includes('keep-alive')
    if (this.headRequest || this.status === 204 || this.status === 304) return true
    const te = headers['transfer-encoding']
    const cl = headers['content-length']
    if (te !== undefined) {
      const codings = te
        .toLowerCase()
        .split(',')
        .map((t) => t.trim())
      // Both headers: the transfer coding frames the body and the connection is not trusted after (RFC 9112 6.3).
      if (cl !== undefined) this.keepAlive = false
      if (codings.at(-1) === 'chunked') {
        this.state = 'chunk-size'
      } else {
        this.state = 'until-close'
        this.keepAlive = false
      }
      return false
    }
    if (cl !== undefined) {
      const values = cl.split(',').map((v) => v.trim())
      if (!values.every((v) => v === values[0]) || !DIGITS.test(values[0]!)) throw new ProtocolError('HPE_INVALID_CONTENT_LENGTH', 'a Content-Length that is not one number')
      this.remaining = Number(values[0])
      if (this.remaining > this.maxBodyBytes) throw new ResponseTooLarge()
      this.state = 'length'
      return false
    }
    this.state = 'until-close'
    this.keepAlive = false
    return false
  }

  private take(part: Buffer): void {
    if (part.length === 0) return
    this.bodyBytes += part.length
    if (this.bodyBytes > this.maxBodyBytes) throw new ResponseTooLarge()
    this.body.push(part)
  }

  private finish(reusable: boolean): ParsedResponse {
    const rest = this.pending.length - this.offset
    this.state = 'done'
    const body = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body)
    this.body.length = 0
    // Bytes after a complete response were not asked for: the connection's framing cannot be trusted.
    return { status: this.status, headers: this.headers, body, reusable: reusable && rest === 0 }
  }
}
