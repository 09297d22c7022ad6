// Stage 1, classify: which input items are ExternalSecrets, which are stores, and which Secrets,
// ConfigMaps and Namespaces they may look up. Only items of interest are parsed; everything else
// stays source text for the writer. The items of a top-level v1 List count as top-level items; ESO
// resources deeper (a List in a List) or in a typed list (`SecretList`) are an error. No I/O.

import { RenderError, type FileRef, type ResourceId } from '../errors.ts'
import type { Item, KubeObject, Manifests } from '../manifests/read.ts'
import { annotationsOf, fromKpt, isV1List, KEPT_MARKER, kptFileOf, LOCAL_CONFIG, resourceOf } from '../manifests/identity.ts'
import { ESO_GROUP, ESO_KINDS, isInteresting, isTypedList, nearMissReason } from '../eso/kinds.ts'
import type { Lookups } from '../eso/stores.ts'
import { KUBERNETES_SCALARS } from '../eso/kubernetes-yaml.ts'
import { readStored } from '../eso/stored.ts'
import type { Diagnostics } from './diagnostics.ts'
import type { KubeObject as ClusterObject } from '../cluster/client.ts'

export interface FoundObject {
  item: Item
  object: KubeObject
  resource: ResourceId
  file?: FileRef
}

export interface Classified {
  externalSecrets: FoundObject[]
  stores: FoundObject[]
  /** ClusterExternalSecrets: expanded into ExternalSecrets before the plan (pipeline/expand.ts), then treated like stores. */
  clusterExternalSecrets: FoundObject[]
  /** Input Secrets by `namespace/name` (namespace-less ones under the render's default namespace). */
  secrets: Map<string, { item: Item; object: KubeObject }>
  configMaps: Map<string, KubeObject>
  namespaces: Map<string, Record<string, string>>
  /** kpt handed the items over (its path annotations are present). */
  kpt: boolean
  /** The namespace namespace-less objects are placed in. */
  defaultNamespace: string
  /** `Kind/name` → the namespaces written on objects of that kind and name ('' for none). */
  placed: Map<string, string[]>
}

/** Objects read from the cluster, kept apart from the input's so that provenance is known. */
export interface ClusterObjects {
  secrets: Map<string, ClusterObject>
  configMaps: Map<string, ClusterObject>
  namespaces: Map<string, Record<string, string>>
}

export function emptyClusterObjects(): ClusterObjects {
  return { secrets: new Map(), configMaps: new Map(), namespaces: new Map() }
}

/** What stores and templates may read: the input first, then what was read from the cluster. */
export function lookupsOf(found: Classified, cluster?: ClusterObjects): Lookups {
  return {
    secret: (ns, name) => found.secrets.get(`${ns}/${name}`)?.object ?? cluster?.secrets.get(`${ns}/${name}`),
    configMap: (ns, name) => found.configMaps.get(`${ns}/${name}`) ?? cluster?.configMaps.get(`${ns}/${name}`),
    namespaceLabels: (name) => found.namespaces.get(name) ?? cluster?.namespaces.get(name),
    fromCluster: (kind, ns, name) =>
      kind === 'Secret'
        ? !found.secrets.has(`${ns}/${name}`) && (cluster?.secrets.has(`${ns}/${name}`) ?? false)
        : !found.configMaps.has(`${ns}/${name}`) && (cluster?.configMaps.has(`${ns}/${name}`) ?? false),
    missHint: (kind, namespace, name) => {
      const where = (found.placed.get(`${kind}/${name}`) ?? []).filter((ns) => ns !== namespace)
      if (!where.length) return ''
      if (where.includes(''))
        return `; a namespace-less ${kind} of that name is in the input, and it is placed in namespace "${found.defaultNamespace}" (set the render's namespace option, or give it metadata.namespace)`
      return `; a ${kind} of that name is in namespace ${where.map((n) => JSON.stringify(n)).join(', ')}`
    },
  }
}

