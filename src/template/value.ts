// The Go value model the template engine runs on. JSON-decoded data as Go's encoding/json gives
// it to interface{}:
//   undefined         no value (an invalid reflect.Value: missing map key, nil data)
//   null              nil (a nil interface{})
//   boolean           bool
//   bigint            int (template integer literals, len, range indexes); GoUint8 for string bytes;
//                     GoTypedInt for other sized integers (int64, uint64...)
//   number            float64 (every JSON number)
//   string            string (valid UTF-8); GoBytes for a string whose bytes are not valid UTF-8
//   Array             []interface{}
//   plain object      map[string]interface{}
//   StringMap         map[string]string (ESO's secret data; values string or GoBytes)
//   GoFunc            a function value (for `call`)
// Go strings are bytes: len, index and slice work on UTF-8 bytes (see bytesOf/fromBytes).

import { shortAsciiBytes } from '../go/utf8.ts'

// Go's nil slices ([]string(nil) from regexFindAll when nothing matches): empty like any list
// (len 0, range nothing, printed `[]`), but `null` to encoding/json. Marked, not a type of their own,
// so every list operation treats them as the empty list they are.
const NIL_SLICES = new WeakSet<object>()

/** A nil slice, Go's `[]T(nil)`. */
export function nilSlice<T>(): T[] {
  const list: T[] = []
  NIL_SLICES.add(list)
  return list
}

/** Whether a list is a nil slice (toJson writes it `null`). */
export function isNilSlice(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0 && NIL_SLICES.has(v)
}

export class GoBytes {
  readonly bytes: Uint8Array
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }
}

/** A byte from indexing a string: Go's uint8. */
export class GoUint8 {
  readonly value: number
  constructor(value: number) {
    this.value = value
  }
}

/** An integer of a sized Go type other than int: Sprig's int64 results, semver's uint64 parts. */
export class GoTypedInt {
  readonly type: 'int64' | 'int32' | 'uint64' | 'uint32' | 'uint'
  readonly value: bigint
  constructor(type: GoTypedInt['type'], value: bigint) {
    this.type = type
    this.value = type.startsWith('u') ? BigInt.asUintN(type === 'uint32' ? 32 : 64, value) : BigInt.asIntN(type === 'int32' ? 32 : 64, value)
  }
}

/** A complex128, from a complex template literal (1+2i); nothing else makes one. */
export class GoComplex {
  readonly re: number
  readonly im: number
  constructor(re: number, im: number) {
    this.re = re
    this.im = im
  }
}

export class StringMap {
  readonly map: Map<string, string | GoBytes>
  constructor(map: Map<string, string | GoBytes>) {
    this.map = map
  }
}

export class GoFunc {
  readonly name: string
  readonly fn: (...args: GoValue[]) => GoValue
  constructor(name: string, fn: (...args: GoValue[]) => GoValue) {
    this.name = name
    this.fn = fn
  }
}

/**
 * A parameter as Go types it:
 *   'value'   reflect.Value: anything, including "no value" (and, or, not, len, index, eq...)
 *   'any'     interface{}: anything; "no value" arrives as nil
 *   'string' | 'int' | 'float64' | 'bool'   a value of exactly that Go type (untyped constants convert)
 *   'dict'    map[string]interface{} (Sprig's dict functions; ESO's map[string]string root is refused)
 */
export type ParamKind = 'value' | 'any' | 'string' | 'int' | 'float64' | 'bool' | 'dict'

/** A method of a GoObject, typed as template functions are (FuncDef in funcs/registry.ts). */
export interface GoMethod {
  params: ParamKind[]
  variadic?: ParamKind
  fn: (...args: GoValue[]) => GoValue
}

/**
 * A value of a named Go type that a function library hands to templates (time.Time,
 * *semver.Version...): its fields and methods as `.Field` / `.Method args` reach them, and how
 * fmt (a String method) and encoding/json (a MarshalJSON method) see it.
 */
export class GoObject {
  readonly type: string
  readonly kind: string
  readonly fields: Readonly<Record<string, GoValue>>
  readonly methods: Readonly<Record<string, GoMethod>>
  readonly text?: () => GoString
  readonly json?: () => GoValue
  readonly goString?: () => string
  readonly underlying?: bigint | GoTypedInt
  readonly equals?: (other: GoObject) => boolean
  readonly deepEquals?: (other: GoObject) => boolean
  /**
   * `kind` is reflect's: 'struct', 'ptr', or 'int'/'int64' for a named integer type (time.Month,
   * time.Duration) whose `underlying` value %d, eq and lt see. `text` is its String method (fmt's
   * Stringer), `goString` its GoString (%#v), `json` what encoding/json writes, `equals` Go's ==
   * and `deepEquals` reflect.DeepEqual (which follows pointers: == when absent).
   */
  constructor(spec: {
    type: string
    kind: 'struct' | 'ptr' | 'int' | 'int64'
    fields?: Record<string, GoValue>
    methods?: Record<string, GoMethod>
    text?: () => GoString
    json?: () => GoValue
    goString?: () => string
    underlying?: bigint | GoTypedInt
    equals?: (other: GoObject) => boolean
    deepEquals?: (other: GoObject) => boolean
  }) {
    this.type = spec.type
    this.kind = spec.kind
    this.fields = spec.fields ?? {}
    this.methods = spec.methods ?? {}
    this.text = spec.text
    this.json = spec.json
    this.goString = spec.goString
    this.underlying = spec.underlying
    this.equals = spec.equals
    this.deepEquals = spec.deepEquals
  }
}

