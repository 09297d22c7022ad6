// Reads manifests (a KRM ResourceList or YAML streams) into items the core can inspect, and writes
// them back. Items the core leaves alone are written as their exact source text; only items the
// core asks about are parsed. When the line scanner cannot split the input safely, the whole input
// goes through the YAML document model instead (slower, same result).

import type { Document, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml'
import { RenderError, type FileRef } from '../errors.ts'
import { scanResourceList, scanStream, type ScannedItem } from './scan.ts'
import { loadYaml, PARSE_OPTIONS, STRINGIFY_OPTIONS, toValue, yamlError, type Yaml } from './yaml.ts'
import { readSimpleYaml } from './simple-yaml.ts'

export type KubeObject = Record<string, unknown>

export interface Item {
  readonly position: number
  /** Sniffed or parsed kind; undefined when the item has none. */
  readonly kind: string | undefined
  readonly apiVersion: string | undefined
  readonly file?: FileRef
  /** The item as a plain object (parsed on first call). Throws RenderError on bad YAML. */
  object(): KubeObject
}

/** What the core wants done with one input item. */
export interface ItemAction {
  keep: boolean
  /** Annotations to set on the kept item (e.g. kpt's local-config marker). */
  annotate?: Record<string, string>
  /** Objects written right after the item (or in its place when not kept). */
  add?: KubeObject[]
}

export interface Manifests {
  readonly format: 'resource-list' | 'stream'
  readonly items: readonly Item[]
  readonly functionConfig?: KubeObject
  /** Output text: the items with the actions applied; items without an action are kept as they are. */
  write(actions: ReadonlyMap<number, ItemAction>): string
}

export interface Source {
  path?: string
  text: string
}

/** Says which sniffed kinds the caller will look into; the YAML library loads only for those. */
export type Interest = (kind: string | undefined, apiVersion?: string) => boolean

function checkObject(value: unknown, file: FileRef | undefined, what: string): KubeObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RenderError('INPUT_INVALID', `${what} is not a mapping (a Kubernetes object)`, { file })
  }
  return value as KubeObject
}

class ScannedEntry implements Item {
  readonly position: number
  readonly kind: string | undefined
  readonly apiVersion: string | undefined
  readonly file?: FileRef
  readonly scanned: ScannedItem
  private readonly yaml: Yaml | undefined
  private parsed?: KubeObject

  constructor(position: number, scanned: ScannedItem, yaml: Yaml | undefined, file?: FileRef) {
    this.position = position
    this.scanned = scanned
    this.kind = scanned.kind
    this.apiVersion = scanned.apiVersion
    this.file = file
    this.yaml = yaml
  }

  document(): Document {
    if (!this.yaml) throw new RenderError('INTERNAL', `item of kind ${this.kind ?? '(none)'} was not expected to be parsed; this is a bug in eso-render`)
    const doc = this.yaml.parseDocument(this.scanned.body, PARSE_OPTIONS)
    if (doc.errors.length) throw yamlError(doc.errors[0], this.file, this.scanned.body, 'document')
    return doc
  }

  object(): KubeObject {
    // Most ExternalSecrets and stores are plain block YAML: read those directly (the YAML library
    // costs ~0.2 ms a document), and everything else, errors included, with the library.
    this.parsed ??= checkObject(readSimpleYaml(this.scanned.body) ?? toValue((o) => this.document().toJS(o), this.file), this.file, 'item')
    return this.parsed
  }
}

/** Serialises a new object as block YAML lines. */
function objectYaml(yaml: Yaml | undefined, obj: KubeObject): string {
  if (!yaml) throw new RenderError('INTERNAL', 'output objects were added without the YAML library; this is a bug in eso-render')
  return yaml.stringify(obj, STRINGIFY_OPTIONS)
}

