import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  compareUtf8,
  decodeUtf8Go,
  encodeJson,
  encodeString,
  formatJsonFloat,
  JsonNumber,
  jsonNumberToFloat64,
  JsonSyntaxError,
  MARSHAL,
  parseJson,
  parseJsonBytes,
  unescapeChar,
  type JsonValue,
  type StringEscaping,
} from '../../src/go/json.ts'

// Plain-JS view of a parsed value: numbers as {n: literal}, objects as [key, value] pairs in order.
type Plain = null | boolean | string | { n: string } | Plain[] | { obj: [string, Plain][] }
const plain = (v: JsonValue): Plain => {
  if (v instanceof JsonNumber) return { n: v.literal }
  if (Array.isArray(v)) return v.map(plain)
  if (v instanceof Map) return { obj: [...v].map(([k, x]) => [k, plain(x)]) }
  return v
}

const parses: { name: string; text: string; want: Plain }[] = [
  {
    name: 'number literals keep their exact text',
    text: '[1.50, 12345678901234567890, -0, 1e3, 1E+2, 0.1e-7]',
    want: [{ n: '1.50' }, { n: '12345678901234567890' }, { n: '-0' }, { n: '1e3' }, { n: '1E+2' }, { n: '0.1e-7' }],
  },
  {
    name: 'objects keep document order',
    text: '{"b":1,"a":2}',
    want: {
      obj: [
        ['b', { n: '1' }],
        ['a', { n: '2' }],
      ],
    },
  },
  {
    name: 'a duplicate key keeps the last value (Go map assignment)',
    text: '{"a":1,"b":2,"a":3}',
    want: {
      obj: [
        ['b', { n: '2' }],
        ['a', { n: '3' }],
      ],
    },
  },
  { name: 'escapes decode including a surrogate pair', text: '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"', want: '"\\/\b\f\n\r\té😀' },
  { name: 'a lone high surrogate escape becomes U+FFFD and the next escape stands alone', text: '"\\ud800\\u0041"', want: '\ufffdA' },
  { name: 'a lone low surrogate escape becomes U+FFFD', text: '"x\\udc00y"', want: 'x\ufffdy' },
  { name: 'whitespace around values is allowed', text: ' \t\r\n{ "a" : [ true , false , null ] } \n', want: { obj: [['a', [true, false, null]]] } },
  {
    name: 'empty containers',
    text: '{"o":{},"a":[]}',
    want: {
      obj: [
        ['o', { obj: [] }],
        ['a', []],
      ],
    },
  },
  { name: 'non-ASCII text passes through', text: '{"ключ":"значение"}', want: { obj: [['ключ', 'значение']] } },
]
for (const c of parses) test(`parseJson: ${c.name}`, () => assert.deepEqual(plain(parseJson(c.text)), c.want))

const SECRET = 'hunter2'
const failures: { name: string; text: string; message: RegExp }[] = [
  { name: 'truncated input is unexpected end', text: '{"a":', message: /^unexpected end of JSON input$/ },
  { name: 'truncated string is unexpected end', text: `"${SECRET}`, message: /^unexpected end of JSON input$/ },
  { name: 'a bare word is an invalid character', text: SECRET, message: /^invalid character looking for beginning of value \(offset 0\)$/ },
  { name: 'trailing data after the value', text: '{} x', message: /^invalid character after top-level value \(offset 3\)$/ },
  { name: 'leading zero is two values', text: '01', message: /after top-level value/ },
  { name: 'a raw control character in a string', text: `"${SECRET}\n"`, message: /in string literal/ },
  { name: 'a bad escape', text: `"${SECRET}\\x"`, message: /in string escape code/ },
  { name: 'a bad \\u escape', text: '"\\u12G4"', message: /in \\u hexadecimal character escape/ },
  { name: 'a missing colon', text: '{"a" 1}', message: /after object key/ },
  { name: 'a trailing comma in an object', text: '{"a":1,}', message: /looking for beginning of object key string/ },
  { name: 'a trailing comma in an array', text: '[1,]', message: /looking for beginning of value/ },
  { name: 'a lone minus', text: '-', message: /looking for beginning of value/ },
  { name: 'a fraction without digits', text: '1.', message: /after top-level value/ },
]
for (const c of failures) {
  test(`parseJson rejects: ${c.name}, never quoting the input`, () => {
    assert.throws(
      () => parseJson(c.text),
      (e: unknown) => e instanceof JsonSyntaxError && c.message.test(e.message) && !e.message.includes(SECRET) && !e.message.includes('x"'),
    )
  })
}

