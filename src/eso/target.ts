// Assembles the Secret ESO's controller would write for one ExternalSecret from its final data map:
// name, namespace, type, labels and annotations (managed label, created-by, data-hash), immutable,
// and the Reloader opt-in. eso.md §6.2, §6.3, §7. No I/O here, and nothing Node-only: bytes and the
// hash come through bytes.ts and digest.ts.

import type { KubeObject } from '../manifests/read.ts'
import { base64Encode, sortUtf8 } from './bytes.ts'
import { sha3_224Hex } from './digest.ts'
import type { ExternalSecretPlan } from './plan.ts'

export const LABEL_MANAGED = 'reconcile.external-secrets.io/managed'
export const LABEL_CREATED_BY = 'reconcile.external-secrets.io/created-by'
export const ANNOTATION_DATA_HASH = 'reconcile.external-secrets.io/data-hash'
export const ANNOTATION_RELOADER_MATCH = 'reloader.stakater.com/match'

/** ESO's hash: SHA3-224 of a text, lower-case hex. */
export function esoHash(text: string | Uint8Array): string {
  return sha3_224Hex(text)
}

/** `map[k1:[b1 b2] k2:[]]`: Go's fmt of map[string][]byte, keys in byte order. */
export function dataHash(data: ReadonlyMap<string, Uint8Array>): string {
  const keys = sortUtf8([...data.keys()])
  const entries = keys.map((k) => `${k}:[${data.get(k)!.join(' ')}]`)
  return esoHash(`map[${entries.join(' ')}]`)
}

// Bookkeeping a host put on the ExternalSecret belongs to that object, not to the Secret made from
// it (krm-contract.md §0 rule 4, §1.3): copying kustomize's id or kpt's path onto the Secret makes
// the host mistake the Secret for the ExternalSecret.
const HOST_ANNOTATION =
  /^(internal\.config\.kubernetes\.io\/|config\.eso-render\.dev\/kept$|config\.kubernetes\.io\/(index|path|local-config|function)$|config\.k8s\.io\/id$|kustomize\.config\.k8s\.io\/|kubectl\.kubernetes\.io\/last-applied-configuration$)/

export function withoutHostAnnotations(annotations: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(annotations)) if (!HOST_ANNOTATION.test(k)) setOwn(out, k, v)
  return out
}

/**
 * `record[key] = value` as an own key whatever the key: assigned, `__proto__` would set the
 * object's prototype (a string is ignored) and the key would be gone. It is a valid Secret data
 * key, and a label or annotation key the API server refuses (by name, in TARGET_INVALID).
 */
export function setOwn(record: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
  else record[key] = value
}

/** A map[string]string field of an object as read (labels, annotations, data), or an empty one when it is not a mapping. */
export function stringMap(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {}
}

/** The record with its keys in byte order (deterministic output). */
export function sortedRecord(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of sortUtf8(Object.keys(record))) setOwn(out, k, record[k]!)
  return out
}

export interface TargetOptions {
  reloader: 'match' | 'none'
}

/**
 * The Secret for a plan and its final data (after templating). `templated` is the template's
 * rendered metadata; without a template the ExternalSecret's own labels and annotations are used.
 */
export function buildSecret(
  plan: ExternalSecretPlan,
  data: ReadonlyMap<string, Uint8Array>,
  options: TargetOptions,
  templated?: { labels: Record<string, string>; annotations: Record<string, string> },
): KubeObject {
  const source = plan.template ? (templated ?? plan.template) : plan
  const labels = { ...source.labels }
  const annotations = withoutHostAnnotations({ ...source.annotations })
  labels[LABEL_MANAGED] = 'true'
  if (plan.creationPolicy === 'Owner') labels[LABEL_CREATED_BY] = esoHash(`${plan.namespace}/${plan.resource.name}`)
  annotations[ANNOTATION_DATA_HASH] = dataHash(data)
  // The opt-in is a default: a value the user wrote on the Secret's metadata ("false" included) wins.
  if (options.reloader === 'match' && !Object.hasOwn(annotations, ANNOTATION_RELOADER_MATCH)) annotations[ANNOTATION_RELOADER_MATCH] = 'true'

  const metadata: KubeObject = { name: plan.targetName }
  if (plan.namespaceWritten) metadata.namespace = plan.namespace
  metadata.labels = sortedRecord(labels)
  metadata.annotations = sortedRecord(annotations)
  if (plan.template?.finalizers.length) metadata.finalizers = [...plan.template.finalizers]

  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata, type: plan.template?.type ?? 'Opaque' }
  if (plan.immutable) secret.immutable = true
  const encoded: Record<string, string> = {}
  for (const k of sortUtf8([...data.keys()])) setOwn(encoded, k, base64Encode(data.get(k)!))
  secret.data = encoded
  return secret
}
