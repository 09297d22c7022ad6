// The HTTP/1.1 response reader: each answer of the table read whole, at every split into two
// packets, and byte by byte, with the same outcome; framing errors carry llhttp's codes.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_HEAD_BYTES, ProtocolError, type ParsedResponse, ResponseParser, ResponseTooLarge } from '../../src/vault/http1-response.ts'

interface Outcome {
  status: number
  body: string
  reusable: boolean
  headers?: Record<string, string>
}

/** Reads `text` fed in the given pieces; `ended` says the connection then closed. */
function read(pieces: Buffer[], opts: { max?: number; head?: boolean; ended?: boolean } = {}): Outcome | Error {
  const parser = new ResponseParser(opts.max ?? 1024 * 1024, opts.head)
  try {
    let res: ParsedResponse | undefined
    for (const piece of pieces) {
      res = parser.push(piece)
      if (res) break
    }
    if (!res && opts.ended) res = parser.end()
    if (!res) return new Error('incomplete')
    return { status: res.status, body: res.body.toString('utf8'), reusable: res.reusable, headers: res.headers }
  } catch (err) {
    return err as Error
  }
}

/** Every way of reading `text`: whole, split in two at each byte, one byte at a time. */
function splits(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'utf8')
  const ways: Buffer[][] = [[bytes]]
  for (let i = 1; i < bytes.length; i++) ways.push([bytes.subarray(0, i), bytes.subarray(i)])
  ways.push([...bytes].map((b) => Buffer.from([b])))
  return ways
}

const json = '{"data":{"data":{"password":"pw-€"}}}'
const jsonBytes = Buffer.byteLength(json)

const answers: { name: string; text: string; head?: boolean; ended?: boolean; whole?: boolean; want: Outcome | { code: string } | 'too-large' | 'incomplete' }[] = [
  { name: 'Content-Length', text: `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${jsonBytes}\r\n\r\n${json}`, want: { status: 200, body: json, reusable: true } },
  { name: 'chunked in one chunk', text: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${jsonBytes.toString(16)}\r\n${json}\r\n0\r\n\r\n`, want: { status: 200, body: json, reusable: true } },
  {
    name: 'chunked in three chunks, extensions and a trailer',
    text: 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3;x=y\r\n{"a\r\nE \r\n":"0123456789"\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n',
    want: { status: 200, body: '{"a":"0123456789"}', reusable: true },
  },
  { name: 'Connection: close', text: 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}', want: { status: 403, body: '{}', reusable: false } },
  { name: 'Connection: keep-alive, close (a list)', text: 'HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n', want: { status: 200, body: '', reusable: false } },
  { name: 'HTTP/1.0 without keep-alive', text: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}', want: { status: 200, body: '{}', reusable: false } },
  { name: 'HTTP/1.0 with keep-alive', text: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}', want: { status: 200, body: '{}', reusable: true } },
  { name: 'a body delimited by the close', text: 'HTTP/1.1 200 OK\r\n\r\n{"x":1}', ended: true, want: { status: 200, body: '{"x":1}', reusable: false } },
  { name: 'a body delimited by the close, never closed', text: 'HTTP/1.1 200 OK\r\n\r\n{"x":1}', want: 'incomplete' },
  { name: 'Transfer-Encoding not chunked: until the close', text: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz', ended: true, want: { status: 200, body: 'zz', reusable: false } },
  {
    name: 'both Transfer-Encoding and Content-Length: chunks, not reused',
    text: 'HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    want: { status: 200, body: '{}', reusable: false },
  },
  { name: '204 has no body', text: 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n', want: { status: 204, body: '', reusable: true } },
  { name: '304 has no body', text: 'HTTP/1.1 304 Not Modified\r\n\r\n', want: { status: 304, body: '', reusable: true } },
  { name: 'HEAD has no body', text: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', head: true, want: { status: 200, body: '', reusable: true } },
  { name: '100 Continue, then the answer', text: `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: ${jsonBytes}\r\n\r\n${json}`, want: { status: 200, body: json, reusable: true } },
  { name: 'a status line without a reason', text: 'HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n', want: { status: 503, body: '', reusable: true } },
  // Read whole only: bytes arriving after the answer in a later packet are the connection's to refuse (http1.test.ts).
  { name: 'bytes after the answer: not reused', whole: true, text: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 200 OK\r\n', want: { status: 200, body: '{}', reusable: false } },
  { name: 'repeated equal Content-Length', text: 'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\n{}', want: { status: 200, body: '{}', reusable: true } },
  { name: 'not HTTP', text: 'SSH-2.0-OpenSSH_9.2\r\n\r\n', want: { code: 'HPE_INVALID_CONSTANT' } },
  { name: 'HTTP/2 preface', text: 'HTTP/2 200\r\n\r\n', want: { code: 'HPE_INVALID_CONSTANT' } },
  { name: '101 Switching Protocols', text: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', want: { code: 'HPE_INVALID_CONSTANT' } },
  { name: 'a header without a colon', text: 'HTTP/1.1 200 OK\r\nBroken\r\nContent-Length: 0\r\n\r\n', want: { code: 'HPE_INVALID_HEADER_TOKEN' } },
  { name: 'a header name with a space', text: 'HTTP/1.1 200 OK\r\nContent Length: 0\r\n\r\n', want: { code: 'HPE_INVALID_HEADER_TOKEN' } },
  { name: 'a folded header line', text: 'HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n', want: { code: 'HPE_INVALID_HEADER_TOKEN' } },
  { name: 'differing Content-Length', text: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', want: { code: 'HPE_INVALID_CONTENT_LENGTH' } },
  { name: 'a negative Content-Length', text: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', want: { code: 'HPE_INVALID_CONTENT_LENGTH' } },
  { name: 'a chunk size that is not hexadecimal', text: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', want: { code: 'HPE_INVALID_CHUNK_SIZE' } },
  { name: 'a chunk longer than its size', text: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n', want: { code: 'HPE_STRICT' } },
  { name: 'cut off in the body', text: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}', ended: true, want: { code: 'ECONNRESET' } },
  { name: 'cut off in the chunks', text: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}', ended: true, want: { code: 'ECONNRESET' } },
  { name: 'a body past the limit by its length', text: 'HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n', want: 'too-large' },
  {
    name: 'a body past the limit in chunks',
    text: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'200\r\n' + 'x'.repeat(512) + '\r\n'}${'300\r\n' + 'x'.repeat(768) + '\r\n'}0\r\n\r\n`,
    want: 'too-large',
  },
  { name: 'a body past the limit until the close', text: `HTTP/1.1 200 OK\r\n\r\n${'x'.repeat(1025)}`, want: 'too-large' },
]

