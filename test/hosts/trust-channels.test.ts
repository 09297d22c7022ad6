// DESIGN.md "Trust model" through every face, in process, against the bundled Vault-compatible
// server (whose request log proves what was, and was not, sent):
//   1. each input channel × each operator-only option: CONFIG_INVALID naming the environment form,
//      and no request at all;
//   2. each operator credential × where it would go: an untrusted store server (SERVER_NOT_TRUSTED,
//      no request), VAULT_ADDR (sent there), a server in allowedServers (sent), and the input's own
//      tokenSecretRef credential (sent to the input's server without any trust setting).

import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runKrm } from '../../src/hosts/krm.ts'
import { runLegacyPlugin, runRender } from '../../src/hosts/stream.ts'
import { runArgocdGenerate } from '../../src/hosts/argocd.ts'
import type { FaceOutput } from '../../src/hosts/io.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import { asResourceList } from '../support/objects.ts'

const TOKEN = 'hvs.TRUST-CANARY-71b2'
const VALUE = 'VALUE-TRUST-CANARY-0d4e'
const seed = { secret: { version: 2 as const, token: TOKEN, secrets: { app: { password: VALUE } } } }

let vault: VaultDouble
const work = mkdtempSync(join(tmpdir(), 'eso-render-trust-'))
before(async () => {
  vault = await startVaultDouble({ seed })
})
after(async () => {
  await vault.close()
  rmSync(work, { recursive: true, force: true })
})

/** Manifests whose store points at `server` with the given auth block. */
function manifests(server: string, auth: string, tokenSecret = false): string {
  return [
    ...(tokenSecret ? [`apiVersion: v1\nkind: Secret\nmetadata: {name: vault-token, namespace: apps}\nstringData: {token: ${TOKEN}}\n`] : []),
    `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: ${server}\n      path: secret\n      auth: ${auth}\n`,
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - secretKey: password\n    remoteRef: {key: app, property: password}\n',
  ].join('---\n')
}
const withOwnToken = () => manifests(vault.url, '{tokenSecretRef: {name: vault-token, key: token}}', true)

const readFile = (p: string) => readFileSync(p, 'utf8')
let dirs = 0
function tempDir(): string {
  const d = join(work, String(dirs++))
  mkdirSync(d, { recursive: true })
  return d
}

// The options, as a flag and value, as a spec value, and as an Argo CD parameter.
const OPERATOR_ONLY = [
  { key: 'tokenEnv', env: 'ESO_RENDER_TOKEN_ENV', flag: '--token-env', value: 'HOME', spec: '"HOME"' },
  { key: 'tokenFile', env: 'ESO_RENDER_TOKEN_FILE', flag: '--token-file', value: '/etc/hostname', spec: '/etc/hostname' },
  { key: 'vaultAddress', env: 'VAULT_ADDR', flag: '--vault-address', value: 'https://attacker.example', spec: 'https://attacker.example' },
  { key: 'vaultCACert', env: 'VAULT_CACERT', flag: '--vault-cacert', value: '/tmp/ca.pem', spec: '/tmp/ca.pem' },
  { key: 'insecureSkipTLSVerify', env: 'ESO_RENDER_INSECURE_SKIP_TLS_VERIFY', flag: '--insecure-skip-tls-verify', value: 'true', spec: 'true' },
  { key: 'allowedServers', env: 'ESO_RENDER_ALLOWED_SERVERS', flag: '--allowed-servers', value: 'https://attacker.example', spec: '["https://attacker.example"]' },
  // A repository must not turn a developer's build into reads and TokenRequests against their current context.
  { key: 'cluster', env: 'ESO_RENDER_CLUSTER', flag: '--cluster', value: 'kubeconfig', spec: 'kubeconfig' },
  { key: 'kubeContext', env: 'ESO_RENDER_KUBE_CONTEXT', flag: '--kube-context', value: 'prod', spec: 'prod' },
  // The tenant policy is the operator's boundary: a repository may neither name its own nor claim another project.
  { key: 'policy', env: 'ESO_RENDER_POLICY', flag: '--policy', value: '/tmp/permissive.yaml', spec: '/tmp/permissive.yaml' },
  { key: 'project', env: 'ARGOCD_APP_PROJECT_NAME', flag: '--project', value: 'platform', spec: 'platform' },
  // Argo CD shows stderr to everyone who may view the app, a wider group than may read the Secret.
  { key: 'showTemplateErrors', env: 'ESO_RENDER_SHOW_TEMPLATE_ERRORS', flag: '--show-template-errors', value: 'true', spec: 'true' },
  // The checksum's HMAC key: a repository naming a file it knows (or controls) could test guesses of the Secrets' data.
  { key: 'checksumKeyFile', env: 'ESO_RENDER_CHECKSUM_KEY_FILE', flag: '--checksum-key-file', value: '/etc/hostname', spec: '/etc/hostname' },
]
type Option = (typeof OPERATOR_ONLY)[number]
const param = (o: Option) => o.flag.slice(2)
const envName = (o: Option) => param(o).toUpperCase().replace(/-/g, '_')

