// resolveAuth turns a store's `auth` into a plan (a static token or a login) without I/O but the
// operator's token file. These tests pin ESO's rules (method order, namespaces, defaults, its error
// texts), the operator's stand-ins and the tenant policy's terms for them, and that nothing it
// reports (messages, sources, identities) ever carries a credential's value.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AUTH_METHODS, resolveAuth, secretValue, type AuthContext, type AuthStore, type Lookups, type StoreAuth, type TenantPolicyTerms } from '../../src/eso/auth.ts'
import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags, type Environment } from '../../src/config.ts'
import { RenderError } from '../../src/errors.ts'

type Login = Extract<StoreAuth, { kind: 'login' }>
type Kind = 'SecretStore' | 'ClusterSecretStore'

const SERVER = 'https://vault.example.com:8200'
const F = 'spec.provider.vault.auth'
const b64 = (s: string) => Buffer.from(s).toString('base64')

// Secrets keyed `namespace/name`, as the lookups see them; both stringData and data forms occur.
const SECRETS: Record<string, Record<string, unknown>> = {
  'apps/tok': { stringData: { token: 'apps-token' } },
  'eso/tok': { data: { token: b64('eso-token') } },
  'apps/approle': { data: { 'role-id': b64('role-from-secret'), 'secret-id': b64('secret-id-apps') } },
  'eso/approle': { data: { 'secret-id': b64('secret-id-eso') } },
  'apps/sa-jwt': { data: { token: b64('jwt-from-secret'), jwt: b64('other-jwt') } },
  'apps/pw': { stringData: { password: 'pw' } },
  'apps/client': { data: { 'tls.crt': b64('CERT'), 'tls.key': b64('KEY') } },
}

const lookups = (secrets: Record<string, Record<string, unknown>>, fromCluster: string[], missHint: Lookups['missHint']): Lookups => ({
  secret: (ns, name) => secrets[`${ns}/${name}`],
  configMap: () => undefined,
  namespaceLabels: () => undefined,
  missHint,
  fromCluster: (kind, ns, name) => kind === 'Secret' && fromCluster.includes(`${ns}/${name}`),
})

interface CtxOptions {
  env?: Environment
  flags?: Record<string, string>
  secrets?: Record<string, Record<string, unknown>>
  /** Secrets (`namespace/name`) the lookups say were read from the cluster. */
  fromCluster?: string[]
  cluster?: AuthContext['cluster']
  tenantPolicy?: TenantPolicyTerms
  readFile?: (path: string) => string
  missHint?: Lookups['missHint']
}

// Options as the faces build them: the operator's environment, then the operator's flags.
const ctx = (o: CtxOptions = {}): AuthContext => ({
  options: optionsFromFlags(o.flags ?? {}, optionsFromEnvironment(o.env ?? {}, DEFAULT_OPTIONS)),
  env: o.env ?? {},
  lookups: lookups(o.secrets ?? SECRETS, o.fromCluster ?? [], o.missHint ?? (() => '')),
  readFile: o.readFile ?? (() => 'file-token\n'),
  cluster: o.cluster,
  tenantPolicy: o.tenantPolicy,
})

const store = (kind: Kind, auth: Record<string, unknown> | undefined): AuthStore => ({
  resource: { kind, name: 'vault', namespace: kind === 'SecretStore' ? 'apps' : undefined },
  file: { path: 'stores.yaml', index: 0 },
  auth,
})

// Every case is used from an ExternalSecret in namespace `apps`.
const resolve = (kind: Kind, auth: Record<string, unknown> | undefined, c: AuthContext = ctx(), vaultNamespace?: string) => resolveAuth(store(kind, auth), 'apps', SERVER, vaultNamespace, c)

function caught(fn: () => unknown): RenderError {
  try {
    fn()
  } catch (err) {
    // Internal signals (the unsatisfiable-auth error) must never escape: only RenderErrors do.
    if (err instanceof RenderError) return err
    throw err
  }
  assert.fail('expected a RenderError')
}

function asLogin(a: StoreAuth): Login {
  if (a.kind !== 'login') assert.fail(`expected a login, got a ${a.kind}`)
  return a
}

function asToken(a: StoreAuth): Extract<StoreAuth, { kind: 'token' }> {
  if (a.kind !== 'token') assert.fail(`expected a token, got a ${a.kind} (${a.source})`)
  return a
}

// The identity is tested on its own; the shape is everything else.
const withoutIdentity = ({ identity: _identity, ...rest }: Login): Omit<Login, 'identity'> => rest
const login = (want: Pick<Login, 'method' | 'mount' | 'credentials' | 'source'> & Partial<Omit<Login, 'kind' | 'identity'>>): Omit<Login, 'identity'> => ({
  kind: 'login',
  namespace: undefined,
  role: undefined,
  username: undefined,
  author: 'input',
  ...want,
})

const POLICY_RULE = 'the tenant policy (f, project "p", rule "p")'
const noFallback: TenantPolicyTerms = { rule: POLICY_RULE, allowTokenFallback: false }
const withFallback: TenantPolicyTerms = { rule: POLICY_RULE, allowTokenFallback: true }
const STAND_IN_HINT = ", or render with the operator's stand-in token (VAULT_TOKEN with VAULT_ADDR)"

// --- secretValue ---------------------------------------------------------------------------

const secretValues: { name: string; secret: Record<string, unknown>; key: string; want: string | undefined }[] = [
  { name: 'stringData as it is', secret: { stringData: { k: 'plain' } }, key: 'k', want: 'plain' },
  { name: 'data base64-decoded', secret: { data: { k: b64('decoded') } }, key: 'k', want: 'decoded' },
  // The API server folds stringData into data, stringData winning.
  { name: 'stringData wins over data', secret: { stringData: { k: 'string' }, data: { k: b64('data') } }, key: 'k', want: 'string' },
  { name: 'a non-string stringData entry falls to data', secret: { stringData: { k: 1 }, data: { k: b64('data') } }, key: 'k', want: 'data' },
  { name: 'data without padding', secret: { data: { k: 'aGVsbG8' } }, key: 'k', want: 'hello' },
  { name: 'data with a line break (as YAML folds it)', secret: { data: { k: 'aGVs\nbG8=' } }, key: 'k', want: 'hello' },
  // A key that is there with an empty value is found (ESO: present in data), not missing.
  { name: 'an empty value is a value', secret: { data: { k: '' } }, key: 'k', want: '' },
  { name: 'a missing key', secret: { data: { other: b64('x') }, stringData: { other: 'x' } }, key: 'k', want: undefined },
  { name: 'a non-string data entry', secret: { data: { k: 5 } }, key: 'k', want: undefined },
  { name: 'no data at all', secret: {}, key: 'k', want: undefined },
]
for (const c of secretValues) {
  test(`secretValue: ${c.name}`, () => {
    assert.equal(secretValue(c.secret, c.key), c.want)
  })
}

// --- ESO's method order ----------------------------------------------------------------------

test("AUTH_METHODS is ESO's setAuth order", () => {
  assert.deepEqual([...AUTH_METHODS], ['tokenSecretRef', 'appRole', 'kubernetes', 'ldap', 'userPass', 'jwt', 'cert', 'iam', 'gcp'])
})

// A satisfiable spec of every method (iam and gcp never are: eso-render refuses them by name).
const WORKING: Record<(typeof AUTH_METHODS)[number], unknown> = {
  tokenSecretRef: { name: 'tok', key: 'token' },
  appRole: { roleId: 'r', secretRef: { name: 'approle', key: 'secret-id' } },
  kubernetes: { role: 'r', secretRef: { name: 'sa-jwt' } },
  ldap: { username: 'u', secretRef: { name: 'pw', key: 'password' } },
  userPass: { username: 'u', secretRef: { name: 'pw', key: 'password' } },
  jwt: { role: 'r', secretRef: { name: 'sa-jwt', key: 'token' } },
  cert: { secretRef: { name: 'client', key: 'tls.key' }, clientCert: { name: 'client', key: 'tls.crt' } },
  iam: { vaultRole: 'r' },
  gcp: { role: 'r' },
}
const methodOf = (a: StoreAuth) => (a.kind === 'token' ? 'tokenSecretRef' : a.method)

