// src/pipeline/expand.ts: ClusterExternalSecrets expanded before the plan, end to end in process
// (`eso-render render`): namespaces from the input and, with cluster access, one LIST of the cluster's
// Namespaces from the Kubernetes-API-compatible server (the input wins on labels; terminating ones get
// nothing, as gatherProvisionedNamespaces skips them); errors of a generated ExternalSecret told at
// the ClusterExternalSecret with the ExternalSecret named; an ExternalSecret ESO would not take over
// (clusterexternalsecret_controller.go: "external secret already exists in namespace"); the tenant
// policy's namespace rule on every expansion (DESIGN trust rule 4); otherProviders keep leaves the
// whole ClusterExternalSecret to ESO.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runRender } from '../../src/hosts/stream.ts'
import { parse } from 'yaml'
import { runCheck } from '../../src/hosts/check.ts'
import { runKrm } from '../../src/hosts/krm.ts'
import { asResourceList, parseObjects } from '../support/objects.ts'
import { startKubeApi, type KubeApi } from '../support/kube-api/server.ts'
import { startSeededVault } from '../support/vault.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

const SA = 'system:serviceaccount:argocd:eso-render'
const VALUE = 'EXPAND-VALUE-CANARY-41c'
const TOKEN = 'expand-root-token'
let kube: KubeApi
let vault: VaultDouble
let dir: string
let clusterEnv: Record<string, string>
let policyFile: string