// An Argo CD directory app holding the manifests; env as argocd-cmp-server builds it.
async function argocd(env: Record<string, string>): Promise<FaceOutput> {
  const app = tempDir()
  writeFileSync(join(app, 'manifests.yaml'), withOwnToken())
  return runArgocdGenerate({ args: [], stdin: async () => '', env: { ARGOCD_APP_NAME: 'demo', ARGOCD_APP_NAMESPACE: 'apps', ...env }, readFile }, app)
}

const channels: { name: string; run: (o: Option) => Promise<FaceOutput>; expect: RegExp }[] = [
  {
    name: 'KRM function config spec',
    run: (o) =>
      runKrm({
        args: [],
        stdin: async () => asResourceList(withOwnToken(), `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata: {name: x}\nspec:\n  ${o.key}: ${o.spec}\n`),
        env: {},
        readFile,
      }),
    expect: /error: (\w+): operator-only option, given in the function config spec: set (\S+) in the environment/,
  },
  {
    name: 'KRM function config ConfigMap data (kpt -- key=value)',
    run: (o) =>
      runKrm({
        args: [],
        stdin: async () => asResourceList(withOwnToken(), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: function-input}\ndata:\n  ${o.key}: "${o.value}"\n`),
        env: {},
        readFile,
      }),
    expect: /error: (\w+): operator-only option, given in the function config ConfigMap data: set (\S+) in the environment/,
  },
  {
    name: 'KRM argv (Kptfile exec arguments, kustomize exec.args)',
    run: (o) => runKrm({ args: [o.flag, o.value], stdin: async () => asResourceList(withOwnToken()), env: {}, readFile }),
    expect: /error: (\w+): operator-only option, given in the function arguments: set (\S+) in the environment/,
  },
  {
    name: 'kustomize legacy plugin argsOneLiner',
    run: (o) => {
      const config = join(tempDir(), 'kust-plugin-config-1')
      writeFileSync(config, `apiVersion: config.eso-render.dev/v1alpha1\nargsOneLiner: ${o.flag} ${o.value}\nkind: EsoRender\nmetadata: {name: x}\n`)
      return runLegacyPlugin({ args: [config, o.flag, o.value], stdin: async () => withOwnToken(), env: {}, readFile })
    },
    expect: /error: (\w+): operator-only option, given in the plugin arguments \(argsOneLiner\): set (\S+) in the environment/,
  },
  {
    name: 'kustomize legacy plugin config spec',
    run: (o) => {
      const config = join(tempDir(), 'kust-plugin-config-2')
      writeFileSync(config, `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata: {name: x}\nspec:\n  ${o.key}: ${o.spec}\n`)
      return runLegacyPlugin({ args: [config], stdin: async () => withOwnToken(), env: {}, readFile })
    },
    expect: /error: (\w+): operator-only option, given in the function config spec: set (\S+) in the environment/,
  },
  {
    name: 'eso-render render --config (a function config from the repository)',
    run: (o) => {
      const dir = tempDir()
      writeFileSync(join(dir, 'eso-render.yaml'), `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata: {name: x}\nspec:\n  ${o.key}: ${o.spec}\n`)
      return runRender({ args: ['--config', join(dir, 'eso-render.yaml'), '-'], stdin: async () => withOwnToken(), env: {}, readFile })
    },
    expect: /error: (\w+): operator-only option, given in the function config spec: set (\S+) in the environment/,
  },
  {
    name: 'Argo CD app parameters (ARGOCD_APP_PARAMETERS)',
    run: (o) => argocd({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: param(o), string: o.value }]) }),
    expect: /plugin parameter ([\w-]+): operator-only option: set (\S+) in the sidecar's environment/,
  },
  {
    name: 'Argo CD app parameters, older form (PARAM_*)',
    run: (o) => argocd({ [`PARAM_${envName(o)}`]: o.value }),
    expect: /plugin parameter ([\w-]+): operator-only option: set (\S+) in the sidecar's environment/,
  },
  {
    name: 'Argo CD plugin env (ARGOCD_ENV_<parameter>)',
    run: (o) => argocd({ [`ARGOCD_ENV_${envName(o)}`]: o.value }),
    expect: /plugin env (ARGOCD_ENV_\w+): operator-only option: set (\S+) in the sidecar's environment/,
  },
  {
    name: 'Argo CD plugin env (ARGOCD_ENV_<environment form>)',
    run: (o) => argocd({ [`ARGOCD_ENV_${o.env}`]: o.value }),
    expect: /plugin env (ARGOCD_ENV_\w+): operator-only option: set (\S+) in the sidecar's environment/,
  },
]

for (const channel of channels) {
  for (const o of OPERATOR_ONLY) {
    test(`trust: ${o.key} from the ${channel.name} is refused as operator-only, and nothing is sent to Vault`, async () => {
      vault.clearRequests()
      const out = await channel.run(o)
      assert.equal(out.exitCode, 1, `expected a refusal, got:\n${out.stderr}`)
      const m = out.stderr.match(channel.expect)
      assert.ok(m, `stderr names the channel and the operator's form:\n${out.stderr}`)
      assert.equal(m[2], o.env, 'the message names the environment form')
      assert.match(out.stderr, /CONFIG_INVALID|operator-only/)
      if (channel.name.startsWith('KRM')) assert.match(out.stdout, /code: CONFIG_INVALID/)
      else assert.equal(out.stdout, '')
      assert.deepEqual(vault.requests, [], 'no request reached Vault')
      assert.ok(!out.stderr.includes(TOKEN) && !out.stderr.includes(VALUE))
    })
  }
}

