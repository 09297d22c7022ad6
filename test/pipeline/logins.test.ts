// Logins in a render, against the bundled Vault-compatible server (its request log and minted-token
// table prove who read what): one login per identity however many ExternalSecrets share it, one
// revoke at the end; two stores with different roles stay apart; a token that runs out of uses or
// expires is replaced by one more login; a refused login fails every ExternalSecret of that store once.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { runRender } from '../../src/hosts/stream.ts'
import { loginRequest } from '../../src/pipeline/logins.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

const PASSWORD = 'LOGIN-PW-CANARY-0b7e'
const SECRET_ID = 'SECRET-ID-CANARY-3c5a'

const userStore = (name: string, user: string, secretName: string) =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: http://placeholder:8200\n      path: secret\n      auth: {userPass: {path: userpass, username: ${user}, secretRef: {name: ${secretName}, key: password}}}\n`
const password = (name: string, value: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: apps}\nstringData: {password: ${value}}\n`
const es = (name: string, store: string, key: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  secretStoreRef: {name: ${store}}\n  data:\n  - secretKey: v\n    remoteRef: {key: ${key}, property: v}\n`

async function withVault(seed: Record<string, unknown>, fn: (v: VaultDouble) => Promise<void>): Promise<void> {
  const v = await startVaultDouble({ seed: seed as never })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}

const render = (v: VaultDouble, docs: string[], extra: string[] = []) =>
  runRender({ args: ['-', '--vault-retries', '0', ...extra], stdin: async () => docs.join('---\n'), env: { VAULT_ADDR: v.url }, readFile: (p) => readFileSync(p, 'utf8') })

const secrets: Record<string, { v: string }> = {}
for (let i = 0; i < 10; i++) secrets[`team-a/s${i}`] = { v: `value-${i}` }
secrets['team-b/only'] = { v: 'b-value' }
const seed = (extra: Record<string, unknown> = {}) => ({
  $server: {
    auth: {
      userpass: {
        type: 'userpass',
        users: {
          alice: { password: PASSWORD, rules: [{ path: 'secret/data/team-a/*', capabilities: ['read'] }], ...extra },
          bob: { password: PASSWORD, rules: [{ path: 'secret/data/team-b/*', capabilities: ['read'] }] },
        },
      },
    },
  },
  secret: { version: 2, secrets },
})

test('ten ExternalSecrets on one store make exactly one login and one revoke', async () => {
  await withVault(seed(), async (v) => {
    const docs = [password('alice-pw', PASSWORD), userStore('a', 'alice', 'alice-pw'), ...Array.from({ length: 10 }, (_, i) => es(`es-${i}`, 'a', `team-a/s${i}`))]
    const out = await render(v, docs, ['--vault-concurrency', '4'])
    assert.equal(out.exitCode, 0, out.stderr)
    const lines = v.requests.map((r) => `${r.method} ${r.path}`)
    assert.equal(lines.filter((l) => l === 'POST auth/userpass/login/alice').length, 1)
    assert.equal(lines.filter((l) => l === 'POST auth/token/revoke-self').length, 1)
    assert.equal(lines.filter((l) => l.startsWith('GET secret/data/')).length, 10)
    assert.deepEqual(
      v.mintedTokens().map((t) => [t.identity, t.revoked]),
      [['login:userpass/alice#1', true]],
    )
    assert.match(out.stderr, /10 ExternalSecrets → 10 Secrets, 10 Vault reads, 1 Vault login/)
    assert.ok(!out.stderr.includes(PASSWORD))
  })
})

