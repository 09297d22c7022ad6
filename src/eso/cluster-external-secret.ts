// A ClusterExternalSecret expanded as ESO's controller expands it (pkg/controllers/clusterexternalsecret
// clusterexternalsecret_controller.go, runtime/esutils GetTargetNamespaces): one ExternalSecret per
// selected namespace, named spec.externalSecretName (default: the ClusterExternalSecret's name), with
// exactly spec.externalSecretMetadata's labels and annotations (plus the ClusterExternalSecret's own
// force-sync annotation) and spec.externalSecretSpec as its spec. Namespaces are selected by the
// union of `namespaces` (each name as the selector kubernetes.io/metadata.name=<name>), the deprecated
// `namespaceSelector` and every `namespaceSelectors` entry; a terminating namespace is selected but
// gets nothing. The ownerReference ESO sets is not written: the owner never reaches the cluster. No I/O.

import { RenderError, type FileRef, type ResourceId } from '../errors.ts'
import { compileSelector, type LabelSelector } from '../manifests/label-selector.ts'
import type { KubeObject } from '../manifests/read.ts'
import { quoteName } from '../manifests/validation.ts'
import { planExternalSecret } from './plan.ts'
import { validateResource } from './schema.ts'

export const KIND_CLUSTER_EXTERNAL_SECRET = 'ClusterExternalSecret'
/** The label the API server puts on every Namespace (NamespaceDefaultLabelName), equal to its name. */
export const LABEL_NAMESPACE_NAME = 'kubernetes.io/metadata.name'
/** esv1.AnnotationForceSync: copied from the ClusterExternalSecret onto each ExternalSecret. */
export const ANNOTATION_FORCE_SYNC = 'external-secrets.io/force-sync'

const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** A namespace the render knows of, from the input or the cluster. */
export interface KnownNamespace {
  name: string
  labels: Readonly<Record<string, string>>
  /** The cluster says it is being deleted (metadata.deletionTimestamp). */
  terminating?: boolean
}

export interface GeneratedExternalSecret {
  namespace: string
  /** The field that selected the namespace, first in ESO's order (`namespaces`, `namespaceSelector`, `namespaceSelectors`). */
  selectedBy: string
  object: KubeObject
}

export interface Expansion {
  resource: ResourceId
  file?: FileRef
  /** The generated ExternalSecrets' name, and the field it comes from. */
  name: string
  nameField: 'spec.externalSecretName' | 'metadata.name'
  /** One per selected namespace that is not terminating, in namespace order. */
  generated: GeneratedExternalSecret[]
  /** Selected namespaces that are being deleted: ESO writes nothing there. */
  terminating: string[]
  /** Names in spec.namespaces that no known namespace has (ESO's selector for them lists nothing). */
  unknownListed: string[]
}

interface CesObject {
  apiVersion: string
  metadata: { name: string; annotations?: Record<string, string> }
  spec: {
    externalSecretSpec: Record<string, unknown>
    externalSecretName?: string
    externalSecretMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }
    namespaceSelector?: LabelSelector
    namespaceSelectors?: LabelSelector[]
    namespaces?: string[]
  }
}

/** Where a field of a generated ExternalSecret comes from in its ClusterExternalSecret. */
export function cesFieldPath(fieldPath: string | undefined, expansion: Pick<Expansion, 'nameField'>, selectedBy?: string): string | undefined {
  if (fieldPath === undefined) return undefined
  if (fieldPath === 'spec' || fieldPath.startsWith('spec.') || fieldPath.startsWith('spec[')) return `spec.externalSecretSpec${fieldPath.slice(4)}`
  if (fieldPath === 'metadata.name') return expansion.nameField
  if (fieldPath === 'metadata.namespace') return selectedBy ?? 'spec'
  for (const part of ['labels', 'annotations']) {
    const from = `metadata.${part}`
    if (fieldPath === from || fieldPath.startsWith(`${from}.`) || fieldPath.startsWith(`${from}[`)) return `spec.externalSecretMetadata${fieldPath.slice('metadata'.length)}`
  }
  return fieldPath
}

/**
 * Validates one ClusterExternalSecret and expands it over the known namespaces. Errors are located
 * at the ClusterExternalSecret; a spec its ExternalSecrets could not have (ESO's admission rules) is
 * reported once, not once per namespace.
 */
