// Stage 5, place: what happens to each input item. An ExternalSecret is replaced by its Secret (or
// kept as local-config beside it under kpt), in a List too; a Secret of the target's name in the
// input is merged into (Merge, CreateOrMerge) or adopted (Owner, Orphan) in its place; Merge without
// one fails, or emits a patch (mergeTargets: patch); a target owned twice, or owned by another
// ExternalSecret, is an error; under kpt each Secret of a top-level ExternalSecret gets its own
// file; stores, generators and ClusterExternalSecrets are dropped or kept as local-config
// (keepStores), the Secrets of a ClusterExternalSecret's ExternalSecrets taking its place. No I/O.

import type { RenderOptions } from '../config.ts'
import { RenderError } from '../errors.ts'
import type { ItemAction, KubeObject, Manifests } from '../manifests/read.ts'
import { annotationsOf, KEPT_MARKER, KPT_PATH_KEYS, labelsOf, LOCAL_CONFIG } from '../manifests/identity.ts'
import { dns1123SubdomainProblems, quoteName } from '../manifests/validation.ts'
import { keepsExistingKeys, mergePatch, ownedByAnother, updateExisting } from '../eso/merge.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { LABEL_MANAGED } from '../eso/target.ts'
import type { BuiltTarget } from './build.ts'
import type { Classified } from './classify.ts'
import type { Diagnostics } from './diagnostics.ts'

export interface Placement {
  actions: Map<number, ItemAction>
  secrets: number
}

/** `leftForEso`: the input positions of stores that stay whole because an ExternalSecret left for ESO uses them. */
export function placeOutputs(manifests: Manifests, found: Classified, built: BuiltTarget[], options: RenderOptions, diag: Diagnostics, leftForEso: ReadonlySet<number> = new Set()): Placement {
  const actions = new Map<number, ItemAction>()
  const keepEs = options.keepExternalSecrets === 'auto' ? found.kpt : options.keepExternalSecrets
  const keepStores = options.keepStores === 'auto' ? found.kpt : options.keepStores
  // A ClusterExternalSecret is treated like a store (keepStores); its ExternalSecrets' Secrets take its place.
  const cesPositions = new Set(found.clusterExternalSecrets.map((c) => c.item.position))
  const sourceAction = (position: number): ItemAction =>
    (cesPositions.has(position) ? keepStores : keepEs) ? { keep: true, annotate: { [LOCAL_CONFIG]: 'true', [KEPT_MARKER]: 'true' }, add: [] } : { keep: false, add: [] }
  const owners = new Map<string, ExternalSecretPlan>()
  let secrets = 0
  for (const { plan, secret } of built) {
    // Left whole for ESO (otherProviders keep): a ClusterExternalSecret one of whose ExternalSecrets ESO must serve.
    if (leftForEso.has(plan.position)) continue
    const esAction = actions.get(plan.position) ?? sourceAction(plan.position)
    actions.set(plan.position, esAction)
    if (!secret) continue
    const targetKey = `${plan.namespace}/${plan.targetName}`
    const owner = owners.get(targetKey)
    if (owner) {
      diag.error(
        new RenderError('TARGET_INVALID', `target Secret "${plan.targetName}" is also written by ExternalSecret ${owner.resource.name}: target is owned by another ExternalSecret`, {
          resource: plan.resource,
          fieldPath: 'spec.target.name',
          file: plan.file,
        }),
      )
      continue
    }
    owners.set(targetKey, plan)
    const existing = found.secrets.get(targetKey)
    const into = existing && placeIntoExisting(existing, secret, plan, found, manifests, diag)
    if (into === 'failed') continue
    // A Secret an earlier in-place kpt render wrote: this render replaces it.
    if (existing && !into) actions.set(existing.item.position, { keep: false })
    if (into) {
      // The updated Secret takes the input Secret's place (and its kpt file).
      actions.set(existing!.item.position, { keep: false, add: [into] })
      secrets++
      continue
    }
    let out = secret
    if (plan.creationPolicy === 'Merge') {
      if (options.mergeTargets !== 'patch') {
        diag.error(new RenderError('TARGET_INVALID', mergeTargetMissing(plan, options), { resource: plan.resource, fieldPath: 'spec.target.creationPolicy', file: plan.file }))
        continue
      }
      out = mergePatch(secret, plan)
      diag.notice({
        severity: 'info',
        message: `creationPolicy Merge: Secret "${plan.targetName}" is not in the input, so its patch is emitted (mergeTargets: patch): only the keys this ExternalSecret manages, for an apply that merges them into the live Secret (kubectl apply, Argo CD's default sync; not Replace=true or a kpt inventory)`,
        resource: plan.resource,
        file: plan.file,
      })
    }
    // The Secret of an ExternalSecret in a List joins it in the List, and so in the List's file.
    const inList = manifests.items[plan.position].list !== undefined
    // The Secrets of one ClusterExternalSecret share a name across namespaces: the namespace tells their files apart.
    esAction.add!.push(found.kpt && !inList ? withKptPath(out, plan, manifests, cesPositions.has(plan.position)) : out)
    secrets++
  }
  if (found.kpt && secrets > 0) {
    diag.notice({
      severity: 'warning',
      message: `the ${secrets} rendered Secret${secrets === 1 ? ' is' : 's are'} plaintext: an in-place kpt fn render writes ${secrets === 1 ? 'it' : 'them'} into the package files (secret_<name>.yaml, or the file of the List its ExternalSecret is in); use -o stdout or -o unwrap unless that is what you want`,
    })
  }
  // Generators are treated as stores (DESIGN): dropped, or kept as local-config.
  for (const s of [...found.stores, ...found.generators]) {
    if (leftForEso.has(s.item.position)) continue
    actions.set(s.item.position, keepStores ? { keep: true, annotate: { [LOCAL_CONFIG]: 'true' } } : { keep: false })
  }
  // One that expanded into nothing (no namespace selected) is dropped or kept all the same.
  for (const c of found.clusterExternalSecrets) if (!leftForEso.has(c.item.position) && !actions.has(c.item.position)) actions.set(c.item.position, sourceAction(c.item.position))
  return { actions, secrets }
}