export function classify(manifests: Manifests, defaultNamespace: string, diag: Diagnostics): Classified {
  const out: Classified = {
    externalSecrets: [],
    stores: [],
    clusterExternalSecrets: [],
    secrets: new Map(),
    configMaps: new Map(),
    namespaces: new Map(),
    kpt: false,
    defaultNamespace,
    placed: new Map(),
  }
  const needLookups = manifests.items.some((i) => isInteresting(i.kind, i.apiVersion))
  for (const item of manifests.items) {
    const kind = item.kind
    const depth = listDepth(manifests, item)
    // A v1 List is its items, which are items of their own (one level deep; see below for deeper).
    if (isV1List(kind, item.apiVersion)) continue
    const maybeLookup = needLookups && depth <= 1 && (kind === 'Secret' || kind === 'ConfigMap' || kind === 'Namespace')
    if (!isInteresting(kind, item.apiVersion) && !maybeLookup) continue
    let object: KubeObject
    try {
      // An ESO object is read once, by Kubernetes' rules (asStored below reads it so anyway).
      object = item.object(isEso(kind ?? '', item.apiVersion ?? '') ? KUBERNETES_SCALARS : undefined)
    } catch (err) {
      diag.error(err instanceof RenderError ? err : new RenderError('INPUT_INVALID', 'item cannot be read', { file: item.file }))
      continue
    }
    const realKind = typeof object.kind === 'string' ? object.kind : undefined
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : ''
    // An item without a kind is not ours to judge: kpt sends a package's kustomization.yaml like
    // that, and expects it back untouched. (`eso-render render` checks people's files itself.)
    if (!realKind) continue
    // Under kpt the annotations that name the file are on the top-level item: the List, for its items.
    const host = item.list ? hostObject(manifests, item) : object
    const file = (host && kptFileOf(host)) ?? item.file
    if (isTypedList(realKind, apiVersion)) {
      diag.error(...esoInTypedList(object, realKind, apiVersion, listPath(manifests, item), file))
      continue
    }
    let resource = resourceOf(object, realKind)
    if (depth > 1) {
      if (isEso(realKind, apiVersion)) {
        diag.error(
          new RenderError(
            'UNSUPPORTED',
            `is in a List inside a List (${listPath(manifests, item)} of the document): eso-render renders the items of a List one level deep; move it into the outer List or to the top level`,
            { resource, file },
          ),
        )
      }
      continue
    }
    const nearMiss = nearMissReason(realKind, apiVersion)
    if (nearMiss) {
      diag.notice({ severity: 'warning', message: `looks like an ESO resource but is not one, so it passes through unrendered: ${nearMiss}`, resource, file })
      continue
    }
    if (isEso(realKind, apiVersion)) {
      const stored = asStored(item, realKind, resource, file, diag)
      if (!stored) continue
      ;({ object, resource } = stored)
      if (!esoVersionAccepted(object, resource, file, apiVersion, diag)) continue
      if (host && fromKpt(host)) out.kpt = true
      if (realKind === 'ExternalSecret' || realKind === 'ClusterExternalSecret') {
        const annotations = annotationsOf(object)
        if (annotations[LOCAL_CONFIG] === 'true' && annotations[KEPT_MARKER] !== 'true') {
          diag.notice({ severity: 'info', message: `${realKind} is marked local-config: left as it is, no Secret rendered`, resource, file })
          continue
        }
        // A ClusterExternalSecret is cluster-scoped: a namespace written on it (kustomize's namespace transformer adds one) means nothing.
        if (realKind === 'ClusterExternalSecret') out.clusterExternalSecrets.push({ item, object, resource: { ...resource, namespace: undefined }, file })
        else out.externalSecrets.push({ item, object, resource, file })
      } else out.stores.push({ item, object, resource, file })
      continue
    }
    if (apiVersion !== 'v1') continue
    const ns = resource.namespace ?? defaultNamespace
    if (realKind === 'Secret' || realKind === 'ConfigMap') {
      const key = `${realKind}/${resource.name}`
      out.placed.set(key, [...(out.placed.get(key) ?? []), resource.namespace ?? ''])
    }
    if (realKind === 'Secret') out.secrets.set(`${ns}/${resource.name}`, { item, object })
    else if (realKind === 'ConfigMap') out.configMaps.set(`${ns}/${resource.name}`, object)
    else if (realKind === 'Namespace') out.namespaces.set(resource.name, ((object.metadata as { labels?: Record<string, string> }).labels ?? {}) as Record<string, string>)
  }
  return out
}

