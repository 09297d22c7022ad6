// Stage 2, plan: every validation before any network call. Stores and ExternalSecrets are checked
// against the schema and ESO's admission rules, each ExternalSecret becomes its list of reads, each
// read gets its store resolved (server, KV layout, namespace, CA, credential), and the trust model
// decides where credentials may go. The result is the exact set of Vault reads; nothing is sent here.

import { readFileSync } from 'node:fs'
import { describeSource, type Environment, type RenderOptions } from '../config.ts'
import { describeResource, RenderError } from '../errors.ts'
import { loadSchemas, validateResource } from '../eso/schema.ts'
import { planExternalSecret, type ExternalSecretPlan, type PlannedRead } from '../eso/plan.ts'
import { resolveStore, StoreIndex, type Lookups, type ResolvedStore, type StoreObject } from '../eso/stores.ts'
import { announceStore } from './store-notices.ts'
import { readTarget, type ReadTarget } from './targets.ts'
import type { Classified } from './classify.ts'
import type { Diagnostics } from './diagnostics.ts'
import { checkCredentialDestination } from './trust.ts'
import type { ClusterAccess } from '../cluster/client.ts'
import { clusterFailure, gatherObjects, gatherStores, storeReferences, templateReferences } from './gather.ts'
import type { ClusterObjects } from './classify.ts'
import { describePolicy, type PolicyInForce } from '../policy.ts'
import { admitExternalSecret, admitReads, credentialTerms, pathJudge } from './policy.ts'
import type { Trace } from './trace.ts'
import type { GeneratorIndex } from '../eso/generators/index.ts'
import type { PlannedGenerator } from '../eso/plan.ts'
import { admitGenerators, gatherGenerators, generatorStores, indexGenerators, planGenerators, unsupportedGenerators, type GeneratorTarget } from './generators.ts'

export type { ReadTarget }

export interface RenderPlan {
  /** The ExternalSecrets to render. */
  plans: ExternalSecretPlan[]
  /** Where each planned read goes; several reads may share one target key. */
  targets: Map<PlannedRead, ReadTarget>
  /** otherProviders keep: ExternalSecrets left whole for ESO in the cluster, with the input positions of the stores (and generators) they use. */
  leftForEso: { plans: ExternalSecretPlan[]; storePositions: Set<number> }
  /** What each dataFrom generatorRef runs: a Password, or a VaultDynamicSecret's request. */
  generators: Map<PlannedGenerator, GeneratorTarget>
}

export interface PlanContext {
  options: RenderOptions
  env: Environment
  defaultNamespace: string
  lookups: Lookups
  readFile?: (path: string) => string
  /** With cluster access on: where what the input lacks is read from, and the objects read (the lookups see them); `check` reads no Secret data. */
  cluster?: { access: ClusterAccess; objects: ClusterObjects; secretData?: boolean }
  /** The operator's tenant policy rule for this render, when a policy is in force. */
  policy?: PolicyInForce
  /** The verbose mode's record (each store's resolution and auth plan). */
  trace?: Trace
}

export async function planRender(found: Classified, ctx: PlanContext, diag: Diagnostics): Promise<RenderPlan> {
  await loadSchemas()
  const stores = indexStores(found, ctx, diag)
  const generators = indexGenerators(found.generators, diag)
  let planned = planExternalSecrets(found, ctx, diag, generators)
  announceOptions(ctx.options, diag)
  if (ctx.policy) diag.announce(`${describePolicy(ctx.policy)} is in force (${ctx.options.sources.policy ? describeSource(ctx.options.sources.policy) : 'policy'})`)
  // The stores first, then the policy's judgement of servers and paths, then what the admitted
  // ExternalSecrets' stores and templates refer to: nothing is read for a denied one.
  const storesRead = ctx.cluster ? await readStoresFromCluster(planned, stores, found, ctx.cluster, diag) : false
  if (ctx.cluster && storesRead) {
    try {
      await gatherGenerators(planned, generators, ctx.cluster.access, ctx.policy, diag)
    } catch (err) {
      diag.error(clusterFailure(err))
    }
  }
  if (ctx.policy) planned = admitUnderPolicy(planned, ctx.policy, stores.index, generators, ctx, diag)
  // A run the policy denied fails whatever else is found: no credential is read for it.
  const denied = diag.errors.some((e) => e.code === 'POLICY_DENIED')
  if (ctx.cluster && storesRead && !denied) await readReferencesFromCluster(planned, stores, found, ctx.cluster, ctx.lookups, diag, generators)
  const { plans, leftForEso } = sortByProvider(planned, stores, ctx, diag, generators)
  const targets = resolveReads(plans, stores.index, ctx, diag)
  return { plans, targets, leftForEso, generators: planGenerators(plans, generators, storeContextOf(ctx), ctx.policy, diag) }
}

