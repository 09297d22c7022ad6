// Finds the store an ExternalSecret item names (ESO's rules: a SecretStore only from the
// ExternalSecret's own namespace, a ClusterSecretStore by name with its `conditions` enforced) and
// works out how to reach Vault through it: address, KV layout, namespace, CA and token, with the
// render-time overrides of DESIGN.md "Credentials at render time". No network here.

import { describeResource, RenderError, type FileRef, type ResourceId } from '../errors.ts'
import { compileSelector, type LabelSelector } from '../manifests/label-selector.ts'
import type { Author, OptionSource } from '../config.ts'
import { isUnread, resolveAuth, secretValue, UNREAD, type AuthContext, type Lookups, type StoreAuth } from './auth.ts'
import { base64DecodeLoose, fromUtf8 } from './bytes.ts'
import { compileGo, GoRegexpError, type GoRegexp } from '../go/regexp.ts'
import type { KvStore } from '../vault/kv-path.ts'
import type { VaultConnection } from '../vault/client.ts'
import { headerValueProblem, isHeaderName } from '../vault/header.ts'
import type { StoreRef } from './plan.ts'

export interface StoreObject {
  resource: ResourceId
  file?: FileRef
  /** Read from the cluster (the operator's), not found in the input: its server is trusted (README "Trust model", rule 2). */
  fromCluster?: boolean
  spec: {
    controller?: string
    conditions?: { namespaceSelector?: LabelSelector; namespaces?: string[]; namespaceRegexes?: string[] }[]
    provider: Record<string, unknown> & {
      vault?: {
        server: string
        path?: string
        version?: 'v1' | 'v2'
        namespace?: string
        caBundle?: string
        caProvider?: { type: 'Secret' | 'ConfigMap'; name: string; key?: string; namespace?: string }
        tls?: unknown
        headers?: Record<string, string>
        readYourWrites?: boolean
        forwardInconsistent?: boolean
        auth?: Record<string, unknown> & { tokenSecretRef?: { name: string; key?: string; namespace?: string }; namespace?: string }
      }
    }
  }
}

export type { Lookups } from './auth.ts'

/** Where a setting of a resolved store came from: the store itself, or an option and its author. */
export type SettingSource = 'store' | OptionSource

export interface ResolvedStore {
  /** Identity for de-duplication: same address, namespace, CA and token. Never printed. */
  key: string
  resource: ResourceId
  file?: FileRef
  fromCluster?: boolean
  kv: KvStore
  conn: VaultConnection
  /** The store's own server, or the operator's vaultAddress that replaces it. */
  addressSource: SettingSource
  namespaceSource?: SettingSource
  caSource?: SettingSource
  /** A static token, or the login that gives one (the fetch stage logs in). */
  auth: StoreAuth
  /** Whose credential the store uses (README "Trust model", rules 2 and 3) and how it was obtained, for notices (never the token). */
  credential: { author: Author; source: string }
  /** `eso-render check` with cluster access: a Secret it needs is known by its metadata only, so this store can be planned but never used. */
  unread?: boolean
}

/** What resolving a store needs: the same as resolving its auth (options, environment, lookups, files, cluster, policy). */
export type StoreContext = AuthContext

export class StoreIndex {
  private readonly namespaced = new Map<string, StoreObject>()
  private readonly cluster = new Map<string, StoreObject>()
  /** Stores that are there but failed validation (their own errors are reported on them), by the same keys. */
  private readonly invalidNamespaced = new Map<string, ResourceId>()
  private readonly invalidCluster = new Map<string, ResourceId>()

  add(store: StoreObject): void {
    if (store.resource.kind === 'ClusterSecretStore') this.cluster.set(store.resource.name, store)
    else this.namespaced.set(`${store.resource.namespace ?? ''}/${store.resource.name}`, store)
  }

  /**
   * A store that is present but invalid: an ExternalSecret naming it is told so, never that there is
   * no such store, and the cluster is not asked for one in its place (the input wins).
   */
  addInvalid(resource: ResourceId): void {
    if (resource.kind === 'ClusterSecretStore') this.invalidCluster.set(resource.name, resource)
    else this.invalidNamespaced.set(`${resource.namespace ?? ''}/${resource.name}`, resource)
  }

