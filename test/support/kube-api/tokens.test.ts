// TokenRequest (POST …/serviceaccounts/{name}/token) through client-node's createNamespacedServiceAccountToken:
// the JWT verified with publicKeyPem via node:crypto, every claim, audiences, expiration and its bounds,
// the order of TokenREST.Create's checks; minted tokens as bearer tokens (SelfSubjectReview, expiry,
// audience, a deleted ServiceAccount); loadFromCluster on inClusterFiles; the issuer's OIDC documents.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { startKubeApi, type KubeApi } from './server.ts'
import { clientsFor, failure, inClusterClients, raw, removeScratch, scratchDir, type Clients } from './client.ts'

const ISSUER = 'https://kubernetes.default.svc.cluster.local'
const T0 = Date.UTC(2026, 2, 4, 5, 6, 7)
const T0S = T0 / 1000
const ADMIN = 'system:serviceaccount:argocd:argocd-repo-server'

let clock = T0
let kube: KubeApi
let c: Clients
let saUid = ''

before(async () => {
  kube = await startKubeApi({
    clock: () => clock,
    objects: [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'vault-auth', namespace: 'team-a' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'argocd-repo-server', namespace: 'argocd' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'team-a', uid: 'secret-uid-1' }, stringData: { password: 'x' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'team-a', uid: 'pod-uid-1' }, spec: { serviceAccountName: 'vault-auth', nodeName: 'node-1' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', namespace: 'team-a' }, spec: { serviceAccountName: 'default' } },
    ],
    users: { 'tok-repo': { username: ADMIN } },
    rbac: [
      { username: ADMIN, verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] },
      { group: 'system:serviceaccounts:team-a', verbs: ['get'], apiGroups: [''], resources: ['secrets'], namespaces: ['team-a'] },
    ],
  })
  c = clientsFor(kube, { token: 'tok-repo' })
  saUid = (kube.addObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'vault-auth', namespace: 'team-a' } }).metadata as { uid: string }).uid
})
after(async () => {
  await kube.close()
  removeScratch()
})

function decode(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown>; rawClaims: string } {
  const [h, p, s] = jwt.split('.')
  assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey(kube.publicKeyPem), Buffer.from(s, 'base64url')), 'RS256 signature verifies with publicKeyPem')
  const rawClaims = Buffer.from(p, 'base64url').toString()
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), claims: JSON.parse(rawClaims), rawClaims }
}