for (const [i, first] of AUTH_METHODS.entries()) {
  const later = AUTH_METHODS.slice(i)
  // Both insertion orders: the order is ESO's, not the YAML's.
  for (const order of ['in order', 'reversed'] as const) {
    test(`method order: ${first} wins over ${later.slice(1).join(', ') || 'nothing'} (keys ${order})`, () => {
      const methods = order === 'in order' ? later : [...later].reverse()
      const auth = Object.fromEntries(methods.map((m) => [m, WORKING[m]]))
      if (first === 'iam' || first === 'gcp') {
        const e = caught(() => resolve('SecretStore', auth))
        assert.equal(e.code, 'AUTH_FAILED')
        assert.match(e.message, new RegExp(`^auth method ${first} is not supported by eso-render`))
      } else assert.equal(methodOf(resolve('SecretStore', auth)), first)
    })
  }
}

test('method order: the first configured method failing does not fall through to the next', () => {
  // ESO returns the first configured method's error; a working appRole does not rescue it.
  const e = caught(() => resolve('SecretStore', { tokenSecretRef: { name: 'absent', key: 'token' }, appRole: WORKING.appRole }))
  assert.equal(e.code, 'AUTH_FAILED')
  assert.equal(e.fieldPath, `${F}.tokenSecretRef`)
  const bad = caught(() => resolve('SecretStore', { appRole: {}, kubernetes: WORKING.kubernetes }))
  assert.match(bad.message, /^invalid Auth\.AppRole/)
})

// --- each method's resolved shape ----------------------------------------------------------

const tokens: { name: string; kind: Kind; auth: Record<string, unknown>; c?: CtxOptions; want: StoreAuth }[] = [
  {
    name: 'tokenSecretRef of a SecretStore, from the input',
    kind: 'SecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token' } },
    want: { kind: 'token', token: 'apps-token', author: 'input', source: 'Secret apps/tok key token' },
  },
  {
    // A SecretStore reads in the ExternalSecret's namespace whatever the ref says.
    name: "tokenSecretRef of a SecretStore ignores the ref's namespace",
    kind: 'SecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token', namespace: 'eso' } },
    want: { kind: 'token', token: 'apps-token', author: 'input', source: 'Secret apps/tok key token' },
  },
  {
    name: "tokenSecretRef of a ClusterSecretStore, in the ref's namespace",
    kind: 'ClusterSecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token', namespace: 'eso' } },
    want: { kind: 'token', token: 'eso-token', author: 'input', source: 'Secret eso/tok key token' },
  },
  {
    name: "tokenSecretRef of a ClusterSecretStore without namespace, in the ExternalSecret's",
    kind: 'ClusterSecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token' } },
    want: { kind: 'token', token: 'apps-token', author: 'input', source: 'Secret apps/tok key token' },
  },
  {
    // A Secret read from the cluster is the operator's credential (README "Trust model", rule 2).
    name: "tokenSecretRef read from the cluster is the operator's",
    kind: 'ClusterSecretStore',
    auth: { tokenSecretRef: { name: 'tok', key: 'token', namespace: 'eso' } },
    c: { fromCluster: ['eso/tok'], cluster: 'kubeconfig' },
    want: { kind: 'token', token: 'eso-token', author: 'operator', source: 'Secret eso/tok key token (from the cluster)' },
  },
]
for (const c of tokens) {
  test(`shape: ${c.name}`, () => {
    assert.deepEqual(resolve(c.kind, c.auth, ctx(c.c)), c.want)
  })
}

