// Finds the store an ExternalSecret item names (ESO's rules: a SecretStore only from the
// ExternalSecret's own namespace, a ClusterSecretStore by name with its `conditions` enforced) and
// works out how to reach Vault through it: address, KV layout, namespace, CA and token, with the
// render-time overrides of DESIGN.md "Credentials at render time". No network here.

import { RenderError, type FileRef, type ResourceId } from '../errors.ts'
import type { Author, Environment, OptionSource, RenderOptions } from '../config.ts'
import type { KvStore } from '../vault/kv-path.ts'
import type { VaultConnection } from '../vault/client.ts'
import type { StoreRef } from './plan.ts'

export interface StoreObject {
  resource: ResourceId
  file?: FileRef
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

interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

/** Kubernetes objects from the input that stores may refer to. */
export interface Lookups {
  secret(namespace: string, name: string): Record<string, unknown> | undefined
  configMap(namespace: string, name: string): Record<string, unknown> | undefined
  namespaceLabels(name: string): Record<string, string> | undefined
  /**
   * For a lookup that missed: where objects of that kind and name are in the input instead, as a
   * clause for the message (`; a namespace-less ConfigMap of that name is in the input...`), or ''.
   */
  missHint(kind: 'Secret' | 'ConfigMap', namespace: string, name: string): string
}

/** Where a setting of a resolved store came from: the store itself, or an option and its author. */
export type SettingSource = 'store' | OptionSource

export interface ResolvedStore {
  /** Identity for de-duplication: same address, namespace, CA and token. Never printed. */
  key: string
  resource: ResourceId
  file?: FileRef
  kv: KvStore
  conn: VaultConnection
  /** The store's own server, or the operator's vaultAddress that replaces it. */
  addressSource: SettingSource
  namespaceSource?: SettingSource
  caSource?: SettingSource
  token: string
  /** Whose credential the token is (README "Trust model", rules 2 and 3) and how it was obtained, for notices (never the token). */
  credential: { author: Author; source: string }
}

export interface StoreContext {
  options: RenderOptions
  env: Environment
  lookups: Lookups
  /** Reads a file (CA bundle, token file); injected for tests. */
  readFile: (path: string) => string
}

export class StoreIndex {
  private readonly namespaced = new Map<string, StoreObject>()
  private readonly cluster = new Map<string, StoreObject>()

  add(store: StoreObject): void {
    if (store.resource.kind === 'ClusterSecretStore') this.cluster.set(store.resource.name, store)
    else this.namespaced.set(`${store.resource.namespace ?? ''}/${store.resource.name}`, store)
  }

  get size(): number {
    return this.namespaced.size + this.cluster.size
  }

  /** ESO's lookup; throws STORE_NOT_FOUND / STORE_NOT_ALLOWED. */
  find(ref: StoreRef, namespace: string, lookups: Lookups): StoreObject {
    if (ref.kind === 'ClusterSecretStore') {
      const store = this.cluster.get(ref.name)
      if (!store) throw new RenderError('STORE_NOT_FOUND', `could not get ClusterSecretStore "${ref.name}": not in the input (add it to the rendered resources)`, { fieldPath: ref.fieldPath })
      checkConditions(store, namespace, lookups, ref.fieldPath)
      return store
    }
    const store = this.namespaced.get(`${namespace}/${ref.name}`) ?? this.namespaceless(ref.name)
    if (!store) {
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

function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key)
    const values = e.values ?? []
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]))) return false
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key])) return false
    if (e.operator === 'Exists' && !has) return false
    if (e.operator === 'DoesNotExist' && has) return false
  }
  return true
}

