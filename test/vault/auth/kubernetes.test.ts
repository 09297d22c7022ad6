// kubernetesLogin against the Vault-compatible server with JWTs minted as kube-apiserver mints them
// (test/support/kube-api/tokens.ts): `POST auth/<mountPath>/login {role, jwt}`, the token login() reads,
// and the plugin's refusals (role, signature, bindings, expiry, a multi-line 500 escaped) without the JWT.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { kubernetesLogin } from '../../../src/vault/auth/kubernetes.ts'
import { createSigningKey, serviceAccountClaims, signJwt } from '../../support/kube-api/tokens.ts'
import { assertLoginWire, loggedIn, loginLines, lookupSelf, refusal, refused, withVault } from './harness.ts'

const kube = createSigningKey()
const stranger = createSigningKey()
const ISSUER = 'https://kubernetes.default.svc.cluster.local'
const UID = randomUUID()
const now = () => Math.floor(Date.now() / 1000)

/** A TokenRequest token for apps/<name>; `claims` overrides what a test needs wrong. */
function saToken(o: { name?: string; namespace?: string; audiences?: string[]; expiresIn?: number; issuedAgo?: number; key?: typeof kube; claims?: Record<string, unknown> } = {}): string {
  const base = serviceAccountClaims({
    issuer: ISSUER,
    namespace: o.namespace ?? 'apps',
    name: o.name ?? 'renderer',
    uid: UID,
    audiences: o.audiences ?? ['vault'],
    expirationSeconds: o.expiresIn ?? 600,
    now: now() - (o.issuedAgo ?? 0),
  })
  return signJwt(o.key ?? kube, { ...base, ...o.claims })
}

/** Not a JWT at all: a planted credential, to prove the refusal does not echo it. */
const GARBAGE = 'AUTH-CANARY-kubernetes-jwt-not-a-jws-3e91c5d0'

const seed = {
  $server: {
    auth: {
      kubernetes: {
        type: 'kubernetes',
        config: { pemKeys: [kube.publicKeyPem], issuer: ISSUER },
        roles: {
          renderer: {
            boundServiceAccountNames: ['renderer'],
            boundServiceAccountNamespaces: ['apps', 'team-*'],
            audience: 'vault',
            tokenTtl: 600,
            tokenNumUses: 20,
            rules: [{ path: 'secret/data/apps/*', capabilities: ['read'] }],
          },
        },
      },
      'k8s-prod': { type: 'kubernetes', config: { pemKeys: [kube.publicKeyPem] }, roles: { any: { boundServiceAccountNames: ['*'], boundServiceAccountNamespaces: ['*'] } } },
      unconfigured: { type: 'kubernetes', roles: { any: { boundServiceAccountNames: ['*'], boundServiceAccountNamespaces: ['*'] } } },
    },
  },
}

const what = (mount: string, role: string) => `kubernetes login at auth/${mount} as role ${JSON.stringify(role)}`

const successes: { name: string; mount: string; role: string; jwt: () => string; seenRole: string; ttl: number; uses: number; sa: [string, string] }[] = [
  { name: 'the role TTL and uses', mount: 'kubernetes', role: 'renderer', jwt: () => saToken(), seenRole: 'renderer', ttl: 600, uses: 20, sa: ['apps', 'renderer'] },
  {
    name: 'a namespace matched by a glob',
    mount: 'kubernetes',
    role: 'renderer',
    jwt: () => saToken({ namespace: 'team-blue' }),
    seenRole: 'renderer',
    ttl: 600,
    uses: 20,
    sa: ['team-blue', 'renderer'],
  },
  {
    name: 'the role name in another case (Vault stores it lower-cased)',
    mount: 'kubernetes',
    role: 'RENDERER',
    jwt: () => saToken(),
    seenRole: 'renderer',
    ttl: 600,
    uses: 20,
    sa: ['apps', 'renderer'],
  },
  {
    name: 'another mountPath, the mount defaults',
    mount: 'k8s-prod',
    role: 'any',
    jwt: () => saToken({ name: 'other', namespace: 'ops' }),
    seenRole: 'any',
    ttl: 2764800,
    uses: 0,
    sa: ['ops', 'other'],
  },
]

