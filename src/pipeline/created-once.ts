// Between plan and fetch: the ExternalSecrets whose Secret ESO writes once and never updates
// (refreshPolicy: CreatedOnce, refreshInterval: 0; eso/refresh.ts). With cluster access on and
// the live Secret present as ESO leaves it, the output is that Secret (eso/kept-secret.ts) and its
// Vault reads are not made: ESO would not read the provider either. Otherwise the Secret is rendered
// from Vault now, with a warning that ESO would have kept the first value. The live Secret is
// read only for Owner and Orphan targets the input lacks: a Merge or CreateOrMerge target may hold
// keys this ExternalSecret does not manage, and a full copy of such a cluster Secret is never
// emitted; a Secret of the target's name in the input wins, as every input object does.

import { RenderError } from '../errors.ts'
import type { ClusterAccess } from '../cluster/client.ts'
import { ownedByAnother } from '../eso/merge.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { createdOnce, type CreatedOnceReason } from '../eso/refresh.ts'
import { keptSecret, whyNotKept } from '../eso/kept-secret.ts'
import type { RenderOptions } from '../config.ts'
import type { BuiltTarget } from './build.ts'
import type { Classified } from './classify.ts'
import type { Diagnostics } from './diagnostics.ts'
import { clusterFailure } from './gather.ts'
import { limiter } from './limiter.ts'
import type { RenderPlan } from './plan.ts'

export interface CreatedOnceResult {
  /** The plan without the ExternalSecrets kept from the cluster (their reads included). */
  rendering: RenderPlan
  /** The Secrets kept from the cluster, as built targets for the place stage. */
  kept: BuiltTarget[]
  /** The plans whose live Secret was read and kept (generator-backed plans need exactly this). */
  keptPlans: Set<ExternalSecretPlan>
}

/**
 * Resolves what it can from the cluster and warns for the rest. Only `cluster` (operator-only)
 * turns the reads on; each is announced; a Secret's data is read only here and only for the
 * target Secret of an ExternalSecret that ESO writes once, in that ExternalSecret's namespace.
 */
export async function keepCreatedOnce(rendering: RenderPlan, found: Classified, cluster: ClusterAccess | undefined, options: RenderOptions, diag: Diagnostics): Promise<CreatedOnceResult> {
  const once = rendering.plans.flatMap((plan) => {
    const reason = createdOnce(plan)
    return reason && plan.creationPolicy !== 'None' ? [{ plan, reason }] : []
  })
  const kept: BuiltTarget[] = []
  const keptPlans = new Set<ExternalSecretPlan>()
  const run = limiter(8)
  await Promise.all(
    once.map(({ plan, reason }) =>
      run(async () => {
        const why = liveNotReadBecause(plan, found, cluster)
        if (why) {
          warn(diag, plan, reason, why)
          return
        }
        let live: Record<string, unknown> | undefined
        try {
          live = await cluster!.getSecret(plan.namespace, plan.targetName)
        } catch (err) {
          const failure = clusterFailure(err)
          const hint =
            failure.code === 'CLUSTER_DENIED'
              ? new RenderError(
                  'CLUSTER_DENIED',
                  `${failure.message}; ${reason} reads the live Secret to keep the data ESO wrote once: grant the render's identity get on secrets/${plan.targetName} in namespace ${plan.namespace}`,
                )
              : failure
          diag.error(hint.locate({ resource: plan.resource, fieldPath: 'spec.target.name', file: plan.file }))
          return
        }
        if (!live) {
          warn(
            diag,
            plan,
            reason,
            `Secret ${plan.namespace}/${plan.targetName} is not in the cluster yet: rendered from Vault now, as ESO creates it; once it exists, renders with cluster access keep its data`,
          )
          return
        }
        diag.announce(`read from the cluster: Secret ${plan.namespace}/${plan.targetName} (${reason}: its current data)`)
        const owned = ownedByAnother(live, plan)
        if (owned) {
          diag.error(
            new RenderError('TARGET_INVALID', `the live Secret "${plan.targetName}" is owned by another ExternalSecret (${owned}): a render never takes over another ExternalSecret's Secret`, {
              resource: plan.resource,
              fieldPath: 'spec.target.name',
              file: plan.file,
            }),
          )
          return
        }
        const stale = whyNotKept(live, plan)
        if (stale) {
          diag.notice({
            severity: 'info',
            message: `${reason}: the live Secret "${plan.targetName}" is rendered from Vault again: ${stale}, and ESO writes such a Secret again`,
            resource: plan.resource,
            file: plan.file,
          })
          return
        }
        diag.notice({
          severity: 'info',
          message: `${reason}: the live Secret "${plan.targetName}" is kept as it is (ESO never updates it); Vault is not read for it`,
          resource: plan.resource,
          file: plan.file,
        })
        keptPlans.add(plan)
        kept.push({ plan, secret: keptSecret(live, plan, { reloader: options.reloader }) })
      }),
    ),
  )
  if (!keptPlans.size) return { rendering, kept, keptPlans }
  const keptReads = new Set([...keptPlans].flatMap((p) => p.reads))
  return {
    rendering: {
      ...rendering,
      plans: rendering.plans.filter((p) => !keptPlans.has(p)),
      targets: new Map([...rendering.targets].filter(([read]) => !keptReads.has(read))),
      // A kept Secret's generators do not run (no Password drawn, no credentials minted).
      generators: new Map([...rendering.generators].filter(([, g]) => !keptPlans.has(g.plan))),
    },
    // In the input's order, as the plans are.
    kept: rendering.plans.filter((p) => keptPlans.has(p)).map((p) => kept.find((k) => k.plan === p)!),
    keptPlans,
  }
}

/** Why the live Secret is not read for this plan, or undefined when it is. */
function liveNotReadBecause(plan: ExternalSecretPlan, found: Classified, cluster: ClusterAccess | undefined): string | undefined {
  const changes = 'a value changed in Vault changes the rendered Secret, which ESO would not do'
  if (found.secrets.has(`${plan.namespace}/${plan.targetName}`)) return `the input holds Secret "${plan.targetName}": rendered from it and Vault now (${changes})`
  if (plan.creationPolicy === 'Merge' || plan.creationPolicy === 'CreateOrMerge')
    return `a ${plan.creationPolicy} target is never copied from the cluster (it may hold keys this ExternalSecret does not manage): its keys are rendered from Vault now (${changes})`
  if (!cluster) return `without cluster access the live Secret cannot be read: rendered from Vault now (${changes}); with the operator's cluster option on, renders keep the live Secret`
  return undefined
}

function warn(diag: Diagnostics, plan: ExternalSecretPlan, reason: CreatedOnceReason, why: string): void {
  // Generated data not kept is an error, not a warning (pipeline/generators.ts createdOnceProblem).
  if (plan.generators?.length) return
  diag.notice({
    severity: 'warning',
    message: `${reason}: ESO writes this Secret once and never updates it; ${why}`,
    resource: plan.resource,
    file: plan.file,
  })
}
