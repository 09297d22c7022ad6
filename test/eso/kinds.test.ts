// src/eso/kinds.ts: which kinds the pipeline must parse.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ESO_GROUP, ESO_KINDS, isInteresting } from '../../src/eso/kinds.ts'

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
  { kind: 'ClusterExternalSecret', want: false },
  { kind: 'externalsecret', want: false },
  { kind: '', want: false },
]
for (const c of cases) {
  test(`isInteresting(${JSON.stringify(c.kind)}) is ${c.want}`, () => assert.equal(isInteresting(c.kind), c.want))
}

test('the ESO group and its three kinds', () => {
  assert.equal(ESO_GROUP, 'external-secrets.io')
  assert.deepEqual([...ESO_KINDS].sort(), ['ClusterSecretStore', 'ExternalSecret', 'SecretStore'])
})
