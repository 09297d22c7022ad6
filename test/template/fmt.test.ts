// Go's fmt as templates reach it (src/template/fmt.ts), through printf/print/println and printed
// action results. Every expectation is real Go's output (go-template-oracle, Go 1.19).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../src/template/index.ts'

const data = { f: 1.5, n: 3, s: 'héllo', l: [1, 'p', null], m: { b: 2, a: null }, z: null, big: 1e21, tiny: 1e-7 }

const rows: { name: string; src: string; want: string }[] = [
  { name: '%v of JSON numbers is shortest %g', src: '{{.f}} {{.n}} {{.big}} {{.tiny}} {{1e6}} {{100000.0}} {{0.1}}', want: '1.5 3 1e+21 1e-07 1e+06 100000 0.1' },
  { name: 'slices, maps and nil print as Go does', src: '{{.l}} {{.m}} {{.z}} {{printf "%v" .z}}', want: '[1 p <nil>] map[a:<nil> b:2] <no value> <nil>' },
  {
    name: '%+v drops the plus (plusV); %#v is Go syntax',
    src: '{{printf "%+v|%#v|%#v|%#v|%#v" 5 .l .m 1.0 "q"}}',
    want: '5|[]interface {}{1, "p", interface {}(nil)}|map[string]interface {}{"a":interface {}(nil), "b":2}|1|"q"',
  },
  { name: '%T names Go types', src: '{{printf "%T %T %T %T %T %T %T" 1 1.5 "s" .l .m nil (index "a" 0)}}', want: 'int float64 string []interface {} map[string]interface {} <nil> uint8' },
  {
    name: 'integers: verbs, flags, width and precision',
    src: '{{printf "%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%o|%#o|%O|%b|%#b|%.3d|%8.3d|%08.3d|%#08x" 42 42 42 -42 42 42 255 255 255 8 8 8 5 5 7 7 7 255}}',
    want: '42|   42|42   |-0042|+42| 42|ff|FF|0xff|10|010|0o10|101|0b101|007|     007|     007|0x000000ff',
  },
  { name: 'runes: %c %q %U', src: '{{printf "%c|%q|%U|%#U|%+q|%c" 65 233 233 233 233 -1}}', want: "A|'é'|U+00E9|U+00E9 'é'|'\\u00e9'|�" },
  {
    name: 'floats: e f g with precision round half to even',
    src: '{{printf "%e|%.2e|%E|%f|%.1f|%.0f|%F|%g|%.3g|%G|%.2v" 1234.5678 2.25 0.000123 2.5 0.25 2.5 1.0 1e21 2.25 1e-7 -2.25}}',
    want: '1.234568e+03|2.25e+00|1.230000E-04|2.500000|0.2|2|1.000000|1e+21|2.25|1E-07|-2.2',
  },
  { name: 'floats: sharp keeps zeros and the point', src: '{{printf "%#g|%#.3g|%#v|%#.0f|%#e|%#x" 1.5 1.0 0.0 3.0 1.0 1.0}}', want: '1.50000|1.00|0|3.|1.000000e+00|0x1.0000p+00' },
  { name: 'floats: hex and binary', src: '{{printf "%x|%X|%.3x|%b" 123456789.0 0.1 123456789.0 1.0}}', want: '0x1.d6f3454p+26|0X1.999999999999AP-04|0x1.d6fp+26|4503599627370496p-52' },
  { name: 'floats: signs and zero padding', src: '{{printf "%+.1f|% .1f|%08.2f|%-8.2f|%+08.2f|%8.2e" 1.5 1.5 -1.5 1.5 1.5 12345.678}}', want: '+1.5| 1.5|-0001.50|1.50    |+0001.50|1.23e+04' },
  {
    name: 'strings: %s %q %x with width and precision',
    src: '{{printf "%s|%.2s|%6s|%-6s|%06s|%q|%+q|%#q|%x|% x|%#X|%.1x" .s .s "ab" "ab" "ab" .s .s "a`b" "hé" "hé" "hé" "hé"}}',
    want: 'héllo|hé|    ab|ab    |0000ab|"héllo"|"h\\u00e9llo"|"a`b"|68c3a9|68 c3 a9|0X68C3A9|68',
  },
  { name: 'strings are bytes: %x of a \\x escape and %q of invalid UTF-8', src: '{{printf "%x|%q|%d" "\\xff\\x00" "a\\x80b" (len "\\xff")}}', want: 'ff00|"a\\x80b"|1' },
  {
    name: 'bad verbs, missing and extra operands',
    src: '{{printf "%d|%s|%t|%z" "x" 1.5 1 nil}}{{printf "%d %d" 1}}{{printf "%d" 1 2 "x"}}',
    want: '%!d(string=x)|%!s(float64=1.5)|%!t(int=1)|%!z(<nil>)1 %!d(MISSING)1%!(EXTRA int=2, string=x)',
  },
  { name: 'nil in a slice or map prints raw whatever the verb', src: '{{printf "%05d|%x" .l .m}}', want: '[%!d(float64=00001) %!d(string=0000p) <nil>]|map[61:<nil> 62:0x1p+01]' },
  {
    name: 'argument indexes and star width/precision',
    src: '{{printf "%[2]d %[1]d|%[3]*.[2]*[1]f|%[5]d|%*d|%.*d|%-*d|" 1 2 3 4 5 6 7 8 9 10 11 12}}{{printf "%[x]d %.*d" 1 -1 2}}',
    want: '2 1|%!f(int= 01)|5|     7|00000009|11        |%!d(BADINDEX) -1',
  },
  { name: 'complex constants', src: '{{1+2i}} {{printf "%.1f|%v|%T" 1.5-2i 2i (1+0i)}} {{eq 1+2i 1+2i}}', want: '(1+2i) (1.5-2.0i)|(0+2i)|complex128 true' },
  { name: 'print and println spacing', src: '{{print 1 2 "a" "b" 3 nil}}|{{println 1 "a" nil}}', want: '1 2ab3 <nil>|1 a <nil>\n' },
  {
    name: 'html, js and urlquery escape bytes',
    src: '{{html "<a href=\\"x\\">&\'"}}|{{js "\\"a\'<b>\\\\ é\\u2028"}}|{{urlquery "a b&c=é/"}}|{{html .z}}',
    want: '&lt;a href=&#34;x&#34;&gt;&amp;&#39;|\\"a\\\'\\u003Cb\\u003E\\\\ é\\u2028|a+b%26c%3D%C3%A9%2F|&lt;no value&gt;',
  },
  { name: 'no verb and a lone percent', src: '{{printf "100%%|%"}}{{printf "%-"}}', want: '100%|%!(NOVERB)%!(NOVERB)' },
]

for (const r of rows) {
  test(`fmt: ${r.name}`, () => {
    assert.equal(renderTemplate(r.src, data, { functions: 'builtin' }), r.want)
  })
}
