// Turns one validated ExternalSecret into the list of Vault reads it needs and the target it
// writes, applying ESO's defaults and admission rules. No I/O here. Fields ESO has but eso-render
// does not implement yet are refused by name, never ignored.

import { RenderError, type FileRef, type ResourceId } from '../errors.ts'
import { dns1123SubdomainProblems, quoteName } from '../manifests/validation.ts'
import type { GeneratorRef } from './generators/index.ts'
import { GENERATOR_API_VERSION } from './kinds.ts'
import { refreshDurationProblems, type RefreshPolicy, type RefreshSpec } from './refresh.ts'
import { planFind, type FindSpec, type RawFind } from './find.ts'
import { planRewrites, type RewriteOp } from './rewrite.ts'

export type CreationPolicy = 'Owner' | 'Orphan' | 'Merge' | 'None' | 'CreateOrMerge'
export type DeletionPolicy = 'Retain' | 'Delete' | 'Merge'
export type DecodingStrategy = '' | 'None' | 'Base64' | 'Base64URL' | 'Auto'
export type ConversionStrategy = '' | 'Default' | 'Unicode'
export type NullBytePolicy = '' | 'Ignore' | 'Fail'

export interface StoreRef {
  kind: 'SecretStore' | 'ClusterSecretStore'
  name: string
  /** Field that named the store, for messages. */
  fieldPath: string
}

export interface RemoteRef {
  key: string
  property?: string
  version?: string
  decodingStrategy: DecodingStrategy
  conversionStrategy: ConversionStrategy
  nullBytePolicy: NullBytePolicy
  /** metadataPolicy Fetch: the KV v2 metadata (eso.md §5.3) instead of the data. */
  metadataPolicy?: 'Fetch'
}

export interface PlannedRead {
  source: 'data' | 'extract' | 'find'
  index: number
  /** `spec.data[0]`, `spec.dataFrom[1].extract` or `spec.dataFrom[2].find`. */
  fieldPath: string
  secretKey?: string
  store: StoreRef
  /** For a find: `key` is its path ('' for the mount root), with its conversion, decoding and null-byte strategies. */
  remoteRef: RemoteRef
  /** dataFrom.find: what to list and keep. */
  find?: FindSpec
  /** dataFrom's rewrite operations, in order (none for data). */
  rewrites?: RewriteOp[]
}

/** A dataFrom item that generates its data (`sourceRef.generatorRef`). */
export interface PlannedGenerator {
  index: number
  /** `spec.dataFrom[1].sourceRef.generatorRef`. */
  fieldPath: string
  ref: GeneratorRef
  /** Its rewrite operations, in order (ESO rewrites a generated map before its keys are checked). */
  rewrites?: RewriteOp[]
}

export interface TemplateFromSpec {
  configMap?: { name: string; items: { key: string; templateAs: 'Values' | 'KeysAndValues' }[] }
  secret?: { name: string; items: { key: string; templateAs: 'Values' | 'KeysAndValues' }[] }
  literal?: string
  target: string
  valuesDecodingStrategy: DecodingStrategy
}

export interface TemplateSpec {
  type?: string
  labels: Record<string, string>
  annotations: Record<string, string>
  finalizers: string[]
  mergePolicy: 'Replace' | 'Merge'
  /** template.data (rendered by the template engine). */
  data?: Record<string, string>
  templateFrom: TemplateFromSpec[]
}

export interface ExternalSecretPlan {
  resource: ResourceId
  position: number
  file?: FileRef
  /** Namespace the ExternalSecret resolves in (written, or the render's default). */
  namespace: string
  namespaceWritten: boolean
  labels: Record<string, string>
  annotations: Record<string, string>
  targetName: string
  creationPolicy: CreationPolicy
  deletionPolicy: DeletionPolicy
  immutable: boolean
  template?: TemplateSpec
  reads: PlannedRead[]
  /** dataFrom items that generate their data, in dataFrom order. */
  generators?: PlannedGenerator[]
  /** refreshPolicy and refreshInterval, for createdOnce (eso/refresh.ts). */
  refresh?: RefreshSpec
}

