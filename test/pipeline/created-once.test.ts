// src/pipeline/created-once.ts, end to end in process with the Kubernetes-API-compatible server and
// the bundled Vault-compatible server: an ExternalSecret ESO writes once (refreshPolicy: CreatedOnce,
// refreshInterval: 0) keeps the live Secret ESO left (its data, type, labels, annotations), and
// Vault is not read for it; otherwise it is rendered from Vault with a warning or a notice saying why.
// ESO v2.9 pkg/controllers/externalsecret/externalsecret_controller.go: shouldRefresh (CreatedOnce:
// no refresh once synced; Periodic with refreshInterval <= 0 likewise), isSecretValid (skipped only
// while the Secret has the managed label and a data-hash matching its data; Orphan: always valid);
// ESO's test "should not refresh secret value when provider secret changes but refreshInterval is
// zero" (externalsecret_controller_test.go refreshintervalZero) and "should refresh when the hash
// annotation doesn't correspond to secret data" (checkSecretDataHashAnnotationChange).

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { runRender } from '../../src/hosts/stream.ts'
import { dataHash, esoHash } from '../../src/eso/target.ts'
import { startKubeApi, type KubeApi } from '../support/kube-api/server.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

const SA = 'system:serviceaccount:argocd:eso-render'
const NOW = 'ONCE-VAULT-NOW-CANARY-5c1'
const LIVE = 'ONCE-LIVE-FIRST-CANARY-8e2'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const hashOf = (data: Record<string, string>) => dataHash(new Map(Object.entries(data).map(([k, v]) => [k, new Uint8Array(Buffer.from(v))])))

let kube: KubeApi
let vault: VaultDouble
let dir: string
let env: Record<string, string>

const store = () =>
  'apiVersion: v1\nkind: Secret\nmetadata: {name: vault-token, namespace: apps}\nstringData: {token: root}\n---\n' +
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault: {server: VAULT, path: secret, version: v2, auth: {tokenSecretRef: {name: vault-token, key: token}}}\n`
const es = (name: string, spec: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n${spec}  secretStoreRef: {name: vault}\n  data:\n  - secretKey: password\n    remoteRef: {key: app, property: password}\n`
/** A Secret as ESO wrote it in the cluster, with what the API server and the hosts add. */
const liveSecret = (
  name: string,
  {
    labels = {},
    hash = hashOf({ password: LIVE }),
    type = 'kubernetes.io/basic-auth',
    extraMeta = {},
  }: { labels?: Record<string, string>; hash?: string; type?: string; extraMeta?: Record<string, unknown> } = {},
) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name,
    namespace: 'apps',
    labels: { 'reconcile.external-secrets.io/managed': 'true', team: 'payments', ...labels },
    annotations: {
      'reconcile.external-secrets.io/data-hash': hash,
      note: 'as ESO wrote it',
      'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${b64(LIVE)}"}}`,
      'argocd.argoproj.io/tracking-id': 'app:/Secret:apps/x',
    },
    ownerReferences: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name, uid: 'u-1', controller: true }],
    ...extraMeta,
  },
  type,
  data: { password: b64(LIVE) },
})

before(async () => {
  vault = await startVaultDouble({ seed: { secret: { version: 2, token: 'root', secrets: { app: { password: NOW } } } } })
  kube = await startKubeApi({
    objects: [
      liveSecret('kept'),
      liveSecret('zero'),
      liveSecret('edited', { hash: hashOf({ password: 'something else' }) }),
      { ...liveSecret('foreign'), metadata: { name: 'foreign', namespace: 'apps' } },
      liveSecret('orphan', { hash: 'stale' }),
      liveSecret('theirs', { extraMeta: { ownerReferences: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'someone-else', uid: 'u-2', controller: true }] } }),
      liveSecret('merged'),
      // Another ExternalSecret's Orphan Secret: managed, no owner recorded.
      { ...liveSecret('unowned'), metadata: { ...liveSecret('unowned').metadata, ownerReferences: undefined } },
    ],
    users: { 'tok-eso': { username: SA } },
    rbac: [{ username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets'], namespaces: ['apps'] }],
  })
  dir = mkdtempSync(join(tmpdir(), 'eso-render-once-'))
  kube.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-eso', contextName: 'test' })
  env = { KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig' }
})
after(async () => {
  await vault.close()
  await kube.close()
  rmSync(dir, { recursive: true, force: true })
})

const render = (docs: string, extraEnv: Record<string, string> = env) =>
  runRender({
    args: ['-'],
    stdin: async () => `${store().replace('VAULT', vault.url)}---\n${docs}`,
    env: { ...extraEnv, ESO_RENDER_ALLOWED_SERVERS: vault.url },
    readFile: (p) => readFileSync(p, 'utf8'),
  })
const secretNamed = (stdout: string, name: string) =>
  parseAllDocuments(stdout)
    .map((d) => d.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; type?: string; data?: Record<string, string> })
    .find((o) => o.kind === 'Secret' && o.metadata.name === name)!
