// A fast reader for the plain block YAML that most ExternalSecrets and stores are written in:
// mappings and sequences by indentation, one-line flow collections of scalars, plain strings that
// cannot mean anything else (under YAML 1.1 and under go-yaml v2, Kubernetes' rules, alike: it
// serves Item.object() with either), and quoted strings without escapes. The `yaml` library stays the
// authority: for anything outside that subset (comments, anchors, tags, block scalars, numbers,
// booleans, escapes, continuation lines, duplicate keys...) this returns undefined and the caller
// parses with it. Reading 1,000 ExternalSecrets this way takes a few milliseconds instead of a
// few hundred (npm run bench, part 2).

type Value = string | null | Value[] | { [key: string]: Value }

// In the subset only `\n` ends a line and only the space indents or separates. Every other control
// character (tab, CR, NEL, DEL...), every other Unicode space or line separator (U+00A0, U+1680,
// U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), the byte-order mark, non-characters and
// lone surrogates are left to the library: JavaScript's trim() takes some of them for whitespace
// where YAML reads content (U+00A0 as indentation is an error there), and YAML 1.1 takes others for
// line breaks. Backslashes mean escapes, never in the subset either. Indicators (`#`, `&`, `*`, `!`,
// `|`, `>`, `%`, `@`, backquote) are only read inside quotes: a plain scalar or key cannot start with one.
const OUTSIDE_SUBSET = /[^\n\x20-\x5b\x5d-\x7e\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff\u3001-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u

// YAML 1.1 words that resolve to booleans or null (as keys too).
const SPECIAL_WORDS: ReadonlySet<string> = new Set('y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL'.split(' '))

// A plain scalar that is a string under YAML 1.1 whatever the schema: it starts with a letter,
// `_` or `/` (so no number, timestamp, .inf or indicator), and holds no flow or comment characters.
const PLAIN_STRING = /^[A-Za-z_/][A-Za-z0-9_./:+=~-]*$/
// Durations such as `1h` and `15m30s` (refreshInterval): strings, not numbers, in YAML 1.1.
const DURATION = /^(?:[0-9]+(?:ns|us|ms|s|m|h))+$/
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/
// The one number form that starts with a letter: the library's YAML 1.1 float with no mantissa (`e9`).
const LETTER_FLOAT = /^[eE][-+]?[0-9]+$/

// The checks run on every scalar and key of 10,000 ExternalSecrets: a word is looked up, and the
// patterns that need a first character run only after it.
// Every special word is at most five characters and starts with one of these.
const isSpecialWord = (text: string) => text.length <= 5 && 'yYnNtTfFoO'.includes(text[0]) && SPECIAL_WORDS.has(text)
const isLetterFloat = (text: string) => (text[0] === 'e' || text[0] === 'E') && LETTER_FLOAT.test(text)
const isDuration = (text: string) => {
  const c = text.charCodeAt(0)
  return c >= 0x30 && c <= 0x39 && DURATION.test(text)
}
/** A plain key no YAML 1.1 reading turns into something else; the few keys ESO objects use are judged once. */
const plainKeys = new Map<string, boolean>()
function isPlainKey(key: string): boolean {
  let plain = plainKeys.get(key)
  if (plain === undefined) {
    plain = PLAIN_KEY.test(key) && !isSpecialWord(key) && !isLetterFloat(key)
    if (plainKeys.size < 4096) plainKeys.set(key, plain)
  }
  return plain
}

/** Where `key: value` splits: the first `:` followed by a space or the end, or -1. */
function keyColon(text: string): number {
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) if (at + 1 === text.length || text[at + 1] === ' ') return at
  return -1
}

class OutsideSubset extends Error {}

const outside = (): never => {
  throw new OutsideSubset()
}

interface Line {
  indent: number
  text: string
}

/** The document as a mapping, or undefined when it is not in the subset (parse it with `yaml`). */
export function readSimpleYaml(source: string): Record<string, Value> | undefined {
  return read(source, false)
}

/**
 * Whether the document is a mapping the YAML library reads without an error: true, or undefined when
 * that takes the library. Its plain scalars are not resolved (numbers, booleans, `nginx:1.27` are
 * fine), so most hand-written manifests qualify; the values it returns must not be used.
 */
