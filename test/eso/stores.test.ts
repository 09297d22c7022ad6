import { test } from 'node:test'
import assert from 'node:assert/strict'
import { resolveStore, StoreIndex, type Lookups, type StoreObject } from '../../src/eso/stores.ts'
import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags } from '../../src/config.ts'
import { RenderError } from '../../src/errors.ts'

const vault = (auth: Record<string, unknown> = { tokenSecretRef: { name: 'tok', key: 'token' } }) => ({ server: 'https://vault.example.com:8200', path: 'secret', auth })
const store = (kind: 'SecretStore' | 'ClusterSecretStore', name: string, namespace: string | undefined, spec: Record<string, unknown>): StoreObject => ({
  resource: { kind, name, namespace },
  spec: spec as StoreObject['spec'],
})
const lookups = (secrets: Record<string, Record<string, unknown>> = {}, labels: Record<string, Record<string, string>> = {}): Lookups => ({
  secret: (ns, name) => secrets[`${ns}/${name}`],
  configMap: () => undefined,
  namespaceLabels: (name) => labels[name],
  missHint: () => '',
})
const ref = (kind: 'SecretStore' | 'ClusterSecretStore', name: string) => ({ kind, name, fieldPath: 'spec.secretStoreRef' })

// eso.md §3.4: any condition, any part; regexes unanchored; labels need the Namespace object.
const conditions = [
  { name: 'namespaces list', conditions: [{ namespaces: ['a', 'b'] }], ns: 'b', allowed: true },
  { name: 'unanchored regex', conditions: [{ namespaceRegexes: ['team-a'] }], ns: 'my-team-a-dev', allowed: true },
  { name: 'anchored regex', conditions: [{ namespaceRegexes: ['^team-a$'] }], ns: 'my-team-a-dev', allowed: false },
  { name: 'selector on Namespace labels', conditions: [{ namespaceSelector: { matchLabels: { tier: 'trusted' } } }], ns: 'x', labels: { x: { tier: 'trusted' } }, allowed: true },
  { name: 'selector on the implicit name label', conditions: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }], ns: 'x', allowed: true },
  {
    name: 'selector matchExpressions NotIn',
    conditions: [{ namespaceSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['dev'] }] } }],
    ns: 'x',
    labels: { x: { tier: 'dev' } },
    allowed: false,
  },
  { name: 'no condition matches', conditions: [{ namespaces: ['a'] }, { namespaceRegexes: ['^b'] }], ns: 'c', allowed: false },
  { name: 'empty conditions allow everyone', conditions: [], ns: 'c', allowed: true },
]
for (const c of conditions) {
  test(`ClusterSecretStore conditions: ${c.name} → ${c.allowed ? 'allowed' : 'denied'}`, () => {
    const index = new StoreIndex()
    index.add(store('ClusterSecretStore', 'css', undefined, { provider: { vault: vault() }, conditions: c.conditions }))
    const find = () => index.find(ref('ClusterSecretStore', 'css'), c.ns, lookups({}, c.labels ?? {}))
    if (c.allowed) assert.equal(find().resource.name, 'css')
    else assert.throws(find, (e: unknown) => e instanceof RenderError && e.code === 'STORE_NOT_ALLOWED' && /denied by spec.condition/.test(e.message))
  })
}

test('a SecretStore is found only in the ExternalSecret namespace', () => {
  const index = new StoreIndex()
  index.add(store('SecretStore', 'vault', 'apps', { provider: { vault: vault() } }))
  assert.equal(index.find(ref('SecretStore', 'vault'), 'apps', lookups()).resource.namespace, 'apps')
  assert.throws(() => index.find(ref('SecretStore', 'vault'), 'other', lookups()), /only usable from its own namespace/)
})

