// Block YAML for the objects a render creates (Secrets: strings in nested maps, a few lists), the
// bytes the YAML library writes with STRINGIFY_OPTIONS, without building the library's document
// for each one (10,000 Secrets through `stringify` were a third of a large render). It writes
// only what it can prove the library writes the same way: single-line strings the library leaves
// plain (its own indicator rules, and its YAML 1.1 schema's tests for strings that would read as
// another type), short double-quoted strings as the library quotes them, integers, booleans,
// null, and maps and lists of those. Anything else returns undefined, and the caller uses the
// library. test/manifests/emit.test.ts compares both over generated objects.

import type { Yaml } from './yaml.ts'
import { STRINGIFY_OPTIONS } from './yaml.ts'

/** The library's own test for a plain scalar that YAML 1.1 would read as another type (bool, int, null...). */
type Retyped = (text: string) => boolean

const schemas = new WeakMap<Yaml, Retyped>()
// `e`/`E` too: the library's YAML 1.1 float needs no mantissa (`e9`, `E-1` are floats to it).
const MAYBE_RETYPED = /^[-+.0-9~nNyYtTfFoOeE]|^$/

function retypedTest(yaml: Yaml): Retyped {
  let test = schemas.get(yaml)
  if (!test) {
    const schema = new yaml.Document(null, STRINGIFY_OPTIONS).schema as unknown as { tags: Tag[]; compat?: Tag[] | null }
    const tags = [...schema.tags, ...(schema.compat ?? [])].filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test)
    // Every YAML 1.1 bool, null, int and float starts with one of these (or is empty): most
    // strings need no test at all. The tags' tests are one pattern where their flags agree (a
    // string matches the union when it matches one of them): one match instead of a dozen calls,
    // for every hash and base64 value that starts with a digit.
    const flags = new Set(tags.map((t) => t.test!.flags))
    const union = flags.size === 1 && !/[gy]/.test([...flags][0]!) ? new RegExp(tags.map((t) => `(?:${t.test!.source})`).join('|'), [...flags][0]) : undefined
    test = union ? (text) => MAYBE_RETYPED.test(text) && union.test(text) : (text) => MAYBE_RETYPED.test(text) && tags.some((t) => t.test!.test(text))
    schemas.set(yaml, test)
  }
  return test
}

interface Tag {
  default?: boolean | 'key'
  tag: string
  test?: RegExp
}

// The library's plainString refusals (stringifyString.js), for one line: an indicator first, a
// lone `-`/`?`, `: ` or ` #`, a trailing space or colon; and document markers.
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/
// Printable ASCII only: the library escapes or folds anything else in its own ways.
const SIMPLE = /^[\x20-\x7e]*$/

class Unsupported extends Error {}

/** `obj` as the library's block YAML, or undefined when only the library can say. */
export function emitBlockYaml(obj: Record<string, unknown>, yaml: Yaml): string | undefined {
  const retyped = retypedTest(yaml)
  const keys = keysOf(retyped)
  const out: string[] = []
  const scalar = (value: unknown): string => {
    if (typeof value === 'string') return stringScalar(value, retyped)
    if (typeof value === 'boolean') return value ? 'true' : 'false'
    if (value === null) return 'null'
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
    throw new Unsupported()
  }
  // for...in, not Object.entries: no pair array per key of 10,000 Secrets (the objects are plain,
  // their prototype has no enumerable keys, and the order is the same).
  const map = (m: Record<string, unknown>, indent: string): void => {
    for (const key in m) {
      const value = m[key]
      if (value === undefined) continue
      const k = keyScalar(key, retyped, keys)
      if (Array.isArray(value)) {
        if (!value.length) out.push(`${indent}${k}: []\n`)
        else {
          out.push(`${indent}${k}:\n`)
          for (const item of value) out.push(`${indent}  - ${scalar(item)}\n`)
        }
      } else if (value !== null && typeof value === 'object') {
        if (isEmpty(value)) out.push(`${indent}${k}: {}\n`)
        else {
          out.push(`${indent}${k}:\n`)
          map(value as Record<string, unknown>, `${indent}  `)
        }
      } else out.push(`${indent}${k}: ${scalar(value)}\n`)
    }
  }
  try {
    if (isEmpty(obj)) return undefined
    map(obj, '')
  } catch (err) {
    if (err instanceof Unsupported) return undefined
    throw err
  }
  return out.join('')
}

function isEmpty(obj: object): boolean {
  for (const _ in obj) return false
  return true
}

function plainable(text: string, retyped: Retyped): boolean {
  return text !== '' && SIMPLE.test(text) && !NOT_PLAIN.test(text) && !DOCUMENT_MARKER.test(text) && !retyped(text)
}

/** A single line the library double-quotes as it is: it would not stay a string, or starts or ends like syntax. */
function quotable(text: string): boolean {
  return SIMPLE.test(text) && !/["'\\]/.test(text) && !DOCUMENT_MARKER.test(text)
}

// 10,000 Secrets repeat the same few keys (apiVersion, metadata, the labels and annotations ESO
// writes): each is judged once per library instance.
const keysWritten = new WeakMap<Retyped, Map<string, string>>()

function keysOf(retyped: Retyped): Map<string, string> {
  let known = keysWritten.get(retyped)
  if (!known) keysWritten.set(retyped, (known = new Map()))
  return known
}

function keyScalar(key: string, retyped: Retyped, known: Map<string, string>): string {
  let written = known.get(key)
  if (written === undefined) {
    written = stringScalar(key, retyped)
    if (known.size < 4096) known.set(key, written)
  }
  return written
}

function stringScalar(text: string, retyped: Retyped): string {
  if (plainable(text, retyped)) return text
  // What the library writes for a string it must quote and that holds no quote or backslash (it
  // picks single quotes for some of those): the text in double quotes, nothing escaped.
  if (quotable(text)) return `"${text}"`
  throw new Unsupported()
}