/** An ESO object as ESO would read it from the API server (eso/stored.ts); undefined when it cannot be. */
function asStored(item: Item, kind: string, read11: ResourceId, file: FileRef | undefined, diag: Diagnostics): { object: KubeObject; resource: ResourceId } | undefined {
  const stored = readStored(item, kind, read11, file)
  diag.error(...stored.errors)
  return stored.object && { object: stored.object, resource: stored.resource }
}

function isEso(kind: string, apiVersion: string): boolean {
  return ESO_KINDS.has(kind) && apiVersion.startsWith(`${ESO_GROUP}/`)
}

/** 0 for a top-level item, 1 for one of the items of a List, 2 for a List in a List... */
function listDepth(manifests: Manifests, item: Item): number {
  let depth = 0
  for (let at = item; at.list; at = manifests.items[at.list.position]) depth++
  return depth
}

/** `items[2]`, or `items[1].items[0]` for an item of a List in a List: where in its document an item is. */
function listPath(manifests: Manifests, item: Item): string {
  const parts: string[] = []
  for (let at = item; at.list; at = manifests.items[at.list.position]) parts.unshift(`items[${at.list.index}]`)
  return parts.join('.')
}

/** The top-level item an item of a List is part of, parsed; undefined if it cannot be read (reported elsewhere). */
function hostObject(manifests: Manifests, item: Item): KubeObject | undefined {
  let top = item
  while (top.list) top = manifests.items[top.list.position]
  try {
    return top.object()
  } catch {
    return undefined
  }
}

/**
 * ESO resources inside a typed list (`SecretList`, `ExternalSecretList`, a List of another
 * apiVersion) or deeper in it: the reader does not open those, so they would pass through unrendered.
 */
function esoInTypedList(list: KubeObject, kind: string, apiVersion: string, at: string, file: FileRef | undefined): RenderError[] {
  const errors: RenderError[] = []
  const where = `${kind}${apiVersion ? ` (${apiVersion})` : ''}`
  const visit = (value: unknown, path: string) => {
    if (!Array.isArray(value)) return
    value.forEach((entry, i) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return
      const obj = entry as KubeObject
      const itemPath = `${path}items[${i}]`
      if (typeof obj.kind === 'string' && typeof obj.apiVersion === 'string' && isEso(obj.kind, obj.apiVersion)) {
        errors.push(
          new RenderError(
            'UNSUPPORTED',
            `is one of the items of kind ${where}${at ? ` at ${at}` : ''} (${itemPath}): eso-render renders ESO resources at the top level and in a v1 List only (apiVersion: v1, kind: List); move it there`,
            { resource: resourceOf(obj, obj.kind), file },
          ),
        )
      }
      visit(obj.items, `${itemPath}.`)
    })
  }
  visit(list.items, '')
  return errors
}

/** A name, and an ESO version eso-render reads (v1, or v1beta1 as v1). */
function esoVersionAccepted(object: KubeObject, resource: ResourceId, file: FileRef | undefined, apiVersion: string, diag: Diagnostics): boolean {
  const md = object.metadata as { name?: unknown } | undefined
  if (typeof md?.name !== 'string' || !md.name) {
    diag.error(new RenderError('SCHEMA_INVALID', 'required field is missing', { resource, fieldPath: 'metadata.name', file }))
    return false
  }
  const version = apiVersion.slice(ESO_GROUP.length + 1)
  if (version === 'v1alpha1') {
    diag.error(
      new RenderError('UNSUPPORTED', `${apiVersion} is not supported (ESO removed it in v0.11; its template engine v1 is gone): convert the resource to external-secrets.io/v1`, {
        resource,
        fieldPath: 'apiVersion',
        file,
      }),
    )
    return false
  }
  if (version !== 'v1' && version !== 'v1beta1') {
    diag.error(new RenderError('UNSUPPORTED', `${apiVersion} is not a known ESO version: use external-secrets.io/v1 (v1beta1 is accepted too)`, { resource, fieldPath: 'apiVersion', file }))
    return false
  }
  return true
}
