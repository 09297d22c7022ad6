// Stakater Reloader on the workloads that consume rendered Secrets (reference/reloader.md): which
// pod specs reference a Secret, read exactly as Reloader reads them, and what eso-render writes on
// a consumer: Reloader's reload list (`reload`), or an HMAC of the consumed Secrets' data on the
// pod template (`checksum`), never over a user's opt-out. Pure: no I/O, and no key (the caller's
// checksum function holds it). Upstream: stakater/Reloader pkg/common/common.go (ShouldReload),
// internal/pkg/handler/upgrade.go (getContainerUsingResource), internal/pkg/callbacks.

import type { KubeObject } from '../manifests/read.ts'
import { compareUtf8, utf8 } from './bytes.ts'

export const ANNOTATION_RELOAD = 'secret.reloader.stakater.com/reload'
export const ANNOTATION_AUTO = 'reloader.stakater.com/auto'
export const ANNOTATION_SECRET_AUTO = 'secret.reloader.stakater.com/auto'
export const ANNOTATION_SEARCH = 'reloader.stakater.com/search'
export const ANNOTATION_SECRET_EXCLUDE = 'secrets.exclude.reloader.stakater.com/reload'
export const ANNOTATION_IGNORE = 'reloader.stakater.com/ignore'
export const ANNOTATION_LAST_RELOADED = 'reloader.stakater.com/last-reloaded-from'
export const ANNOTATION_CHECKSUM = 'checksum.config.eso-render.dev/secrets'

/** The keys whose presence on workload metadata makes Reloader read a Secret event's keys there, not on the pod template. */
const METADATA_FIRST_KEYS = [ANNOTATION_RELOAD, ANNOTATION_AUTO, ANNOTATION_SECRET_AUTO, ANNOTATION_SEARCH]

export type WiringMode = 'reload' | 'checksum'

/** Where each workload kind Reloader handles keeps its pod template. */
const POD_TEMPLATE: Record<string, { apiVersion: string; path: readonly string[]; job: boolean }> = {
  Deployment: { apiVersion: 'apps/v1', path: ['spec', 'template'], job: false },
  StatefulSet: { apiVersion: 'apps/v1', path: ['spec', 'template'], job: false },
  DaemonSet: { apiVersion: 'apps/v1', path: ['spec', 'template'], job: false },
  Rollout: { apiVersion: 'argoproj.io/v1alpha1', path: ['spec', 'template'], job: false },
  Job: { apiVersion: 'batch/v1', path: ['spec', 'template'], job: true },
  CronJob: { apiVersion: 'batch/v1', path: ['spec', 'jobTemplate', 'spec', 'template'], job: true },
}

/** Whether Reloader handles objects of this kind (the sniffed kind: a cheap test before parsing). */
export function isWorkloadKind(kind: string | undefined): boolean {
  return kind !== undefined && Object.hasOwn(POD_TEMPLATE, kind)
}

/** A Secret this run rendered, as its consumers see it. */
export interface RenderedSecret {
  name: string
  data: ReadonlyMap<string, Uint8Array>
  annotations: Readonly<Record<string, string>>
}

export interface WiringOptions {
  mode: WiringMode
  /** Also wire Jobs and CronJobs (reloaderJobs). */
  jobs: boolean
  /** The keyed HMAC over a message, as the annotation's value (checksum mode). */
  checksum?: (message: Uint8Array) => string
}

export interface WorkloadEdit {
  /** The object whose metadata.annotations are set: [] for the workload, its pod template's path otherwise. */
  path: readonly string[]
  annotations: Record<string, string>
}

export interface WiringNotice {
  severity: 'warning' | 'info'
  message: string
}

export interface Wiring {
  /** The Secrets the workload consumes (referenced, rendered, same namespace), by name. */
  consumed: string[]
  edits: WorkloadEdit[]
  notices: WiringNotice[]
}

type Obj = Record<string, unknown>

function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined
}

function asList(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(asObj).filter((v): v is Obj => v !== undefined) : []
}

function at(obj: Obj | undefined, path: readonly string[]): Obj | undefined {
  let cur = obj
  for (const key of path) cur = asObj(cur?.[key])
  return cur
}

/** An object's annotations as strings (a YAML `true` read as "true"; the API server would refuse it anyway). */
function annotationsAt(obj: Obj | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(asObj(asObj(obj?.metadata)?.annotations) ?? {})) if (v !== null && v !== undefined) out[k] = String(v)
  return out
}

/** Go's strconv.ParseBool: true, false, or undefined for anything else. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false
  return undefined
}

/** Go's regexp.QuoteMeta: a Secret name as a reload-list entry (Reloader anchors each entry as `^entry$`). */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

function names(field: unknown): string | undefined {
  return typeof field === 'string' ? field : undefined
}