  /** Whether the store a ref names is here (a SecretStore in the namespace, or namespace-less; a ClusterSecretStore by name), valid or not. */
  has(ref: StoreRef, namespace: string): boolean {
    if (ref.kind === 'ClusterSecretStore') return this.cluster.has(ref.name) || this.invalidCluster.has(ref.name)
    return [`${namespace}/${ref.name}`, `/${ref.name}`].some((k) => this.namespaced.has(k) || this.invalidNamespaced.has(k))
  }

  get size(): number {
    return this.namespaced.size + this.cluster.size + this.invalidNamespaced.size + this.invalidCluster.size
  }

  /** ESO's lookup; throws STORE_NOT_FOUND / STORE_NOT_ALLOWED, and SCHEMA_INVALID for a store that failed validation. */
  find(ref: StoreRef, namespace: string, lookups: Lookups): StoreObject {
    if (ref.kind === 'ClusterSecretStore') {
      const store = this.cluster.get(ref.name)
      if (!store) {
        const invalid = this.invalidCluster.get(ref.name)
        if (invalid) throw invalidStore(invalid, ref)
        throw new RenderError('STORE_NOT_FOUND', `could not get ClusterSecretStore "${ref.name}": not in the input (add it to the rendered resources)`, { fieldPath: ref.fieldPath })
      }
      checkConditions(store, namespace, lookups, ref.fieldPath)
      return store
    }
    const own = `${namespace}/${ref.name}`
    const store = this.namespaced.get(own) ?? (this.invalidNamespaced.has(own) ? undefined : this.namespaceless(ref.name))
    if (!store) {
      const invalid = this.invalidNamespaced.get(own) ?? this.invalidNamespaced.get(`/${ref.name}`)
      if (invalid) throw invalidStore(invalid, ref)
      const elsewhere = [...this.namespaced.values()].filter((s) => s.resource.name === ref.name).map((s) => s.resource.namespace)
      const hint = elsewhere.length
        ? ` (a SecretStore of that name exists in ${elsewhere.join(', ')}; a SecretStore is only usable from its own namespace)`
        : this.size === 0
          ? ' (the input holds no stores at all: render them together with the ExternalSecrets; with kpt --match-kind, match the stores too)'
          : ''
      throw new RenderError('STORE_NOT_FOUND', `could not get SecretStore "${ref.name}" in namespace "${namespace}"${hint}`, { fieldPath: ref.fieldPath })
    }
    return store
  }

  // A namespace-less SecretStore is placed by the host into the same namespace as a
  // namespace-less ExternalSecret, so it matches whatever namespace the render assumes.
  private namespaceless(name: string): StoreObject | undefined {
    return this.namespaced.get(`/${name}`)
  }
}

/** The ExternalSecret's side of an invalid store: the store's own errors say what is wrong with it. */
function invalidStore(store: ResourceId, ref: StoreRef): RenderError {
  return new RenderError('SCHEMA_INVALID', `${describeResource(store)} is invalid (its errors are reported on it), so nothing can be read through it`, { fieldPath: ref.fieldPath })
}

/** ESO §3.4: any condition matches when any of its parts does. */
function checkConditions(store: StoreObject, namespace: string, lookups: Lookups, fieldPath: string): void {
  const conditions = store.spec.conditions ?? []
  if (!conditions.length) return
  const labels = { ...(lookups.namespaceLabels(namespace) ?? {}), 'kubernetes.io/metadata.name': namespace }
  for (const [i, c] of conditions.entries()) {
    if (c.namespaceSelector) {
      // client_manager.go: a selector LabelSelectorAsSelector refuses fails the lookup where ESO reaches it.
      const compiled = compileSelector(c.namespaceSelector)
      if ('problems' in compiled) {
        const p = compiled.problems[0]
        throw new RenderError('SCHEMA_INVALID', `${p.message}: ESO cannot convert this label selector`, {
          resource: store.resource,
          file: store.file,
          fieldPath: `spec.conditions[${i}].namespaceSelector.${p.field}`,
        })
      }
      if (compiled.matches(labels)) return
    }
    if (c.namespaces?.includes(namespace)) return
    for (const re of c.namespaceRegexes ?? []) {
      // ESO: regexp.MatchString (Go's RE2: its syntax, linear time).
      let compiled: GoRegexp
      try {
        compiled = compileGo(re)
      } catch (e) {
        if (!(e instanceof GoRegexpError)) throw e
        throw new RenderError('SCHEMA_INVALID', `namespaceRegexes entry ${JSON.stringify(re)} is not a valid regular expression: ${e.message}`, {
          resource: store.resource,
          fieldPath: 'spec.conditions',
        })
      }
      if (compiled.matchString(namespace)) return
    }
  }
  const noLabels = lookups.namespaceLabels(namespace) === undefined && conditions.some((c) => c.namespaceSelector)
  throw new RenderError(
    'STORE_NOT_ALLOWED',
    `using cluster store "${store.resource.name}" is not allowed from namespace "${namespace}": denied by spec.condition${noLabels ? ` (Namespace "${namespace}" is not in the input, so only its name label is known)` : ''}`,
    { fieldPath },
  )
}

