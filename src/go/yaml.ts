// The parts of go-yaml v2 (go.yaml.in/yaml/v2, under sigs.k8s.io/yaml) that decide ESO's toYaml
// and fromYaml results: the plain-scalar resolver (resolve.go: YAML 1.1 booleans such as y/yes/on,
// Go's base-0 integers, floats, timestamps kept as strings), the map key order (sorter.go), and the
// emitter (encode.go + emitterc.go: block style, 2-space indent, 80-column folding of plain and
// quoted scalars, literal `|` blocks for multi-line strings, `? ` keys past 128 characters).

import { parseFloat64, parseInt64, parseUint } from './strconv.ts'

export type ResolvedTag = 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp' | 'merge'

/** A resolved plain scalar: its tag, and for numbers Go's int/uint64 (bigint) or float64 value. */
export interface Resolved {
  tag: ResolvedTag
  value?: boolean | null | bigint | number
  /** int64 or uint64, for a resolved integer (Go's int when it fits int64). */
  unsigned?: boolean
}

const RESOLVE_MAP = new Map<string, Resolved>()
for (const [value, tag, words] of [
  [true, 'bool', ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, 'bool', ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, 'null', ['', '~', 'null', 'Null', 'NULL']],
  [NaN, 'float', ['.nan', '.NaN', '.NAN']],
  [Infinity, 'float', ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [-Infinity, 'float', ['-.inf', '-.Inf', '-.INF']],
  [null, 'merge', ['<<']],
] as const) {
  for (const w of words) RESOLVE_MAP.set(w, { tag, value: tag === 'merge' ? undefined : value })
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/

/** resolve("", in) for a plain scalar. */
export function resolvePlain(s: string): Resolved {
  const c = s[0]
  const hint = s === '' ? 'N' : c === '+' || c === '-' ? 'S' : c >= '0' && c <= '9' ? 'D' : 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : ''
  if (hint === '') return { tag: 'str' }
  const known = RESOLVE_MAP.get(s)
  if (known) return known
  if (hint === '.') {
    const f = parseFloat64(s)
    return f === undefined ? { tag: 'str' } : { tag: 'float', value: f }
  }
  if (hint === 'D' || hint === 'S') {
    if (isTimestamp(s)) return { tag: 'timestamp' }
    const plain = s.replace(/_/g, '')
    const i = parseInt64(plain)
    if (i !== undefined) return { tag: 'int', value: i }
    const u = plain[0] === '+' || plain[0] === '-' ? undefined : parseUint(plain)
    if (u !== undefined) return { tag: 'int', value: u, unsigned: true }
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseFloat64(plain)
      if (f !== undefined) return { tag: 'float', value: f }
    }
    if (plain.startsWith('0b')) {
      const digits = plain.slice(2)
      if (/^[01]+$/.test(digits)) {
        const v = BigInt('0b' + digits)
        if (v < 2n ** 63n) return { tag: 'int', value: v }
        if (v < 2n ** 64n) return { tag: 'int', value: v, unsigned: true }
      }
    } else if (plain.startsWith('-0b')) {
      const digits = plain.slice(3)
      if (/^[01]+$/.test(digits) && BigInt('0b' + digits) <= 2n ** 63n) return { tag: 'int', value: -BigInt('0b' + digits) }
    }
  }
  return { tag: 'str' }
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** parseTimestamp: YYYY-M-D, optionally with a time (T/t/space) as go-yaml's four layouts allow. */
export function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s)
  if (!m) return false
  const [, y, mo, d, sep, hh, mm, ss, , zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  if (day < 1 || day > (month === 2 && leap ? 29 : DAYS[month - 1])) return false
  if (sep === undefined) return true
  // "2006-1-2 15:4:5.999999999" has no zone; the T/t layouts require one.
  if (sep === ' ' ? zone !== undefined : zone === undefined) return false
  if (Number(hh) >= 24 || Number(mm) >= 60 || Number(ss) >= 60) return false
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4)) > 60)) return false
  return true
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/

export function isBase60Float(s: string): boolean {
  if (s === '') return false
  const c = s[0]
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false
  return BASE60_FLOAT.test(s)
}

// ---- map key order (sorter.go keyList.Less, for string keys) ----

const isLetter = (c: string) => /\p{L}/u.test(c)
const isDigit = (c: string) => /\p{Nd}/u.test(c)

/** go-yaml's "natural" key order: letters before other runes, digit runs compared as numbers. */
export function keyLess(a: string, b: string): boolean {
  const ar = [...a]
  const br = [...b]
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetter(ar[i])
    const bl = isLetter(br[i])
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
    if (al || bl) return bl
    let an = 0n
    let bn = 0n
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n
          bn = 1n
          break
        }
      }
    }
    let ai = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai].codePointAt(0)! - 48))
    let bi = i
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi].codePointAt(0)! - 48))
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
  }
  return ar.length < br.length
}

export function sortKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0))
}

// ---- the emitter ----

/** A value to emit: a scalar with the style the encoder asked for, or a block collection. */
export type YamlNode = { kind: 'scalar'; value: string; style: 'plain' | 'double' | 'literal' } | { kind: 'seq'; items: YamlNode[] } | { kind: 'map'; pairs: [YamlNode, YamlNode][] }

