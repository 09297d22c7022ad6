// Generators in the render (ESO's dataFrom `sourceRef.generatorRef`): the generator objects of
// the input, indexed and validated like stores; the tenant policy's `generators` rule and, for a
// VaultDynamicSecret, its server and path, judged with the ExternalSecret before anything is read;
// refreshPolicy CreatedOnce and refreshInterval 0, which a render cannot honour for generated data;
// each ref resolved (a VaultDynamicSecret's inline provider exactly like a store's, under the
// trust model) into what the fetch stage sends; and, after the fetch, each generated map
// (passwords here, with node:crypto's randomness).

import { randomInt } from 'node:crypto'
import type { RenderOptions } from '../config.ts'
import { describeResource, RenderError } from '../errors.ts'
import { durationMs, GeneratorIndex, resolveGenerator, validateGenerator, type GeneratorObject, type ResolvedGenerator } from '../eso/generators/index.ts'
import { generatePasswords } from '../eso/generators/password.ts'
import { createsChildToken, createsLease, dynamicRequest, generatedMap, type ResultType } from '../eso/generators/vault-dynamic.ts'
import { createdOnce } from '../eso/refresh.ts'
import type { ExternalSecretPlan, PlannedGenerator } from '../eso/plan.ts'
import { resolveStore, type ResolvedStore, type StoreContext, type StoreObject } from '../eso/stores.ts'
import type { DynamicSecret as JsonObject } from '../vault/dynamic.ts'
import { describePolicy, pathAllowed, pathIsNormal, serverAllowed, type PolicyInForce } from '../policy.ts'
import type { DynamicRequest } from '../vault/dynamic.ts'
import type { ClusterAccess } from '../cluster/client.ts'
import { GENERATOR_API_VERSION } from '../eso/kinds.ts'
import type { FoundObject } from './classify.ts'
import type { Diagnostics } from './diagnostics.ts'
import { checkCredentialDestination } from './trust.ts'
import { announceStore } from './store-notices.ts'

/** One VaultDynamicSecret request as the fetch stage sends it: never shared (every generation mints anew). */
export interface DynamicTarget {
  /** Unique per ExternalSecret and dataFrom item. Never printed. */
  key: string
  store: ResolvedStore
  request: DynamicRequest
  /** retrySettings: ESO's client retries maxRetries times (0 when retrySettings leaves it out), waiting retryInterval. */
  retry?: { retries: number; backoffMs?: number }
}

export interface GeneratorTarget {
  plan: ExternalSecretPlan
  item: PlannedGenerator
  generator: ResolvedGenerator
  dynamic?: DynamicTarget & { resultType: ResultType; allowEmptyResponse: boolean }
}

/**
 * What one generator gave: its map (undefined for an empty answer it may give), whether Vault keeps
 * something alive past the render (`lease`: a lease, or a child token when `childToken`), or its error.
 */
export type GeneratedOutcome = { data?: Map<string, Uint8Array>; lease: boolean; childToken?: boolean } | RenderError

/** The input's generators, each validated; an invalid one is reported on itself and named to whoever refers to it. */
export function indexGenerators(found: FoundObject[], diag: Diagnostics): GeneratorIndex {
  const index = new GeneratorIndex()
  for (const f of found) {
    const g: GeneratorObject = { resource: f.resource, file: f.file, position: f.item.position, object: f.object as GeneratorObject['object'] }
    const problems = validateGenerator(g)
    diag.error(...problems)
    index.add(g, !problems.length)
  }
  return index
}

/**
 * The generators the plans name and the input lacks, read from the cluster (the operator's cluster
 * access), as stores are: each announced, validated like one from the input, and marked
 * fromCluster. Not read at all under a tenant policy that denies generators.
 */
