// Logins and token self-service on the Vault-compatible server (vault-api.md §4, §5, §6; checklist
// items 31–33): every auth method's success envelope and error bodies, user lockout with the clock,
// login MFA, namespaces, revoke/renew-self, num_uses and TTL expiry, the request log. JWTs are signed
// here with node:crypto (jwt.ts); client certificates come from the openssl CLI.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { call, withServer, UUID, type Answer, type CallOptions } from './helpers.ts'
import { signJwt, serviceAccountClaims, type JwtAlg } from './jwt.ts'
import type { Seed } from './server.ts'
import type { AuthMountSeed } from './seed.ts'

const T0 = Date.UTC(2026, 5, 1)
const NOW_S = T0 / 1000
const ISS = 'https://kubernetes.default.svc.cluster.local'
const POLICY = '{"errors":["1 error occurred:\\n\\t* permission denied\\n\\n"]}\n'
const INVALID = '{"errors":["2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n"]}\n'
const DENIED = '{"errors":["permission denied"]}\n'
const errors = (...e: string[]) => `{"errors":${JSON.stringify(e)}}\n`

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }) as string

/** Every token value, accessor, entity id and request id blanked, for byte comparisons. */
const mask = (body: string) =>
  body
    .replace(/"request_id":"[0-9a-f-]{36}"/, '"request_id":"ID"')
    .replace(/"client_token":"hvs\.[0-9A-Za-z]{91}(\.[0-9A-Za-z]{5})?"/, '"client_token":"TOKEN"')
    .replace(/"accessor":"[0-9A-Za-z]{24}(\.[0-9A-Za-z]{5})?"/, '"accessor":"ACCESSOR"')
    .replace(/"entity_id":"[0-9a-f-]{36}"/, '"entity_id":"ENTITY"')

const readApp = [{ path: 'secret/data/app/*', capabilities: ['read' as const] }]

function seed(extraAuth: Record<string, AuthMountSeed> = {}): Seed {
  return {
    secret: { version: 2, secrets: { 'app/db': { password: 'canary-db-5531' }, 'other/x': { k: 'v' } } },
    $server: {
      policies: { 'app-read': readApp },
      auth: {
        kubernetes: {
          type: 'kubernetes',
          config: { pemKeys: [pem(rsa.publicKey), pem(ec.publicKey)], issuer: ISS },
          roles: {
            app: { boundServiceAccountNames: ['app', 'web-*'], boundServiceAccountNamespaces: ['prod'], audience: 'vault', policies: ['app-read'] },
            any: { boundServiceAccountNames: ['*'], boundServiceAccountNamespaces: ['*'] },
            byname: { boundServiceAccountNames: ['*'], boundServiceAccountNamespaces: ['*'], aliasNameSource: 'serviceaccount_name' },
          },
        },
        'k8s-unconfigured': { type: 'kubernetes', roles: { app: { boundServiceAccountNames: ['*'], boundServiceAccountNamespaces: ['*'] } } },
        jwt: {
          type: 'jwt',
          config: { jwtValidationPubkeys: [pem(ec.publicKey)], boundIssuer: 'https://idp.example', defaultRole: 'ci' },
          roles: {
            ci: { boundAudiences: ['vault'], userClaim: 'sub', boundClaims: { repo: ['org/app', 'org/web'] }, claimMappings: { repo: 'repository' }, rules: readApp },
            noaud: { userClaim: 'sub' },
            strict: { boundAudiences: ['vault'], userClaim: 'email', boundSubject: 'user-1' },
          },
        },
        'jwt-unconfigured': { type: 'jwt', roles: { ci: { userClaim: 'sub' } } },
        'jwt-nodefault': { type: 'jwt', config: { jwtValidationPubkeys: [pem(ec.publicKey)] }, roles: { ci: { userClaim: 'sub' } } },
        approle: { type: 'approle', roles: { ci: { roleId: 'role-id-ci', secretIds: ['secret-canary-1'], policies: ['app-read'] } } },
        'approle-nolock': { type: 'approle', lockoutDisable: true, roles: { ci: { roleId: 'role-id-ci', secretIds: ['secret-canary-1'] } } },
        userpass: {
          type: 'userpass',
          users: {
            alice: { password: 'pw-canary-alice', policies: ['app-read'] },
            max: { password: 'pw-canary-max', tokenTtl: 3600, tokenMaxTtl: 7200 },
            bare: { password: 'pw-canary-bare', tokenNoDefaultPolicy: true, rules: readApp },
            twice: { password: 'pw-canary-twice', tokenNumUses: 2, rules: readApp },
            brief: { password: 'pw-canary-brief', tokenTtl: 60, rules: readApp },
            long: { password: 'pw-canary-long', tokenTtl: 3000000 },
            carol: { password: 'pw-canary-carol', mfaRequired: true },
            rooted: { password: 'pw-canary-rooted', policies: ['root'] },
          },
        },
        ldap: { type: 'ldap', users: { bob: { password: 'pw-canary-bob', policies: ['app-read'] } } },
        ...extraAuth,
      },
    },
  } as unknown as Seed
}

const post = (v: { url: string }, path: string, body: unknown, o: CallOptions = {}): Promise<Answer> =>
  call(v, 'POST', `/v1/${path}`, { token: null, body: typeof body === 'string' ? body : JSON.stringify(body), ...o })

/** A projected service-account token for prod/app, signed with the cluster key (overrides merged into the claims). */
function saToken(over: Record<string, unknown> = {}, key: KeyObject = rsa.privateKey, alg: JwtAlg = 'RS256'): string {
  const claims = { ...serviceAccountClaims({ namespace: 'prod', name: 'app', uid: 'uid-1', audiences: ['vault'], issuer: ISS, nowSeconds: NOW_S }), ...over }
  return signJwt(claims, key, alg)
}

/** An OIDC-style CI token for the jwt mount. */
function ciToken(over: Record<string, unknown> = {}, key: KeyObject = ec.privateKey, alg: JwtAlg = 'ES256'): string {
  return signJwt({ iss: 'https://idp.example', sub: 'pipeline-7', aud: 'vault', repo: 'org/app', iat: NOW_S, nbf: NOW_S, exp: NOW_S + 600, ...over }, key, alg)
}

const token = (r: Answer): string => JSON.parse(r.body).auth.client_token

// ------------------------------------------------------------------ kubernetes

