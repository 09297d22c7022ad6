// Stage 4, build: each ExternalSecret's Secret from its fetched data, as ESO's controller assembles
// it: data from the reads (eso/resolve), target.template (eso/template), Kubernetes' rule for data
// keys and its 1 MiB limit, then name, type, labels, annotations and data-hash (eso/target). The
// template engine and the YAML library load only when a template needs them. No I/O.

import type { RenderOptions } from '../config.ts'
import { RenderError } from '../errors.ts'
import type { KubeObject } from '../manifests/read.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { keyField } from '../eso/field-path.ts'
import { resolveData, type ReadOutcome } from '../eso/resolve.ts'
import type { Lookups } from '../eso/stores.ts'
import { buildSecret } from '../eso/target.ts'
import { applyTemplate, loadTemplateEngine, needsEngine, transformRunner, withoutSecretValues, type TemplateContext } from '../eso/template.ts'
import { rewritesNeedEngine } from '../eso/rewrite.ts'
import { invalidKeys, invalidSecret, oversizeError } from '../eso/secret-checks.ts'
import type { Diagnostics, Notice } from './diagnostics.ts'
import type { RenderPlan } from './plan.ts'
import type { GeneratedOutcome } from './generators.ts'
import type { PlannedGenerator } from '../eso/plan.ts'

export interface BuiltTarget {
  plan: ExternalSecretPlan
  /** Undefined when ESO writes no Secret (creationPolicy None, or deletionPolicy Delete with the data gone). */
  secret?: KubeObject
}

/** The run's deadline as the build stage checks it: templates run synchronously, so no timer can fire meanwhile. */
export interface BuildDeadline {
  at: number
  seconds: number
}

/** Where a build says what went wrong and what to note: the run's Diagnostics, or an early build's record (early-build.ts). */
export interface BuildSink {
  error(...errors: RenderError[]): void
  notice(notice: Notice): void
}

/** What every ExternalSecret's build shares: the template context (loaded once), the lookups and options. */
export interface BuildContext {
  rendering: RenderPlan
  lookups: Lookups
  options: RenderOptions
  templates?: TemplateContext
  deadline?: BuildDeadline
  generated: Map<PlannedGenerator, GeneratedOutcome>
}

export async function buildContext(
  rendering: RenderPlan,
  lookups: Lookups,
  options: RenderOptions,
  deadline?: BuildDeadline,
  generated: Map<PlannedGenerator, GeneratedOutcome> = new Map(),
): Promise<BuildContext> {
  const templates = await templateContext(rendering.plans, lookups, options, deadline)
  return { rendering, lookups, options, ...(templates ? { templates } : {}), ...(deadline ? { deadline } : {}), generated }
}

/** An ExternalSecret built before the build stage, while Vault answered the other reads (early-build.ts). */
export interface EarlyBuilt {
  /** Undefined when the build failed (its errors are in `said`). */
  built?: BuiltTarget
  /** What the build said, in order, to be told when its turn comes. */
  said?: ({ error: RenderError } | { notice: Notice })[]
}

export async function buildTargets(
  rendering: RenderPlan,
  outcomes: Map<string, ReadOutcome | RenderError>,
  lookups: Lookups,
  options: RenderOptions,
  diag: Diagnostics,
  deadline?: BuildDeadline,
  generated: Map<PlannedGenerator, GeneratedOutcome> = new Map(),
  prepared?: BuildContext,
  early?: ReadonlyMap<number, EarlyBuilt>,
): Promise<BuiltTarget[]> {
  const ctx = prepared ? { ...prepared, generated } : await buildContext(rendering, lookups, options, deadline, generated)
  const built: BuiltTarget[] = []
  for (const [i, plan] of rendering.plans.entries()) {
    // Built while Vault answered: what it said is told here, in the ExternalSecrets' order.
    const before = early?.get(i)
    if (before) {
      for (const s of before.said ?? []) 'error' in s ? diag.error(s.error) : diag.notice(s.notice)
      if (before.built) built.push(before.built)
      continue
    }
    // Between ExternalSecrets (and, in the template step, between template keys): the render ends
    // at its deadline even when every Secret's templates are costly, within one execution's budget.
    if (deadline && Date.now() > deadline.at) {
      diag.error(
        ...rendering.plans.slice(i).map(
          (p) =>
            new RenderError('DEADLINE_EXCEEDED', `the run's deadline (${deadline.seconds} s, deadlineSeconds) passed while building Secrets; nothing was rendered`, {
              resource: p.resource,
              file: p.file,
            }),
        ),
      )
      return built
    }
    const one = buildPlan(plan, (key) => outcomes.get(key)!, ctx, diag)
    if (one) built.push(one)
  }
  return built
}

