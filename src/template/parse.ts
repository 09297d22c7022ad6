// Go text/template's parser (text/template/parse/parse.go, node.go): items → a tree per template
// name. Node String() methods print the tree back as template source, as Go's do. No execution.

import { lex, type Item, type ItemType } from './lex.ts'
import { TemplateError } from './errors.ts'

export type Node =
  | ListNode // a list of nodes
  | TextNode // plain text
  | ActionNode // a non-control action such as a field evaluation
  | CommentNode // a comment
  | IfNode // an if action
  | RangeNode // a range action
  | WithNode // a with action
  | TemplateNode // a template invocation
  | BreakNode // a break action
  | ContinueNode // a continue action

export type ArgNode = FieldNode | VariableNode | DotNode | NilNode | BoolNode | NumberNode | StringNode | IdentifierNode | ChainNode | PipeNode

interface Pos {
  pos: number
  line: number
}

export interface ListNode extends Pos {
  type: 'list'
  nodes: Node[]
}
export interface TextNode extends Pos {
  type: 'text'
  text: string
}
export interface CommentNode extends Pos {
  type: 'comment'
  text: string
}
export interface PipeNode extends Pos {
  type: 'pipe'
  isAssign: boolean
  decl: VariableNode[]
  cmds: CommandNode[]
}
export interface CommandNode extends Pos {
  type: 'command'
  args: ArgNode[]
}
export interface ActionNode extends Pos {
  type: 'action'
  pipe: PipeNode
}
export interface IdentifierNode extends Pos {
  type: 'identifier'
  ident: string
}
export interface VariableNode extends Pos {
  type: 'variable'
  ident: string[]
}
export interface DotNode extends Pos {
  type: 'dot'
}
export interface NilNode extends Pos {
  type: 'nil'
}
export interface FieldNode extends Pos {
  type: 'field'
  ident: string[]
}
export interface ChainNode extends Pos {
  type: 'chain'
  node: ArgNode
  field: string[]
}
export interface BoolNode extends Pos {
  type: 'bool'
  value: boolean
}
export interface NumberNode extends Pos {
  type: 'number'
  text: string
  isInt: boolean
  isFloat: boolean
  isComplex: boolean
  isRune: boolean
  int?: bigint
  float?: number
}
export interface StringNode extends Pos {
  type: 'string'
  quoted: string
  text: string
}
export interface IfNode extends Pos {
  type: 'if'
  pipe: PipeNode
  list: ListNode
  elseList?: ListNode
}
export interface RangeNode extends Pos {
  type: 'range'
  pipe: PipeNode
  list: ListNode
  elseList?: ListNode
}
export interface WithNode extends Pos {
  type: 'with'
  pipe: PipeNode
  list: ListNode
  elseList?: ListNode
}
export interface TemplateNode extends Pos {
  type: 'template'
  name: string
  pipe?: PipeNode
}
export interface BreakNode extends Pos {
  type: 'break'
}
export interface ContinueNode extends Pos {
  type: 'continue'
}
interface EndNode extends Pos {
  type: 'end'
}
interface ElseNode extends Pos {
  type: 'else'
}

export interface Tree {
  name: string
  root: ListNode
  text: string
}

export type TreeSet = Map<string, Tree>

/** Go's strconv.Unquote for template string and char literals. */
export function unquote(quoted: string): string {
  if (quoted.startsWith('`')) return quoted.slice(1, -1).replace(/\r/g, '')
  const body = quoted.slice(1, -1)
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c !== '\\') {
      out += c
      continue
    }
    const e = body[++i]
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' }
    if (e in simple) {
      if ((e === "'" && quoted[0] === '"') || (e === '"' && quoted[0] === "'")) throw new Error('invalid syntax')
      out += simple[e]
    } else if (e === 'x') {
      const h = body.slice(i + 1, i + 3)
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error('invalid syntax')
      out += String.fromCharCode(parseInt(h, 16))
      i += 2
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8
      const h = body.slice(i + 1, i + 1 + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new Error('invalid syntax')
      const cp = parseInt(h, 16)
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Error('invalid syntax')
      out += String.fromCodePoint(cp)
      i += n
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i, i + 3)
      if (!/^[0-7]{3}$/.test(o)) throw new Error('invalid syntax')
      const v = parseInt(o, 8)
      if (v > 255) throw new Error('invalid syntax')
      out += String.fromCharCode(v)
      i += 2
    } else throw new Error('invalid syntax')
  }
  return out
}

/** Go's strconv.ParseInt(s, 0, 64) / ParseFloat for template number literals. */
function parseNumber(node: NumberNode, typ: ItemType): void {
  const text = node.text
  if (typ === 'charConstant') {
    const s = unquoteChar(text)
    node.isRune = true
    node.isInt = true
    node.isFloat = true
    node.int = BigInt(s.codePointAt(0)!)
    node.float = s.codePointAt(0)!
    return
  }
  if (typ === 'complex' || text.endsWith('i')) {
    node.isComplex = true
    return
  }
  const clean = text.replace(/_/g, '')
  const underscoresOk = !text.includes('_') || /^[+-]?(0[xXoObB]?_?)?[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/.test(text) || /^[+-]?\d+(_\d+)*(\.\d+(_\d+)*)?([eE][+-]?\d+(_\d+)*)?$/.test(text)
  const intMatch = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(clean)
  if (intMatch && underscoresOk) {
    const [, sign, digits] = intMatch
    let v: bigint
    if (/^0[oO]/.test(digits)) v = BigInt('0o' + digits.slice(2))
    else if (/^0[0-7]+$/.test(digits)) v = BigInt('0o' + digits.slice(1))
    else v = BigInt(digits)
    if (sign === '-') v = -v
    if (v >= -(2n ** 63n) && v < 2n ** 63n) {
      node.isInt = true
      node.int = v
    }
    node.isFloat = true
    node.float = Number(v)
    return
  }
  if (/^[+-]?0[xX]/.test(clean)) {
    // Hex floats: 0x1p-2.
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(clean)
    if (m && underscoresOk) {
      const mant = parseInt((m[2] || '0') + (m[3] ?? ''), 16) / 16 ** (m[3]?.length ?? 0)
      node.isFloat = true
      node.float = (m[1] === '-' ? -1 : 1) * mant * 2 ** Number(m[4])
      return
    }
  } else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean) && underscoresOk) {
    const f = Number(clean)
    if (Number.isFinite(f)) {
      node.isFloat = true
      node.float = f
      if (Number.isInteger(f) && !/[.eE]/.test(clean) && Math.abs(f) < 2 ** 63) {
        node.isInt = true
        node.int = BigInt(clean)
      } else if (Number.isInteger(f) && Math.abs(f) < 2 ** 53) {
        node.isInt = true
        node.int = BigInt(f)
      }
      return
    }
  }
  throw new Error(`illegal number syntax: ${JSON.stringify(text)}`)
}

