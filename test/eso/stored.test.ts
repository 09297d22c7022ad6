// src/eso/stored.ts: YAML nulls as the API server stores ESO objects. The rules are
// k8s.io/apiextensions-apiserver's: pkg/apiserver/schema/defaulting/prunenulls.go
// (PruneNonNullableNullsWithoutDefaults: a null at a field the structural schema knows is deleted
// unless nullable, in objects only; array items are recursed into, never deleted) and
// pkg/apiserver/schema/objectmeta/coerce.go (GetObjectMeta: metadata round-trips through
// metav1.ObjectMeta as JSON). ESO's CRDs (config/crds/bases/external-secrets.io_*.yaml at v2.9.0)
// mark no spec field nullable (only status.refreshTime); fields with a default (creationPolicy,
// deletionPolicy, refreshInterval, engineVersion, mergePolicy...) get it, which is what an absent
// field means to eso-render.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadSchemas, validateResource } from '../../src/eso/schema.ts'
import { readStored, storedObject, storedSchemaOf } from '../../src/eso/stored.ts'

await loadSchemas()

type Obj = Record<string, unknown>

const es = (): Obj => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'app', namespace: 'apps', labels: { team: 'a' }, annotations: { note: 'b' } },
  spec: {
    refreshInterval: '1h',
    secretStoreRef: { name: 'vault', kind: 'SecretStore' },
    target: {
      name: 'app',
      creationPolicy: 'Owner',
      deletionPolicy: 'Retain',
      template: {
        type: 'Opaque',
        engineVersion: 'v2',
        mergePolicy: 'Replace',
        metadata: { labels: { l: 'x' }, annotations: { a: 'y' } },
        data: { k: '{{ .a }}' },
        templateFrom: [{ literal: 'x: y' }],
      },
    },
    data: [{ secretKey: 'a', remoteRef: { key: 'app', property: 'a', version: '1', decodingStrategy: 'None', metadataPolicy: 'None' }, sourceRef: { storeRef: { name: 'vault' } } }],
    dataFrom: [{ extract: { key: 'app', conversionStrategy: 'Default' }, rewrite: [{ regexp: { source: 'a', target: 'b' } }] }],
  },
})

const store = (kind = 'SecretStore'): Obj => ({
  apiVersion: 'external-secrets.io/v1',
  kind,
  metadata: { name: 'vault', namespace: 'apps', labels: { team: 'a' }, annotations: { note: 'b' } },
  spec: {
    controller: 'dev',
    retrySettings: { maxRetries: 3 },
    conditions: [{ namespaces: ['apps'] }],
    provider: {
      vault: {
        server: 'https://vault.example.com',
        path: 'secret',
        version: 'v2',
        namespace: 'team',
        caBundle: 'Y2E=',
        caProvider: { type: 'Secret', name: 'ca', key: 'ca.crt' },
        headers: { 'X-Team': 'a' },
        auth: { tokenSecretRef: { name: 'vault-token', key: 'token', namespace: 'apps' } },
      },
    },
  },
})

/** `spec.data[0].remoteRef.version` → the parent object and the key. */
function locate(object: Obj, path: string): [Obj, string] {
  const parts = path.match(/[^.[\]]+/g)!
  let at: unknown = object
  for (const p of parts.slice(0, -1)) at = (at as Obj)[p]
  return [at as Obj, parts[parts.length - 1]]
}

function withNull(object: Obj, path: string): Obj {
  const [parent, key] = locate(object, path)
  parent[key] = null
  return object
}

function has(object: Obj, path: string): boolean {
  const [parent, key] = locate(object, path)
  return Object.hasOwn(parent, key)
}

const resourceOf = (o: Obj) => ({ apiVersion: String(o.apiVersion), kind: String(o.kind), name: 'x' })
const schemaKind = (o: Obj) => (o.kind === 'ExternalSecret' ? 'ExternalSecret' : 'SecretStore')
const problems = (o: Obj) => validateResource(schemaKind(o), o, resourceOf(o)).map((e) => `${e.fieldPath}: ${e.message}`)
const stored = (o: Obj) => {
  const s = storedObject(o, storedSchemaOf(String(o.kind)), resourceOf(o))
  assert.deepEqual(s.errors, [])
  return s.object
}