test('[31] kubernetes: the full login envelope in struct order, metadata, a fresh hvs. token that reads only what its policies allow', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const r = await post(v, 'auth/kubernetes/login', { role: 'app', jwt: saToken() })
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], 'application/json')
    assert.equal(
      mask(r.body),
      '{"request_id":"ID","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,' +
        '"auth":{"client_token":"TOKEN","accessor":"ACCESSOR","policies":["app-read","default"],"token_policies":["app-read","default"],' +
        '"metadata":{"role":"app","service_account_name":"app","service_account_namespace":"prod","service_account_secret_name":"","service_account_uid":"uid-1"},' +
        '"lease_duration":2764800,"renewable":true,"entity_id":"ENTITY","token_type":"service","orphan":true,"mfa_requirement":null,"num_uses":0},"mount_type":"kubernetes"}\n',
    )
    const body = JSON.parse(r.body)
    assert.match(body.auth.client_token, /^hvs\.[0-9A-Za-z]{91}$/)
    assert.match(body.auth.entity_id, UUID)
    const t = body.auth.client_token
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: t })).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/other/x', { token: t })).body, POLICY)
    assert.equal((await call(v, 'POST', '/v1/secret/data/app/db', { token: t, body: '{"data":{}}' })).body, POLICY)
    // The same service account logs in again: a new token, the same entity.
    const again = JSON.parse((await post(v, 'auth/kubernetes/login', { role: 'app', jwt: saToken() })).body).auth
    assert.notEqual(again.client_token, t)
    assert.equal(again.entity_id, body.auth.entity_id)
  })
})

const k8sCases: { name: string; mount?: string; body: Record<string, unknown> | string; status: number; want?: string; meta?: Record<string, string> }[] = [
  { name: 'missing role', body: { jwt: 'x' }, status: 400, want: errors('missing role') },
  { name: 'missing jwt', body: { role: 'app' }, status: 400, want: errors('missing jwt') },
  { name: 'unknown role', body: { role: 'nope', jwt: 'x' }, status: 400, want: errors('invalid role name "nope"') },
  { name: 'not configured', mount: 'k8s-unconfigured', body: { role: 'app', jwt: 'x' }, status: 500, want: errors('could not load backend configuration') },
  { name: 'signed by another key: permission denied', body: { role: 'app', jwt: saToken({}, stranger.privateKey) }, status: 403, want: DENIED },
  { name: 'not a JWT: permission denied', body: { role: 'app', jwt: 'not-a-jwt' }, status: 403, want: DENIED },
  { name: 'tampered claims: permission denied', body: { role: 'app', jwt: saToken().replace(/\.[^.]+\./, `.${Buffer.from('{"sub":"x"}').toString('base64url')}.`) }, status: 403, want: DENIED },
  { name: 'alg none: permission denied', body: { role: 'app', jwt: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.` }, status: 403, want: DENIED },
  { name: 'expired beyond the 60s leeway', body: { role: 'app', jwt: saToken({ exp: NOW_S - 61 }) }, status: 403, want: errors('invalid expiration time (exp) claim: token is expired') },
  { name: 'expired within the leeway is accepted', body: { role: 'app', jwt: saToken({ exp: NOW_S - 30 }) }, status: 200 },
  { name: 'not yet valid', body: { role: 'app', jwt: saToken({ nbf: NOW_S + 120, iat: NOW_S + 120 }) }, status: 403, want: errors('invalid not before (nbf) claim: token not yet valid') },
  { name: 'issued in the future', body: { role: 'app', jwt: saToken({ iat: NOW_S + 120 }) }, status: 403, want: errors('invalid issued at (iat) claim: token issued in the future') },
  { name: 'wrong issuer', body: { role: 'app', jwt: saToken({ iss: 'https://elsewhere' }) }, status: 403, want: errors('invalid issuer (iss) claim') },
  { name: 'wrong audience', body: { role: 'app', jwt: saToken({ aud: ['other'] }) }, status: 403, want: errors('invalid audience (aud) claim: audience claim does not match any expected audience') },
  {
    name: 'service account name not bound',
    body: { role: 'app', jwt: saToken({ 'kubernetes.io': { namespace: 'prod', serviceaccount: { name: 'intruder', uid: 'u' } } }) },
    status: 403,
    want: errors('service account name not authorized'),
  },
  {
    name: 'namespace not bound',
    body: { role: 'app', jwt: saToken({ 'kubernetes.io': { namespace: 'dev', serviceaccount: { name: 'app', uid: 'u' } } }) },
    status: 403,
    want: errors('namespace not authorized'),
  },
  {
    name: 'a glob binding (web-*) admits web-frontend',
    body: { role: 'app', jwt: saToken({ 'kubernetes.io': { namespace: 'prod', serviceaccount: { name: 'web-frontend', uid: 'u-2' } } }) },
    status: 200,
    meta: { role: 'app', service_account_name: 'web-frontend', service_account_namespace: 'prod', service_account_secret_name: '', service_account_uid: 'u-2' },
  },
  {
    name: 'no uid in the claims',
    body: { role: 'any', jwt: saToken({ 'kubernetes.io': { namespace: 'prod', serviceaccount: { name: 'app' } } }) },
    status: 500,
    want: errors('could not parse UID from claims'),
  },
  {
    name: 'a string aud fails the service-account decode',
    body: { role: 'any', jwt: saToken({ aud: 'vault' }) },
    status: 500,
    want: errors("1 error(s) decoding:\n\n* 'aud': source data must be an array or slice, got string"),
  },
  { name: 'ES256 with the cluster EC key', body: { role: 'app', jwt: saToken({}, ec.privateKey, 'ES256') }, status: 200 },
  { name: 'role names are case-insensitive; metadata keeps the name asked for', body: { role: 'APP', jwt: saToken() }, status: 200, meta: { role: 'APP' } },
  {
    name: 'a token from another issuer (a legacy secret-based one)',
    body: {
      role: 'any',
      jwt: signJwt(
        {
          iss: 'kubernetes/serviceaccount',
          'kubernetes.io/serviceaccount/namespace': 'ci',
          'kubernetes.io/serviceaccount/secret.name': 'builder-token-x7',
          'kubernetes.io/serviceaccount/service-account.name': 'builder',
          'kubernetes.io/serviceaccount/service-account.uid': 'uid-legacy',
          sub: 'system:serviceaccount:ci:builder',
        },
        rsa.privateKey,
      ),
    },
    status: 403,
    want: errors('invalid issuer (iss) claim'),
  },
]
for (const c of k8sCases) {
  test(`[31] kubernetes: ${c.name}: ${c.status}`, async () => {
    await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
      const r = await post(v, `auth/${c.mount ?? 'kubernetes'}/login`, c.body)
      assert.equal(r.status, c.status, r.body)
      if (c.want) assert.equal(r.body, c.want)
      if (c.meta)
        assert.deepEqual(
          Object.entries(JSON.parse(r.body).auth.metadata).filter(([k]) => k in (c.meta ?? {})),
          Object.entries(c.meta),
        )
    })
  })
}

test('[31] kubernetes: legacy secret-based claims, alias by service-account name, no pem keys = signature unchecked', async () => {
  const legacy = {
    'kubernetes.io/serviceaccount/namespace': 'ci',
    'kubernetes.io/serviceaccount/secret.name': 'builder-token-x7',
    'kubernetes.io/serviceaccount/service-account.name': 'builder',
    'kubernetes.io/serviceaccount/service-account.uid': 'uid-legacy',
    iss: 'kubernetes/serviceaccount',
    sub: 'system:serviceaccount:ci:builder',
  }
  const extra: Record<string, AuthMountSeed> = {
    'k8s-legacy': { type: 'kubernetes', config: { pemKeys: [pem(rsa.publicKey)] }, roles: { b: { boundServiceAccountNames: ['builder'], boundServiceAccountNamespaces: ['c*'] } } },
    'k8s-nokeys': { type: 'kubernetes', config: { pemKeys: [] }, roles: { b: { boundServiceAccountNames: ['*'], boundServiceAccountNamespaces: ['*'] } } },
  }
  await withServer({ seed: seed(extra), clock: () => T0 }, async (v) => {
    const r = await post(v, 'auth/k8s-legacy/login', { role: 'b', jwt: signJwt(legacy, rsa.privateKey) })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(JSON.parse(r.body).auth.metadata, {
      role: 'b',
      service_account_name: 'builder',
      service_account_namespace: 'ci',
      service_account_secret_name: 'builder-token-x7',
      service_account_uid: 'uid-legacy',
    })
    const a = JSON.parse((await post(v, 'auth/kubernetes/login', { role: 'byname', jwt: saToken() })).body).auth.entity_id
    const b = JSON.parse((await post(v, 'auth/kubernetes/login', { role: 'byname', jwt: saToken({ 'kubernetes.io': { namespace: 'prod', serviceaccount: { name: 'app', uid: 'uid-other' } } }) })).body)
      .auth.entity_id
    assert.equal(a, b) // the alias is prod/app, whatever the uid
    assert.equal((await post(v, 'auth/k8s-nokeys/login', { role: 'b', jwt: saToken({}, stranger.privateKey) })).status, 200)
    const hs = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`
    assert.equal((await post(v, 'auth/k8s-nokeys/login', { role: 'b', jwt: hs })).body, DENIED)
  })
})

