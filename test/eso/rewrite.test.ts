// src/eso/rewrite.ts: ESO v2.9's dataFrom[].rewrite. The first two tables are ESO's own unit
// tests, ported case for case (runtime/esutils/utils_test.go TestRewrite, TestRewriteMerge at
// v2.9.0): same operations, same input, same output or failure. The rest pins what ESO's code
// (runtime/esutils/utils.go RewriteMap, RewriteRegexp, RewriteTransform, RewriteMerge) does that its
// tests do not show: its error texts, JSON strategy encoding, Go's Expand rules, and the cases
// eso-render must decide because ESO's result is random (two keys rewritten to one).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applyRewrites, planRewrites, type RewriteOp, type TransformRunner } from '../../src/eso/rewrite.ts'
import { loadTemplateEngine, transformRunner } from '../../src/eso/template.ts'
import { RenderError } from '../../src/errors.ts'
import { fromUtf8, utf8 } from '../../src/eso/bytes.ts'

const engine = await loadTemplateEngine()
const runner: TransformRunner = transformRunner({ engine, showTemplateErrors: false })

const bytesOf = (m: Record<string, string>) => new Map(Object.entries(m).map(([k, v]) => [k, utf8(v)]))
const textOf = (m: Map<string, Uint8Array>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, fromUtf8(v)]))
function ops(raw: unknown[]): RewriteOp[] {
  const { rewrites, errors } = planRewrites(raw, 'spec.dataFrom[0]')
  assert.deepEqual(errors, [])
  return rewrites
}
const run = (raw: unknown[], input: Record<string, string>) => textOf(applyRewrites(bytesOf(input), ops(raw), runner))

// utils_test.go TestRewrite.
const rewriteCases: { name: string; ops: unknown[]; in: Record<string, string>; want?: Record<string, string> }[] = [
  {
    name: 'using double merge',
    ops: [{ merge: { strategy: 'JSON', conflictPolicy: 'Ignore', into: 'merged', priority: ['a'] } }, { merge: { strategy: 'Extract', conflictPolicy: 'Ignore', priority: ['b'] } }],
    in: { a: '{"host": "dba", "pass": "yola", "port": 123}', b: '{"host": "dbb", "pass": "yolb"}' },
    want: { host: 'dbb', pass: 'yolb', port: '123' },
  },
  {
    name: 'using regexp and merge',
    ops: [{ regexp: { source: 'db/(.*)', target: '$1' } }, { merge: { strategy: 'JSON', conflictPolicy: 'Ignore', into: 'merged', priority: ['a'] } }],
    in: { 'db/a': '{"host": "dba.example.com"}', 'db/b': '{"host": "dbb.example.com", "pass": "yolo"}' },
    want: { a: '{"host": "dba.example.com"}', b: '{"host": "dbb.example.com", "pass": "yolo"}', merged: '{"host":"dba.example.com","pass":"yolo"}' },
  },
  { name: 'replace of a single key', ops: [{ regexp: { source: '-', target: '_' } }], in: { 'foo-bar': 'bar' }, want: { foo_bar: 'bar' } },
  { name: 'no operation', ops: [{ regexp: { source: 'hello', target: 'world' } }], in: { foo: 'bar' }, want: { foo: 'bar' } },
  { name: 'removing prefix from keys', ops: [{ regexp: { source: '^my/initial/path/', target: '' } }], in: { 'my/initial/path/foo': 'bar' }, want: { foo: 'bar' } },
  {
    name: 'using un-named capture groups',
    ops: [{ regexp: { source: 'f(.*)o', target: 'a_new_path_$1' } }],
    in: { foo: 'bar', foodaloo: 'barr' },
    want: { a_new_path_o: 'bar', a_new_path_oodalo: 'barr' },
  },
  {
    name: 'using named and numbered capture groups',
    ops: [{ regexp: { source: 'f(?P<content>.*)o', target: 'a_new_path_${content}_${1}' } }],
    in: { foo: 'bar', floo: 'barr' },
    want: { a_new_path_o_o: 'bar', a_new_path_lo_lo: 'barr' },
  },
  {
    name: 'using sequenced rewrite operations',
    ops: [{ regexp: { source: 'my/(.*?)/bar/(.*)', target: '$1-$2' } }, { regexp: { source: '-', target: '_' } }, { regexp: { source: 'ass', target: '***' } }],
    in: { 'my/app/bar/key': 'bar', 'my/app/bar/password': 'barr' },
    want: { app_key: 'bar', 'app_p***word': 'barr' },
  },
  {
    name: 'using transform rewrite operation to create env var format keys',
    ops: [{ regexp: { source: 'my/(.*?)/bar/(.*)', target: '$1-$2' } }, { transform: { template: '{{ .value | upper | replace "-" "_" }}' } }],
    in: { 'my/app/bar/key': 'bar' },
    want: { APP_KEY: 'bar' },
  },
]

