// src/hosts/diff.ts: `eso-render diff BEFORE AFTER` as a user runs it: text, JSON and Markdown,
// exit 0/1/2 as diff's, usage errors, and canary values that never reach stdout or stderr, in no
// form (transformed, truncated or hashed).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runDiff } from '../../src/hosts/diff.ts'
import { transformedForms } from '../support/fixtures.ts'

const OLD = 'DIFF-CANARY-old-pw-5b21'
const NEW = 'DIFF-CANARY-new-pw-77c0'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const secret = (name: string, data: Record<string, string>, type = 'Opaque') =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: apps\n  labels:\n    reconcile.external-secrets.io/managed: "true"\n  annotations:\n    reconcile.external-secrets.io/data-hash: ${createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 56)}\ntype: ${type}\ndata:\n${Object.entries(
    data,
  )
    .map(([k, v]) => `  ${k}: ${b64(v)}\n`)
    .join('')}`
const dir = mkdtempSync(join(tmpdir(), 'eso-render-diff-'))
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const before = write('before.yaml', [secret('db', { password: OLD, user: 'app' }), secret('gone', { k: OLD })].join('---\n'))
const after = write('after.yaml', [secret('db', { password: NEW, user: 'app', port: '5432' }, 'kubernetes.io/basic-auth'), secret('new', { token: NEW })].join('---\n'))
const { readFileSync } = await import('node:fs')
const io = (args: string[], stdin = '') => runDiff({ args, stdin: async () => stdin, env: {}, readFile: (p) => readFileSync(p, 'utf8') })

const canaries = [OLD, NEW].flatMap((v) => [...transformedForms(v), createHash('sha256').update(v).digest('hex').slice(0, 16), b64(v)])
function assertNoValue(text: string) {
  for (const c of canaries) assert.ok(!text.includes(c), `a value in:\n${text}`)
}

test('diff text: added, removed and changed Secrets with key names, exit 1', async () => {
  const out = await io([before, after])
  assert.equal(out.exitCode, 1, out.stderr)
  assert.equal(
    out.stdout,
    [
      '~ Secret apps/db',
      '    keys added: port',
      '    keys changed: password',
      '    type: Opaque → kubernetes.io/basic-auth',
      '- Secret apps/gone (removed)',
      '    keys removed: k',
      '+ Secret apps/new (added)',
      '    keys added: token',
      '3 Secrets changed: 1 added, 1 removed, 1 changed (values are never shown)',
      '',
    ].join('\n'),
  )
  assertNoValue(out.stdout + out.stderr)
})

test('diff json: the pinned shape, omitting what did not change', async () => {
  const out = await io([before, after, '--output', 'json'])
  assert.equal(out.exitCode, 1)
  assert.deepEqual(JSON.parse(out.stdout), {
    secrets: [
      { secret: 'apps/db', change: 'changed', keysAdded: ['port'], keysChanged: ['password'], typeChanged: { from: 'Opaque', to: 'kubernetes.io/basic-auth' } },
      { secret: 'apps/gone', change: 'removed', keysRemoved: ['k'] },
      { secret: 'apps/new', change: 'added', keysAdded: ['token'] },
    ],
  })
  assertNoValue(out.stdout)
})

test('diff markdown: a table fit for a pull-request comment', async () => {
  const out = await io([before, after, '--output=markdown'])
  assert.equal(out.exitCode, 1)
  assert.match(out.stdout, /^\*\*eso-render diff\*\*: 3 Secrets changed/)
  assert.match(out.stdout, /\| `apps\/db` \| changed \| `port` \|  \| `password` \| type Opaque → kubernetes\.io\/basic-auth \|/)
  assertNoValue(out.stdout)
})

test('diff: the same output on both sides is exit 0, in every format; stdin may be one side', async () => {
  for (const output of ['text', 'json', 'markdown']) {
    const out = await io([before, '-', '--output', output], readFileSync(before, 'utf8'))
    assert.equal(out.exitCode, 0, out.stderr)
  }
  assert.equal((await io([before, before])).stdout, 'no change to the Secrets eso-render makes\n')
})

const usage: { name: string; args: string[]; message: RegExp }[] = [
  { name: 'one path', args: [before], message: /usage: eso-render diff BEFORE AFTER/ },
  { name: 'both on stdin', args: ['-', '-'], message: /only one of BEFORE and AFTER can be stdin/ },
  { name: 'an unknown output', args: [before, after, '--output', 'html'], message: /expected text, json or markdown/ },
  { name: 'a render option', args: [before, after, '--namespace', 'x'], message: /takes no render options/ },
  { name: '--live without cluster access', args: ['--live', after], message: /diff --live reads the live Secrets: give the cluster with --cluster kubeconfig\|in-cluster/ },
  { name: '--live with two paths', args: ['--live', before, after, '--cluster', 'kubeconfig'], message: /usage: eso-render diff --live AFTER/ },
  {
    name: '--live with a render option beyond the cluster',
    args: ['--live', after, '--cluster', 'kubeconfig', '--reloader', 'none'],
    message: /takes no render options but --cluster, --kube-context and --namespace/,
  },
  { name: 'a missing file', args: [before, join(dir, 'nope.yaml')], message: /nope\.yaml/ },
  { name: 'broken YAML', args: [before, write('broken.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: x\n')], message: /invalid YAML/ },
]
for (const c of usage) {
  test(`diff: ${c.name} is exit 2 with a clear error`, async () => {
    const out = await io(c.args)
    assert.equal(out.exitCode, 2)
    assert.equal(out.stdout, '')
    assert.match(out.stderr, c.message)
  })
}

// --live: the Secrets AFTER names, read one by one (get, never list) through the operator's
// cluster access from the Kubernetes-API-compatible test server.
test('diff --live: compares AFTER with the live Secrets it names, read by name only; a missing one is added', async () => {
  const { startKubeApi } = await import('../support/kube-api/server.ts')
  const SA = 'system:serviceaccount:argocd:eso-render'
  const kube = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'db',
          namespace: 'apps',
          labels: { 'reconcile.external-secrets.io/managed': 'true' },
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${b64(OLD)}"}}` },
        },
        type: 'Opaque',
        data: { password: b64(OLD), user: b64('app') },
      },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'unrelated', namespace: 'apps' }, data: { x: b64(OLD) } },
    ],
    users: { 'tok-diff': { username: SA } },
    rbac: [{ username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets'] }],
  })
  try {
    kube.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-diff', contextName: 'test' })
    const out = await runDiff({
      args: ['--live', after, '--cluster', 'kubeconfig', '--output', 'json'],
      stdin: async () => '',
      env: { KUBECONFIG: join(dir, 'kubeconfig') },
      readFile: (p) => readFileSync(p, 'utf8'),
    })
    assert.equal(out.exitCode, 1, out.stderr)
    assert.deepEqual(JSON.parse(out.stdout), {
      secrets: [
        { secret: 'apps/db', change: 'changed', keysAdded: ['port'], keysChanged: ['password'], typeChanged: { from: 'Opaque', to: 'kubernetes.io/basic-auth' } },
        { secret: 'apps/new', change: 'added', keysAdded: ['token'] },
      ],
    })
    assert.match(out.stderr, /info: cluster access \(set by the operator \(flag --cluster\)\): kubeconfig context "test"/)
    assertNoValue(out.stdout + out.stderr)
    // Only the names AFTER holds were read, each with a get; nothing was listed.
    const reads = kube.requests.filter((r) => r.path.includes('/secrets')).map((r) => `${r.method} ${r.path}`)
    assert.deepEqual(reads.sort(), ['GET /api/v1/namespaces/apps/secrets/db', 'GET /api/v1/namespaces/apps/secrets/new'])
  } finally {
    await kube.close()
  }
})

test('diff --live ends at the run deadline when the API server never answers (exit 2)', async () => {
  const { createServer } = await import('node:net')
  const sockets: import('node:net').Socket[] = []
  const silent = createServer((s) => void sockets.push(s))
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
  try {
    const port = (silent.address() as { port: number }).port
    writeFileSync(
      join(dir, 'silent-kubeconfig'),
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
    )
    const out = await runDiff({
      args: ['--live', after, '--cluster', 'kubeconfig'],
      stdin: async () => '',
      env: { KUBECONFIG: join(dir, 'silent-kubeconfig'), ESO_RENDER_DEADLINE_SECONDS: '1' },
      readFile: (p) => readFileSync(p, 'utf8'),
    })
    assert.equal(out.exitCode, 2)
    assert.equal(out.stdout, '')
    assert.match(out.stderr, /the run's deadline \(1 s, deadlineSeconds\) passed while reading the live Secrets from the cluster/)
  } finally {
    for (const s of sockets) s.destroy()
    silent.close()
  }
})
