// ESO's toYaml and fromYaml (runtime/template/v2/yaml.go), which use sigs.k8s.io/yaml:
//   toYaml: encoding/json Marshal, then JSONToYAML (go-yaml v2 reads the JSON and writes block
//           YAML with sorted keys); one trailing newline trimmed; any error gives "".
//   fromYaml: go-yaml v2 reads YAML 1.1 (y/yes/on are booleans, 0x1F and 010 are integers,
//           timestamps stay strings), keys become strings, the result goes through JSON (so every
//           number is a float64) into a map[string]interface{}; an error is returned as
//           the map's "Error" entry instead of failing.
// The `yaml` package parses the structure (with every scalar kept as text); go-yaml's resolver,
// key order and emitter come from goyaml.ts. Both walks charge a step per node to the budget
// (../../budget.ts): an alias expands its anchor again wherever it is used ("billion laughs").

import type * as YamlModule from 'yaml'
import { spendSteps } from '../../budget.ts'
import { formatFloat } from '../../../go/strconv.ts'
import { GoBytes, GoComplex, GoFunc, GoObject, GoTypedInt, GoUint8, isGoString, mapGet, mapKeys, type GoMap, type GoValue } from '../../value.ts'
import { BYTEWISE, type FuncDef } from '../registry.ts'
import { text } from '../sprig/conversions.ts'
import { toJson } from '../sprig/encoding.ts'
import { emitYaml, resolvePlain, sortKeys, stringNode, type YamlNode } from '../../../go/yaml.ts'
import { loadYaml } from '../../lazy.ts'

// ---- toYaml ----

/** The YAML node go-yaml makes of a JSON number, from the text encoding/json writes for it. */
function numberNode(jsonText: string): YamlNode {
  const r = resolvePlain(jsonText)
  if (r.tag === 'int') return { kind: 'scalar', value: String(r.value), style: 'plain' }
  if (r.tag === 'float') return { kind: 'scalar', value: formatFloat(r.value as number, 'g', -1), style: 'plain' }
  return stringNode(jsonText)
}

/**
 * encoding/json leaves U+0085 (NEL) unescaped, and go-yaml reads it inside the JSON's double-quoted
 * string as a YAML 1.1 line break, which flow folding turns into a space (n breaks: n-1 newlines),
 * dropping the blanks around it.
 */
function foldNel(s: string): string {
  if (!s.includes('\u0085')) return s
  return s.replace(/[ \t]*\u0085(?:[ \t]*\u0085)*[ \t]*/g, (run) => {
    const breaks = run.split('\u0085').length - 1
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)
  })
}

function toNode(v: GoValue): YamlNode {
  spendSteps(1)
  if (v === undefined || v === null) return { kind: 'scalar', value: 'null', style: 'plain' }
  if (typeof v === 'boolean') return { kind: 'scalar', value: String(v), style: 'plain' }
  if (typeof v === 'bigint' || typeof v === 'number' || v instanceof GoUint8 || v instanceof GoTypedInt) return numberNode(toJson(v, false)!)
  if (isGoString(v)) return stringNode(foldNel(text(v)))
  if (v instanceof GoObject) return toNode(v.json ? v.json() : { ...v.fields })
  if (v instanceof GoFunc || v instanceof GoComplex) return { kind: 'scalar', value: 'null', style: 'plain' }
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(toNode) }
  const keys = sortKeys(mapKeys(v))
  spendSteps(keys.length)
  return { kind: 'map', pairs: keys.map((k) => [stringNode(k), toNode(mapGet(v, k))]) }
}

/** toYAML: yaml.Marshal with the final newline trimmed; "" when encoding/json cannot marshal v. */
export function toYaml(v: GoValue): string {
  if (toJson(v, false) === undefined) return ''
  const out = emitYaml(toNode(v))
  return out.endsWith('\n') ? out.slice(0, -1) : out
}

// ---- fromYaml ----

class YamlToJsonError extends Error {
  override name = 'YamlToJsonError'
}

/** A value go-yaml decodes into interface{}, before the JSON round trip. */
type Decoded = null | boolean | string | GoBytes | { int: bigint } | { float: number } | Decoded[] | Map<Decoded, Decoded>

const SHORT_TAGS: Record<string, string> = {
  'tag:yaml.org,2002:str': 'str',
  'tag:yaml.org,2002:int': 'int',
  'tag:yaml.org,2002:float': 'float',
  'tag:yaml.org,2002:bool': 'bool',
  'tag:yaml.org,2002:null': 'null',
  'tag:yaml.org,2002:binary': 'binary',
  'tag:yaml.org,2002:timestamp': 'timestamp',
}

