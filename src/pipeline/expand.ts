// Between classify and plan: every ClusterExternalSecret becomes the ExternalSecrets ESO's controller
// would create from it, one per selected namespace, which the plan then treats exactly like written
// ones. The namespaces and their labels come from the input's Namespace objects and, with cluster
// access on, from one LIST of the cluster's Namespaces (the input wins on labels). Without any
// namespace information a ClusterExternalSecret is an error, never a silent pass-through. Errors and
// notices about a generated ExternalSecret are told at its ClusterExternalSecret, with the field
// under spec.externalSecretSpec and the generated ExternalSecret named.

import { RenderError, type ResourceId } from '../errors.ts'
import type { ClusterAccess } from '../cluster/client.ts'
import { cesFieldPath, expandClusterExternalSecret, type Expansion, type KnownNamespace } from '../eso/cluster-external-secret.ts'
import { loadSchemas } from '../eso/schema.ts'
import type { Classified, ClusterObjects } from './classify.ts'
import type { Diagnostics, Notice } from './diagnostics.ts'
import { clusterFailure } from './gather.ts'

export interface ExpandContext {
  /** With cluster access on: where the Namespaces the input lacks are listed, and the objects read (store conditions see the listed labels). */
  cluster?: { access: ClusterAccess; objects: ClusterObjects }
}