const ns = (name: string, labels = '{}') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`
const tokenSecret = (namespace: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: vault-token, namespace: ${namespace}}\nstringData: {token: ${TOKEN}}\n`
const secretStore = (namespace: string, provider?: string) =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: ${namespace}}\nspec:\n  provider:\n${provider ?? `    vault:\n      server: ${vault.url}\n      path: secret\n      auth: {tokenSecretRef: {name: vault-token, key: token}}`}\n`
const ces = (selection: string, { name = 'shared', storeRef = '{name: vault}', extra = '' } = {}) =>
  `apiVersion: external-secrets.io/v1\nkind: ClusterExternalSecret\nmetadata: {name: ${name}}\nspec:\n${selection}\n${extra}  externalSecretSpec:\n    secretStoreRef: ${storeRef}\n    data:\n    - secretKey: password\n      remoteRef: {key: app, property: password}\n`
const byLabel = (labels: string) => `  namespaceSelectors:\n  - matchLabels: ${labels}`
const docs = (...parts: string[]) => parts.join('---\n')
const secrets = (stdout: string) =>
  parseObjects(stdout)
    .filter((o) => o.kind === 'Secret' && (o.metadata as { labels?: Record<string, string> }).labels?.['reconcile.external-secrets.io/managed'] === 'true')
    .map((o) => `${(o.metadata as { namespace: string }).namespace}/${(o.metadata as { name: string }).name}`)

before(async () => {
  vault = await startVaultDouble({ seed: { secret: { version: 2, token: TOKEN, secrets: { app: { password: VALUE } } } } })
  kube = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', labels: { team: 'b' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'going', labels: { team: 'a' }, deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Terminating' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'eso' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vault-token', namespace: 'eso' }, stringData: { token: TOKEN } },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'vault' },
        spec: { provider: { vault: { server: vault.url, path: 'secret', auth: { tokenSecretRef: { name: 'vault-token', key: 'token', namespace: 'eso' } } } } },
      },
    ],
    users: { 'tok-eso': { username: SA }, 'tok-get-only': { username: 'get-only' } },
    rbac: [
      { username: SA, verbs: ['get', 'list'], apiGroups: [''], resources: ['namespaces'] },
      { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets', 'configmaps'] },
      { username: SA, verbs: ['get'], apiGroups: ['external-secrets.io'], resources: ['secretstores', 'clustersecretstores'] },
      { username: 'get-only', verbs: ['get'], apiGroups: [''], resources: ['namespaces', 'secrets'] },
    ],
  })
  dir = mkdtempSync(join(tmpdir(), 'eso-render-expand-'))
  kube.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-eso', contextName: 'test' })
  kube.writeKubeconfig(join(dir, 'kubeconfig-get-only'), { token: 'tok-get-only', contextName: 'test' })
  clusterEnv = { KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig' }
  policyFile = join(dir, 'policy.yaml')
  writeFileSync(
    policyFile,
    `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRenderPolicy\nspec:\n  projects:\n    team-a:\n      namespaces: [team-a]\n      stores: [ClusterSecretStore/vault]\n      servers: ["${vault.url}"]\n      paths: ["secret/data/*"]\n    "*": {}\n`,
  )
})
after(async () => {
  await vault.close()
  await kube.close()
  rmSync(dir, { recursive: true, force: true })
})

async function render(input: string, env: Record<string, string> = {}, args: string[] = []) {
  vault.clearRequests()
  kube.clearRequests()
  const out = await runRender({ args: [...args, '-'], stdin: async () => input, env: { VAULT_ADDR: vault.url, ...env }, readFile: (p) => readFileSync(p, 'utf8') })
  for (const canary of [VALUE, TOKEN]) assert.ok(!out.stderr.includes(canary), 'no value or token on stderr')
  return out
}

test('cluster access: one LIST of the Namespaces; the input wins on labels and adds its own; a terminating namespace gets nothing', async () => {
  const input = docs(ns('team-b', '{team: a}'), ns('team-new', '{team: a}'), tokenSecret('eso'), ces(byLabel('{team: a}'), { storeRef: '{name: vault, kind: ClusterSecretStore}' }))
  const out = await render(input, clusterEnv)
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(secrets(out.stdout), ['team-a/shared', 'team-b/shared', 'team-new/shared'])
  assert.match(out.stderr, /info: read from the cluster: 4 Namespaces \(list\), for ClusterExternalSecrets/)
  assert.match(out.stderr, /info: ClusterExternalSecret shared: namespace going is terminating: ESO writes no ExternalSecret there/)
  assert.match(out.stderr, /info: ClusterExternalSecret shared: expanded into 3 ExternalSecrets shared in namespaces team-a, team-b, team-new \(namespaces from the input and the cluster\)/)
  assert.deepEqual(
    kube.requests.filter((r) => r.path.startsWith('/api/v1/namespaces') && !r.path.includes('/secrets')).map((r) => `${r.method} ${r.path}`),
    ['GET /api/v1/namespaces'],
    'one LIST; no Namespace read again by name for store conditions',
  )
  assert.equal(parseObjects(out.stdout).filter((o) => o.kind === 'ClusterExternalSecret').length, 0, 'dropped like a store')
})

test('cluster access: a listed namespace neither in the input nor the cluster is what ESO does with it, nothing (a notice, no error)', async () => {
  const out = await render(docs(tokenSecret('eso'), ces('  namespaces: [nowhere, team-b]', { storeRef: '{name: vault, kind: ClusterSecretStore}' })), clusterEnv)
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(secrets(out.stdout), ['team-b/shared'])
  assert.match(out.stderr, /info: ClusterExternalSecret shared: namespace "nowhere" is in neither the input nor the cluster: ESO writes no ExternalSecret for it/)
})

test('cluster access without the right to list Namespaces: CLUSTER_DENIED at the ClusterExternalSecret, nothing read from Vault', async () => {
  const out = await render(docs(ns('team-a'), tokenSecret('team-a'), secretStore('team-a'), ces('  namespaces: [team-a]')), {
    KUBECONFIG: join(dir, 'kubeconfig-get-only'),
    ESO_RENDER_CLUSTER: 'kubeconfig',
  })
  assert.equal(out.exitCode, 1)
  assert.match(
    out.stderr,
    /error: -?\S* ?ClusterExternalSecret shared: cannot list namespaces: namespaces is forbidden: User "get-only" cannot list resource "namespaces" in API group "" at the cluster scope/,
  )
  assert.deepEqual(vault.requests, [])
})

test('cluster off: a namespace listed by name that the input lacks is NAMESPACE_UNKNOWN (the render cannot know whether ESO would write there)', async () => {
  const out = await render(docs(ns('team-a'), tokenSecret('team-a'), secretStore('team-a'), ces('  namespaces: [team-a, elsewhere]')))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /ClusterExternalSecret shared spec\.namespaces\[1\]: namespace "elsewhere" is not in the input and cluster access is off/)
  assert.equal(out.stdout, '')
  assert.deepEqual(vault.requests, [])
})

test('errors of a generated ExternalSecret are told at its ClusterExternalSecret, under spec.externalSecretSpec, naming the ExternalSecret', async () => {
  // The SecretStore "vault" exists in team-a only.
  const out = await render(docs(ns('team-a', '{tier: web}'), ns('team-b', '{tier: web}'), tokenSecret('team-a'), secretStore('team-a'), ces(byLabel('{tier: web}'))))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /error: -?\S* ?ClusterExternalSecret shared spec\.externalSecretSpec\.secretStoreRef: .*SecretStore "vault".* \(its ExternalSecret team-b\/shared\)/)
  assert.doesNotMatch(out.stderr, /team-a\/shared\)/, 'team-a resolves')
  assert.equal(out.stdout, '')
})

test('an ExternalSecret of the same name in the input: ESO does not take it over (TARGET_INVALID), the input one still renders alone otherwise', async () => {
  const own = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: shared, namespace: team-a}\nspec:\n  secretStoreRef: {name: vault}\n  target: {name: other}\n  data:\n  - secretKey: password\n    remoteRef: {key: app, property: password}\n`
  const out = await render(docs(ns('team-a'), tokenSecret('team-a'), secretStore('team-a'), own, ces('  namespaces: [team-a]')))
  assert.equal(out.exitCode, 1)
  assert.match(
    out.stderr,
    /ClusterExternalSecret shared metadata\.name: ExternalSecret team-a\/shared would also be written by ExternalSecret shared in the input: ESO does not take over an ExternalSecret it did not create/,
  )
})

