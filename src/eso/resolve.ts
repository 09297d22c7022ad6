// Turns fetched Vault secrets into an ExternalSecret's data map, as ESO's controller does:
// dataFrom items in order (later keys win), then data items (which win over dataFrom), with ESO's
// property, extraction, key conversion, decoding and null-byte rules, and its deletionPolicy
// handling of secrets that are gone. No I/O here: reads arrive as results.

import { RenderError } from '../errors.ts'
import type { JsonObject } from '../go/json.ts'
import type { ExternalSecretPlan, PlannedGenerator, PlannedRead } from './plan.ts'
import { keyField } from './field-path.ts'
import type { FindSpec } from './find.ts'
import { checkNullBytes, convertKeys, decodeValue, extractSecretMap, requireSecretValueBytes, validateKeys, ValueError } from './values.ts'
import { applyRewrites, type TransformRunner } from './rewrite.ts'

export type ReadOutcome =
  /** For a find, `secrets` holds each kept secret by its name (and `data` is empty). */
  { found: true; data: JsonObject; path: string; secrets?: ReadonlyMap<string, JsonObject> } | { found: false; reason: 'missing' | 'deleted' | 'destroyed'; path: string }

export interface ResolvedData {
  /** The provider data map, or undefined when ESO writes no Secret (deletionPolicy Delete, data gone) or on errors. */
  data?: Map<string, Uint8Array>
  /** The field each key of the data came from (`spec.data[0].secretKey`, `spec.dataFrom[1].extract`), for messages. */
  origins: Map<string, string>
  notices: string[]
  /** Every problem found; the data is undefined when there is one. */
  errors: RenderError[]
}

function located(plan: ExternalSecretPlan, field: string, err: unknown): RenderError {
  if (err instanceof ValueError) return err.toRenderError({ resource: plan.resource, fieldPath: field, file: plan.file })
  if (err instanceof RenderError) return err.locate({ resource: plan.resource, fieldPath: field, file: plan.file })
  throw err
}

/**
 * The data map for one plan; `outcome(read)` gives each read's Vault result, `generated(item)` each
 * generator's map (undefined: an empty answer it was allowed to give); `transforms` runs rewrite templates.
 */