/** The names of a container's volume mounts. */
function mounts(container: Obj): string[] {
  return asList(container.volumeMounts).flatMap((m) => names(m.name) ?? [])
}

function envReferences(container: Obj, secret: string): boolean {
  const env = asList(container.env).some((e) => names(asObj(asObj(e.valueFrom)?.secretKeyRef)?.name) === secret)
  return env || asList(container.envFrom).some((e) => names(asObj(e.secretRef)?.name) === secret)
}

/**
 * Whether a pod spec uses a Secret as Reloader decides it (upgrade.go getContainerUsingResource
 * with autoReload): the first volume naming it (secret.secretName, or a projected secret source)
 * mounted by a container or an init container; else env valueFrom.secretKeyRef or envFrom.secretRef
 * in a container or an init container. A use by init containers only counts when the pod has
 * containers. Not counted: imagePullSecrets, unmounted volumes, ephemeral containers.
 */
export function podSpecUses(podSpec: Obj | undefined, secret: string): boolean {
  if (!podSpec) return false
  const containers = asList(podSpec.containers)
  const initContainers = asList(podSpec.initContainers)
  // getVolumeMountName: only the first volume that names the Secret is looked for in the mounts.
  const volume = asList(podSpec.volumes).find((v) => names(asObj(v.secret)?.secretName) === secret || asList(asObj(v.projected)?.sources).some((s) => names(asObj(s.secret)?.name) === secret))
  const volumeName = volume && names(volume.name)
  if (volumeName) {
    if (containers.some((c) => mounts(c).includes(volumeName))) return true
    if (initContainers.some((c) => mounts(c).includes(volumeName))) return containers.length > 0
  }
  if (containers.some((c) => envReferences(c, secret))) return true
  if (initContainers.some((c) => envReferences(c, secret))) return containers.length > 0
  return false
}

/** Comma-list entries, each trimmed, as Reloader splits them. */
function entries(list: string | undefined): string[] {
  return list === undefined ? [] : list.split(',').map((e) => e.trim())
}

/** Keys Reloader reads or writes (`reloader.stakater.com/...`, `secret.reloader.stakater.com/...`, `secrets.exclude...`). */
function reloaderKeys(annotations: Record<string, string>): string[] {
  return Object.keys(annotations)
    .filter((k) => {
      const slash = k.indexOf('/')
      const domain = slash < 0 ? '' : k.slice(0, slash)
      return domain === 'reloader.stakater.com' || domain.endsWith('.reloader.stakater.com')
    })
    .sort(compareUtf8)
}

/** Why the workload's user opted out of Reloader's automatic Secret reloads, if they did. */
function optOut(effective: Record<string, string>): string | undefined {
  const set = [ANNOTATION_AUTO, ANNOTATION_SECRET_AUTO].filter((k) => effective[k] !== undefined && effective[k] !== '')
  if (set.some((k) => parseGoBool(effective[k]) === true)) return undefined
  const first = set[0]
  if (first === undefined) return undefined
  const value = effective[first]
  return parseGoBool(value) === false ? `${first}: ${JSON.stringify(value)}` : `${first}: ${JSON.stringify(value)} (not a Go boolean: Reloader reads it as false)`
}

/** What Reloader writes on a workload in the cluster: rendered output carrying it makes Argo CD and Reloader fight. */
function reloaderWrites(template: Obj | undefined): string[] {
  const found: string[] = []
  if (annotationsAt(template)[ANNOTATION_LAST_RELOADED] !== undefined) found.push(`the pod template annotation ${ANNOTATION_LAST_RELOADED}`)
  const podSpec = asObj(template?.spec)
  for (const c of [...asList(podSpec?.containers), ...asList(podSpec?.initContainers)]) {
    for (const e of asList(c.env)) {
      const name = names(e.name)
      if (name?.startsWith('STAKATER_')) found.push(`the env var ${name}`)
    }
  }
  return found
}

