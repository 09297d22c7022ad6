// ESO v2.9's dataFrom[].rewrite (runtime/esutils/utils.go: RewriteMap, RewriteRegexp,
// RewriteTransform, RewriteMerge): operations applied in order to one dataFrom entry's map (key →
// bytes, before decoding), each on the previous one's result. Pure: the transform's template runs
// through a TransformRunner the caller gives (../eso/template.ts), and nothing here does I/O.
//
// - regexp: Go's regexp.Compile(source) (../go/regexp.ts: RE2, linear time), each key replaced by
//   ReplaceAllString(key, target) ($1, ${1}, $name, ${name}, $$).
// - transform: the template (ESO's engine v2 functions, default `{{ }}` delimiters, missingkey
//   default) over map[string]string{"value": key}; its output is the new key.
// - merge: the values, JSON objects, merged into one (keys sorted, `priority` keys last, in their
//   order; later wins); `Extract` makes the merged object's keys the map's keys (GetByteValue of
//   each), `JSON` keeps the map and adds the merged object as JSON under `into`.
//
// Two keys that a regexp or transform turns into the same key: ESO writes both into a Go map in
// random order, so one of them wins at random (and the winner can change from one reconcile to the
// next). A render must be deterministic, so that is an error, unless both values are the same.
// Errors carry ESO's texts ("error applying rewrite to keys: failed rewrite operation[j]: ...")
// at the operation's field; they name keys (as ESO's do), never values.

import { escapeControls, RenderError } from '../errors.ts'
import { compileGo, GoRegexpError, MAX_SEARCH_WORK, searchWork, type GoRegexp } from '../go/regexp.ts'
import { compareUtf8, encodeJson, JsonSyntaxError, MARSHAL, parseJsonBytes, type JsonObject, type JsonValue } from '../go/json.ts'
import { fromUtf8, utf8 } from './bytes.ts'
import { byteValue, goQuote, hasOverflow, jsonKind } from './values.ts'

export type RewriteOp =
  | { kind: 'regexp'; index: number; fieldPath: string; source: string; target: string; re: GoRegexp }
  | { kind: 'transform'; index: number; fieldPath: string; template: string }
  | {
      kind: 'merge'
      index: number
      fieldPath: string
      into: string
      priority: string[]
      priorityPolicy: 'Strict' | 'IgnoreNotFound'
      conflictPolicy: 'Error' | 'Ignore'
      strategy: 'Extract' | 'JSON'
    }

/** The transform templates' delimiters: ESO parses them with template.New, so never the operator's. */
export const TRANSFORM_DELIMITERS: [string, string] = ['{{', '}}']

/** A transform template that failed; `described` is eso-render's withheld-detail description. */
export class TransformFailure extends Error {
  override name = 'TransformFailure'
  readonly described: string
  readonly budget: boolean
  constructor(described: string, budget: boolean) {
    super(described)
    this.described = described
    this.budget = budget
  }
}

/** Runs transform templates (Go text/template, ESO's functions) for applyRewrites. */
export interface TransformRunner {
  /** Parses the template; throws TransformFailure. */
  parse(text: string): void
  /**
   * Executes it over {"value": key}; throws TransformFailure (its description without any of
   * `secrets`' values), or a RenderError (the run's deadline).
   */
  execute(text: string, key: string, secrets: Map<string, Uint8Array>): Uint8Array
}

interface RawRewrite {
  regexp?: { source: string; target: string }
  transform?: { template: string }
  merge?: { into?: string; priority?: string[]; priorityPolicy?: string; conflictPolicy?: string; strategy?: string }
}

const wrap = (index: number, detail: string) => `error applying rewrite to keys: failed rewrite operation[${index}]: ${detail}`

/**
 * The rewrite list of `spec.dataFrom[i]` (`at`), schema-validated: each regexp compiled now, so an
 * invalid one fails before any Vault request (ESO fails the same ExternalSecret after its read).
 */
