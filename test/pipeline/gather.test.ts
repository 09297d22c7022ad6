// Reading what the input lacks from the cluster (`--cluster kubeconfig`), end to end in process:
// the Kubernetes-API-compatible server holds stores, Namespaces, Secrets and ConfigMaps; the bundled
// Vault-compatible server's log shows which token read what. The input wins over the cluster; a
// store read from the cluster is the operator's, so its server is trusted; a credential read from
// the cluster is the operator's, so it does not go to an input store's server.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runRender } from '../../src/hosts/stream.ts'
import { storeReferences, templateReferences } from '../../src/pipeline/gather.ts'
import type { StoreObject } from '../../src/eso/stores.ts'
import type { ExternalSecretPlan } from '../../src/eso/plan.ts'
import { startKubeApi, type KubeApi } from '../support/kube-api/server.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

const SA = 'system:serviceaccount:argocd:eso-render'
const VALUE = 'GATHER-VALUE-CANARY-2b9'
let kube: KubeApi
let vault: VaultDouble
let dir: string
let env: Record<string, string>

const store = (server: string, auth: string, extra = '') =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: ${server}\n      path: secret\n      auth: ${auth}\n${extra}`
const es = (extra = '', storeRef = '{name: vault}') =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: ${storeRef}\n  data:\n  - secretKey: password\n    remoteRef: {key: app, property: password}\n${extra}`

before(async () => {
  vault = await startVaultDouble({ seed: { secret: { version: 2, token: 'root', secrets: { app: { password: VALUE } } } } })
  kube = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { tier: 'trusted' } } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vault-token', namespace: 'apps' }, stringData: { token: 'root' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tpl', namespace: 'apps' }, data: { 'conn.tmpl': 'pw={{ .password }}' } },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'shared' },
        spec: {
          conditions: [{ namespaceSelector: { matchLabels: { tier: 'trusted' } } }],
          provider: { vault: { server: vault.url, path: 'secret', auth: { tokenSecretRef: { name: 'vault-token', key: 'token', namespace: 'apps' } } } },
        },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: 'cluster-vault', namespace: 'apps' },
        spec: { provider: { vault: { server: vault.url, path: 'secret', auth: { tokenSecretRef: { name: 'vault-token', key: 'token' } } } } },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: 'two-providers', namespace: 'apps' },
        spec: { provider: { vault: { server: vault.url, auth: { tokenSecretRef: { name: 'vault-token', key: 'token' } } }, aws: { region: 'eu-west-1' } } },
      },
    ],
    users: { 'tok-eso': { username: SA } },
    rbac: [
      { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets', 'configmaps', 'namespaces'] },
      { username: SA, verbs: ['get'], apiGroups: ['external-secrets.io'], resources: ['secretstores', 'clustersecretstores'] },
    ],
  })
  dir = mkdtempSync(join(tmpdir(), 'eso-render-gather-'))
  kube.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-eso', contextName: 'test' })
  env = { KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig' }
})
after(async () => {
  await vault.close()
  await kube.close()
  rmSync(dir, { recursive: true, force: true })
})

const render = (input: string, extraEnv: Record<string, string> = {}) => runRender({ args: ['-'], stdin: async () => input, env: { ...env, ...extraEnv }, readFile: (p) => readFileSync(p, 'utf8') })
const clean = (text: string) => assert.ok(!text.includes(VALUE), 'no secret value on stderr')

