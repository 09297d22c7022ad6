import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { helmArgs, operatorEnvironment, optionsFromParameters, parameterNames, readParameters } from '../../src/hosts/argocd.ts'
import { ROOT } from '../support/fixtures.ts'

const params = [
  {
    name: 'ARGOCD_APP_PARAMETERS: strings and arrays, over plugin env',
    env: {
      ARGOCD_ENV_RELOADER: 'match',
      ARGOCD_APP_PARAMETERS: JSON.stringify([
        { name: 'reloader', string: 'none' },
        { name: 'allowed-stores', array: ['a', 'b'] },
      ]),
    },
    want: { reloader: 'none', 'allowed-stores': 'a,b' },
  },
  { name: 'plugin env alone (ARGOCD_ENV_SOURCE_TYPE)', env: { ARGOCD_ENV_SOURCE_TYPE: 'directory', ARGOCD_ENV_RECURSE: 'true' }, want: { 'source-type': 'directory', recurse: 'true' } },
  {
    name: 'PARAM_* forms when ARGOCD_APP_PARAMETERS is absent',
    env: { PARAM_NAMESPACE: 'shop', PARAM_HELM_VALUES_FILES_1: 'b.yaml', PARAM_HELM_VALUES_FILES_0: 'a.yaml' },
    want: { namespace: 'shop', 'helm-values-files': 'a.yaml,b.yaml' },
  },
]
for (const c of params) {
  test(`argocd parameters: ${c.name}`, () => assert.deepEqual(readParameters(c.env), c.want))
}

test('argocd parameters: an unknown parameter name is an error listing the known ones', () => {
  assert.throws(() => readParameters({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'vault-token', string: 'x' }]) }), /unknown plugin parameter "vault-token" \(known: source-type, /)
})

test('argocd parameters: plugin env the Application sets for its own tools passes, operator variables are refused', () => {
  assert.deepEqual(readParameters({ ARGOCD_ENV_HELM_EXTRA: 'x' }), {})
  assert.throws(() => readParameters({ ARGOCD_ENV_ESO_RENDER_ALLOWED_SERVERS: 'https://a' }), /plugin env ARGOCD_ENV_ESO_RENDER_ALLOWED_SERVERS: operator-only option: set ESO_RENDER_ALLOWED_SERVERS/)
})

test('helm template arguments follow Argo CD: release, namespace, values, KUBE_VERSION, KUBE_API_VERSIONS', () => {
  assert.deepEqual(helmArgs({ 'helm-values-files': 'values-prod.yaml' }, { ARGOCD_APP_NAME: 'shop', ARGOCD_APP_NAMESPACE: 'demo', KUBE_VERSION: '1.32.4', KUBE_API_VERSIONS: 'v1,apps/v1' }), [
    'template',
    'shop',
    '.',
    '--include-crds',
    '--namespace',
    'demo',
    '--values',
    'values-prod.yaml',
    '--kube-version',
    '1.32.4',
    '--api-versions',
    'v1',
    '--api-versions',
    'apps/v1',
  ])
  assert.throws(() => helmArgs({ 'helm-values-files': '../../etc/x.yaml' }, {}), /must be a path inside the app directory/)
})

