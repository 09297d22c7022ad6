// The render pipeline shared by every face: find ExternalSecrets and stores among the items,
// validate and plan them all, resolve stores and credentials, read Vault once per distinct
// (store identity, path, version), build the Secrets, and say what to do with each item.
// All or nothing: any error fails the whole render before anything is written.

import { readFileSync } from 'node:fs'
import { describeResource, RenderError, RenderErrors, type FileRef, type ResourceId } from './errors.ts'
import { describeSource, type Environment, type RenderOptions } from './config.ts'
import type { Item, ItemAction, KubeObject, Manifests } from './manifests/read.ts'
import { loadSchemas, validateResource } from './eso/schema.ts'
import { planExternalSecret, type ExternalSecretPlan, type PlannedRead } from './eso/plan.ts'
import { resolveStore, StoreIndex, type Lookups, type ResolvedStore, type SettingSource, type StoreObject } from './eso/stores.ts'
import { checkCredentialDestination } from './pipeline/trust.ts'
import { resolveData, type ReadOutcome } from './eso/resolve.ts'
import { ANNOTATION_DATA_HASH, buildSecret, dataHash, LABEL_MANAGED } from './eso/target.ts'
import { applyTemplate, needsEngine, useYamlParser, type TemplateEngine, type TemplateResult } from './eso/template.ts'
import { loadYaml, PARSE_OPTIONS, plain } from './manifests/yaml.ts'
import { kvDataPath } from './vault/kv-path.ts'
import { KvError } from './vault/kv-error.ts'
import type { ClientOptions } from './vault/client.ts'
import { ESO_GROUP, ESO_KINDS, isInteresting } from './eso/kinds.ts'

export const LOCAL_CONFIG = 'config.kubernetes.io/local-config'
/** Kubernetes refuses Secrets whose data exceeds 1 MiB. */
const MAX_SECRET_BYTES = 1024 * 1024
export const KEPT_MARKER = 'config.eso-render.dev/kept'

export interface Notice {
  severity: 'warning' | 'info'
  message: string
  resource?: ResourceId
  file?: FileRef
  fieldPath?: string
}

export interface RenderStats {
  externalSecrets: number
  secrets: number
  vaultReads: number
}

export interface RenderResult {
  actions: Map<number, ItemAction>
  notices: Notice[]
  stats: RenderStats
}

export interface RenderContext {
  options: RenderOptions
  env: Environment
  readFile?: (path: string) => string
}

function resourceOf(obj: KubeObject, kind: string): ResourceId {
  const md = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown }
  return {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined,
    kind,
    name: typeof md.name === 'string' ? md.name : '(unnamed)',
    namespace: typeof md.namespace === 'string' && md.namespace ? md.namespace : undefined,
  }
}

function annotationsOf(obj: KubeObject): Record<string, string> {
  const md = obj.metadata as { annotations?: Record<string, string> } | undefined
  return md?.annotations && typeof md.annotations === 'object' ? md.annotations : {}
}

const KPT_PATH_KEYS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path']
const KPT_INDEX_KEYS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index']

/** Under kpt, errors name the package file and document, not the ResourceList position. */
function kptFileOf(obj: KubeObject): FileRef | undefined {
  const annotations = annotationsOf(obj)
  const path = KPT_PATH_KEYS.map((k) => annotations[k]).find((v) => typeof v === 'string')
  if (!path) return undefined
  const index = Number(KPT_INDEX_KEYS.map((k) => annotations[k]).find((v) => typeof v === 'string') ?? '0')
  return { path, index: Number.isInteger(index) ? index : 0 }
}

