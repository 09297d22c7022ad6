import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeUtf8Go, JsonNumber, JsonSyntaxError, parseJson, parseJsonBytes, type JsonValue } from '../../src/vault/json.ts'

// Plain-JS view of a parsed value: numbers as {n: literal}, objects as [key, value] pairs in order.
type Plain = null | boolean | string | { n: string } | Plain[] | { obj: [string, Plain][] }
const plain = (v: JsonValue): Plain => {
  if (v instanceof JsonNumber) return { n: v.literal }
  if (Array.isArray(v)) return v.map(plain)
  if (v instanceof Map) return { obj: [...v].map(([k, x]) => [k, plain(x)]) }
  return v
}

const parses: { name: string; text: string; want: Plain }[] = [
  { name: 'number literals keep their exact text', text: '[1.50, 12345678901234567890, -0, 1e3, 1E+2, 0.1e-7]', want: [{ n: '1.50' }, { n: '12345678901234567890' }, { n: '-0' }, { n: '1e3' }, { n: '1E+2' }, { n: '0.1e-7' }] },
  { name: 'objects keep document order', text: '{"b":1,"a":2}', want: { obj: [['b', { n: '1' }], ['a', { n: '2' }]] } },
  { name: 'a duplicate key keeps the last value (Go map assignment)', text: '{"a":1,"b":2,"a":3}', want: { obj: [['b', { n: '2' }], ['a', { n: '3' }]] } },
  { name: 'escapes decode including a surrogate pair', text: '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"', want: '"\\/\b\f\n\r\té😀' },
  { name: 'a lone high surrogate escape becomes U+FFFD and the next escape stands alone', text: '"\\ud800\\u0041"', want: '\ufffdA' },
  { name: 'a lone low surrogate escape becomes U+FFFD', text: '"x\\udc00y"', want: 'x\ufffdy' },
  { name: 'whitespace around values is allowed', text: ' \t\r\n{ "a" : [ true , false , null ] } \n', want: { obj: [['a', [true, false, null]]] } },
  { name: 'empty containers', text: '{"o":{},"a":[]}', want: { obj: [['o', { obj: [] }], ['a', []]] } },
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
