// Sprig's dict functions (src/template/funcs/sprig/dicts.ts).
// Each row is pinned, and the same templates are compared with real Go + Sprig (the oracle).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: { template: string; data?: unknown; want: string | RegExp }[] = [
  { template: '{{ dict "a" 1 "b" }} {{ get (dict "a" 1) "a" }} {{ get (dict) "x" }} {{ hasKey (dict "a" 1) "a" }}', want: 'map[a:1 b:] 1  true' },
  { template: '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }} {{ unset $d "a" }}', want: 'map[a:1 b:2] map[b:2]' },
  { template: '{{ keys (dict "b" 1 "a" 2) | sortAlpha }} {{ values (dict "a" 2) }} {{ pick (dict "a" 1 "b" 2) "a" }} {{ omit (dict "a" 1 "b" 2) "a" }}', want: '[a b] [2] map[a:1] map[b:2]' },
  { template: '{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }} {{ dig "a" "b" "none" (dict "a" (dict "b" 5)) }} {{ dig "x" "none" (dict) }}', want: '[1 3] 5 none' },
  { template: '{{ $c := deepCopy (dict "a" (list 1)) }}{{ $c }}', want: 'map[a:[1]]' },
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