// Loose view of a schema-validated ExternalSecret.
interface EsObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec: {
    secretStoreRef?: { name: string; kind?: string }
    refreshPolicy?: RefreshPolicy
    refreshInterval?: string
    syncWindows?: { windows?: { duration?: string }[] }
    target?: {
      name?: string
      creationPolicy?: CreationPolicy
      deletionPolicy?: DeletionPolicy
      immutable?: boolean
      manifest?: unknown
      template?: {
        type?: string
        engineVersion?: string
        mergePolicy?: 'Replace' | 'Merge'
        metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] }
        data?: Record<string, string>
        templateFrom?: RawTemplateFrom[]
      }
    }
    data?: { secretKey: string; remoteRef: RawRemoteRef; sourceRef?: RawSourceRef }[]
    dataFrom?: { extract?: RawRemoteRef; find?: RawFind; rewrite?: unknown[]; sourceRef?: RawSourceRef }[]
  }
}
interface RawRemoteRef {
  key: string
  property?: string
  version?: string
  metadataPolicy?: string
  decodingStrategy?: DecodingStrategy
  conversionStrategy?: ConversionStrategy
  nullBytePolicy?: NullBytePolicy
}
interface RawTemplateFrom {
  configMap?: { name: string; items: { key: string; templateAs?: 'Values' | 'KeysAndValues' }[] }
  secret?: { name: string; items: { key: string; templateAs?: 'Values' | 'KeysAndValues' }[] }
  literal?: string
  target?: string
  valuesDecodingStrategy?: string
}
interface RawSourceRef {
  storeRef?: { name: string; kind?: string }
  generatorRef?: { apiVersion?: string; kind: string; name: string }
}

export interface PlanContext {
  resource: ResourceId
  position: number
  file?: FileRef
  defaultNamespace: string
}

