// Template number literals (src/template/number.ts) as Go's parse.newNumber types them.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readNumber } from '../../src/template/number.ts'

const rune = (q: string) => (q.length === 3 ? q.codePointAt(1) : undefined)

const rows: { src: string; kind?: 'char' | 'complex'; want?: Partial<ReturnType<typeof readNumber>>; error?: string }[] = [
  { src: '42', want: { isInt: true, isUint: true, isFloat: true, int: 42n, float: 42 } },
  { src: '-7', want: { isInt: true, isUint: false, isFloat: true, int: -7n } },
  { src: '0x1F', want: { isInt: true, int: 31n } },
  { src: '0o17', want: { isInt: true, int: 15n } },
  { src: '017', want: { isInt: true, int: 15n } },
  { src: '0b101', want: { isInt: true, int: 5n } },
  { src: '1_000', want: { isInt: true, int: 1000n } },
  { src: '1.5', want: { isInt: false, isFloat: true, float: 1.5 } },
  { src: '3.0', want: { isInt: true, isFloat: true, int: 3n, float: 3 } },
  { src: '1e3', want: { isInt: true, isFloat: true, float: 1000 } },
  { src: '0x1p-2', want: { isInt: false, isFloat: true, float: 0.25 } },
  { src: '9223372036854775807', want: { isInt: true, int: 9223372036854775807n } },
  { src: '9223372036854775808', want: { isInt: false, isUint: true, isFloat: true } },
  { src: '2i', want: { isComplex: true, isFloat: false, complex: { re: 0, im: 2 } } },
  { src: '1+2i', kind: 'complex', want: { isComplex: true, complex: { re: 1, im: 2 } } },
  { src: '1+0i', kind: 'complex', want: { isComplex: true, isFloat: true, isInt: true, int: 1n } },
  { src: "'a'", kind: 'char', want: { isInt: true, isFloat: true, int: 97n } },
  { src: '08', error: 'integer overflow: "08"' },
  { src: '99999999999999999999', error: 'integer overflow: "99999999999999999999"' },
  { src: '1__0', error: 'illegal number syntax: "1__0"' },
  { src: '0x_1F', want: { isInt: true, int: 31n } },
  { src: '1e400', error: 'illegal number syntax: "1e400"' },
  { src: '0x1.8', error: 'illegal number syntax: "0x1.8"' },
]

for (const r of rows) {
  test(`number: ${r.src}`, () => {
    if (r.error) assert.throws(() => readNumber(r.src, r.kind ?? 'number', rune), { message: r.error })
    else {
      const got = readNumber(r.src, r.kind ?? 'number', rune)
      for (const [k, v] of Object.entries(r.want!)) assert.deepEqual(got[k as keyof typeof got], v, k)
    }
  })
}
