// ESO's update of a Secret that already exists, for a Secret of the target's name in the input:
// creationPolicy Merge and CreateOrMerge merge into it, Owner and Orphan adopt it. And the patch
// `mergeTargets: patch` emits for a Merge whose Secret only the cluster holds. No I/O.
//
// ESO v2.9 pkg/controllers/externalsecret/externalsecret_controller.go (updateSecret, mutationFunc,
// applyOwnership) and externalsecret_controller_template.go (ApplyTemplate, setMetadata) mutate a
// copy of the existing Secret: its labels and annotations stay and the ExternalSecret's (or its
// template's) are written over them; its data is kept only for Merge and CreateOrMerge; its `type`
// changes only when template.type is set; `immutable` is set when the ExternalSecret asks for it and
// never unset; the created-by label is set for Owner and removed otherwise; then the managed label
// and the data-hash of the final data. A Secret controlled by another ExternalSecret is refused;
// ownerReferences to this one are dropped, as a render never writes them (DESIGN.md).

import type { KubeObject } from '../manifests/read.ts'
import { base64DecodeLoose, base64Encode, compareUtf8, utf8 } from './bytes.ts'
import type { ExternalSecretPlan } from './plan.ts'
import { ANNOTATION_DATA_HASH, ANNOTATION_RELOADER_MATCH, dataHash, esoHash, LABEL_CREATED_BY, setOwn, sortedRecord, stringMap } from './target.ts'

/** Argo CD: never prune the patch, never delete it with the app (the live Secret is not the app's). */
export const ANNOTATION_ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options'
export const PATCH_SYNC_OPTIONS = 'Prune=false,Delete=false'

type StringMap = Record<string, string>

/** Whether the ExternalSecret itself writes this annotation (its template's metadata, or its own without a template). */
function setByExternalSecret(plan: ExternalSecretPlan, key: string): boolean {
  return Object.hasOwn(plan.template ? plan.template.annotations : plan.annotations, key)
}

/** The creation policies under which ESO keeps the existing Secret's keys (ApplyTemplate). */
export function keepsExistingKeys(plan: ExternalSecretPlan): boolean {
  return plan.creationPolicy === 'Merge' || plan.creationPolicy === 'CreateOrMerge'
}

/**
 * Why ESO would refuse to update this Secret for `plan`: another ExternalSecret controls it. ESO
 * tests the controller ownerReference (applyOwnership, ErrSecretIsOwned); a render never writes
 * ownerReferences, so the created-by label a render of another ExternalSecret wrote counts too.
 */
export function ownedByAnother(existing: KubeObject, plan: ExternalSecretPlan): string | undefined {
  const md = stringMap(existing.metadata) as unknown as { ownerReferences?: unknown; labels?: unknown }
  const refs = Array.isArray(md.ownerReferences) ? (md.ownerReferences as { apiVersion?: unknown; kind?: unknown; name?: unknown; controller?: unknown }[]) : []
  for (const ref of refs) {
    if (ref?.controller !== true || ref.kind !== 'ExternalSecret' || typeof ref.apiVersion !== 'string' || !ref.apiVersion.startsWith('external-secrets.io/')) continue
    if (ref.name !== plan.resource.name) return `its controller ownerReference names ExternalSecret ${JSON.stringify(String(ref.name))}`
  }
  const createdBy = stringMap(md.labels)[LABEL_CREATED_BY]
  if (createdBy !== undefined && createdBy !== esoHash(`${plan.namespace}/${plan.resource.name}`)) return `its ${LABEL_CREATED_BY} label belongs to another ExternalSecret`
  return undefined
}

/**
 * The existing Secret as ESO leaves it after writing `rendered` (the Secret buildSecret made for
 * `plan`) into it. The input object is not modified.
 */
