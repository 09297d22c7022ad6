// Where in the editor an error points: the node a field path names (`spec.target.template.data["k"]`),
// and, for a template failure, the line and column Go's message gives inside that template's text
// (`template: k:3:12:`), carried over to the editor's lines for block, plain and quoted scalars.

import type * as YamlModule from 'yaml'

export interface Located {
  /** 1-based, as editors count. */
  line: number
  column: number
}

type Doc = YamlModule.Document.Parsed | YamlModule.Document
type Lines = YamlModule.LineCounter

/** `a.b[0]["c.d"]` → ['a', 'b', 0, 'c.d']. */
export function fieldPathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = []
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1])
    else if (m[2] !== undefined) out.push(Number(m[2]))
    else out.push(JSON.parse(m[3]) as string)
  }
  return out
}

interface NodeLike {
  range?: [number, number, number] | null
  type?: string
  source?: string
}

/** The node at the field path, or the nearest existing ancestor's (a missing key is marked at its parent). */
function nodeAt(doc: Doc, path: (string | number)[]): NodeLike | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as NodeLike | undefined
    if (node && typeof node === 'object' && node.range) return node
  }
  return undefined
}

export function locateFieldPath(doc: Doc, lines: Lines, fieldPath: string): Located | undefined {
  const node = nodeAt(doc, fieldPathSegments(fieldPath))
  if (!node?.range) return undefined
  const p = lines.linePos(node.range[0])
  return { line: p.line, column: p.col }
}

// `template: NAME:LINE:COL: ` (execution; COL counts bytes from 0, as Go's ErrorContext does) or
// `template: NAME:LINE: ` (parse).
const GO_LOCATION = /template: [^\n]*?:(\d+)(?::(\d+))?: /

/** A template failure's line and column inside the editor, when the field's text is a scalar there. */
export function locateTemplateError(doc: Doc, lines: Lines, source: string, fieldPath: string, message: string): Located | undefined {
  const m = GO_LOCATION.exec(message)
  if (!m) return undefined
  const segments = fieldPathSegments(fieldPath)
  const node = doc.getIn(segments, true) as NodeLike | undefined
  if (!node?.range || typeof node.source !== 'string') return undefined
  const line = Number(m[1])
  const col = m[2] === undefined ? 0 : Number(m[2])
  const start = lines.linePos(node.range[0])
  if (node.type === 'BLOCK_LITERAL') {
    // The header (`|`, `|-`) is on the first line; the text's lines follow at one indentation.
    const text = source.slice(node.range[0], node.range[1])
    const body = text.split('\n').slice(1)
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length))
    return { line: start.line + line, column: (Number.isFinite(indent) ? indent : 0) + col + 1 }
  }
  if (line === 1 && (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
    const quote = node.type === 'PLAIN' ? 0 : 1
    return { line: start.line, column: start.col + quote + byteColumnToChars(node.source, col) }
  }
  return { line: start.line, column: start.col }
}

/** Go counts columns in bytes; the editor in characters. */
function byteColumnToChars(text: string, bytes: number): number {
  const encoder = new TextEncoder()
  let n = 0
  let chars = 0
  for (const ch of text) {
    if (n >= bytes) break
    n += encoder.encode(ch).length
    chars += ch.length
  }
  return chars
}
