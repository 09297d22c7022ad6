// The Kubernetes-API-compatible test server, driven through @kubernetes/client-node as eso-render will
// drive a cluster: objects as the API server returns them, NotFound / Forbidden / Unauthorized Status
// bodies (through client-node's ApiException and byte for byte on the wire), TLS, discovery, the request log.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ApiException } from '@kubernetes/client-node'
import { startKubeApi, type KubeApi } from './server.ts'
import { clientsFor, failure, raw, removeScratch, type Clients } from './client.ts'

type Unstructured = { apiVersion: string; kind: string; metadata: { generation?: number; namespace?: string }; spec: unknown }

const SA = 'system:serviceaccount:argocd:argocd-repo-server'
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5)

const OBJECTS = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'team-a', labels: { app: 'db' } }, data: { user: 'YWRtaW4=' }, stringData: { password: 's3cret', user: 'root' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'team-a' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-a' }, data: { b: '2', a: '1' } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'argocd-repo-server', namespace: 'argocd' } },
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name: 'vault', namespace: 'team-a' },
    spec: { provider: { vault: { server: 'https://vault:8200', path: 'secret', version: 'v2' } } },
  },
  { apiVersion: 'external-secrets.io/v1beta1', kind: 'ClusterSecretStore', metadata: { name: 'shared' }, spec: { provider: { vault: { server: 'https://vault:8200' } } } },
]