// ------------------------------------------------------------------ jwt

test('[31] jwt: role claim mappings and the role in metadata, the default role, the minted token reads by its inline rules', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const r = await post(v, 'auth/jwt/login', { jwt: ciToken() })
    assert.equal(r.status, 200, r.body)
    const auth = JSON.parse(r.body).auth
    assert.deepEqual(auth.metadata, { repository: 'org/app', role: 'ci' })
    assert.deepEqual(auth.policies, ['default', 'jwt-ci'])
    assert.equal(JSON.parse(r.body).mount_type, 'jwt')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: auth.client_token })).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/other/x', { token: auth.client_token })).status, 403)
    const lookup = JSON.parse((await call(v, 'GET', '/v1/auth/token/lookup-self', { token: auth.client_token })).body).data
    assert.deepEqual([lookup.display_name, lookup.path, lookup.meta], ['jwt-pipeline-7', 'auth/jwt/login', { repository: 'org/app', role: 'ci' }])
  })
})

const jwtCases: { name: string; mount?: string; body: Record<string, unknown>; status: number; want?: string }[] = [
  { name: 'not configured', mount: 'jwt-unconfigured', body: { role: 'ci', jwt: 'x' }, status: 400, want: errors('could not load configuration') },
  { name: 'the config is checked before the role', mount: 'jwt-unconfigured', body: { jwt: 'x' }, status: 400, want: errors('could not load configuration') },
  { name: 'missing role without a default role', mount: 'jwt-nodefault', body: { jwt: 'x' }, status: 400, want: errors('missing role') },
  { name: 'unknown role', body: { role: 'Nope', jwt: 'x' }, status: 400, want: errors('role "nope" could not be found') },
  { name: 'missing token', body: { role: 'ci' }, status: 400, want: errors('missing token') },
  {
    name: 'three parts required',
    body: { jwt: 'abc.def' },
    status: 400,
    want: errors('error validating token: error verifying token signature: go-jose/go-jose: compact JWS format must have three parts'),
  },
  {
    name: 'another key',
    body: { jwt: ciToken({}, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) },
    status: 400,
    want: errors('error validating token: error verifying token signature: no known key successfully validated the token signature'),
  },
  {
    name: 'RS256 against an EC key',
    body: { jwt: ciToken({}, rsa.privateKey, 'RS256') },
    status: 400,
    want: errors('error validating token: error verifying token signature: no known key successfully validated the token signature'),
  },
  { name: 'expired', body: { jwt: ciToken({ exp: NOW_S - 120 }) }, status: 400, want: errors('error validating token: invalid expiration time (exp) claim: token is expired') },
  {
    name: 'no time claims at all',
    body: { jwt: ciToken({ iat: undefined, nbf: undefined, exp: undefined }) },
    status: 400,
    want: errors('error validating token: no issued at (iat), not before (nbf), or expiration time (exp) claims in token'),
  },
  { name: 'wrong issuer', body: { jwt: ciToken({ iss: 'https://other' }) }, status: 400, want: errors('error validating token: invalid issuer (iss) claim') },
  {
    name: 'wrong audience',
    body: { jwt: ciToken({ aud: ['x', 'y'] }) },
    status: 400,
    want: errors('error validating token: invalid audience (aud) claim: audience claim does not match any expected audience'),
  },
  { name: 'an audience but none bound to the role', body: { role: 'noaud', jwt: ciToken() }, status: 400, want: errors('audience claim found in JWT but no audiences bound to the role') },
  { name: 'no audience, none bound', body: { role: 'noaud', jwt: ciToken({ aud: undefined }) }, status: 200 },
  { name: 'bound subject', body: { role: 'strict', jwt: ciToken({ email: 'a@example.com' }) }, status: 400, want: errors('error validating token: invalid subject (sub) claim') },
  { name: 'user claim missing', body: { role: 'strict', jwt: ciToken({ sub: 'user-1' }) }, status: 400, want: errors('claim "email" not found in token') },
  { name: 'user claim not a string', body: { role: 'strict', jwt: ciToken({ sub: 'user-1', email: 7 }) }, status: 400, want: errors('claim "email" could not be converted to string') },
  { name: 'bound claim missing', body: { jwt: ciToken({ repo: undefined }) }, status: 400, want: errors('error validating claims: claim "repo" is missing') },
  { name: 'bound claim mismatch', body: { jwt: ciToken({ repo: 'org/other' }) }, status: 400, want: errors('error validating claims: claim "repo" does not match any associated bound claim values') },
  { name: 'a list claim cannot be mapped to metadata', body: { jwt: ciToken({ repo: ['org/x', 'org/web'] }) }, status: 400, want: errors("error converting claim 'repo' to string") },
]
for (const c of jwtCases) {
  test(`[31] jwt: ${c.name}: ${c.status}`, async () => {
    await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
      const r = await post(v, `auth/${c.mount ?? 'jwt'}/login`, c.body)
      assert.equal(r.status, c.status, r.body)
      if (c.want) assert.equal(r.body, c.want)
    })
  })
}

