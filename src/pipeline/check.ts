// `eso-render check`: the render's first two stages and nothing more. Classify and plan (validation,
// store resolution, the trust model, every template parsed) say, for every ExternalSecret, which
// store serves it, which server it reaches and who chose it, how it logs in and as whom, what
// overrides apply and every Vault request it would make; then every problem. No Vault request, no
// login, no TokenRequest; with cluster access, Secrets are read by their metadata only.

import { describeSource, type Environment, type RenderOptions } from '../config.ts'
import { describeResource, RenderError, sortErrors, type FileRef } from '../errors.ts'
import type { Manifests } from '../manifests/read.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { describeTemplateFailure, loadTemplateEngine } from '../eso/template.ts'
import { TRANSFORM_DELIMITERS } from '../eso/rewrite.ts'
import type { ResolvedStore } from '../eso/stores.ts'
import { classify, emptyClusterObjects, lookupsOf } from './classify.ts'
import { openCluster } from './gather.ts'
import { expandClusterExternalSecrets } from './expand.ts'
import { Diagnostics, type Notice } from './diagnostics.ts'
import { planRender } from './plan.ts'
import { policyInForce } from './policy.ts'
import { readFileSync } from 'node:fs'
import { RunCleanups } from './cleanups.ts'
import { newProgress, RunDeadline, type RunProgress } from './deadline.ts'

export interface CheckedRead {
  /** `list`: a find's first LIST (`GET …?list=true`); what it finds is read after it. */
  kind: 'read' | 'list'
  method: 'GET'
  path: string
  version: string | null
  store: string
}

export interface CheckedExternalSecret {
  resource: string
  file?: FileRef
  store: string
  server: { url: string; source: 'store' | 'VAULT_ADDR' | 'vaultAddress' }
  auth: { method: string; mount?: string; role?: string; identity: string; source: 'store' | 'VAULT_TOKEN' | 'tokenEnv' | 'tokenFile' }
  overrides: string[]
  reads: CheckedRead[]
  /** dataFrom generators: which generator, and the Vault request a VaultDynamicSecret would make (a Password makes none). */
  generators?: { field: string; generator: string; request?: string }[]
}

export interface CheckProblem {
  code: string
  resource?: string
  field?: string
  file?: FileRef
  message: string
}

export interface CheckReport {
  externalSecrets: CheckedExternalSecret[]
  problems: CheckProblem[]
  notices: Notice[]
}

export interface CheckContext {
  options: RenderOptions
  env: Environment
  readFile?: (path: string) => string
  /** The root of the in-cluster service account files (tests move it). */
  inClusterRoot?: string
}

/** The check, within the run's deadline like a render (its cluster reads could otherwise wait on a silent API server). */
export async function checkRender(manifests: Manifests, ctx: CheckContext): Promise<CheckReport> {
  const deadline = new RunDeadline(Date.now() + ctx.options.deadlineSeconds * 1000, ctx.options.deadlineSeconds)
  const progress = newProgress()
  return deadline.race(checkStages(manifests, ctx, progress), progress, new RunCleanups())
}

