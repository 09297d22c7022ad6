// JSON for the Vault-compatible server, written independently of src/ so the double does not share
// bugs with the code it tests. Numbers keep their literal text (Vault decodes with UseNumber, so
// `1.50` and `12345678901234567890` come back as written); objects are Maps; the encoder writes what
// Go's json.Encoder writes for a map[string]interface{}: compact, keys sorted by UTF-8 bytes, HTML
// characters and U+2028/U+2029 escaped.

export class Num {
  readonly literal: string
  constructor(literal: string) {
    this.literal = literal
  }
}

export type Json = null | boolean | string | Num | Json[] | JsonMap
export type JsonMap = Map<string, Json>

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y

/** Parses JSON text (RFC 8259; duplicate keys: the last wins, as in a Go map). Throws SyntaxError. */
export function parse(text: string): Json {
  let i = 0
  const fail = (): never => {
    throw new SyntaxError(i >= text.length ? 'unexpected end of JSON input' : `invalid character at offset ${i}`)
  }
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++
  }
  const str = (): string => {
    i++ // opening quote
    let out = ''
    for (;;) {
      if (i >= text.length) fail()
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return out
      }
      if (c < 0x20) fail()
      if (c !== 0x5c) {
        out += text[i++]
        continue
      }
      const e = text[i + 1]
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
      if (e !== undefined && e in simple) {
        out += simple[e]
        i += 2
        continue
      }
      if (e !== 'u' || !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail()
      out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
      i += 6
    }
  }
  const value = (depth: number): Json => {
    if (depth > 10000) fail()
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const m: JsonMap = new Map()
      ws()
      if (text[i] === '}') {
        i++
        return m
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail()
        const k = str()
        ws()
        if (text[i] !== ':') fail()
        i++
        m.set(k, value(depth + 1))
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') {
          i++
          return m
        } else fail()
      }
    }
    if (c === '[') {
      i++
      const a: Json[] = []
      ws()
      if (text[i] === ']') {
        i++
        return a
      }
      for (;;) {
        a.push(value(depth + 1))
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') {
          i++
          return a
        } else fail()
      }
    }
    if (c === '"') return str()
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length
        return v
      }
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (!m) return fail()
    i += m[0].length
    return new Num(m[0])
  }
  const v = value(0)
  ws()
  if (i < text.length) fail()
  return v
}

/** A plain JS value (from JSON.parse or a test) as Json; numbers use JS's shortest text. */
export function fromPlain(v: unknown): Json {
  if (v === null || v === undefined) return null
  if (typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'number') return new Num(String(v))
  if (typeof v === 'bigint') return new Num(v.toString())
  if (v instanceof Num) return v
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [String(k), fromPlain(x)]))
  if (Array.isArray(v)) return v.map(fromPlain)
  if (typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, fromPlain(x)]))
  throw new TypeError(`not JSON: ${typeof v}`)
}

/** Json as a plain JS value (numbers become JS numbers: lossy, for assertions and metadata only). */
export function toPlain(v: Json): unknown {
  if (v instanceof Num) return Number(v.literal)
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)]))
  if (Array.isArray(v)) return v.map(toPlain)
  return v
}

const utf8 = (s: string) => Buffer.from(s, 'utf8')
/** Go sorts map keys by their bytes (UTF-8), not by UTF-16 code units. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(utf8(a), utf8(b))
}

/** A string as Go's encoding/json writes it (Go ≥ 1.22: `\b` and `\f` short escapes; HTML escaping on). */
export function quote(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1]
      i++
    } else if (c >= 0xd800 && c <= 0xdfff)
      out += '\\ufffd' // lone surrogate: invalid UTF-8 in Go
    else if (c === 0x22) out += '\\"'
    else if (c === 0x5c) out += '\\\\'
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x0d) out += '\\r'
    else if (c === 0x09) out += '\\t'
    else if (c === 0x08) out += '\\b'
    else if (c === 0x0c) out += '\\f'
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += s[i]
  }
  return out + '"'
}

/** Compact JSON, map keys sorted (Go map order). */
export function encode(v: Json): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return quote(v)
  if (v instanceof Num) return v.literal
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`
  const keys = [...v.keys()].sort(compareKeys)
  return `{${keys.map((k) => `${quote(k)}:${encode(v.get(k) as Json)}`).join(',')}}`
}

/** Convenience: encode a plain JS value (objects sorted like Go maps). */
export function encodePlain(v: unknown): string {
  return encode(fromPlain(v))
}