// RoleBindings in team-a and in `nowhere` (a namespace that does not exist: a RoleBinding there is still possible).
const RULES = [
  { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets', 'configmaps'], namespaces: ['team-a', 'nowhere'] },
  { username: SA, verbs: ['get', 'list'], apiGroups: [''], resources: ['namespaces'] },
  { username: SA, verbs: ['get', 'list'], apiGroups: ['external-secrets.io'], resources: ['secretstores', 'clustersecretstores'] },
]

let kube: KubeApi
let allowed: Clients
before(async () => {
  kube = await startKubeApi({
    objects: OBJECTS,
    clock: () => T0,
    users: { 'tok-repo': { username: SA, uid: 'u-1', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd'] }, 'tok-alice': { username: 'alice' } },
    rbac: [...RULES],
  })
  allowed = clientsFor(kube, { token: 'tok-repo' })
})
after(async () => {
  await kube.close()
  removeScratch()
})

test('found objects come back as the API server returns them (client-node models)', async () => {
  const s = await allowed.core.readNamespacedSecret({ name: 'db', namespace: 'team-a' })
  assert.deepEqual(s.data, { password: Buffer.from('s3cret').toString('base64'), user: Buffer.from('root').toString('base64') }, 'stringData folded over data')
  assert.equal(s.stringData, undefined)
  assert.equal(s.type, 'Opaque')
  assert.equal(s.kind, 'Secret')
  assert.equal(s.apiVersion, 'v1')
  assert.match(s.metadata!.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.match(s.metadata!.resourceVersion!, /^\d+$/)
  assert.equal(s.metadata!.creationTimestamp!.getTime(), T0)
  assert.deepEqual(s.metadata!.labels, { app: 'db' })

  const tlsSecret = await allowed.core.readNamespacedSecret({ name: 'tls', namespace: 'team-a' })
  assert.equal(tlsSecret.type, 'kubernetes.io/tls')

  const cm = await allowed.core.readNamespacedConfigMap({ name: 'settings', namespace: 'team-a' })
  assert.deepEqual(cm.data, { a: '1', b: '2' })

  const ns = await allowed.core.readNamespace({ name: 'team-a' })
  assert.deepEqual(ns.metadata!.labels, { team: 'a', 'kubernetes.io/metadata.name': 'team-a' })
  assert.deepEqual([ns.spec?.finalizers, ns.status?.phase], [['kubernetes'], 'Active'])

  const ss = (await allowed.custom.getNamespacedCustomObject({ group: 'external-secrets.io', version: 'v1', namespace: 'team-a', plural: 'secretstores', name: 'vault' })) as Unstructured
  assert.equal(ss.apiVersion, 'external-secrets.io/v1')
  assert.equal(ss.kind, 'SecretStore')
  assert.equal(ss.metadata.generation, 1)
  assert.deepEqual(ss.spec, OBJECTS[5].spec)

  // Conversion None: the v1beta1 object is served at v1 too, and vice versa.
  for (const version of ['v1', 'v1beta1']) {
    const css = (await allowed.custom.getClusterCustomObject({ group: 'external-secrets.io', version, plural: 'clustersecretstores', name: 'shared' })) as Unstructured
    assert.equal(css.apiVersion, `external-secrets.io/${version}`)
    assert.equal(css.metadata.namespace, undefined)
  }
})

test('wire format: Go field order for built-in kinds, sorted keys for custom resources, trailing newline', async () => {
  const s = await raw(kube, 'GET', '/api/v1/namespaces/team-a/secrets/db', { token: 'tok-repo' })
  const o = JSON.parse(s.body)
  assert.deepEqual(Object.keys(o), ['kind', 'apiVersion', 'metadata', 'data', 'type'])
  assert.deepEqual(Object.keys(o.metadata), ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'labels'])
  assert.equal(o.metadata.creationTimestamp, '2026-01-02T03:04:05Z')
  assert.ok(s.body.endsWith('}\n'))
  assert.equal(s.headers['content-type'], 'application/json')
  assert.match(String(s.headers['audit-id']), /^[0-9a-f-]{36}$/)
  assert.equal(s.headers['cache-control'], 'no-cache, private')

  const ss = JSON.parse((await raw(kube, 'GET', '/apis/external-secrets.io/v1/namespaces/team-a/secretstores/vault', { token: 'tok-repo' })).body)
  assert.deepEqual(Object.keys(ss), ['apiVersion', 'kind', 'metadata', 'spec'])
  assert.deepEqual(Object.keys(ss.metadata), ['creationTimestamp', 'generation', 'name', 'namespace', 'resourceVersion', 'uid'])
  assert.deepEqual(Object.keys(ss.spec.provider.vault), ['path', 'server', 'version'])
})

const notFoundRows: { name: string; call: (c: Clients) => Promise<unknown>; body: object }[] = [
  {
    name: 'Secret',
    call: (c) => c.core.readNamespacedSecret({ name: 'x', namespace: 'team-a' }),
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'secrets "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'secrets' }, code: 404 },
  },
  {
    name: 'Secret in a namespace that does not exist (the object NotFound, as a GET never checks the namespace)',
    call: (c) => c.core.readNamespacedSecret({ name: 'db', namespace: 'nowhere' }),
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'secrets "db" not found', reason: 'NotFound', details: { name: 'db', kind: 'secrets' }, code: 404 },
  },
  {
    name: 'ConfigMap',
    call: (c) => c.core.readNamespacedConfigMap({ name: 'cfg', namespace: 'team-a' }),
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "cfg" not found', reason: 'NotFound', details: { name: 'cfg', kind: 'configmaps' }, code: 404 },
  },
  {
    name: 'Namespace',
    call: (c) => c.core.readNamespace({ name: 'team-z' }),
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces "team-z" not found',
      reason: 'NotFound',
      details: { name: 'team-z', kind: 'namespaces' },
      code: 404,
    },
  },
  {
    name: 'SecretStore (group in details and message)',
    call: (c) => c.custom.getNamespacedCustomObject({ group: 'external-secrets.io', version: 'v1', namespace: 'team-a', plural: 'secretstores', name: 'gone' }),
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secretstores.external-secrets.io "gone" not found',
      reason: 'NotFound',
      details: { name: 'gone', group: 'external-secrets.io', kind: 'secretstores' },
      code: 404,
    },
  },
  {
    name: 'ClusterSecretStore',
    call: (c) => c.custom.getClusterCustomObject({ group: 'external-secrets.io', version: 'v1beta1', plural: 'clustersecretstores', name: 'gone' }),
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'clustersecretstores.external-secrets.io "gone" not found',
      reason: 'NotFound',
      details: { name: 'gone', group: 'external-secrets.io', kind: 'clustersecretstores' },
      code: 404,
    },
  },
]

for (const row of notFoundRows) {
  test(`404 NotFound: ${row.name}`, async () => {
    const f = await failure(row.call(allowed))
    assert.equal(f.code, 404)
    assert.equal(typeof f.body, 'string', 'client-node hands the Status over as the response text')
    assert.deepEqual(JSON.parse(f.body as string), row.body)
  })
}

