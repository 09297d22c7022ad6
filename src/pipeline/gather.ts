// Between planning the ExternalSecrets and resolving their stores, with cluster access on: read
// from the cluster what the input lacks and the plan needs. First the stores the ExternalSecrets
// name and the Namespaces whose labels store conditions test, then the Secrets and ConfigMaps those
// stores and templates refer to (credentials, client certificates, CAs, templateFrom). The input
// wins: nothing is read that the input holds. Each read is announced by kind and name; what the
// cluster does not have either is left for the plan to report.

import { describeSource, type Environment, type RenderOptions } from '../config.ts'
import { describeResource, RenderError } from '../errors.ts'
import { UNREAD } from '../eso/auth.ts'
import type { ClusterAccess } from '../cluster/client.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { validateResource } from '../eso/schema.ts'
import type { StoreIndex, StoreObject } from '../eso/stores.ts'
import { resourceOf } from '../manifests/identity.ts'
import type { Classified, ClusterObjects } from './classify.ts'
import type { Diagnostics } from './diagnostics.ts'
import { limiter } from './limiter.ts'

interface Ref {
  kind: 'Secret' | 'ConfigMap'
  namespace: string
  name: string
}

/** Reads the stores the plans name and the input lacks; adds them to `index` (marked fromCluster) and says where each came from. */
export async function gatherStores(
  plans: ExternalSecretPlan[],
  index: StoreIndex,
  found: Classified,
  cluster: ClusterAccess,
  objects: ClusterObjects,
  diag: Diagnostics,
): Promise<Map<StoreObject, number | undefined>> {
  const wanted = new Map<string, { kind: 'SecretStore' | 'ClusterSecretStore'; namespace?: string; name: string }>()
  const namespaces = new Set<string>()
  for (const plan of plans) {
    for (const read of plan.reads) {
      if (read.store.kind === 'ClusterSecretStore') namespaces.add(plan.namespace)
      if (index.has(read.store, plan.namespace)) continue
      const namespace = read.store.kind === 'SecretStore' ? plan.namespace : undefined
      wanted.set(`${read.store.kind}/${namespace ?? ''}/${read.store.name}`, { kind: read.store.kind, namespace, name: read.store.name })
    }
  }
  const run = limiter(8)
  const added = new Map<StoreObject, number | undefined>()
  await Promise.all(
    [...wanted.values()].map((w) =>
      run(async () => {
        const object = await cluster.getStore(w.kind, w.namespace, w.name)
        if (!object) return
        const resource = { ...resourceOf(object, w.kind), namespace: w.namespace }
        diag.announce(`read from the cluster: ${describeResource(resource)}`)
        // What the API server adds (status, uid, managedFields...) is not the store's spec.
        const md = (object.metadata ?? {}) as Record<string, unknown>
        const bare = { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: md.name, ...(md.namespace ? { namespace: md.namespace } : {}) }, spec: object.spec }
        const problems = validateResource('SecretStore', bare, resource, { path: `cluster ${describeResource(resource)}` })
        if (problems.length) {
          diag.error(...problems)
          index.addInvalid(resource)
          return
        }
        const store: StoreObject = { resource, file: { path: 'cluster' }, spec: object.spec as StoreObject['spec'], fromCluster: true }
        index.add(store)
        added.set(store, undefined)
      }),
    ),
  )
  // Store conditions test a Namespace's labels: read the ones the input does not hold.
  await Promise.all(
    [...namespaces]
      .filter((ns) => !found.namespaces.has(ns) && !objects.namespaces.has(ns))
      .map((ns) =>
        run(async () => {
          const object = await cluster.getNamespace(ns)
          if (!object) return
          diag.announce(`read from the cluster: Namespace ${ns}`)
          objects.namespaces.set(ns, ((object.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {}) as Record<string, string>)
        }),
      ),
  )
  return added
}

