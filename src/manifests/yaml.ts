// The YAML library, loaded on first use (it is most of a cold start), with the options that make
// it read and write YAML 1.1 as Kubernetes does: `0644`, `on`, dates and big integers keep their
// spelling, and new strings that YAML 1.1 would retype get quoted.

import type * as YamlModule from 'yaml'
import { RenderError, type FileRef } from '../errors.ts'

export type Yaml = typeof YamlModule

let loaded: Yaml | undefined

export async function loadYaml(): Promise<Yaml> {
  if (!loaded) {
    const m = (await import('yaml')) as Yaml & { default?: Yaml }
    // Bundled as CommonJS, the module's exports arrive as `default`.
    loaded = typeof (m as { parse?: unknown }).parse === 'function' ? m : m.default!
  }
  return loaded
}

/**
 * How far one document's aliases may expand when it becomes values, counted as the library counts
 * (each use of an anchor times the aliases inside it). A "billion laughs" document stops here
 * instead of exhausting memory; every YAML read of the product uses this one bound.
 */
export const MAX_ALIAS_COUNT = 1000

export const TO_JS_OPTIONS: YamlModule.ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT }

/** A plain scalar's text, printed back as it was written. */
class AsWritten {
  readonly source: string
  constructor(source: string) {
    this.source = source
  }
}

const AS_WRITTEN_TAG: YamlModule.ScalarTag = {
  tag: 'tag:eso-render.dev,2026:as-written',
  default: true,
  identify: (value) => value instanceof AsWritten,
  resolve: (source) => source,
  stringify: (item) => (item as YamlModule.Scalar<AsWritten>).value.source,
}

