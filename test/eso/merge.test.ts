// src/eso/merge.ts: ESO's update of an existing Secret (Merge, CreateOrMerge, adoption by Owner and
// Orphan), the ownership refusal, and the mergeTargets: patch shape. The rules are ESO v2.9's:
// pkg/controllers/externalsecret/externalsecret_controller.go (mutationFunc, updateSecret,
// applyOwnership) and externalsecret_controller_template.go (ApplyTemplate, setMetadata); ESO's own
// tests in externalsecret_controller_test.go: "should merge labels and annotations to the ones owned
// by other entity" (mergeLabelsAnnotations: an existing Secret's labels and annotations survive an
// Owner sync), "should merge with existing secret using creationPolicy=Merge" (mergeWithSecret),
// "should not resolve conflicts with creationPolicy=Merge" (mergeWithConflict: the provider's value
// wins over an existing key).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mergePatch, ownedByAnother, updateExisting } from '../../src/eso/merge.ts'
import { ANNOTATION_DATA_HASH, buildSecret, dataHash, esoHash, LABEL_CREATED_BY, LABEL_MANAGED } from '../../src/eso/target.ts'
import { base64Encode, utf8 } from '../../src/eso/bytes.ts'
import type { CreationPolicy, ExternalSecretPlan, TemplateSpec } from '../../src/eso/plan.ts'
import type { KubeObject } from '../../src/manifests/read.ts'
import { planOf } from '../support/plans.ts'

const OLD = 'MERGE-OLD-CANARY-31a'
const NEW = 'MERGE-NEW-CANARY-7bf'
const b64 = (s: string) => base64Encode(utf8(s))
const hashOf = (data: Record<string, string>) => dataHash(new Map(Object.entries(data).map(([k, v]) => [k, utf8(v)])))
const template = (over: Partial<TemplateSpec>): TemplateSpec => ({ labels: {}, annotations: {}, finalizers: [], mergePolicy: 'Replace', templateFrom: [], ...over })
const plan = (creationPolicy: CreationPolicy, over: Partial<ExternalSecretPlan> = {}): ExternalSecretPlan => planOf({ labels: { from: 'es' }, creationPolicy, ...over })
const rendered = (p: ExternalSecretPlan, data: Record<string, string>) => buildSecret(p, new Map(Object.entries(data).map(([k, v]) => [k, utf8(v)])), { reloader: 'match' })
const secret = (over: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'app', namespace: 'apps', ...metadata },
  ...over,
})