/** encoder.stringv: plain when it resolves back to a string, `|` when multi-line, else double-quoted. */
export function stringNode(s: string): YamlNode {
  if (s.includes('\n')) return { kind: 'scalar', value: s, style: 'literal' }
  const plain = resolvePlain(s).tag === 'str' && !isBase60Float(s)
  return { kind: 'scalar', value: s, style: plain ? 'plain' : 'double' }
}

const BEST_INDENT = 2
const BEST_WIDTH = 80

const isBreak = (c: string | undefined) => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029'
const isSpace = (c: string | undefined) => c === ' '
const isBlank = (c: string | undefined) => c === ' ' || c === '\t'
const isBlankz = (c: string | undefined) => isBlank(c) || isBreak(c) || c === '\0' || c === undefined

/** yamlprivateh.go is_printable: \n, printable ASCII, and BMP characters outside surrogates, BOM and FFFE/FFFF. */
function isPrintable(c: string): boolean {
  const r = c.codePointAt(0)!
  return r === 0x0a || (r >= 0x20 && r <= 0x7e) || (r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd && r !== 0xfeff)
}

interface ScalarAnalysis {
  multiline: boolean
  flowPlainAllowed: boolean
  blockPlainAllowed: boolean
  singleQuotedAllowed: boolean
  blockAllowed: boolean
}

/** yaml_emitter_analyze_scalar (unicode output on, as go-yaml's encoder sets it). */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value === '') return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false }
  const chars = [...value]
  let blockIndicators = false
  let flowIndicators = false
  let lineBreaks = false
  let specialCharacters = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let precededByWhitespace = true
  let previousSpace = false
  let previousBreak = false
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true
    flowIndicators = true
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1])
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowIndicators = true
        blockIndicators = true
      } else if (c === '?' || c === ':') {
        flowIndicators = true
        if (followedByWhitespace) blockIndicators = true
      } else if (c === '-' && followedByWhitespace) {
        flowIndicators = true
        blockIndicators = true
      }
    } else if (',?[]{}'.includes(c)) flowIndicators = true
    else if (c === ':') {
      flowIndicators = true
      if (followedByWhitespace) blockIndicators = true
    } else if (c === '#' && precededByWhitespace) {
      flowIndicators = true
      blockIndicators = true
    }
    if (!isPrintable(c)) specialCharacters = true
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true
      if (i === chars.length - 1) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (isBreak(c)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i === chars.length - 1) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }
    precededByWhitespace = isBlankz(c)
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true }
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlainAllowed = a.blockPlainAllowed = false
  if (trailingSpace) a.blockAllowed = false
  if (breakSpace) a.flowPlainAllowed = a.blockPlainAllowed = a.singleQuotedAllowed = false
  if (spaceBreak || specialCharacters) a.flowPlainAllowed = a.blockPlainAllowed = a.singleQuotedAllowed = a.blockAllowed = false
  if (lineBreaks) a.flowPlainAllowed = a.blockPlainAllowed = false
  if (flowIndicators) a.flowPlainAllowed = false
  if (blockIndicators) a.blockPlainAllowed = false
  return a
}

/** go-yaml's emitter state for one Marshal: output, column and the whitespace/indention flags. */
class Emitter {
  out = ''
  column = 0
  indent = -1
  indents: number[] = []
  whitespace = true
  indention = true
  flowLevel = 0
  // The context emit_node records for the node being written.
  mappingContext = false
  simpleKeyContext = false

  put(s: string): void {
    this.out += s
    this.column++
  }

  putBreak(): void {
    this.out += '\n'
    this.column = 0
  }

  /** write: one character (column counts characters, not bytes). */
  write(c: string): void {
    this.out += c
    this.column++
  }