const vaultReads = () => vault.requests.filter((r) => r.path.startsWith('secret/data/')).length

test('CreatedOnce with the live Secret as ESO left it: the output is that Secret, without what the API server and hosts add; Vault is not read', async () => {
  vault.clearRequests()
  const out = await render(es('kept', '  refreshPolicy: CreatedOnce\n'))
  assert.equal(out.exitCode, 0, out.stderr)
  const s = secretNamed(out.stdout, 'kept')
  assert.deepEqual(s, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'kept',
      namespace: 'apps',
      labels: { 'reconcile.external-secrets.io/managed': 'true', team: 'payments' },
      annotations: { note: 'as ESO wrote it', 'reconcile.external-secrets.io/data-hash': hashOf({ password: LIVE }), 'reloader.stakater.com/match': 'true' },
    },
    type: 'kubernetes.io/basic-auth',
    data: { password: b64(LIVE) },
  })
  assert.equal(vaultReads(), 0, 'ESO does not read the provider for a Secret it keeps')
  assert.match(out.stderr, /read from the cluster: Secret apps\/kept \(refreshPolicy: CreatedOnce: its current data\)/)
  assert.match(out.stderr, /refreshPolicy: CreatedOnce: the live Secret "kept" is kept as it is \(ESO never updates it\)/)
  assert.ok(!out.stderr.includes(LIVE) && !out.stderr.includes(b64(LIVE)) && !out.stderr.includes(NOW))
})

