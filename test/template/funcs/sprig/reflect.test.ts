// Sprig's reflection functions (src/template/funcs/sprig/reflect.ts).
// Each row is pinned, and the same templates are compared with real Go + Sprig (the oracle).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: { template: string; data?: unknown; want: string | RegExp }[] = [
  { template: '{{ kindOf "a" }} {{ kindOf 1 }} {{ kindOf 1.5 }} {{ kindOf (list) }} {{ kindOf (dict) }} {{ kindOf nil }}', want: 'string int float64 slice map invalid' },
  { template: '{{ typeOf .x }} {{ typeOf (list) }} {{ typeOf (dict) }} {{ typeOf "s" }}', data: { x: 1 }, want: 'float64 []interface {} map[string]interface {} string' },
  { template: '{{ typeIs "string" "a" }} {{ typeIs "int" 1.5 }} {{ typeIsLike "string" "a" }} {{ kindIs "map" (dict) }} {{ kindIs "slice" "x" }}', want: 'true false true true false' },
  { template: '{{ deepEqual (list 1 2) (list 1 2) }} {{ deepEqual 1 1.0 }} {{ deepEqual (dict "a" 1) (dict "a" 1) }} {{ deepEqual "a" "b" }}', want: 'true false true false' },
]
for (const r of rows) {
  test(`${r.template}${r.data ? ' ' + JSON.stringify(r.data) : ''}`, () => {
    if (typeof r.want === 'string') assert.equal(render(r.template, r.data ?? null), r.want)
    else assert.throws(() => render(r.template, r.data ?? null), r.want)
  })
}

test('the rows agree with Go', () => {
  assert.deepEqual(differencesFromGo(rows.map((r) => ({ template: r.template, data: r.data ?? null, funcs: 'sprig' as const }))), [])
})
