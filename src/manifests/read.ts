// Reads manifests (a KRM ResourceList or YAML streams) into items the core can inspect, and writes
// them back. Items the core leaves alone are written as their exact source text; only items the
// core asks about are parsed. The items of a v1 List are items too, right after their List (and
// theirs, for a List in a List); a List whose items have actions is written with those items
// changed and the rest of it as it came. When the line scanner cannot split the input safely, the
// whole input goes through the YAML document model instead (slower, same result).

import type { Document, Node as YamlNode, ToJSOptions, YAMLMap, YAMLSeq } from 'yaml'
import { RenderError, type FileRef } from '../errors.ts'
import { emitBlockYaml } from './emit.ts'
import { isV1List } from './identity.ts'
import { scanResourceList, scanStream, type ScannedItem, type ScannedResourceList } from './scan.ts'
import { asWritten, loadYaml, PARSE_OPTIONS, STRINGIFY_OPTIONS, toValue, withPlainScalars, yamlError, type PlainScalars, type Yaml } from './yaml.ts'
import { readSimpleYaml } from './simple-yaml.ts'

export type KubeObject = Record<string, unknown>

export interface Item {
  readonly position: number
  /** Sniffed or parsed kind; undefined when the item has none. */
  readonly kind: string | undefined
  readonly apiVersion: string | undefined
  /** The item's own text, where the line scanner split the input. */
  readonly body?: string
  /** For one of the items of a v1 List, the List's document or ResourceList item. */
  readonly file?: FileRef
  /** Set on one of the items of a v1 List. */
  readonly list?: ListPlace
  /**
   * The item as a plain object (parsed on first call). Throws RenderError on bad YAML. With
   * `scalars`, plain scalars take the values those rules give (Kubernetes' go-yaml v2 rules for
   * the objects the API server would decode); the item's output text is not affected.
   */
  object(scalars?: PlainScalars): KubeObject
}

/** Where an item of a v1 List sits: the List's position, and the index in its `items`. */
export interface ListPlace {
  position: number
  index: number
}

/** What the core wants done with one input item. */
export interface ItemAction {
  keep: boolean
  /** Annotations to set on the kept item (e.g. kpt's local-config marker). */
  annotate?: Record<string, string>
  /** Annotations to set on an object inside the kept item: the one at `path` (a pod template: `['spec', 'template']`). */
  annotateAt?: readonly AnnotationEdit[]
  /** Objects written right after the item (or in its place when not kept). */
  add?: KubeObject[]
}

export interface AnnotationEdit {
  path: readonly string[]
  annotations: Record<string, string>
}

export interface Manifests {
  readonly format: 'resource-list' | 'stream'
  readonly items: readonly Item[]
  readonly functionConfig?: KubeObject
  /** Output text: the items with the actions applied; items without an action are kept as they are. */
  write(actions: ReadonlyMap<number, ItemAction>): string
  /**
   * Writes the text of an object an action will add, ahead of `write` (the run does it while it
   * waits on Vault), and freezes the object. Absent where the output goes through the YAML
   * document model.
   */
  writeAhead?(obj: KubeObject): void
}

export interface Source {
  path?: string
  text: string
}

/**
 * Says which sniffed kinds the caller will look into; the YAML library loads only for those. `body`
 * is the item's own text where the line scanner split the input.
 */
export type Interest = (kind: string | undefined, apiVersion?: string, body?: string) => boolean

function checkObject(value: unknown, file: FileRef | undefined, what: string): KubeObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RenderError('INPUT_INVALID', `${what} is not a mapping (a Kubernetes object)`, { file })
  }
  return value as KubeObject
}

/** A RenderError thrown while reading an item (a key Kubernetes cannot read), located at the item's file. */
function located<T>(read: () => T, file: FileRef | undefined): T {
  try {
    return read()
  } catch (err) {
    throw err instanceof RenderError ? err.locate({ file }) : err
  }
}

/** The YAML library, once the scan has shown that some item needs it. */
interface Library {
  yaml?: Yaml
}

class ScannedEntry implements Item {
  readonly position: number
  readonly kind: string | undefined
  readonly apiVersion: string | undefined
  readonly file?: FileRef
  readonly list?: ListPlace
  readonly scanned: ScannedItem
  /** A v1 List's items, the column of their `-`, and the text around them. */
  children?: ScannedEntry[]
  itemIndent = 0
  layout?: NonNullable<ScannedResourceList['layout']>
  private readonly lib: Library
  private parsed?: KubeObject
  private readonly parsedBy = new Map<PlainScalars, KubeObject>()
  // The fast reader's answer, once (null: outside its subset): it serves both readings alike.
  private fast?: KubeObject | null