const logins: { name: string; kind?: Kind; auth: Record<string, unknown>; c?: CtxOptions; vaultNamespace?: string; want: Omit<Login, 'identity'> }[] = [
  {
    name: 'appRole with an inline roleId (trimmed, as ESO does)',
    auth: { appRole: { roleId: '  my-role  ', secretRef: { name: 'approle', key: 'secret-id' } } },
    want: login({
      method: 'appRole',
      mount: 'approle',
      credentials: {
        roleId: { value: 'my-role', from: `${F}.appRole.roleId`, author: 'input' },
        secretId: { value: 'secret-id-apps', from: 'Secret apps/approle key secret-id', author: 'input' },
      },
      source: `appRole login at auth/approle, roleId from ${F}.appRole.roleId, secretId from Secret apps/approle key secret-id`,
    }),
  },
  {
    name: 'appRole with roleRef and its own path',
    auth: { appRole: { path: 'my-approle', roleRef: { name: 'approle', key: 'role-id' }, secretRef: { name: 'approle', key: 'secret-id' } } },
    want: login({
      method: 'appRole',
      mount: 'my-approle',
      credentials: {
        roleId: { value: 'role-from-secret', from: 'Secret apps/approle key role-id', author: 'input' },
        secretId: { value: 'secret-id-apps', from: 'Secret apps/approle key secret-id', author: 'input' },
      },
      source: 'appRole login at auth/my-approle, roleId from Secret apps/approle key role-id, secretId from Secret apps/approle key secret-id',
    }),
  },
  {
    // ESO prefers roleId over roleRef.
    name: 'appRole: an inline roleId wins over roleRef',
    auth: { appRole: { roleId: 'inline', roleRef: { name: 'approle', key: 'role-id' }, secretRef: { name: 'approle', key: 'secret-id' } } },
    want: login({
      method: 'appRole',
      mount: 'approle',
      credentials: {
        roleId: { value: 'inline', from: `${F}.appRole.roleId`, author: 'input' },
        secretId: { value: 'secret-id-apps', from: 'Secret apps/approle key secret-id', author: 'input' },
      },
      source: `appRole login at auth/approle, roleId from ${F}.appRole.roleId, secretId from Secret apps/approle key secret-id`,
    }),
  },
  {
    // One credential from the cluster makes the whole login the operator's.
    name: "appRole of a ClusterSecretStore with its secretId from the cluster is the operator's",
    kind: 'ClusterSecretStore',
    auth: { appRole: { roleId: 'r', secretRef: { name: 'approle', key: 'secret-id', namespace: 'eso' } } },
    c: { fromCluster: ['eso/approle'], cluster: 'kubeconfig' },
    want: login({
      method: 'appRole',
      mount: 'approle',
      author: 'operator',
      credentials: {
        roleId: { value: 'r', from: `${F}.appRole.roleId`, author: 'input' },
        secretId: { value: 'secret-id-eso', from: 'Secret eso/approle key secret-id (from the cluster)', author: 'operator' },
      },
      source: `appRole login at auth/approle, roleId from ${F}.appRole.roleId, secretId from Secret eso/approle key secret-id (from the cluster)`,
    }),
  },
  {
    name: "kubernetes serviceAccountRef: a TokenRequest with the ref's audiences, 600 s",
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app', audiences: ['vault-a', 'vault-b'] } } },
    c: { cluster: 'kubeconfig' },
    want: login({
      method: 'kubernetes',
      mount: 'kubernetes',
      role: 'r',
      author: 'operator',
      credentials: {
        jwt: {
          from: 'TokenRequest for ServiceAccount apps/app (audiences vault-a, vault-b)',
          author: 'operator',
          tokenRequest: { namespace: 'apps', serviceAccount: 'app', audiences: ['vault-a', 'vault-b'], expirationSeconds: 600 },
        },
      },
      source: 'kubernetes login at auth/kubernetes (role "r"), jwt from TokenRequest for ServiceAccount apps/app (audiences vault-a, vault-b)',
    }),
  },
  {
    name: "kubernetes serviceAccountRef of a ClusterSecretStore, in the ref's namespace, no audiences, own mountPath",
    kind: 'ClusterSecretStore',
    auth: { kubernetes: { role: 'r', mountPath: 'k8s', serviceAccountRef: { name: 'app', namespace: 'eso' } } },
    c: { cluster: 'in-cluster' },
    want: login({
      method: 'kubernetes',
      mount: 'k8s',
      role: 'r',
      author: 'operator',
      credentials: {
        jwt: { from: 'TokenRequest for ServiceAccount eso/app', author: 'operator', tokenRequest: { namespace: 'eso', serviceAccount: 'app', audiences: [], expirationSeconds: 600 } },
      },
      source: 'kubernetes login at auth/k8s (role "r"), jwt from TokenRequest for ServiceAccount eso/app',
    }),
  },
  {
    name: "kubernetes serviceAccountRef of a SecretStore ignores the ref's namespace",
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app', namespace: 'eso' } } },
    c: { cluster: 'kubeconfig' },
    want: login({
      method: 'kubernetes',
      mount: 'kubernetes',
      role: 'r',
      author: 'operator',
      credentials: {
        jwt: { from: 'TokenRequest for ServiceAccount apps/app', author: 'operator', tokenRequest: { namespace: 'apps', serviceAccount: 'app', audiences: [], expirationSeconds: 600 } },
      },
      source: 'kubernetes login at auth/kubernetes (role "r"), jwt from TokenRequest for ServiceAccount apps/app',
    }),
  },
  {
    // auth_kubernetes.go: a secretRef without key reads `token`.
    name: 'kubernetes secretRef without key reads the key token',
    auth: { kubernetes: { role: 'r', secretRef: { name: 'sa-jwt' } } },
    want: login({
      method: 'kubernetes',
      mount: 'kubernetes',
      role: 'r',
      credentials: { jwt: { value: 'jwt-from-secret', from: 'Secret apps/sa-jwt key token', author: 'input' } },
      source: 'kubernetes login at auth/kubernetes (role "r"), jwt from Secret apps/sa-jwt key token',
    }),
  },
  {
    name: 'kubernetes secretRef with its own key, and no role',
    auth: { kubernetes: { secretRef: { name: 'sa-jwt', key: 'jwt' } } },
    want: login({
      method: 'kubernetes',
      mount: 'kubernetes',
      role: '',
      credentials: { jwt: { value: 'other-jwt', from: 'Secret apps/sa-jwt key jwt', author: 'input' } },
      source: 'kubernetes login at auth/kubernetes (role ""), jwt from Secret apps/sa-jwt key jwt',
    }),
  },
  {
    name: "kubernetes without serviceAccountRef or secretRef, in-cluster: the pod's own token",
    auth: { kubernetes: { role: 'r' } },
    c: { cluster: 'in-cluster' },
    want: login({
      method: 'kubernetes',
      mount: 'kubernetes',
      role: 'r',
      author: 'operator',
      credentials: { jwt: { from: "the pod's own service-account token", author: 'operator', podToken: true } },
      source: `kubernetes login at auth/kubernetes (role "r"), jwt from the pod's own service-account token`,
    }),
  },
  {
    name: 'jwt secretRef, role trimmed',
    auth: { jwt: { role: ' j ', secretRef: { name: 'sa-jwt', key: 'token' } } },
    want: login({
      method: 'jwt',
      mount: 'jwt',
      role: 'j',
      credentials: { jwt: { value: 'jwt-from-secret', from: 'Secret apps/sa-jwt key token', author: 'input' } },
      source: 'jwt login at auth/jwt (role "j"), jwt from Secret apps/sa-jwt key token',
    }),
  },
  {
    // auth_jwt.go: audiences default to ["vault"], expiration to 600 s.
    name: 'jwt kubernetesServiceAccountToken: default audiences ["vault"], 600 s',
    auth: { jwt: { role: 'j', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'app' } } } },
    c: { cluster: 'kubeconfig' },
    want: login({
      method: 'jwt',
      mount: 'jwt',
      role: 'j',
      author: 'operator',
      credentials: {
        jwt: {
          from: 'TokenRequest for ServiceAccount apps/app (audiences vault)',
          author: 'operator',
          tokenRequest: { namespace: 'apps', serviceAccount: 'app', audiences: ['vault'], expirationSeconds: 600 },
        },
      },
      source: 'jwt login at auth/jwt (role "j"), jwt from TokenRequest for ServiceAccount apps/app (audiences vault)',
    }),
  },
  {
    name: "jwt kubernetesServiceAccountToken of a ClusterSecretStore: the ref's audiences then its own, its expiration, its path",
    kind: 'ClusterSecretStore',
    auth: {
      jwt: { path: 'oidc', role: 'j', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'app', namespace: 'eso', audiences: ['a'] }, audiences: ['b', 'c'], expirationSeconds: 3600 } },
    },
    c: { cluster: 'in-cluster' },
    want: login({
      method: 'jwt',
      mount: 'oidc',
      role: 'j',
      author: 'operator',
      credentials: {
        jwt: {
          from: 'TokenRequest for ServiceAccount eso/app (audiences a, b, c)',
          author: 'operator',
          tokenRequest: { namespace: 'eso', serviceAccount: 'app', audiences: ['a', 'b', 'c'], expirationSeconds: 3600 },
        },
      },
      source: 'jwt login at auth/oidc (role "j"), jwt from TokenRequest for ServiceAccount eso/app (audiences a, b, c)',
    }),
  },
  {
    // An empty list is given (non-nil in ESO), so the default does not apply.
    name: 'jwt kubernetesServiceAccountToken with audiences: [] requests no audience',
    auth: { jwt: { role: 'j', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'app' }, audiences: [] } } },
    c: { cluster: 'kubeconfig' },
    want: login({
      method: 'jwt',
      mount: 'jwt',
      role: 'j',
      author: 'operator',
      credentials: {
        jwt: { from: 'TokenRequest for ServiceAccount apps/app', author: 'operator', tokenRequest: { namespace: 'apps', serviceAccount: 'app', audiences: [], expirationSeconds: 600 } },
      },
      source: 'jwt login at auth/jwt (role "j"), jwt from TokenRequest for ServiceAccount apps/app',
    }),
  },
  {
    name: 'userPass: username trimmed, mount default userpass',
    auth: { userPass: { username: ' alice ', secretRef: { name: 'pw', key: 'password' } } },
    want: login({
      method: 'userPass',
      mount: 'userpass',
      username: 'alice',
      credentials: { password: { value: 'pw', from: 'Secret apps/pw key password', author: 'input' } },
      source: 'userPass login at auth/userpass (user "alice"), password from Secret apps/pw key password',
    }),
  },
  {
    name: 'ldap: mount default ldap',
    auth: { ldap: { username: 'bob', secretRef: { name: 'pw', key: 'password' } } },
    want: login({
      method: 'ldap',
      mount: 'ldap',
      username: 'bob',
      credentials: { password: { value: 'pw', from: 'Secret apps/pw key password', author: 'input' } },
      source: 'ldap login at auth/ldap (user "bob"), password from Secret apps/pw key password',
    }),
  },
  {
    name: 'ldap with its own path',
    auth: { ldap: { path: 'corp', username: 'bob', secretRef: { name: 'pw', key: 'password' } } },
    want: login({
      method: 'ldap',
      mount: 'corp',
      username: 'bob',
      credentials: { password: { value: 'pw', from: 'Secret apps/pw key password', author: 'input' } },
      source: 'ldap login at auth/corp (user "bob"), password from Secret apps/pw key password',
    }),
  },
  {
    name: 'cert with vaultRole',
    auth: { cert: { vaultRole: 'web', secretRef: { name: 'client', key: 'tls.key' }, clientCert: { name: 'client', key: 'tls.crt' } } },
    want: login({
      method: 'cert',
      mount: 'cert',
      role: 'web',
      credentials: {
        clientKey: { value: 'KEY', from: 'Secret apps/client key tls.key', author: 'input' },
        clientCert: { value: 'CERT', from: 'Secret apps/client key tls.crt', author: 'input' },
      },
      source: 'cert login at auth/cert (vaultRole "web"), clientKey from Secret apps/client key tls.key, clientCert from Secret apps/client key tls.crt',
    }),
  },
  {
    name: 'cert without vaultRole, own path',
    auth: { cert: { path: 'tls', secretRef: { name: 'client', key: 'tls.key' }, clientCert: { name: 'client', key: 'tls.crt' } } },
    want: login({
      method: 'cert',
      mount: 'tls',
      credentials: {
        clientKey: { value: 'KEY', from: 'Secret apps/client key tls.key', author: 'input' },
        clientCert: { value: 'CERT', from: 'Secret apps/client key tls.crt', author: 'input' },
      },
      source: 'cert login at auth/tls, clientKey from Secret apps/client key tls.key, clientCert from Secret apps/client key tls.crt',
    }),
  },
  // auth.namespace is the login's Vault namespace only; without it, the store's.
  {
    name: "the store's Vault namespace is the login's",
    auth: { userPass: { username: 'u', secretRef: { name: 'pw', key: 'password' } } },
    vaultNamespace: 'team',
    want: login({
      method: 'userPass',
      mount: 'userpass',
      namespace: 'team',
      username: 'u',
      credentials: { password: { value: 'pw', from: 'Secret apps/pw key password', author: 'input' } },
      source: 'userPass login at auth/userpass (user "u"), password from Secret apps/pw key password',
    }),
  },
  {
    name: "auth.namespace wins over the store's Vault namespace",
    auth: { namespace: 'login-ns', userPass: { username: 'u', secretRef: { name: 'pw', key: 'password' } } },
    vaultNamespace: 'team',
    want: login({
      method: 'userPass',
      mount: 'userpass',
      namespace: 'login-ns',
      username: 'u',
      credentials: { password: { value: 'pw', from: 'Secret apps/pw key password', author: 'input' } },
      source: 'userPass login at auth/userpass (user "u"), password from Secret apps/pw key password',
    }),
  },
  {
    // An empty auth.namespace is set: the root namespace, not the store's.
    name: 'an empty auth.namespace is the root namespace',
    auth: { namespace: '', userPass: { username: 'u', secretRef: { name: 'pw', key: 'password' } } },
    vaultNamespace: 'team',
    want: login({
      method: 'userPass',
      mount: 'userpass',
      namespace: '',
      username: 'u',
      credentials: { password: { value: 'pw', from: 'Secret apps/pw key password', author: 'input' } },
      source: 'userPass login at auth/userpass (user "u"), password from Secret apps/pw key password',
    }),
  },
  {
    name: 'auth.namespace without a store namespace',
    auth: { namespace: 'login-ns', userPass: { username: 'u', secretRef: { name: 'pw', key: 'password' } } },
    want: login({
      method: 'userPass',
      mount: 'userpass',
      namespace: 'login-ns',
      username: 'u',
      credentials: { password: { value: 'pw', from: 'Secret apps/pw key password', author: 'input' } },
      source: 'userPass login at auth/userpass (user "u"), password from Secret apps/pw key password',
    }),
  },
]
for (const c of logins) {
  test(`shape: ${c.name}`, () => {
    assert.deepEqual(withoutIdentity(asLogin(resolve(c.kind ?? 'SecretStore', c.auth, ctx(c.c), c.vaultNamespace))), c.want)
  })
}

