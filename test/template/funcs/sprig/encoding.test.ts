// Sprig's encoding functions (src/template/funcs/sprig/encoding.ts): base64, base32 and JSON.
// Each row is pinned, and the same templates are compared with real Go + Sprig (the oracle).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: { template: string; data?: unknown; want: string | RegExp }[] = [
  { template: '{{ b64enc "hello" }} {{ b64dec "aGVsbG8=" }} {{ b64dec "!!" }}', want: 'aGVsbG8= hello illegal base64 data at input byte 0' },
  { template: '{{ b32enc "foo" }} {{ b32dec "MZXW6===" }} {{ b32dec "MZXW6" }}', want: 'MZXW6=== foo illegal base32 data at input byte 0' },
  { template: '{{ toJson (dict "b" 1 "a" (list "<x>" 1.5 nil true)) }}', want: '{"a":["\\u003cx\\u003e",1.5,null,true],"b":1}' },
  { template: '{{ toRawJson (dict "a" "<x>&") }}', want: '{"a":"<x>&"}' },
  { template: '{{ toPrettyJson (dict "a" 1 "b" (list 2)) }}', want: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}' },
  { template: '{{ toJson .v }}', data: { v: 1e21 }, want: '1e+21' },
  { template: '{{ (fromJson "{\\"a\\":[1,2]}").a }} {{ fromJson "not json" }}', want: '[1 2] <no value>' },
  { template: '{{ mustFromJson "not json" }}', want: /error calling mustFromJson: invalid JSON/ },
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
