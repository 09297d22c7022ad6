// The live Secret of an ExternalSecret ESO writes only once (refresh.ts): whether ESO leaves it as
// it is, and the Secret a render emits for it. ESO v2.9
// pkg/controllers/externalsecret/externalsecret_controller.go isSecretValid: the refresh is skipped
// only while the Secret exists, has the managed label and a data-hash matching its data (with
// Orphan it is always "valid"). No I/O. Plans are taken by the fields used.

import type { KubeObject } from '../manifests/read.ts'
import { base64DecodeLoose, compareUtf8 } from './bytes.ts'
import { ANNOTATION_DATA_HASH, ANNOTATION_RELOADER_MATCH, dataHash, esoHash, LABEL_CREATED_BY, LABEL_MANAGED, sortedRecord, stringMap, withoutHostAnnotations } from './target.ts'

/**
 * Whether ESO leaves this live Secret as it is (isSecretValid). A Secret without ESO's managed
 * label is never taken as ESO's, whatever the policy: ESO labels any existing target before it
 * decides, and a render copies only what ESO (or an earlier render) wrote, never an arbitrary
 * Secret a target name points at. Undefined when kept, else why ESO would write it again.
 */
export function whyNotKept(live: KubeObject, plan: { creationPolicy: string; namespace: string; resource: { name: string } }): string | undefined {
  const md = stringMap(live.metadata) as unknown as { labels?: unknown; annotations?: unknown; ownerReferences?: unknown }
  if (stringMap(md.labels)[LABEL_MANAGED] !== 'true') return `it lacks the ${LABEL_MANAGED} label, so ESO did not write it`
  // Only this ExternalSecret's own Secret is kept: otherwise an ExternalSecret naming another one's
  // Secret (an Orphan one carries no owner) would copy its data out of the cluster without reading
  // Vault, past the Vault role and the tenant policy's paths.
  const refs = Array.isArray(md.ownerReferences) ? (md.ownerReferences as { kind?: unknown; name?: unknown; controller?: unknown }[]) : []
  const owned = refs.some((r) => r?.controller === true && r.kind === 'ExternalSecret' && r.name === plan.resource.name)
  if (!owned && stringMap(md.labels)[LABEL_CREATED_BY] !== esoHash(`${plan.namespace}/${plan.resource.name}`))
    return `nothing on it shows it is this ExternalSecret's (no ${LABEL_CREATED_BY} label of it, no controller ownerReference to it), and a render keeps only its own Secret`
  if (plan.creationPolicy === 'Orphan') return undefined
  const data = new Map(Object.entries(stringMap(live.data)).map(([k, v]) => [k, base64DecodeLoose(v)]))
  if (stringMap(md.annotations)[ANNOTATION_DATA_HASH] !== dataHash(data)) return `its ${ANNOTATION_DATA_HASH} does not match its data`
  return undefined
}

/** Argo CD's own bookkeeping, which it writes again on every sync: not the Secret ESO wrote. */
const ARGOCD_TRACKING = 'argocd.argoproj.io/tracking-id'

/**
 * The Secret to emit for a live Secret ESO keeps: its data, type, immutable flag, labels,
 * annotations and finalizers as they are, without what the API server and the hosts add (uid,
 * resourceVersion, managedFields, ownerReferences, kubectl's last-applied-configuration, which would
 * carry the data again, kustomize's and kpt's bookkeeping, Argo CD's tracking id). eso-render's own
 * Reloader opt-in is added as on every rendered Secret, unless the Secret carries the key.
 */
export function keptSecret(live: KubeObject, plan: { targetName: string; namespace: string; namespaceWritten: boolean }, options: { reloader: 'match' | 'none' }): KubeObject {
  const md = stringMap(live.metadata) as unknown as { labels?: unknown; annotations?: unknown; finalizers?: unknown }
  const annotations = withoutHostAnnotations({ ...stringMap(md.annotations) })
  delete annotations[ARGOCD_TRACKING]
  if (options.reloader === 'match' && !Object.hasOwn(annotations, ANNOTATION_RELOADER_MATCH)) annotations[ANNOTATION_RELOADER_MATCH] = 'true'
  const metadata: KubeObject = { name: plan.targetName }
  if (plan.namespaceWritten) metadata.namespace = plan.namespace
  metadata.labels = sortedRecord({ ...stringMap(md.labels) })
  metadata.annotations = sortedRecord(annotations)
  if (Array.isArray(md.finalizers) && md.finalizers.length) metadata.finalizers = [...(md.finalizers as string[])]
  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata, type: typeof live.type === 'string' && live.type ? live.type : 'Opaque' }
  if (live.immutable === true) secret.immutable = true
  const data = stringMap(live.data)
  secret.data = Object.fromEntries(
    Object.keys(data)
      .sort(compareUtf8)
      .map((k) => [k, data[k]]),
  )
  return secret
}