// --- identities -----------------------------------------------------------------------------

const userPass = (role: Record<string, unknown> = {}) => ({ userPass: { username: 'u', secretRef: { name: 'pw', key: 'password' }, ...role } })
const identity = (auth: Record<string, unknown>, o: { c?: CtxOptions; server?: string; vaultNamespace?: string } = {}) =>
  asLogin(resolveAuth(store('SecretStore', auth), 'apps', o.server ?? SERVER, o.vaultNamespace, ctx(o.c))).identity

test('identity: server, login namespace, method, mount, role, username and the sources of the credentials', () => {
  assert.deepEqual(JSON.parse(identity(userPass(), { vaultNamespace: 'team' })), [SERVER, 'team', 'userPass', 'userpass', '', 'u', [['password', 'Secret apps/pw key password', '']]])
})

const identities: { name: string; a: () => string; b: () => string; same: boolean }[] = [
  // Credentials read from Secrets count by their source, not their value.
  {
    name: 'another value in the same Secret key',
    a: () => identity(userPass()),
    b: () => identity(userPass(), { c: { secrets: { ...SECRETS, 'apps/pw': { stringData: { password: 'other' } } } } }),
    same: true,
  },
  { name: 'another server', a: () => identity(userPass()), b: () => identity(userPass(), { server: 'https://other:8200' }), same: false },
  { name: 'another login namespace', a: () => identity(userPass()), b: () => identity({ namespace: 'x', ...userPass() }), same: false },
  { name: 'another username', a: () => identity(userPass()), b: () => identity(userPass({ username: 'v' })), same: false },
  { name: 'another mount', a: () => identity(userPass()), b: () => identity(userPass({ path: 'up2' })), same: false },
  {
    name: 'the same Secret from the cluster rather than the input',
    a: () => identity(userPass()),
    b: () => identity(userPass(), { c: { fromCluster: ['apps/pw'], cluster: 'kubeconfig' } }),
    same: false,
  },
  // An inline role ID is part of who logs in (it is in the spec, not a Secret).
  {
    name: 'another inline roleId',
    a: () => identity({ appRole: { roleId: 'r1', secretRef: { name: 'approle', key: 'secret-id' } } }),
    b: () => identity({ appRole: { roleId: 'r2', secretRef: { name: 'approle', key: 'secret-id' } } }),
    same: false,
  },
  {
    name: 'another kubernetes role',
    a: () => identity({ kubernetes: { role: 'a', secretRef: { name: 'sa-jwt' } } }),
    b: () => identity({ kubernetes: { role: 'b', secretRef: { name: 'sa-jwt' } } }),
    same: false,
  },
]
for (const c of identities) {
  test(`identity: ${c.name} → ${c.same ? 'the same login' : 'another login'}`, () => {
    if (c.same) assert.equal(c.a(), c.b())
    else assert.notEqual(c.a(), c.b())
  })
}

// --- ESO's errors and unsatisfiable auth ----------------------------------------------------

