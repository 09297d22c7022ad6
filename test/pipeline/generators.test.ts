// src/pipeline/generators.ts in the render, end to end in process against the bundled
// Vault-compatible server: a VaultDynamicSecret's login token lives on once a lease hangs on it
// (DESIGN "leases": revoking a token revokes its leases), a plain KV login is still revoked; the
// trust model guards a generator's inline provider as it guards a store (DESIGN trust rule 2);
// the tenant policy's `generators: false` refuses generators before anything is sent.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runRender } from '../../src/hosts/stream.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import type { Seed } from '../vault-server/seed.ts'

const SECRET_ID = 'GEN-SECRET-ID-CANARY-5e1'
const OPERATOR_TOKEN = 'hvs.GEN-OPERATOR-CANARY-2b7'
let vault: VaultDouble
let dir: string

before(async () => {
  vault = await startVaultDouble({
    seed: {
      secret: { version: 2, token: OPERATOR_TOKEN, secrets: { app: { k: 'kv-value-canary' } } },
      $server: {
        auth: {
          approle: {
            type: 'approle',
            roles: {
              app: {
                roleId: 'app-role',
                secretIds: [SECRET_ID],
                rules: [
                  { path: 'database/creds/*', capabilities: ['read'] },
                  { path: 'secret/data/*', capabilities: ['create', 'update'] },
                ],
              },
            },
          },
        },
        databases: { database: { roles: { app: { username: 'gen-user-canary', password: 'gen-pw-canary' } } } },
      },
    } as unknown as Seed,
  })
  dir = mkdtempSync(join(tmpdir(), 'eso-render-generators-'))
})
after(async () => {
  await vault.close()
  rmSync(dir, { recursive: true, force: true })
})

const approleSecret = `apiVersion: v1\nkind: Secret\nmetadata: {name: approle, namespace: apps}\nstringData: {secret-id: ${SECRET_ID}}\n`
const vds = (server: string, auth: string, path = 'database/creds/app') =>
  `apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret\nmetadata: {name: db, namespace: apps}\nspec:\n  path: ${path}\n  provider:\n    server: ${server}\n    auth: ${auth}\n`
