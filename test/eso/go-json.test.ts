import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseJson } from '../../src/vault/json.ts'
import { compareUtf8, encodeGoJson, encodeGoString } from '../../src/eso/go-json.ts'
import { formatFloatE, formatFloatF, formatJsonFloat, parseGoFloat } from '../../src/eso/go-number.ts'

const marshals: { name: string; json: string; literal: string; float64?: string }[] = [
  { name: 'object keys sort by byte order, no whitespace', json: '{"b": 1, "a": [true, null], "A": "x"}', literal: '{"A":"x","a":[true,null],"b":1}' },
  { name: 'non-ASCII keys sort by UTF-8 bytes (U+FF61 before U+1F600, unlike UTF-16)', json: '{"😀":1,"｡":2,"é":3,"z":4}', literal: '{"z":4,"é":3,"｡":2,"😀":1}' },
  { name: 'HTML characters are escaped, also inside nested values and keys', json: '{"<k>":{"v":"a&b<c>d"}}', literal: '{"\\u003ck\\u003e":{"v":"a\\u0026b\\u003cc\\u003ed"}}' },
  { name: 'numbers keep their literal with UseNumber, go through float64 without', json: '{"a":1.50,"b":12345678901234567890,"c":1e21,"d":1e-7,"e":-0,"f":100,"g":0.000001}', literal: '{"a":1.50,"b":12345678901234567890,"c":1e21,"d":1e-7,"e":-0,"f":100,"g":0.000001}', float64: '{"a":1.5,"b":12345678901234567000,"c":1e+21,"d":1e-7,"e":-0,"f":100,"g":0.000001}' },
  { name: 'non-ASCII values stay UTF-8', json: '{"v":"значение ✓"}', literal: '{"v":"значение ✓"}' },
  { name: 'empty containers and null', json: '{"a":{},"b":[],"c":null}', literal: '{"a":{},"b":[],"c":null}' },
]
for (const c of marshals) {
  test(`encodeGoJson: ${c.name}`, () => {
    assert.equal(encodeGoJson(parseJson(c.json)), c.literal)
    if (c.float64) assert.equal(encodeGoJson(parseJson(c.json), 'float64'), c.float64)
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
for (const c of strings) test(`encodeGoString: ${c.name}`, () => assert.equal(encodeGoString(c.input), c.want))

const orders: { a: string; b: string; want: number }[] = [
  { a: 'a', b: 'b', want: -1 },
  { a: 'ab', b: 'a', want: 1 },
  { a: 'same', b: 'same', want: 0 },
  { a: '\uff61', b: '\ud83d\ude00', want: -1 }, // UTF-16 order would say the opposite
  { a: 'Z', b: 'a', want: -1 },
]
for (const c of orders) test(`compareUtf8(${JSON.stringify(c.a)}, ${JSON.stringify(c.b)}) is ${c.want}`, () => assert.equal(Math.sign(compareUtf8(c.a, c.b)), c.want))

const floats: { f: number; fmtF: string; fmtE: string; json: string }[] = [
  { f: 1.5, fmtF: '1.5', fmtE: '1.5e+00', json: '1.5' },
  { f: 1e21, fmtF: '1000000000000000000000', fmtE: '1e+21', json: '1e+21' },
  { f: 12345678901234567890, fmtF: '12345678901234567000', fmtE: '1.2345678901234567e+19', json: '12345678901234567000' },
  { f: 1e-7, fmtF: '0.0000001', fmtE: '1e-07', json: '1e-7' },
  { f: 1.5e-10, fmtF: '0.00000000015', fmtE: '1.5e-10', json: '1.5e-10' },
  { f: 0.000001, fmtF: '0.000001', fmtE: '1e-06', json: '0.000001' },
  { f: -0, fmtF: '-0', fmtE: '-0e+00', json: '-0' },
  { f: 0.1 + 0.2, fmtF: '0.30000000000000004', fmtE: '3.0000000000000004e-01', json: '0.30000000000000004' },
  { f: 1e100, fmtF: '1' + '0'.repeat(100), fmtE: '1e+100', json: '1e+100' },
  { f: -123.456, fmtF: '-123.456', fmtE: '-1.23456e+02', json: '-123.456' },
  { f: Infinity, fmtF: '+Inf', fmtE: '+Inf', json: '+Inf' },
]
for (const c of floats) {
  test(`float64 ${c.f} formats as Go's 'f' ${c.fmtF}, 'e' ${c.fmtE}, json ${c.json}`, () => {
    assert.equal(formatFloatF(c.f), c.fmtF)
    assert.equal(formatFloatE(c.f), c.fmtE)
    if (Number.isFinite(c.f)) assert.equal(formatJsonFloat(c.f), c.json)
  })
}

const parsed: { s: string; want: number }[] = [
  { s: '1.50', want: 1.5 },
  { s: '+1', want: 1 },
  { s: '.5', want: 0.5 },
  { s: '1e400', want: Infinity },
  { s: '-Inf', want: -Infinity },
  { s: 'abc', want: 0 },
  { s: '', want: 0 },
  { s: '"Murphy"', want: 0 },
]
for (const c of parsed) test(`parseGoFloat(${JSON.stringify(c.s)}) is ${c.want} as strconv.ParseFloat with the error ignored`, () => assert.equal(parseGoFloat(c.s), c.want))