const WAYS = '; add it to the rendered resources, give eso-render cluster access (--cluster)'
const authErrors: { name: string; kind?: Kind; auth: Record<string, unknown> | undefined; c?: CtxOptions; field: string; message: RegExp }[] = [
  {
    name: 'appRole without roleId or roleRef',
    auth: { appRole: { secretRef: { name: 'approle', key: 'secret-id' } } },
    field: `${F}.appRole`,
    message: /^invalid Auth\.AppRole: neither `roleId` nor `roleRef` was supplied$/,
  },
  {
    // ESO's error, not an unsatisfiable auth: VAULT_TOKEN does not stand in.
    name: 'appRole without roleId or roleRef, VAULT_TOKEN set',
    auth: { appRole: { secretRef: { name: 'approle', key: 'secret-id' } } },
    c: { env: { VAULT_TOKEN: 'env-token' } },
    field: `${F}.appRole`,
    message: /^invalid Auth\.AppRole/,
  },
  {
    name: 'jwt without secretRef or kubernetesServiceAccountToken',
    auth: { jwt: { role: 'j' } },
    field: `${F}.jwt`,
    message: /^neither `secretRef` nor `kubernetesServiceAccountToken` was supplied as token source for jwt authentication$/,
  },
  {
    name: 'tokenSecretRef without key, with the fix',
    auth: { tokenSecretRef: { name: 'tok' } },
    field: `${F}.tokenSecretRef.key`,
    message: /^cannot find secret data for key: "" in Secret apps\/tok \(the ref names no key: ESO reads the key it names, with no default; add key: token\)$/,
  },
  {
    name: 'tokenSecretRef without key, VAULT_TOKEN set: still the error',
    auth: { tokenSecretRef: { name: 'tok' } },
    c: { env: { VAULT_TOKEN: 'env-token' } },
    field: `${F}.tokenSecretRef.key`,
    message: /add key: token\)$/,
  },
  {
    name: 'an appRole secretRef without key',
    auth: { appRole: { roleId: 'r', secretRef: { name: 'approle' } } },
    field: `${F}.appRole.secretRef.key`,
    message: /^cannot find secret data for key: "" in Secret apps\/approle \(the ref names no key: ESO reads the key it names, with no default; add key: <the key>\)$/,
  },
  {
    name: 'a key the Secret lacks (no hint)',
    auth: { userPass: { username: 'u', secretRef: { name: 'pw', key: 'nope' } } },
    field: `${F}.userPass.secretRef.key`,
    message: /^cannot find secret data for key: "nope" in Secret apps\/pw$/,
  },
  {
    name: 'a missing token Secret',
    auth: { tokenSecretRef: { name: 'absent', key: 'token' } },
    field: `${F}.tokenSecretRef`,
    message: new RegExp(`^cannot get Kubernetes secret "absent" from namespace "apps": not in the input${esc(WAYS + STAND_IN_HINT)}$`),
  },
  {
    name: "a missing ClusterSecretStore Secret, in the ref's namespace",
    kind: 'ClusterSecretStore',
    auth: { appRole: { roleId: 'r', secretRef: { name: 'absent', key: 'secret-id', namespace: 'eso' } } },
    field: `${F}.appRole.secretRef`,
    message: /^cannot get Kubernetes secret "absent" from namespace "eso": not in the input;/,
  },
  {
    name: 'a missing Secret with cluster access',
    auth: { tokenSecretRef: { name: 'absent', key: 'token' } },
    c: { cluster: 'kubeconfig' },
    field: `${F}.tokenSecretRef`,
    message: new RegExp(`^cannot get Kubernetes secret "absent" from namespace "apps": not in the input nor in the cluster; add it to the rendered resources or the cluster${esc(STAND_IN_HINT)}$`),
  },
  {
    name: "a missing Secret, with the lookups' hint",
    auth: { tokenSecretRef: { name: 'absent', key: 'token' } },
    c: { missHint: (kind, ns, name) => `; a namespace-less ${kind} ${ns}/${name} is in the input` },
    field: `${F}.tokenSecretRef`,
    message: /^cannot get Kubernetes secret "absent" from namespace "apps": not in the input; a namespace-less Secret apps\/absent is in the input; add it/,
  },
  {
    name: 'kubernetes serviceAccountRef without cluster access: TokenRequest API, no legacy Secrets',
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app' } } },
    field: `${F}.kubernetes.serviceAccountRef`,
    message: new RegExp(
      `^cannot request Kubernetes service account token for service account "app" in namespace "apps": the TokenRequest API needs cluster access \\(legacy ServiceAccount token Secrets are not used instead\\)${esc(WAYS + STAND_IN_HINT)}$`,
    ),
  },
  {
    name: 'jwt kubernetesServiceAccountToken without cluster access',
    kind: 'ClusterSecretStore',
    auth: { jwt: { role: 'j', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'app', namespace: 'eso' } } } },
    field: `${F}.jwt.kubernetesServiceAccountToken`,
    message: /^cannot request Kubernetes service account token for service account "app" in namespace "eso": the TokenRequest API needs cluster access;/,
  },
  {
    name: "kubernetes on the pod's own token outside a cluster",
    auth: { kubernetes: { role: 'r' } },
    field: `${F}.kubernetes`,
    message:
      /^cannot read Kubernetes service account token from file system: kubernetes auth without serviceAccountRef or secretRef uses the pod's own token, which only a render inside a cluster has;/,
  },
  {
    // Only `in-cluster` has the pod's own token; a kubeconfig does not.
    name: "kubernetes on the pod's own token with a kubeconfig",
    auth: { kubernetes: { role: 'r' } },
    c: { cluster: 'kubeconfig' },
    field: `${F}.kubernetes`,
    message:
      /^cannot read Kubernetes service account token from file system: kubernetes auth without serviceAccountRef or secretRef uses the pod's own token, which only a render inside a cluster has;.*VAULT_TOKEN/,
  },
  { name: 'iam', auth: { iam: { vaultRole: 'r' } }, field: `${F}.iam`, message: /^auth method iam is not supported by eso-render \(it needs AWS credentials signed at render time\);/ },
  { name: 'gcp', auth: { gcp: { role: 'r' } }, field: `${F}.gcp`, message: /^auth method gcp is not supported by eso-render \(it needs Google Cloud credentials signed at render time\);/ },
  { name: 'no auth', auth: undefined, field: F, message: /^cannot initialize Vault client: no valid auth method specified \(and VAULT_TOKEN is not set\)$/ },
  { name: 'an empty auth', auth: {}, field: F, message: /no valid auth method specified/ },
  // `namespace` is a field of auth, not a method.
  { name: 'an auth with only a namespace', auth: { namespace: 'x' }, field: F, message: /no valid auth method specified/ },
]
function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
for (const c of authErrors) {
  test(`AUTH_FAILED: ${c.name}, at ${c.field}`, () => {
    const kind = c.kind ?? 'SecretStore'
    const e = caught(() => resolve(kind, c.auth, ctx(c.c)))
    assert.equal(e.code, 'AUTH_FAILED')
    assert.equal(e.fieldPath, c.field)
    assert.match(e.message, c.message)
    assert.deepEqual(e.resource, store(kind, undefined).resource)
    assert.deepEqual(e.file, { path: 'stores.yaml', index: 0 })
  })
}

// --- the operator's stand-ins ---------------------------------------------------------------

// Store auths of every sort: satisfiable, unsatisfiable, refused, none.
const storeAuths: { name: string; auth: Record<string, unknown> | undefined }[] = [
  { name: 'tokenSecretRef', auth: { tokenSecretRef: { name: 'tok', key: 'token' } } },
  { name: 'appRole', auth: { appRole: WORKING.appRole } },
  { name: "kubernetes on the pod's token", auth: { kubernetes: { role: 'r' } } },
  { name: 'a missing Secret', auth: { tokenSecretRef: { name: 'absent', key: 'token' } } },
  { name: 'iam', auth: { iam: {} } },
  { name: 'no auth', auth: undefined },
]
const standIns: { name: string; c: CtxOptions; token: string; source: string }[] = [
  {
    name: 'tokenEnv (flag)',
    c: { env: { MY_TOKEN: 'mine', VAULT_TOKEN: 'vault-token' }, flags: { tokenEnv: 'MY_TOKEN' } },
    token: 'mine',
    source: '$MY_TOKEN (tokenEnv, set by the operator: flag --token-env)',
  },
  {
    name: 'tokenEnv (environment)',
    c: { env: { MY_TOKEN: 'mine', ESO_RENDER_TOKEN_ENV: 'MY_TOKEN' } },
    token: 'mine',
    source: '$MY_TOKEN (tokenEnv, set by the operator: $ESO_RENDER_TOKEN_ENV)',
  },
  {
    // tokenEnv is looked at first.
    name: 'tokenEnv beside tokenFile',
    c: { env: { MY_TOKEN: 'mine' }, flags: { tokenEnv: 'MY_TOKEN', tokenFile: '/run/t' } },
    token: 'mine',
    source: '$MY_TOKEN (tokenEnv, set by the operator: flag --token-env)',
  },
  {
    name: 'tokenFile (flag), one final newline dropped',
    c: { env: { VAULT_TOKEN: 'vault-token' }, flags: { tokenFile: '/run/t' } },
    token: 'file-token',
    source: 'file /run/t (tokenFile, set by the operator: flag --token-file)',
  },
  {
    name: 'tokenFile (environment)',
    c: { env: { ESO_RENDER_TOKEN_FILE: '/run/t' } },
    token: 'file-token',
    source: 'file /run/t (tokenFile, set by the operator: $ESO_RENDER_TOKEN_FILE)',
  },
]
for (const s of standIns) {
  for (const a of storeAuths) {
    test(`stand-in: ${s.name} wins over a store with ${a.name}`, () => {
      assert.deepEqual(resolve('SecretStore', a.auth, ctx(s.c)), { kind: 'token', token: s.token, author: 'operator', source: s.source })
    })
  }
}

const tokenFiles: { name: string; text: string; want: string | RegExp }[] = [
  { name: 'a final \\n', text: 'tok\n', want: 'tok' },
  { name: 'a final \\r\\n', text: 'tok\r\n', want: 'tok' },
  { name: 'no final newline', text: 'tok', want: 'tok' },
  // Only the one newline an editor adds; anything else is the operator's token as written, and a
  // newline left in it cannot travel in a header (issue 14).
  { name: 'two final newlines', text: 'tok\n\n', want: /^the token in file \/run\/t \(tokenFile, flag --token-file; one final newline is dropped\) contains a control character/ },
  { name: 'leading whitespace kept', text: ' tok\n', want: ' tok' },
]
for (const c of tokenFiles) {
  test(`tokenFile: ${c.name}`, () => {
    const read: string[] = []
    const c2 = ctx({
      flags: { tokenFile: '/run/t' },
      readFile: (p) => {
        read.push(p)
        return c.text
      },
    })
    if (typeof c.want === 'string') assert.equal(asToken(resolve('SecretStore', undefined, c2)).token, c.want)
    else {
      const e = caught(() => resolve('SecretStore', undefined, c2))
      assert.equal(e.code, 'AUTH_FAILED')
      assert.match(e.message, c.want)
    }
    assert.deepEqual(read, ['/run/t'])
  })
}

