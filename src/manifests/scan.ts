// Splits YAML input into items by lines, without a YAML parser, so that items eso-render does not
// touch can be written back as their exact source text and the YAML library is loaded only when an
// item needs it. Anything the line rules cannot decide safely (flow style, anchors, tags,
// directives) makes the scan give up, and the caller falls back to the full YAML document model.

import { isPrintableAscii } from './simple-yaml.ts'

export interface ScannedItem {
  /** Exact source lines of the item, as written (for a ResourceList item: starting at its `- `). */
  raw: string
  /** `kind` read from the item's top-level `kind:` line, if one was found. */
  kind?: string
  apiVersion?: string
  /** The item as a standalone YAML document (dedented), for parsing; built on first use. */
  readonly body: string
  /**
   * The whole input is printable ASCII and line feeds, so this item is too: judged once for the
   * input instead of once per document (simple-yaml.ts isPrintableAscii).
   */
  printableAscii?: true
}

export interface ScannedResourceList {
  apiVersion?: string
  kind: string
  /** Column of the items' `-`. */
  itemIndent: number
  /** Whether the list has an `items` key at all. */
  hasItems: boolean
  items: ScannedItem[]
  /**
   * The text around the items, when they are a block sequence: `head` + `itemsLine` + every item's
   * `raw` + `tail` is the input, so a List can be written back with some items changed and the
   * rest byte for byte.
   */
  layout?: { head: string; itemsLine: string; tail: string }
  /** The functionConfig as a standalone YAML document, if present. */
  functionConfig?: string
}

// The line helpers are exported for test/support/scan-reference.ts, the line-by-line stream split
// the offset one is tested against.
const LINE = /[^\n]*\n|[^\n]+$/g

export function splitLines(text: string): string[] {
  return text.match(LINE) ?? []
}

export function indentOf(line: string): number {
  let i = 0
  while (line.charCodeAt(i) === 32) i++
  return i
}

export function isBlankOrComment(line: string): boolean {
  const t = line.trim()
  return t === '' || t.startsWith('#')
}

