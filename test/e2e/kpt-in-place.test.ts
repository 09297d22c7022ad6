// kpt fn render --allow-exec in place (the default): the ExternalSecrets and the store stay in the
// user's file, marked local-config so that applying skips them; each Secret goes to its own file
// beside them (plaintext: documented); a second render changes nothing; `-o unwrap` output filtered
// of local-config objects is what gets applied; a failure leaves every file untouched.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FIXTURES } from '../support/fixtures.ts'
import { canonical, parseObjects } from '../support/objects.ts'
import { BIN, cleanEnv, requireBundle, run } from '../support/run.ts'
import { startSeededVault } from '../support/vault.ts'
import { startVaultDouble } from '../vault-server/double.ts'

requireBundle()
const demo = join(FIXTURES, 'demo')
const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8')) as { secret: { token: string } }

function makePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-kpt-'))
  const pkg = join(dir, 'pkg')
  mkdirSync(pkg)
  cpSync(join(demo, 'input.yaml'), join(pkg, 'resources.yaml'))
  writeFileSync(join(pkg, 'Kptfile'), `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\npipeline:\n  mutators:\n  - exec: ${BIN}\n`)
  return pkg
}

function snapshot(pkg: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(pkg)
      .sort()
      .map((f) => [f, readFileSync(join(pkg, f), 'utf8')]),
  )
}

test('kpt fn render in place keeps the ExternalSecrets as local-config, writes each Secret to its own file, and is idempotent', async () => {
  const vault = await startSeededVault(seed)
  const pkg = makePackage()
  try {
    const env = cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token })
    const first = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env })
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout + first.stderr, /the 3 rendered Secrets are plaintext: an in-place kpt fn render writes them into the package files/)
    const files = snapshot(pkg)
    assert.deepEqual(Object.keys(files), ['Kptfile', 'resources.yaml', 'secret_db-credentials.yaml', 'secret_db-url.yaml', 'secret_web-tls.yaml'])
    const kept = parseObjects(files['resources.yaml']).filter((o) => String(o.kind).endsWith('ExternalSecret') || o.kind === 'SecretStore')
    assert.equal(kept.length, 4)
    for (const o of kept) assert.equal((o.metadata as { annotations: Record<string, string> }).annotations['config.kubernetes.io/local-config'], 'true')
    assert.ok(files['resources.yaml'].startsWith('# The demo app'), 'comments in the user file survive')

    const second = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env })
    assert.equal(second.code, 0, second.stderr)
    assert.deepEqual(snapshot(pkg), files, 'a second render changes nothing')

    const unwrap = await run('kpt', ['fn', 'render', pkg, '--allow-exec', '-o', 'unwrap'], { env })
    assert.equal(unwrap.code, 0, unwrap.stderr)
    // What gets applied: local-config objects (Kptfile, kept ExternalSecrets and stores) filtered out.
    assert.deepEqual(canonical(unwrap.stdout), canonical(readFileSync(join(demo, 'expected.yaml'), 'utf8')))
  } finally {
    await vault.close()
    rmSync(join(pkg, '..'), { recursive: true, force: true })
  }
})

test('a failed in-place kpt render leaves the package untouched', async () => {
  const vault = await startVaultDouble({ seed: seed as never })
  const pkg = makePackage()
  try {
    const before = snapshot(pkg)
    vault.seal()
    const out = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env: cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token }) })
    assert.notEqual(out.code, 0)
    assert.match(
      out.stdout + out.stderr,
      /\[error\] external-secrets\.io\/v1\/ExternalSecret\/demo\/web-tls spec\.data\[0\]\.remoteRef\.key: cannot read secret data from Vault: GET \/v1\/secret\/data\/demo\/web\/tls: Code: 503/,
    )
    assert.deepEqual(snapshot(pkg), before)
  } finally {
    await vault.close()
    rmSync(join(pkg, '..'), { recursive: true, force: true })
  }
})

test('kpt fn eval with -- key=value options (a function-input ConfigMap) and --results-dir', async () => {
  const vault = await startSeededVault(seed)
  const pkg = makePackage()
  const results = join(pkg, '..', 'results')
  try {
    const out = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', '--results-dir', results, pkg, '--', 'reloader=none', 'keepExternalSecrets=false', 'keepStores=false'], {
      env: cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token }),
    })
    assert.equal(out.code, 0, out.stderr)
    const objects = parseObjects(out.stdout)
    assert.equal(objects.filter((o) => o.kind === 'ExternalSecret').length, 0)
    for (const s of objects.filter((o) => o.kind === 'Secret')) assert.equal((s.metadata as { annotations: Record<string, string> }).annotations['reloader.stakater.com/match'], undefined)
    assert.match(readFileSync(join(results, 'results.yaml'), 'utf8'), /exitCode: 0/)
  } finally {
    await vault.close()
    rmSync(join(pkg, '..'), { recursive: true, force: true })
  }
})

test('kpt fn eval --match-kind ExternalSecret without the stores is a clear error', async () => {
  const vault = await startSeededVault(seed)
  const pkg = makePackage()
  try {
    const out = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', '--match-kind', 'ExternalSecret', pkg], { env: cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token }) })
    assert.notEqual(out.code, 0)
    assert.match(out.stdout + out.stderr, /could not get SecretStore "vault" in namespace "demo"/)
  } finally {
    await vault.close()
    rmSync(join(pkg, '..'), { recursive: true, force: true })
  }
})

/** Every file under a directory, relative to it, with its contents. */
function tree(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
  return Object.fromEntries(
    entries
      .map((e) => join(e.parentPath, e.name))
      .sort()
      .map((f) => [f.slice(dir.length + 1), readFileSync(f, 'utf8')]),
  )
}