test('tokenEnv and tokenFile without sources (options built by hand) say only the option', () => {
  const env = { MY_TOKEN: 'mine' }
  const byHand = (options: Partial<AuthContext['options']>): AuthContext => ({ ...ctx({ env }), options: { ...DEFAULT_OPTIONS, ...options } })
  assert.equal(resolve('SecretStore', undefined, byHand({ tokenEnv: 'MY_TOKEN' })).source, '$MY_TOKEN (tokenEnv, set by the operator: tokenEnv)')
  assert.equal(resolve('SecretStore', undefined, byHand({ tokenFile: '/t' })).source, 'file /t (tokenFile, set by the operator: tokenFile)')
})

const standInErrors: { name: string; c: CtxOptions; message: string }[] = [
  {
    // Never falls to VAULT_TOKEN: the operator named a variable.
    name: 'tokenEnv naming an unset variable',
    c: { env: { VAULT_TOKEN: 'vault-token' }, flags: { tokenEnv: 'MISSING' } },
    message: 'tokenEnv (flag --token-env) names $MISSING, which is not set',
  },
  { name: 'tokenEnv naming an empty variable', c: { env: { EMPTY: '', ESO_RENDER_TOKEN_ENV: 'EMPTY' } }, message: 'tokenEnv ($ESO_RENDER_TOKEN_ENV) names $EMPTY, which is not set' },
  // An empty file is no token: sending '' would read as Vault's "missing client token".
  { name: 'an empty tokenFile', c: { flags: { tokenFile: '/run/t' }, readFile: () => '\n' }, message: 'the token file /run/t (tokenFile, flag --token-file) is empty' },
  {
    name: 'an unreadable tokenFile',
    c: {
      flags: { tokenFile: '/run/t' },
      readFile: () => {
        throw new Error('EACCES: permission denied')
      },
    },
    message: 'cannot read the token file /run/t (tokenFile, flag --token-file)',
  },
]
for (const c of standInErrors) {
  test(`stand-in: ${c.name} is AUTH_FAILED`, () => {
    const e = caught(() => resolve('SecretStore', { tokenSecretRef: { name: 'tok', key: 'token' } }, ctx(c.c)))
    assert.equal(e.code, 'AUTH_FAILED')
    assert.equal(e.message, c.message)
    assert.deepEqual(e.resource, store('SecretStore', undefined).resource)
  })
}

// $VAULT_TOKEN stands in only where the store's own auth cannot be satisfied here.
const fallbacks: { name: string; kind?: Kind; auth: Record<string, unknown> | undefined; c?: CtxOptions; why: string }[] = [
  { name: 'a missing token Secret', auth: { tokenSecretRef: { name: 'absent', key: 'token' } }, why: 'Secret apps/absent named by tokenSecretRef is not in the input' },
  {
    name: 'a missing appRole Secret of a ClusterSecretStore',
    kind: 'ClusterSecretStore',
    auth: { appRole: { roleId: 'r', secretRef: { name: 'absent', key: 'secret-id', namespace: 'eso' } } },
    why: 'Secret eso/absent named by secretRef is not in the input',
  },
  {
    name: 'a missing roleRef Secret',
    auth: { appRole: { roleRef: { name: 'absent', key: 'role-id' }, secretRef: { name: 'approle', key: 'secret-id' } } },
    why: 'Secret apps/absent named by roleRef is not in the input',
  },
  {
    name: 'a missing Secret with cluster access',
    auth: { userPass: { username: 'u', secretRef: { name: 'absent', key: 'password' } } },
    c: { cluster: 'kubeconfig' },
    why: 'Secret apps/absent named by secretRef is not in the input',
  },
  { name: 'a TokenRequest without cluster access', auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app' } } }, why: 'kubernetes auth needs a TokenRequest for ServiceAccount apps/app' },
  {
    name: 'a jwt TokenRequest without cluster access',
    auth: { jwt: { role: 'j', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'app' } } } },
    why: 'jwt auth needs a TokenRequest for ServiceAccount apps/app',
  },
  { name: "the pod's own token outside a cluster", auth: { kubernetes: { role: 'r' } }, why: "kubernetes auth uses the pod's own service-account token" },
  { name: 'iam', auth: { iam: {} }, why: 'iam auth is not supported by eso-render' },
  { name: 'gcp', auth: { gcp: {} }, why: 'gcp auth is not supported by eso-render' },
  { name: 'no auth', auth: undefined, why: 'the store has no auth' },
  { name: 'an empty auth', auth: {}, why: 'the store has no auth' },
]
for (const c of fallbacks) {
  for (const policy of [undefined, withFallback]) {
    test(`VAULT_TOKEN stands in for ${c.name}${policy ? ' (policy allows the fallback)' : ''}`, () => {
      const got = resolve(c.kind ?? 'SecretStore', c.auth, ctx({ ...c.c, env: { VAULT_TOKEN: 'vault-token' }, tenantPolicy: policy }))
      assert.deepEqual(got, { kind: 'token', token: 'vault-token', author: 'operator', source: `$VAULT_TOKEN (set by the operator; ${c.why})` })
    })
  }
}