  private simple(): KubeObject | undefined {
    if (this.fast === undefined) this.fast = readSimpleYaml(this.scanned.body, this.scanned.printableAscii) ?? null
    return this.fast ?? undefined
  }

  constructor(position: number, scanned: ScannedItem, lib: Library, file?: FileRef, list?: ListPlace) {
    this.position = position
    this.scanned = scanned
    this.kind = scanned.kind
    this.apiVersion = scanned.apiVersion
    this.file = file
    this.list = list
    this.lib = lib
  }

  get body(): string {
    return this.scanned.body
  }

  private get yaml(): Yaml | undefined {
    return this.lib.yaml
  }

  /** The YAML library, which is loaded whenever an item is parsed or written through it. */
  library(): Yaml {
    if (!this.yaml) throw new RenderError('INTERNAL', `item of kind ${this.kind ?? '(none)'} was not expected to be parsed; this is a bug in eso-render`)
    return this.yaml
  }

  document(): Document {
    if (!this.yaml) throw new RenderError('INTERNAL', `item of kind ${this.kind ?? '(none)'} was not expected to be parsed; this is a bug in eso-render`)
    const doc = this.yaml.parseDocument(this.scanned.body, PARSE_OPTIONS)
    if (doc.errors.length) throw yamlError(doc.errors[0], this.file, this.scanned.body, 'document')
    return doc
  }

  object(scalars?: PlainScalars): KubeObject {
    // Most ExternalSecrets and stores are plain block YAML: read those directly (the YAML library
    // costs ~0.2 ms a document), and everything else, errors included, with the library. The fast
    // reader's plain scalars are strings under YAML 1.1 and go-yaml v2 alike, so it serves both.
    if (!scalars) {
      this.parsed ??= checkObject(this.simple() ?? toValue((o) => this.document().toJS(o), this.file), this.file, 'item')
      return this.parsed
    }
    let parsed = this.parsedBy.get(scalars)
    if (!parsed) {
      const library = (o: ToJSOptions) => {
        const doc = this.document()
        return withPlainScalars(this.yaml!, doc, doc.contents, scalars, () => doc.toJS(o))
      }
      parsed = checkObject(this.simple() ?? located(() => toValue(library, this.file), this.file), this.file, 'item')
      this.parsedBy.set(scalars, parsed)
    }
    return parsed
  }
}

/** Serialises a new object as block YAML lines. */
export function objectYaml(yaml: Yaml | undefined, obj: KubeObject): string {
  const ahead = writtenAhead.get(obj)
  if (ahead !== undefined) return ahead
  if (!yaml) throw new RenderError('INTERNAL', 'output objects were added without the YAML library; this is a bug in eso-render')
  return emitBlockYaml(obj, yaml) ?? yaml.stringify(obj, STRINGIFY_OPTIONS)
}

// New objects whose text was written ahead of the output (while the run waited on Vault), by
// identity. Each is frozen first, all the way down: the text stays the object's, and a change
// after it (a bug) throws instead of going unwritten.
const writtenAhead = new WeakMap<KubeObject, string>()

/** Writes a new object's YAML now, for objectYaml to use when the output is written; freezes the object. */
function writeAhead(yaml: Yaml, obj: KubeObject): void {
  deepFreeze(obj)
  writtenAhead.set(obj, objectYaml(yaml, obj))
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const v of Object.values(value)) deepFreeze(v)
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
function setAnnotations(yaml: Yaml, target: Document | YAMLMap, doc: Document, annotations: Record<string, string>, at: readonly string[] = []): void {
  // `metadata:` with nothing under it reads as null: it becomes an empty mapping.
  for (const path of [
    [...at, 'metadata'],
    [...at, 'metadata', 'annotations'],
  ])
    if (!yaml.isMap(target.getIn(path, true))) target.setIn(path, doc.createNode({}))
  for (const [k, v] of Object.entries(annotations)) target.setIn([...at, 'metadata', 'annotations', k], v)
}