function admitUnderPolicy(planned: ExternalSecretPlan[], policy: PolicyInForce, index: StoreIndex, generators: GeneratorIndex, ctx: PlanContext, diag: Diagnostics): ExternalSecretPlan[] {
  return planned.filter((plan) => {
    // Generators too, again: those read from the cluster since the first judgement (an input
    // generator that failed it already took its ExternalSecret out).
    const errors = [...admitReads(plan, policy, index, ctx.lookups, ctx.options), ...admitGenerators(plan, policy, generators, ctx.options)]
    diag.error(...errors)
    return !errors.length
  })
}

/** The stores the input lacks, from the cluster; false when the cluster could not be read (already reported). */
async function readStoresFromCluster(planned: ExternalSecretPlan[], stores: IndexedStores, found: Classified, cluster: NonNullable<PlanContext['cluster']>, diag: Diagnostics): Promise<boolean> {
  try {
    const added = await gatherStores(planned, stores.index, found, cluster.access, cluster.objects, diag)
    for (const store of added.keys()) stores.positions.set(store, -1)
    return true
  } catch (err) {
    diag.error(clusterFailure(err))
    return false
  }
}

/** What the stores and templates refer to and the input lacks: credentials, CAs, templateFrom. */
async function readReferencesFromCluster(
  planned: ExternalSecretPlan[],
  stores: IndexedStores,
  found: Classified,
  cluster: NonNullable<PlanContext['cluster']>,
  lookups: Lookups,
  diag: Diagnostics,
  generators?: GeneratorIndex,
): Promise<void> {
  try {
    const refs = planned.flatMap((plan) => [
      ...templateReferences(plan),
      // A VaultDynamicSecret's provider refers to credentials as a store does.
      ...(generators ? generatorStores(plan, generators).flatMap((store) => storeReferences(store, plan.namespace)) : []),
      ...plan.reads.flatMap((read) => {
        try {
          return storeReferences(stores.index.find(read.store, plan.namespace, lookups), plan.namespace)
        } catch {
          return []
        }
      }),
    ])
    await gatherObjects(refs, found, cluster.access, cluster.objects, diag, { secretData: cluster.secretData ?? true })
  } catch (err) {
    diag.error(clusterFailure(err))
  }
}

interface IndexedStores {
  index: StoreIndex
  /** Input position of each store object. */
  positions: Map<StoreObject, number>
}

function indexStores(found: Classified, ctx: PlanContext, diag: Diagnostics): IndexedStores {
  const index = new StoreIndex()
  const positions = new Map<StoreObject, number>()
  for (const s of found.stores) {
    const problems = validateResource('SecretStore', s.object, s.resource, s.file)
    if (problems.length) {
      diag.error(...problems)
      index.addInvalid(s.resource)
      continue
    }
    if (ctx.policy && s.resource.kind === 'ClusterSecretStore') {
      // DESIGN trust rule 4: a repository must not define the cluster-wide store it then reads through.
      diag.notice({
        severity: 'warning',
        message: `not used: under ${describePolicy(ctx.policy)} ClusterSecretStores come only from the cluster`,
        resource: s.resource,
        file: s.file,
      })
      continue
    }
    const store: StoreObject = { resource: s.resource, file: s.file, spec: s.object.spec as StoreObject['spec'] }
    index.add(store)
    positions.set(store, s.item.position)
  }
  return { index, positions }
}

/**
 * eso-render resolves the vault provider only. An ExternalSecret that uses a store of another
 * provider fails the render, or, with otherProviders keep, stays whole for ESO in the cluster with
 * every store it uses, so a repository can move to render-time secrets one store at a time.
 */
