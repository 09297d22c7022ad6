// Generator objects (generators.external-secrets.io/v1alpha1) and how a dataFrom
// `sourceRef.generatorRef` finds one, as ESO v2.9's resolver does (runtime/esutils/resolvers/
// generator.go): the group and version checks, a namespaced generator from the ExternalSecret's
// namespace, a ClusterGenerator by name unwrapped into the generator it holds (its `kind` and the
// one spec it sets), and the kinds eso-render generates: Password and VaultDynamicSecret. Other
// kinds are refused by name. No I/O here.

import { describeResource, RenderError, type FileRef, type ResourceId } from '../../errors.ts'
import { GENERATOR_API_VERSION, GENERATOR_GROUP } from '../kinds.ts'
import { validateSpec, VAULT_PROVIDER_SCHEMA, type Schema } from '../schema.ts'
import { passwordConfig, passwordProblem, type PasswordConfig, type PasswordSpec } from './password.ts'
import type { VaultDynamicSecretSpec } from './vault-dynamic.ts'
import { parseDuration } from '../../go/time/duration.ts'

export { GENERATOR_API_VERSION }

/** The kinds eso-render generates; every other generator kind is refused by name. */
export const SUPPORTED_GENERATOR_KINDS = ['Password', 'VaultDynamicSecret'] as const
export type SupportedGeneratorKind = (typeof SUPPORTED_GENERATOR_KINDS)[number]

/** A dataFrom item's `sourceRef.generatorRef`, as the plan read it. */
export interface GeneratorRef {
  apiVersion: string
  kind: string
  name: string
}

export interface GeneratorObject {
  resource: ResourceId
  file?: FileRef
  /** Input position (for placement: dropped or kept like a store). */
  position: number
  object: { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> }
  /** Read from the cluster (with the operator's cluster access): a VaultDynamicSecret's server is then trusted, as a cluster store's is. */
  fromCluster?: boolean
}

/** A generator ready to run: its kind, the object it came from and, for messages, where its spec is (`spec`, or the ClusterGenerator's `spec.generator.passwordSpec`). */
export type ResolvedGenerator =
  | { kind: 'Password'; source: GeneratorObject; specPath: string; config: PasswordConfig }
  | { kind: 'VaultDynamicSecret'; source: GeneratorObject; specPath: string; spec: VaultDynamicSecretSpec }

// ClusterGenerator's spec.generator keys (apis/generators/v1alpha1/types_cluster.go GeneratorSpec).
const SPEC_KEYS: Record<string, string> = {
  ACRAccessToken: 'acrAccessTokenSpec',
  BeyondtrustWorkloadCredentialsDynamicSecret: 'beyondtrustWorkloadCredentialsDynamicSecretSpec',
  CloudsmithAccessToken: 'cloudsmithAccessTokenSpec',
  ECRAuthorizationToken: 'ecrAuthorizationTokenSpec',
  Fake: 'fakeSpec',
  GCRAccessToken: 'gcrAccessTokenSpec',
  GithubAccessToken: 'githubAccessTokenSpec',
  GitlabDeployToken: 'gitlabDeployTokenSpec',
  QuayAccessToken: 'quayAccessTokenSpec',
  Password: 'passwordSpec',
  SSHKey: 'sshKeySpec',
  STSSessionToken: 'stsSessionTokenSpec',
  UUID: 'uuidSpec',
  VaultDynamicSecret: 'vaultDynamicSecretSpec',
  Webhook: 'webhookSpec',
  Grafana: 'grafanaSpec',
  MFA: 'mfaSpec',
}

const str: Schema = { type: 'string' }
const int: Schema = { type: 'integer' }
const bool: Schema = { type: 'boolean' }
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required, additionalProperties: false })

// The CRDs' fields (config/crds/bases/generators.external-secrets.io_*.yaml).
const PASSWORD_SPEC = obj({
  length: int,
  digits: int,
  symbols: int,
  symbolCharacters: str,
  noUpper: bool,
  allowRepeat: bool,
  secretKeys: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  encoding: { type: 'string', enum: ['base64', 'base64url', 'base32', 'hex', 'raw'] },
})

const VAULT_DYNAMIC_SECRET_SPEC = obj(
  {
    controller: str,
    method: str,
    // x-kubernetes-preserve-unknown-fields in the CRD: the API server keeps nulls inside it (eso/stored.ts).
    parameters: { 'x-kubernetes-preserve-unknown-fields': true },
    getParameters: { type: 'object', additionalProperties: { type: 'array', items: str } },
    resultType: { type: 'string', enum: ['Data', 'Auth', 'Raw'] },
    retrySettings: obj({ maxRetries: int, retryInterval: str }),
    provider: VAULT_PROVIDER_SCHEMA,
    path: str,
    allowEmptyResponse: bool,
  },
  ['path', 'provider'],
)