test('two ClusterExternalSecrets generating one ExternalSecret: the second fails, as ESO’s second reconcile does', async () => {
  const out = await render(
    docs(
      ns('team-a'),
      tokenSecret('team-a'),
      secretStore('team-a'),
      ces('  namespaces: [team-a]', { name: 'one', extra: '  externalSecretName: app\n' }),
      ces('  namespaces: [team-a]', { name: 'two', extra: '  externalSecretName: app\n' }),
    ),
  )
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /ClusterExternalSecret two spec\.externalSecretName: ExternalSecret team-a\/app would also be written by ClusterExternalSecret one/)
})

test('a tenant policy judges the namespace of every expansion: one outside the rule fails the run (POLICY_DENIED at the selector that chose it)', async () => {
  const input = docs(
    tokenSecret('eso'),
    ces(byLabel('{}'), { storeRef: '{name: vault, kind: ClusterSecretStore}' }).replace('matchLabels: {}', 'matchExpressions: [{key: team, operator: In, values: [a, b]}]'),
  )
  const out = await render(input, { ...clusterEnv, ESO_RENDER_POLICY: policyFile, ARGOCD_APP_PROJECT_NAME: 'team-a' })
  assert.equal(out.exitCode, 1)
  assert.match(
    out.stderr,
    /ClusterExternalSecret shared spec\.namespaceSelectors\[0\]: namespace "team-b" is not in namespaces \[team-a\]: denied by the tenant policy .* \(its ExternalSecret team-b\/shared\)/,
  )
  assert.doesNotMatch(out.stderr, /namespace "team-a" is not in/)
  assert.deepEqual(vault.requests, [], 'nothing read for a run the policy denied')
})