test('trust: a plugin env of the Application naming VAULT_TOKEN is refused (ARGOCD_ENV_VAULT_TOKEN)', async () => {
  vault.clearRequests()
  const out = await argocd({ ARGOCD_ENV_VAULT_TOKEN: 'hvs.app-chosen' })
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /plugin env ARGOCD_ENV_VAULT_TOKEN: operator-only option: set VAULT_TOKEN in the sidecar's environment/)
  assert.deepEqual(vault.requests, [])
})

test('trust: the same manifests render when nothing operator-only comes from the input (the control for the rows above)', async () => {
  vault.clearRequests()
  const krm = await runKrm({ args: ['--reloader', 'none'], stdin: async () => asResourceList(withOwnToken()), env: {}, readFile })
  assert.equal(krm.exitCode, 0, krm.stderr)
  const app = await argocd({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'reloader', string: 'none' }]) })
  assert.equal(app.exitCode, 0, app.stderr)
  assert.equal(vault.requests.filter((r) => r.path === 'secret/data/app').length, 2)
})

// Operator credentials, each as the environment gives it.
const TOKEN_FILE = join(work, 'operator-token')
writeFileSync(TOKEN_FILE, `${TOKEN}\n`)
const CREDENTIALS: { name: string; env: Record<string, string>; announced: RegExp }[] = [
  { name: '$VAULT_TOKEN', env: { VAULT_TOKEN: TOKEN }, announced: /Vault token from \$VAULT_TOKEN \(set by the operator; the store has no auth\)/ },
  {
    name: 'tokenEnv',
    env: { ESO_RENDER_TOKEN_ENV: 'OPERATOR_TOKEN', OPERATOR_TOKEN: TOKEN },
    announced: /Vault token from \$OPERATOR_TOKEN \(tokenEnv, set by the operator: \$ESO_RENDER_TOKEN_ENV\)/,
  },
  { name: 'tokenFile', env: { ESO_RENDER_TOKEN_FILE: TOKEN_FILE }, announced: /Vault token from file \S+operator-token \(tokenFile, set by the operator: \$ESO_RENDER_TOKEN_FILE\)/ },
]
const render = (text: string, env: Record<string, string>, args: string[] = []) => runRender({ args: ['-', '--vault-retries', '1', ...args], stdin: async () => text, env, readFile })