test("two stores with different roles: each reads with its own token, and the one whose role may not read a path gets Vault's 403", async () => {
  await withVault(seed(), async (v) => {
    const docs = [
      password('alice-pw', PASSWORD),
      password('bob-pw', PASSWORD),
      userStore('a', 'alice', 'alice-pw'),
      userStore('b', 'bob', 'bob-pw'),
      es('mine', 'a', 'team-a/s1'),
      es('theirs', 'a', 'team-b/only'),
      es('bobs', 'b', 'team-b/only'),
    ]
    const out = await render(v, docs)
    assert.equal(out.exitCode, 1)
    assert.match(
      out.stderr,
      /ExternalSecret apps\/theirs spec\.data\[0\]\.remoteRef\.key: cannot read secret data from Vault: GET \/v1\/secret\/data\/team-b\/only: Code: 403\. Errors: permission denied \(via SecretStore apps\/a\)/,
    )
    assert.match(out.stderr, /1 error; nothing was rendered/)
    // No token ever read for the other store: every read under team-b by bob, every read under team-a by alice.
    for (const r of v.requests.filter((x) => x.path.startsWith('secret/data/'))) {
      const owner = r.path.startsWith('secret/data/team-a/') ? 'alice' : r.identity.includes('bob') ? 'bob' : 'alice'
      if (r.status === 200) assert.match(r.identity, new RegExp(`^login:userpass/${owner}#`), `${r.path} read by ${r.identity}`)
    }
    assert.deepEqual(
      v.requests
        .filter((r) => r.path === 'secret/data/team-b/only')
        .map((r) => [r.identity.replace(/#\d+$/, ''), r.status])
        .sort(),
      [
        ['login:userpass/alice', 403],
        ['login:userpass/bob', 200],
      ],
    )
    // Both logins were revoked though the run failed.
    assert.ok(v.mintedTokens().every((t) => t.revoked))
  })
})

test('a token with a limited number of uses is replaced by one more login when it runs out', async () => {
  await withVault(seed({ tokenNumUses: 3 }), async (v) => {
    const docs = [password('alice-pw', PASSWORD), userStore('a', 'alice', 'alice-pw'), ...Array.from({ length: 7 }, (_, i) => es(`es-${i}`, 'a', `team-a/s${i}`))]
    const out = await render(v, docs, ['--vault-concurrency', '1'])
    assert.equal(out.exitCode, 0, out.stderr)
    const logins = v.requests.filter((r) => r.path === 'auth/userpass/login/alice').length
    assert.equal(logins, 3, '3 + 3 + 1 reads')
    assert.ok(
      v.requests.every((r) => r.status !== 403),
      'no read was refused',
    )
  })
})

test('a refused login fails every ExternalSecret of the store once, with no read at all', async () => {
  await withVault(seed(), async (v) => {
    const docs = [password('alice-pw', 'WRONG-PASSWORD-CANARY'), userStore('a', 'alice', 'alice-pw'), es('es-0', 'a', 'team-a/s0'), es('es-1', 'a', 'team-a/s1')]
    const out = await render(v, docs)
    assert.equal(out.exitCode, 1)
    assert.equal((out.stderr.match(/AUTH_FAILED|cannot log in to Vault with userPass login at auth\/userpass/g) ?? []).length, 2)
    assert.match(out.stderr, /Code: 400\. Errors: invalid username or password \(via SecretStore apps\/a\)/)
    assert.equal(v.requests.filter((r) => r.path.startsWith('secret/')).length, 0)
    assert.equal(v.requests.filter((r) => r.path === 'auth/userpass/login/alice').length, 1, 'the refused login is not retried')
    assert.ok(!out.stderr.includes('WRONG-PASSWORD-CANARY'))
  })
})

test('appRole: the role ID inline and the secret ID from a Secret; the secret ID never reaches stderr', async () => {
  const approle = {
    $server: { auth: { approle: { type: 'approle', roles: { app: { roleId: 'app-role', secretIds: [SECRET_ID], rules: [{ path: 'secret/data/*', capabilities: ['read'] }] } } } } },
    secret: { version: 2, secrets },
  }
  await withVault(approle, async (v) => {
    const store = `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: a, namespace: apps}\nspec:\n  provider:\n    vault:\n      server: http://placeholder:8200\n      path: secret\n      auth: {appRole: {path: approle, roleId: " app-role ", secretRef: {name: sid, key: id}}}\n`
    const out = await render(v, [`apiVersion: v1\nkind: Secret\nmetadata: {name: sid, namespace: apps}\nstringData: {id: ${SECRET_ID}}\n`, store, es('es-x', 'a', 'team-a/s0')])
    assert.equal(out.exitCode, 0, out.stderr)
    assert.ok(!out.stderr.includes(SECRET_ID))
  })
})

test('a login answered with an MFA requirement is a clear AUTH_FAILED (a render cannot give a second factor)', async () => {
  await withVault(seed({ mfaRequired: true }), async (v) => {
    const out = await render(v, [password('alice-pw', PASSWORD), userStore('a', 'alice', 'alice-pw'), es('es-x', 'a', 'team-a/s0')])
    assert.equal(out.exitCode, 1)
    assert.match(out.stderr, /Vault asks for multi-factor authentication, which a render cannot give/)
  })
})

const requests: { name: string; auth: Parameters<typeof loginRequest>[0]; path: string; body: Record<string, string> }[] = [
  {
    name: 'kubernetes',
    auth: { kind: 'login', method: 'kubernetes', mount: 'k8s', role: 'r', credentials: { jwt: { value: 'J', from: 'x', author: 'input' } }, author: 'input', source: '', identity: '' },
    path: 'auth/k8s/login',
    body: { role: 'r', jwt: 'J' },
  },
  {
    name: 'appRole',
    auth: {
      kind: 'login',
      method: 'appRole',
      mount: 'approle',
      credentials: { roleId: { value: 'R', from: 'x', author: 'input' }, secretId: { value: 'S', from: 'y', author: 'input' } },
      author: 'input',
      source: '',
      identity: '',
    },
    path: 'auth/approle/login',
    body: { role_id: 'R', secret_id: 'S' },
  },
  {
    name: 'jwt without a role (the mount default_role)',
    auth: { kind: 'login', method: 'jwt', mount: 'jwt', role: '', credentials: { jwt: { value: 'J', from: 'x', author: 'input' } }, author: 'input', source: '', identity: '' },
    path: 'auth/jwt/login',
    body: { role: '', jwt: 'J' },
  },
  {
    name: 'userPass (username trimmed)',
    auth: { kind: 'login', method: 'userPass', mount: 'up', username: ' bob ', credentials: { password: { value: 'P', from: 'x', author: 'input' } }, author: 'input', source: '', identity: '' },
    path: 'auth/up/login/bob',
    body: { password: 'P' },
  },
  {
    name: 'ldap',
    auth: { kind: 'login', method: 'ldap', mount: 'ldap', username: 'svc', credentials: { password: { value: 'P', from: 'x', author: 'input' } }, author: 'input', source: '', identity: '' },
    path: 'auth/ldap/login/svc',
    body: { password: 'P' },
  },
  {
    name: 'cert with a role',
    auth: { kind: 'login', method: 'cert', mount: 'cert', role: 'web', credentials: {}, author: 'input', source: '', identity: '' },
    path: 'auth/cert/login',
    body: { name: 'web' },
  },
]
for (const r of requests) {
  test(`loginRequest: ${r.name}`, async () => {
    const req = await loginRequest(r.auth)
    assert.equal(req.path, r.path)
    assert.deepEqual(req.body, r.body)
  })
}

// The run's end and a SIGTERM can both ask for the revocation: each login token is revoked once.
test('revokeAll and stop racing each other revoke every login token exactly once', async () => {
  const { Logins } = await import('../../src/pipeline/logins.ts')
  await withVault(seed(), async (v) => {
    const auth = {
      kind: 'login' as const,
      method: 'userPass' as const,
      mount: 'userpass',
      username: 'alice',
      credentials: { password: { value: PASSWORD, from: 'Secret apps/alice-pw key password', author: 'input' as const } },
      author: 'input' as const,
      source: 'userPass login at auth/userpass (alice)',
      identity: 'alice@userpass',
    }
    const store = {
      key: 'k',
      resource: { kind: 'SecretStore', name: 'a', namespace: 'apps' },
      kv: { path: 'secret', version: 'v2' as const },
      conn: { address: v.url },
      addressSource: 'store' as const,
      auth,
      credential: { author: 'input' as const, source: auth.source },
    }
    const logins = new Logins({ timeoutMs: 2000, retries: 0, backoffMs: 0 })
    await logins.token(store)
    const [a, b] = await Promise.all([logins.revokeAll(2000), logins.stop(2000)])
    assert.equal(a.revoked + b.revoked, 1)
    assert.equal(a.failed + b.failed, 0)
    assert.equal(v.requests.filter((r) => r.path === 'auth/token/revoke-self').length, 1)
    await assert.rejects(logins.token({ ...store, auth: { ...auth, identity: 'other' } }), /the run was stopped \(deadline or SIGTERM\) before the userPass login/)

    // A revocation on its way holds every other revokeAll until it is answered: the run's end
    // closes the connections right after, and a stopped process exits right after.
    const second = new Logins({ timeoutMs: 2000, retries: 0, backoffMs: 0 })
    await second.token(store)
    v.addFault({ action: { latencyMs: 300 }, path: 'auth/token/revoke-self', count: 1 })
    const stopping = second.stop(2000)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await second.revokeAll(2000)
    const revokes = v.requests.filter((r) => r.path === 'auth/token/revoke-self')
    assert.deepEqual(
      revokes.map((r) => r.status),
      [204, 204],
      'answered before the racing call returned',
    )
    assert.equal((await stopping).revoked, 1)
  })
})