test('otherProviders keep: a ClusterExternalSecret one of whose ExternalSecrets uses another provider stays whole for ESO, and renders nothing', async () => {
  const aws = '    aws: {service: SecretsManager, region: eu-west-1}'
  const input = docs(ns('team-a', '{tier: web}'), ns('team-b', '{tier: web}'), tokenSecret('team-a'), secretStore('team-a'), secretStore('team-b', aws), ces(byLabel('{tier: web}')))
  vault.clearRequests()
  const out = await render(input, {}, ['--other-providers', 'keep'])
  assert.equal(out.exitCode, 0, out.stderr)
  assert.deepEqual(secrets(out.stdout), [])
  // ESO makes team-a's ExternalSecret too: it is left with the ClusterExternalSecret, nothing of it read.
  assert.deepEqual(vault.requests, [], 'no Vault read for an ExternalSecret that is left for ESO')
  assert.match(out.stderr, /left for ESO in the cluster with its ClusterExternalSecret, another of whose ExternalSecrets is \(otherProviders keep\) \(its ExternalSecret team-a\/shared\)/)
  assert.equal(parseObjects(out.stdout).filter((o) => o.kind === 'SecretStore').length, 2, "both stores stay: ESO's ExternalSecrets need them")
  const kept = parseObjects(out.stdout).filter((o) => o.kind === 'ClusterExternalSecret')
  assert.equal(kept.length, 1)
  assert.equal((kept[0].metadata as { annotations?: unknown }).annotations, undefined, 'whole: no local-config marker, ESO must apply it')
  assert.match(
    out.stderr,
    /ClusterExternalSecret shared: uses SecretStore team-b\/vault \(aws\): left whole, with its stores, for ESO in the cluster \(otherProviders keep\) \(its ExternalSecret team-b\/shared\)/,
  )
})

test('check: the generated ExternalSecrets are planned like written ones', async () => {
  const out = await runCheck({
    args: ['--output', 'json', '-'],
    stdin: async () => docs(ns('team-a'), tokenSecret('team-a'), secretStore('team-a'), ces('  namespaces: [team-a]')),
    env: { VAULT_ADDR: vault.url },
    readFile: (p) => readFileSync(p, 'utf8'),
  })
  assert.equal(out.exitCode, 0, out.stderr)
  const report = JSON.parse(out.stdout) as { externalSecrets: { resource: string; reads: { path: string }[] }[] }
  assert.deepEqual(
    report.externalSecrets.map((e) => `${e.resource} ${e.reads.map((r) => r.path).join(',')}`),
    ['ExternalSecret team-a/shared /v1/secret/data/app'],
  )
})

test('KRM results point at the ClusterExternalSecret (kpt shows its file), the field under spec.externalSecretSpec', async () => {
  const input = asResourceList(docs(ns('team-a', '{tier: web}'), ces(byLabel('{tier: web}'))))
  const out = await runKrm({ args: [], stdin: async () => input, env: { VAULT_ADDR: vault.url }, readFile: () => '' })
  assert.notEqual(out.exitCode, 0)
  const results = (parse(out.stdout) as { results: { message: string; resourceRef?: Record<string, string>; field?: { path: string }; tags?: Record<string, string> }[] }).results
  const error = results.find((r) => r.tags?.code === 'STORE_NOT_FOUND')
  assert.ok(error, JSON.stringify(results))
  assert.deepEqual(error.resourceRef, { apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', name: 'shared' })
  assert.deepEqual(error.field, { path: 'spec.externalSecretSpec.secretStoreRef' })
  assert.match(error.message, /\(its ExternalSecret team-a\/shared\)$/)
})

test('at the deadline, a generated ExternalSecret still waiting for Vault is named at its ClusterExternalSecret too', async () => {
  const slow = await startSeededVault({ secret: { version: 2, token: TOKEN, secrets: { app: { password: VALUE } } } }, { latencyMs: 5000 })
  try {
    const store = secretStore('team-a').replace(vault.url, slow.url)
    const out = await runRender({
      args: ['-'],
      stdin: async () => docs(ns('team-a'), tokenSecret('team-a'), store, ces('  namespaces: [team-a]')),
      env: { VAULT_ADDR: slow.url, ESO_RENDER_DEADLINE_SECONDS: '1' },
      readFile: (p) => readFileSync(p, 'utf8'),
    })
    assert.equal(out.exitCode, 1)
    assert.match(
      out.stderr,
      /ClusterExternalSecret shared spec\.externalSecretSpec\.data\[0\]\.remoteRef\.key: the run's deadline \(1 s, deadlineSeconds\) passed while waiting for Vault: GET \/v1\/secret\/data\/app .* \(its ExternalSecret team-a\/shared\)/,
    )
  } finally {
    await slow.close()
  }
})
