// src/pipeline/workloads.ts: the operator's checksum key (read from checksumKeyFile, refused when
// missing, unreadable or short, never shown), and the workload edits written into the output: in
// namespace, in a v1 List, namespace-less in the default namespace, in both reader paths, and the
// whole run failing without the key before any Vault request.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_OPTIONS, type RenderOptions } from '../../src/config.ts'
import { RenderError } from '../../src/errors.ts'
import { readStreams, type ItemAction, type KubeObject } from '../../src/manifests/read.ts'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import { readChecksumKey, wireWorkloads } from '../../src/pipeline/workloads.ts'
import { runRender } from '../../src/hosts/stream.ts'
import { startVaultDouble } from '../vault-server/double.ts'

const work = mkdtempSync(join(tmpdir(), 'eso-render-workloads-'))
after(() => rmSync(work, { recursive: true, force: true }))
const KEY_TEXT = 'WORKLOADS-KEY-CANARY-5c1e9a7b33d0'

const keyFile = (name: string, content: string | Uint8Array) => {
  const path = join(work, name)
  writeFileSync(path, content)
  return path
}
const withKey = (path?: string): RenderOptions => ({ ...DEFAULT_OPTIONS, reloaderWorkloads: 'checksum', ...(path ? { checksumKeyFile: path } : {}) })

const keyErrors: { name: string; options: RenderOptions; message: RegExp }[] = [
  { name: 'not set', options: withKey(), message: /needs the operator's HMAC key: set ESO_RENDER_CHECKSUM_KEY_FILE \(or --checksum-key-file\)/ },
  { name: 'a file that does not exist', options: withKey(join(work, 'absent')), message: /the checksum key file ".*absent" cannot be read \(ENOENT\)/ },
  { name: 'a directory', options: withKey(work), message: /cannot be read \(EISDIR\)/ },
  { name: 'a key of 15 bytes (plus a line break)', options: withKey(keyFile('short', 'WORKLOADS-KEY-C\n')), message: /holds fewer than 16 bytes/ },
  { name: 'an empty file', options: withKey(keyFile('empty', '')), message: /holds fewer than 16 bytes/ },
]
for (const c of keyErrors) {
  test(`checksum key: ${c.name} is CONFIG_INVALID at checksumKeyFile, the key never in the message`, () => {
    assert.throws(
      () => readChecksumKey(c.options),
      (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.fieldPath === 'checksumKeyFile' && c.message.test(e.message) && !e.message.includes('WORKLOADS-KEY'),
    )
  })
}

test('checksum key: the file’s bytes, trailing line breaks dropped (echo, editors and Windows files give one key); binary keys kept byte for byte', () => {
  const plain = readChecksumKey(withKey(keyFile('plain', KEY_TEXT)))
  assert.deepEqual(readChecksumKey(withKey(keyFile('lf', `${KEY_TEXT}\n`))), plain)
  assert.deepEqual(readChecksumKey(withKey(keyFile('crlf', `${KEY_TEXT}\r\n\r\n`))), plain)
  assert.equal(Buffer.from(plain).toString('utf8'), KEY_TEXT)
  const binary = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 200) % 256)
  assert.deepEqual([...readChecksumKey(withKey(keyFile('binary', binary)))], [...binary])
})