/** ESO §3.4: any condition matches when any of its parts does. */
function checkConditions(store: StoreObject, namespace: string, lookups: Lookups, fieldPath: string): void {
  const conditions = store.spec.conditions ?? []
  if (!conditions.length) return
  const labels = { ...(lookups.namespaceLabels(namespace) ?? {}), 'kubernetes.io/metadata.name': namespace }
  for (const c of conditions) {
    if (c.namespaceSelector && selectorMatches(c.namespaceSelector, labels)) return
    if (c.namespaces?.includes(namespace)) return
    for (const re of c.namespaceRegexes ?? []) {
      let compiled: RegExp
      try {
        compiled = new RegExp(re, 'u')
      } catch {
        throw new RenderError('SCHEMA_INVALID', `namespaceRegexes entry ${JSON.stringify(re)} is not a valid regular expression`, { resource: store.resource, fieldPath: 'spec.conditions' })
      }
      if (compiled.test(namespace)) return
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

function decodeSecretValue(secret: Record<string, unknown>, key: string): string | undefined {
  const stringData = secret.stringData as Record<string, unknown> | undefined
  if (stringData && typeof stringData[key] === 'string') return stringData[key] as string
  const data = secret.data as Record<string, unknown> | undefined
  if (data && typeof data[key] === 'string') return Buffer.from(data[key] as string, 'base64').toString('utf8')
  return undefined
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
  if (vault.tls) throw new RenderError('UNSUPPORTED', 'client TLS certificates (tls) are not supported yet', { ...at, fieldPath: 'spec.provider.vault.tls' })
  if (vault.caProvider) throw new RenderError('UNSUPPORTED', 'caProvider is not supported yet; use caBundle or VAULT_CACERT', { ...at, fieldPath: 'spec.provider.vault.caProvider' })

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
  if (vault.caBundle) [caPem, caSource] = [Buffer.from(vault.caBundle, 'base64').toString('utf8'), 'store']
  else if (ctx.options.vaultCACert) {
    const caFile = ctx.options.vaultCACert
    caSource = ctx.options.sources.vaultCACert ?? { author: 'operator', via: 'vaultCACert' }
    try {
      caPem = ctx.readFile(caFile)
    } catch {
      throw new RenderError('CONFIG_INVALID', `cannot read the Vault CA file ${caFile} (${caSource.via})`, at)
    }
  }
  const headers: Record<string, string> = { ...(vault.headers ?? {}) }
  if (vault.readYourWrites && vault.forwardInconsistent) headers['X-Vault-Inconsistent'] = 'forward-active-node'

  const { token, credential } = resolveToken(store, esNamespace, ctx)
  const conn: VaultConnection = { address, namespace, caPem, insecureSkipVerify: ctx.options.insecureSkipTLSVerify, headers }
  return {
    key: JSON.stringify([address, namespace ?? '', caPem ?? '', ctx.options.insecureSkipTLSVerify, headers, token]),
    resource: store.resource,
    file: store.file,
    kv: { path: vault.path, version: vault.version ?? 'v2' },
    conn,
    addressSource,
    namespaceSource,
    caSource,
    token,
    credential,
  }
}

const AUTH_METHODS = ['tokenSecretRef', 'appRole', 'kubernetes', 'ldap', 'userPass', 'jwt', 'cert', 'iam', 'gcp']

type TokenResolution = { token: string; credential: { author: Author; source: string } }

function resolveToken(store: StoreObject, esNamespace: string, ctx: StoreContext): TokenResolution {
  const at = { resource: store.resource, file: store.file }
  const operator = (token: string, source: string): TokenResolution => ({ token, credential: { author: 'operator', source } })
  if (ctx.options.tokenEnv) {
    const set = ctx.options.sources.tokenEnv?.via ?? 'tokenEnv'
    const token = ctx.env[ctx.options.tokenEnv]
    if (!token) throw new RenderError('AUTH_FAILED', `tokenEnv (${set}) names $${ctx.options.tokenEnv}, which is not set`, at)
    return operator(token, `$${ctx.options.tokenEnv} (tokenEnv, set by the operator: ${set})`)
  }
  if (ctx.options.tokenFile) {
    const set = ctx.options.sources.tokenFile?.via ?? 'tokenFile'
    try {
      return operator(ctx.readFile(ctx.options.tokenFile).replace(/\r?\n$/, ''), `file ${ctx.options.tokenFile} (tokenFile, set by the operator: ${set})`)
    } catch {
      throw new RenderError('AUTH_FAILED', `cannot read the token file ${ctx.options.tokenFile} (tokenFile, ${set})`, at)
    }
  }
  const auth = store.spec.provider.vault?.auth ?? {}
  const method = AUTH_METHODS.find((m) => auth[m] !== undefined)
  const envToken = ctx.env.VAULT_TOKEN
  const fallback = (why: string) => (envToken ? operator(envToken, `$VAULT_TOKEN (set by the operator; ${why})`) : undefined)
  if (method === 'tokenSecretRef') {
    const ref = auth.tokenSecretRef!
    const key = ref.key ?? 'token'
    // ESO §3.5: a SecretStore reads from the ExternalSecret's namespace; a ClusterSecretStore from
    // the ref's namespace, else the ExternalSecret's.
    const ns = store.resource.kind === 'ClusterSecretStore' ? (ref.namespace ?? esNamespace) : esNamespace
    const secret = ctx.lookups.secret(ns, ref.name)
    if (!secret) {
      const fb = fallback(`Secret ${ns}/${ref.name} named by tokenSecretRef is not in the input`)
      if (fb) return fb
      throw new RenderError(
        'AUTH_FAILED',
        `cannot get Kubernetes secret "${ref.name}" from namespace "${ns}": not in the input${ctx.lookups.missHint('Secret', ns, ref.name)} (add it, or set VAULT_TOKEN with VAULT_ADDR)`,
        {
          ...at,
          fieldPath: 'spec.provider.vault.auth.tokenSecretRef',
        },
      )
    }
    const token = decodeSecretValue(secret, key)
    if (token === undefined) {
      throw new RenderError('AUTH_FAILED', `cannot find secret data for key: "${key}" in Secret ${ns}/${ref.name}`, { ...at, fieldPath: 'spec.provider.vault.auth.tokenSecretRef.key' })
    }
    // The input's own credential: its author already holds it (README "Trust model", rule 3).
    return { token, credential: { author: 'input', source: `Secret ${ns}/${ref.name} key ${key}` } }
  }
  if (method) {
    const fb = fallback(`${method} auth is not implemented by eso-render yet`)
    if (fb) return fb
    throw new RenderError(
      'AUTH_FAILED',
      `auth method ${method} is not implemented by eso-render yet; set VAULT_TOKEN with VAULT_ADDR (or ESO_RENDER_TOKEN_ENV / ESO_RENDER_TOKEN_FILE) to render with an explicit token`,
      {
        ...at,
        fieldPath: `spec.provider.vault.auth.${method}`,
      },
    )
  }
  const fb = fallback('the store has no auth')
  if (fb) return fb
  throw new RenderError('AUTH_FAILED', 'cannot initialize Vault client: no valid auth method specified (and VAULT_TOKEN is not set)', { ...at, fieldPath: 'spec.provider.vault.auth' })
}
