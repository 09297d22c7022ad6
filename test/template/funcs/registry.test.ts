// How template functions are declared (src/template/funcs/registry.ts): funcMap merges families
// (a later family's name wins), FuncError is the error half of a Go (value, error) result, and a
// FuncDef's params, variadic tail, context and nondeterministic flag reach the executor as
// declared. Custom function maps run through the executor; the shipped families through the
// public API (the Sprig rows are Go's, from the project's oracle: Debian's Go 1.19, Sprig 3.2.3).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { FuncError, funcMap, type ExecContext, type FuncDef, type FuncMap } from '../../../src/template/funcs/registry.ts'
import { BUILTINS } from '../../../src/template/funcs/builtin.ts'
import { SPRIG } from '../../../src/template/funcs/sprig/index.ts'
import { ESO_FUNCS } from '../../../src/template/funcs/eso/index.ts'
import { Executor } from '../../../src/template/exec.ts'
import { parse } from '../../../src/template/parse.ts'
import { renderTemplate, TemplateError } from '../../../src/template/index.ts'
import { bytesOf, type GoValue } from '../../../src/template/value.ts'

const def = (name: string, fn: FuncDef['fn'], params: FuncDef['params'] = [], extra: Partial<FuncDef> = {}): FuncDef => ({ name, params, fn, ...extra })

// ---- funcMap ----

test('funcMap merges families in order; a later family redefines a name', () => {
  const first = [def('a', () => 'a1'), def('b', () => 'b1')]
  const second = [def('b', () => 'b2'), def('c', () => 'c2')]
  const map = funcMap(first, second)
  assert.deepEqual([...map.keys()], ['a', 'b', 'c'])
  const ctx: ExecContext = { random: () => 0, now: () => new Date(0) }
  assert.deepEqual(
    ['a', 'b', 'c'].map((n) => map.get(n)!.fn(ctx)),
    ['a1', 'b2', 'c2'],
  )
  assert.equal(first.length + second.length, 4, 'the families are left as they were')
})

test('funcMap of no families is empty; each call builds a new map', () => {
  assert.equal(funcMap().size, 0)
  const family = [def('x', () => 1n)]
  assert.notEqual(funcMap(family), funcMap(family))
})

test('no family declares a name twice (a repeat would silently replace the first)', () => {
  for (const [name, family] of [
    ['builtin', BUILTINS],
    ['sprig', SPRIG],
    ['eso', ESO_FUNCS],
  ] as const) {
    const names = family.map((d) => d.name)
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
      name,
    )
  }
})

test("the only name one shipped family takes over from another is Sprig's slice", () => {
  const builtin = new Set(BUILTINS.map((d) => d.name))
  const sprig = new Set(SPRIG.map((d) => d.name))
  assert.deepEqual(
    [...sprig].filter((n) => builtin.has(n)),
    ['slice'],
  )
  assert.deepEqual(
    ESO_FUNCS.map((d) => d.name).filter((n) => builtin.has(n) || sprig.has(n)),
    [],
  )
})

// Go's answers: text/template's slice takes strings, Sprig's replaces it and takes only lists.
const overrides: { functions: 'builtin' | 'sprig'; template: string; want?: string; error?: string }[] = [
  { functions: 'builtin', template: '{{slice "abc" 1}}', want: 'bc' },
  { functions: 'sprig', template: '{{slice "abc" 1}}', error: 'template: t:1:2: executing "t" at <slice "abc" 1>: error calling slice: list should be type of slice or array but string' },
  { functions: 'builtin', template: '{{slice .l 1 2 3}}', want: '[2]' },
  { functions: 'sprig', template: '{{slice .l 1 2 3}}', want: '[2]' },
  { functions: 'sprig', template: '{{slice .l 2 1}}', error: 'template: t:1:2: executing "t" at <slice .l 2 1>: error calling slice: reflect.Value.Slice: slice index out of bounds' },
]
for (const c of overrides) {
  test(`with functions: '${c.functions}', ${c.template} is ${c.want === undefined ? 'an error' : JSON.stringify(c.want)}, as in Go`, () => {
    const run = () => renderTemplate(c.template, { l: [1, 2, 3] }, { functions: c.functions })
    if (c.error === undefined) assert.equal(run(), c.want)
    else assert.throws(run, (e: unknown) => e instanceof TemplateError && e.message === c.error)
  })
}

// ---- FuncError ----

test('FuncError is an Error named FuncError, carrying only its message', () => {
  const e = new FuncError('bad input')
  assert.ok(e instanceof Error)
  assert.equal(e.name, 'FuncError')
  assert.equal(e.message, 'bad input')
})

// ---- a FuncDef as the executor sees it ----

interface Run {
  output?: string
  error?: string
  nondeterministic: string[]
}

