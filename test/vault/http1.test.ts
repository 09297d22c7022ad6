// Connections to one server (src/vault/http1.ts) against a raw TCP server that shows what was
// sent and answers byte for byte: the request's bytes, keep-alive reuse, the connection limit and
// the queue behind it, answers that end a connection, and exchanges ended early.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as net from 'node:net'
import { Http1Pool, type Http1Request } from '../../src/vault/http1.ts'

interface Seen {
  head: string
  body: string
  connection: number
}

type Answer = (req: Seen, socket: net.Socket) => void

/** A server that reads requests (head and Content-Length body) and lets `answer` write the bytes back. */
async function rawServer(answer: Answer) {
  const seen: Seen[] = []
  const sockets = new Set<net.Socket>()
  let connections = 0
  let open = 0
  let mostOpen = 0
  const server = net.createServer((socket) => {
    const connection = ++connections
    sockets.add(socket)
    open++
    mostOpen = Math.max(mostOpen, open)
    socket.on('close', () => {
      open--
      sockets.delete(socket)
    })
    socket.on('error', () => undefined)
    let buf = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      for (;;) {
        const end = buf.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buf.toString('latin1', 0, end)
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
        if (buf.length < end + 4 + length) return
        const req = { head, body: buf.toString('utf8', end + 4, end + 4 + length), connection }
        buf = buf.subarray(end + 4 + length)
        seen.push(req)
        answer(req, socket)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    seen,
    connections: () => connections,
    open: () => open,
    mostOpen: () => mostOpen,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const ok = (body = '{}') => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
const endpoint = (port: number) => ({ secure: false, host: '127.0.0.1', port, authority: `127.0.0.1:${port}` })
const get = (target: string, headers: Record<string, string> = {}): Http1Request => ({ method: 'GET', target, headers, maxBodyBytes: 1024 * 1024 })
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
}

test('http1: the request as sent: request line, headers, Host, framing, keep-alive', async () => {
  const server = await rawServer((_req, socket) => socket.write(ok()))
  const pool = new Http1Pool(endpoint(server.port), 4, true)
  try {
    await pool.request(get('/v1/secret/data/app?version=2', { 'X-Vault-Token': 'tok', 'X-Vault-Request': 'true' })).response
    await pool.request({ method: 'POST', target: '/v1/auth/x/login', headers: { 'Content-Type': 'application/json' }, body: '{"p":"€"}', maxBodyBytes: 1024 }).response
    await pool.request({ method: 'POST', target: '/v1/auth/token/revoke-self', headers: {}, maxBodyBytes: 1024 }).response
    await pool.request({ method: 'LIST', target: '/v1/secret/metadata/', headers: { Host: 'vault.example' }, maxBodyBytes: 1024 }).response
    const port = server.port
    assert.deepEqual(
      server.seen.map((s) => [s.head, s.body]),
      [
        [`GET /v1/secret/data/app?version=2 HTTP/1.1\r\nX-Vault-Token: tok\r\nX-Vault-Request: true\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive`, ''],
        [`POST /v1/auth/x/login HTTP/1.1\r\nContent-Type: application/json\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 11\r\nConnection: keep-alive`, '{"p":"€"}'],
        [`POST /v1/auth/token/revoke-self HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\nConnection: keep-alive`, ''],
        ['LIST /v1/secret/metadata/ HTTP/1.1\r\nHost: vault.example\r\nContent-Length: 0\r\nConnection: keep-alive', ''],
      ],
    )
    assert.equal(server.connections(), 1, 'one keep-alive connection carried all four')
  } finally {
    pool.close()
    await server.close()
  }
})

test('http1: without keep-alive, each request has its own connection, closed after', async () => {
  const server = await rawServer((_req, socket) => socket.write(ok()))
  try {
    for (let i = 0; i < 2; i++) await new Http1Pool(endpoint(server.port), 1, false).request(get('/v1/a')).response
    assert.equal(server.connections(), 2)
    assert.match(server.seen[0]!.head, /\r\nConnection: close$/)
    await until(() => server.open() === 0)
    assert.equal(server.open(), 0)
  } finally {
    await server.close()
  }
})

test('http1: at most maxSockets connections; requests past them wait and are answered in order', async () => {
  const server = await rawServer((req, socket) => setTimeout(() => socket.write(ok(JSON.stringify(req.head.split(' ')[1]))), 20))
  const pool = new Http1Pool(endpoint(server.port), 3, true)
  try {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.request(get(`/v1/${i}`)).response))
    assert.deepEqual(
      answers.map((a) => JSON.parse(a.body.toString())),
      Array.from({ length: 10 }, (_, i) => `/v1/${i}`),
    )
    assert.equal(server.connections(), 3)
    assert.equal(server.mostOpen(), 3)
  } finally {
    pool.close()
    await server.close()
  }
})

test('http1: an answer with Connection: close, or a server closing an idle connection: the next request opens a new one', async () => {
  let n = 0
  const server = await rawServer((_req, socket) => {
    n++
    if (n === 1) socket.write(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}`)
    else if (n === 2) socket.end(ok())
    else socket.write(ok())
  })
  const pool = new Http1Pool(endpoint(server.port), 2, true)
  try {
    await pool.request(get('/v1/1')).response
    await pool.request(get('/v1/2')).response
    await until(() => server.open() === 0)
    assert.equal((await pool.request(get('/v1/3')).response).status, 200)
    assert.deepEqual(
      server.seen.map((s) => s.connection),
      [1, 2, 3],
    )
  } finally {
    pool.close()
    await server.close()
  }
})

test('http1: bytes on an idle connection that nobody asked for close it; the next request has a fresh one', async () => {
  let n = 0
  const server = await rawServer((_req, socket) => {
    n++
    socket.write(ok())
    if (n === 1) setTimeout(() => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'), 10)
  })
  const pool = new Http1Pool(endpoint(server.port), 2, true)
  try {
    await pool.request(get('/v1/1')).response
    await until(() => server.open() === 0)
    assert.equal(server.open(), 0)
    await pool.request(get('/v1/2')).response
    assert.deepEqual(
      server.seen.map((s) => s.connection),
      [1, 2],
    )
  } finally {
    pool.close()
    await server.close()
  }
})

test('http1: an exchange ended early fails with its error and closes its connection; a waiting one takes the place; a waiting one ended is never sent', async () => {
  const server = await rawServer((req, socket) => {
    if (!req.head.startsWith('GET /v1/hang ')) socket.write(ok())
  })
  const pool = new Http1Pool(endpoint(server.port), 1, true)
  try {
    const hanging = pool.request(get('/v1/hang'))
    const dropped = pool.request(get('/v1/dropped'))
    const next = pool.request(get('/v1/next'))
    await until(() => server.seen.length === 1)
    const cut = new Error('cut')
    dropped.destroy(new Error('dropped'))
    hanging.destroy(cut)
    await assert.rejects(hanging.response, (e: unknown) => e === cut)
    await assert.rejects(dropped.response, /dropped/)
    assert.equal((await next.response).status, 200)
    assert.deepEqual(
      server.seen.map((s) => [s.head.split(' ')[1], s.connection]),
      [
        ['/v1/hang', 1],
        ['/v1/next', 2],
      ],
    )
  } finally {
    pool.close()
    await server.close()
  }
})

test('http1: close() ends what is under way and what waits; a refused connection fails with ECONNREFUSED', async () => {
  const server = await rawServer(() => undefined)
  const pool = new Http1Pool(endpoint(server.port), 1, true)
  const under = pool.request(get('/v1/a'))
  const waiting = pool.request(get('/v1/b'))
  await until(() => server.seen.length === 1)
  pool.close()
  await assert.rejects(under.response, (e: unknown) => (e as { code?: string }).code === 'ECONNRESET')
  await assert.rejects(waiting.response, (e: unknown) => (e as { code?: string }).code === 'ECONNRESET')
  await server.close()
  const gone = new Http1Pool(endpoint(server.port), 1, true)
  await assert.rejects(gone.request(get('/v1/a')).response, (e: unknown) => (e as { code?: string }).code === 'ECONNREFUSED')
  gone.close()
})

test('http1: an answer cut off mid-body fails as a reset and the connection is not reused', async () => {
  let n = 0
  const server = await rawServer((_req, socket) => {
    n++
    if (n === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial"')
    else socket.write(ok())
  })
  const pool = new Http1Pool(endpoint(server.port), 1, true)
  try {
    await assert.rejects(pool.request(get('/v1/1')).response, (e: unknown) => (e as { code?: string }).code === 'ECONNRESET')
    assert.equal((await pool.request(get('/v1/2')).response).status, 200)
    assert.equal(server.connections(), 2)
  } finally {
    pool.close()
    await server.close()
  }
})
