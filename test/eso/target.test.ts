import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildSecret, dataHash, esoHash } from '../../src/eso/target.ts'
import type { ExternalSecretPlan } from '../../src/eso/plan.ts'
import { planOf } from '../support/plans.ts'

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))

test('created-by is SHA3-224 of namespace/name (eso.md §7)', () => {
  assert.equal(esoHash('apps/app'), '0c7d68a16e815389a321fa1bb410bfd9514ec620cb95b7fa8cf9af63')
})

const hashes = [
  { name: 'two keys', data: { foo: 'value1', bar: 'value2' }, want: '1bed8bcbcb4547ffe19a19cd47d9078e84aa6598266d86b99f992d64' },
  { name: 'empty data', data: {}, want: '74a974446e359fb3e6baff9bd0058950e6edd0f040888d9989b0a11b' },
  { name: 'one key', data: { password: 's3cr3t' }, want: '32624ec2bbb01c19a38546e9e3c9996bce3ad67744c9550874b627b9' },
]
for (const c of hashes) {
  test(`data-hash of ${c.name} matches ESO`, () => {
    assert.equal(dataHash(new Map(Object.entries(c.data).map(([k, v]) => [k, bytes(v)]))), c.want)
  })
}

const plan = (over: Partial<ExternalSecretPlan>): ExternalSecretPlan =>
  planOf({ labels: { team: 'a' }, annotations: { note: 'x', 'kustomize.config.k8s.io/id': 'kind: ExternalSecret\n', 'config.kubernetes.io/index': '0' }, ...over })

test('without a template the ExternalSecret labels and annotations are copied, host bookkeeping is not', () => {
  const s = buildSecret(plan({}), new Map([['password', bytes('s3cr3t')]]), { reloader: 'match' }) as { metadata: { labels: object; annotations: object } }
  assert.deepEqual(s.metadata.labels, {
    'reconcile.external-secrets.io/created-by': '0c7d68a16e815389a321fa1bb410bfd9514ec620cb95b7fa8cf9af63',
    'reconcile.external-secrets.io/managed': 'true',
    team: 'a',
  })
  assert.deepEqual(s.metadata.annotations, { note: 'x', 'reconcile.external-secrets.io/data-hash': '32624ec2bbb01c19a38546e9e3c9996bce3ad67744c9550874b627b9', 'reloader.stakater.com/match': 'true' })
})

test('with a template (even empty) only the template metadata is used, and its type', () => {
  const s = buildSecret(plan({ template: { labels: {}, annotations: { a: 'b' }, finalizers: [], mergePolicy: 'Replace', type: 'kubernetes.io/tls', templateFrom: [] } }), new Map(), {
    reloader: 'none',
  }) as {
    type: string
    metadata: { labels: Record<string, string>; annotations: Record<string, string> }
  }
  assert.equal(s.type, 'kubernetes.io/tls')
  assert.equal(s.metadata.labels.team, undefined)
  assert.deepEqual(Object.keys(s.metadata.annotations), ['a', 'reconcile.external-secrets.io/data-hash'])
})

test('Orphan writes no created-by label; immutable is written', () => {
  const s = buildSecret(plan({ creationPolicy: 'Orphan', immutable: true }), new Map(), { reloader: 'match' }) as { immutable: boolean; metadata: { labels: Record<string, string> } }
  assert.equal(s.metadata.labels['reconcile.external-secrets.io/created-by'], undefined)
  assert.equal(s.immutable, true)
})

test('a namespace-less ExternalSecret gives a namespace-less Secret whose created-by uses the assumed namespace', () => {
  const s = buildSecret(plan({ namespaceWritten: false, namespace: 'shop' }), new Map(), { reloader: 'match' }) as { metadata: { namespace?: string; labels: Record<string, string> } }
  assert.equal(s.metadata.namespace, undefined)
  assert.equal(s.metadata.labels['reconcile.external-secrets.io/created-by'], esoHash('shop/app'))
})

// DESIGN.md "Reloader": the opt-in is added unless the ExternalSecret's own metadata (the template's,
// or without a template the ExternalSecret's, which ESO copies: externalsecret_controller_template.go
// setMetadata) sets the key; the user's value wins.
const reloaderCases: { name: string; over: Partial<ExternalSecretPlan>; reloader: 'match' | 'none'; want: string | undefined }[] = [
  { name: 'default: added', over: {}, reloader: 'match', want: 'true' },
  { name: 'reloader none: not added', over: {}, reloader: 'none', want: undefined },
  {
    name: 'the template\'s own "false" wins',
    over: { template: { labels: {}, annotations: { 'reloader.stakater.com/match': 'false' }, finalizers: [], mergePolicy: 'Replace', templateFrom: [] } },
    reloader: 'match',
    want: 'false',
  },
  { name: "the ExternalSecret's own value wins without a template", over: { annotations: { 'reloader.stakater.com/match': 'no' } }, reloader: 'match', want: 'no' },
  { name: "the user's value is kept under reloader none too", over: { annotations: { 'reloader.stakater.com/match': 'true' } }, reloader: 'none', want: 'true' },
]
for (const c of reloaderCases) {
  test(`Reloader opt-in: ${c.name}`, () => {
    const s = buildSecret(plan(c.over), new Map(), { reloader: c.reloader }) as { metadata: { annotations: Record<string, string> } }
    assert.equal(s.metadata.annotations['reloader.stakater.com/match'], c.want)
  })
}

// `__proto__` is a valid Secret data key ([-._a-zA-Z0-9]+) and may name a label or an annotation
// (the API server then refuses it): an own key, never the object's prototype.
test("a __proto__ data key, label or annotation is the Secret's own key, kept and written", async () => {
  const { objectYaml } = await import('../../src/manifests/read.ts')
  const { loadYaml } = await import('../../src/manifests/yaml.ts')
  const yaml = await loadYaml()
  const labels = JSON.parse('{"__proto__": "x", "team": "a"}') as Record<string, string>
  const annotations = JSON.parse('{"__proto__": "y"}') as Record<string, string>
  const s = buildSecret(
    planOf({ labels, annotations }),
    new Map([
      ['__proto__', bytes('v')],
      ['k', bytes('w')],
    ]),
    { reloader: 'none' },
  ) as {
    metadata: { labels: Record<string, string>; annotations: Record<string, string> }
    data: Record<string, string>
  }
  assert.deepEqual(Object.keys(s.data), ['__proto__', 'k'])
  assert.equal(Object.getPrototypeOf(s.data), Object.prototype)
  assert.ok(Object.hasOwn(s.metadata.labels, '__proto__') && Object.hasOwn(s.metadata.annotations, '__proto__'))
  // The API server refuses such a label or annotation key: so does the render, by name.
  const { metadataProblems } = await import('../../src/manifests/validation.ts')
  const problems = metadataProblems(s.metadata.labels, s.metadata.annotations)
  assert.ok(problems.some((p) => p.startsWith('label key "__proto__" is invalid')) && problems.some((p) => p.startsWith('annotation key "__proto__" is invalid')), problems.join('\n'))
  const text = objectYaml(yaml, s)
  assert.match(text, /\n {2}__proto__: dg==\n/)
  assert.deepEqual(Object.keys(yaml.parse(text).data), ['__proto__', 'k'])
})
