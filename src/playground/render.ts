// The playground's render: one ExternalSecret, the provider data it would receive (as after
// data/dataFrom), and the ConfigMaps and Secrets its templateFrom names, through the same code a
// render runs: schema validation and planExternalSecret, applyTemplate, Kubernetes' key and size
// rules, buildSecret, the API server's metadata and type rules, the output writer. Runs in a browser (the page) and in Node (its tests): no
// I/O, nothing Node-only. Template errors are shown in full: the data is the user's own.

import { formatError, RenderError, type ResourceId } from '../errors.ts'
import type { ExternalSecretPlan } from '../eso/plan.ts'
import { planExternalSecret } from '../eso/plan.ts'
import { validateResource } from '../eso/schema.ts'
import type { Lookups } from '../eso/stores.ts'
import { buildSecret } from '../eso/target.ts'
import { applyTemplate, needsEngine, type TemplateEngine } from '../eso/template.ts'
import { compareUtf8, utf8 } from '../eso/bytes.ts'
import { ESO_GROUP } from '../eso/kinds.ts'
import { objectYaml, type KubeObject } from '../manifests/read.ts'
import { invalidKeys, invalidSecret, oversizeError } from '../eso/secret-checks.ts'
import { quoteName } from '../manifests/validation.ts'
import { MAX_ALIAS_COUNT, PARSE_OPTIONS, plain, withPlainScalars, type Yaml } from '../manifests/yaml.ts'
import { KUBERNETES_SCALARS } from '../eso/kubernetes-yaml.ts'
import { storedObject, storedSchemaOf } from '../eso/stored.ts'
import { locateFieldPath, locateTemplateError, type Located } from './locate.ts'

/** What the page (and `window.esoRender.render`) is given. */
export interface PlaygroundInput {
  /** YAML: the ExternalSecret, then the ConfigMaps and Secrets its templateFrom names. */
  externalSecret: string
  /** The provider data: a map of key → value (text, or bytes), or its YAML or JSON text. */
  data: Record<string, unknown> | string
  /** More ConfigMaps and Secrets, as a YAML stream. */
  objects?: string
}

export interface PlaygroundError {
  message: string
  /** Which editor the line and column are in. */
  editor?: 'external-secret' | 'data' | 'objects'
  line?: number
  column?: number
}

export interface DecodedKey {
  key: string
  /** The value as UTF-8 text, or undefined when it is not valid UTF-8. */
  text?: string
  base64: string
  bytes: number
}

export interface PlaygroundResult {
  /** The Secret as `eso-render render` writes it (one YAML document), or '' on error. */
  secret: string
  decoded: DecodedKey[]
  errors: PlaygroundError[]
  /** Notices a render would print (the non-deterministic warning). */
  notices: string[]
  nonDeterministic: boolean
}

/** The render's defaults the playground keeps: ESO's delimiters, Reloader's opt-in, the default namespace. */
const DEFAULTS = { delimiters: ['{{', '}}'] as [string, string], reloader: 'match' as const, namespace: 'default' }
const NON_DETERMINISTIC = 'the template calls a random or time function: the Secret changes on every render (Argo CD stays OutOfSync, Reloader restarts pods)'
/**
 * The data editor is the user's map, not a Kubernetes object: YAML 1.2 (JSON's superset), so that
 * `n`, `on` and `yes` stay text, and `!!binary` for bytes.
 */
const DATA_OPTIONS = { version: '1.2' as const, customTags: ['binary' as const], intAsBigInt: true, uniqueKeys: true, prettyErrors: false, maxAliasCount: MAX_ALIAS_COUNT }
const strict = new TextDecoder('utf-8', { fatal: true })

export interface Renderer {
  render(input: PlaygroundInput): PlaygroundResult
}

/** A renderer over the loaded YAML library and template engine (both loaded once, asynchronously). */
export function createRenderer(yaml: Yaml, engine: TemplateEngine): Renderer {
  return {
    render: (input) => {
      try {
        return render(yaml, engine, input)
      } catch (err) {
        // A bug must not stop the page: it says so, without the exception's text (it may quote input).
        const kind = err instanceof Error ? err.name : typeof err
        return { secret: '', decoded: [], errors: [{ message: `internal error (${kind}); this is a bug in eso-render, please report it` }], notices: [], nonDeterministic: false }
      }
    },
  }
}

interface ParsedDoc {
  object: KubeObject
  doc: InstanceType<Yaml['Document']>
  editor: 'external-secret' | 'objects'
  lines: InstanceType<Yaml['LineCounter']>
  source: string
}

