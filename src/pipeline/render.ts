// The render every face runs, as named stages (ARCHITECTURE.md "Data flow"):
//   classify → plan (validation, trust; no I/O) → fetch (Vault) → build (Secrets) → place (outputs)
// All or nothing: the render stops after any stage that found an error, and returns actions only
// when every ExternalSecret resolved.

import type { Environment, RenderOptions } from '../config.ts'
import type { ItemAction, Manifests } from '../manifests/read.ts'
import { buildTargets } from './build.ts'
import { classify, lookupsOf } from './classify.ts'
import { Diagnostics, type Notice } from './diagnostics.ts'
import { fetchReads } from './fetch.ts'
import { placeOutputs } from './place.ts'
import { planRender } from './plan.ts'
import { emptyClusterObjects } from './gather.ts'
import type { ClusterAccess } from '../cluster/client.ts'
import { describeSource } from '../config.ts'

export type { Notice } from './diagnostics.ts'

export interface RenderContext {
  options: RenderOptions
  /** The operator's environment (VAULT_TOKEN, VAULT_NAMESPACE, the variable tokenEnv names, ARGOCD_APP_NAMESPACE, KUBECONFIG). */
  env: Environment
  readFile?: (path: string) => string
  /** The root of the in-cluster service account files (tests move it; never from the input or the environment). */
  inClusterRoot?: string
}

export interface RenderStats {
  externalSecrets: number
  secrets: number
  vaultReads: number
  vaultLogins?: number
}

export interface RenderResult {
  actions: Map<number, ItemAction>
  notices: Notice[]
  stats: RenderStats
}

/** Runs the pipeline over parsed manifests. Throws RenderErrors; never returns partial actions. */
export async function render(manifests: Manifests, ctx: RenderContext): Promise<RenderResult> {
  const diag = new Diagnostics()
  const defaultNamespace = ctx.options.namespace || ctx.env.ARGOCD_APP_NAMESPACE || 'default'
  const found = classify(manifests, defaultNamespace, diag)
  const stats: RenderStats = { externalSecrets: found.externalSecrets.length, secrets: 0, vaultReads: 0 }
  if (!found.externalSecrets.length && !found.stores.length) {
    diag.throwIfFailed()
    return { actions: new Map(), notices: diag.notices, stats }
  }
  const cluster = ctx.options.cluster === 'off' ? undefined : { access: await connect(ctx, diag), objects: emptyClusterObjects() }
  const lookups = lookupsOf(found, cluster?.objects)
  const plan = await planRender(found, { ...ctx, defaultNamespace, lookups, cluster }, diag)
  diag.throwIfFailed()
  const fetched = await fetchReads(plan.targets.values(), ctx.options, { cluster: cluster?.access, inClusterRoot: ctx.inClusterRoot })
  stats.vaultReads = fetched.requests
  if (fetched.logins) stats.vaultLogins = fetched.logins
  if (fetched.unrevoked)
    diag.notice({
      severity: 'warning',
      message: `${fetched.unrevoked} Vault login token${fetched.unrevoked === 1 ? '' : 's'} could not be revoked (revoke-self failed or timed out); ${fetched.unrevoked === 1 ? 'it expires' : 'they expire'} at the end of ${fetched.unrevoked === 1 ? 'its' : 'their'} TTL`,
    })
  const built = await buildTargets(plan, fetched.outcomes, lookups, ctx.options, diag)
  // Placement runs even after a build error, so that every problem of the run is reported at once.
  const placed = placeOutputs(manifests, found, built, ctx.options, diag, plan.leftForEso.storePositions)
  diag.throwIfFailed()
  stats.secrets = placed.secrets
  return { actions: placed.actions, notices: diag.notices, stats }
}

/** Cluster access, on the operator's word only (README "Trust model", rule 5): announced once with the context and API server. */
async function connect(ctx: RenderContext, diag: Diagnostics): Promise<ClusterAccess> {
  const { connectCluster } = await import('../cluster/client.ts')
  const mode = ctx.options.cluster === 'in-cluster' ? 'in-cluster' : 'kubeconfig'
  const access = await connectCluster({ mode, context: ctx.options.kubeContext, env: ctx.env, inClusterRoot: ctx.inClusterRoot })
  const set = ctx.options.sources.cluster
  const where = mode === 'in-cluster' ? "the pod's service account" : `kubeconfig context ${JSON.stringify(access.context ?? '')}`
  diag.announce(`cluster access (${set ? describeSource(set) : 'cluster'}): ${where}, API server ${access.server}`)
  return access
}