export function isSimpleYamlMapping(source: string): true | undefined {
  return read(source, true) ? true : undefined
}

// Printable ASCII and line feeds are inside the subset: most documents need no Unicode-aware test.
const NOT_PRINTABLE_ASCII = /[^\n\x20-\x5b\x5d-\x7e]/

function read(source: string, loose: boolean): Record<string, Value> | undefined {
  if (NOT_PRINTABLE_ASCII.test(source) && OUTSIDE_SUBSET.test(source)) return undefined
  const lines: Line[] = []
  for (const raw of source.split('\n')) {
    const text = raw.trimEnd()
    // Blank after trimEnd is empty: inside the subset the space is the only blank.
    if (text === '') continue
    // Inside the subset only spaces indent (and the line is not blank here).
    let indent = 0
    while (text.charCodeAt(indent) === 32) indent++
    lines.push({ indent, text: indent ? text.slice(indent) : text })
  }
  if (!lines.length || lines[0].indent !== 0) return undefined
  try {
    const reader = new Reader(lines, loose)
    const doc = reader.mapping(0)
    if (reader.at !== lines.length) return undefined
    return doc
  } catch (e) {
    if (e instanceof OutsideSubset) return undefined
    throw e
  }
}

class Reader {
  at = 0
  private readonly lines: Line[]
  private readonly loose: boolean

  constructor(lines: Line[], loose: boolean) {
    this.lines = lines
    this.loose = loose
  }

  private isSequenceItem(line: Line): boolean {
    return line.text === '-' || line.text.startsWith('- ')
  }

  /** A block mapping whose keys sit at `indent` (the first may sit on a sequence item's line). */
  mapping(indent: number): Record<string, Value> {
    const out: Record<string, Value> = {}
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]
      if (line.indent < indent) break
      if (line.indent > indent || this.isSequenceItem(line)) outside()
      const [key, rest] = splitKey(line.text)
      if (Object.hasOwn(out, key)) outside()
      this.at++
      out[key] = rest === '' ? this.nested(indent, true) : this.inline(rest)
    }
    return out
  }

  /** A block sequence whose `-` sit at `indent`. */
  private sequence(indent: number): Value[] {
    const out: Value[] = []
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]
      // A key at this column ends a sequence that sat at its parent key's column.
      if (line.indent < indent || (line.indent === indent && !this.isSequenceItem(line))) break
      if (line.indent > indent) outside()
      const content = line.text.slice(1).trimStart()
      if (content === '') {
        this.at++
        out.push(this.nested(indent, false))
      } else if (content.startsWith('- ') || content === '-') {
        outside()
      } else if (startsMapping(content)) {
        // `- key: value`: a mapping whose keys sit two columns right of the dash.
        const column = indent + (line.text.length - content.length)
        this.lines[this.at] = { indent: column, text: content }
        out.push(this.mapping(column))
      } else {
        this.at++
        out.push(this.inline(content))
      }
    }
    return out
  }

  /** What follows `key:` or `-` alone on a line: a deeper block, a sequence at the key's column, or null. */
  private nested(indent: number, afterKey: boolean): Value {
    const next = this.lines[this.at]
    if (!next) return null
    if (next.indent > indent) return this.isSequenceItem(next) ? this.sequence(next.indent) : this.mapping(next.indent)
    if (afterKey && next.indent === indent && this.isSequenceItem(next)) return this.sequence(indent)
    return null
  }

  /** A value on the rest of a line; nothing deeper may follow it. */
  private inline(text: string): Value {
    const value = inlineValue(text, this.loose)
    const next = this.lines[this.at]
    if (next && next.indent > this.lines[this.at - 1].indent) outside()
    return value
  }
}

function startsMapping(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = text.indexOf(text[0], 1)
    return end > 0 && text[end + 1] === ':' && (text.length === end + 2 || text[end + 2] === ' ')
  }
  const colon = keyColon(text)
  return colon > 0 && !text.startsWith('{') && !text.startsWith('[')
}