const utf8: { name: string; bytes: number[]; want: string }[] = [
  { name: 'valid UTF-8 decodes normally', bytes: [0xc3, 0xa9, 0xe2, 0x82, 0xac], want: 'é€' },
  { name: 'each byte of a truncated sequence is its own U+FFFD (Go utf8.DecodeRune)', bytes: [0xe2, 0x82, 0x41], want: '\ufffd\ufffdA' },
  { name: 'an encoded surrogate is three U+FFFD', bytes: [0xed, 0xa0, 0x80], want: '\ufffd\ufffd\ufffd' },
  { name: 'an overlong encoding is two U+FFFD', bytes: [0xc0, 0xaf], want: '\ufffd\ufffd' },
  { name: 'a stray continuation byte', bytes: [0x41, 0x80, 0x42], want: 'A\ufffdB' },
  { name: 'a 4-byte sequence', bytes: [0xf0, 0x9f, 0x98, 0x80], want: '😀' },
  { name: 'above U+10FFFF is invalid', bytes: [0xf4, 0x90, 0x80, 0x80], want: '\ufffd\ufffd\ufffd\ufffd' },
]
for (const c of utf8) test(`decodeUtf8Go: ${c.name}`, () => assert.equal(decodeUtf8Go(new Uint8Array(c.bytes)), c.want))

test('parseJsonBytes: invalid UTF-8 inside a string becomes U+FFFD per byte, as json.Unmarshal does', () => {
  assert.deepEqual(plain(parseJsonBytes(new Uint8Array([0x22, 0xe2, 0x82, 0x22]))), '\ufffd\ufffd')
})

