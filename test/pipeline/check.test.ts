// checkRender: plan-only, so it reports what a render would do and every problem, without I/O.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_OPTIONS, optionsFromEnvironment } from '../../src/config.ts'
import { readStreams } from '../../src/manifests/read.ts'
import { checkRender } from '../../src/pipeline/check.ts'

const STORE =
  'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault: {server: "https://vault.example.com", path: secret, auth: {}}\n'
const es = (template: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  target:\n    template:\n${template}\n  data:\n  - {secretKey: a, remoteRef: {key: app}}\n`
const run = async (docs: string[], env: Record<string, string> = { VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: 't' }) =>
  checkRender(await readStreams([{ path: 'in.yaml', text: docs.join('---\n') }], () => true), { options: optionsFromEnvironment(env, DEFAULT_OPTIONS), env })

const templates: { name: string; template: string; problem?: RegExp }[] = [
  { name: 'template data that parses', template: '      data: {url: "{{ .a | upper }}"}' },
  { name: 'a template without actions (never parsed)', template: '      data: {url: "plain {not a template"}' },
  { name: 'an unknown function', template: '      data: {url: "{{ .a | nope }}"}', problem: /function "nope" not defined/ },
  { name: 'an unclosed action in a label', template: '      metadata: {labels: {l: "{{ .a "}}', problem: /unclosed action|unexpected/ },
  { name: 'a bad templateFrom literal', template: '      templateFrom: [{literal: "{{ end }}"}]', problem: /unexpected \{\{end\}\}/ },
]
for (const t of templates) {
  test(`checkRender parses every template: ${t.name}`, async () => {
    const report = await run([STORE, es(t.template)])
    if (!t.problem) {
      assert.deepEqual(report.problems, [])
      assert.equal(report.externalSecrets.length, 1)
      return
    }
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems))
    assert.equal(report.problems[0].code, 'TEMPLATE_FAILED')
    assert.match(report.problems[0].message, t.problem)
  })
}

test('checkRender reports one problem once, however many reads reach it', async () => {
  const two = es('      data: {}').replace('  - {secretKey: a, remoteRef: {key: app}}', '  - {secretKey: a, remoteRef: {key: app}}\n  - {secretKey: b, remoteRef: {key: other}}')
  const report = await run([STORE, two], { VAULT_TOKEN: 't' })
  assert.deepEqual(
    report.problems.map((p) => p.code),
    ['SERVER_NOT_TRUSTED'],
  )
})

// With cluster access, check reads stores, Namespaces and ConfigMaps as they are and Secrets by their
// metadata only (the API server's PartialObjectMetadata: the data never leaves the cluster); it
// mints no token and sends nothing to Vault.
test('checkRender with cluster access: Secrets by metadata only, no TokenRequest, and a missing Secret is a problem', async () => {
  const { startKubeApi } = await import('../support/kube-api/server.ts')
  const { mkdtempSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const CANARY = 'CHECK-CLUSTER-TOKEN-CANARY-5e1'
  const SA = 'system:serviceaccount:argocd:eso-render'
  const kube = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'apps' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vault-token', namespace: 'apps' }, stringData: { token: CANARY } },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'by-token' },
        spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', auth: { tokenSecretRef: { name: 'vault-token', key: 'token', namespace: 'apps' } } } } },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'by-sa' },
        spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', auth: { kubernetes: { role: 'app', serviceAccountRef: { name: 'app', audiences: ['vault'] } } } } } },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'missing-token' },
        spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', auth: { tokenSecretRef: { name: 'gone', key: 'token', namespace: 'apps' } } } } },
      },
    ],
    users: { 'tok-eso': { username: SA } },
    rbac: [
      { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets', 'configmaps', 'namespaces'] },
      { username: SA, verbs: ['get'], apiGroups: ['external-secrets.io'], resources: ['clustersecretstores', 'secretstores'] },
      { username: SA, verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] },
    ],
  })
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-check-cluster-'))
  try {
    kube.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-eso', contextName: 'ci' })
    const env = { KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig' }
    const uses = (store: string, name: string) =>
      `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  secretStoreRef: {name: ${store}, kind: ClusterSecretStore}\n  data:\n  - {secretKey: a, remoteRef: {key: app}}\n`
    const report = await checkRender(await readStreams([{ path: 'in.yaml', text: [uses('by-token', 'a'), uses('by-sa', 'b'), uses('missing-token', 'c')].join('---\n') }], () => true), {
      options: optionsFromEnvironment(env, DEFAULT_OPTIONS),
      env,
    })
    assert.deepEqual(
      report.externalSecrets.map((e) => [e.resource, e.store, e.auth.method, e.auth.identity, e.reads.map((r) => r.path)]),
      [
        ['ExternalSecret apps/a', 'ClusterSecretStore/by-token', 'tokenSecretRef', 'Secret apps/vault-token key token (in the cluster; check does not read its data)', ['/v1/secret/data/app']],
        ['ExternalSecret apps/b', 'ClusterSecretStore/by-sa', 'kubernetes', 'jwt from TokenRequest for ServiceAccount apps/app (audiences vault)', ['/v1/secret/data/app']],
      ],
    )
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.resource, p.field]),
      [['AUTH_FAILED', 'ClusterSecretStore missing-token', 'spec.provider.vault.auth.tokenSecretRef']],
    )
    assert.match(report.problems[0].message, /cannot get Kubernetes secret "gone" from namespace "apps": not in the input nor in the cluster/)
    const secretReads = kube.requests.filter((r) => r.path.includes('/secrets/'))
    assert.ok(secretReads.length >= 2)
    assert.ok(
      secretReads.every((r) => r.as === 'PartialObjectMetadata'),
      'every Secret was read as metadata only',
    )
    assert.equal(kube.tokenRequests.length, 0, 'no TokenRequest')
    assert.ok(!JSON.stringify(report).includes(CANARY))
    assert.ok(report.notices.some((n) => n.message === 'read from the cluster: Secret apps/vault-token (metadata only)'))
  } finally {
    await kube.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('checkRender keeps the run deadline: an API server that accepts the connection and never answers ends it as DEADLINE_EXCEEDED', async () => {
  const { createServer } = await import('node:net')
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const sockets: import('node:net').Socket[] = []
  const silent = createServer((s) => void sockets.push(s))
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-check-deadline-'))
  try {
    const port = (silent.address() as { port: number }).port
    writeFileSync(
      join(dir, 'kubeconfig'),
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
    )
    const env = { KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig', ESO_RENDER_DEADLINE_SECONDS: '1' }
    const started = Date.now()
    await assert.rejects(
      async () => checkRender(await readStreams([{ path: 'in.yaml', text: es('      data: {}') }], () => true), { options: optionsFromEnvironment(env, DEFAULT_OPTIONS), env }),
      (e: unknown) => {
        const errors = (e as { errors?: { code: string; message: string }[] }).errors ?? []
        assert.deepEqual(
          errors.map((x) => x.code),
          ['DEADLINE_EXCEEDED'],
        )
        assert.match(errors[0].message, /deadline \(1 s, deadlineSeconds\) passed while planning \(reading stores and references from the cluster\)/)
        return true
      },
    )
    assert.ok(Date.now() - started < 10_000)
  } finally {
    for (const s of sockets) s.destroy()
    silent.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

// Generators: check names each one and the request a VaultDynamicSecret would make (a Password makes none); nothing is sent.
test('checkRender lists generators: a Password makes no request, a VaultDynamicSecret its GET', async () => {
  const pw = 'apiVersion: generators.external-secrets.io/v1alpha1\nkind: Password\nmetadata: {name: pw, namespace: apps}\n'
  const vds =
    'apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret\nmetadata: {name: db, namespace: apps}\nspec:\n  path: database/creds/app\n  provider: {server: "https://vault.example.com", auth: {}}\n'
  const gen = (name: string, kind: string, ref: string) =>
    `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  dataFrom:\n  - sourceRef: {generatorRef: {kind: ${kind}, name: ${ref}}}\n`
  const report = await run([pw, vds, gen('only-password', 'Password', 'pw'), gen('dynamic', 'VaultDynamicSecret', 'db')])
  assert.deepEqual(report.problems, [])
  assert.deepEqual(
    report.externalSecrets.map((e) => [e.resource, e.store, e.generators]),
    [
      ['ExternalSecret apps/only-password', 'none', [{ field: 'spec.dataFrom[0].sourceRef.generatorRef', generator: 'Password apps/pw' }]],
      [
        'ExternalSecret apps/dynamic',
        'VaultDynamicSecret/apps/db (provider)',
        [{ field: 'spec.dataFrom[0].sourceRef.generatorRef', generator: 'VaultDynamicSecret apps/db', request: 'GET /v1/database/creds/app' }],
      ],
    ],
  )
})

test('checkRender lists a find as its first LIST and a metadata read at its endpoint; ESO’s KV v1 refusals are problems', async () => {
  const finder =
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  dataFrom:\n  - find: {path: team, name: {regexp: db}}\n  data:\n  - {secretKey: m, remoteRef: {key: app, metadataPolicy: Fetch}}\n'
  const report = await run([STORE, finder])
  assert.deepEqual(report.problems, [])
  assert.deepEqual(
    report.externalSecrets[0].reads.map((r) => [r.kind, r.method, r.path, r.version]),
    [
      ['list', 'GET', '/v1/secret/metadata/team/', null],
      ['read', 'GET', '/v1/secret/metadata/app', null],
    ],
  )
  const v1 = await run([STORE.replace('path: secret', 'path: secret, version: v1'), finder.replace('{path: team, name: {regexp: db}}', '{tags: {a: b}}')])
  assert.deepEqual(
    v1.problems.map((p) => [p.field, p.message.split(':')[0]]),
    [
      ['spec.dataFrom[0].find.tags', 'cannot perform find by tag operations with kv version v1'],
      ['spec.data[0].remoteRef.metadataPolicy', 'cannot perform metadata fetch operations with kv version v1'],
    ],
  )
})

// ESO's RewriteTransform parses its template first (runtime/esutils/utils.go): check parses it too,
// with Go's default delimiters; an invalid rewrite regexp is refused when planned.
test('checkRender parses rewrite transform templates and refuses rewrite regexps Go does not compile', async () => {
  const withRewrite = (rewrite: string) =>
    `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  dataFrom:\n  - extract: {key: app}\n    rewrite:\n${rewrite}\n`
  assert.deepEqual((await run([STORE, withRewrite('    - transform: {template: "{{ .value | upper }}"}')])).problems, [])
  const bad = await run([STORE, withRewrite('    - transform: {template: "{{ .value | nope }}"}\n    - regexp: {source: "(a", target: ""}')])
  assert.deepEqual(
    bad.problems.map((p) => [p.code, p.field]),
    [['SCHEMA_INVALID', 'spec.dataFrom[0].rewrite[1].regexp.source']],
  )
  const unparsed = await run([STORE, withRewrite('    - transform: {template: "{{ .value | nope }}"}')])
  assert.deepEqual(
    unparsed.problems.map((p) => [p.code, p.field]),
    [['TEMPLATE_FAILED', 'spec.dataFrom[0].rewrite[0].transform.template']],
  )
  assert.match(unparsed.problems[0].message, /function "nope" not defined/)
})