function allowedByList(store: StoreObject, list: string[] | undefined): boolean {
  if (!list) return true
  const r = store.resource
  const names = [r.name, `${r.kind}/${r.name}`, r.kind === 'SecretStore' ? `SecretStore/${r.namespace ?? ''}/${r.name}` : '']
  return list.some((entry) => names.includes(entry))
}

/** Resolves connection and credentials for one store as used from one namespace. */
export function resolveStore(store: StoreObject, esNamespace: string, ctx: StoreContext): ResolvedStore {
  const at = { resource: store.resource, file: store.file }
  if (!allowedByList(store, ctx.options.allowedStores)) {
    throw new RenderError('STORE_NOT_ALLOWED', `store is not in the render's allowedStores (${ctx.options.allowedStores!.join(', ')})`, at)
  }
  const providers = Object.keys(store.spec.provider)
  const vault = store.spec.provider.vault
  if (!vault) throw new RenderError('UNSUPPORTED', `provider ${providers.join(', ')} is not supported: eso-render resolves the vault provider only`, { ...at, fieldPath: 'spec.provider' })
  if (store.spec.controller) {
    // eso-render stands in for the default controller class only.
    throw new RenderError('UNSUPPORTED', `store is managed by controller class "${store.spec.controller}"; eso-render renders stores of the default controller`, {
      ...at,
      fieldPath: 'spec.controller',
    })
  }

  const addressSource: SettingSource = ctx.options.vaultAddress ? (ctx.options.sources.vaultAddress ?? { author: 'operator', via: 'vaultAddress' }) : 'store'
  const address = ctx.options.vaultAddress || vault.server
  let parsed: URL | undefined
  try {
    parsed = new URL(address)
  } catch {
    parsed = undefined
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    const from = addressSource === 'store' ? 'spec.provider.vault.server' : addressSource.via
    throw new RenderError('CONFIG_INVALID', `Vault address from ${from} is not an http(s) URL`, { ...at, fieldPath: addressSource === 'store' ? 'spec.provider.vault.server' : undefined })
  }
  let namespace: string | undefined
  let namespaceSource: SettingSource | undefined
  if (vault.namespace !== undefined) [namespace, namespaceSource] = [vault.namespace, 'store']
  else if (ctx.options.vaultNamespace) [namespace, namespaceSource] = [ctx.options.vaultNamespace, ctx.options.sources.vaultNamespace ?? { author: 'input', via: 'vaultNamespace' }]
  else if (ctx.env.VAULT_NAMESPACE) [namespace, namespaceSource] = [ctx.env.VAULT_NAMESPACE, { author: 'operator', via: '$VAULT_NAMESPACE' }]
  let caPem: string | undefined
  let caSource: SettingSource | undefined
  let unread = false
  if (vault.caBundle) [caPem, caSource] = [fromUtf8(base64DecodeLoose(vault.caBundle)), 'store']
  else if (vault.caProvider) {
    const ca = caFromProvider(store, esNamespace, vault.caProvider, ctx)
    caSource = 'store'
    if (ca === UNREAD) unread = true
    else caPem = ca
  } else if (ctx.options.vaultCACert) {
    const caFile = ctx.options.vaultCACert
    caSource = ctx.options.sources.vaultCACert ?? { author: 'operator', via: 'vaultCACert' }
    try {
      caPem = ctx.readFile(caFile)
    } catch {
      throw new RenderError('CONFIG_INVALID', `cannot read the Vault CA file ${caFile} (${caSource.via})`, at)
    }
  }
  checkNamespace(store, namespace, namespaceSource)
  if (typeof vault.auth?.namespace === 'string') {
    const problem = headerValueProblem(vault.auth.namespace)
    if (problem)
      throw new RenderError('SCHEMA_INVALID', `the login's Vault namespace ${problem}, which the X-Vault-Namespace header cannot carry; nothing was sent`, {
        ...at,
        fieldPath: 'spec.provider.vault.auth.namespace',
      })
  }
  checkHeaders(store, vault.headers ?? {})
  const headers: Record<string, string> = { ...(vault.headers ?? {}) }
  if (vault.readYourWrites && vault.forwardInconsistent) headers['X-Vault-Inconsistent'] = 'forward-active-node'

  const tls = vault.tls ? clientTls(store, esNamespace, vault.tls as ClientTls, ctx) : undefined
  if (tls === UNREAD) unread = true
  const clientCert = tls === UNREAD ? undefined : tls
  const auth = resolveAuth({ resource: store.resource, file: store.file, auth: vault.auth }, esNamespace, address, namespace, { ...ctx })
  if (auth.kind === 'login' && auth.method === 'cert' && !address.startsWith('https:')) {
    throw new RenderError('AUTH_FAILED', 'cert auth needs an https server (a client certificate travels only on a TLS connection)', { ...at, fieldPath: 'spec.provider.vault.auth.cert' })
  }
  const credential = { author: auth.author, source: auth.source }
  const conn: VaultConnection = { address, namespace, caPem, insecureSkipVerify: ctx.options.insecureSkipTLSVerify, headers, clientCert }
  return {
    // Never printed: identity for one request per (store identity, path, version).
    key: JSON.stringify([address, namespace ?? '', caPem ?? '', ctx.options.insecureSkipTLSVerify, headers, clientCert?.certPem ?? '', auth.kind === 'token' ? auth.token : auth.identity]),
    resource: store.resource,
    file: store.file,
    fromCluster: store.fromCluster,
    kv: { path: vault.path, version: vault.version ?? 'v2' },
    conn,
    addressSource,
    namespaceSource,
    caSource,
    auth,
    credential,
    ...(unread || authUnread(auth) ? { unread: true } : {}),
  }
}