/**
 * One ExternalSecret's Secret, once every read it names has settled (`outcomeOf` by target key).
 * Undefined when it failed (its errors went to the sink).
 */
export function buildPlan(plan: ExternalSecretPlan, outcomeOf: (key: string) => ReadOutcome | RenderError, ctx: BuildContext, diag: BuildSink): BuiltTarget | undefined {
  const { rendering, generated, templates, options } = ctx
  const outcome = (read: ExternalSecretPlan['reads'][number]) => outcomeOf(rendering.targets.get(read)!.key)
  const readErrors = onceForTheServer(
    plan.reads.flatMap((read) => {
      const o = outcome(read)
      if (!(o instanceof RenderError)) return []
      // A refused login is the store's, reported once per ExternalSecret at the field that names the store.
      const field = o.code === 'AUTH_FAILED' ? read.store.fieldPath : keyField(read)
      return [o.locate({ resource: plan.resource, fieldPath: field, file: plan.file })]
    }),
  )
  // A generator that failed is reported at the dataFrom item that names it.
  for (const item of plan.generators ?? []) {
    const g = generated.get(item)
    if (g instanceof RenderError) readErrors.push(g.locate({ resource: plan.resource, fieldPath: item.fieldPath, file: plan.file }))
  }
  if (readErrors.length) {
    diag.error(...readErrors)
    return undefined
  }
  const resolved = resolveData(
    plan,
    (read) => outcome(read) as ReadOutcome,
    (item) => (generated.get(item) as Exclude<GeneratedOutcome, RenderError> | undefined)?.data,
    templates && transformRunner(templates),
  )
  for (const n of resolved.notices) diag.notice({ severity: 'warning', message: n, resource: plan.resource, file: plan.file })
  if (resolved.errors.length) {
    diag.error(...resolved.errors)
    return undefined
  }
  if (!resolved.data) return { plan }
  if (plan.creationPolicy === 'None') {
    diag.notice({ severity: 'info', message: 'creationPolicy None: no Secret is written', resource: plan.resource, file: plan.file })
    return { plan }
  }
  const secret = buildOne(plan, resolved.data, resolved.origins, templates, options, diag)
  if (!secret) return undefined
  warnIfGenerated(plan, generated, diag)
  return { plan, secret }
}

// Failures of the server rather than of one path: an ExternalSecret with ten reads of a Vault that
// refuses connections is one problem, reported once, with the count of its other reads.
const SERVER_FAILURES = new Set(['VAULT_UNREACHABLE', 'VAULT_SEALED', 'DEADLINE_EXCEEDED'])

function onceForTheServer(errors: RenderError[]): RenderError[] {
  const first = new Map<string, { error: RenderError; more: number }>()
  const out: (RenderError | { code: string })[] = []
  for (const e of errors) {
    if (!SERVER_FAILURES.has(e.code)) {
      out.push(e)
      continue
    }
    // The same failure whatever the path: the message without its request lines.
    const key = `${e.code}\u0000${e.message.replace(/\b(GET|POST|PUT|LIST) \/v1\/\S*/g, '')}`
    const seen = first.get(key)
    if (seen) seen.more++
    else {
      first.set(key, { error: e, more: 0 })
      out.push({ code: key })
    }
  }
  return out.map((x) => {
    if (x instanceof RenderError) return x
    const { error, more } = first.get(x.code)!
    if (!more) return error
    return new RenderError(error.code, `${error.message}; ${more} more read${more === 1 ? '' : 's'} of this ExternalSecret failed the same way`, {
      ...(error.resource ? { resource: error.resource } : {}),
      ...(error.fieldPath ? { fieldPath: error.fieldPath } : {}),
      ...(error.file ? { file: error.file } : {}),
    })
  })
}