// Wiring over read manifests: the placement's actions are given, as placeOutputs makes them.
const renderedSecret = (name: string, namespace?: string, password = 'pw-1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, ...(namespace ? { namespace } : {}), annotations: {} },
  type: 'Opaque',
  data: { password: Buffer.from(password).toString('base64') },
})
const deployment = (name: string, secret: string, namespace?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  template:\n    metadata:\n      labels: {app: ${name}} # kept\n    spec:\n      containers:\n        - name: main\n          envFrom:\n            - secretRef: {name: ${secret}}\n`

async function wired(text: string, secrets: KubeObject[], options: RenderOptions, key?: Uint8Array, fallback = false) {
  // A kind the scanner cannot read sends the whole input through the YAML document model instead.
  // Every item is of interest, as in a render, where the ExternalSecrets behind the Secrets load the YAML library.
  const manifests = await readStreams([{ path: 'in.yaml', text: fallback ? `${text}---\n[not, a, mapping]\n` : text }], () => true)
  const actions = new Map<number, ItemAction>([[manifests.items.length + 100, { keep: false, add: secrets }]])
  const diag = new Diagnostics()
  wireWorkloads(manifests, actions, options, 'default', key, diag)
  actions.delete(manifests.items.length + 100)
  return { out: manifests.write(actions), diag }
}
const RELOAD: RenderOptions = { ...DEFAULT_OPTIONS, reloaderWorkloads: 'reload' }

for (const fallback of [false, true]) {
  const path = fallback ? 'the YAML document path' : 'the line scanner path'
  test(`wire: reload edits are written into the workload, its comments and flow style kept (${path})`, async () => {
    const { out, diag } = await wired(deployment('api', 'db', 'app'), [renderedSecret('db', 'app')], RELOAD, undefined, fallback)
    assert.ok(
      out.startsWith(
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: app\n  annotations:\n    secret.reloader.stakater.com/reload: db\nspec:\n  template:\n    metadata:\n      labels: {app: api} # kept\n',
      ),
      out,
    )
    assert.deepEqual(diag.notices, [])
  })

  test(`wire: checksum edits go on the pod template (${path})`, async () => {
    const { out } = await wired(deployment('api', 'db', 'app'), [renderedSecret('db', 'app')], withKey('unused'), new TextEncoder().encode(KEY_TEXT), fallback)
    assert.match(out, /\n {4}metadata:\n {6}labels: \{app: api\} # kept\n {6}annotations:\n {8}checksum\.config\.eso-render\.dev\/secrets: [0-9a-f]{64}\n/)
  })
}

test('wire: a workload in a v1 List is edited in place in the List', async () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: api\n      namespace: app\n    spec:\n      template:\n        spec:\n          containers:\n            - name: main\n              envFrom:\n                - secretRef: {name: db}\n`
  const { out } = await wired(list, [renderedSecret('db', 'app')], RELOAD)
  assert.match(
    out,
    /^apiVersion: v1\nkind: List\nitems:\n {2}- apiVersion: apps\/v1\n {4}kind: Deployment\n {4}metadata:\n {6}name: api\n {6}namespace: app\n {6}annotations:\n {8}secret\.reloader\.stakater\.com\/reload: db\n/,
  )
})

test('wire: namespace-less workloads and Secrets meet in the default namespace; other namespaces do not', async () => {
  const text = [deployment('a', 'db'), deployment('b', 'db', 'default'), deployment('c', 'db', 'app')].join('---\n')
  const { out } = await wired(text, [renderedSecret('db')], RELOAD)
  const docs = out.split('---\n')
  assert.match(docs[0], /reload: db/)
  assert.match(docs[1], /reload: db/)
  assert.doesNotMatch(docs[2], /reload/)
})

test('wire: with reloaderWorkloads off nothing is read or written', async () => {
  const text = deployment('api', 'db', 'app')
  const { out } = await wired(text, [renderedSecret('db', 'app')], DEFAULT_OPTIONS)
  assert.equal(out, text)
})

test('wire: notices name the workload', async () => {
  const text = deployment('api', 'db', 'app').replace('  namespace: app\n', '  namespace: app\n  annotations:\n    reloader.stakater.com/auto: "false"\n')
  const { out, diag } = await wired(text, [renderedSecret('db', 'app')], RELOAD)
  assert.equal(out, text)
  assert.equal(diag.notices.length, 1)
  assert.deepEqual(diag.notices[0].resource, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'app', name: 'api' })
  assert.equal(diag.notices[0].severity, 'warning')
})

test('render: checksum mode without a key fails with CONFIG_INVALID before any Vault request; with it, the key appears nowhere', async () => {
  const vault = await startVaultDouble({ seed: { secret: { version: 2, token: 'root', secrets: { db: { password: 'WORKLOADS-VALUE-CANARY-77' } } } } })
  try {
    const input = `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: app}\nspec:\n  provider:\n    vault: {server: "https://vault.example.com", path: secret, auth: {tokenSecretRef: {name: tok, key: token}}}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: tok, namespace: app}\nstringData: {token: root}\n---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: db, namespace: app}\nspec:\n  secretStoreRef: {name: vault}\n  data:\n  - secretKey: password\n    remoteRef: {key: db, property: password}\n---\n${deployment('api', 'db', 'app')}`
    const run = (env: Record<string, string>) =>
      runRender({ args: ['-', '--reloader-workloads', 'checksum'], stdin: async () => input, env: { VAULT_ADDR: vault.url, ...env }, readFile: (p) => readFileSync(p, 'utf8') })
    for (const env of [{}, { ESO_RENDER_CHECKSUM_KEY_FILE: join(work, 'absent') }] as Record<string, string>[]) {
      vault.clearRequests()
      const out = await run(env)
      assert.equal(out.exitCode, 1)
      assert.equal(out.stdout, '')
      assert.match(out.stderr, /error: checksumKeyFile: /)
      assert.deepEqual(vault.requests, [])
    }
    const ok = await run({ ESO_RENDER_CHECKSUM_KEY_FILE: keyFile('good', `${KEY_TEXT}\n`), ESO_RENDER_LOG: 'debug' })
    assert.equal(ok.exitCode, 0, ok.stderr)
    assert.match(ok.stdout, /checksum\.config\.eso-render\.dev\/secrets: [0-9a-f]{64}/)
    for (const text of [ok.stdout, ok.stderr]) assert.ok(!text.includes(KEY_TEXT) && !text.includes('WORKLOADS-KEY') && !text.includes(Buffer.from(KEY_TEXT).toString('hex')))
    assert.ok(!ok.stderr.includes('WORKLOADS-VALUE-CANARY'))
  } finally {
    await vault.close()
  }
})

test('wire: a workload in a ResourceList given as JSON (the document path of the KRM face) is edited, written as block YAML', async () => {
  const { readResourceList } = await import('../../src/manifests/read.ts')
  const item = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'app' },
    spec: { template: { metadata: null, spec: { containers: [{ name: 'main', envFrom: [{ secretRef: { name: 'db' } }] }] } } },
  }
  const manifests = await readResourceList(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [item] }), () => true)
  const actions = new Map<number, ItemAction>([[99, { keep: false, add: [renderedSecret('db', 'app')] }]])
  wireWorkloads(manifests, actions, withKey('unused'), 'default', new TextEncoder().encode(KEY_TEXT), new Diagnostics())
  actions.delete(99)
  // `metadata: null` on the pod template becomes a mapping holding the checksum.
  assert.match(manifests.write(actions), /\n {6}template:\n {8}metadata:\n {10}annotations:\n {12}checksum\.config\.eso-render\.dev\/secrets: [0-9a-f]{64}\n {8}spec:\n/)
})