function run(template: string, funcs: FuncMap, data: GoValue = undefined, context: ExecContext = { random: () => 0.25, now: () => new Date(Date.UTC(2001, 1, 3)) }): Run {
  const nondeterministic: string[] = []
  const trees = parse('t', template, { delimiters: ['{{', '}}'], hasFunction: (f) => funcs.has(f) })
  const executor = new Executor(trees, funcs, { missingKey: 'default', maxDepth: 100, maxOutputBytes: 1 << 20, context, onNondeterministic: (n) => nondeterministic.push(n) }, 't')
  try {
    return { output: new TextDecoder().decode(bytesOf(executor.execute(data))), nondeterministic }
  } catch (e) {
    assert.ok(e instanceof TemplateError, `not a TemplateError: ${e}`)
    return { error: e.message, nondeterministic }
  }
}

const custom = funcMap([
  def('fails', () => {
    throw new FuncError('no such thing')
  }),
  def('crashes', () => {
    throw new TypeError('CANARY cannot read properties of undefined')
  }),
  def('year', (ctx) => BigInt(ctx.now().getUTCFullYear())),
  def('draw', (ctx) => ctx.random(), [], { nondeterministic: true }),
  def('upper', (_c, s) => String(s).toUpperCase(), ['string']),
  def('count', (_c, ...xs) => BigInt(xs.length), ['string'], { variadic: 'int' }),
  def('pair', (_c, a, b) => `${a}/${b}`, ['int', 'bool']),
  def('first', (_c, a) => a, ['any'], { variadic: 'any' }),
])

const rows: { name: string; template: string; data?: GoValue; want?: string; error?: string; nondeterministic?: string[] }[] = [
  { name: 'a FuncError becomes the call\'s "error calling NAME"', template: '{{fails}}', error: 'template: t:1:2: executing "t" at <fails>: error calling fails: no such thing' },
  {
    name: "any other exception is this engine's fault, reported without its text",
    template: '{{crashes}}',
    error: 'template: t:1:2: executing "t" at <crashes>: error calling crashes: internal error in this engine\'s crashes (please report it)',
  },
  { name: 'fn receives the execution context (the clock)', template: '{{year}}', want: '2001' },
  { name: 'a nondeterministic function is reported by name, once per call', template: '{{draw}} {{draw}}', want: '0.25 0.25', nondeterministic: ['draw', 'draw'] },
  { name: 'a deterministic function is not reported', template: '{{year}}', want: '2001', nondeterministic: [] },
  { name: 'a string parameter takes a string', template: '{{upper "abc"}} {{"x" | upper}}', want: 'ABC X' },
  { name: 'a string parameter rejects an int literal', template: '{{upper 1}}', error: 'template: t:1:8: executing "t" at <1>: expected string; found 1' },
  { name: 'a fixed parameter count is enforced', template: '{{upper "a" "b"}}', error: 'template: t:1:2: executing "t" at <upper>: wrong number of args for upper: want 1 got 2' },
  { name: 'a variadic tail takes any number', template: '{{count "a"}} {{count "a" 1 2 3}}', want: '1 4' },
  { name: 'a variadic function still needs its fixed parameters', template: '{{count}}', error: 'template: t:1:2: executing "t" at <count>: wrong number of args for count: want at least 1 got 0' },
  { name: 'the variadic kind applies to every extra argument', template: '{{count "a" 1 "b"}}', error: 'template: t:1:14: executing "t" at <"b">: expected integer; found "b"' },
  { name: 'int and bool parameters', template: '{{pair 3 true}}', want: '3/true' },
  { name: 'a bool parameter rejects an int', template: '{{pair 3 4}}', error: 'template: t:1:9: executing "t" at <4>: expected bool; found 4' },
  { name: 'an any parameter takes nil; a nil result prints as Go prints a nil interface{}', template: '{{first nil 1}}', want: '<no value>' },
]
for (const r of rows) {
  test(`FuncDef: ${r.name}`, () => {
    const got = run(r.template, custom, r.data)
    if (r.error !== undefined) assert.equal(got.error, r.error)
    else assert.equal(got.output, r.want, got.error)
    if (r.nondeterministic) assert.deepEqual(got.nondeterministic, r.nondeterministic)
    assert.doesNotMatch(got.error ?? '', /CANARY/)
  })
}

test("a function's context is the one the executor was given", () => {
  const seen: ExecContext[] = []
  const funcs = funcMap([
    def('probe', (ctx) => {
      seen.push(ctx)
      return ''
    }),
  ])
  const context: ExecContext = { random: () => 0, now: () => new Date(0) }
  run('{{probe}}{{probe}}', funcs, undefined, context)
  assert.equal(seen.length, 2)
  assert.ok(seen.every((c) => c === context))
})
