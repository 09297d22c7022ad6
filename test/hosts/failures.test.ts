// All or nothing, and never a secret in what a failure prints: each failure mode of the KRM face
// (ResourceList with error results, exit 1) and of the stream face (empty stdout, exit 1), with
// canary values planted in Vault, the token and the input.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runKrm } from '../../src/hosts/krm.ts'
import { runRender } from '../../src/hosts/stream.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import type { FaceOutput } from '../../src/hosts/io.ts'
import { asResourceList, tokenStoreApp } from '../support/objects.ts'

const TOKEN = 'hvs.TOKEN-CANARY-5f3a'
const VALUE = 'VALUE-CANARY-9c1e'
const seed = { secret: { version: 2 as const, token: TOKEN, secrets: { app: { password: VALUE } } } }

const input = tokenStoreApp(TOKEN)

function stream(text: string, url: string, env: Record<string, string> = {}): Promise<FaceOutput> {
  return runRender({ args: ['-', '--vault-retries', '1'], stdin: async () => text, env: { VAULT_ADDR: url, ...env }, readFile: () => '' })
}
function krm(text: string, url: string): Promise<FaceOutput> {
  return runKrm({ args: [], stdin: async () => text, env: { VAULT_ADDR: url }, readFile: () => '' })
}

function assertClean(out: FaceOutput, where: string): void {
  // The token may appear on stdout of the KRM face only as the echoed input item it came in.
  for (const canary of [VALUE]) {
    assert.ok(!out.stderr.includes(canary), `${where}: a secret value reached stderr`)
    assert.ok(!out.stdout.includes(canary), `${where}: a secret value reached stdout`)
  }
  assert.ok(!out.stderr.includes(TOKEN), `${where}: the token reached stderr`)
}

async function withVault(fn: (v: VaultDouble) => Promise<void>): Promise<void> {
  const v = await startVaultDouble({ seed })
  try {
    await fn(v)
  } finally {
    await v.close()
  }
}

const vaultFailures: { name: string; arrange: (v: VaultDouble) => void | Promise<void>; code: string; message: RegExp }[] = [
  {
    name: 'Vault down (connection refused)',
    arrange: (v) => v.close(),
    code: 'VAULT_UNREACHABLE',
    message: /cannot read secret data from Vault: GET \/v1\/secret\/data\/app: cannot connect to http:\/\/127\.0\.0\.1:\d+: connection refused/,
  },
  { name: 'Vault sealed', arrange: (v) => v.seal(), code: 'VAULT_SEALED', message: /GET \/v1\/secret\/data\/app: Code: 503\. Errors: Vault is sealed/ },
  {
    name: 'policy denies the path (403)',
    arrange: (v) => v.store.mounts.get('|secret')!.deny.add('app'),
    code: 'VAULT_DENIED',
    message: /GET \/v1\/secret\/data\/app: Code: 403\. Errors: permission denied/,
  },
  { name: 'a 500 that persists past the retries', arrange: (v) => v.failNext({ status: 500 }, 5), code: 'VAULT_ERROR', message: /Code: 500\. Errors: injected failure/ },
  { name: 'connection reset on every attempt', arrange: (v) => v.failNext('reset', 5), code: 'VAULT_UNREACHABLE', message: /connection to http:\/\/127\.0\.0\.1:\d+ was reset/ },
  // Something that is not Vault answers: never read as "the secret does not exist" (which deletionPolicy
  // Delete would turn into a deleted Secret).
  {
    name: 'a web server answers 404 with an HTML page',
    arrange: (v) => v.failNext({ status: 404, body: '<html><body>Not Found</body></html>', headers: { 'Content-Type': 'text/html; charset=utf-8' } }, 5),
    code: 'VAULT_ERROR',
    message: /the server at http:\/\/127\.0\.0\.1:\d+ does not answer like Vault: GET \/v1\/secret\/data\/app got 404 with content type text\/html, not Vault's JSON/,
  },
  {
    name: 'a proxy answers 200 with a login page',
    arrange: (v) => v.failNext({ status: 200, body: '<html>Sign in</html>', headers: { 'Content-Type': 'text/html' } }, 5),
    code: 'VAULT_ERROR',
    message: /does not answer like Vault: GET \/v1\/secret\/data\/app got 200 with content type text\/html/,
  },
  {
    name: "something answers 404 with JSON that is not Vault's",
    arrange: (v) => v.failNext({ status: 404, body: '{"message":"no route"}', headers: { 'Content-Type': 'application/json' } }, 5),
    code: 'VAULT_ERROR',
    message: /does not answer like Vault: GET \/v1\/secret\/data\/app got 404 with content type application\/json/,
  },
]

for (const c of vaultFailures) {
  test(`stream face: ${c.name} fails with ${c.code}, nothing on stdout, no secret on stderr`, async () => {
    await withVault(async (v) => {
      await c.arrange(v)
      const out = await stream(input, v.url)
      assert.equal(out.exitCode, 1)
      assert.equal(out.stdout, '')
      assert.match(out.stderr, /ExternalSecret apps\/app spec\.data\[0\]\.remoteRef\.key: /)
      assert.match(out.stderr, c.message)
      assertClean(out, c.name)
    })
  })
  test(`KRM face: ${c.name} gives an error result naming the resource and field, and exit 1`, async () => {
    await withVault(async (v) => {
      await c.arrange(v)
      const out = await krm(asResourceList(input), v.url)
      assert.equal(out.exitCode, 1)
      assert.match(out.stdout, /^results:\n\s*- message: /m)
      assert.match(out.stdout, /severity: error\n\s+tags:\n\s+code: /)
      assert.match(out.stdout, new RegExp(`code: ${c.code}`))
      assert.match(out.stdout, /resourceRef:\n\s+apiVersion: external-secrets.io\/v1\n\s+kind: ExternalSecret\n\s+name: app\n\s+namespace: apps\n\s+field:\n\s+path: spec\.data\[0\]\.remoteRef\.key/)
      // A failed run carries no items at all: nothing partial, and no input Secret echoed.
      assert.match(out.stdout, /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems: \[\]\nresults:/)
      assert.ok(!out.stdout.includes(TOKEN), 'the token Secret of the input is not echoed')
      assertClean(out, c.name)
    })
  })
}