for (const a of answers) {
  test(`response: ${a.name}`, () => {
    for (const pieces of a.whole ? [[Buffer.from(a.text)]] : splits(a.text)) {
      const got = read(pieces, { head: a.head, ended: a.ended, max: 1024 })
      const where = `read in ${pieces.length} piece(s), the first ${pieces[0]!.length} bytes`
      if (a.want === 'too-large') assert.ok(got instanceof ResponseTooLarge, where)
      else if (a.want === 'incomplete') assert.ok(got instanceof Error && got.message === 'incomplete', where)
      else if ('code' in a.want) assert.equal((got as { code?: string }).code, a.want.code, `${where}: ${String(got)}`)
      else {
        assert.ok(!(got instanceof Error), `${where}: ${String(got)}`)
        const { headers: _, ...rest } = got
        assert.deepEqual(rest, a.want, where)
      }
    }
  })
}

test('response: header names are lower case, repeated headers joined, values trimmed', () => {
  const got = read([Buffer.from('HTTP/1.1 429 Too Many Requests\r\nRetry-After:  3 \r\nX-Vault: a\r\nx-vault: b\r\nContent-Length: 0\r\n\r\n')])
  assert.ok(!(got instanceof Error))
  assert.deepEqual(got.headers, { 'retry-after': '3', 'x-vault': 'a, b', 'content-length': '0' })
})

test('response: a head past 16 KiB is refused before it ends, as Node refuses it', () => {
  const parser = new ResponseParser(1024)
  parser.push(Buffer.from('HTTP/1.1 200 OK\r\n'))
  assert.throws(
    () => {
      for (let i = 0; i < 2 * MAX_HEAD_BYTES; i += 64) parser.push(Buffer.from(`X-${i}: ${'v'.repeat(56)}\r\n`))
    },
    (e: unknown) => e instanceof ProtocolError && e.code === 'HPE_HEADER_OVERFLOW',
  )
})

test('response: a connection that ends before any byte is a reset, and says no byte came', () => {
  const parser = new ResponseParser(1024)
  assert.equal(parser.started, false)
  assert.throws(
    () => parser.end(),
    (e: unknown) => (e as { code?: string }).code === 'ECONNRESET',
  )
})