function sortByProvider(planned: ExternalSecretPlan[], stores: IndexedStores, ctx: PlanContext, diag: Diagnostics, generators?: GeneratorIndex): Pick<RenderPlan, 'plans' | 'leftForEso'> {
  const plans: ExternalSecretPlan[] = []
  const leftForEso: RenderPlan['leftForEso'] = { plans: [], storePositions: new Set() }
  // An ExternalSecret's reads mostly name one store, and consecutive ExternalSecrets often the same:
  // the last lookup is checked first (a lookup builds and hashes a string key).
  let last: { kind: string; name: string; namespace: string; store: StoreObject | undefined } | undefined
  const storeOf = (read: PlannedRead, namespace: string): StoreObject | undefined => {
    if (last && last.kind === read.store.kind && last.name === read.store.name && last.namespace === namespace) return last.store
    let store: StoreObject | undefined
    try {
      store = stores.index.find(read.store, namespace, ctx.lookups)
    } catch {
      // A store that cannot be found is reported when the reads are resolved.
    }
    last = { kind: read.store.kind, name: read.store.name, namespace, store }
    return store
  }
  for (const plan of planned) {
    const used = new Map<StoreObject, PlannedRead>()
    for (const read of plan.reads) {
      const store = storeOf(read, plan.namespace)
      if (store && !used.has(store)) used.set(store, read)
    }
    const foreign: [StoreObject, PlannedRead][] = []
    for (const entry of used) if (!entry[0].spec.provider.vault) foreign.push(entry)
    // Generators of kinds eso-render does not generate are foreign too, but only otherProviders keep acts on them here (else they fail when planned).
    const foreignGenerators = ctx.options.otherProviders === 'keep' && generators ? unsupportedGenerators(plan, generators) : []
    if (!foreign.length && !foreignGenerators.length) {
      plans.push(plan)
      continue
    }
    if (ctx.options.otherProviders === 'keep') {
      leftForEso.plans.push(plan)
      for (const store of used.keys()) leftForEso.storePositions.add(stores.positions.get(store)!)
      // Every generator it refers to stays with it, whatever its kind.
      for (const item of plan.generators ?? []) {
        try {
          leftForEso.storePositions.add(generators!.find(item.ref, plan.namespace, item.fieldPath).position)
        } catch {
          // not in the input: ESO finds it in the cluster
        }
      }
      const names = [
        ...foreign.map(([store]) => `${describeResource(store.resource)} (${Object.keys(store.spec.provider).join(', ')})`),
        ...foreignGenerators.map((g) => `${describeResource(g.resource)}${g.object.kind === 'ClusterGenerator' ? ` (${String(g.object.spec?.kind)})` : ''}`),
      ].join(', ')
      diag.notice({ severity: 'info', message: `uses ${names}: left whole, with its stores, for ESO in the cluster (otherProviders keep)`, resource: plan.resource, file: plan.file })
      continue
    }
    for (const [store, read] of foreign) {
      const providers = Object.keys(store.spec.provider).join(', ')
      diag.error(
        new RenderError(
          'UNSUPPORTED',
          `store ${describeResource(store.resource)} uses provider ${providers}, which eso-render does not resolve (it resolves vault only); set otherProviders keep to leave this ExternalSecret, with its stores, for ESO in the cluster`,
          {
            resource: plan.resource,
            fieldPath: read.store.fieldPath,
            file: plan.file,
          },
        ),
      )
    }
  }
  // A ClusterExternalSecret one of whose ExternalSecrets is left for ESO stays whole (ESO makes
  // them all): the others, which share its position, are left with it, their stores and generators
  // kept, and nothing of theirs is read from Vault.
  const whole = new Set(leftForEso.plans.map((p) => p.position))
  if (!whole.size) return { plans, leftForEso }
  const rendered: ExternalSecretPlan[] = []
  for (const plan of plans) {
    if (!whole.has(plan.position)) {
      rendered.push(plan)
      continue
    }
    leftForEso.plans.push(plan)
    for (const read of plan.reads) {
      try {
        leftForEso.storePositions.add(stores.positions.get(stores.index.find(read.store, plan.namespace, ctx.lookups))!)
      } catch {
        // not in the input: ESO finds it in the cluster
      }
    }
    for (const item of plan.generators ?? []) {
      try {
        if (generators) leftForEso.storePositions.add(generators.find(item.ref, plan.namespace, item.fieldPath).position)
      } catch {
        // not in the input: ESO finds it in the cluster
      }
    }
    diag.notice({
      severity: 'info',
      message: 'left for ESO in the cluster with its ClusterExternalSecret, another of whose ExternalSecrets is (otherProviders keep)',
      resource: plan.resource,
      file: plan.file,
    })
  }
  return { plans: rendered, leftForEso }
}

