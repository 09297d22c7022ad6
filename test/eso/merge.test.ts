// src/eso/merge.ts: creationPolicy Merge into an input Secret — its keys, metadata and type kept,
// provider keys written over them, ESO's metadata added, data-hash over the final data.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mergeInto } from '../../src/eso/merge.ts'
import { ANNOTATION_DATA_HASH, dataHash, LABEL_MANAGED } from '../../src/eso/target.ts'
import { base64Encode, utf8 } from '../../src/eso/bytes.ts'
import type { KubeObject } from '../../src/manifests/read.ts'

const OLD = 'MERGE-OLD-CANARY-31a'
const NEW = 'MERGE-NEW-CANARY-7bf'
const b64 = (s: string) => base64Encode(utf8(s))
const rendered = (data: Record<string, string>, type = 'Opaque'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'app', labels: { [LABEL_MANAGED]: 'true' }, annotations: { [ANNOTATION_DATA_HASH]: 'rendered-hash', 'reloader.stakater.com/match': 'true' } },
  type,
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
})
const hashOf = (data: Record<string, string>) => dataHash(new Map(Object.entries(data).map(([k, v]) => [k, utf8(v)])))

const cases: { name: string; existing: KubeObject; rendered: KubeObject; data: Record<string, string>; type?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] = [
  {
    name: 'provider keys win, other existing keys stay, keys sorted',
    existing: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, data: { z: b64('keep'), password: b64(OLD) } },
    rendered: rendered({ password: NEW, a: 'new' }),
    data: { a: 'new', password: NEW, z: 'keep' },
    type: 'Opaque',
  },
  {
    name: 'stringData of the input Secret is folded into data',
    existing: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, stringData: { user: 'admin', password: OLD } },
    rendered: rendered({ password: NEW }),
    data: { password: NEW, user: 'admin' },
  },
  {
    name: 'the existing type is kept over the rendered one',
    existing: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, type: 'kubernetes.io/tls', data: {} },
    rendered: rendered({ 'tls.key': NEW }),
    data: { 'tls.key': NEW },
    type: 'kubernetes.io/tls',
  },
  {
    name: 'existing labels and annotations stay; ESO metadata is added over them',
    existing: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app', labels: { team: 'a', [LABEL_MANAGED]: 'false' }, annotations: { note: 'x', [ANNOTATION_DATA_HASH]: 'stale' } } },
    rendered: rendered({ k: NEW }),
    data: { k: NEW },
    labels: { team: 'a', [LABEL_MANAGED]: 'true' },
    annotations: { note: 'x', 'reloader.stakater.com/match': 'true' },
  },
]
for (const c of cases) {
  test(`mergeInto: ${c.name}`, () => {
    const before = JSON.stringify(c.existing)
    const out = mergeInto(c.existing, c.rendered)
    const want = Object.fromEntries(Object.entries(c.data).map(([k, v]) => [k, b64(v)]))
    assert.deepEqual(out.data, want)
    assert.deepEqual(Object.keys(out.data as object), Object.keys(want).sort())
    assert.equal('stringData' in out, false)
    const md = out.metadata as { labels: Record<string, string>; annotations: Record<string, string> }
    assert.equal(md.annotations[ANNOTATION_DATA_HASH], hashOf(c.data), 'the hash covers the final data, existing keys included')
    if (c.type) assert.equal(out.type, c.type)
    if (c.labels) assert.deepEqual(md.labels, c.labels)
    if (c.annotations) for (const [k, v] of Object.entries(c.annotations)) assert.equal(md.annotations[k], v)
    assert.equal(JSON.stringify(c.existing), before, 'the input Secret is not modified')
  })
}

test('mergeInto without a type on either side takes the rendered one', () => {
  const out = mergeInto({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' } }, rendered({ k: NEW }, 'Opaque'))
  assert.equal(out.type, 'Opaque')
})
