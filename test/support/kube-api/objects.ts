// The objects the server holds, and how they come back: as the API server returns them after a create
// (metadata.uid, resourceVersion, creationTimestamp filled in; CRD objects get generation 1; a Secret's
// stringData folded into base64 data and type defaulted to Opaque; a Namespace gets its
// kubernetes.io/metadata.name label, the `kubernetes` finalizer and phase Active). Built-in kinds are
// written in their Go struct's field order (k8s.io/api core/v1 types.go, ObjectMeta in apimachinery's
// meta/v1 types.go) with map keys sorted and unknown fields pruned; custom resources are unstructured, so
// every key comes out sorted, as encoding/json writes a map. managedFields are left out.

import { randomUUID } from 'node:crypto'
import { sortKeys } from './tokens.ts'

export interface ResourceType {
  group: string
  /** Versions served; the first is the preferred one. */
  versions: string[]
  resource: string
  singular: string
  kind: string
  namespaced: boolean
  shortNames?: string[]
  categories?: string[]
  /** Built-in (typed, Go field order) or a custom resource (unstructured). */
  builtin: boolean
}

export const ESO_GROUP = 'external-secrets.io'

export function resourceTypes(esoVersions: string[]): ResourceType[] {
  const core = (resource: string, singular: string, kind: string, namespaced: boolean, shortNames?: string[]): ResourceType => ({
    group: '',
    versions: ['v1'],
    resource,
    singular,
    kind,
    namespaced,
    shortNames,
    builtin: true,
  })
  const eso = (resource: string, singular: string, kind: string, namespaced: boolean, shortNames: string[]): ResourceType => ({
    group: ESO_GROUP,
    versions: esoVersions,
    resource,
    singular,
    kind,
    namespaced,
    shortNames,
    categories: ['external-secrets'],
    builtin: false,
  })
  // ESO's generators (config/crds/bases/generators.external-secrets.io_*.yaml): v1alpha1.
  const generator = (resource: string, singular: string, kind: string, namespaced: boolean): ResourceType => ({
    group: 'generators.external-secrets.io',
    versions: ['v1alpha1'],
    resource,
    singular,
    kind,
    namespaced,
    shortNames: [],
    categories: ['external-secrets', 'external-secrets-generators'],
    builtin: false,
  })
  return [
    core('configmaps', 'configmap', 'ConfigMap', true, ['cm']),
    core('namespaces', 'namespace', 'Namespace', false, ['ns']),
    core('pods', 'pod', 'Pod', true, ['po']),
    core('secrets', 'secret', 'Secret', true),
    core('serviceaccounts', 'serviceaccount', 'ServiceAccount', true, ['sa']),
    eso('clustersecretstores', 'clustersecretstore', 'ClusterSecretStore', false, ['css']),
    eso('secretstores', 'secretstore', 'SecretStore', true, ['ss']),
    generator('passwords', 'password', 'Password', true),
    generator('vaultdynamicsecrets', 'vaultdynamicsecret', 'VaultDynamicSecret', true),
    generator('clustergenerators', 'clustergenerator', 'ClusterGenerator', false),
  ]
}

