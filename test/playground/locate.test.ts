// Where the playground marks an error (src/playground/locate.ts): the node a field path names, and
// Go's template line and column carried into the editor's lines.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { LineCounter, parseDocument } from 'yaml'
import { fieldPathSegments, locateFieldPath, locateTemplateError } from '../../src/playground/locate.ts'

test('field paths as the errors write them', () => {
  assert.deepEqual(fieldPathSegments('spec.target.template.data["tls.crt"]'), ['spec', 'target', 'template', 'data', 'tls.crt'])
  assert.deepEqual(fieldPathSegments('spec.target.template.templateFrom[1].configMap.items[0].key'), ['spec', 'target', 'template', 'templateFrom', 1, 'configMap', 'items', 0, 'key'])
  assert.deepEqual(fieldPathSegments('spec.target.template.metadata.labels["a\\"b"]'), ['spec', 'target', 'template', 'metadata', 'labels', 'a"b'])
})

const source = `spec:
  target:
    template:
      data:
        plain: a{{ .a }}x
        quoted: "é {{ .b }}"
        block: |
          line one
            {{ .c }}
`
const lines = new LineCounter()
const doc = parseDocument(source, { lineCounter: lines })

const rows: { name: string; path: string; message?: string; want: { line: number; column: number } | undefined }[] = [
  { name: 'a field', path: 'spec.target.template', want: { line: 4, column: 7 } },
  { name: 'a missing key at its nearest parent', path: 'spec.target.template.type', want: { line: 4, column: 7 } },
  { name: 'Go column in a plain scalar', path: 'spec.target.template.data["plain"]', message: 'template: plain:1:4: executing', want: { line: 5, column: 20 } },
  // Go counts bytes: é is two.
  { name: 'Go column in a quoted scalar, bytes to characters', path: 'spec.target.template.data["quoted"]', message: 'x: template: quoted:1:6: executing', want: { line: 6, column: 23 } },
  { name: 'Go line and column in a block scalar', path: 'spec.target.template.data["block"]', message: 'template: block:2:5: executing', want: { line: 9, column: 16 } },
  { name: 'a parse error has the line only', path: 'spec.target.template.data["block"]', message: 'template: block:2: unexpected', want: { line: 9, column: 11 } },
  { name: 'no Go location', path: 'spec.target.template.data["block"]', message: 'could not unmarshal', want: undefined },
]
for (const row of rows) {
  test(`locate: ${row.name}`, () => {
    const got = row.message === undefined ? locateFieldPath(doc, lines, row.path) : locateTemplateError(doc, lines, source, row.path, row.message)
    assert.deepEqual(got, row.want)
  })
}