for (const c of CREDENTIALS) {
  test(`trust: the operator's ${c.name} is not sent to the input's store server: SERVER_NOT_TRUSTED, no request`, async () => {
    vault.clearRequests()
    // The store names the bundled server itself: had anything been sent, its log would show it.
    const out = await render(manifests(vault.url, '{}'), c.env)
    assert.equal(out.exitCode, 1)
    assert.equal(out.stdout, '')
    assert.match(out.stderr, /SecretStore apps\/vault spec\.provider\.vault\.server: the store's server http:\/\/127\.0\.0\.1:\d+ is not trusted with the operator's credential/)
    assert.match(out.stderr, /add http:\/\/127\.0\.0\.1:\d+ to ESO_RENDER_ALLOWED_SERVERS \(or --allowed-servers\), or set VAULT_ADDR/)
    assert.match(out.stderr, /1 error; nothing was rendered/)
    assert.deepEqual(vault.requests, [])
    assert.ok(!out.stderr.includes(TOKEN))
  })

  test(`trust: the operator's ${c.name} goes to VAULT_ADDR, which replaces the store's server`, async () => {
    vault.clearRequests()
    const out = await render(manifests('https://attacker.example:8200', '{}'), { ...c.env, VAULT_ADDR: vault.url })
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /kind: Secret/)
    assert.match(out.stderr, /Vault address http:\/\/127\.0\.0\.1:\d+ replaces every store's server \(set by the operator \(\$VAULT_ADDR\)\)/)
    assert.match(out.stderr, c.announced)
    assert.deepEqual(
      vault.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['GET secret/data/app 200'],
    )
  })

  test(`trust: the operator's ${c.name} goes to a store server listed in ESO_RENDER_ALLOWED_SERVERS`, async () => {
    vault.clearRequests()
    const listed = `${vault.url.replace('http://', 'HTTP://')}/` // compared after normalising
    const out = await render(manifests(vault.url, '{}'), { ...c.env, ESO_RENDER_ALLOWED_SERVERS: `https://other.example, ${listed}` })
    assert.equal(out.exitCode, 0, out.stderr)
    assert.deepEqual(
      vault.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['GET secret/data/app 200'],
    )
  })
}

test("trust: the operator's VAULT_TOKEN standing in for a missing token Secret is held to the same rule", async () => {
  vault.clearRequests()
  const out = await render(manifests(vault.url, '{tokenSecretRef: {name: absent, key: token}}'), { VAULT_TOKEN: TOKEN })
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /not trusted with the operator's credential \$VAULT_TOKEN \(set by the operator; Secret apps\/absent named by tokenSecretRef is not in the input\)/)
  assert.deepEqual(vault.requests, [])
})

test("trust: the input's own tokenSecretRef credential goes to the input's store server with no trust setting", async () => {
  vault.clearRequests()
  const out = await render(withOwnToken(), { VAULT_TOKEN: 'hvs.operator-token-unused' })
  assert.equal(out.exitCode, 0, out.stderr)
  assert.doesNotMatch(out.stderr, /Vault token from/)
  assert.deepEqual(
    vault.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
    ['GET secret/data/app 200'],
  )
})

test('trust: the --allowed-servers flag of eso-render render trusts a server like the environment form', async () => {
  vault.clearRequests()
  const out = await render(manifests(vault.url, '{}'), { VAULT_TOKEN: TOKEN }, ['--allowed-servers', vault.url])
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(vault.requests.length, 1)
})

test('trust: through the KRM face, an operator token and an untrusted server fail with a SERVER_NOT_TRUSTED result', async () => {
  vault.clearRequests()
  const out = await runKrm({ args: [], stdin: async () => asResourceList(manifests(vault.url, '{}')), env: { VAULT_TOKEN: TOKEN }, readFile })
  assert.equal(out.exitCode, 1)
  assert.match(out.stdout, /code: SERVER_NOT_TRUSTED/)
  assert.match(out.stdout, /field:\n\s+path: spec\.provider\.vault\.server/)
  assert.deepEqual(vault.requests, [])
})

test('trust: through the Argo CD face, the sidecar VAULT_TOKEN needs the sidecar VAULT_ADDR or allowed servers', async () => {
  vault.clearRequests()
  const app = tempDir()
  writeFileSync(join(app, 'manifests.yaml'), manifests(vault.url, '{}'))
  const io = (env: Record<string, string>) => ({ args: [], stdin: async () => '', env: { ARGOCD_APP_NAME: 'demo', ARGOCD_APP_NAMESPACE: 'apps', VAULT_TOKEN: TOKEN, ...env }, readFile })
  const refused = await runArgocdGenerate(io({}), app)
  assert.equal(refused.exitCode, 1)
  assert.match(refused.stderr, /not trusted with the operator's credential \$VAULT_TOKEN/)
  assert.deepEqual(vault.requests, [])
  const ok = await runArgocdGenerate(io({ ESO_RENDER_ALLOWED_SERVERS: vault.url }), app)
  assert.equal(ok.exitCode, 0, ok.stderr)
  assert.equal(vault.requests.length, 1)
})
