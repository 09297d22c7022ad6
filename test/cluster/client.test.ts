// The cluster client against the Kubernetes-API-compatible test server: objects by name, 404 as
// absent, RBAC refusals as CLUSTER_DENIED in the API server's words (verb, object, identity), no
// answer as CLUSTER_UNREACHABLE, TokenRequests, kubeconfig contexts, in-cluster loading, and the
// clear error on Node < 22. No message ever holds a Secret's data or a token.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicKey, createVerify } from 'node:crypto'
import { connectCluster, type ClusterAccess } from '../../src/cluster/client.ts'
import { RenderError } from '../../src/errors.ts'
import { startKubeApi, type KubeApi } from '../support/kube-api/server.ts'

const SA = 'system:serviceaccount:argocd:eso-render'
const DATA_CANARY = 'CLUSTER-DATA-CANARY-5e1'
let kube: KubeApi
let dir: string
let kubeconfig: string
let access: ClusterAccess

before(async () => {
  kube = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { team: 'a' } } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vault-token', namespace: 'apps' }, stringData: { token: DATA_CANARY } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'other', namespace: 'secret-ns' }, stringData: { token: DATA_CANARY } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ca', namespace: 'apps' }, data: { 'ca.crt': 'pem' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'apps' } },
      { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'vault', namespace: 'apps' }, spec: { provider: { vault: { server: 'https://vault:8200' } } } },
      { apiVersion: 'external-secrets.io/v1beta1', kind: 'ClusterSecretStore', metadata: { name: 'shared' }, spec: { provider: { vault: { server: 'https://vault:8200' } } } },
    ],
    users: { 'tok-eso': { username: SA } },
    rbac: [
      { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets', 'configmaps'], namespaces: ['apps'] },
      { username: SA, verbs: ['get'], apiGroups: [''], resources: ['namespaces'] },
      { username: SA, verbs: ['get'], apiGroups: ['external-secrets.io'], resources: ['secretstores', 'clustersecretstores'] },
      { username: SA, verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], namespaces: ['apps'] },
    ],
  })
  dir = mkdtempSync(join(tmpdir(), 'eso-render-cluster-'))
  kubeconfig = join(dir, 'kubeconfig')
  kube.writeKubeconfig(kubeconfig, { token: 'tok-eso', contextName: 'test' })
  access = await connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: kubeconfig } })
})
after(async () => {
  await kube.close()
  rmSync(dir, { recursive: true, force: true })
})

const clean = (text: string) => assert.ok(!text.includes(DATA_CANARY) && !text.includes('tok-eso'), `no data or token in: ${text}`)

test('connect: the current context and its API server are known for the announcement', () => {
  assert.equal(access.mode, 'kubeconfig')
  assert.equal(access.context, 'test')
  assert.equal(access.server, kube.url)
})

test('objects by name: Secret, ConfigMap, Namespace, SecretStore, ClusterSecretStore (at v1)', async () => {
  const secret = await access.getSecret('apps', 'vault-token')
  const configMap = await access.getConfigMap('apps', 'ca')
  const namespace = await access.getNamespace('apps')
  assert.ok(secret && configMap && namespace)
  assert.equal((secret.data as Record<string, string>).token, Buffer.from(DATA_CANARY).toString('base64'))
  assert.equal((configMap.data as Record<string, string>)['ca.crt'], 'pem')
  assert.deepEqual((namespace.metadata as { labels: Record<string, string> }).labels.team, 'a')
  assert.equal((await access.getStore('SecretStore', 'apps', 'vault'))?.apiVersion, 'external-secrets.io/v1')
  // Stored at v1beta1, served at v1 (the API server serves every served version of a CRD).
  assert.equal((await access.getStore('ClusterSecretStore', undefined, 'shared'))?.apiVersion, 'external-secrets.io/v1')
})

test('a missing object is undefined, not an error', async () => {
  assert.equal(await access.getSecret('apps', 'absent'), undefined)
  assert.equal(await access.getStore('SecretStore', 'apps', 'absent'), undefined)
})

test("an RBAC refusal is CLUSTER_DENIED in the API server's words: verb, object and identity", async () => {
  await assert.rejects(
    () => access.getSecret('secret-ns', 'other'),
    (e: unknown) =>
      e instanceof RenderError &&
      e.code === 'CLUSTER_DENIED' &&
      e.message === `cannot get secret secret-ns/other: secrets "other" is forbidden: User "${SA}" cannot get resource "secrets" in API group "" in the namespace "secret-ns"` &&
      (clean(e.message), true),
  )
})

test('a TokenRequest gives a ServiceAccount JWT with the audiences and lifetime asked for', async () => {
  const jwt = await access.requestToken('apps', 'app', ['vault'], 600)
  const [h, p, sig] = jwt.split('.')
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { sub: string; aud: string[]; exp: number; iat: number }
  assert.equal(claims.sub, 'system:serviceaccount:apps:app')
  assert.deepEqual(claims.aud, ['vault'])
  assert.equal(claims.exp - claims.iat, 600)
  assert.ok(createVerify('RSA-SHA256').update(`${h}.${p}`).verify(createPublicKey(kube.publicKeyPem), Buffer.from(sig, 'base64url')))
  assert.deepEqual(kube.tokenRequests.at(-1)?.audiences, ['vault'])
})