// Issue 14: a store that failed validation is there, and invalid; never "not found" nor "no stores at all".
const invalidLookups: { name: string; invalid: StoreObject['resource']; valid?: StoreObject; ref: ReturnType<typeof ref>; ns: string; want: RegExp | string }[] = [
  {
    name: 'an invalid SecretStore in the namespace',
    invalid: { kind: 'SecretStore', name: 'vault', namespace: 'apps' },
    ref: ref('SecretStore', 'vault'),
    ns: 'apps',
    want: /^SecretStore apps\/vault is invalid/,
  },
  { name: 'an invalid namespace-less SecretStore', invalid: { kind: 'SecretStore', name: 'vault' }, ref: ref('SecretStore', 'vault'), ns: 'apps', want: /^SecretStore vault is invalid/ },
  { name: 'an invalid ClusterSecretStore', invalid: { kind: 'ClusterSecretStore', name: 'css' }, ref: ref('ClusterSecretStore', 'css'), ns: 'apps', want: /^ClusterSecretStore css is invalid/ },
  {
    name: "an invalid store in the namespace hides a valid namespace-less one (ESO's lookup would find the namespace's)",
    invalid: { kind: 'SecretStore', name: 'vault', namespace: 'apps' },
    valid: store('SecretStore', 'vault', undefined, { provider: { vault: vault() } }),
    ref: ref('SecretStore', 'vault'),
    ns: 'apps',
    want: /^SecretStore apps\/vault is invalid/,
  },
  {
    name: 'a valid store in the namespace wins over an invalid namespace-less one',
    invalid: { kind: 'SecretStore', name: 'vault' },
    valid: store('SecretStore', 'vault', 'apps', { provider: { vault: vault() } }),
    ref: ref('SecretStore', 'vault'),
    ns: 'apps',
    want: 'found',
  },
  {
    name: 'another name beside an invalid store: not found, and no "no stores at all"',
    invalid: { kind: 'SecretStore', name: 'other', namespace: 'apps' },
    ref: ref('SecretStore', 'vault'),
    ns: 'apps',
    want: /^could not get SecretStore "vault" in namespace "apps"$/,
  },
]
for (const c of invalidLookups) {
  test(`store index: ${c.name} (issue 14)`, () => {
    const index = new StoreIndex()
    index.addInvalid(c.invalid)
    if (c.valid) index.add(c.valid)
    assert.ok(index.has(c.ref, c.ns) || c.invalid.name !== c.ref.name)
    if (c.want === 'found') return assert.equal(index.find(c.ref, c.ns, lookups()), c.valid)
    assert.throws(
      () => index.find(c.ref, c.ns, lookups()),
      (e: unknown) =>
        e instanceof RenderError && e.code === (c.invalid.name === c.ref.name ? 'SCHEMA_INVALID' : 'STORE_NOT_FOUND') && e.fieldPath === 'spec.secretStoreRef' && (c.want as RegExp).test(e.message),
    )
  })
}

// Options as the faces build them: the operator's environment, then the operator's flags.
const ctx = (env: Record<string, string> = {}, flags: Record<string, string> = {}) => ({
  options: optionsFromFlags(flags, optionsFromEnvironment(env, DEFAULT_OPTIONS)),
  env,
  lookups: lookups({ 'apps/tok': { stringData: { token: 'from-secret' } }, 'eso/tok': { data: { token: Buffer.from('cluster').toString('base64') } } }),
  readFile: () => 'from-file\n',
})

