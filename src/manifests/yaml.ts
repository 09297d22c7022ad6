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

export const PARSE_OPTIONS: YamlModule.ParseOptions & YamlModule.DocumentOptions & YamlModule.SchemaOptions = {
  version: '1.1',
  intAsBigInt: true,
  uniqueKeys: true,
  prettyErrors: false,
  // go-yaml v2 (what Kubernetes decodes with) keeps `2024-01-01` a string, so timestamps stay text.
  customTags: (tags: YamlModule.Tags) => tags.filter((t) => typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:timestamp'),
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
