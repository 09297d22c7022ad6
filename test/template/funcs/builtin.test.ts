// Go's builtin template functions (src/template/funcs/builtin.ts) through the public API with
// functions: 'builtin'. Expected outputs and error messages are Go's: each row was run through the
// project's Go oracle (test/support/go-oracle/, Debian's Go 1.19) and its answer recorded here.
// Where this port words an error differently on purpose (Go quotes an index or a value that may
// be data), the row says so and holds Go's text in a comment.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate, renderTemplateBytes, TemplateError } from '../../../src/template/index.ts'
import { BUILTINS } from '../../../src/template/funcs/builtin.ts'

interface Case {
  name: string
  template: string
  data?: unknown
  want?: string
  /** The whole message, or a pattern where Go's text is not the contract. */
  error?: string | RegExp
}

const render = (template: string, data: unknown) => renderTemplate(template, data ?? null, { functions: 'builtin' })
const at = (action: string, message: string, col = 2) => `template: t:1:${col}: executing "t" at <${action}>: ${message}`

const cases: Case[] = [
  // and, or: the first value that decides, else the last; they stop evaluating there
  { name: 'and gives the first false argument or the last', template: '{{and 1 0 2}}|{{and 1 2}}|{{and 0}}|{{and "" 1}}', want: '0|2|0|' },
  { name: 'or gives the first true argument or the last', template: '{{or 0 "" "x"}}|{{or 0 ""}}|{{or 1}}|{{or .missing "d"}}', data: {}, want: 'x||1|d' },
  { name: 'and/or return values, not booleans', template: '{{and .l .m}}|{{or .l .m}}', data: { l: [], m: { a: 1 } }, want: '[]|map[a:1]' },
  { name: 'and/or with nil data', template: '{{and 1 .z}}|{{or .z 0}}', data: { z: null }, want: '<no value>|0' },
  { name: 'and/or take a piped final argument', template: '{{1 | and 2}}|{{0 | or 0}}|{{"" | and 1}}', want: '1|0|' },
  { name: 'and/or short-circuit: the failing call is never made', template: '{{and 0 (index .l 5)}}|{{or 1 (index .l 5)}}', data: { l: [] }, want: '0|1' },
  { name: 'and with no arguments', template: '{{and}}', error: at('and', 'wrong number of args for and: want at least 1 got 0') },
  { name: 'or with no arguments', template: '{{or}}', error: at('or', 'wrong number of args for or: want at least 1 got 0') },
  // not
  {
    name: "not is Go's truth: zero values, empty and nil are false",
    template: '{{not 0}}|{{not ""}}|{{not .l}}|{{not .m}}|{{not 1}}|{{not "a"}}|{{not .z}}|{{not .missing}}|{{not nil}}',
    data: { l: [], m: {}, z: null },
    want: 'true|true|true|true|false|false|true|true|true',
  },
  { name: 'not of zero floats, complex and false', template: '{{not 0.0}}|{{not 0i}}|{{not false}}|{{not .f}}', data: { f: 0 }, want: 'true|true|true|true' },
  { name: 'not takes one argument', template: '{{not 1 2}}', error: at('not', 'wrong number of args for not: want 1 got 2') },
  { name: 'not takes one argument, not none', template: '{{not}}', error: at('not', 'wrong number of args for not: want 1 got 0') },
  // len
  { name: 'len of strings (bytes), slices and maps', template: '{{len "héllo"}}|{{len .l}}|{{len .m}}|{{len ""}}|{{len .s}}', data: { l: [1, 2, 3], m: { a: 1, b: 2 }, s: '😀' }, want: '6|3|2|0|4' },
  { name: 'len of an int', template: '{{len 3}}', error: at('len 3', 'error calling len: len of type int') },
  { name: 'len of a float', template: '{{len 3.5}}', error: at('len 3.5', 'error calling len: len of type float64') },
  { name: 'len of a bool', template: '{{len true}}', error: at('len true', 'error calling len: len of type bool') },
  { name: 'len of a JSON number', template: '{{len .n}}', data: { n: 1 }, error: at('len .n', 'error calling len: len of type float64') },
  { name: 'len of a nil in the data', template: '{{len .z}}', data: { z: null }, error: at('len .z', 'error calling len: len of nil pointer') },
  // Go fails here with reflect's panic text ("reflect: call of reflect.Value.Type on zero Value").
  { name: 'len of the nil literal fails', template: '{{len nil}}', error: /^template: t:1:2: executing "t" at <len nil>: error calling len: / },
  { name: 'len of a missing key fails', template: '{{len .missing}}', data: {}, error: /^template: t:1:2: executing "t" at <len \.missing>: error calling len: / },
  // index
  {
    name: 'index of slices, maps, strings (a byte), nested, and with no index',
    template: '{{index .l 1}}|{{index .m "k"}}|{{index .m "nope"}}|{{index "abc" 1}}|{{index .l}}|{{index .n 0 "k"}}|{{index .m2 "a" "b"}}|{{index .s 0 0}}',
    data: { l: [10, 20], m: { k: 'v' }, n: [{ k: 'deep' }], m2: { a: { b: 'c' } }, s: ['ab'] },
    want: '20|v|<no value>|98|[10 20]|deep|c|97',
  },
  { name: 'index of a string is a uint8; a missing map key is nil', template: '{{printf "%T" (index "abc" 0)}}|{{printf "%T" (index .m "nope")}}', data: { m: {} }, want: 'uint8|<nil>' },
  { name: 'a map key is its bytes: a leading U+FEFF is part of it', template: '{{index .m "\\ufeffa"}}|{{index .n "\\ufeffa"}}', data: { m: { a: 1 }, n: { '\ufeffa': 2 } }, want: '<no value>|2' },
  { name: 'a map key that is not UTF-8 finds no key (not even U+FFFD)', template: '{{index .m "\\xff"}}', data: { m: { '\ufffd': 1 } }, want: '<no value>' },
  { name: 'index just past a slice', template: '{{index .l 2}}', data: { l: [10, 20] }, error: at('index .l 2', 'error calling index: reflect: slice index out of range') },
  { name: 'index just past a string', template: '{{index "abc" 3}}', error: at('index "abc" 3', 'error calling index: reflect: string index out of range') },
  // Go: "index out of range: -1"; the index may come from data, so this port leaves it out.
  { name: 'a negative index (the index is not quoted)', template: '{{index .l -1}}', data: { l: [10, 20] }, error: at('index .l -1', 'error calling index: index out of range') },
  // Go: "index out of range: 97".
  { name: 'an index far past the end (the index is not quoted)', template: '{{index "abc" \'a\'}}', error: at('index "abc" \'a\'', 'error calling index: index out of range') },
  { name: 'a string index into a slice', template: '{{index .l "a"}}', data: { l: [10, 20] }, error: at('index .l "a"', 'error calling index: cannot index slice/array with type string') },
  { name: 'a float literal index', template: '{{index .l 1.0}}', data: { l: [10, 20] }, error: at('index .l 1.0', 'error calling index: cannot index slice/array with type float64') },
  { name: 'a JSON number index is a float64', template: '{{index .l .i}}', data: { l: [10, 20], i: 1 }, error: at('index .l .i', 'error calling index: cannot index slice/array with type float64') },
  { name: 'a nil index into a slice', template: '{{index .l nil}}', data: { l: [10, 20] }, error: at('index .l nil', 'error calling index: cannot index slice/array with nil') },
  { name: 'index of the nil literal', template: '{{index nil 1}}', error: at('index nil 1', 'error calling index: index of untyped nil') },
  { name: 'index of a nil in the data', template: '{{index .z 0}}', data: { z: null }, error: at('index .z 0', 'error calling index: index of untyped nil') },
  { name: 'index of a missing key', template: '{{index .missing 0}}', data: {}, error: at('index .missing 0', 'error calling index: index of untyped nil') },
  { name: 'an int key into a map', template: '{{index .m 1}}', data: { m: {} }, error: at('index .m 1', 'error calling index: value has type int; should be string') },
  { name: 'a nil key into a map', template: '{{index .m nil}}', data: { m: {} }, error: at('index .m nil', 'error calling index: value is nil; should be of type string') },
  { name: 'index of an int', template: '{{index 1 0}}', error: at('index 1 0', "error calling index: can't index item of type int") },
  { name: 'index of a bool', template: '{{index true 0}}', error: at('index true 0', "error calling index: can't index item of type bool") },
  { name: 'index through a missing key', template: '{{index .m "x" "b"}}', data: { m: { a: { b: 'c' } } }, error: at('index .m "x" "b"', 'error calling index: index of nil pointer') },
  { name: 'index through a nil value', template: '{{index .m "z" 0}}', data: { m: { z: null } }, error: at('index .m "z" 0', 'error calling index: index of nil pointer') },
  // slice
  {
    name: 'slice of strings and slices, with 0 to 3 indexes',
    template: '{{slice "abcdef" 1 3}}|{{slice "abc"}}|{{slice .l 1}}|{{slice .l 1 2}}|{{slice .l 0 1 2}}|{{slice "abc" 3}}|{{slice "abc" 0 0}}',
    data: { l: [1, 2, 3] },
    want: 'bc|abc|[2 3]|[2]|[1]||',
  },
  { name: 'slice of a string cuts bytes', template: '{{slice "héllo" 1 2 | printf "%q"}}', want: '"\\xc3"' },
  { name: 'slice of a slice is a slice', template: '{{printf "%T" (slice .l 1)}}', data: { l: [1, 2, 3] }, want: '[]interface {}' },
  { name: 'a string takes no third index', template: '{{slice "abc" 1 2 3}}', error: at('slice "abc" 1 2 3', 'error calling slice: cannot 3-index slice a string') },
  { name: 'four indexes', template: '{{slice .l 1 2 3 4}}', data: { l: [1, 2, 3] }, error: at('slice .l 1 2 3 4', 'error calling slice: too many slice indexes: 4') },
  // Go: "invalid slice index: 2 > 1" (the indexes may come from data).
  { name: 'low above high (the indexes are not quoted)', template: '{{slice "abc" 2 1}}', error: at('slice "abc" 2 1', 'error calling slice: invalid slice index: low > high') },
  // Go: "invalid slice index: 2 > 1".
  { name: 'high above max (the indexes are not quoted)', template: '{{slice .l 0 2 1}}', data: { l: [1, 2, 3] }, error: at('slice .l 0 2 1', 'error calling slice: invalid slice index: high > max') },
  // Go: "index out of range: 9".
  { name: 'an index past the capacity', template: '{{slice .l 0 9}}', data: { l: [1, 2, 3] }, error: at('slice .l 0 9', 'error calling slice: index out of range') },
  // Go: "index out of range: -1".
  { name: 'a negative slice index', template: '{{slice "abc" -1}}', error: at('slice "abc" -1', 'error calling slice: index out of range') },
  { name: 'a string slice index', template: '{{slice "abc" "1"}}', error: at('slice "abc" "1"', 'error calling slice: cannot index slice/array with type string') },
  { name: 'slice of an int', template: '{{slice 1 0}}', error: at('slice 1 0', "error calling slice: can't slice item of type int") },
  { name: 'slice of a map', template: '{{slice .m}}', data: { m: {} }, error: at('slice .m', "error calling slice: can't slice item of type map[string]interface {}") },
  { name: 'slice of the nil literal', template: '{{slice nil}}', error: at('slice nil', 'error calling slice: slice of untyped nil') },
  { name: 'slice of a nil in the data', template: '{{slice .z}}', data: { z: null }, error: at('slice .z', 'error calling slice: slice of untyped nil') },
  // print, printf, println: fmt's Sprint (spaces only between non-string operands), Sprintf, Sprintln
  {
    name: 'print puts spaces between operands when neither is a string',
    template: '{{print 1 2}}|{{print "a" "b"}}|{{print "a" 1 "b"}}|{{print 1 2 "c" 3 4}}|{{print}}|{{print nil}}|{{print .missing}}|{{print .z}}',
    data: { z: null },
    want: '1 2|ab|a1b|1 2c3 4||<nil>|<nil>|<nil>',
  },
  { name: 'print of literals', template: "{{print 1.5 2.0 1e6 1e21 true false 'a' 1+2i}}", want: '1.5 2 1e+06 1e+21 true false 97 (1+2i)' },
  {
    name: 'print of JSON data: maps sorted by key',
    template: '{{print .l .m .f .s}}',
    data: { l: [1, 'a', null, true], m: { b: 2, a: [1] }, f: 0.1, s: 'x' },
    want: '[1 a <nil> true] map[a:[1] b:2] 0.1x',
  },
  { name: 'println always spaces and ends the line', template: '[{{println 1 "a"}}]|[{{println}}]|[{{println "a" "b"}}]|[{{println nil .missing}}]', want: '[1 a\n]|[\n]|[a b\n]|[<nil> <nil>\n]' },
  {
    name: 'printf verbs',
    template: '{{printf "%d|%5.2f|%q|%v|%x|%X|%o|%b|%e|%g|%s|%t|%c|%U" 3 3.14159 "q" .l "hi" 255 8 5 1234.5678 0.000001 "s" true \'é\' \'é\'}}',
    data: { l: [1, 2] },
    want: '3| 3.14|"q"|[1 2]|6869|FF|10|101|1.234568e+03|1e-06|s|true|é|U+00E9',
  },
  {
    name: "printf's bad verbs, missing and extra operands",
    template: '{{printf "%s" nil}}|{{printf "%d"}}|{{printf "%d" 1 2}}|{{printf "%!"}}|{{printf "%z" 1}}|{{printf "%d" "s"}}',
    want: '%!s(<nil>)|%!d(MISSING)|1%!(EXTRA int=2)|%!!(MISSING)|%!z(int=1)|%!d(string=s)',
  },
  {
    name: 'printf of a map: %v %+v %#v %T',
    template: '{{printf "%v %+v %#v %T" .m .m .m .m}}',
    data: { m: { a: 1 } },
    want: 'map[a:1] map[a:1] map[string]interface {}{"a":1} map[string]interface {}',
  },
  {
    name: 'printf argument indexes, star widths, flags',
    template: '{{printf "%[2]d %[1]d" 1 2}}|{{printf "%*d" 5 1}}|{{printf "%-5d|" 1}}|{{printf "%05d" -1}}|{{printf "%x" "\\xff"}}',
    want: '2 1|    1|1    ||-0001|ff',
  },
  { name: 'the format may come from data', template: '{{printf .s}}', data: { s: '%d' }, want: '%!d(MISSING)' },
  { name: 'printf needs a format', template: '{{printf}}', error: at('printf', 'wrong number of args for printf: want at least 1 got 0') },
  { name: 'the format must be a string literal', template: '{{printf 1}}', error: at('1', 'expected string; found 1', 9) },
  { name: 'the format must be a string value', template: '{{printf .n}}', data: { n: 1 }, error: at('.n', 'wrong type for value; expected string; got float64', 9) },
  // html, js, urlquery: one string as is, else fmt.Sprint of the arguments, nil as <no value>
  {
    name: 'html escapes the five characters and NUL',
    template: '{{html "<a href=\'x\'>&\\"</a>"}}|{{html 1 "<"}}|{{html .missing}}|{{html nil}}|{{html}}|{{html 1 2}}|{{html "\\x00"}}|{{html "é"}}|{{html .l}}|{{html "<" ">"}}',
    data: { l: ['<'] },
    want: '&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;|1&lt;|&lt;no value&gt;|&lt;no value&gt;||1 2|\uFFFD|é|[&lt;]|&lt;&gt;',
  },
  {
    name: 'js escapes quotes, backslash, <>&= and control characters',
    template: '{{js "a\'b\\"c<>&=\\\\"}}|{{js "\\t\\n\\r\\u0001\\u007f"}}|{{js "é😀"}}|{{js "\\u2028"}}|{{js "\\u200b"}}|{{js 1 2}}|{{js .missing}}|{{js nil}}|{{js "<" 1}}',
    want: 'a\\\'b\\"c\\u003C\\u003E\\u0026\\u003D\\\\|\\u0009\\u000A\\u000D\\u0001\u007f|é😀|\\u2028|\\u200B|1 2|\\u003Cno value\\u003E|\\u003Cno value\\u003E|\\u003C1',
  },
  { name: 'js escapes runes that are not printable', template: '{{js "\\U000e0001"}}|{{js "\\u0300"}}|{{js "\\u0085"}}|{{js "\\u00ad"}}', want: '\\uE0001|\u0300|\\u0085|\\u00AD' },
  {
    name: 'js escapes spaces other than the ASCII one (unicode.IsPrint rejects them)',
    template: '{{js "a\\u00a0b"}}|{{js "\\u2003"}}|{{js "\\u3000"}}|{{js "\\u1680"}}|{{js "\\u202f"}}',
    want: 'a\\u00A0b|\\u2003|\\u3000|\\u1680|\\u202F',
  },
  { name: 'js escapes U+FEFF, leading or not', template: '{{js "\\ufeffx"}}|{{js "x\\ufeff"}}', want: '\\uFEFFx|x\\uFEFF' },
  {
    name: 'urlquery is QueryEscape of the text',
    template: '{{urlquery "a b&c=d/é?#+%"}}|{{urlquery "~-_."}}|{{urlquery 1 2}}|{{urlquery .missing}}|{{urlquery nil}}|{{urlquery}}|{{urlquery "\\xff\\x00"}}|{{urlquery .l}}|{{urlquery "a" "b"}}',
    data: { l: [1, 'a'] },
    want: 'a+b%26c%3Dd%2F%C3%A9%3F%23%2B%25|~-_.|1+2|%3Cno+value%3E|%3Cno+value%3E||%FF%00|%5B1+a%5D|ab',
  },
  // eq, ne: basic kinds compare by value (ints of any sign), nil only with nil
  {
    name: 'eq compares basic values, and any of several',
    template: '{{eq 1 1}}|{{eq 1 2}}|{{eq 1 2 3 1}}|{{eq "a" "a"}}|{{eq true true}}|{{eq 1.5 1.5}}|{{eq 1+2i 1+2i}}|{{eq \'a\' 97}}|{{eq .n 3.0}}|{{eq .s "x"}}|{{eq .b true}}',
    data: { n: 3, s: 'x', b: true },
    want: 'true|false|true|true|true|true|true|true|true|true|true',
  },
  { name: 'eq stops at the first match', template: '{{eq 1 1 "a"}}', want: 'true' },
  { name: 'eq compares a uint8 with an int', template: '{{eq (index "a" 0) 97}}|{{eq (index "a" 0) \'a\'}}', want: 'true|true' },
  { name: 'eq compares string bytes, not normalised text', template: '{{eq "\\xff" "\\xff"}}|{{eq "é" "e\\u0301"}}', want: 'true|false' },
  { name: 'eq of nil and nil', template: '{{eq nil nil}}', want: 'true' },
  {
    name: 'eq with nil: nil data, missing keys and the nil literal are equal; maps and slices are not nil',
    template: '{{eq .z nil}}|{{eq .missing nil}}|{{eq .z .missing}}|{{eq .m nil}}|{{eq nil .l}}|{{eq .z 1}}|{{eq 1 .missing}}',
    data: { z: null, m: {}, l: [] },
    want: 'true|true|true|false|false|false|false',
  },
  { name: 'eq of an int and a string', template: '{{eq 1 "a"}}', error: at('eq 1 "a"', 'error calling eq: incompatible types for comparison') },
  { name: 'eq of a JSON number (float64) and an int literal', template: '{{eq .n 3}}', data: { n: 3 }, error: at('eq .n 3', 'error calling eq: incompatible types for comparison') },
  { name: 'eq of an int and a float literal', template: '{{eq 1 1.0}}', error: at('eq 1 1.0', 'error calling eq: incompatible types for comparison') },
  { name: 'eq fails on the first incompatible candidate it reaches', template: '{{eq 1 2 "a"}}', error: at('eq 1 2 "a"', 'error calling eq: incompatible types for comparison') },
  { name: 'eq of a slice and an int', template: '{{eq .l 1}}', data: { l: [] }, error: at('eq .l 1', 'error calling eq: incompatible types for comparison') },
  { name: 'eq of a map and a string', template: '{{eq .m "a"}}', data: { m: {} }, error: at('eq .m "a"', 'error calling eq: incompatible types for comparison') },
  { name: 'eq of a string and a map', template: '{{eq "a" .m}}', data: { m: {} }, error: at('eq "a" .m', 'error calling eq: incompatible types for comparison') },
  { name: 'eq needs two arguments', template: '{{eq 1}}', error: at('eq 1', 'error calling eq: missing argument for comparison') },
  { name: 'eq needs arguments', template: '{{eq}}', error: at('eq', 'wrong number of args for eq: want at least 1 got 0') },
  // Go: "non-comparable type []: []interface {}" (it prints the values, which are data).
  { name: 'eq of two slices (values are not printed)', template: '{{eq .l .l}}', data: { l: [] }, error: at('eq .l .l', 'error calling eq: non-comparable types') },
  // Go: "non-comparable type map[]: map[string]interface {}".
  { name: 'eq of two maps (values are not printed)', template: '{{eq .m .m}}', data: { m: {} }, error: at('eq .m .m', 'error calling eq: non-comparable types') },
  { name: 'ne', template: '{{ne 1 2}}|{{ne 1 1}}|{{ne "a" "b"}}|{{ne .z nil}}|{{ne nil .l}}', data: { z: null, l: [] }, want: 'true|false|true|false|true' },
  { name: 'ne of a string and an int', template: '{{ne "a" 1}}', error: at('ne "a" 1', 'error calling ne: incompatible types for comparison') },
  { name: 'ne takes exactly two arguments', template: '{{ne 1 2 3}}', error: at('ne', 'wrong number of args for ne: want 2 got 3') },
  { name: 'ne of two slices', template: '{{ne .l .l}}', data: { l: [] }, error: at('ne .l .l', 'error calling ne: non-comparable types') },
  // lt, le, gt, ge: ints, floats and strings (bytewise); bools and complex numbers are not ordered
  {
    name: 'lt orders ints, floats and strings by bytes',
    template: '{{lt 1 2}}|{{lt 2 1}}|{{lt "a" "b"}}|{{lt "b" "a"}}|{{lt 1.5 2.5}}|{{lt -1 0}}|{{lt "" "a"}}|{{lt "Z" "a"}}|{{lt "é" "z"}}|{{lt .n 1.0}}|{{lt \'a\' 98}}',
    data: { n: 0.5 },
    want: 'true|false|true|false|true|true|true|true|false|true|true',
  },
  {
    name: 'le, gt, ge',
    template: '{{le 2 2}}|{{le 3 2}}|{{le 1 2}}|{{le "a" "a"}}|{{gt 3 2}}|{{gt 2 2}}|{{gt "b" "a"}}|{{ge 2 2}}|{{ge 1 2}}|{{ge "b" "a"}}|{{ge 2.5 2.5}}',
    want: 'true|false|true|true|true|false|true|true|false|true|true',
  },
  { name: 'lt of bools', template: '{{lt true false}}', error: at('lt true false', 'error calling lt: invalid type for comparison') },
  { name: 'lt of complex numbers', template: '{{lt 1i 2i}}', error: at('lt 1i 2i', 'error calling lt: invalid type for comparison') },
  { name: 'lt of an int and a string', template: '{{lt 1 "a"}}', error: at('lt 1 "a"', 'error calling lt: incompatible types for comparison') },
  { name: 'lt of an int and a float', template: '{{lt 1 1.5}}', error: at('lt 1 1.5', 'error calling lt: incompatible types for comparison') },
  { name: 'lt of a bool and an int', template: '{{lt true 1}}', error: at('lt true 1', 'error calling lt: incompatible types for comparison') },
  { name: 'lt of an int and a bool', template: '{{lt 1 true}}', error: at('lt 1 true', 'error calling lt: incompatible types for comparison') },
  { name: 'lt of a complex number and an int', template: '{{lt 1i 1}}', error: at('lt 1i 1', 'error calling lt: incompatible types for comparison') },
  { name: 'lt of an int and a complex number', template: '{{lt 1 1i}}', error: at('lt 1 1i', 'error calling lt: incompatible types for comparison') },
  { name: 'lt of a complex number and a string', template: '{{lt 1i "a"}}', error: at('lt 1i "a"', 'error calling lt: incompatible types for comparison') },
  { name: 'ge of a float and a complex number', template: '{{ge 1.5 1i}}', error: at('ge 1.5 1i', 'error calling ge: incompatible types for comparison') },
  { name: 'lt of slices', template: '{{lt .l .l}}', data: { l: [] }, error: at('lt .l .l', 'error calling lt: invalid type for comparison') },
  { name: 'lt of a slice and an int', template: '{{lt .l 1}}', data: { l: [] }, error: at('lt .l 1', 'error calling lt: invalid type for comparison') },
  { name: 'lt of an int and a slice', template: '{{lt 1 .l}}', data: { l: [] }, error: at('lt 1 .l', 'error calling lt: invalid type for comparison') },
  { name: 'lt of the nil literal', template: '{{lt nil 1}}', error: at('lt nil 1', 'error calling lt: invalid type for comparison') },
  { name: 'lt of a nil in the data', template: '{{lt .z 1}}', data: { z: null }, error: at('lt .z 1', 'error calling lt: invalid type for comparison') },
  { name: 'lt of a missing key', template: '{{lt .missing 1}}', data: {}, error: at('lt .missing 1', 'error calling lt: invalid type for comparison') },
  { name: 'lt takes two arguments, not one', template: '{{lt 1}}', error: at('lt', 'wrong number of args for lt: want 2 got 1') },
  { name: 'lt takes two arguments, not three', template: '{{lt 1 2 3}}', error: at('lt', 'wrong number of args for lt: want 2 got 3') },
  { name: 'le of an int and a string', template: '{{le 1 "a"}}', error: at('le 1 "a"', 'error calling le: incompatible types for comparison') },
  { name: 'gt of an int and a string', template: '{{gt 1 "a"}}', error: at('gt 1 "a"', 'error calling gt: incompatible types for comparison') },
  { name: 'ge of an int and a string', template: '{{ge 1 "a"}}', error: at('ge 1 "a"', 'error calling ge: incompatible types for comparison') },
  { name: 'le of bools', template: '{{le true true}}', error: at('le true true', 'error calling le: invalid type for comparison') },
  { name: 'gt of bools', template: '{{gt true true}}', error: at('gt true true', 'error calling gt: invalid type for comparison') },
  { name: 'ge of bools', template: '{{ge true true}}', error: at('ge true true', 'error calling ge: invalid type for comparison') },
  { name: 'le of complex numbers', template: '{{le 1i 1i}}', error: at('le 1i 1i', 'error calling le: invalid type for comparison') },
  { name: 'le of slices', template: '{{le .l .l}}', data: { l: [] }, error: at('le .l .l', 'error calling le: invalid type for comparison') },
  { name: 'gt of a nil in the data', template: '{{gt .z 1}}', data: { z: null }, error: at('gt .z 1', 'error calling gt: invalid type for comparison') },
  // call: JSON data holds no functions, so every call fails, in Go 1.19's words (newer Go also
  // names the operand: "non-function .b of type bool").
  { name: 'call of an int', template: '{{call 1}}', error: at('call 1', 'error calling call: non-function of type int') },
  { name: 'call of a bool from the data', template: '{{call .b}}', data: { b: true }, error: at('call .b', 'error calling call: non-function of type bool') },
  { name: 'call of a pipeline result', template: '{{call (len "test")}}', error: at('call (len "test")', 'error calling call: non-function of type int') },
  { name: 'call of a map, with an argument', template: '{{call .m 1}}', data: { m: {} }, error: at('call .m 1', 'error calling call: non-function of type map[string]interface {}') },
  { name: 'call of the nil literal', template: '{{call nil}}', error: at('call nil', 'error calling call: call of nil') },
  { name: 'call of a missing key', template: '{{call .missing}}', data: {}, error: at('call .missing', 'error calling call: call of nil') },
  { name: 'call needs a function', template: '{{call}}', error: at('call', 'wrong number of args for call: want at least 1 got 0') },
]