const tokens: {
  name: string
  kind: 'SecretStore' | 'ClusterSecretStore'
  auth: Record<string, unknown>
  env?: Record<string, string>
  options?: Record<string, string>
  want: string
  author: 'input' | 'operator'
  source: RegExp
}[] = [
  {
    name: 'tokenSecretRef from the ExternalSecret namespace (SecretStore)',
    kind: 'SecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token', namespace: 'eso' } },
    want: 'from-secret',
    author: 'input',
    source: /Secret apps\/tok/,
  },
  {
    name: 'tokenSecretRef from the ref namespace (ClusterSecretStore)',
    kind: 'ClusterSecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token', namespace: 'eso' } },
    want: 'cluster',
    author: 'input',
    source: /Secret eso\/tok/,
  },
  {
    name: "kubernetes auth on the pod's own token falls back to VAULT_TOKEN outside a cluster",
    kind: 'SecretStore',
    auth: { kubernetes: { role: 'r' } },
    env: { VAULT_TOKEN: 'env-token' },
    want: 'env-token',
    author: 'operator',
    source: /\$VAULT_TOKEN \(set by the operator; kubernetes auth uses the pod's own service-account token\)/,
  },
  {
    name: 'kubernetes auth on a ServiceAccount falls back to VAULT_TOKEN without cluster access',
    kind: 'SecretStore',
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app' } } },
    env: { VAULT_TOKEN: 'env-token' },
    want: 'env-token',
    author: 'operator',
    source: /\$VAULT_TOKEN \(set by the operator; kubernetes auth needs a TokenRequest for ServiceAccount apps\/app\)/,
  },
  {
    name: 'a missing token Secret falls back to VAULT_TOKEN',
    kind: 'SecretStore',
    auth: { tokenSecretRef: { name: 'absent', key: 'token' } },
    env: { VAULT_TOKEN: 'env-token' },
    want: 'env-token',
    author: 'operator',
    source: /not in the input/,
  },
  {
    name: 'the operator tokenFile (flag) wins over the store',
    kind: 'SecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token' } },
    options: { tokenFile: '/t' },
    want: 'from-file',
    author: 'operator',
    source: /tokenFile, set by the operator: flag --token-file/,
  },
  {
    name: 'the operator tokenFile (environment) wins over the store',
    kind: 'SecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token' } },
    env: { ESO_RENDER_TOKEN_FILE: '/t' },
    want: 'from-file',
    author: 'operator',
    source: /tokenFile, set by the operator: \$ESO_RENDER_TOKEN_FILE/,
  },
  {
    name: 'the operator tokenEnv wins over the store',
    kind: 'SecretStore',
    auth: {},
    env: { MY_TOKEN: 'mine', VAULT_TOKEN: 'no', ESO_RENDER_TOKEN_ENV: 'MY_TOKEN' },
    want: 'mine',
    author: 'operator',
    source: /\$MY_TOKEN \(tokenEnv, set by the operator: \$ESO_RENDER_TOKEN_ENV\)/,
  },
]
for (const c of tokens) {
  test(`credentials: ${c.name}`, () => {
    const r = resolveStore(store(c.kind, 'vault', c.kind === 'SecretStore' ? 'apps' : undefined, { provider: { vault: vault(c.auth) } }), 'apps', ctx(c.env, c.options))
    assert.equal(r.auth.kind === 'token' ? r.auth.token : undefined, c.want)
    assert.equal(r.credential.author, c.author)
    assert.match(r.credential.source, c.source)
  })
}

const authErrors = [
  {
    name: "kubernetes auth on the pod's own token, outside a cluster and without VAULT_TOKEN",
    auth: { kubernetes: { role: 'r' } },
    field: 'spec.provider.vault.auth.kubernetes',
    message:
      /^cannot read Kubernetes service account token from file system: .*; add it to the rendered resources, give eso-render cluster access \(--cluster\), or render with the operator's stand-in token \(VAULT_TOKEN with VAULT_ADDR\)$/,
  },
  {
    name: 'kubernetes auth on a ServiceAccount says the legacy token Secrets are no fallback',
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app' } } },
    field: 'spec.provider.vault.auth.kubernetes.serviceAccountRef',
    message:
      /^cannot request Kubernetes service account token for service account "app" in namespace "apps": the TokenRequest API needs cluster access \(legacy ServiceAccount token Secrets are not used instead\)/,
  },
  {
    name: "a tokenSecretRef without key is ESO's error, with the fix",
    auth: { tokenSecretRef: { name: 'tok' } },
    field: 'spec.provider.vault.auth.tokenSecretRef.key',
    message: /^cannot find secret data for key: "" in Secret apps\/tok \(the ref names no key: ESO reads the key it names, with no default; add key: token\)$/,
  },
  {
    name: 'iam auth is not supported, by name',
    auth: { iam: { vaultRole: 'r' } },
    field: 'spec.provider.vault.auth.iam',
    message: /^auth method iam is not supported by eso-render/,
  },
  {
    name: 'a missing token Secret',
    auth: { tokenSecretRef: { name: 'absent', key: 'token' } },
    field: 'spec.provider.vault.auth.tokenSecretRef',
    message: /cannot get Kubernetes secret "absent" from namespace "apps"/,
  },
  { name: 'a missing key', auth: { tokenSecretRef: { name: 'tok', key: 'nope' } }, field: 'spec.provider.vault.auth.tokenSecretRef.key', message: /cannot find secret data for key: "nope"/ },
  { name: 'no auth and no VAULT_TOKEN', auth: {}, field: 'spec.provider.vault.auth', message: /no valid auth method specified/ },
]
for (const c of authErrors) {
  test(`credentials: ${c.name} is AUTH_FAILED at ${c.field}`, () => {
    assert.throws(
      () => resolveStore(store('SecretStore', 'vault', 'apps', { provider: { vault: vault(c.auth) } }), 'apps', ctx()),
      (e: unknown) => e instanceof RenderError && e.code === 'AUTH_FAILED' && e.fieldPath === c.field && c.message.test(e.message),
    )
  })
}

