// src/pipeline/generators.ts gatherGenerators and the CreatedOnce seam, end to end in process with
// the Kubernetes-API-compatible server and the bundled Vault-compatible server: a generator the
// input lacks is read from the cluster (the operator's cluster access), as ESO's controller gets it
// from the API server (pkg/controllers/externalsecret/externalsecret_controller_secret.go
// handleGenerateSecrets → resolvers' generator lookup); a generator-backed CreatedOnce ExternalSecret
// whose live Secret ESO left valid keeps that Secret and draws nothing (shouldRefresh, isSecretValid).
// This file mirrors a feature, not a module of its own: test/pipeline/generators.test.ts holds the rest.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { runRender } from '../../src/hosts/stream.ts'
import { dataHash, esoHash } from '../../src/eso/target.ts'
import { startKubeApi, type KubeApi } from '../support/kube-api/server.ts'

const SA = 'system:serviceaccount:argocd:eso-render'
const LIVE = 'GEN-LIVE-PASSWORD-CANARY-3b9'
const b64 = (s: string) => Buffer.from(s).toString('base64')

let kube: KubeApi
let dir: string
let env: Record<string, string>

before(async () => {
  kube = await startKubeApi({
    objects: [
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', metadata: { name: 'pw', namespace: 'apps' }, spec: { length: 20, digits: 5, symbols: 0, noUpper: true } },
      {
        apiVersion: 'generators.external-secrets.io/v1alpha1',
        kind: 'ClusterGenerator',
        metadata: { name: 'shared-pw' },
        spec: { kind: 'Password', generator: { passwordSpec: { length: 12, symbols: 0 } } },
      },
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', metadata: { name: 'broken', namespace: 'apps' }, spec: { length: 'long' } },
      {
        apiVersion: 'generators.external-secrets.io/v1alpha1',
        kind: 'VaultDynamicSecret',
        metadata: { name: 'db', namespace: 'apps' },
        spec: { path: 'database/creds/app', provider: { server: 'https://vault.example.com:8200', auth: {} } },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'once',
          namespace: 'apps',
          // As ESO's Owner writes it: the managed label and this ExternalSecret's created-by.
          labels: { 'reconcile.external-secrets.io/managed': 'true', 'reconcile.external-secrets.io/created-by': esoHash('apps/once') },
          annotations: { 'reconcile.external-secrets.io/data-hash': dataHash(new Map([['password', new Uint8Array(Buffer.from(LIVE))]])) },
        },
        type: 'Opaque',
        data: { password: b64(LIVE) },
      },
    ],
    users: { 'tok-eso': { username: SA } },
    rbac: [
      { username: SA, verbs: ['get'], apiGroups: ['generators.external-secrets.io'], resources: ['passwords', 'vaultdynamicsecrets', 'clustergenerators'] },
      { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets'], namespaces: ['apps'] },
    ],
  })
  dir = mkdtempSync(join(tmpdir(), 'eso-render-gen-cluster-'))
  kube.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-eso', contextName: 'test' })
  env = { KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig' }
})
after(async () => {
  await kube.close()
  rmSync(dir, { recursive: true, force: true })
})

const es = (name: string, ref: string, extra = '') =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n${extra}  dataFrom:\n  - sourceRef: {generatorRef: ${ref}}\n`
const render = (docs: string, extraEnv: Record<string, string> = env) => runRender({ args: ['-'], stdin: async () => docs, env: extraEnv, readFile: (p) => readFileSync(p, 'utf8') })
const secret = (stdout: string, name: string) =>
  parseAllDocuments(stdout)
    .map((d) => d.toJS() as { kind: string; metadata: { name: string }; data?: Record<string, string> })
    .find((o) => o.kind === 'Secret' && o.metadata.name === name)

test('a Password and a ClusterGenerator only in the cluster are read from it (announced) and generate', async () => {
  const out = await render(`${es('app', '{kind: Password, name: pw}')}---\n${es('shared', '{kind: ClusterGenerator, name: shared-pw}')}`)
  assert.equal(out.exitCode, 0, out.stderr)
  const pw = Buffer.from(secret(out.stdout, 'app')!.data!.password!, 'base64').toString()
  assert.equal(pw.length, 20)
  assert.equal(pw.replace(/[^0-9]/g, '').length, 5)
  assert.equal(pw, pw.toLowerCase(), 'noUpper from the cluster object’s spec')
  assert.equal(Buffer.from(secret(out.stdout, 'shared')!.data!.password!, 'base64').toString().length, 12)
  assert.match(out.stderr, /read from the cluster: Password apps\/pw/)
  assert.match(out.stderr, /read from the cluster: ClusterGenerator shared-pw/)
  assert.match(out.stderr, /changes on every render/)
})

test('without cluster access the same ExternalSecret fails: not in the input, nor in the cluster', async () => {
  const out = await render(es('app', '{kind: Password, name: pw}'), {})
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '')
  assert.match(out.stderr, /unable to get generator: Password\.generators\.external-secrets\.io "pw" not found in namespace "apps": not in the input/)
})

test('a generator from the cluster is validated as one from the input', async () => {
  const out = await render(es('app', '{kind: Password, name: broken}'))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /Password apps\/broken spec\.length: must be integer/)
})

test('CreatedOnce with generated data keeps the live Secret ESO left valid, and draws no password', async () => {
  const out = await render(es('once', '{kind: Password, name: pw}', '  refreshPolicy: CreatedOnce\n'))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(Buffer.from(secret(out.stdout, 'once')!.data!.password!, 'base64').toString(), LIVE)
  assert.doesNotMatch(out.stderr, /changes on every render/)
  assert.ok(!out.stderr.includes(LIVE) && !out.stderr.includes(b64(LIVE)))
})

test('CreatedOnce with generated data and no live Secret fails (a render would draw a new password every time)', async () => {
  const out = await render(es('not-there-yet', '{kind: Password, name: pw}', '  refreshPolicy: CreatedOnce\n'))
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '')
  assert.match(out.stderr, /ExternalSecret apps\/not-there-yet spec\.refreshPolicy: refreshPolicy: CreatedOnce with generated data/)
})

// The tenant policy judges a generator read from the cluster as one from the input: its server and
// its Vault path must be on the project's rule (it was judged before the cluster read, and again after).
test('under a tenant policy, a VaultDynamicSecret read from the cluster is judged on the rule’s paths: POLICY_DENIED', async () => {
  const { writeFileSync } = await import('node:fs')
  const policy = join(dir, 'policy.yaml')
  writeFileSync(
    policy,
    'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRenderPolicy\nspec:\n  projects:\n    team-b: {namespaces: [apps], stores: [], servers: ["https://vault.example.com:8200"], paths: ["secret/*"], generators: true}\n',
  )
  const out = await render(es('app', '{kind: VaultDynamicSecret, name: db}'), { ...env, ESO_RENDER_POLICY: policy, ARGOCD_APP_PROJECT_NAME: 'team-b' })
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '')
  // The generator exists only in the cluster: it was read, then judged.
  assert.match(out.stderr, /VaultDynamicSecret apps\/db's Vault path database\/creds\/app is not in paths \[secret\/\*\]: denied by the tenant policy/)
})