const forbiddenRows: { name: string; call: (c: Clients) => Promise<unknown>; message: string; details: object }[] = [
  {
    name: 'namespaced Secret in a namespace the RoleBinding does not cover',
    call: (c) => c.core.readNamespacedSecret({ name: 'x', namespace: 'team-b' }),
    message: `secrets "x" is forbidden: User "${SA}" cannot get resource "secrets" in API group "" in the namespace "team-b"`,
    details: { name: 'x', kind: 'secrets' },
  },
  {
    name: 'ServiceAccount (a verb/resource with no rule)',
    call: (c) => c.core.readNamespacedServiceAccount({ name: 'argocd-repo-server', namespace: 'argocd' }),
    message: `serviceaccounts "argocd-repo-server" is forbidden: User "${SA}" cannot get resource "serviceaccounts" in API group "" in the namespace "argocd"`,
    details: { name: 'argocd-repo-server', kind: 'serviceaccounts' },
  },
  {
    name: 'subresource: TokenRequest is create on serviceaccounts/token',
    call: (c) => c.core.createNamespacedServiceAccountToken({ name: 'argocd-repo-server', namespace: 'argocd', body: { spec: { audiences: ['vault'] } } }),
    message: `serviceaccounts "argocd-repo-server" is forbidden: User "${SA}" cannot create resource "serviceaccounts/token" in API group "" in the namespace "argocd"`,
    details: { name: 'argocd-repo-server', kind: 'serviceaccounts' },
  },
]
const aliceRows: typeof forbiddenRows = [
  {
    name: 'cluster-scoped ClusterSecretStore',
    call: (c) => c.custom.getClusterCustomObject({ group: 'external-secrets.io', version: 'v1', plural: 'clustersecretstores', name: 'shared' }),
    message: 'clustersecretstores.external-secrets.io "shared" is forbidden: User "alice" cannot get resource "clustersecretstores" in API group "external-secrets.io" at the cluster scope',
    details: { name: 'shared', group: 'external-secrets.io', kind: 'clustersecretstores' },
  },
  {
    name: 'CRD in a namespace',
    call: (c) => c.custom.getNamespacedCustomObject({ group: 'external-secrets.io', version: 'v1', namespace: 'team-a', plural: 'secretstores', name: 'vault' }),
    message: 'secretstores.external-secrets.io "vault" is forbidden: User "alice" cannot get resource "secretstores" in API group "external-secrets.io" in the namespace "team-a"',
    details: { name: 'vault', group: 'external-secrets.io', kind: 'secretstores' },
  },
  {
    name: "a Namespace's own URL names it as the namespace",
    call: (c) => c.core.readNamespace({ name: 'team-a' }),
    message: 'namespaces "team-a" is forbidden: User "alice" cannot get resource "namespaces" in API group "" in the namespace "team-a"',
    details: { name: 'team-a', kind: 'namespaces' },
  },
  {
    name: 'list at the cluster scope (no name: `<resource> is forbidden`)',
    call: (c) => c.core.listNamespace(),
    message: 'namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope',
    details: { kind: 'namespaces' },
  },
]

for (const [who, rows] of [
  ['tok-repo', forbiddenRows],
  ['tok-alice', aliceRows],
] as const) {
  for (const row of rows) {
    test(`403 Forbidden: ${row.name}`, async () => {
      const f = await failure(row.call(clientsFor(kube, { token: who })))
      assert.equal(f.code, 403)
      assert.deepEqual(JSON.parse(f.body as string), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: row.message, reason: 'Forbidden', details: row.details, code: 403 })
    })
  }
}

test('403 and 404 bytes on the wire: Status in metav1.Status field order, a newline, nosniff on 403', async () => {
  const f = await raw(kube, 'GET', '/api/v1/namespaces/team-b/secrets/x', { token: 'tok-repo' })
  assert.equal(f.status, 403)
  assert.equal(
    f.body,
    `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \\"x\\" is forbidden: User \\"${SA}\\" cannot get resource \\"secrets\\" in API group \\"\\" in the namespace \\"team-b\\"","reason":"Forbidden","details":{"name":"x","kind":"secrets"},"code":403}\n`,
  )
  assert.equal(f.headers['x-content-type-options'], 'nosniff')
  const n = await raw(kube, 'GET', '/apis/external-secrets.io/v1/namespaces/team-a/secretstores/x', { token: 'tok-repo' })
  assert.equal(
    n.body,
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secretstores.external-secrets.io \\"x\\" not found","reason":"NotFound","details":{"name":"x","group":"external-secrets.io","kind":"secretstores"},"code":404}\n',
  )
})

