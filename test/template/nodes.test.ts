// The parse tree nodes and their print-back (src/template/nodes.ts): every node type, built by
// hand (including shapes the parser only makes in some contexts), prints back as Go's String()
// methods print it (text/template/parse/node.go); then parsed templates print back as Go 1.19
// prints the same templates' Tree.Root.String() (rows recorded from Debian's Go 1.19).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { argString, nameText, nodeString, treeString } from '../../src/template/nodes.ts'
import type {
  ArgNode,
  BoolNode,
  ChainNode,
  CommandNode,
  DotNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  NilNode,
  Node,
  NumberNode,
  PipeNode,
  StringNode,
  Tree,
  VariableNode,
} from '../../src/template/nodes.ts'
import { parse } from '../../src/template/parse.ts'
import { BUILTINS } from '../../src/template/funcs/builtin.ts'
import { GoBytes } from '../../src/template/value.ts'

// ---- builders: positions do not take part in printing ----

const at = { pos: 0, line: 1 }
const field = (...ident: string[]): FieldNode => ({ type: 'field', ident, ...at })
const variable = (...ident: string[]): VariableNode => ({ type: 'variable', ident, ...at })
const dot: DotNode = { type: 'dot', ...at }
const nil: NilNode = { type: 'nil', ...at }
const bool = (value: boolean): BoolNode => ({ type: 'bool', value, ...at })
const int = (text: string, value: bigint): NumberNode => ({
  type: 'number',
  text,
  isRune: false,
  isInt: true,
  isUint: value >= 0n,
  isFloat: true,
  isComplex: false,
  int: value,
  float: Number(value),
  ...at,
})
const rune = (text: string, cp: number): NumberNode => ({ type: 'number', text, isRune: true, isInt: true, isUint: true, isFloat: true, isComplex: false, int: BigInt(cp), float: cp, ...at })
const str = (quoted: string, text: string): StringNode => ({ type: 'string', quoted, text, ...at })
const ident = (name: string): IdentifierNode => ({ type: 'identifier', ident: name, ...at })
const chain = (node: ArgNode, ...f: string[]): ChainNode => ({ type: 'chain', node, field: f, ...at })
const cmd = (...args: ArgNode[]): CommandNode => ({ type: 'command', args, ...at })
const pipe = (cmds: CommandNode[], decl: VariableNode[] = [], isAssign = false): PipeNode => ({ type: 'pipe', isAssign, decl, cmds, ...at })
const list = (...nodes: Node[]): ListNode => ({ type: 'list', nodes, ...at })
const text = (t: string): Node => ({ type: 'text', text: t, ...at })
const action = (p: PipeNode): Node => ({ type: 'action', pipe: p, ...at })

// ---- arguments, commands and pipelines (argString) ----