function indentAsItem(text: string, indent: number): string {
  const pad = ' '.repeat(indent)
  const lines = text.replace(/\n$/, '').split('\n')
  return lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : l === '' ? '' : `${pad}  ${l}`)).join('\n') + '\n'
}

/**
 * Sets annotations on an object node (a document, or a ResourceList item). Missing `metadata` or
 * `annotations` mappings are created as YAML mappings first: left to setIn, they would be JS Maps,
 * which YAML 1.1 writes as `!!omap`, a list Kubernetes refuses for map[string]string.
 */
function setAnnotations(target: Document | YAMLMap, doc: Document, annotations: Record<string, string>): void {
  if (!target.hasIn(['metadata'])) target.setIn(['metadata'], doc.createNode({}))
  if (!target.hasIn(['metadata', 'annotations'])) target.setIn(['metadata', 'annotations'], doc.createNode({}))
  for (const [k, v] of Object.entries(annotations)) target.setIn(['metadata', 'annotations', k], v)
}

function annotateText(entry: ScannedEntry, annotations: Record<string, string>): string {
  const doc = entry.document()
  setAnnotations(doc, doc, annotations)
  return doc.toString({ lineWidth: 0 })
}

/**
 * Aliases in the kept items whose anchor was in an item left out are replaced by a copy of what
 * they pointed to: the output must not refer to a node it no longer holds.
 */
function resolveOrphanAliases(yaml: Yaml, doc: Document, kept: YamlNode[]): void {
  for (let changed = true; changed; ) {
    changed = false
    const anchors = new Set<string>()
    for (const node of kept) yaml.visit(node, (_k, n) => void (yaml.isNode(n) && n.anchor && anchors.add(n.anchor)))
    for (const node of kept) {
      yaml.visit(node, {
        Alias: (_k, alias) => {
          if (anchors.has(alias.source)) return undefined
          const copy = (alias.resolve(doc) as YamlNode | undefined)?.clone() as YamlNode | undefined
          if (!copy) return undefined
          yaml.visit(copy, (_k2, n) => void (yaml.isNode(n) && (n.anchor = undefined)))
          if (yaml.isNode(copy)) copy.anchor = undefined
          changed = true
          return copy
        },
      })
    }
  }
}

function resourceListHeader(): string {
  return 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n'
}

function parseFunctionConfig(yaml: Yaml, text: string | undefined): KubeObject | undefined {
  if (text === undefined) return undefined
  const doc = yaml.parseDocument(text, PARSE_OPTIONS)
  if (doc.errors.length) throw yamlError(doc.errors[0], { path: 'functionConfig' }, text, 'functionConfig')
  const value = toValue((o) => doc.toJS(o), { path: 'functionConfig' }, 'CONFIG_INVALID', 'functionConfig: ')
  if (value === null || value === undefined) return undefined
  return checkObject(value, { path: 'functionConfig' }, 'functionConfig')
}

/** A ResourceList from a KRM host (kpt, kustomize). */
export async function readResourceList(text: string, interest: Interest): Promise<Manifests> {
  const trimmed = text.trimStart()
  const scanned = trimmed.startsWith('{') ? undefined : scanResourceList(text)
  if (scanned) {
    if (!scanned.hasItems) throw new RenderError('INPUT_INVALID', 'ResourceList has no items: expected items to be a list of objects', { file: { path: 'stdin' }, fieldPath: 'items' })
    const needed = scanned.functionConfig !== undefined || scanned.items.some((s) => interest(s.kind, s.apiVersion))
    const yaml = needed ? await loadYaml() : undefined
    const items = scanned.items.map((s, i) => new ScannedEntry(i, s, yaml, { path: 'items', index: i }))
    const functionConfig = yaml ? parseFunctionConfig(yaml, scanned.functionConfig) : undefined
    return {
      format: 'resource-list',
      items,
      functionConfig,
      write(actions) {
        let out = resourceListHeader() + (items.length ? 'items:\n' : 'items: []\n')
        for (const item of items) {
          const action = actions.get(item.position)
          if (!action || action.keep) {
            out += action?.annotate ? indentAsItem(annotateText(item, action.annotate), scanned.itemIndent) : item.scanned.raw
            if (!item.scanned.raw.endsWith('\n')) out += '\n'
          }
          for (const obj of action?.add ?? []) out += indentAsItem(objectYaml(yaml, obj), scanned.itemIndent)
        }
        return out
      },
    }
  }
  return readResourceListDocument(await loadYaml(), text)
}

