// ldapLogin against the Vault-compatible server: `POST auth/<mount>/login/<username> {password}` (trimmed,
// case kept), the token login() reads, and the LDAP plugin's refusals (failed bind, zero-length password,
// lockout, MFA) reaching AUTH_FAILED with the password nowhere in sight.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ldapLogin } from '../../../src/vault/auth/ldap.ts'
import { assertLoginWire, loggedIn, loginLines, lookupSelf, refusal, refused, withVault } from './harness.ts'

const PASSWORD = 'AUTH-CANARY-ldap-bind-password-2c8d4f90'
const WRONG = 'AUTH-CANARY-ldap-wrong-password-7e13ab56'
const CANARIES = [PASSWORD, WRONG]

const seed = {
  $server: {
    auth: {
      ldap: {
        type: 'ldap',
        lockoutThreshold: 2,
        users: {
          svc: { password: PASSWORD, tokenTtl: 1800, tokenNumUses: 2, policies: ['reader'] },
          'locked-out': { password: PASSWORD },
          mfa: { password: PASSWORD, mfaRequired: true },
        },
      },
      'corp-ad': { type: 'ldap', users: { 'Jane.Doe': { password: PASSWORD } } },
    },
    policies: { reader: [{ path: 'secret/data/*', capabilities: ['read'] }] },
  },
}

const what = (mount: string, user: string) => `ldap login at auth/${mount} as user ${JSON.stringify(user)}`

const successes: { name: string; mount: string; username: string; path: string; user: string; ttl: number; uses: number; policies: string[] }[] = [
  { name: 'a service account: the entry TTL, uses and policies', mount: 'ldap', username: 'svc', path: 'auth/ldap/login/svc', user: 'svc', ttl: 1800, uses: 2, policies: ['default', 'reader'] },
  { name: 'the username is trimmed', mount: 'ldap', username: ' svc \n', path: 'auth/ldap/login/svc', user: 'svc', ttl: 1800, uses: 2, policies: ['default', 'reader'] },
  { name: 'the case is kept (LDAP is asked as written)', mount: 'ldap', username: 'SVC', path: 'auth/ldap/login/SVC', user: 'SVC', ttl: 1800, uses: 2, policies: ['default', 'reader'] },
  {
    name: 'another mount, a dotted name, the mount defaults',
    mount: 'corp-ad',
    username: 'jane.doe',
    path: 'auth/corp-ad/login/jane.doe',
    user: 'jane.doe',
    ttl: 2764800,
    uses: 0,
    policies: ['default'],
  },
]

for (const c of successes) {
  test(`ldap login: ${c.name}`, async () => {
    await withVault(seed, async (v, tap) => {
      const request = ldapLogin({ path: c.mount, username: c.username, password: PASSWORD })
      assert.deepEqual(request, { method: 'ldap', path: c.path, body: { password: PASSWORD }, namespace: undefined })
      const t = await loggedIn(v, { address: tap.url }, request, what(c.mount, c.username), CANARIES)
      assertLoginWire(tap, `/v1/${c.path}`, { password: PASSWORD })
      assert.match(t.token, /^hvs\./)
      assert.deepEqual({ ttl: t.ttlSeconds, uses: t.numUses, renewable: t.renewable }, { ttl: c.ttl, uses: c.uses, renewable: true })
      const minted = `login:${c.mount}/${c.user}#1`
      assert.deepEqual(loginLines(v), [{ method: 'POST', path: c.path, status: 200, identity: 'none', login: { mount: c.mount, user: c.user, minted } }])
      assert.deepEqual(
        v.mintedTokens().map((m) => [m.identity, m.policies, m.numUses]),
        [[minted, c.policies, c.uses]],
      )
      const self = await lookupSelf({ address: v.url }, t.token)
      assert.deepEqual([self.path, self.meta, self.policies], [c.path, { username: c.user }, c.policies])
    })
  })
}

const refusals: { name: string; username: string; password: string; status: number; text: string; mount?: string }[] = [
  { name: 'a wrong password', username: 'svc', password: WRONG, status: 400, text: 'ldap operation failed: failed to bind as user' },
  { name: 'a user the directory does not hold', username: 'nobody', password: PASSWORD, status: 400, text: 'ldap operation failed: failed to bind as user' },
  { name: 'an empty password (deny_null_bind)', username: 'svc', password: '', status: 400, text: 'password cannot be of zero length when passwordless binds are being denied' },
  { name: 'the userpass mount name for an LDAP user (no such mount)', username: 'svc', password: PASSWORD, status: 403, text: 'permission denied', mount: 'userpass' },
]

for (const c of refusals) {
  test(`ldap refused: ${c.name}: ${c.status} ${c.text}`, async () => {
    await withVault(seed, async (v, tap) => {
      const mount = c.mount ?? 'ldap'
      const e = await refused(v, { address: tap.url }, ldapLogin({ path: mount, username: c.username, password: c.password }), what(mount, c.username), CANARIES)
      assert.equal(e.message, refusal(what(mount, c.username), `auth/${mount}/login/${c.username}`, c.status, c.text))
      assert.equal(v.requests.length, 1, 'a refusal is not retried')
      assert.equal(v.mintedTokens().length, 0)
    })
  })
}

test('ldap lockout: after 2 failed binds the right password gets 403 permission denied', async () => {
  await withVault(seed, async (v) => {
    const conn = { address: v.url }
    const statuses: number[] = []
    for (const password of [WRONG, `${WRONG}-again`, PASSWORD]) {
      const e = await refused(v, conn, ldapLogin({ path: 'ldap', username: 'locked-out', password }), what('ldap', 'locked-out'), CANARIES)
      statuses.push(v.requests.at(-1)!.status)
      assert.ok(e.message.startsWith(`cannot log in to Vault with ${what('ldap', 'locked-out')}: POST /v1/auth/ldap/login/locked-out: Code: `), e.message)
    }
    assert.deepEqual(statuses, [400, 400, 403])
    const last = await refused(v, conn, ldapLogin({ path: 'ldap', username: 'locked-out', password: PASSWORD }), what('ldap', 'locked-out'), CANARIES)
    assert.equal(last.message, refusal(what('ldap', 'locked-out'), 'auth/ldap/login/locked-out', 403, 'permission denied'))
  })
})

test('ldap with login MFA: AUTH_FAILED says a render cannot give a second factor', async () => {
  await withVault(seed, async (v) => {
    const e = await refused(v, { address: v.url }, ldapLogin({ path: 'ldap', username: 'mfa', password: PASSWORD }), what('ldap', 'mfa'), CANARIES)
    assert.match(
      e.message,
      /^cannot log in to Vault with ldap login at auth\/ldap as user "mfa": POST \/v1\/auth\/ldap\/login\/mfa: Vault asks for multi-factor authentication, which a render cannot give/,
    )
    assert.equal(v.mintedTokens().length, 0)
  })
})
