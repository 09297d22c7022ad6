// DESIGN.md trust rules 2 and 3, one row per case: which credential may go to which server.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags } from '../../src/config.ts'
import { RenderError } from '../../src/errors.ts'
import type { ResolvedStore, SettingSource } from '../../src/eso/stores.ts'
import { checkCredentialDestination, trustedBecause } from '../../src/pipeline/trust.ts'

const resolved = (address: string, author: 'input' | 'operator', addressSource: SettingSource = 'store'): ResolvedStore => ({
  key: 'k',
  resource: { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', name: 'vault', namespace: 'apps' },
  kv: { version: 'v2', path: 'secret' },
  conn: { address },
  addressSource,
  auth: { kind: 'token', token: 'never-printed', author, source: 'x' },
  credential: { author, source: author === 'operator' ? '$VAULT_TOKEN (set by the operator; the store has no auth)' : 'Secret apps/tok key token' },
})

const VIA_ENV: SettingSource = { author: 'operator', via: '$VAULT_ADDR' }

const rows: { name: string; store: ResolvedStore; env?: Record<string, string>; flags?: Record<string, string>; trusted: boolean; because?: RegExp }[] = [
  { name: 'an operator token to the input store server, nothing trusted', store: resolved('https://attacker.example:8200', 'operator'), trusted: false },
  { name: "an operator token to the operator's VAULT_ADDR", store: resolved('http://127.0.0.1:8200', 'operator', VIA_ENV), trusted: true, because: /operator's Vault address \(\$VAULT_ADDR\)/ },
  {
    name: 'an operator token to a server in ESO_RENDER_ALLOWED_SERVERS',
    store: resolved('https://vault.example.com:8200', 'operator'),
    env: { ESO_RENDER_ALLOWED_SERVERS: 'https://other.example, https://vault.example.com:8200' },
    trusted: true,
    because: /allowedServers \(\$ESO_RENDER_ALLOWED_SERVERS\)/,
  },
  {
    name: 'allowedServers compares after normalising (case, default port, trailing slash)',
    store: resolved('HTTPS://Vault.Example.com/', 'operator'),
    env: { ESO_RENDER_ALLOWED_SERVERS: 'https://vault.example.com:443' },
    trusted: true,
  },
  {
    name: 'allowedServers from the --allowed-servers flag',
    store: resolved('https://vault.example.com', 'operator'),
    flags: { allowedServers: 'https://vault.example.com' },
    trusted: true,
    because: /flag --allowed-servers/,
  },
  { name: 'another port is another server', store: resolved('https://vault.example.com:8201', 'operator'), env: { ESO_RENDER_ALLOWED_SERVERS: 'https://vault.example.com:8200' }, trusted: false },
  { name: 'another scheme is another server', store: resolved('http://vault.example.com:8200', 'operator'), env: { ESO_RENDER_ALLOWED_SERVERS: 'https://vault.example.com:8200' }, trusted: false },
  {
    name: 'a userinfo trick names the real host',
    store: resolved('https://vault.example.com:8200@attacker.example', 'operator'),
    env: { ESO_RENDER_ALLOWED_SERVERS: 'https://vault.example.com:8200' },
    trusted: false,
  },
  { name: "the input's own token to the input's server needs no trust", store: resolved('https://vault.example.com:8200', 'input'), trusted: true },
]

for (const r of rows) {
  test(`trust: ${r.name} → ${r.trusted ? 'sent' : 'SERVER_NOT_TRUSTED'}`, () => {
    const options = optionsFromFlags(r.flags ?? {}, optionsFromEnvironment(r.env ?? {}, DEFAULT_OPTIONS))
    const err = checkCredentialDestination(r.store, options)
    if (r.trusted) {
      assert.equal(err, undefined)
      if (r.because) assert.match(trustedBecause(r.store, options) ?? '', r.because)
      return
    }
    assert.ok(err instanceof RenderError)
    assert.equal(err.code, 'SERVER_NOT_TRUSTED')
    assert.equal(err.fieldPath, 'spec.provider.vault.server')
    assert.equal(err.resource?.name, 'vault')
    assert.match(err.message, /is not trusted with the operator's credential \$VAULT_TOKEN/)
    assert.match(err.message, /add https?:\/\/[^ ]+ to ESO_RENDER_ALLOWED_SERVERS \(or --allowed-servers\), or set VAULT_ADDR; nothing was sent/)
    assert.ok(!err.message.includes('never-printed'), 'the token is never in the message')
  })
}
