// `eso-render check`: the offline plan, as text and JSON, its exit codes, and proof that it sends
// nothing: the bundled Vault-compatible server's request log stays empty in every row.

import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCheck } from '../../src/hosts/check.ts'
import { FIXTURES } from '../support/fixtures.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

let vault: VaultDouble
before(async () => {
  vault = await startVaultDouble({ seed: { secret: { version: 2, token: 'root', secrets: { app: { password: 'CHECK-CANARY-77' } } } } })
})
after(() => vault.close())

const readFile = (p: string) => readFileSync(p, 'utf8')
const check = (args: string[], env: Record<string, string> = {}, stdin = '') => runCheck({ args, stdin: async () => stdin, env, readFile })

const store = (auth: string, server = 'https://vault.example.com:8200') =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: ${server}\n      path: secret\n      auth: ${auth}\n`
const es = (name: string, extra = '') =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - secretKey: password\n    remoteRef: {key: app, property: password}\n  - secretKey: again\n    remoteRef: {key: app, property: password, version: "2"}\n${extra}`
const secret = (name: string, data: Record<string, string>) =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: apps}\nstringData: {${Object.entries(data)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}\n`

interface Json {
  externalSecrets: {
    resource: string
    store: string
    server: { url: string; source: string }
    auth: Record<string, string>
    overrides: string[]
    reads: { kind: string; method: string; path: string; version: string | null }[]
  }[]
  problems: { code: string; resource?: string; field?: string; message: string }[]
}

test('check --output json: every ExternalSecret with its store, server, auth and reads; exit 0; nothing sent', async () => {
  vault.clearRequests()
  const input = [secret('vault-token', { token: 'root' }), store('{tokenSecretRef: {name: vault-token, key: token}}', vault.url), es('app')].join('---\n')
  const out = await check(['--output', 'json', '-'], {}, input)
  assert.equal(out.exitCode, 0, out.stdout + out.stderr)
  const json = JSON.parse(out.stdout) as Json
  assert.deepEqual(json.problems, [])
  assert.equal(json.externalSecrets.length, 1)
  const [e] = json.externalSecrets
  assert.equal(e.resource, 'ExternalSecret apps/app')
  assert.equal(e.store, 'SecretStore/apps/vault')
  assert.deepEqual(e.server, { url: vault.url, source: 'store' })
  assert.deepEqual(e.auth, { method: 'tokenSecretRef', identity: 'Secret apps/vault-token key token', source: 'store' })
  assert.deepEqual(e.reads, [
    { kind: 'read', method: 'GET', path: '/v1/secret/data/app', version: null, store: 'SecretStore/apps/vault' },
    { kind: 'read', method: 'GET', path: '/v1/secret/data/app', version: '2', store: 'SecretStore/apps/vault' },
  ])
  assert.deepEqual(vault.requests, [])
})

test('check: the operator overrides are listed with who set them, and the stand-in token is named, never its value', async () => {
  const out = await check(['--output', 'json', '-'], { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 'hvs.CHECK-TOKEN-CANARY' }, [store('{}'), es('app')].join('---\n'))
  assert.equal(out.exitCode, 0, out.stdout)
  const [e] = (JSON.parse(out.stdout) as Json).externalSecrets
  assert.deepEqual(e.server, { url: 'http://127.0.0.1:8200', source: 'VAULT_ADDR' })
  assert.equal(e.auth.source, 'VAULT_TOKEN')
  assert.match(e.overrides.join('\n'), /server replaced by http:\/\/127\.0\.0\.1:8200 \(set by the operator \(\$VAULT_ADDR\)\)/)
  assert.ok(!out.stdout.includes('CHECK-TOKEN-CANARY') && !out.stderr.includes('CHECK-TOKEN-CANARY'))
})

test('check: a login store names its method, mount, role and where the credentials come from, and logs in nowhere', async () => {
  vault.clearRequests()
  const input = [secret('approle', { 'secret-id': 'SECRET-ID-CANARY' }), store('{appRole: {path: approle, roleId: app-role, secretRef: {name: approle, key: secret-id}}}', vault.url), es('app')].join(
    '---\n',
  )
  const out = await check(['--output', 'json', '-'], {}, input)
  assert.equal(out.exitCode, 0, out.stdout)
  const [e] = (JSON.parse(out.stdout) as Json).externalSecrets
  assert.equal(e.auth.method, 'appRole')
  assert.equal(e.auth.mount, 'approle')
  assert.match(e.auth.identity, /secretId from Secret apps\/approle key secret-id/)
  assert.ok(!out.stdout.includes('SECRET-ID-CANARY'))
  assert.deepEqual(vault.requests, [])
})

const problems: { name: string; input: string; env?: Record<string, string>; code: string; field?: RegExp }[] = [
  {
    name: 'a schema error',
    input: `${store('{}')}---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: x, namespace: apps}\nspec: {secretStoreRef: {name: vault}, data: [{secretKey: 1}]}\n`,
    code: 'SCHEMA_INVALID',
  },
  { name: 'a missing store', input: es('app'), code: 'STORE_NOT_FOUND', field: /spec\.secretStoreRef/ },
  { name: 'an operator token for an untrusted server', input: [store('{}'), es('app')].join('---\n'), env: { VAULT_TOKEN: 'x' }, code: 'SERVER_NOT_TRUSTED' },
  {
    name: 'a template that does not parse',
    input: [store('{}'), es('app', '  target:\n    template:\n      data:\n        url: "{{ .password | nosuchfunction }}"\n')].join('---\n'),
    env: { VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: 'x' },
    code: 'TEMPLATE_FAILED',
    field: /spec\.target\.template\.data\["url"\]/,
  },
]
for (const p of problems) {
  test(`check: ${p.name} is a ${p.code} problem, exit 1, nothing sent`, async () => {
    vault.clearRequests()
    const out = await check(['--output', 'json', '-'], p.env ?? {}, p.input)
    assert.equal(out.exitCode, 1, out.stdout)
    const json = JSON.parse(out.stdout) as Json
    const found = json.problems.find((x) => x.code === p.code)
    assert.ok(found, JSON.stringify(json.problems))
    if (p.field) assert.match(found.field ?? '', p.field)
    assert.deepEqual(vault.requests, [])
  })
}

test('check (text): the demo fixture reads as one block per ExternalSecret and a verdict', async () => {
  const out = await check([join(FIXTURES, 'demo', 'input.yaml')], { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 'demo-root-token' })
  assert.equal(out.exitCode, 0, out.stdout)
  assert.match(out.stdout, /^ExternalSecret demo\/web-tls \(.*input\.yaml\[2\]\)\n {2}store: {2}SecretStore\/demo\/vault\n {2}server: http:\/\/127\.0\.0\.1:8200 \(VAULT_ADDR\)\n/m)
  assert.match(out.stdout, / {2}read: GET \/v1\/secret\/data\/demo\/db\n/)
  assert.match(out.stdout, /no problems: 3 ExternalSecrets would render\n$/)
})

test('check: usage errors exit 2', async () => {
  assert.equal((await check(['--output', 'yaml'])).exitCode, 2)
  assert.equal((await check(['--output'])).exitCode, 2)
  assert.equal((await check(['--bogus'])).exitCode, 2)
})

// Issue 14: check reads what render reads; a FIFO in a directory is skipped with a warning. In a
// child process killed after 30 s (SIGKILL: a process blocked reading a FIFO runs no signal handler).
test('check: a directory holding a FIFO named x.yaml is checked without it, with a warning (issue 14)', { timeout: 60_000 }, async () => {
  const { execFileSync, spawnSync } = await import('node:child_process')
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-check-fifo-'))
  try {
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n')
    execFileSync('mkfifo', [join(dir, 'x.yaml')])
    const cli = new URL('../../src/bin.ts', import.meta.url).pathname
    const res = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, timeout: 30_000, killSignal: 'SIGKILL', env: { PATH: process.env.PATH ?? '' } })
    assert.equal(res.signal, null, 'check finished (it was not killed at the timeout)')
    assert.equal(res.status, 0, res.stderr.toString())
    assert.equal(res.stdout.toString(), 'no problems: 0 ExternalSecrets would render\n')
    assert.equal(res.stderr.toString(), 'eso-render: warning: skipped x.yaml: a FIFO (named pipe), not a regular file\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