const approle = '{appRole: {path: approle, roleId: app-role, secretRef: {name: approle, key: secret-id}}}'
const esUsing = (kind: string, name: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  dataFrom:\n  - sourceRef:\n      generatorRef: {kind: ${kind}, name: ${name}}\n`

async function render(docs: string[], env: Record<string, string> = {}) {
  const file = join(dir, `input-${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(file, docs.join('---\n'))
  return runRender({ args: [file], stdin: async () => '', env, readFile: (p) => readFileSync(p, 'utf8') })
}

test('a login token that created a lease is not revoked; the render says so', async () => {
  vault.clearRequests()
  const out = await render([approleSecret, vds(vault.url, approle), esUsing('VaultDynamicSecret', 'db')])
  assert.equal(out.exitCode, 0, out.stderr)
  const minted = vault.mintedTokens().at(-1)!
  assert.equal(minted.revoked, false, 'the token holding the lease must live on')
  assert.equal(vault.leases().at(-1)?.token, minted.identity)
  assert.ok(!vault.requests.some((r) => r.path === 'auth/token/revoke-self'))
  assert.match(out.stderr, /1 Vault login token was not revoked: dynamic secrets were created with it/)
  assert.match(out.stderr, /every render \(each Argo CD refresh\) mints new credentials and the old leases pile up in Vault/)
  assert.doesNotMatch(out.stderr, /canary|CANARY/)
})

test('a login token that created no lease is revoked as always (a PUT answered without lease_id)', async () => {
  const out = await render([
    approleSecret,
    `apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret\nmetadata: {name: kv, namespace: apps}\nspec:\n  path: secret/data/written\n  method: POST\n  parameters: {data: {k: v}}\n  provider:\n    server: ${vault.url}\n    auth: ${approle}\n`,
    `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  target:\n    template:\n      data: {version: '{{ .version }}'}\n  dataFrom:\n  - sourceRef:\n      generatorRef: {kind: VaultDynamicSecret, name: kv}\n`,
  ])
  assert.equal(out.exitCode, 0, out.stderr)
  assert.equal(vault.mintedTokens().at(-1)!.revoked, true)
  assert.match(out.stdout, /version: /)
  assert.doesNotMatch(out.stderr, /not revoked/)
})

test('a login token whose answer is a child token (resultType Auth) lives on, an orphan does not need it', async () => {
  // Vault revokes a token's children with it (auth/token/create without no_parent): revoking the
  // login token would revoke the token just rendered. The answer is injected: it is the shape of
  // Vault's auth/token/create, which the bundled server does not mint.
  const answer = (orphan: boolean) =>
    `{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,"warnings":null,"auth":{"client_token":"hvs.CHILD-CANARY-9d3","accessor":"acc","policies":["default"],"token_policies":["default"],"metadata":null,"lease_duration":768,"renewable":true,"entity_id":"","token_type":"service","orphan":${orphan},"mfa_requirement":null,"num_uses":0}}`
  const generator = `apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret\nmetadata: {name: tok, namespace: apps}\nspec:\n  path: auth/token/create\n  method: POST\n  resultType: Auth\n  provider:\n    server: ${vault.url}\n    auth: ${approle}\n`
  for (const orphan of [false, true]) {
    vault.clearRequests()
    vault.clearFaults()
    vault.addFault({ action: { status: 200, body: answer(orphan), headers: { 'content-type': 'application/json' } }, path: 'auth/token/create', method: 'PUT' })
    const out = await render([approleSecret, generator, esUsing('VaultDynamicSecret', 'tok')])
    vault.clearFaults()
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /client_token: /)
    assert.equal(vault.mintedTokens().at(-1)!.revoked, orphan, orphan ? 'an orphan does not die with its parent: the login is revoked' : 'the parent of the rendered token must live on')
    if (orphan) assert.doesNotMatch(out.stderr, /not revoked/)
    else {
      assert.match(out.stderr, /1 Vault login token was not revoked: dynamic secrets were created with it, and revoking a token revokes its leases and child tokens/)
      assert.match(out.stderr, /Vault created a token for spec\.dataFrom\[0\]\.sourceRef\.generatorRef: every render \(each Argo CD refresh\) mints new credentials and the old tokens pile up/)
    }
    assert.doesNotMatch(out.stderr, /canary|CANARY/)
  }
})

test("a generator's provider over plain http to another machine is warned about, once, like a store's (the offline plan)", async () => {
  const { runCheck } = await import('../../src/hosts/check.ts')
  const tokenSecret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: tok, namespace: apps}\nstringData: {token: gen-token-canary}\n'
  const file = join(dir, 'plain-http.yaml')
  const second = esUsing('VaultDynamicSecret', 'db').replace('name: app,', 'name: app2,')
  writeFileSync(file, [tokenSecret, vds('http://vault.invalid:8200', '{tokenSecretRef: {name: tok, key: token}}'), esUsing('VaultDynamicSecret', 'db'), second].join('---\n'))
  const out = await runCheck({ args: [file], stdin: async () => '', env: {}, readFile: (p) => readFileSync(p, 'utf8') })
  assert.equal(out.exitCode, 0, out.stderr)
  const warnings = out.stderr.split('\n').filter((l) => l.includes('is plain http: the token and every secret value cross the network unencrypted'))
  assert.deepEqual(warnings, ['eso-render: warning: Vault at http://vault.invalid:8200 is plain http: the token and every secret value cross the network unencrypted (use https)'])
  assert.doesNotMatch(out.stderr + out.stdout, /canary/)
})

test("an operator token is not sent to a generator's server the operator did not trust (SERVER_NOT_TRUSTED, nothing sent)", async () => {
  vault.clearRequests()
  const out = await render([vds(vault.url, '{}'), esUsing('VaultDynamicSecret', 'db')], { VAULT_TOKEN: OPERATOR_TOKEN })
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /VaultDynamicSecret apps\/db spec\.provider\.server: the VaultDynamicSecret's server http:\/\/127\.0\.0\.1:\d+ is not trusted with the operator's credential/)
  assert.equal(vault.requests.length, 0)
})

