import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse, nodeString } from '../../src/template/parse.ts'
import { lex } from '../../src/template/lex.ts'
import { TemplateError } from '../../src/template/errors.ts'

const hasFunction = (f: string) => ['printf', 'len', 'index', 'eq', 'and', 'print', 'html'].includes(f)
const print = (src: string) => nodeString(parse('t', src, { delimiters: ['{{', '}}'], hasFunction }).get('t')!.root)

// Parse trees print back as Go's String() methods do (trim markers and comments are gone).
const roundTrips = [
  { src: 'a{{.X}}b', want: 'a{{.X}}b' },
  { src: '{{- .X -}}  ', want: '{{.X}}' },
  { src: '{{.X | printf "%q" | len}}', want: '{{.X | printf "%q" | len}}' },
  { src: '{{$x := .A.B}}{{$x}}', want: '{{$x := .A.B}}{{$x}}' },
  { src: '{{if .A}}a{{else if .B}}b{{else}}c{{end}}', want: '{{if .A}}a{{else}}{{if .B}}b{{else}}c{{end}}{{end}}' },
  { src: '{{range $i, $v := .L}}{{$i}}{{break}}{{end}}', want: '{{range $i, $v := .L}}{{$i}}{{break}}{{end}}' },
  { src: '{{with .X}}{{.}}{{end}}', want: '{{with .X}}{{.}}{{end}}' },
  { src: '{{/* c */}}x', want: 'x' },
  { src: '{{(index .M "k").F}}', want: '{{(index .M "k").F}}' },
  { src: '{{print 0x1p-2 1+2i 2i "\\x80" `a\\b`}}', want: '{{print 0x1p-2 1+2i 2i "\\x80" `a\\b`}}' },
  { src: '{{with $y := .A}}{{$y}}{{else}}n{{end}}', want: '{{with $y := .A}}{{$y}}{{else}}n{{end}}' },
  { src: '{{range $i, $v = .L}}{{continue}}{{end}}', want: '{{range $i, $v = .L}}{{continue}}{{end}}' },
  { src: '<<.X>> {{.Y}}', want: '<<.X>> {{.Y}}' },
  { src: "{{print 0x1F 'a' 1e3 `raw` nil true}}", want: "{{print 0x1F 'a' 1e3 `raw` nil true}}" },
  { src: '{{template "x" .}}{{define "x"}}X{{end}}', want: '{{template "x" .}}' },
]
for (const c of roundTrips) {
  test(`parse prints back: ${JSON.stringify(c.src)}`, () => {
    assert.equal(print(c.src), c.want)
    assert.equal(print(c.want), c.want, 'printing is a fixed point')
  })
}

const parseErrors = [
  { src: '{{.X', message: /template: t:1: unclosed action/ },
  { src: '{{end}}', message: /unexpected \{\{end\}\}/ },
  { src: '{{if .X}}', message: /unexpected EOF/ },
  { src: '{{nope 1}}', message: /function "nope" not defined/ },
  { src: '{{$y}}', message: /undefined variable "\$y"/ },
  { src: '{{break}}', message: /\{\{break\}\} outside \{\{range\}\}/ },
  { src: '{{1 | 2}}', message: /non executable command in pipeline stage 2/ },
  { src: '{{"unterminated}}', message: /unterminated quoted string/ },
  { src: '{{3x}}', message: /bad number syntax: "3x"/ },
  { src: '{{.X #}}', message: /unexpected "#" in operand/ },
  { src: '{{.X €}}', message: /unrecognized character in action: U\+20AC '€'/ },
]
for (const c of parseErrors) {
  test(`parse error: ${JSON.stringify(c.src)}`, () => {
    assert.throws(
      () => print(c.src),
      (e: unknown) => e instanceof TemplateError && e.phase === 'parse' && c.message.test(e.message),
    )
  })
}

test('custom delimiters and trim markers lex as Go does', () => {
  const items = lex('t', 'a  [[- .X -]]  b', '[[', ']]').map((i) => `${i.type}:${i.val}`)
  assert.deepEqual(items, ['text:a', 'leftDelim:[[', 'field:.X', 'rightDelim:]]', 'text:b', 'EOF:'])
})
