// `eso-render playground` (src/hosts/playground.ts): serves the built page on 127.0.0.1, prints
// its URL, sends the page's policy as a header, serves nothing else, and refuses other Hosts.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPlayground, type PlaygroundServer } from '../../src/hosts/playground.ts'

const dir = mkdtempSync(join(tmpdir(), 'eso-playground-'))
const page = join(dir, 'index.html')
const CSP = "default-src 'none'; connect-src 'none'; script-src 'sha256-x'"
writeFileSync(page, `<!doctype html><meta http-equiv="Content-Security-Policy" content="${CSP}"><p>page</p>`)
const io = (args: string[]) => ({ args, stdin: async () => '', env: {}, readFile: () => '' })

function get(url: string, options: { method?: string; host?: string; path?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function serve(args: string[] = []): Promise<{ server: PlaygroundServer; printed: string; done: ReturnType<typeof runPlayground> }> {
  let printed = ''
  let started: (s: PlaygroundServer) => void = () => undefined
  const ready = new Promise<PlaygroundServer>((resolve) => (started = resolve))
  const done = runPlayground(io(args), (t) => (printed += t), { pageFile: page, started })
  const server = await Promise.race([ready, done.then((o) => Promise.reject(new Error(o.stderr)))])
  return { server, printed, done }
}

test('serves the page on 127.0.0.1, prints the URL, and ends with exit 0 when stopped', async () => {
  const { server, printed, done } = await serve()
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/)
  assert.ok(printed.includes(server.url), printed)
  const res = await get(server.url)
  assert.equal(res.status, 200)
  assert.match(res.body, /<p>page<\/p>/)
  assert.equal(res.headers['content-security-policy'], `${CSP}; frame-ancestors 'none'`)
  assert.equal(res.headers['x-content-type-options'], 'nosniff')
  assert.equal(res.headers['referrer-policy'], 'no-referrer')
  assert.equal((await get(server.url, { path: '/index.html' })).status, 200)
  assert.equal((await get(server.url, { path: '/../etc/passwd' })).status, 404)
  assert.equal((await get(server.url, { path: '/other.js' })).status, 404)
  assert.equal((await get(server.url, { method: 'POST' })).status, 405)
  // DNS rebinding: a page of another site that resolves its name to 127.0.0.1.
  assert.equal((await get(server.url, { host: 'evil.example:80' })).status, 421)
  assert.equal((await get(server.url, { host: new URL(server.url).host.replace('127.0.0.1', 'localhost') })).status, 200)
  await server.close()
  assert.deepEqual(await done, { stdout: '', stderr: '', exitCode: 0 })
})

test('--port N listens there', async () => {
  const free = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
  const { server } = await serve(['--port', String(free)])
  assert.equal(server.url, `http://127.0.0.1:${free}/`)
  await server.close()
})

const usage: { name: string; args: string[]; pageFile?: string; error: RegExp }[] = [
  { name: 'a port that is not a number', args: ['--port', 'http'], error: /--port "http": expected a port number/ },
  { name: 'a port out of range', args: ['--port', '70000'], error: /expected a port number from 0 to 65535/ },
  { name: 'positional arguments', args: ['dir'], error: /usage: eso-render playground \[--port N\]/ },
  { name: 'render options', args: ['--reloader', 'none'], error: /usage: eso-render playground/ },
  { name: 'the page not built', args: [], pageFile: join(dir, 'missing.html'), error: /the playground's page is not built .*npm run build/ },
]
for (const row of usage) {
  test(`usage error, exit 2: ${row.name}`, async () => {
    const out = await runPlayground(io(row.args), () => assert.fail('nothing is served'), { pageFile: row.pageFile ?? page })
    assert.equal(out.exitCode, 2)
    assert.match(out.stderr, row.error)
  })
}

test('a port in use is a clear error, exit 2', async () => {
  const { server } = await serve()
  const port = new URL(server.url).port
  const out = await runPlayground(io(['--port', port]), () => assert.fail('nothing is served'), { pageFile: page })
  assert.equal(out.exitCode, 2)
  assert.match(out.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`))
  await server.close()
})