const satisfiable: { name: string; auth: Record<string, unknown>; c?: CtxOptions; method: string }[] = [
  { name: 'a tokenSecretRef in the input', auth: { tokenSecretRef: { name: 'tok', key: 'token' } }, method: 'tokenSecretRef' },
  { name: 'an appRole in the input', auth: { appRole: WORKING.appRole }, method: 'appRole' },
  { name: 'a TokenRequest with cluster access', auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app' } } }, c: { cluster: 'kubeconfig' }, method: 'kubernetes' },
  { name: "the pod's own token in-cluster", auth: { kubernetes: { role: 'r' } }, c: { cluster: 'in-cluster' }, method: 'kubernetes' },
]
for (const c of satisfiable) {
  for (const policy of [undefined, noFallback]) {
    // Under a policy without fallback, the pod's own token is never used: tested below.
    if (policy && c.name.includes("pod's own")) continue
    test(`VAULT_TOKEN does not replace ${c.name}${policy ? ' (policy without fallback)' : ''}`, () => {
      const got = resolve('SecretStore', c.auth, ctx({ ...c.c, env: { VAULT_TOKEN: 'vault-token' }, tenantPolicy: policy }))
      assert.equal(methodOf(got), c.method)
      assert.ok(got.kind === 'login' || got.token !== 'vault-token')
    })
  }
}

// --- the tenant policy's terms ---------------------------------------------------------------

const denials: { name: string; auth: Record<string, unknown> | undefined; c: CtxOptions; standIn: string }[] = [
  { name: 'tokenEnv', auth: { tokenSecretRef: { name: 'tok', key: 'token' } }, c: { env: { MY_TOKEN: 'mine' }, flags: { tokenEnv: 'MY_TOKEN' } }, standIn: 'tokenEnv' },
  // Denied before the variable is looked at.
  { name: 'tokenEnv naming an unset variable', auth: undefined, c: { flags: { tokenEnv: 'MISSING' } }, standIn: 'tokenEnv' },
  { name: 'tokenFile', auth: { appRole: WORKING.appRole }, c: { flags: { tokenFile: '/run/t' } }, standIn: 'tokenFile' },
  {
    name: 'VAULT_TOKEN for a missing Secret',
    auth: { tokenSecretRef: { name: 'absent', key: 'token' } },
    c: { env: { VAULT_TOKEN: 'vault-token' } },
    standIn: '$VAULT_TOKEN (Secret apps/absent named by tokenSecretRef is not in the input)',
  },
  {
    name: 'VAULT_TOKEN for a TokenRequest without cluster access',
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app' } } },
    c: { env: { VAULT_TOKEN: 'vault-token' } },
    standIn: '$VAULT_TOKEN (kubernetes auth needs a TokenRequest for ServiceAccount apps/app)',
  },
  { name: 'VAULT_TOKEN for iam', auth: { iam: {} }, c: { env: { VAULT_TOKEN: 'vault-token' } }, standIn: '$VAULT_TOKEN (iam auth is not supported by eso-render)' },
  { name: 'VAULT_TOKEN for no auth', auth: undefined, c: { env: { VAULT_TOKEN: 'vault-token' } }, standIn: '$VAULT_TOKEN (the store has no auth)' },
  {
    // The render server's own identity must not become a tenant's, not even in-cluster.
    name: "VAULT_TOKEN for the pod's own token in-cluster",
    auth: { kubernetes: { role: 'r' } },
    c: { env: { VAULT_TOKEN: 'vault-token' }, cluster: 'in-cluster' },
    standIn: "$VAULT_TOKEN (kubernetes auth uses the pod's own service-account token)",
  },
]
for (const c of denials) {
  test(`policy without fallback: ${c.name} is POLICY_DENIED`, () => {
    const read: string[] = []
    const e = caught(() =>
      resolve(
        'SecretStore',
        c.auth,
        ctx({
          ...c.c,
          tenantPolicy: noFallback,
          readFile: (p) => {
            read.push(p)
            return 'file-token'
          },
        }),
      ),
    )
    assert.equal(e.code, 'POLICY_DENIED')
    assert.equal(e.message, `${c.standIn} would stand in for the store's own auth, which ${POLICY_RULE} does not allow (allowTokenFallback is false)`)
    assert.equal(e.fieldPath, F)
    assert.deepEqual(e.resource, store('SecretStore', undefined).resource)
    // A denied token file is not even read.
    assert.deepEqual(read, [])
  })
}

test('policy with fallback: tokenEnv and tokenFile stand in as without a policy', () => {
  const env = resolve('SecretStore', { appRole: WORKING.appRole }, ctx({ env: { MY_TOKEN: 'mine' }, flags: { tokenEnv: 'MY_TOKEN' }, tenantPolicy: withFallback }))
  assert.deepEqual(env, { kind: 'token', token: 'mine', author: 'operator', source: '$MY_TOKEN (tokenEnv, set by the operator: flag --token-env)' })
  const file = resolve('SecretStore', { appRole: WORKING.appRole }, ctx({ flags: { tokenFile: '/run/t' }, tenantPolicy: withFallback }))
  assert.deepEqual(file, { kind: 'token', token: 'file-token', author: 'operator', source: 'file /run/t (tokenFile, set by the operator: flag --token-file)' })
})

// `message` is the whole message, or (with `prefix`) its start: for the pod's own token the "add it to..." clause
// that follows names no object to add, so it is left unpinned.
const policyAuthFailed: { name: string; auth: Record<string, unknown>; c?: CtxOptions; field: string; message: string; prefix?: boolean }[] = [
  {
    name: 'a missing Secret',
    auth: { tokenSecretRef: { name: 'absent', key: 'token' } },
    field: `${F}.tokenSecretRef`,
    message: `cannot get Kubernetes secret "absent" from namespace "apps": not in the input${WAYS}`,
  },
  {
    name: 'a TokenRequest without cluster access',
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app' } } },
    field: `${F}.kubernetes.serviceAccountRef`,
    message: `cannot request Kubernetes service account token for service account "app" in namespace "apps": the TokenRequest API needs cluster access (legacy ServiceAccount token Secrets are not used instead)${WAYS}`,
  },
  { name: 'iam', auth: { iam: {} }, field: `${F}.iam`, message: `auth method iam is not supported by eso-render (it needs AWS credentials signed at render time)${WAYS}` },
  {
    name: "the pod's own token in-cluster",
    auth: { kubernetes: { role: 'r' } },
    c: { cluster: 'in-cluster' },
    field: `${F}.kubernetes`,
    message: `kubernetes auth without serviceAccountRef or secretRef uses the pod's own service-account token, which is never used under ${POLICY_RULE}; name a serviceAccountRef;`,
    prefix: true,
  },
]
for (const c of policyAuthFailed) {
  test(`policy without fallback: ${c.name} is AUTH_FAILED without suggesting VAULT_TOKEN`, () => {
    const e = caught(() => resolve('SecretStore', c.auth, ctx({ ...c.c, tenantPolicy: noFallback })))
    assert.equal(e.code, 'AUTH_FAILED')
    assert.equal(e.fieldPath, c.field)
    if (c.prefix) assert.ok(e.message.startsWith(c.message), e.message)
    else assert.equal(e.message, c.message)
    assert.doesNotMatch(e.message, /VAULT_TOKEN/)
  })
  test(`policy with fallback: ${c.name} is AUTH_FAILED suggesting VAULT_TOKEN`, () => {
    const e = caught(() => resolve('SecretStore', c.auth, ctx({ ...c.c, tenantPolicy: withFallback })))
    assert.equal(e.code, 'AUTH_FAILED')
    if (c.prefix) assert.ok(e.message.startsWith(c.message) && e.message.endsWith(STAND_IN_HINT), e.message)
    else assert.equal(e.message, c.message + STAND_IN_HINT)
  })
}

test("policy in-cluster: the pod's own token is never used, a fallback-allowing policy takes VAULT_TOKEN instead", () => {
  const got = resolve('SecretStore', { kubernetes: { role: 'r' } }, ctx({ cluster: 'in-cluster', env: { VAULT_TOKEN: 'vault-token' }, tenantPolicy: withFallback }))
  assert.deepEqual(got, { kind: 'token', token: 'vault-token', author: 'operator', source: "$VAULT_TOKEN (set by the operator; kubernetes auth uses the pod's own service-account token)" })
})

// What a policy still allows: the store's own credentials, named.
const policyAllowed: { name: string; auth: Record<string, unknown>; c?: CtxOptions; from: string }[] = [
  {
    name: 'a serviceAccountRef in-cluster',
    auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'app', audiences: ['team'] } } },
    c: { cluster: 'in-cluster' },
    from: 'TokenRequest for ServiceAccount apps/app (audiences team)',
  },
  { name: 'a secretRef in-cluster', auth: { kubernetes: { role: 'r', secretRef: { name: 'sa-jwt' } } }, c: { cluster: 'in-cluster' }, from: 'Secret apps/sa-jwt key token' },
  {
    name: 'a jwt TokenRequest in-cluster',
    auth: { jwt: { role: 'j', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'app' } } } },
    c: { cluster: 'in-cluster' },
    from: 'TokenRequest for ServiceAccount apps/app (audiences vault)',
  },
]
for (const c of policyAllowed) {
  test(`policy without fallback: ${c.name} logs in as the store says`, () => {
    const got = asLogin(resolve('SecretStore', c.auth, ctx({ ...c.c, tenantPolicy: noFallback, env: { VAULT_TOKEN: 'vault-token' } })))
    assert.equal(got.credentials.jwt?.from, c.from)
    assert.equal(got.credentials.jwt?.podToken, undefined)
  })
}

// --- canaries: no credential value in any message, source, from or identity ------------------