for (const c of rewriteCases) test(`ESO TestRewrite: ${c.name}`, () => assert.deepEqual(run(c.ops, c.in), c.want))

// utils_test.go TestRewriteMerge (an empty merge is the CRD's defaults: Extract, conflictPolicy
// Error, priorityPolicy Strict; Go's zero values behave the same in RewriteMerge).
const creds = { 'mongo-credentials': '{"username": "foz", "password": "baz"}', 'redis-credentials': '{"host": "redis.example.com", "port": "6379"}' }
const mergeCases: { name: string; merge: Record<string, unknown>; in: Record<string, string>; want?: Record<string, string> }[] = [
  { name: 'using empty merge', merge: {}, in: creds, want: { username: 'foz', password: 'baz', host: 'redis.example.com', port: '6379' } },
  {
    name: 'using priority',
    merge: { conflictPolicy: 'Ignore', priority: ['mongo-credentials', 'redis-credentials'] },
    in: { ...creds, 'other-credentials': '{"key": "value", "host": "other.example.com"}' },
    want: { username: 'foz', password: 'baz', host: 'redis.example.com', port: '6379', key: 'value' },
  },
  { name: 'using priority with keys not in input (default strict)', merge: { conflictPolicy: 'Ignore', priority: ['non-existent-key', 'another-missing-key', 'mongo-credentials'] }, in: creds },
  {
    name: 'using priority with keys not in input and ignore policy',
    merge: { conflictPolicy: 'Ignore', priority: ['non-existent-key', 'mongo-credentials'], priorityPolicy: 'IgnoreNotFound' },
    in: creds,
    want: { username: 'foz', password: 'baz', host: 'redis.example.com', port: '6379' },
  },
  {
    name: 'using conflict policy error',
    merge: { conflictPolicy: 'Error' },
    in: { 'mongo-credentials': '{"username": "foz", "password": "baz"}', 'redis-credentials': '{"username": "redis", "port": "6379"}' },
  },
  // json.Marshal of the merged map[string]any: keys sorted.
  {
    name: 'using JSON strategy',
    merge: { strategy: 'JSON', into: 'credentials' },
    in: creds,
    want: { ...creds, credentials: '{"host":"redis.example.com","password":"baz","port":"6379","username":"foz"}' },
  },
  { name: 'using JSON strategy without into', merge: { strategy: 'JSON' }, in: creds },
  { name: 'with invalid JSON', merge: {}, in: { 'invalid-json': '{"username": "foz", "password": "baz"' } },
]

for (const c of mergeCases) {
  test(`ESO TestRewriteMerge: ${c.name}`, () => {
    if (c.want) assert.deepEqual(run([{ merge: c.merge }], c.in), c.want)
    else assert.throws(() => run([{ merge: c.merge }], c.in), RenderError)
  })
}

