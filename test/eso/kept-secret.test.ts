// src/eso/kept-secret.ts: whether ESO leaves a live Secret as it is (ESO v2.9
// pkg/controllers/externalsecret/externalsecret_controller.go isSecretValid: Orphan is always
// valid; otherwise the managed label and a data-hash matching the data; and eso-render never takes
// a Secret without the managed label), and the Secret a render emits for it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keptSecret, whyNotKept } from '../../src/eso/kept-secret.ts'
import { dataHash, esoHash } from '../../src/eso/target.ts'

const LIVE = 'KEPT-LIVE-CANARY-4d0'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const hash = dataHash(new Map([['password', new Uint8Array(Buffer.from(LIVE))]]))
const live = (labels: Record<string, string>, annotations: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'app', namespace: 'apps', uid: 'u', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'x' }], labels, annotations },
  data: { password: b64(LIVE) },
  ...extra,
})
const MANAGED = { 'reconcile.external-secrets.io/managed': 'true' }
// This ExternalSecret's own created-by (apps/app): only its own Secret is kept.
const OWN = { ...MANAGED, 'reconcile.external-secrets.io/created-by': esoHash('apps/app') }
const ownerRef = (name: string) => ({ ownerReferences: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name, uid: 'u', controller: true }] })

const validity: { name: string; policy: string; labels: Record<string, string>; annotations: Record<string, string>; extra?: Record<string, unknown>; kept: boolean }[] = [
  { name: 'managed, its own created-by, matching hash', policy: 'Owner', labels: OWN, annotations: { 'reconcile.external-secrets.io/data-hash': hash }, kept: true },
  { name: 'managed, stale hash', policy: 'Owner', labels: OWN, annotations: { 'reconcile.external-secrets.io/data-hash': 'x' }, kept: false },
  { name: 'managed, no hash', policy: 'Owner', labels: OWN, annotations: {}, kept: false },
  { name: 'not managed, matching hash', policy: 'Owner', labels: {}, annotations: { 'reconcile.external-secrets.io/data-hash': hash }, kept: false },
  { name: 'managed "false"', policy: 'Owner', labels: { 'reconcile.external-secrets.io/managed': 'false' }, annotations: { 'reconcile.external-secrets.io/data-hash': hash }, kept: false },
  { name: 'Orphan, managed, its controller ownerReference, stale hash', policy: 'Orphan', labels: MANAGED, annotations: {}, extra: ownerRef('app'), kept: true },
  { name: 'Orphan, not managed', policy: 'Orphan', labels: {}, annotations: {}, extra: ownerRef('app'), kept: false },
  // Nothing shows it is this ExternalSecret's: another one's Orphan Secret must not be copied out.
  { name: 'Orphan, managed, no owner at all', policy: 'Orphan', labels: MANAGED, annotations: {}, kept: false },
  { name: 'managed, matching hash, no created-by', policy: 'Owner', labels: MANAGED, annotations: { 'reconcile.external-secrets.io/data-hash': hash }, kept: false },
  {
    name: "another ExternalSecret's created-by",
    policy: 'Owner',
    labels: { ...MANAGED, 'reconcile.external-secrets.io/created-by': esoHash('apps/other') },
    annotations: { 'reconcile.external-secrets.io/data-hash': hash },
    kept: false,
  },
  { name: 'an ownerReference to another ExternalSecret', policy: 'Orphan', labels: MANAGED, annotations: {}, extra: ownerRef('other'), kept: false },
]
for (const v of validity) {
  test(`whyNotKept: ${v.name} → ${v.kept ? 'kept' : 'written again'}`, () => {
    const l = live(v.labels, v.annotations)
    const object = v.extra ? { ...l, metadata: { ...l.metadata, ...v.extra } } : l
    const why = whyNotKept(object, { creationPolicy: v.policy, namespace: 'apps', resource: { name: 'app' } })
    assert.equal(why === undefined, v.kept, why)
  })
}

test('keptSecret: data, type, immutable, labels, annotations and finalizers as they are; API server and host fields dropped', () => {
  const out = keptSecret(
    live(
      { ...MANAGED, team: 'a' },
      {
        'reconcile.external-secrets.io/data-hash': hash,
        'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${b64(LIVE)}"}}`,
        'argocd.argoproj.io/tracking-id': 'app:/Secret:apps/app',
        'kustomize.config.k8s.io/id': 'x',
      },
      { type: 'kubernetes.io/basic-auth', immutable: true },
    ),
    { targetName: 'app', namespace: 'apps', namespaceWritten: false },
    { reloader: 'match' },
  )
  assert.deepEqual(out, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'app', labels: { ...MANAGED, team: 'a' }, annotations: { 'reconcile.external-secrets.io/data-hash': hash, 'reloader.stakater.com/match': 'true' } },
    type: 'kubernetes.io/basic-auth',
    immutable: true,
    data: { password: b64(LIVE) },
  })
})

test('keptSecret: the live metadata is kept; the Reloader value on the Secret wins; namespace only when the ExternalSecret wrote one', () => {
  const out = keptSecret(
    {
      ...live({ ...MANAGED, team: 'a' }, { 'reconcile.external-secrets.io/data-hash': hash, 'reloader.stakater.com/match': 'false', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }),
      metadata: {
        ...live({}, {}).metadata,
        labels: { ...MANAGED, team: 'a' },
        annotations: { 'reconcile.external-secrets.io/data-hash': hash, 'reloader.stakater.com/match': 'false', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        finalizers: ['example.com/f'],
        ownerReferences: [{ kind: 'ExternalSecret', name: 'app' }],
      },
    },
    { targetName: 'app', namespace: 'apps', namespaceWritten: true },
    { reloader: 'match' },
  )
  assert.deepEqual(out.metadata, {
    name: 'app',
    namespace: 'apps',
    labels: { ...MANAGED, team: 'a' },
    annotations: { 'reconcile.external-secrets.io/data-hash': hash, 'reloader.stakater.com/match': 'false' },
    finalizers: ['example.com/f'],
  })
  assert.equal(out.type, 'Opaque', 'a Secret without a type is Opaque')
  assert.equal('immutable' in out, false)
})