const args: { name: string; node: ArgNode | CommandNode; want: string }[] = [
  { name: 'a field is each identifier after a dot', node: field('A', 'B', 'C'), want: '.A.B.C' },
  { name: 'a variable joins its identifiers with dots', node: variable('$x', 'A', 'B'), want: '$x.A.B' },
  { name: 'the root variable', node: variable('$'), want: '$' },
  { name: 'a field of the root variable', node: variable('$', 'A'), want: '$.A' },
  { name: 'dot', node: dot, want: '.' },
  { name: 'nil', node: nil, want: 'nil' },
  { name: 'true', node: bool(true), want: 'true' },
  { name: 'false', node: bool(false), want: 'false' },
  { name: 'a number prints as written, not as its value', node: int('0x1F', 31n), want: '0x1F' },
  { name: 'a number keeps its underscores', node: int('1_000', 1000n), want: '1_000' },
  { name: 'a character constant prints as written', node: rune("'\\n'", 10), want: "'\\n'" },
  { name: 'a string prints its quoted form, escapes kept', node: str('"a\\tb\\x80"', 'a\tb'), want: '"a\\tb\\x80"' },
  { name: 'a raw string keeps its backquotes', node: str('`a\\b`', 'a\\b'), want: '`a\\b`' },
  { name: 'an identifier is its name', node: ident('printf'), want: 'printf' },
  { name: 'a chain on a pipeline parenthesizes it', node: chain(pipe([cmd(ident('index'), dot, str('"k"', 'k'))]), 'F', 'G'), want: '(index . "k").F.G' },
  { name: 'a chain on anything else appends its fields', node: chain(variable('$x'), 'A'), want: '$x.A' },
  { name: 'a chain on a string literal (never parsed, still printed)', node: chain(str('"s"', 's'), 'F'), want: '"s".F' },
  { name: 'a command separates its arguments by one space', node: cmd(ident('printf'), str('"%d-%s"', '%d-%s'), int('1', 1n), field('X')), want: 'printf "%d-%s" 1 .X' },
  {
    name: 'a pipeline argument of a command is parenthesized',
    node: cmd(ident('print'), pipe([cmd(ident('len'), field('A'))]), pipe([cmd(dot), cmd(ident('print'))])),
    want: 'print (len .A) (. | print)',
  },
  { name: 'a pipeline joins its commands with " | "', node: pipe([cmd(field('A')), cmd(ident('printf'), str('"%q"', '%q')), cmd(ident('len'))]), want: '.A | printf "%q" | len' },
  { name: 'a declaration', node: pipe([cmd(field('A'))], [variable('$x')]), want: '$x := .A' },
  { name: 'two declarations (range)', node: pipe([cmd(field('L'))], [variable('$i'), variable('$v')]), want: '$i, $v := .L' },
  // Go 1.19's PipeNode.String prints ":=" for an assignment too; the port prints what was written,
  // so that printing a parsed template back is a fixed point (see parse.test.ts).
  { name: 'an assignment keeps "="', node: pipe([cmd(int('2', 2n))], [variable('$x')], true), want: '$x = 2' },
  {
    name: 'a parenthesized pipeline inside a parenthesized pipeline',
    node: cmd(ident('print'), pipe([cmd(ident('print'), int('1', 1n), pipe([cmd(ident('print'), int('2', 2n))]))]), int('3', 3n)),
    want: 'print (print 1 (print 2)) 3',
  },
  { name: 'a chain of a chain of a pipeline', node: chain(chain(pipe([cmd(field('A'))]), 'B'), 'C'), want: '(.A).B.C' },
]
for (const c of args) test(`argString: ${c.name}`, () => assert.equal(argString(c.node), c.want))

// ---- template nodes (nodeString) ----