// Each of these fields, written `field:` with nothing after it (or `~`, `null`), is refused before
// pruning, as eso-render refused it before ("must be object" and the like), and absent after it.
const absent: [() => Obj, string][] = [
  [es, 'metadata.labels'],
  [es, 'metadata.annotations'],
  [es, 'spec.refreshInterval'],
  [es, 'spec.secretStoreRef.kind'],
  [es, 'spec.target.name'],
  [es, 'spec.target.creationPolicy'],
  [es, 'spec.target.deletionPolicy'],
  [es, 'spec.target.template.type'],
  [es, 'spec.target.template.engineVersion'],
  [es, 'spec.target.template.mergePolicy'],
  [es, 'spec.target.template.metadata.labels'],
  [es, 'spec.target.template.metadata.annotations'],
  [es, 'spec.target.template.metadata'],
  [es, 'spec.target.template.data'],
  [es, 'spec.target.template.templateFrom'],
  [es, 'spec.target.template'],
  [es, 'spec.target'],
  [es, 'spec.data[0].remoteRef.property'],
  [es, 'spec.data[0].remoteRef.version'],
  [es, 'spec.data[0].remoteRef.decodingStrategy'],
  [es, 'spec.data[0].remoteRef.metadataPolicy'],
  [es, 'spec.data[0].sourceRef'],
  [es, 'spec.dataFrom[0].extract.conversionStrategy'],
  [es, 'spec.dataFrom[0].rewrite'],
  [es, 'spec.dataFrom'],
  [es, 'spec.data'],
  [store, 'metadata.labels'],
  [store, 'metadata.annotations'],
  [store, 'spec.controller'],
  [store, 'spec.retrySettings'],
  [store, 'spec.conditions'],
  [store, 'spec.provider.vault.path'],
  [store, 'spec.provider.vault.version'],
  [store, 'spec.provider.vault.namespace'],
  [store, 'spec.provider.vault.caBundle'],
  [store, 'spec.provider.vault.caProvider'],
  [store, 'spec.provider.vault.headers'],
  [store, 'spec.provider.vault.auth.tokenSecretRef.namespace'],
  [() => store('ClusterSecretStore'), 'spec.conditions'],
]
for (const [make, path] of absent) {
  const kind = String(make().kind)
  test(`stored: ${kind} ${path}: null is refused as written and absent as the API server stores it`, () => {
    const input = withNull(make(), path)
    const before = structuredClone(input)
    assert.ok(
      problems(input).some((p) => p.startsWith(`${path}:`)),
      problems(input).join('\n'),
    )
    const out = stored(input)
    assert.equal(has(out, path), false)
    assert.deepEqual(problems(out), [])
    assert.deepEqual(input, before, 'the input object is not changed')
  })
}

test('stored: nulls inside the fields eso-render leaves open ({type: object}) are pruned too: the CRD knows those fields', () => {
  const s = store()
  ;(s.spec as Obj).retrySettings = { maxRetries: null, retryInterval: '10s' }
  const vault = ((s.spec as Obj).provider as Obj).vault as Obj
  vault.auth = { kubernetes: { mountPath: 'kubernetes', role: 'app', serviceAccountRef: null, secretRef: { name: 'sa', key: null } } }
  const out = stored(s)
  assert.deepEqual((out.spec as Obj).retrySettings, { retryInterval: '10s' })
  assert.deepEqual((((out.spec as Obj).provider as Obj).vault as Obj).auth, { kubernetes: { mountPath: 'kubernetes', role: 'app', secretRef: { name: 'sa' } } })
})

test('stored: nulls in arrays stay, and are refused as the API server refuses them ("must be of type object")', () => {
  const e = es()
  const spec = e.spec as Obj
  spec.data = [null, { secretKey: 'b', remoteRef: { key: 'app', property: null } }]
  ;(((spec.target as Obj).template as Obj).metadata as Obj).finalizers = [null]
  const out = stored(e)
  assert.deepEqual((out.spec as Obj).data, [null, { secretKey: 'b', remoteRef: { key: 'app' } }])
  assert.deepEqual(problems(out).sort(), ['spec.data[0]: must be object', 'spec.target.template.metadata.finalizers[0]: must be string'])
})

