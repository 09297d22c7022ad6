// src/errors.ts: one line per error, sorted by file, resource and field; identical errors reported
// once; unknown exceptions never leak their text; locate() fills in only what is missing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { asRenderErrors, describeResource, escapeControls, formatError, RenderError, RenderErrors, sortErrors, type RenderErrorDetails } from '../src/errors.ts'

const CANARY = 'ERRORS-CANARY-7d41e'
const es = (name: string, namespace?: string) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name, namespace })

const formats: { name: string; details: RenderErrorDetails; want: string }[] = [
  { name: 'no location', details: {}, want: 'boom' },
  { name: 'a file without index', details: { file: { path: 'a.yaml' } }, want: 'a.yaml: boom' },
  { name: 'a file with index 0', details: { file: { path: 'a.yaml', index: 0 } }, want: 'a.yaml[0]: boom' },
  { name: 'a namespaced resource', details: { resource: es('app', 'apps') }, want: 'ExternalSecret apps/app: boom' },
  { name: 'a namespace-less resource', details: { resource: es('app') }, want: 'ExternalSecret app: boom' },
  { name: 'a field alone', details: { fieldPath: 'spec.data[0]' }, want: 'spec.data[0]: boom' },
  {
    name: 'file, resource and field',
    details: { file: { path: 'items', index: 3 }, resource: es('app', 'apps'), fieldPath: 'spec.data[2].remoteRef.property' },
    want: 'items[3] ExternalSecret apps/app spec.data[2].remoteRef.property: boom',
  },
]
for (const c of formats) {
  test(`formatError: ${c.name} → ${JSON.stringify(c.want)}`, () => {
    assert.equal(formatError(new RenderError('SCHEMA_INVALID', 'boom', c.details)), c.want)
  })
}

test('describeResource names kind, namespace and name', () => {
  assert.equal(describeResource({ kind: 'SecretStore', name: 'vault', namespace: 'apps' }), 'SecretStore apps/vault')
  assert.equal(describeResource({ kind: 'ClusterSecretStore', name: 'vault' }), 'ClusterSecretStore vault')
})

test('RenderError keeps code, location and cause; the cause only when given', () => {
  const cause = new Error('inner')
  const e = new RenderError('VAULT_ERROR', 'm', { resource: es('a', 'n'), fieldPath: 'spec', file: { path: 'f' }, cause })
  assert.equal(e.name, 'RenderError')
  assert.equal(e.code, 'VAULT_ERROR')
  assert.equal(e.fieldPath, 'spec')
  assert.deepEqual(e.file, { path: 'f' })
  assert.equal(e.cause, cause)
  assert.equal('cause' in new RenderError('VAULT_ERROR', 'm'), false)
})

test('sortErrors orders by file path, file index (numerically), namespace, name, then field', () => {
  const mk = (tag: string, d: RenderErrorDetails) => new RenderError('SCHEMA_INVALID', tag, d)
  const errors = [
    mk('f', { file: { path: 'b.yaml', index: 0 } }),
    mk('d', { file: { path: 'a.yaml', index: 10 } }),
    mk('c', { file: { path: 'a.yaml', index: 2 }, resource: es('z', 'apps'), fieldPath: 'spec.data[1]' }),
    mk('b', { file: { path: 'a.yaml', index: 2 }, resource: es('z', 'apps'), fieldPath: 'spec.data[0]' }),
    mk('a', { file: { path: 'a.yaml', index: 2 }, resource: es('a', 'apps') }),
    mk('0', {}),
  ]
  assert.deepEqual(
    sortErrors(errors).map((e) => e.message),
    ['0', 'a', 'b', 'c', 'd', 'f'],
  )
  assert.deepEqual(
    errors.map((e) => e.message),
    ['f', 'd', 'c', 'b', 'a', '0'],
    'the input array is not reordered',
  )
})

test('RenderErrors reports one error per distinct (code, line), sorted, the message one line each', () => {
  const store = { kind: 'SecretStore', name: 'vault', namespace: 'apps' }
  const a = new RenderError('AUTH_FAILED', 'no token', { resource: store, fieldPath: 'spec.provider.vault.auth' })
  const aAgain = new RenderError('AUTH_FAILED', 'no token', { resource: store, fieldPath: 'spec.provider.vault.auth' })
  const sameLineOtherCode = new RenderError('CONFIG_INVALID', 'no token', { resource: store, fieldPath: 'spec.provider.vault.auth' })
  const first = new RenderError('SCHEMA_INVALID', 'early', { file: { path: 'a.yaml' } })
  const all = new RenderErrors([a, aAgain, sameLineOtherCode, first])
  assert.equal(all.name, 'RenderErrors')
  assert.equal(all.errors.length, 3)
  // Errors without a file sort before those with one; equal keys keep their order.
  assert.deepEqual(
    all.errors.map((e) => e.code),
    ['AUTH_FAILED', 'CONFIG_INVALID', 'SCHEMA_INVALID'],
  )
  assert.equal(all.errors[0], a)
  assert.equal(all.errors[2], first)
  assert.equal(all.message.split('\n').length, 3)
  assert.ok(all.message.includes('SecretStore apps/vault spec.provider.vault.auth: no token'))
})

