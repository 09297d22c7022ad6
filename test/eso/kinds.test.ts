// src/eso/kinds.ts: which kinds the pipeline must parse.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ESO_GROUP, ESO_KINDS, isInteresting, isTypedList } from '../../src/eso/kinds.ts'

const cases: { kind: string | undefined; want: boolean }[] = [
  { kind: 'ExternalSecret', want: true },
  { kind: 'SecretStore', want: true },
  { kind: 'ClusterSecretStore', want: true },
  // A kind the scanner could not read may be any of them.
  { kind: undefined, want: true },
  { kind: 'Secret', want: false },
  { kind: 'ConfigMap', want: false },
  { kind: 'Namespace', want: false },
  { kind: 'PushSecret', want: false },
  // Expanded into ExternalSecrets at render time (pipeline/expand.ts).
  { kind: 'ClusterExternalSecret', want: true },
  { kind: 'externalsecret', want: false },
  { kind: '', want: false },
]
for (const c of cases) {
  test(`isInteresting(${JSON.stringify(c.kind)}) is ${c.want}`, () => assert.equal(isInteresting(c.kind), c.want))
}

test('the ESO group and its four kinds', () => {
  assert.equal(ESO_GROUP, 'external-secrets.io')
  assert.deepEqual([...ESO_KINDS].sort(), ['ClusterExternalSecret', 'ClusterSecretStore', 'ExternalSecret', 'SecretStore'])
})

// A v1 List is opened by the reader (its items are judged one by one); other lists are parsed so
// that an ExternalSecret inside one is an error, not a silent pass-through.
const lists: { kind: string | undefined; apiVersion?: string; typed: boolean }[] = [
  { kind: 'List', apiVersion: 'v1', typed: false },
  { kind: 'SecretList', apiVersion: 'v1', typed: true },
  { kind: 'ExternalSecretList', apiVersion: 'external-secrets.io/v1', typed: true },
  { kind: 'List', apiVersion: 'v2', typed: true },
  { kind: 'List', typed: true },
  { kind: 'Listing', apiVersion: 'v1', typed: false },
  { kind: undefined, typed: false },
]
for (const c of lists) {
  test(`isTypedList(${JSON.stringify(c.kind)}, ${JSON.stringify(c.apiVersion)}) is ${c.typed}, and so is isInteresting`, () => {
    assert.equal(isTypedList(c.kind, c.apiVersion), c.typed)
    if (c.kind !== undefined) assert.equal(isInteresting(c.kind, c.apiVersion), c.typed)
  })
}