interface Row {
  name: string
  plan: ExternalSecretPlan
  existing: KubeObject
  provider: Record<string, string>
  data: Record<string, string>
  type?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  immutable?: boolean
  finalizers?: string[]
}
const rows: Row[] = [
  {
    // ApplyTemplate: existing keys stay for Merge; the provider's keys are written over them.
    name: 'Merge: provider keys win, other existing keys stay, keys in byte order',
    plan: plan('Merge'),
    existing: secret({ data: { z: b64('keep'), password: b64(OLD) } }),
    provider: { password: NEW, a: 'new' },
    data: { a: 'new', password: NEW, z: 'keep' },
    type: 'Opaque',
  },
  {
    name: 'Merge: stringData of the input Secret is folded into data',
    plan: plan('Merge'),
    existing: secret({ stringData: { user: 'admin', password: OLD } }),
    provider: { password: NEW },
    data: { password: NEW, user: 'admin' },
  },
  {
    // CreateOrMerge "differs only in that ApplyTemplate keeps existing keys for it" (the controller's comment).
    name: 'CreateOrMerge: merges like Merge, no created-by',
    plan: plan('CreateOrMerge'),
    existing: secret({ data: { other: b64('keep') } }),
    provider: { password: NEW },
    data: { other: 'keep', password: NEW },
    labels: { from: 'es', [LABEL_MANAGED]: 'true' },
  },
  {
    // ApplyTemplate: "set the secret type if it is defined in the template, otherwise keep the existing type".
    name: 'Merge: the existing type is kept without template.type',
    plan: plan('Merge'),
    existing: secret({ type: 'kubernetes.io/tls', data: {} }),
    provider: { 'tls.key': NEW },
    data: { 'tls.key': NEW },
    type: 'kubernetes.io/tls',
  },
  {
    name: 'Merge: template.type replaces the existing type',
    plan: plan('Merge', { template: template({ type: 'kubernetes.io/basic-auth' }) }),
    existing: secret({ type: 'Opaque', data: {} }),
    provider: { password: NEW },
    data: { password: NEW },
    type: 'kubernetes.io/basic-auth',
  },
  {
    name: 'Merge: a Secret without a type is Opaque (the API server default)',
    plan: plan('Merge'),
    existing: secret({}),
    provider: { k: NEW },
    data: { k: NEW },
    type: 'Opaque',
  },
  {
    // updateSecret mutates a DeepCopy of the existing Secret: its immutable flag stays.
    name: 'Merge: immutable on the existing Secret is kept',
    plan: plan('Merge'),
    existing: secret({ immutable: true, data: { a: b64('keep') } }),
    provider: { k: NEW },
    data: { a: 'keep', k: NEW },
    immutable: true,
  },
  {
    // mutationFunc: "set the immutable flag on the secret if requested by the ExternalSecret".
    name: 'Merge: target.immutable makes the existing Secret immutable',
    plan: plan('Merge', { immutable: true }),
    existing: secret({ data: {} }),
    provider: { k: NEW },
    data: { k: NEW },
    immutable: true,
  },
  {
    // setMetadata merges the ExternalSecret's labels and annotations over the existing ones.
    name: "Merge: existing labels and annotations stay, the ExternalSecret's and ESO's are written over them",
    plan: plan('Merge'),
    existing: secret({}, { labels: { team: 'a', from: 'secret', [LABEL_MANAGED]: 'false' }, annotations: { note: 'x', [ANNOTATION_DATA_HASH]: 'stale' } }),
    provider: { k: NEW },
    data: { k: NEW },
    labels: { from: 'es', [LABEL_MANAGED]: 'true', team: 'a' },
    annotations: { note: 'x', 'reloader.stakater.com/match': 'true' },
  },
  {
    // applyOwnership: "delete(labels, esv1.LabelOwner)" when the policy is not Owner.
    name: 'Merge: a created-by label of this ExternalSecret is removed',
    plan: plan('Merge'),
    existing: secret({}, { labels: { [LABEL_CREATED_BY]: esoHash('apps/app') } }),
    provider: { k: NEW },
    data: { k: NEW },
    labels: { from: 'es', [LABEL_MANAGED]: 'true' },
  },
  {
    name: 'Merge: a Reloader value on the existing Secret wins over the default',
    plan: plan('Merge'),
    existing: secret({}, { annotations: { 'reloader.stakater.com/match': 'false' } }),
    provider: { k: NEW },
    data: { k: NEW },
    annotations: { 'reloader.stakater.com/match': 'false' },
  },
  {
    name: "Merge: the ExternalSecret's own Reloader value wins over the existing Secret's",
    plan: plan('Merge', { template: template({ annotations: { 'reloader.stakater.com/match': 'true' } }) }),
    existing: secret({}, { annotations: { 'reloader.stakater.com/match': 'false' } }),
    provider: { k: NEW },
    data: { k: NEW },
    annotations: { 'reloader.stakater.com/match': 'true' },
  },
  {
    // ApplyTemplate clears the data for every policy but Merge and CreateOrMerge; setMetadata keeps the metadata.
    name: 'Owner adopts: labels, annotations and type kept, data replaced, created-by set',
    plan: plan('Owner'),
    existing: secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64(OLD), stale: b64(OLD) } }, { labels: { team: 'a' }, annotations: { note: 'x' } }),
    provider: { 'tls.crt': NEW },
    data: { 'tls.crt': NEW },
    type: 'kubernetes.io/tls',
    labels: { [LABEL_CREATED_BY]: esoHash('apps/app'), from: 'es', [LABEL_MANAGED]: 'true', team: 'a' },
    annotations: { note: 'x' },
  },
  {
    name: 'Orphan adopts: data replaced, stringData dropped, no created-by',
    plan: plan('Orphan'),
    existing: secret({ stringData: { stale: OLD } }, { labels: { team: 'a' } }),
    provider: { password: NEW },
    data: { password: NEW },
    type: 'Opaque',
    labels: { from: 'es', [LABEL_MANAGED]: 'true', team: 'a' },
  },
  {
    // setMetadata: template finalizers are added to the existing ones, once.
    name: "Owner adopts: the template's finalizers are added to the existing ones",
    plan: plan('Owner', { template: template({ finalizers: ['example.com/a', 'example.com/b'] }) }),
    existing: secret({}, { finalizers: ['example.com/b', 'example.com/c'] }),
    provider: { k: NEW },
    data: { k: NEW },
    finalizers: ['example.com/b', 'example.com/c', 'example.com/a'],
  },
]
for (const r of rows) {
  test(`updateExisting: ${r.name}`, () => {
    const before = JSON.stringify(r.existing)
    const out = updateExisting(r.existing, rendered(r.plan, r.provider), r.plan)
    const want = Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, b64(v)]))
    assert.deepEqual(out.data, want)
    assert.deepEqual(Object.keys(out.data as object), Object.keys(want).sort())
    assert.equal('stringData' in out, false)
    const md = out.metadata as { labels: Record<string, string>; annotations: Record<string, string>; finalizers?: string[] }
    assert.equal(md.annotations[ANNOTATION_DATA_HASH], hashOf(r.data), 'the hash covers the final data')
    if (r.type) assert.equal(out.type, r.type)
    if (r.labels) assert.deepEqual(md.labels, r.labels)
    if (r.annotations) for (const [k, v] of Object.entries(r.annotations)) assert.equal(md.annotations[k], v)
    assert.equal(out.immutable, r.immutable)
    if (r.finalizers) assert.deepEqual(md.finalizers, r.finalizers)
    assert.equal(JSON.stringify(r.existing), before, 'the input Secret is not modified')
  })
}