const thrown: { name: string; value: unknown; kind: string }[] = [
  { name: 'a TypeError whose message quotes data', value: new TypeError(`cannot read ${CANARY}`), kind: 'TypeError' },
  { name: 'a plain Error', value: new Error(CANARY), kind: 'Error' },
  { name: 'a thrown string', value: CANARY, kind: 'string' },
  { name: 'a thrown object', value: { secret: CANARY }, kind: 'object' },
  { name: 'undefined', value: undefined, kind: 'undefined' },
]
for (const c of thrown) {
  test(`asRenderErrors: ${c.name} becomes INTERNAL naming only its kind (${c.kind})`, () => {
    const [e, ...rest] = asRenderErrors(c.value)
    assert.equal(rest.length, 0)
    assert.equal(e.code, 'INTERNAL')
    assert.equal(e.message, `internal error (${c.kind}); this is a bug in eso-render, please report it`)
    assert.ok(!formatError(e).includes(CANARY))
    assert.equal(e.cause, c.value, 'the original stays reachable as the cause, for debugging')
  })
}

test('asRenderErrors passes RenderError and RenderErrors through', () => {
  const one = new RenderError('VAULT_DENIED', 'x')
  assert.deepEqual(asRenderErrors(one), [one])
  const many = new RenderErrors([one, new RenderError('VAULT_SEALED', 'y')])
  assert.equal(asRenderErrors(many), many.errors)
})

const locates: { name: string; own: RenderErrorDetails; at: RenderErrorDetails; want: RenderErrorDetails; same: boolean }[] = [
  {
    name: 'an unlocated error gets every detail',
    own: {},
    at: { resource: es('a', 'n'), fieldPath: 'spec.data[0]', file: { path: 'f', index: 1 } },
    want: { resource: es('a', 'n'), fieldPath: 'spec.data[0]', file: { path: 'f', index: 1 } },
    same: false,
  },
  {
    name: 'an own field wins over the given one',
    own: { fieldPath: 'spec.provider.vault.server' },
    at: { resource: es('a', 'n'), fieldPath: 'spec.secretStoreRef' },
    want: { resource: es('a', 'n'), fieldPath: 'spec.provider.vault.server' },
    same: false,
  },
  {
    name: 'an own resource wins',
    own: { resource: { kind: 'SecretStore', name: 'vault' } },
    at: { resource: es('a', 'n'), fieldPath: 'spec.secretStoreRef' },
    want: { resource: { kind: 'SecretStore', name: 'vault' }, fieldPath: 'spec.secretStoreRef' },
    same: false,
  },
  {
    name: 'a fully located error is returned as it is',
    own: { resource: es('a', 'n'), fieldPath: 'x', file: { path: 'f' } },
    at: { resource: es('b', 'm'), fieldPath: 'y', file: { path: 'g' } },
    want: { resource: es('a', 'n'), fieldPath: 'x', file: { path: 'f' } },
    same: true,
  },
  { name: 'nothing to add returns the same error', own: { fieldPath: 'x' }, at: {}, want: { fieldPath: 'x' }, same: true },
]
for (const c of locates) {
  test(`locate: ${c.name}`, () => {
    const e = new RenderError('STORE_NOT_FOUND', 'm', c.own)
    const got = e.locate(c.at)
    assert.equal(got === e, c.same)
    assert.equal(got.code, 'STORE_NOT_FOUND')
    assert.equal(got.message, 'm')
    assert.deepEqual({ resource: got.resource, fieldPath: got.fieldPath, file: got.file }, { resource: c.want.resource, fieldPath: c.want.fieldPath, file: c.want.file })
    assert.deepEqual({ resource: e.resource, fieldPath: e.fieldPath, file: e.file }, { resource: c.own.resource, fieldPath: c.own.fieldPath, file: c.own.file }, 'the original is not changed')
  })
}

const escapes: { name: string; text: string; want: string }[] = [
  { name: 'plain text is unchanged', text: 'secret/data/app', want: 'secret/data/app' },
  { name: 'CR and LF cannot start a line of their own', text: 'a\r\nb', want: 'a\\x0d\\x0ab' },
  { name: 'ESC and DEL are escaped', text: '\u001b[31m\u007f', want: '\\x1b[31m\\x7f' },
  { name: 'non-ASCII letters are kept', text: 'café', want: 'café' },
  { name: 'C1 controls (NEL) are escaped', text: 'a\u0085b\u009b', want: 'a\\x85b\\x9b' },
  { name: 'the Unicode line and paragraph separators are escaped', text: 'a\u2028b\u2029', want: 'a\\u2028b\\u2029' },
]
for (const c of escapes) {
  test(`escapeControls: ${c.name}`, () => {
    assert.equal(escapeControls(c.text), c.want)
  })
}