function planExternalSecrets(found: Classified, ctx: PlanContext, diag: Diagnostics, generators: GeneratorIndex): ExternalSecretPlan[] {
  const plans: ExternalSecretPlan[] = []
  const allowed = ctx.options.allowedNamespaces
  for (const es of found.externalSecrets) {
    const problems = validateResource('ExternalSecret', es.object, es.resource, es.file)
    if (problems.length) {
      diag.error(...problems)
      continue
    }
    const planned = planExternalSecret(es.object, { resource: es.resource, position: es.item.position, file: es.file, defaultNamespace: ctx.defaultNamespace })
    diag.error(...planned.errors)
    if (!planned.plan) continue
    if (ctx.policy) {
      const errors = [...admitExternalSecret(planned.plan, ctx.policy, ctx.cluster !== undefined), ...admitGenerators(planned.plan, ctx.policy, generators, ctx.options)]
      diag.error(...errors)
      if (errors.length) continue
    }
    if (allowed && !allowed.includes(planned.plan.namespace)) {
      diag.error(
        new RenderError('STORE_NOT_ALLOWED', `namespace "${planned.plan.namespace}" is not in the render's allowedNamespaces (${allowed.join(', ')})`, {
          resource: es.resource,
          fieldPath: 'metadata.namespace',
          file: es.file,
        }),
      )
      continue
    }
    if (!planned.plan.namespaceWritten) {
      diag.notice({
        severity: 'info',
        message: `no metadata.namespace: stores resolved as in namespace "${ctx.defaultNamespace}"; the Secret stays namespace-less for the host to place`,
        resource: es.resource,
        file: es.file,
      })
    }
    plans.push(planned.plan)
  }
  return plans
}

/** Options that change every store are said once, with who set them. */
function announceOptions(options: RenderOptions, diag: Diagnostics): void {
  const address = options.sources.vaultAddress
  if (options.vaultAddress) diag.announce(`Vault address ${options.vaultAddress} replaces every store's server (${address ? describeSource(address) : 'vaultAddress'})`)
  if (options.insecureSkipTLSVerify) {
    const set = options.sources.insecureSkipTLSVerify
    diag.notice({ severity: 'warning', message: `TLS CERTIFICATE VERIFICATION IS OFF (insecureSkipTLSVerify, ${set ? describeSource(set) : 'set'}): Vault answers could be forged and tokens stolen` })
  }
}

/** What resolving a store (or a VaultDynamicSecret's provider) needs of the plan's context. */
function storeContextOf(ctx: PlanContext) {
  return {
    options: ctx.options,
    env: ctx.env,
    lookups: ctx.lookups,
    readFile: ctx.readFile ?? ((p: string) => readFileSync(p, 'utf8')),
    cluster: ctx.cluster?.access.mode,
    tenantPolicy: ctx.policy && credentialTerms(ctx.policy),
  }
}

