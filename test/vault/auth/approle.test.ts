// appRoleLogin against the Vault-compatible server: `POST auth/<mount>/login {role_id, secret_id}` sent as
// given (trimming is ESO's, upstream), the token login() reads, and AppRole's refusals (unknown role ID,
// wrong or missing secret ID, lockout and its 500) reaching AUTH_FAILED with the secret ID nowhere in sight.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { appRoleLogin } from '../../../src/vault/auth/approle.ts'
import { assertLoginWire, loggedIn, loginLines, lookupSelf, refusal, refused, withVault } from './harness.ts'

const SECRET_ID = 'AUTH-CANARY-approle-secret-id-4d9e7a21'
const OTHER_SECRET_ID = 'AUTH-CANARY-approle-other-secret-0f6b3c88'
const WRONG = 'AUTH-CANARY-approle-wrong-secret-id-b2e5917a'
const CANARIES = [SECRET_ID, OTHER_SECRET_ID, WRONG]

const seed = {
  $server: {
    auth: {
      approle: {
        type: 'approle',
        lockoutThreshold: 2,
        roles: {
          app: { roleId: 'app-role-id', secretIds: [SECRET_ID, OTHER_SECRET_ID], tokenTtl: 1200, tokenNumUses: 10, rules: [{ path: 'secret/data/app/*', capabilities: ['read'] }] },
          batch: { roleId: 'batch-role-id', secretIds: [SECRET_ID] },
          mfa: { roleId: 'mfa-role-id', secretIds: [SECRET_ID], mfaRequired: true },
        },
      },
      'team/approle': { type: 'approle', lockoutDisable: true, roles: { ci: { roleId: 'ci-role-id', secretIds: [SECRET_ID], tokenMaxTtl: 600 } } },
    },
  },
}

const what = (mount: string) => `appRole login at auth/${mount}`

const successes: { name: string; mount: string; roleId: string; secretId: string; role: string; ttl: number; uses: number }[] = [
  { name: 'the role TTL and uses', mount: 'approle', roleId: 'app-role-id', secretId: SECRET_ID, role: 'app', ttl: 1200, uses: 10 },
  { name: 'any of the role’s secret IDs', mount: 'approle', roleId: 'app-role-id', secretId: OTHER_SECRET_ID, role: 'app', ttl: 1200, uses: 10 },
  { name: 'the mount defaults (768h, unlimited uses)', mount: 'approle', roleId: 'batch-role-id', secretId: SECRET_ID, role: 'batch', ttl: 2764800, uses: 0 },
  { name: 'a nested mount, the TTL capped at the role max', mount: 'team/approle', roleId: 'ci-role-id', secretId: SECRET_ID, role: 'ci', ttl: 600, uses: 0 },
]

for (const c of successes) {
  test(`approle login: ${c.name}`, async () => {
    await withVault(seed, async (v, tap) => {
      const request = appRoleLogin({ path: c.mount, roleId: c.roleId, secretId: c.secretId })
      const body = { role_id: c.roleId, secret_id: c.secretId }
      assert.deepEqual(request, { method: 'appRole', path: `auth/${c.mount}/login`, body, namespace: undefined })
      const t = await loggedIn(v, { address: tap.url }, request, what(c.mount), CANARIES)
      assertLoginWire(tap, `/v1/auth/${c.mount}/login`, body)
      assert.match(t.token, /^hvs\./)
      assert.deepEqual({ ttl: t.ttlSeconds, uses: t.numUses, renewable: t.renewable }, { ttl: c.ttl, uses: c.uses, renewable: true })
      const minted = `login:${c.mount}/${c.role}#1`
      assert.deepEqual(loginLines(v), [{ method: 'POST', path: `auth/${c.mount}/login`, status: 200, identity: 'none', login: { mount: c.mount, role: c.role, minted } }])
      const self = await lookupSelf({ address: v.url }, t.token)
      assert.deepEqual([self.path, self.meta, self.ttl], [`auth/${c.mount}/login`, { role_name: c.role }, c.ttl])
    })
  })
}