const UNAUTHORIZED = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n'

const unauthorizedRows: { name: string; headers: Record<string, string>; user: string }[] = [
  { name: 'unknown token', headers: { Authorization: 'Bearer nobody-has-this' }, user: '(invalid)' },
  { name: 'no Authorization header', headers: {}, user: '(none)' },
  { name: 'empty bearer', headers: { Authorization: 'Bearer ' }, user: '(none)' },
  { name: 'not a bearer scheme', headers: { Authorization: 'Basic YWxpY2U6cHc=' }, user: '(none)' },
  { name: 'a JWT nobody signed', headers: { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln' }, user: '(invalid)' },
]
for (const row of unauthorizedRows) {
  test(`401 Unauthorized: ${row.name}`, async () => {
    kube.clearRequests()
    const r = await raw(kube, 'GET', '/api/v1/namespaces/team-a/secrets/db', { headers: row.headers })
    assert.deepEqual([r.status, r.body], [401, UNAUTHORIZED])
    assert.deepEqual(kube.requests, [{ method: 'GET', path: '/api/v1/namespaces/team-a/secrets/db', query: '', user: row.user, status: 401 }])
  })
}

test('401 through client-node: ApiException code 401, and no body (the generated code drops it for 401)', async () => {
  const c = clientsFor(kube, { token: 'nobody-has-this' })
  for (const call of [
    () => c.core.readNamespacedSecret({ name: 'db', namespace: 'team-a' }),
    () => c.custom.getClusterCustomObject({ group: 'external-secrets.io', version: 'v1', plural: 'clustersecretstores', name: 'shared' }),
    () => c.core.createNamespacedServiceAccountToken({ name: 'argocd-repo-server', namespace: 'argocd', body: {} }),
    () => c.authn.createSelfSubjectReview({ body: {} }),
  ]) {
    const f = await failure(call())
    assert.equal(f.code, 401)
    assert.match(f.error.message, /^HTTP-Code: 401\nMessage: /)
  }
})

test('anonymous: option, missing credentials become system:anonymous (403), a bad token stays 401', async () => {
  const anon = await startKubeApi({ tls: false, anonymous: true, objects: OBJECTS })
  try {
    const r = await raw(anon, 'GET', '/api/v1/namespaces/team-a/secrets/db')
    assert.equal(r.status, 403)
    assert.equal(JSON.parse(r.body).message, 'secrets "db" is forbidden: User "system:anonymous" cannot get resource "secrets" in API group "" in the namespace "team-a"')
    assert.equal((await raw(anon, 'GET', '/version')).status, 200, 'system:public-info-viewer covers system:unauthenticated')
    assert.equal(JSON.parse((await raw(anon, 'GET', '/apis')).body).message, 'forbidden: User "system:anonymous" cannot get path "/apis"')
    assert.equal((await raw(anon, 'GET', '/version', { token: 'bad' })).status, 401)
  } finally {
    await anon.close()
  }
})

test('TLS: verified against caPem (certificate-authority-data and certificate-authority file); refused without the CA', async () => {
  assert.match(kube.url, /^https:\/\/127\.0\.0\.1:\d+$/)
  assert.match(kube.caPem, /^-----BEGIN CERTIFICATE-----/)
  for (const ca of ['data', 'file'] as const) {
    const c = clientsFor(kube, { token: 'tok-repo', ca })
    assert.equal((await c.core.readNamespacedSecret({ name: 'db', namespace: 'team-a' })).metadata!.name, 'db', ca)
  }
  const noCa = clientsFor(kube, { token: 'tok-repo', ca: 'none' })
  const f = await failure(noCa.core.readNamespacedSecret({ name: 'db', namespace: 'team-a' }))
  assert.equal(f.code, undefined, 'not an ApiException: no HTTP answer at all')
  const cause = (f.error as Error & { cause?: { code?: string } }).cause
  assert.equal(cause?.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', String(f.error))
  // insecure-skip-tls-verify gets through without the CA.
  const insecure = clientsFor(kube, { token: 'tok-repo', insecureSkipTLSVerify: true })
  assert.equal((await insecure.core.readNamespacedSecret({ name: 'db', namespace: 'team-a' })).metadata!.name, 'db')
  await assert.rejects(raw(kube, 'GET', '/version', { token: 'tok-repo', ca: false }), /certificate/)
})

test('tls: false serves plain HTTP; its kubeconfig sets insecure-skip-tls-verify (client-node refuses http:// otherwise)', async () => {
  const plain = await startKubeApi({ tls: false, objects: OBJECTS, users: { t: { username: 'admin' } }, rbac: [{ username: 'admin', verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] })
  try {
    assert.match(plain.url, /^http:\/\//)
    assert.equal(plain.caPem, '')
    const c = clientsFor(plain, { token: 't' })
    assert.equal((await c.core.readNamespace({ name: 'team-a' })).metadata!.name, 'team-a')
  } finally {
    await plain.close()
  }
})

test('an unreachable server: client-node throws a plain fetch error (no code), what eso-render maps to CLUSTER_UNREACHABLE', async () => {
  const gone = await startKubeApi({ tls: false })
  const c = clientsFor(gone, { token: 't' })
  await gone.close()
  const f = await failure(c.core.readNamespace({ name: 'team-a' }))
  assert.equal(f.code, undefined)
  assert.equal((f.error as Error & { cause?: { code?: string } }).cause?.code, 'ECONNREFUSED', String(f.error))
})

test('kubeconfig: a real one (cluster, user, context with namespace, current-context) that kubectl-style loaders accept', () => {
  const text = kube.writeKubeconfig(`${process.env.TMPDIR ?? '/tmp'}/kube-api-kubeconfig-${process.pid}`, { token: 'tok-repo', contextName: 'ctx', namespace: 'team-a' })
  assert.match(text, /^apiVersion: v1\nclusters:\n- cluster:\n {4}server: "https:\/\/127\.0\.0\.1:\d+"\n {4}certificate-authority-data: [A-Za-z0-9+/=]+\n {2}name: "ctx"\ncontexts:/)
  assert.match(text, /\ncurrent-context: "ctx"\nkind: Config\n/)
  const c = clientsFor(kube, { token: 'tok-repo', contextName: 'ctx', namespace: 'team-a' })
  assert.equal(c.kc.getCurrentContext(), 'ctx')
  assert.equal(c.kc.getContextObject('ctx')?.namespace, 'team-a')
  assert.equal(c.kc.getCurrentUser()?.token, 'tok-repo')
  assert.equal(c.kc.getCurrentCluster()?.server, kube.url)
})

test("discovery and /version answer any authenticated user (bootstrap policy); an unknown path is Go's plain 404", async () => {
  const v = await raw(kube, 'GET', '/version', { token: 'tok-alice' })
  assert.equal(v.status, 200)
  assert.equal(JSON.parse(v.body).gitVersion, 'v1.34.1')
  const api = JSON.parse((await raw(kube, 'GET', '/api', { token: 'tok-alice' })).body)
  assert.deepEqual(api.versions, ['v1'])
  const apis = JSON.parse((await raw(kube, 'GET', '/apis', { token: 'tok-alice' })).body)
  assert.deepEqual(
    apis.groups.map((g: { name: string; preferredVersion: { version: string } }) => [g.name, g.preferredVersion.version]),
    [
      ['authentication.k8s.io', 'v1'],
      ['external-secrets.io', 'v1'],
    ],
  )
  const core = JSON.parse((await raw(kube, 'GET', '/api/v1', { token: 'tok-alice' })).body)
  assert.ok(core.resources.some((r: { name: string; kind: string }) => r.name === 'serviceaccounts/token' && r.kind === 'TokenRequest'))
  const eso = JSON.parse((await raw(kube, 'GET', '/apis/external-secrets.io/v1beta1', { token: 'tok-alice' })).body)
  assert.deepEqual(
    eso.resources.map((r: { name: string; namespaced: boolean }) => [r.name, r.namespaced]),
    [
      ['clustersecretstores', false],
      ['secretstores', true],
    ],
  )
  const missing = await raw(kube, 'GET', '/apis/example.com/v1', { token: 'tok-alice' })
  assert.deepEqual([missing.status, missing.body, missing.headers['content-type']], [404, '404 page not found\n', 'text/plain; charset=utf-8'])
  // Outside the discovery paths, a non-resource GET needs a rule; a resource the server lacks is still authorized first.
  assert.equal(JSON.parse((await raw(kube, 'GET', '/metrics', { token: 'tok-alice' })).body).message, 'forbidden: User "alice" cannot get path "/metrics"')
  assert.equal(
    JSON.parse((await raw(kube, 'GET', '/apis/example.com/v1/things', { token: 'tok-alice' })).body).message,
    'things.example.com is forbidden: User "alice" cannot list resource "things" in API group "example.com" at the cluster scope',
  )
})

test('ESO not installed (esoVersions: []): an allowed GET is the plain 404 that client-go reports as "the server could not find the requested resource"', async () => {
  const bare = await startKubeApi({ tls: false, esoVersions: [], users: { t: { username: 'admin' } }, rbac: [{ username: 'admin', verbs: ['get'], apiGroups: ['*'], resources: ['*'] }] })
  try {
    const c = clientsFor(bare, { token: 't' })
    const f = await failure(c.custom.getNamespacedCustomObject({ group: 'external-secrets.io', version: 'v1', namespace: 'a', plural: 'secretstores', name: 'vault' }))
    assert.deepEqual([f.code, f.body], [404, '404 page not found\n'])
    // Authorization runs before routing: without the rule it is a 403 even though the resource does not exist.
    bare.setRbac([])
    assert.equal((await failure(c.custom.getNamespacedCustomObject({ group: 'external-secrets.io', version: 'v1', namespace: 'a', plural: 'secretstores', name: 'vault' }))).code, 403)
  } finally {
    await bare.close()
  }
})

test('lists: items in namespace/name order, built-in items without kind/apiVersion; writes are 405', async () => {
  const c = clientsFor(kube, { token: 'tok-repo' })
  const nsList = await c.core.listNamespace()
  assert.deepEqual(
    nsList.items.map((n) => n.metadata!.name),
    ['team-a'],
  )
  const r = JSON.parse((await raw(kube, 'GET', '/apis/external-secrets.io/v1/secretstores', { token: 'tok-repo' })).body)
  assert.deepEqual(
    [r.kind, r.apiVersion, r.items.map((i: { kind: string; metadata: { name: string } }) => `${i.kind}/${i.metadata.name}`)],
    ['SecretStoreList', 'external-secrets.io/v1', ['SecretStore/vault']],
  )
  const core = JSON.parse((await raw(kube, 'GET', '/api/v1/namespaces', { token: 'tok-repo' })).body)
  assert.deepEqual(Object.keys(core.items[0]), ['metadata', 'spec', 'status'])
  kube.setRbac([{ username: 'admin', verbs: ['*'], apiGroups: ['*'], resources: ['*'] }])
  kube.addUser('tok-admin', { username: 'admin' })
  try {
    const d = await raw(kube, 'DELETE', '/api/v1/namespaces/team-a/secrets/db', { token: 'tok-admin' })
    assert.equal(d.status, 405)
    assert.equal(JSON.parse(d.body).reason, 'MethodNotAllowed')
  } finally {
    kube.setRbac(RULES)
  }
})

test('addObject / removeObject change what is served (a new resourceVersion each time, uid kept on replace)', async () => {
  const first = kube.addObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'team-a' }, data: { k: 'v1' } })
  const second = kube.addObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'team-a' }, data: { k: 'v2' } })
  const meta = (o: Record<string, unknown>) => o.metadata as { uid: string; resourceVersion: string }
  assert.equal(meta(first).uid, meta(second).uid)
  assert.ok(Number(meta(second).resourceVersion) > Number(meta(first).resourceVersion))
  assert.deepEqual((await allowed.core.readNamespacedConfigMap({ name: 'late', namespace: 'team-a' })).data, { k: 'v2' })
  assert.equal(kube.removeObject({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'late' }), true)
  assert.equal((await failure(allowed.core.readNamespacedConfigMap({ name: 'late', namespace: 'team-a' }))).code, 404)
  assert.throws(() => kube.addObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad', namespace: 'a' }, data: { k: 'not base64!' } }), /data\.k is not base64/)
  assert.throws(() => kube.addObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'a' } }), /cannot serve apps\/v1 Deployment/)
  assert.throws(() => kube.addObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'no-ns' } }), /metadata\.namespace is required/)
})