function resolveReads(plans: ExternalSecretPlan[], index: StoreIndex, ctx: PlanContext, diag: Diagnostics): Map<PlannedRead, ReadTarget> {
  const storeCtx = storeContextOf(ctx)
  const targets = new Map<PlannedRead, ReadTarget>()
  // A store is resolved once per namespace it is used from (a ClusterSecretStore's token Secret may
  // live in the ExternalSecret's namespace).
  const storeCache = new Map<string, ResolvedStore | RenderError>()
  // A find's requests after its first LIST are judged by the policy as they are found.
  const admit = ctx.policy && pathJudge(ctx.policy)
  // Reads of one request share one target, and so one key string: every map of the run keyed by it
  // (the fetch's, the early builds', the outcomes) then finds it by identity instead of hashing and
  // comparing another copy. A plain data read's target is its store's, remote key's and version's
  // (firstRequestPath): 10,000 ExternalSecrets make 20,000 reads of 2,000 paths, and working each
  // one out again took a third of the plan.
  const keys = new Map<string, string>()
  const dataTargets = new Map<ResolvedStore, Map<string | undefined, Map<string, ReadTarget>>>()
  const sharedTarget = (store: ResolvedStore, read: PlannedRead): ReadTarget => {
    const ref = read.find || read.remoteRef.metadataPolicy === 'Fetch' ? undefined : read.remoteRef
    let known: Map<string, ReadTarget> | undefined
    if (ref) {
      let byVersion = dataTargets.get(store)
      if (!byVersion) dataTargets.set(store, (byVersion = new Map()))
      known = byVersion.get(ref.version)
      if (!known) byVersion.set(ref.version, (known = new Map()))
      const target = known.get(ref.key)
      if (target) return target
    }
    const target = readTarget(store, read, admit)
    const key = keys.get(target.key)
    if (key === undefined) keys.set(target.key, target.key)
    else target.key = key
    if (ref) known!.set(ref.key, target)
    return target
  }
  // An ExternalSecret's reads mostly name one store: the last one resolved is checked first.
  let last: { kind: string; name: string; namespace: string; store: ResolvedStore | RenderError } | undefined
  for (const plan of plans) {
    for (const read of plan.reads) {
      let store = last && last.kind === read.store.kind && last.name === read.store.name && last.namespace === plan.namespace ? last.store : undefined
      const cacheKey = store ? '' : `${read.store.kind}/${read.store.name}@${plan.namespace}`
      store ??= storeCache.get(cacheKey)
      if (!store) {
        try {
          store = resolveStore(index.find(read.store, plan.namespace, ctx.lookups), plan.namespace, storeCtx)
          // Operator credentials go only to operator-trusted servers, decided before any request.
          const untrusted = checkCredentialDestination(store, ctx.options, ctx.policy)
          if (untrusted) throw untrusted
          announceStore(store, diag)
          ctx.trace?.event(describeResolution(store, plan.namespace))
        } catch (err) {
          store = err instanceof RenderError ? err : new RenderError('INTERNAL', 'store resolution failed', { cause: err })
        }
        storeCache.set(cacheKey, store)
      }
      last = { kind: read.store.kind, name: read.store.name, namespace: plan.namespace, store }
      if (store instanceof RenderError) {
        diag.error(store.locate({ resource: plan.resource, fieldPath: read.store.fieldPath, file: plan.file }))
        continue
      }
      try {
        targets.set(read, sharedTarget(store, read))
      } catch (err) {
        if (!(err instanceof RenderError)) throw err
        diag.error(err.locate({ resource: plan.resource, fieldPath: read.fieldPath, file: plan.file }))
      }
    }
  }
  if (ctx.trace?.enabled) {
    const distinct = new Set([...targets.values()].map((t) => t.key)).size
    ctx.trace.event(
      `plan: ${targets.size} read${targets.size === 1 ? '' : 's'} of ${plans.length} ExternalSecret${plans.length === 1 ? '' : 's'} need ${distinct} Vault request${distinct === 1 ? '' : 's'} (${targets.size - distinct} shared)`,
    )
  }
  return targets
}

/** A store as the verbose mode tells it: server and who chose it, KV layout, auth plan (never a credential). */
function describeResolution(store: ResolvedStore, namespace: string): string {
  const server = store.addressSource === 'store' ? "the store's" : describeSource(store.addressSource)
  const auth = store.auth.kind === 'token' ? `token (${store.credential.source})` : store.auth.source
  const kv = `KV ${store.kv.version}${store.kv.path ? ` at ${store.kv.path}` : ''}`
  const ns = store.conn.namespace ? `, Vault namespace ${store.conn.namespace}` : ''
  return `store ${describeResource(store.resource)}${store.fromCluster ? ' (from the cluster)' : ''} for namespace ${namespace}: server ${store.conn.address} (${server})${ns}, ${kv}, auth: ${auth}`
}