/** Whether an action changes a kept item's own text. */
function edits(action: ItemAction | undefined): boolean {
  return action?.annotate !== undefined || (action?.annotateAt?.length ?? 0) > 0
}

function applyEdits(yaml: Yaml, target: Document | YAMLMap, doc: Document, action: ItemAction): void {
  if (action.annotate) setAnnotations(yaml, target, doc, action.annotate)
  for (const edit of action.annotateAt ?? []) setAnnotations(yaml, target, doc, edit.annotations, edit.path)
}

function annotateText(entry: ScannedEntry, action: ItemAction, yaml: Yaml | undefined): string {
  const doc = entry.document()
  applyEdits(yaml ?? entry.library(), doc, doc, action)
  return asWritten(entry.library(), doc, () => doc.toString(writeOptions(entry.scanned.body)))
}

/**
 * How an edited document is written back: no line folding, and flow mappings written `{a: b}`
 * when the source writes them so throughout (the library's default is `{ a: b }`), so that an
 * edit changes only what it changes.
 */
function writeOptions(source: string): { lineWidth: number; flowCollectionPadding: boolean } {
  const unpadded = /\{[^\s{}]/.test(source) && !/\{ [^}]/.test(source)
  return { lineWidth: 0, flowCollectionPadding: !unpadded }
}

/**
 * Adds an item to `items`, and for a v1 List its items right after it (and theirs, for a List in a
 * List). Undefined when a List's items cannot be split by lines: the caller then reads the whole
 * input with the YAML library.
 */
function addScanned(items: ScannedEntry[], scanned: ScannedItem, lib: Library, file: FileRef | undefined, list?: ListPlace): ScannedEntry | undefined {
  const entry = new ScannedEntry(items.length, scanned, lib, file, list)
  items.push(entry)
  // A List whose apiVersion the scanner could not read might be a v1 List: the parser decides.
  if (scanned.kind === 'List' && scanned.apiVersion === undefined) return undefined
  if (!isV1List(scanned.kind, scanned.apiVersion)) return entry
  const inner = scanResourceList(scanned.body)
  if (!inner) return undefined
  if (!inner.items.length) return entry
  if (!inner.layout) return undefined
  entry.layout = inner.layout
  entry.itemIndent = inner.itemIndent
  entry.children = []
  for (const [index, child] of inner.items.entries()) {
    const added = addScanned(items, child, lib, file, { position: entry.position, index })
    if (!added) return undefined
    entry.children.push(added)
  }
  return entry
}

interface Tree {
  readonly position: number
  readonly children?: readonly Tree[]
}

/** Whether an item, or one of its items if it is a List, has an action. */
function touched(entry: Tree, actions: ReadonlyMap<number, ItemAction>): boolean {
  return actions.has(entry.position) || (entry.children?.some((c) => touched(c, actions)) ?? false)
}

/** A List's text (dedented, as its body) with its items' actions applied; undefined when none has one. */
function listText(entry: ScannedEntry, actions: ReadonlyMap<number, ItemAction>, lib: Library): string | undefined {
  if (!entry.children || !entry.layout || !entry.children.some((c) => touched(c, actions))) return undefined
  let items = ''
  for (const child of entry.children) items += scannedItemText(child, actions, lib, entry.itemIndent)
  const { head, itemsLine, tail } = entry.layout
  return head + (items ? itemsLine + items : itemsLine.replace(/^items:/, 'items: []')) + tail
}

/** One item of a list (a ResourceList's or a List's) with its action applied, as lines of that list. */
function scannedItemText(entry: ScannedEntry, actions: ReadonlyMap<number, ItemAction>, lib: Library, indent: number): string {
  const action = actions.get(entry.position)
  let out = ''
  if (!action || action.keep) {
    const changed = listText(entry, actions, lib)
    if (action && edits(action)) {
      if (changed !== undefined) throw new RenderError('INTERNAL', 'a List and its items were both changed; this is a bug in eso-render')
      out += indentAsItem(annotateText(entry, action, lib.yaml), indent)
    } else if (changed !== undefined) out += indentAsItem(changed, indent)
    else out += entry.scanned.raw.endsWith('\n') ? entry.scanned.raw : `${entry.scanned.raw}\n`
  }
  for (const obj of action?.add ?? []) out += indentAsItem(objectYaml(lib.yaml, obj), indent)
  return out
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
    const lib: Library = {}
    const items: ScannedEntry[] = []
    const top: ScannedEntry[] = []
    for (const [i, s] of scanned.items.entries()) {
      const entry = addScanned(items, s, lib, { path: 'items', index: i })
      if (!entry) return readResourceListDocument(await loadYaml(), text)
      top.push(entry)
    }
    const needed = scanned.functionConfig !== undefined || items.some((s) => interest(s.kind, s.apiVersion))
    if (needed) lib.yaml = await loadYaml()
    const functionConfig = lib.yaml ? parseFunctionConfig(lib.yaml, scanned.functionConfig) : undefined
    return {
      format: 'resource-list',
      items,
      functionConfig,
      write(actions) {
        let out = resourceListHeader() + (top.length ? 'items:\n' : 'items: []\n')
        for (const item of top) out += scannedItemText(item, actions, lib, scanned.itemIndent)
        return out
      },
      writeAhead(obj) {
        if (lib.yaml) writeAhead(lib.yaml, obj)
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
  const items: Item[] = []
  const top = ([...seq.items] as YamlNode[]).map((node, i) => addDocumentItem(yaml, doc, node, items, { path: 'items', index: i }))
  return {
    format: 'resource-list',
    items,
    functionConfig,
    write(actions) {
      const outSeq: unknown[] = []
      const kept: YamlNode[] = []
      const changes: (() => void)[] = []
      for (const entry of top) {
        const { node } = entry
        const action = actions.get(entry.position)
        if (!action || action.keep) {
          if (action && edits(action) && yaml.isMap(node)) applyEdits(yaml, node as YAMLMap, doc, action)
          liftComment(yaml, node)
          outSeq.push(node)
          kept.push(...keptNodes(yaml, doc, entry, actions, changes))
        }
        for (const obj of action?.add ?? []) outSeq.push(doc.createNode(obj))
      }
      resolveOrphanAliases(yaml, doc, kept)
      for (const change of changes) change()
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
      return asWritten(yaml, doc, () => doc.toString(writeOptions(text)))
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

/** An item read through the YAML document model, with its node and, for a v1 List, its items. */
interface DocumentEntry extends Tree {
  readonly node: YamlNode
  readonly seq?: YAMLSeq
  readonly children?: DocumentEntry[]
}

/** Adds an item to `items`, and for a v1 List its items right after it (and theirs). */
function addDocumentItem(yaml: Yaml, doc: Document, node: YamlNode, items: Item[], file: FileRef, list?: ListPlace): DocumentEntry {
  const item = documentItem(yaml, doc, node, items.length, file, list)
  items.push(item)
  const seq = isV1List(item.kind, item.apiVersion) && yaml.isMap(node) ? (node as YAMLMap).get('items', true) : undefined
  if (!yaml.isSeq(seq)) return { position: item.position, node }
  const children = (seq.items as YamlNode[]).map((child, index) => addDocumentItem(yaml, doc, child, items, file, { position: item.position, index }))
  return { position: item.position, node, seq, children }
}

/**
 * What stays in the document of an entry once the actions of a List's items are applied: the entry
 * itself when none of them has one, else the List's other fields and its kept items (for the alias
 * repair, which must see the document as it was). The change to the List's `items` is queued.
 */
function keptNodes(yaml: Yaml, doc: Document, entry: DocumentEntry, actions: ReadonlyMap<number, ItemAction>, changes: (() => void)[]): YamlNode[] {
  if (!entry.children || !entry.seq || !entry.children.some((c) => touched(c, actions))) return [entry.node]
  const fields = (entry.node as YAMLMap).items.filter((p) => !(yaml.isScalar(p.key) && p.key.value === 'items')).map((p) => p.value)
  const kept = fields.filter((v): v is YamlNode => yaml.isNode(v))
  const next: unknown[] = []
  for (const child of entry.children) {
    const action = actions.get(child.position)
    if (!action || action.keep) {
      if (action && edits(action) && yaml.isMap(child.node)) applyEdits(yaml, child.node as YAMLMap, doc, action)
      next.push(child.node)
      kept.push(...keptNodes(yaml, doc, child, actions, changes))
    }
    for (const obj of action?.add ?? []) next.push(doc.createNode(obj))
  }
  const seq = entry.seq
  changes.push(() => void (seq.items = next))
  return kept
}

function documentItem(yaml: Yaml, doc: Document, node: YamlNode, position: number, file: FileRef, list?: ListPlace): Item {
  const map = yaml.isMap(node) ? (node as YAMLMap) : undefined
  const str = (k: string) => {
    const v = map?.get(k)
    return typeof v === 'string' ? v : undefined
  }
  let parsed: KubeObject | undefined
  const parsedBy = new Map<PlainScalars, KubeObject>()
  return {
    position,
    kind: str('kind'),
    apiVersion: str('apiVersion'),
    file,
    list,
    object(scalars) {
      if (!scalars) {
        parsed ??= checkObject(
          toValue((o) => node.toJS(doc, o), file),
          file,
          'item',
        )
        return parsed
      }
      let byRules = parsedBy.get(scalars)
      if (!byRules) {
        const value = located(() => toValue((o) => withPlainScalars(yaml, doc, node, scalars, () => node.toJS(doc, o)), file), file)
        byRules = checkObject(value, file, 'item')
        parsedBy.set(scalars, byRules)
      }
      return byRules
    },
  }
}

/** One or more YAML streams (files, stdin, a legacy-plugin pipe) as one list of items. */
export async function readStreams(sources: Source[], interest: Interest): Promise<Manifests> {
  const scannedSources = sources.map((s) => scanStream(s.text))
  if (scannedSources.every((s) => s !== undefined)) {
    const lib: Library = {}
    const items: ScannedEntry[] = []
    const top: ScannedEntry[] = []
    for (const [si, source] of sources.entries()) {
      for (const [di, scanned] of scannedSources[si]!.entries()) {
        const entry = addScanned(items, scanned, lib, { path: source.path ?? 'stdin', index: di })
        if (!entry) return readStreamsDocument(await loadYaml(), sources)
        top.push(entry)
      }
    }
    if (items.some((s) => interest(s.kind, s.apiVersion, s.scanned.body))) lib.yaml = await loadYaml()
    return {
      format: 'stream',
      items,
      write(actions) {
        const docs: string[] = []
        for (const item of top) {
          const action = actions.get(item.position)
          if (!action || action.keep) {
            const changed = listText(item, actions, lib)
            if (edits(action) && changed !== undefined) throw new RenderError('INTERNAL', 'a List and its items were both changed; this is a bug in eso-render')
            docs.push(action && edits(action) ? annotateText(item, action, lib.yaml) : (changed ?? item.scanned.raw))
          }
          for (const obj of action?.add ?? []) docs.push(objectYaml(lib.yaml, obj))
        }
        return joinDocuments(docs)
      },
      writeAhead(obj) {
        if (lib.yaml) writeAhead(lib.yaml, obj)
      },
    }
  }
  return readStreamsDocument(await loadYaml(), sources)
}

function joinDocuments(docs: string[]): string {
  return docs.map((d) => (d.endsWith('\n') ? d : d + '\n')).join('---\n')
}

async function readStreamsDocument(yaml: Yaml, sources: Source[]): Promise<Manifests> {
  const entries: { doc: Document; text: string; entry: DocumentEntry }[] = []
  const items: Item[] = []
  for (const source of sources) {
    const docs = yaml.parseAllDocuments(source.text, PARSE_OPTIONS)
    const list = Array.isArray(docs) ? docs : [docs]
    list.forEach((doc, di) => {
      const file = { path: source.path ?? 'stdin', index: di }
      if (doc.errors.length) throw yamlError(doc.errors[0], { path: file.path }, source.text, 'file')
      if (doc.contents === null) return
      entries.push({ doc, text: source.text, entry: addDocumentItem(yaml, doc, doc.contents as YamlNode, items, file) })
    })
  }
  return {
    format: 'stream',
    items,
    write(actions) {
      const docs: string[] = []
      entries.forEach(({ doc, text, entry }) => {
        const action = actions.get(entry.position)
        if (!action || action.keep) {
          const changes: (() => void)[] = []
          const kept = keptNodes(yaml, doc, entry, actions, changes)
          if (changes.length) {
            resolveOrphanAliases(yaml, doc, kept)
            for (const change of changes) change()
          }
          if (action && edits(action)) applyEdits(yaml, doc, doc, action)
          docs.push(asWritten(yaml, doc, () => doc.toString(writeOptions(text))).replace(/^---\n/, ''))
        }
        for (const obj of action?.add ?? []) docs.push(objectYaml(yaml, obj))
      })
      return joinDocuments(docs)
    },
  }
}