export function updateExisting(existing: KubeObject, rendered: KubeObject, plan: ExternalSecretPlan): KubeObject {
  const out = JSON.parse(JSON.stringify(existing)) as KubeObject
  const md = stringMap(out.metadata) as Record<string, unknown>
  const rmd = rendered.metadata as { labels: StringMap; annotations: StringMap; finalizers?: string[] }
  const oldAnnotations = stringMap(md.annotations)

  const labels: StringMap = { ...stringMap(md.labels), ...rmd.labels }
  if (plan.creationPolicy !== 'Owner') delete labels[LABEL_CREATED_BY]
  const annotations: StringMap = { ...oldAnnotations, ...rmd.annotations }
  // The Reloader opt-in is eso-render's default, not ESO's: a value already on the Secret wins unless the ExternalSecret sets one.
  if (Object.hasOwn(oldAnnotations, ANNOTATION_RELOADER_MATCH) && !setByExternalSecret(plan, ANNOTATION_RELOADER_MATCH))
    annotations[ANNOTATION_RELOADER_MATCH] = oldAnnotations[ANNOTATION_RELOADER_MATCH]
  // ESO's own bookkeeping: a render never writes ownerReferences, and this ExternalSecret's (the
  // only ExternalSecret one left, ownedByAnother refused the others) would point at an object the
  // render does not put in the cluster.
  if (Array.isArray(md.ownerReferences)) {
    const kept = (md.ownerReferences as { kind?: unknown; apiVersion?: unknown }[]).filter(
      (r) => !(r?.kind === 'ExternalSecret' && typeof r.apiVersion === 'string' && r.apiVersion.startsWith('external-secrets.io/')),
    )
    if (kept.length) md.ownerReferences = kept
    else delete md.ownerReferences
  }
  const finalizers = Array.isArray(md.finalizers) ? [...(md.finalizers as string[])] : []
  for (const f of rmd.finalizers ?? []) if (!finalizers.includes(f)) finalizers.push(f)
  if (finalizers.length) md.finalizers = finalizers

  const data: Record<string, string> = {}
  if (keepsExistingKeys(plan)) {
    for (const [k, v] of Object.entries(stringMap(out.data))) setOwn(data, k, v)
    // What the API server does with stringData: written over data, as bytes.
    for (const [k, v] of Object.entries(stringMap(out.stringData))) setOwn(data, k, base64Encode(utf8(v)))
  }
  delete out.stringData
  for (const [k, v] of Object.entries(rendered.data as Record<string, string>)) setOwn(data, k, v)
  out.data = Object.fromEntries(
    Object.keys(data)
      .sort(compareUtf8)
      .map((k) => [k, data[k]]),
  )
  const bytes = new Map(Object.entries(out.data as Record<string, string>).map(([k, v]) => [k, base64DecodeLoose(v)]))
  annotations[ANNOTATION_DATA_HASH] = dataHash(bytes)
  md.labels = sortedRecord(labels)
  md.annotations = sortedRecord(annotations)
  out.metadata = md
  // A Secret without a type is Opaque to the API server; template.type replaces it.
  if (plan.template?.type) out.type = plan.template.type
  else if (typeof out.type !== 'string' || !out.type) out.type = 'Opaque'
  if (plan.immutable && out.immutable !== true) return withImmutable(out)
  return out
}

/** `immutable: true` added where buildSecret writes it: before the data. */
function withImmutable(secret: KubeObject): KubeObject {
  const out: KubeObject = {}
  for (const [k, v] of Object.entries(secret)) {
    if (k === 'immutable') continue
    if (k === 'data') out.immutable = true
    out[k] = v
  }
  return out
}

/**
 * `mergeTargets: patch`: what a Merge into a Secret the render cannot see may emit. Only the keys
 * this ExternalSecret manages and the metadata ESO would write, so that an apply that merges map
 * keys (kubectl apply, Argo CD's default sync) adds them to the live Secret and leaves its other
 * keys, labels and type alone: no `type` unless the template sets one (the live one is kept), no
 * data-hash (it would hash data the render cannot see), and Argo CD told never to prune or delete it.
 */
export function mergePatch(rendered: KubeObject, plan: ExternalSecretPlan): KubeObject {
  const out = JSON.parse(JSON.stringify(rendered)) as KubeObject
  const md = out.metadata as { annotations: StringMap }
  const annotations: StringMap = { ...md.annotations, [ANNOTATION_ARGOCD_SYNC_OPTIONS]: PATCH_SYNC_OPTIONS }
  delete annotations[ANNOTATION_DATA_HASH]
  md.annotations = sortedRecord(annotations)
  if (!plan.template?.type) delete out.type
  return out
}