test('canary: no message, source, from or identity carries a credential value', () => {
  const CANARY = 'AUTH-CANARY'
  const secrets: Record<string, Record<string, unknown>> = {
    'apps/tok': { stringData: { token: `${CANARY}-token-7f1` } },
    'eso/tok': { data: { token: b64(`${CANARY}-cluster-token-2c4`) } },
    'apps/approle': { data: { 'role-id': b64(`${CANARY}-role-id-91e`), 'secret-id': b64(`${CANARY}-secret-id-5d0`) } },
    'apps/sa-jwt': { stringData: { token: `${CANARY}-jwt-a33` } },
    'apps/pw': { data: { password: b64(`${CANARY}-password-0b8`) } },
    'apps/client': { stringData: { 'tls.crt': `${CANARY}-cert-e12`, 'tls.key': `${CANARY}-key-77c` } },
  }
  const env = { VAULT_TOKEN: `${CANARY}-vault-token-4a9`, MY_TOKEN: `${CANARY}-env-token-c61` }
  const fileText = `${CANARY}-file-token-d28\n`
  const scenarios: { auth: Record<string, unknown> | undefined; c?: CtxOptions; kind?: Kind }[] = [
    { auth: { tokenSecretRef: { name: 'tok', key: 'token' } } },
    { auth: { tokenSecretRef: { name: 'tok', key: 'token', namespace: 'eso' } }, kind: 'ClusterSecretStore', c: { fromCluster: ['eso/tok'], cluster: 'kubeconfig' } },
    { auth: { appRole: { roleRef: { name: 'approle', key: 'role-id' }, secretRef: { name: 'approle', key: 'secret-id' } } } },
    { auth: { kubernetes: { role: 'r', secretRef: { name: 'sa-jwt' } } } },
    { auth: { jwt: { role: 'j', secretRef: { name: 'sa-jwt', key: 'token' } } } },
    { auth: { userPass: { username: 'u', secretRef: { name: 'pw', key: 'password' } } } },
    { auth: { ldap: { username: 'u', secretRef: { name: 'pw', key: 'password' } } } },
    { auth: { cert: { secretRef: { name: 'client', key: 'tls.key' }, clientCert: { name: 'client', key: 'tls.crt' } } } },
    // Failures next to the values: another key, no key, ESO's errors.
    { auth: { tokenSecretRef: { name: 'tok', key: 'nope' } } },
    { auth: { tokenSecretRef: { name: 'tok' } } },
    { auth: { userPass: { username: 'u', secretRef: { name: 'pw' } } } },
    { auth: { appRole: { secretRef: { name: 'approle', key: 'secret-id' } } } },
    // Stand-ins, allowed and denied.
    { auth: { tokenSecretRef: { name: 'absent', key: 'token' } } },
    { auth: { tokenSecretRef: { name: 'absent', key: 'token' } }, c: { tenantPolicy: noFallback } },
    { auth: undefined, c: { tenantPolicy: noFallback } },
    { auth: { kubernetes: { role: 'r' } }, c: { cluster: 'in-cluster', tenantPolicy: noFallback } },
    { auth: { iam: {} } },
    { auth: undefined, c: { flags: { tokenEnv: 'MY_TOKEN' } } },
    { auth: undefined, c: { flags: { tokenEnv: 'MY_TOKEN' }, tenantPolicy: noFallback } },
    { auth: undefined, c: { flags: { tokenFile: '/run/t' } } },
    { auth: undefined, c: { flags: { tokenFile: '/run/t' }, tenantPolicy: noFallback } },
    {
      auth: undefined,
      c: {
        flags: { tokenFile: '/run/t' },
        readFile: () => {
          throw new Error(`${CANARY}-read-error-88f`)
        },
      },
    },
  ]
  const reported: string[] = []
  const resolvedValues: string[] = []
  for (const s of scenarios) {
    const c = ctx({ readFile: () => fileText, ...s.c, secrets, env: { ...env, ...s.c?.env } })
    try {
      const a = resolve(s.kind ?? 'SecretStore', s.auth, c)
      reported.push(a.source)
      if (a.kind === 'token') resolvedValues.push(a.token)
      else {
        reported.push(a.identity)
        for (const cred of Object.values(a.credentials)) {
          reported.push(cred.from)
          if (cred.value !== undefined) resolvedValues.push(cred.value)
        }
      }
    } catch (err) {
      assert.ok(err instanceof RenderError, `a RenderError, not ${String(err)}`)
      reported.push(err.message)
    }
  }
  // The canaries were reachable: the scenarios did resolve them, so their absence below means something.
  assert.ok(resolvedValues.filter((v) => v.startsWith(CANARY)).length >= 10, `canaries resolved: ${resolvedValues.length}`)
  for (const r of reported) assert.ok(!r.includes(CANARY), `a credential value leaked into: ${r}`)
})

test('a store with no auth under a policy without fallback: the message names the policy, not VAULT_TOKEN', () => {
  const policy: TenantPolicyTerms = { rule: 'the tenant policy (p.yaml, project "a", rule "a")', allowTokenFallback: false }
  const e = caught(() => resolve('SecretStore', undefined, ctx({ tenantPolicy: policy })))
  assert.equal(e.code, 'AUTH_FAILED')
  assert.equal(e.message, 'cannot initialize Vault client: no valid auth method specified (and the tenant policy (p.yaml, project "a", rule "a") allows no stand-in token)')
})

// Issue 14: a static token travels in X-Vault-Token. One with a CR, LF or another character a header
// cannot carry is AUTH_FAILED at plan time, naming where it came from, never quoting it.
const TOKEN_CANARY = 'hvs.CTRL-CANARY-4e1b'
const unsendableTokens: { name: string; auth?: Record<string, unknown>; c: CtxOptions; field?: string; message: RegExp }[] = [
  {
    name: 'a tokenSecretRef value ending in CRLF (stringData)',
    auth: { tokenSecretRef: { name: 'tok', key: 'token' } },
    c: { secrets: { 'apps/tok': { stringData: { token: `${TOKEN_CANARY}\r\n` } } } },
    field: 'spec.provider.vault.auth.tokenSecretRef',
    message: /^the token in Secret apps\/tok key token contains a control character \(such as CR or LF\); Vault tokens cannot/,
  },
  {
    name: 'a tokenSecretRef value with a newline (data, as `echo | base64` writes it)',
    auth: { tokenSecretRef: { name: 'tok', key: 'token' } },
    c: { secrets: { 'apps/tok': { data: { token: b64(`${TOKEN_CANARY}\n`) } } } },
    field: 'spec.provider.vault.auth.tokenSecretRef',
    message: /^the token in Secret apps\/tok key token contains a control character/,
  },
  {
    name: 'a tokenSecretRef value beyond Latin-1',
    auth: { tokenSecretRef: { name: 'tok', key: 'token' } },
    c: { secrets: { 'apps/tok': { stringData: { token: `${TOKEN_CANARY}\u2028` } } } },
    field: 'spec.provider.vault.auth.tokenSecretRef',
    message: /^the token in Secret apps\/tok key token contains a character beyond Latin-1; Vault tokens cannot/,
  },
  {
    name: "a ClusterSecretStore's token Secret read from the cluster",
    auth: { tokenSecretRef: { name: 'tok', key: 'token', namespace: 'eso' } },
    c: { secrets: { 'eso/tok': { data: { token: b64(`${TOKEN_CANARY}\u0000`) } } }, fromCluster: ['eso/tok'], cluster: 'kubeconfig' },
    field: 'spec.provider.vault.auth.tokenSecretRef',
    message: /^the token in Secret eso\/tok key token \(from the cluster\) contains a control character/,
  },
  { name: '$VAULT_TOKEN with a newline', c: { env: { VAULT_TOKEN: `${TOKEN_CANARY}\n` } }, message: /^the token in \$VAULT_TOKEN contains a control character/ },
  {
    name: 'tokenEnv naming a variable with CRLF',
    c: { env: { MY_TOKEN: `${TOKEN_CANARY}\r\n` }, flags: { tokenEnv: 'MY_TOKEN' } },
    message: /^the token in \$MY_TOKEN \(tokenEnv, flag --token-env\) contains a control character/,
  },
  {
    name: 'tokenFile with a CR inside',
    c: { flags: { tokenFile: '/run/t' }, readFile: () => `${TOKEN_CANARY}\rmore\n` },
    message: /^the token in file \/run\/t \(tokenFile, flag --token-file; one final newline is dropped\) contains a control character/,
  },
]
for (const c of unsendableTokens) {
  test(`token: ${c.name} is AUTH_FAILED before any request, never quoted (issue 14)`, () => {
    const kind = c.c.fromCluster ? 'ClusterSecretStore' : 'SecretStore'
    const e = caught(() => resolve(kind, c.auth, ctx(c.c)))
    assert.equal(e.code, 'AUTH_FAILED')
    assert.equal(e.fieldPath, c.field)
    assert.deepEqual(e.resource, store(kind, undefined).resource)
    assert.match(e.message, c.message)
    assert.match(e.message, /nothing was sent$/)
    assert.ok(!e.message.includes(TOKEN_CANARY))
  })
}