test('a transient 500 is retried and the render succeeds', async () => {
  await withVault(async (v) => {
    v.failNext({ status: 500 }, 1)
    const out = await stream(input, v.url)
    assert.equal(out.exitCode, 0, out.stderr)
    assert.equal(v.requests.filter((r) => r.path === 'secret/data/app').length, 2)
  })
})

test('an unknown token is AUTH-shaped 403 and names no token', async () => {
  await withVault(async (v) => {
    const out = await stream(input.replace(TOKEN, 'hvs.WRONG-CANARY'), v.url)
    assert.equal(out.exitCode, 1)
    assert.match(out.stderr, /Code: 403\. Errors: permission denied; invalid token/)
    assert.ok(!out.stderr.includes('hvs.WRONG-CANARY'))
  })
})

// Issue 14: a CR or LF where a header carries it made node:http throw mid-request ("failed
// unexpectedly"). Now each is named by resource and field before anything is sent, never quoted.
const unsendable: { name: string; text: string; message: RegExp }[] = [
  {
    name: 'a tokenSecretRef Secret whose value ends in CRLF',
    text: input.replace(`stringData: {token: ${TOKEN}}`, `stringData: {token: "${TOKEN}\\r\\n"}`),
    message:
      /SecretStore apps\/vault spec\.provider\.vault\.auth\.tokenSecretRef: the token in Secret apps\/vault-token key token contains a control character \(such as CR or LF\); Vault tokens cannot/,
  },
  {
    name: "a store's namespace with CRLF",
    text: input.replace('      path: secret\n', '      path: secret\n      namespace: "team\\r\\nx"\n'),
    message: /SecretStore apps\/vault spec\.provider\.vault\.namespace: the Vault namespace contains a control character/,
  },
  {
    name: 'a store header with LF',
    text: input.replace('      path: secret\n', '      path: secret\n      headers: {X-Team: "a\\nb"}\n'),
    message: /SecretStore apps\/vault spec\.provider\.vault\.headers\.X-Team: the header's value contains a control character/,
  },
]
for (const c of unsendable) {
  test(`stream face: ${c.name} is a clear error at its field, nothing sent, nothing quoted (issue 14)`, async () => {
    await withVault(async (v) => {
      const out = await stream(c.text, v.url)
      assert.equal(out.exitCode, 1)
      assert.equal(out.stdout, '')
      assert.match(out.stderr, c.message)
      assert.doesNotMatch(out.stderr, /unexpected|internal error/)
      assert.deepEqual(v.requests, [], 'nothing reached Vault')
      assertClean(out, c.name)
    })
  })
}

const badInputs: { name: string; text: string; face: 'krm' | 'stream'; message: RegExp }[] = [
  {
    name: 'malformed YAML in a stream',
    face: 'stream',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n',
    message: /stdin\[0\]: invalid YAML \(line \d+, column \d+ of the document\): Flow map/,
  },
  { name: 'a ResourceList without items', face: 'krm', text: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n', message: /ResourceList has no items/ },
  {
    name: 'a ResourceList whose items are not objects',
    face: 'krm',
    text: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- just a string\n',
    message: /items\[0\]: item is not a mapping/,
  },
  {
    name: 'input that is not a ResourceList',
    face: 'krm',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    message: /input is not a ResourceList: kind is "ConfigMap", expected ResourceList/,
  },
  { name: 'empty input to the KRM face', face: 'krm', text: '', message: /no input: expected a ResourceList on stdin/ },
  {
    name: 'duplicate keys',
    face: 'stream',
    text: 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nkind: ExternalSecret\nmetadata: {name: x}\n',
    message: /invalid YAML .*Map keys must be unique/,
  },
  {
    name: 'an ExternalSecret without spec',
    face: 'stream',
    text: 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: x, namespace: a}\n',
    message: /ExternalSecret a\/x spec: required field is missing/,
  },
]
for (const c of badInputs) {
  test(`bad input: ${c.name} is a clear error, not a stack trace`, async () => {
    const out = c.face === 'krm' ? await krm(c.text, 'http://127.0.0.1:9') : await stream(c.text, 'http://127.0.0.1:9')
    assert.equal(out.exitCode, 1)
    assert.match(out.stderr, c.message)
    assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace')
    if (c.face === 'stream') assert.equal(out.stdout, '')
  })
}

test('every failing ExternalSecret is reported, sorted, in one run', async () => {
  await withVault(async (v) => {
    const two = input + input.split('---\n')[2].replace('name: app,', 'name: other,').replace('key: app,', 'key: missing,').replace(/^/, '---\n')
    const out = await stream(two.replace('key: app,', 'key: gone,'), v.url)
    assert.equal(out.exitCode, 1)
    assert.match(out.stderr, /ExternalSecret apps\/app .*\n.*ExternalSecret apps\/other /)
    assert.match(out.stderr, /2 errors; nothing was rendered/)
  })
})
