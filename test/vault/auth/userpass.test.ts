// userPassLogin against the Vault-compatible server: `POST auth/<mount>/login/<username> {password}`
// (username trimmed, its case left to Vault), the token as login() reads it, and Vault's refusals
// (wrong user or password, lockout, MFA) reaching AUTH_FAILED with the password nowhere in sight.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { userPassLogin } from '../../../src/vault/auth/userpass.ts'
import { login } from '../../../src/vault/auth/login.ts'
import { RenderError } from '../../../src/errors.ts'
import { assertLoginWire, loggedIn, loginLines, lookupSelf, refusal, refused, withVault } from './harness.ts'

const PASSWORD = 'AUTH-CANARY-userpass-password-5b1e0c7d'
const WRONG = 'AUTH-CANARY-userpass-wrong-9a4f2e61'
const CANARIES = [PASSWORD, WRONG]

const seed = {
  $server: {
    auth: {
      userpass: {
        type: 'userpass',
        lockoutThreshold: 3,
        users: {
          alice: { password: PASSWORD, tokenTtl: 3600, tokenNumUses: 4, rules: [{ path: 'secret/data/*', capabilities: ['read'] }] },
          carol: { password: PASSWORD, mfaRequired: true },
          dave: { password: PASSWORD },
        },
      },
      'corp/users': { type: 'userpass', users: { bob: { password: PASSWORD } } },
    },
  },
}

const what = (mount: string, user: string) => `userPass login at auth/${mount} as user ${JSON.stringify(user)}`

const successes: { name: string; mount: string; username: string; path: string; user: string; ttl: number; uses: number }[] = [
  { name: 'alice at the userpass mount: the role TTL and uses', mount: 'userpass', username: 'alice', path: 'auth/userpass/login/alice', user: 'alice', ttl: 3600, uses: 4 },
  { name: 'the username is trimmed before it goes into the path', mount: 'userpass', username: '  alice\t', path: 'auth/userpass/login/alice', user: 'alice', ttl: 3600, uses: 4 },
  { name: 'the case is left as written; Vault lower-cases it', mount: 'userpass', username: 'Alice', path: 'auth/userpass/login/Alice', user: 'alice', ttl: 3600, uses: 4 },
  { name: 'a nested mount, the mount defaults (768h, unlimited uses)', mount: 'corp/users', username: 'bob', path: 'auth/corp/users/login/bob', user: 'bob', ttl: 2764800, uses: 0 },
]

for (const c of successes) {
  test(`userpass login: ${c.name}`, async () => {
    await withVault(seed, async (v, tap) => {
      const request = userPassLogin({ path: c.mount, username: c.username, password: PASSWORD })
      assert.deepEqual(request, { method: 'userPass', path: c.path, body: { password: PASSWORD }, namespace: undefined })
      const t = await loggedIn(v, { address: tap.url }, request, what(c.mount, c.username), CANARIES)
      assertLoginWire(tap, `/v1/${c.path}`, { password: PASSWORD })
      assert.match(t.token, /^hvs\.[0-9A-Za-z]{91}$/)
      assert.deepEqual({ ttl: t.ttlSeconds, uses: t.numUses, renewable: t.renewable }, { ttl: c.ttl, uses: c.uses, renewable: true })
      const minted = `login:${c.mount}/${c.user}#1`
      assert.deepEqual(loginLines(v), [{ method: 'POST', path: c.path, status: 200, identity: 'none', login: { mount: c.mount, user: c.user, minted } }])
      assert.deepEqual(
        v.mintedTokens().map((m) => [m.identity, m.numUses, m.usesLeft]),
        [[minted, c.uses, c.uses]],
      )
      // lookup-self spends one of the token's uses itself.
      const self = await lookupSelf({ address: v.url }, t.token)
      assert.deepEqual([self.path, self.meta, self.num_uses], [c.path, { username: c.user }, c.uses ? c.uses - 1 : 0])
    })
  })
}

