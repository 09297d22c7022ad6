// Sprig's list functions (src/template/funcs/sprig/lists.ts).
// Each row is pinned, and the same templates are compared with real Go + Sprig (the oracle).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: { template: string; data?: unknown; want: string | RegExp }[] = [
  { template: '{{ list 1 "a" }} {{ first (list 1 2) }} {{ last (list 1 2) }} {{ rest (list 1 2 3) }} {{ initial (list 1 2 3) }}', want: '[1 a] 1 2 [2 3] [1 2]' },
  { template: '{{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ reverse (list 1 2 3) }} {{ concat (list 1) (list 2 3) }}', want: '[1 2] [0 1] [3 2 1] [1 2 3]' },
  { template: '{{ uniq (list 1 1 2 1) }} {{ has 2 (list 1 2) }} {{ without (list 1 2 3 2) 2 }} {{ compact (list 0 1 "" "a" nil) }}', want: '[1 2] true [1 3] [1 a]' },
  { template: '{{ sortAlpha (list "b" "a" "B") }} {{ chunk 2 (list 1 2 3) }} {{ slice (list 1 2 3) 1 }} {{ until 3 }} {{ untilStep 1 7 3 }}', want: '[B a b] [[1 2] [3]] [2 3] [0 1 2] [1 4]' },
  { template: '{{ first "x" }}', want: /Cannot find first on type string/ },
  { template: '{{ slice (list 1 2) 3 }}', want: /slice index out of bounds/ },
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