async function checkStages(manifests: Manifests, ctx: CheckContext, progress: RunProgress): Promise<CheckReport> {
  const diag = new Diagnostics()
  const defaultNamespace = ctx.options.namespace || ctx.env.ARGOCD_APP_NAMESPACE || 'default'
  const found = classify(manifests, defaultNamespace, diag)
  progress.found = found.externalSecrets
  progress.stage = ctx.options.cluster === 'off' ? 'planning' : 'planning (reading stores and references from the cluster)'
  const externalSecrets: CheckedExternalSecret[] = []
  if (found.externalSecrets.length || found.stores.length || found.clusterExternalSecrets.length) {
    const policy = policyInForce(ctx.options, ctx.env, ctx.readFile ?? ((p) => readFileSync(p, 'utf8')))
    // With cluster access: stores, Namespaces and ConfigMaps as they are, Secrets by their metadata
    // only (README "Trust model", rule 5); no TokenRequest, no login, nothing sent to Vault.
    const cluster = ctx.options.cluster === 'off' ? undefined : { access: await openCluster(ctx.options, ctx.env, diag, ctx.inClusterRoot), objects: emptyClusterObjects(), secretData: false }
    await expandClusterExternalSecrets(found, { cluster }, diag)
    progress.relocate = diag.relocation?.error
    const lookups = lookupsOf(found, cluster?.objects)
    const plan = await planRender(found, { ...ctx, defaultNamespace, lookups, policy, cluster }, diag)
    await parseTemplates(plan.plans, ctx.options, diag)
    for (const es of plan.plans) {
      const reads = es.reads.flatMap((read) => {
        const t = plan.targets.get(read)
        return t ? [{ read, target: t }] : []
      })
      const generated = (es.generators ?? []).flatMap((item) => {
        const g = plan.generators.get(item)
        if (!g) return []
        const request = g.dynamic
          ? `${g.dynamic.request.method === 'LIST' ? 'GET' : g.dynamic.request.method} /v1/${g.dynamic.request.path}${g.dynamic.request.method === 'LIST' ? '?list=true' : ''}`
          : undefined
        return [{ field: item.fieldPath, generator: describeResource(g.generator.source.resource), ...(request ? { request } : {}), store: g.dynamic?.store }]
      })
      const generators = generated.map(({ store: _, ...rest }) => rest)
      const first = reads[0]?.target.store ?? generated.find((g) => g.store)?.store
      if (!first) {
        // Passwords only: nothing is sent anywhere.
        if (generators.length)
          externalSecrets.push({
            resource: describeResource(es.resource),
            file: es.file,
            store: 'none',
            server: { url: 'none', source: 'store' },
            auth: { method: 'none', identity: 'none', source: 'store' },
            overrides: [],
            reads: [],
            generators,
          })
        continue
      }
      externalSecrets.push({
        resource: describeResource(es.resource),
        file: es.file,
        store: storeName(first),
        server: serverOf(first),
        auth: authOf(first),
        overrides: overridesOf(first, ctx.options),
        reads: dedupe(
          reads.map(({ target }) => ({
            kind: target.find ? ('list' as const) : ('read' as const),
            method: 'GET' as const,
            path: `/v1/${target.path}`,
            version: target.version ?? null,
            store: storeName(target.store),
          })),
        ),
        ...(generators.length ? { generators } : {}),
      })
    }
  }
  const problems = sortErrors(diag.errors).map((e) => ({
    code: e.code,
    ...(e.resource ? { resource: describeResource(e.resource) } : {}),
    ...(e.fieldPath ? { field: e.fieldPath } : {}),
    ...(e.file ? { file: e.file } : {}),
    message: e.message,
  }))
  return { externalSecrets, problems: uniqueProblems(problems), notices: diag.notices }
}

/** Every template text parses (execution needs the data, which check never reads). */
async function parseTemplates(plans: ExternalSecretPlan[], options: RenderOptions, diag: Diagnostics): Promise<void> {
  // Named as the render names them: by key (literal templates: `literal`).
  const texts: { plan: ExternalSecretPlan; field: string; name: string; text: string }[] = []
  for (const plan of plans) {
    const t = plan.template
    if (!t) continue
    for (const [k, v] of Object.entries(t.data ?? {})) texts.push({ plan, field: `spec.target.template.data[${JSON.stringify(k)}]`, name: k, text: v })
    for (const [k, v] of Object.entries(t.labels)) texts.push({ plan, field: `spec.target.template.metadata.labels[${JSON.stringify(k)}]`, name: k, text: v })
    for (const [k, v] of Object.entries(t.annotations)) texts.push({ plan, field: `spec.target.template.metadata.annotations[${JSON.stringify(k)}]`, name: k, text: v })
    t.templateFrom.forEach((from, i) => {
      if (from.literal !== undefined) texts.push({ plan, field: `spec.target.template.templateFrom[${i}].literal`, name: 'literal', text: from.literal })
    })
  }
  const withActions: { plan: ExternalSecretPlan; field: string; name: string; text: string; delimiters?: [string, string] }[] = texts.filter((x) => x.text.includes(options.templateLeftDelimiter))
  // dataFrom rewrite.transform templates: ESO parses them with Go's default delimiters, by that name.
  for (const plan of plans)
    for (const read of plan.reads)
      for (const op of read.rewrites ?? [])
        if (op.kind === 'transform' && op.template.includes(TRANSFORM_DELIMITERS[0]))
          withActions.push({ plan, field: op.fieldPath, name: 'transform', text: op.template, delimiters: TRANSFORM_DELIMITERS })
  if (!withActions.length) return
  const engine = await loadTemplateEngine()
  for (const x of withActions) {
    try {
      engine.parseTemplate(x.text, { functions: 'eso', delimiters: x.delimiters ?? [options.templateLeftDelimiter, options.templateRightDelimiter], name: x.name })
    } catch (err) {
      if (!engine.isTemplateError(err)) throw err
      const message = describeTemplateFailure(err, { show: false, textFromSecret: false })
      diag.error(new RenderError('TEMPLATE_FAILED', `could not parse the template: ${message}`, { resource: x.plan.resource, fieldPath: x.field, file: x.plan.file }))
    }
  }
}