const request = (name: string, namespace: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  c.core.createNamespacedServiceAccountToken({ name, namespace, body: { ...extra, spec: spec as { audiences: string[] } } })

const okRows: { name: string; spec: Record<string, unknown>; aud: string[]; exp: number }[] = [
  { name: 'no audiences, no expiration: the issuer, 3600 s', spec: {}, aud: [ISSUER], exp: 3600 },
  { name: 'one audience (still an array), the minimum 600 s', spec: { audiences: ['vault'], expirationSeconds: 600 }, aud: ['vault'], exp: 600 },
  { name: 'two audiences, a day', spec: { audiences: ['vault', 'https://vault.example:8200'], expirationSeconds: 86400 }, aud: ['vault', 'https://vault.example:8200'], exp: 86400 },
  { name: 'the maximum 2^32 s', spec: { audiences: ['vault'], expirationSeconds: 2 ** 32 }, aud: ['vault'], exp: 2 ** 32 },
]

for (const row of okRows) {
  test(`TokenRequest 201: ${row.name}`, async () => {
    const tr = await request('vault-auth', 'team-a', row.spec)
    assert.deepEqual(tr.spec!.audiences, row.aud)
    assert.equal(tr.spec!.expirationSeconds, row.exp)
    assert.equal(tr.kind, 'TokenRequest')
    assert.equal(tr.apiVersion, 'authentication.k8s.io/v1')
    assert.deepEqual([tr.metadata!.name, tr.metadata!.namespace, tr.metadata!.uid, tr.metadata!.creationTimestamp!.getTime()], ['vault-auth', 'team-a', saUid, T0])
    assert.equal(tr.status!.expirationTimestamp!.getTime(), T0 + row.exp * 1000)
    const { header, claims, rawClaims } = decode(tr.status!.token!)
    const kid = createHash('sha256')
      .update(createPublicKey(kube.publicKeyPem).export({ type: 'spki', format: 'der' }))
      .digest('base64url')
    assert.deepEqual(header, { alg: 'RS256', kid })
    assert.equal(kube.keyId, kid)
    assert.equal(kube.signingAlg, 'RS256')
    assert.deepEqual(Object.keys(claims), ['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub'], 'go-jose writes the merged claims map with sorted keys')
    assert.match(claims.jti as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.deepEqual(
      { ...claims, jti: '' },
      {
        aud: row.aud,
        exp: T0S + row.exp,
        iat: T0S,
        iss: ISSUER,
        jti: '',
        'kubernetes.io': { namespace: 'team-a', serviceaccount: { name: 'vault-auth', uid: saUid } },
        nbf: T0S,
        sub: 'system:serviceaccount:team-a:vault-auth',
      },
    )
    assert.ok(rawClaims.startsWith('{"aud":['))
  })
}

const logRow = (status: number, exp: number, aud: string[]) => ({ namespace: 'team-a', serviceAccount: 'vault-auth', audiences: aud, expirationSeconds: exp, user: ADMIN, status })

const failRows: { name: string; call: () => Promise<unknown>; code: number; message: string; reason: string; details?: object }[] = [
  {
    name: 'expirationSeconds 599: 422 Invalid (ValidateTokenRequest: at least 10 minutes)',
    call: () => request('vault-auth', 'team-a', { audiences: ['vault'], expirationSeconds: 599 }),
    code: 422,
    reason: 'Invalid',
    message: 'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    details: {
      group: 'authentication.k8s.io',
      kind: 'TokenRequest',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: 599: may not specify a duration less than 10 minutes', field: 'spec.expirationSeconds' }],
    },
  },
  {
    name: 'expirationSeconds 2^32 + 1: 422 Invalid',
    call: () => request('vault-auth', 'team-a', { expirationSeconds: 2 ** 32 + 1 }),
    code: 422,
    reason: 'Invalid',
    message: 'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds',
  },
  {
    name: 'a ServiceAccount that does not exist: 404 (looked up before validation: a bad expiration on a missing one is still 404)',
    call: () => request('ghost', 'team-a', { expirationSeconds: 1 }),
    code: 404,
    reason: 'NotFound',
    message: 'serviceaccounts "ghost" not found',
    details: { name: 'ghost', kind: 'serviceaccounts' },
  },
  {
    name: 'metadata.name other than the URL: 422',
    call: () => request('vault-auth', 'team-a', {}, { metadata: { name: 'other' } }),
    code: 422,
    reason: 'Invalid',
    message: 'TokenRequest.authentication.k8s.io "vault-auth" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified',
  },
  {
    name: 'boundObjectRef to a Pod running as another ServiceAccount: 400',
    call: () => request('vault-auth', 'team-a', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'other' } }),
    code: 400,
    reason: 'BadRequest',
    message: 'cannot bind token for serviceaccount "vault-auth" to pod running with different serviceaccount name.',
  },
  {
    name: 'boundObjectRef with a stale uid: 409 Conflict',
    call: () => request('vault-auth', 'team-a', { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'db', uid: 'old' } }),
    code: 409,
    reason: 'Conflict',
    message: 'Operation cannot be fulfilled on Secret "db": the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated',
  },
  {
    name: 'boundObjectRef to a kind that cannot be bound: 400',
    call: () => request('vault-auth', 'team-a', { boundObjectRef: { kind: 'ConfigMap', apiVersion: 'v1', name: 'x' } }),
    code: 400,
    reason: 'BadRequest',
    message: 'cannot bind token to object of type /v1, Kind=ConfigMap',
  },
]

for (const row of failRows) {
  test(`TokenRequest ${row.code}: ${row.name}`, async () => {
    const f = await failure(row.call())
    assert.equal(f.code, row.code)
    const body = JSON.parse(f.body as string)
    assert.deepEqual([body.kind, body.status, body.code, body.reason, body.message], ['Status', 'Failure', row.code, row.reason, row.message])
    if (row.details) assert.deepEqual(body.details, row.details)
  })
}

test('tokenRequests log: who asked, for which ServiceAccount, audiences and expiration as answered, the status', async () => {
  kube.tokenRequests.splice(0)
  await request('vault-auth', 'team-a', { audiences: ['vault'], expirationSeconds: 1200 })
  await failure(request('vault-auth', 'team-a', { expirationSeconds: 10 }))
  await request('vault-auth', 'team-a', {})
  assert.deepEqual(kube.tokenRequests, [logRow(201, 1200, ['vault']), logRow(422, 10, [ISSUER]), logRow(201, 3600, [ISSUER])])
})

