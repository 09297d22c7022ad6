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

/** Where `key: value` splits in source[from, to): the first `:` followed by a space or the end, or -1. */
function keyColon(source: string, from: number, to: number): number {
  for (let at = source.indexOf(':', from); at >= 0 && at < to; at = source.indexOf(':', at + 1)) if (at + 1 === to || source.charCodeAt(at + 1) === SPACE) return at
  return -1
}

class OutsideSubset extends Error {}

const outside = (): never => {
  throw new OutsideSubset()
}

const SPACE = 0x20
const DASH = 0x2d
const DOUBLE_QUOTE = 0x22
const SINGLE_QUOTE = 0x27
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b

/**
 * The document as a mapping, or undefined when it is not in the subset (parse it with `yaml`).
 * `printableAscii`: the caller knows the text holds nothing but printable ASCII and line feeds
 * (isPrintableAscii of the input it came from), which spares the character test.
 */
export function readSimpleYaml(source: string, printableAscii = false): Record<string, Value> | undefined {
  return read(source, false, printableAscii)
}

// The documents this reader answered with no null anywhere in them. Its other values are strings,
// lists and mappings only (never a number or a boolean), so for these the API server's null pruning
// and number checks have nothing to do (eso/stored.ts): they are told by identity, as read.
const nullFree = new WeakSet<object>()

/** Whether `doc` is a document readSimpleYaml returned that holds no null (nor, as all it returns, any number). */
export function isNullFreeSimpleYaml(doc: object): boolean {
  return nullFree.has(doc)
}

/**
 * Whether the document is a mapping the YAML library reads without an error: true, or undefined when
 * that takes the library. Its plain scalars are not resolved (numbers, booleans, `nginx:1.27` are
 * fine), so most hand-written manifests qualify; the values it returns must not be used.
 */
export function isSimpleYamlMapping(source: string): true | undefined {
  return read(source, true, false) ? true : undefined
}

// Printable ASCII (but the backslash) and line feeds are inside the subset: most documents need no
// Unicode-aware test.
const NOT_PRINTABLE_ASCII = /[^\n\x20-\x5b\x5d-\x7e]/

/**
 * Whether every character of the text is inside the subset's printable ASCII (the backslash
 * excepted) or a line feed. One test over a whole input of 10,000 documents takes 4 ms; the same
 * test once per document took 10-17 ms.
 */
export function isPrintableAscii(text: string): boolean {
  return !NOT_PRINTABLE_ASCII.test(text)
}

function read(source: string, loose: boolean, printableAscii: boolean): Record<string, Value> | undefined {
  if (!printableAscii && NOT_PRINTABLE_ASCII.test(source) && OUTSIDE_SUBSET.test(source)) return undefined
  const reader = new Reader(source, loose)
  if (reader.done || reader.indent !== 0) return undefined
  try {
    const doc = reader.mapping(0)
    if (!reader.done) return undefined
    if (!loose && !reader.sawNull) nullFree.add(doc)
    return doc
  } catch (e) {
    if (e instanceof OutsideSubset) return undefined
    throw e
  }
}

/**
 * A cursor over the document's non-blank lines, as offsets into its text (where the content starts
 * after the indentation, where it ends before trailing spaces): the reader only ever looks at the
 * line it is on, so no line is cut out as a string or kept in a list, and a line's text is only
 * sliced where a key or a value is read from it. 10,000 ExternalSecrets are 90,000 lines.
 */
class Reader {
  /** No line left. */
  done = false
  /** The current line: where its content starts and ends, and its indentation. */
  start = 0
  end = 0
  indent = 0
  /** Whether a `key:` or `-` with nothing after it was read as null. */
  sawNull = false
  /** Where the line after the current one begins. */
  private next = 0
  private readonly source: string
  private readonly loose: boolean

  constructor(source: string, loose: boolean) {
    this.source = source
    this.loose = loose
    this.advance()
  }

  /** On to the next non-blank line, or done. */
  advance(): void {
    const source = this.source
    for (let from = this.next; from <= source.length; ) {
      let to = source.indexOf('\n', from)
      if (to < 0) to = source.length
      this.next = to + 1
      // Inside the subset the space is the only blank (and only spaces indent): trimEnd is this.
      while (to > from && source.charCodeAt(to - 1) === SPACE) to--
      if (to > from) {
        let start = from
        while (source.charCodeAt(start) === SPACE) start++
        this.start = start
        this.end = to
        this.indent = start - from
        return
      }
      from = this.next
    }
    this.done = true
  }

