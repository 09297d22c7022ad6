// A run cut short by its host: the built CLI gets SIGTERM while it holds a Vault login token (its
// read hangs at the bundled Vault-compatible server); the token is revoked before the process ends
// with 143, nothing is written to stdout, and stderr says so. With no login in hand, SIGTERM ends
// the run just the same.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { BUNDLE, cleanEnv, requireBundle } from '../support/run.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

requireBundle()
const PASSWORD = 'TERM-PW-CANARY-4f1'
const input = [
  'apiVersion: v1\nkind: Secret\nmetadata: {name: pw, namespace: apps}\nstringData: {password: ' + PASSWORD + '}\n',
  'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: http://placeholder:8200\n      path: secret\n      auth: {userPass: {path: userpass, username: alice, secretRef: {name: pw, key: password}}}\n',
  'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - secretKey: v\n    remoteRef: {key: app, property: v}\n',
].join('---\n')
const seed = {
  $server: { auth: { userpass: { type: 'userpass', users: { alice: { password: PASSWORD, rules: [{ path: 'secret/data/*', capabilities: ['read'] }] } } } } },
  secret: { version: 2, secrets: { app: { v: 'value' } } },
}

async function stopWhen(vault: VaultDouble, ready: () => boolean, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [BUNDLE, 'render', '-', '--vault-retries', '0', '--vault-timeout', '30'], { env: cleanEnv({ VAULT_ADDR: vault.url }), stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  child.stdin.end(input)
  const started = Date.now()
  while (!ready()) {
    if (Date.now() - started > 20_000) throw new Error('the run never reached the point to stop it')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  child.kill(signal)
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
  return { code, stdout, stderr }
}

test('SIGTERM while a read hangs: the login token is revoked, exit 143, nothing on stdout', async () => {
  const vault = await startVaultDouble({ seed: seed as never })
  try {
    vault.addFault({ action: { latencyMs: 20_000 }, path: /^secret\/data\//, count: Number.POSITIVE_INFINITY })
    const out = await stopWhen(vault, () => vault.requests.some((r) => r.path.startsWith('secret/data/')), 'SIGTERM')
    assert.equal(out.code, 143, out.stderr)
    assert.equal(out.stdout, '')
    assert.match(out.stderr, /eso-render: error: stopped by SIGTERM; nothing was rendered; the run's Vault login tokens were revoked/)
    assert.deepEqual(
      vault.mintedTokens().map((t) => [t.identity, t.revoked]),
      [['login:userpass/alice#1', true]],
    )
    assert.ok(!out.stderr.includes(PASSWORD))
  } finally {
    await vault.close()
  }
})

test('SIGINT while the login itself hangs: the token it brings is revoked when it arrives, exit 130', async () => {
  const vault = await startVaultDouble({ seed: seed as never })
  try {
    vault.addFault({ action: { latencyMs: 800 }, path: /^auth\/userpass\/login\//, count: 1 })
    const out = await stopWhen(vault, () => vault.requests.some((r) => r.path.startsWith('auth/userpass/login/')), 'SIGINT')
    assert.equal(out.code, 130, out.stderr)
    assert.equal(out.stdout, '')
    assert.deepEqual(
      vault.mintedTokens().map((t) => t.revoked),
      [true],
      `${out.stderr}\n${vault.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join('\n')}`,
    )
  } finally {
    await vault.close()
  }
})
