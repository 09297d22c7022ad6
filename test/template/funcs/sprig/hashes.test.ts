// Sprig's checksums (src/template/funcs/sprig/hashes.ts).
// Each row is pinned, and the same templates are compared with real Go + Sprig (the oracle).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: { template: string; data?: unknown; want: string | RegExp }[] = [
  { template: '{{ sha256sum "abc" }}', want: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  { template: '{{ sha1sum "abc" }}', want: 'a9993e364706816aba3e25717850c26c9cd0d89d' },
  { template: '{{ adler32sum "Wikipedia" }} {{ adler32sum "" }}', want: '300286872 1' },
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