test('[31] jwt: RS256, PS256 and EdDSA keys verify; role names are lower-cased', async () => {
  const ed = generateKeyPairSync('ed25519')
  const extra: Record<string, AuthMountSeed> = {
    'jwt-multi': { type: 'jwt', config: { jwtValidationPubkeys: [pem(rsa.publicKey), pem(ed.publicKey)] }, roles: { any: { userClaim: 'sub', boundAudiences: ['vault'] } } },
  }
  await withServer({ seed: seed(extra), clock: () => T0 }, async (v) => {
    for (const [key, alg] of [
      [rsa.privateKey, 'RS256'],
      [rsa.privateKey, 'PS256'],
      [rsa.privateKey, 'RS512'],
      [ed.privateKey, 'EdDSA'],
    ] as const) {
      const r = await post(v, 'auth/jwt-multi/login', { role: 'ANY', jwt: ciToken({}, key, alg) })
      assert.equal(r.status, 200, `${alg}: ${r.body}`)
      assert.equal(JSON.parse(r.body).auth.metadata.role, 'any')
    }
  })
})

// ------------------------------------------------------------------ approle, userpass, ldap

const credentialCases: { name: string; path: string; body: unknown; status: number; want?: string; meta?: Record<string, string> }[] = [
  { name: 'approle: success', path: 'auth/approle/login', body: { role_id: 'role-id-ci', secret_id: 'secret-canary-1' }, status: 200, meta: { role_name: 'ci' } },
  { name: 'approle: whitespace around the ids is trimmed', path: 'auth/approle/login', body: { role_id: ' role-id-ci ', secret_id: 'secret-canary-1 ' }, status: 200 },
  { name: 'approle: unknown role_id', path: 'auth/approle/login', body: { role_id: 'nope', secret_id: 'secret-canary-1' }, status: 400, want: errors('invalid role or secret ID') },
  { name: 'approle: wrong secret_id', path: 'auth/approle/login', body: { role_id: 'role-id-ci', secret_id: 'wrong' }, status: 400, want: errors('invalid role or secret ID') },
  { name: 'approle: missing secret_id', path: 'auth/approle/login', body: { role_id: 'role-id-ci' }, status: 400, want: errors('missing secret_id') },
  { name: 'approle: missing role_id with lockout on (the alias lookahead fails)', path: 'auth/approle/login', body: { secret_id: 'x' }, status: 500, want: errors('missing role_id') },
  { name: 'approle: missing role_id with lockout off', path: 'auth/approle-nolock/login', body: { secret_id: 'x' }, status: 400, want: errors('invalid credentials') },
  { name: 'userpass: success, the username lower-cased', path: 'auth/userpass/login/Alice', body: { password: 'pw-canary-alice' }, status: 200, meta: { username: 'alice' } },
  { name: 'userpass: wrong password', path: 'auth/userpass/login/alice', body: { password: 'guess' }, status: 400, want: errors('invalid username or password') },
  { name: 'userpass: unknown user', path: 'auth/userpass/login/mallory', body: { password: 'guess' }, status: 400, want: errors('invalid username or password') },
  { name: 'userpass: empty password', path: 'auth/userpass/login/alice', body: { password: '' }, status: 400, want: errors('invalid credentials') },
  { name: 'userpass: no body', path: 'auth/userpass/login/alice', body: '', status: 400, want: errors('invalid credentials') },
  { name: 'userpass: a username outside the name pattern', path: 'auth/userpass/login/a%20b', body: { password: 'x' }, status: 404, want: errors('unsupported path') },
  { name: 'userpass: policies naming root', path: 'auth/userpass/login/rooted', body: { password: 'pw-canary-rooted' }, status: 400, want: errors('auth methods cannot create root tokens') },
  { name: 'ldap: success, the username as given', path: 'auth/ldap/login/Bob', body: { password: 'pw-canary-bob' }, status: 200, meta: { username: 'Bob' } },
  { name: 'ldap: wrong password', path: 'auth/ldap/login/bob', body: { password: 'guess' }, status: 400, want: errors('ldap operation failed: failed to bind as user') },
  { name: 'ldap: unknown user', path: 'auth/ldap/login/mallory', body: { password: 'guess' }, status: 400, want: errors('ldap operation failed: failed to bind as user') },
  {
    name: 'ldap: empty password (deny_null_bind)',
    path: 'auth/ldap/login/bob',
    body: { password: '' },
    status: 400,
    want: errors('password cannot be of zero length when passwordless binds are being denied'),
  },
]
for (const c of credentialCases) {
  test(`[31] ${c.name}: ${c.status}`, async () => {
    await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
      const r = await post(v, c.path, c.body)
      assert.equal(r.status, c.status, r.body)
      if (c.want) assert.equal(r.body, c.want)
      if (c.meta) assert.deepEqual(JSON.parse(r.body).auth.metadata, c.meta)
    })
  })
}

test('[31] login paths: only POST/PUT (405 unsupported operation), no token needed or looked at, unknown parameters warned about, a TTL above the maximum capped', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const get = await call(v, 'GET', '/v1/auth/approle/login', { token: null })
    assert.deepEqual([get.status, get.body], [405, errors('unsupported operation')])
    const put = await call(v, 'PUT', '/v1/auth/approle/login', { token: 'garbage', body: JSON.stringify({ role_id: 'role-id-ci', secret_id: 'secret-canary-1', extra: 1, another: 'x' }) })
    assert.equal(put.status, 200)
    assert.deepEqual(JSON.parse(put.body).warnings, ['Endpoint ignored these unrecognized parameters: [another extra]'])
    const long = JSON.parse((await post(v, 'auth/userpass/login/long', { password: 'pw-canary-long' })).body)
    assert.equal(long.auth.lease_duration, 2764800)
    assert.deepEqual(long.warnings, ['TTL of "833h20m0s" exceeded the effective max_ttl of "768h0m0s"; TTL value is capped accordingly'])
    // No auth mount at that path: not a login path, so a token is required.
    assert.equal((await post(v, 'auth/nomount/login', {})).body, DENIED)
  })
})

// ------------------------------------------------------------------ lockout

