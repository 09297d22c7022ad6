// src/hosts/stream.ts: `eso-render render` (files, directories, stdin, --config, flags) and the
// kustomize legacy exec plugin (config file argument, argsOneLiner, stream on stdin). Empty output
// is refused; on any failure stdout is empty and stderr names no secret.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { runLegacyPlugin, runRender } from '../../src/hosts/stream.ts'
import type { FaceInput, FaceOutput } from '../../src/hosts/io.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import { parseObjects } from '../support/objects.ts'

const TOKEN = 'hvs.STREAM-CANARY-tok-c4a7'
const VALUE = 'STREAM-CANARY-value-2e90'
const seed = { secret: { version: 2 as const, token: TOKEN, secrets: { app: { password: VALUE } } } }

const tokenSecret = `apiVersion: v1\nkind: Secret\nmetadata: {name: tok, namespace: apps}\nstringData: {token: ${TOKEN}}\n`
const store = `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault: {server: 'https://vault.example.com', path: secret, auth: {tokenSecretRef: {name: tok, key: token}}}\n`
const es = (name = 'app', property = 'password', target = '') =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n${target}  data:\n  - secretKey: password\n    remoteRef: {key: app, property: ${property}}\n`
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata: {a: b}\n'
// Issue 14: a "billion laughs" alias bomb (9 levels of 9 aliases; ~387 million nodes expanded).
const laughs = (indent = '') => `${indent}l0: &l0 lol\n` + Array.from({ length: 9 }, (_, i) => `${indent}l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('')
const input = [tokenSecret, store, es()].join('---\n')

let vault: VaultDouble
const work = mkdtempSync(join(tmpdir(), 'eso-render-stream-'))
before(async () => {
  vault = await startVaultDouble({ seed })
})
after(async () => {
  await vault.close()
  rmSync(work, { recursive: true, force: true })
})
let dirs = 0
function tree(files: Record<string, string>): string {
  const dir = join(work, String(dirs++))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}