test('a store read from the cluster serves an ExternalSecret of the input; its server is trusted with the cluster token', async () => {
  vault.clearRequests()
  kube.clearRequests()
  const out = await render(es('', '{name: cluster-vault}'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stderr, /info: cluster access \(set by the operator \(\$ESO_RENDER_CLUSTER\)\): kubeconfig context "test", API server https:\/\/127\.0\.0\.1:\d+/)
  assert.match(out.stderr, /read from the cluster: SecretStore apps\/cluster-vault/)
  assert.match(out.stderr, /read from the cluster: Secret apps\/vault-token/)
  assert.match(out.stdout, new RegExp(Buffer.from(VALUE).toString('base64')))
  assert.deepEqual(
    vault.requests.map((r) => `${r.method} ${r.path} ${r.identity}`),
    ['GET secret/data/app root'],
  )
  clean(out.stderr)
})

test('a ClusterSecretStore from the cluster, its conditions tested on the Namespace labels read from the cluster', async () => {
  const out = await render(es('', '{name: shared, kind: ClusterSecretStore}'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stderr, /read from the cluster: ClusterSecretStore shared/)
  assert.match(out.stderr, /read from the cluster: Namespace apps/)
})

test("a credential read from the cluster is the operator's: it does not go to a store of the input (SERVER_NOT_TRUSTED, nothing sent)", async () => {
  vault.clearRequests()
  const out = await render(`${store(vault.url, '{tokenSecretRef: {name: vault-token, key: token}}')}---\n${es()}`)
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /SERVER_NOT_TRUSTED|is not trusted with the operator's credential Secret apps\/vault-token key token \(from the cluster\)/)
  assert.deepEqual(vault.requests, [])
  const allowed = await render(`${store(vault.url, '{tokenSecretRef: {name: vault-token, key: token}}')}---\n${es()}`, { ESO_RENDER_ALLOWED_SERVERS: vault.url })
  assert.equal(allowed.exitCode, 0, allowed.stderr)
})

test('the input wins: a Secret the input holds is not read from the cluster', async () => {
  kube.clearRequests()
  const input = `apiVersion: v1\nkind: Secret\nmetadata: {name: vault-token, namespace: apps}\nstringData: {token: root}\n---\n${store(vault.url, '{tokenSecretRef: {name: vault-token, key: token}}')}---\n${es()}`
  const out = await render(input)
  assert.equal(out.exitCode, 0, out.stderr)
  assert.doesNotMatch(out.stderr, /read from the cluster: Secret/)
  assert.ok(!kube.requests.some((r) => r.path.includes('/secrets/')), 'no Secret was read from the cluster')
})

test('a templateFrom ConfigMap from the cluster', async () => {
  const template = '  target:\n    template:\n      templateFrom:\n      - configMap: {name: tpl, items: [{key: conn.tmpl}]}\n'
  const out = await render(es(template, '{name: cluster-vault}'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stderr, /read from the cluster: ConfigMap apps\/tpl/)
  assert.match(out.stdout, new RegExp(`conn.tmpl: ${Buffer.from(`pw=${VALUE}`).toString('base64')}`))
})

test('an object neither in the input nor in the cluster is reported as such', async () => {
  const out = await render(es('', '{name: nowhere}'))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /could not get SecretStore "nowhere" in namespace "apps"/)
})

test('an invalid store read from the cluster is reported once; its ExternalSecret says it is invalid, not that it is missing (issue 14)', async () => {
  vault.clearRequests()
  const out = await render(es('', '{name: two-providers}'))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /cluster SecretStore apps\/two-providers .*spec\.provider: exactly one provider may be set .*found 2: aws, vault/)
  assert.match(out.stderr, /ExternalSecret apps\/app spec\.secretStoreRef: SecretStore apps\/two-providers is invalid/)
  assert.doesNotMatch(out.stderr, /could not get|not in the input/)
  assert.deepEqual(vault.requests, [])
})

test("an invalid store of the input is not replaced by the cluster's store of that name (issue 14)", async () => {
  kube.clearRequests()
  const input = `${store(vault.url, '{tokenSecretRef: {name: vault-token, key: token}}', '      version: v9\n').replace('name: vault,', 'name: cluster-vault,')}---\n${es('', '{name: cluster-vault}')}`
  const out = await render(input)
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /SecretStore apps\/cluster-vault spec\.provider\.vault\.version: must be one of v1, v2/)
  assert.match(out.stderr, /ExternalSecret apps\/app spec\.secretStoreRef: SecretStore apps\/cluster-vault is invalid/)
  assert.ok(!kube.requests.some((r) => r.path.includes('/secretstores/')), 'no store was read from the cluster')
})

test('without cluster access, a missing credential Secret names --cluster among the ways to provide it', async () => {
  const out = await runRender({
    args: ['-'],
    stdin: async () => `${store(vault.url, '{tokenSecretRef: {name: vault-token, key: token}}')}---\n${es()}`,
    env: {},
    readFile: (p) => readFileSync(p, 'utf8'),
  })
  assert.equal(out.exitCode, 1)
  assert.match(
    out.stderr,
    /cannot get Kubernetes secret "vault-token" from namespace "apps": not in the input; add it to the rendered resources, give eso-render cluster access \(--cluster\), or render with the operator's stand-in token/,
  )
})

test('storeReferences: every Secret and ConfigMap a store names, in ESO namespaces', () => {
  const s = (kind: 'SecretStore' | 'ClusterSecretStore', vault: Record<string, unknown>): StoreObject => ({
    resource: { kind, name: 'v', namespace: kind === 'SecretStore' ? 'apps' : undefined },
    spec: { provider: { vault: { server: 'https://v', ...vault } } } as StoreObject['spec'],
  })
  const auth = { appRole: { roleRef: { name: 'role', namespace: 'ops' }, secretRef: { name: 'sid' } } }
  assert.deepEqual(storeReferences(s('SecretStore', { auth, caProvider: { type: 'ConfigMap', name: 'ca' } }), 'apps'), [
    { kind: 'Secret', namespace: 'apps', name: 'role' },
    { kind: 'Secret', namespace: 'apps', name: 'sid' },
    { kind: 'ConfigMap', namespace: 'apps', name: 'ca' },
  ])
  assert.deepEqual(storeReferences(s('ClusterSecretStore', { auth, tls: { certSecretRef: { name: 'c', namespace: 'tls' }, keySecretRef: { name: 'k' } } }), 'apps'), [
    { kind: 'Secret', namespace: 'ops', name: 'role' },
    { kind: 'Secret', namespace: 'apps', name: 'sid' },
    { kind: 'Secret', namespace: 'tls', name: 'c' },
    { kind: 'Secret', namespace: 'apps', name: 'k' },
  ])
})

test('templateReferences: the ConfigMaps and Secrets of templateFrom, in the ExternalSecret namespace', () => {
  const plan = {
    namespace: 'apps',
    template: {
      templateFrom: [
        { configMap: { name: 'a', items: [] }, target: 'Data', valuesDecodingStrategy: '' },
        { secret: { name: 'b', items: [] }, target: 'Data', valuesDecodingStrategy: '' },
      ],
    },
  } as unknown as ExternalSecretPlan
  assert.deepEqual(templateReferences(plan), [
    { kind: 'ConfigMap', namespace: 'apps', name: 'a' },
    { kind: 'Secret', namespace: 'apps', name: 'b' },
  ])
})