test('bound tokens: a Secret adds kubernetes.io.secret; a Pod adds pod and its node (no Node object: name only)', async () => {
  const s = await request('vault-auth', 'team-a', { audiences: ['vault'], boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'db', uid: 'secret-uid-1' } })
  assert.deepEqual({ ...s.spec!.boundObjectRef }, { kind: 'Secret', apiVersion: 'v1', name: 'db', uid: 'secret-uid-1' })
  assert.deepEqual(decode(s.status!.token!).claims['kubernetes.io'], { namespace: 'team-a', secret: { name: 'db', uid: 'secret-uid-1' }, serviceaccount: { name: 'vault-auth', uid: saUid } })
  const p = await request('vault-auth', 'team-a', { audiences: ['vault'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web-0' } })
  assert.deepEqual(decode(p.status!.token!).claims['kubernetes.io'], {
    namespace: 'team-a',
    node: { name: 'node-1' },
    pod: { name: 'web-0', uid: 'pod-uid-1' },
    serviceaccount: { name: 'vault-auth', uid: saUid },
  })
  const missing = await failure(request('vault-auth', 'team-a', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'gone' } }))
  assert.deepEqual([missing.code, JSON.parse(missing.body as string).message], [404, 'pods "gone" not found'])
})

test('the wire: 201 Created, spec.boundObjectRef null when unbound (no omitempty), Go field order', async () => {
  const r = await raw(kube, 'POST', '/api/v1/namespaces/team-a/serviceaccounts/vault-auth/token', {
    token: 'tok-repo',
    body: '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"audiences":["vault"]}}',
  })
  assert.equal(r.status, 201)
  const o = JSON.parse(r.body)
  assert.deepEqual(Object.keys(o), ['kind', 'apiVersion', 'metadata', 'spec', 'status'])
  assert.deepEqual(o.spec, { audiences: ['vault'], expirationSeconds: 3600, boundObjectRef: null })
  assert.deepEqual(o.metadata, { name: 'vault-auth', namespace: 'team-a', uid: saUid, creationTimestamp: '2026-03-04T05:06:07Z' })
  assert.equal(o.status.expirationTimestamp, '2026-03-04T06:06:07Z')
})

test('maxTokenExpirationSeconds shortens a longer request and says so in a Warning header', async () => {
  const capped = await startKubeApi({
    tls: false,
    maxTokenExpirationSeconds: 7200,
    objects: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'ns' } }],
    users: { t: { username: 'admin' } },
    rbac: [{ username: 'admin', verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  })
  try {
    const r = await raw(capped, 'POST', '/api/v1/namespaces/ns/serviceaccounts/sa/token', { token: 't', body: '{"spec":{"expirationSeconds":86400}}' })
    assert.equal(r.headers.warning, '299 - "requested expiration of 86400 seconds shortened to 7200 seconds"')
    const o = JSON.parse(r.body)
    assert.equal(o.spec.expirationSeconds, 7200)
    const claims = JSON.parse(Buffer.from(o.status.token.split('.')[1], 'base64url').toString())
    assert.equal(claims.exp - claims.iat, 7200)
    assert.equal(capped.tokenRequests[0].expirationSeconds, 7200)
  } finally {
    await capped.close()
  }
})

