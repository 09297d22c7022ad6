// Userpass auth (vault-api.md §4): `POST auth/<path>/login/<username> {password}`. ESO trims the
// username (providers/v1/vault/auth_userpass.go); Vault lower-cases it.

import type { LoginRequest } from './login.ts'

export function userPassLogin(p: { path: string; username: string; password: string; namespace?: string }): LoginRequest {
  return { method: 'userPass', path: `auth/${p.path}/login/${p.username.trim()}`, body: { password: p.password }, namespace: p.namespace }
}