/** `key: rest` → [key, rest]; the key plain or quoted. */
function splitKey(text: string): [string, string] {
  let key: string
  let after: string
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = text.indexOf(text[0], 1)
    if (end < 0) outside()
    key = quoted(text.slice(0, end + 1))
    after = text.slice(end + 1)
  } else {
    const colon = keyColon(text)
    if (colon < 0) outside()
    key = text.slice(0, colon)
    after = text.slice(colon)
    if (!isPlainKey(key)) outside()
  }
  if (!(after === ':' || after.startsWith(': '))) outside()
  if (key === '__proto__' || key === '<<') outside()
  return [key, after.slice(1).trim()]
}

function inlineValue(text: string, loose: boolean): Value {
  if (text.startsWith('{') || text.startsWith('[')) return new FlowReader(text, loose).read()
  return scalar(text, false, loose)
}

// A plain scalar of any meaning that the library reads without an error: it starts with no indicator
// (a `-` only before a non-space: `-1`), and holds no `: ` or ` #`; in a flow collection no flow
// character or `:` either.
const LOOSE_PLAIN = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|-\S)/

function scalar(text: string, inFlow: boolean, loose: boolean): string {
  if (text.startsWith('"') || text.startsWith("'")) return quoted(text)
  if (loose) {
    if (!LOOSE_PLAIN.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) outside()
    if (inFlow && /[,[\]{}:]/.test(text)) outside()
    return text
  }
  if (isSpecialWord(text) || isLetterFloat(text)) outside()
  if (isDuration(text)) return text
  if (!PLAIN_STRING.test(text) || text.endsWith(':')) outside()
  // In a flow collection `:` may end a key, so such plain scalars are left to the library.
  if (inFlow && text.includes(':')) outside()
  return text
}

/** "text" or 'text' without escapes, on one line. */
function quoted(text: string): string {
  const q = text[0]
  if (text.length < 2 || text[text.length - 1] !== q) outside()
  const inner = text.slice(1, -1)
  if (inner.includes(q)) outside()
  return inner
}

/** A one-line flow collection (`{a: b, c: [d, e]}`), nested ones included. */
class FlowReader {
  private at = 0
  private readonly text: string
  private readonly loose: boolean

  constructor(text: string, loose: boolean) {
    this.text = text
    this.loose = loose
  }

  read(): Value {
    const value = this.value()
    if (this.at !== this.text.length) outside()
    return value
  }

  private skipSpaces() {
    while (this.text[this.at] === ' ') this.at++
  }

  private value(): Value {
    this.skipSpaces()
    const c = this.text[this.at]
    if (c === '{') return this.collection('}', true)
    if (c === '[') return this.collection(']', false)
    return scalar(this.token(), true, this.loose)
  }

  /** A scalar's text: quoted, or plain up to the next `,`, `}` or `]`. */
  private token(): string {
    const start = this.at
    const q = this.text[start]
    if (q === '"' || q === "'") {
      const end = this.text.indexOf(q, start + 1)
      if (end < 0) outside()
      this.at = end + 1
    } else {
      while (this.at < this.text.length && !',}]'.includes(this.text[this.at])) this.at++
    }
    return this.text.slice(start, this.at).trimEnd()
  }

  private collection(close: string, isMap: boolean): Value {
    this.at++
    const map: Record<string, Value> = {}
    const list: Value[] = []
    this.skipSpaces()
    if (this.text[this.at] === close) {
      this.at++
      return isMap ? map : list
    }
    for (;;) {
      if (isMap) {
        this.skipSpaces()
        const colon = this.text.indexOf(': ', this.at)
        if (colon < 0) outside()
        const key = this.text.slice(this.at, colon)
        if (!isPlainKey(key) || key === '__proto__' || Object.hasOwn(map, key)) outside()
        this.at = colon + 2
        map[key] = this.value()
      } else {
        list.push(this.value())
      }
      this.skipSpaces()
      const c = this.text[this.at++]
      if (c === close) return isMap ? map : list
      // A trailing comma, or anything but a comma between entries, is left to the library.
      if (c !== ',') outside()
      this.skipSpaces()
      if (this.text[this.at] === close) outside()
    }
  }
}
