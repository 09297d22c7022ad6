// Host contract checks beyond the goldens (krm-contract.md §6): kustomize builtins run before the
// transformer, argsOneLiner reaches the legacy plugin, a missing --enable-exec is detectable, and
// output is byte-identical across runs with different Vault timing.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FIXTURES } from '../support/fixtures.ts'
import { parseObjects } from '../support/objects.ts'
import { BIN, cleanEnv, KUSTOMIZE, requireBundle, run } from '../support/run.ts'
import { startSeededVault } from '../support/vault.ts'
import { startVaultDouble } from '../vault-server/double.ts'

requireBundle()
const demo = join(FIXTURES, 'demo')
const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8')) as { secret: { token: string } }
const CONFIG = 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\n'

function app(kustomization: string, config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-contract-'))
  cpSync(join(demo, 'input.yaml'), join(dir, 'resources.yaml'))
  writeFileSync(join(dir, 'kustomization.yaml'), kustomization)
  writeFileSync(join(dir, 'eso-render.yaml'), config)
  return dir
}

test('kubectl kustomize: argsOneLiner reaches the legacy plugin, and a namespace builtin before it is seen', async () => {
  const vault = await startSeededVault(seed)
  const plugins = mkdtempSync(join(tmpdir(), 'eso-render-plugins-'))
  const dir = app('namespace: demo\nresources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n', CONFIG + 'argsOneLiner: --reloader none\nspec: {}\n')
  try {
    const env = cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token })
    assert.equal((await run(BIN, ['install-plugin', plugins], { env })).code, 0)
    const out = await run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env: { ...env, KUSTOMIZE_PLUGIN_HOME: plugins } })
    assert.equal(out.code, 0, out.stderr)
    const secrets = parseObjects(out.stdout).filter((o) => o.kind === 'Secret')
    assert.equal(secrets.length, 3)
    for (const s of secrets) assert.equal((s.metadata as { annotations: Record<string, string> }).annotations['reloader.stakater.com/match'], undefined)
  } finally {
    await vault.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(plugins, { recursive: true, force: true })
  }
})

test("kubectl kustomize: a failing plugin fails the build with eso-render's error and no secret", async () => {
  const vault = await startVaultDouble({ seed: seed as never })
  const plugins = mkdtempSync(join(tmpdir(), 'eso-render-plugins-'))
  const dir = app('resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n', CONFIG + 'spec: {}\n')
  try {
    vault.seal()
    const env = cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token })
    await run(BIN, ['install-plugin', plugins], { env })
    const out = await run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env: { ...env, KUSTOMIZE_PLUGIN_HOME: plugins } })
    assert.notEqual(out.code, 0)
    assert.match(out.stderr, /failure in plugin configured via/)
    assert.match(out.stderr, /ExternalSecret demo\/web-tls spec\.data\[0\]\.remoteRef\.key: cannot read secret data from Vault: GET \/v1\/secret\/data\/demo\/web\/tls: Code: 503/)
    assert.ok(!out.stderr.includes('demo-Passw0rd-canary') && !out.stderr.includes(seed.secret.token))
    assert.equal(out.stdout, '')
  } finally {
    await vault.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(plugins, { recursive: true, force: true })
  }
})

