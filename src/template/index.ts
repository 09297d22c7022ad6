// The public template API (DESIGN.md "Public template API"): Go text/template in TypeScript.
// renderTemplate / renderTemplateBytes parse (cached) and execute one template over data decoded as
// Go's encoding/json would (or a map[string]string), with Go's builtins. Knows nothing of
// Kubernetes or Vault.

import { DEFAULT_MAX_ALLOC_BYTES, DEFAULT_MAX_STEPS } from './budget.ts'
import { TemplateBudgetError, TemplateError, type TemplateErrorParts } from './errors.ts'
import { Executor } from './exec.ts'
import { parse, type TreeSet } from './parse.ts'
import { treeKey, type Tree } from './nodes.ts'
import { bytesOf, fromJson, toStringMap } from './value.ts'
import { BUILTINS } from './funcs/builtin.ts'
import { SPRIG } from './funcs/sprig/index.ts'
import { cryptoRandom } from './funcs/sprig/random.ts'
import { ESO_FUNCS } from './funcs/eso/index.ts'
import { funcMap, type ExecContext, type FuncMap } from './funcs/registry.ts'

export { TemplateBudgetError, TemplateError, type TemplateErrorParts }

export interface TemplateOptions {
  functions?: 'builtin' | 'sprig' | 'eso'
  missingKey?: 'default' | 'zero' | 'error'
  delimiters?: [string, string]
  stringMap?: boolean
  /** Template name for messages (Go's template name); default `t`. */
  name?: string
  /** Output cap in bytes (the product uses Kubernetes' 1 MiB Secret limit). */
  maxOutputBytes?: number
  /** {{template}} nesting limit. Go's is 100000; this engine stops earlier, with a clear error. */
  maxDepth?: number
  /**
   * Work one execution may do, in steps: a node walked, a command, a function call (plus one per
   * 256 bytes of its string arguments, more for the functions that walk them byte by byte, and a
   * fixed price for key generation, bcrypt and scrypt), a range iteration. Past it: a
   * TemplateBudgetError. Default 1,000,000 (about half a second of this engine's work).
   */
  maxSteps?: number
  /**
   * Bytes one execution's functions may allocate, in total: strings by length, 16 per list element,
   * 32 per map entry. Past it: a TemplateBudgetError. Default 64 MiB.
   */
  maxAllocBytes?: number
  random?: () => number
  now?: () => Date
  /**
   * Told (with the function's name) when the template calls something whose result differs on
   * every run: the random source or the clock is read, or a function draws on the OS's randomness.
   */
  onNondeterministic?: (functionName: string) => void
}

// Go's builtins; Sprig's function map (funcs/sprig/); ESO's set is Sprig's plus ESO's own
// functions (funcs/eso/).
const FUNCS: Record<'builtin' | 'sprig' | 'eso', FuncMap> = {
  builtin: funcMap(BUILTINS),
  sprig: funcMap(BUILTINS, SPRIG),
  eso: funcMap(BUILTINS, SPRIG, ESO_FUNCS),
}

const cache = new Map<string, TreeSet | TemplateError>()

// Templates are named by ExternalSecret and key, so one text used by many ExternalSecrets has many
// names; its tree is the same under each as long as no action names a template (`define`,
// `block`, `template`: a name could then collide with, or call, the template's own). Such a text
// is parsed once, its tree kept without a name and given each name as it is asked for (the name is
// only in the tree's `name` and `parseName`, for error locations). Parse errors name the template,
// so they are kept per name, as before.
const shapes = new Map<string, Tree>()
const NAMES_TEMPLATES = /define|block|template/

function parsed(text: string, name: string, delimiters: [string, string], functions: 'builtin' | 'sprig' | 'eso'): TreeSet {
  const shareable = !NAMES_TEMPLATES.test(text)
  const shapeKey = shareable ? `${functions}\u0000${delimiters.join('\u0000')}\u0000${text}` : ''
  const shape = shareable ? shapes.get(shapeKey) : undefined
  if (shape) return new Map([[treeKey(name), { ...shape, name, parseName: name }]])
  const key = `${functions}\u0000${name}\u0000${delimiters.join('\u0000')}\u0000${text}`
  let trees = cache.get(key)
  if (!trees) {
    try {
      trees = parse(name, text, { delimiters, hasFunction: (f) => FUNCS[functions].has(f) })
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e
      trees = e
    }
    if (shareable && !(trees instanceof TemplateError) && trees.size === 1) {
      if (shapes.size > 1000) shapes.clear()
      shapes.set(shapeKey, trees.values().next().value!)
      return trees
    }
    if (cache.size > 1000) cache.clear()
    cache.set(key, trees)
  }
  if (trees instanceof TemplateError) throw trees
  return trees
}

export function renderTemplateBytes(text: string, data: unknown, options: TemplateOptions = {}): Uint8Array {
  const functions = options.functions ?? 'eso'
  const missingKey = options.missingKey ?? (functions === 'eso' ? 'error' : 'default')
  const name = options.name ?? 't'
  const trees = parsed(text, name, options.delimiters ?? ['{{', '}}'], functions)
  const notify = options.onNondeterministic
  // Salts, IVs, serials and rand* draw from this: a CSPRNG unless a test pins it.
  const random = options.random ?? cryptoRandom
  const now = options.now ?? (() => new Date())
  const context: ExecContext = notify
    ? {
        random: () => (notify('random'), random()),
        now: () => (notify('now'), now()),
      }
    : { random, now }
  const executor = new Executor(
    trees,
    FUNCS[functions],
    {
      missingKey,
      maxDepth: options.maxDepth ?? 1000,
      maxOutputBytes: options.maxOutputBytes ?? 64 * 1024 * 1024,
      maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
      maxAllocBytes: options.maxAllocBytes ?? DEFAULT_MAX_ALLOC_BYTES,
      context,
      onNondeterministic: notify,
    },
    name,
  )
  try {
    // nil data is no value at all (reflect.ValueOf(nil)), not a nil interface{} inside a map.
    const root = options.stringMap ? toStringMap(data) : data === null || data === undefined ? undefined : fromJson(data)
    return bytesOf(executor.execute(root))
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new TemplateError('exec', { location: `template: ${name}`, detail: 'execution nested too deeply for this engine' })
    throw e
  }
}

// Bytes that are not UTF-8 become U+FFFD; a leading U+FEFF is output like any other rune.
const outputDecoder = new TextDecoder('utf-8', { ignoreBOM: true })

export function renderTemplate(text: string, data: unknown, options: TemplateOptions = {}): string {
  return outputDecoder.decode(renderTemplateBytes(text, data, options))
}

/** Parses a template without running it (`eso-render check`); throws the TemplateError a render would. */
export function parseTemplate(text: string, options: Pick<TemplateOptions, 'functions' | 'delimiters' | 'name'> = {}): void {
  parsed(text, options.name ?? 't', options.delimiters ?? ['{{', '}}'], options.functions ?? 'eso')
}