interface Generated {
  expansion: Expansion
  namespace: string
  selectedBy: string
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Adds the generated ExternalSecrets to `found.externalSecrets`, in the input order of their ClusterExternalSecrets. */
export async function expandClusterExternalSecrets(found: Classified, ctx: ExpandContext, diag: Diagnostics): Promise<void> {
  if (!found.clusterExternalSecrets.length) return
  await loadSchemas()
  const namespaces = await knownNamespaces(found, ctx, diag)
  if (!namespaces) return
  const clusterOn = ctx.cluster !== undefined
  const where = clusterOn ? 'the input and the cluster' : 'the input (cluster access is off)'
  const generated = new WeakMap<ResourceId, Generated>()
  const taken = new Map<string, string>()
  for (const es of found.externalSecrets) taken.set(`${es.resource.namespace ?? found.defaultNamespace}/${es.resource.name}`, `ExternalSecret ${es.resource.name} in the input`)

  for (const ces of found.clusterExternalSecrets) {
    const at = { resource: ces.resource, file: ces.file }
    if (!namespaces.length && !clusterOn) {
      diag.error(
        new RenderError(
          'NAMESPACE_UNKNOWN',
          'no namespace to expand into: the input holds no Namespace objects and cluster access is off, so the namespaces this ClusterExternalSecret selects cannot be known; add the Namespaces (with their labels) to the rendered resources, or have the operator turn cluster access on',
          { ...at, fieldPath: 'spec' },
        ),
      )
      continue
    }
    const { expansion, errors } = expandClusterExternalSecret(ces.object, { ...at, position: ces.item.position, namespaces })
    diag.error(...errors)
    if (!expansion) continue
    const listed = ((ces.object.spec as { namespaces?: string[] }).namespaces ?? []).map((n, i) => ({ n, i }))
    for (const name of expansion.unknownListed) {
      const fieldPath = `spec.namespaces[${listed.find((l) => l.n === name)!.i}]`
      if (clusterOn) diag.notice({ severity: 'info', message: `namespace "${name}" is in neither the input nor the cluster: ESO writes no ExternalSecret for it`, ...at, fieldPath })
      else {
        diag.error(
          new RenderError(
            'NAMESPACE_UNKNOWN',
            `namespace "${name}" is not in the input and cluster access is off, so whether ESO would write an ExternalSecret there cannot be known; add its Namespace to the rendered resources`,
            {
              ...at,
              fieldPath,
            },
          ),
        )
      }
    }
    if (expansion.terminating.length) {
      diag.notice({
        severity: 'info',
        message: `namespace${expansion.terminating.length === 1 ? '' : 's'} ${expansion.terminating.join(', ')} ${expansion.terminating.length === 1 ? 'is' : 'are'} terminating: ESO writes no ExternalSecret there`,
        ...at,
      })
    }
    if (!expansion.generated.length) {
      diag.notice({
        severity: 'warning',
        message: `selects none of the ${plural(namespaces.length, 'namespace')} known from ${where}: no ExternalSecret, so no Secret (ESO writes none either)`,
        ...at,
      })
      continue
    }
    const kept: typeof expansion.generated = []
    for (const g of expansion.generated) {
      const key = `${g.namespace}/${expansion.name}`
      const owner = taken.get(key)
      if (owner) {
        diag.error(
          new RenderError(
            'TARGET_INVALID',
            `ExternalSecret ${key} would also be written by ${owner}: ESO does not take over an ExternalSecret it did not create, and the ClusterExternalSecret fails for namespace "${g.namespace}"`,
            {
              ...at,
              fieldPath: expansion.nameField,
            },
          ),
        )
        continue
      }
      taken.set(key, `ClusterExternalSecret ${ces.resource.name}`)
      kept.push(g)
    }
    // Without the cluster, a selector sees only the input's Namespaces: one that exists only in the
    // cluster gets no ExternalSecret, and ESO there gets no ClusterExternalSecret to make it. Said loudly.
    const spec = (ces.object.spec ?? {}) as { namespaceSelector?: unknown; namespaceSelectors?: unknown[] }
    const partial = !clusterOn && (spec.namespaceSelector !== undefined || (spec.namespaceSelectors?.length ?? 0) > 0)
    diag.notice({
      severity: partial ? 'warning' : 'info',
      message:
        `expanded into ${plural(kept.length, 'ExternalSecret')} ${expansion.name} in namespace${kept.length === 1 ? '' : 's'} ${kept.map((g) => g.namespace).join(', ')} (namespaces from ${where})` +
        (partial
          ? '; its selectors saw only the Namespaces in the input: a namespace that exists only in the cluster gets no Secret from this render (add its Namespace, or have the operator turn cluster access on)'
          : ''),
      ...at,
    })
    for (const g of kept) {
      const resource: ResourceId = { apiVersion: ces.resource.apiVersion, kind: 'ExternalSecret', name: expansion.name, namespace: g.namespace }
      generated.set(resource, { expansion, namespace: g.namespace, selectedBy: g.selectedBy })
      found.externalSecrets.push({ item: ces.item, object: g.object, resource, file: ces.file })
    }
  }
  diag.relocation = relocation(generated)
}

/** The input's Namespaces, then (cluster on) the cluster's; undefined when the cluster could not be listed (reported). */
async function knownNamespaces(found: Classified, ctx: ExpandContext, diag: Diagnostics): Promise<KnownNamespace[] | undefined> {
  const known = new Map<string, KnownNamespace>()
  for (const [name, labels] of found.namespaces) known.set(name, { name, labels })
  if (!ctx.cluster) return [...known.values()]
  try {
    const listed = await ctx.cluster.access.listNamespaces()
    diag.announce(`read from the cluster: ${plural(listed.length, 'Namespace')} (list), for ClusterExternalSecrets`)
    for (const ns of listed) {
      const input = known.get(ns.name)
      // The input wins on labels (it is what will be applied); only the cluster knows a namespace is going away.
      known.set(ns.name, { name: ns.name, labels: input?.labels ?? ns.labels, terminating: ns.terminating })
      if (!input) ctx.cluster.objects.namespaces.set(ns.name, ns.labels)
    }
    return [...known.values()]
  } catch (err) {
    const first = found.clusterExternalSecrets[0]
    diag.error(clusterFailure(err).locate({ resource: first.resource, file: first.file }))
    return undefined
  }
}

function relocation(generated: WeakMap<ResourceId, Generated>): NonNullable<Diagnostics['relocation']> {
  const suffix = (g: Generated) => ` (its ExternalSecret ${g.namespace}/${g.expansion.name})`
  return {
    error: (e) => {
      const g = e.resource && generated.get(e.resource)
      if (!g) return e
      return new RenderError(e.code, `${e.message}${suffix(g)}`, { resource: g.expansion.resource, fieldPath: cesFieldPath(e.fieldPath, g.expansion, g.selectedBy), file: e.file ?? g.expansion.file })
    },
    notice: (n: Notice) => {
      const g = n.resource && generated.get(n.resource)
      if (!g) return n
      return { ...n, message: `${n.message}${suffix(g)}`, resource: g.expansion.resource, fieldPath: cesFieldPath(n.fieldPath, g.expansion, g.selectedBy), file: n.file ?? g.expansion.file }
    },
  }
}
