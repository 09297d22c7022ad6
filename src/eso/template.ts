// ESO's target.template (engine v2) applied to a data map: templateFrom (ConfigMap items, Secret
// items, literal; Values or KeysAndValues; into Data, Labels or Annotations), then template.data,
// then templated metadata labels and annotations. Mirrors ESO's ApplyTemplate and
// templating.Parser; the Go template language itself lives in src/template.

import { escapeControls, RenderError } from '../errors.ts'
import type { TemplateErrorParts, TemplateOptions } from '../template/index.ts'
import { base64DecodeLoose, fromUtf8, utf8 } from './bytes.ts'
import { setOwn } from './target.ts'
import { decodeValue, ValueError } from './values.ts'
import type { DecodingStrategy, ExternalSecretPlan, TemplateFromSpec } from './plan.ts'
import type { Lookups } from './stores.ts'
import { TRANSFORM_DELIMITERS, TransformFailure, type TransformRunner } from './rewrite.ts'

/** Kubernetes' limit for one Secret; a template may not produce more for one value. */
const MAX_OUTPUT_BYTES = 1024 * 1024

export interface TemplateResult {
  data: Map<string, Uint8Array>
  /** The field each data key came from: the provider's (as given) or the template's (`spec.target.template.data["k"]`). */
  origins: Map<string, string>
  labels: Record<string, string>
  annotations: Record<string, string>
  /** Functions whose output changes on every render were called. */
  nonDeterministic: boolean
}

/** The template engine's entry points, loaded by the caller only when a template needs them. */
export interface TemplateEngine {
  renderTemplateBytes(text: string, data: unknown, options: TemplateOptions): Uint8Array
  parseTemplate(text: string, options: Pick<TemplateOptions, 'functions' | 'delimiters' | 'name'>): void
  isTemplateError(err: unknown): err is TemplateFailure
  /** A TemplateError from an execution over its step or allocation budget. */
  isBudgetError(err: unknown): boolean
}

/** What the engine throws for a template that does not parse or execute. */
export type TemplateFailure = Error & { phase: 'parse' | 'exec'; parts: TemplateErrorParts }

/** The Go template engine, loaded on demand (most renders have no template with actions). */
export async function loadTemplateEngine(): Promise<TemplateEngine> {
  const { parseTemplate, renderTemplateBytes, TemplateBudgetError, TemplateError } = await import('../template/index.ts')
  return {
    renderTemplateBytes,
    parseTemplate,
    isTemplateError: (err): err is TemplateFailure => err instanceof TemplateError,
    isBudgetError: (err) => err instanceof TemplateBudgetError,
  }
}

export interface TemplateContext {
  lookups: Lookups
  delimiters: [string, string]
  /** Undefined when no template text contains the left delimiter. */
  engine?: TemplateEngine
  /** YAML 1.1 as sigs.k8s.io/yaml reads it, for KeysAndValues and literal templates. */
  parseYaml: (text: string) => unknown
  /** The operator's showTemplateErrors: a function's own failure text is shown (else withheld). */
  showTemplateErrors: boolean
  /**
   * The playground's page: the data is the user's own, in their browser, so messages keep the
   * values a render takes out of them. Never set by a render.
   */
  keepValuesInMessages?: boolean
  /** The run's deadline, checked before each template execution (they run synchronously). */
  deadline?: { at: number; seconds: number }
}

const WITHHELD = 'its message is withheld: it may carry secret data; the operator can set ESO_RENDER_SHOW_TEMPLATE_ERRORS=true to see it'
const FROM_SECRET = "withheld: the template's text comes from a Secret"

/**
 * A template failure as eso-render reports it: Go's shape (location, action, function name, kinds
 * of values), never what a function said unless the operator asked for it. Argo CD shows stderr
 * to everyone who may view the app, a wider group than may read the Secret, and a template can
 * put any value, transformed past recognition, into its own failure (`{{ .password | upper |
 * fail }}`). For a template whose text came from a Secret, the action and Go's detail (which
 * quote that text) are withheld too.
 */
