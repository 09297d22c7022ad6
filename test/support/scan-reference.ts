// The line scanner's stream split as it was written first, by lines split and joined again
// (src/manifests/scan.ts before it worked by offsets): the oracle the differential test in
// test/manifests/scan.test.ts holds the offset version to. The split is kept word for word; the
// line helpers are the scanner's own, so that only the split is compared.

import { indentOf, isBlankOrComment, linesUntrusted, sniff, splitLines, type ScannedItem } from '../../src/manifests/scan.ts'

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
