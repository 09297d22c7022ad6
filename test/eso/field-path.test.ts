// src/eso/field-path.ts: ajv's JSON pointers as the field paths Kubernetes users read.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fieldPathOf } from '../../src/eso/field-path.ts'

const cases: { pointer: string; extra?: string; want: string }[] = [
  { pointer: '', want: '' },
  { pointer: '', extra: 'spec', want: 'spec' },
  { pointer: '/spec', want: 'spec' },
  { pointer: '/spec/data/0/remoteRef', want: 'spec.data[0].remoteRef' },
  { pointer: '/spec/data/12', extra: 'secretKey', want: 'spec.data[12].secretKey' },
  { pointer: '/spec/dataFrom/1/extract', extra: 'key', want: 'spec.dataFrom[1].extract.key' },
  { pointer: '/metadata/labels/app.kubernetes.io~1name', want: 'metadata.labels["app.kubernetes.io/name"]' },
  { pointer: '/metadata/annotations/a~0b', want: 'metadata.annotations["a~b"]' },
  { pointer: '/spec/target/template/data/tls.crt', want: 'spec.target.template.data["tls.crt"]' },
  { pointer: '/spec/target/template/data/with space', want: 'spec.target.template.data["with space"]' },
  { pointer: '/spec/target/template/data/9lives', want: 'spec.target.template.data["9lives"]' },
  { pointer: '/spec/target/template/data/snake_case-key', want: 'spec.target.template.data.snake_case-key' },
  { pointer: '/spec', extra: 'unknownField', want: 'spec.unknownField' },
  { pointer: '/spec', extra: 'we"ird', want: 'spec["we\\"ird"]' },
  // An escaped ~1 decodes before ~0, as RFC 6901 orders it: "~01" is "~1", not "/".
  { pointer: '/x/~01', want: 'x["~1"]' },
]
for (const c of cases) {
  test(`fieldPathOf(${JSON.stringify(c.pointer)}${c.extra === undefined ? '' : `, ${JSON.stringify(c.extra)}`}) = ${c.want || '(empty)'}`, () => {
    assert.equal(fieldPathOf(c.pointer, c.extra), c.want)
  })
}
