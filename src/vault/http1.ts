// Connections to one HTTP server and the requests they carry: HTTP/1.1 over TCP or TLS, one
// request at a time per connection, idle connections kept and reused (the most recent first, as
// Node's agent does), at most `maxSockets` open, requests past that waiting in order.
//
// Why not node:http: for Vault's small JSON answers its layers (the agent, ClientRequest and
// IncomingMessage streams, header bookkeeping) cost about four times the CPU of the exchange
// itself: 2,000 keep-alive GETs at 16 in flight took 0.38 s of CPU through node:http, 0.42 s
// through undici's Pool (plus 80 ms to load it), 0.10 s over plain sockets. A 10,000-ExternalSecret
// render has the event loop busy while Vault answers, so that CPU is wall time. The framing rules
// live in http1-response.ts; timeouts and retries stay with the caller (client.ts), which destroys
// an exchange to end it.

import { createRequire } from 'node:module'
import * as net from 'node:net'
import type * as tlsTypes from 'node:tls'
import { connectionEnded, type ParsedResponse, ResponseParser } from './http1-response.ts'

export type { ParsedResponse }

export interface Endpoint {
  secure: boolean
  /** The host to connect to: a name or an IP address (IPv6 without brackets). */
  host: string
  port: number
  /** The Host header: the URL's host, a non-default port and IPv6 brackets kept. */
  authority: string
  /** A secure endpoint's TLS settings: trusted CAs, a client certificate, verification. */
  tls?: Pick<tlsTypes.ConnectionOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'>
}

export interface Http1Request {
  method: string
  /** The request target: path and query, already encoded. */
  target: string
  headers: Record<string, string>
  body?: string
  /** The largest body read from the answer (ResponseTooLarge past it). */
  maxBodyBytes: number
}

// node:tls is loaded with the first secure connection: a render against plain-HTTP servers (the
// bundled one, a local dev Vault) never pays for it.
let tlsModule: typeof tlsTypes | undefined
const tls = (): typeof tlsTypes => (tlsModule ??= createRequire(import.meta.url)('node:tls') as typeof tlsTypes)

/** One request and its answer. `destroy` ends it early (a timeout, the run's deadline); its connection is closed. */
export class Exchange {
  readonly response: Promise<ParsedResponse>
  connection: Connection | undefined
  private settled = false
  private resolveResponse!: (res: ParsedResponse) => void
  private rejectResponse!: (err: unknown) => void

  readonly request: Http1Request
  private readonly pool: Http1Pool

  constructor(request: Http1Request, pool: Http1Pool) {
    this.request = request
    this.pool = pool
    this.response = new Promise((resolve, reject) => {
      this.resolveResponse = resolve
      this.rejectResponse = reject
    })
    // A failure nobody waits for yet (close() ending a waiting request) is not an unhandled rejection.
    this.response.catch(() => undefined)
  }

  destroy(err: Error): void {
    if (this.settled) return
    this.fail(err)
    if (this.connection) this.connection.destroy()
    else this.pool.unqueue(this)
  }

  succeed(res: ParsedResponse): void {
    if (this.settled) return
    this.settled = true
    this.resolveResponse(res)
  }

  fail(err: unknown): void {
    if (this.settled) return
    this.settled = true
    this.rejectResponse(err)
  }
}

/** The request's bytes. Headers the caller set win over the ones written here, as with node:http. */
function serialize(req: Http1Request, authority: string, keepAlive: boolean): Buffer {
  let head = `${req.method} ${req.target} HTTP/1.1\r\n`
  let host = false
  let connection = false
  let length = false
  for (const name in req.headers) {
    const lower = name.toLowerCase()
    if (lower === 'host') host = true
    else if (lower === 'connection') connection = true
    else if (lower === 'content-length' || lower === 'transfer-encoding') length = true
    head += `${name}: ${req.headers[name]}\r\n`
  }
  if (!host) head += `Host: ${authority}\r\n`
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8')
  // node:http says Content-Length: 0 for a body-less request of a method that may have one.
  if (!length && (body || (req.method !== 'GET' && req.method !== 'HEAD'))) head += `Content-Length: ${body?.length ?? 0}\r\n`
  if (!connection) head += keepAlive ? 'Connection: keep-alive\r\n' : 'Connection: close\r\n'
  head += '\r\n'
  const bytes = Buffer.from(head, 'latin1')
  return body ? Buffer.concat([bytes, body]) : bytes
}

class Connection {
  private exchange: Exchange | undefined
  private parser: ResponseParser | undefined
  private destroyed = false