async function readResourceListDocument(yaml: Yaml, text: string): Promise<Manifests> {
  const doc = yaml.parseDocument(text, PARSE_OPTIONS)
  if (doc.errors.length) throw yamlError(doc.errors[0], { path: 'stdin' }, text, 'input')
  const root = doc.contents
  if (!yaml.isMap(root)) throw new RenderError('INPUT_INVALID', 'input is not a ResourceList: expected a mapping with kind ResourceList', { file: { path: 'stdin' } })
  const kind = (root as YAMLMap).get('kind') as unknown
  if (kind !== 'ResourceList' && kind !== 'List') {
    throw new RenderError('INPUT_INVALID', `input is not a ResourceList: kind is ${JSON.stringify(String(kind ?? ''))}, expected ResourceList`, { file: { path: 'stdin' } })
  }
  const itemsNode = root.get('items', true)
  if (itemsNode === undefined || itemsNode === null || (yaml.isScalar(itemsNode) && itemsNode.value === null)) {
    throw new RenderError('INPUT_INVALID', 'ResourceList has no items: expected items to be a list of objects', { file: { path: 'stdin' }, fieldPath: 'items' })
  }
  if (!yaml.isSeq(itemsNode)) throw new RenderError('INPUT_INVALID', 'ResourceList items is not a list', { file: { path: 'stdin' }, fieldPath: 'items' })
  const seq = itemsNode as YAMLSeq
  const fcNode = root.get('functionConfig', true) as YamlNode | undefined
  const functionConfigValue = fcNode ? toValue((o) => (fcNode as YamlNode).toJS(doc, o), { path: 'functionConfig' }, 'CONFIG_INVALID', 'functionConfig: ') : undefined
  const functionConfig = functionConfigValue == null ? undefined : checkObject(functionConfigValue, { path: 'functionConfig' }, 'functionConfig')
  const nodes = [...seq.items] as YamlNode[]
  const items = nodes.map((node, i) => documentItem(yaml, doc, node, i, { path: 'items', index: i }))
  return {
    format: 'resource-list',
    items,
    functionConfig,
    write(actions) {
      const outSeq: unknown[] = []
      nodes.forEach((node, i) => {
        const action = actions.get(i)
        if (!action || action.keep) {
          if (action?.annotate && yaml.isMap(node)) setAnnotations(node as YAMLMap, doc, action.annotate)
          liftComment(yaml, node)
          outSeq.push(node)
        }
        for (const obj of action?.add ?? []) outSeq.push(doc.createNode(obj))
      })
      resolveOrphanAliases(yaml, doc, outSeq.filter((n) => nodes.includes(n as YamlNode)) as YamlNode[])
      // Reuse the input document so anchors and aliases across items stay valid.
      if (text.trimStart().startsWith('{')) {
        // JSON in, block YAML out: kpt writes flow-styled items back into the user's files.
        yaml.visit(doc, {
          Map: (_k, n) => void (n.flow = false),
          Seq: (_k, n) => void (n.flow = false),
          // Drop JSON's quoting; strings YAML 1.1 would retype get quoted again on output.
          Scalar: (_k, n) => void (typeof n.value === 'string' && (n.type = undefined)),
        })
      }
      root.delete('functionConfig')
      root.delete('results')
      ;(root as YAMLMap).set('apiVersion', 'config.kubernetes.io/v1')
      seq.items = outSeq as YamlNode[]
      seq.flow = false
      return doc.toString({ lineWidth: 0 })
    },
  }
}

