// An ESO object as the API server stores it, which is what ESO reads: YAML `null` values pruned
// where the API server prunes them, so that `labels:` with nothing under it (Helm writes those
// routinely) means what it means in a cluster: nothing.
//
// The rules, from k8s.io/apiextensions-apiserver:
// - spec and status (the CRD's structural schema; pkg/apiserver/schema/defaulting/prunenulls.go,
//   PruneNonNullableNullsWithoutDefaults): in an object, a null at a field the schema knows (a
//   property, or any key of a map with additionalProperties) is deleted unless the field is
//   `nullable` (no ESO spec field is) or has a default (then the default is applied, which is what
//   eso-render assumes for an absent field anyway). Nulls in arrays stay (`data: [~]` is refused:
//   "must be object"), and so do nulls at fields the schema does not know (strict field validation
//   reports them as unknown) and inside x-kubernetes-preserve-unknown-fields values.
// - metadata (pkg/apiserver/schema/objectmeta/coerce.go, GetObjectMeta): a JSON round trip through
//   metav1.ObjectMeta, where a null field is the zero value, so absent, and a null label or
//   annotation value is the empty string (Go's encoding/json leaves a string alone on null but
//   still sets the map entry).
// - a number JSON cannot hold (.inf, .nan) stops kubectl before anything is sent
//   (sigs.k8s.io/yaml YAMLToJSON: "json: unsupported value"): an error here.

import { RenderError, type FileRef, type ResourceId } from '../errors.ts'
import { resourceOf } from '../manifests/identity.ts'
import type { Item, KubeObject } from '../manifests/read.ts'
import { fieldPathOf } from './field-path.ts'
import { isNullFreeSimpleYaml } from '../manifests/simple-yaml.ts'
import { KUBERNETES_SCALARS } from './kubernetes-yaml.ts'
import { generatorSpecSchema } from './generators/index.ts'
import { schemaOf, type Schema } from './schema.ts'

/** A part of the schema the CRD specifies but eso-render's schema leaves open (`{type: object}`): every field in it is a known one. */
const KNOWN = Symbol('known fields')
type At = Schema | typeof KNOWN | undefined

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** The schema of field `key` of an object whose schema is `at`; undefined for a field the schema does not know. */
function fieldSchema(at: At, key: string): At {
  if (at === KNOWN) return KNOWN
  if (!at) return undefined
  const properties = at.properties as Record<string, Schema> | undefined
  if (properties && Object.hasOwn(properties, key)) return properties[key]
  const additional = at.additionalProperties
  if (isObject(additional)) return additional as Schema
  if (additional === false || properties || at['x-kubernetes-preserve-unknown-fields'] === true) return undefined
  return at.type === 'object' ? KNOWN : undefined
}

function itemSchema(at: At): At {
  if (at === KNOWN) return KNOWN
  if (!at) return undefined
  if (isObject(at.items)) return at.items as Schema
  return at.type === 'array' ? KNOWN : undefined
}

const nullable = (at: At) => at !== KNOWN && at?.nullable === true

// A JSON pointer's reference token (RFC 6901).
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1')

/** A copy of `v`'s fields that come before `stop`, in order. */
function keysBefore(v: Record<string, unknown>, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key in v) {
    if (key === stop) break
    out[key] = v[key]
  }
  return out
}

class Walk {
  readonly errors: { pointer: string; message: string }[] = []
  // Where the value being walked sits: its keys from the root, pushed and popped as the walk goes.
  // The JSON pointer's text is made only for an error (making it for every value was most of the
  // walk's time over 10,000 ExternalSecrets, and a chain object per field 19 MiB of its allocation).
  private readonly keys: (string | number)[] = []

  private pointer(): string {
    return this.keys.map((k) => `/${typeof k === 'number' ? String(k) : escape(k)}`).join('')
  }

  private child(key: string | number, v: unknown, schema: At): unknown {
    this.keys.push(key)
    const out = this.value(v, schema)
    this.keys.pop()
    return out
  }

