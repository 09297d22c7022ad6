// The line scanner's stream split as it was written first, by lines split and joined again
// (src/manifests/scan.ts before it worked by offsets): the oracle the differential test in
// test/manifests/scan.test.ts holds the offset version to. Kept word for word (its helpers too).

import type { ScannedItem } from '../../src/manifests/scan.ts'

const LINE = /[^\n]*\n|[^\n]+$/g

function splitLines(text: string): string[] {
  return text.match(LINE) ?? []
}

function indentOf(line: string): number {
  let i = 0
  while (line.charCodeAt(i) === 32) i++
  return i
}

function isBlankOrComment(line: string): boolean {
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
function linesUntrusted(text: string): boolean {
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
function sniff(lines: string[], indent: number, from = 0, to = lines.length): { kind?: string; apiVersion?: string } {
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

/** A YAML stream split into documents; undefined when the line rules cannot be trusted. */
export function referenceScanStream(text: string): ScannedItem[] | undefined {
  if (linesUntrusted(text)) return undefined
  const docs: string[][] = [[]]
  for (const line of splitLines(text)) {
    if (line.startsWith('---') && /^---\s*(#.*)?$/.test(line.trimEnd())) {
      docs.push([])
      continue
    }
    if (line.startsWith('---')) return undefined // content on the marker line
    if (/^\.\.\.\s*$/.test(line)) {
      docs.push([])
      continue
    }
    docs[docs.length - 1].push(line)
  }
  const items: ScannedItem[] = []
  let pending: string[] = [] // comment-only documents stick to the next real one
  for (const lines of docs) {
    if (lines.every(isBlankOrComment)) {
      pending.push(...lines)
      continue
    }
    const first = lines.find((l) => !isBlankOrComment(l))!
    if (indentOf(first) !== 0 || /^[[{-]/.test(first)) return undefined
    const all = [...pending, ...lines]
    pending = []
    const raw = all.join('')
    items.push({ raw: raw.endsWith('\n') ? raw : raw + '\n', body: raw, ...sniff(lines, 0) })
  }
  if (pending.length && items.length) {
    const last = items[items.length - 1]
    last.raw += pending.join('')
  }
  return items
}