function render(yaml: Yaml, engine: TemplateEngine, input: PlaygroundInput): PlaygroundResult {
  const errors: PlaygroundError[] = []
  const result = (): PlaygroundResult => ({ secret: '', decoded: [], errors, notices: [], nonDeterministic: false })
  const docs = [...parseStream(yaml, input.externalSecret, 'external-secret', errors), ...parseStream(yaml, input.objects ?? '', 'objects', errors)]
  const data = providerData(yaml, input.data, errors)
  if (errors.length || !data) return result()

  const esDocs = docs.filter((d) => d.object.kind === 'ExternalSecret' && String(d.object.apiVersion ?? '').startsWith(`${ESO_GROUP}/`))
  if (esDocs.length !== 1) {
    errors.push({
      message: esDocs.length ? `${esDocs.length} ExternalSecrets: the playground renders one at a time` : `no ExternalSecret (apiVersion ${ESO_GROUP}/v1, kind ExternalSecret) in the editor`,
      editor: 'external-secret',
    })
    return result()
  }
  const es = esDocs[0]
  const metadata = (es.object.metadata ?? {}) as { name?: unknown; namespace?: unknown }
  const resource: ResourceId = {
    apiVersion: String(es.object.apiVersion),
    kind: 'ExternalSecret',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    ...(typeof metadata.namespace === 'string' && metadata.namespace ? { namespace: metadata.namespace } : {}),
  }
  let plan: ExternalSecretPlan | undefined
  const fail = (errs: RenderError[]): PlaygroundResult => {
    for (const e of errs) errors.push(located(e, es, plan, docs))
    return result()
  }

  // The provider data arrives already read: the stores, reads and their fields are not the playground's.
  // As the API server stores it (nulls pruned), which is what ESO and the CLI read.
  const stored = storedObject(es.object, storedSchemaOf('ExternalSecret'), resource)
  if (stored.errors.length) return fail(stored.errors)
  const spec = { ...((stored.object.spec ?? {}) as Record<string, unknown>) }
  spec.secretStoreRef ??= { name: 'playground', kind: 'SecretStore' }
  if (!spec.data && !spec.dataFrom) spec.dataFrom = [{ extract: { key: 'playground' } }]
  const object = { ...stored.object, spec }
  const invalid = validateResource('ExternalSecret', object, resource)
  if (invalid.length) return fail(invalid)
  const planned = planExternalSecret(object, { resource, position: 0, defaultNamespace: DEFAULTS.namespace })
  const planErrors = planned.errors.filter((e) => !isAboutReads(e))
  if (planErrors.length || !planned.plan) return fail(planErrors)
  plan = planned.plan

  let final = data
  let templated: ReturnType<typeof applyTemplate> | undefined
  const notices: string[] = []
  if (plan.template) {
    try {
      templated = applyTemplate(plan, data, {
        lookups: lookupsOf(docs.filter((d) => d !== es).map((d) => d.object)),
        delimiters: DEFAULTS.delimiters,
        ...(needsEngine(plan, DEFAULTS.delimiters[0]) ? { engine } : {}),
        parseYaml: (text) => plain(yaml.parse(text, PARSE_OPTIONS)),
        showTemplateErrors: true,
        keepValuesInMessages: true,
      })
    } catch (err) {
      if (err instanceof RenderError) return fail([err])
      throw err
    }
    final = templated.data
    if (templated.nonDeterministic) notices.push(NON_DETERMINISTIC)
  }
  if (plan.creationPolicy === 'None') {
    errors.push({ message: 'creationPolicy None: ESO writes no Secret', editor: 'external-secret' })
    return result()
  }
  // The build stage's checks, with the page's values shown (the page's data is the user's own).
  const keyErrors = invalidKeys(plan, final, templated?.origins)
  if (keyErrors.length) return fail(keyErrors)
  const oversize = oversizeError(plan, final)
  if (oversize) return fail([oversize])

  const secret = buildSecret(plan, final, { reloader: DEFAULTS.reloader }, templated)
  const refused = invalidSecret(plan, secret, final)
  if (refused) return fail([refused])
  return {
    secret: objectYaml(yaml, secret),
    decoded: [...final.keys()].sort(compareUtf8).map((key) => decodedKey(key, final.get(key)!, (secret.data as Record<string, string>)[key])),
    errors,
    notices,
    nonDeterministic: templated?.nonDeterministic ?? false,
  }
}

/** Errors about stores and reads, which the playground does not make: its data is given. */
function isAboutReads(e: RenderError): boolean {
  const path = e.fieldPath ?? ''
  return e.code === 'UNSUPPORTED' && (path.startsWith('spec.data[') || path.startsWith('spec.dataFrom['))
}

function decodedKey(key: string, value: Uint8Array, base64: string): DecodedKey {
  let text: string | undefined
  try {
    text = strict.decode(value)
  } catch {
    text = undefined
  }
  return { key, ...(text === undefined ? {} : { text }), base64, bytes: value.length }
}