// ESO's error texts: RewriteMap's "failed rewrite operation[j]", wrapped in the controller's
// errRewrite (externalsecret_controller.go), at the operation's field.
const errorCases: { name: string; ops: unknown[]; in: Record<string, string>; code: string; field: string; message: string }[] = [
  {
    name: 'strict priority, key missing',
    ops: [{ regexp: { source: 'x', target: 'y' } }, { merge: { priority: ['nope'] } }],
    in: { a: '{}' },
    code: 'VALUE_INVALID',
    field: 'spec.dataFrom[0].rewrite[1].merge',
    message: 'error applying rewrite to keys: failed rewrite operation[1]: merge failed with key "nope" not found in input map',
  },
  {
    name: 'conflicts, listed in order',
    ops: [{ merge: {} }],
    in: { a: '{"u": 1, "p": 2}', b: '{"u": 3, "p": 4}' },
    code: 'VALUE_INVALID',
    field: 'spec.dataFrom[0].rewrite[0].merge',
    message: 'error applying rewrite to keys: failed rewrite operation[0]: merge failed with conflicts: p, u',
  },
  {
    name: 'JSON without into',
    ops: [{ merge: { strategy: 'JSON' } }],
    in: { a: '{"u": 1}' },
    code: 'VALUE_INVALID',
    field: 'spec.dataFrom[0].rewrite[0].merge',
    message: "error applying rewrite to keys: failed rewrite operation[0]: merge failed with missing 'into' field",
  },
  {
    name: 'a value that is not a JSON object (no value quoted)',
    ops: [{ merge: {} }],
    in: { a: '"MERGE-CANARY-5d1"' },
    code: 'VALUE_INVALID',
    field: 'spec.dataFrom[0].rewrite[0].merge',
    message: 'error applying rewrite to keys: failed rewrite operation[0]: merge failed with failed to unmarshal JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
  },
  {
    name: 'a transform that fails: what the function said is withheld',
    ops: [{ transform: { template: '{{ fail (printf "no %s" .value) }}' } }],
    in: { 'db-key': 'x' },
    code: 'TEMPLATE_FAILED',
    field: 'spec.dataFrom[0].rewrite[0].transform.template',
    message:
      'error applying rewrite to keys: failed rewrite operation[0]: transform failed with failed to execute template for key "db-key": template: transform:1:3: executing "transform" at <fail (printf "no %s" .value)>: error calling fail: the template failed (its message is withheld: it may carry secret data; the operator can set ESO_RENDER_SHOW_TEMPLATE_ERRORS=true to see it)',
  },
  {
    name: 'a transform that does not parse fails even over no keys (ESO parses first)',
    ops: [{ transform: { template: '{{ .value ' } }],
    in: {},
    code: 'TEMPLATE_FAILED',
    field: 'spec.dataFrom[0].rewrite[0].transform.template',
    message: 'error applying rewrite to keys: failed rewrite operation[0]: transform failed with failed to parse template: template: transform:1: unclosed action',
  },
  {
    name: 'two keys rewritten to one with different values: ESO keeps one at random',
    ops: [{ regexp: { source: '^(dev|prod)-', target: '' } }],
    in: { 'dev-url': 'COLLIDE-CANARY-a', 'prod-url': 'COLLIDE-CANARY-b' },
    code: 'VALUE_INVALID',
    field: 'spec.dataFrom[0].rewrite[0].regexp',
    message:
      'error applying rewrite to keys: failed rewrite operation[0]: keys "dev-url" and "prod-url" both become "url" with different values; ESO writes them into a Go map in random order, so which value the Secret holds is random and can change on every refresh (make the rewrite keep them apart)',
  },
  {
    name: 'a transform that maps every key to one',
    ops: [{ transform: { template: 'same' } }],
    in: { a: '1', b: '2' },
    code: 'VALUE_INVALID',
    field: 'spec.dataFrom[0].rewrite[0].transform.template',
    message:
      'error applying rewrite to keys: failed rewrite operation[0]: keys "a" and "b" both become "same" with different values; ESO writes them into a Go map in random order, so which value the Secret holds is random and can change on every refresh (make the rewrite keep them apart)',
  },
]

for (const c of errorCases) {
  test(`rewrite error: ${c.name}`, () => {
    assert.throws(
      () => run(c.ops, c.in),
      (e: unknown) => {
        assert.ok(e instanceof RenderError)
        assert.equal(e.message, c.message)
        assert.equal(e.code, c.code)
        assert.equal(e.fieldPath, c.field)
        assert.ok(!e.message.includes('CANARY'))
        return true
      },
    )
  })
}

test('rewrite: keys that collide on the same value are one key, as in ESO (whichever wins, the Secret is the same)', () => {
  assert.deepEqual(run([{ regexp: { source: '^(dev|prod)-', target: '' } }], { 'dev-url': 'same', 'prod-url': 'same' }), { url: 'same' })
})

// RewriteRegexp is regexp.ReplaceAllString: Go's Expand ($1x names "1x"; ${1}x is group 1 then x),
// every match replaced (not only the first), leftmost-first, RE2 syntax.
const regexpCases: { source: string; target: string; key: string; want: string }[] = [
  { source: '(a)', target: '$1x', key: 'a', want: '' },
  { source: '(a)', target: '${1}x', key: 'a', want: 'ax' },
  { source: '(?P<env>dev|prod)_(?P<name>.+)', target: '${name}.${env}', key: 'prod_db', want: 'db.prod' },
  { source: '_', target: '-', key: 'a_b_c', want: 'a-b-c' },
  { source: '$', target: '.txt', key: 'cert', want: 'cert.txt' },
  { source: '(?i)PASS', target: 'pw', key: 'PassWord', want: 'pwWord' },
  { source: '\\$', target: '$$', key: 'a$b', want: 'a$b' },
  { source: '(?U)a+', target: 'b', key: 'aaa', want: 'bbb' },
]

test('rewrite regexp: Go ReplaceAllString over each key', () => {
  for (const c of regexpCases) assert.deepEqual(run([{ regexp: { source: c.source, target: c.target } }], { [c.key]: 'v' }), { [c.want]: 'v' }, `${c.source} → ${c.target} over ${c.key}`)
})

test('rewrite transform: .value is the key, ESO functions, missing keys print <no value>, no actions is a constant', () => {
  assert.deepEqual(run([{ transform: { template: '{{ .value | snakecase }}' } }], { dbPassword: 'x' }), { db_password: 'x' })
  assert.deepEqual(run([{ transform: { template: 'k-{{ .other }}' } }], { a: 'x' }), { 'k-<no value>': 'x' })
  assert.deepEqual(run([{ transform: { template: 'fixed' } }], { only: 'x' }), { fixed: 'x' })
  // Its own delimiters: ESO parses with template.New, whatever the operator's target-template delimiters.
  assert.deepEqual(run([{ transform: { template: '<< .value >>{{ .value }}' } }], { a: 'x' }), { '<< .value >>a': 'x' })
})