const ifNode = (p: PipeNode, l: ListNode, elseList?: ListNode): Node => ({ type: 'if', pipe: p, list: l, elseList, ...at })
const nodes: { name: string; node: Node | ListNode; want: string }[] = [
  { name: 'text prints verbatim, delimiters and all', node: text('a {{ b }}\n\t'), want: 'a {{ b }}\n\t' },
  { name: 'a comment prints inside delimiters', node: { type: 'comment', text: '/* c */', ...at }, want: '{{/* c */}}' },
  { name: 'an action prints its pipeline', node: action(pipe([cmd(field('X'))])), want: '{{.X}}' },
  { name: 'an action with a declaration', node: action(pipe([cmd(ident('len'), field('L'))], [variable('$n')])), want: '{{$n := len .L}}' },
  { name: 'if without else', node: ifNode(pipe([cmd(field('A'))]), list(text('yes'))), want: '{{if .A}}yes{{end}}' },
  { name: 'if with else', node: ifNode(pipe([cmd(field('A'))]), list(text('y')), list(text('n'))), want: '{{if .A}}y{{else}}n{{end}}' },
  { name: 'if with empty lists keeps an empty else', node: ifNode(pipe([cmd(dot)]), list(), list()), want: '{{if .}}{{else}}{{end}}' },
  {
    name: 'else if is an if inside the else list',
    node: ifNode(pipe([cmd(field('A'))]), list(text('a')), list(ifNode(pipe([cmd(field('B'))]), list(text('b'))))),
    want: '{{if .A}}a{{else}}{{if .B}}b{{end}}{{end}}',
  },
  {
    name: 'range with declarations, break, continue and else',
    node: {
      type: 'range',
      pipe: pipe([cmd(field('L'))], [variable('$i'), variable('$v')]),
      list: list({ type: 'break', ...at }, { type: 'continue', ...at }),
      elseList: list(text('none')),
      ...at,
    },
    want: '{{range $i, $v := .L}}{{break}}{{continue}}{{else}}none{{end}}',
  },
  { name: 'with', node: { type: 'with', pipe: pipe([cmd(field('X'))]), list: list(action(pipe([cmd(dot)]))), ...at }, want: '{{with .X}}{{.}}{{end}}' },
  { name: 'with and else', node: { type: 'with', pipe: pipe([cmd(field('X'))]), list: list(text('w')), elseList: list(text('e')), ...at }, want: '{{with .X}}w{{else}}e{{end}}' },
  { name: 'template without a pipeline', node: { type: 'template', name: 'x', ...at }, want: '{{template "x"}}' },
  { name: 'template with a pipeline', node: { type: 'template', name: 'x', pipe: pipe([cmd(field('A'))]), ...at }, want: '{{template "x" .A}}' },
  { name: 'a template name is quoted: quotes and tabs escaped, UTF-8 kept', node: { type: 'template', name: 'é\t"', ...at }, want: '{{template "é\\t\\""}}' },
  // strconv.Quote (rows from Go 1.19's TemplateNode.String()), not JSON's quoting
  { name: 'a control character in a name is \\xNN', node: { type: 'template', name: 'a\x01b', ...at }, want: '{{template "a\\x01b"}}' },
  { name: 'DEL in a name is \\x7f', node: { type: 'template', name: '\x7f', ...at }, want: '{{template "\\x7f"}}' },
  { name: 'U+2028 in a name is \\u2028', node: { type: 'template', name: '\u2028', ...at }, want: '{{template "\\u2028"}}' },
  { name: 'a no-break space in a name is \\u00a0', node: { type: 'template', name: '\u00a0', ...at }, want: '{{template "\\u00a0"}}' },
  { name: 'a name that is not UTF-8 prints its bytes as \\xNN', node: { type: 'template', name: new GoBytes(new Uint8Array([0x61, 0xff])), ...at }, want: '{{template "a\\xff"}}' },
  { name: 'break', node: { type: 'break', ...at }, want: '{{break}}' },
  { name: 'continue', node: { type: 'continue', ...at }, want: '{{continue}}' },
  { name: 'a list concatenates its nodes', node: list(text('a'), action(pipe([cmd(field('X'))])), text('b')), want: 'a{{.X}}b' },
  { name: 'an empty list prints nothing', node: list(), want: '' },
]
for (const c of nodes) test(`nodeString: ${c.name}`, () => assert.equal(nodeString(c.node), c.want))

test('treeString prints the root list of a tree', () => {
  const tree: Tree = { name: 't', text: 'ignored', parseName: 't', root: list(text('<'), action(pipe([cmd(field('X'))])), text('>')) }
  assert.equal(treeString(tree), '<{{.X}}>')
})

// ---- parsed templates print back as Go 1.19 prints them ----

