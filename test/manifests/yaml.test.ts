// src/manifests/yaml.ts: YAML 1.1 as Kubernetes reads it (`0644`, `on`, dates kept as text, big
// integers), plain() for the objects the pipeline sees, and parse errors that never quote the source.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadYaml, MAX_ALIAS_COUNT, PARSE_OPTIONS, plain, STRINGIFY_OPTIONS, toValue, yamlError } from '../../src/manifests/yaml.ts'
import { RenderError } from '../../src/errors.ts'

const yaml = await loadYaml()
const read = (text: string) => plain(yaml.parse(text, PARSE_OPTIONS))

const scalars: { name: string; text: string; want: unknown }[] = [
  { name: 'an octal file mode (YAML 1.1)', text: 'v: 0644', want: 420 },
  { name: 'on is true (YAML 1.1)', text: 'v: on', want: true },
  { name: 'off is false', text: 'v: off', want: false },
  { name: 'yes is true', text: 'v: yes', want: true },
  { name: 'a date stays a string', text: 'v: 2024-01-01', want: '2024-01-01' },
  { name: 'a timestamp stays a string', text: 'v: 2024-01-01T10:00:00Z', want: '2024-01-01T10:00:00Z' },
  { name: 'a safe integer is a number', text: 'v: 9007199254740991', want: 9007199254740991 },
  { name: 'an integer past 2^53 keeps its digits as a string', text: 'v: 12345678901234567890', want: '12345678901234567890' },
  { name: 'a negative big integer keeps its digits', text: 'v: -9007199254740993', want: '-9007199254740993' },
  { name: 'a sexagesimal number (YAML 1.1)', text: 'v: 1:30', want: 90 },
  { name: 'a float', text: 'v: 1.5', want: 1.5 },
  { name: 'a quoted number stays a string', text: 'v: "0644"', want: '0644' },
  { name: 'null', text: 'v: ~', want: null },
]
for (const c of scalars) {
  test(`parse: ${c.name}`, () => assert.deepEqual(read(c.text), { v: c.want }))
}

test('parse: duplicate keys are an error', () => {
  const doc = yaml.parseDocument('a: 1\na: 2\n', PARSE_OPTIONS)
  assert.ok(doc.errors.length > 0)
  assert.match(doc.errors[0].message, /Map keys must be unique/)
})

test('plain converts nested bigints, in arrays and objects', () => {
  assert.deepEqual(plain({ a: [1n, 2n ** 64n], b: { c: -5n }, d: 'x', e: null }), { a: [1, '18446744073709551616'], b: { c: -5 }, d: 'x', e: null })
})

const stringified: { name: string; value: Record<string, unknown>; want: string }[] = [
  { name: 'strings YAML 1.1 would retype are quoted', value: { a: 'on', b: '0644', c: 'yes', d: 'plain' }, want: 'a: "on"\nb: "0644"\nc: "yes"\nd: plain\n' },
  { name: 'long lines are not folded', value: { a: 'x '.repeat(80).trim() }, want: `a: ${'x '.repeat(80).trim()}\n` },
]
for (const c of stringified) {
  test(`stringify: ${c.name}`, () => {
    const out = yaml.stringify(c.value, STRINGIFY_OPTIONS)
    assert.equal(out, c.want)
    assert.deepEqual(read(out), c.value, 'reads back as the same strings')
  })
}

test('yamlError names the line and column, never the source text', () => {
  const secret = 'YAML-CANARY-0e9d1'
  const source = `a: 1\nb: {c: ${secret}\n`
  const doc = yaml.parseDocument(source, PARSE_OPTIONS)
  assert.ok(doc.errors.length)
  const err = yamlError(doc.errors[0], { path: 'f.yaml', index: 0 }, source, 'file')
  assert.ok(err instanceof RenderError)
  assert.equal(err.code, 'INPUT_INVALID')
  assert.deepEqual(err.file, { path: 'f.yaml', index: 0 })
  assert.match(err.message, /^invalid YAML \(line \d+, column \d+ of the file\): /)
  assert.ok(!err.message.includes(secret))
  assert.ok(!err.message.includes('\n'), 'one line')
})

test('yamlError without a position or source says no line', () => {
  const err = yamlError({ message: 'Something broke at line 3, column 4:\n  context' })
  assert.equal(err.message, 'invalid YAML: Something broke')
})

test('loadYaml returns the same module each time', async () => {
  assert.equal(await loadYaml(), yaml)
})

// Issue 14: one alias bound for every YAML read; past it, a clear error naming the file.
const laughs = (levels: number, fanout: number) => `l0: &l0 lol\n${Array.from({ length: levels }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(fanout).fill(`*l${i}`).join(', ')}]\n`).join('')}`
const aliasCases: { name: string; text: string; code?: 'INPUT_INVALID' | 'CONFIG_INVALID'; message?: RegExp }[] = [
  { name: 'a few aliases are read', text: laughs(2, 9) },
  {
    name: 'a billion laughs is too many aliases',
    text: laughs(9, 9),
    message: /^too many YAML aliases: expanding them passes the bound of 1000, as a "billion laughs" document does; nothing of it was read$/,
  },
  { name: 'a config file under CONFIG_INVALID', text: laughs(9, 9), code: 'CONFIG_INVALID', message: /^too many YAML aliases/ },
  // The library weighs each use of an anchor by the aliases inside it (a flat anchor weighs least).
  {
    name: 'a flat anchor used past the bound',
    text: `a: &a [x, y]\nb: [${Array(MAX_ALIAS_COUNT + 1)
      .fill('*a')
      .join(', ')}]\n`,
    message: /^too many YAML aliases/,
  },
  { name: 'a flat anchor used 400 times', text: `a: &a [x, y]\nb: [${Array(400).fill('*a').join(', ')}]\n` },
]
for (const c of aliasCases) {
  test(`toValue: ${c.name}`, () => {
    const doc = yaml.parseDocument(c.text, PARSE_OPTIONS)
    assert.deepEqual(doc.errors, [])
    const run = () => toValue((o) => doc.toJS(o), { path: 'cfg.yaml' }, c.code)
    if (!c.message) return void assert.equal(typeof run(), 'object')
    assert.throws(run, (e: unknown) => e instanceof RenderError && e.code === (c.code ?? 'INPUT_INVALID') && e.file?.path === 'cfg.yaml' && c.message!.test(e.message))
  })
}

test('toValue: parse() with PARSE_OPTIONS has the same bound', () => {
  assert.throws(() => yaml.parse(laughs(9, 9), PARSE_OPTIONS), /Excessive alias count/)
  assert.equal(PARSE_OPTIONS.maxAliasCount, MAX_ALIAS_COUNT)
})

test('toValue: other errors pass through untouched', () => {
  assert.throws(
    () =>
      toValue(() => {
        throw new TypeError('boom')
      }, undefined),
    TypeError,
  )
})
