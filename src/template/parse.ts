// Go text/template's parser (text/template/parse/parse.go, node.go): items → a tree per template
// name. Node String() methods print the tree back as template source, as Go's do. No execution.

import { lex, type Item, type ItemType } from './lex.ts'
import { TemplateError } from './errors.ts'
import { readNumber } from './number.ts'
import { fromBytes, type GoString } from './value.ts'
import {
  argString,
  quoteName,
  treeKey,
  type ArgNode,
  type CommandNode,
  type ElseNode,
  type EndNode,
  type ListNode,
  type Node,
  type PipeNode,
  type TemplateNode,
  type IfNode,
  type RangeNode,
  type WithNode,
  type VariableNode,
  type TreeSet,
} from './nodes.ts'

export { argString, nodeString, treeString } from './nodes.ts'
export type * from './nodes.ts'

/** Go's strconv.Unquote for template string literals: a Go string (bytes; \x and octal escapes are raw bytes). */
export function unquote(quoted: string): GoString {
  if (quoted.startsWith('`')) return quoted.slice(1, -1).replace(/\r/g, '')
  const q = quoted[0]
  const body = quoted.slice(1, -1)
  const out: number[] = []
  let raw = false
  for (let i = 0; i < body.length; ) {
    const r = readEscaped(body, i, q)
    if (!r) throw new Error('invalid syntax')
    if (r.byte !== undefined) {
      out.push(r.byte)
      raw ||= r.byte >= 0x80
    } else for (const b of utf8.encode(String.fromCodePoint(r.rune!))) out.push(b)
    i = r.next
  }
  if (!raw) return keepBOM.decode(new Uint8Array(out))
  return fromBytes(new Uint8Array(out))
}

const utf8 = new TextEncoder()
// A leading U+FEFF is part of the string (TextDecoder drops it by default).
const keepBOM = new TextDecoder('utf-8', { ignoreBOM: true })
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 }

/** strconv.UnquoteChar: one (possibly escaped) character of a quoted literal at s[i]. */
function readEscaped(s: string, i: number, quote: string): { rune?: number; byte?: number; next: number } | undefined {
  const c = s[i]
  if (c === quote && (quote === "'" || quote === '"')) return undefined
  if (c !== '\\') {
    const cp = s.codePointAt(i)!
    return { rune: cp, next: i + (cp > 0xffff ? 2 : 1) }
  }
  const e = s[i + 1]
  if (e === undefined) return undefined
  if (Object.hasOwn(SIMPLE_ESCAPES, e)) {
    if ((e === "'" || e === '"') && e !== quote) return undefined
    return { rune: SIMPLE_ESCAPES[e], next: i + 2 }
  }
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
    const h = s.slice(i + 2, i + 2 + n)
    if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) return undefined
    const v = parseInt(h, 16)
    // \x is a byte in a string (a rune in a char constant); \u must be a valid code point.
    if (e === 'x') return quote === "'" ? { rune: v, next: i + 2 + n } : { byte: v, next: i + 2 + n }
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined
    return { rune: v, next: i + 2 + n }
  }
  if (e >= '0' && e <= '7') {
    const o = s.slice(i + 1, i + 4)
    if (!/^[0-7]{3}$/.test(o)) return undefined
    const v = parseInt(o, 8)
    if (v > 255) return undefined
    return quote === "'" ? { rune: v, next: i + 4 } : { byte: v, next: i + 4 }
  }
  return undefined
}

/** The rune of a char constant ('a', '\n', '\u00e9'), or undefined when malformed. */
function readRune(text: string): number | undefined {
  const r = readEscaped(text, 1, "'")
  if (!r || r.next !== text.length - 1 || text[text.length - 1] !== "'") return undefined
  return r.rune
}

/** Template names are Go strings: bytes, kept as such where they are not UTF-8 (see treeKey). */
const unquoteName = (quoted: string): GoString => unquote(quoted)

/**
 * Nesting limit for parentheses and if/range/with (else-if chains included). Go allows 10000
 * parentheses and unbounded blocks; this recursive-descent parser (and the recursive executor
 * behind it) stays well inside the JS stack by stopping at 300, with a parse error.
 */
export const MAX_NESTING = 300

class Parser {
  private readonly items: Item[]
  private i = 0
  private vars: string[] = ['$']
  private rangeDepth = 0
  private nesting = 0
  private actionLine = 0
  readonly treeSet: TreeSet
  /** Go's ParseName: parse errors name the template being parsed, even inside a define. */
  private readonly parseName: string
  private readonly funcs: (name: string) => boolean
  private readonly text: string