test('stored: a null at a field the schema does not know stays, so it is reported as unknown (strict field validation)', () => {
  const e = es()
  ;(e.spec as Obj).dta = null
  ;(((e.spec as Obj).data as Obj[])[0].remoteRef as Obj).propery = null
  assert.deepEqual(problems(stored(e)), ['spec.dta: unknown field', 'spec.data[0].remoteRef.propery: unknown field'])
})

test('stored: a null label or annotation value of the object itself is the empty string (ObjectMeta), one in the template is pruned (structural schema)', () => {
  const e = es()
  e.metadata = { name: 'app', namespace: null, labels: { team: null, keep: 'x' }, annotations: { note: null }, finalizers: null }
  ;((e.spec as Obj).target as Obj).template = { metadata: { labels: { l: null, keep: 'x' }, annotations: { a: null } } }
  const out = stored(e)
  assert.deepEqual(out.metadata, { name: 'app', labels: { team: '', keep: 'x' }, annotations: { note: '' } })
  assert.deepEqual(((out.spec as Obj).target as Obj).template, { metadata: { labels: { keep: 'x' }, annotations: {} } })
  assert.deepEqual(problems(out), [])
})

test('stored: metadata written as null is an empty metadata (its name is then missing), spec and status written as null are absent', () => {
  const e = es()
  e.metadata = null
  e.status = null
  assert.deepEqual(stored(e).metadata, {})
  const s = store()
  s.spec = null
  const out = stored(s)
  assert.equal(Object.hasOwn(out, 'spec'), false)
  assert.deepEqual(problems(out), ['spec: required field is missing'])
})

test('stored: kinds without a schema here (ClusterExternalSecret, generators) have every null in their spec pruned', () => {
  const ces = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterExternalSecret',
    metadata: { name: 'c', labels: null },
    spec: { externalSecretName: null, namespaceSelectors: [{ matchLabels: { a: 'b' }, matchExpressions: null }], externalSecretSpec: { target: null, data: [null] } },
  }
  const out = storedObject(ces, storedSchemaOf('ClusterExternalSecret'), resourceOf(ces))
  assert.deepEqual(out.object, {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterExternalSecret',
    metadata: { name: 'c' },
    spec: { namespaceSelectors: [{ matchLabels: { a: 'b' } }], externalSecretSpec: { data: [null] } },
  })
})

test('stored: a schema field marked x-kubernetes-preserve-unknown-fields keeps the nulls inside it (its own null is pruned)', () => {
  const schema = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { parameters: { 'x-kubernetes-preserve-unknown-fields': true }, path: { type: 'string' } }, additionalProperties: false } },
  }
  const kept = storedObject({ spec: { parameters: { ttl: null, nested: { a: null } }, path: null } }, schema, { kind: 'VaultDynamicSecret', name: 'x' })
  assert.deepEqual(kept.object, { spec: { parameters: { ttl: null, nested: { a: null } } } })
  assert.deepEqual(storedObject({ spec: { parameters: null } }, schema, { kind: 'VaultDynamicSecret', name: 'x' }).object, { spec: {} })
})

test('stored: .inf and .nan are refused at their field: kubectl cannot write them as JSON', () => {
  const e = es()
  ;(((e.spec as Obj).target as Obj).template as Obj).data = { a: Infinity, b: Number.NaN }
  e.metadata = { name: 'app', labels: { x: -Infinity } }
  const out = storedObject(e, storedSchemaOf('ExternalSecret'), resourceOf(e))
  assert.deepEqual(
    out.errors.map((err) => [err.code, err.fieldPath, err.message]),
    [
      ['INPUT_INVALID', 'metadata.labels.x', 'is -.inf, a number JSON cannot hold: kubectl refuses the manifest (json: unsupported value); quote it if a string is meant'],
      ['INPUT_INVALID', 'spec.target.template.data.a', 'is .inf, a number JSON cannot hold: kubectl refuses the manifest (json: unsupported value); quote it if a string is meant'],
      ['INPUT_INVALID', 'spec.target.template.data.b', 'is .nan, a number JSON cannot hold: kubectl refuses the manifest (json: unsupported value); quote it if a string is meant'],
    ],
  )
})