export function describeTemplateFailure(err: TemplateFailure, how: { show: boolean; textFromSecret: boolean }): string {
  const p = err.parts
  let detail = p.detail
  if (p.calling && !how.show) detail = p.calling.name === 'fail' ? `error calling fail: the template failed (${WITHHELD})` : `error calling ${p.calling.name}: ${p.calling.name} failed (${WITHHELD})`
  else if (how.textFromSecret && !p.calling) detail = `(${FROM_SECRET})`
  const executing = p.executing === undefined ? '' : ` executing ${p.executing} at <${how.textFromSecret ? '…' : escapeControls(p.action ?? '')}>:`
  return `${escapeControls(p.location)}:${executing} ${escapeControls(detail)}`
}

/**
 * A template error with every secret value of the data taken out. The engine never quotes data on
 * its own, but a template can put data into its own failure (`fail (printf "bad %s" .password)`,
 * a layout or pattern read from data), and Go's message would carry it to stderr.
 */
export function withoutSecretValues(message: string, data: Map<string, Uint8Array>): string {
  // Values under 4 bytes would mask ordinary words and numbers, as the canary tests assume too.
  const values = [...new Set([...data.values()].map((v) => fromUtf8(v)))].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)
  for (const value of values) message = message.split(value).join('[redacted]')
  return message
}

/**
 * dataFrom rewrite.transform templates as ESO's RewriteTransform runs them: named "transform",
 * Go's default delimiters and missingkey, over map[string]string{"value": key}, with the same
 * budget and the same withholding of what a function said as target templates.
 */
export function transformRunner(ctx: Pick<TemplateContext, 'engine' | 'showTemplateErrors' | 'deadline'>): TransformRunner {
  const engine = (): TemplateEngine => {
    if (!ctx.engine) throw new RenderError('INTERNAL', 'template engine not loaded for a rewrite transform; this is a bug in eso-render')
    return ctx.engine
  }
  const failure = (err: unknown, secrets?: Map<string, Uint8Array>): unknown => {
    if (!engine().isTemplateError(err)) return err
    const described = describeTemplateFailure(err, { show: ctx.showTemplateErrors, textFromSecret: false })
    return new TransformFailure(secrets ? withoutSecretValues(described, secrets) : described, engine().isBudgetError(err))
  }
  return {
    parse(text) {
      try {
        engine().parseTemplate(text, { functions: 'eso', delimiters: TRANSFORM_DELIMITERS, name: 'transform' })
      } catch (err) {
        throw failure(err)
      }
    },
    execute(text, key, secrets) {
      if (ctx.deadline && Date.now() > ctx.deadline.at)
        throw new RenderError('DEADLINE_EXCEEDED', `the run's deadline (${ctx.deadline.seconds} s, deadlineSeconds) passed while executing the rewrite templates`)
      try {
        return engine().renderTemplateBytes(text, new Map([['value', utf8(key)]]), {
          functions: 'eso',
          missingKey: 'default',
          stringMap: true,
          delimiters: TRANSFORM_DELIMITERS,
          name: 'transform',
          maxOutputBytes: MAX_OUTPUT_BYTES,
        })
      } catch (err) {
        throw failure(err, secrets)
      }
    },
  }
}

/** Whether any template text of the plan needs the engine (text without actions renders as itself). */
export function needsEngine(plan: ExternalSecretPlan, left: string): boolean {
  const t = plan.template
  if (!t) return false
  if (t.templateFrom.length) return true
  return [...Object.values(t.data ?? {}), ...Object.values(t.labels), ...Object.values(t.annotations)].some((v) => v.includes(left))
}

