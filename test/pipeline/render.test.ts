// src/pipeline/render.ts: the stages wired together against the bundled Vault-compatible server.
// All or nothing: a plan error sends no request; build and place errors are reported together;
// stats count ExternalSecrets, Secrets and Vault requests; the default namespace comes from the
// options, then ARGOCD_APP_NAMESPACE, then "default"; the output is the same bytes every time.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { render } from '../../src/pipeline/render.ts'
import { readStreams } from '../../src/manifests/read.ts'
import { isInteresting } from '../../src/eso/kinds.ts'
import { DEFAULT_OPTIONS, optionsFromEnvironment, type Environment, type RenderOptions } from '../../src/config.ts'
import { formatError, RenderErrors } from '../../src/errors.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import { parseObjects } from '../support/objects.ts'

const TOKEN = 'hvs.RENDER-CANARY-tok-8c3d'
const PASSWORD = 'RENDER-CANARY-pw-19fa'
const seed = { secret: { version: 2 as const, token: TOKEN, secrets: { db: { password: PASSWORD, user: 'admin' }, api: { password: 'api-key' }, web: { password: 'web-key' } } } }

const tok = (ns = 'apps') => `apiVersion: v1\nkind: Secret\nmetadata: {name: tok${ns ? `, namespace: ${ns}` : ''}}\nstringData: {token: ${TOKEN}}\n`
const store = (ns = 'apps') =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault${ns ? `, namespace: ${ns}` : ''}}\nspec:\n  provider:\n    vault: {server: 'https://vault.example.com', path: secret, auth: {tokenSecretRef: {name: tok, key: token}}}\n`
const es = (name: string, property = 'password', { ns = 'apps', target = '' } = {}) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nspec:\n  secretStoreRef: {name: vault}\n${target ? `  target: ${target}\n` : ''}  data:\n  - secretKey: value\n    remoteRef: {key: db, property: ${property}}\n`
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: untouched}\ndata: {a: b}\n'

async function withVault(fn: (v: VaultDouble) => Promise<void>): Promise<void> {
  const v = await startVaultDouble({ seed })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}
async function run(docs: string[], v: VaultDouble, { env = {}, options }: { env?: Environment; options?: RenderOptions } = {}) {
  const manifests = await readStreams([{ path: 'in.yaml', text: docs.join('---\n') }], isInteresting)
  const fullEnv = { VAULT_ADDR: v.url, ...env }
  const result = await render(manifests, { options: optionsFromEnvironment(fullEnv, options ?? DEFAULT_OPTIONS), env: fullEnv })
  return { result, out: manifests.write(result.actions) }
}
async function failure(docs: string[], v: VaultDouble): Promise<RenderErrors> {
  try {
    await run(docs, v)
  } catch (e) {
    assert.ok(e instanceof RenderErrors, String(e))
    for (const line of e.errors.map(formatError)) assert.ok(!line.includes(PASSWORD) && !line.includes(TOKEN), line)
    return e
  }
  assert.fail('the render succeeded')
}

test('render: nothing of ESO in the input: no actions, no notices, no request', async () => {
  await withVault(async (v) => {
    const { result, out } = await run([configMap], v)
    assert.deepEqual(result.actions, new Map())
    assert.deepEqual(result.notices, [])
    assert.deepEqual(result.stats, { externalSecrets: 0, secrets: 0, vaultReads: 0 })
    assert.equal(out, configMap)
    assert.equal(v.requestCount(), 0)
  })
})

test('render: ExternalSecrets become Secrets; shared reads are one request; stats count them', async () => {
  await withVault(async (v) => {
    const { result, out } = await run([tok(), store(), configMap, es('a'), es('b', 'user')], v)
    assert.deepEqual(result.stats, { externalSecrets: 2, secrets: 2, vaultReads: 1 })
    assert.equal(v.requestCount(), 1)
    const objs = parseObjects(out)
    assert.deepEqual(
      objs.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`),
      ['Secret/tok', 'ConfigMap/untouched', 'Secret/a', 'Secret/b'],
    )
    assert.equal(Buffer.from((objs[2].data as { value: string }).value, 'base64').toString(), PASSWORD)
    assert.equal(Buffer.from((objs[3].data as { value: string }).value, 'base64').toString(), 'admin')
    assert.deepEqual(
      result.notices.map((n) => n.message),
      [`Vault address ${v.url} replaces every store's server (set by the operator ($VAULT_ADDR))`],
    )
  })
})

