// src/eso/generators/index.ts: how a generatorRef finds its generator, as ESO v2.9's resolver
// (runtime/esutils/resolvers/generator.go getGenerator, clusterGeneratorToVirtual) does, and the
// generator objects' schemas (config/crds/bases/generators.external-secrets.io_*.yaml).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { GeneratorIndex, resolveGenerator, validateGenerator, type GeneratorObject, type GeneratorRef } from '../../../src/eso/generators/index.ts'
import { loadSchemas } from '../../../src/eso/schema.ts'
import { RenderError } from '../../../src/errors.ts'

const gen = (kind: string, name: string, namespace: string | undefined, spec?: Record<string, unknown>): GeneratorObject => ({
  resource: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind, name, ...(namespace ? { namespace } : {}) },
  position: 0,
  object: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...(spec ? { spec } : {}) } as GeneratorObject['object'],
})
const index = new GeneratorIndex()
index.add(gen('Password', 'pw', 'apps', { length: 8 }), true)
index.add(gen('Password', 'bad', 'apps', { length: 4, digits: 5 }), true)
index.add(gen('Password', 'elsewhere', 'other'), true)
index.add(gen('VaultDynamicSecret', 'vds', 'apps', { path: 'database/creds/a', provider: { server: 'https://v' }, controller: 'dev' }), true)
index.add(gen('UUID', 'id', 'apps', {}), true)
index.add(gen('ClusterGenerator', 'cpw', undefined, { kind: 'Password', generator: { passwordSpec: { length: 6 } } }), true)
index.add(gen('ClusterGenerator', 'wrong', undefined, { kind: 'Password', generator: { uuidSpec: {} } }), true)

const ref = (kind: string, name: string, apiVersion = 'generators.external-secrets.io/v1alpha1'): GeneratorRef => ({ apiVersion, kind, name })
const at = 'spec.dataFrom[0].sourceRef.generatorRef'

const cases: { name: string; ref: GeneratorRef; kind?: string; code?: string; field?: string; message?: RegExp }[] = [
  { name: 'a Password in the namespace', ref: ref('Password', 'pw'), kind: 'Password' },
  { name: 'a ClusterGenerator unwrapped into its Password', ref: ref('ClusterGenerator', 'cpw'), kind: 'Password' },
  {
    name: 'another group',
    ref: ref('Password', 'pw', 'external-secrets.io/v1'),
    code: 'SCHEMA_INVALID',
    field: `${at}.apiVersion`,
    message: /generatorRef may only reference the generators group, but got external-secrets.io/,
  },
  {
    name: 'another version',
    ref: ref('Password', 'pw', 'generators.external-secrets.io/v1'),
    code: 'SCHEMA_INVALID',
    message: /generatorRef references unknown GVK generators.external-secrets.io\/v1, Kind=Password/,
  },
  {
    name: 'not in the input',
    ref: ref('Password', 'nope'),
    code: 'STORE_NOT_FOUND',
    field: at,
    message: /unable to get generator: Password.generators.external-secrets.io "nope" not found in namespace "apps"/,
  },
  { name: 'in another namespace', ref: ref('Password', 'elsewhere'), code: 'STORE_NOT_FOUND', message: /a Password of that name is in namespace "other"/ },
  {
    name: 'a ClusterGenerator whose spec is not of its kind',
    ref: ref('ClusterGenerator', 'wrong'),
    code: 'SCHEMA_INVALID',
    field: 'spec.generator',
    message: /invalid ClusterGenerator: when kind is Password, PasswordSpec must be set/,
  },
  { name: 'an unsupported kind', ref: ref('UUID', 'id'), code: 'UNSUPPORTED', field: `${at}.kind`, message: /generator kind UUID is not supported by eso-render/ },
  {
    name: 'a Password that cannot be generated',
    ref: ref('Password', 'bad'),
    code: 'SCHEMA_INVALID',
    field: 'spec',
    message: /error using generator: number of digits and symbols must be less than total length/,
  },
  { name: 'a VaultDynamicSecret of another controller class', ref: ref('VaultDynamicSecret', 'vds'), code: 'UNSUPPORTED', field: 'spec.controller', message: /controller class "dev"/ },
]
for (const c of cases) {
  test(`resolve: ${c.name}`, () => {
    if (c.kind) {
      assert.equal(resolveGenerator(c.ref, 'apps', index, at).kind, c.kind)
      return
    }
    assert.throws(
      () => resolveGenerator(c.ref, 'apps', index, at),
      (err: unknown) => {
        assert.ok(err instanceof RenderError)
        assert.equal(err.code, c.code)
        if (c.field) assert.equal(err.fieldPath, c.field)
        assert.match(err.message, c.message!)
        return true
      },
    )
  })
}

test('schemas: a Password needs no spec; wrong types, unknown fields and bad enums are errors at their field', async () => {
  await loadSchemas()
  assert.deepEqual(validateGenerator(gen('Password', 'p', 'apps')), [])
  const fields = (g: GeneratorObject) => validateGenerator(g).map((e) => `${e.fieldPath}: ${e.message}`)
  assert.deepEqual(fields(gen('Password', 'p', 'apps', { length: 'long', encoding: 'rot13', secretKeys: [], extra: 1 })).sort(), [
    'spec.encoding: must be one of base64, base64url, base32, hex, raw',
    'spec.extra: unknown field',
    'spec.length: must be integer',
    'spec.secretKeys: must NOT have fewer than 1 items',
  ])
  assert.deepEqual(fields(gen('VaultDynamicSecret', 'v', 'apps', { path: 'p' })), ['spec.provider: required field is missing'])
  assert.deepEqual(fields(gen('VaultDynamicSecret', 'v', 'apps', { path: 'p', provider: { server: 'https://v' }, resultType: 'Body' })), ['spec.resultType: must be one of Data, Auth, Raw'])
  assert.deepEqual(fields(gen('ClusterGenerator', 'c', undefined, { kind: 'Password', generator: { passwordSpec: {}, uuidSpec: {} } })), ['spec.generator: must NOT have more than 1 properties'])
})