  readonly socket: net.Socket
  private readonly pool: Http1Pool

  constructor(socket: net.Socket, pool: Http1Pool) {
    this.socket = socket
    this.pool = pool
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('end', () => this.onEnd())
    socket.on('error', (err) => this.onError(err))
    socket.on('close', () => this.onClose())
  }

  send(exchange: Exchange): void {
    this.exchange = exchange
    exchange.connection = this
    this.parser = new ResponseParser(exchange.request.maxBodyBytes, exchange.request.method === 'HEAD')
    this.socket.ref()
    this.socket.write(serialize(exchange.request, this.pool.endpoint.authority, this.pool.keepAlive))
  }

  destroy(): void {
    if (!this.destroyed) {
      this.destroyed = true
      this.socket.destroy()
    }
    this.pool.forget(this)
  }

  private onData(chunk: Buffer): void {
    const exchange = this.exchange
    const parser = this.parser
    // Bytes nobody asked for (an idle connection): its framing cannot be trusted.
    if (!exchange || !parser) return this.destroy()
    let res: ParsedResponse | undefined
    try {
      res = parser.push(chunk)
    } catch (err) {
      this.exchange = undefined
      this.destroy()
      return exchange.fail(err)
    }
    if (!res) return
    this.exchange = undefined
    this.parser = undefined
    exchange.connection = undefined
    exchange.succeed(res)
    if (res.reusable && this.pool.keepAlive && !this.destroyed) this.pool.release(this)
    else this.destroy()
  }

  /** The server closed its side: the answer ends here (when its body runs to the close) or is cut off. */
  private onEnd(): void {
    const exchange = this.exchange
    const parser = this.parser
    this.exchange = undefined
    this.destroy()
    if (!exchange || !parser) return
    try {
      exchange.succeed(parser.end())
    } catch (err) {
      exchange.fail(err)
    }
  }

  private onError(err: Error): void {
    const exchange = this.exchange
    this.exchange = undefined
    this.destroy()
    exchange?.fail(err)
  }

  private onClose(): void {
    const exchange = this.exchange
    this.exchange = undefined
    this.destroyed = true
    this.pool.forget(this)
    exchange?.fail(connectionEnded())
  }
}

export class Http1Pool {
  private readonly open = new Set<Connection>()
  private readonly idle: Connection[] = []
  private readonly waiting: Exchange[] = []

  readonly endpoint: Endpoint
  private readonly maxSockets: number
  /** Whether connections outlive their request; without it each request has its own, closed after. */
  readonly keepAlive: boolean

  constructor(endpoint: Endpoint, maxSockets: number, keepAlive: boolean) {
    this.endpoint = endpoint
    this.maxSockets = maxSockets
    this.keepAlive = keepAlive
  }

  request(req: Http1Request): Exchange {
    const exchange = new Exchange(req, this)
    this.dispatch(exchange)
    return exchange
  }

  /** A connection whose request is answered: the next waiting request's, or idle (not holding the process open). */
  release(connection: Connection): void {
    const next = this.waiting.shift()
    if (next) return connection.send(next)
    connection.socket.unref()
    this.idle.push(connection)
  }

  /** A connection that closed: forgotten, and its place given to a waiting request. */
  forget(connection: Connection): void {
    if (!this.open.delete(connection)) return
    const at = this.idle.indexOf(connection)
    if (at >= 0) this.idle.splice(at, 1)
    const next = this.waiting.shift()
    if (next) this.dispatch(next)
  }

  unqueue(exchange: Exchange): void {
    const at = this.waiting.indexOf(exchange)
    if (at >= 0) this.waiting.splice(at, 1)
  }

  /** Closes every connection; requests under way or waiting fail as cut off. */
  close(): void {
    for (const exchange of this.waiting.splice(0)) exchange.fail(connectionEnded())
    for (const connection of [...this.open]) connection.destroy()
  }

  private dispatch(exchange: Exchange): void {
    const idle = this.idle.pop()
    if (idle) return idle.send(exchange)
    if (this.open.size >= this.maxSockets) {
      this.waiting.push(exchange)
      return
    }
    const connection = new Connection(this.connect(), this)
    this.open.add(connection)
    connection.send(exchange)
  }

  private connect(): net.Socket {
    const { host, port, secure } = this.endpoint
    if (!secure) return net.connect({ host, port })
    // SNI and the certificate's name are the host's name; an IP address is checked against the certificate's IP SANs, without SNI.
    return tls().connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...this.endpoint.tls })
  }
}
