// After placement, reloaderWorkloads: the workloads of the input that consume a Secret this run
// rendered (same namespace; namespace-less objects in the render's default namespace) get the
// annotations eso-render/reloader-workloads decides, as edits of their kept text. Also the operator's
// HMAC key for the checksum mode, read before anything else happens and never shown.

import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { RenderOptions } from '../config.ts'
import { RenderError } from '../errors.ts'
import { resourceOf } from '../manifests/identity.ts'
import type { ItemAction, KubeObject, Manifests } from '../manifests/read.ts'
import { base64DecodeLoose } from '../eso/bytes.ts'
import { isWorkloadKind, wireWorkload, type RenderedSecret } from '../eso/reloader-workloads.ts'
import type { Diagnostics } from './diagnostics.ts'

/** A key this short could be guessed, and with it every Secret behind a checksum tested offline. */
const MIN_KEY_BYTES = 16

/**
 * The HMAC key the checksum mode needs, from the operator's checksumKeyFile (trailing line breaks
 * dropped, so `echo`-written and editor-saved files give the same key). CONFIG_INVALID when it is
 * not set, cannot be read or is too short; the key itself is never part of a message.
 */
export function readChecksumKey(options: RenderOptions, readBytes: (path: string) => Uint8Array = readFileSync): Uint8Array {
  const path = options.checksumKeyFile
  if (!path) {
    throw new RenderError(
      'CONFIG_INVALID',
      "reloaderWorkloads checksum needs the operator's HMAC key: set ESO_RENDER_CHECKSUM_KEY_FILE (or --checksum-key-file) to a file holding at least 16 bytes, e.g. from `openssl rand -hex 32`",
      { fieldPath: 'checksumKeyFile' },
    )
  }
  let bytes: Uint8Array
  try {
    bytes = readBytes(path)
  } catch (err) {
    const code = (err as { code?: unknown }).code
    throw new RenderError('CONFIG_INVALID', `the checksum key file ${JSON.stringify(path)} cannot be read${typeof code === 'string' ? ` (${code})` : ''}`, { fieldPath: 'checksumKeyFile' })
  }
  let end = bytes.length
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--
  if (end < MIN_KEY_BYTES) {
    throw new RenderError('CONFIG_INVALID', `the checksum key file ${JSON.stringify(path)} holds fewer than ${MIN_KEY_BYTES} bytes: use a random key, e.g. from \`openssl rand -hex 32\``, {
      fieldPath: 'checksumKeyFile',
    })
  }
  return bytes.slice(0, end)
}

/** The Secrets this run writes (every Secret among the placement's new objects), by namespace and name. */
function renderedSecrets(actions: ReadonlyMap<number, ItemAction>, defaultNamespace: string): Map<string, Map<string, RenderedSecret>> {
  const out = new Map<string, Map<string, RenderedSecret>>()
  for (const action of actions.values()) {
    for (const obj of action.add ?? []) {
      if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1') continue
      const md = (obj.metadata ?? {}) as { name?: string; namespace?: string; annotations?: Record<string, string> }
      if (!md.name) continue
      const ns = md.namespace || defaultNamespace
      const data = new Map(Object.entries((obj.data ?? {}) as Record<string, string>).map(([k, v]) => [k, base64DecodeLoose(v)]))
      if (!out.has(ns)) out.set(ns, new Map())
      out.get(ns)!.set(md.name, { name: md.name, data, annotations: md.annotations ?? {} })
    }
  }
  return out
}

/** Adds the workload edits to the placement's actions (which never act on a workload themselves); how many workloads it edits. */
export function wireWorkloads(manifests: Manifests, actions: Map<number, ItemAction>, options: RenderOptions, defaultNamespace: string, key: Uint8Array | undefined, diag: Diagnostics): number {
  if (options.reloaderWorkloads === 'off') return 0
  const secrets = renderedSecrets(actions, defaultNamespace)
  if (!secrets.size) return 0
  let wired = 0
  const checksum = key ? (message: Uint8Array) => createHmac('sha256', key).update(message).digest('hex') : undefined
  for (const item of manifests.items) {
    // Items of a List in a List pass through unread, as for ESO's own kinds.
    if (!isWorkloadKind(item.kind) || (item.list && manifests.items[item.list.position].list)) continue
    let object: KubeObject
    try {
      object = item.object()
    } catch (err) {
      // Bad YAML in a workload is not ours to judge: the host reads the item itself.
      if (err instanceof RenderError && err.code !== 'INTERNAL') continue
      throw err
    }
    const md = (object.metadata ?? {}) as { namespace?: unknown }
    const ns = typeof md.namespace === 'string' && md.namespace ? md.namespace : defaultNamespace
    const inNamespace = secrets.get(ns)
    if (!inNamespace) continue
    const wiring = wireWorkload(object, inNamespace, { mode: options.reloaderWorkloads, jobs: options.reloaderJobs, checksum })
    const resource = resourceOf(object, String(object.kind))
    for (const n of wiring.notices) diag.notice({ ...n, resource, ...(item.file ? { file: item.file } : {}) })
    if (!wiring.edits.length) continue
    const existing = actions.get(item.position) ?? { keep: true }
    if (!existing.keep) continue
    actions.set(item.position, { ...existing, annotateAt: [...(existing.annotateAt ?? []), ...wiring.edits] })
    wired++
  }
  return wired
}
