// src/pipeline/plan.ts: every check before a request. Schema errors collected, allowedNamespaces,
// store errors located at the read that uses the store, one target per (store identity, path,
// version), overrides announced with their author, SERVER_NOT_TRUSTED decided here — and no token
// in any message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { planRender, type RenderPlan } from '../../src/pipeline/plan.ts'
import { classify, lookupsOf } from '../../src/pipeline/classify.ts'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import { readStreams } from '../../src/manifests/read.ts'
import { isInteresting } from '../../src/eso/kinds.ts'
import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags, optionsFromSpec, type Environment, type RenderOptions } from '../../src/config.ts'
import { formatError, RenderErrors } from '../../src/errors.ts'

const TOKEN = 'hvs.PLAN-CANARY-tok-61f0'
const ENV_TOKEN = 'hvs.PLAN-CANARY-env-d2c4'
const OTHER_TOKEN = 'hvs.PLAN-CANARY-other-8e3a'

const tokenSecret = (name = 'tok', token = TOKEN, ns = 'apps') => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${ns}}\nstringData: {token: ${token}}\n`
const store = (name = 'vault', vault = 'server: https://vault.example.com:8200, path: secret, auth: {tokenSecretRef: {name: tok, key: token}}', ns = 'apps') =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  provider:\n    vault: {${vault}}\n`
const clusterStore = (name: string, vault: string) => `apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: ${name}}\nspec:\n  provider:\n    vault: {${vault}}\n`
const es = (name: string, data: string, { ns = 'apps', storeRef = '{name: vault}' } = {}) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nspec:\n  secretStoreRef: ${storeRef}\n  data:\n${data}`
const item = (key: string, remote: string) => `  - secretKey: ${key}\n    remoteRef: {${remote}}\n`

interface Run {
  rendering: RenderPlan
  diag: Diagnostics
  text: string
}
async function plan(docs: string[], { env = {}, flags = {}, options }: { env?: Environment; flags?: Record<string, string>; options?: RenderOptions } = {}): Promise<Run> {
  const manifests = await readStreams([{ path: 'in.yaml', text: docs.join('---\n') }], isInteresting)
  const diag = new Diagnostics()
  const defaultNamespace = 'default'
  const found = classify(manifests, defaultNamespace, diag)
  const opts = optionsFromFlags(flags, optionsFromEnvironment(env, options ?? DEFAULT_OPTIONS))
  const rendering = await planRender(found, { options: opts, env, defaultNamespace, lookups: lookupsOf(found), readFile: (p) => (p === '/ca.pem' ? 'CA PEM' : `${OTHER_TOKEN}\n`) }, diag)
  const text = [...diag.errors.map(formatError), ...diag.notices.map((n) => n.message)].join('\n')
  for (const t of [TOKEN, ENV_TOKEN, OTHER_TOKEN]) assert.ok(!text.includes(t), `a token reached a message:\n${text}`)
  return { rendering, diag, text }
}
const errorsOf = (r: Run) => r.diag.errors.map((e) => ({ code: e.code, resource: e.resource && `${e.resource.kind} ${e.resource.namespace ?? ''}/${e.resource.name}`, field: e.fieldPath }))
const targets = (r: Run) => r.rendering.plans.flatMap((p) => p.reads.map((read) => r.rendering.targets.get(read)))

test('plan: one ExternalSecret, one read, its Vault path and the store it goes through', async () => {
  const r = await plan([tokenSecret(), store(), es('app', item('password', 'key: app, property: password'))])
  assert.deepEqual(r.diag.errors, [])
  assert.equal(r.rendering.plans.length, 1)
  const [t] = targets(r)
  assert.equal(t?.path, 'secret/data/app')
  assert.equal(t?.version, undefined)
  assert.equal(t?.store.conn.address, 'https://vault.example.com:8200')
  assert.equal((t?.store.auth as { token?: string } | undefined)?.token, TOKEN)
  assert.deepEqual(t?.store.credential, { author: 'input', source: 'Secret apps/tok key token' })
})

test('plan: schema errors of stores and ExternalSecrets are all collected, and those items planned no further', async () => {
  const r = await plan([
    tokenSecret(),
    store('bad', 'server: https://v, path: secret, version: v9'),
    es('typo', '  - secretKey: k\n    remoteRef: {key: a, propery: p}\n'),
    es('wrong-type', item('k', 'key: 42')),
    es('fine', item('k', 'key: a')),
  ])
  assert.deepEqual(errorsOf(r), [
    { code: 'SCHEMA_INVALID', resource: 'SecretStore apps/bad', field: 'spec.provider.vault.version' },
    { code: 'SCHEMA_INVALID', resource: 'ExternalSecret apps/typo', field: 'spec.data[0].remoteRef.propery' },
    { code: 'SCHEMA_INVALID', resource: 'ExternalSecret apps/wrong-type', field: 'spec.data[0].remoteRef.key' },
    // "fine" names the store "vault", which is not in the input.
    { code: 'STORE_NOT_FOUND', resource: 'ExternalSecret apps/fine', field: 'spec.secretStoreRef' },
  ])
  assert.deepEqual(
    r.rendering.plans.map((p) => p.resource.name),
    ['fine'],
  )
})

test('plan: admission-rule errors of the ES planner are reported too', async () => {
  const r = await plan([tokenSecret(), store(), es('dup', item('k', 'key: a') + item('k', 'key: b'))])
  assert.deepEqual(errorsOf(r), [{ code: 'SCHEMA_INVALID', resource: 'ExternalSecret apps/dup', field: 'spec.data[1].secretKey' }])
  assert.equal(r.rendering.plans.length, 0)
})

const namespaces: { name: string; allowed: string; ns: string; ok: boolean }[] = [
  { name: 'a listed namespace', allowed: 'apps,other', ns: 'apps', ok: true },
  { name: 'an unlisted namespace', allowed: 'other', ns: 'apps', ok: false },
  { name: 'the default namespace of a namespace-less ExternalSecret counts', allowed: 'apps', ns: '', ok: false },
]
for (const c of namespaces) {
  test(`plan: allowedNamespaces ${c.allowed}, ${c.name} → ${c.ok ? 'planned' : 'STORE_NOT_ALLOWED'}`, async () => {
    const r = await plan([tokenSecret(), tokenSecret('tok', TOKEN, 'default'), store(), store('vault', undefined, 'default'), es('app', item('k', 'key: a'), { ns: c.ns })], {
      options: optionsFromSpec({ allowedNamespaces: c.allowed.split(',') }, { author: 'input', name: 'function config spec' }),
    })
    if (c.ok) {
      assert.deepEqual(r.diag.errors, [])
      assert.equal(r.rendering.plans.length, 1)
      return
    }
    assert.equal(r.rendering.plans.length, 0)
    assert.deepEqual(errorsOf(r), [{ code: 'STORE_NOT_ALLOWED', resource: `ExternalSecret ${c.ns}/app`, field: 'metadata.namespace' }])
    assert.match(r.diag.errors[0].message, new RegExp(`namespace "${c.ns || 'default'}" is not in the render's allowedNamespaces \\(${c.allowed.split(',').join(', ')}\\)`))
  })
}