export const PARSE_OPTIONS: YamlModule.ParseOptions & YamlModule.DocumentOptions & YamlModule.SchemaOptions & YamlModule.ToJSOptions = {
  version: '1.1',
  intAsBigInt: true,
  uniqueKeys: true,
  prettyErrors: false,
  // go-yaml v2 (what Kubernetes decodes with) keeps `2024-01-01` a string, so timestamps stay text.
  // The as-written tag only prints (asWritten below); it never reads a scalar (it has no test).
  customTags: (tags: YamlModule.Tags) => [...tags.filter((t) => typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:timestamp'), AS_WRITTEN_TAG],
  // For `parse()`, which turns the document into values itself.
  ...TO_JS_OPTIONS,
}

/**
 * A parsed document (or node) as plain values, with the alias bound. The library throws a bare
 * ReferenceError past it, which would surface as an internal error: it is a clear error naming the
 * file here, under the caller's code (INPUT_INVALID for manifests, CONFIG_INVALID for configs).
 */
export function toValue(convert: (options: YamlModule.ToJSOptions) => unknown, file: FileRef | undefined, code: 'INPUT_INVALID' | 'CONFIG_INVALID' = 'INPUT_INVALID', prefix = ''): unknown {
  try {
    return plain(convert(TO_JS_OPTIONS))
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err
    const why = /excessive alias count/i.test(err.message)
      ? `too many YAML aliases: expanding them passes the bound of ${MAX_ALIAS_COUNT}, as a "billion laughs" document does; nothing of it was read`
      : /unresolved alias/i.test(err.message)
        ? 'invalid YAML: an alias refers to an anchor that is not set before it'
        : 'invalid YAML: its aliases cannot be resolved'
    throw new RenderError(code, `${prefix}${why}`, { file })
  }
}

export const STRINGIFY_OPTIONS: YamlModule.DocumentOptions & YamlModule.ToStringOptions = { lineWidth: 0, version: '1.1' }

/** Parse errors name the line, never quote the source (it may hold secret values). */
export function yamlError(err: { message: string; pos?: [number, number] }, file?: FileRef, source?: string, of = 'document'): RenderError {
  let where = ''
  if (source !== undefined && err.pos) {
    const before = source.slice(0, err.pos[0])
    const line = before.split('\n').length
    const col = err.pos[0] - before.lastIndexOf('\n')
    where = ` (line ${line}, column ${col} of the ${of})`
  }
  const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
  return new RenderError('INPUT_INVALID', `invalid YAML${where}: ${message}`, { file })
}

/** YAML 1.1 integers arrive as bigint; Kubernetes objects want numbers where they are safe. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
  }
  if (Array.isArray(value)) return value.map(plain)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = plain(v)
    return out
  }
  return value
}

/**
 * How plain (unquoted, untagged) scalars become values, when a caller wants other rules than the
 * library's YAML 1.1 regexps: Kubernetes decodes manifests with go-yaml v2 (eso/kubernetes-yaml.ts
 * gives those rules). `key` says what a plain scalar is as a mapping key (JSON keys are strings)
 * and may throw a RenderError for a key Kubernetes cannot read.
 */
export interface PlainScalars {
  value(source: string): unknown
  key(source: string): string
}

/**
 * Runs `fn` while the plain scalars of `node` (and of the nodes its aliases point to) hold the
 * values `scalars` gives them, then puts the library's values back: an item of a whole-input
 * document shares its nodes with the output, which must not change.
 */
export function withPlainScalars<T>(yaml: Yaml, doc: YamlModule.Document, node: unknown, scalars: PlainScalars, fn: () => T): T {
  const changed: [YamlModule.Scalar, unknown][] = []
  const seen = new Set<unknown>()
  const set = (scalar: YamlModule.Scalar, value: unknown) => {
    changed.push([scalar, scalar.value])
    scalar.value = value
  }
  const isPlain = (n: unknown): n is YamlModule.Scalar & { source: string } => yaml.isScalar(n) && n.type === 'PLAIN' && n.tag === undefined && typeof (n as { source?: unknown }).source === 'string'
  const visit = (root: unknown) => {
    if (seen.has(root)) return
    seen.add(root)
    yaml.visit(root as YamlModule.Node, {
      Alias: (_k, alias) => {
        const target = alias.resolve(doc)
        if (target) visit(target)
      },
      Map: (_k, map) => {
        const keys = new Set<string>()
        for (const pair of map.items) {
          // `<<` is the merge key (go-yaml v2 merges too); the library handles it.
          if (isPlain(pair.key) && pair.key.source !== '<<') set(pair.key, scalars.key(pair.key.source))
          if (!yaml.isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object' || typeof pair.key.value === 'symbol') continue
          // Keys the library holds distinct can meet as JSON keys (`0o17` and `15`, `1` and "1"):
          // sigs.k8s.io/yaml keeps whichever its map iteration meets last, so that is an error here.
          const key = String(pair.key.value)
          if (keys.has(key))
            throw new RenderError(
              'INPUT_INVALID',
              'invalid YAML: two keys of one mapping are the same key as Kubernetes reads them (go-yaml v2: `0o17` and `15`, `yes` and `true`, `1` and "1"); Kubernetes would keep either one',
            )
          keys.add(key)
        }
      },
      Scalar: (key, scalar) => {
        if (key !== 'key' && isPlain(scalar)) set(scalar, scalars.value(scalar.source))
      },
    })
  }
  try {
    visit(node)
    return fn()
  } finally {
    for (const [scalar, value] of changed.reverse()) scalar.value = value
  }
}

/**
 * Runs `fn` (which writes `doc` out) with the document's plain numbers printed as they were
 * written, then gives them their values back. The library prints a number from its value: `.`
 * (NaN in YAML 1.1) would come back `.nan`, `1:20` as `01:20`, `e9` as `.nan`, which Kubernetes
 * (go-yaml v2) reads as other values than the ones written. Strings, booleans and nulls print
 * with the meaning they were read with, and scalars the writer set (annotations) are never numbers.
 */
export function asWritten<T>(yaml: Yaml, doc: YamlModule.Document, fn: () => T): T {
  const changed: [YamlModule.Scalar, unknown][] = []
  yaml.visit(doc, {
    Scalar: (_k, scalar) => {
      const source = (scalar as { source?: unknown }).source
      if (scalar.type !== 'PLAIN' || scalar.tag !== undefined || typeof source !== 'string' || source.includes('\n')) return
      if (typeof scalar.value !== 'number' && typeof scalar.value !== 'bigint') return
      changed.push([scalar, scalar.value])
      scalar.value = new AsWritten(source)
    },
  })
  try {
    return fn()
  } finally {
    for (const [scalar, value] of changed) scalar.value = value
  }
}
