// One kustomization an app team writes once, rendered by every host: kubectl kustomize (legacy
// plugin), standalone kustomize build --enable-alpha-plugins (legacy plugin) and the Argo CD plugin
// (argocd generate runs kustomize with eso-render's own plugin home, so the transformer renders inside
// the build). All three give the demo's expected objects. The exec KRM function form is skipped by
// kubectl and, without --enable-exec, by kustomize: argocd generate says so.

import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runArgocdGenerate } from '../../src/hosts/argocd.ts'
import { FIXTURES } from '../support/fixtures.ts'
import { canonical } from '../support/objects.ts'
import { BIN, cleanEnv, KUSTOMIZE, requireBundle, run, testPath } from '../support/run.ts'
import { startSeededVault, type TestVault } from '../support/vault.ts'

requireBundle()
const demo = join(FIXTURES, 'demo')
const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8')) as { secret: { token: string } }
const expected = readFileSync(join(demo, 'expected.yaml'), 'utf8')
const work = mkdtempSync(join(tmpdir(), 'eso-render-one-kustomization-'))
let vault: TestVault
before(async () => {
  vault = await startSeededVault(seed)
})
after(async () => {
  await vault.close()
  rmSync(work, { recursive: true, force: true })
})

// The recommended form: the legacy plugin config, no config.kubernetes.io/function annotation.
const RECOMMENDED = 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\nspec:\n  reloader: match\n'
const KRM_EXEC_FORM = `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${BIN}\nspec:\n  reloader: none\n`

let n = 0
function app(transformer: string): string {
  const dir = join(work, `app-${n++}`)
  mkdirSync(dir, { recursive: true })
  cpSync(join(demo, 'input.yaml'), join(dir, 'resources.yaml'))
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
  writeFileSync(join(dir, 'eso-render.yaml'), transformer)
  return dir
}

const plugins = join(work, 'plugins')
let installed: Promise<void> | undefined
function installPlugin(): Promise<void> {
  installed ??= run(BIN, ['install-plugin', plugins]).then((r) => assert.equal(r.code, 0, r.stderr))
  return installed
}

const env = () => cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token })

// The sidecar's PATH: with standalone kustomize (Argo CD's image), or only kubectl.
function sidecarPath(withKustomize: boolean): string {
  const bin = join(work, withKustomize ? 'bin-kustomize' : 'bin-kubectl')
  mkdirSync(bin, { recursive: true })
  try {
    if (withKustomize) symlinkSync(KUSTOMIZE, join(bin, 'kustomize'))
  } catch {
    // made by an earlier test
  }
  return `${bin}:${testPath()}`
}

const argocd = (dir: string, withKustomize: boolean, parameters: { name: string; string: string }[] = []) =>
  runArgocdGenerate(
    {
      args: [],
      stdin: async () => '',
      env: { ...env(), PATH: sidecarPath(withKustomize), ARGOCD_APP_NAME: 'demo', ARGOCD_APP_NAMESPACE: 'demo', ARGOCD_APP_PARAMETERS: JSON.stringify(parameters) },
      readFile: (p) => readFileSync(p, 'utf8'),
    },
    dir,
    BIN,
  )

const hosts: { name: string; render: (dir: string) => Promise<{ code: number | null; stdout: string; stderr: string }> }[] = [
  {
    name: 'kubectl kustomize --enable-alpha-plugins (legacy plugin)',
    render: async (dir) => {
      await installPlugin()
      return run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env: { ...env(), KUSTOMIZE_PLUGIN_HOME: plugins } })
    },
  },
  {
    name: 'kustomize build --enable-alpha-plugins (legacy plugin, standalone kustomize)',
    render: async (dir) => {
      await installPlugin()
      return run(KUSTOMIZE, ['build', '--enable-alpha-plugins', dir], { env: { ...env(), KUSTOMIZE_PLUGIN_HOME: plugins } })
    },
  },
  {
    name: 'argocd generate with standalone kustomize in the sidecar',
    render: async (dir) => {
      const out = await argocd(dir, true)
      return { code: out.exitCode, stdout: out.stdout, stderr: out.stderr }
    },
  },
  {
    name: 'argocd generate with only kubectl in the sidecar',
    render: async (dir) => {
      const out = await argocd(dir, false)
      return { code: out.exitCode, stdout: out.stdout, stderr: out.stderr }
    },
  },
]

for (const h of hosts) {
  test(`one kustomization: the recommended form renders the demo under ${h.name}`, async () => {
    const out = await h.render(app(RECOMMENDED))
    assert.equal(out.code, 0, out.stderr)
    assert.doesNotMatch(out.stdout, /kind: ExternalSecret/)
    const baseline = await run('kubectl', ['kustomize', makeBaseline()], { env: cleanEnv() })
    assert.deepEqual(canonical(out.stdout, { defaultNamespace: 'demo' }), canonical(baseline.stdout, { defaultNamespace: 'demo' }))
  })
}

