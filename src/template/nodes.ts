// The parse tree of Go text/template (text/template/parse/node.go) and its printing back to template
// source, as Go's String() methods print it. No lexing, parsing or execution.

import { quote } from '../go/strconv.ts'
import type { NumberValue } from './number.ts'
import { bytesOf, type GoString } from './value.ts'

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

export interface Pos {
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
export interface NumberNode extends Pos, NumberValue {
  type: 'number'
  text: string // the literal as written
  isRune: boolean // a character constant ('a')
}
export interface StringNode extends Pos {
  type: 'string'
  quoted: string // the literal as written, quotes included
  text: GoString // its value: bytes, as \x escapes can make invalid UTF-8
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
  name: GoString // a Go string, as template names are: bytes, as \x escapes can make invalid UTF-8
  pipe?: PipeNode
}
export interface BreakNode extends Pos {
  type: 'break'
}
export interface ContinueNode extends Pos {
  type: 'continue'
}
export interface EndNode extends Pos {
  type: 'end'
}
export interface ElseNode extends Pos {
  type: 'else'
}

export interface Tree {
  name: GoString
  root: ListNode
  text: string
  /** The template the text was parsed as (Go's Tree.ParseName): error locations name it, also for trees it defines. */
  parseName: GoString
}

/** The trees by name, keyed by treeKey(name). */
export type TreeSet = Map<string, Tree>

/**
 * The TreeSet key of a template name: its bytes, one char per byte (src/go/byte-string.ts), so that
 * names stay as distinct as Go's string keys keep them, also where they are not UTF-8. An ASCII
 * name is its own key.
 */
export function treeKey(name: GoString): string {
  if (typeof name === 'string' && /^[\0-\x7f]*$/.test(name)) return name
  let key = ''
  for (const b of bytesOf(name)) key += String.fromCharCode(b)
  return key
}

/** A template name as Go's %q prints it (strconv.Quote: bytes that are not UTF-8 as \xNN). */
export const quoteName = (name: GoString): string => quote(bytesOf(name))

const lossy = new TextDecoder('utf-8', { ignoreBOM: true })
/** A template name as Go's %s prints it; bytes that are not UTF-8 show as U+FFFD in this JS text. */
export const nameText = (name: GoString): string => (typeof name === 'string' ? name : lossy.decode(name.bytes))

/** Go's Tree.String / ListNode.String: the template source the tree prints back to. */
export function treeString(tree: Tree): string {
  return nodeString(tree.root)
}

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
      // Go's TemplateNode.String quotes the name with strconv.Quote.
      return n.pipe ? `{{template ${quoteName(n.name)} ${argString(n.pipe)}}}` : `{{template ${quoteName(n.name)}}}`
    case 'break':
      return '{{break}}'
    case 'continue':
      return '{{continue}}'
  }
}