test('readStored: an item read by Kubernetes’ rules and pruned; a key Kubernetes cannot read is an error naming the resource', async () => {
  const { readStreams } = await import('../../src/manifests/read.ts')
  const text =
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: a, namespace: apps, labels: }\nspec: {target: {template: {data: {dot: .}}}, dataFrom: }\n---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: b}\nspec: {x: {~: 1}}\n'
  const m = await readStreams([{ path: 'in.yaml', text }], () => true)
  const read11 = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'a' }
  const ok = readStored(m.items[0], 'ExternalSecret', read11, m.items[0].file)
  assert.deepEqual(ok.errors, [])
  assert.deepEqual(ok.object, { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'a', namespace: 'apps' }, spec: { target: { template: { data: { dot: '.' } } } } })
  assert.equal(ok.resource.namespace, 'apps')
  const bad = readStored(m.items[1], 'ExternalSecret', { ...read11, name: 'b' }, m.items[1].file)
  assert.equal(bad.object, undefined)
  assert.deepEqual(
    bad.errors.map((e) => [e.code, e.resource?.name, e.file]),
    [['INPUT_INVALID', 'b', { path: 'in.yaml', index: 1 }]],
  )
})

test('stored: a number JSON cannot hold is located through arrays and keys with / and ~', () => {
  const e = es()
  ;(e.spec as Obj).data = [
    { secretKey: 'a', remoteRef: { key: 'k' } },
    { secretKey: Number.NaN, remoteRef: { key: 'k' } },
  ]
  e.metadata = { name: 'app', annotations: { 'example.com/a~b': Infinity } }
  const out = storedObject(e, storedSchemaOf('ExternalSecret'), resourceOf(e))
  assert.deepEqual(
    out.errors.map((err) => err.fieldPath),
    ['metadata.annotations["example.com/a~b"]', 'spec.data[1].secretKey'],
  )
})

// The fast reader's null-free documents skip the walk (nothing to prune, no number): the result
// must be the walk's, copied where the walk copies. The oracle is the walk itself, on a copy of
// the same document (a copy is not one the reader returned).
test('stored: a document the fast reader read without a null gives what the walk gives, copied where it copies', async () => {
  const { readSimpleYaml, isNullFreeSimpleYaml } = await import('../../src/manifests/simple-yaml.ts')
  const { readdirSync, readFileSync } = await import('node:fs')
  const { join } = await import('node:path')
  const { ROOT } = await import('../support/fixtures.ts')
  const texts = [
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: a\n  labels: {app: web}\n  annotations: {note: x}\nspec:\n  secretStoreRef: {name: vault, kind: SecretStore}\n  data:\n  - {secretKey: k, remoteRef: {key: team/app, property: p}}\n',
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: a\n  labels:\nspec:\n  refreshInterval:\n',
    'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: s}\nspec:\n  provider:\n    vault: {server: "http://v", path: secret}\n',
  ]
  for (const name of readdirSync(join(ROOT, 'fixtures'))) {
    try {
      texts.push(...readFileSync(join(ROOT, 'fixtures', name, 'input.yaml'), 'utf8').split(/^---$/m))
    } catch {
      // a fixture without input.yaml
    }
  }
  let fast = 0
  let withNulls = 0
  for (const text of texts) {
    const doc = readSimpleYaml(text)
    if (!doc || typeof doc.kind !== 'string' || !/^(ExternalSecret|SecretStore|ClusterSecretStore)$/.test(doc.kind)) continue
    if (!isNullFreeSimpleYaml(doc)) {
      withNulls++
      continue
    }
    fast++
    const schema = storedSchemaOf(doc.kind)
    const got = storedObject(doc, schema, resourceOf(doc))
    const walked = storedObject(structuredClone(doc), schema, resourceOf(doc))
    assert.deepEqual(got, walked, text)
    assert.notEqual(got.object, doc)
    if (doc.metadata && typeof doc.metadata === 'object') {
      const metadata = doc.metadata as Obj
      const gotMetadata = got.object.metadata as Obj
      assert.notEqual(gotMetadata, metadata)
      for (const k of ['labels', 'annotations']) if (metadata[k]) assert.notEqual(gotMetadata[k], metadata[k], k)
    }
    if (doc.spec) assert.equal(got.object.spec, doc.spec)
  }
  assert.ok(fast >= 10 && withNulls >= 1, `${fast} null-free documents, ${withNulls} with nulls`)
})
