// src/hosts/report.ts: what people read. One stderr line per error or notice, a closing count, a
// summary line, and KRM results with resourceRef, field, file and the error code as a tag.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { errorLines, errorResults, noticeLines, noticeResults, stderrLines, summaryLine } from '../../src/hosts/report.ts'
import { RenderError, RenderErrors } from '../../src/errors.ts'
import type { Notice } from '../../src/pipeline/index.ts'

const CANARY = 'REPORT-CANARY-6a0f2'
const es = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', namespace: 'apps' }

const results: { name: string; error: RenderError; want: ReturnType<typeof errorResults>[number] }[] = [
  { name: 'a bare error', error: new RenderError('INTERNAL', 'm'), want: { message: 'm', severity: 'error', tags: { code: 'INTERNAL' } } },
  {
    name: 'a located error',
    error: new RenderError('PROPERTY_NOT_FOUND', 'cannot find secret data for key: "x"', { resource: es, fieldPath: 'spec.data[0].remoteRef.property', file: { path: 'es.yaml', index: 2 } }),
    want: {
      message: 'cannot find secret data for key: "x"',
      severity: 'error',
      tags: { code: 'PROPERTY_NOT_FOUND' },
      resourceRef: es,
      field: { path: 'spec.data[0].remoteRef.property' },
      file: { path: 'es.yaml', index: 2 },
    },
  },
  {
    name: 'a namespace-less resource without apiVersion and a file without index',
    error: new RenderError('STORE_NOT_FOUND', 'm', { resource: { kind: 'ClusterSecretStore', name: 'css' }, file: { path: 'stdin' } }),
    want: { message: 'm', severity: 'error', tags: { code: 'STORE_NOT_FOUND' }, resourceRef: { kind: 'ClusterSecretStore', name: 'css' }, file: { path: 'stdin' } },
  },
]
for (const c of results) {
  test(`errorResults: ${c.name}`, () => {
    const [got] = errorResults([c.error])
    assert.deepEqual(got, c.want)
    assert.deepEqual(
      Object.keys(got).filter((k) => (got as unknown as Record<string, unknown>)[k] === undefined),
      [],
      'no undefined fields in YAML output',
    )
  })
}

const notices: { name: string; notice: Notice; line: string; result: ReturnType<typeof noticeResults>[number] }[] = [
  {
    name: 'a run-wide info',
    notice: { severity: 'info', message: 'Vault address x replaces every store' },
    line: 'eso-render: info: Vault address x replaces every store\n',
    result: { message: 'Vault address x replaces every store', severity: 'info' },
  },
  {
    name: 'a warning on a resource',
    notice: { severity: 'warning', message: 'skipped', resource: es, fieldPath: 'spec.data[0]' },
    line: 'eso-render: warning: ExternalSecret apps/app: skipped\n',
    result: { message: 'skipped', severity: 'warning', resourceRef: es, field: { path: 'spec.data[0]' } },
  },
  {
    name: 'a namespace-less resource',
    notice: { severity: 'info', message: 'm', resource: { kind: 'ExternalSecret', name: 'x' } },
    line: 'eso-render: info: ExternalSecret x: m\n',
    result: { message: 'm', severity: 'info', resourceRef: { kind: 'ExternalSecret', name: 'x' } },
  },
]
for (const c of notices) {
  test(`notices: ${c.name}`, () => {
    assert.equal(noticeLines([c.notice]), c.line)
    assert.deepEqual(noticeResults([c.notice]), [c.result])
  })
}

test('noticeLines of nothing is empty', () => assert.equal(noticeLines([]), ''))

const lines: { name: string; err: unknown; want: string }[] = [
  { name: 'one error', err: new RenderError('CONFIG_INVALID', 'bad', { fieldPath: 'reloader' }), want: 'eso-render: error: reloader: bad\neso-render: 1 error; nothing was rendered\n' },
  {
    name: 'several errors, sorted and counted',
    err: new RenderErrors([new RenderError('SCHEMA_INVALID', 'b', { file: { path: 'b.yaml' } }), new RenderError('SCHEMA_INVALID', 'a', { file: { path: 'a.yaml', index: 1 } })]),
    want: 'eso-render: error: a.yaml[1]: a\neso-render: error: b.yaml: b\neso-render: 2 errors; nothing was rendered\n',
  },
  {
    name: 'an unknown exception never shows its text',
    err: new Error(`leaked ${CANARY}`),
    want: 'eso-render: error: internal error (Error); this is a bug in eso-render, please report it\neso-render: 1 error; nothing was rendered\n',
  },
]
for (const c of lines) {
  test(`errorLines: ${c.name}`, () => {
    const got = errorLines(c.err)
    assert.equal(got, c.want)
    assert.ok(!got.includes(CANARY))
  })
}

const summaries: { stats: { externalSecrets: number; secrets: number; vaultReads: number }; want: string }[] = [
  { stats: { externalSecrets: 1, secrets: 1, vaultReads: 1 }, want: 'eso-render: 1 ExternalSecret → 1 Secret, 1 Vault read\n' },
  { stats: { externalSecrets: 3, secrets: 2, vaultReads: 0 }, want: 'eso-render: 3 ExternalSecrets → 2 Secrets, 0 Vault reads\n' },
  { stats: { externalSecrets: 0, secrets: 0, vaultReads: 5 }, want: 'eso-render: 0 ExternalSecrets → 0 Secrets, 5 Vault reads\n' },
]
for (const c of summaries) {
  test(`summaryLine ${JSON.stringify(c.stats)}`, () => assert.equal(summaryLine(c.stats), c.want))
}

// Nothing in a message may forge or hide a line: every stderr line is eso-render's.
const lineCases: { name: string; head: string; text: string; expected: string }[] = [
  { name: 'one line', head: 'error: ', text: 'x', expected: 'eso-render: error: x\n' },
  {
    name: "a build tool's lines continue, indented",
    head: 'error: ',
    text: 'helm template failed (exit 1):\nError: a\nError: b',
    expected: 'eso-render: error: helm template failed (exit 1):\neso-render:   Error: a\neso-render:   Error: b\n',
  },
  { name: 'CRLF too', head: 'warning: ', text: 'a\r\nb', expected: 'eso-render: warning: a\neso-render:   b\n' },
  { name: 'a lone CR is escaped, not a line', head: 'error: ', text: 'key a\reso-render: error: forged', expected: 'eso-render: error: key a\\x0deso-render: error: forged\n' },
  { name: 'escape sequences are escaped', head: 'error: ', text: 'a\u001b[2Kb', expected: 'eso-render: error: a\\x1b[2Kb\n' },
  { name: 'Unicode line separators are escaped', head: 'error: ', text: 'a\u2028b\u0085c', expected: 'eso-render: error: a\\u2028b\\x85c\n' },
]
for (const c of lineCases) {
  test(`report: stderr lines: ${c.name}`, () => {
    assert.equal(stderrLines(c.head, c.text), c.expected)
  })
}

test('report: an error whose message has lines gives only eso-render lines', () => {
  const out = errorLines(new RenderErrors([new RenderError('INPUT_INVALID', 'kustomize build failed (exit 1):\nError: accumulating resources\n\tat x', { fieldPath: 'a\nb' })]))
  for (const line of out.trimEnd().split('\n')) assert.match(line, /^eso-render: /)
})