const CLUSTER_GENERATOR_SPEC = obj(
  {
    kind: { type: 'string', enum: Object.keys(SPEC_KEYS) },
    generator: {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(SPEC_KEYS).map(([kind, key]) => [key, kind === 'Password' ? PASSWORD_SPEC : kind === 'VaultDynamicSecret' ? VAULT_DYNAMIC_SECRET_SPEC : { type: 'object' }]),
      ),
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
    },
  },
  ['kind', 'generator'],
)

/** The spec schema of a generator kind eso-render generates (or ClusterGenerator), for null pruning. */
export function generatorSpecSchema(kind: string): Schema | undefined {
  if (kind === 'Password') return PASSWORD_SPEC
  if (kind === 'VaultDynamicSecret') return VAULT_DYNAMIC_SECRET_SPEC
  if (kind === 'ClusterGenerator') return CLUSTER_GENERATOR_SPEC
  return undefined
}

/**
 * The schema problems of a generator object, one per field. Kinds eso-render does not generate
 * are not judged here: their use is refused by name.
 */
export function validateGenerator(g: GeneratorObject): RenderError[] {
  const kind = g.object.kind
  // A Password without spec is ESO's defaults (its Go type has `spec,omitempty`).
  const object = kind === 'Password' && g.object.spec === undefined ? { ...g.object, spec: {} } : g.object
  if (kind === 'Password') return validateSpec('generator:Password', PASSWORD_SPEC, object, g.resource, g.file)
  if (kind === 'VaultDynamicSecret') return validateSpec('generator:VaultDynamicSecret', VAULT_DYNAMIC_SECRET_SPEC, object, g.resource, g.file)
  if (kind === 'ClusterGenerator') return validateSpec('generator:ClusterGenerator', CLUSTER_GENERATOR_SPEC, object, g.resource, g.file)
  return []
}

export class GeneratorIndex {
  private readonly namespaced = new Map<string, GeneratorObject>()
  private readonly cluster = new Map<string, GeneratorObject>()
  private readonly invalid = new Set<string>()
  readonly all: GeneratorObject[] = []

  private static key(kind: string, namespace: string | undefined, name: string): string {
    return kind === 'ClusterGenerator' ? `ClusterGenerator/${name}` : `${kind}/${namespace ?? ''}/${name}`
  }

  /** Whether a ref is answered from this index (found, or known to be invalid). */
  has(ref: GeneratorRef, namespace: string): boolean {
    const keys =
      ref.kind === 'ClusterGenerator' ? [GeneratorIndex.key(ref.kind, undefined, ref.name)] : [GeneratorIndex.key(ref.kind, namespace, ref.name), GeneratorIndex.key(ref.kind, undefined, ref.name)]
    return keys.some((k) => this.invalid.has(k) || this.namespaced.has(k) || this.cluster.has(k))
  }

  add(g: GeneratorObject, valid: boolean): void {
    this.all.push(g)
    const key = GeneratorIndex.key(g.object.kind, g.resource.namespace, g.resource.name)
    if (!valid) this.invalid.add(key)
    else if (g.object.kind === 'ClusterGenerator') this.cluster.set(key, g)
    else this.namespaced.set(key, g)
  }

  /** The object a ref names from a namespace: a namespaced one there (or namespace-less, placed there by the host), a ClusterGenerator by name. */
  find(ref: GeneratorRef, namespace: string, fieldPath: string): GeneratorObject {
    const keys =
      ref.kind === 'ClusterGenerator' ? [GeneratorIndex.key(ref.kind, undefined, ref.name)] : [GeneratorIndex.key(ref.kind, namespace, ref.name), GeneratorIndex.key(ref.kind, undefined, ref.name)]
    for (const key of keys) {
      if (this.invalid.has(key)) throw new RenderError('SCHEMA_INVALID', `${ref.kind} "${ref.name}" is invalid (its errors are reported on it), so nothing can be generated from it`, { fieldPath })
      const found = this.namespaced.get(key) ?? this.cluster.get(key)
      if (found) return found
    }
    const where = ref.kind === 'ClusterGenerator' ? '' : ` in namespace "${namespace}"`
    const elsewhere = this.all.filter((g) => g.object.kind === ref.kind && g.resource.name === ref.name && ref.kind !== 'ClusterGenerator').map((g) => g.resource.namespace ?? '')
    const hint = elsewhere.length ? ` (a ${ref.kind} of that name is in namespace ${elsewhere.map((n) => JSON.stringify(n)).join(', ')}; a generator is only usable from its own namespace)` : ''
    // ESO: `unable to get generator: <Kind>.generators.external-secrets.io "<name>" not found`.
    throw new RenderError(
      'STORE_NOT_FOUND',
      `unable to get generator: ${ref.kind}.${GENERATOR_GROUP} "${ref.name}" not found${where}: not in the input (render it together with the ExternalSecret), nor in the cluster when the operator's cluster access is on${hint}`,
      {
        fieldPath,
      },
    )
  }
}