type Obj = Record<string, unknown>
type Meta = Record<string, unknown>

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]
const SORTED_MAPS = new Set(['labels', 'annotations', 'data', 'binaryData'])
const BODY_ORDER: Record<string, string[]> = {
  Secret: ['immutable', 'data', 'type'],
  ConfigMap: ['immutable', 'data', 'binaryData'],
  Namespace: ['spec', 'status'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  Pod: ['spec', 'status'],
}

function ordered(src: Obj, keys: string[]): Obj {
  const out: Obj = {}
  for (const k of keys) {
    const v = src[k]
    if (v === undefined || v === null || v === '') continue
    out[k] = SORTED_MAPS.has(k) && typeof v === 'object' ? sortKeys(v) : v
  }
  return out
}

/** RFC 3339 in seconds, as metav1.Time marshals. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const DATA_KEY = /^[-._a-zA-Z0-9]+$/

export interface StoredObject {
  type: ResourceType
  obj: Obj
}

export interface ObjectRef {
  apiVersion: string
  kind: string
  namespace?: string
  name: string
}

export class ObjectStore {
  readonly types: ResourceType[]
  private readonly byKey = new Map<string, StoredObject>()
  private rv = 1000
  private readonly now: () => number

  constructor(types: ResourceType[], now: () => number) {
    this.types = types
    this.now = now
  }

  /** The type an apiVersion/kind names (any ESO version this store knows of, served or not). */
  typeOf(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
    const t = this.types.find((x) => x.group === group && x.kind === kind)
    if (!t) return undefined
    if (t.group === ESO_GROUP) return version === 'v1' || version === 'v1beta1' ? t : undefined
    return t.versions.includes(version) ? t : undefined
  }

  typeFor(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.resource === resource && t.versions.includes(version))
  }

  resourceVersion(): string {
    return String(this.rv)
  }

  private key(t: ResourceType, namespace: string, name: string): string {
    return `${t.group}/${t.resource}/${t.namespaced ? namespace : ''}/${name}`
  }

  /** Adds or replaces an object; returns the stored form. Throws on what the API server would refuse. */
  add(input: object): Obj {
    const o = structuredClone(input) as Obj
    const where = `${String(o.kind)} ${String((o.metadata as Meta | undefined)?.name)}`
    const t = typeof o.apiVersion === 'string' && typeof o.kind === 'string' ? this.typeOf(o.apiVersion, o.kind) : undefined
    if (!t)
      throw new Error(
        `kube-api: cannot serve ${String(o.apiVersion)} ${String(o.kind)} (v1 Namespace/Secret/ConfigMap/ServiceAccount/Pod, ${ESO_GROUP}/v1 or v1beta1 SecretStore/ClusterSecretStore, generators.external-secrets.io/v1alpha1 Password/VaultDynamicSecret/ClusterGenerator)`,
      )
    const meta = (o.metadata ?? {}) as Meta
    if (typeof meta.name !== 'string' || !meta.name) throw new Error(`kube-api: ${where}: metadata.name is required`)
    if (t.namespaced && (typeof meta.namespace !== 'string' || !meta.namespace)) throw new Error(`kube-api: ${where}: metadata.namespace is required`)
    if (!t.namespaced) delete meta.namespace
    const prior = this.byKey.get(this.key(t, meta.namespace as string, meta.name))
    const priorMeta = prior?.obj.metadata as Meta | undefined
    meta.uid ??= priorMeta?.uid ?? randomUUID()
    meta.resourceVersion = String(++this.rv)
    meta.creationTimestamp ??= priorMeta?.creationTimestamp ?? rfc3339(this.now())
    if (!t.builtin) meta.generation ??= 1
    o.metadata = meta
    if (t.kind === 'Secret') foldSecret(o, where)
    if (t.kind === 'Namespace') {
      meta.labels = { ...(meta.labels as Obj | undefined), 'kubernetes.io/metadata.name': meta.name }
      o.spec = { finalizers: ['kubernetes'], ...(o.spec as Obj | undefined) }
      o.status = { phase: 'Active', ...(o.status as Obj | undefined) }
    }
    this.byKey.set(this.key(t, meta.namespace as string, meta.name), { type: t, obj: o })
    return structuredClone(o)
  }

  remove(ref: ObjectRef): boolean {
    const t = this.typeOf(ref.apiVersion, ref.kind)
    return !!t && this.byKey.delete(this.key(t, ref.namespace ?? '', ref.name))
  }

  get(t: ResourceType, namespace: string, name: string): Obj | undefined {
    return this.byKey.get(this.key(t, namespace, name))?.obj
  }

  /** Objects of a type in one namespace ('' = all), in etcd key order (namespace, then name). */
  list(t: ResourceType, namespace: string): Obj[] {
    const meta = (o: Obj) => o.metadata as Meta
    return [...this.byKey.values()]
      .filter((s) => s.type === t && (!namespace || meta(s.obj).namespace === namespace))
      .map((s) => s.obj)
      .map((o) => [`${meta(o).namespace ?? ''}/${meta(o).name}`, o] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o)
  }

  /** The object as the API server writes it at `version` (custom resources: apiVersion rewritten, conversion None). */
  render(t: ResourceType, o: Obj, version: string, withTypeMeta = true): Obj {
    const apiVersion = t.group ? `${t.group}/${version}` : version
    if (!t.builtin) return sortKeys({ ...o, apiVersion, kind: t.kind }) as Obj
    const out: Obj = withTypeMeta ? { kind: t.kind, apiVersion } : {}
    out.metadata = ordered(o.metadata as Meta, META_ORDER)
    Object.assign(out, ordered(o, BODY_ORDER[t.kind]))
    return out
  }
}

function foldSecret(o: Obj, where: string): void {
  const data: Record<string, string> = {}
  for (const [k, v] of Object.entries((o.data ?? {}) as Obj)) {
    if (typeof v !== 'string' || !BASE64.test(v)) throw new Error(`kube-api: ${where}: data.${k} is not base64`)
    data[k] = v
  }
  for (const [k, v] of Object.entries((o.stringData ?? {}) as Obj)) {
    if (typeof v !== 'string') throw new Error(`kube-api: ${where}: stringData.${k} must be a string`)
    data[k] = Buffer.from(v, 'utf8').toString('base64')
  }
  for (const k of Object.keys(data)) if (!DATA_KEY.test(k)) throw new Error(`kube-api: ${where}: ${JSON.stringify(k)} is not a valid Secret key`)
  delete o.stringData
  o.data = Object.keys(data).length ? data : undefined
  o.type ??= 'Opaque'
}
