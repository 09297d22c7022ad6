// The Go value model (src/template/value.ts): how JSON data and string maps become Go values.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bytesOf, byteLength, fromBytes, fromJson, GoBytes, GoComplex, GoObject, GoUint8, isTrue, mapKeys, StringMap, toStringMap, typeName } from '../../src/template/value.ts'
import { Executor } from '../../src/template/exec.ts'
import { parse } from '../../src/template/parse.ts'
import { TemplateError } from '../../src/template/errors.ts'
import { FuncError, funcMap } from '../../src/template/funcs/registry.ts'
import { BUILTINS } from '../../src/template/funcs/builtin.ts'

const types: [unknown, string][] = [
  [fromJson(1), 'float64'],
  [fromJson('s'), 'string'],
  [fromJson(true), 'bool'],
  [fromJson([1]), '[]interface {}'],
  [fromJson({ a: 1 }), 'map[string]interface {}'],
  [fromJson(null), '<nil>'],
  [toStringMap({ a: 'b' }), 'map[string]string'],
  [1n, 'int'],
  [new GoUint8(1), 'uint8'],
  [new GoComplex(1, 2), 'complex128'],
  [new GoBytes(new Uint8Array([0xff])), 'string'],
]
for (const [v, want] of types) test(`value: ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))} is a Go ${want}`, () => assert.equal(typeName(v as never), want))

const truth: [string, unknown, boolean][] = [
  ['empty string', '', false],
  ['float zero', 0, false],
  ['int zero', 0n, false],
  ['empty slice', [], false],
  ['empty map', {}, false],
  ['nil', null, false],
  ['no value', undefined, false],
  ['non-empty string', 'x', true],
  ['negative float', -0.5, true],
  ['slice with a nil', [null], true],
  ['complex 0+1i', new GoComplex(0, 1), true],
  ['empty string map', new StringMap(new Map()), false],
]
for (const [name, v, want] of truth) test(`value: truth of ${name} is ${want}`, () => assert.equal(isTrue(v as never), want))

test('value: JSON numbers are float64, bigints too', () => {
  assert.deepEqual(fromJson({ a: [1, 2n, 1.5] }), { a: [1, 2, 1.5] })
})

test('value: strings are bytes; invalid UTF-8 stays raw bytes', () => {
  assert.equal(byteLength('é'), 2)
  assert.equal(fromBytes(new Uint8Array([0xc3, 0xa9])), 'é')
  const raw = fromBytes(new Uint8Array([0xff, 0x41]))
  assert.ok(raw instanceof GoBytes)
  assert.equal(byteLength(raw), 2)
})

test('value: string maps take JS strings or Uint8Array values', () => {
  const m = toStringMap(
    new Map<string, unknown>([
      ['a', 'x'],
      ['b', new Uint8Array([0x80])],
      ['c', new Uint8Array([0x41])],
    ]),
  )
  assert.equal(m.map.get('a'), 'x')
  assert.ok(m.map.get('b') instanceof GoBytes)
  assert.equal(m.map.get('c'), 'A')
})

test('value: map keys sort by bytes, as Go sorts strings', () => {
  assert.deepEqual(mapKeys({ b: 1, B: 2, a: 3, é: 4, z: 5 }), ['B', 'a', 'b', 'z', 'é'])
})

// GoObject: a named Go type from a function library, reached through fields and methods.
const point = () =>
  new GoObject({
    type: '*lib.Point',
    kind: 'ptr',
    fields: { X: 1n, Y: 2n },
    methods: {
      Sum: { params: [], fn: () => 3n },
      Scale: { params: ['int'], fn: (k) => new GoObject({ type: 'lib.Scaled', kind: 'struct', fields: { K: k } }) },
      Fail: {
        params: [],
        fn: () => {
          throw new FuncError('no good')
        },
      },
      Boom: {
        params: [],
        fn: () => {
          throw new TypeError('canary-5e3a')
        },
      },
    },
    text: () => 'P(1,2)',
    json: () => 'P',
  })
const objectRows: [string, string, RegExp][] = [
  ['{{ point.X }}', '1', /./],
  ['{{ point.Sum }}', '3', /./],
  ['{{ (point.Scale 4).K }}', '4', /./],
  ['{{ 5 | point.Scale }}', '{5}', /./],
  ['{{ point }}|{{ printf "%s %q %d" point point point.Y }}', 'P(1,2)|P(1,2) "P(1,2)" 2', /./],
  ['{{ printf "%T %T" point (point.Scale 1) }}', '*lib.Point lib.Scaled', /./],
  ['{{ if point }}yes{{ end }}', 'yes', /./],
  ['{{ point.X 1 }}', '', /X has arguments but cannot be invoked as function/],
  ['{{ point.Z }}', '', /can't evaluate field Z in type \*lib.Point/],
  ['{{ point.Scale "x" }}', '', /expected integer/],
  ['{{ point.Fail }}', '', /error calling Fail: no good/],
  // A JS failure inside a function is the call's error, as Go's recovered panic is; its text stays out.
  ['{{ point.Boom }}', '', /^template: t:1:\d+: executing "t" at <point.Boom>: error calling Boom: internal error in this engine's Boom \(please report it\)$/],
]
for (const [src, want, error] of objectRows) {
  test(`value: GoObject ${src}`, () => {
    const funcs = funcMap(BUILTINS, [{ name: 'point', params: [], fn: point }])
    const trees = parse('t', src, { delimiters: ['{{', '}}'], hasFunction: (f) => funcs.has(f) })
    const exec = new Executor(trees, funcs, { missingKey: 'default', maxDepth: 100, maxOutputBytes: 1 << 20, context: { random: Math.random, now: () => new Date(0) } }, 't')
    if (want) assert.equal(new TextDecoder().decode(bytesOf(exec.execute(undefined))), want)
    else
      assert.throws(
        () => exec.execute(undefined),
        (e: Error) => e instanceof TemplateError && error.test(e.message),
      )
  })
}

test('bytesOf and fromBytes agree with TextEncoder and a strict TextDecoder, short ASCII (their copied path) and everything else', async () => {
  const fc = (await import('fast-check')).default
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 70 }), fc.string({ unit: 'binary', maxLength: 70 }), fc.constantFrom('\ufeffa', 'x'.repeat(64), 'x'.repeat(65), '\u007f', '\u0080')), (s) => {
      assert.deepEqual(bytesOf(s), new TextEncoder().encode(s))
    }),
    { numRuns: 2000, seed: 21 },
  )
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ max: 0x7f, maxLength: 70 })), (bytes) => {
      let want: string | undefined
      try {
        want = strict.decode(bytes)
      } catch {
        want = undefined
      }
      const got = fromBytes(bytes)
      if (want === undefined) assert.ok(got instanceof GoBytes && got.bytes === bytes)
      else assert.equal(got, want)
    }),
    { numRuns: 3000, seed: 22 },
  )
})