// { src, want: Go's Tree.Root.String() of each template the source defines }.
const builtins = new Set(BUILTINS.map((b) => b.name))
const printed = (src: string): Record<string, string> => {
  const trees = parse('t', src, { delimiters: ['{{', '}}'], hasFunction: (f) => builtins.has(f) })
  return Object.fromEntries([...trees.values()].map((tree) => [nameText(tree.name), treeString(tree)]))
}
const fromGo: { src: string; want: Record<string, string> }[] = [
  { src: '{{template `raw\\n`}}', want: { t: '{{template "raw\\\\n"}}' } },
  { src: '{{template "é\\t\\""}}', want: { t: '{{template "é\\t\\""}}' } },
  { src: '{{template "\\xff" .}}{{block "\\u2028" .}}x{{end}}', want: { t: '{{template "\\xff" .}}{{template "\\u2028" .}}', '\u2028': 'x' } },
  { src: '{{range $i, $v := .}}{{end}}', want: { t: '{{range $i, $v := .}}{{end}}' } },
  { src: '{{with $x := .A | len}}{{$x}}{{end}}', want: { t: '{{with $x := .A | len}}{{$x}}{{end}}' } },
  { src: '{{(.A).B}}', want: { t: '{{(.A).B}}' } },
  { src: '{{(len .A).B.C}}', want: { t: '{{(len .A).B.C}}' } },
  { src: '{{$.A.B}}', want: { t: '{{$.A.B}}' } },
  { src: '{{$x := .}}{{$x.A.B}}', want: { t: '{{$x := .}}{{$x.A.B}}' } },
  { src: '{{print (print 1 (print 2)) 3}}', want: { t: '{{print (print 1 (print 2)) 3}}' } },
  { src: '{{. | print}}', want: { t: '{{. | print}}' } },
  { src: '{{nil}}', want: { t: '{{nil}}' } },
  { src: '{{print nil true false}}', want: { t: '{{print nil true false}}' } },
  { src: "{{print 'a' '\\n' 0x1F 1_000 -1.5e3 0i}}", want: { t: "{{print 'a' '\\n' 0x1F 1_000 -1.5e3 0i}}" } },
  { src: '{{print "a\\tb" `x`}}', want: { t: '{{print "a\\tb" `x`}}' } },
  { src: '{{block "b" .}}B{{.}}{{end}}after', want: { b: 'B{{.}}', t: '{{template "b" .}}after' } },
  { src: '{{define "d"}}D{{end}}x', want: { d: 'D', t: 'x' } },
  { src: '{{if .}}{{else}}{{end}}', want: { t: '{{if .}}{{else}}{{end}}' } },
  { src: '{{range .}}{{break}}{{continue}}{{end}}', want: { t: '{{range .}}{{break}}{{continue}}{{end}}' } },
  { src: '{{with .}}w{{else}}e{{end}}', want: { t: '{{with .}}w{{else}}e{{end}}' } },
  { src: '{{if .A}}a{{else if .B}}b{{end}}', want: { t: '{{if .A}}a{{else}}{{if .B}}b{{end}}{{end}}' } },
  { src: '{{range .}}{{else}}none{{end}}', want: { t: '{{range .}}{{else}}none{{end}}' } },
  { src: 'a\n{{- /* comment */ -}}\nb', want: { t: 'ab' } },
  { src: '{{.A.B | printf "%s" | len | print}}', want: { t: '{{.A.B | printf "%s" | len | print}}' } },
  { src: '{{(.A)}}', want: { t: '{{(.A)}}' } },
  { src: '{{print (.A)}}', want: { t: '{{print (.A)}}' } },
  { src: '{{(1)}}', want: { t: '{{(1)}}' } },
  { src: '{{print (1 | print)}}', want: { t: '{{print (1 | print)}}' } },
  { src: '{{$x := 1}}{{$y := 2}}{{print $x $y}}', want: { t: '{{$x := 1}}{{$y := 2}}{{print $x $y}}' } },
]
for (const c of fromGo) {
  test(`print-back of ${JSON.stringify(c.src)} is Go's`, () => {
    assert.deepEqual(printed(c.src), c.want)
    for (const [name, source] of Object.entries(c.want)) if (name === 't') assert.equal(printed(source).t, source, 'printing again is a fixed point')
  })
}
