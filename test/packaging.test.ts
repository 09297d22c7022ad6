// The sidecar image and deploy files, checked without a Docker engine (none runs here): every file
// the Dockerfile copies exists, it runs as uid 999 with argocd-cmp-server and plugin.yaml where
// Argo CD expects them; the deploy files are valid; the discovering plugin variant finds apps with
// ExternalSecrets and only those.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { validate } from 'dockerfile-utils'
import { ROOT } from './support/fixtures.ts'
import { parsePolicy } from '../src/policy.ts'
import { testPath } from './support/run.ts'
import { runCmp } from './support/argocd-cmp.ts'

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'))
  .map((l) => l.trim())

test("Dockerfile: the dockerfile-utils linter (the Dockerfile language server's validator) finds nothing", () => {
  const problems = validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)
  assert.deepEqual(problems, [])
})

test('Dockerfile: every COPY from the build context names a file or directory of the repository', () => {
  const copies = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
  assert.ok(copies.length >= 4)
  for (const c of copies) {
    const parts = c.split(/\s+/).slice(1)
    for (const src of parts.slice(0, -1)) assert.ok(existsSync(join(ROOT, src)), `COPY source ${src} is missing`)
  }
})

test('Dockerfile: official Node 24 base, uid 999, argocd-cmp-server entrypoint, plugin.yaml in the CMP config path', () => {
  assert.ok(instructions.filter((l) => l.startsWith('FROM node:')).every((l) => /^FROM node:24-slim\b/.test(l)))
  assert.equal(instructions.filter((l) => l.startsWith('USER ')).at(-1), 'USER 999')
  assert.equal(instructions.at(-1), 'ENTRYPOINT ["/var/run/argocd/argocd-cmp-server"]')
  assert.ok(instructions.includes('COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml'))
  assert.match(dockerfile, /COPY --from=argocd \/usr\/local\/bin\/kustomize \/usr\/local\/bin\/helm \/usr\/local\/bin\//)
  // The image's eso-render is the bundle the build stage makes: it must be what `npm run build` writes.
  assert.match(dockerfile, /RUN npm run build/)
  assert.ok(existsSync(join(ROOT, 'dist', 'eso-render.mjs')))
})

test('deploy: every file is valid YAML with kind; the sidecar runs as 999 with the CMP volumes', () => {
  for (const f of ['kustomization.yaml', 'repo-server-sidecar.yaml', 'config.yaml', 'config-single-tenant.yaml', 'rbac.yaml', 'policy.yaml', 'plugin-discover.yaml']) {
    for (const doc of parseAllDocuments(readFileSync(join(ROOT, 'deploy', f), 'utf8'))) {
      assert.equal(doc.errors.length, 0, f)
      assert.ok((doc.toJS() as { kind?: string }).kind, `${f} has a kind`)
    }
  }
  const sidecar = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'repo-server-sidecar.yaml'), 'utf8'))[0].toJS() as {
    spec: { template: { spec: { containers: { securityContext: { runAsUser: number }; volumeMounts: { mountPath: string }[] }[] } } }
  }
  const c = sidecar.spec.template.spec.containers[0]
  assert.equal(c.securityContext.runAsUser, 999)
  assert.deepEqual(c.volumeMounts.map((m) => m.mountPath).sort(), [
    '/etc/eso-render/policy',
    '/home/argocd/cmp-server/plugins',
    '/tmp',
    '/var/run/argocd',
    '/var/run/secrets/kubernetes.io/serviceaccount',
  ])
})