/** Bounded-concurrency runner. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const queue: (() => void)[] = []
  const next = () => {
    if (active >= limit || !queue.length) return
    active++
    queue.shift()!()
  }
  return (task) =>
    new Promise((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active--
            next()
          })
      })
      next()
    })
}

interface Classified {
  externalSecrets: { item: Item; object: KubeObject; resource: ResourceId; file?: FileRef }[]
  stores: { item: Item; object: KubeObject; resource: ResourceId; file?: FileRef }[]
  secrets: Map<string, { item: Item; object: KubeObject }>
  configMaps: Map<string, KubeObject>
  namespaces: Map<string, Record<string, string>>
  kpt: boolean
}

function classify(manifests: Manifests, errors: RenderError[], notices: Notice[], defaultNamespace: string): Classified {
  const out: Classified = { externalSecrets: [], stores: [], secrets: new Map(), configMaps: new Map(), namespaces: new Map(), kpt: false }
  const needLookups = manifests.items.some((i) => isInteresting(i.kind))
  for (const item of manifests.items) {
    const kind = item.kind
    const maybeLookup = needLookups && (kind === 'Secret' || kind === 'ConfigMap' || kind === 'Namespace')
    if (!isInteresting(kind) && !maybeLookup) continue
    let object: KubeObject
    try {
      object = item.object()
    } catch (err) {
      errors.push(err instanceof RenderError ? err : new RenderError('INPUT_INVALID', 'item cannot be read', { file: item.file }))
      continue
    }
    const realKind = typeof object.kind === 'string' ? object.kind : undefined
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : ''
    if (!realKind) {
      errors.push(new RenderError('INPUT_INVALID', 'item has no kind: every item must be a Kubernetes object with apiVersion and kind', { file: item.file, fieldPath: 'kind' }))
      continue
    }
    const resource = resourceOf(object, realKind)
    const md = object.metadata as { name?: unknown } | undefined
    const file = kptFileOf(object) ?? item.file
    if (ESO_KINDS.has(realKind) && apiVersion.startsWith(`${ESO_GROUP}/`)) {
      if (typeof md?.name !== 'string' || !md.name) {
        errors.push(new RenderError('SCHEMA_INVALID', 'required field is missing', { resource, fieldPath: 'metadata.name', file }))
        continue
      }
      const version = apiVersion.slice(ESO_GROUP.length + 1)
      if (version === 'v1alpha1') {
        errors.push(
          new RenderError('UNSUPPORTED', `${apiVersion} is not supported (ESO removed it in v0.11; its template engine v1 is gone): convert the resource to external-secrets.io/v1`, {
            resource,
            fieldPath: 'apiVersion',
            file,
          }),
        )
        continue
      }
      if (version !== 'v1' && version !== 'v1beta1') {
        errors.push(new RenderError('UNSUPPORTED', `${apiVersion} is not a known ESO version: use external-secrets.io/v1 (v1beta1 is accepted too)`, { resource, fieldPath: 'apiVersion', file }))
        continue
      }
      const annotations = annotationsOf(object)
      if (KPT_PATH_KEYS.some((k) => annotations[k] !== undefined)) out.kpt = true
      if (realKind === 'ExternalSecret') {
        if (annotations[LOCAL_CONFIG] === 'true' && annotations[KEPT_MARKER] !== 'true') {
          notices.push({ severity: 'info', message: 'ExternalSecret is marked local-config: left as it is, no Secret rendered', resource, file })
          continue
        }
        out.externalSecrets.push({ item, object, resource, file })
      } else out.stores.push({ item, object, resource, file })
      continue
    }
    if (apiVersion !== 'v1') continue
    const ns = resource.namespace ?? defaultNamespace
    if (realKind === 'Secret') out.secrets.set(`${ns}/${resource.name}`, { item, object })
    else if (realKind === 'ConfigMap') out.configMaps.set(`${ns}/${resource.name}`, object)
    else if (realKind === 'Namespace') out.namespaces.set(resource.name, ((object.metadata as { labels?: Record<string, string> }).labels ?? {}) as Record<string, string>)
  }
  return out
}

function defaultNamespaceOf(ctx: RenderContext): string {
  return ctx.options.namespace || ctx.env.ARGOCD_APP_NAMESPACE || 'default'
}

/** Runs the pipeline over parsed manifests. Throws RenderErrors; never returns partial actions. */
export async function render(manifests: Manifests, ctx: RenderContext): Promise<RenderResult> {
  const errors: RenderError[] = []
  const notices: Notice[] = []
  const defaultNamespace = defaultNamespaceOf(ctx)
  const found = classify(manifests, errors, notices, defaultNamespace)
  const actions = new Map<number, ItemAction>()
  const stats: RenderStats = { externalSecrets: found.externalSecrets.length, secrets: 0, vaultReads: 0 }
  if (!found.externalSecrets.length && !found.stores.length) {
    if (errors.length) throw new RenderErrors(errors)
    return { actions, notices, stats }
  }

  // Validate and index stores.
  await loadSchemas()
  const index = new StoreIndex()
  for (const s of found.stores) {
    const problems = validateResource('SecretStore', s.object, s.resource, s.file)
    if (problems.length) {
      errors.push(...problems)
      continue
    }
    index.add({ resource: s.resource, file: s.file, spec: s.object.spec as StoreObject['spec'] })
  }

  // Validate and plan ExternalSecrets.
  const plans: ExternalSecretPlan[] = []
  for (const es of found.externalSecrets) {
    const problems = validateResource('ExternalSecret', es.object, es.resource, es.file)
    if (problems.length) {
      errors.push(...problems)
      continue
    }
    const planned = planExternalSecret(es.object, {
      resource: es.resource,
      position: es.item.position,
      file: es.file,
      defaultNamespace,
    })
    errors.push(...planned.errors)
    if (!planned.plan) continue
    if (ctx.options.allowedNamespaces && !ctx.options.allowedNamespaces.includes(planned.plan.namespace)) {
      errors.push(
        new RenderError('STORE_NOT_ALLOWED', `namespace "${planned.plan.namespace}" is not in the render's allowedNamespaces (${ctx.options.allowedNamespaces.join(', ')})`, {
          resource: es.resource,
          fieldPath: 'metadata.namespace',
          file: es.file,
        }),
      )
      continue
    }
    if (!planned.plan.namespaceWritten) {
      notices.push({ severity: 'info', message: `no metadata.namespace: stores resolved as in namespace "${defaultNamespace}"; the Secret stays namespace-less for the host to place`, resource: es.resource, file: es.file })
    }
    plans.push(planned.plan)
  }

  // Resolve stores and credentials for every read.
  const lookups: Lookups = {
    secret: (ns, name) => found.secrets.get(`${ns}/${name}`)?.object,
    configMap: (ns, name) => found.configMaps.get(`${ns}/${name}`),
    namespaceLabels: (name) => found.namespaces.get(name),
  }
  const announced = new Set<string>()
  const announce = (message: string) => {
    if (announced.has(message)) return
    announced.add(message)
    notices.push({ severity: 'info', message })
  }
  const addressSource = ctx.options.sources.vaultAddress
  if (ctx.options.vaultAddress) announce(`Vault address ${ctx.options.vaultAddress} replaces every store's server (${addressSource ? describeSource(addressSource) : 'vaultAddress'})`)
  if (ctx.options.insecureSkipTLSVerify) {
    const set = ctx.options.sources.insecureSkipTLSVerify
    notices.push({ severity: 'warning', message: `TLS CERTIFICATE VERIFICATION IS OFF (insecureSkipTLSVerify, ${set ? describeSource(set) : 'set'}): Vault answers could be forged and tokens stolen` })
  }
  const storeCtx = { options: ctx.options, env: ctx.env, lookups, readFile: ctx.readFile ?? ((p: string) => readFileSync(p, 'utf8')) }
  const resolved = new Map<PlannedRead, { store: ResolvedStore; path: string }>()
  const storeCache = new Map<string, ResolvedStore | RenderError>()
  for (const plan of plans) {
    for (const read of plan.reads) {
      const cacheKey = `${read.store.kind}/${read.store.name}@${plan.namespace}`
      let store = storeCache.get(cacheKey)
      if (!store) {
        try {
          const object = index.find(read.store, plan.namespace, lookups)
          store = resolveStore(object, plan.namespace, storeCtx)
          // Operator credentials go only to operator-trusted servers, decided before any request.
          const untrusted = checkCredentialDestination(store, ctx.options)
          if (untrusted) throw untrusted
          announceOverrides(store, announce)
        } catch (err) {
          store = err instanceof RenderError ? err : new RenderError('INTERNAL', 'store resolution failed')
        }
        storeCache.set(cacheKey, store)
      }
      if (store instanceof RenderError) {
        errors.push(store.locate({ resource: plan.resource, fieldPath: read.store.fieldPath, file: plan.file }))
        continue
      }
      resolved.set(read, { store, path: kvDataPath(store.kv, read.remoteRef.key) })
    }
  }
  if (errors.length) throw new RenderErrors(errors)

  // Fetch: one request per distinct (store identity, path, version).
  // The HTTP client loads only when there is something to read (it is a third of a cold start).
  const { readKv } = await import('./vault/kv.ts')
  const { closeAgents, VaultRequestError } = await import('./vault/client.ts')
  const isRequestError = (err: unknown): err is Error => err instanceof VaultRequestError
  const client: ClientOptions = { timeoutMs: ctx.options.vaultTimeoutSeconds * 1000, retries: ctx.options.vaultRetries, backoffMs: 200 }
  const run = limiter(ctx.options.vaultConcurrency)
  const fetches = new Map<string, Promise<ReadOutcome | RenderError>>()
  const fetchKey = (r: { store: ResolvedStore; path: string }, read: PlannedRead) => `${r.store.key}\u0000${r.path}\u0000${read.remoteRef.version ?? ''}`
  for (const [read, r] of resolved) {
    const key = fetchKey(r, read)
    if (fetches.has(key)) continue
    fetches.set(
      key,
      run(async (): Promise<ReadOutcome | RenderError> => {
        stats.vaultReads++
        const where = `${r.path}${read.remoteRef.version ? `?version=${read.remoteRef.version}` : ''}`
        try {
          const res = await readKv(r.store.conn, r.store.token, r.store.kv, r.path, read.remoteRef.version, client)
          return res.found ? { found: true, data: res.data, path: where } : { found: false, reason: res.reason, path: where }
        } catch (err) {
          return vaultError(err, r.store, where, isRequestError)
        }
      }),
    )
  }
  const outcomes = new Map<string, ReadOutcome | RenderError>()
  try {
    await Promise.all([...fetches].map(async ([k, p]) => outcomes.set(k, await p)))
  } finally {
    // Idle keep-alive sockets would hold the process open after the output is written.
    closeAgents()
  }

  // Build Secrets.
  let engine: TemplateEngine | undefined
  if (plans.some((p) => p.template)) {
    const yaml = await loadYaml()
    useYamlParser((text) => plain(yaml.parse(text, PARSE_OPTIONS)))
    if (plans.some((p) => needsEngine(p, ctx.options.templateLeftDelimiter))) {
      // The engine loads only when a template has actions.
      const { renderTemplateBytes, TemplateError } = await import('./template/index.ts')
      engine = { renderTemplateBytes, isTemplateError: (err): err is Error & { phase: 'parse' | 'exec' } => err instanceof TemplateError }
    }
  }
  const generated = new Map<string, ExternalSecretPlan>()
  for (const plan of plans) {
    const readErrors: RenderError[] = []
    for (const read of plan.reads) {
      const o = outcomes.get(fetchKey(resolved.get(read)!, read))!
      if (o instanceof RenderError) readErrors.push(o.locate({ resource: plan.resource, fieldPath: read.source === 'data' ? `${read.fieldPath}.remoteRef.key` : `${read.fieldPath}.key`, file: plan.file }))
    }
    if (readErrors.length) {
      errors.push(...readErrors)
      continue
    }
    let data: Map<string, Uint8Array> | undefined
    try {
      const result = resolveData(plan, (read) => outcomes.get(fetchKey(resolved.get(read)!, read)) as ReadOutcome)
      data = result.data
      for (const n of result.notices) notices.push({ severity: 'warning', message: n, resource: plan.resource, file: plan.file })
    } catch (err) {
      if (Array.isArray(err)) errors.push(...(err as RenderError[]))
      else throw err
      continue
    }
    const keepEs = ctx.options.keepExternalSecrets === 'auto' ? found.kpt : ctx.options.keepExternalSecrets
    const esAction: ItemAction = keepEs ? { keep: true, annotate: { [LOCAL_CONFIG]: 'true', [KEPT_MARKER]: 'true' }, add: [] } : { keep: false, add: [] }
    actions.set(plan.position, esAction)
    if (!data) continue
    if (plan.creationPolicy === 'None') {
      notices.push({ severity: 'info', message: 'creationPolicy None: no Secret is written', resource: plan.resource, file: plan.file })
      continue
    }
    const targetKey = `${plan.namespace}/${plan.targetName}`
    const clash = generated.get(targetKey)
    if (clash) {
      errors.push(new RenderError('TARGET_INVALID', `target Secret "${plan.targetName}" is also written by ExternalSecret ${clash.resource.name}: target is owned by another ExternalSecret`, { resource: plan.resource, fieldPath: 'spec.target.name', file: plan.file }))
      continue
    }
    generated.set(targetKey, plan)
    const existing = found.secrets.get(targetKey)
    let templated: TemplateResult | undefined
    if (plan.template) {
      try {
        templated = applyTemplate(plan, data, { lookups, delimiters: [ctx.options.templateLeftDelimiter, ctx.options.templateRightDelimiter], engine })
      } catch (err) {
        if (err instanceof RenderError) {
          errors.push(err)
          continue
        }
        throw err
      }
      data = templated.data
      if (templated.nonDeterministic) {
        notices.push({
          severity: 'warning',
          message: 'the template calls a random or time function: the Secret changes on every render (Argo CD stays OutOfSync, Reloader restarts pods)',
          resource: plan.resource,
          file: plan.file,
        })
      }
    }
    const size = [...data].reduce((n, [k, v]) => n + Buffer.byteLength(k) + v.length, 0)
    if (size > MAX_SECRET_BYTES) {
      errors.push(new RenderError('TARGET_INVALID', `the Secret's data is ${size} bytes, over Kubernetes' 1 MiB limit for a Secret`, { resource: plan.resource, fieldPath: 'spec', file: plan.file }))
      continue
    }
    let secret = buildSecret(plan, data, { reloader: ctx.options.reloader }, templated)
    if (plan.creationPolicy === 'Merge') {
      if (!existing) {
        errors.push(
          new RenderError('TARGET_INVALID', `creationPolicy Merge needs the Secret "${plan.targetName}" in the input: ESO would merge into a Secret in the cluster, which a render cannot see`, {
            resource: plan.resource,
            fieldPath: 'spec.target.creationPolicy',
            file: plan.file,
          }),
        )
        continue
      }
      secret = mergeInto(existing.object, secret)
      actions.set(existing.item.position, { keep: false, add: [secret] })
      stats.secrets++
      continue
    }
    if (existing) {
      const labels = ((existing.object.metadata as { labels?: Record<string, string> }).labels ?? {}) as Record<string, string>
      if (found.kpt && labels[LABEL_MANAGED] === 'true') {
        // A Secret written by an earlier in-place kpt render: this render replaces it.
        actions.set(existing.item.position, { keep: false })
      } else {
        errors.push(new RenderError('TARGET_INVALID', `Secret "${plan.targetName}" already exists in the input; ESO would refuse to take it over (use creationPolicy Merge to merge into it)`, { resource: plan.resource, fieldPath: 'spec.target.name', file: plan.file }))
        continue
      }
    }
    if (found.kpt) secret = withKptPath(secret, plan, manifests)
    esAction.add!.push(secret)
    stats.secrets++
  }
  if (errors.length) throw new RenderErrors(errors)

  const keepStores = ctx.options.keepStores === 'auto' ? found.kpt : ctx.options.keepStores
  for (const s of found.stores) actions.set(s.item.position, keepStores ? { keep: true, annotate: { [LOCAL_CONFIG]: 'true' } } : { keep: false })
  return { actions, notices, stats }
}