export function planRewrites(raw: unknown[] | undefined, at: string, apiVersion?: string): { rewrites: RewriteOp[]; errors: { fieldPath: string; message: string }[] } {
  const rewrites: RewriteOp[] = []
  const errors: { fieldPath: string; message: string }[] = []
  ;(raw ?? []).forEach((item, index) => {
    const op = item as RawRewrite
    const fieldPath = `${at}.rewrite[${index}]`
    if (op.merge) {
      if (apiVersion === 'external-secrets.io/v1beta1') {
        errors.push({ fieldPath: `${fieldPath}.merge`, message: 'rewrite.merge is not in external-secrets.io/v1beta1 (ESO v2.9 has it in v1 only): use apiVersion external-secrets.io/v1' })
        return
      }
      // The CRD's defaults: into "", priorityPolicy Strict, conflictPolicy Error, strategy Extract.
      rewrites.push({
        kind: 'merge',
        index,
        fieldPath: `${fieldPath}.merge`,
        into: op.merge.into ?? '',
        priority: op.merge.priority ?? [],
        priorityPolicy: op.merge.priorityPolicy === 'IgnoreNotFound' ? 'IgnoreNotFound' : 'Strict',
        conflictPolicy: op.merge.conflictPolicy === 'Ignore' ? 'Ignore' : 'Error',
        strategy: op.merge.strategy === 'JSON' ? 'JSON' : 'Extract',
      })
    } else if (op.regexp) {
      try {
        rewrites.push({ kind: 'regexp', index, fieldPath: `${fieldPath}.regexp`, source: op.regexp.source, target: op.regexp.target, re: compileGo(op.regexp.source) })
      } catch (e) {
        if (!(e instanceof GoRegexpError)) throw e
        errors.push({ fieldPath: `${fieldPath}.regexp.source`, message: wrap(index, `regexp failed with failed to compile: ${escapeControls(e.message)}`) })
      }
    } else if (op.transform) {
      rewrites.push({ kind: 'transform', index, fieldPath: `${fieldPath}.transform.template`, template: op.transform.template })
    }
  })
  return { rewrites, errors }
}

/** Whether a transform of the list needs the template engine (a template without actions is its own output). */
export function rewritesNeedEngine(rewrites: readonly RewriteOp[] | undefined): boolean {
  return (rewrites ?? []).some((op) => op.kind === 'transform' && op.template.includes(TRANSFORM_DELIMITERS[0]))
}

/**
 * esutils.RewriteMap: the operations in order over one dataFrom entry's map. Throws a RenderError
 * at the failing operation's field (no resource: the caller locates it).
 */
export function applyRewrites(map: Map<string, Uint8Array>, rewrites: readonly RewriteOp[] | undefined, runner?: TransformRunner): Map<string, Uint8Array> {
  let out = map
  for (const op of rewrites ?? []) {
    if (op.kind === 'regexp') {
      // Runs synchronously, where no deadline can interrupt it: a large program over many keys is refused before it runs.
      const work = searchWork(
        op.re,
        [...out.keys()].reduce((n, k) => n + k.length, 0),
      )
      if (work > MAX_SEARCH_WORK)
        fail(
          op,
          `its program (about ${op.re.programSize} instructions) over these keys is about ${work} steps of matching, over the ${MAX_SEARCH_WORK} a rewrite may take; write a smaller expression (counted repetitions multiply)`,
        )
      out = rekey(out, op, (key) => boundedReplace(op, key))
    } else if (op.kind === 'transform') out = transform(out, op, runner)
    else out = merge(out, op)
  }
  return out
}

const fail = (op: RewriteOp, detail: string, code: 'VALUE_INVALID' | 'TEMPLATE_FAILED' | 'TEMPLATE_BUDGET' = 'VALUE_INVALID'): never => {
  throw new RenderError(code, wrap(op.index, detail), { fieldPath: op.fieldPath })
}

/** Longer than any key a rewrite chain needs (Kubernetes keeps keys to 253 bytes); the bound that keeps a chain from growing without end. */
const MAX_REWRITTEN_KEY = 64 * 1024

/**
 * ReplaceAllString, refused before it runs when its output could pass MAX_REWRITTEN_KEY: each match
 * expands to at most the target's length plus the key's for each `$` in it (a target of `$0`s
 * doubles a key per operation, and a chain of three ran for minutes).
 */
function boundedReplace(op: Extract<RewriteOp, { kind: 'regexp' }>, key: string): string {
  const matches = op.re.findAllStringIndex(key, -1)?.length ?? 0
  if (!matches) return key
  let refs = 0
  for (const c of op.target) if (c === '$') refs++
  const bound = key.length + matches * (op.target.length + refs * key.length)
  if (bound > MAX_REWRITTEN_KEY)
    fail(op, `a key of ${key.length} characters could become up to ${bound} (${matches} matches), over the ${MAX_REWRITTEN_KEY} a rewrite may make; Kubernetes keeps keys to 253 bytes`)
  return op.re.replaceAllString(key, op.target)
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i])

