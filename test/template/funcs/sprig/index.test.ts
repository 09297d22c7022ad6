// Sprig's function map as assembled (src/template/funcs/sprig/index.ts): one definition per name,
// Sprig's second names and must* variants, and none of the functions ESO removes.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SPRIG, withMustVariants } from '../../../../src/template/funcs/sprig/index.ts'
import type { FuncDef } from '../../../../src/template/funcs/registry.ts'

const byName = new Map(SPRIG.map((d) => [d.name, d]))

test('every name is defined once', () => assert.equal(byName.size, SPRIG.length))

const aliases: [string, string][] = [
  ['push', 'append'],
  ['tuple', 'list'],
  ['biggest', 'max'],
]
for (const [alias, of] of aliases) test(`${alias} is ${of} under a second name`, () => assert.equal(byName.get(alias)!.fn, byName.get(of)!.fn))

for (const name of ['mustFirst', 'mustPush', 'mustToJson', 'mustRegexFind', 'mustDeepCopy', 'mustMerge', 'mustToDate', 'mustFromJson', 'mustSlice']) {
  test(`${name} is defined`, () => assert.ok(byName.has(name)))
}
for (const name of ['env', 'expandenv', 'getHostByName', 'mustUntil']) test(`${name} is not defined`, () => assert.equal(byName.has(name), false))

test('withMustVariants copies only names that exist', () => {
  const defs: FuncDef[] = [{ name: 'first', params: ['any'], fn: () => null }]
  assert.deepEqual(
    withMustVariants(defs, ['first', 'nope']).map((d) => d.name),
    ['first', 'mustFirst'],
  )
})
