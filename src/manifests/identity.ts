// Who an item is, read off the parsed object: the ResourceId errors and notices name, its
// annotations, and the package file kpt says it came from. Knows nothing of ESO.

import type { FileRef, ResourceId } from '../errors.ts'

/** A parsed object (read.ts's KubeObject, spelled out here: read.ts imports this module). */
type KubeObject = Record<string, unknown>

/** kpt's (and kustomize's) marker for objects that configure the render and are never applied. */
export const LOCAL_CONFIG = 'config.kubernetes.io/local-config'
/** Our own marker on local-config copies eso-render kept (they are rendered again next time). */
export const KEPT_MARKER = 'config.eso-render.dev/kept'
/** kpt's path and index annotations, current and legacy spellings. */
export const KPT_PATH_KEYS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path']
const KPT_INDEX_KEYS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index']

export function resourceOf(obj: KubeObject, kind: string): ResourceId {
  const md = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown }
  return {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined,
    kind,
    name: typeof md.name === 'string' ? md.name : '(unnamed)',
    namespace: typeof md.namespace === 'string' && md.namespace ? md.namespace : undefined,
  }
}

export function annotationsOf(obj: KubeObject): Record<string, string> {
  const md = obj.metadata as { annotations?: Record<string, string> } | undefined
  return md?.annotations && typeof md.annotations === 'object' ? md.annotations : {}
}

export function labelsOf(obj: KubeObject): Record<string, string> {
  const md = obj.metadata as { labels?: Record<string, string> } | undefined
  return md?.labels && typeof md.labels === 'object' ? md.labels : {}
}

/** Whether kpt handed the item over (it carries kpt's path annotation). */
export function fromKpt(obj: KubeObject): boolean {
  const annotations = annotationsOf(obj)
  return KPT_PATH_KEYS.some((k) => annotations[k] !== undefined)
}

/** Under kpt, errors name the package file and document, not the ResourceList position. */
export function kptFileOf(obj: KubeObject): FileRef | undefined {
  const annotations = annotationsOf(obj)
  const path = KPT_PATH_KEYS.map((k) => annotations[k]).find((v) => typeof v === 'string')
  if (!path) return undefined
  const index = Number(KPT_INDEX_KEYS.map((k) => annotations[k]).find((v) => typeof v === 'string') ?? '0')
  return { path, index: Number.isInteger(index) ? index : 0 }
}

/**
 * Kubernetes' own list object (`kubectl get -o yaml` writes one): its items are rendered like
 * top-level items. Typed lists (`SecretList`, `ConfigMapList`) are not this.
 */
export function isV1List(kind: string | undefined, apiVersion: string | undefined): boolean {
  return kind === 'List' && apiVersion === 'v1'
}