test('plugin.yaml announces exactly the parameters the plugin reads', () => {
  const plugin = parse(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8')) as { spec: { parameters: { static: { name: string }[] } } }
  assert.deepEqual(plugin.spec.parameters.static.map((p) => p.name).sort(), parameterNames().sort())
})

test("the operator's environment is the sidecar's, without the variables an Application sets", () => {
  assert.deepEqual(operatorEnvironment({ VAULT_ADDR: 'a', ARGOCD_APP_NAME: 'n', ARGOCD_ENV_X: 'x', PARAM_Y: 'y', ARGOCD_APP_PARAMETERS: '[]' }), { VAULT_ADDR: 'a', ARGOCD_APP_NAME: 'n' })
})

// Argo CD's deadline: the plugin stops at its own (deadline-seconds) before the repo-server's, and
// the login token it holds is revoked before the failure is reported.
test('argocd generate at its deadline revokes the login token it holds, then fails naming the deadline', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { runArgocdGenerate } = await import('../../src/hosts/argocd.ts')
  const { startVaultDouble } = await import('../vault-server/double.ts')
  const PASSWORD = 'DEADLINE-PW-CANARY-8d2'
  const vault = await startVaultDouble({
    seed: {
      $server: { auth: { userpass: { type: 'userpass', users: { alice: { password: PASSWORD, rules: [{ path: 'secret/data/*', capabilities: ['read'] }] } } } } },
      secret: { version: 2, secrets: { app: { v: 'value' } } },
    } as never,
  })
  const app = mkdtempSync(join(tmpdir(), 'eso-render-deadline-'))
  try {
    vault.addFault({ action: { latencyMs: 10_000 }, path: /^secret\/data\//, count: Number.POSITIVE_INFINITY })
    writeFileSync(
      join(app, 'app.yaml'),
      [
        `apiVersion: v1\nkind: Secret\nmetadata: {name: pw, namespace: apps}\nstringData: {password: ${PASSWORD}}\n`,
        'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: http://placeholder:8200\n      path: secret\n      auth: {userPass: {path: userpass, username: alice, secretRef: {name: pw, key: password}}}\n',
        'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - secretKey: v\n    remoteRef: {key: app, property: v}\n',
      ].join('---\n'),
    )
    const out = await runArgocdGenerate(
      {
        args: [],
        stdin: async () => '',
        env: { ARGOCD_APP_NAME: 'demo', ARGOCD_APP_NAMESPACE: 'apps', VAULT_ADDR: vault.url, ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'deadline-seconds', string: '3' }]) },
        readFile: (p) => readFileSync(p, 'utf8'),
      },
      app,
    )
    assert.equal(out.exitCode, 1)
    assert.equal(out.stdout, '')
    assert.match(
      out.stderr,
      /ExternalSecret apps\/app spec\.data\[0\]\.remoteRef\.key: the run's deadline \(3 s, deadlineSeconds\) passed while waiting for Vault: GET \/v1\/secret\/data\/app \(via SecretStore apps\/vault\)/,
    )
    assert.deepEqual(
      vault.mintedTokens().map((t) => [t.identity, t.revoked]),
      [['login:userpass/alice#1', true]],
    )
    assert.ok(!out.stderr.includes(PASSWORD))
  } finally {
    await vault.close()
    rmSync(app, { recursive: true, force: true })
  }
})