function buildOne(
  plan: ExternalSecretPlan,
  providerData: Map<string, Uint8Array>,
  providerOrigins: Map<string, string>,
  templates: TemplateContext | undefined,
  options: RenderOptions,
  diag: BuildSink,
): KubeObject | undefined {
  let data = providerData
  let origins: ReadonlyMap<string, string> = providerOrigins
  let templated: ReturnType<typeof applyTemplate> | undefined
  if (plan.template) {
    try {
      templated = applyTemplate(plan, data, templates!, providerOrigins)
    } catch (err) {
      if (err instanceof RenderError) {
        diag.error(err)
        return undefined
      }
      throw err
    }
    data = templated.data
    origins = templated.origins
    if (templated.nonDeterministic) {
      diag.notice({
        severity: 'warning',
        message: 'the template calls a random or time function: the Secret changes on every render (Argo CD stays OutOfSync, Reloader restarts pods)',
        resource: plan.resource,
        file: plan.file,
      })
    }
  }
  // Keys a template built from data are shown with the data's values taken out.
  const badKeys = invalidKeys(plan, data, origins, (m) => withoutSecretValues(m, providerData), plan.file)
  if (badKeys.length) {
    diag.error(...badKeys)
    return undefined
  }
  const oversize = oversizeError(plan, data, plan.file)
  if (oversize) {
    diag.error(oversize)
    return undefined
  }
  const secret = buildSecret(plan, data, { reloader: options.reloader }, templated)
  const invalid = invalidSecret(plan, secret, data, plan.file)
  if (invalid) {
    diag.error(invalid)
    return undefined
  }
  return secret
}

/** What templates need, loaded only when some plan has one. */
async function templateContext(plans: ExternalSecretPlan[], lookups: Lookups, options: RenderOptions, deadline?: BuildDeadline): Promise<TemplateContext | undefined> {
  const transforms = (p: ExternalSecretPlan) => p.reads.some((r) => rewritesNeedEngine(r.rewrites)) || (p.generators ?? []).some((g) => rewritesNeedEngine(g.rewrites))
  if (!plans.some((p) => p.template || transforms(p))) return undefined
  const { loadYaml, PARSE_OPTIONS, plain } = await import('../manifests/yaml.ts')
  const yaml = await loadYaml()
  // The engine loads only when a template (or a dataFrom rewrite transform) has actions.
  const engine = plans.some((p) => needsEngine(p, options.templateLeftDelimiter) || transforms(p)) ? await loadTemplateEngine() : undefined
  return {
    lookups,
    delimiters: [options.templateLeftDelimiter, options.templateRightDelimiter],
    engine,
    parseYaml: (text) => plain(yaml.parse(text, PARSE_OPTIONS)),
    showTemplateErrors: options.showTemplateErrors,
    ...(deadline ? { deadline } : {}),
  }
}

/**
 * A Secret with generated data changes on every render: a new Password, new database credentials
 * on every Argo CD refresh (whose leases pile up in Vault until they expire).
 */
function warnIfGenerated(plan: ExternalSecretPlan, generated: Map<PlannedGenerator, GeneratedOutcome>, diag: BuildSink): void {
  const items = plan.generators ?? []
  if (!items.length) return
  const leases = items.filter((item) => {
    const g = generated.get(item)
    return g !== undefined && !(g instanceof RenderError) && g.lease
  })
  const kinds = [...new Set(items.map((i) => i.ref.kind))].join(', ')
  const tokens = leases.filter((item) => (generated.get(item) as { childToken?: boolean }).childToken)
  const what = tokens.length === leases.length ? 'a token' : tokens.length ? 'a lease or a token' : 'a lease'
  const lease = leases.length
    ? `; Vault created ${what} for ${leases.map((i) => i.fieldPath).join(', ')}: every render (each Argo CD refresh) mints new credentials and the old ${tokens.length === leases.length ? 'tokens' : 'leases'} pile up in Vault until they expire`
    : ''
  diag.notice({
    severity: 'warning',
    message: `generated data (${kinds}): the Secret changes on every render (Argo CD stays OutOfSync, Reloader restarts pods)${lease}; keep it on ESO in the cluster if its consumers need it stable`,
    resource: plan.resource,
    file: plan.file,
  })
}
