// Sprig's merge family: mergo v1's rules on map[string]interface{} (ESO's Sprig builds with
// dario.cat/mergo v1). The Go oracle's Debian mergo predates v0.3.15's "Allow overriding non-map
// map element", so the rows marked v1 are checked here, not in the differential test.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'

const rows: [string, unknown, string][] = [
  ['{{ merge (dict "a" "" "b" 1) (dict "a" "x" "b" 2 "c" 3) | toJson }}', null, '{"a":"x","b":1,"c":3}'],
  ['{{ mergeOverwrite (dict "a" "x" "b" 1) (dict "a" "" "b" 0) | toJson }}', null, '{"a":"","b":0}'],
  ['{{ merge (dict "a" (dict "x" 1)) (dict "a" (dict "x" 2 "y" 3)) | toJson }}', null, '{"a":{"x":1,"y":3}}'],
  ['{{ mergeOverwrite (dict "a" (dict "x" 1)) (dict "a" (dict "x" 2 "y" 3)) | toJson }}', null, '{"a":{"x":2,"y":3}}'],
  ['{{ merge (dict "a" "s") (dict "a" nil) | toJson }}|{{ mergeOverwrite (dict "a" "s") (dict "a" nil) | toJson }}', null, '{"a":"s"}|{"a":null}'],
  ['{{ merge (dict "l" (list 1)) (dict "l" (list 2)) | toJson }}|{{ mergeOverwrite (dict "l" (list 1)) (dict "l" (list)) | toJson }}', null, '{"l":[1]}|{"l":[]}'],
  // v1: a map overrides a non-empty non-map value when overwriting; without overwrite dst stays.
  ['{{ mergeOverwrite (dict "a" "s") (dict "a" (dict "y" 3)) | toJson }}|{{ merge (dict "a" "s") (dict "a" (dict "y" 3)) | toJson }}', null, '{"a":{"y":3}}|{"a":"s"}'],
  ['{{ $_ := merge .dst .src }}{{ .dst }}', { dst: { a: 'one' }, src: { a: 1, b: 2 } }, 'map[a:one b:2]'],
  ['{{ mustMergeOverwrite (dict) (dict "k" "v") | toJson }}', null, '{"k":"v"}'],
]

for (const [src, data, want] of rows) test(`merge: ${src}`, () => assert.equal(renderTemplate(src, data, { functions: 'sprig' }), want))

test('merge: an ESO string map is not a dict', () => {
  assert.throws(() => renderTemplate('{{ merge . (dict) }}', { a: 'b' }, { functions: 'eso', stringMap: true }), /expected map\[string\]interface \{\}; got map\[string\]string/)
})
