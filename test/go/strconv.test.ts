// Go's strconv (src/go/strconv.ts); expected values are what Go's strconv prints for the same calls.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { canBackquote, formatFloat, formatFloat32, parseFloat64, parseGoFloat, parseInt64, parseUint, quote } from '../../src/go/strconv.ts'

const bytes = (s: string | number[]) => (typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s))

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
  test(`float64 ${c.f} formats shortest as Go's 'f' ${c.fmtF} and 'e' ${c.fmtE}`, () => {
    assert.equal(formatFloat(c.f, 'f', -1), c.fmtF)
    assert.equal(formatFloat(c.f, 'e', -1), c.fmtE)
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

const formats: { f: number; fmt: string; prec: number; want: string }[] = [
  { f: 1.5, fmt: 'e', prec: 3, want: '1.500e+00' },
  { f: 123.456, fmt: 'f', prec: 2, want: '123.46' },
  { f: 0.125, fmt: 'f', prec: 2, want: '0.12' }, // an exact half rounds to even
  { f: 2.5, fmt: 'f', prec: 0, want: '2' },
  { f: 3.5, fmt: 'f', prec: 0, want: '4' },
  { f: 0.1, fmt: 'f', prec: 20, want: '0.10000000000000000555' },
  { f: 1e23, fmt: 'e', prec: 5, want: '1.00000e+23' },
  { f: 1e21, fmt: 'g', prec: -1, want: '1e+21' },
  { f: 100000, fmt: 'g', prec: -1, want: '100000' },
  { f: 1e-5, fmt: 'g', prec: -1, want: '1e-05' },
  { f: 0.0001, fmt: 'g', prec: -1, want: '0.0001' },
  { f: 123456789, fmt: 'g', prec: 3, want: '1.23e+08' },
  { f: 12345, fmt: 'g', prec: 0, want: '1e+04' },
  { f: -0, fmt: 'g', prec: -1, want: '-0' },
  { f: 5e-324, fmt: 'e', prec: -1, want: '5e-324' },
  { f: Number.MAX_VALUE, fmt: 'g', prec: -1, want: '1.7976931348623157e+308' },
  { f: 1.5, fmt: 'E', prec: -1, want: '1.5E+00' },
  { f: 1e21, fmt: 'G', prec: -1, want: '1E+21' },
  { f: 1, fmt: 'x', prec: -1, want: '0x1p+00' },
  { f: 1.5, fmt: 'x', prec: -1, want: '0x1.8p+00' },
  { f: 1 / 3, fmt: 'x', prec: 3, want: '0x1.555p-02' },
  { f: 1.5, fmt: 'X', prec: -1, want: '0X1.8P+00' },
  { f: 1, fmt: 'b', prec: -1, want: '4503599627370496p-52' },
  { f: NaN, fmt: 'g', prec: -1, want: 'NaN' },
  { f: -Infinity, fmt: 'x', prec: -1, want: '-Inf' },
]
for (const c of formats) test(`FormatFloat(${c.f}, '${c.fmt}', ${c.prec}) is ${c.want}`, () => assert.equal(formatFloat(c.f, c.fmt, c.prec), c.want))

const quotes: { name: string; input: string | number[]; want: string; ascii: string; backquote: boolean }[] = [
  { name: 'quote and backslash are escaped', input: 'a"b\\', want: '"a\\"b\\\\"', ascii: '"a\\"b\\\\"', backquote: true },
  // Go 1.19: strconv.IsPrint is false for every space separator but U+0020.
  { name: 'a no-break space and other space separators are escaped', input: '\u00a0\u2000\u3000 ', want: '"\\u00a0\\u2000\\u3000 "', ascii: '"\\u00a0\\u2000\\u3000 "', backquote: true },
  { name: 'an invalid byte prints as \\x', input: [0x80], want: '"\\x80"', ascii: '"\\x80"', backquote: false },
  { name: 'F5 is never a lead byte', input: [0xf5], want: '"\\xf5"', ascii: '"\\xf5"', backquote: false },
  { name: 'printable non-ASCII stays, except for QuoteToASCII', input: 'é', want: '"é"', ascii: '"\\u00e9"', backquote: true },
  { name: 'a rune above the BMP', input: '😀', want: '"😀"', ascii: '"\\U0001f600"', backquote: true },
  { name: 'BEL has a short escape', input: '\u0007', want: '"\\a"', ascii: '"\\a"', backquote: false },
  { name: 'DEL is \\x7f', input: '\u007f', want: '"\\x7f"', ascii: '"\\x7f"', backquote: false },
  { name: 'a soft hyphen is not printable', input: '\u00ad', want: '"\\u00ad"', ascii: '"\\u00ad"', backquote: true },
  { name: 'a byte order mark is escaped and cannot be backquoted', input: '\ufeff', want: '"\\ufeff"', ascii: '"\\ufeff"', backquote: false },
  { name: 'a tab can be backquoted, a newline cannot', input: '\t', want: '"\\t"', ascii: '"\\t"', backquote: true },
  { name: 'a backquote cannot be backquoted', input: 'a`b', want: '"a`b"', ascii: '"a`b"', backquote: false },
]
for (const c of quotes) {
  test(`Quote: ${c.name}`, () => {
    assert.equal(quote(bytes(c.input)), c.want)
    assert.equal(quote(bytes(c.input), true), c.ascii)
    assert.equal(canBackquote(bytes(c.input)), c.backquote)
  })
}
test('QuoteRune escapes the single quote', () => assert.equal(quote(bytes("'"), false, "'"), "'\\''"))

const uints: { s: string; want: bigint | undefined }[] = [
  { s: '0x1F', want: 31n },
  { s: '017', want: 15n },
  { s: '0o17', want: 15n },
  { s: '0x_1F', want: 31n },
  { s: '1_000', want: 1000n },
  { s: '18446744073709551615', want: 18446744073709551615n },
  { s: '18446744073709551616', want: undefined },
  { s: '0b', want: undefined },
  { s: '08', want: undefined },
  { s: '_1', want: undefined },
  { s: '1__0', want: undefined },
  { s: '', want: undefined },
]
for (const c of uints) test(`ParseUint(${JSON.stringify(c.s)}, 0, 64) is ${c.want ?? 'an error'}`, () => assert.equal(parseUint(c.s), c.want))

const ints: { s: string; want: bigint | undefined }[] = [
  { s: '-9223372036854775808', want: -9223372036854775808n },
  { s: '9223372036854775808', want: undefined },
  { s: '+5', want: 5n },
  { s: '-0x10', want: -16n },
  { s: '-', want: undefined },
]
for (const c of ints) test(`ParseInt(${JSON.stringify(c.s)}, 0, 64) is ${c.want ?? 'an error'}`, () => assert.equal(parseInt64(c.s), c.want))

// Go number syntax only: ParseFloat's words inf, infinity and nan are left to callers (cast.ToFloat64 checks them first).
const floats64: { s: string; want: number | undefined }[] = [
  { s: '0x1p-2', want: 0.25 },
  { s: '0x1.fffffffffffffp1023', want: Number.MAX_VALUE },
  { s: '0x1p-1074', want: 5e-324 },
  { s: '0x_1p0', want: 1 },
  { s: '1_0.5', want: 10.5 },
  { s: '.5', want: 0.5 },
  { s: '1.', want: 1 },
  { s: '+.5e-3', want: 0.0005 },
  { s: '1e400', want: undefined }, // Go: +Inf with a range error
  { s: '0x1.8', want: undefined }, // a hex mantissa needs a p exponent
  { s: '1e', want: undefined },
]
for (const c of floats64) test(`ParseFloat(${JSON.stringify(c.s)}, 64) is ${c.want ?? 'an error'}`, () => assert.equal(parseFloat64(c.s), c.want))

// strconv.FormatFloat(f, fmt, -1, 32), which sigs.k8s.io/yaml uses for float map keys: f rounded to
// a float32, its shortest digits. Expected values printed by Go 1.19's strconv.
const floats32: [number, string, string, string][] = [
  [1000, '1000', '1e+03', '1000'],
  [1e6, '1e+06', '1e+06', '1000000'],
  [123456, '123456', '1.23456e+05', '123456'],
  [12345678.5, '1.2345678e+07', '1.2345678e+07', '12345678'],
  [0.1, '0.1', '1e-01', '0.1'],
  [0.00001, '1e-05', '1e-05', '0.00001'],
  [9.87654321, '9.876543', '9.876543e+00', '9.876543'],
  [1e20, '1e+20', '1e+20', '100000000000000000000'],
  [16777217, '1.6777216e+07', '1.6777216e+07', '16777216'],
  [-2.5e-7, '-2.5e-07', '-2.5e-07', '-0.00000025'],
  [3.4e38, '3.4e+38', '3.4e+38', '340000000000000000000000000000000000000'],
  [1e39, '+Inf', '+Inf', '+Inf'],
  [1e-46, '0', '0e+00', '0'],
  [999999.9, '999999.9', '9.999999e+05', '999999.9'],
]
for (const [f, g, e, fixed] of floats32) {
  test(`float32 ${f} formats shortest as Go's 'g' ${g}, 'e' ${e}, 'f' ${fixed}`, () => {
    assert.equal(formatFloat32(f, 'g', -1), g)
    assert.equal(formatFloat32(f, 'e', -1), e)
    assert.equal(formatFloat32(f, 'f', -1), fixed)
  })
}