  value(v: unknown, at: At): unknown {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      this.errors.push({
        pointer: this.pointer(),
        message: `is ${Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf'}, a number JSON cannot hold: kubectl refuses the manifest (json: unsupported value); quote it if a string is meant`,
      })
      return v
    }
    // Copied only where something changes (most objects have no null to prune): the input's own
    // value otherwise, unchanged, so that a clean ExternalSecret is not held twice.
    if (Array.isArray(v)) {
      const items = itemSchema(at)
      let copy: unknown[] | undefined
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i]
        const walked = this.child(i, item, items)
        if (walked !== item && !copy) copy = v.slice(0, i)
        copy?.push(walked)
      }
      return copy ?? v
    }
    if (!isObject(v)) return v
    let copy: Record<string, unknown> | undefined
    for (const key in v) {
      const field = v[key]
      const schema = fieldSchema(at, key)
      const pruned = field === null && schema !== undefined && !nullable(schema)
      const walked = pruned ? undefined : this.child(key, field, schema)
      if ((pruned || walked !== field) && !copy) copy = keysBefore(v, key)
      if (copy && !pruned) copy[key] = walked
    }
    return copy ?? v
  }

  /** A top-level field of the object, walked along its schema. */
  field(key: string, v: unknown, at: At): unknown {
    return this.child(key, v, at)
  }

  /** metav1.ObjectMeta after a JSON round trip: null fields absent, null label and annotation values empty. */
  metadata(v: unknown): unknown {
    if (v === null) return {}
    if (!isObject(v)) return v
    const out: Record<string, unknown> = {}
    this.keys.push('metadata')
    for (const [key, field] of Object.entries(v)) {
      if (field === null) continue
      if ((key === 'labels' || key === 'annotations') && isObject(field)) {
        out[key] = Object.fromEntries(Object.entries(field).map(([k, s]) => [k, s === null ? '' : s]))
      } else out[key] = field
      this.child(key, out[key], undefined)
    }
    this.keys.pop()
    return out
  }
}

export interface Stored {
  object: Record<string, unknown>
  /** Numbers JSON cannot hold, one per field; the object must not be used when there are any. */
  errors: RenderError[]
}

/**
 * The object as the API server would store it, given the schema of its kind (schema.ts, with
 * `x-kubernetes-preserve-unknown-fields: true` on the fields ESO's CRD declares so). The input is
 * not changed; where nothing of it is pruned, the result holds the input's own values (no copy).
 */
export function storedObject(object: Record<string, unknown>, schema: Schema, resource: ResourceId, file?: FileRef): Stored {
  // A document the fast reader read with no null in it has nothing to prune and no number: what the
  // walk would give, copied where the walk copies (the object, its metadata, labels and annotations).
  if (isNullFreeSimpleYaml(object)) return { object: copiedAsWalked(object), errors: [] }
  const walk = new Walk()
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(object)) {
    if (key === 'metadata') {
      out.metadata = walk.metadata(field)
      continue
    }
    const at = fieldSchema(schema, key)
    if (field === null && at !== undefined && !nullable(at)) continue
    out[key] = walk.field(key, field, at)
  }
  const errors = walk.errors.map((e) => new RenderError('INPUT_INVALID', e.message, { resource, fieldPath: fieldPathOf(e.pointer), file }))
  return { object: out, errors }
}

/** A null-free object as storedObject returns it: the object and its metadata copied, labels and annotations too, the rest shared. */
function copiedAsWalked(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key in object) {
    const field = object[key]
    if (key !== 'metadata' || !isObject(field)) {
      out[key] = field
      continue
    }
    const metadata: Record<string, unknown> = {}
    for (const k in field) {
      const v = field[k]
      metadata[k] = (k === 'labels' || k === 'annotations') && isObject(v) ? { ...v } : v
    }
    out.metadata = metadata
  }
  return out
}

// ESO kinds eso-render has no schema for yet (ClusterExternalSecret, the generators) are fully
// structural in ESO's CRDs: every null in their spec is at a known field. Give such a kind its
// schema here once it has one, with its x-kubernetes-preserve-unknown-fields fields marked
// (VaultDynamicSecret's spec.parameters, for one, keeps its nulls).
const ANY_KIND: Schema = {
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' }, status: { type: 'object' } },
}

/** The schema null pruning follows for an ESO kind. */
export function storedSchemaOf(kind: string): Schema {
  if (kind === 'ExternalSecret') return schemaOf('ExternalSecret')
  if (kind === 'SecretStore' || kind === 'ClusterSecretStore') return schemaOf('SecretStore')
  if (kind === 'ClusterExternalSecret') return schemaOf('ClusterExternalSecret')
  const generator = generatorSpecSchema(kind)
  if (generator) return { ...ANY_KIND, properties: { ...(ANY_KIND.properties as Record<string, Schema>), spec: generator } }
  return ANY_KIND
}

/**
 * An item of an ESO kind as ESO reads it from the API server: its plain scalars as Kubernetes
 * decodes YAML (go-yaml v2), its nulls pruned as the API server prunes them. Only the values the
 * pipeline reads change; the item's text, when it is written out, does not. `read11` names the
 * resource as the YAML 1.1 read does, for an error in the read itself; no object when any error.
 */
export function readStored(item: Item, kind: string, read11: ResourceId, file?: FileRef): { object?: KubeObject; resource: ResourceId; errors: RenderError[] } {
  let read: KubeObject
  try {
    read = item.object(KUBERNETES_SCALARS)
  } catch (err) {
    const error = err instanceof RenderError ? err.locate({ resource: read11, file }) : new RenderError('INPUT_INVALID', 'item cannot be read', { resource: read11, file })
    return { resource: read11, errors: [error] }
  }
  const resource = resourceOf(read, kind)
  const stored = storedObject(read, storedSchemaOf(kind), resource, file)
  return stored.errors.length ? { resource, errors: stored.errors } : { object: stored.object, resource, errors: [] }
}