for (const c of successes) {
  test(`kubernetes login: ${c.name}`, async () => {
    await withVault(seed, async (v, tap) => {
      const jwt = c.jwt()
      const request = kubernetesLogin({ mountPath: c.mount, role: c.role, jwt })
      assert.deepEqual(request, { method: 'kubernetes', path: `auth/${c.mount}/login`, body: { role: c.role, jwt }, namespace: undefined })
      const t = await loggedIn(v, { address: tap.url }, request, what(c.mount, c.role), [jwt, jwt.split('.')[2]])
      assertLoginWire(tap, `/v1/auth/${c.mount}/login`, { role: c.role, jwt })
      assert.match(t.token, /^hvs\./)
      assert.deepEqual({ ttl: t.ttlSeconds, uses: t.numUses, renewable: t.renewable }, { ttl: c.ttl, uses: c.uses, renewable: true })
      const minted = `login:${c.mount}/${c.seenRole}#1`
      assert.deepEqual(loginLines(v), [{ method: 'POST', path: `auth/${c.mount}/login`, status: 200, identity: 'none', login: { mount: c.mount, role: c.seenRole, minted } }])
      const self = await lookupSelf({ address: v.url }, t.token)
      const meta = self.meta as Record<string, string>
      assert.deepEqual([meta.service_account_namespace, meta.service_account_name, meta.service_account_uid, meta.role], [...c.sa, UID, c.role])
    })
  })
}

const refusals: { name: string; mount?: string; role: string; jwt: () => string; status: number; text: string }[] = [
  { name: 'a role the mount does not have', role: 'nope', jwt: () => saToken(), status: 400, text: 'invalid role name "nope"' },
  { name: 'no role', role: '', jwt: () => saToken(), status: 400, text: 'missing role' },
  { name: 'no JWT', role: 'renderer', jwt: () => '', status: 400, text: 'missing jwt' },
  { name: 'a JWT signed by a key the mount does not trust', role: 'renderer', jwt: () => saToken({ key: stranger }), status: 403, text: 'permission denied' },
  { name: 'something that is not a JWT', role: 'renderer', jwt: () => GARBAGE, status: 403, text: 'permission denied' },
  { name: 'a service account the role does not bind', role: 'renderer', jwt: () => saToken({ name: 'intruder' }), status: 403, text: 'service account name not authorized' },
  { name: 'a namespace the role does not bind', role: 'renderer', jwt: () => saToken({ namespace: 'kube-system' }), status: 403, text: 'namespace not authorized' },
  {
    name: 'an audience the role does not expect',
    role: 'renderer',
    jwt: () => saToken({ audiences: ['https://kubernetes.default.svc'] }),
    status: 403,
    text: 'invalid audience (aud) claim: audience claim does not match any expected audience',
  },
  { name: 'another issuer', role: 'renderer', jwt: () => saToken({ claims: { iss: 'https://evil.example' } }), status: 403, text: 'invalid issuer (iss) claim' },
  { name: 'an expired token', role: 'renderer', jwt: () => saToken({ issuedAgo: 7200, expiresIn: 600 }), status: 403, text: 'invalid expiration time (exp) claim: token is expired' },
  { name: 'a mount without configuration', mount: 'unconfigured', role: 'any', jwt: () => saToken(), status: 500, text: 'could not load backend configuration' },
  {
    // Vault's mapstructure error spans lines; the message keeps to one, the line breaks escaped.
    name: 'a single-string aud claim (the plugin decodes aud as a list)',
    role: 'renderer',
    jwt: () => saToken({ claims: { aud: 'vault' } }),
    status: 500,
    text: "1 error(s) decoding:\\x0a\\x0a* 'aud': source data must be an array or slice, got string",
  },
]

for (const c of refusals) {
  test(`kubernetes refused: ${c.name}: ${c.status} ${c.text}`, async () => {
    await withVault(seed, async (v, tap) => {
      const mount = c.mount ?? 'kubernetes'
      const jwt = c.jwt()
      const canaries = jwt ? [jwt, jwt.split('.').at(-1)!] : []
      const e = await refused(v, { address: tap.url }, kubernetesLogin({ mountPath: mount, role: c.role, jwt }), what(mount, c.role), canaries)
      assert.equal(e.message, refusal(what(mount, c.role), `auth/${mount}/login`, c.status, c.text))
      assert.doesNotMatch(e.message, /[\u0000-\u001f]/)
      assert.equal(v.requests.length, 1, 'retries are off here: one login')
      assert.equal(v.mintedTokens().length, 0)
    })
  })
}