/** Every key renamed; two keys landing on one name with different values cannot be rendered as ESO would. */
function rekey(map: Map<string, Uint8Array>, op: RewriteOp, rename: (key: string) => string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  const from = new Map<string, string>()
  for (const key of [...map.keys()].sort(compareUtf8)) {
    const value = map.get(key)!
    const renamed = rename(key)
    const earlier = from.get(renamed)
    if (earlier !== undefined && !sameBytes(out.get(renamed)!, value)) {
      fail(
        op,
        `keys ${goQuote(earlier)} and ${goQuote(key)} both become ${goQuote(renamed)} with different values; ESO writes them into a Go map in random order, so which value the Secret holds is random and can change on every refresh (make the rewrite keep them apart)`,
      )
    }
    from.set(renamed, key)
    out.set(renamed, value)
  }
  return out
}

function transform(map: Map<string, Uint8Array>, op: Extract<RewriteOp, { kind: 'transform' }>, runner: TransformRunner | undefined): Map<string, Uint8Array> {
  const hasActions = op.template.includes(TRANSFORM_DELIMITERS[0])
  if (hasActions && !runner) throw new RenderError('INTERNAL', 'template engine not loaded for a rewrite transform; this is a bug in eso-render', { fieldPath: op.fieldPath })
  const failed = (err: unknown, prefix: string): never => {
    if (err instanceof TransformFailure) fail(op, `transform failed with ${prefix}: ${err.described}`, err.budget ? 'TEMPLATE_BUDGET' : 'TEMPLATE_FAILED')
    if (err instanceof RenderError) throw err.locate({ fieldPath: op.fieldPath })
    throw err
  }
  // ESO parses once, before the first key: a template that does not parse fails even over no keys.
  if (hasActions) {
    try {
      runner!.parse(op.template)
    } catch (err) {
      failed(err, 'failed to parse template')
    }
  }
  return rekey(map, op, (key) => {
    if (!hasActions) return op.template
    try {
      return fromUtf8(runner!.execute(op.template, key, map))
    } catch (err) {
      return failed(err, `failed to execute template for key ${goQuote(key)}`)
    }
  })
}

// JSONMarshal: an Encoder with SetEscapeHTML(false), its trailing newline trimmed.
const NO_HTML = { ...MARSHAL, html: false }

function merge(map: Map<string, Uint8Array>, op: Extract<RewriteOp, { kind: 'merge' }>): Map<string, Uint8Array> {
  const merged: JsonObject = new Map()
  const conflicts: string[] = []
  // sortKeysWithPriority: the other keys sorted, then the priority list in its order.
  const keys = [...[...map.keys()].filter((k) => !op.priority.includes(k)).sort(compareUtf8), ...op.priority]
  for (const key of keys) {
    const value = map.get(key)
    if (value === undefined) {
      if (op.priorityPolicy === 'IgnoreNotFound') continue
      fail(op, `merge failed with key ${goQuote(key)} not found in input map`)
    }
    const object = jsonObject(value!, op)
    // Go ranges over the decoded map in random order; sorted here, so a list of conflicts is stable.
    for (const k of [...object.keys()].sort(compareUtf8)) {
      if (merged.has(k)) conflicts.push(k)
      merged.set(k, object.get(k)!)
    }
  }
  if (op.conflictPolicy !== 'Ignore' && conflicts.length) fail(op, `merge failed with conflicts: ${conflicts.map(escapeControls).join(', ')}`)
  if (op.strategy === 'JSON') {
    if (op.into === '') fail(op, "merge failed with missing 'into' field")
    const out = new Map(map)
    out.set(op.into, utf8(encodeJson(merged, 'float64', NO_HTML)))
    return out
  }
  const out = new Map<string, Uint8Array>()
  for (const [k, v] of merged) out.set(k, byteValue(v, 'float64'))
  return out
}

/** json.Unmarshal into map[string]any: null is a nil map (no keys); numbers are float64. */
function jsonObject(value: Uint8Array, op: RewriteOp): JsonObject {
  let parsed: JsonValue
  try {
    parsed = parseJsonBytes(value)
  } catch (err) {
    // Go's SyntaxError names the offending character, which is secret data: its shape only.
    if (err instanceof JsonSyntaxError) return fail(op, `merge failed with failed to unmarshal JSON: ${err.message}`)
    throw err
  }
  if (parsed === null) return new Map()
  if (!(parsed instanceof Map)) return fail(op, `merge failed with failed to unmarshal JSON: json: cannot unmarshal ${jsonKind(parsed)} into Go value of type map[string]interface {}`)
  if (hasOverflow(parsed)) return fail(op, 'merge failed with failed to unmarshal JSON: json: cannot unmarshal number into Go value of type float64')
  return parsed
}
