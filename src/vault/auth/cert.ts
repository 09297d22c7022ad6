// TLS certificate auth (vault-api.md §4): `POST auth/<path>/login` over mutual TLS with the client
// certificate, `{name}` when a role is named (providers/v1/vault/auth_cert.go: path default "cert").
// The certificate travels on the connection (VaultConnection.clientCert), not in the body.

import type { LoginRequest } from './login.ts'

export function certLogin(p: { path?: string; vaultRole?: string; namespace?: string }): LoginRequest {
  return { method: 'cert', path: `auth/${p.path || 'cert'}/login`, body: p.vaultRole ? { name: p.vaultRole } : {}, namespace: p.namespace }
}
