// JSON schemas (ajv) for the ExternalSecret, SecretStore and ClusterSecretStore fields eso-render
// reads, for external-secrets.io/v1 and v1beta1 (same fields; v1beta1 lacks some newer ones).
// Unknown fields are rejected (as kubectl's strict field validation does); fields that exist in ESO
// but are not implemented are accepted here and refused by the planner with a clear message.

import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import { RenderError, type FileRef, type ResourceId } from '../errors.ts'
import { loadAjv } from './ajv.ts'
import { precompiledValidators } from './precompiled.ts'
import { fieldPathOf } from './field-path.ts'
import { GENERATOR_KINDS } from './kinds.ts'

export type Schema = Record<string, unknown>

const str: Schema = { type: 'string' }
const bool: Schema = { type: 'boolean' }
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } }
const anyObject: Schema = { type: 'object' }
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required, additionalProperties: false })
const arr = (items: Schema): Schema => ({ type: 'array', items })
const oneOfStrings = (...values: string[]): Schema => ({ type: 'string', enum: values })

const metadata: Schema = {
  type: 'object',
  properties: { name: str, namespace: str, labels: stringMap, annotations: stringMap, uid: str },
  required: ['name'],
}

const storeRef = obj({ name: str, kind: oneOfStrings('SecretStore', 'ClusterSecretStore') }, ['name'])
// ESO's GeneratorRef (apis/externalsecrets/v1): kind is one of the generator kinds, the name a DNS-1123 subdomain.
const generatorRef = obj(
  {
    apiVersion: str,
    kind: oneOfStrings(...[...GENERATOR_KINDS].sort()),
    name: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
  },
  ['kind', 'name'],
)
const sourceRef = obj({ storeRef, generatorRef })

const remoteRef = obj(
  {
    key: str,
    property: str,
    version: str,
    metadataPolicy: oneOfStrings('None', 'Fetch', ''),
    decodingStrategy: oneOfStrings('Auto', 'Base64', 'Base64URL', 'None', ''),
    conversionStrategy: oneOfStrings('Default', 'Unicode', ''),
    nullBytePolicy: oneOfStrings('Ignore', 'Fail', ''),
  },
  ['key'],
)

const find = obj({
  path: str,
  name: obj({ regexp: str }),
  tags: stringMap,
  conversionStrategy: oneOfStrings('Default', 'Unicode', ''),
  decodingStrategy: oneOfStrings('Auto', 'Base64', 'Base64URL', 'None', ''),
  nullBytePolicy: oneOfStrings('Ignore', 'Fail', ''),
})

// ESO's CRD: exactly one operation per entry (MinProperties=1, MaxProperties=1).
const rewrite = {
  ...obj({
    regexp: obj({ source: str, target: str }, ['source', 'target']),
    transform: obj({ template: str }, ['template']),
    merge: obj({ into: str, priority: arr(str), priorityPolicy: oneOfStrings('IgnoreNotFound', 'Strict'), conflictPolicy: oneOfStrings('Ignore', 'Error'), strategy: oneOfStrings('Extract', 'JSON') }),
  }),
  minProperties: 1,
  maxProperties: 1,
}

const templateRefItem = obj({ key: str, templateAs: oneOfStrings('Values', 'KeysAndValues') }, ['key'])
const templateFrom = obj({
  configMap: obj({ name: str, items: arr(templateRefItem) }, ['name', 'items']),
  secret: obj({ name: str, items: arr(templateRefItem) }, ['name', 'items']),
  literal: str,
  target: str,
  valuesDecodingStrategy: str,
})

const template = obj({
  type: str,
  engineVersion: str,
  mergePolicy: oneOfStrings('Replace', 'Merge'),
  metadata: obj({ labels: stringMap, annotations: stringMap, finalizers: arr(str) }),
  data: stringMap,
  templateFrom: arr(templateFrom),
})

