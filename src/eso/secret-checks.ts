// What the API server would refuse in a Secret the render assembled, checked after the template
// (Kubernetes' rules, which ESO's own key checks do not fully cover): data keys (IsConfigMapKey),
// the 1 MiB limit, label and annotation keys and values, and the well-known Secret types. The
// build stage and the playground's page apply the same checks with the same words.

import { escapeControls, RenderError, type FileRef } from '../errors.ts'
import type { KubeObject } from '../manifests/read.ts'
import { byteLength, configKeyProblems, metadataProblems, quoteName, secretTypeProblems } from '../manifests/validation.ts'
import { sortUtf8 } from './bytes.ts'
import type { ExternalSecretPlan } from './plan.ts'

/** Kubernetes refuses Secrets whose data exceeds 1 MiB. */
export const MAX_SECRET_BYTES = 1024 * 1024
/** Invalid keys named in one error; an extract can bring hundreds. */
const MAX_KEYS_SHOWN = 5

/**
 * Kubernetes' rule for Secret data keys: one error per field that produced bad keys, named after
 * that field (`origins`: the field of each key; `spec` when unknown). `redact` takes out of a
 * message what must not be shown (the build: values a template made keys of).
 */
export function invalidKeys(
  plan: ExternalSecretPlan,
  data: ReadonlyMap<string, Uint8Array>,
  origins: ReadonlyMap<string, string> | undefined,
  redact: (message: string) => string = (m) => m,
  file?: FileRef,
): RenderError[] {
  const byField = new Map<string, string[]>()
  for (const key of sortUtf8([...data.keys()])) {
    const problems = configKeyProblems(key)
    if (!problems.length) continue
    const field = origins?.get(key) ?? 'spec'
    byField.set(field, [...(byField.get(field) ?? []), `Secret data key ${quoteName(key)} is invalid: ${problems.join('; ')}`])
  }
  return [...byField].map(([field, lines]) => {
    const shown = lines.length > MAX_KEYS_SHOWN ? [...lines.slice(0, MAX_KEYS_SHOWN), `and ${lines.length - MAX_KEYS_SHOWN} more invalid keys`] : lines
    return new RenderError('TARGET_INVALID', redact(`${shown.join('; ')}; the API server would refuse the Secret`), {
      resource: plan.resource,
      fieldPath: escapeControls(field),
      ...(file ? { file } : {}),
    })
  })
}

/** The data over Kubernetes' 1 MiB limit for a Secret, or undefined. */
export function oversizeError(plan: ExternalSecretPlan, data: ReadonlyMap<string, Uint8Array>, file?: FileRef): RenderError | undefined {
  let size = 0
  for (const [k, v] of data) size += byteLength(k) + v.length
  if (size <= MAX_SECRET_BYTES) return undefined
  return new RenderError('TARGET_INVALID', `the Secret's data is ${size} bytes, over Kubernetes' 1 MiB limit for a Secret`, { resource: plan.resource, fieldPath: 'spec', ...(file ? { file } : {}) })
}

/** What else the API server would refuse: label and annotation keys and values, and the rules of well-known Secret types. */
export function invalidSecret(plan: ExternalSecretPlan, secret: KubeObject, data: ReadonlyMap<string, Uint8Array>, file?: FileRef): RenderError | undefined {
  const metadata = secret.metadata as { labels: Record<string, string>; annotations: Record<string, string> }
  const problems = metadataProblems(metadata.labels, metadata.annotations)
  const typeProblems = secretTypeProblems(secret.type as string, data, metadata.annotations)
  if (!problems.length && !typeProblems.length) return undefined
  const field = typeProblems.length && !problems.length ? (plan.template?.type ? 'spec.target.template.type' : 'spec') : plan.template ? 'spec.target.template.metadata' : 'metadata'
  return new RenderError('TARGET_INVALID', `${[...problems, ...typeProblems].join('; ')}; the API server would refuse the Secret`, {
    resource: plan.resource,
    fieldPath: field,
    ...(file ? { file } : {}),
  })
}