test('refreshInterval 0s (Periodic by default) keeps the live Secret likewise', async () => {
  vault.clearRequests()
  const out = await render(es('zero', '  refreshInterval: 0s\n'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(secretNamed(out.stdout, 'zero').data?.password, b64(LIVE))
  assert.equal(vaultReads(), 0)
  assert.match(out.stderr, /refreshInterval: 0: the live Secret "zero" is kept/)
})

test('refreshPolicy OnChange with refreshInterval 0 refreshes: no live read, Vault now, no warning', async () => {
  kube.clearRequests()
  const out = await render(es('zero', '  refreshPolicy: OnChange\n  refreshInterval: "0"\n'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(secretNamed(out.stdout, 'zero').data?.password, b64(NOW))
  assert.ok(!kube.requests.some((r) => r.path.endsWith('/secrets/zero')))
  assert.doesNotMatch(out.stderr, /CreatedOnce|refreshInterval: 0/)
})

const refreshed: { name: string; target: string; spec?: string; why: RegExp }[] = [
  {
    name: 'a data-hash that does not match the data (someone edited it)',
    target: 'edited',
    why: /the live Secret "edited" is rendered from Vault again: its reconcile\.external-secrets\.io\/data-hash does not match its data/,
  },
  { name: 'no managed label (ESO never wrote it)', target: 'foreign', why: /the live Secret "foreign" is rendered from Vault again: it lacks the reconcile\.external-secrets\.io\/managed label/ },
  {
    name: 'a Secret not in the cluster yet',
    target: 'absent',
    why: /warning: .*refreshPolicy: CreatedOnce: ESO writes this Secret once and never updates it; Secret apps\/absent is not in the cluster yet/,
  },
]
for (const c of refreshed) {
  test(`CreatedOnce, ${c.name}: rendered from Vault, saying why`, async () => {
    vault.clearRequests()
    const out = await render(es(c.target, '  refreshPolicy: CreatedOnce\n'))
    assert.equal(out.exitCode, 0, out.stderr)
    const s = secretNamed(out.stdout, c.target)
    assert.equal(s.data?.password, b64(NOW))
    assert.equal(s.metadata.labels?.['reconcile.external-secrets.io/created-by'], esoHash(`apps/${c.target}`))
    assert.equal(vaultReads(), 1)
    assert.match(out.stderr, c.why)
  })
}

test('CreatedOnce with Orphan: a stale data-hash does not matter (isSecretValid: Orphan is always valid)', async () => {
  const out = await render(es('orphan', '  refreshPolicy: CreatedOnce\n  target: {creationPolicy: Orphan}\n'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(secretNamed(out.stdout, 'orphan').data?.password, b64(LIVE))
  assert.equal(secretNamed(out.stdout, 'orphan').metadata.annotations?.['reconcile.external-secrets.io/data-hash'], 'stale')
})

// A render keeps only its own Secret: another ExternalSecret's Orphan Secret (no owner recorded)
// named as this one's target is rendered from Vault, never copied out of the cluster.
test('CreatedOnce naming a managed Secret nothing shows is this ExternalSecret’s: rendered from Vault, the live data not copied', async () => {
  vault.clearRequests()
  const out = await render(es('unowned', '  refreshPolicy: CreatedOnce\n  target: {creationPolicy: Orphan}\n'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(secretNamed(out.stdout, 'unowned').data?.password, b64(NOW))
  assert.equal(vaultReads(), 1)
  assert.match(out.stderr, /the live Secret "unowned" is rendered from Vault again: nothing on it shows it is this ExternalSecret's/)
  assert.ok(!out.stdout.includes(b64(LIVE)) && !out.stderr.includes(LIVE))
})

test('CreatedOnce with a live Secret another ExternalSecret owns: TARGET_INVALID, nothing rendered', async () => {
  const out = await render(es('theirs', '  refreshPolicy: CreatedOnce\n'))
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '')
  assert.match(
    out.stderr,
    /ExternalSecret apps\/theirs spec\.target\.name: the live Secret "theirs" is owned by another ExternalSecret \(its controller ownerReference names ExternalSecret "someone-else"\)/,
  )
  assert.ok(!out.stderr.includes(LIVE))
})

test('CreatedOnce with Merge: a merge target is never copied from the cluster; merged from the input with a warning', async () => {
  kube.clearRequests()
  const input = `apiVersion: v1\nkind: Secret\nmetadata: {name: merged, namespace: apps}\ndata: {other: ${b64('kept')}}\n---\n${es('merged', '  refreshPolicy: CreatedOnce\n  target: {creationPolicy: Merge}\n')}`
  const out = await render(input)
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(Object.keys(secretNamed(out.stdout, 'merged').data ?? {}), ['other', 'password'])
  assert.ok(!kube.requests.some((r) => r.path.endsWith('/secrets/merged')), 'the live Secret is not read')
  assert.match(out.stderr, /warning: .*refreshPolicy: CreatedOnce: ESO writes this Secret once and never updates it; the input holds Secret "merged"/)
})

test('CreatedOnce without cluster access: rendered from Vault, with the warning', async () => {
  const out = await render(es('kept', '  refreshPolicy: CreatedOnce\n'), {})
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(secretNamed(out.stdout, 'kept').data?.password, b64(NOW))
  assert.match(out.stderr, /warning: .*without cluster access the live Secret cannot be read: rendered from Vault now/)
})

test('CreatedOnce, the live Secret may not be read (RBAC): CLUSTER_DENIED at spec.target.name, nothing rendered', async () => {
  kube.setRbac([])
  try {
    const out = await render(es('kept', '  refreshPolicy: CreatedOnce\n'))
    assert.equal(out.exitCode, 1)
    assert.equal(out.stdout, '')
    assert.match(out.stderr, /ExternalSecret apps\/kept spec\.target\.name: cannot get secret apps\/kept: /)
    assert.match(out.stderr, /CreatedOnce reads the live Secret to keep the data ESO wrote once: grant the render's identity get on secrets\/kept in namespace apps/)
  } finally {
    kube.setRbac([{ username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets'], namespaces: ['apps'] }])
  }
})

test('an invalid refreshInterval is SCHEMA_INVALID (ESO decodes it as a metav1.Duration)', async () => {
  const out = await render(es('kept', '  refreshInterval: one hour\n'), {})
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /ExternalSecret apps\/kept spec\.refreshInterval: must be a Go duration/)
})