test('render: a plan error stops the render before any request', async () => {
  await withVault(async (v) => {
    const e = await failure([tok(), store(), es('fine'), es('bad').replace('remoteRef: {', 'remoteRef: {propery: x, ')], v)
    assert.deepEqual(
      e.errors.map((x) => [x.code, x.resource?.name, x.fieldPath]),
      [['SCHEMA_INVALID', 'bad', 'spec.data[0].remoteRef.propery']],
    )
    assert.equal(v.requestCount(), 0)
  })
})

test('render: invalid Secret names are refused in the plan, each ExternalSecret on its own, before any request', async () => {
  await withVault(async (v) => {
    const e = await failure([tok(), store(), es('a', 'password', { target: '{name: ../x}' }), es('b', 'password', { target: '{name: App}' }), es('fine'), es('Bad_Name!')], v)
    assert.deepEqual(
      e.errors.map((x) => [x.code, x.resource?.name, x.fieldPath]),
      [
        ['TARGET_INVALID', 'a', 'spec.target.name'],
        ['TARGET_INVALID', 'b', 'spec.target.name'],
        ['TARGET_INVALID', 'Bad_Name!', 'metadata.name'],
      ],
    )
    assert.equal(v.requestCount(), 0, 'nothing was sent to Vault')
  })
})

test('render: invalid Secret keys are found after the reads, one error per ExternalSecret', async () => {
  await withVault(async (v) => {
    const key = (name: string, k: string) => es(name).replace('secretKey: value', `secretKey: '${k}'`)
    const e = await failure([tok(), store(), key('a', '..'), es('fine'), key('b', '.')], v)
    assert.deepEqual(
      e.errors.map((x) => [x.code, x.resource?.name, x.fieldPath]),
      [
        ['TARGET_INVALID', 'a', 'spec.data[0].secretKey'],
        ['TARGET_INVALID', 'b', 'spec.data[0].secretKey'],
      ],
    )
  })
})

const inList = (docs: string[]) => `apiVersion: v1\nkind: List\nmetadata: {name: l}\nitems:\n${docs.map((d) => d.replace(/^(?=.)/gm, '    ').replace(/^ {4}/, '  - ')).join('')}`