/** The Vault namespace travels in X-Vault-Namespace: refused by where it came from when a header cannot carry it, never quoted. */
function checkNamespace(store: StoreObject, namespace: string | undefined, source: SettingSource | undefined): void {
  const problem = namespace === undefined ? undefined : headerValueProblem(namespace)
  if (!problem) return
  const at = { resource: store.resource, file: store.file }
  const carry = `which the X-Vault-Namespace header cannot carry; nothing was sent`
  if (source === 'store' || source === undefined) throw new RenderError('SCHEMA_INVALID', `the Vault namespace ${problem}, ${carry}`, { ...at, fieldPath: 'spec.provider.vault.namespace' })
  throw new RenderError('CONFIG_INVALID', `the Vault namespace from ${source.via} (${source.author === 'operator' ? 'set by the operator' : 'set by the input'}) ${problem}, ${carry}`, at)
}

/** The store's `headers`, each a name HTTP accepts with a value a header can carry (the value is never quoted). */
function checkHeaders(store: StoreObject, headers: Record<string, string>): void {
  const at = { resource: store.resource, file: store.file }
  for (const [name, value] of Object.entries(headers)) {
    const fieldPath = `spec.provider.vault.headers${/^[A-Za-z_][\w-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`
    if (!isHeaderName(name)) throw new RenderError('SCHEMA_INVALID', "the header name is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only); nothing was sent", { ...at, fieldPath })
    const problem = headerValueProblem(value)
    if (problem) throw new RenderError('SCHEMA_INVALID', `the header's value ${problem}, which an HTTP header cannot carry; nothing was sent`, { ...at, fieldPath })
  }
}

function authUnread(auth: StoreAuth): boolean {
  return auth.kind === 'token' ? auth.unread === true : Object.values(auth.credentials).some((c) => c?.unread)
}

interface ClientTls {
  certSecretRef?: { name?: string; key?: string; namespace?: string }
  keySecretRef?: { name?: string; key?: string; namespace?: string }
}

