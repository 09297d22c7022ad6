// A template regex that a backtracking engine takes exponential time over (`^(a+)+$` against forty
// `a`s and a `b`) must not block the render: Go's RE2 answers in linear time, and so does the
// built CLI, whose regex functions run RE2 too (src/go/regexp.ts over re2js). A backtracking
// engine would run for days here, past any deadline (the event loop is blocked, so no timer
// fires); the child is killed after 60 s and the test fails instead of hanging.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cleanEnv, requireBundle, run } from '../support/run.ts'
import { startVaultDouble } from '../vault-server/double.ts'

requireBundle()

test('a catastrophic regex in a template ends at once, with the answer Go gives', async () => {
  const vault = await startVaultDouble({ seed: { secret: { version: 2, token: 'root', secrets: { app: { v: `${'a'.repeat(40)}b`, w: 'a'.repeat(40) } } } } as never })
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-regex-'))
  try {
    const input = `apiVersion: v1
kind: Secret
metadata: {name: tok, namespace: apps}
stringData: {token: root}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault, namespace: apps}
spec:
  provider:
    vault: {server: "http://x", path: secret, auth: {tokenSecretRef: {name: tok, key: token}}}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: app, namespace: apps}
spec:
  secretStoreRef: {name: vault}
  target:
    template:
      data:
        miss: '{{ regexMatch "^(a+)+$" .v | toString }}'
        hit: '{{ regexMatch "^(a+)+$" .w | toString }}'
        found: '{{ regexFind "(a|aa)+b" .v | len }}'
  data:
  - {secretKey: v, remoteRef: {key: app, property: v}}
  - {secretKey: w, remoteRef: {key: app, property: w}}
`
    writeFileSync(join(dir, 'in.yaml'), input)
    const started = Date.now()
    const out = await run(BIN, ['render', join(dir, 'in.yaml')], { env: cleanEnv({ VAULT_ADDR: vault.url }), timeoutMs: 60_000 })
    assert.equal(out.signal, null, `killed after ${Date.now() - started} ms`)
    assert.equal(out.code, 0, out.stderr)
    const data = /\ndata:\n((?: {2}.*\n)+)/.exec(out.stdout)![1]
    const decoded = Object.fromEntries(
      data
        .trimEnd()
        .split('\n')
        .map((l) => {
          const [k, v] = l.trim().split(': ')
          return [k.replace(/"/g, ''), Buffer.from(v, 'base64').toString()]
        }),
    )
    assert.deepEqual(decoded, { found: '41', hit: 'true', miss: 'false' })
  } finally {
    await vault.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