test('render: the ExternalSecrets of a v1 List become Secrets inside it; the store in it is dropped, the rest kept', async () => {
  await withVault(async (v) => {
    const { result, out } = await run([inList([tok(), store(), es('a'), configMap]), es('b', 'user')], v)
    assert.deepEqual(result.stats, { externalSecrets: 2, secrets: 2, vaultReads: 1 })
    const list = out.split('---\n')[0]
    assert.match(list, /^apiVersion: v1\nkind: List\nmetadata: \{name: l\}\nitems:\n {2}- apiVersion: v1\n {4}kind: Secret\n {4}metadata: \{name: tok, namespace: apps\}\n/)
    assert.deepEqual(
      parseObjects(out).map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`),
      ['Secret/tok', 'Secret/a', 'ConfigMap/untouched', 'Secret/b'],
    )
  })
})

test('render: an ExternalSecret in a List inside a List fails the render before any request', async () => {
  await withVault(async (v) => {
    const e = await failure([tok(), store(), inList([inList([es('deep')])])], v)
    assert.deepEqual(
      e.errors.map((x) => [x.code, x.resource?.name, x.file]),
      [['UNSUPPORTED', 'deep', { path: 'in.yaml', index: 2 }]],
    )
    assert.equal(v.requestCount(), 0)
  })
})

test('render: a classify error with no ExternalSecret still fails', async () => {
  await withVault(async (v) => {
    const e = await failure([store().replace('external-secrets.io/v1', 'external-secrets.io/v1alpha1')], v)
    assert.deepEqual(
      e.errors.map((x) => [x.code, x.fieldPath]),
      [['UNSUPPORTED', 'apiVersion']],
    )
  })
})

test('render: build and place errors of one run are reported together', async () => {
  await withVault(async (v) => {
    const e = await failure([tok(), store(), es('a', 'pasword'), es('b', 'password', { target: '{name: shared}' }), es('c', 'password', { target: '{name: shared}' }), es('d')], v)
    assert.deepEqual(
      e.errors.map((x) => [x.code, x.resource?.name, x.fieldPath]),
      [
        ['PROPERTY_NOT_FOUND', 'a', 'spec.data[0].remoteRef.property'],
        ['TARGET_INVALID', 'c', 'spec.target.name'],
      ],
    )
  })
})

test('render: a Vault failure names the request, the store and the ExternalSecret field', async () => {
  await withVault(async (v) => {
    v.seal()
    const e = await failure([tok(), store(), es('a')], v)
    assert.equal(e.errors.length, 1)
    assert.equal(
      formatError(e.errors[0]),
      'in.yaml[2] ExternalSecret apps/a spec.data[0].remoteRef.key: cannot read secret data from Vault: GET /v1/secret/data/db: Code: 503. Errors: Vault is sealed (via SecretStore apps/vault)',
    )
  })
})

const namespaces: { name: string; options?: Partial<RenderOptions>; env?: Environment; want: string }[] = [
  { name: 'no setting: "default"', want: 'default' },
  { name: 'ARGOCD_APP_NAMESPACE', env: { ARGOCD_APP_NAMESPACE: 'argo-app' }, want: 'argo-app' },
  { name: 'the namespace option wins over ARGOCD_APP_NAMESPACE', options: { namespace: 'opt' }, env: { ARGOCD_APP_NAMESPACE: 'argo-app' }, want: 'opt' },
]
for (const c of namespaces) {
  test(`render: default namespace from ${c.name}`, async () => {
    await withVault(async (v) => {
      // A namespace-less ExternalSecret finds the store and token Secret of the default namespace.
      const { result, out } = await run([tok(c.want), store(c.want), es('app', 'password', { ns: '' })], v, { env: c.env, options: { ...DEFAULT_OPTIONS, ...c.options } })
      assert.equal(result.stats.secrets, 1)
      assert.ok(result.notices.some((n) => n.message.includes(`stores resolved as in namespace "${c.want}"`)))
      const secret = parseObjects(out).find((o) => o.kind === 'Secret' && (o.metadata as { name: string }).name === 'app')!
      assert.equal((secret.metadata as { namespace?: string }).namespace, undefined, 'the Secret stays namespace-less')
    })
  })
}

test('render: the same input renders to the same bytes, whatever order Vault answers in', async () => {
  const docs = [tok(), store(), es('a'), es('b', 'user'), es('c').replace('key: db', 'key: api'), es('d').replace('key: db', 'key: web')]
  const outputs: string[] = []
  // Each run delays the three paths differently, so the answers arrive in another order.
  for (const delays of [
    [0, 20, 40],
    [40, 20, 0],
    [20, 40, 0],
  ]) {
    await withVault(async (v) => {
      ;['db', 'api', 'web'].forEach((k, i) => v.addFault({ action: { latencyMs: delays[i] }, path: `secret/data/${k}`, count: 1 }))
      const { out, result } = await run(docs, v)
      assert.equal(result.stats.vaultReads, 3)
      outputs.push(out)
    })
  }
  assert.equal(new Set(outputs).size, 1)
})

// ---- deadline and request budget ----

const esAt = (name: string, key: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - secretKey: value\n    remoteRef: {key: ${key}, property: password}\n`

test("render: at the deadline, one DEADLINE_EXCEEDED per ExternalSecret still waiting, naming its field and path; the others' reads are done", async () => {
  await withVault(async (v) => {
    v.addFault({ action: { latencyMs: 30_000 }, path: 'secret/data/api', count: Number.POSITIVE_INFINITY })
    const manifests = await readStreams([{ path: 'in.yaml', text: [tok(), store(), esAt('slow', 'api'), esAt('quick', 'web')].join('---\n') }], isInteresting)
    const env = { VAULT_ADDR: v.url }
    const started = Date.now()
    await assert.rejects(
      () => render(manifests, { options: { ...optionsFromEnvironment(env), deadlineSeconds: 1 }, env }),
      (e: unknown) => {
        assert.ok(e instanceof RenderErrors)
        assert.deepEqual(e.errors.map(formatError), [
          "in.yaml[2] ExternalSecret apps/slow spec.data[0].remoteRef.key: the run's deadline (1 s, deadlineSeconds) passed while waiting for Vault: GET /v1/secret/data/api (via SecretStore apps/vault)",
        ])
        assert.ok(e.errors.every((x) => x.code === 'DEADLINE_EXCEEDED'))
        return true
      },
    )
    assert.ok(Date.now() - started < 10_000, 'the render ended at its deadline, not at the slow answer')
  })
})

test('render: the deadline counts from deadlineAt when the host started the clock (a source build shared it)', async () => {
  await withVault(async (v) => {
    const manifests = await readStreams([{ path: 'in.yaml', text: [tok(), store(), esAt('a', 'db')].join('---\n') }], isInteresting)
    const env = { VAULT_ADDR: v.url }
    await assert.rejects(
      () => render(manifests, { options: optionsFromEnvironment(env), env, deadlineAt: Date.now() - 1 }),
      (e: unknown) => e instanceof RenderErrors && e.errors.length === 1 && e.errors[0].code === 'DEADLINE_EXCEEDED' && e.errors[0].resource?.name === 'a',
    )
    assert.equal(v.requestCount(), 0, 'nothing is sent after the deadline')
  })
})

test('render: maxVaultRequests caps the requests of the run: past it, DEADLINE_EXCEEDED naming the request not sent', async () => {
  await withVault(async (v) => {
    const manifests = await readStreams([{ path: 'in.yaml', text: [tok(), store(), esAt('a', 'db'), esAt('b', 'api'), esAt('c', 'web')].join('---\n') }], isInteresting)
    const env = { VAULT_ADDR: v.url }
    await assert.rejects(
      () => render(manifests, { options: { ...optionsFromEnvironment(env), maxVaultRequests: 2, vaultConcurrency: 1 }, env }),
      (e: unknown) => {
        assert.ok(e instanceof RenderErrors)
        assert.deepEqual(e.errors.map(formatError), [
          "in.yaml[4] ExternalSecret apps/c spec.data[0].remoteRef.key: cannot read secret data from Vault: GET /v1/secret/data/web: the run's limit of 2 Vault requests (maxVaultRequests) is spent; GET /v1/secret/data/web was not sent (via SecretStore apps/vault)",
        ])
        assert.equal(e.errors[0].code, 'DEADLINE_EXCEEDED')
        return true
      },
    )
    assert.equal(v.requestCount(), 2)
  })
})

test('render: a server that refuses connections is one error per ExternalSecret, counting its other reads', async () => {
  const net = await import('node:net')
  // A port that was just free: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => resolve(p))
    })
  })
  const three = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: three, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - {secretKey: a, remoteRef: {key: db, property: password}}\n  - {secretKey: b, remoteRef: {key: api, property: password}}\n  - {secretKey: c, remoteRef: {key: web, property: password}}\n`
  const manifests = await readStreams([{ path: 'in.yaml', text: [tok(), store(), three].join('---\n') }], isInteresting)
  const env = { VAULT_ADDR: `http://127.0.0.1:${port}` }
  await assert.rejects(
    () => render(manifests, { options: { ...optionsFromEnvironment(env), vaultRetries: 0 }, env }),
    (e: unknown) => {
      assert.ok(e instanceof RenderErrors)
      assert.equal(e.errors.length, 1)
      assert.match(
        formatError(e.errors[0]),
        /^in\.yaml\[2\] ExternalSecret apps\/three spec\.data\[0\]\.remoteRef\.key: cannot read secret data from Vault: GET \/v1\/secret\/data\/db: cannot connect to .* connection refused .*; 2 more reads of this ExternalSecret failed the same way$/,
      )
      return true
    },
  )
})