function storeName(s: ResolvedStore): string {
  if (s.resource.kind === 'ClusterSecretStore') return `ClusterSecretStore/${s.resource.name}`
  if (s.resource.kind === 'SecretStore') return `SecretStore/${s.resource.namespace ?? ''}/${s.resource.name}`
  // A generator's inline provider (VaultDynamicSecret, or a ClusterGenerator wrapping one).
  return `${s.resource.kind}/${s.resource.namespace ? `${s.resource.namespace}/` : ''}${s.resource.name} (provider)`
}

function serverOf(s: ResolvedStore): CheckedExternalSecret['server'] {
  if (s.addressSource === 'store') return { url: s.conn.address, source: 'store' }
  return { url: s.conn.address, source: s.addressSource.via === '$VAULT_ADDR' ? 'VAULT_ADDR' : 'vaultAddress' }
}

function authOf(s: ResolvedStore): CheckedExternalSecret['auth'] {
  const a = s.auth
  if (a.kind === 'login') {
    return { method: a.method, mount: a.mount, ...(a.role ? { role: a.role } : {}), identity: a.source.slice(a.source.indexOf(', ') + 2) || a.source, source: 'store' }
  }
  // A tokenSecretRef's Secret, from the input or the cluster; the stand-ins name their variable or file.
  if (a.author === 'input' || a.source.startsWith('Secret ')) return { method: 'tokenSecretRef', identity: a.source, source: 'store' }
  const source = a.source.startsWith('$VAULT_TOKEN') ? 'VAULT_TOKEN' : a.source.includes('(tokenEnv') ? 'tokenEnv' : 'tokenFile'
  return { method: 'token', identity: a.source, source }
}

function overridesOf(s: ResolvedStore, options: RenderOptions): string[] {
  const out: string[] = []
  if (s.addressSource !== 'store') out.push(`server replaced by ${s.conn.address} (${describeSource(s.addressSource)})`)
  // The operator's stand-in tokens replace the store's own auth; a credential read from the cluster does not.
  if (s.auth.kind === 'token' && s.auth.author === 'operator' && !s.auth.source.startsWith('Secret ')) out.push(`Vault token from ${s.credential.source}`)
  if (s.namespaceSource && s.namespaceSource !== 'store') out.push(`Vault namespace ${JSON.stringify(s.conn.namespace)} (${describeSource(s.namespaceSource)})`)
  if (s.caSource && s.caSource !== 'store') out.push(`CA certificates (${describeSource(s.caSource)})`)
  if (options.insecureSkipTLSVerify) out.push('TLS verification is off (insecureSkipTLSVerify)')
  return out
}

function dedupe(reads: CheckedRead[]): CheckedRead[] {
  const seen = new Set<string>()
  return reads.filter((r) => {
    const key = `${r.store} ${r.path} ${r.version}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function uniqueProblems(problems: CheckProblem[]): CheckProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = JSON.stringify(p)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