test('plan: a namespace-less ExternalSecret is planned in the default namespace, with a notice', async () => {
  const r = await plan([tokenSecret('tok', TOKEN, 'default'), store('vault', undefined, 'default'), es('app', item('k', 'key: a'), { ns: '' })])
  assert.deepEqual(r.diag.errors, [])
  assert.equal(r.rendering.plans[0].namespace, 'default')
  assert.match(r.text, /no metadata\.namespace: stores resolved as in namespace "default"; the Secret stays namespace-less/)
})

const storeErrors: { name: string; docs: string[]; env?: Environment; targetsLeft?: number; want: { code: string; resource: string; field: string }[]; message: RegExp }[] = [
  {
    name: 'a missing SecretStore is located at the ExternalSecret’s secretStoreRef',
    docs: [es('app', item('k', 'key: a'))],
    want: [{ code: 'STORE_NOT_FOUND', resource: 'ExternalSecret apps/app', field: 'spec.secretStoreRef' }],
    message: /could not get SecretStore "vault" in namespace "apps" \(the input holds no stores at all/,
  },
  {
    name: 'a missing store named by sourceRef is located at that item',
    docs: [tokenSecret(), store(), es('app', item('a', 'key: a') + '  - secretKey: b\n    remoteRef: {key: b}\n    sourceRef: {storeRef: {name: gone, kind: ClusterSecretStore}}\n')],
    want: [{ code: 'STORE_NOT_FOUND', resource: 'ExternalSecret apps/app', field: 'spec.data[1].sourceRef.storeRef' }],
    targetsLeft: 1,
    message: /could not get ClusterSecretStore "gone": not in the input/,
  },
  {
    name: "a store's own problem stays located at the store (and is reported once per store)",
    docs: [store('vault', 'server: https://vault.example.com, path: secret, auth: {tokenSecretRef: {name: absent, key: token}}'), es('a1', item('k', 'key: a')), es('a2', item('k', 'key: b'))],
    want: [
      { code: 'AUTH_FAILED', resource: 'SecretStore apps/vault', field: 'spec.provider.vault.auth.tokenSecretRef' },
      { code: 'AUTH_FAILED', resource: 'SecretStore apps/vault', field: 'spec.provider.vault.auth.tokenSecretRef' },
    ],
    message: /cannot get Kubernetes secret "absent" from namespace "apps"/,
  },
  {
    name: 'a ClusterSecretStore denied by its conditions is located at the ExternalSecret',
    docs: [
      tokenSecret('tok', TOKEN, 'eso'),
      clusterStore('css', 'server: https://v, auth: {tokenSecretRef: {name: tok, key: token, namespace: eso}}').replace('spec:\n', 'spec:\n  conditions: [{namespaces: [prod]}]\n'),
      es('app', item('k', 'key: a'), { storeRef: '{name: css, kind: ClusterSecretStore}' }),
    ],
    want: [{ code: 'STORE_NOT_ALLOWED', resource: 'ExternalSecret apps/app', field: 'spec.secretStoreRef' }],
    message: /using cluster store "css" is not allowed from namespace "apps"/,
  },
  {
    name: 'an operator token to an untrusted store server is SERVER_NOT_TRUSTED at the store, before any request',
    docs: [store('vault', 'server: https://attacker.example:8200, path: secret'), es('app', item('k', 'key: a'))],
    env: { VAULT_TOKEN: ENV_TOKEN },
    want: [{ code: 'SERVER_NOT_TRUSTED', resource: 'SecretStore apps/vault', field: 'spec.provider.vault.server' }],
    message: /the store's server https:\/\/attacker\.example:8200 is not trusted with the operator's credential \$VAULT_TOKEN .*nothing was sent$/,
  },
  {
    name: 'an operator tokenFile to an untrusted server is refused too',
    docs: [tokenSecret(), store(), es('app', item('k', 'key: a'))],
    env: { ESO_RENDER_TOKEN_FILE: '/token' },
    want: [{ code: 'SERVER_NOT_TRUSTED', resource: 'SecretStore apps/vault', field: 'spec.provider.vault.server' }],
    message: /credential file \/token \(tokenFile/,
  },
]
for (const c of storeErrors) {
  test(`plan: ${c.name}`, async () => {
    const r = await plan(c.docs, { env: c.env })
    assert.deepEqual(errorsOf(r), c.want)
    assert.match(r.diag.errors[0].message, c.message)
    assert.equal(targets(r).filter(Boolean).length, c.targetsLeft ?? 0, 'no target for a read whose store failed')
    // Reported once per distinct problem.
    assert.throws(
      () => r.diag.throwIfFailed(),
      (e: unknown) => e instanceof RenderErrors && e.errors.length === new Set(c.want.map((w) => JSON.stringify(w))).size,
    )
  })
}

// Issue 14: an invalid store is reported once, on the store; the ExternalSecrets naming it say that it is invalid, never that there is no store.
const invalidStores: { name: string; docs: string[]; storeField: string; refField?: string }[] = [
  { name: 'a SecretStore with a bad field', docs: [tokenSecret(), store('vault', 'server: https://v, version: v9')], storeField: 'spec.provider.vault.version' },
  {
    name: 'a SecretStore with two providers',
    docs: [tokenSecret(), store('vault', 'server: https://v').replace('    vault:', '    aws: {region: eu-west-1}\n    vault:')],
    storeField: 'spec.provider',
  },
  {
    name: 'a namespace-less SecretStore with a bad field',
    docs: [tokenSecret(), store('vault', 'server: https://v, readYourWrites: sometimes', '').replace(', namespace: }', '}')],
    storeField: 'spec.provider.vault.readYourWrites',
  },
  {
    name: 'a ClusterSecretStore with a bad field',
    docs: [tokenSecret(), clusterStore('vault', 'server: 8200')],
    storeField: 'spec.provider.vault.server',
    refField: '{name: vault, kind: ClusterSecretStore}',
  },
]
for (const c of invalidStores) {
  test(`plan: ${c.name} is reported once, and its ExternalSecrets say it is invalid (issue 14)`, async () => {
    const storeRef = c.refField ?? '{name: vault}'
    const r = await plan([...c.docs, es('a1', item('k', 'key: a'), { storeRef }), es('a2', item('k', 'key: b'), { storeRef })])
    const storeErrors = r.diag.errors.filter((e) => e.resource?.kind !== 'ExternalSecret')
    assert.deepEqual(
      storeErrors.map((e) => [e.code, e.fieldPath]),
      [['SCHEMA_INVALID', c.storeField]],
    )
    const esErrors = r.diag.errors.filter((e) => e.resource?.kind === 'ExternalSecret')
    assert.deepEqual(
      esErrors.map((e) => [e.resource?.name, e.code, e.fieldPath]),
      [
        ['a1', 'SCHEMA_INVALID', 'spec.secretStoreRef'],
        ['a2', 'SCHEMA_INVALID', 'spec.secretStoreRef'],
      ],
    )
    for (const e of esErrors) assert.match(e.message, /^(SecretStore apps|ClusterSecretStore |SecretStore )\/?vault is invalid \(its errors are reported on it\)/)
    assert.doesNotMatch(r.text, /no stores|not in the input|could not get/)
    assert.equal(targets(r).filter(Boolean).length, 0)
  })
}

test('plan: beside an invalid store, a store name the input lacks is not found, without "no stores at all" (issue 14)', async () => {
  const r = await plan([store('other', 'server: https://v, version: v9'), es('app', item('k', 'key: a'))])
  assert.deepEqual(errorsOf(r), [
    { code: 'SCHEMA_INVALID', resource: 'SecretStore apps/other', field: 'spec.provider.vault.version' },
    { code: 'STORE_NOT_FOUND', resource: 'ExternalSecret apps/app', field: 'spec.secretStoreRef' },
  ])
  assert.doesNotMatch(r.text, /no stores at all/)
})

test('plan: the same operator token to an allowed server is planned', async () => {
  const r = await plan([store('vault', 'server: https://vault.example.com:8200, path: secret'), es('app', item('k', 'key: a'))], {
    env: { VAULT_TOKEN: ENV_TOKEN, ESO_RENDER_ALLOWED_SERVERS: 'https://vault.example.com:8200' },
  })
  assert.deepEqual(r.diag.errors, [])
  assert.equal((targets(r)[0]?.store.auth as { token?: string } | undefined)?.token, ENV_TOKEN)
  assert.match(r.text, /SecretStore apps\/vault: Vault token from \$VAULT_TOKEN \(set by the operator; the store has no auth\)/)
})

// One request per distinct (store identity, path, version): rows of two reads and whether they share a target.
const sharing: { name: string; docs: string[]; shared: boolean }[] = [
  { name: 'two ExternalSecrets reading the same key', docs: [tokenSecret(), store(), es('a', item('k', 'key: app, property: p1')), es('b', item('k', 'key: app, property: p2'))], shared: true },
  { name: 'a key written with and without the mount prefix', docs: [tokenSecret(), store(), es('a', item('k', 'key: app')), es('b', item('k', 'key: secret/app'))], shared: true },
  {
    name: 'two stores with the same server, path and token',
    docs: [tokenSecret(), store(), store('twin'), es('a', item('k', 'key: app')), es('b', item('k', 'key: app'), { storeRef: '{name: twin}' })],
    shared: true,
  },
  { name: 'another version of the key', docs: [tokenSecret(), store(), es('a', item('k', 'key: app, version: "1"') + item('l', 'key: app, version: "2"'))], shared: false },
  { name: 'a version and no version', docs: [tokenSecret(), store(), es('a', item('k', 'key: app') + item('l', 'key: app, version: "2"'))], shared: false },
  { name: 'another key', docs: [tokenSecret(), store(), es('a', item('k', 'key: app') + item('l', 'key: other'))], shared: false },
  {
    name: 'the same key through a store with another token',
    docs: [
      tokenSecret(),
      tokenSecret('tok2', OTHER_TOKEN),
      store(),
      store('other', 'server: https://vault.example.com:8200, path: secret, auth: {tokenSecretRef: {name: tok2, key: token}}'),
      es('a', item('k', 'key: app')),
      es('b', item('k', 'key: app'), { storeRef: '{name: other}' }),
    ],
    shared: false,
  },
  {
    name: 'the same key through a store with another Vault namespace',
    docs: [
      tokenSecret(),
      store(),
      store('ns', 'server: https://vault.example.com:8200, path: secret, namespace: team, auth: {tokenSecretRef: {name: tok, key: token}}'),
      es('a', item('k', 'key: app')),
      es('b', item('k', 'key: app'), { storeRef: '{name: ns}' }),
    ],
    shared: false,
  },
  {
    name: 'the same key through a KV v1 store on the same mount',
    docs: [
      tokenSecret(),
      store(),
      store('v1', 'server: https://vault.example.com:8200, path: secret, version: v1, auth: {tokenSecretRef: {name: tok, key: token}}'),
      es('a', item('k', 'key: app')),
      es('b', item('k', 'key: app'), { storeRef: '{name: v1}' }),
    ],
    shared: false,
  },
]
for (const c of sharing) {
  test(`plan: ${c.name} → ${c.shared ? 'one target' : 'two targets'}`, async () => {
    const r = await plan(c.docs)
    assert.deepEqual(r.diag.errors, [])
    const ts = targets(r)
    assert.equal(ts.length, 2)
    assert.equal(new Set(ts.map((t) => t!.key)).size, c.shared ? 1 : 2)
    for (const t of ts) assert.ok(!t!.key.includes('\n'))
  })
}

test('plan: the version travels with the target', async () => {
  const r = await plan([tokenSecret(), store(), es('a', item('k', 'key: app, version: "3"'))])
  assert.deepEqual([targets(r)[0]?.path, targets(r)[0]?.version], ['secret/data/app', '3'])
})

const announcements: { name: string; docs?: string[]; env?: Environment; flags?: Record<string, string>; options?: RenderOptions; notices: RegExp[]; severity?: 'warning' }[] = [
  {
    name: 'VAULT_ADDR replaces every server, said once with its author',
    env: { VAULT_ADDR: 'http://127.0.0.1:8200' },
    notices: [/^Vault address http:\/\/127\.0\.0\.1:8200 replaces every store's server \(set by the operator \(\$VAULT_ADDR\)\)$/],
  },
  { name: '--vault-address names the flag', flags: { vaultAddress: 'http://127.0.0.1:8200' }, notices: [/replaces every store's server \(set by the operator \(flag --vault-address\)\)/] },
  {
    name: 'VAULT_NAMESPACE fills in a store without namespace',
    env: { VAULT_NAMESPACE: 'team-a' },
    notices: [/^SecretStore apps\/vault: Vault namespace "team-a" for a store that sets none \(set by the operator \(\$VAULT_NAMESPACE\)\)$/],
  },
  {
    name: "the input's vaultNamespace names the input's author",
    options: optionsFromSpec({ vaultNamespace: 'team-b' }, { author: 'input', name: 'function config spec' }),
    notices: [/Vault namespace "team-b" for a store that sets none \(set by the input's author \(function config spec\)\)/],
  },
  {
    name: 'VAULT_CACERT fills in a store without caBundle',
    env: { VAULT_CACERT: '/ca.pem' },
    notices: [/^SecretStore apps\/vault: CA certificates for a store without caBundle \(set by the operator \(\$VAULT_CACERT\)\)$/],
  },
  {
    name: 'TLS verification off is a loud warning',
    env: { ESO_RENDER_INSECURE_SKIP_TLS_VERIFY: 'true' },
    notices: [/^TLS CERTIFICATE VERIFICATION IS OFF \(insecureSkipTLSVerify, set by the operator \(\$ESO_RENDER_INSECURE_SKIP_TLS_VERIFY\)\)/],
    severity: 'warning',
  },
  {
    name: 'an operator tokenFile names the file, never the token',
    env: { VAULT_ADDR: 'http://127.0.0.1:8200', ESO_RENDER_TOKEN_FILE: '/token' },
    notices: [/replaces every store's server/, /^SecretStore apps\/vault: Vault token from file \/token \(tokenFile, set by the operator: \$ESO_RENDER_TOKEN_FILE\)$/],
  },
  { name: "the input's own token is not announced", notices: [] },
]
for (const c of announcements) {
  test(`plan: announcement — ${c.name}`, async () => {
    // Two ExternalSecrets through one store: store announcements are still said once.
    const r = await plan(c.docs ?? [tokenSecret(), store(), es('a', item('k', 'key: a')), es('b', item('k', 'key: b'))], { env: c.env, flags: c.flags, options: c.options })
    assert.deepEqual(r.diag.errors, [])
    assert.equal(r.diag.notices.length, c.notices.length, r.diag.notices.map((n) => n.message).join('\n'))
    const messages = r.diag.notices.map((n) => n.message)
    for (const re of c.notices)
      assert.ok(
        messages.some((m) => re.test(m)),
        `no notice matches ${re}:\n${messages.join('\n')}`,
      )
    if (c.severity) assert.equal(r.diag.notices[0].severity, c.severity)
  })
}

test('plan: a store used from two namespaces is resolved once per namespace (its token Secret is per namespace)', async () => {
  const css = clusterStore('css', 'server: https://vault.example.com:8200, path: secret, auth: {tokenSecretRef: {name: tok, key: token}}')
  const r = await plan([
    css,
    tokenSecret('tok', TOKEN, 'a'),
    tokenSecret('tok', OTHER_TOKEN, 'b'),
    es('first', item('k', 'key: app'), { ns: 'a', storeRef: '{name: css, kind: ClusterSecretStore}' }),
    es('second', item('k', 'key: app'), { ns: 'b', storeRef: '{name: css, kind: ClusterSecretStore}' }),
  ])
  assert.deepEqual(r.diag.errors.map(formatError), [])
  const ts = targets(r)
  assert.deepEqual(
    ts.map((t) => (t!.store.auth as { token?: string }).token),
    [TOKEN, OTHER_TOKEN],
  )
  assert.notEqual(ts[0]!.key, ts[1]!.key)
})