test('kustomize without --enable-exec silently skips the function: the ExternalSecrets are still in the output (check for them)', async () => {
  const dir = app('resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n', CONFIG + `  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${BIN}\nspec: {}\n`)
  try {
    const out = await run(KUSTOMIZE, ['build', '--enable-alpha-plugins', dir], { env: cleanEnv() })
    assert.equal(out.code, 0)
    assert.equal(parseObjects(out.stdout).filter((o) => o.kind === 'ExternalSecret').length, 3)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

// kustomize renames the SecretStore but not spec.secretStoreRef.name (no nameReference for it): ESO
// in a cluster would fail the same way, so the render fails and says which store it looked for.
test('kustomize 4.5.4 --enable-exec: namePrefix runs before the transformer and breaks store references, reported clearly', async () => {
  const vault = await startSeededVault(seed)
  const dir = app(
    'namePrefix: p-\nresources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n',
    CONFIG + `  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${BIN}\nspec: {}\n`,
  )
  try {
    const out = await run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', dir], { env: cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token }) })
    assert.notEqual(out.code, 0)
    assert.match(out.stderr, /ExternalSecret demo\/p-web-tls spec\.secretStoreRef: could not get SecretStore "vault" in namespace "demo"/)
    assert.match(out.stderr, /couldn't execute function|exit status 1/)
  } finally {
    await vault.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('output is byte-identical across runs with different Vault latency and concurrency', async () => {
  const vault = await startSeededVault(seed)
  try {
    const outputs: string[] = []
    for (const [latency, concurrency] of [
      [0, '16'],
      [25, '1'],
      [5, '2'],
    ] as const) {
      vault.setLatency(latency)
      const out = await run(BIN, ['render', join(demo, 'input.yaml'), '--vault-concurrency', concurrency], { env: cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token }) })
      assert.equal(out.code, 0, out.stderr)
      outputs.push(out.stdout)
    }
    assert.equal(outputs[1], outputs[0])
    assert.equal(outputs[2], outputs[0])
  } finally {
    await vault.close()
  }
})

// Lists (README "Lists"): kubectl kustomize unpacks every List, nested ones too, before any plugin
// runs; kpt hands a List over whole. eso-render renders a List's items one level deep, and an
// ExternalSecret in a List inside a List is an error naming it, never a silent pass-through.
test('a List in a List: kubectl kustomize unpacks it and the ExternalSecret renders; under kpt it is a clear error', async () => {
  const list = join(FIXTURES, 'list-items')
  const listSeed = JSON.parse(readFileSync(join(list, 'vault.json'), 'utf8')) as Record<string, unknown>
  const vault = await startSeededVault(listSeed)
  const plugins = mkdtempSync(join(tmpdir(), 'eso-render-plugins-'))
  // The fixture's top-level ExternalSecret moves into a List inside its List.
  const input = readFileSync(join(list, 'input.yaml'), 'utf8')
  const [head, topEs] = input.split('---\n')
  const inner = topEs
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => `        ${l}`)
    .join('\n')
    .replace(/^ {8}/, '      - ')
  const nested = `${head}  - apiVersion: v1\n    kind: List\n    metadata:\n      name: inner\n    items:\n${inner}\n`
  const dir = app('resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n', CONFIG + 'spec: {}\n')
  writeFileSync(join(dir, 'resources.yaml'), nested)
  try {
    const env = cleanEnv({ VAULT_ADDR: vault.url })
    assert.equal((await run(BIN, ['install-plugin', plugins], { env })).code, 0)
    const built = await run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env: { ...env, KUSTOMIZE_PLUGIN_HOME: plugins } })
    assert.equal(built.code, 0, built.stderr)
    const objects = parseObjects(built.stdout)
    assert.deepEqual(
      objects.filter((o) => o.kind === 'List' || o.kind === 'ExternalSecret'),
      [],
      'unpacked and rendered',
    )
    assert.deepEqual(
      objects
        .filter((o) => o.kind === 'Secret')
        .map((o) => (o.metadata as { name: string }).name)
        .sort(),
      ['db', 'db-url', 'vault-token'],
    )

    const pkg = join(dir, 'pkg')
    mkdirSync(pkg)
    writeFileSync(join(pkg, 'resources.yaml'), nested)
    const kpt = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg], { env })
    assert.notEqual(kpt.code, 0)
    assert.match(kpt.stderr, /\[error\] external-secrets\.io\/v1\/ExternalSecret\/apps\/db: is in a List inside a List \(items\[5\]\.items\[0\] of the document\)/)
  } finally {
    await vault.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(plugins, { recursive: true, force: true })
  }
})