/**
 * A Secret of the target's name in the input: what ESO does with it. Merge and CreateOrMerge merge
 * into it; Owner and Orphan adopt it (labels, annotations and type kept, data replaced), with a
 * notice; a Secret another ExternalSecret owns is an error. Under kpt, a Secret an earlier in-place
 * render wrote into its own file (secret_<name>.yaml) is this render's to replace (Owner, Orphan):
 * undefined, and the caller drops it.
 */
function placeIntoExisting(
  existing: { item: { position: number }; object: KubeObject },
  secret: KubeObject,
  plan: ExternalSecretPlan,
  found: Classified,
  manifests: Manifests,
  diag: Diagnostics,
): KubeObject | 'failed' | undefined {
  // Merge and CreateOrMerge merge into it whatever wrote it: their output keeps its keys anyway.
  if (!keepsExistingKeys(plan) && found.kpt && labelsOf(existing.object)[LABEL_MANAGED] === 'true' && inOwnKptFile(existing.object, plan, manifests)) return undefined
  const owned = ownedByAnother(existing.object, plan)
  if (owned) {
    diag.error(
      new RenderError('TARGET_INVALID', `Secret "${plan.targetName}" in the input is owned by another ExternalSecret (${owned}): ESO refuses to write a Secret another ExternalSecret owns`, {
        resource: plan.resource,
        fieldPath: 'spec.target.name',
        file: plan.file,
      }),
    )
    return 'failed'
  }
  if (!keepsExistingKeys(plan)) {
    diag.notice({
      severity: 'info',
      message: `adopted the input Secret "${plan.targetName}" as ESO takes over an existing Secret: its labels, annotations and type kept, its data replaced by the rendered data (creationPolicy ${plan.creationPolicy})`,
      resource: plan.resource,
      file: plan.file,
    })
  }
  return updateExisting(existing.object, secret, plan)
}

/** Whether a Secret an earlier in-place kpt render wrote sits in the file this render gives the target. */
function inOwnKptFile(existing: KubeObject, plan: ExternalSecretPlan, manifests: Manifests): boolean {
  // The Secret of an ExternalSecret in a List is written into the List.
  if (manifests.items[plan.position].list !== undefined) return true
  const esAnnotations = annotationsOf(manifests.items[plan.position].object())
  const own = annotationsOf(existing)
  return KPT_PATH_KEYS.some((key) => {
    const esPath = esAnnotations[key]
    if (esPath === undefined || own[key] === undefined) return false
    const dir = esPath.includes('/') ? esPath.slice(0, esPath.lastIndexOf('/') + 1) : ''
    return own[key] === `${dir}secret_${plan.targetName}.yaml`
  })
}

/** Merge with no Secret of that name in the input: ESO would write into a Secret the render does not have. */
function mergeTargetMissing(plan: ExternalSecretPlan, options: RenderOptions): string {
  const patch = 'or set mergeTargets: patch to emit only the keys this ExternalSecret manages, for an apply that merges them into the live Secret'
  if (options.cluster === 'off')
    return `creationPolicy Merge needs the Secret "${plan.targetName}" in the input: ESO would merge into a Secret in the cluster, which a render cannot see; add the Secret to the input, ${patch}`
  return `creationPolicy Merge needs the Secret "${plan.targetName}" in the input: with cluster access too, eso-render never emits a full merged copy of a Secret that lives only in the cluster (the host would own, and cache, keys it does not manage); add the Secret to the input, ${patch}`
}

/** kpt's own naming for a new item: the ExternalSecret's directory, `secret_<name>.yaml` (a ClusterExternalSecret's: `secret_<namespace>_<name>.yaml`). */
function withKptPath(secret: KubeObject, plan: ExternalSecretPlan, manifests: Manifests, byNamespace = false): KubeObject {
  // The plan refused such names already; a file name is never built from one.
  if (dns1123SubdomainProblems(plan.targetName).length) throw new RenderError('INTERNAL', `no kpt path for the invalid Secret name ${quoteName(plan.targetName)}; this is a bug in eso-render`)
  if (byNamespace && dns1123SubdomainProblems(plan.namespace).length)
    throw new RenderError('INTERNAL', `no kpt path for the invalid namespace ${quoteName(plan.namespace)}; this is a bug in eso-render`)
  const file = byNamespace ? `secret_${plan.namespace}_${plan.targetName}.yaml` : `secret_${plan.targetName}.yaml`
  const annotations = annotationsOf(manifests.items[plan.position].object())
  const md = secret.metadata as { annotations: Record<string, string> }
  const paths: Record<string, string> = {}
  for (const key of KPT_PATH_KEYS) {
    const esPath = annotations[key]
    if (esPath === undefined) continue
    const dir = esPath.includes('/') ? esPath.slice(0, esPath.lastIndexOf('/') + 1) : ''
    paths[key] = `${dir}${file}`
  }
  // A new object: the built Secret may be frozen, its text written ahead (read.ts writeAhead).
  return Object.keys(paths).length ? { ...secret, metadata: { ...md, annotations: { ...md.annotations, ...paths } } } : secret
}
