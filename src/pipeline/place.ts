// Stage 5, place: what happens to each input item. An ExternalSecret is replaced by its Secret (or
// kept as local-config beside it under kpt), in a List too; creationPolicy Merge writes into the
// input Secret of the target's name; a target owned twice, or clashing with an input Secret, is an
// error; under kpt each Secret of a top-level ExternalSecret gets its own file; stores and
// ClusterExternalSecrets are dropped or kept as local-config (keepStores), the Secrets of a
// ClusterExternalSecret's ExternalSecrets taking its place. No I/O.

import type { RenderOptions } from '../config.ts'
import { RenderError } from '../errors.ts'
import type { ItemAction, KubeObject, Manifests } from '../manifests/read.ts'
import { annotationsOf, KEPT_MARKER, KPT_PATH_KEYS, labelsOf, LOCAL_CONFIG } from '../manifests/identity.ts'
import { dns1123SubdomainProblems, quoteName } from '../manifests/validation.ts'
import { mergeInto } from '../eso/merge.ts'
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
    if (plan.creationPolicy === 'Merge') {
      if (!existing) {
        diag.error(
          new RenderError('TARGET_INVALID', `creationPolicy Merge needs the Secret "${plan.targetName}" in the input: ESO would merge into a Secret in the cluster, which a render cannot see`, {
            resource: plan.resource,
            fieldPath: 'spec.target.creationPolicy',
            file: plan.file,
          }),
        )
        continue
      }
      // The merged Secret takes the input Secret's place (and its kpt file).
      actions.set(existing.item.position, { keep: false, add: [mergeInto(existing.object, secret)] })
      secrets++
      continue
    }
    if (existing) {
      if (found.kpt && labelsOf(existing.object)[LABEL_MANAGED] === 'true') {
        // A Secret written by an earlier in-place kpt render: this render replaces it.
        actions.set(existing.item.position, { keep: false })
      } else {
        diag.error(
          new RenderError('TARGET_INVALID', `Secret "${plan.targetName}" already exists in the input; ESO would refuse to take it over (use creationPolicy Merge to merge into it)`, {
            resource: plan.resource,
            fieldPath: 'spec.target.name',
            file: plan.file,
          }),
        )
        continue
      }
    }
    // The Secret of an ExternalSecret in a List joins it in the List, and so in the List's file.
    const inList = manifests.items[plan.position].list !== undefined
    // The Secrets of one ClusterExternalSecret share a name across namespaces: the namespace tells their files apart.
    esAction.add!.push(found.kpt && !inList ? withKptPath(secret, plan, manifests, cesPositions.has(plan.position)) : secret)
    secrets++
  }
  if (found.kpt && secrets > 0) {
    diag.notice({
      severity: 'warning',
      message: `the ${secrets} rendered Secret${secrets === 1 ? ' is' : 's are'} plaintext: an in-place kpt fn render writes ${secrets === 1 ? 'it' : 'them'} into the package files (secret_<name>.yaml, or the file of the List its ExternalSecret is in); use -o stdout or -o unwrap unless that is what you want`,
    })
  }
  for (const s of found.stores) {
    if (leftForEso.has(s.item.position)) continue
    actions.set(s.item.position, keepStores ? { keep: true, annotate: { [LOCAL_CONFIG]: 'true' } } : { keep: false })
  }
  // One that expanded into nothing (no namespace selected) is dropped or kept all the same.
  for (const c of found.clusterExternalSecrets) if (!leftForEso.has(c.item.position) && !actions.has(c.item.position)) actions.set(c.item.position, sourceAction(c.item.position))
  return { actions, secrets }
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
  for (const key of KPT_PATH_KEYS) {
    const esPath = annotations[key]
    if (esPath === undefined) continue
    const dir = esPath.includes('/') ? esPath.slice(0, esPath.lastIndexOf('/') + 1) : ''
    md.annotations = { ...md.annotations, [key]: `${dir}${file}` }
  }
  return secret
}
