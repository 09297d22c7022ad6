// npm run demo: starts the bundled Vault-compatible server with fixtures/demo/vault.json, renders
// fixtures/demo through the real `kubectl kustomize` (legacy exec plugin) and `kpt fn eval --exec`,
// prints the kustomize output and a one-line summary. Needs kpt and kubectl on PATH.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { canonical, parseObjects } from '../test/support/objects.ts'
import { startVaultDouble } from '../test/vault-server/double.ts'
import { run, cleanEnv, BIN } from '../test/support/run.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const demo = join(root, 'fixtures', 'demo')
const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8'))

const work = mkdtempSync(join(tmpdir(), 'eso-render-demo-'))
const vault = await startVaultDouble({ seed })
const url = vault.url
try {
  const env = cleanEnv({ VAULT_ADDR: url, VAULT_TOKEN: seed.secret.token })
  process.stderr.write(`demo: Vault-compatible server at ${url} (seeded from fixtures/demo/vault.json)\n`)

  // kubectl kustomize: the legacy exec plugin is the only plugin form kubectl runs.
  const app = join(work, 'app')
  cpSync(join(demo, 'input.yaml'), join(app, 'resources.yaml'), { recursive: true })
  writeFileSync(join(app, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
  writeFileSync(join(app, 'eso-render.yaml'), 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\nspec: {}\n')
  const plugins = join(work, 'plugins')
  const install = await run(BIN, ['install-plugin', plugins], { env })
  if (install.code !== 0) throw new Error(`install-plugin failed:\n${install.stderr}`)
  const kubectl = await run('kubectl', ['kustomize', '--enable-alpha-plugins', app], { env: { ...env, KUSTOMIZE_PLUGIN_HOME: plugins } })
  if (kubectl.code !== 0) throw new Error(`kubectl kustomize failed:\n${kubectl.stderr}`)
  const reads = vault.requestCount()

  // kpt fn eval --exec: the KRM function face, printed to stdout instead of written in place.
  const pkg = join(work, 'pkg')
  cpSync(join(demo, 'input.yaml'), join(pkg, 'resources.yaml'), { recursive: true })
  const kpt = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg], { env })
  if (kpt.code !== 0) throw new Error(`kpt fn eval failed:\n${kpt.stderr}`)

  process.stdout.write(kubectl.stdout)
  const agree = JSON.stringify(canonical(kubectl.stdout)) === JSON.stringify(canonical(kpt.stdout))
  const externalSecrets = parseObjects(readFileSync(join(demo, 'input.yaml'), 'utf8')).filter((o) => o.kind === 'ExternalSecret').length
  const secrets = parseObjects(kubectl.stdout).filter((o) => o.kind === 'Secret' && o.metadata?.labels?.['reconcile.external-secrets.io/managed'] === 'true').length
  process.stderr.write(
    `demo: ${externalSecrets} ExternalSecrets → ${secrets} Secrets with ${reads} Vault reads (kubectl kustomize); kubectl kustomize and kpt fn eval --exec ${agree ? 'agree' : 'DISAGREE'}\n`,
  )
  if (!agree) process.exitCode = 1
} finally {
  await vault.close()
  rmSync(work, { recursive: true, force: true })
}