  /** The current line is `-` alone or followed by a space. */
  private isSequenceItem(): boolean {
    const start = this.start
    return this.source.charCodeAt(start) === DASH && (start + 1 === this.end || this.source.charCodeAt(start + 1) === SPACE)
  }

  /** A block mapping whose keys sit at `indent` (the first may sit on a sequence item's line). */
  mapping(indent: number): Record<string, Value> {
    const out: Record<string, Value> = {}
    const source = this.source
    while (!this.done) {
      const lineIndent = this.indent
      if (lineIndent < indent) break
      if (lineIndent > indent || this.isSequenceItem()) outside()
      const end = this.end
      const key = splitKey(source, this.start, end)
      if (Object.hasOwn(out, key)) outside()
      // The value: after the colon and its spaces (splitKey leaves where in `valueStart`).
      let from = valueStart
      while (from < end && source.charCodeAt(from) === SPACE) from++
      this.advance()
      out[key] = from === end ? this.nested(indent, true) : this.inline(from, end, lineIndent)
    }
    return out
  }

  /** A block sequence whose `-` sit at `indent`. */
  private sequence(indent: number): Value[] {
    const out: Value[] = []
    const source = this.source
    while (!this.done) {
      const lineIndent = this.indent
      // A key at this column ends a sequence that sat at its parent key's column.
      if (lineIndent < indent || (lineIndent === indent && !this.isSequenceItem())) break
      if (lineIndent > indent) outside()
      const start = this.start
      const end = this.end
      let content = start + 1
      while (content < end && source.charCodeAt(content) === SPACE) content++
      if (content === end) {
        this.advance()
        out.push(this.nested(indent, false))
      } else if (source.charCodeAt(content) === DASH && (content + 1 === end || source.charCodeAt(content + 1) === SPACE)) {
        outside()
      } else if (startsMapping(source, content, end)) {
        // `- key: value`: a mapping whose keys sit two columns right of the dash; the line is
        // read again as its first key's.
        this.indent = indent + (content - start)
        this.start = content
        out.push(this.mapping(this.indent))
      } else {
        this.advance()
        out.push(this.inline(content, end, lineIndent))
      }
    }
    return out
  }

  /** What follows `key:` or `-` alone on a line: a deeper block, a sequence at the key's column, or null. */
  private nested(indent: number, afterKey: boolean): Value {
    if (this.done) {
      this.sawNull = true
      return null
    }
    const nextIndent = this.indent
    if (nextIndent > indent) return this.isSequenceItem() ? this.sequence(nextIndent) : this.mapping(nextIndent)
    if (afterKey && nextIndent === indent && this.isSequenceItem()) return this.sequence(indent)
    this.sawNull = true
    return null
  }

  /** A value on the rest of a line, source[from, to), of a line indented `lineIndent`; nothing deeper may follow it. */
  private inline(from: number, to: number, lineIndent: number): Value {
    const c = this.source.charCodeAt(from)
    const value = c === OPEN_BRACE || c === OPEN_BRACKET ? new FlowReader(this.source, from, to, this.loose).read() : scalar(this.source.slice(from, to), false, this.loose)
    if (!this.done && this.indent > lineIndent) outside()
    return value
  }
}

/** Whether source[from, to) starts a `key: value` (or `key:`) on a sequence item's line. */
function startsMapping(source: string, from: number, to: number): boolean {
  const q = source.charCodeAt(from)
  if (q === DOUBLE_QUOTE || q === SINGLE_QUOTE) {
    const end = source.indexOf(source[from]!, from + 1)
    return end > 0 && end < to && source.charCodeAt(end + 1) === 0x3a && end + 1 < to && (to === end + 2 || source.charCodeAt(end + 2) === SPACE)
  }
  const colon = keyColon(source, from, to)
  return colon > from && q !== OPEN_BRACE && q !== OPEN_BRACKET
}

/** Where the text after a key's colon starts: splitKey's second answer, kept here instead of in a pair per key. */
let valueStart = 0