  /** write_break: \n becomes the line break; other break characters are copied. */
  writeBreak(c: string): void {
    if (c === '\n') this.putBreak()
    else {
      this.out += c
      this.column = 0
    }
  }

  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent)
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0
    else if (!indentless) this.indent += BEST_INDENT
  }

  popIndent(): void {
    this.indent = this.indents.pop()!
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0)
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak()
    while (this.column < indent) this.put(' ')
    this.whitespace = true
    this.indention = true
  }

  writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ')
    for (const c of indicator) this.write(c)
    this.whitespace = isWhitespace
    this.indention = this.indention && isIndention
  }

  emitNode(node: YamlNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping
    this.simpleKeyContext = simpleKey
    if (node.kind === 'scalar') this.emitScalar(node)
    else if (node.kind === 'seq') this.emitSequence(node.items)
    else this.emitMapping(node.pairs)
  }

  emitScalar(node: Extract<YamlNode, { kind: 'scalar' }>): void {
    const a = analyzeScalar(node.value)
    // yaml_emitter_select_scalar_style
    let style: 'plain' | 'single' | 'double' | 'literal' = node.style
    if (this.simpleKeyContext && a.multiline) style = 'double'
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single'
      if (node.value === '' && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single'
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double'
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double'
    this.increaseIndent(true, false)
    const allowBreaks = !this.simpleKeyContext
    if (style === 'plain') this.writePlain(node.value, allowBreaks)
    else if (style === 'single') this.writeSingleQuoted(node.value, allowBreaks)
    else if (style === 'double') this.writeDoubleQuoted(node.value, allowBreaks)
    else this.writeLiteral(node.value)
    this.popIndent()
  }

  emitSequence(items: YamlNode[]): void {
    if (this.flowLevel > 0 || items.length === 0) {
      this.writeIndicator('[', true, true, false)
      this.increaseIndent(true, false)
      this.flowLevel++
      // Only empty sequences are written in flow style.
      this.flowLevel--
      this.popIndent()
      this.writeIndicator(']', false, false, false)
      return
    }
    this.increaseIndent(false, this.mappingContext && !this.indention)
    for (const item of items) {
      this.writeIndent()
      this.writeIndicator('-', true, false, true)
      this.emitNode(item, false, false)
    }
    this.popIndent()
  }

  emitMapping(pairs: [YamlNode, YamlNode][]): void {
    if (this.flowLevel > 0 || pairs.length === 0) {
      this.writeIndicator('{', true, true, false)
      this.increaseIndent(true, false)
      this.popIndent()
      this.writeIndicator('}', false, false, false)
      return
    }
    this.increaseIndent(false, false)
    for (const [key, value] of pairs) {
      this.writeIndent()
      if (checkSimpleKey(key)) {
        this.emitNode(key, true, true)
        this.writeIndicator(':', false, false, false)
      } else {
        this.writeIndicator('?', true, false, true)
        this.emitNode(key, true, false)
        this.writeIndent()
        this.writeIndicator(':', true, false, true)
      }
      this.emitNode(value, true, false)
    }
    this.popIndent()
  }

  writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ')
    const chars = [...value]
    let spaces = false
    let breaks = false
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(chars[i + 1])) this.writeIndent()
        else this.write(c)
        spaces = true
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak()
        this.writeBreak(c)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.write(c)
        this.indention = false
        spaces = false
        breaks = false
      }
    }
    this.whitespace = false
    this.indention = false
  }

  writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false)
    const chars = [...value]
    let spaces = false
    let breaks = false
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && !isSpace(chars[i + 1])) this.writeIndent()
        else this.write(c)
        spaces = true
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak()
        this.writeBreak(c)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        if (c === "'") this.put("'")
        this.write(c)
        this.indention = false
        spaces = false
        breaks = false
      }
    }
    this.writeIndicator("'", false, false, false)
    this.whitespace = false
    this.indention = false
  }

  writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false)
    const chars = [...value]
    let spaces = false
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]
      const r = c.codePointAt(0)!
      if (!isPrintable(c) || r === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\')
        const short: Record<number, string> = {
          0x00: '0',
          0x07: 'a',
          0x08: 'b',
          0x09: 't',
          0x0a: 'n',
          0x0b: 'v',
          0x0c: 'f',
          0x0d: 'r',
          0x1b: 'e',
          0x22: '"',
          0x5c: '\\',
          0x85: 'N',
          0xa0: '_',
          0x2028: 'L',
          0x2029: 'P',
        }
        if (short[r] !== undefined) this.put(short[r])
        else {
          const [letter, width] = r <= 0xff ? ['x', 2] : r <= 0xffff ? ['u', 4] : ['U', 8]
          this.put(letter)
          for (const d of r.toString(16).toUpperCase().padStart(width, '0')) this.put(d)
        }
        spaces = false
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent()
          if (isSpace(chars[i + 1])) this.put('\\')
        } else this.write(c)
        spaces = true
      } else {
        this.write(c)
        spaces = false
      }
    }
    this.writeIndicator('"', false, false, false)
    this.whitespace = false
    this.indention = false
  }

  writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false)
    // yaml_emitter_write_block_scalar_hints
    const chars = [...value]
    if (isSpace(chars[0]) || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false)
    let chomp = ''
    if (chars.length === 0) chomp = '-'
    else if (!isBreak(chars[chars.length - 1])) chomp = '-'
    else if (chars.length === 1 || isBreak(chars[chars.length - 2])) chomp = '+'
    if (chomp) this.writeIndicator(chomp, false, false, false)
    this.putBreak()
    this.indention = true
    this.whitespace = true
    let breaks = true
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.write(c)
        this.indention = false
        breaks = false
      }
    }
  }
}

/** yaml_emitter_check_simple_key for a key node: one line and at most 128 bytes. */
function checkSimpleKey(key: YamlNode): boolean {
  if (key.kind === 'scalar') return !analyzeScalar(key.value).multiline && Buffer.byteLength(key.value) <= 128
  if (key.kind === 'seq') return key.items.length === 0
  return key.pairs.length === 0
}

/** yaml.Marshal of a node tree: one implicit document, ending in a line break. */
export function emitYaml(root: YamlNode): string {
  const e = new Emitter()
  e.emitNode(root, false, false)
  e.writeIndent()
  return e.out
}
