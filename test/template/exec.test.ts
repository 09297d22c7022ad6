import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate, renderTemplateBytes, TemplateError } from '../../src/template/index.ts'

const rows: { name: string; src: string; data: unknown; opts?: Parameters<typeof renderTemplate>[2]; want?: string; error?: RegExp }[] = [
  {
    name: 'JSON numbers are float64: %v is shortest, 1e6 gets an exponent',
    src: '{{.a}} {{.b}} {{.c}}',
    data: { a: 1000000, b: 0.1, c: 100000 },
    opts: { functions: 'builtin' },
    want: '1e+06 0.1 100000',
  },
  { name: 'template integers are int', src: '{{printf "%T %T %T" 1 1.0 .x}}', data: { x: 1 }, opts: { functions: 'builtin' }, want: 'int float64 float64' },
  { name: 'len counts bytes', src: '{{len "é"}} {{len .s}}', data: { s: 'héllo' }, opts: { functions: 'builtin' }, want: '2 6' },
  { name: 'maps range in key order', src: '{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', data: { b: 2, a: 1, B: 3 }, opts: { functions: 'builtin' }, want: 'B=3;a=1;b=2;' },
  { name: 'missing key: default prints <no value>', src: '{{.x}}', data: {}, opts: { functions: 'builtin' }, want: '<no value>' },
  {
    name: 'missing key: error (ESO) names the key, not values',
    src: '{{.x}}',
    data: { secret: 's3cr3t' },
    opts: { functions: 'eso' },
    error: /^template: t:1:2: executing "t" at <\.x>: map has no entry for key "x"$/,
  },
  { name: 'map[string]string: index of a missing key is empty', src: '[{{index . "nope"}}]', data: { a: 'b' }, opts: { stringMap: true, missingKey: 'error' }, want: '[]' },
  { name: 'comparing float64 data with an int literal is an error, as in Go', src: '{{lt .n 5}}', data: { n: 3 }, opts: { functions: 'builtin' }, error: /incompatible types for comparison/ },
  { name: 'and/or short-circuit', src: '{{or .a (index .none 1)}}', data: { a: 'x' }, opts: { functions: 'builtin' }, want: 'x' },
  {
    name: 'recursion past the depth limit is a clear error',
    src: '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}',
    data: {},
    opts: { functions: 'builtin', maxDepth: 50 },
    error: /exceeded maximum template depth \(50\)/,
  },
  {
    name: 'output over the cap is an error',
    src: '{{range .}}{{.}}{{end}}',
    data: ['aaaa', 'bbbb', 'cccc'],
    opts: { functions: 'builtin', maxOutputBytes: 10 },
    error: /output exceeds the limit of 10 bytes/,
  },
  { name: 'hex float literals are float64', src: '{{0x1p-2}} {{printf "%T" 0x1p-2}} {{printf "%T" 0x10}}', data: {}, opts: { functions: 'builtin' }, want: '0.25 float64 int' },
  { name: 'complex literals are complex128 and compare with eq', src: '{{1+2i}} {{eq 1+2i 1+3i}} {{2i}}', data: {}, opts: { functions: 'builtin' }, want: '(1+2i) false (0+2i)' },
  { name: 'string \\x escapes are bytes', src: '{{len "\\xff"}} {{printf "%x" "\\xc3\\xa9"}}', data: {}, opts: { functions: 'builtin' }, want: '1 c3a9' },
  {
    name: 'range over a non-iterable names its type, never its value',
    src: '{{range .n}}{{end}}',
    data: { n: 31337 },
    opts: { functions: 'builtin' },
    error: /^template: t:1:8: executing "t" at <\.n>: range can't iterate over a value of type float64$/,
  },
  {
    name: 'index out of range does not print the index (it may be data)',
    src: '{{index .l .i}}',
    data: { l: [1], i: 31337 },
    opts: { functions: 'builtin' },
    error: /error calling index: (index out of range|cannot index slice\/array with type float64)$/,
  },
  { name: 'undefined variables fail to parse', src: '{{$nope}}', data: {}, opts: { functions: 'builtin' }, error: /^template: t:1: undefined variable "\$nope"$/ },
  { name: 'unknown functions fail to parse, whatever the data', src: '{{nope .}}', data: {}, opts: { functions: 'eso' }, error: /^template: t:1: function "nope" not defined$/ },
  { name: 'unbalanced end', src: 'a{{end}}', data: {}, opts: { functions: 'builtin' }, error: /^template: t:1: unexpected \{\{end\}\}$/ },
  { name: 'unterminated if', src: '{{if .}}x', data: {}, opts: { functions: 'builtin' }, error: /^template: t:1: unexpected EOF$/ },
  { name: 'break outside range', src: '{{break}}', data: {}, opts: { functions: 'builtin' }, error: /\{\{break\}\} outside \{\{range\}\}/ },
  {
    name: 'too-deep parentheses are a parse error, not a stack overflow',
    src: '{{' + '('.repeat(20000) + '1' + ')'.repeat(20000) + '}}',
    data: {},
    opts: { functions: 'builtin' },
    error: /max expression depth exceeded/,
  },
  {
    name: 'too-deep control structures are a parse error, not a stack overflow',
    src: '{{if 1}}'.repeat(50000) + '{{end}}'.repeat(50000),
    data: {},
    opts: { functions: 'builtin' },
    error: /nested deeper than 300/,
  },
  { name: 'nesting up to the limit works', src: '{{if 1}}'.repeat(300) + 'x' + '{{end}}'.repeat(300), data: {}, opts: { functions: 'builtin' }, want: 'x' },
  {
    name: 'break and continue in nested ranges',
    src: '{{range .a}}{{range $.b}}{{if eq . 2.0}}{{continue}}{{end}}{{if eq . 3.0}}{{break}}{{end}}{{.}}{{end}};{{end}}',
    data: { a: [1, 2], b: [1, 2, 3, 4] },
    opts: { functions: 'builtin' },
    want: '1;1;',
  },
  { name: 'variables are scoped to their block', src: '{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{end}}{{$x}}', data: {}, opts: { functions: 'builtin' }, want: '2' },
  { name: 'the random source and clock are injectable (used by the functions families)', src: 'ok', data: {}, opts: { random: () => 0.5, now: () => new Date(0) }, want: 'ok' },
  { name: 'wrong argument count', src: '{{len 1 2}}', data: {}, opts: { functions: 'builtin' }, error: /wrong number of args for len: want 1 got 2/ },
]
for (const r of rows) {
  test(`exec: ${r.name}`, () => {
    if (r.error)
      assert.throws(
        () => renderTemplate(r.src, r.data, r.opts),
        (e: unknown) => e instanceof TemplateError && r.error!.test(e.message) && !e.message.includes('s3cr3t'),
      )
    else assert.equal(renderTemplate(r.src, r.data, r.opts), r.want)
  })
}

test('exec: string map values may be raw bytes, and the output keeps them', () => {
  const out = renderTemplateBytes('{{.bin}}|{{len .bin}}', new Map([['bin', new Uint8Array([0xff, 0x00, 0x41])]]), { stringMap: true })
  assert.deepEqual([...out], [0xff, 0x00, 0x41, 0x7c, 0x33])
})

test('exec: deep recursion without a depth limit set never overflows the JS stack', () => {
  assert.throws(() => renderTemplate('{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}', {}, { functions: 'builtin' }), /exceeded maximum template depth/)
})