const lockoutCases: { name: string; bad: [string, unknown]; good: [string, unknown]; mount?: Record<string, AuthMountSeed>; failures: number; locked: boolean; unlockAfter?: number }[] = [
  {
    name: 'userpass: 5 wrong passwords lock the user, the right one too, for 900 s',
    bad: ['auth/userpass/login/alice', { password: 'x' }],
    good: ['auth/userpass/login/alice', { password: 'pw-canary-alice' }],
    failures: 5,
    locked: true,
    unlockAfter: 900,
  },
  {
    name: 'userpass: 4 wrong passwords do not',
    bad: ['auth/userpass/login/alice', { password: 'x' }],
    good: ['auth/userpass/login/alice', { password: 'pw-canary-alice' }],
    failures: 4,
    locked: false,
  },
  {
    name: 'userpass: failures under another case count for the same user',
    bad: ['auth/userpass/login/ALICE', { password: 'x' }],
    good: ['auth/userpass/login/alice', { password: 'pw-canary-alice' }],
    failures: 5,
    locked: true,
  },
  { name: 'userpass: empty passwords count', bad: ['auth/userpass/login/alice', { password: '' }], good: ['auth/userpass/login/alice', { password: 'pw-canary-alice' }], failures: 5, locked: true },
  {
    name: 'userpass: unknown users are not tracked',
    bad: ['auth/userpass/login/mallory', { password: 'x' }],
    good: ['auth/userpass/login/alice', { password: 'pw-canary-alice' }],
    failures: 8,
    locked: false,
  },
  {
    name: 'ldap: 5 failed binds lock the user',
    bad: ['auth/ldap/login/bob', { password: 'x' }],
    good: ['auth/ldap/login/bob', { password: 'pw-canary-bob' }],
    failures: 5,
    locked: true,
    unlockAfter: 900,
  },
  {
    name: 'approle: 5 wrong secret IDs lock the role ID',
    bad: ['auth/approle/login', { role_id: 'role-id-ci', secret_id: 'x' }],
    good: ['auth/approle/login', { role_id: 'role-id-ci', secret_id: 'secret-canary-1' }],
    failures: 5,
    locked: true,
    unlockAfter: 900,
  },
  {
    name: 'approle: unknown role IDs are not tracked',
    bad: ['auth/approle/login', { role_id: 'nope', secret_id: 'x' }],
    good: ['auth/approle/login', { role_id: 'role-id-ci', secret_id: 'secret-canary-1' }],
    failures: 6,
    locked: false,
  },
  {
    name: 'approle: lockout off',
    bad: ['auth/approle-nolock/login', { role_id: 'role-id-ci', secret_id: 'x' }],
    good: ['auth/approle-nolock/login', { role_id: 'role-id-ci', secret_id: 'secret-canary-1' }],
    failures: 9,
    locked: false,
  },
  {
    name: 'per-mount settings: threshold 2, duration 60 s',
    mount: { 'up-strict': { type: 'userpass', lockoutThreshold: 2, lockoutDurationSeconds: 60, users: { eve: { password: 'pw-canary-eve' } } } },
    bad: ['auth/up-strict/login/eve', { password: 'x' }],
    good: ['auth/up-strict/login/eve', { password: 'pw-canary-eve' }],
    failures: 2,
    locked: true,
    unlockAfter: 60,
  },
]
for (const c of lockoutCases) {
  test(`[31] lockout: ${c.name}`, async () => {
    let t = T0
    await withServer({ seed: seed(c.mount), clock: () => t }, async (v) => {
      for (let i = 0; i < c.failures; i++) assert.equal((await post(v, c.bad[0], c.bad[1])).status, 400, `failure ${i + 1}`)
      const r = await post(v, c.good[0], c.good[1])
      if (!c.locked) return assert.equal(r.status, 200, r.body)
      assert.deepEqual([r.status, r.body], [403, DENIED])
      assert.equal((await post(v, c.bad[0], c.bad[1])).body, DENIED) // still locked, whatever is sent
      if (c.unlockAfter === undefined) return
      t += (c.unlockAfter - 1) * 1000
      assert.equal((await post(v, c.good[0], c.good[1])).status, 403)
      t += 1000
      assert.equal((await post(v, c.good[0], c.good[1])).status, 200)
      // The success cleared the count: one failure does not lock again.
      assert.equal((await post(v, c.bad[0], c.bad[1])).status, 400)
      assert.equal((await post(v, c.good[0], c.good[1])).status, 200)
    })
  })
}

test('[31] lockout: the failure count resets after the counter-reset window', async () => {
  let t = T0
  const mount: Record<string, AuthMountSeed> = { 'up-reset': { type: 'userpass', lockoutThreshold: 3, lockoutCounterResetSeconds: 10, users: { eve: { password: 'pw-canary-eve' } } } }
  await withServer({ seed: seed(mount), clock: () => t }, async (v) => {
    const bad = () => post(v, 'auth/up-reset/login/eve', { password: 'x' })
    await bad()
    await bad()
    t += 11_000
    await bad() // counted as the first again
    await bad()
    assert.equal((await post(v, 'auth/up-reset/login/eve', { password: 'pw-canary-eve' })).status, 200)
  })
})

// ------------------------------------------------------------------ MFA, namespaces

test('[31] login MFA: 200 with an empty client_token, the mfa_requirement and the MFA warning; no token minted', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const r = await post(v, 'auth/userpass/login/carol', { password: 'pw-canary-carol' })
    assert.equal(r.status, 200)
    const masked = r.body
      .replace(/"request_id":"[0-9a-f-]{36}"/, '"request_id":"ID"')
      .replace(/"mfa_request_id":"[0-9a-f-]{36}"/, '"mfa_request_id":"M"')
      .replace(/"id":"[0-9a-f-]{36}"/, '"id":"METHOD"')
    assert.equal(
      masked,
      '{"request_id":"ID","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,' +
        '"warnings":["A login request was issued that is subject to MFA validation. Please make sure to validate the login by sending another request to mfa/validate endpoint."],' +
        '"auth":{"client_token":"","accessor":"","policies":null,"token_policies":null,"metadata":null,"lease_duration":0,"renewable":false,"entity_id":"","token_type":"default","orphan":false,' +
        '"mfa_requirement":{"mfa_request_id":"M","mfa_constraints":{"eso-render-mfa":{"any":[{"type":"totp","id":"METHOD","uses_passcode":true}]}}},"num_uses":0},"mount_type":"userpass"}\n',
    )
    assert.deepEqual(v.mintedTokens(), [])
  })
})

test('[31][8] namespaces: an auth mount in team-a answers under the header or the path prefix; its tokens belong to team-a', async () => {
  const s = {
    kv: { version: 2, vaultNamespace: 'team-a', secrets: { s: { where: 'team-a' } } },
    secret: { version: 2, secrets: { s: { where: 'root' } } },
    $server: { auth: { approle: { type: 'approle', vaultNamespace: 'team-a', roles: { app: { roleId: 'rid', secretIds: ['sid'], rules: [{ path: 'kv/data/*', capabilities: ['read'] }] } } } } },
  } as unknown as Seed
  await withServer({ seed: s, clock: () => T0 }, async (v) => {
    const creds = { role_id: 'rid', secret_id: 'sid' }
    const viaHeader = await post(v, 'auth/approle/login', creds, { ns: 'team-a/' })
    assert.equal(viaHeader.status, 200, viaHeader.body)
    assert.equal(viaHeader.headers['x-vault-namespace'], 'team-a/')
    const t = token(viaHeader)
    assert.match(t, /^hvs\.[0-9A-Za-z]{91}\.[0-9A-Za-z]{5}$/)
    assert.equal((await post(v, 'team-a/auth/approle/login', creds)).status, 200)
    assert.equal((await post(v, 'auth/approle/login', creds)).body, DENIED) // the root namespace has no such mount
    assert.equal(JSON.parse((await call(v, 'GET', '/v1/kv/data/s', { token: t, ns: 'team-a' })).body).data.data.where, 'team-a')
    assert.equal((await call(v, 'GET', '/v1/secret/data/s', { token: t })).body, POLICY)
    // -self paths run in the token's namespace, header or not.
    const self = JSON.parse((await call(v, 'GET', '/v1/auth/token/lookup-self', { token: t })).body).data
    assert.deepEqual([self.namespace_path, self.path], ['team-a/', 'auth/approle/login'])
    assert.deepEqual(
      v.mintedTokens().map((m) => [m.identity, m.namespace]),
      [
        ['login:team-a/approle/app#1', 'team-a'],
        ['login:team-a/approle/app#2', 'team-a'],
      ],
    )
  })
})

