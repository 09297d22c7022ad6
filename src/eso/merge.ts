// creationPolicy Merge: the rendered data merged into an existing Secret of the input, as ESO's
// controller patches one in the cluster: its keys, metadata and type kept, the provider's keys
// written over them, ESO's labels and annotations added, data-hash over the final data. No I/O.

import type { KubeObject } from '../manifests/read.ts'
import { base64DecodeLoose, base64Encode, utf8 } from './bytes.ts'
import { ANNOTATION_DATA_HASH, dataHash } from './target.ts'

export function mergeInto(existing: KubeObject, rendered: KubeObject): KubeObject {
  const out: KubeObject = JSON.parse(JSON.stringify(existing)) as KubeObject
  const md = (out.metadata ?? {}) as Record<string, unknown>
  const rmd = rendered.metadata as { labels: Record<string, string>; annotations: Record<string, string> }
  md.labels = { ...((md.labels as Record<string, string>) ?? {}), ...rmd.labels }
  md.annotations = { ...((md.annotations as Record<string, string>) ?? {}), ...rmd.annotations }
  out.metadata = md
  const data: Record<string, string> = { ...((out.data as Record<string, string>) ?? {}) }
  for (const [k, v] of Object.entries((out.stringData as Record<string, string>) ?? {})) data[k] = base64Encode(utf8(v))
  delete out.stringData
  Object.assign(data, rendered.data as Record<string, string>)
  out.data = Object.fromEntries(
    Object.keys(data)
      .sort()
      .map((k) => [k, data[k]]),
  )
  // The hash covers the Secret's final data, existing keys included.
  const bytes = new Map(Object.entries(out.data as Record<string, string>).map(([k, v]) => [k, base64DecodeLoose(v)]))
  ;(md.annotations as Record<string, string>)[ANNOTATION_DATA_HASH] = dataHash(bytes)
  if (!out.type) out.type = rendered.type
  return out
}