test('a TokenRequest for a ServiceAccount that does not exist, or one RBAC denies, is CLUSTER_DENIED', async () => {
  await assert.rejects(
    () => access.requestToken('apps', 'ghost', ['vault'], 600),
    (e: unknown) => e instanceof RenderError && e.code === 'CLUSTER_DENIED' && /ServiceAccount apps\/ghost does not exist/.test(e.message),
  )
  await assert.rejects(
    () => access.requestToken('kube-system', 'default', ['vault'], 600),
    (e: unknown) => e instanceof RenderError && e.code === 'CLUSTER_DENIED' && /cannot create resource "serviceaccounts\/token" in API group "" in the namespace "kube-system"/.test(e.message),
  )
})

test('bad credentials are CLUSTER_DENIED (401), and no token is quoted', async () => {
  const path = join(dir, 'bad')
  kube.writeKubeconfig(path, { token: 'not-a-user' })
  const bad = await connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: path } })
  await assert.rejects(
    () => bad.getSecret('apps', 'vault-token'),
    (e: unknown) => e instanceof RenderError && e.code === 'CLUSTER_DENIED' && /refused the credentials \(401 Unauthorized\)/.test(e.message) && !e.message.includes('not-a-user'),
  )
})

test('an API server that does not answer is CLUSTER_UNREACHABLE', async () => {
  const gone = await startKubeApi({})
  const path = join(dir, 'gone')
  gone.writeKubeconfig(path, { token: 'x' })
  await gone.close()
  const g = await connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: path } })
  await assert.rejects(
    () => g.getSecret('apps', 'x'),
    (e: unknown) => e instanceof RenderError && e.code === 'CLUSTER_UNREACHABLE' && /no answer from the Kubernetes API at https:\/\/127\.0\.0\.1:\d+/.test(e.message),
  )
})

test('kubeContext picks another context; an unknown one is CONFIG_INVALID; no kubeconfig is CLUSTER_UNREACHABLE', async () => {
  const path = join(dir, 'two')
  kube.writeKubeconfig(path, { token: 'tok-eso', contextName: 'prod' })
  assert.equal((await connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: path }, context: 'prod' })).context, 'prod')
  await assert.rejects(
    () => connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: path }, context: 'staging' }),
    (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && /no context "staging"/.test(e.message),
  )
  await assert.rejects(
    () => connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: join(dir, 'nothing-here') } }),
    (e: unknown) => e instanceof RenderError && e.code === 'CLUSTER_UNREACHABLE',
  )
})

test('in-cluster: the pod service account files and KUBERNETES_SERVICE_*', async () => {
  const files = kube.inClusterFiles(join(dir, 'pod'), { token: 'tok-eso', namespace: 'apps' })
  const saved = Object.fromEntries(Object.keys(files.env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, files.env)
  try {
    const pod = await connectCluster({ mode: 'in-cluster', env: {}, inClusterRoot: files.pathPrefix })
    assert.equal(pod.mode, 'in-cluster')
    assert.ok(await pod.getSecret('apps', 'vault-token'))
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
})

test('on Node < 22 cluster access is a clear error (the Kubernetes client needs 22)', async () => {
  await assert.rejects(
    () => connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: kubeconfig }, nodeVersion: '20.20.2' }),
    (e: unknown) => e instanceof RenderError && e.code === 'UNSUPPORTED' && /cluster access needs Node >= 22 \(this is Node 20\.20\.2\)/.test(e.message),
  )
})

test('listNamespaces: one LIST of every Namespace, with its labels (the API server adds kubernetes.io/metadata.name) and whether it is terminating; a refusal is CLUSTER_DENIED', async () => {
  const own = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', labels: { team: 'b' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
      // A namespace being deleted, as the API server shows it: deletionTimestamp set, phase Terminating.
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'going', deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Terminating' } },
    ],
    users: { 'tok-list': { username: SA } },
    rbac: [{ username: SA, verbs: ['list'], apiGroups: [''], resources: ['namespaces'] }],
  })
  const ownDir = mkdtempSync(join(tmpdir(), 'eso-render-cluster-list-'))
  try {
    const config = join(ownDir, 'kubeconfig')
    own.writeKubeconfig(config, { token: 'tok-list' })
    const lister = await connectCluster({ mode: 'kubeconfig', env: { KUBECONFIG: config } })
    assert.deepEqual(await lister.listNamespaces(), [
      { name: 'going', labels: { 'kubernetes.io/metadata.name': 'going' }, terminating: true },
      { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' }, terminating: false },
      { name: 'team-b', labels: { 'kubernetes.io/metadata.name': 'team-b', team: 'b' }, terminating: false },
    ])
    assert.deepEqual(
      own.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} ${r.status}`),
      ['GET /api/v1/namespaces 200'],
    )
  } finally {
    await own.close()
    rmSync(ownDir, { recursive: true, force: true })
  }
  // The shared server's identity may get Namespaces by name, not list them.
  await assert.rejects(
    () => access.listNamespaces(),
    (err: unknown) =>
      err instanceof RenderError &&
      err.code === 'CLUSTER_DENIED' &&
      /cannot list namespaces: namespaces is forbidden: User "system:serviceaccount:argocd:eso-render" cannot list resource "namespaces" in API group "" at the cluster scope/.test(err.message),
  )
})