test('the role ID and secret ID are sent as given (ESO trims an inline role ID before this; Vault trims what it reads)', async () => {
  await withVault(seed, async (v, tap) => {
    const request = appRoleLogin({ path: 'approle', roleId: ' app-role-id ', secretId: `${SECRET_ID}\n` })
    assert.deepEqual(request.body, { role_id: ' app-role-id ', secret_id: `${SECRET_ID}\n` })
    await loggedIn(v, { address: tap.url }, request, what('approle'), CANARIES)
    assertLoginWire(tap, '/v1/auth/approle/login', { role_id: ' app-role-id ', secret_id: `${SECRET_ID}\n` })
  })
})

const refusals: { name: string; mount?: string; roleId: string; secretId: string; status: number; text: string }[] = [
  { name: 'a role ID no role has', roleId: 'nope-role-id', secretId: SECRET_ID, status: 400, text: 'invalid role or secret ID' },
  { name: 'a wrong secret ID', roleId: 'app-role-id', secretId: WRONG, status: 400, text: 'invalid role or secret ID' },
  { name: 'another role’s secret ID', roleId: 'ci-role-id', secretId: OTHER_SECRET_ID, status: 400, text: 'invalid role or secret ID', mount: 'team/approle' },
  { name: 'no secret ID', roleId: 'app-role-id', secretId: '', status: 400, text: 'missing secret_id' },
  { name: 'no role ID, lockout on (the alias lookahead fails)', roleId: '', secretId: SECRET_ID, status: 500, text: 'missing role_id' },
  { name: 'no role ID, lockout off', roleId: '', secretId: SECRET_ID, status: 400, text: 'invalid credentials', mount: 'team/approle' },
  { name: 'a mount that does not exist', roleId: 'app-role-id', secretId: SECRET_ID, status: 403, text: 'permission denied', mount: 'app-role' },
]

for (const c of refusals) {
  test(`approle refused: ${c.name}: ${c.status} ${c.text}`, async () => {
    await withVault(seed, async (v, tap) => {
      const mount = c.mount ?? 'approle'
      const e = await refused(v, { address: tap.url }, appRoleLogin({ path: mount, roleId: c.roleId, secretId: c.secretId }), what(mount), CANARIES)
      assert.equal(e.message, refusal(what(mount), `auth/${mount}/login`, c.status, c.text))
      // The role ID is an identifier, not a secret, but the error names the mount only.
      if (c.roleId) assert.ok(!e.message.includes(c.roleId))
      assert.equal(v.requests.length, 1)
      assert.equal(v.mintedTokens().length, 0)
    })
  })
}

test('approle lockout: after 2 wrong secret IDs for a role ID, the right one gets 403 permission denied; other roles are not locked', async () => {
  await withVault(seed, async (v) => {
    const conn = { address: v.url }
    for (const secretId of [WRONG, `${WRONG}-2`]) await refused(v, conn, appRoleLogin({ path: 'approle', roleId: 'app-role-id', secretId }), what('approle'), CANARIES)
    const e = await refused(v, conn, appRoleLogin({ path: 'approle', roleId: 'app-role-id', secretId: SECRET_ID }), what('approle'), CANARIES)
    assert.equal(e.message, refusal(what('approle'), 'auth/approle/login', 403, 'permission denied'))
    const t = await loggedIn(v, conn, appRoleLogin({ path: 'approle', roleId: 'batch-role-id', secretId: SECRET_ID }), what('approle'), CANARIES)
    assert.match(t.token, /^hvs\./)
    assert.deepEqual(
      v.requests.map((r) => r.status),
      [400, 400, 403, 200],
    )
  })
})

test('approle with login MFA: AUTH_FAILED says a render cannot give a second factor', async () => {
  await withVault(seed, async (v) => {
    const e = await refused(v, { address: v.url }, appRoleLogin({ path: 'approle', roleId: 'mfa-role-id', secretId: SECRET_ID }), what('approle'), CANARIES)
    assert.match(e.message, /: POST \/v1\/auth\/approle\/login: Vault asks for multi-factor authentication, which a render cannot give; use a method without login MFA for rendering$/)
  })
})
