// The CLI (main.ts) and HTTPS serving: one JSON line with the URL once listening, SIGTERM ends it;
// a self-signed certificate from the openssl CLI.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { call, withServer } from './helpers.ts'

const NODE = process.execPath
const MAIN = new URL('./main.ts', import.meta.url).pathname
let dir = ''
let cert = ''
let key = ''

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-server-test-'))
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  )
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8')
  key = readFileSync(join(dir, 'key.pem'), 'utf8')
  writeFileSync(join(dir, 'vault.json'), JSON.stringify({ secret: { version: 2, token: 'demo-root-token', rawJson: { cfg: '{"ratio": 1.50}' } } }))
})
after(() => rmSync(dir, { recursive: true, force: true }))

const WRAPPER = new URL('../../scripts/vault-server.mjs', import.meta.url).pathname

function startCli(args: string[], command: string[] = [NODE, MAIN]): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(command[0], [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let stderr = ''
    child.stderr.on('data', (c) => (stderr += c))
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)))
    createInterface({ input: child.stdout }).once('line', (line) => {
      child.removeAllListeners('exit')
      const stop = () =>
        new Promise<number | null>((res) => {
          child.once('exit', (code) => res(code))
          child.kill('SIGTERM')
        })
      resolve({ url: (JSON.parse(line) as { url: string }).url, stop })
    })
  })
}

test('CLI: prints {"url"} once listening, serves the seed over HTTP, exits 0 on SIGTERM', async () => {
  const cli = await startCli(['--seed', join(dir, 'vault.json'), '--host', '127.0.0.1', '--port', '0'])
  try {
    assert.match(cli.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const r = await call(cli, 'GET', '/v1/secret/data/cfg', { token: 'demo-root-token' })
    assert.equal(r.status, 200)
    assert.ok(r.body.includes('"data":{"ratio":1.50}'))
  } finally {
    assert.equal(await cli.stop(), 0)
  }
})

test('CLI: npm run vault-server (scripts/vault-server.mjs) starts it on the system Node 20 too', async () => {
  const cli = await startCli(['--seed', join(dir, 'vault.json'), '--port', '0'], ['/usr/bin/node', WRAPPER])
  try {
    const r = await call(cli, 'GET', '/v1/secret/data/cfg', { token: 'demo-root-token' })
    assert.equal(r.status, 200)
  } finally {
    assert.equal(await cli.stop(), 0)
  }
})

test('CLI: HTTPS with --tls-cert/--tls-key, and --latency', async () => {
  const cli = await startCli(['--seed', join(dir, 'vault.json'), '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem'), '--latency', '50'])
  try {
    assert.match(cli.url, /^https:\/\/127\.0\.0\.1:\d+$/)
    const t0 = performance.now()
    const r = await call(cli, 'GET', '/v1/secret/data/cfg', { token: 'demo-root-token', ca: cert })
    assert.equal(r.status, 200)
    assert.ok(performance.now() - t0 >= 45)
  } finally {
    assert.equal(await cli.stop(), 0)
  }
})

test('CLI: usage errors exit 2', () => {
  for (const args of [[], ['--seed', 'x', '--tls-cert', 'c'], ['--seed', 'x', '--port', 'abc'], ['--bogus']]) {
    let status = 0
    try {
      execFileSync(NODE, [MAIN, ...args], { stdio: 'pipe' })
    } catch (e) {
      status = (e as { status: number }).status
    }
    assert.equal(status, 2, args.join(' '))
  }
})

test('HTTPS from the API: LIST works over TLS too; a client without the CA is refused', async () => {
  await withServer({ seed: { secret: { version: 2, secrets: { 'a/b': { k: 'v' } } } }, tls: { cert, key } }, async (v) => {
    assert.match(v.url, /^https:/)
    const r = await call(v, 'LIST', '/v1/secret/metadata/a', { ca: cert })
    assert.deepEqual([r.status, JSON.parse(r.body).data.keys], [200, ['b']])
    await assert.rejects(call(v, 'GET', '/v1/secret/data/a/b'), /self-signed|certificate/)
  })
})