// yaml@2 prints an item's leading comment before the dash and kyaml then duplicates it; moving it
// onto the first key keeps a pass-through byte-stable.
function liftComment(yaml: Yaml, node: YamlNode): void {
  if (yaml.isMap(node) && node.commentBefore && node.items.length) {
    const key = node.items[0].key
    if (yaml.isNode(key)) {
      key.commentBefore = [node.commentBefore, key.commentBefore].filter(Boolean).join('\n')
      node.commentBefore = undefined
    }
  }
}

function documentItem(yaml: Yaml, doc: Document, node: YamlNode, position: number, file: FileRef): Item {
  const map = yaml.isMap(node) ? (node as YAMLMap) : undefined
  const str = (k: string) => {
    const v = map?.get(k)
    return typeof v === 'string' ? v : undefined
  }
  let parsed: KubeObject | undefined
  return {
    position,
    kind: str('kind'),
    apiVersion: str('apiVersion'),
    file,
    object() {
      parsed ??= checkObject(
        toValue((o) => node.toJS(doc, o), file),
        file,
        'item',
      )
      return parsed
    },
  }
}

/** One or more YAML streams (files, stdin, a legacy-plugin pipe) as one list of items. */
export async function readStreams(sources: Source[], interest: Interest): Promise<Manifests> {
  const scannedSources = sources.map((s) => scanStream(s.text))
  if (scannedSources.every((s) => s !== undefined)) {
    const needed = scannedSources.some((list) => list!.some((s) => interest(s.kind, s.apiVersion)))
    const yaml = needed ? await loadYaml() : undefined
    const items: ScannedEntry[] = []
    sources.forEach((source, si) => {
      scannedSources[si]!.forEach((scanned, di) => {
        items.push(new ScannedEntry(items.length, scanned, yaml, { path: source.path ?? 'stdin', index: di }))
      })
    })
    return {
      format: 'stream',
      items,
      write(actions) {
        const docs: string[] = []
        for (const item of items) {
          const action = actions.get(item.position)
          if (!action || action.keep) docs.push(action?.annotate ? annotateText(item, action.annotate) : item.scanned.raw)
          for (const obj of action?.add ?? []) docs.push(objectYaml(yaml, obj))
        }
        return joinDocuments(docs)
      },
    }
  }
  return readStreamsDocument(await loadYaml(), sources)
}

function joinDocuments(docs: string[]): string {
  return docs.map((d) => (d.endsWith('\n') ? d : d + '\n')).join('---\n')
}

async function readStreamsDocument(yaml: Yaml, sources: Source[]): Promise<Manifests> {
  const entries: { doc: Document; item: Item }[] = []
  for (const source of sources) {
    const docs = yaml.parseAllDocuments(source.text, PARSE_OPTIONS)
    const list = Array.isArray(docs) ? docs : [docs]
    list.forEach((doc, di) => {
      const file = { path: source.path ?? 'stdin', index: di }
      if (doc.errors.length) throw yamlError(doc.errors[0], { path: file.path }, source.text, 'file')
      if (doc.contents === null) return
      entries.push({ doc, item: documentItem(yaml, doc, doc.contents as YamlNode, entries.length, file) })
    })
  }
  return {
    format: 'stream',
    items: entries.map((e) => e.item),
    write(actions) {
      const docs: string[] = []
      entries.forEach(({ doc }, i) => {
        const action = actions.get(i)
        if (!action || action.keep) {
          if (action?.annotate) setAnnotations(doc, doc, action.annotate)
          docs.push(doc.toString({ lineWidth: 0 }).replace(/^---\n/, ''))
        }
        for (const obj of action?.add ?? []) docs.push(objectYaml(yaml, obj))
      })
      return joinDocuments(docs)
    },
  }
}