export function expandClusterExternalSecret(
  object: unknown,
  ctx: { resource: ResourceId; file?: FileRef; position: number; namespaces: readonly KnownNamespace[] },
): { expansion?: Expansion; errors: RenderError[] } {
  const at = { resource: ctx.resource, file: ctx.file }
  const problems = validateResource('ClusterExternalSecret', object, ctx.resource, ctx.file)
  if (problems.length) return { errors: problems }
  const ces = object as CesObject
  const spec = ces.spec
  const errors: RenderError[] = []

  // ESO's order of selectors: the names first, then the deprecated selector, then the list.
  const selectors: { field: string; matches: (labels: Readonly<Record<string, string>>) => boolean }[] = []
  for (const [i, name] of (spec.namespaces ?? []).entries()) selectors.push({ field: `spec.namespaces[${i}]`, matches: (labels) => labels[LABEL_NAMESPACE_NAME] === name })
  const written: [string, LabelSelector | undefined][] = [
    ['spec.namespaceSelector', spec.namespaceSelector],
    ...(spec.namespaceSelectors ?? []).map((s, i): [string, LabelSelector] => [`spec.namespaceSelectors[${i}]`, s]),
  ]
  for (const [field, selector] of written) {
    if (selector === undefined) continue
    const compiled = compileSelector(selector)
    if ('problems' in compiled) {
      for (const p of compiled.problems) errors.push(new RenderError('SCHEMA_INVALID', `${p.message}: ESO cannot convert this label selector`, { ...at, fieldPath: `${field}.${p.field}` }))
      continue
    }
    selectors.push({ field, matches: compiled.matches })
  }
  // GetTargetNamespaces fails as a whole on one bad selector: ESO writes no ExternalSecret at all.
  if (errors.length) return { errors }

  const name = spec.externalSecretName || ces.metadata.name
  const nameField = spec.externalSecretName ? 'spec.externalSecretName' : 'metadata.name'
  const expansion: Expansion = { ...at, name, nameField, generated: [], terminating: [], unknownListed: [] }
  const known = new Set(ctx.namespaces.map((n) => n.name))
  expansion.unknownListed = [...new Set(spec.namespaces ?? [])].filter((n) => !known.has(n))
  const byName = [...ctx.namespaces].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const ns of byName) {
    // Every real Namespace carries its name label; one from the input may not have it written yet.
    const labels = { ...ns.labels, [LABEL_NAMESPACE_NAME]: ns.name }
    const selectedBy = selectors.find((s) => s.matches(labels))?.field
    if (!selectedBy) continue
    if (ns.terminating) {
      expansion.terminating.push(ns.name)
      continue
    }
    if (!DNS1123_LABEL.test(ns.name)) {
      // Only a Namespace in the input can be named so; the API server would refuse it and any Secret in it.
      errors.push(
        new RenderError('TARGET_INVALID', `selects namespace ${quoteName(ns.name)}, which is not a valid namespace name (a lowercase RFC 1123 label, at most 63 characters)`, {
          ...at,
          fieldPath: selectedBy,
        }),
      )
      continue
    }
    expansion.generated.push({ namespace: ns.name, selectedBy, object: generatedObject(ces, name, ns.name) })
  }

  if (errors.length) return { errors }
  // The same spec in every namespace: what ESO's admission would refuse is said once, at the ClusterExternalSecret.
  const first = expansion.generated[0]
  if (first) {
    const probe = planExternalSecret(first.object, {
      resource: { kind: 'ExternalSecret', name, namespace: first.namespace },
      position: ctx.position,
      file: ctx.file,
      defaultNamespace: first.namespace,
    })
    if (probe.errors.length) {
      return { errors: probe.errors.map((e) => new RenderError(e.code, e.message, { ...at, fieldPath: cesFieldPath(e.fieldPath, expansion, first.selectedBy) })) }
    }
  }
  return { expansion, errors: [] }
}

function generatedObject(ces: CesObject, name: string, namespace: string): KubeObject {
  const md = ces.spec.externalSecretMetadata ?? {}
  const metadata: Record<string, unknown> = { name, namespace }
  const annotations: Record<string, string> = { ...(md.annotations ?? {}) }
  const forceSync = ces.metadata.annotations?.[ANNOTATION_FORCE_SYNC]
  if (forceSync !== undefined) annotations[ANNOTATION_FORCE_SYNC] = forceSync
  else delete annotations[ANNOTATION_FORCE_SYNC]
  if (md.labels && Object.keys(md.labels).length) metadata.labels = { ...md.labels }
  if (Object.keys(annotations).length) metadata.annotations = annotations
  return { apiVersion: ces.apiVersion, kind: 'ExternalSecret', metadata, spec: structuredClone(ces.spec.externalSecretSpec) }
}
