// Test helpers for the Vault-compatible server's own tests: a raw HTTP(S) call that returns the exact
// bytes, and a server started per test.
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { startVaultServer, type VaultServer, type VaultServerOptions } from './server.ts'

export interface Answer {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

export interface CallOptions {
  /** X-Vault-Token; null = none. Default `root`. */
  token?: string | null
  bearer?: string
  ns?: string
  body?: string
  headers?: Record<string, string>
  ca?: string
  /** HTTPS: a client certificate (PEM) and its key, for mTLS. */
  cert?: string
  key?: string
}

export function call(v: { url: string }, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...o.headers }
    if (o.token !== null) headers['X-Vault-Token'] = o.token ?? 'root'
    if (o.bearer) headers.Authorization = `Bearer ${o.bearer}`
    if (o.ns) headers['X-Vault-Namespace'] = o.ns
    const target = `${v.url}${path}`
    const request = target.startsWith('https:') ? httpsRequest : httpRequest
    const req = request(target, { method, headers, ca: o.ca, cert: o.cert, key: o.key, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

export async function withServer(options: VaultServerOptions, fn: (v: VaultServer) => Promise<void>): Promise<void> {
  const v = await startVaultServer(options)
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}

/** The envelope with request_id blanked, for byte comparisons. */
export const blankId = (body: string) => body.replace(/"request_id":"[0-9a-f-]{36}"/, '"request_id":"ID"')

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