/** The key of `key: rest` in source[from, to), plain or quoted; where the rest starts goes to `valueStart`. */
function splitKey(source: string, from: number, to: number): string {
  let key: string
  let colon: number
  const q = source.charCodeAt(from)
  if (q === DOUBLE_QUOTE || q === SINGLE_QUOTE) {
    const end = source.indexOf(source[from]!, from + 1)
    if (end < 0 || end >= to) outside()
    // The first matching quote closes it: the inner text holds none, and there are no escapes.
    key = source.slice(from + 1, end)
    colon = end + 1
    if (colon === to || source.charCodeAt(colon) !== 0x3a || (colon + 1 < to && source.charCodeAt(colon + 1) !== SPACE)) outside()
  } else {
    colon = keyColon(source, from, to)
    if (colon < 0) outside()
    key = source.slice(from, colon)
    if (!isPlainKey(key)) outside()
  }
  if (key === '__proto__' || key === '<<') outside()
  valueStart = colon + 1
  return key
}

// A plain scalar of any meaning that the library reads without an error: it starts with no indicator
// (a `-` only before a non-space: `-1`), and holds no `: ` or ` #`; in a flow collection no flow
// character or `:` either.
const LOOSE_PLAIN = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|-\S)/

function scalar(text: string, inFlow: boolean, loose: boolean): string {
  const q = text.charCodeAt(0)
  if (q === DOUBLE_QUOTE || q === SINGLE_QUOTE) return quoted(text)
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
  if (inner.includes(q!)) outside()
  return inner
}

/** A one-line flow collection (`{a: b, c: [d, e]}`), nested ones included, in source[at, end). */
class FlowReader {
  private at: number
  private readonly end: number
  private readonly source: string
  private readonly loose: boolean

  constructor(source: string, from: number, to: number, loose: boolean) {
    this.source = source
    this.at = from
    this.end = to
    this.loose = loose
  }

  read(): Value {
    const value = this.value()
    if (this.at !== this.end) outside()
    return value
  }

  private skipSpaces() {
    while (this.at < this.end && this.source.charCodeAt(this.at) === SPACE) this.at++
  }

  private value(): Value {
    this.skipSpaces()
    const c = this.at < this.end ? this.source.charCodeAt(this.at) : -1
    if (c === OPEN_BRACE) return this.mapping()
    if (c === OPEN_BRACKET) return this.sequence()
    return scalar(this.token(), true, this.loose)
  }

  /** A scalar's text: quoted, or plain up to the next `,`, `}` or `]`. */
  private token(): string {
    const source = this.source
    const start = this.at
    const q = start < this.end ? source.charCodeAt(start) : -1
    if (q === DOUBLE_QUOTE || q === SINGLE_QUOTE) {
      const close = source.indexOf(source[start]!, start + 1)
      if (close < 0 || close >= this.end) outside()
      this.at = close + 1
      // Spaces before the next `,` or closing bracket are skipped by the caller.
      return source.slice(start, this.at)
    }
    let at = start
    for (; at < this.end; at++) {
      const c = source.charCodeAt(at)
      if (c === 0x2c || c === 0x7d || c === 0x5d) break
    }
    this.at = at
    while (at > start && source.charCodeAt(at - 1) === SPACE) at--
    return source.slice(start, at)
  }

  private mapping(): Value {
    this.at++
    const map: Record<string, Value> = {}
    if (this.closes(0x7d)) return map
    for (;;) {
      this.skipSpaces()
      const colon = this.source.indexOf(': ', this.at)
      // The `: ` lies inside the collection's line (a trimmed trailing space is not part of it).
      if (colon < 0 || colon + 2 > this.end) outside()
      const key = this.source.slice(this.at, colon)
      if (!isPlainKey(key) || key === '__proto__' || Object.hasOwn(map, key)) outside()
      this.at = colon + 2
      map[key] = this.value()
      if (this.next(0x7d)) return map
    }
  }

  private sequence(): Value {
    this.at++
    const list: Value[] = []
    if (this.closes(0x5d)) return list
    for (;;) {
      list.push(this.value())
      if (this.next(0x5d)) return list
    }
  }

  /** An empty collection: spaces, then its closing bracket (taken). */
  private closes(close: number): boolean {
    this.skipSpaces()
    if (this.at < this.end && this.source.charCodeAt(this.at) === close) {
      this.at++
      return true
    }
    return false
  }

  /** After an entry: its closing bracket (true) or a comma before the next entry. */
  private next(close: number): boolean {
    this.skipSpaces()
    const c = this.at < this.end ? this.source.charCodeAt(this.at) : -1
    this.at++
    if (c === close) return true
    // A trailing comma, or anything but a comma between entries, is left to the library.
    if (c !== 0x2c) outside()
    this.skipSpaces()
    if (this.at < this.end && this.source.charCodeAt(this.at) === close) outside()
    return false
  }
}