/**
 * ESO's getGenerator for one ref: the group and version, the object, a ClusterGenerator unwrapped,
 * then the kinds eso-render generates, each spec judged before anything runs (a Password's counts:
 * go-password's errors; a VaultDynamicSecret's controller and method).
 */
export function resolveGenerator(ref: GeneratorRef, namespace: string, index: GeneratorIndex, fieldPath: string): ResolvedGenerator {
  const slash = ref.apiVersion.indexOf('/')
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash)
  const version = slash < 0 ? ref.apiVersion : ref.apiVersion.slice(slash + 1)
  const at = { fieldPath: `${fieldPath}.apiVersion` }
  if (ref.apiVersion.split('/').length > 2) throw new RenderError('SCHEMA_INVALID', `generatorRef has invalid APIVersion: unexpected GroupVersion string: ${ref.apiVersion}`, at)
  if (group !== GENERATOR_GROUP) throw new RenderError('SCHEMA_INVALID', `generatorRef may only reference the generators group, but got ${group}`, at)
  if (version !== 'v1alpha1') throw new RenderError('SCHEMA_INVALID', `generatorRef references unknown GVK ${group}/${version}, Kind=${ref.kind}`, at)
  const source = index.find(ref, namespace, fieldPath)
  let kind = ref.kind
  let spec = source.object.spec ?? {}
  let specPath = 'spec'
  if (ref.kind === 'ClusterGenerator') {
    kind = String(spec.kind)
    const key = SPEC_KEYS[kind]
    const inner = (spec.generator as Record<string, unknown> | undefined)?.[key]
    if (inner === undefined || inner === null) {
      const goName = key.charAt(0).toUpperCase() + key.slice(1)
      throw new RenderError('SCHEMA_INVALID', `invalid ClusterGenerator: when kind is ${kind}, ${goName} must be set`, { resource: source.resource, fieldPath: 'spec.generator', file: source.file })
    }
    spec = inner as Record<string, unknown>
    specPath = `spec.generator.${key}`
  }
  if (!(SUPPORTED_GENERATOR_KINDS as readonly string[]).includes(kind)) {
    const wrapped = ref.kind === 'ClusterGenerator' ? ` (${describeResource(source.resource)} wraps it)` : ''
    throw new RenderError(
      'UNSUPPORTED',
      `generator kind ${kind}${wrapped} is not supported by eso-render: it generates Password and VaultDynamicSecret only; keep this ExternalSecret on ESO in the cluster (otherProviders keep leaves it whole, with its generators)`,
      { fieldPath: `${fieldPath}.kind` },
    )
  }
  const located = (field: string, message: string, code: 'SCHEMA_INVALID' | 'UNSUPPORTED' = 'SCHEMA_INVALID') =>
    new RenderError(code, message, { resource: source.resource, fieldPath: `${specPath}${field}`, file: source.file })
  if (kind === 'Password') {
    const config = passwordConfig(spec as PasswordSpec)
    const problem = passwordProblem(config)
    if (problem) throw located(problem.startsWith('secretKeys') ? '.secretKeys' : '', `error using generator: ${problem}`)
    return { kind: 'Password', source, specPath, config }
  }
  const vds = spec as unknown as VaultDynamicSecretSpec
  if (vds.controller) throw located('.controller', `generator is managed by controller class "${vds.controller}"; eso-render renders generators of the default controller`, 'UNSUPPORTED')
  if (vds.method === 'DELETE') throw located('.method', 'method DELETE is not supported by eso-render: a render would delete in Vault on every refresh', 'UNSUPPORTED')
  if (!vds.path) throw located('.path', 'required field is missing')
  return { kind: 'VaultDynamicSecret', source, specPath, spec: vds }
}

/** A Go duration (time.ParseDuration, as metav1.Duration reads refreshInterval and ESO reads retryInterval) in ms; undefined when Go refuses it. */
export function durationMs(text: string): number | undefined {
  try {
    return Number(parseDuration(text) / 1_000_000n)
  } catch {
    return undefined
  }
}