  constructor(name: string, text: string, items: Item[], treeSet: TreeSet, funcs: (name: string) => boolean) {
    this.parseName = name
    this.items = items
    this.treeSet = treeSet
    this.funcs = funcs
    this.text = text
  }

  private errorf(line: number, msg: string): never {
    throw new TemplateError('parse', { location: `template: ${this.parseName}:${line}`, detail: msg })
  }
  private next(): Item {
    return this.items[Math.min(this.i++, this.items.length - 1)]
  }
  private backup(n = 1) {
    this.i -= n
  }
  private peek(): Item {
    return this.items[Math.min(this.i, this.items.length - 1)]
  }
  private nextNonSpace(): Item {
    let t: Item
    do t = this.next()
    while (t.type === 'space')
    return t
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace()
    this.backup()
    return t
  }
  private itemString(t: Item): string {
    if (t.type === 'EOF') return 'EOF'
    if (t.type === 'error') return t.val
    if (['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with', 'dot'].includes(t.type)) return `<${t.val}>`
    if (t.val.length > 10) return `${JSON.stringify(t.val.slice(0, 10))}...`
    return JSON.stringify(t.val)
  }
  private unexpected(t: Item, context: string): never {
    if (t.type === 'error') {
      let extra = ''
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length)
      }
      this.errorf(t.line, `${t.val}${extra}`)
    }
    this.errorf(t.line, `unexpected ${this.itemString(t)} in ${context}`)
  }
  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace()
    if (t.type !== type) this.unexpected(t, context)
    return t
  }

  parse(): ListNode {
    const root: ListNode = { type: 'list', nodes: [], pos: 0, line: 1 }
    while (this.peek().type !== 'EOF') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next()
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition()
          continue
        }
        this.i = this.items.indexOf(delim)
      }
      const n = this.textOrAction()
      if (n.type === 'end' || n.type === 'else') this.errorf(n.line, `unexpected {{${n.type}}}`)
      root.nodes.push(n as Node)
    }
    return root
  }

  private parseDefinition() {
    const context = 'define clause'
    const defName = this.templateName(this.nextNonSpace(), context)
    const saved = { vars: this.vars }
    this.expect('rightDelim', context)
    this.vars = ['$']
    const [list, end] = this.itemList()
    if (end.type !== 'end') this.errorf(end.line, `unexpected ${end.type === 'else' ? '{{else}}' : '{{end}}'} in ${context}`)
    this.addTree(defName, list)
    this.vars = saved.vars
  }

  addTree(name: GoString, root: ListNode) {
    const key = treeKey(name)
    const existing = this.treeSet.get(key)
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(key, { name, root, text: this.text, parseName: this.parseName })
      return
    }
    if (!isEmptyTree(root)) this.errorf(root.line, `template: multiple definition of template ${quoteName(name)}`)
  }

  private itemList(): [ListNode, Node | EndNode | ElseNode] {
    const list: ListNode = { type: 'list', nodes: [], pos: this.peekNonSpace().pos, line: this.peekNonSpace().line }
    while (this.peekNonSpace().type !== 'EOF') {
      const n = this.textOrAction()
      if (n.type === 'end' || n.type === 'else') return [list, n]
      list.nodes.push(n as Node)
    }
    this.errorf(this.peek().line, 'unexpected EOF')
  }

  private textOrAction(): Node | EndNode | ElseNode {
    const t = this.nextNonSpace()
    switch (t.type) {
      case 'text':
        return { type: 'text', text: t.val, pos: t.pos, line: t.line }
      case 'leftDelim':
        this.actionLine = t.line
        try {
          return this.action()
        } finally {
          this.actionLine = 0
        }
      case 'comment':
        return { type: 'comment', text: t.val, pos: t.pos, line: t.line }
      default:
        this.unexpected(t, 'input')
    }
  }

  private action(): Node | EndNode | ElseNode {
    const t = this.nextNonSpace()
    switch (t.type) {
      case 'block':
        return this.blockControl()
      case 'break':
      case 'continue': {
        const n = this.nextNonSpace()
        if (n.type !== 'rightDelim') this.unexpected(n, `{{${t.type}}}`)
        if (this.rangeDepth === 0) this.errorf(t.line, `{{${t.type}}} outside {{range}}`)
        return { type: t.type, pos: t.pos, line: t.line }
      }
      case 'else':
        return this.elseControl()
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: t.line }
      case 'if':
        return this.control('if', true)
      case 'range':
        return this.control('range', false)
      case 'template':
        return this.templateControl()
      case 'with':
        return this.control('with', true)
    }
    this.backup()
    const token = this.peek()
    return { type: 'action', pipe: this.pipeline('command', 'rightDelim'), pos: token.pos, line: token.line }
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace()
    if (peek.type === 'if' || peek.type === 'with') return { type: 'else', pos: peek.pos, line: peek.line }
    const t = this.expect('rightDelim', 'else')
    return { type: 'else', pos: t.pos, line: t.line }
  }

  private control(context: 'if' | 'range' | 'with', allowElseChain: boolean): IfNode | RangeNode | WithNode {
    if (this.nesting >= MAX_NESTING) this.errorf(this.peek().line, `control structures nested deeper than ${MAX_NESTING}`)
    this.nesting++
    try {
      return this.controlBody(context, allowElseChain)
    } finally {
      this.nesting--
    }
  }

  private controlBody(context: 'if' | 'range' | 'with', allowElseChain: boolean): IfNode | RangeNode | WithNode {
    const varsBefore = this.vars.length
    const pipe = this.pipeline(context, 'rightDelim')
    if (context === 'range') this.rangeDepth++
    const [list, next] = this.itemList()
    if (context === 'range') this.rangeDepth--
    let elseList: ListNode | undefined
    if (next.type === 'else') {
      const chained = allowElseChain && this.peek().type === context && context !== 'range'
      if (chained) {
        const t = this.next()
        elseList = { type: 'list', nodes: [], pos: t.pos, line: t.line }
        elseList.nodes.push(this.control(context, true))
      } else {
        const [el, end] = this.itemList()
        if (end.type !== 'end') this.errorf(end.line, `expected end; found {{else}}`)
        elseList = el
      }
    } else if (next.type !== 'end') {
      this.errorf(next.line, 'expected end')
    }
    this.vars.length = varsBefore
    return { type: context, pipe, list, elseList, pos: pipe.pos, line: pipe.line } as IfNode | RangeNode | WithNode
  }

  private templateName(t: Item, context: string): GoString {
    if (t.type === 'string' || t.type === 'rawString') {
      try {
        return unquoteName(t.val)
      } catch {
        this.errorf(t.line, 'invalid syntax')
      }
    }
    this.unexpected(t, context)
  }

  private templateControl(): TemplateNode {
    const context = 'template clause'
    const t = this.nextNonSpace()
    const name = this.templateName(t, context)
    let pipe: PipeNode | undefined
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup()
      pipe = this.pipeline(context, 'rightDelim')
    }
    return { type: 'template', name, pipe, pos: t.pos, line: t.line }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause'
    const t = this.nextNonSpace()
    const name = this.templateName(t, context)
    const pipe = this.pipeline(context, 'rightDelim')
    const saved = { vars: this.vars }
    this.vars = ['$']
    const [list, end] = this.itemList()
    if (end.type !== 'end') this.errorf(end.line, `unexpected {{else}} in ${context}`)
    this.addTree(name, list)
    this.vars = saved.vars
    return { type: 'template', name, pipe, pos: t.pos, line: t.line }
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace()
    const pipe: PipeNode = { type: 'pipe', isAssign: false, decl: [], cmds: [], pos: token.pos, line: token.line }
    for (;;) {
      // Go's `decls:` label: variables before := / = (a range may declare two, separated by a comma).
      const v = this.peekNonSpace()
      if (v.type !== 'variable') break
      this.nextNonSpace()
      const vIndex = this.i - 1
      const nx = this.peekNonSpace()
      if (nx.type === 'assign' || nx.type === 'declare') {
        pipe.isAssign = nx.type === 'assign'
        this.nextNonSpace()
        pipe.decl.push(this.variable(v))
        this.vars.push(v.val)
        break
      }
      if (nx.type === 'char' && nx.val === ',') {
        this.nextNonSpace()
        pipe.decl.push(this.variable(v))
        this.vars.push(v.val)
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace()
          if (p.type === 'variable' || p.type === 'rightDelim' || p.type === 'rightParen') continue
          this.errorf(p.line, 'range can only initialize variables')
        }
        this.errorf(nx.line, `too many declarations in ${context}`)
      }
      this.i = vIndex
      break
    }
    for (;;) {
      const t = this.nextNonSpace()
      if (t.type === end) {
        this.checkPipeline(pipe, context, t)
        return pipe
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup()
          pipe.cmds.push(this.command())
          break
        default:
          this.unexpected(t, context)
      }
    }
  }

  private variable(t: Item): VariableNode {
    return { type: 'variable', ident: t.val.split('.'), pos: t.pos, line: t.line }
  }

  private checkPipeline(pipe: PipeNode, context: string, at: Item) {
    if (!pipe.cmds.length) this.errorf(at.line, `missing value for ${context}`)
    pipe.cmds.slice(1).forEach((c, i) => {
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].type)) this.errorf(at.line, `non executable command in pipeline stage ${i + 2}`)
    })
  }

  private command(): CommandNode {
    const start = this.peekNonSpace()
    const cmd: CommandNode = { type: 'command', args: [], pos: start.pos, line: start.line }
    for (;;) {
      this.peekNonSpace()
      const operand = this.operand()
      if (operand) cmd.args.push(operand)
      const t = this.next()
      if (t.type === 'space') continue
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup()
      else if (t.type !== 'pipe') this.unexpected(t, 'operand')
      break
    }
    if (!cmd.args.length) this.errorf(start.line, 'empty command')
    return cmd
  }

  private operand(): ArgNode | undefined {
    let node = this.term()
    if (!node) return undefined
    if (this.peek().type === 'field') {
      const fields: string[] = []
      const pos = this.peek()
      while (this.peek().type === 'field') fields.push(this.next().val.slice(1))
      switch (node.type) {
        // Go's operand: the merged node takes the chain's position, its first added field (parse.go newChain(p.peek().pos)).
        case 'field':
          node = { type: 'field', ident: [...node.ident, ...fields], pos: pos.pos, line: pos.line }
          break
        case 'variable':
          node = { type: 'variable', ident: [...node.ident, ...fields], pos: pos.pos, line: pos.line }
          break
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(pos.line, `unexpected . after term ${JSON.stringify(argString(node))}`)
        default:
          node = { type: 'chain', node, field: fields, pos: pos.pos, line: pos.line }
      }
    }
    return node
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace()
    switch (t.type) {
      case 'identifier':
        if (!this.funcs(t.val)) this.errorf(t.line, `function ${JSON.stringify(t.val)} not defined`)
        return { type: 'identifier', ident: t.val, pos: t.pos, line: t.line }
      case 'dot':
        return { type: 'dot', pos: t.pos, line: t.line }
      case 'nil':
        return { type: 'nil', pos: t.pos, line: t.line }
      case 'variable': {
        const v = this.variable(t)
        if (!this.vars.includes(v.ident[0])) this.errorf(t.line, `undefined variable ${JSON.stringify(v.ident[0])}`)
        return v
      }
      case 'field':
        return { type: 'field', ident: t.val.slice(1).split('.'), pos: t.pos, line: t.line }
      case 'bool':
        return { type: 'bool', value: t.val === 'true', pos: t.pos, line: t.line }
      case 'charConstant':
      case 'complex':
      case 'number': {
        try {
          const v = readNumber(t.val, t.type === 'charConstant' ? 'char' : t.type === 'complex' ? 'complex' : 'number', readRune)
          return { type: 'number', text: t.val, isRune: t.type === 'charConstant', ...v, pos: t.pos, line: t.line }
        } catch (e) {
          this.errorf(t.line, (e as Error).message)
        }
      }
      case 'leftParen': {
        // Go stops at 10000 nested parentheses; this recursive parser stops earlier (MAX_NESTING).
        if (this.nesting >= MAX_NESTING) this.errorf(t.line, 'max expression depth exceeded')
        this.nesting++
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen')
        } finally {
          this.nesting--
        }
      }
      case 'string':
      case 'rawString': {
        let text: GoString
        try {
          text = unquote(t.val)
        } catch {
          this.errorf(t.line, 'invalid syntax')
        }
        return { type: 'string', quoted: t.val, text, pos: t.pos, line: t.line }
      }
    }
    this.backup()
    return undefined
  }
}

function isEmptyTree(n: ListNode): boolean {
  return n.nodes.every((x) => (x.type === 'text' && x.text.trim() === '') || x.type === 'comment')
}

/** Parses `text` as template `name`, adding it and every {{define}}/{{block}} to `treeSet`. */
export function parse(name: string, text: string, options: { delimiters: [string, string]; hasFunction: (name: string) => boolean; treeSet?: TreeSet }): TreeSet {
  const treeSet: TreeSet = options.treeSet ?? new Map()
  const items = lex(name, text, options.delimiters[0], options.delimiters[1])
  const parser = new Parser(name, text, items, treeSet, options.hasFunction)
  try {
    parser.addTree(name, parser.parse())
  } catch (e) {
    // A safety net: the nesting limit keeps parsing far from the JS stack's end.
    if (e instanceof RangeError) throw new TemplateError('parse', { location: `template: ${name}`, detail: 'template nested too deeply for this engine' })
    throw e
  }
  return treeSet
}
