import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate, renderTemplateBytes, TemplateError } from '../../src/template/index.ts'

const rows: { name: string; src: string; data: unknown; opts?: Parameters<typeof renderTemplate>[2]; want?: string; error?: RegExp }[] = [
  { name: 'JSON numbers are float64: %v is shortest, 1e6 gets an exponent', src: '{{.a}} {{.b}} {{.c}}', data: { a: 1000000, b: 0.1, c: 100000 }, opts: { functions: 'builtin' }, want: '1e+06 0.1 100000' },
  { name: 'template integers are int', src: '{{printf "%T %T %T" 1 1.0 .x}}', data: { x: 1 }, opts: { functions: 'builtin' }, want: 'int float64 float64' },
  { name: 'len counts bytes', src: '{{len "é"}} {{len .s}}', data: { s: 'héllo' }, opts: { functions: 'builtin' }, want: '2 6' },
  { name: 'maps range in key order', src: '{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', data: { b: 2, a: 1, B: 3 }, opts: { functions: 'builtin' }, want: 'B=3;a=1;b=2;' },
  { name: 'missing key: default prints <no value>', src: '{{.x}}', data: {}, opts: { functions: 'builtin' }, want: '<no value>' },
  { name: 'missing key: error (ESO) names the key, not values', src: '{{.x}}', data: { secret: 's3cr3t' }, opts: { functions: 'eso' }, error: /^template: t:1:2: executing "t" at <\.x>: map has no entry for key "x"$/ },
  { name: 'map[string]string: index of a missing key is empty', src: '[{{index . "nope"}}]', data: { a: 'b' }, opts: { stringMap: true, missingKey: 'error' }, want: '[]' },
  { name: 'comparing float64 data with an int literal is an error, as in Go', src: '{{lt .n 5}}', data: { n: 3 }, opts: { functions: 'builtin' }, error: /incompatible types for comparison/ },
  { name: 'and/or short-circuit', src: '{{or .a (index .none 1)}}', data: { a: 'x' }, opts: { functions: 'builtin' }, want: 'x' },
  { name: 'recursion past the depth limit is a clear error', src: '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}', data: {}, opts: { functions: 'builtin', maxDepth: 50 }, error: /exceeded maximum template depth \(50\)/ },
  { name: 'output over the cap is an error', src: '{{range .}}{{.}}{{end}}', data: ['aaaa', 'bbbb', 'cccc'], opts: { functions: 'builtin', maxOutputBytes: 10 }, error: /output exceeds the limit of 10 bytes/ },
  { name: 'wrong argument count', src: '{{len 1 2}}', data: {}, opts: { functions: 'builtin' }, error: /wrong number of args for len: want 1 got 2/ },
]
for (const r of rows) {
  test(`exec: ${r.name}`, () => {
    if (r.error) assert.throws(() => renderTemplate(r.src, r.data, r.opts), (e: unknown) => e instanceof TemplateError && r.error!.test(e.message) && !e.message.includes('s3cr3t'))
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