test('request log: method, path, query, user, status; never a token or any Secret data (canary)', async () => {
  const canary = 'CANARY-8f2c1e-do-not-log'
  const token = 'tok-CANARY-bearer-77'
  kube.addUser(token, { username: SA })
  kube.addObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'canary', namespace: 'team-a' }, stringData: { value: canary } })
  kube.addObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'vault-auth', namespace: 'team-a' } })
  kube.setRbac([
    { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets'], namespaces: ['team-a'] },
    { username: SA, verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], namespaces: ['team-a'], resourceNames: ['vault-auth'] },
  ])
  kube.clearRequests()
  const c = clientsFor(kube, { token })
  const s = await c.core.readNamespacedSecret({ name: 'canary', namespace: 'team-a', pretty: 'true' })
  assert.equal(Buffer.from(s.data!.value, 'base64').toString(), canary)
  const tr = await c.core.createNamespacedServiceAccountToken({ name: 'vault-auth', namespace: 'team-a', body: { spec: { audiences: ['vault'] } } })
  const minted = tr.status!.token!
  await raw(kube, 'GET', '/api/v1/namespaces/team-a/secrets/canary', { token: 'wrong-CANARY-token' })
  assert.deepEqual(kube.requests, [
    { method: 'GET', path: '/api/v1/namespaces/team-a/secrets/canary', query: 'pretty=true', user: SA, status: 200 },
    { method: 'POST', path: '/api/v1/namespaces/team-a/serviceaccounts/vault-auth/token', query: '', user: SA, status: 201 },
    { method: 'GET', path: '/api/v1/namespaces/team-a/secrets/canary', query: '', user: '(invalid)', status: 401 },
  ])
  const logged = JSON.stringify([kube.requests, kube.tokenRequests])
  for (const secret of [canary, Buffer.from(canary).toString('base64'), token, 'wrong-CANARY-token', minted, ...minted.split('.')])
    assert.ok(!logged.includes(secret), `log holds ${secret.slice(0, 12)}…`)
  assert.ok(!logged.includes('CANARY'))
})