test('VAULT_ADDR replaces the server; the --vault-address flag wins over it; a non-URL is a clear error', () => {
  const s = store('SecretStore', 'vault', 'apps', { provider: { vault: vault() } })
  const fromEnv = resolveStore(s, 'apps', ctx({ VAULT_ADDR: 'http://127.0.0.1:8200' }))
  assert.equal(fromEnv.conn.address, 'http://127.0.0.1:8200')
  assert.deepEqual(fromEnv.addressSource, { author: 'operator', via: '$VAULT_ADDR' })
  const fromFlag = resolveStore(s, 'apps', ctx({ VAULT_ADDR: 'http://a:1' }, { vaultAddress: 'http://b:2' }))
  assert.equal(fromFlag.conn.address, 'http://b:2')
  assert.deepEqual(fromFlag.addressSource, { author: 'operator', via: 'flag --vault-address' })
  assert.equal(resolveStore(s, 'apps', ctx()).addressSource, 'store')
  assert.throws(() => resolveStore(s, 'apps', ctx({ VAULT_ADDR: 'vault:8200' })), /Vault address from \$VAULT_ADDR is not an http\(s\) URL/)
})

test('a store namespace wins; else vaultNamespace, else $VAULT_NAMESPACE, each with its source', () => {
  const own = store('SecretStore', 'vault', 'apps', { provider: { vault: { ...vault(), namespace: 'team' } } })
  const none = store('SecretStore', 'vault', 'apps', { provider: { vault: vault() } })
  assert.equal(resolveStore(own, 'apps', ctx({ VAULT_NAMESPACE: 'ops' })).conn.namespace, 'team')
  const fromEnv = resolveStore(none, 'apps', ctx({ VAULT_NAMESPACE: 'ops' }))
  assert.equal(fromEnv.conn.namespace, 'ops')
  assert.deepEqual(fromEnv.namespaceSource, { author: 'operator', via: '$VAULT_NAMESPACE' })
  assert.equal(resolveStore(none, 'apps', ctx()).conn.namespace, undefined)
})

test('a non-vault provider is refused by name; the allow-list is enforced', () => {
  assert.throws(() => resolveStore(store('SecretStore', 'aws', 'apps', { provider: { aws: {} } }), 'apps', ctx()), /provider aws is not supported/)
  assert.throws(
    () => resolveStore(store('SecretStore', 'vault', 'apps', { provider: { vault: vault() } }), 'apps', ctx({}, { allowedStores: 'ClusterSecretStore/other' })),
    /not in the render's allowedStores/,
  )
})