function decodeScalar(node: YamlModule.Scalar): Decoded {
  const value = String(node.value ?? '')
  const tag = node.tag ? SHORT_TAGS[node.tag] : undefined
  if (node.tag && tag === undefined) return value
  if (tag === 'str') return value
  if (tag === 'binary') return new GoBytes(Buffer.from(value.replace(/\s+/g, ''), 'base64'))
  const plain = node.type === 'PLAIN' || node.type === undefined
  if (!tag && !plain) return value
  const r = resolvePlain(value)
  if (tag && tag !== r.tag && !(tag === 'float' && r.tag === 'int')) {
    throw new YamlToJsonError(`yaml: cannot decode !!${r.tag} \`${value}\` as a !!${tag}`)
  }
  switch (r.tag) {
    case 'bool':
      return r.value as boolean
    case 'null':
      return null
    case 'int':
      return tag === 'float' ? { float: Number(r.value) } : { int: r.value as bigint }
    case 'float':
      return { float: r.value as number }
    default:
      // Strings, timestamps (kept as text by go-yaml v2 for interface{}) and a lone "<<".
      return value
  }
}

interface Walk {
  doc: YamlModule.Document
  Y: typeof YamlModule
  depth: number
  /** Each alias's node, found once: Alias.resolve searches the document from its start. */
  resolved: Map<YamlModule.Alias, unknown>
  /** Aliases being expanded around this node (go-yaml's aliasDepth). */
  aliasDepth: number
  /** Shared by the whole decode: nodes decoded, and how many of them inside an alias's expansion. */
  counts: { decode: number; alias: number }
}

// go-yaml v2.4 decode.go allowedAliasRatio: the share of a decode that may come from alias
// expansion, 99% for documents under 400,000 decodes, scaling down to 10% at 4,000,000.
const ALIAS_RATIO_RANGE_LOW = 400_000
const ALIAS_RATIO_RANGE_HIGH = 4_000_000
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_RANGE_LOW) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW))
}

/** go-yaml's unmarshal bookkeeping for one node: a billion-laughs document fails as Go's does. */
function countDecode(w: Walk): void {
  const c = w.counts
  c.decode++
  if (w.aliasDepth > 0) c.alias++
  if (c.alias > 100 && c.decode > 1000 && c.alias / c.decode > allowedAliasRatio(c.decode)) throw new YamlToJsonError('yaml: document contains excessive aliasing')
}

/** Counts an alias node and gives the walk for its target (go-yaml's d.alias). */
function enterAlias(w: Walk): Walk {
  countDecode(w)
  return { ...w, depth: w.depth + 1, aliasDepth: w.aliasDepth + 1 }
}

function resolveAlias(alias: YamlModule.Alias, w: Walk): unknown {
  if (!w.resolved.has(alias)) w.resolved.set(alias, alias.resolve(w.doc))
  return w.resolved.get(alias)
}

function decodeNode(node: unknown, w: Walk): Decoded {
  const { Y } = w
  if (w.depth > 1000) throw new YamlToJsonError('yaml: exceeded max depth')
  spendSteps(1)
  if (node === null || node === undefined) return null
  if (Y.isAlias(node)) return decodeNode(resolveAlias(node, w), enterAlias(w))
  countDecode(w)
  if (Y.isScalar(node)) return decodeScalar(node)
  if (Y.isSeq(node)) return node.items.map((item) => decodeNode(item, { ...w, depth: w.depth + 1 }))
  if (Y.isMap(node)) {
    const out = new Map<Decoded, Decoded>()
    const inner = { ...w, depth: w.depth + 1 }
    for (const pair of node.items) {
      const key = pair.key
      if (Y.isScalar(key) && key.type === 'PLAIN' && !key.tag && key.value === '<<') {
        merge(out, pair.value, inner)
        continue
      }
      const k = decodeNode(key, inner)
      if (Array.isArray(k) || k instanceof Map) throw new YamlToJsonError('yaml: invalid map key')
      setKey(out, k, decodeNode(pair.value, inner))
    }
    return out
  }
  return null
}

/** Map keys compare as Go interface{} values: same type and value. */
function setKey(m: Map<Decoded, Decoded>, k: Decoded, v: Decoded): void {
  for (const existing of m.keys()) {
    if (sameKey(existing, k)) {
      m.set(existing, v)
      return
    }
  }
  m.set(k, v)
}

function sameKey(a: Decoded, b: Decoded): boolean {
  if (a === b) return true
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if ('int' in a && 'int' in b) return a.int === b.int
    if ('float' in a && 'float' in b) return a.float === b.float
  }
  return false
}