// Issue 14: the directory source read every *.yaml, a FIFO too, and waited on it for ever. The
// generate runs in a child process killed (SIGKILL: a process blocked reading a FIFO runs no signal handler) after 30 s, so a regression fails instead of hanging.
test('argocd generate: a directory source skips a FIFO named x.yaml with a warning (issue 14)', { timeout: 60_000 }, async () => {
  const { execFileSync, spawnSync } = await import('node:child_process')
  const { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const app = mkdtempSync(join(tmpdir(), 'eso-render-fifo-'))
  try {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`
    writeFileSync(join(app, 'a.yaml'), cm('a'))
    mkdirSync(join(app, 'sub'))
    writeFileSync(join(app, 'sub', 'b.yaml'), cm('b'))
    execFileSync('mkfifo', [join(app, 'x.yaml')])
    symlinkSync('../x.yaml', join(app, 'sub', 'to-fifo.yaml'))
    symlinkSync('a.yaml', join(app, 'z-link.yaml'))
    const cli = new URL('../../src/bin.ts', import.meta.url).pathname
    const res = spawnSync(process.execPath, [cli, 'argocd', 'generate'], {
      cwd: app,
      timeout: 30_000,
      killSignal: 'SIGKILL',
      env: { PATH: process.env.PATH ?? '', ARGOCD_APP_NAME: 'demo', ARGOCD_APP_NAMESPACE: 'apps', ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'recurse', string: 'true' }]) },
    })
    assert.equal(res.signal, null, 'the generate finished (it was not killed at the timeout)')
    assert.equal(res.status, 0, res.stderr.toString())
    // A symlink to a regular file is read, as before.
    assert.equal(res.stdout.toString(), `${cm('a')}---\n${cm('b')}---\n${cm('a')}`)
    assert.equal(
      res.stderr.toString(),
      'eso-render: warning: skipped sub/to-fifo.yaml: a FIFO (named pipe), not a regular file\neso-render: warning: skipped x.yaml: a FIFO (named pipe), not a regular file\n',
    )
  } finally {
    rmSync(app, { recursive: true, force: true })
  }
})

// A failed build's stderr: what an eso-render transformer inside it said (kubectl indents it with a
// tab inside its own "command failed" error), every line once, else the tool's last five lines.
const failures: { name: string; stderr: string; want: string }[] = [
  {
    name: 'kubectl wraps the transformer’s lines',
    stderr:
      'E1201 run.go:72] "command failed" err=<\n\teso-render: error: stdin[2] ExternalSecret a/b spec.data[0]: x\n\teso-render: 1 error; nothing was rendered\n\t: failure in plugin configured via /tmp/p; exit status 1\n >\n',
    want: 'error: stdin[2] ExternalSecret a/b spec.data[0]: x\n1 error; nothing was rendered',
  },
  { name: 'standalone kustomize prints them as they are', stderr: 'eso-render: error: x\nError: failure in plugin\n', want: 'error: x' },
  {
    name: 'a line that merely quotes eso-render is not ours',
    stderr: 'Error: accumulating resources: open eso-render: no such file\n',
    want: 'Error: accumulating resources: open eso-render: no such file',
  },
  { name: 'no transformer lines: the last five lines', stderr: '1\n2\n3\n4\n5\n6\n7\n', want: '3\n4\n5\n6\n7' },
]
for (const c of failures) {
  test(`argocd: a failed build’s message: ${c.name}`, async () => {
    const { failureLines } = await import('../../src/hosts/argocd.ts')
    assert.equal(failureLines(c.stderr), c.want)
  })
}

test('argocd parameters: reloader-workloads and reloader-jobs are the Application’s to set', () => {
  const params = readParameters({
    ARGOCD_APP_PARAMETERS: JSON.stringify([
      { name: 'reloader-workloads', string: 'checksum' },
      { name: 'reloader-jobs', string: 'true' },
    ]),
  })
  assert.deepEqual(params, { 'reloader-workloads': 'checksum', 'reloader-jobs': 'true' })
  const options = optionsFromParameters(params)
  assert.equal(options.reloaderWorkloads, 'checksum')
  assert.equal(options.reloaderJobs, true)
  // The key stays the sidecar's: an Application naming it is refused.
  assert.throws(() => readParameters({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'checksum-key-file', string: '/tmp/k' }]) }), /operator-only option: set ESO_RENDER_CHECKSUM_KEY_FILE/)
})

test("argocd generate tells the CLI's input counter what the build tool printed (the young generation's tuning, hosts/young-generation.ts)", async () => {
  const { chmodSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { runArgocdGenerate } = await import('../../src/hosts/argocd.ts')
  const app = mkdtempSync(join(tmpdir(), 'eso-render-noted-'))
  try {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: built, namespace: apps}\n'
    writeFileSync(join(app, 'helm'), `#!/bin/sh\nprintf '%s' '${manifest}'\n`)
    chmodSync(join(app, 'helm'), 0o755)
    writeFileSync(join(app, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n')
    const noted: string[] = []
    const out = await runArgocdGenerate(
      {
        args: [],
        stdin: async () => '',
        env: { PATH: app, ARGOCD_APP_NAME: 'demo', ARGOCD_APP_NAMESPACE: 'apps', ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'source-type', string: 'helm' }]) },
        readFile: (p) => readFileSync(p, 'utf8'),
        noteInput: (text) => noted.push(text),
      },
      app,
    )
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /name: built/)
    assert.deepEqual(noted, [manifest])
  } finally {
    rmSync(app, { recursive: true, force: true })
  }
})