const refusals: { name: string; username: string; password: string; status: number; text: string; mount?: string }[] = [
  { name: 'a wrong password', username: 'alice', password: WRONG, status: 400, text: 'invalid username or password' },
  { name: 'an unknown user', username: 'mallory', password: PASSWORD, status: 400, text: 'invalid username or password' },
  { name: 'an empty password', username: 'alice', password: '', status: 400, text: 'invalid credentials' },
  { name: 'a name the login path does not take', username: 'al ice', password: PASSWORD, status: 404, text: 'unsupported path' },
  { name: 'a mount that does not exist (an unauthenticated request elsewhere)', username: 'alice', password: PASSWORD, status: 403, text: 'permission denied', mount: 'nope' },
]

for (const c of refusals) {
  test(`userpass refused: ${c.name}: ${c.status} ${c.text}`, async () => {
    await withVault(seed, async (v, tap) => {
      const mount = c.mount ?? 'userpass'
      const request = userPassLogin({ path: mount, username: c.username, password: c.password })
      const e = await refused(v, { address: tap.url }, request, what(mount, c.username), CANARIES)
      assert.equal(e.message, refusal(what(mount, c.username), `auth/${mount}/login/${c.username}`, c.status, c.text))
      assert.equal(v.requests.length, 1, 'a refusal is not retried')
      assert.equal(v.mintedTokens().length, 0)
    })
  })
}

test('userpass lockout: after 3 wrong passwords even the right one gets 403 permission denied, and no token', async () => {
  await withVault(seed, async (v) => {
    const conn = { address: v.url }
    for (let i = 0; i < 3; i++) {
      const e = await refused(v, conn, userPassLogin({ path: 'userpass', username: 'dave', password: `${WRONG}-${i}` }), what('userpass', 'dave'), CANARIES)
      assert.equal(e.message, refusal(what('userpass', 'dave'), 'auth/userpass/login/dave', 400, 'invalid username or password'))
    }
    const e = await refused(v, conn, userPassLogin({ path: 'userpass', username: 'DAVE', password: PASSWORD }), what('userpass', 'DAVE'), CANARIES)
    assert.equal(e.message, refusal(what('userpass', 'DAVE'), 'auth/userpass/login/DAVE', 403, 'permission denied'))
    assert.deepEqual(
      v.requests.map((r) => r.status),
      [400, 400, 400, 403],
    )
    assert.equal(v.mintedTokens().length, 0)
  })
})

test('userpass with login MFA: Vault answers 200 without a token; AUTH_FAILED says a render cannot give a second factor', async () => {
  await withVault(seed, async (v) => {
    const e = await refused(v, { address: v.url }, userPassLogin({ path: 'userpass', username: 'carol', password: PASSWORD }), what('userpass', 'carol'), CANARIES)
    assert.equal(
      e.message,
      `cannot log in to Vault with ${what('userpass', 'carol')}: POST /v1/auth/userpass/login/carol: Vault asks for multi-factor authentication, which a render cannot give; use a method without login MFA for rendering`,
    )
    assert.equal(v.requests[0].status, 200)
    assert.equal(v.mintedTokens().length, 0)
  })
})

test('a username with a line break does not start a line of its own in the error', async () => {
  await withVault(seed, async (v) => {
    const e = await refused(v, { address: v.url }, userPassLogin({ path: 'userpass', username: 'alice\nFORGED: line', password: PASSWORD }), 'userPass login', CANARIES)
    assert.doesNotMatch(e.message, /[\r\n]/)
    assert.match(e.message, /login\/alice\\x0aFORGED: line/)
  })
})

test('a username with .. segments cannot climb out of the login path: refused, nothing sent', async () => {
  await withVault(seed, async (v) => {
    const request = userPassLogin({ path: 'userpass', username: '../../../secret/data/x', password: PASSWORD })
    await assert.rejects(login({ address: v.url }, request, 'userPass login', { timeoutMs: 2000, retries: 0, backoffMs: 0 }), (e: unknown) => {
      assert.ok(e instanceof RenderError)
      assert.match(e.message, /has a \. or \.\. segment, which would be resolved to another path; nothing was sent/)
      assert.ok(!e.message.includes(PASSWORD))
      return true
    })
    assert.deepEqual(v.requests, [])
  })
})