const externalSecretSpec = obj({
  secretStoreRef: storeRef,
  target: obj({
    name: str,
    creationPolicy: oneOfStrings('Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'),
    deletionPolicy: oneOfStrings('Delete', 'Merge', 'Retain'),
    template,
    immutable: bool,
    manifest: anyObject,
  }),
  refreshInterval: str,
  refreshPolicy: oneOfStrings('CreatedOnce', 'Periodic', 'OnChange'),
  // ESO v2.9 apis/externalsecrets/v1/externalsecret_types.go ExternalSecretSyncWindows: one object,
  // a kind for every window and at least one window (its CRD's pattern for the schedule).
  syncWindows: obj(
    {
      kind: oneOfStrings('allow', 'deny'),
      windows: {
        type: 'array',
        minItems: 1,
        items: obj(
          {
            schedule: { type: 'string', minLength: 1, pattern: '^(@(annually|yearly|monthly|weekly|daily|midnight|hourly)|@every [^\\s]+.*|[^\\s]+( [^\\s]+){4})$' },
            duration: str,
          },
          ['duration', 'schedule'],
        ),
      },
    },
    ['kind', 'windows'],
  ),
  data: arr(obj({ secretKey: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', minLength: 1, maxLength: 253 }, remoteRef, sourceRef }, ['secretKey', 'remoteRef'])),
  dataFrom: arr(obj({ extract: remoteRef, find, rewrite: arr(rewrite), sourceRef })),
})

/** A whole object's schema around a spec's (apiVersion, kind, metadata, spec), as validateSpec compiles it. */
export const specResource = (spec: Schema): Schema => resource(spec)

const resource = (spec: Schema): Schema => ({
  type: 'object',
  properties: { apiVersion: str, kind: str, metadata, spec, status: anyObject },
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
})

const secretKeySelector = obj({ name: str, key: str, namespace: str }, ['name'])

const vaultProvider = obj(
  {
    server: str,
    path: str,
    version: oneOfStrings('v1', 'v2'),
    namespace: str,
    caBundle: str,
    caProvider: obj({ type: oneOfStrings('Secret', 'ConfigMap'), name: str, key: str, namespace: str }, ['type', 'name']),
    tls: obj({ certSecretRef: secretKeySelector, keySecretRef: secretKeySelector }),
    headers: stringMap,
    readYourWrites: bool,
    forwardInconsistent: bool,
    checkAndSet: anyObject,
    auth: obj({
      tokenSecretRef: secretKeySelector,
      appRole: anyObject,
      kubernetes: anyObject,
      ldap: anyObject,
      userPass: anyObject,
      jwt: anyObject,
      cert: anyObject,
      iam: anyObject,
      gcp: anyObject,
      namespace: str,
    }),
  },
  ['server'],
)

const labelSelector = obj({ matchLabels: stringMap, matchExpressions: arr(obj({ key: str, operator: str, values: arr(str) }, ['key', 'operator'])) })

const condition = obj({
  namespaceSelector: labelSelector,
  namespaces: arr(str),
  namespaceRegexes: arr(str),
})

const storeSpec = {
  type: 'object',
  properties: {
    // Other providers are accepted by the schema and refused by name in stores.ts; how many are set
    // is checked in validateResource (exactly one, as ESO's CRD says), so that the message can name them.
    provider: { type: 'object', properties: { vault: vaultProvider } },
    controller: str,
    retrySettings: anyObject,
    refreshInterval: { type: ['integer', 'string'] },
    conditions: arr(condition),
  },
  required: ['provider'],
  additionalProperties: false,
}

// ClusterExternalSecret (v1 and v1beta1 alike): its externalSecretSpec is an ExternalSecret's spec.
const clusterExternalSecretSpec = obj(
  {
    externalSecretSpec,
    externalSecretName: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
    externalSecretMetadata: obj({ labels: stringMap, annotations: stringMap }),
    namespaceSelector: labelSelector,
    namespaceSelectors: arr(labelSelector),
    namespaces: arr({ type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
    refreshTime: str,
  },
  ['externalSecretSpec'],
)

let ajv: Ajv | undefined
const compiled = new Map<string, ValidateFunction>()

let precompiled = false

/** Makes the validators ready (the bundle's compiled ones, else ajv); must be awaited once before validateResource. */
export async function loadSchemas(): Promise<void> {
  if (ajv || precompiled) return
  const ahead = await precompiledValidators()
  if (ahead) {
    for (const [name, fn] of ahead) compiled.set(name, fn)
    precompiled = true
    return
  }
  ajv = await loadAjv()
}

type SchemaName = 'ExternalSecret' | 'SecretStore' | 'ClusterExternalSecret'
const SPECS: Record<SchemaName, Schema> = { ExternalSecret: externalSecretSpec, SecretStore: storeSpec, ClusterExternalSecret: clusterExternalSecretSpec }

const schemas = new Map<SchemaName, Schema>()

/** The whole-object schema of a kind (SecretStore serves ClusterSecretStore too), for stored.ts's null pruning and for ajv. */
export function schemaOf(kind: SchemaName): Schema {
  let schema = schemas.get(kind)
  if (!schema) {
    schema = resource(SPECS[kind])
    schemas.set(kind, schema)
  }
  return schema
}

function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name)
  if (!fn) {
    if (!ajv) throw new RenderError('INTERNAL', 'schemas used before loadSchemas(); this is a bug in eso-render')
    fn = ajv.compile(schemaOf(name))
    compiled.set(name, fn)
  }
  return fn
}

/** A resource's JSON schema, for a validator compiled ahead of time (the playground's page). */
export function resourceSchema(kind: 'ExternalSecret' | 'SecretStore'): Schema {
  return resource(kind === 'ExternalSecret' ? externalSecretSpec : storeSpec)
}

/**
 * A validator compiled ahead of time from resourceSchema (ajv's standalone code): the playground's
 * page, whose Content-Security-Policy forbids the code generation ajv compiles with.
 */
export function useCompiledValidator(kind: 'ExternalSecret' | 'SecretStore', fn: ValidateFunction): void {
  compiled.set(kind, fn)
}

// ajv's messages name types and allowed values from the schema, never the data.
function describe(e: ErrorObject): { field: string; message: string } {
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty)
    return { field: fieldPathOf(e.instancePath, extra), message: 'unknown field' }
  }
  if (e.keyword === 'required') {
    const missing = String((e.params as { missingProperty: string }).missingProperty)
    return { field: fieldPathOf(e.instancePath, missing), message: 'required field is missing' }
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.filter((v) => v !== '').map(String)
    return { field: fieldPathOf(e.instancePath), message: `must be one of ${allowed.join(', ')}` }
  }
  if (e.keyword === 'pattern') return { field: fieldPathOf(e.instancePath), message: `must match ${(e.params as { pattern: string }).pattern}` }
  return { field: fieldPathOf(e.instancePath), message: e.message ?? 'is invalid' }
}

// ajv reports every keyword a value fails, so one bad field can give several errors (`type` and
// `enum` for a number where one of a few strings belongs). One error per field: the keyword that
// says most about what was expected wins; the allowed values say the type too.
const KEYWORD_RANK = ['enum', 'const', 'pattern', 'maxLength', 'minLength', 'type']
const rank = (keyword: string) => {
  const i = KEYWORD_RANK.indexOf(keyword)
  return i < 0 ? KEYWORD_RANK.length : i
}

/** Provider names as written, safe on one line of a message. */
const providerName = (name: string) => (/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name))