// ------------------------------------------------------------------ token self-service

test('[33] lookup-self of a login token: policies, path, meta, display name, entity, counting-down ttl and uses', async () => {
  let t = T0
  await withServer({ seed: seed(), clock: () => t }, async (v) => {
    const login = JSON.parse((await post(v, 'auth/userpass/login/twice', { password: 'pw-canary-twice' })).body).auth
    t += 10_000
    const d = JSON.parse((await call(v, 'GET', '/v1/auth/token/lookup-self', { token: login.client_token })).body).data
    assert.deepEqual(
      {
        accessor: d.accessor,
        display_name: d.display_name,
        entity_id: d.entity_id,
        meta: d.meta,
        num_uses: d.num_uses,
        path: d.path,
        policies: d.policies,
        renewable: d.renewable,
        ttl: d.ttl,
        creation_ttl: d.creation_ttl,
        expire_time: d.expire_time,
      },
      {
        accessor: login.accessor,
        display_name: 'userpass-twice',
        entity_id: login.entity_id,
        meta: { username: 'twice' },
        num_uses: 1,
        path: 'auth/userpass/login/twice',
        policies: ['default', 'userpass-twice'],
        renewable: true,
        ttl: 2764790,
        creation_ttl: 2764800,
        expire_time: '2026-07-03T00:00:00Z',
      },
    )
    assert.deepEqual(Object.keys(d), [...Object.keys(d)].sort())
  })
})

test('[33] revoke-self: 204, the token is gone (bad-token 403), the log shows who revoked itself', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const t = token(await post(v, 'auth/userpass/login/alice', { password: 'pw-canary-alice' }))
    const r = await call(v, 'POST', '/v1/auth/token/revoke-self', { token: t })
    assert.deepEqual([r.status, r.body], [204, ''])
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: t })).body, INVALID)
    assert.equal((await call(v, 'GET', '/v1/auth/token/lookup-self', { token: t })).body, INVALID)
    assert.deepEqual(
      v.requests.map((x) => [x.method, x.path, x.identity, x.status]),
      [
        ['POST', 'auth/userpass/login/alice', 'none', 200],
        ['POST', 'auth/token/revoke-self', 'login:userpass/alice#1', 204],
        ['GET', 'secret/data/app/db', 'invalid', 403],
        ['GET', 'auth/token/lookup-self', 'invalid', 403],
      ],
    )
    assert.deepEqual([v.mintedTokens()[0].revoked, v.mintedTokens()[0].expired], [true, false])
  })
})

test('[33] num_uses: the last use is answered, then the token is invalid', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const t = token(await post(v, 'auth/userpass/login/twice', { password: 'pw-canary-twice' }))
    assert.equal(JSON.parse((await post(v, 'auth/userpass/login/twice', { password: 'pw-canary-twice' })).body).auth.num_uses, 2)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: t })).status, 200)
    assert.deepEqual(
      v.mintedTokens().map((m) => [m.numUses, m.usesLeft]),
      [
        [2, 1],
        [2, 2],
      ],
    )
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: t })).status, 200)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: t })).body, INVALID)
  })
})

test('[33] TTL expiry by the clock, and expireToken for a re-login test', async () => {
  let t = T0
  await withServer({ seed: seed(), clock: () => t }, async (v) => {
    const brief = token(await post(v, 'auth/userpass/login/brief', { password: 'pw-canary-brief' }))
    const alice = token(await post(v, 'auth/userpass/login/alice', { password: 'pw-canary-alice' }))
    t += 59_000
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: brief })).status, 200)
    t += 1_000
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: brief })).body, INVALID)
    v.expireToken('login:userpass/alice#1')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: alice })).body, INVALID)
    assert.deepEqual(
      v.mintedTokens().map((m) => [m.identity, m.revoked, m.expired]),
      [
        ['login:userpass/brief#1', false, true],
        ['login:userpass/alice#1', false, true],
      ],
    )
    assert.throws(() => v.expireToken('login:userpass/nobody#1'), /no minted token/)
    const again = await post(v, 'auth/userpass/login/alice', { password: 'pw-canary-alice' })
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: token(again) })).status, 200)
    assert.equal(v.requests.at(-1)?.identity, 'login:userpass/alice#2')
  })
})

const renewCases: { name: string; user?: string; seedToken?: { ttl: number }; advance: number; body?: string; status: number; lease?: number; warnings?: string[] | null; want?: string }[] = [
  { name: 'a root token has no lease', advance: 0, status: 400, want: errors('lease not found or lease is not renewable') },
  {
    name: 'no increment, 10 minutes in: the role TTL, capped by the max TTL, with the warning',
    user: 'alice',
    advance: 600,
    status: 200,
    lease: 2764200,
    warnings: ['TTL of "768h0m0s" exceeded the effective max_ttl of "767h50m0s"; TTL value is capped accordingly'],
  },
  { name: 'increment 1h', user: 'alice', advance: 600, body: '{"increment":"1h"}', status: 200, lease: 3600, warnings: null },
  { name: 'increment in seconds', user: 'alice', advance: 600, body: '{"increment":1800}', status: 200, lease: 1800, warnings: null },
  { name: 'no increment: the role token_ttl', user: 'max', advance: 600, status: 200, lease: 3600, warnings: null },
  {
    name: 'the role token_max_ttl caps an increment',
    user: 'max',
    advance: 3000,
    body: '{"increment":"2h"}',
    status: 200,
    lease: 4200,
    warnings: ['TTL of "2h0m0s" exceeded the effective max_ttl of "1h10m0s"; TTL value is capped accordingly'],
  },
  { name: 'a seed token with a TTL renews to it', seedToken: { ttl: 600 }, advance: 300, status: 200, lease: 600, warnings: null },
  {
    name: 'an unparsable increment',
    user: 'alice',
    advance: 0,
    body: '{"increment":"soon"}',
    status: 400,
    want: errors('Field validation failed: error converting input soon for field "increment": time: invalid duration "soon"'),
  },
  { name: 'no default policy: renew-self is denied', user: 'bare', advance: 0, status: 403, want: POLICY },
]
for (const c of renewCases) {
  test(`[33] renew-self: ${c.name}: ${c.status}`, async () => {
    let t = T0
    await withServer({ seed: seed(), clock: () => t }, async (v) => {
      let tok = 'root'
      if (c.user) tok = token(await post(v, `auth/userpass/login/${c.user}`, { password: `pw-canary-${c.user}` }))
      if (c.seedToken) v.addToken({ id: (tok = 'hvs.seed-renew'), rules: readApp, ttl: c.seedToken.ttl })
      t += c.advance * 1000
      const r = await call(v, 'POST', '/v1/auth/token/renew-self', { token: tok, body: c.body })
      assert.equal(r.status, c.status, r.body)
      if (c.want) return assert.equal(r.body, c.want)
      const body = JSON.parse(r.body)
      assert.deepEqual([body.data, body.auth.lease_duration, body.auth.renewable, body.auth.client_token, body.warnings, body.mount_type], [null, c.lease, true, tok, c.warnings, 'token'])
      const self = JSON.parse((await call(v, 'GET', '/v1/auth/token/lookup-self', { token: tok })).body).data
      assert.deepEqual([self.ttl, self.last_renewal_time, self.last_renewal], [c.lease, t / 1000, new Date(t).toISOString().replace('.000', '')])
      t += (c.lease ?? 0) * 1000
      assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: tok })).body, INVALID)
    })
  })
}