// kustomize re-reads resources (YAML 1.2) before any plugin runs: compare with what it makes of expected.yaml.
function makeBaseline(): string {
  const dir = join(work, `baseline-${n++}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'resources.yaml'), expected)
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\n')
  return dir
}

test('one kustomization: inside argocd generate the transformer ran in the build, with its own spec and the sidecar environment', async () => {
  vault.clearRequests()
  const out = await argocd(app(RECOMMENDED.replace('reloader: match', 'reloader: none')), true)
  assert.equal(out.exitCode, 0, out.stderr)
  // The inner run's summary is relayed; the outer pass found nothing left to render.
  assert.match(out.stderr, /eso-render: 3 ExternalSecrets → 3 Secrets, 2 Vault reads/)
  assert.doesNotMatch(out.stdout, /reloader\.stakater\.com\/match/)
  assert.equal(vault.requestCount(), 2)
})

test('one kustomization: Application parameters reach the transformer run inside the build', async () => {
  const out = await argocd(app(RECOMMENDED), true, [{ name: 'reloader', string: 'none' }])
  assert.equal(out.exitCode, 0, out.stderr)
  assert.doesNotMatch(out.stdout, /reloader\.stakater\.com\/match/)
})

test('one kustomization: an operator-only option in the repository transformer config is refused inside the build too', async () => {
  const out = await argocd(app(RECOMMENDED.replace('reloader: match', 'vaultAddress: https://attacker.example')), true)
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /vaultAddress: operator-only option, given in the function config spec: set VAULT_ADDR/)
})

test('one kustomization: the exec KRM function form is skipped by kubectl kustomize (the ExternalSecrets stay: how to tell)', async () => {
  await installPlugin()
  const out = await run('kubectl', ['kustomize', '--enable-alpha-plugins', app(KRM_EXEC_FORM)], { env: { ...env(), KUSTOMIZE_PLUGIN_HOME: plugins } })
  assert.equal(out.code, 0, out.stderr)
  assert.match(out.stdout, /kind: ExternalSecret/)
})

test('one kustomization: argocd generate renders an exec-form app in its outer pass and warns that the transformer did not run', async () => {
  const out = await argocd(app(KRM_EXEC_FORM), true)
  assert.equal(out.exitCode, 0, out.stderr)
  assert.doesNotMatch(out.stdout, /kind: ExternalSecret/)
  assert.match(
    out.stderr,
    /warning: kustomization transformer eso-render\.yaml is an eso-render config in the exec KRM function form \(config\.kubernetes\.io\/function\), which kustomize runs only with --enable-exec: it did not run, its spec was not applied/,
  )
  // The spec said reloader none; the outer pass used the parameters' default.
  assert.match(out.stdout, /reloader\.stakater\.com\/match: "true"/)
})

// Issue 14: under argocd generate the transformer inside the build ends a little before the outer
// deadline (ESO_RENDER_ARGOCD_DEADLINE_AT), so it names what was pending and revokes its logins
// before the build is killed; before, the build was killed first and the pending reads went unnamed.
test('one kustomization: at the deadline the transformer inside the build ends first and names the pending reads', async () => {
  const slow = await startSeededVault(seed, { latencyMs: 20_000 })
  try {
    const started = Date.now()
    const out = await runArgocdGenerate(
      {
        args: [],
        stdin: async () => '',
        env: {
          ...cleanEnv({ VAULT_ADDR: slow.url, VAULT_TOKEN: seed.secret.token }),
          // kubectl: the standalone kustomize here (v4.5.4) takes seconds to start a legacy plugin.
          PATH: sidecarPath(false),
          ARGOCD_APP_NAME: 'demo',
          ARGOCD_APP_NAMESPACE: 'demo',
          ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'deadline-seconds', string: '4' }]),
        },
        readFile: (p) => readFileSync(p, 'utf8'),
      },
      app(RECOMMENDED),
      BIN,
    )
    assert.equal(out.exitCode, 1)
    assert.equal(out.stdout, '')
    // Every pending read, each on its own line, as the transformer said it.
    for (const [es, field, path] of [
      ['web-tls', 'spec.data[0].remoteRef.key', 'demo/web/tls'],
      ['db-credentials', 'spec.dataFrom[0].extract.key', 'demo/db'],
    ]) {
      const line = `eso-render:   error: stdin[${es === 'web-tls' ? 2 : 3}] ExternalSecret demo/${es} ${field}: the run's deadline (4 s, deadlineSeconds) passed while waiting for Vault: GET /v1/secret/data/${path} (via SecretStore demo/vault)\n`
      assert.ok(out.stderr.includes(line), `${line} in:\n${out.stderr}`)
    }
    assert.doesNotMatch(out.stderr, /did not finish within the deadline/)
    assert.ok(Date.now() - started < 4_000 + 1_000, `ended ${Date.now() - started} ms after it started`)
  } finally {
    await slow.close()
  }
})
