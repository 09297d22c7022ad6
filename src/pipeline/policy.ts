// The tenant policy, enforced in the plan stage (README "Tenant policy"; DESIGN trust rule 4). In
// two steps, each before the I/O it guards: what an ExternalSecret says by itself (its resolved
// namespace, the stores it names, that ClusterSecretStores come from the cluster) is judged before
// anything is read from the cluster; the servers and Vault paths, which need the store, are judged
// once the stores are known and before any credential Secret, TokenRequest, login or Vault read.
// A denied ExternalSecret fails the run with POLICY_DENIED naming the rule; it is dropped from the
// plan, so nothing further is read for it.

import type { Environment, RenderOptions } from '../config.ts'
import { describeResource, escapeControls, RenderError } from '../errors.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { keyField } from '../eso/field-path.ts'
import type { Lookups, StoreIndex, StoreObject } from '../eso/stores.ts'
import type { TenantPolicyTerms } from '../eso/auth.ts'
import { allowedNamespaces, describePolicy, loadPolicy, namespaceAllowed, pathAllowed, pathIsNormal, ruleFor, serverAllowed, storeAllowed, type PolicyInForce } from '../policy.ts'
import { firstRequestPath } from './targets.ts'

/**
 * The rule in force for this render, when the operator named a policy file: the project's
 * (`project`, which Argo CD sets as $ARGOCD_APP_PROJECT_NAME), else "*". The destination namespace
 * is the Application's ($ARGOCD_APP_NAMESPACE), else the operator's own --namespace.
 */
export function policyInForce(options: RenderOptions, env: Environment, readFile: (path: string) => string): PolicyInForce | undefined {
  if (!options.policy) return undefined
  const policy = loadPolicy(options.policy, readFile)
  const destination = env.ARGOCD_APP_NAMESPACE || (options.sources.namespace?.author === 'operator' ? options.namespace : undefined)
  return ruleFor(policy, options.project || undefined, destination)
}

function denied(policy: PolicyInForce, plan: ExternalSecretPlan, fieldPath: string, what: string): RenderError {
  return new RenderError('POLICY_DENIED', `${what}: denied by ${describePolicy(policy)}`, { resource: plan.resource, fieldPath, file: plan.file })
}

const list = (entries: string[]) => (entries.length ? `[${entries.join(', ')}]` : 'none')

/** What the ExternalSecret says by itself, judged before any cluster read. */
export function admitExternalSecret(plan: ExternalSecretPlan, policy: PolicyInForce, clusterOn: boolean): RenderError[] {
  const errors: RenderError[] = []
  if (!namespaceAllowed(policy, plan.namespace)) {
    const resolved = plan.namespaceWritten ? '' : ' (it has no metadata.namespace and resolves in the render default)'
    const defaulted =
      policy.rule.namespaces === undefined
        ? ` (the rule sets no namespaces: only the Application's destination namespace${policy.destinationNamespace ? '' : ', and none is known: ARGOCD_APP_NAMESPACE is unset'})`
        : ''
    errors.push(denied(policy, plan, 'metadata.namespace', `namespace ${JSON.stringify(plan.namespace)}${resolved} is not in namespaces ${list(allowedNamespaces(policy))}${defaulted}`))
    return errors
  }
  const seen = new Set<string>()
  for (const read of plan.reads) {
    const ref = read.store
    const name = ref.kind === 'SecretStore' ? `SecretStore/${plan.namespace}/${ref.name}` : `ClusterSecretStore/${ref.name}`
    if (seen.has(name)) continue
    seen.add(name)
    if (!storeAllowed(policy, ref.kind, plan.namespace, ref.name)) errors.push(denied(policy, plan, ref.fieldPath, `store ${name} is not in stores ${list(policy.rule.stores)}`))
    else if (ref.kind === 'ClusterSecretStore' && !clusterOn) {
      errors.push(
        denied(policy, plan, ref.fieldPath, `ClusterSecretStore ${ref.name} can only come from the cluster under a tenant policy, and cluster access is off (the operator sets ESO_RENDER_CLUSTER)`),
      )
    }
  }
  return errors
}

/** The server and every Vault path, judged once the stores are known and before any credential is read or sent. */
export function admitReads(plan: ExternalSecretPlan, policy: PolicyInForce, index: StoreIndex, lookups: Lookups, options: RenderOptions): RenderError[] {
  const errors: RenderError[] = []
  const seenServers = new Set<string>()
  for (const read of plan.reads) {
    let store: StoreObject
    try {
      store = index.find(read.store, plan.namespace, lookups)
    } catch {
      continue // a missing or denied store is reported when the reads are resolved
    }
    const vault = store.spec.provider.vault
    const storeName = describeResource(store.resource)
    if (!vault) continue // another provider: reported by the plan
    const server = options.vaultAddress || vault.server
    if (!seenServers.has(server)) {
      seenServers.add(server)
      if (!serverAllowed(policy, server)) {
        const via = options.vaultAddress ? ' (the operator-set Vault address)' : ''
        errors.push(denied(policy, plan, read.store.fieldPath, `${storeName}'s server ${server}${via} is not in servers ${list(policy.rule.servers)}`))
      }
    }
    let path: string
    try {
      path = firstRequestPath({ path: vault.path, version: vault.version ?? 'v2' }, read)
    } catch {
      continue // what ESO refuses for the store's KV version is reported when the reads are resolved
    }
    const why = pathDenial(policy, path)
    if (why) errors.push(denied(policy, plan, keyField(read), `Vault path ${path}${read.find ? " (the find's LIST)" : ''} ${why}`))
  }
  return errors
}

/** Why the policy refuses a request path, or undefined. A LIST is judged by its path as sent, with its trailing `/`, as Vault's ACL judges it. */
function pathDenial(policy: PolicyInForce, path: string): string | undefined {
  if (pathAllowed(policy, path)) return undefined
  return pathIsNormal(path) ? `is not in paths ${list(policy.rule.paths)}` : 'has a . or .. segment, which the policy refuses (it would be resolved past the path rules)'
}

/** The check of every request a find makes after its first LIST (sub-folders, metadata, the secrets it keeps), before it is sent. */
export function pathJudge(policy: PolicyInForce): (path: string) => RenderError | undefined {
  return (path) => {
    const why = pathDenial(policy, path)
    return why ? new RenderError('POLICY_DENIED', `Vault path ${escapeControls(path)}, found by the find, ${why}: denied by ${describePolicy(policy)}; nothing was sent to it`) : undefined
  }
}

/** What the store resolution needs to know of the policy: its name, and whether stand-in tokens may be used. */
export function credentialTerms(policy: PolicyInForce): TenantPolicyTerms {
  return { rule: describePolicy(policy), allowTokenFallback: policy.rule.allowTokenFallback }
}