export function resolveData(
  plan: ExternalSecretPlan,
  outcome: (read: PlannedRead) => ReadOutcome,
  generated: (item: PlannedGenerator) => Map<string, Uint8Array> | undefined = () => undefined,
  transforms?: TransformRunner,
): ResolvedData {
  const map = new Map<string, Uint8Array>()
  const origins = new Map<string, string>()
  const notices: string[] = []
  const errors: RenderError[] = []
  const keyNote = (read: PlannedRead) => (read.find ? describeFind(read.find) : `key ${JSON.stringify(read.remoteRef.key)}${read.remoteRef.version ? ` version ${read.remoteRef.version}` : ''}`)

  // dataFrom first, in its order (extract, find and generated maps), data second: data[]
  // overrides dataFrom (eso.md §6.1).
  const dataFrom: (PlannedRead | PlannedGenerator)[] = [...plan.reads.filter((r) => r.source !== 'data'), ...(plan.generators ?? [])].sort((a, b) => a.index - b.index)
  const ordered = [...dataFrom, ...plan.reads.filter((r) => r.source === 'data')]
  for (const item of ordered) {
    if (!('source' in item)) {
      // handleGenerateSecrets: the generated map rewritten, then its keys validated (no conversion, no decoding).
      try {
        for (const [k, v] of validateKeys(applyRewrites(generated(item) ?? new Map(), item.rewrites, transforms))) {
          map.set(k, v)
          origins.set(k, item.fieldPath)
        }
      } catch (err) {
        errors.push(located(plan, item.fieldPath, err))
      }
      continue
    }
    const read = item
    const result = outcome(read)
    if (!result.found) {
      const what = read.find ? 'lists nothing (404)' : result.reason === 'missing' ? 'does not exist' : `is ${result.reason}`
      if (plan.deletionPolicy === 'Retain') {
        errors.push(
          new RenderError(
            'VAULT_NOT_FOUND',
            `Secret does not exist: ${keyNote(read)} at ${result.path} ${what} in Vault; with deletionPolicy Retain ESO would keep the last value, which a render cannot know, so the render fails (check the key and the store's path; deletionPolicy Delete would omit the Secret, and hosts that prune then delete it from the cluster; Merge would write it without this key)`,
            { resource: plan.resource, fieldPath: keyField(read), file: plan.file },
          ),
        )
      } else {
        notices.push(`${read.fieldPath}: ${keyNote(read)} at ${result.path} ${what} in Vault; skipped (deletionPolicy ${plan.deletionPolicy})`)
      }
      continue
    }
    const ref = read.remoteRef
    if (read.source === 'data') {
      try {
        const value = valueBytes(read, result.data)
        const decoded = decodeValue(value, ref.decodingStrategy)
        checkNullBytes(read.secretKey!, decoded, ref.nullBytePolicy)
        map.set(read.secretKey!, decoded)
        origins.set(read.secretKey!, `${read.fieldPath}.secretKey`)
      } catch (err) {
        const field = err instanceof ValueError && err.code === 'PROPERTY_NOT_FOUND' ? `${read.fieldPath}.remoteRef.property` : `${read.fieldPath}.remoteRef`
        errors.push(located(plan, field, err))
      }
      continue
    }
    try {
      let extracted = result.secrets ? foundSecretMap(result.secrets) : extractSecretMap(valueBytes(read, result.data))
      // ESO: a dataFrom entry with rewrites skips its conversionStrategy; keys are validated after either.
      extracted = read.rewrites?.length ? applyRewrites(extracted, read.rewrites, transforms) : convertKeys(extracted, ref.conversionStrategy)
      extracted = validateKeys(extracted)
      for (const [k, v] of extracted) {
        const decoded = decodeValue(v, ref.decodingStrategy, k)
        checkNullBytes(k, decoded, ref.nullBytePolicy)
        map.set(k, decoded)
        origins.set(k, read.fieldPath)
      }
    } catch (err) {
      const field = err instanceof ValueError && err.code === 'PROPERTY_NOT_FOUND' ? `${read.fieldPath}.property` : read.fieldPath
      errors.push(located(plan, field, err))
    }
  }
  if (errors.length) return { origins, notices, errors }
  if (map.size === 0) {
    if (plan.deletionPolicy === 'Retain') {
      const empty = new RenderError(
        'VAULT_NOT_FOUND',
        'all fetched data is empty; with deletionPolicy Retain ESO would write no Secret and keep the old one, which a render cannot know, so the render fails',
        {
          resource: plan.resource,
          fieldPath: 'spec',
          file: plan.file,
        },
      )
      return { origins, notices, errors: [empty] }
    }
    if (plan.deletionPolicy === 'Delete') {
      notices.push('no data left in Vault: no Secret is written (deletionPolicy Delete; ESO deletes the Secret)')
      return { origins, notices, errors }
    }
    notices.push('no data left in Vault: the Secret is written without provider data (deletionPolicy Merge)')
  }
  return { data: map, origins, notices, errors }
}

/**
 * The bytes a read gives before decoding (GetSecret). With metadataPolicy Fetch and no metadata at
 * all ESO returns no bytes before looking at the property: an empty value for data[], and for an
 * extract the JSON parser's "unexpected end of JSON input".
 */
function valueBytes(read: PlannedRead, data: JsonObject): Uint8Array {
  if (read.remoteRef.metadataPolicy === 'Fetch' && data.size === 0) return new Uint8Array()
  return requireSecretValueBytes(data, read.remoteRef.property)
}

/**
 * The map a find contributes before key conversion: each kept name → its secret as JSON, as
 * client_get_all_secrets.go reads each candidate (GetSecret, no property: eso.md §5.1).
 */
function foundSecretMap(secrets: ReadonlyMap<string, JsonObject>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const [name, data] of secrets) out.set(name, requireSecretValueBytes(data, undefined))
  return out
}

/** A find in messages: `find path "app"`, or the mount root. */
function describeFind(find: FindSpec): string {
  return find.path !== undefined ? `find path ${JSON.stringify(find.path)}` : 'find at the mount root'
}
