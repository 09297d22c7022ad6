// JWT/OIDC auth (vault-api.md §4): `POST auth/<path>/login {role, jwt}`; an empty role lets Vault use
// the mount's default_role (ESO sends the trimmed role as it is: providers/v1/vault/auth_jwt.go).

import type { LoginRequest } from './login.ts'

export function jwtLogin(p: { path: string; role: string; jwt: string; namespace?: string }): LoginRequest {
  return { method: 'jwt', path: `auth/${p.path}/login`, body: { role: p.role, jwt: p.jwt }, namespace: p.namespace }
}
