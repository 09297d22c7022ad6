// plugin.yaml driven through the project's Argo CD CMP harness (test/support/argocd-cmp.ts), which
// reproduces the CMP server: repo copied with 0644 files, request env, generate in the app dir, the
// deadline, and Argo CD's parsing of stdout. Directory and kustomize apps, parameters, and a Vault failure.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FIXTURES, ROOT } from '../support/fixtures.ts'
import { canonical } from '../support/objects.ts'
import { BIN, helmBinary, KUSTOMIZE, requireBundle, testPath } from '../support/run.ts'
import { runCmp, type CmpResult, type PluginParameter } from '../support/argocd-cmp.ts'
import { startSeededVault } from '../support/vault.ts'
import { startVaultDouble } from '../vault-server/double.ts'

requireBundle()
const demo = join(FIXTURES, 'demo')
const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8')) as { secret: { token: string } }
const expected = readFileSync(join(demo, 'expected.yaml'), 'utf8')

const work = mkdtempSync(join(tmpdir(), 'eso-render-argocd-'))
after(() => rmSync(work, { recursive: true, force: true }))

// The sidecar image's PATH: eso-render, optionally kustomize, then the system (kubectl).
function sidecarPath(withKustomize: boolean): string {
  const bin = join(work, withKustomize ? 'bin-kustomize' : 'bin')
  mkdirSync(bin, { recursive: true })
  try {
    symlinkSync(BIN, join(bin, 'eso-render'))
    symlinkSync(helmBinary(), join(bin, 'helm'))
    if (withKustomize) symlinkSync(KUSTOMIZE, join(bin, 'kustomize'))
  } catch {
    // already made by an earlier test
  }
  return `${bin}:${testPath()}`
}

function repo(): string {
  const dir = mkdtempSync(join(work, 'repo-'))
  mkdirSync(join(dir, 'apps', 'plain'), { recursive: true })
  cpSync(join(demo, 'input.yaml'), join(dir, 'apps', 'plain', 'resources.yaml'))
  mkdirSync(join(dir, 'apps', 'kust'), { recursive: true })
  cpSync(join(demo, 'input.yaml'), join(dir, 'apps', 'kust', 'resources.yaml'))
  writeFileSync(join(dir, 'apps', 'kust', 'kustomization.yaml'), 'resources:\n- resources.yaml\ncommonLabels:\n  team: web\n')
  const chart = join(dir, 'apps', 'chart')
  mkdirSync(join(chart, 'templates'), { recursive: true })
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n')
  writeFileSync(join(chart, 'values.yaml'), 'vaultKey: demo/missing\n')
  writeFileSync(join(chart, 'values-prod.yaml'), 'vaultKey: demo/db\n')
  writeFileSync(
    join(chart, 'templates', 'secrets.yaml'),
    [
      'apiVersion: external-secrets.io/v1',
      'kind: SecretStore',
      'metadata: {name: vault, namespace: {{ .Release.Namespace }}}',
      'spec:',
      '  provider:',
      '    vault: {server: "https://vault:8200", path: secret, auth: {kubernetes: {role: shop}}}',
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata: {name: {{ .Release.Name }}-db, namespace: {{ .Release.Namespace }}}',
      'spec:',
      '  secretStoreRef: {name: vault}',
      '  dataFrom:',
      '  - extract: {key: {{ .Values.vaultKey }}}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: {{ .Release.Name }}-info, namespace: {{ .Release.Namespace }}}',
      'data: {kube: "{{ .Capabilities.KubeVersion.Version }}"}',
      '',
    ].join('\n'),
  )
  return dir
}

interface Request {
  repo: string
  path: string
  name?: string
  namespace?: string
  parameters?: PluginParameter[]
  kubeVersion?: string
  timeoutSeconds?: number
}

/** One manifest-generation request for an Application with `plugin: {name: eso-render, parameters}`. */
async function emulate(q: Request, env: Record<string, string>): Promise<{ code: number; result: CmpResult }> {
  const result = await runCmp({
    pluginConfig: join(ROOT, 'plugin.yaml'),
    repo: q.repo,
    app: { path: q.path, name: q.name, namespace: q.namespace, plugin: { name: 'eso-render', parameters: q.parameters } },
    kubeVersion: q.kubeVersion,
    timeoutSeconds: q.timeoutSeconds,
    sidecarEnv: { HOME: work, TMPDIR: work, ...env },
  })
  return { code: result.ok ? 0 : 1, result }
}

