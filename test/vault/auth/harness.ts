// Shared by the auth method tests: the Vault-compatible server per test, a recording pass-through in
// front of it (the server's request log keeps no bodies, so the wire shape is read here), and the
// checks that a credential reaches neither a thrown error, the server's log nor the process output.

import assert from 'node:assert/strict'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { RenderError } from '../../../src/errors.ts'
import { login, type LoginRequest, type LoginToken } from '../../../src/vault/auth/login.ts'
import { vaultRequest, type ClientOptions, type VaultConnection } from '../../../src/vault/client.ts'
import { startVaultDouble, type VaultDouble, type VaultDoubleOptions } from '../../vault-server/double.ts'

/** No retries: a refused login is answered once, so the request log shows exactly one login. */
export const CLIENT: ClientOptions = { timeoutMs: 5_000, retries: 0, backoffMs: 0 }

/**
 * A server seeded with `seed`, and (plain HTTP only) a recording pass-through in front of it: logins
 * sent to `tap.url` reach the server and leave their method, target, headers and body in `tap.seen`.
 */
export async function withVault(seed: Record<string, unknown>, fn: (v: VaultDouble, tap: Tap) => Promise<void>, options: Omit<VaultDoubleOptions, 'seed'> = {}): Promise<void> {
  // The seed types live in the server; the tests write plain objects and let its validation judge them.
  const v = await startVaultDouble({ ...options, seed: seed as VaultDoubleOptions['seed'] })
  const tap = options.tls ? undefined : await startTap(v.url)
  try {
    await fn(v, tap ?? { url: v.url, seen: [], close: async () => {} })
  } finally {
    await tap?.close()
    await v.close()
  }
}

export interface Tap {
  url: string
  seen: Seen[]
  close(): Promise<void>
}

export interface Seen {
  method: string
  /** The request target as sent: `/v1/auth/userpass/login/alice`. */
  target: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** An HTTP pass-through to `target` that records every request (method, target, headers, body) on its way. */
export async function startTap(target: string): Promise<Tap> {
  const seen: Seen[] = []
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks)
    seen.push({ method: req.method ?? '', target: req.url ?? '', headers: req.headers, body: body.toString('utf8') })
    const out = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers, agent: false }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    })
    out.on('error', () => res.destroy())
    out.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Everything the process writes to stdout/stderr while `fn` runs (passed through as well). */
export async function capturingOutput<T>(fn: () => Promise<T>): Promise<{ output: string; result: PromiseSettledResult<T> }> {
  let output = ''
  const streams = [process.stdout, process.stderr]
  const originals = streams.map((s) => s.write)
  streams.forEach((s, i) => {
    // write's overloads cannot be restated one by one here; the wrapper only records and forwards.
    s.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      return (originals[i] as (...a: unknown[]) => boolean).call(s, chunk, ...rest)
    }) as typeof s.write
  })
  try {
    const [result] = await Promise.allSettled([fn()])
    return { output, result }
  } finally {
    streams.forEach((s, i) => (s.write = originals[i]))
  }
}

/**
 * The login, expected to be refused: the AUTH_FAILED error it throws. Asserts on the way that no
 * canary reached the error (message, stack, cause), the process output, or the server's request
 * log and minted-token table.
 */
export async function refused(v: VaultDouble | undefined, conn: VaultConnection, request: LoginRequest, what: string, canaries: string[], client: ClientOptions = CLIENT): Promise<RenderError> {
  const { output, result } = await capturingOutput(() => login(conn, request, what, client))
  assert.equal(result.status, 'rejected', 'the login was expected to be refused')
  const e = (result as PromiseRejectedResult).reason
  assert.ok(e instanceof RenderError, `a RenderError, not ${String(e)}`)
  assert.equal(e.code, 'AUTH_FAILED')
  assertNoCanary(canaries, { error: `${e.message}\n${e.stack}\n${String(e.cause)}`, output, ...(v ? serverLog(v) : {}) })
  return e
}

/** The login, expected to succeed, with the same canary checks as `refused`. */
export async function loggedIn(v: VaultDouble, conn: VaultConnection, request: LoginRequest, what: string, canaries: string[], client: ClientOptions = CLIENT): Promise<LoginToken> {
  const { output, result } = await capturingOutput(() => login(conn, request, what, client))
  if (result.status === 'rejected') throw result.reason
  assertNoCanary(canaries, { output, ...serverLog(v) })
  return result.value
}

const serverLog = (v: VaultDouble) => ({ requestLog: JSON.stringify(v.requests), mintedTokens: JSON.stringify(v.mintedTokens()) })

/** Each canary, and each of its 16-character pieces (a credential cut short is still a leak), appears in no place. */
export function assertNoCanary(canaries: string[], places: Record<string, string>): void {
  for (const [i, c] of canaries.entries()) {
    const pieces = c.length > 24 ? [c, ...Array.from({ length: Math.floor(c.length / 16) }, (_, i) => c.slice(i * 16, i * 16 + 16))] : [c]
    for (const [where, text] of Object.entries(places)) for (const p of pieces) assert.ok(!text.includes(p), `credential #${i} (or a piece of it) appears in the ${where}`)
  }
}

/** The minted token, looked up with itself: proves it is a live token of this server, and what Vault recorded for it. */
export async function lookupSelf(conn: VaultConnection, token: string): Promise<Record<string, unknown>> {
  const res = await vaultRequest(conn, 'GET', 'auth/token/lookup-self', token, { client: CLIENT })
  assert.equal(res.status, 200, res.body)
  return (JSON.parse(res.body) as { data: Record<string, unknown> }).data
}

/** The login requests the server logged: method, path, status and the names it recorded. */
export const loginLines = (v: VaultDouble) => v.requests.filter((r) => r.login).map((r) => ({ method: r.method, path: r.path, status: r.status, identity: r.identity, login: r.login }))

/** `cannot log in to Vault with <what>: POST /v1/<path>: Code: <status>. Errors: <text>`, as login.ts words a refusal. */
export const refusal = (what: string, path: string, status: number, text: string) => `cannot log in to Vault with ${what}: POST /v1/${path}: Code: ${status}. Errors: ${text}`

/** The one request the tap saw is the login Vault expects: `POST /v1/<path>`, a JSON body of exactly `body`, no token, the namespace header only when given. */
export function assertLoginWire(tap: Tap, target: string, body: Record<string, string>, namespace?: string): void {
  assert.equal(tap.seen.length, 1, 'one request: the login')
  const [s] = tap.seen
  assert.equal(`${s.method} ${s.target}`, `POST ${target}`)
  assert.equal(s.headers['content-type'], 'application/json')
  assert.deepEqual(JSON.parse(s.body), body)
  assert.equal(s.body, JSON.stringify(body), 'nothing but the fields of the method')
  assert.equal(s.headers['x-vault-token'], undefined, 'a login sends no token')
  assert.equal(s.headers['x-vault-namespace'], namespace)
}