export async function gatherGenerators(plans: ExternalSecretPlan[], index: GeneratorIndex, cluster: ClusterAccess, policy: PolicyInForce | undefined, diag: Diagnostics): Promise<void> {
  if (policy && !policy.rule.generators) return
  const wanted = new Map<string, { kind: string; namespace?: string; name: string }>()
  for (const plan of plans)
    for (const item of plan.generators ?? []) {
      if (index.has(item.ref, plan.namespace) || item.ref.apiVersion !== GENERATOR_API_VERSION) continue
      const namespace = item.ref.kind === 'ClusterGenerator' ? undefined : plan.namespace
      wanted.set(`${item.ref.kind}/${namespace ?? ''}/${item.ref.name}`, { kind: item.ref.kind, namespace, name: item.ref.name })
    }
  for (const w of wanted.values()) {
    const object = await cluster.getGenerator(w.kind, w.namespace, w.name)
    if (!object) continue
    const md = (object.metadata ?? {}) as { name?: string; namespace?: string }
    const resource = { apiVersion: String(object.apiVersion ?? GENERATOR_API_VERSION), kind: w.kind, name: md.name ?? w.name, ...(w.namespace ? { namespace: w.namespace } : {}) }
    diag.announce(`read from the cluster: ${describeResource(resource)}`)
    // What the API server adds (status, uid, managedFields...) is not the generator's spec.
    const bare = {
      apiVersion: resource.apiVersion,
      kind: w.kind,
      metadata: { name: resource.name, ...(w.namespace ? { namespace: w.namespace } : {}) },
      ...(object.spec === undefined ? {} : { spec: object.spec }),
    }
    const g: GeneratorObject = { resource, file: { path: 'cluster' }, position: -1, object: bare as GeneratorObject['object'], fromCluster: true }
    const problems = validateGenerator(g)
    diag.error(...problems)
    index.add(g, !problems.length)
  }
}

function denied(policy: PolicyInForce, plan: ExternalSecretPlan, fieldPath: string, what: string): RenderError {
  return new RenderError('POLICY_DENIED', `${what}: denied by ${describePolicy(policy)}`, { resource: plan.resource, fieldPath, file: plan.file })
}

/**
 * The tenant policy's judgement of an ExternalSecret's generators, before any cluster read:
 * `generators: false` (the default) refuses every one; a VaultDynamicSecret's server and path
 * must be on the rule's lists, as a store's are.
 */
export function admitGenerators(plan: ExternalSecretPlan, policy: PolicyInForce, index: GeneratorIndex, options: RenderOptions): RenderError[] {
  const errors: RenderError[] = []
  for (const item of plan.generators ?? []) {
    if (!policy.rule.generators) {
      errors.push(denied(policy, plan, item.fieldPath, `generator ${item.ref.kind} "${item.ref.name}": the rule does not allow generators (generators: false)`))
      continue
    }
    let generator: ResolvedGenerator
    try {
      generator = resolveGenerator(item.ref, plan.namespace, index, item.fieldPath)
    } catch {
      continue // reported when the generators are planned
    }
    if (generator.kind !== 'VaultDynamicSecret') continue
    const server = options.vaultAddress || generator.spec.provider.server
    if (!serverAllowed(policy, server)) {
      const via = options.vaultAddress ? ' (the operator-set Vault address)' : ''
      errors.push(denied(policy, plan, item.fieldPath, `${describeResource(generator.source.resource)}'s server ${server}${via} is not in servers ${list(policy.rule.servers)}`))
    }
    const request = dynamicRequest(generator.spec)
    if (request && !pathAllowed(policy, request.path)) {
      const why = pathIsNormal(request.path) ? `is not in paths ${list(policy.rule.paths)}` : 'has a . or .. segment, which the policy refuses (it would be resolved past the path rules)'
      errors.push(denied(policy, plan, item.fieldPath, `${describeResource(generator.source.resource)}'s Vault path ${request.path} ${why}`))
    }
  }
  return errors
}

const list = (entries: string[]) => (entries.length ? `[${entries.join(', ')}]` : 'none')

/** A VaultDynamicSecret's inline provider as the store it stands for: resolved in the ExternalSecret's namespace, as ESO's EmptyStoreKind is. */
export function providerStore(generator: Extract<ResolvedGenerator, { kind: 'VaultDynamicSecret' }>): StoreObject {
  return {
    resource: generator.source.resource,
    file: generator.source.file,
    spec: { provider: { vault: generator.spec.provider as NonNullable<StoreObject['spec']['provider']['vault']> } },
    ...(generator.source.fromCluster ? { fromCluster: true } : {}),
  }
}

/** The stores standing for an ExternalSecret's VaultDynamicSecrets (their credentials may have to be read from the cluster). */
export function generatorStores(plan: ExternalSecretPlan, index: GeneratorIndex): StoreObject[] {
  const out: StoreObject[] = []
  for (const item of plan.generators ?? []) {
    try {
      const g = resolveGenerator(item.ref, plan.namespace, index, item.fieldPath)
      if (g.kind === 'VaultDynamicSecret') out.push(providerStore(g))
    } catch {
      // reported when the generators are planned
    }
  }
  return out
}

