// The render every face runs, as named stages (ARCHITECTURE.md "Data flow"):
//   classify → plan (validation, trust; no I/O) → fetch (Vault) → build (Secrets) → place (outputs)
// All or nothing: the render stops after any stage that found an error, and returns actions only
// when every ExternalSecret resolved.

import type { Environment, RenderOptions } from '../config.ts'
import type { ItemAction, Manifests } from '../manifests/read.ts'
import { buildContext, buildTargets } from './build.ts'
import { EarlyBuilds } from './early-build.ts'
import { readFileSync } from 'node:fs'
import { RunCleanups } from './cleanups.ts'
import { newProgress, RunDeadline, type RunProgress } from './deadline.ts'
import { Trace } from './trace.ts'
import { RenderErrors, type RenderError } from '../errors.ts'
import { classify, emptyClusterObjects, lookupsOf } from './classify.ts'
import { keepCreatedOnce } from './created-once.ts'
import { Diagnostics, type Notice } from './diagnostics.ts'
import { fetchReads } from './fetch.ts'
import { createdOnceProblem, runGenerators } from './generators.ts'
import { openCluster } from './gather.ts'
import { expandClusterExternalSecrets } from './expand.ts'
import { placeOutputs } from './place.ts'
import { planRender } from './plan.ts'
import { policyInForce } from './policy.ts'
import { readChecksumKey, wireWorkloads } from './workloads.ts'

export type { Notice } from './diagnostics.ts'

export interface RenderContext {
  options: RenderOptions
  /** The operator's environment (VAULT_TOKEN, VAULT_NAMESPACE, the variable tokenEnv names, ARGOCD_APP_NAMESPACE, KUBECONFIG). */
  env: Environment
  readFile?: (path: string) => string
  /** The root of the in-cluster service account files (tests move it; never from the input or the environment). */
  inClusterRoot?: string
  /** The host's cleanups for a run cut short (deadline, SIGTERM): the fetch stage registers its login tokens' revocation. */
  cleanups?: RunCleanups
  /** When the run must be over (epoch ms): the host's, when its own work (a source build) shares the deadline; else deadlineSeconds from now. */
  deadlineAt?: number
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
  /** The verbose mode's lines (empty unless verbose). */
  trace?: string[]
}

/**
 * Runs the pipeline over parsed manifests, within the run's deadline. Throws RenderErrors; never
 * returns partial actions.
 */
export async function render(manifests: Manifests, ctx: RenderContext): Promise<RenderResult> {
  const deadline = new RunDeadline(ctx.deadlineAt ?? Date.now() + ctx.options.deadlineSeconds * 1000, ctx.options.deadlineSeconds)
  const cleanups = ctx.cleanups ?? new RunCleanups()
  const progress = newProgress()
  const trace = new Trace(ctx.options.verbose)
  try {
    const result = await deadline.race(
      stages(manifests, { ...ctx, cleanups }, { signal: deadline.signal, deadline: { at: deadline.at, seconds: deadline.seconds }, progress, trace }),
      progress,
      cleanups,
    )
    return { ...result, trace: trace.finish() }
  } catch (err) {
    if (err instanceof RenderErrors) err.trace = trace.finish()
    throw err
  }
}

interface RunState {
  signal: AbortSignal
  /** For the synchronous stages, which no timer can interrupt: they check the clock themselves. */
  deadline: { at: number; seconds: number }
  progress: RunProgress
  trace: Trace
}