/** Plans one ExternalSecret; throws RenderErrors-worthy problems as a list. */
export function planExternalSecret(object: unknown, ctx: PlanContext): { plan?: ExternalSecretPlan; errors: RenderError[] } {
  const es = object as EsObject
  const errors: RenderError[] = []
  const fail = (code: 'SCHEMA_INVALID' | 'UNSUPPORTED' | 'TARGET_INVALID' | 'STORE_NOT_FOUND', fieldPath: string, message: string) =>
    errors.push(new RenderError(code, message, { resource: ctx.resource, fieldPath, file: ctx.file }))
  const unsupported = (fieldPath: string, what: string) => fail('UNSUPPORTED', fieldPath, `${what} is not supported by eso-render yet`)

  const spec = es.spec
  const target = spec.target ?? {}
  const creationPolicy = target.creationPolicy ?? 'Owner'
  const deletionPolicy = target.deletionPolicy ?? 'Retain'

  // ESO's admission webhook rules (eso.md §2), checked before any Vault call.
  if (!spec.data?.length && !spec.dataFrom?.length) fail('SCHEMA_INVALID', 'spec', 'either data or dataFrom should be specified')
  if (deletionPolicy === 'Delete' && (creationPolicy === 'Merge' || creationPolicy === 'None' || creationPolicy === 'CreateOrMerge')) {
    fail('SCHEMA_INVALID', 'spec.target.deletionPolicy', `deletionPolicy Delete requires creationPolicy Owner or Orphan, not ${creationPolicy}`)
  }
  if (deletionPolicy === 'Merge' && creationPolicy === 'None') fail('SCHEMA_INVALID', 'spec.target.deletionPolicy', 'deletionPolicy Merge cannot be combined with creationPolicy None')
  if (deletionPolicy === 'Retain') {
    const seen = new Set<string>()
    spec.data?.forEach((d, i) => {
      if (seen.has(d.secretKey)) fail('SCHEMA_INVALID', `spec.data[${i}].secretKey`, `duplicate secretKey found: ${d.secretKey}`)
      seen.add(d.secretKey)
    })
  }
  if (target.manifest !== undefined) unsupported('spec.target.manifest', 'a non-Secret target (target.manifest)')
  for (const p of refreshDurationProblems(spec)) fail('SCHEMA_INVALID', p.fieldPath, p.message)
  // The API server refuses a Secret whose name is not a DNS-1123 subdomain; under kpt the name also
  // becomes a file name (secret_<name>.yaml), so it is judged here, before any read or path.
  const targetName = target.name || es.metadata.name
  const nameProblems = dns1123SubdomainProblems(targetName)
  if (nameProblems.length) {
    const hint = target.name ? '' : "; without spec.target.name the Secret takes the ExternalSecret's name: set spec.target.name"
    fail('TARGET_INVALID', target.name ? 'spec.target.name' : 'metadata.name', `Secret name ${quoteName(targetName)} is invalid: ${nameProblems.join('; ')}; the API server would refuse it${hint}`)
  }

  let template: TemplateSpec | undefined
  if (target.template) {
    const t = target.template
    if (t.engineVersion !== undefined && t.engineVersion !== 'v2')
      fail('SCHEMA_INVALID', 'spec.target.template.engineVersion', `unsupported template engine version: ${t.engineVersion} (only v2 exists)`)
    if (t.type === 'bootstrap.kubernetes.io/token') fail('SCHEMA_INVALID', 'spec.target.template.type', 'type bootstrap.kubernetes.io/token is forbidden')
    const templateFrom: TemplateFromSpec[] = []
    t.templateFrom?.forEach((from, i) => {
      const at = `spec.target.template.templateFrom[${i}]`
      const target = from.target ?? 'Data'
      if (!['data', 'labels', 'annotations'].includes(target.toLowerCase()))
        fail('SCHEMA_INVALID', `${at}.target`, `target ${JSON.stringify(target)} is forbidden for a Secret: use Data, Labels or Annotations`)
      const strategy = from.valuesDecodingStrategy ?? ''
      if (!['', 'None', 'Base64', 'Base64URL', 'Auto'].includes(strategy)) fail('SCHEMA_INVALID', `${at}.valuesDecodingStrategy`, 'must be one of Auto, Base64, Base64URL, None')
      const items = (ref: RawTemplateFrom['configMap']) => ref && { name: ref.name, items: ref.items.map((it) => ({ key: it.key, templateAs: it.templateAs ?? 'Values' })) }
      templateFrom.push({ configMap: items(from.configMap), secret: items(from.secret), literal: from.literal, target, valuesDecodingStrategy: strategy as DecodingStrategy })
    })
    if (
      t.type === 'kubernetes.io/service-account-token' &&
      (t.metadata?.annotations?.['kubernetes.io/service-account.name'] !== undefined || templateFrom.some((f) => f.target.toLowerCase() === 'annotations'))
    ) {
      fail(
        'SCHEMA_INVALID',
        'spec.target.template.type',
        'type kubernetes.io/service-account-token is forbidden together with the kubernetes.io/service-account.name annotation or templateFrom into Annotations',
      )
    }
    template = {
      type: t.type || undefined,
      labels: { ...(t.metadata?.labels ?? {}) },
      annotations: { ...(t.metadata?.annotations ?? {}) },
      finalizers: [...(t.metadata?.finalizers ?? [])],
      mergePolicy: t.mergePolicy ?? 'Replace',
      data: t.data,
      templateFrom,
    }
  }

  const defaultStore = spec.secretStoreRef
  const storeFor = (sourceRef: RawSourceRef | undefined, fieldPath: string): StoreRef | undefined => {
    if (sourceRef?.generatorRef) {
      // ESO's data[] never reads a generator (the field is deprecated, "not implemented in .data[]"):
      // the item's sourceRef names the empty store, which ESO then fails to get.
      fail(
        'STORE_NOT_FOUND',
        `${fieldPath}.sourceRef.generatorRef`,
        `generatorRef is not implemented in data[] (ESO: could not get SecretStore "", SecretStore.external-secrets.io "" not found); generate through spec.dataFrom[].sourceRef.generatorRef`,
      )
      return undefined
    }
    const ref = sourceRef?.storeRef ?? defaultStore
    if (!ref) {
      fail('SCHEMA_INVALID', 'spec.secretStoreRef', 'no store: set spec.secretStoreRef or sourceRef.storeRef on every item')
      return undefined
    }
    return {
      kind: ref.kind === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore',
      name: ref.name,
      fieldPath: sourceRef?.storeRef ? `${fieldPath}.sourceRef.storeRef` : 'spec.secretStoreRef',
    }
  }
  const remote = (ref: RawRemoteRef): RemoteRef => {
    return {
      key: ref.key,
      property: ref.property || undefined,
      version: ref.version || undefined,
      decodingStrategy: ref.decodingStrategy ?? '',
      conversionStrategy: ref.conversionStrategy ?? '',
      nullBytePolicy: ref.nullBytePolicy ?? '',
      ...(ref.metadataPolicy === 'Fetch' ? { metadataPolicy: 'Fetch' as const } : {}),
    }
  }

  const reads: PlannedRead[] = []
  const generators: PlannedGenerator[] = []
  spec.dataFrom?.forEach((item, i) => {
    const at = `spec.dataFrom[${i}]`
    const kinds = [item.extract, item.find, item.sourceRef?.generatorRef].filter((x) => x !== undefined).length
    if (kinds > 1) return fail('SCHEMA_INVALID', at, 'set exactly one of extract, find or sourceRef.generatorRef')
    if (kinds === 0) return fail('SCHEMA_INVALID', at, 'set one of extract, find or sourceRef.generatorRef')
    // Regexps compile here: an invalid one fails before any Vault request.
    const rewrite = planRewrites(item.rewrite, at, ctx.resource.apiVersion)
    for (const e of rewrite.errors) fail('SCHEMA_INVALID', e.fieldPath, e.message)
    const generatorRef = item.sourceRef?.generatorRef
    if (generatorRef) {
      const ref = { apiVersion: generatorRef.apiVersion || GENERATOR_API_VERSION, kind: generatorRef.kind, name: generatorRef.name }
      generators.push({ index: i, fieldPath: `${at}.sourceRef.generatorRef`, ref, ...(rewrite.rewrites?.length ? { rewrites: rewrite.rewrites } : {}) })
      return
    }
    const store = storeFor(item.sourceRef, at)
    if (item.find) {
      const found = planFind(item.find, `${at}.find`)
      if ('error' in found) return fail(found.error.code, found.error.fieldPath, found.error.message)
      if (store) reads.push({ source: 'find', index: i, fieldPath: `${at}.find`, store, remoteRef: found.remoteRef, find: found.find, rewrites: rewrite.rewrites })
      return
    }
    if (!item.extract || !store) return
    reads.push({ source: 'extract', index: i, fieldPath: `${at}.extract`, store, remoteRef: remote(item.extract), rewrites: rewrite.rewrites })
  })
  spec.data?.forEach((item, i) => {
    const at = `spec.data[${i}]`
    const store = storeFor(item.sourceRef, at)
    if (!store) return
    reads.push({ source: 'data', index: i, fieldPath: at, secretKey: item.secretKey, store, remoteRef: remote(item.remoteRef) })
  })

  if (errors.length) return { errors }
  const namespace = es.metadata.namespace || ctx.defaultNamespace
  return {
    errors,
    plan: {
      resource: ctx.resource,
      position: ctx.position,
      file: ctx.file,
      namespace,
      namespaceWritten: Boolean(es.metadata.namespace),
      labels: { ...(es.metadata.labels ?? {}) },
      annotations: { ...(es.metadata.annotations ?? {}) },
      targetName,
      creationPolicy,
      deletionPolicy,
      immutable: target.immutable === true,
      template,
      reads,
      generators,
      refresh: { policy: spec.refreshPolicy, interval: spec.refreshInterval },
    },
  }
}
