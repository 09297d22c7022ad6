// src/manifests/identity.ts: the ResourceId, annotations, labels and kpt file of an item.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { annotationsOf, fromKpt, isV1List, KEPT_MARKER, kptFileOf, KPT_PATH_KEYS, labelsOf, LOCAL_CONFIG, resourceOf } from '../../src/manifests/identity.ts'
import type { KubeObject } from '../../src/manifests/read.ts'

const resources: { name: string; obj: KubeObject; kind: string; want: ReturnType<typeof resourceOf> }[] = [
  {
    name: 'a namespaced object',
    obj: { apiVersion: 'external-secrets.io/v1', metadata: { name: 'app', namespace: 'apps' } },
    kind: 'ExternalSecret',
    want: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', namespace: 'apps' },
  },
  {
    name: 'an empty namespace is no namespace',
    obj: { apiVersion: 'v1', metadata: { name: 'app', namespace: '' } },
    kind: 'Secret',
    want: { apiVersion: 'v1', kind: 'Secret', name: 'app', namespace: undefined },
  },
  { name: 'no metadata', obj: { apiVersion: 'v1' }, kind: 'Secret', want: { apiVersion: 'v1', kind: 'Secret', name: '(unnamed)', namespace: undefined } },
  {
    name: 'a non-string name and apiVersion',
    obj: { apiVersion: 1, metadata: { name: 42, namespace: ['x'] } },
    kind: 'X',
    want: { apiVersion: undefined, kind: 'X', name: '(unnamed)', namespace: undefined },
  },
]
for (const c of resources) {
  test(`resourceOf: ${c.name}`, () => assert.deepEqual(resourceOf(c.obj, c.kind), c.want))
}

const maps: { name: string; obj: KubeObject; annotations: Record<string, string>; labels: Record<string, string> }[] = [
  { name: 'present', obj: { metadata: { annotations: { a: '1' }, labels: { l: '2' } } }, annotations: { a: '1' }, labels: { l: '2' } },
  { name: 'no metadata', obj: {}, annotations: {}, labels: {} },
  { name: 'null maps', obj: { metadata: { annotations: null, labels: null } }, annotations: {}, labels: {} },
  { name: 'strings where maps belong', obj: { metadata: { annotations: 'a=1', labels: 'l=2' } }, annotations: {}, labels: {} },
]
for (const c of maps) {
  test(`annotationsOf / labelsOf: ${c.name}`, () => {
    assert.deepEqual(annotationsOf(c.obj), c.annotations)
    assert.deepEqual(labelsOf(c.obj), c.labels)
  })
}

const withAnnotations = (a: Record<string, string>): KubeObject => ({ metadata: { name: 'x', annotations: a } })
const kpt: { name: string; annotations: Record<string, string>; fromKpt: boolean; file: ReturnType<typeof kptFileOf> }[] = [
  { name: 'no kpt annotations', annotations: { other: 'x' }, fromKpt: false, file: undefined },
  {
    name: 'current path and index',
    annotations: { 'internal.config.kubernetes.io/path': 'dir/es.yaml', 'internal.config.kubernetes.io/index': '2' },
    fromKpt: true,
    file: { path: 'dir/es.yaml', index: 2 },
  },
  { name: 'legacy path and index', annotations: { 'config.kubernetes.io/path': 'es.yaml', 'config.kubernetes.io/index': '1' }, fromKpt: true, file: { path: 'es.yaml', index: 1 } },
  {
    name: 'both spellings: the current one wins',
    annotations: { 'config.kubernetes.io/path': 'old.yaml', 'internal.config.kubernetes.io/path': 'new.yaml' },
    fromKpt: true,
    file: { path: 'new.yaml', index: 0 },
  },
  { name: 'a path without index is document 0', annotations: { 'internal.config.kubernetes.io/path': 'es.yaml' }, fromKpt: true, file: { path: 'es.yaml', index: 0 } },
  {
    name: 'a non-integer index is document 0',
    annotations: { 'internal.config.kubernetes.io/path': 'es.yaml', 'internal.config.kubernetes.io/index': 'x' },
    fromKpt: true,
    file: { path: 'es.yaml', index: 0 },
  },
  { name: 'an empty path is no file, but still kpt', annotations: { 'internal.config.kubernetes.io/path': '' }, fromKpt: true, file: undefined },
]
for (const c of kpt) {
  test(`kpt: ${c.name}`, () => {
    assert.equal(fromKpt(withAnnotations(c.annotations)), c.fromKpt)
    assert.deepEqual(kptFileOf(withAnnotations(c.annotations)), c.file)
  })
}

test('marker annotation names', () => {
  assert.equal(LOCAL_CONFIG, 'config.kubernetes.io/local-config')
  assert.equal(KEPT_MARKER, 'config.eso-render.dev/kept')
  assert.deepEqual(KPT_PATH_KEYS, ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'])
})

const lists: { kind?: string; apiVersion?: string; want: boolean }[] = [
  { kind: 'List', apiVersion: 'v1', want: true },
  { kind: 'List', apiVersion: 'v2', want: false },
  { kind: 'List', want: false },
  { kind: 'SecretList', apiVersion: 'v1', want: false },
  { kind: 'list', apiVersion: 'v1', want: false },
]
for (const c of lists) {
  test(`isV1List(${JSON.stringify(c.kind)}, ${JSON.stringify(c.apiVersion)}) is ${c.want}`, () => assert.equal(isV1List(c.kind, c.apiVersion), c.want))
}
