// The lexer (src/template/lex.ts) as Go's lex_test.go tables it: input → item types and values.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { lex } from '../../src/template/lex.ts'

const show = (src: string, delims: [string, string] = ['{{', '}}']) =>
  lex('t', src, delims[0], delims[1])
    .map((i) => (i.type === 'space' ? '_' : i.type === 'EOF' ? 'EOF' : `${i.type}:${i.val}`))
    .join(' ')

const rows: { name: string; src: string; delims?: [string, string]; want: string }[] = [
  { name: 'text only', src: 'hello', want: 'text:hello EOF' },
  { name: 'an action between text', src: 'a{{.X}}b', want: 'text:a leftDelim:{{ field:.X rightDelim:}} text:b EOF' },
  { name: 'pipeline with a string argument', src: '{{.X | printf "%q"}}', want: 'leftDelim:{{ field:.X _ pipe:| _ identifier:printf _ string:"%q" rightDelim:}} EOF' },
  { name: 'trim markers eat surrounding space, including newlines', src: 'a \n{{- .X -}}\n b', want: 'text:a leftDelim:{{ field:.X rightDelim:}} text:b EOF' },
  { name: 'a minus without a space is a number, not a trim marker', src: '{{-3}}', want: 'leftDelim:{{ number:-3 rightDelim:}} EOF' },
  { name: 'comments vanish, trimmed or not', src: 'a {{- /* c */ -}} b{{/* d */}}', want: 'text:a text:b EOF' },
  {
    name: 'declarations and assignments',
    src: '{{$x := 1}}{{$x = 2}}',
    want: 'leftDelim:{{ variable:$x _ declare::= _ number:1 rightDelim:}} leftDelim:{{ variable:$x _ assign:= _ number:2 rightDelim:}} EOF',
  },
  { name: 'range with two variables', src: '{{range $i, $v := .L}}', want: 'leftDelim:{{ range:range _ variable:$i char:, _ variable:$v _ declare::= _ field:.L rightDelim:}} EOF' },
  {
    name: 'keywords',
    src: '{{if}}{{else}}{{end}}{{with}}{{define}}{{template}}{{block}}{{break}}{{continue}}{{nil}}',
    want: 'leftDelim:{{ if:if rightDelim:}} leftDelim:{{ else:else rightDelim:}} leftDelim:{{ end:end rightDelim:}} leftDelim:{{ with:with rightDelim:}} leftDelim:{{ define:define rightDelim:}} leftDelim:{{ template:template rightDelim:}} leftDelim:{{ block:block rightDelim:}} leftDelim:{{ break:break rightDelim:}} leftDelim:{{ continue:continue rightDelim:}} leftDelim:{{ nil:nil rightDelim:}} EOF',
  },
  {
    name: 'numbers in every base, with underscores, exponents and imaginary parts',
    src: '{{0x1F 0o17 017 0b101 1_000 1e3 .5 0x1p-2 1+2i 2i}}',
    want: 'leftDelim:{{ number:0x1F _ number:0o17 _ number:017 _ number:0b101 _ number:1_000 _ number:1e3 _ number:.5 _ number:0x1p-2 _ complex:1+2i _ number:2i rightDelim:}} EOF',
  },
  { name: 'char constants and raw strings', src: "{{'a' '\\n' `r\\n`}}", want: "leftDelim:{{ charConstant:'a' _ charConstant:'\\n' _ rawString:`r\\n` rightDelim:}} EOF" },
  { name: 'parentheses and chained fields', src: '{{(.A).B $x.C}}', want: 'leftDelim:{{ leftParen:( field:.A rightParen:) field:.B _ variable:$x field:.C rightDelim:}} EOF' },
  { name: 'custom delimiters', src: 'a<<.X>>{{b}}', delims: ['<<', '>>'], want: 'text:a leftDelim:<< field:.X rightDelim:>> text:{{b}} EOF' },
  { name: 'custom delimiters with trim markers', src: 'a [[- .X -]] b', delims: ['[[', ']]'], want: 'text:a leftDelim:[[ field:.X rightDelim:]] text:b EOF' },
  { name: 'unterminated action', src: '{{.X', want: 'leftDelim:{{ field:.X error:unclosed action' },
  { name: 'unterminated string', src: '{{"abc}}', want: 'leftDelim:{{ error:unterminated quoted string' },
  { name: 'unterminated raw string', src: '{{`abc}}', want: 'leftDelim:{{ error:unterminated raw quoted string' },
  { name: 'unclosed comment', src: '{{/* x }}', want: 'error:unclosed comment' },
  { name: 'comment must end at the delimiter', src: '{{/* x */ .X}}', want: 'error:comment ends before closing delimiter' },
  { name: 'unbalanced parentheses', src: '{{(.X}}', want: 'leftDelim:{{ leftParen:( field:.X error:unclosed left paren' },
  { name: 'bad characters name their code point', src: '{{.X #}}', want: 'leftDelim:{{ field:.X _ char:# rightDelim:}} EOF' },
  { name: 'non-ASCII symbols in an action are an error', src: '{{€}}', want: "leftDelim:{{ error:unrecognized character in action: U+20AC '€'" },
  { name: 'bad number syntax', src: '{{3x}}', want: 'leftDelim:{{ error:bad number syntax: "3x"' },
]

for (const r of rows) test(`lex: ${r.name}`, () => assert.equal(show(r.src, r.delims), r.want))

test('lex: items carry line numbers across text, raw strings and trimmed space', () => {
  const items = lex('t', 'a\nb{{`x\ny`}}\n\n{{- .Z}}', '{{', '}}')
  assert.deepEqual(
    items.filter((i) => i.type === 'rawString' || i.type === 'field').map((i) => [i.val, i.line]),
    [
      ['`x\ny`', 2],
      ['.Z', 5],
    ],
  )
})
