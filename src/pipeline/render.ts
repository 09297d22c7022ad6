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

export type { Notice } from './diagnostics.ts'

export interface RenderContext {
  options: RenderOptions
  /** The operator's environment (VAULT_TOKEN, VAULT_NAMESPACE, the variable tokenEnv names, ARGOCD_APP_NAMESPACE). */
  env: Environment
  readFile?: (path: string) => string
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
  const lookups = lookupsOf(found)
  const plan = await planRender(found, { ...ctx, defaultNamespace, lookups }, diag)
  diag.throwIfFailed()
  const fetched = await fetchReads(plan.targets.values(), ctx.options)
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