/** The HMAC's message: every consumed Secret's name and data, length-prefixed, names and keys in byte order. */
export function checksumMessage(secrets: readonly RenderedSecret[]): Uint8Array {
  const parts: Uint8Array[] = [utf8('eso-render checksum v1\n')]
  const field = (bytes: Uint8Array) => parts.push(utf8(`${bytes.length}:`), bytes, utf8(','))
  for (const s of [...secrets].sort((a, b) => compareUtf8(a.name, b.name))) {
    field(utf8(s.name))
    parts.push(utf8(`${s.data.size}{`))
    for (const key of [...s.data.keys()].sort(compareUtf8)) {
      field(utf8(key))
      field(s.data.get(key)!)
    }
    parts.push(utf8('}'))
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

const quoted = (list: string[]) => list.map((n) => JSON.stringify(n)).join(', ')

/**
 * What to write on one workload, given the Secrets rendered in its namespace. A workload of a kind
 * Reloader does not handle, or without consumed Secrets, gets nothing.
 */
export function wireWorkload(workload: KubeObject, secrets: ReadonlyMap<string, RenderedSecret>, options: WiringOptions): Wiring {
  const none: Wiring = { consumed: [], edits: [], notices: [] }
  const kind = typeof workload.kind === 'string' ? workload.kind : undefined
  const shape = kind !== undefined && Object.hasOwn(POD_TEMPLATE, kind) ? POD_TEMPLATE[kind] : undefined
  if (!shape || workload.apiVersion !== shape.apiVersion) return none
  const template = at(workload, shape.path)
  const podSpec = asObj(template?.spec)
  const used = [...secrets.keys()].filter((name) => podSpecUses(podSpec, name)).sort(compareUtf8)
  if (!used.length) return none
  const notices: WiringNotice[] = []
  const result = (consumed: string[], edits: WorkloadEdit[] = []): Wiring => ({ consumed, edits, notices })
  if (shape.job && !options.jobs) {
    notices.push({
      severity: 'info',
      message: `uses the rendered Secret${used.length === 1 ? '' : 's'} ${quoted(used)}: not wired, as a ${kind} is wired only with reloaderJobs: true (Reloader recreates a Job, and starts a CronJob's Job, on every change)`,
    })
    return result(used)
  }
  const fights = reloaderWrites(template)
  if (fights.length)
    notices.push({ severity: 'warning', message: `carries what Reloader writes in the cluster (${fights.join(', ')}): remove it from the source, or Argo CD and Reloader undo each other's change` })

  const ignored = used.filter((name) => secrets.get(name)!.annotations[ANNOTATION_IGNORE] === 'true')
  if (ignored.length) notices.push({ severity: 'info', message: `uses ${quoted(ignored)}, marked ${ANNOTATION_IGNORE}: "true": a change of ${ignored.length === 1 ? 'it' : 'them'} rolls nothing` })
  const wanted = used.filter((name) => !ignored.includes(name))

  const metadata = annotationsAt(workload)
  const podAnnotations = annotationsAt(template)

  if (options.mode === 'checksum') {
    const keys = [...new Set([...reloaderKeys(metadata), ...reloaderKeys(podAnnotations)])].sort(compareUtf8)
    if (keys.length) {
      notices.push({
        severity: 'warning',
        message: `carries Stakater Reloader annotations (${keys.join(', ')}): no checksum is written on it, since Reloader and a checksum on one workload roll it twice per change (drop the annotations, or use reloaderWorkloads: reload)`,
      })
      return result(used)
    }
    if (!wanted.length) return result(used)
    if (!options.checksum) throw new Error('checksum mode without a checksum function')
    if (kind === 'Job') {
      notices.push({
        severity: 'warning',
        message: `a Job's pod template is immutable: when the checksum of ${quoted(wanted)} changes, applying it fails unless the Job is replaced (Argo CD: a hook, or the sync option Replace=true)`,
      })
    }
    const value = options.checksum(checksumMessage(wanted.map((name) => secrets.get(name)!)))
    return result(used, [{ path: shape.path, annotations: { [ANNOTATION_CHECKSUM]: value } }])
  }

  // Reloader reads a Secret event's keys on the workload's metadata when any of them is there, else on the pod template.
  const onMetadata = METADATA_FIRST_KEYS.some((k) => metadata[k] !== undefined)
  const templateOnly = !onMetadata && METADATA_FIRST_KEYS.some((k) => podAnnotations[k] !== undefined)
  const effective = onMetadata ? metadata : podAnnotations
  const refusal = optOut(effective)
  if (refusal) {
    notices.push({ severity: 'warning', message: `opts out of Reloader (${refusal}): left as it is, though it uses ${quoted(wanted.length ? wanted : used)}` })
    return result(used)
  }
  // Exclude lists are read on the metadata only, and win over a reload list.
  const excludeList = entries(metadata[ANNOTATION_SECRET_EXCLUDE])
  const excluded = wanted.filter((name) => excludeList.includes(name))
  if (excluded.length) notices.push({ severity: 'warning', message: `excludes ${quoted(excluded)} (${ANNOTATION_SECRET_EXCLUDE}): not added to its reload list` })
  const existing = effective[ANNOTATION_RELOAD]
  const listed = entries(existing)
  const added = wanted.filter((name) => !excluded.includes(name)).flatMap((name) => (listed.includes(quoteMeta(name)) || listed.includes(name) ? [] : [quoteMeta(name)]))
  if (!added.length) return result(used)
  const kept = (existing ?? '').replace(/[\s,]+$/, '')
  const value = kept.trim() ? `${kept},${added.join(',')}` : added.join(',')
  return result(used, [{ path: templateOnly ? shape.path : [], annotations: { [ANNOTATION_RELOAD]: value } }])
}