/**
 * ESO's SecretStoreProvider has minProperties 1 and maxProperties 1 ("Only one provider may be
 * set"); a provider written as YAML null is absent, as the API server prunes nulls.
 */
function providerProblem(object: unknown): string | undefined {
  const provider = (object as { spec?: { provider?: unknown } } | undefined)?.spec?.provider
  if (!provider || typeof provider !== 'object' || Array.isArray(provider)) return undefined
  const set = Object.entries(provider)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k]) => providerName(k))
  if (set.length === 1) return undefined
  if (!set.length) return 'exactly one provider must be set (vault, for eso-render); found none'
  return `exactly one provider may be set (ESO's SecretStoreProvider allows one per store); found ${set.length}: ${set.join(', ')}`
}

function fieldProblems(validate: ValidateFunction, object: unknown): Map<string, { message: string; rank: number }> {
  const problems = new Map<string, { message: string; rank: number }>()
  if (!validate(object)) {
    for (const e of validate.errors ?? []) {
      const { field, message } = describe(e)
      const seen = problems.get(field)
      if (!seen || rank(e.keyword) < seen.rank) problems.set(field, { message, rank: rank(e.keyword) })
    }
  }
  return problems
}

/** The store's `spec.provider.vault` schema: a VaultDynamicSecret's inline provider has the same shape. */
export const VAULT_PROVIDER_SCHEMA: Schema = vaultProvider

/** Validates a resource against a spec schema of another module (the generators'), one error per field, as validateResource does. */
export function validateSpec(name: string, spec: Schema, object: unknown, resourceId: ResourceId, file?: FileRef): RenderError[] {
  let fn = compiled.get(name)
  if (!fn) {
    if (!ajv) throw new RenderError('INTERNAL', 'schemas used before loadSchemas(); this is a bug in eso-render')
    fn = ajv.compile(resource(spec))
    compiled.set(name, fn)
  }
  return [...fieldProblems(fn, object)].map(([field, { message }]) => new RenderError('SCHEMA_INVALID', message, { resource: resourceId, fieldPath: field, file }))
}

/** Validates one resource; returns every problem as a located RenderError, one per field. */
export function validateResource(kind: SchemaName, object: unknown, resource: ResourceId, file?: FileRef): RenderError[] {
  const problems = fieldProblems(validator(kind), object)
  if (kind === 'SecretStore' && !problems.has('spec.provider')) {
    const message = providerProblem(object)
    if (message) problems.set('spec.provider', { message, rank: 0 })
  }
  return [...problems].map(([field, { message }]) => new RenderError('SCHEMA_INVALID', message, { resource, fieldPath: field, file }))
}