test('rewrite merge: JSON strategy writes as ESO JSONMarshal does (no HTML escaping, float64 numbers); Extract as GetByteValue', () => {
  const input = { a: '{"n": 1.50, "h": "<&>", "o": {"x": 2}}', b: '{"l": [1, "s"], "t": true, "z": null}' }
  assert.deepEqual(run([{ merge: { strategy: 'JSON', into: 'all' } }], input), { ...input, all: '{"h":"<&>","l":[1,"s"],"n":1.5,"o":{"x":2},"t":true,"z":null}' })
  assert.deepEqual(run([{ merge: {} }], input), { h: '<&>', l: '[1,"s"]', n: '1.5', o: '{"x":2}', t: 'true', z: '' })
  // json.Unmarshal of null into a map: a nil map, no keys, no error.
  assert.deepEqual(run([{ merge: {} }], { a: 'null', b: '{"k": "v"}' }), { k: 'v' })
})

test("planRewrites: an invalid regexp is refused with Go's message at its source field, before anything runs", () => {
  const { rewrites, errors } = planRewrites([{ transform: { template: 'x' } }, { regexp: { source: '(a', target: '' } }], 'spec.dataFrom[2]')
  assert.equal(rewrites.length, 1)
  assert.deepEqual(errors, [
    {
      fieldPath: 'spec.dataFrom[2].rewrite[1].regexp.source',
      message: 'error applying rewrite to keys: failed rewrite operation[1]: regexp failed with failed to compile: error parsing regexp: missing closing ): `(a`',
    },
  ])
  assert.deepEqual(
    planRewrites([{ merge: {} }], 'spec.dataFrom[0]', 'external-secrets.io/v1beta1').errors.map((e) => e.fieldPath),
    ['spec.dataFrom[0].rewrite[0].merge'],
  )
})

test('rewrite regexp: a catastrophic pattern over long keys finishes (RE2, linear time)', () => {
  const keys = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${'a'.repeat(5000)}${i}`, 'v']))
  const start = performance.now()
  const out = run([{ regexp: { source: '^(a+)+$', target: 'x' } }], keys)
  assert.equal(Object.keys(out).length, 20)
  assert.ok(performance.now() - start < 2000, `took ${Math.round(performance.now() - start)} ms`)
})

// A target of `$0`s doubles a key per operation: three such operations ran for minutes. A rewrite
// whose output could pass 64 KiB is refused before it runs, at that operation's field.
test('rewrite: a chain that would grow a key without bound is refused before it runs, naming the operation', () => {
  const doubling = { regexp: { source: '.', target: '$0'.repeat(2000) } }
  const started = Date.now()
  assert.throws(
    () => run([doubling, doubling, doubling], { a: 'v' }),
    (e: unknown) =>
      e instanceof RenderError &&
      e.code === 'VALUE_INVALID' &&
      e.fieldPath === 'spec.dataFrom[0].rewrite[1].regexp' &&
      /a key of 2000 characters could become up to \d+ \(2000 matches\), over the 65536 a rewrite may make/.test(e.message),
  )
  assert.ok(Date.now() - started < 5_000, `refused after ${Date.now() - started} ms`)
  // One doubling is fine: 2,000 characters.
  assert.equal(Object.keys(run([doubling], { a: 'v' }))[0]!.length, 2000)
  // A usual rename of a long key is not refused.
  assert.deepEqual(run([{ regexp: { source: '^db-(.*)$', target: 'x-$1' } }], { [`db-${'k'.repeat(300)}`]: 'v' }), { [`x-${'k'.repeat(300)}`]: 'v' })
})

test('rewrite regexp: a large program over the keys is refused before it runs (synchronous work no deadline can stop)', () => {
  // 60,000 instructions over 2,000 characters of keys: 120 million units of matching, over the bound.
  const keys = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${'k'.repeat(99)}${i % 10}${i >= 10 ? 'x' : ''}`, 'v']))
  assert.throws(
    () => run([{ regexp: { source: '\\w{1000}'.repeat(60), target: 'x' } }], keys),
    (e: RenderError) =>
      e.code === 'VALUE_INVALID' &&
      e.fieldPath === 'spec.dataFrom[0].rewrite[0].regexp' &&
      /its program \(about 60060 instructions\) over these keys is about \d+ steps of matching, over the 100000000/.test(e.message),
  )
  // A small program over the same keys runs.
  assert.equal(Object.keys(run([{ regexp: { source: '^k+', target: 'x' } }], keys)).length, 20)
})