const apps = [
  { name: 'a directory app', path: 'apps/plain', kustomize: false, transform: (s: string) => s },
  { name: 'a kustomize app built by kustomize', path: 'apps/kust', kustomize: true, transform: (s: string) => s },
  { name: 'a kustomize app built by kubectl kustomize (no kustomize binary)', path: 'apps/kust', kustomize: false, transform: (s: string) => s },
]
for (const app of apps) {
  test(`Argo CD CMP: ${app.name} renders the demo's Secrets`, async () => {
    const vault = await startSeededVault(seed)
    try {
      const r = await emulate(
        { repo: repo(), path: app.path, name: 'demo', namespace: 'demo' },
        {
          PATH: sidecarPath(app.kustomize),
          VAULT_ADDR: vault.url,
          VAULT_TOKEN: seed.secret.token,
        },
      )
      assert.equal(r.code, 0, `${r.result.error}\n${r.result.stderr}`)
      const got = canonical((r.result.manifests ?? []).map((m) => JSON.stringify(m)).join('\n---\n'))
      const secrets = got.filter((o) => o.includes('"kind":"Secret"'))
      assert.equal(secrets.length, 3)
      assert.equal(got.filter((o) => o.includes('ExternalSecret') || o.includes('SecretStore')).length, 0)
      if (!app.path.endsWith('kust')) assert.deepEqual(got, canonical(expected))
      // kustomize ran first: commonLabels reached the ExternalSecret, whose labels ESO copies when there is no template.
      else assert.match(secrets.find((s) => s.includes('"name":"db-credentials"'))!, /"team":"web"/)
      assert.deepEqual(r.result.warnings, [])
    } finally {
      await vault.close()
    }
  })
}

test('Argo CD CMP: a helm app is templated with the release name, namespace, values files and cluster version', async () => {
  const vault = await startSeededVault(seed)
  try {
    const r = await emulate(
      { repo: repo(), path: 'apps/chart', name: 'shop', namespace: 'demo', kubeVersion: 'v1.31.2', parameters: [{ name: 'helm-values-files', array: ['values-prod.yaml'] }] },
      { PATH: sidecarPath(false), VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token },
    )
    assert.equal(r.code, 0, `${r.result.error}\n${r.result.stderr}`)
    const byName = Object.fromEntries((r.result.manifests ?? []).map((m) => [`${m.kind}/${(m.metadata as { name: string }).name}`, m]))
    assert.deepEqual(Object.keys(byName).sort(), ['ConfigMap/shop-info', 'Secret/shop-db'])
    assert.equal((byName['ConfigMap/shop-info'] as { data: { kube: string } }).data.kube, 'v1.31.2')
    const secret = byName['Secret/shop-db'] as { metadata: { namespace: string }; data: Record<string, string> }
    assert.equal(secret.metadata.namespace, 'demo')
    assert.equal(Buffer.from(secret.data.database, 'base64').toString(), 'shop')
  } finally {
    await vault.close()
  }
})