/** Says, once per store, which of its settings an option replaced or filled in, and who set it. */
function announceOverrides(store: ResolvedStore, announce: (message: string) => void): void {
  const name = describeResource(store.resource)
  const by = (source: SettingSource | undefined) => (source && source !== 'store' ? describeSource(source) : undefined)
  if (store.credential.author === 'operator') announce(`${name}: Vault token from ${store.credential.source}`)
  const ns = by(store.namespaceSource)
  if (ns) announce(`${name}: Vault namespace ${JSON.stringify(store.conn.namespace)} for a store that sets none (${ns})`)
  const ca = by(store.caSource)
  if (ca) announce(`${name}: CA certificates for a store without caBundle (${ca})`)
}

function vaultError(err: unknown, store: ResolvedStore, where: string, isRequestError: (err: unknown) => err is Error): RenderError {
  const via = `${store.resource.kind} ${store.resource.namespace ? store.resource.namespace + '/' : ''}${store.resource.name}`
  if (err instanceof KvError) {
    const code = err.code === 'DENIED' ? 'VAULT_DENIED' : err.code === 'SEALED' ? 'VAULT_SEALED' : 'VAULT_ERROR'
    return new RenderError(code, `${err.message} (via ${via})`)
  }
  if (isRequestError(err)) return new RenderError('VAULT_UNREACHABLE', `cannot read secret data from Vault: GET /v1/${where}: ${err.message} (via ${via})`)
  return new RenderError('INTERNAL', `reading GET /v1/${where} failed unexpectedly (via ${via})`, { cause: err })
}

