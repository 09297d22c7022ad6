// src/pipeline/store-notices.ts: what the run says about a resolved store, once per store: plain
// http to another machine is a warning (issue 14: tokens and secret values cross the network
// readable), this machine's loopback is not; an operator's token, namespace or CA is announced.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { announceStore } from '../../src/pipeline/store-notices.ts'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import type { ResolvedStore } from '../../src/eso/stores.ts'

const store = (address: string, over: Partial<ResolvedStore> = {}): ResolvedStore =>
  ({
    key: address,
    resource: { kind: 'SecretStore', name: 'vault', namespace: 'apps' },
    kv: { path: 'secret', version: '2' },
    conn: { address },
    addressSource: 'store',
    auth: { kind: 'token' },
    credential: { author: 'input', source: 'tokenSecretRef' },
    ...over,
  }) as unknown as ResolvedStore

const rows: { address: string; warns: boolean; why: string }[] = [
  { address: 'http://10.0.0.5:8200', warns: true, why: 'another machine over plain http' },
  { address: 'http://vault.example.com:8200', warns: true, why: 'a name is another machine' },
  { address: 'http://127.0.0.1:8200', warns: false, why: 'loopback' },
  { address: 'http://127.1.2.3:8200', warns: false, why: 'all of 127/8 is loopback' },
  { address: 'http://localhost:8200', warns: false, why: 'localhost' },
  { address: 'http://[::1]:8200', warns: false, why: 'IPv6 loopback' },
  { address: 'https://vault.example.com:8200', warns: false, why: 'TLS' },
  { address: 'not a url', warns: false, why: 'not a URL: the request fails on its own' },
]

for (const r of rows) {
  test(`announceStore: ${r.address}: ${r.warns ? 'a plain http warning' : 'no warning'} (${r.why})`, () => {
    const diag = new Diagnostics()
    announceStore(store(r.address), diag)
    announceStore(store(r.address), diag)
    const warnings = diag.notices.filter((n) => n.severity === 'warning' && /plain http: the token and every secret value cross the network unencrypted/.test(n.message))
    assert.equal(warnings.length, r.warns ? 1 : 0, 'said once, however many stores use the server')
  })
}

test('announceStore: the operator token, namespace and CA a store did not set are announced, never their values', () => {
  const diag = new Diagnostics()
  announceStore(
    store('https://vault:8200', {
      credential: { author: 'operator', source: 'VAULT_TOKEN' },
      conn: { address: 'https://vault:8200', namespace: 'team-a', caPem: '-----BEGIN CERTIFICATE-----CA-CANARY' },
      namespaceSource: 'VAULT_NAMESPACE' as ResolvedStore['namespaceSource'],
      caSource: 'VAULT_CACERT' as ResolvedStore['caSource'],
    }),
    diag,
  )
  const text = diag.notices.map((n) => n.message).join('\n')
  assert.match(text, /SecretStore apps\/vault: Vault token from VAULT_TOKEN/)
  assert.match(text, /Vault namespace "team-a" for a store that sets none/)
  assert.match(text, /CA certificates for a store without caBundle/)
  assert.doesNotMatch(text, /CANARY/)
})
