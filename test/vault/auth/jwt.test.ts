// jwtLogin against the Vault-compatible server with ES256 tokens from test/vault-server/jwt.ts: `POST
// auth/<path>/login {role, jwt}` (an empty role leaves it to default_role), the token login() reads, and
// the plugin's refusals (role, signature, iss, aud, exp, bound claims) with the JWT nowhere in sight.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { jwtLogin } from '../../../src/vault/auth/jwt.ts'
import { signJwt } from '../../vault-server/jwt.ts'
import { assertLoginWire, loggedIn, loginLines, lookupSelf, refusal, refused, withVault } from './harness.ts'

const ci = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ISSUER = 'https://ci.example'
/** Not a JWT at all: a planted credential, to prove the refusal does not echo it. */
const GARBAGE = 'AUTH-CANARY-jwt-not-a-jws-8b27d4e6'

/** A CI job's token; `claims` overrides what a test needs wrong (undefined removes a claim). */
function ciToken(claims: Record<string, unknown> = {}, key = ci.privateKey): string {
  const now = Math.floor(Date.now() / 1000)
  const base: Record<string, unknown> = { iss: ISSUER, sub: 'repo:org/app', aud: 'vault', repository: 'org/app', jti: 'AUTH-CANARY-jwt-claim-61f0', iat: now, nbf: now, exp: now + 300 }
  const all = { ...base, ...claims }
  for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k]
  return signJwt(all, key, 'ES256')
}

const pubkey = ci.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const seed = {
  $server: {
    auth: {
      jwt: {
        type: 'jwt',
        config: { jwtValidationPubkeys: [pubkey], boundIssuer: ISSUER, defaultRole: 'ci' },
        roles: {
          ci: { userClaim: 'sub', boundAudiences: ['vault'], boundClaims: { repository: ['org/app', 'org/lib'] }, claimMappings: { repository: 'repo' }, tokenTtl: 900, tokenNumUses: 3 },
          deploy: { userClaim: 'sub', boundAudiences: ['vault'], boundSubject: 'deployer' },
          'no-audience': { userClaim: 'sub' },
        },
      },
      'github-actions': { type: 'jwt', config: { jwtValidationPubkeys: [pubkey] }, roles: { build: { userClaim: 'repository', boundAudiences: ['vault'] } } },
      unconfigured: { type: 'jwt', roles: { any: { userClaim: 'sub' } } },
    },
  },
}

const what = (mount: string, role: string) => `jwt login at auth/${mount} as role ${JSON.stringify(role)}`

const successes: { name: string; mount: string; role: string; jwt: () => string; seenRole: string; ttl: number; uses: number; meta: Record<string, string> }[] = [
  { name: 'a named role: its TTL, uses and claim mappings', mount: 'jwt', role: 'ci', jwt: () => ciToken(), seenRole: 'ci', ttl: 900, uses: 3, meta: { repo: 'org/app', role: 'ci' } },
  { name: 'an empty role: the mount’s default_role', mount: 'jwt', role: '', jwt: () => ciToken(), seenRole: 'ci', ttl: 900, uses: 3, meta: { repo: 'org/app', role: 'ci' } },
  { name: 'the role in another case (role is lower-cased)', mount: 'jwt', role: 'CI', jwt: () => ciToken(), seenRole: 'ci', ttl: 900, uses: 3, meta: { repo: 'org/app', role: 'ci' } },
  { name: 'a bound subject', mount: 'jwt', role: 'deploy', jwt: () => ciToken({ sub: 'deployer' }), seenRole: 'deploy', ttl: 2764800, uses: 0, meta: { role: 'deploy' } },
  { name: 'another mount path, no issuer bound', mount: 'github-actions', role: 'build', jwt: () => ciToken({ iss: undefined }), seenRole: 'build', ttl: 2764800, uses: 0, meta: { role: 'build' } },
]