/** creationPolicy Merge: provider keys over the existing Secret's data; ESO's labels/annotations added. */
function mergeInto(existing: KubeObject, rendered: KubeObject): KubeObject {
  const out: KubeObject = JSON.parse(JSON.stringify(existing)) as KubeObject
  const md = (out.metadata ?? {}) as Record<string, unknown>
  const rmd = rendered.metadata as { labels: Record<string, string>; annotations: Record<string, string> }
  md.labels = { ...((md.labels as Record<string, string>) ?? {}), ...rmd.labels }
  md.annotations = { ...((md.annotations as Record<string, string>) ?? {}), ...rmd.annotations }
  out.metadata = md
  const data: Record<string, string> = { ...((out.data as Record<string, string>) ?? {}) }
  for (const [k, v] of Object.entries((out.stringData as Record<string, string>) ?? {})) data[k] = Buffer.from(v, 'utf8').toString('base64')
  delete out.stringData
  Object.assign(data, rendered.data as Record<string, string>)
  out.data = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]))
  // The hash covers the Secret's final data, existing keys included.
  const bytes = new Map(Object.entries(out.data as Record<string, string>).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]))
  ;(md.annotations as Record<string, string>)[ANNOTATION_DATA_HASH] = dataHash(bytes)
  if (!out.type) out.type = rendered.type
  return out
}

function withKptPath(secret: KubeObject, plan: ExternalSecretPlan, manifests: Manifests): KubeObject {
  const esObject = manifests.items[plan.position].object()
  const annotations = annotationsOf(esObject)
  const md = secret.metadata as { annotations: Record<string, string> }
  for (const key of KPT_PATH_KEYS) {
    const esPath = annotations[key]
    if (esPath === undefined) continue
    const dir = esPath.includes('/') ? esPath.slice(0, esPath.lastIndexOf('/') + 1) : ''
    md.annotations = { ...md.annotations, [key]: `${dir}secret_${plan.targetName}.yaml` }
  }
  return secret
}