function parseStream(yaml: Yaml, text: string, editor: ParsedDoc['editor'], errors: PlaygroundError[]): ParsedDoc[] {
  const lines = new yaml.LineCounter()
  const out: ParsedDoc[] = []
  for (const doc of yaml.parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines })) {
    if (doc.errors.length) {
      const e = doc.errors[0]
      errors.push({
        message: `invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        editor,
        ...(e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
      })
      continue
    }
    let value: unknown
    try {
      // ESO's objects read as Kubernetes reads YAML (go-yaml v2's plain scalars), as the CLI reads them.
      const kind = yaml.isMap(doc.contents) ? doc.get('kind') : undefined
      const apiVersion = yaml.isMap(doc.contents) ? doc.get('apiVersion') : undefined
      const eso = kind === 'ExternalSecret' && typeof apiVersion === 'string' && apiVersion.startsWith(`${ESO_GROUP}/`)
      value = plain(eso ? withPlainScalars(yaml, doc, doc.contents, KUBERNETES_SCALARS, () => doc.toJS(PARSE_OPTIONS)) : doc.toJS(PARSE_OPTIONS))
    } catch {
      errors.push({ message: 'invalid YAML: its aliases cannot be resolved within the bound', editor })
      continue
    }
    if (value === null || value === undefined) continue
    if (typeof value !== 'object' || Array.isArray(value)) {
      const at = doc.contents?.range ? lines.linePos(doc.contents.range[0]) : undefined
      errors.push({ message: 'a document is not an object (a mapping with apiVersion and kind)', editor, ...(at ? { line: at.line, column: at.col } : {}) })
      continue
    }
    out.push({ object: value as KubeObject, doc, editor, lines, source: text })
  }
  return out
}

/** The provider data as bytes: text values as UTF-8, YAML's !!binary as its bytes, numbers and booleans as written. */
function providerData(yaml: Yaml, data: PlaygroundInput['data'], errors: PlaygroundError[]): Map<string, Uint8Array> | undefined {
  let map: unknown = data
  if (typeof data === 'string') {
    const doc = yaml.parseDocument(data, DATA_OPTIONS)
    if (doc.errors.length) {
      const e = doc.errors[0]
      errors.push({
        message: `invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        editor: 'data',
        ...(e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
      })
      return undefined
    }
    map = doc.toJS(DATA_OPTIONS) ?? {}
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    errors.push({ message: 'the provider data must be a map of key → value', editor: 'data' })
    return undefined
  }
  const out = new Map<string, Uint8Array>()
  for (const [k, v] of Object.entries(map)) {
    if (typeof v === 'string') out.set(k, utf8(v))
    else if (v instanceof Uint8Array) out.set(k, new Uint8Array(v))
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') out.set(k, utf8(String(v)))
    else if (v === null) out.set(k, new Uint8Array())
    else errors.push({ message: `the value of key ${quoteName(k)} is not text: provider data is bytes (write JSON as a string, bytes as !!binary base64)`, editor: 'data' })
  }
  return errors.length ? undefined : out
}

/** Lookups over the editors' ConfigMaps and Secrets; namespace-less ones are in the default namespace, as in a render. */
function lookupsOf(objects: KubeObject[]): Lookups {
  const byKey = new Map<string, KubeObject>()
  for (const o of objects) {
    if (o.kind !== 'Secret' && o.kind !== 'ConfigMap') continue
    const md = (o.metadata ?? {}) as { name?: unknown; namespace?: unknown }
    if (typeof md.name !== 'string') continue
    byKey.set(`${o.kind}/${typeof md.namespace === 'string' && md.namespace ? md.namespace : DEFAULTS.namespace}/${md.name}`, o)
  }
  return {
    secret: (ns, name) => byKey.get(`Secret/${ns}/${name}`),
    configMap: (ns, name) => byKey.get(`ConfigMap/${ns}/${name}`),
    namespaceLabels: () => undefined,
    missHint: () => '; add it to the editor after the ExternalSecret (---, then the object)',
  }
}

/** A render error as the CLI prints it, with the line and column in the editor of what it names. */
function located(e: RenderError, es: ParsedDoc, plan?: ExternalSecretPlan, docs: ParsedDoc[] = []): PlaygroundError {
  const message = formatError(e)
  // A template of a templateFrom item fails in the ConfigMap's or Secret's text: marked there.
  const item = /^spec\.target\.template\.templateFrom\[(\d+)\]\.(configMap|secret)\.items\[(\d+)\]$/.exec(e.fieldPath ?? '')
  if (item && plan?.template) {
    const source = item[2] as 'configMap' | 'secret'
    const ref = plan.template.templateFrom[Number(item[1])]?.[source]
    const key = ref?.items[Number(item[3])]?.key
    const holder = docs.find((d) => {
      const md = (d.object.metadata ?? {}) as { name?: unknown; namespace?: unknown }
      return (
        d.object.kind === (source === 'configMap' ? 'ConfigMap' : 'Secret') &&
        md.name === ref?.name &&
        (typeof md.namespace === 'string' && md.namespace ? md.namespace : DEFAULTS.namespace) === plan.namespace
      )
    })
    if (holder && key !== undefined) {
      // A Secret's data is base64: only its stringData can be pointed into.
      const field = `${source === 'configMap' ? 'data' : 'stringData'}[${JSON.stringify(key)}]`
      const at = locateTemplateError(holder.doc, holder.lines, holder.source, field, e.message)
      if (at) return { message, editor: holder.editor, ...at }
    }
  }
  let at: Located | undefined
  if (e.fieldPath) at = locateTemplateError(es.doc, es.lines, es.source, e.fieldPath, e.message) ?? locateFieldPath(es.doc, es.lines, e.fieldPath)
  return { message, editor: es.editor, ...(at ?? {}) }
}