test('[33] -self paths: ACL checked (lookup-self is read in the default policy), other operations 405', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const t = token(await post(v, 'auth/userpass/login/alice', { password: 'pw-canary-alice' }))
    assert.equal((await call(v, 'POST', '/v1/auth/token/lookup-self', { token: t })).body, POLICY)
    assert.equal((await call(v, 'GET', '/v1/auth/token/revoke-self', { token: t })).body, POLICY)
    assert.equal((await call(v, 'POST', '/v1/auth/token/lookup-self')).status, 200)
    assert.deepEqual(await call(v, 'DELETE', '/v1/auth/token/renew-self').then((r) => [r.status, r.body]), [405, '{"errors":["1 error occurred:\\n\\t* unsupported operation\\n\\n"]}\n'])
    const bare = token(await post(v, 'auth/userpass/login/bare', { password: 'pw-canary-bare' }))
    assert.equal((await call(v, 'GET', '/v1/auth/token/lookup-self', { token: bare })).body, POLICY)
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: bare })).status, 200)
  })
})

// ------------------------------------------------------------------ request log, runtime controls, seed

test('[42] request log: logins are identity none with the mount and name, never a credential, a JWT or a token; minted tokens have login identities', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    const jwt = saToken()
    const k = await post(v, 'auth/kubernetes/login', { role: 'app', jwt })
    await post(v, 'auth/kubernetes/login', { role: 'app', jwt: saToken({}, stranger.privateKey) })
    const a = await post(v, 'auth/approle/login', { role_id: 'role-id-ci', secret_id: 'secret-canary-1' })
    await post(v, 'auth/userpass/login/alice', { password: 'pw-canary-alice' })
    await call(v, 'GET', '/v1/secret/data/app/db', { token: token(k) })
    await call(v, 'GET', '/v1/secret/data/app/db', { token: token(a) })
    assert.deepEqual(v.requests, [
      { method: 'POST', path: 'auth/kubernetes/login', query: '', namespace: '', identity: 'none', status: 200, login: { mount: 'kubernetes', role: 'app', minted: 'login:kubernetes/app#1' } },
      { method: 'POST', path: 'auth/kubernetes/login', query: '', namespace: '', identity: 'none', status: 403, login: { mount: 'kubernetes', role: 'app' } },
      { method: 'POST', path: 'auth/approle/login', query: '', namespace: '', identity: 'none', status: 200, login: { mount: 'approle', role: 'ci', minted: 'login:approle/ci#1' } },
      { method: 'POST', path: 'auth/userpass/login/alice', query: '', namespace: '', identity: 'none', status: 200, login: { mount: 'userpass', user: 'alice', minted: 'login:userpass/alice#1' } },
      { method: 'GET', path: 'secret/data/app/db', query: '', namespace: '', identity: 'login:kubernetes/app#1', status: 200 },
      { method: 'GET', path: 'secret/data/app/db', query: '', namespace: '', identity: 'login:approle/ci#1', status: 200 },
    ])
    const log = JSON.stringify(v.requests)
    for (const secret of [jwt, 'secret-canary-1', 'role-id-ci', 'pw-canary-alice', token(k), token(a), 'hvs.']) assert.ok(!log.includes(secret), secret)
    assert.ok(!JSON.stringify(v.mintedTokens()).includes('hvs.'))
  })
})

test('runtime: addAuthMount adds a validated mount that logs in at once', async () => {
  await withServer({ seed: seed(), clock: () => T0 }, async (v) => {
    assert.equal((await post(v, 'auth/k8s-prod/login', { role: 'r', jwt: saToken() })).status, 403)
    v.addAuthMount('k8s-prod', {
      type: 'kubernetes',
      config: { pemKeys: [pem(rsa.publicKey)] },
      roles: { r: { boundServiceAccountNames: ['app'], boundServiceAccountNamespaces: ['prod'], policies: ['app-read'] } },
    })
    const r = await post(v, 'auth/k8s-prod/login', { role: 'r', jwt: saToken() })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(v.mintedTokens(), [
      {
        identity: 'login:k8s-prod/r#1',
        mount: 'k8s-prod',
        namespace: '',
        role: 'r',
        policies: ['app-read', 'default'],
        numUses: 0,
        usesLeft: 0,
        createdMs: T0,
        expiresMs: T0 + 2764800_000,
        revoked: false,
        expired: false,
      },
    ])
    assert.throws(() => v.addAuthMount('x', { type: 'kubernetes', roles: { r: { boundServiceAccountNames: [], boundServiceAccountNamespaces: ['*'] } } }), /non-empty list/)
  })
})

const badSeeds: [string, unknown, RegExp][] = [
  ['unknown auth type', { type: 'github' }, /type must be one of/],
  ['unknown mount field', { type: 'userpass', roles: {} }, /unknown field roles for type userpass/],
  ['unknown entry field', { type: 'userpass', users: { a: { password: 'p', pasword: 'q' } } }, /unknown field pasword/],
  ['missing required field', { type: 'approle', roles: { a: { secretIds: [] } } }, /roleId is required/],
  ['unknown policy name', { type: 'userpass', users: { a: { password: 'p', policies: ['nope'] } } }, /unknown policy nope/],
  ['unknown capability', { type: 'userpass', users: { a: { password: 'p', rules: [{ path: 'x', capabilities: ['reed'] }] } } }, /unknown capability reed/],
  ['a config field of another type', { type: 'kubernetes', config: { pemKeys: [], boundIssuer: 'x' }, roles: {} }, /unknown field boundIssuer/],
  ['not a key', { type: 'jwt', config: { jwtValidationPubkeys: ['nope'] }, roles: {} }, /not a PEM public key/],
  ['an Ed25519 key for kubernetes', { type: 'kubernetes', config: { pemKeys: [pem(generateKeyPairSync('ed25519').publicKey)] }, roles: {} }, /valid RSA or ECDSA public keys/],
  ['a cert entry without a certificate', { type: 'cert', certs: { a: { certificate: 'x' } } }, /holds no PEM certificate/],
  ['redefining the default policy', null, /default is built in/],
  ['a negative TTL', { type: 'userpass', users: { a: { password: 'p', tokenTtl: -1 } } }, /tokenTtl must be a non-negative integer/],
]
for (const [name, mount, re] of badSeeds) {
  test(`seed validation: ${name}`, async () => {
    const server = mount === null ? { policies: { default: readApp } } : { auth: { m: mount } }
    await assert.rejects(
      withServer({ seed: { $server: server } as unknown as Seed }, async () => undefined),
      re,
    )
  })
}