// An anchor anywhere means items may share nodes; slicing them apart would break aliases.
const ANCHOR = /(^|[\s[{,])&[^\s]/m
// Tabs in indentation, directives and tags need the real parser.
const NEEDS_PARSER = /^(\t|%)|^[^#\n]*(^|[\s[{,:-])![^\s=]/m
// Where these line rules and the YAML library could see different lines: a line break other than LF
// or CRLF (a CR alone, NEL, LS, PS), a byte-order mark anywhere, and indentation holding anything but
// spaces (a tab, U+00A0 and the other Unicode spaces). The library decides those.
const LINES_UNCLEAR = /\r(?!\n)|[\u0085\u2028\u2029\ufeff]|^ *[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/m

/**
 * Whether the line rules cannot be trusted for the text. NEEDS_PARSER reads every line up to a `!`
 * (57 ms over 10,000 ExternalSecrets): it runs only when the text holds one of the characters it
 * needs, and ANCHOR only with a `&`.
 */
export function linesUntrusted(text: string): boolean {
  if (text.includes('&') && ANCHOR.test(text)) return true
  if ((text.includes('!') || text.includes('\t') || text.includes('%')) && NEEDS_PARSER.test(text)) return true
  return LINES_UNCLEAR.test(text)
}

/** Reads a plain or simply quoted scalar from the rest of a `key: value` line. */
function simpleScalar(rest: string): string | undefined {
  // Kinds and API versions are printable ASCII. Anything else (U+00A0 after the value, which
  // JavaScript's trim() would drop and YAML keeps) is left unknown, and so to the library.
  if (/[^\t\x20-\x7e]/.test(rest.replace(/\r?\n$/, ''))) return undefined
  let v = rest.trim()
  const hash = v.search(/\s#/)
  if (hash >= 0) v = v.slice(0, hash).trim()
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) {
    v = v.slice(1, -1)
    return /["'\\]/.test(v) ? undefined : v
  }
  if (v === '' || /^[[{&*!|>'"@`%]/.test(v)) return undefined
  return v
}

/** Finds `kind:` and `apiVersion:` among the lines of one mapping at column `indent`. */
export function sniff(lines: string[], indent: number, from = 0, to = lines.length): { kind?: string; apiVersion?: string } {
  const out: { kind?: string; apiVersion?: string } = {}
  let found = 0
  for (let i = from; i < to && found < 2; i++) {
    const line = lines[i]
    // Only keys of the item's own mapping: exactly `indent` spaces, then `kind:` / `apiVersion:`.
    const c = line.charCodeAt(indent)
    if (c !== 107 && c !== 97) continue
    if (indent > 0 && (line.charCodeAt(indent - 1) !== 32 || indentOf(line) !== indent)) continue
    if (line.startsWith('kind:', indent)) {
      out.kind = simpleScalar(line.slice(indent + 5))
      found++
    } else if (line.startsWith('apiVersion:', indent)) {
      out.apiVersion = simpleScalar(line.slice(indent + 11))
      found++
    }
  }
  return out
}

function dedent(lines: string[], by: number): string {
  return lines
    .map((l) => {
      const n = Math.min(indentOf(l), by)
      return l.slice(n)
    })
    .join('')
}

/** A YAML stream split into documents; undefined when the line rules cannot be trusted. */
export function scanStream(text: string): ScannedItem[] | undefined {
  if (linesUntrusted(text)) return undefined
  // By offsets into the text, line by line: a document's text is a slice of the input, not its
  // lines split and joined again (over 10,000 ExternalSecrets, 120,000 line strings and a copy of
  // every document).
  const items: ScannedItem[] = []
  const printable = isPrintableAscii(text)
  let pending = '' // comment-only documents stick to the next real one
  let docStart = 0
  const endDocument = (end: number): boolean => {
    const doc = text.slice(docStart, end)
    let first = -1
    for (let at = docStart; at < end; ) {
      const next = lineEnd(text, at)
      if (!isBlankOrComment(text.slice(at, next))) {
        first = at
        break
      }
      at = next
    }
    if (first < 0) {
      pending += doc
      return true
    }
    const c = text.charCodeAt(first)
    if (c === 32 || c === 91 || c === 123 || c === 45) return false // indented, or `[`, `{`, `-`
    const raw = pending + doc
    pending = ''
    items.push({ raw: raw.endsWith('\n') ? raw : raw + '\n', body: raw, ...sniffText(text, docStart, end), ...(printable ? { printableAscii: true } : {}) })
    return true
  }
  for (let at = 0; at < text.length; ) {
    const next = lineEnd(text, at)
    if (text.startsWith('---', at)) {
      // content on the marker line
      if (!/^---\s*(#.*)?$/.test(text.slice(at, next).trimEnd())) return undefined
      if (!endDocument(at)) return undefined
      docStart = next
    } else if (text.startsWith('...', at) && /^\.\.\.\s*$/.test(text.slice(at, next))) {
      if (!endDocument(at)) return undefined
      docStart = next
    }
    at = next
  }
  if (!endDocument(text.length)) return undefined
  if (pending && items.length) items[items.length - 1]!.raw += pending
  return items
}

/** Where the line starting at `at` ends: after its LF, or at the end of the text. */
function lineEnd(text: string, at: number): number {
  const lf = text.indexOf('\n', at)
  return lf < 0 ? text.length : lf + 1
}

/** sniff at column 0, over the lines of text[from, to). */
function sniffText(text: string, from: number, to: number): { kind?: string; apiVersion?: string } {
  const out: { kind?: string; apiVersion?: string } = {}
  let found = 0
  for (let at = from; at < to && found < 2; ) {
    const next = lineEnd(text, at)
    const c = text.charCodeAt(at)
    if (c === 107 && text.startsWith('kind:', at)) {
      out.kind = simpleScalar(text.slice(at + 5, next))
      found++
    } else if (c === 97 && text.startsWith('apiVersion:', at)) {
      out.apiVersion = simpleScalar(text.slice(at + 11, next))
      found++
    }
    at = next
  }
  return out
}

/**
 * A ResourceList (or List) in block style split into its items; undefined when the line rules
 * cannot be trusted or the text is not a block-style list.
 */
export function scanResourceList(text: string): ScannedResourceList | undefined {
  if (linesUntrusted(text)) return undefined
  const lines = splitLines(text)
  const top = sniff(lines, 0)
  if (top.kind !== 'ResourceList' && top.kind !== 'List') return undefined

  // Top-level keys and the line ranges they own.
  const sections = new Map<string, [number, number]>()
  let current: string | undefined
  let start = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.startsWith('---')) {
      if (i === 0 || lines.slice(0, i).every(isBlankOrComment)) continue
      return undefined // a second document: not a single ResourceList
    }
    if (isBlankOrComment(line) || indentOf(line) > 0 || line.startsWith('-')) continue
    const m = /^([A-Za-z_][\w.-]*|"[^"]*"):(\s|$)/.exec(line)
    if (!m) return undefined
    if (current) sections.set(current, [start, i])
    current = m[1]
    start = i
  }
  if (current) sections.set(current, [start, lines.length])

  const itemsRange = sections.get('items')
  const result: ScannedResourceList = { kind: top.kind, apiVersion: top.apiVersion, itemIndent: 0, items: [], hasItems: itemsRange !== undefined }
  if (itemsRange) {
    const [from, to] = itemsRange
    const head = lines[from].slice('items:'.length)
    const inline = head.replace(/#.*/, '').trim()
    if (inline === '[]' || inline === 'null' || inline === '~') {
      // no items
    } else if (inline !== '') {
      return undefined
    } else {
      const parsed = scanItems(lines.slice(from + 1, to))
      if (!parsed) return undefined
      // An item's body is some of the input's lines with indentation taken off.
      if (isPrintableAscii(text)) for (const item of parsed.items) item.printableAscii = true
      result.items = parsed.items
      result.itemIndent = parsed.indent
      const layout = { head: lines.slice(0, from).join(''), itemsLine: lines[from], tail: lines.slice(to).join('') }
      // The pieces add up to the input unless `items:` holds only comments (then there is nothing to splice).
      if (layout.head + layout.itemsLine + parsed.items.map((i) => i.raw).join('') + layout.tail === text) result.layout = layout
    }
  }
  const fcRange = sections.get('functionConfig')
  if (fcRange) {
    const [from, to] = fcRange
    const inline = lines[from].slice('functionConfig:'.length).replace(/#.*/, '').trim()
    if (inline === 'null' || inline === '~') {
      // none
    } else if (inline !== '') {
      return undefined
    } else {
      const body = lines.slice(from + 1, to)
      const firstContent = body.find((l) => !isBlankOrComment(l))
      if (firstContent) result.functionConfig = dedent(body, indentOf(firstContent))
    }
  }
  return result
}

function scanItems(lines: string[]): { indent: number; items: ScannedItem[] } | undefined {
  const firstContent = lines.findIndex((l) => !isBlankOrComment(l))
  if (firstContent < 0) return { indent: 0, items: [] }
  const indent = indentOf(lines[firstContent])
  const dash = new RegExp(`^ {${indent}}-( |\\n|$)`)
  if (!dash.test(lines[firstContent])) return undefined

  const starts: number[] = []
  for (let i = firstContent; i < lines.length; i++) {
    const line = lines[i]
    if (dash.test(line)) starts.push(i)
    else if (!isBlankOrComment(line) && indentOf(line) <= indent) return undefined
  }
  const items: ScannedItem[] = []
  for (let k = 0; k < starts.length; k++) {
    // Lines before the first item (comments) belong to it.
    const from = k === 0 ? 0 : starts[k]
    const to = k + 1 < starts.length ? starts[k + 1] : lines.length
    const own = lines.slice(from, to)
    const dashLine = lines[starts[k]]
    const afterDash = dashLine.slice(indent + 1)
    const gap = indentOf(afterDash)
    const inlineContent = afterDash.trim()
    let contentIndent: number
    if (inlineContent === '' || inlineContent.startsWith('#')) {
      let next: string | undefined
      for (let i = starts[k] + 1; i < to && next === undefined; i++) if (!isBlankOrComment(lines[i])) next = lines[i]
      if (!next) return undefined
      contentIndent = indentOf(next)
    } else {
      if (/^[[{&*!|>'"-]/.test(inlineContent)) return undefined
      contentIndent = indent + 1 + gap
    }
    // A comment on the dash line (kyaml writes an item's head comment there) stays, as a line of its own.
    const firstLine = inlineContent === '' ? '\n' : ' '.repeat(contentIndent) + afterDash.slice(gap)
    const sniffed = sniff([firstLine], contentIndent)
    const restSniffed = sniff(lines, contentIndent, starts[k] + 1, to)
    let body: string | undefined
    items.push({
      raw: own.join(''),
      kind: sniffed.kind ?? restSniffed.kind,
      apiVersion: sniffed.apiVersion ?? restSniffed.apiVersion,
      // The item's own lines, with the dash turned into indentation.
      get body() {
        body ??= dedent([...lines.slice(from, starts[k]), firstLine, ...lines.slice(starts[k] + 1, to)], contentIndent)
        return body
      },
    })
  }
  return { indent, items }
}