/** The generators of a plan that are of kinds eso-render does not generate (otherProviders keep leaves the ExternalSecret for ESO). */
export function unsupportedGenerators(plan: ExternalSecretPlan, index: GeneratorIndex): GeneratorObject[] {
  const out: GeneratorObject[] = []
  for (const item of plan.generators ?? []) {
    try {
      resolveGenerator(item.ref, plan.namespace, index, item.fieldPath)
    } catch (err) {
      if (err instanceof RenderError && err.code === 'UNSUPPORTED') {
        try {
          out.push(index.find(item.ref, plan.namespace, item.fieldPath))
        } catch {
          // not found: reported when the generators are planned
        }
      }
    }
  }
  return out
}

/**
 * ESO generates a CreatedOnce (or refreshInterval 0) ExternalSecret's data once and never again;
 * a render would generate it anew every time (a Password regenerated on every render breaks its
 * consumers). Only the live Secret's data is faithful: a plan whose live Secret was kept
 * (pipeline/created-once.ts, with cluster access) has left the rendering before this is asked.
 */
export function createdOnceProblem(plan: ExternalSecretPlan): RenderError | undefined {
  const generators = plan.generators ?? []
  const reason = createdOnce(plan)
  if (!generators.length || !reason) return undefined
  return new RenderError(
    'UNSUPPORTED',
    `${reason} with generated data (${generators.map((g) => g.fieldPath).join(', ')}): ESO generates it once and never again, while a render generates it anew every time (a regenerated Password breaks its consumers); only the live Secret's data would be faithful, and it was not kept (it is read with the operator's cluster access, when ESO left it valid); keep this ExternalSecret on ESO in the cluster, or render with cluster access once the Secret exists`,
    { resource: plan.resource, fieldPath: reason.startsWith('refreshPolicy') ? 'spec.refreshPolicy' : 'spec.refreshInterval', file: plan.file },
  )
}