// applyOwnership: "if another ExternalSecret is the owner, we should return an error" (ErrSecretIsOwned).
const owners: { name: string; metadata: Record<string, unknown>; owned: boolean }[] = [
  { name: 'no owner', metadata: {}, owned: false },
  { name: 'controlled by this ExternalSecret', metadata: { ownerReferences: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', controller: true }] }, owned: false },
  {
    name: 'controlled by another ExternalSecret',
    metadata: { ownerReferences: [{ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', name: 'other', controller: true }] },
    owned: true,
  },
  { name: 'a non-controller reference to another ExternalSecret', metadata: { ownerReferences: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'other' }] }, owned: false },
  { name: 'controlled by another kind', metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', controller: true }] }, owned: false },
  { name: "this ExternalSecret's created-by label", metadata: { labels: { [LABEL_CREATED_BY]: esoHash('apps/app') } }, owned: false },
  { name: "another ExternalSecret's created-by label", metadata: { labels: { [LABEL_CREATED_BY]: esoHash('apps/other') } }, owned: true },
]
for (const o of owners) {
  test(`ownedByAnother: ${o.name}`, () => {
    const reason = ownedByAnother(secret({}, o.metadata), plan('Owner'))
    assert.equal(reason !== undefined, o.owned, reason)
  })
}

test('mergePatch: only the managed keys and ESO metadata, no data-hash, no type, Argo CD never prunes or deletes it', () => {
  const p = plan('Merge')
  const out = mergePatch(rendered(p, { password: NEW }), p)
  assert.deepEqual(out, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'app',
      namespace: 'apps',
      labels: { from: 'es', [LABEL_MANAGED]: 'true' },
      annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'reloader.stakater.com/match': 'true' },
    },
    data: { password: b64(NEW) },
  })
})

test('mergePatch: template.type is kept (ESO writes it over the live type)', () => {
  const p = plan('Merge', { template: template({ type: 'kubernetes.io/basic-auth' }) })
  assert.equal(mergePatch(rendered(p, { password: NEW }), p).type, 'kubernetes.io/basic-auth')
})

test('updateExisting: ownerReferences to this ExternalSecret are dropped (a render never writes them), others kept', () => {
  const p = plan('Owner')
  const es = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', uid: 'u-1', controller: true }
  const other = { apiVersion: 'example.com/v1', kind: 'Thing', name: 't', uid: 'u-2' }
  const both = updateExisting(secret({}, { ownerReferences: [es, other] }), rendered(p, { k: NEW }), p)
  assert.deepEqual((both.metadata as { ownerReferences?: unknown }).ownerReferences, [other])
  const only = updateExisting(secret({}, { ownerReferences: [es] }), rendered(p, { k: NEW }), p)
  assert.equal('ownerReferences' in (only.metadata as object), false)
})