async function stages(manifests: Manifests, ctx: RenderContext, { signal, deadline, progress, trace }: RunState): Promise<RenderResult> {
  const diag = new Diagnostics()
  trace.stage('classify')
  const defaultNamespace = ctx.options.namespace || ctx.env.ARGOCD_APP_NAMESPACE || 'default'
  const found = classify(manifests, defaultNamespace, diag)
  progress.found = found.externalSecrets
  trace.event(
    `input: ${manifests.items.length} item${manifests.items.length === 1 ? '' : 's'}, ${found.externalSecrets.length} ExternalSecret${found.externalSecrets.length === 1 ? '' : 's'}, ${found.stores.length} store${found.stores.length === 1 ? '' : 's'}`,
  )
  trace.stage('plan')
  progress.stage = ctx.options.cluster === 'off' ? 'planning' : 'planning (reading stores and references from the cluster)'
  const stats: RenderStats = { externalSecrets: found.externalSecrets.length, secrets: 0, vaultReads: 0 }
  // The operator's key is checked before any other work: a checksum run without it renders nothing.
  let checksumKey: Uint8Array | undefined
  if (ctx.options.reloaderWorkloads === 'checksum') {
    try {
      checksumKey = readChecksumKey(ctx.options)
    } catch (err) {
      diag.error(err as RenderError)
      diag.throwIfFailed()
    }
  }
  if (!found.externalSecrets.length && !found.stores.length && !found.clusterExternalSecrets.length && !found.generators.length) {
    diag.throwIfFailed()
    return { actions: new Map(), notices: diag.notices, stats }
  }
  const policy = policyInForce(ctx.options, ctx.env, ctx.readFile ?? ((p) => readFileSync(p, 'utf8')))
  const cluster = ctx.options.cluster === 'off' ? undefined : { access: await openCluster(ctx.options, ctx.env, diag, ctx.inClusterRoot), objects: emptyClusterObjects() }
  const written = found.externalSecrets.length
  await expandClusterExternalSecrets(found, { cluster }, diag)
  progress.relocate = diag.relocation?.error
  stats.externalSecrets = found.externalSecrets.length
  if (found.clusterExternalSecrets.length) {
    const n = found.clusterExternalSecrets.length
    const made = found.externalSecrets.length - written
    trace.event(`expand: ${n} ClusterExternalSecret${n === 1 ? '' : 's'} into ${made} ExternalSecret${made === 1 ? '' : 's'}`)
  }
  const lookups = lookupsOf(found, cluster?.objects)
  const planned = await planRender(found, { ...ctx, defaultNamespace, lookups, cluster, policy, trace }, diag)
  diag.throwIfFailed()
  // Secrets ESO writes once: kept from the cluster when it holds them, their reads dropped.
  const once = await keepCreatedOnce(planned, found, cluster?.access, ctx.options, diag)
  // Generated data ESO writes once: only the live Secret's data is faithful, so the run fails
  // unless it was kept (a Password regenerated on every render breaks its consumers).
  for (const p of once.rendering.plans) {
    const problem = createdOnceProblem(p)
    if (problem) diag.error(problem)
  }
  diag.throwIfFailed()
  const plan = once.rendering
  progress.plans = plan.plans
  progress.targets = plan.targets
  progress.generators = plan.generators
  progress.stage = 'reading Vault'
  // The template engine loads before the fetch: ExternalSecrets are built while Vault answers.
  const prepared = await buildContext(plan, lookups, ctx.options, deadline)
  trace.stage('fetch')
  // A built Secret's output text is written in the same turn: the event loop would otherwise wait on Vault.
  const early = new EarlyBuilds(prepared, signal, manifests.writeAhead && ((secret) => manifests.writeAhead!(secret)))
  let fetched: Awaited<ReturnType<typeof fetchReads>>
  try {
    fetched = await fetchReads(
      plan.targets.values(),
      ctx.options,
      { cluster: cluster?.access, inClusterRoot: ctx.inClusterRoot, cleanups: ctx.cleanups },
      { signal, pending: progress.pending, trace, onSettled: (key, outcome) => early.settled(key, outcome) },
      [...plan.generators.values()].flatMap((g) => (g.dynamic ? [g.dynamic] : [])),
    )
  } finally {
    early.stop()
  }
  if (early.done.size) trace.event(`build: ${early.done.size} of ${plan.plans.length} ExternalSecret${plan.plans.length === 1 ? '' : 's'} built while Vault answered`)
  const generated = runGenerators(plan.generators, fetched.dynamic ?? new Map())
  stats.vaultReads = fetched.requests
  if (fetched.logins) stats.vaultLogins = fetched.logins
  if (fetched.unrevoked)
    diag.notice({
      severity: 'warning',
      message: `${fetched.unrevoked} Vault login token${fetched.unrevoked === 1 ? '' : 's'} could not be revoked (revoke-self failed or timed out); ${fetched.unrevoked === 1 ? 'it expires' : 'they expire'} at the end of ${fetched.unrevoked === 1 ? 'its' : 'their'} TTL`,
    })
  progress.stage = 'building Secrets'
  trace.stage('build')
  if (fetched.kept)
    diag.notice({
      severity: 'warning',
      message: `${fetched.kept} Vault login token${fetched.kept === 1 ? ' was' : 's were'} not revoked: dynamic secrets were created with ${fetched.kept === 1 ? 'it' : 'them'}, and revoking a token revokes its leases and child tokens (the credentials just rendered); ${fetched.kept === 1 ? 'it expires' : 'they expire'} at the end of ${fetched.kept === 1 ? 'its' : 'their'} TTL`,
    })
  const built = [...(await buildTargets(plan, fetched.outcomes, lookups, ctx.options, diag, deadline, generated, prepared, early.done)), ...once.kept]
  // Placement runs even after a build error, so that every problem of the run is reported at once.
  trace.stage('place')
  // A ClusterExternalSecret one of whose ExternalSecrets is left for ESO stays whole, like the stores it uses.
  const leftWhole = new Set([...plan.leftForEso.storePositions, ...plan.leftForEso.plans.map((p) => p.position)])
  const placed = placeOutputs(manifests, found, built, ctx.options, diag, leftWhole)
  diag.throwIfFailed()
  const wired = wireWorkloads(manifests, placed.actions, ctx.options, defaultNamespace, checksumKey, diag)
  if (ctx.options.reloaderWorkloads !== 'off') trace.event(`reloaderWorkloads ${ctx.options.reloaderWorkloads}: ${wired} workload${wired === 1 ? '' : 's'} wired`)
  stats.secrets = placed.secrets
  return { actions: placed.actions, notices: diag.notices, stats }
}