/** The Secret and ConfigMap references of one store as used from `esNamespace`, in ESO's namespaces. */
export function storeReferences(store: StoreObject, esNamespace: string): Ref[] {
  const vault = store.spec.provider.vault
  if (!vault) return []
  const cluster = store.resource.kind === 'ClusterSecretStore'
  const ns = (r: { namespace?: string }) => (cluster ? (r.namespace ?? esNamespace) : esNamespace)
  const refs: Ref[] = []
  const secret = (r: unknown) => {
    const ref = r as { name?: string; namespace?: string } | undefined
    if (ref?.name) refs.push({ kind: 'Secret', namespace: ns(ref), name: ref.name })
  }
  const auth = (vault.auth ?? {}) as Record<string, Record<string, unknown> | undefined>
  secret(auth.tokenSecretRef)
  secret(auth.appRole?.roleRef)
  secret(auth.appRole?.secretRef)
  secret(auth.kubernetes?.secretRef)
  secret(auth.ldap?.secretRef)
  secret(auth.userPass?.secretRef)
  secret(auth.jwt?.secretRef)
  secret(auth.cert?.clientCert)
  secret(auth.cert?.secretRef)
  const tls = vault.tls as { certSecretRef?: unknown; keySecretRef?: unknown } | undefined
  secret(tls?.certSecretRef)
  secret(tls?.keySecretRef)
  if (vault.caProvider?.name) refs.push({ kind: vault.caProvider.type, namespace: vault.caProvider.namespace ?? esNamespace, name: vault.caProvider.name })
  return refs
}

/** The ConfigMaps and Secrets an ExternalSecret's templateFrom names (in its namespace). */
export function templateReferences(plan: ExternalSecretPlan): Ref[] {
  const refs: Ref[] = []
  for (const from of plan.template?.templateFrom ?? []) {
    if (from.configMap) refs.push({ kind: 'ConfigMap', namespace: plan.namespace, name: from.configMap.name })
    if (from.secret) refs.push({ kind: 'Secret', namespace: plan.namespace, name: from.secret.name })
  }
  return refs
}

/**
 * Reads the referenced Secrets and ConfigMaps the input lacks into `objects`. With `secretData`
 * false (`eso-render check`), a Secret is read as its metadata only and marked UNREAD: the plan
 * knows it exists, its data never leaves the cluster.
 */
export async function gatherObjects(refs: Ref[], found: Classified, cluster: ClusterAccess, objects: ClusterObjects, diag: Diagnostics, { secretData = true } = {}): Promise<void> {
  const distinct = new Map<string, Ref>()
  for (const r of refs) {
    const key = `${r.namespace}/${r.name}`
    const inInput = r.kind === 'Secret' ? found.secrets.has(key) : found.configMaps.has(key)
    if (!inInput) distinct.set(`${r.kind}/${key}`, r)
  }
  const run = limiter(8)
  await Promise.all(
    [...distinct.values()].map((r) =>
      run(async () => {
        if (r.kind === 'Secret' && !secretData) {
          const meta = await cluster.getSecretMetadata(r.namespace, r.name)
          if (!meta) return
          diag.announce(`read from the cluster: Secret ${r.namespace}/${r.name} (metadata only)`)
          objects.secrets.set(`${r.namespace}/${r.name}`, { metadata: meta.metadata, [UNREAD]: true })
          return
        }
        const object = r.kind === 'Secret' ? await cluster.getSecret(r.namespace, r.name) : await cluster.getConfigMap(r.namespace, r.name)
        if (!object) return
        diag.announce(`read from the cluster: ${r.kind} ${r.namespace}/${r.name}`)
        ;(r.kind === 'Secret' ? objects.secrets : objects.configMaps).set(`${r.namespace}/${r.name}`, object)
      }),
    ),
  )
}

/** Cluster access, on the operator's word only (README "Trust model", rule 5): announced once with the context and API server. */
export async function openCluster(options: RenderOptions, env: Environment, diag: Diagnostics, inClusterRoot?: string): Promise<ClusterAccess> {
  const { connectCluster } = await import('../cluster/client.ts')
  const mode = options.cluster === 'in-cluster' ? 'in-cluster' : 'kubeconfig'
  const access = await connectCluster({ mode, context: options.kubeContext, env, inClusterRoot })
  const set = options.sources.cluster
  const where = mode === 'in-cluster' ? "the pod's service account" : `kubeconfig context ${JSON.stringify(access.context ?? '')}`
  diag.announce(`cluster access (${set ? describeSource(set) : 'cluster'}): ${where}, API server ${access.server}`)
  return access
}

/** A cluster error, located at the first ExternalSecret whose plan led to it. */
export function clusterFailure(err: unknown): RenderError {
  return err instanceof RenderError ? err : new RenderError('INTERNAL', 'reading from the cluster failed unexpectedly', { cause: err })
}