for (const c of cases) {
  test(`builtin: ${c.name}`, () => {
    if (c.error === undefined) {
      assert.equal(render(c.template, c.data), c.want)
      return
    }
    assert.throws(
      () => render(c.template, c.data),
      (e: unknown) => {
        assert.ok(e instanceof TemplateError, `not a TemplateError: ${e}`)
        assert.equal(e.phase, 'exec')
        if (typeof c.error === 'string') assert.equal(e.message, c.error)
        else assert.match(e.message, c.error!)
        return true
      },
    )
  })
}

// [template, Go's output bytes in hex]: bytes that are not UTF-8 come out as they went in.
const rawBytes: [string, string][] = [
  ['{{html "\\xff<"}}', 'ff266c743b'], // \xff&lt;
  ['{{urlquery "\\xff"}}', '254646'], // %FF
  ['{{js "\\xff"}}', 'ff'],
  ['{{js "a\\xc3"}}', '61c3'],
  ['{{js "\\xed\\xa0\\x80<"}}', 'eda0805c7530303343'], // a surrogate's encoding is three invalid bytes; then \u003C
  ['{{js "\\xef\\xbf\\xbd"}}', 'efbfbd'], // U+FFFD itself is printable
  ['{{slice "\\xef\\xbb\\xbfa" 0 4 | printf "%q"}}', '225c75666566666122'], // "\ufeffa": slicing keeps a leading U+FEFF
]
for (const [template, hex] of rawBytes) {
  test(`raw bytes: ${template} writes Go's bytes`, () => assert.equal(Buffer.from(renderTemplateBytes(template, null, { functions: 'builtin' })).toString('hex'), hex))
}

test('every builtin Go defines is here, and nothing else', () => {
  const names = BUILTINS.map((b) => b.name).sort()
  assert.deepEqual(names, ['and', 'call', 'eq', 'ge', 'gt', 'html', 'index', 'js', 'le', 'len', 'lt', 'ne', 'not', 'or', 'print', 'printf', 'println', 'slice', 'urlquery'])
})

test('error messages never carry data values', () => {
  const data = { l: ['CANARY-1'], m: { k: 'CANARY-2' }, i: 31337 }
  for (const t of ['{{index .l 31337}}', '{{eq .l .l}}', '{{eq .m .m}}', '{{slice .l 31337}}', '{{lt .m .l}}', '{{len .m.k.x}}']) {
    assert.throws(
      () => render(t, data),
      (e: unknown) => e instanceof TemplateError && !/CANARY|31337/.test(e.message.replace(t.slice(2, -2), '')),
      t,
    )
  }
})