function unquoteChar(text: string): string {
  const s = unquote(text)
  if ([...s].length !== 1) throw new Error(`malformed character constant: ${text}`)
  return s
}

class Parser {
  private readonly items: Item[]
  private i = 0
  private vars: string[] = ['$']
  private rangeDepth = 0
  private actionLine = 0
  readonly treeSet: TreeSet
  private name: string
  private readonly funcs: (name: string) => boolean
  private readonly text: string

  constructor(name: string, text: string, items: Item[], treeSet: TreeSet, funcs: (name: string) => boolean) {
    this.name = name
    this.items = items
    this.treeSet = treeSet
    this.funcs = funcs
    this.text = text
  }

  private errorf(line: number, msg: string): never {
    throw new TemplateError('parse', `template: ${this.name}:${line}: ${msg}`)
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
        extra = ` in action started at ${this.name}:${this.actionLine}`
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
    const t = this.nextNonSpace()
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context)
    const saved = { name: this.name, vars: this.vars }
    const defName = unquote(t.val)
    this.expect('rightDelim', context)
    this.vars = ['$']
    const outer = this.name
    this.name = defName
    const [list, end] = this.itemList()
    if (end.type !== 'end') this.errorf(end.line, `unexpected ${end.type === 'else' ? '{{else}}' : '{{end}}'} in ${context}`)
    this.addTree(defName, list)
    this.name = outer
    this.vars = saved.vars
  }

  addTree(name: string, root: ListNode) {
    const existing = this.treeSet.get(name)
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(name, { name, root, text: this.text })
      return
    }
    if (!isEmptyTree(root)) this.errorf(root.line, `template: multiple definition of template ${JSON.stringify(name)}`)
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

  private templateName(t: Item, context: string): string {
    if (t.type === 'string' || t.type === 'rawString') {
      try {
        return unquote(t.val)
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
    const saved = { vars: this.vars, name: this.name }
    this.vars = ['$']
    this.name = name
    const [list, end] = this.itemList()
    if (end.type !== 'end') this.errorf(end.line, `unexpected {{else}} in ${context}`)
    this.addTree(name, list)
    this.vars = saved.vars
    this.name = saved.name
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
        case 'field':
          node = { type: 'field', ident: [...node.ident, ...fields], pos: node.pos, line: node.line }
          break
        case 'variable':
          node = { type: 'variable', ident: [...node.ident, ...fields], pos: node.pos, line: node.line }
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
        const n: NumberNode = { type: 'number', text: t.val, isInt: false, isFloat: false, isComplex: false, isRune: false, pos: t.pos, line: t.line }
        try {
          parseNumber(n, t.type)
        } catch (e) {
          this.errorf(t.line, (e as Error).message)
        }
        return n
      }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen')
      case 'string':
      case 'rawString': {
        let text: string
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
  const root = parser.parse()
  parser.addTree(name, root)
  return treeSet
}

// --- printing back (Go's node String methods) ---

export function argString(n: ArgNode | CommandNode): string {
  switch (n.type) {
    case 'field':
      return n.ident.map((i) => `.${i}`).join('')
    case 'variable':
      return n.ident.join('.')
    case 'dot':
      return '.'
    case 'nil':
      return 'nil'
    case 'bool':
      return String(n.value)
    case 'number':
      return n.text
    case 'string':
      return n.quoted
    case 'identifier':
      return n.ident
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${argString(n.node)})` : argString(n.node)
      return inner + n.field.map((f) => `.${f}`).join('')
    }
    case 'pipe': {
      const decl = n.decl.length ? `${n.decl.map((d) => d.ident.join('.')).join(', ')} ${n.isAssign ? '=' : ':='} ` : ''
      return decl + n.cmds.map((c) => argString(c)).join(' | ')
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${argString(a)})` : argString(a))).join(' ')
  }
}

export function nodeString(n: Node | ListNode): string {
  switch (n.type) {
    case 'list':
      return n.nodes.map(nodeString).join('')
    case 'text':
      return n.text
    case 'comment':
      return `{{${n.text}}}`
    case 'action':
      return `{{${argString(n.pipe)}}}`
    case 'if':
    case 'range':
    case 'with': {
      const els = n.elseList ? `{{else}}${nodeString(n.elseList)}` : ''
      return `{{${n.type} ${argString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`
    }
    case 'template':
      return n.pipe ? `{{template ${JSON.stringify(n.name)} ${argString(n.pipe)}}}` : `{{template ${JSON.stringify(n.name)}}}`
    case 'break':
      return '{{break}}'
    case 'continue':
      return '{{continue}}'
  }
}