test('a minted token authenticates as its ServiceAccount: SelfSubjectReview, groups, credential-id, RBAC by group', async () => {
  const tr = await request('vault-auth', 'team-a', {})
  const token = tr.status!.token!
  const as = clientsFor(kube, { token })
  const review = await as.authn.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } })
  assert.deepEqual(
    { ...review.status!.userInfo },
    {
      username: 'system:serviceaccount:team-a:vault-auth',
      uid: saUid,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${decode(token).claims.jti}`] },
    },
  )
  assert.equal((await as.core.readNamespacedSecret({ name: 'db', namespace: 'team-a' })).metadata!.name, 'db', 'the group rule applies')
  const me = await c.authn.createSelfSubjectReview({ body: {} })
  assert.deepEqual({ ...me.status!.userInfo }, { username: ADMIN, groups: ['system:authenticated'] })
})

test('a minted token stops working: other audience, past exp (+1 min leeway), before nbf, ServiceAccount deleted or recreated', async () => {
  const probe = (token: string) => raw(kube, 'GET', '/version', { token }).then((r) => r.status)
  const vaultOnly = (await request('vault-auth', 'team-a', { audiences: ['vault'] })).status!.token!
  assert.equal(await probe(vaultOnly), 401, 'aud must include an API audience')
  const apiToken = (await request('vault-auth', 'team-a', { expirationSeconds: 600 })).status!.token!
  try {
    clock = T0 + 660_000
    assert.equal(await probe(apiToken), 200, 'within the leeway')
    clock = T0 + 661_000
    assert.equal(await probe(apiToken), 401)
    clock = T0 - 61_000
    assert.equal(await probe(apiToken), 401)
  } finally {
    clock = T0
  }
  kube.addObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'short-lived', namespace: 'team-a' } })
  const t = kube.mintToken('team-a', 'short-lived')
  assert.equal(await probe(t), 200)
  kube.removeObject({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'team-a', name: 'short-lived' })
  assert.equal(await probe(t), 401)
  kube.addObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'short-lived', namespace: 'team-a' } })
  assert.equal(await probe(t), 401, 'a new ServiceAccount of the same name has another uid')
  assert.throws(() => kube.mintToken('team-a', 'nobody'), /no ServiceAccount team-a\/nobody/)
})

test('loadFromCluster on inClusterFiles: token, ca.crt, namespace and KUBERNETES_SERVICE_HOST/PORT', async () => {
  const pod = inClusterClients(kube, { namespace: 'team-a', serviceAccount: 'vault-auth' })
  assert.equal(pod.namespace, 'team-a')
  assert.equal(pod.kc.getCurrentCluster()?.server, kube.url)
  const review = await pod.authn.createSelfSubjectReview({ body: {} })
  assert.equal(review.status!.userInfo!.username, 'system:serviceaccount:team-a:vault-auth')
  assert.equal((await pod.core.readNamespacedSecret({ name: 'db', namespace: pod.namespace! })).type, 'Opaque')
  const files = kube.inClusterFiles(scratchDir(), { token: 'tok-repo', namespace: 'argocd' })
  assert.match(files.serviceAccountDir, /\/var\/run\/secrets\/kubernetes\.io\/serviceaccount$/)
  assert.deepEqual(Object.keys(files.env), ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'KUBERNETES_SERVICE_PORT_HTTPS'])
  assert.equal(files.env.KUBERNETES_SERVICE_HOST, '127.0.0.1')
  const byToken = inClusterClients(kube, { token: 'tok-repo', namespace: 'argocd' })
  assert.equal((await byToken.authn.createSelfSubjectReview({ body: {} })).status!.userInfo!.username, ADMIN)
})

test('the issuer: OIDC discovery and JWKS (for system:serviceaccounts), the key matching publicKeyPem', async () => {
  const sa = kube.mintToken('team-a', 'vault-auth')
  const config = JSON.parse((await raw(kube, 'GET', '/.well-known/openid-configuration', { token: sa })).body)
  assert.deepEqual(config, {
    issuer: ISSUER,
    jwks_uri: `${kube.url}/openid/v1/jwks`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  })
  const jwks = await raw(kube, 'GET', '/openid/v1/jwks', { token: sa })
  assert.equal(jwks.headers['content-type'], 'application/jwk-set+json')
  const [jwk] = JSON.parse(jwks.body).keys
  assert.deepEqual([jwk.kid, jwk.alg, jwk.use, jwk.kty], [kube.keyId, 'RS256', 'sig', 'RSA'])
  assert.equal(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }), kube.publicKeyPem)
  const denied = await raw(kube, 'GET', '/openid/v1/jwks', { token: 'tok-repo' })
  assert.deepEqual([denied.status, JSON.parse(denied.body).message], [403, `forbidden: User "${ADMIN}" cannot get path "/openid/v1/jwks"`])
})

test('issuer, apiAudiences and signingKeyPem options; publicKeyPem is SPKI PEM', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const custom = await startKubeApi({
    tls: false,
    issuer: 'https://oidc.example/cluster-1',
    apiAudiences: ['https://oidc.example/cluster-1', 'k3s'],
    signingKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    objects: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'ns' } }],
  })
  try {
    assert.equal(custom.publicKeyPem, publicKey.export({ type: 'spki', format: 'pem' }))
    const claims = JSON.parse(Buffer.from(custom.mintToken('ns', 'sa').split('.')[1], 'base64url').toString())
    assert.deepEqual([claims.iss, claims.aud], ['https://oidc.example/cluster-1', ['https://oidc.example/cluster-1', 'k3s']])
    assert.equal((await raw(custom, 'GET', '/version', { token: custom.mintToken('ns', 'sa', { audiences: ['k3s'] }) })).status, 200, 'any API audience will do')
  } finally {
    await custom.close()
  }
})
