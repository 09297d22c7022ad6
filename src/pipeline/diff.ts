// `eso-render diff`'s comparison: the Secrets eso-render made (ESO's managed label) in two rendered
// outputs, by namespace and name. Per Secret: added or removed, the keys added, removed and
// changed, a change of type, and the *names* of labels and annotations that changed (their values
// can be rendered from secret data). "Changed" is decided by comparing the decoded bytes in
// memory; no value, part of one or digest of one is ever part of the result.

import type { Environment, RenderOptions } from '../config.ts'
import { RenderError } from '../errors.ts'
import { Diagnostics, type Notice } from './diagnostics.ts'
import { openCluster } from './gather.ts'
import { RunCleanups } from './cleanups.ts'
import { newProgress, RunDeadline } from './deadline.ts'
import { base64DecodeLoose, compareUtf8 } from '../eso/bytes.ts'
import { ANNOTATION_DATA_HASH, LABEL_MANAGED } from '../eso/target.ts'
import type { KubeObject, Manifests } from '../manifests/read.ts'

export interface SecretChange {
  /** `namespace/name`, or `name` for a namespace-less Secret. */
  secret: string
  change: 'added' | 'removed' | 'changed'
  keysAdded?: string[]
  keysRemoved?: string[]
  keysChanged?: string[]
  typeChanged?: { from: string; to: string }
  labelsChanged?: string[]
  annotationsChanged?: string[]
}

// Metadata that says nothing about the Secret's content, or carries the data itself: the
// unkeyed hash of the values, kubectl's copy of the whole object, Argo CD's tracking.
const IGNORED_ANNOTATIONS = new Set([ANNOTATION_DATA_HASH, 'kubectl.kubernetes.io/last-applied-configuration', 'argocd.argoproj.io/tracking-id'])
const IGNORED_LABELS = new Set(['app.kubernetes.io/instance'])

export interface RenderedSecret {
  type: string
  data: Map<string, Uint8Array>
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** The Secrets eso-render made in one rendered output, by `namespace/name`. */
export function managedSecrets(manifests: Manifests, side: string): Map<string, RenderedSecret> {
  const out = new Map<string, RenderedSecret>()
  for (const item of manifests.items) {
    if (item.kind !== 'Secret') continue
    const o = item.object() as KubeObject & { type?: unknown; data?: unknown; stringData?: unknown }
    if (o.apiVersion !== 'v1') continue
    const metadata = (o.metadata ?? {}) as { name?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown }
    const labels = strings(metadata.labels)
    if (labels[LABEL_MANAGED] !== 'true') continue
    const name = typeof metadata.name === 'string' ? metadata.name : ''
    const id = typeof metadata.namespace === 'string' && metadata.namespace ? `${metadata.namespace}/${name}` : name
    if (out.has(id)) throw new RenderError('INPUT_INVALID', `${side} holds the Secret ${id} twice`, { file: item.file })
    out.set(id, renderedSecret(o))
  }
  return out
}

function renderedSecret(o: KubeObject & { type?: unknown; data?: unknown; stringData?: unknown }): RenderedSecret {
  const metadata = (o.metadata ?? {}) as { labels?: unknown; annotations?: unknown }
  const data = new Map<string, Uint8Array>()
  for (const [k, v] of Object.entries(strings(o.data))) data.set(k, base64DecodeLoose(v))
  for (const [k, v] of Object.entries(strings(o.stringData))) data.set(k, new TextEncoder().encode(v))
  return { type: typeof o.type === 'string' && o.type ? o.type : 'Opaque', data, labels: strings(metadata.labels), annotations: strings(metadata.annotations) }
}

/**
 * The live Secrets of the names in AFTER, read one by one through the operator's cluster access
 * (`get`, never a listing: only what AFTER names is read); a namespace-less Secret is looked up in
 * the render's default namespace. A name the cluster does not have is absent (so "added").
 */
export async function liveSecrets(
  after: Map<string, RenderedSecret>,
  ctx: { options: RenderOptions; env: Environment; inClusterRoot?: string },
): Promise<{ secrets: Map<string, RenderedSecret>; notices: Notice[] }> {
  // Within the run's deadline, like a render: an API server that never answers must not hold it.
  const deadline = new RunDeadline(Date.now() + ctx.options.deadlineSeconds * 1000, ctx.options.deadlineSeconds)
  const progress = { ...newProgress(), stage: 'reading the live Secrets from the cluster' }
  return deadline.race(readLive(after, ctx), progress, new RunCleanups())
}

async function readLive(after: Map<string, RenderedSecret>, ctx: { options: RenderOptions; env: Environment; inClusterRoot?: string }) {
  const diag = new Diagnostics()
  const access = await openCluster(ctx.options, ctx.env, diag, ctx.inClusterRoot)
  const defaultNamespace = ctx.options.namespace || ctx.env.ARGOCD_APP_NAMESPACE || 'default'
  const out = new Map<string, RenderedSecret>()
  for (const id of after.keys()) {
    const slash = id.indexOf('/')
    const [namespace, name] = slash < 0 ? [defaultNamespace, id] : [id.slice(0, slash), id.slice(slash + 1)]
    const live = await access.getSecret(namespace, name)
    if (live) out.set(id, renderedSecret(live))
  }
  return { secrets: out, notices: diag.notices }
}

function strings(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : String(v)
  return out
}

const sorted = (xs: Iterable<string>) => [...xs].sort(compareUtf8)

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Names whose value was added, removed or changed, the ignored ones left out. */
function changedNames(before: Record<string, string>, after: Record<string, string>, ignored: Set<string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)])
  return sorted([...names].filter((n) => !ignored.has(n) && before[n] !== after[n]))
}

/** What changed from BEFORE to AFTER, Secret by Secret, in name order; unchanged Secrets left out. */
export function diffSecrets(before: Map<string, RenderedSecret>, after: Map<string, RenderedSecret>): SecretChange[] {
  const changes: SecretChange[] = []
  for (const id of sorted(new Set([...before.keys(), ...after.keys()]))) {
    const b = before.get(id)
    const a = after.get(id)
    if (!b) {
      changes.push({ secret: id, change: 'added', ...(a!.data.size ? { keysAdded: sorted(a!.data.keys()) } : {}) })
      continue
    }
    if (!a) {
      changes.push({ secret: id, change: 'removed', ...(b.data.size ? { keysRemoved: sorted(b.data.keys()) } : {}) })
      continue
    }
    const change: SecretChange = { secret: id, change: 'changed' }
    const added = sorted([...a.data.keys()].filter((k) => !b.data.has(k)))
    const removed = sorted([...b.data.keys()].filter((k) => !a.data.has(k)))
    const changed = sorted([...a.data.keys()].filter((k) => b.data.has(k) && !sameBytes(a.data.get(k)!, b.data.get(k)!)))
    if (added.length) change.keysAdded = added
    if (removed.length) change.keysRemoved = removed
    if (changed.length) change.keysChanged = changed
    if (a.type !== b.type) change.typeChanged = { from: b.type, to: a.type }
    const labels = changedNames(b.labels, a.labels, IGNORED_LABELS)
    const annotations = changedNames(b.annotations, a.annotations, IGNORED_ANNOTATIONS)
    if (labels.length) change.labelsChanged = labels
    if (annotations.length) change.annotationsChanged = annotations
    if (Object.keys(change).length > 2) changes.push(change)
  }
  return changes
}
