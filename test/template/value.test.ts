// The Go value model (src/template/value.ts): how JSON data and string maps become Go values.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { byteLength, fromBytes, fromJson, GoBytes, GoComplex, GoUint8, isTrue, mapKeys, StringMap, toStringMap, typeName } from '../../src/template/value.ts'

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
  const m = toStringMap(new Map<string, unknown>([['a', 'x'], ['b', new Uint8Array([0x80])], ['c', new Uint8Array([0x41])]]))
  assert.equal(m.map.get('a'), 'x')
  assert.ok(m.map.get('b') instanceof GoBytes)
  assert.equal(m.map.get('c'), 'A')
})

test('value: map keys sort by bytes, as Go sorts strings', () => {
  assert.deepEqual(mapKeys({ b: 1, B: 2, a: 3, é: 4, z: 5 }), ['B', 'a', 'b', 'z', 'é'])
})