test('parseJson: a 300 KB document parses', () => {
  const big = JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key${i}`, { v: 'x'.repeat(40), n: i + 0.5 }])))
  const v = parseJson(big)
  assert.ok(v instanceof Map && v.size === 5000)
})

// --- encoding ---

const marshals: { name: string; json: string; literal: string; float64?: string }[] = [
  { name: 'object keys sort by byte order, no whitespace', json: '{"b": 1, "a": [true, null], "A": "x"}', literal: '{"A":"x","a":[true,null],"b":1}' },
  { name: 'non-ASCII keys sort by UTF-8 bytes (U+FF61 before U+1F600, unlike UTF-16)', json: '{"😀":1,"｡":2,"é":3,"z":4}', literal: '{"z":4,"é":3,"｡":2,"😀":1}' },
  { name: 'HTML characters are escaped, also inside nested values and keys', json: '{"<k>":{"v":"a&b<c>d"}}', literal: '{"\\u003ck\\u003e":{"v":"a\\u0026b\\u003cc\\u003ed"}}' },
  {
    name: 'numbers keep their literal with UseNumber, go through float64 without',
    json: '{"a":1.50,"b":12345678901234567890,"c":1e21,"d":1e-7,"e":-0,"f":100,"g":0.000001}',
    literal: '{"a":1.50,"b":12345678901234567890,"c":1e21,"d":1e-7,"e":-0,"f":100,"g":0.000001}',
    float64: '{"a":1.5,"b":12345678901234567000,"c":1e+21,"d":1e-7,"e":-0,"f":100,"g":0.000001}',
  },
  { name: 'non-ASCII values stay UTF-8', json: '{"v":"значение ✓"}', literal: '{"v":"значение ✓"}' },
  { name: 'empty containers and null', json: '{"a":{},"b":[],"c":null}', literal: '{"a":{},"b":[],"c":null}' },
]
for (const c of marshals) {
  test(`encodeJson: ${c.name}`, () => {
    assert.equal(encodeJson(parseJson(c.json)), c.literal)
    if (c.float64) assert.equal(encodeJson(parseJson(c.json), 'float64'), c.float64)
  })
}

const strings: { name: string; input: string; want: string }[] = [
  { name: 'quote and backslash', input: 'a"b\\c', want: '"a\\"b\\\\c"' },
  { name: '\\n \\r \\t short forms', input: '\n\r\t', want: '"\\n\\r\\t"' },
  { name: '\\b and \\f short forms (Go >= 1.22)', input: '\b\f', want: '"\\b\\f"' },
  { name: 'other control characters as \\u00XX lower-case hex', input: '\u0000\u0001\u001f', want: '"\\u0000\\u0001\\u001f"' },
  { name: 'DEL is not escaped', input: '\u007f', want: '"\u007f"' },
  { name: 'HTML characters', input: '<>&', want: '"\\u003c\\u003e\\u0026"' },
  { name: 'U+2028 and U+2029', input: 'a\u2028b\u2029', want: '"a\\u2028b\\u2029"' },
  { name: 'a lone surrogate (invalid UTF-8 in Go) becomes \\ufffd', input: 'x\ud800y\udc00', want: '"x\\ufffdy\\ufffd"' },
  { name: 'a surrogate pair passes through', input: '😀', want: '"😀"' },
  { name: 'single quote and slash are not escaped', input: "'/", want: '"\'/"' },
]
for (const c of strings) test(`encodeString: ${c.name}`, () => assert.equal(encodeString(c.input), c.want))

// Sprig's toJson and toRawJson match the Go template oracle (Go 1.19): long \b and \f, a lone
// surrogate left to the output's UTF-8 encoding, HTML escaping off for toRawJson.
const escapings: { name: string; input: string; escaping: StringEscaping; want: string }[] = [
  { name: '\\b and \\f long before Go 1.22', input: '\b\f', escaping: { ...MARSHAL, shortBF: false }, want: '"\\u0008\\u000c"' },
  { name: 'HTML characters kept with SetEscapeHTML(false)', input: '<a&b>', escaping: { ...MARSHAL, html: false }, want: '"<a&b>"' },
  { name: 'U+2028 escaped even with HTML escaping off', input: '\u2028', escaping: { ...MARSHAL, html: false }, want: '"\\u2028"' },
  { name: 'a lone surrogate kept when told so', input: 'x\ud800', escaping: { ...MARSHAL, escapeLoneSurrogates: false }, want: '"x\ud800"' },
  { name: 'a surrogate pair is never escaped', input: '😀', escaping: { html: false, shortBF: false, escapeLoneSurrogates: false }, want: '"😀"' },
]
for (const c of escapings) test(`encodeString with options: ${c.name}`, () => assert.equal(encodeString(c.input, c.escaping), c.want))

const orders: { a: string; b: string; want: number }[] = [
  { a: 'a', b: 'b', want: -1 },
  { a: 'ab', b: 'a', want: 1 },
  { a: 'same', b: 'same', want: 0 },
  { a: '\uff61', b: '\ud83d\ude00', want: -1 }, // UTF-16 order would say the opposite
  { a: 'Z', b: 'a', want: -1 },
]
for (const c of orders) test(`compareUtf8(${JSON.stringify(c.a)}, ${JSON.stringify(c.b)}) is ${c.want}`, () => assert.equal(Math.sign(compareUtf8(c.a, c.b)), c.want))

const jsonFloats: { f: number; want: string }[] = [
  { f: 1.5, want: '1.5' },
  { f: 1e21, want: '1e+21' },
  { f: 12345678901234567890, want: '12345678901234567000' },
  { f: 1e-7, want: '1e-7' },
  { f: 1.5e-10, want: '1.5e-10' },
  { f: 0.000001, want: '0.000001' },
  { f: -0, want: '-0' },
  { f: 1e100, want: '1e+100' },
  { f: -123.456, want: '-123.456' },
  { f: 5e-324, want: '5e-324' },
]
for (const c of jsonFloats) test(`formatJsonFloat(${c.f}) is ${c.want}, as encoding/json's floatEncoder writes it`, () => assert.equal(formatJsonFloat(c.f), c.want))

const literals: { literal: string; want: number | undefined }[] = [
  { literal: '1.50', want: 1.5 },
  { literal: '-0', want: -0 },
  { literal: '12345678901234567890', want: 12345678901234567000 },
  { literal: '1e400', want: undefined },
  { literal: '-1e400', want: undefined },
]
for (const c of literals) test(`jsonNumberToFloat64(${c.literal}) is ${c.want} (undefined: Go's range error)`, () => assert.equal(jsonNumberToFloat64(c.literal), c.want))

const escapes: { c: string; want: string | undefined }[] = [
  { c: '"', want: '"' },
  { c: '\\', want: '\\' },
  { c: '/', want: '/' },
  { c: 'b', want: '\b' },
  { c: 'f', want: '\f' },
  { c: 'n', want: '\n' },
  { c: 'r', want: '\r' },
  { c: 't', want: '\t' },
  { c: 'u', want: undefined },
  { c: 'a', want: undefined },
  { c: "'", want: undefined },
]
for (const c of escapes) test(`unescapeChar(${JSON.stringify(c.c)}) is ${JSON.stringify(c.want)}`, () => assert.equal(unescapeChar(c.c), c.want))