test('an in-place kpt render refuses a target.name that would climb out of the package (../../pwned): nothing is written anywhere', async () => {
  const vault = await startSeededVault(seed)
  const pkg = makePackage()
  const root = join(pkg, '..')
  try {
    // Deep inside the package, so that a path built from the name could reach the package root and beyond.
    const deep = join(pkg, 'a', 'b')
    mkdirSync(deep, { recursive: true })
    const es = readFileSync(join(pkg, 'resources.yaml'), 'utf8')
    writeFileSync(
      join(deep, 'es.yaml'),
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: climber\n  namespace: demo\nspec:\n  secretStoreRef:\n    name: vault\n  target:\n    name: ../../pwned\n  data:\n    - secretKey: password\n      remoteRef:\n        key: demo/db\n        property: password\n',
    )
    assert.ok(es.includes('kind: SecretStore'), 'the demo package has the store')
    const before = tree(root)
    const out = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env: cleanEnv({ VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token }) })
    assert.notEqual(out.code, 0)
    assert.match(
      out.stdout + out.stderr,
      /\[error\] external-secrets\.io\/v1\/ExternalSecret\/demo\/climber spec\.target\.name: Secret name "\.\.\/\.\.\/pwned" is invalid: a lowercase RFC 1123 subdomain/,
    )
    assert.deepEqual(tree(root), before, 'no file was added or changed, inside the package or outside it')
    assert.equal(vault.requestCount(), 0, 'refused before any Vault read')
  } finally {
    await vault.close()
    rmSync(root, { recursive: true, force: true })
  }
})

test('kpt fn render in place with a List: the Secrets join the List in its file, the sources stay as local-config, a second render changes nothing', async () => {
  const list = join(FIXTURES, 'list-items')
  const vault = await startSeededVault(JSON.parse(readFileSync(join(list, 'vault.json'), 'utf8')) as Record<string, unknown>)
  const pkg = makePackage()
  try {
    cpSync(join(list, 'input.yaml'), join(pkg, 'resources.yaml'))
    const env = cleanEnv({ VAULT_ADDR: vault.url })
    const first = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env })
    assert.equal(first.code, 0, first.stderr)
    const files = snapshot(pkg)
    // The top-level ExternalSecret's Secret gets a file of its own; the List's stays in the List.
    assert.deepEqual(Object.keys(files), ['Kptfile', 'resources.yaml', 'secret_db.yaml'])
    const yamlList = files['resources.yaml']
    assert.ok(yamlList.startsWith('# A v1 List, as `kubectl get -o yaml` writes one'), 'the head comment survives')
    assert.match(yamlList, /\n {6}name: db-url\n {6}namespace: apps\n {6}annotations:\n {8}config\.kubernetes\.io\/local-config: "true"\n {8}config\.eso-render\.dev\/kept: "true"\n/)
    assert.match(yamlList, /\n {2}- apiVersion: v1\n {4}kind: Secret\n {4}metadata:\n {6}name: db-url\n/)

    const second = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env })
    assert.equal(second.code, 0, second.stderr)
    assert.deepEqual(snapshot(pkg), files, 'a second render changes nothing')

    const unwrap = await run('kpt', ['fn', 'render', pkg, '--allow-exec', '-o', 'unwrap'], { env })
    assert.equal(unwrap.code, 0, unwrap.stderr)
    // What gets applied, the List unpacked as kubectl does and local-config items left out.
    assert.deepEqual(canonical(unwrap.stdout), canonical(readFileSync(join(list, 'expected.yaml'), 'utf8')))
  } finally {
    await vault.close()
    rmSync(join(pkg, '..'), { recursive: true, force: true })
  }
})

test('kpt fn render in place with a ClusterExternalSecret: it stays as local-config like a store, its Secrets (one per namespace) each get a file of their own, a second render changes nothing', async () => {
  const ces = join(FIXTURES, 'ces-namespace-selectors')
  const vault = await startSeededVault(JSON.parse(readFileSync(join(ces, 'vault.json'), 'utf8')) as Record<string, unknown>)
  const pkg = makePackage()
  try {
    cpSync(join(ces, 'input.yaml'), join(pkg, 'resources.yaml'))
    const env = cleanEnv({ VAULT_ADDR: vault.url })
    const first = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env })
    assert.equal(first.code, 0, first.stderr)
    const files = snapshot(pkg)
    assert.deepEqual(Object.keys(files), ['Kptfile', 'resources.yaml', 'secret_team-a_db.yaml', 'secret_team-b_db.yaml'])
    const kept = parseObjects(files['resources.yaml']).filter((o) => o.kind === 'ClusterExternalSecret' || o.kind === 'ClusterSecretStore')
    assert.equal(kept.length, 2)
    for (const o of kept) assert.equal((o.metadata as { annotations: Record<string, string> }).annotations['config.kubernetes.io/local-config'], 'true')
    for (const ns of ['team-a', 'team-b']) assert.match(files[`secret_${ns}_db.yaml`], new RegExp(`\\n  name: db\\n  namespace: ${ns}\\n`))

    const second = await run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env })
    assert.equal(second.code, 0, second.stderr)
    assert.deepEqual(snapshot(pkg), files, 'a second render changes nothing')

    const unwrap = await run('kpt', ['fn', 'render', pkg, '--allow-exec', '-o', 'unwrap'], { env })
    assert.equal(unwrap.code, 0, unwrap.stderr)
    assert.deepEqual(canonical(unwrap.stdout), canonical(readFileSync(join(ces, 'expected.yaml'), 'utf8')))
  } finally {
    await vault.close()
    rmSync(join(pkg, '..'), { recursive: true, force: true })
  }
})