/** Applies the plan's template to the provider data map (eso.md §6.3). */
export function applyTemplate(plan: ExternalSecretPlan, providerData: Map<string, Uint8Array>, ctx: TemplateContext, providerOrigins?: ReadonlyMap<string, string>): TemplateResult {
  const t = plan.template!
  const at = { resource: plan.resource, file: plan.file }
  const data = new Map<string, Uint8Array>()
  const origins = new Map<string, string>()
  const labels: Record<string, string> = { ...t.labels }
  const annotations: Record<string, string> = { ...t.annotations }
  const hasTemplates = Object.keys(t.data ?? {}).length > 0 || t.templateFrom.length > 0
  if (t.mergePolicy === 'Merge' || !hasTemplates) {
    for (const [k, v] of providerData) {
      data.set(k, v)
      const origin = providerOrigins?.get(k)
      if (origin) origins.set(k, origin)
    }
  }
  let nonDeterministic = false

  // Templates are named by key (Go's messages quote the name), never by their text.
  const execute = (name: string, text: string, fieldPath: string, textFromSecret = false): Uint8Array => {
    // A Go template without actions is one text node: its output is the text itself.
    if (!text.includes(ctx.delimiters[0])) return utf8(text)
    if (!ctx.engine) throw new RenderError('INTERNAL', 'template engine not loaded; this is a bug in eso-render', { ...at, fieldPath })
    if (ctx.deadline && Date.now() > ctx.deadline.at)
      throw new RenderError('DEADLINE_EXCEEDED', `the run's deadline (${ctx.deadline.seconds} s, deadlineSeconds) passed while executing the templates`, { ...at, fieldPath })
    try {
      return ctx.engine.renderTemplateBytes(text, providerData, {
        functions: 'eso',
        missingKey: 'error',
        stringMap: true,
        delimiters: ctx.delimiters,
        name,
        maxOutputBytes: MAX_OUTPUT_BYTES,
        // The engine reports reads of its clock and random source, and calls of functions that use
        // the OS's randomness, as they happen: only what the template actually ran counts.
        onNondeterministic: () => {
          nonDeterministic = true
        },
      })
    } catch (err) {
      if (ctx.engine.isTemplateError(err)) {
        const phase = err.phase === 'parse' ? 'parse' : 'execute'
        const described = describeTemplateFailure(err, { show: ctx.showTemplateErrors, textFromSecret })
        // Exact copies of the data's values are taken out of what is shown (the operator's
        // showTemplateErrors, an action's text that happens to equal a value).
        const message = ctx.keepValuesInMessages ? described : withoutSecretValues(described, providerData)
        const code = ctx.engine.isBudgetError(err) ? 'TEMPLATE_BUDGET' : 'TEMPLATE_FAILED'
        throw new RenderError(code, `could not apply template: unable to ${phase} template at key ${escapeControls(name)}: ${message}`, { ...at, fieldPath })
      }
      throw err
    }
  }
  const decode = (value: Uint8Array, strategy: DecodingStrategy, key: string, fieldPath: string): Uint8Array => {
    try {
      return decodeValue(value, strategy)
    } catch (err) {
      if (err instanceof ValueError) throw err.toRenderError({ ...at, fieldPath }, { code: 'TEMPLATE_FAILED', prefix: `failed to decode rendered template value for key ${key}: ` })
      throw err
    }
  }
  const put = (target: string, key: string, value: Uint8Array, fieldPath: string, origin = fieldPath) => {
    switch (target.toLowerCase()) {
      case 'data':
        data.set(key, value)
        origins.set(key, origin)
        return
      case 'labels':
        setOwn(labels, key, fromUtf8(value))
        return
      case 'annotations':
        setOwn(annotations, key, fromUtf8(value))
        return
      default:
        throw new RenderError('SCHEMA_INVALID', `templateFrom target ${JSON.stringify(target)} is not allowed for a Secret: use Data, Labels or Annotations`, { ...at, fieldPath })
    }
  }
  const keysAndValues = (rendered: Uint8Array, from: TemplateFromSpec, fieldPath: string) => {
    for (const [k, v] of parseStringMap(rendered, ctx.parseYaml, fieldPath, at, (m) => (ctx.keepValuesInMessages ? m : withoutSecretValues(m, providerData))))
      put(from.target, k, decode(v, from.valuesDecodingStrategy, k, fieldPath), fieldPath)
  }

  t.templateFrom.forEach((from, i) => {
    const fieldPath = `spec.target.template.templateFrom[${i}]`
    for (const source of ['configMap', 'secret'] as const) {
      const ref = from[source]
      if (!ref) continue
      const values = source === 'configMap' ? configMapData(ctx.lookups, plan.namespace, ref.name) : secretData(ctx.lookups, plan.namespace, ref.name)
      if (!values) {
        const kind = source === 'configMap' ? 'ConfigMap' : 'Secret'
        throw new RenderError(
          'TEMPLATE_FAILED',
          `could not apply template: ${kind} "${ref.name}" in namespace "${plan.namespace}" is not in the input${ctx.lookups.missHint(kind, plan.namespace, ref.name)}`,
          { ...at, fieldPath: `${fieldPath}.${source}.name` },
        )
      }
      ref.items.forEach((item, j) => {
        const itemPath = `${fieldPath}.${source}.items[${j}]`
        const value = values.get(item.key)
        if (value === undefined)
          throw new RenderError('TEMPLATE_FAILED', `error in ${source === 'configMap' ? 'configmap' : 'secret'} ${ref.name}: missing key ${item.key}`, { ...at, fieldPath: `${itemPath}.key` })
        const text = fromUtf8(value)
        const fromSecret = source === 'secret'
        if (item.templateAs === 'KeysAndValues') keysAndValues(execute(item.key, text, itemPath, fromSecret), from, itemPath)
        else put(from.target, item.key, decode(execute(item.key, text, itemPath, fromSecret), from.valuesDecodingStrategy, item.key, itemPath), itemPath, `${itemPath}.key`)
      })
    }
    if (from.literal !== undefined) keysAndValues(execute('literal', from.literal, `${fieldPath}.literal`), from, `${fieldPath}.literal`)
  })

  // template.data wins over templateFrom; Go's map order is random, sorted keys make ours stable.
  for (const key of Object.keys(t.data ?? {}).sort()) {
    const fieldPath = `spec.target.template.data[${JSON.stringify(key)}]`
    data.set(key, execute(key, t.data![key], fieldPath))
    origins.set(key, fieldPath)
  }
  for (const key of Object.keys(t.labels).sort()) setOwn(labels, key, fromUtf8(execute(key, t.labels[key], `spec.target.template.metadata.labels[${JSON.stringify(key)}]`)))
  for (const key of Object.keys(t.annotations).sort()) setOwn(annotations, key, fromUtf8(execute(key, t.annotations[key], `spec.target.template.metadata.annotations[${JSON.stringify(key)}]`)))
  return { data, origins, labels, annotations, nonDeterministic }
}

