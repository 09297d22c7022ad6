// go-yaml v2 as sigs.k8s.io/yaml uses it (src/go/yaml.ts): the plain-scalar resolver (YAML 1.1
// booleans, Go's base-0 integers), the key order and the emitter. ESO's toYaml/fromYaml tests
// (test/template/funcs/eso/yaml.test.ts) compare whole documents with Go's recorded output.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { emitYaml, isBase60Float, resolvePlain, sortKeys, stringNode, type Resolved } from '../../src/go/yaml.ts'

const resolved: { plain: string; want: Resolved }[] = [
  { plain: 'yes', want: { tag: 'bool', value: true } },
  { plain: 'Off', want: { tag: 'bool', value: false } },
  { plain: '~', want: { tag: 'null', value: null } },
  { plain: '', want: { tag: 'null', value: null } },
  { plain: '0x1F', want: { tag: 'int', value: 31n } },
  { plain: '010', want: { tag: 'int', value: 8n } },
  { plain: '-0b101', want: { tag: 'int', value: -5n } },
  { plain: '1_000', want: { tag: 'int', value: 1000n } },
  { plain: '12345678901234567890', want: { tag: 'int', value: 12345678901234567890n, unsigned: true } },
  { plain: '1.5', want: { tag: 'float', value: 1.5 } },
  { plain: '1e3', want: { tag: 'float', value: 1000 } },
  { plain: '.inf', want: { tag: 'float', value: Infinity } },
  { plain: '2001-12-14', want: { tag: 'timestamp' } },
  { plain: 'hello', want: { tag: 'str' } },
]
for (const c of resolved) test(`resolve ${JSON.stringify(c.plain)} as !!${c.want.tag}`, () => assert.deepEqual(resolvePlain(c.plain), c.want))

test('a base-60 float stays a string but is quoted when written', () => {
  assert.equal(resolvePlain('190:20:30').tag, 'str')
  assert.equal(isBase60Float('190:20:30'), true)
  assert.deepEqual(stringNode('190:20:30'), { kind: 'scalar', value: '190:20:30', style: 'double' })
})

test("keys sort as go-yaml's keyLess has it: numbers by value, then letters, upper before lower", () => {
  assert.deepEqual(sortKeys(['b', 'a10', 'a2', 'A', 'a', '1', '10', '2', 'B']), ['1', '2', '10', 'A', 'B', 'a', 'a2', 'a10', 'b'])
})

test('the emitter writes block style: literal blocks for multi-line strings, quotes where a plain scalar would not read back as a string', () => {
  const doc = emitYaml({
    kind: 'map',
    pairs: [
      [stringNode('a'), stringNode('x\ny')],
      [stringNode('b'), { kind: 'seq', items: [stringNode('yes'), stringNode('plain text')] }],
      [stringNode('c'), { kind: 'map', pairs: [] }],
    ],
  })
  assert.equal(doc, 'a: |-\n  x\n  y\nb:\n- "yes"\n- plain text\nc: {}\n')
})