test('deploy/ as a component of an Argo CD install: the sidecar mounts the policy where ESO_RENDER_POLICY points, and the policy is valid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-deploy-'))
  try {
    cpSync(join(ROOT, 'deploy'), join(dir, 'deploy'), { recursive: true })
    writeFileSync(
      join(dir, 'repo-server.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: argocd-repo-server}\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers: [{name: argocd-repo-server, image: argocd}]\n',
    )
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [repo-server.yaml]\ncomponents: [deploy]\n')
    const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' })
    assert.equal(built.status, 0, built.stderr)
    const objects = parseAllDocuments(built.stdout).map((d) => d.toJS() as Record<string, any>) // any: reading a few known fields of built objects
    const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)
    const config = byName('ConfigMap', 'eso-render')!.data as Record<string, string>
    const pod = byName('Deployment', 'argocd-repo-server')!.spec.template.spec
    const sidecar = pod.containers.find((c: { name: string }) => c.name === 'eso-render')
    const policyMount = sidecar.volumeMounts.find((m: { name: string }) => m.name === 'eso-render-policy')
    assert.equal(policyMount.readOnly, true)
    assert.ok(config.ESO_RENDER_POLICY.startsWith(`${policyMount.mountPath}/`))
    const key = config.ESO_RENDER_POLICY.slice(policyMount.mountPath.length + 1)
    const policy = parsePolicy(byName('ConfigMap', 'eso-render-policy')!.data[key], 'deploy/policy.yaml')
    assert.deepEqual(policy.projects.get('*'), { namespaces: undefined, stores: [], servers: [], paths: [], generators: false, allowTokenFallback: false })
    assert.equal(config.ESO_RENDER_CLUSTER, 'in-cluster')
    // The service-account token is the sidecar's alone: the repo-server container mounts none.
    assert.equal(pod.automountServiceAccountToken, false)
    assert.ok(sidecar.volumeMounts.some((m: { mountPath: string }) => m.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount'))
    assert.ok(!pod.containers.find((c: { name: string }) => c.name === 'argocd-repo-server').volumeMounts)
    // TokenRequests only for named ServiceAccounts.
    const role = byName('Role', 'eso-render')!
    for (const rule of role.rules.filter((r: { resources: string[] }) => r.resources.includes('serviceaccounts/token'))) assert.ok(rule.resourceNames?.length)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('deploy/plugin-discover.yaml discovers an app with ExternalSecrets and not a plain kustomize app', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-discover-'))
  try {
    mkdirSync(join(dir, 'with'))
    writeFileSync(join(dir, 'with', 'es.yaml'), 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: x}\n')
    mkdirSync(join(dir, 'without'))
    writeFileSync(join(dir, 'without', 'kustomization.yaml'), 'resources: []\n')
    const scratch = mkdtempSync(join(tmpdir(), 'eso-render-cmp-'))
    // No plugin section in the Application: Argo CD asks the sidecar's discovery rule.
    const request = (app: string) => ({ pluginConfig: join(ROOT, 'deploy', 'plugin-discover.yaml'), repo: dir, app: { path: app }, sidecarEnv: { PATH: testPath(), HOME: scratch, TMPDIR: scratch } })
    const miss = await runCmp(request('without'))
    assert.equal(miss.ok, false)
    assert.match(miss.error ?? '', /does not match|could not find|discover/i)
    assert.equal(miss.sourceType, 'Kustomize')
    const hit = await runCmp(request('with'))
    // Discovery matched: generate ran (and failed here only because eso-render is not on this PATH).
    assert.equal(hit.sourceType, 'Plugin')
    assert.doesNotMatch(hit.error ?? '', /does not match|could not find cmp-server plugin/i)
    assert.match(hit.error ?? '', /exec: "eso-render": executable file not found in \$PATH/)
    rmSync(scratch, { recursive: true, force: true })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('bundle: the image ships dist/ without node_modules, and the lazily loaded template libraries are inside it (system Node 20)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-dist-'))
  try {
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true })
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' })
    writeFileSync(
      join(dir, 'probe.mjs'),
      `import { renderTemplate } from './dist/template.mjs'
const out = renderTemplate('{{ fromYaml "a: yes" | toJson }} {{ bcrypt "x" | len }} {{ (genCAWithKey "ca" 1 .key).Cert | len | printf "%T" }} {{ pemTruststoreToPKCS12 (genCAWithKey "ca" 1 .key).Cert | len | printf "%T" }} {{ regexReplaceAll "(?U)a+" "aaa" "b" }}', { key: process.argv[2] }, { functions: 'eso', stringMap: true })
process.stdout.write(out)`,
    )
    const r = spawnSync('/usr/bin/node', [join(dir, 'probe.mjs'), String(key)], { cwd: dir, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, '{"a":true} 60 int int bbb')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("bundle: a KRM pass-through loads none of Node's stream, net or fs/promises modules beyond what an empty ES module loads (Node 24 and the system Node 20)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-start-'))
  try {
    // Node's ES-module facade of node:fs reads its `promises` getter (fs/promises, readline, the
    // streams), and process.stdin over a pipe loads node:net: the bundle imports builtins through
    // require() (scripts/builtins.mjs) and reads and writes its stdio synchronously (hosts/stdio.ts).
    const hook = join(dir, 'loaded.cjs')
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded.txt'))}, process.moduleLoadList.join('\\n')))`)
    const empty = join(dir, 'empty.mjs')
    writeFileSync(empty, '')
    const heavy = (node: string, args: string[], input: string) => {
      const r = spawnSync(node, ['--require', hook, ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
      assert.equal(r.status, 0, r.stderr)
      const loaded = readFileSync(join(dir, 'loaded.txt'), 'utf8').split('\n')
      assert.ok(loaded.includes('NativeModule fs'), `${node}: the hook saw the modules`)
      return { stdout: r.stdout, heavy: loaded.filter((m) => /^NativeModule (net|stream|internal\/fs\/promises|internal\/readline\/interface)$/.test(m)) }
    }
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: app\n  data:\n    a: b\n'
    for (const node of [process.execPath, ...(existsSync('/usr/bin/node') ? ['/usr/bin/node'] : [])]) {
      // Node 20's own ES-module loader loads fs/promises: that much is not the bundle's.
      const baseline = heavy(node, [empty], '').heavy
      const run = heavy(node, [join(ROOT, 'dist', 'eso-render.mjs')], input)
      assert.equal(run.stdout, input)
      assert.deepEqual(
        run.heavy.filter((m) => !baseline.includes(m)),
        [],
        node,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
