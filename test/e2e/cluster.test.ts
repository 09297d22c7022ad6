// The demo on Kubernetes auth as it is meant to run: the store's serviceAccountRef becomes a
// TokenRequest against the cluster (the Kubernetes-API-compatible server), the JWT logs in to Vault's
// kubernetes auth (the Vault-compatible server checks its signature with the cluster's key and the
// role's bindings), and the login token reads; through the built bundle under the real kubectl
// kustomize (legacy plugin) and kpt. Cluster access is the operator's: from the environment only.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FIXTURES, ROOT } from '../support/fixtures.ts'
import { canonical, parseObjects } from '../support/objects.ts'
import { BIN, cleanEnv, requireBundle, run, testPath } from '../support/run.ts'
import { runCmp } from '../support/argocd-cmp.ts'
import { startKubeApi, type KubeApi } from '../support/kube-api/server.ts'
import { dataHash, esoHash } from '../../src/eso/target.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import { startSeededVault } from '../support/vault.ts'

requireBundle()
const demo = join(FIXTURES, 'demo')
const expected = readFileSync(join(demo, 'expected.yaml'), 'utf8')
const USER = 'alice@example.com'
let kube: KubeApi
let vault: VaultDouble
let work: string
let env: Record<string, string>

before(async () => {
  kube = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'demo', namespace: 'demo' } },
    ],
    users: { 'tok-alice': { username: USER } },
    rbac: [{ username: USER, verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], namespaces: ['demo'], resourceNames: ['demo'] }],
  })
  const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8')) as Record<string, unknown>
  seed.$server = {
    auth: {
      kubernetes: {
        type: 'kubernetes',
        config: { pemKeys: [kube.publicKeyPem] },
        roles: { demo: { boundServiceAccountNames: ['demo'], boundServiceAccountNamespaces: ['demo'], rules: [{ path: 'secret/data/demo/*', capabilities: ['read'] }] } },
      },
    },
  }
  vault = await startVaultDouble({ seed: seed as never })
  work = mkdtempSync(join(tmpdir(), 'eso-render-e2e-cluster-'))
  kube.writeKubeconfig(join(work, 'kubeconfig'), { token: 'tok-alice', contextName: 'dev' })
  env = cleanEnv({ KUBECONFIG: join(work, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig', VAULT_ADDR: vault.url })
})
after(async () => {
  await vault.close()
  await kube.close()
  rmSync(work, { recursive: true, force: true })
})

function assertLoggedIn(stderr?: string): void {
  assert.equal(kube.tokenRequests.at(-1)?.serviceAccount, 'demo')
  assert.equal(kube.tokenRequests.at(-1)?.expirationSeconds, 600)
  const lines = vault.requests.map((r) => `${r.method} ${r.path} ${r.status}`)
  assert.equal(lines.filter((l) => l === 'POST auth/kubernetes/login 200').length, 1, lines.join('\n'))
  assert.ok(vault.requests.filter((r) => r.path.startsWith('secret/data/')).every((r) => r.identity.startsWith('login:kubernetes/demo#')))
  // kubectl kustomize shows a plugin's stderr only when it fails.
  if (stderr !== undefined)
    assert.match(stderr.replace(/\\"/g, '"'), /cluster access \(set by the operator \(\$ESO_RENDER_CLUSTER\)\): kubeconfig context "dev", API server https:\/\/127\.0\.0\.1:\d+/)
}

test('cluster e2e: kubectl kustomize renders the demo with a TokenRequest and a kubernetes login', async () => {
  vault.clearRequests()
  const plugins = join(work, 'plugins')
  assert.equal((await run(BIN, ['install-plugin', plugins])).code, 0)
  const app = join(work, 'app')
  mkdirSync(app)
  cpSync(join(demo, 'input.yaml'), join(app, 'resources.yaml'))
  writeFileSync(join(app, 'kustomization.yaml'), 'resources: [resources.yaml]\ntransformers: [eso-render.yaml]\n')
  writeFileSync(join(app, 'eso-render.yaml'), 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\nspec: {}\n')
  const out = await run('kubectl', ['kustomize', '--enable-alpha-plugins', app], { env: { ...env, KUSTOMIZE_PLUGIN_HOME: plugins } })
  assert.equal(out.code, 0, out.stderr)
  const baseDir = join(work, 'baseline')
  mkdirSync(baseDir)
  writeFileSync(join(baseDir, 'resources.yaml'), expected)
  writeFileSync(join(baseDir, 'kustomization.yaml'), 'resources: [resources.yaml]\n')
  const baseline = await run('kubectl', ['kustomize', baseDir], { env: cleanEnv() })
  assert.deepEqual(canonical(out.stdout), canonical(baseline.stdout))
  assertLoggedIn()
})

test('cluster e2e: kpt fn eval --exec renders the demo the same way, and says who set cluster access', async () => {
  vault.clearRequests()
  const pkg = join(work, 'pkg')
  mkdirSync(pkg)
  cpSync(join(demo, 'input.yaml'), join(pkg, 'resources.yaml'))
  const out = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg], { env })
  assert.equal(out.code, 0, out.stderr)
  assert.deepEqual(canonical(out.stdout), canonical(expected))
  assertLoggedIn(out.stdout + out.stderr)
})

test("cluster e2e: a repository cannot switch cluster access on (kpt's -- cluster=kubeconfig is refused; nothing is read or minted)", async () => {
  kube.clearRequests()
  const before = kube.tokenRequests.length
  const pkg = join(work, 'pkg-refused')
  mkdirSync(pkg)
  cpSync(join(demo, 'input.yaml'), join(pkg, 'resources.yaml'))
  const out = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg, '--', 'cluster=kubeconfig'], { env: cleanEnv({ KUBECONFIG: join(work, 'kubeconfig'), VAULT_ADDR: vault.url }) })
  assert.notEqual(out.code, 0)
  assert.match(out.stderr.replace(/\\"/g, '"'), /cluster: operator-only option, given in the function config ConfigMap data: set ESO_RENDER_CLUSTER in the environment/)
  assert.deepEqual(kube.requests, [])
  assert.equal(kube.tokenRequests.length, before)
})

// The shared render server: the sidecar (through the project's CMP harness) with cluster access and
// the operator's tenant policy. Argo CD sets ARGOCD_APP_PROJECT_NAME; the project "shop" may render
// the demo namespace from its SecretStores on this Vault under secret/data/demo/; any other project
// falls to "*", which allows nothing, and is refused before any TokenRequest or Vault request.
test('cluster e2e: Argo CD sidecar under a tenant policy: the allowed project renders, another is POLICY_DENIED before anything is minted or read', async () => {
  const policy = join(work, 'policy.yaml')
  writeFileSync(
    policy,
    `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRenderPolicy\nspec:\n  projects:\n    shop:\n      namespaces: [demo]\n      stores: ["SecretStore/demo/*"]\n      servers: ["${vault.url}"]\n      paths: ["secret/data/demo/*"]\n    "*": {}\n`,
  )
  const repo = join(work, 'argocd-repo')
  mkdirSync(join(repo, 'apps', 'demo'), { recursive: true })
  cpSync(join(demo, 'input.yaml'), join(repo, 'apps', 'demo', 'resources.yaml'))
  const bin = join(work, 'sidecar-bin')
  mkdirSync(bin)
  symlinkSync(BIN, join(bin, 'eso-render'))
  const request = (project: string) =>
    runCmp({
      pluginConfig: join(ROOT, 'plugin.yaml'),
      repo,
      app: { name: 'demo', namespace: 'demo', project, path: 'apps/demo', plugin: { name: 'eso-render' } },
      sidecarEnv: { ...env, PATH: `${bin}:${testPath()}`, HOME: work, ESO_RENDER_POLICY: policy },
    })
  vault.clearRequests()
  const allowed = await request('shop')
  assert.ok(allowed.ok, `${allowed.error}\n${allowed.stderr}`)
  assert.deepEqual(canonical((allowed.manifests ?? []).map((m) => JSON.stringify(m)).join('\n---\n')), canonical(expected))
  assertLoggedIn()

  vault.clearRequests()
  kube.clearRequests()
  const minted = kube.tokenRequests.length
  const denied = await request('payments')
  assert.equal(denied.ok, false)
  // "*": {} keeps the destination namespace but lists no store, server or path.
  assert.match(
    denied.error ?? '',
    /ExternalSecret demo\/db-credentials spec\.secretStoreRef: store SecretStore\/demo\/vault is not in stores none: denied by the tenant policy \(\S+policy\.yaml, project "payments", rule "\*"\)/,
  )
  assert.deepEqual(kube.requests, [], 'nothing read from the cluster')
  assert.equal(kube.tokenRequests.length, minted, 'no TokenRequest')
  assert.deepEqual(vault.requests, [], 'no Vault request')
})

test('cluster e2e: a ClusterExternalSecret expands over the cluster’s Namespaces (one LIST), through the bundle', async () => {
  const ces = join(FIXTURES, 'ces-namespace-selectors')
  const seeded = await startSeededVault(JSON.parse(readFileSync(join(ces, 'vault.json'), 'utf8')) as Record<string, unknown>)
  // The fixture's Namespaces live in the cluster here, not in the input.
  const namespaces = parseObjects(readFileSync(join(ces, 'input.yaml'), 'utf8')).filter((o) => o.kind === 'Namespace')
  const cluster = await startKubeApi({
    objects: namespaces,
    users: { 'tok-ces': { username: 'ces-renderer' } },
    rbac: [{ username: 'ces-renderer', verbs: ['list'], apiGroups: [''], resources: ['namespaces'] }],
  })
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-e2e-ces-'))
  try {
    cluster.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-ces' })
    const input = readFileSync(join(ces, 'input.yaml'), 'utf8')
      .split(/^---\n/m)
      .filter((doc) => !/^kind: Namespace$/m.test(doc))
      .join('---\n')
    writeFileSync(join(dir, 'input.yaml'), input)
    const out = await run(BIN, ['render', join(dir, 'input.yaml')], { env: cleanEnv({ KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig', VAULT_ADDR: seeded.url }) })
    assert.equal(out.code, 0, out.stderr)
    assert.match(out.stderr, /read from the cluster: 3 Namespaces \(list\), for ClusterExternalSecrets/)
    assert.match(out.stderr, /expanded into 2 ExternalSecrets db-creds in namespaces team-a, team-b \(namespaces from the input and the cluster\)/)
    const want = readFileSync(join(ces, 'expected.yaml'), 'utf8')
      .split(/^---\n/m)
      .filter((doc) => !/^kind: Namespace$/m.test(doc))
      .join('---\n')
    assert.deepEqual(canonical(out.stdout), canonical(want))
    assert.deepEqual(
      cluster.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['GET /api/v1/namespaces 200'],
    )
  } finally {
    await seeded.close()
    await cluster.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

// refreshPolicy: CreatedOnce through the built bundle under the real kpt: the live Secret ESO left
// (managed label, data-hash of its data) is the output, and Vault is not read for it
// (ESO v2.9 externalsecret_controller.go shouldRefresh / isSecretValid).
test('cluster e2e: kpt fn eval --exec keeps the live Secret of a CreatedOnce ExternalSecret and reads no Vault path for it', async () => {
  const live = { 'tls.crt': 'LIVE-CERT-CANARY-e2e-71', 'tls.key': 'LIVE-KEY-CANARY-e2e-72' }
  const hash = dataHash(new Map(Object.entries(live).map(([k, v]) => [k, new Uint8Array(Buffer.from(v))])))
  kube.addObject({
    apiVersion: 'v1',
    kind: 'Secret',
    // As ESO's Owner writes it: the managed label and this ExternalSecret's created-by.
    metadata: {
      name: 'web-tls',
      namespace: 'demo',
      labels: { 'reconcile.external-secrets.io/managed': 'true', 'reconcile.external-secrets.io/created-by': esoHash('demo/web-tls') },
      annotations: { 'reconcile.external-secrets.io/data-hash': hash },
    },
    type: 'kubernetes.io/tls',
    stringData: live,
  })
  kube.setRbac([
    { username: USER, verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], namespaces: ['demo'], resourceNames: ['demo'] },
    { username: USER, verbs: ['get'], apiGroups: [''], resources: ['secrets'], namespaces: ['demo'], resourceNames: ['web-tls'] },
  ])
  try {
    vault.clearRequests()
    const pkg = join(work, 'pkg-created-once')
    mkdirSync(pkg)
    const input = readFileSync(join(demo, 'input.yaml'), 'utf8').replace(
      '  name: web-tls\n  namespace: demo\nspec:\n  refreshInterval: 1h\n',
      '  name: web-tls\n  namespace: demo\nspec:\n  refreshPolicy: CreatedOnce\n',
    )
    assert.match(input, /refreshPolicy: CreatedOnce/)
    writeFileSync(join(pkg, 'resources.yaml'), input)
    const out = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg], { env })
    assert.equal(out.code, 0, out.stderr)
    const tls = out.stdout.split(/^---$/m).find((d) => /kind: Secret/.test(d) && /name: web-tls/.test(d)) ?? ''
    assert.match(tls, new RegExp(`tls\\.crt: ${Buffer.from(live['tls.crt']).toString('base64')}`))
    assert.match(tls, new RegExp(`reconcile\\.external-secrets\\.io/data-hash: "?${hash}`))
    assert.ok(!vault.requests.some((r) => r.path === 'secret/data/demo/web/tls'), 'no Vault read for the kept Secret')
    assert.ok(
      vault.requests.some((r) => r.path.startsWith('secret/data/demo/')),
      'the other ExternalSecrets still read Vault',
    )
    assert.ok(!out.stderr.includes(live['tls.key']) && !out.stderr.includes(Buffer.from(live['tls.key']).toString('base64')))
  } finally {
    kube.setRbac([{ username: USER, verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], namespaces: ['demo'], resourceNames: ['demo'] }])
    kube.removeObject({ apiVersion: 'v1', kind: 'Secret', namespace: 'demo', name: 'web-tls' })
  }
})