/** A store error moved to the generator's fields (`spec.provider.vault.server` → `spec.provider.server`). */
function onGenerator(err: RenderError, generator: ResolvedGenerator): RenderError {
  const field = err.fieldPath?.replace(/^spec\.provider\.vault/, `${generator.specPath}.provider`)
  const message = err.message.replace(/^the store's server/, `the ${generator.source.resource.kind}'s server`)
  return new RenderError(err.code, message, { resource: generator.source.resource, file: generator.source.file, ...(field ? { fieldPath: field } : {}) })
}

/** retrySettings: maxRetries (0 when left out), retryInterval as a Go duration, bounded as the option vaultRetries is. */
function retryOf(generator: Extract<ResolvedGenerator, { kind: 'VaultDynamicSecret' }>): DynamicTarget['retry'] {
  const settings = generator.spec.retrySettings
  if (!settings) return undefined
  let backoffMs: number | undefined
  if (settings.retryInterval !== undefined) {
    backoffMs = durationMs(settings.retryInterval)
    if (backoffMs === undefined) {
      throw new RenderError('SCHEMA_INVALID', `unable to setup Vault client: time: invalid duration ${JSON.stringify(settings.retryInterval)}`, {
        resource: generator.source.resource,
        fieldPath: `${generator.specPath}.retrySettings.retryInterval`,
        file: generator.source.file,
      })
    }
  }
  return { retries: Math.min(Math.max(settings.maxRetries ?? 0, 0), 10), ...(backoffMs !== undefined ? { backoffMs: Math.max(backoffMs, 0) } : {}) }
}

/**
 * Every generator ref of the plans, resolved: the CreatedOnce rule, the generator found and its
 * kind supported, a Password's spec judged, a VaultDynamicSecret's provider resolved as a store
 * and its operator credentials sent only to trusted servers. Every problem is reported.
 */
export function planGenerators(
  plans: ExternalSecretPlan[],
  index: GeneratorIndex,
  storeCtx: StoreContext,
  policy: PolicyInForce | undefined,
  diag: Diagnostics,
): Map<PlannedGenerator, GeneratorTarget> {
  const targets = new Map<PlannedGenerator, GeneratorTarget>()
  const reported = new Set<string>()
  // A provider is resolved once per generator and namespace (its auth Secret is the namespace's), as stores are.
  const providers = new Map<GeneratorObject, Map<string, ResolvedStore | RenderError>>()
  const providerOf = (generator: Extract<ResolvedGenerator, { kind: 'VaultDynamicSecret' }>, namespace: string): ResolvedStore => {
    let byNamespace = providers.get(generator.source)
    if (!byNamespace) providers.set(generator.source, (byNamespace = new Map()))
    let store = byNamespace.get(namespace)
    if (!store) {
      try {
        store = resolveStore(providerStore(generator), namespace, { ...storeCtx, options: { ...storeCtx.options, allowedStores: undefined } })
        const untrusted = checkCredentialDestination(store, storeCtx.options, policy)
        if (untrusted) throw untrusted
        announceStore(store, diag)
      } catch (err) {
        if (!(err instanceof RenderError)) throw err
        store = onGenerator(err, generator)
      }
      byNamespace.set(namespace, store)
    }
    if (store instanceof RenderError) throw store
    return store
  }
  for (const plan of plans) {
    for (const item of plan.generators ?? []) {
      try {
        const generator = resolveGenerator(item.ref, plan.namespace, index, item.fieldPath)
        if (generator.kind === 'Password') {
          targets.set(item, { plan, item, generator })
          continue
        }
        const store = providerOf(generator, plan.namespace)
        const request = dynamicRequest(generator.spec)!
        // A store only ever reads. A VaultDynamicSecret from the input that writes (PUT) would let the
        // input's author write to Vault, or mint tokens, with the operator's credential: only its own
        // credentials (from the input) may, or a VaultDynamicSecret the operator's cluster holds.
        if (request.method === 'PUT' && store.credential.author === 'operator' && !generator.source.fromCluster)
          throw new RenderError(
            'SERVER_NOT_TRUSTED',
            `method ${generator.spec.method} writes to Vault, and this VaultDynamicSecret would do it with the operator's credential ${store.credential.source}: a VaultDynamicSecret from the input may only read (GET, LIST) with operator credentials; give it credentials from the input (its provider's auth Secret in the input), or keep it in the cluster, where it is the operator's; nothing was sent`,
            { resource: generator.source.resource, fieldPath: `${generator.specPath}.method`, file: generator.source.file },
          )
        const retry = retryOf(generator)
        targets.set(item, {
          plan,
          item,
          generator,
          dynamic: {
            key: `${plan.position}\u0000${item.index}`,
            store,
            request,
            ...(retry ? { retry } : {}),
            resultType: generator.spec.resultType ?? 'Data',
            allowEmptyResponse: generator.spec.allowEmptyResponse === true,
          },
        })
      } catch (err) {
        if (!(err instanceof RenderError)) throw err
        // A problem of the generator object is reported on it (once); the ExternalSecret is told where it refers to it.
        const located = err.resource ? err : err.locate({ resource: plan.resource, fieldPath: err.fieldPath ?? item.fieldPath, file: plan.file })
        const key = `${located.code}\u0000${located.resource ? describeResource(located.resource) : ''}\u0000${located.fieldPath ?? ''}\u0000${located.message}`
        if (!reported.has(key)) diag.error(located)
        reported.add(key)
      }
    }
  }
  return targets
}

/**
 * Each generator's map: a Password generated now (a fresh one per key, per ExternalSecret), a
 * VaultDynamicSecret's answer read by its resultType. An empty answer is ESO's error unless
 * allowEmptyResponse.
 */
export function runGenerators(targets: Map<PlannedGenerator, GeneratorTarget>, answers: Map<string, JsonObject | undefined | RenderError>): Map<PlannedGenerator, GeneratedOutcome> {
  const out = new Map<PlannedGenerator, GeneratedOutcome>()
  for (const [item, target] of targets) {
    if (target.generator.kind === 'Password') {
      out.set(item, { data: generatePasswords(target.generator.config, (n) => randomInt(n)), lease: false })
      continue
    }
    const dynamic = target.dynamic!
    const answer = answers.get(dynamic.key)
    if (answer instanceof RenderError) {
      out.set(item, answer)
      continue
    }
    if (answer === undefined) {
      out.set(
        item,
        dynamic.allowEmptyResponse
          ? { lease: false }
          : new RenderError('VAULT_ERROR', `unable to get dynamic secret: empty response from Vault (${describeResource(target.generator.source.resource)}; allowEmptyResponse: true accepts that)`),
      )
      continue
    }
    const childToken = !createsLease(answer) && createsChildToken(answer)
    out.set(item, { data: generatedMap(answer, dynamic.resultType), lease: createsLease(answer) || childToken, ...(childToken ? { childToken } : {}) })
  }
  return out
}