test('the same generator with VAULT_ADDR (the operator trusts it) gets the operator token', async () => {
  const out = await render([vds('https://vault.example.com', '{}'), esUsing('VaultDynamicSecret', 'db')], { VAULT_TOKEN: OPERATOR_TOKEN, VAULT_ADDR: vault.url })
  assert.equal(out.exitCode, 0, out.stderr)
})

test('under a tenant policy with generators: false, a generator is POLICY_DENIED before anything is sent', async () => {
  const policy = join(dir, 'policy.yaml')
  writeFileSync(
    policy,
    `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRenderPolicy\nspec:\n  projects:\n    team-a: {namespaces: [apps], stores: [], servers: ["${vault.url}"], paths: ["database/creds/*"]}\n    team-b: {namespaces: [apps], stores: [], servers: ["${vault.url}"], paths: ["secret/*"], generators: true}\n`,
  )
  vault.clearRequests()
  const denied = await render([approleSecret, vds(vault.url, approle), esUsing('VaultDynamicSecret', 'db')], { ESO_RENDER_POLICY: policy, ARGOCD_APP_PROJECT_NAME: 'team-a' })
  assert.equal(denied.exitCode, 1)
  assert.match(
    denied.stderr,
    /ExternalSecret apps\/app spec\.dataFrom\[0\]\.sourceRef\.generatorRef: generator VaultDynamicSecret "db": the rule does not allow generators \(generators: false\): denied by the tenant policy/,
  )
  const password = await render([`apiVersion: generators.external-secrets.io/v1alpha1\nkind: Password\nmetadata: {name: pw, namespace: apps}\n`, esUsing('Password', 'pw')], {
    ESO_RENDER_POLICY: policy,
    ARGOCD_APP_PROJECT_NAME: 'team-a',
  })
  assert.match(password.stderr, /generator Password "pw": the rule does not allow generators/)
  // generators: true, but the generator's path is not on the rule's paths.
  const path = await render([approleSecret, vds(vault.url, approle), esUsing('VaultDynamicSecret', 'db')], { ESO_RENDER_POLICY: policy, ARGOCD_APP_PROJECT_NAME: 'team-b' })
  assert.match(path.stderr, /VaultDynamicSecret apps\/db's Vault path database\/creds\/app is not in paths \[secret\/\*\]: denied by the tenant policy/)
  assert.equal(vault.requests.length, 0)
})

test('otherProviders keep leaves an ExternalSecret with an unsupported generator whole, with the generator', async () => {
  const uuid = `apiVersion: generators.external-secrets.io/v1alpha1\nkind: UUID\nmetadata: {name: id, namespace: apps}\nspec: {}\n`
  const file = join(dir, 'keep.yaml')
  writeFileSync(file, [uuid, esUsing('UUID', 'id')].join('---\n'))
  const out = await runRender({ args: [file, '--other-providers', 'keep'], stdin: async () => '', env: {}, readFile: (p) => readFileSync(p, 'utf8') })
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stdout, /kind: ExternalSecret/)
  assert.match(out.stderr, /uses UUID apps\/id: left whole, with its stores, for ESO in the cluster/)
  assert.match(out.stdout, /kind: UUID/)
})