const io = (args: string[], stdin = '', env: Record<string, string> = {}): FaceInput => ({
  args,
  stdin: async () => stdin,
  env: { VAULT_ADDR: vault.url, ...env },
  readFile: (p) => readFileSync(p, 'utf8'),
})
const names = (out: FaceOutput) => parseObjects(out.stdout).map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`)
function assertFailed(out: FaceOutput, message: RegExp): void {
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '', 'nothing on stdout on failure')
  assert.match(out.stderr, message)
  assert.match(out.stderr, /eso-render: \d+ errors?; nothing was rendered\n$/)
  assert.ok(!out.stderr.includes(VALUE) && !out.stderr.includes(TOKEN), 'no secret on stderr')
}
const password = (out: FaceOutput, name = 'app') => {
  const s = parseObjects(out.stdout).find((o) => o.kind === 'Secret' && (o.metadata as { name: string }).name === name)
  return s && Buffer.from((s.data as { password: string }).password, 'base64').toString()
}

test('render: stdin by default, the Secret on stdout, notices and a summary on stderr', async () => {
  const out = await runRender(io([], input))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(names(out), ['Secret/tok', 'Secret/app'])
  assert.equal(password(out), VALUE)
  assert.match(out.stderr, /^eso-render: info: Vault address http:\/\/127\.0\.0\.1:\d+ replaces every store's server/)
  assert.match(out.stderr, /eso-render: 1 ExternalSecret → 1 Secret, 1 Vault read\n$/)
  assert.ok(!out.stderr.includes(VALUE))
})

test('render: "-" reads stdin beside files', async () => {
  const dir = tree({ 'store.yaml': `${tokenSecret}---\n${store}` })
  const out = await runRender(io([join(dir, 'store.yaml'), '-'], es()))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(names(out), ['Secret/tok', 'Secret/app'])
})

test('render: a directory is walked in name order; kustomization, Kptfile, values, hidden and non-YAML files are left out', async () => {
  const dir = tree({
    'b/es.yaml': es(),
    'a/store.yml': store,
    'a/token.json': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tok', namespace: 'apps' }, stringData: { token: TOKEN } }),
    'kustomization.yaml': 'resources: []\n',
    Kptfile: 'apiVersion: kpt.dev/v1\nkind: Kptfile\n',
    'values-prod.yaml': 'not: a resource\n',
    '.hidden.yaml': 'broken: [\n',
    'README.md': '# not yaml',
    'c/cm.YAML': configMap,
  })
  const out = await runRender(io([dir]))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(names(out), ['Secret/tok', 'Secret/app', 'ConfigMap/plain'])
})

test('render: --config reads an EsoRender function config; flags and the environment win over it', async () => {
  const dir = tree({ 'in.yaml': input, 'cfg.yaml': 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata: {name: c}\nspec: {reloader: none, keepStores: true}\n' })
  const viaConfig = await runRender(io([join(dir, 'in.yaml'), '--config', join(dir, 'cfg.yaml')]))
  assert.equal(viaConfig.exitCode, 0, viaConfig.stderr)
  assert.ok(!viaConfig.stdout.includes('reloader.stakater.com/match'))
  assert.ok(names(viaConfig).includes('SecretStore/vault'))
  const flagWins = await runRender(io([join(dir, 'in.yaml'), `--config=${join(dir, 'cfg.yaml')}`, '--reloader', 'match', '--keep-stores=false']))
  assert.equal(flagWins.exitCode, 0, flagWins.stderr)
  assert.match(flagWins.stdout, /reloader\.stakater\.com\/match: "true"/)
  assert.ok(!names(flagWins).includes('SecretStore/vault'))
})

test('render: --vault-address (the operator’s flag) wins over VAULT_ADDR', async () => {
  const out = await runRender(io(['-', '--vault-address', vault.url], input, { VAULT_ADDR: 'http://127.0.0.1:9' }))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stderr, /set by the operator \(flag --vault-address\)/)
})

test('render: a ConfigMap function config works like an EsoRender', async () => {
  const dir = tree({ 'cfg.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {reloader: none}\n' })
  const out = await runRender(io(['--config', join(dir, 'cfg.yaml')], input))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.ok(!out.stdout.includes('reloader.stakater.com'))
})

test('render: errors name files relative to the working directory, with the document index', async () => {
  const dir = tree({ 'in.yaml': `${configMap}---\n${tokenSecret}---\n${store}---\n${es('app', 'pasword')}` })
  const out = await runRender(io([dir]))
  assertFailed(
    out,
    new RegExp(
      `eso-render: error: ${relative(process.cwd(), join(dir, 'in.yaml')).replace(/[.]/g, '\\.')}\\[3\\] ExternalSecret apps/app spec\\.data\\[0\\]\\.remoteRef\\.property: cannot find secret data for key: "pasword"\\n`,
    ),
  )
})

const renderFailures: { name: string; args: (dir: string) => string[]; stdin?: string; files?: Record<string, string>; message: RegExp }[] = [
  { name: 'an empty stdin', args: () => [], stdin: '', message: /the input holds no resources; refusing to print an empty output/ },
  { name: 'only comments', args: () => ['-'], stdin: '# nothing\n', message: /refusing to print an empty output/ },
  { name: 'an empty directory', args: (d) => [join(d, 'empty')], files: { 'empty/.keep': '' }, message: /refusing to print an empty output/ },
  { name: 'a path that does not exist', args: (d) => [join(d, 'nope.yaml')], message: /cannot read .*nope\.yaml: no such file or directory/ },
  {
    name: 'a document that is not a Kubernetes object',
    args: () => ['-'],
    stdin: `${configMap}---\nfoo: bar\n`,
    message: /stdin\[1\]: document is not a Kubernetes object: apiVersion and kind are required/,
  },
  { name: 'broken YAML in a document nobody resolves', args: () => ['-'], stdin: `${configMap}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n`, message: /stdin\[1\]: invalid YAML/ },
  { name: 'an unknown flag', args: () => ['--frobnicate'], stdin: input, message: /unknown flag --frobnicate/ },
  { name: 'a config file that cannot be read', args: (d) => ['--config', join(d, 'missing.yaml')], stdin: input, message: /cannot read the config file .*missing\.yaml/ },
  { name: 'a config file that is not a mapping', args: (d) => ['--config', join(d, 'list.yaml')], files: { 'list.yaml': '- a\n' }, stdin: input, message: /the config file is not a mapping/ },
  {
    name: 'a --config file that is an alias bomb (issue 14)',
    args: (d) => ['--config', join(d, 'bomb.yaml')],
    files: { 'bomb.yaml': `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nspec: {}\nlaughs:\n${laughs('  ')}` },
    stdin: input,
    message: /bomb\.yaml: the config file: too many YAML aliases/,
  },
  {
    name: 'an ExternalSecret that is an alias bomb (issue 14)',
    args: () => ['-'],
    stdin: `${es()}laughs:\n${laughs('  ')}`,
    message: /stdin\[0\]: too many YAML aliases/,
  },
  {
    name: 'a config that sets an operator-only option',
    args: (d) => ['--config', join(d, 'op.yaml')],
    files: { 'op.yaml': 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nspec: {tokenFile: /etc/token}\n' },
    stdin: input,
    message: /tokenFile: operator-only option, given in the function config spec: set ESO_RENDER_TOKEN_FILE/,
  },
  {
    name: 'a version missing in Vault (deletionPolicy Retain)',
    args: () => ['-', '--vault-retries', '1'],
    stdin: input.replace('property: password', 'property: password, version: "7"'),
    message: /ExternalSecret apps\/app spec\.data\[0\]\.remoteRef\.key: Secret does not exist: key "app" version 7 at secret\/data\/app\?version=7 does not exist in Vault/,
  },
]
for (const c of renderFailures) {
  test(`render: ${c.name} fails with nothing on stdout`, async () => {
    const dir = tree(c.files ?? {})
    assertFailed(await runRender(io(c.args(dir), c.stdin)), c.message)
  })
}

test('render: every broken document is reported at once', async () => {
  const out = await runRender(io(['-'], `foo: 1\n---\n${configMap}---\nbar: 2\n`))
  assertFailed(out, /stdin\[0\]: document is not a Kubernetes object.*\n.*stdin\[2\]: document is not a Kubernetes object/)
  assert.match(out.stderr, /2 errors; nothing was rendered/)
})

// The legacy exec plugin: kustomize passes the config file, then argsOneLiner; the stream on stdin.
const bombConfig = `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\n  annotations: {a: b}\nspec:\n  namespace: apps\nlaughs:\n${laughs('  ')}`
const pluginConfig = (spec = '{}') => tree({ 'cfg.yaml': `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata: {name: eso-render}\nspec: ${spec}\n` })

test('legacy plugin: renders the stream from stdin with the config file’s options', async () => {
  const out = await runLegacyPlugin(io([join(pluginConfig('{reloader: none}'), 'cfg.yaml')], `${configMap}---\n${input}`))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(names(out), ['ConfigMap/plain', 'Secret/tok', 'Secret/app'])
  assert.equal(password(out), VALUE)
  assert.ok(!out.stdout.includes('reloader.stakater.com'))
  assert.ok(out.stdout.startsWith(configMap), 'untouched items come back byte for byte')
})

test('legacy plugin: argsOneLiner options are the input’s, after the config file', async () => {
  const out = await runLegacyPlugin(io([join(pluginConfig('{reloader: none}'), 'cfg.yaml'), '--reloader', 'match'], input))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stdout, /reloader\.stakater\.com\/match/)
})

test('legacy plugin: a stream with nothing of ESO passes through (empty output is not refused here)', async () => {
  const out = await runLegacyPlugin(io([join(pluginConfig(), 'cfg.yaml')], ''))
  assert.deepEqual(out, { stdout: '', stderr: '', exitCode: 0 })
  const cm = await runLegacyPlugin(io([join(pluginConfig(), 'cfg.yaml')], configMap))
  assert.deepEqual(cm, { stdout: configMap, stderr: '', exitCode: 0 })
})

const pluginFailures: { name: string; args: () => string[]; message: RegExp }[] = [
  { name: 'no config file argument', args: () => [], message: /legacy plugin mode needs the plugin config file as its first argument/ },
  {
    name: 'an operator-only option in argsOneLiner',
    args: () => [join(pluginConfig(), 'cfg.yaml'), '--vault-address', 'http://attacker.example'],
    message: /vaultAddress: operator-only option, given in the plugin arguments \(argsOneLiner\): set VAULT_ADDR/,
  },
  { name: 'a positional argument in argsOneLiner', args: () => [join(pluginConfig(), 'cfg.yaml'), 'extra.yaml'], message: /plugin arguments \(argsOneLiner\): only option flags are accepted/ },
  { name: '--config in argsOneLiner', args: () => [join(pluginConfig(), 'cfg.yaml'), '--config', 'x.yaml'], message: /only option flags are accepted/ },
  {
    name: 'an operator-only option in the config file',
    args: () => [join(pluginConfig('{insecureSkipTLSVerify: true}'), 'cfg.yaml')],
    message: /insecureSkipTLSVerify: operator-only option, given in the function config spec/,
  },
  { name: 'a config of an unknown kind', args: () => [join(tree({ 'cfg.yaml': 'apiVersion: v1\nkind: Secret\n' }), 'cfg.yaml')], message: /function config: kind "Secret" is not supported/ },
  { name: 'a config file with broken YAML', args: () => [join(tree({ 'cfg.yaml': `spec: {a: ${TOKEN}\n` }), 'cfg.yaml')], message: /cfg\.yaml: invalid YAML \(line \d+, column \d+ of the file\)/ },
  {
    name: 'a config file that is an alias bomb (issue 14)',
    args: () => [join(tree({ 'cfg.yaml': bombConfig }), 'cfg.yaml')],
    message: /cfg\.yaml: the config file: too many YAML aliases: expanding them passes the bound of 1000, as a "billion laughs" document does/,
  },
]
for (const c of pluginFailures) {
  test(`legacy plugin: ${c.name} fails with nothing on stdout`, async () => {
    assertFailed(await runLegacyPlugin(io(c.args(), input)), c.message)
  })
}

test('legacy plugin: a Vault failure prints nothing on stdout, and no secret', async () => {
  vault.seal()
  try {
    assertFailed(await runLegacyPlugin(io([join(pluginConfig(), 'cfg.yaml')], input)), /Code: 503\. Errors: Vault is sealed \(via SecretStore apps\/vault\)/)
  } finally {
    vault.unseal()
  }
})

// Issue 14: a FIFO named x.yaml hung `render DIR` / the Argo CD directory source. The render runs in
// a child process killed (SIGKILL: a process blocked reading a FIFO runs no signal handler) after 30 s, so a regression fails instead of hanging the suite.
test('render: a directory holding a FIFO named x.yaml and a symlink to it renders the rest, with a warning for each (issue 14)', { timeout: 60_000 }, async () => {
  const { execFileSync, spawnSync } = await import('node:child_process')
  const { symlinkSync } = await import('node:fs')
  const dir = tree({ 'a.yaml': configMap, 'sub/b.yaml': configMap.replace('name: plain', 'name: other'), 'b-link.yaml': 'placeholder' })
  execFileSync('mkfifo', [join(dir, 'x.yaml')])
  rmSync(join(dir, 'b-link.yaml'))
  symlinkSync('x.yaml', join(dir, 'b-link.yaml'))
  const cli = new URL('../../src/bin.ts', import.meta.url).pathname
  const res = spawnSync(process.execPath, [cli, 'render', dir], { cwd: dir, timeout: 30_000, killSignal: 'SIGKILL', env: { PATH: process.env.PATH ?? '' } })
  assert.equal(res.signal, null, 'the render finished (it was not killed at the timeout)')
  assert.equal(res.status, 0, res.stderr.toString())
  assert.equal(res.stdout.toString(), `${configMap}---\n${configMap.replace('name: plain', 'name: other')}`)
  assert.equal(
    res.stderr.toString(),
    'eso-render: warning: skipped b-link.yaml: a FIFO (named pipe), not a regular file\neso-render: warning: skipped x.yaml: a FIFO (named pipe), not a regular file\n',
  )
})