test('Argo CD CMP: parameters reach the render (reloader none, allowed-stores)', async () => {
  const vault = await startSeededVault(seed)
  try {
    const r = await emulate(
      {
        repo: repo(),
        path: 'apps/plain',
        namespace: 'demo',
        parameters: [
          { name: 'reloader', string: 'none' },
          { name: 'allowed-stores', array: ['SecretStore/demo/vault'] },
        ],
      },
      {
        PATH: sidecarPath(false),
        VAULT_ADDR: vault.url,
        VAULT_TOKEN: seed.secret.token,
      },
    )
    assert.equal(r.code, 0, r.result.error)
    for (const m of (r.result.manifests ?? []).filter((o) => o.kind === 'Secret')) {
      assert.equal((m.metadata as { annotations: Record<string, string> }).annotations['reloader.stakater.com/match'], undefined)
    }
    const denied = await emulate(
      { repo: repo(), path: 'apps/plain', parameters: [{ name: 'allowed-stores', array: ['ClusterSecretStore/shared'] }] },
      {
        PATH: sidecarPath(false),
        VAULT_ADDR: vault.url,
        VAULT_TOKEN: seed.secret.token,
      },
    )
    assert.equal(denied.code, 1)
    assert.match(denied.result.error ?? '', /not in the render's allowedStores/)
  } finally {
    await vault.close()
  }
})

test('Argo CD CMP: Vault down fails the app with a clean error, nothing on stdout, no secret', async () => {
  const vault = await startVaultDouble({ seed: seed as never })
  try {
    vault.seal()
    const r = await emulate({ repo: repo(), path: 'apps/plain', namespace: 'demo' }, { PATH: sidecarPath(false), VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token })
    assert.equal(r.code, 1)
    assert.match(r.result.error ?? '', /failed exit status 1: .*Vault is sealed/s)
    assert.match(r.result.error ?? '', /Hard Refresh/)
    assert.ok(!JSON.stringify(r.result).includes('demo-Passw0rd-canary'))
    assert.ok(!JSON.stringify(r.result.stderr).includes(seed.secret.token))
  } finally {
    await vault.close()
  }
})

test('Argo CD CMP: an app with no resources fails instead of pruning everything', async () => {
  const dir = mkdtempSync(join(work, 'repo-'))
  mkdirSync(join(dir, 'empty'))
  writeFileSync(join(dir, 'empty', 'README.md'), 'nothing\n')
  const r = await emulate({ repo: dir, path: 'empty' }, { PATH: sidecarPath(false) })
  assert.equal(r.code, 1)
  assert.match(r.result.error ?? '', /refusing to print an empty output/)
})

test("Argo CD CMP: eso-render stops at its own deadline, before Argo CD's, with an error that says so", async () => {
  const vault = await startVaultDouble({ seed: seed as never, latencyMs: 20_000 })
  try {
    // Vault answers after 20 s, Argo CD would cut at 15 s: eso-render's own 1 s deadline must be what ends it.
    const r = await emulate(
      { repo: repo(), path: 'apps/plain', namespace: 'demo', parameters: [{ name: 'deadline-seconds', string: '1' }], timeoutSeconds: 15 },
      {
        PATH: sidecarPath(false),
        VAULT_ADDR: vault.url,
        VAULT_TOKEN: seed.secret.token,
      },
    )
    assert.equal(r.code, 1)
    assert.match(r.result.error ?? '', /the run's deadline \(1 s, deadlineSeconds\) passed while waiting for Vault: GET \/v1\/secret\/data\//)
    assert.doesNotMatch(r.result.error ?? '', /SIGTERM/)
  } finally {
    await vault.close()
  }
})

test("Argo CD CMP: at Argo CD's deadline the process group is terminated and the app fails, with no output", async () => {
  const vault = await startVaultDouble({ seed: seed as never, latencyMs: 5000 })
  try {
    const r = await emulate(
      { repo: repo(), path: 'apps/plain', namespace: 'demo', timeoutSeconds: 1 },
      {
        PATH: sidecarPath(false),
        VAULT_ADDR: vault.url,
        VAULT_TOKEN: seed.secret.token,
      },
    )
    assert.equal(r.code, 1)
    assert.match(r.result.error ?? '', /SIGTERM|signal/)
    assert.equal(r.result.manifests, undefined)
  } finally {
    await vault.close()
  }
})

test('Argo CD CMP: reloader-workloads and reloader-jobs reach the render; the checksum key comes from the sidecar only', async () => {
  const vault = await startSeededVault(seed)
  const key = join(work, 'checksum.key')
  writeFileSync(key, 'an Argo CD sidecar checksum key, 32+ bytes\n')
  const env = { PATH: sidecarPath(false), VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token }
  const web = (r: { result: CmpResult }) => (r.result.manifests ?? []).find((m) => m.kind === 'Deployment') as { metadata: { annotations: Record<string, string> } }
  try {
    // The demo's web Deployment uses db-credentials (envFrom) and web-tls (a mounted volume).
    const reload = await emulate(
      {
        repo: repo(),
        path: 'apps/plain',
        namespace: 'demo',
        parameters: [
          { name: 'reloader-workloads', string: 'reload' },
          { name: 'reloader-jobs', string: 'true' },
        ],
      },
      env,
    )
    assert.equal(reload.code, 0, `${reload.result.error}\n${reload.result.stderr}`)
    assert.equal(web(reload).metadata.annotations['secret.reloader.stakater.com/reload'], 'db-credentials,web-tls')
    // It carries reloader.stakater.com/search, so the checksum mode leaves it alone, and says why.
    const checksum = await emulate(
      { repo: repo(), path: 'apps/plain', namespace: 'demo', parameters: [{ name: 'reloader-workloads', string: 'checksum' }] },
      { ...env, ESO_RENDER_CHECKSUM_KEY_FILE: key },
    )
    assert.equal(checksum.code, 0, `${checksum.result.error}\n${checksum.result.stderr}`)
    assert.deepEqual(web(checksum).metadata.annotations, { 'reloader.stakater.com/search': 'true' })
    assert.match(checksum.result.stderr, /Deployment demo\/web: carries Stakater Reloader annotations \(reloader\.stakater\.com\/search\)/)
    // Without the sidecar's key the app fails; an Application cannot name one.
    const noKey = await emulate({ repo: repo(), path: 'apps/plain', namespace: 'demo', parameters: [{ name: 'reloader-workloads', string: 'checksum' }] }, env)
    assert.equal(noKey.code, 1)
    assert.match(noKey.result.error ?? '', /checksumKeyFile: reloaderWorkloads checksum needs the operator's HMAC key/)
    const fromApp = await emulate(
      {
        repo: repo(),
        path: 'apps/plain',
        namespace: 'demo',
        parameters: [
          { name: 'reloader-workloads', string: 'checksum' },
          { name: 'checksum-key-file', string: key },
        ],
      },
      env,
    )
    assert.equal(fromApp.code, 1)
    assert.match(fromApp.result.error ?? '', /operator-only option: set ESO_RENDER_CHECKSUM_KEY_FILE in the sidecar's environment/)
  } finally {
    await vault.close()
  }
})