// The shape README.md documents for eso-render's CLUSTER_DENIED: object, verb and identity from a 403's message.
const FORBIDDEN =
  /^(?<object>\S+?)(?: "(?<name>[^"]*)")? is forbidden: User "(?<user>(?:[^"\\]|\\.)*)" cannot (?<verb>\S+) resource "(?<resource>[^"]+)" in API group "(?<group>[^"]*)" (?:in the namespace "(?<namespace>[^"]*)"|at the cluster scope)/

test('how errors surface through client-node: ApiException (code, body text) for HTTP answers, TypeError with a cause for the rest', async () => {
  const denied = await failure(clientsFor(kube, { token: 'tok-alice' }).custom.getClusterCustomObject({ group: 'external-secrets.io', version: 'v1', plural: 'clustersecretstores', name: 'shared' }))
  assert.ok(denied.error instanceof ApiException)
  assert.match(denied.error.message, /^HTTP-Code: 403\nMessage: Unknown API Status Code!\nBody: /)
  const status = JSON.parse(denied.body as string)
  assert.deepEqual(
    { ...FORBIDDEN.exec(status.message)!.groups },
    {
      object: 'clustersecretstores.external-secrets.io',
      name: 'shared',
      user: 'alice',
      verb: 'get',
      resource: 'clustersecretstores',
      group: 'external-secrets.io',
      namespace: undefined,
    },
  )
  const sub = await failure(allowed.core.createNamespacedServiceAccountToken({ name: 'argocd-repo-server', namespace: 'argocd', body: {} }))
  assert.deepEqual(
    { ...FORBIDDEN.exec(JSON.parse(sub.body as string).message)!.groups },
    {
      object: 'serviceaccounts',
      name: 'argocd-repo-server',
      user: SA,
      verb: 'create',
      resource: 'serviceaccounts/token',
      group: '',
      namespace: 'argocd',
    },
  )
  const missing = await failure(allowed.core.readNamespacedSecret({ name: 'x', namespace: 'team-a' }))
  assert.ok(missing.error instanceof ApiException)
  assert.equal(JSON.parse(missing.body as string).reason, 'NotFound')
  const unauth = await failure(clientsFor(kube, { token: 'nope' }).core.readNamespacedSecret({ name: 'x', namespace: 'team-a' }))
  assert.ok(unauth.error instanceof ApiException)
  assert.deepEqual([unauth.code, unauth.body], [401, undefined])
  const tlsFail = await failure(clientsFor(kube, { token: 'tok-repo', ca: 'none' }).core.readNamespacedSecret({ name: 'db', namespace: 'team-a' }))
  assert.ok(tlsFail.error instanceof TypeError && !(tlsFail.error instanceof ApiException))
  assert.equal(tlsFail.error.message, 'fetch failed')
})
