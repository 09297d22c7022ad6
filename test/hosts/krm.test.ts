// The KRM face over the ResourceList shapes hosts send (krm-contract.md §1): v1 and v1beta1, YAML
// and JSON, a Kptfile and the fn-config item among the items, notices as results.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runKrm } from '../../src/hosts/krm.ts'
import { startVaultDouble } from '../vault-server/double.ts'
import { parseObjects } from '../support/objects.ts'

const seed = { secret: { version: 2 as const, secrets: { app: { password: 'krm-canary' } } } }
const items = [
  { apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'pkg' } },
  { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', metadata: { name: 'fn-config' }, spec: {} },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', annotations: { 'config.kubernetes.io/local-config': 'true' } }, data: { a: 'b' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tok', namespace: 'apps' }, stringData: { token: 'root' } },
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name: 'vault', namespace: 'apps' },
    spec: { provider: { vault: { server: 'https://x:8200', path: 'secret', auth: { tokenSecretRef: { name: 'tok', key: 'token' } } } } },
  },
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'app' },
    spec: { secretStoreRef: { name: 'vault' }, data: [{ secretKey: 'p', remoteRef: { key: 'app', property: 'password' } }] },
  },
]

const shapes = [
  { name: 'a JSON ResourceList (v1)', text: JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }) },
  { name: 'a JSON ResourceList (v1beta1)', text: JSON.stringify({ apiVersion: 'config.kubernetes.io/v1beta1', kind: 'ResourceList', items }) },
  {
    name: 'a block YAML ResourceList with a ConfigMap functionConfig',
    text: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.map((i) => `- ${JSON.stringify(i)}`).join('\n')}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data: {namespace: apps}\n`,
  },
]
for (const s of shapes) {
  test(`KRM: ${s.name} renders; the Kptfile, fn-config and local-config items come back untouched`, async () => {
    const vault = await startVaultDouble({ seed })
    try {
      const out = await runKrm({ args: [], stdin: async () => s.text, env: { VAULT_ADDR: vault.url, ARGOCD_APP_NAMESPACE: 'apps' }, readFile: () => '' })
      assert.equal(out.exitCode, 0, out.stderr)
      assert.match(out.stdout, /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/)
      const objs = parseObjects(out.stdout)
      assert.deepEqual(
        objs.map((o) => o.kind),
        ['Kptfile', 'EsoRender', 'ConfigMap', 'Secret', 'Secret'],
      )
      assert.deepEqual(objs.slice(0, 3), items.slice(0, 3))
      const secret = objs[4] as { metadata: { name: string; namespace?: string; labels: Record<string, string> }; data: Record<string, string> }
      assert.equal(secret.metadata.name, 'app')
      assert.equal(secret.metadata.namespace, undefined, 'a namespace-less ExternalSecret gives a namespace-less Secret')
      assert.equal(Buffer.from(secret.data.p, 'base64').toString(), 'krm-canary')
      // Notices travel as info results.
      assert.match(out.stdout, /results:\n\s*- message: .*\n\s*severity: info/)
      assert.ok(!out.stderr.includes('krm-canary'))
    } finally {
      await vault.close()
    }
  })
}

test('KRM: a pass-through ResourceList comes back byte for byte, comments included', async () => {
  const text =
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- # head\n  apiVersion: v1\n  kind: ConfigMap # trailing\n  metadata:\n    name: a\n  data:\n    mode: on\n    octal: 0755\n'
  const out = await runKrm({ args: [], stdin: async () => text, env: {}, readFile: () => '' })
  assert.equal(out.exitCode, 0)
  assert.equal(out.stdout, text)
})

test('KRM: an invalid function config is an error result naming the key', async () => {
  const text =
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: config.eso-render.dev/v1alpha1\n  kind: EsoRender\n  metadata: {name: x}\n  spec: {relaoder: none}\n'
  const out = await runKrm({ args: [], stdin: async () => text, env: {}, readFile: () => '' })
  assert.equal(out.exitCode, 1)
  assert.match(out.stdout, /message: unknown option \(function config spec; see eso-render --help\)/)
  assert.match(out.stdout, /field:\n\s+path: relaoder/)
})

test('KRM: verbose from the function config: debug lines as info results, on success and on failure, never a value', async () => {
  const vault = await startVaultDouble({ seed })
  try {
    const verbose = items.map((i) => (i.kind === 'EsoRender' ? { ...i, spec: { verbose: true } } : i))
    const list = (xs: unknown[]) => JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: xs, functionConfig: xs[1] })
    const ok = await runKrm({ args: [], stdin: async () => list(verbose), env: { VAULT_ADDR: vault.url, ARGOCD_APP_NAMESPACE: 'apps' }, readFile: () => '' })
    assert.equal(ok.exitCode, 0, ok.stderr)
    assert.match(ok.stdout, /- message: "debug: vault: GET \/v1\/secret\/data\/app → 200 in \d+ ms \(attempt 1\)"\n\s*severity: info/)
    assert.match(ok.stdout, /- message: "debug: timing: classify/)
    assert.doesNotMatch(ok.stderr, /debug:/, 'kpt shows results; stderr keeps its notices only')
    const missing = verbose.map((i) => (i.kind === 'ExternalSecret' ? { ...i, spec: { ...i.spec, data: [{ secretKey: 'p', remoteRef: { key: 'gone', property: 'password' } }] } } : i))
    const failed = await runKrm({ args: [], stdin: async () => list(missing), env: { VAULT_ADDR: vault.url, ARGOCD_APP_NAMESPACE: 'apps' }, readFile: () => '' })
    assert.equal(failed.exitCode, 1)
    assert.match(failed.stdout, /items: \[\]/)
    assert.match(failed.stdout, /- message: "debug: vault: GET \/v1\/secret\/data\/gone → 404/)
    for (const text of [ok.stdout.slice(ok.stdout.indexOf('results:')), ok.stderr, failed.stdout, failed.stderr]) assert.ok(!text.includes('krm-canary'))
  } finally {
    await vault.close()
  }
})

// Issue 14: a "billion laughs" alias bomb in the function config (an EsoRender or a ConfigMap) is
// CONFIG_INVALID naming the functionConfig, not an internal error.
const laughs = (indent: string) => `${indent}l0: &l0 lol\n` + Array.from({ length: 9 }, (_, i) => `${indent}l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('')
const bombs = [
  {
    name: 'an EsoRender function config',
    text: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: config.eso-render.dev/v1alpha1\n  kind: EsoRender\n  metadata: {name: x}\n  spec: {}\n  laughs:\n${laughs('    ')}`,
  },
  {
    name: 'a ConfigMap function config',
    text: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: keep}}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data:\n${laughs('    ')}`,
  },
]
for (const b of bombs) {
  test(`KRM: an alias bomb in ${b.name} is CONFIG_INVALID naming the functionConfig (issue 14)`, async () => {
    const out = await runKrm({ args: [], stdin: async () => b.text, env: {}, readFile: () => '' })
    assert.equal(out.exitCode, 1)
    assert.match(out.stdout, /message: 'functionConfig: too many YAML aliases: expanding them passes the bound of 1000, as a "billion laughs" document does; nothing of it was read'/)
    assert.match(out.stdout, /code: CONFIG_INVALID/)
    assert.match(out.stdout, /file:\n\s+path: functionConfig/)
    assert.doesNotMatch(out.stdout, /INTERNAL|internal error/)
  })
}