// ------------------------------------------------------------------ cert (mTLS)

let dir = ''
const pems: Record<string, string> = {}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore', cwd: dir })
}

/** A CA, and a leaf it signs with the given extensions (serial fixed for the metadata). */
function makeCa(name: string): void {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3', '-subj', `/CN=${name}`])
}
function makeLeaf(name: string, ca: string, cn: string, serial: number, ext: string): void {
  writeFileSync(join(dir, `${name}.ext`), ext)
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`])
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', String(serial), '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`])
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-auth-test-'))
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.pem', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'])
  makeCa('ca')
  makeCa('rogue')
  const client = 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'
  makeLeaf('client', 'ca', 'app.example', 4660, client)
  makeLeaf('outsider', 'rogue', 'outsider.example', 17, client)
  makeLeaf('server-only', 'ca', 'wrong-usage.example', 18, client.replace('clientAuth', 'serverAuth'))
  makeLeaf('inter', 'ca', 'intermediate', 19, 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n')
  makeLeaf('chained', 'inter', 'chained.example', 20, client)
  for (const f of ['server.pem', 'server.key', 'ca.pem', 'client.pem', 'client.key', 'outsider.pem', 'outsider.key', 'server-only.pem', 'server-only.key', 'inter.pem', 'chained.pem', 'chained.key']) {
    pems[f] = readFileSync(join(dir, f), 'utf8')
  }
  pems['chain.pem'] = pems['chained.pem'] + pems['inter.pem']
  pems['chain.key'] = pems['chained.key']
})
after(() => rmSync(dir, { recursive: true, force: true }))

function certSeed(): Seed {
  return {
    secret: { version: 2, secrets: { 'app/db': { password: 'canary-db-5531' } } },
    $server: {
      auth: {
        cert: { type: 'cert', certs: { web: { certificate: pems['ca.pem'], rules: readApp }, pinned: { certificate: pems['client.pem'] } } },
        'cert-ca-only': { type: 'cert', certs: { web: { certificate: pems['ca.pem'] } } },
      },
    },
  } as unknown as Seed
}

const certCases: {
  name: string
  mount?: string
  client?: 'client' | 'outsider' | 'server-only' | 'chain' | 'chained'
  body?: unknown
  daysLater?: number
  status: number
  want?: string | RegExp
  certName?: string
}[] = [
  { name: 'no client certificate', status: 400, want: errors('client certificate must be supplied') },
  { name: 'a certificate from another CA', client: 'outsider', status: 400, want: errors('invalid certificate or no client certificate supplied') },
  { name: 'a trusted client certificate, the first matching entry', mount: 'cert-ca-only', client: 'client', status: 200, certName: 'web' },
  { name: 'a pinned leaf entry matches by serial and authority key id', client: 'client', body: { name: 'pinned' }, status: 200, certName: 'pinned' },
  { name: 'constrained by name to the CA entry', client: 'client', body: { name: 'web' }, status: 200, certName: 'web' },
  { name: 'constrained to an unknown name', client: 'client', body: { name: 'nope' }, status: 400, want: errors('invalid certificate or no client certificate supplied') },
  { name: 'a leaf under an intermediate the client sends along', mount: 'cert-ca-only', client: 'chain', status: 200, certName: 'web' },
  { name: 'the same leaf without its intermediate', mount: 'cert-ca-only', client: 'chained', status: 400, want: errors('invalid certificate or no client certificate supplied') },
  {
    name: 'a server-auth-only certificate',
    mount: 'cert-ca-only',
    client: 'server-only',
    status: 500,
    want: errors("failed to verify client's certificate: x509: certificate specifies an incompatible key usage"),
  },
  {
    name: 'an expired client certificate',
    mount: 'cert-ca-only',
    client: 'client',
    daysLater: 2,
    status: 500,
    want: /^\{"errors":\["failed to verify client's certificate: x509: certificate has expired or is not yet valid: current time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ is after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\]\}\n$/,
  },
]
for (const c of certCases) {
  test(`[32] cert over mTLS: ${c.name}: ${c.status}`, async () => {
    const later = Date.now() + (c.daysLater ?? 0) * 86400_000
    await withServer({ seed: certSeed(), tls: { cert: pems['server.pem'], key: pems['server.key'] }, clock: () => (c.daysLater ? later : Date.now()) }, async (v) => {
      const client = c.client ? { cert: pems[`${c.client}.pem`], key: pems[`${c.client}.key`] } : {}
      const r = await post(v, `auth/${c.mount ?? 'cert'}/login`, c.body ?? {}, { ca: pems['server.pem'], ...client })
      assert.equal(r.status, c.status, r.body)
      if (typeof c.want === 'string') assert.equal(r.body, c.want)
      else if (c.want) assert.match(r.body, c.want)
      if (c.certName) assert.equal(JSON.parse(r.body).auth.metadata.cert_name, c.certName)
    })
  })
}

test('[32] cert: metadata (key ids as openssl prints them, decimal serial), the token reads by the entry rules; plain HTTP answers tls connection required', async () => {
  const text = execFileSync('openssl', ['x509', '-in', join(dir, 'client.pem'), '-noout', '-ext', 'subjectKeyIdentifier,authorityKeyIdentifier'], { encoding: 'utf8' })
  const [skid, akid] = [...text.matchAll(/^\s+((?:keyid:)?[0-9A-F]{2}(?::[0-9A-F]{2})+)\s*$/gm)].map((m) => m[1].replace('keyid:', '').toLowerCase())
  await withServer({ seed: certSeed(), tls: { cert: pems['server.pem'], key: pems['server.key'] } }, async (v) => {
    const r = await post(v, 'auth/cert/login', { name: 'web' }, { ca: pems['server.pem'], cert: pems['client.pem'], key: pems['client.key'] })
    const auth = JSON.parse(r.body).auth
    assert.deepEqual(auth.metadata, { authority_key_id: akid, cert_name: 'web', common_name: 'app.example', serial_number: '4660', subject_key_id: skid })
    assert.equal(JSON.parse(r.body).mount_type, 'cert')
    assert.equal((await call(v, 'GET', '/v1/secret/data/app/db', { token: auth.client_token, ca: pems['server.pem'] })).status, 200)
    const d = JSON.parse((await call(v, 'GET', '/v1/auth/token/lookup-self', { token: auth.client_token, ca: pems['server.pem'] })).body).data
    assert.deepEqual([d.display_name, d.path], ['cert-web', 'auth/cert/login'])
  })
  await withServer({ seed: certSeed() }, async (v) => {
    assert.equal((await post(v, 'auth/cert/login', {})).body, errors('tls connection required'))
  })
})