/** A Secret key of the input in ESO's namespaces (a SecretStore: the ExternalSecret's; a ClusterSecretStore: the ref's, else the ExternalSecret's). */
function inputSecretKey(
  store: StoreObject,
  esNamespace: string,
  ref: { name?: string; key?: string; namespace?: string },
  fieldPath: string,
  ctx: StoreContext,
  defaultKey?: string,
): string | typeof UNREAD {
  const at = { resource: store.resource, file: store.file }
  const ns = store.resource.kind === 'ClusterSecretStore' ? (ref.namespace ?? esNamespace) : esNamespace
  const name = ref.name ?? ''
  const secret = ctx.lookups.secret(ns, name)
  if (!secret)
    throw new RenderError('STORE_NOT_FOUND', `cannot get Kubernetes secret "${name}" from namespace "${ns}": not in the input${ctx.lookups.missHint('Secret', ns, name)}`, {
      ...at,
      fieldPath: `${fieldPath}.name`,
    })
  if (isUnread(secret)) return UNREAD
  const key = ref.key || defaultKey || ''
  const value = secretValue(secret, key)
  if (value === undefined) throw new RenderError('VALUE_INVALID', `cannot find secret data for key: ${JSON.stringify(key)} in Secret ${ns}/${name}`, { ...at, fieldPath: `${fieldPath}.key` })
  return value
}

/** The store's `tls`: a client certificate for the connection (keys default tls.crt and tls.key, as ESO's configureClientTLS). */
function clientTls(store: StoreObject, esNamespace: string, tls: ClientTls, ctx: StoreContext): VaultConnection['clientCert'] | typeof UNREAD {
  if (!tls.certSecretRef && !tls.keySecretRef) return undefined
  if (!tls.certSecretRef || !tls.keySecretRef) {
    throw new RenderError('SCHEMA_INVALID', 'when provided, both ClientTLS.ClientCert and ClientTLS.SecretRef should be provided', {
      resource: store.resource,
      file: store.file,
      fieldPath: 'spec.provider.vault.tls',
    })
  }
  const certPem = inputSecretKey(store, esNamespace, tls.certSecretRef, 'spec.provider.vault.tls.certSecretRef', ctx, 'tls.crt')
  const keyPem = inputSecretKey(store, esNamespace, tls.keySecretRef, 'spec.provider.vault.tls.keySecretRef', ctx, 'tls.key')
  return certPem === UNREAD || keyPem === UNREAD ? UNREAD : { certPem, keyPem }
}

/** esutils.FetchCACertFromSource: a CA from a Secret or ConfigMap key, with ESO's namespace rules. */
function caFromProvider(
  store: StoreObject,
  esNamespace: string,
  provider: { type: 'Secret' | 'ConfigMap'; name: string; key?: string; namespace?: string },
  ctx: StoreContext,
): string | typeof UNREAD {
  const at = { resource: store.resource, file: store.file, fieldPath: 'spec.provider.vault.caProvider' }
  const cluster = store.resource.kind === 'ClusterSecretStore'
  if (!cluster && provider.namespace !== undefined && provider.namespace !== esNamespace)
    throw new RenderError('SCHEMA_INVALID', 'namespace not allowed with namespaced SecretStore', { ...at, fieldPath: `${at.fieldPath}.namespace` })
  if (cluster && provider.namespace === undefined) throw new RenderError('SCHEMA_INVALID', 'missing namespace on caProvider secret', { ...at, fieldPath: `${at.fieldPath}.namespace` })
  const ns = provider.namespace ?? esNamespace
  const key = provider.key ?? ''
  if (provider.type === 'Secret') {
    const secret = ctx.lookups.secret(ns, provider.name)
    if (!secret)
      throw new RenderError('STORE_NOT_FOUND', `failed to get cert from secret: Secret ${ns}/${provider.name} is not in the input${ctx.lookups.missHint('Secret', ns, provider.name)}`, {
        ...at,
        fieldPath: `${at.fieldPath}.name`,
      })
    if (isUnread(secret)) return UNREAD
    const value = secretValue(secret, key)
    if (value === undefined)
      throw new RenderError('VALUE_INVALID', `failed to get cert from secret: failed to find caProvider secret key ${JSON.stringify(key)}`, { ...at, fieldPath: `${at.fieldPath}.key` })
    return value
  }
  const cm = ctx.lookups.configMap(ns, provider.name)
  if (!cm)
    throw new RenderError('STORE_NOT_FOUND', `failed to get cert from configmap: ConfigMap ${ns}/${provider.name} is not in the input${ctx.lookups.missHint('ConfigMap', ns, provider.name)}`, {
      ...at,
      fieldPath: `${at.fieldPath}.name`,
    })
  const value = ((cm.data ?? {}) as Record<string, unknown>)[key]
  if (typeof value !== 'string')
    throw new RenderError('VALUE_INVALID', `failed to get cert from configmap: failed to find caProvider configmap key ${JSON.stringify(key)}`, { ...at, fieldPath: `${at.fieldPath}.key` })
  return value
}
