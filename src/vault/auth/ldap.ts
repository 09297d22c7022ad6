// LDAP auth (vault-api.md §4): the same request shape as userpass, at the LDAP mount
// (providers/v1/vault/auth_ldap.go).

import type { LoginRequest } from './login.ts'

export function ldapLogin(p: { path: string; username: string; password: string; namespace?: string }): LoginRequest {
  return { method: 'ldap', path: `auth/${p.path}/login/${p.username.trim()}`, body: { password: p.password }, namespace: p.namespace }
}