// generators/v1/vault/vault.go generate: a nil answer is `unable to get dynamic secret: empty
// response from Vault` unless allowEmptyResponse, which then generates nothing.
test('an empty answer fails unless allowEmptyResponse, which then contributes nothing', async () => {
  const empty = (allow: boolean) =>
    `apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret\nmetadata: {name: empty, namespace: apps}\nspec:\n  path: secret/data/missing\n  allowEmptyResponse: ${allow}\n  provider:\n    server: ${vault.url}\n    auth: {tokenSecretRef: {name: tok, key: token}}\n`
  const tok = `apiVersion: v1\nkind: Secret\nmetadata: {name: tok, namespace: apps}\nstringData: {token: ${OPERATOR_TOKEN}}\n`
  const pw = 'apiVersion: generators.external-secrets.io/v1alpha1\nkind: Password\nmetadata: {name: pw, namespace: apps}\nspec: {secretKeys: [pw]}\n'
  const es = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  target:\n    template:\n      data: {keys: '{{ len .pw }}'}\n  dataFrom:\n  - sourceRef: {generatorRef: {kind: VaultDynamicSecret, name: empty}}\n  - sourceRef: {generatorRef: {kind: Password, name: pw}}\n`
  const refused = await render([tok, empty(false), pw, es])
  assert.equal(refused.exitCode, 1)
  assert.match(
    refused.stderr,
    /spec\.dataFrom\[0\]\.sourceRef\.generatorRef: unable to get dynamic secret: empty response from Vault \(VaultDynamicSecret apps\/empty; allowEmptyResponse: true accepts that\)/,
  )
  const allowed = await render([tok, empty(true), pw, es])
  assert.equal(allowed.exitCode, 0, allowed.stderr)
  assert.match(allowed.stdout, /keys: MjQ=/)
})

test('retrySettings.retryInterval must be a Go duration (ESO: unable to setup Vault client)', async () => {
  const bad = `apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret\nmetadata: {name: db, namespace: apps}\nspec:\n  path: database/creds/app\n  retrySettings: {maxRetries: 1, retryInterval: soon}\n  provider:\n    server: ${vault.url}\n    auth: ${approle}\n`
  const out = await render([approleSecret, bad, esUsing('VaultDynamicSecret', 'db')])
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /VaultDynamicSecret apps\/db spec\.retrySettings\.retryInterval: unable to setup Vault client: time: invalid duration "soon"/)
})

test('a generator request still pending at the deadline is named (DEADLINE_EXCEEDED at its dataFrom item)', async () => {
  const tok = `apiVersion: v1\nkind: Secret\nmetadata: {name: tok, namespace: apps}\nstringData: {token: ${OPERATOR_TOKEN}}\n`
  vault.setLatency(3000)
  try {
    const out = await render([tok, vds(vault.url, '{tokenSecretRef: {name: tok, key: token}}'), esUsing('VaultDynamicSecret', 'db')], { ESO_RENDER_DEADLINE_SECONDS: '1' })
    assert.equal(out.exitCode, 1)
    assert.match(
      out.stderr,
      /ExternalSecret apps\/app spec\.dataFrom\[0\]\.sourceRef\.generatorRef: the run's deadline \(1 s, deadlineSeconds\) passed while waiting for Vault: GET \/v1\/database\/creds\/app \(for VaultDynamicSecret apps\/db\)/,
    )
  } finally {
    vault.setLatency(0)
  }
})

test('generator requests count against maxVaultRequests like reads and logins (the login spends the one allowed)', async () => {
  const out = await render([approleSecret, vds(vault.url, approle), esUsing('VaultDynamicSecret', 'db')], { ESO_RENDER_MAX_VAULT_REQUESTS: '1' })
  assert.equal(out.exitCode, 1)
  assert.match(
    out.stderr,
    /spec\.dataFrom\[0\]\.sourceRef\.generatorRef: unable to get dynamic secret: GET \/v1\/database\/creds\/app: the run's limit of 1 Vault requests \(maxVaultRequests\) is spent/,
  )
})

// A store only reads; a VaultDynamicSecret from the input that writes would write to Vault (or mint
// tokens) with the operator's credential, on a path the input's author chose.
test('a VaultDynamicSecret from the input may not write (PUT) with the operator token, even to a trusted server: SERVER_NOT_TRUSTED, nothing sent', async () => {
  vault.clearRequests()
  const writer = `apiVersion: generators.external-secrets.io/v1alpha1\nkind: VaultDynamicSecret\nmetadata: {name: kv, namespace: apps}\nspec:\n  path: secret/data/written\n  method: POST\n  parameters: {data: {k: v}}\n  provider:\n    server: https://vault.example.com\n    auth: {}\n`
  const out = await render([writer, esUsing('VaultDynamicSecret', 'kv')], { VAULT_TOKEN: OPERATOR_TOKEN, VAULT_ADDR: vault.url })
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '')
  assert.match(out.stderr, /VaultDynamicSecret apps\/kv spec\.method: method POST writes to Vault, and this VaultDynamicSecret would do it with the operator's credential/)
  assert.equal(vault.requests.length, 0)
  assert.ok(!out.stderr.includes(OPERATOR_TOKEN))
})