// Issue 14: what travels in a header (X-Vault-Namespace, the store's headers) is checked at plan
// time: a CR, LF or other character a header cannot carry is a clear error at its field, unquoted.
const HEADER_CANARY = 'HDR-CANARY-0b7e'
const unsendable: { name: string; vault: Record<string, unknown>; env?: Record<string, string>; flags?: Record<string, string>; code: string; field?: string; message: RegExp }[] = [
  {
    name: "the store's namespace with CRLF",
    vault: { namespace: `team\r\n${HEADER_CANARY}` },
    code: 'SCHEMA_INVALID',
    field: 'spec.provider.vault.namespace',
    message: /^the Vault namespace contains a control character \(such as CR or LF\), which the X-Vault-Namespace header cannot carry; nothing was sent$/,
  },
  {
    name: "the login's auth.namespace with LF",
    vault: { auth: { tokenSecretRef: { name: 'tok', key: 'token' }, namespace: `a\n${HEADER_CANARY}` } },
    code: 'SCHEMA_INVALID',
    field: 'spec.provider.vault.auth.namespace',
    message: /^the login's Vault namespace contains a control character/,
  },
  {
    name: '$VAULT_NAMESPACE with LF, for a store that sets none',
    vault: {},
    env: { VAULT_NAMESPACE: `ops\n${HEADER_CANARY}` },
    code: 'CONFIG_INVALID',
    message: /^the Vault namespace from \$VAULT_NAMESPACE \(set by the operator\) contains a control character/,
  },
  {
    name: 'the vaultNamespace flag beyond Latin-1',
    vault: {},
    flags: { vaultNamespace: `ops\u2028${HEADER_CANARY}` },
    code: 'CONFIG_INVALID',
    message: /^the Vault namespace from flag --vault-namespace \(set by the operator\) contains a character beyond Latin-1/,
  },
  {
    name: 'a header value with CR',
    vault: { headers: { 'X-Team': `a\r${HEADER_CANARY}` } },
    code: 'SCHEMA_INVALID',
    field: 'spec.provider.vault.headers.X-Team',
    message: /^the header's value contains a control character \(such as CR or LF\), which an HTTP header cannot carry; nothing was sent$/,
  },
  {
    name: 'a header name with a space',
    vault: { headers: { 'X Team': HEADER_CANARY } },
    code: 'SCHEMA_INVALID',
    field: 'spec.provider.vault.headers["X Team"]',
    message: /^the header name is not an HTTP token/,
  },
]
for (const c of unsendable) {
  test(`store: ${c.name} is ${c.code}${c.field ? ` at ${c.field}` : ''}, never quoted (issue 14)`, () => {
    const s = store('SecretStore', 'vault', 'apps', { provider: { vault: { ...vault(), ...c.vault } } })
    assert.throws(
      () => resolveStore(s, 'apps', ctx(c.env, c.flags)),
      (e: unknown) =>
        e instanceof RenderError &&
        e.code === c.code &&
        e.fieldPath === c.field &&
        e.resource?.name === 'vault' &&
        c.message.test(e.message) &&
        !e.message.includes(HEADER_CANARY) &&
        !(e.fieldPath ?? '').includes(HEADER_CANARY),
    )
  })
}

// pkg/controllers/secretstore/client_manager.go isAllowed: each condition's selector goes through
// metav1.LabelSelectorAsSelector; one it refuses is an error where ESO reaches it, never a match.
test('ClusterSecretStore conditions: a selector with an operator Kubernetes does not know is an error, not a pass', () => {
  const index = new StoreIndex()
  const conditions = [{ namespaceSelector: { matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['trusted'] }] } }]
  index.add(store('ClusterSecretStore', 'css', undefined, { provider: { vault: vault() }, conditions }))
  assert.throws(
    () => index.find(ref('ClusterSecretStore', 'css'), 'x', lookups({}, { x: { tier: 'other' } })),
    (e: unknown) =>
      e instanceof RenderError &&
      e.code === 'SCHEMA_INVALID' &&
      e.fieldPath === 'spec.conditions[0].namespaceSelector.matchExpressions[0].operator' &&
      /^"Equals" is not a valid label selector operator/.test(e.message),
  )
})

test('ClusterSecretStore conditions: a condition that matches before a bad selector is reached allows, as ESO returns at the first match', () => {
  const index = new StoreIndex()
  const conditions = [{ namespaces: ['x'] }, { namespaceSelector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } }]
  index.add(store('ClusterSecretStore', 'css', undefined, { provider: { vault: vault() }, conditions }))
  assert.equal(index.find(ref('ClusterSecretStore', 'css'), 'x', lookups()).resource.name, 'css')
})