export type GoString = string | GoBytes
export type GoMap = { [key: string]: GoValue }
export type GoValue = undefined | null | boolean | bigint | number | string | GoBytes | GoUint8 | GoTypedInt | GoComplex | GoValue[] | GoMap | StringMap | GoFunc | GoObject

const encoder = new TextEncoder()
// ignoreBOM: a leading U+FEFF is part of a Go string (TextDecoder would drop it).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function isGoString(v: GoValue): v is GoString {
  return typeof v === 'string' || v instanceof GoBytes
}

export function isMap(v: GoValue): v is GoMap | StringMap {
  return (
    v instanceof StringMap ||
    (typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      !(v instanceof GoBytes) &&
      !(v instanceof GoUint8) &&
      !(v instanceof GoTypedInt) &&
      !(v instanceof GoComplex) &&
      !(v instanceof GoFunc) &&
      !(v instanceof GoObject))
  )
}

export function bytesOf(s: GoString): Uint8Array {
  if (typeof s !== 'string') return s.bytes
  return shortAsciiBytes(s) ?? encoder.encode(s)
}

/** Up to this length a byte array is small: V8 keeps typed arrays of up to 64 bytes on its own heap. */
const SMALL_BYTES = 64

/** Bytes back to a Go string: a JS string when valid UTF-8, else GoBytes. */
export function fromBytes(b: Uint8Array): GoString {
  // Short ASCII is valid UTF-8 as it is: its characters are its bytes.
  if (b.length <= SMALL_BYTES) {
    let ascii = true
    for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) ascii = false
    if (ascii) return String.fromCharCode.apply(null, b as unknown as number[])
  }
  try {
    return strictDecoder.decode(b)
  } catch {
    return new GoBytes(b)
  }
}

export function byteLength(s: GoString): number {
  return typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : s.bytes.length
}

/** Go's type name, as %T and error messages print it. */
export function typeName(v: GoValue): string {
  if (v === undefined || v === null) return '<nil>'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'bigint') return 'int'
  if (typeof v === 'number') return 'float64'
  if (isGoString(v)) return 'string'
  if (v instanceof GoUint8) return 'uint8'
  if (v instanceof GoTypedInt) return v.type
  if (v instanceof GoComplex) return 'complex128'
  if (Array.isArray(v)) return '[]interface {}'
  if (v instanceof StringMap) return 'map[string]string'
  if (v instanceof GoFunc) return 'func(...interface {}) interface {}'
  if (v instanceof GoObject) return v.type
  return 'map[string]interface {}'
}

/** A map's keys in Go's order (by their UTF-8 bytes). */
export function mapKeys(m: GoMap | StringMap): string[] {
  const keys = m instanceof StringMap ? [...m.map.keys()] : Object.keys(m)
  // Below U+D800, UTF-16 code units sort as UTF-8 bytes do: JS's own order, without encoding.
  if (!keys.some((k) => /[\ud800-\uffff]/.test(k))) return keys.sort()
  return keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
}

export function mapGet(m: GoMap | StringMap, key: string): GoValue {
  if (m instanceof StringMap) return m.map.get(key)
  return Object.hasOwn(m, key) ? m[key] : undefined
}

export function mapHas(m: GoMap | StringMap, key: string): boolean {
  return m instanceof StringMap ? m.map.has(key) : Object.hasOwn(m, key)
}

export function mapSize(m: GoMap | StringMap): number {
  return m instanceof StringMap ? m.map.size : Object.keys(m).length
}

/** Go's isTrue: the truth of a value, as if/with/and/or/not see it. */
export function isTrue(v: GoValue): boolean {
  if (v === undefined || v === null) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'bigint') return v !== 0n
  if (typeof v === 'number') return v !== 0
  if (v instanceof GoUint8) return v.value !== 0
  if (v instanceof GoTypedInt) return v.value !== 0n
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0
  if (isGoString(v)) return byteLength(v) > 0
  if (Array.isArray(v)) return v.length > 0
  if (v instanceof GoObject) return v.underlying !== undefined ? isTrue(v.underlying) : true
  if (v instanceof GoFunc) return true
  return mapSize(v) > 0
}

/** JSON-decoded data as Go's encoding/json gives it to interface{} (numbers become float64). */
export function fromJson(v: unknown): GoValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Uint8Array) return fromBytes(v)
  if (Array.isArray(v)) return v.map(fromJson)
  if (v instanceof Map) {
    const out: GoMap = {}
    for (const [k, x] of v) out[String(k)] = fromJson(x)
    return out
  }
  if (typeof v === 'object') {
    const out: GoMap = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromJson(x)
    return out
  }
  return null
}

/** Data given as a Go map[string]string: values are strings or raw bytes. */
export function toStringMap(v: unknown): StringMap {
  const map = new Map<string, string | GoBytes>()
  const put = (k: string, x: unknown) => {
    if (x instanceof Uint8Array) {
      const s = fromBytes(x)
      map.set(k, s)
    } else map.set(k, x === null || x === undefined ? '' : String(x))
  }
  if (v instanceof Map) for (const [k, x] of v) put(String(k), x)
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as Record<string, unknown>)) put(k, x)
  return new StringMap(map)
}
