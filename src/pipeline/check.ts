// `eso-render check`: the render's first two stages and nothing more. Classify and plan (validation,
// store resolution, the trust model, every template parsed) say, for every ExternalSecret, which
// store serves it, which server it reaches and who chose it, how it logs in and as whom, what
// overrides apply and every Vault request it would make; then every problem. No Vault request, no
// login, nothing read from a cluster.

import { describeSource, type Environment, type RenderOptions } from '../config.ts'
import { describeResource, RenderError, sortErrors, type FileRef } from '../errors.ts'
import type { Manifests } from '../manifests/read.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { loadTemplateEngine } from '../eso/template.ts'
import type { ResolvedStore } from '../eso/stores.ts'
import { classify, lookupsOf } from './classify.ts'
import { Diagnostics, type Notice } from './diagnostics.ts'
import { planRender } from './plan.ts'

export interface CheckedRead {
  kind: 'read'
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
}

export async function checkRender(manifests: Manifests, ctx: CheckContext): Promise<CheckReport> {
  const diag = new Diagnostics()
  const defaultNamespace = ctx.options.namespace || ctx.env.ARGOCD_APP_NAMESPACE || 'default'
  const found = classify(manifests, defaultNamespace, diag)
  const lookups = lookupsOf(found)
  const externalSecrets: CheckedExternalSecret[] = []
  if (found.externalSecrets.length || found.stores.length) {
    const plan = await planRender(found, { ...ctx, defaultNamespace, lookups }, diag)
    await parseTemplates(plan.plans, ctx.options, diag)
    for (const es of plan.plans) {
      const reads = es.reads.flatMap((read) => {
        const t = plan.targets.get(read)
        return t ? [{ read, target: t }] : []
      })
      if (!reads.length) continue
      const first = reads[0].target.store
      externalSecrets.push({
        resource: describeResource(es.resource),
        file: es.file,
        store: storeName(first),
        server: serverOf(first),
        auth: authOf(first),
        overrides: overridesOf(first, ctx.options),
        reads: dedupe(reads.map(({ target }) => ({ kind: 'read' as const, method: 'GET' as const, path: `/v1/${target.path}`, version: target.version ?? null, store: storeName(target.store) }))),
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
  const texts: { plan: ExternalSecretPlan; field: string; text: string }[] = []
  for (const plan of plans) {
    const t = plan.template
    if (!t) continue
    for (const [k, v] of Object.entries(t.data ?? {})) texts.push({ plan, field: `spec.target.template.data[${JSON.stringify(k)}]`, text: v })
    for (const [k, v] of Object.entries(t.labels)) texts.push({ plan, field: `spec.target.template.metadata.labels[${JSON.stringify(k)}]`, text: v })
    for (const [k, v] of Object.entries(t.annotations)) texts.push({ plan, field: `spec.target.template.metadata.annotations[${JSON.stringify(k)}]`, text: v })
    t.templateFrom.forEach((from, i) => {
      if (from.literal !== undefined) texts.push({ plan, field: `spec.target.template.templateFrom[${i}].literal`, text: from.literal })
    })
  }
  const withActions = texts.filter((x) => x.text.includes(options.templateLeftDelimiter))
  if (!withActions.length) return
  const engine = await loadTemplateEngine()
  for (const x of withActions) {
    try {
      engine.parseTemplate(x.text, { functions: 'eso', delimiters: [options.templateLeftDelimiter, options.templateRightDelimiter], name: x.field.slice(x.field.lastIndexOf('[') + 1, -1) })
    } catch (err) {
      if (!engine.isTemplateError(err)) throw err
      diag.error(new RenderError('TEMPLATE_FAILED', `could not parse the template: ${err.message}`, { resource: x.plan.resource, fieldPath: x.field, file: x.plan.file }))
    }
  }
}

function storeName(s: ResolvedStore): string {
  return s.resource.kind === 'ClusterSecretStore' ? `ClusterSecretStore/${s.resource.name}` : `SecretStore/${s.resource.namespace ?? ''}/${s.resource.name}`
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
  if (a.author === 'input') return { method: 'tokenSecretRef', identity: a.source, source: 'store' }
  const source = a.source.startsWith('$VAULT_TOKEN') ? 'VAULT_TOKEN' : a.source.includes('(tokenEnv') ? 'tokenEnv' : 'tokenFile'
  return { method: 'token', identity: a.source, source }
}

function overridesOf(s: ResolvedStore, options: RenderOptions): string[] {
  const out: string[] = []
  if (s.addressSource !== 'store') out.push(`server replaced by ${s.conn.address} (${describeSource(s.addressSource)})`)
  if (s.credential.author === 'operator') out.push(`Vault token from ${s.credential.source}`)
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