/** go-yaml v2's merge (`<<`): a map, or a list of maps where earlier ones win. */
function merge(out: Map<Decoded, Decoded>, value: unknown, w: Walk): void {
  const { Y } = w
  const viaAlias = Y.isAlias(value)
  const target = viaAlias ? resolveAlias(value, w) : value
  const fail = () => new YamlToJsonError('yaml: map merge requires map or sequence of maps as the value')
  if (Y.isMap(target)) {
    const m = decodeNode(target, viaAlias ? enterAlias(w) : w) as Map<Decoded, Decoded>
    for (const [k, v] of m) setKey(out, k, v)
  } else if (Y.isSeq(target)) {
    const inner = viaAlias ? enterAlias(w) : w
    for (let i = target.items.length - 1; i >= 0; i--) {
      const alias = Y.isAlias(target.items[i])
      const item = alias ? resolveAlias(target.items[i] as YamlModule.Alias, inner) : target.items[i]
      if (!Y.isMap(item)) throw fail()
      const m = decodeNode(item, alias ? enterAlias(inner) : inner) as Map<Decoded, Decoded>
      for (const [k, v] of m) setKey(out, k, v)
    }
  } else throw fail()
}

/** convertToJSONableObject's key conversion: strings, ints, floats (as float32 text) and bools. */
function keyString(k: Decoded): string {
  if (typeof k === 'string') return k
  if (k instanceof GoBytes) return text(k)
  if (typeof k === 'boolean') return String(k)
  if (k && typeof k === 'object' && 'int' in k) {
    if (k.int > 2n ** 63n - 1n) throw new YamlToJsonError('unsupported map key of type: uint64')
    return k.int.toString()
  }
  if (k && typeof k === 'object' && 'float' in k) return float32Text(k.float)
  throw new YamlToJsonError('unsupported map key of type: <nil>')
}

/** strconv.FormatFloat(f, 'g', -1, 32), with go-yaml's .inf/-.inf/.nan spellings. */
function float32Text(f: number): string {
  const f32 = Math.fround(f)
  if (Number.isNaN(f32)) return '.nan'
  if (!Number.isFinite(f32)) return f32 > 0 ? '.inf' : '-.inf'
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0'
  // The fewest significant digits that read back as the same float32.
  let digits = ''
  let exp = 0
  for (let p = 1; p <= 9; p++) {
    const [mant, e] = Math.abs(f32)
      .toExponential(p - 1)
      .split('e')
    if (Math.fround(Number(`${mant}e${e}`)) === Math.abs(f32)) {
      digits = mant.replace('.', '').replace(/0+$/, '') || '0'
      exp = Number(e)
      break
    }
  }
  const sign = f32 < 0 ? '-' : ''
  // 'g' with the shortest precision switches to an exponent below 1e-4 and from 1e6 up.
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp))
    return `${sign}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${exp < 0 ? '-' : '+'}${e}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
  const frac = digits.slice(exp + 1)
  return `${sign}${whole}${frac ? '.' + frac : ''}`
}

/** The JSON round trip: json.Marshal (non-finite floats fail, keys sorted) then Unmarshal (float64). */
function toJsonValue(v: Decoded): GoValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v
  if (v instanceof GoBytes) return text(v)
  if (Array.isArray(v)) return v.map(toJsonValue)
  if (v instanceof Map) {
    const entries = new Map<string, Decoded>()
    for (const [k, x] of v) entries.set(keyString(k), x)
    const out: GoMap = {}
    for (const k of [...entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) out[k] = toJsonValue(entries.get(k)!)
    return out
  }
  if ('int' in v) return Number(v.int)
  if (!Number.isFinite(v.float)) throw new YamlToJsonError(`json: unsupported value: ${formatFloat(v.float, 'g', -1)}`)
  return v.float
}

const JSON_KIND = (v: GoValue) => (Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'number')

/** A parse error as go-yaml words its prefix; the yaml package's own text, without any source excerpt. */
function parseErrorText(err: YamlModule.YAMLError): string {
  const line = err.linePos?.[0]?.line
  const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
  return `yaml: ${line ? `line ${line}: ` : ''}${message}`
}

/** fromYAML: the document as a map; errors land in m["Error"]. */
export function fromYaml(src: string): GoMap {
  const Y = loadYaml()
  try {
    const docs = Y.parseAllDocuments(src, { version: '1.1', schema: 'failsafe', merge: false, uniqueKeys: false, prettyErrors: false, strict: false })
    const doc = Array.isArray(docs) ? docs[0] : undefined
    if (!doc) return {}
    if (doc.errors.length) throw new YamlToJsonError(parseErrorText(doc.errors[0]))
    const value = toJsonValue(decodeNode(doc.contents, { doc, Y, depth: 0, resolved: new Map(), aliasDepth: 0, counts: { decode: 1, alias: 0 } }))
    if (value === null) return {}
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { Error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${JSON_KIND(value)} into Go value of type map[string]interface {}` }
    }
    return value as GoMap
  } catch (e) {
    if (e instanceof YamlToJsonError) return { Error: `error converting YAML to JSON: ${e.message}` }
    throw e
  }
}

export const YAML_FUNCS: FuncDef[] = [
  { name: 'toYaml', params: ['any'], fn: (_c, v) => toYaml(v) },
  { name: 'fromYaml', params: ['string'], cost: BYTEWISE.medium, fn: (_c, s) => fromYaml(text(s as string)) },
]