function configMapData(lookups: Lookups, namespace: string, name: string): Map<string, Uint8Array> | undefined {
  const cm = lookups.configMap(namespace, name)
  if (!cm) return undefined
  const out = new Map<string, Uint8Array>()
  for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, unknown>)) out.set(k, utf8(String(v)))
  return out
}

function secretData(lookups: Lookups, namespace: string, name: string): Map<string, Uint8Array> | undefined {
  const secret = lookups.secret(namespace, name)
  if (!secret) return undefined
  const out = new Map<string, Uint8Array>()
  for (const [k, v] of Object.entries((secret.data ?? {}) as Record<string, unknown>)) out.set(k, base64DecodeLoose(String(v)))
  // The API server turns stringData into data; a Secret from the input may still carry it.
  for (const [k, v] of Object.entries((secret.stringData ?? {}) as Record<string, unknown>)) out.set(k, utf8(String(v)))
  return out
}

/** sigs.k8s.io/yaml into map[string]string: YAML 1.1 mapping whose values must be strings. */
function parseStringMap(
  rendered: Uint8Array,
  parseYaml: (text: string) => unknown,
  fieldPath: string,
  at: { resource: ExternalSecretPlan['resource']; file?: ExternalSecretPlan['file'] },
  /** A rendered key may be built from secret data: messages that name one go through this. */
  redact: (message: string) => string,
): Map<string, Uint8Array> {
  const text = fromUtf8(rendered)
  const out = new Map<string, Uint8Array>()
  if (!text.trim()) return out
  let value: unknown
  try {
    value = parseYaml(text)
  } catch {
    throw new RenderError('TEMPLATE_FAILED', `could not unmarshal template to 'map[string][]byte': the rendered template is not YAML`, { ...at, fieldPath })
  }
  if (value === null || value === undefined) return out
  if (typeof value !== 'object' || Array.isArray(value))
    throw new RenderError('TEMPLATE_FAILED', `could not unmarshal template to 'map[string][]byte': the rendered template is not a mapping`, { ...at, fieldPath })
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null) out.set(k, new Uint8Array())
    else if (typeof v === 'string') out.set(k, utf8(v))
    else throw new RenderError('TEMPLATE_FAILED', redact(`could not unmarshal template to 'map[string][]byte': the value of key ${JSON.stringify(k)} is not a string`), { ...at, fieldPath })
  }
  return out
}