for (const c of successes) {
  test(`jwt login: ${c.name}`, async () => {
    await withVault(seed, async (v, tap) => {
      const jwt = c.jwt()
      const request = jwtLogin({ path: c.mount, role: c.role, jwt })
      assert.deepEqual(request, { method: 'jwt', path: `auth/${c.mount}/login`, body: { role: c.role, jwt }, namespace: undefined })
      const t = await loggedIn(v, { address: tap.url }, request, what(c.mount, c.role), [jwt, jwt.split('.')[2]])
      // The empty role goes on the wire as "", as ESO sends it: Vault then uses default_role.
      assertLoginWire(tap, `/v1/auth/${c.mount}/login`, { role: c.role, jwt })
      assert.match(t.token, /^hvs\./)
      assert.deepEqual({ ttl: t.ttlSeconds, uses: t.numUses, renewable: t.renewable }, { ttl: c.ttl, uses: c.uses, renewable: true })
      const minted = `login:${c.mount}/${c.seenRole}#1`
      assert.deepEqual(loginLines(v), [{ method: 'POST', path: `auth/${c.mount}/login`, status: 200, identity: 'none', login: { mount: c.mount, role: c.seenRole, minted } }])
      const self = await lookupSelf({ address: v.url }, t.token)
      assert.deepEqual(self.meta, c.meta)
    })
  })
}

const refusals: { name: string; mount?: string; role: string; jwt: () => string; status: number; text: string }[] = [
  { name: 'a role the mount does not have', role: 'nope', jwt: () => ciToken(), status: 400, text: 'role "nope" could not be found' },
  { name: 'an empty role on a mount without default_role', mount: 'github-actions', role: '', jwt: () => ciToken(), status: 400, text: 'missing role' },
  { name: 'no JWT', role: 'ci', jwt: () => '', status: 400, text: 'missing token' },
  {
    name: 'something that is not a JWT',
    role: 'ci',
    jwt: () => GARBAGE,
    status: 400,
    text: 'error validating token: error verifying token signature: go-jose/go-jose: compact JWS format must have three parts',
  },
  {
    name: 'a JWT signed by another key',
    role: 'ci',
    jwt: () => ciToken({}, stranger.privateKey),
    status: 400,
    text: 'error validating token: error verifying token signature: no known key successfully validated the token signature',
  },
  { name: 'another issuer', role: 'ci', jwt: () => ciToken({ iss: 'https://evil.example' }), status: 400, text: 'error validating token: invalid issuer (iss) claim' },
  { name: 'a subject the role does not bind', role: 'deploy', jwt: () => ciToken(), status: 400, text: 'error validating token: invalid subject (sub) claim' },
  {
    name: 'an audience the role does not bind',
    role: 'ci',
    jwt: () => ciToken({ aud: 'other' }),
    status: 400,
    text: 'error validating token: invalid audience (aud) claim: audience claim does not match any expected audience',
  },
  { name: 'an audience on a role that binds none', role: 'no-audience', jwt: () => ciToken(), status: 400, text: 'audience claim found in JWT but no audiences bound to the role' },
  {
    name: 'an expired token',
    role: 'ci',
    jwt: () => ciToken({ iat: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 }),
    status: 400,
    text: 'error validating token: invalid expiration time (exp) claim: token is expired',
  },
  {
    name: 'a bound claim with another value',
    role: 'ci',
    jwt: () => ciToken({ repository: 'org/other' }),
    status: 400,
    text: 'error validating claims: claim "repository" does not match any associated bound claim values',
  },
  { name: 'no user claim', mount: 'github-actions', role: 'build', jwt: () => ciToken({ repository: undefined }), status: 400, text: 'claim "repository" not found in token' },
  { name: 'a mount without configuration', mount: 'unconfigured', role: 'any', jwt: () => ciToken(), status: 400, text: 'could not load configuration' },
]

for (const c of refusals) {
  test(`jwt refused: ${c.name}: ${c.status} ${c.text}`, async () => {
    await withVault(seed, async (v, tap) => {
      const mount = c.mount ?? 'jwt'
      const jwt = c.jwt()
      const e = await refused(v, { address: tap.url }, jwtLogin({ path: mount, role: c.role, jwt }), what(mount, c.role), jwt ? [jwt, jwt.split('.').at(-1)!] : [])
      assert.equal(e.message, refusal(what(mount, c.role), `auth/${mount}/login`, c.status, c.text))
      assert.equal(v.requests.length, 1)
      assert.equal(v.mintedTokens().length, 0)
    })
  })
}
