// AppRole auth (vault-api.md §4): `POST auth/<path>/login {role_id, secret_id}`. ESO trims the role ID
// given inline (providers/v1/vault/auth_approle.go); one read from a Secret is used as it is.

import type { LoginRequest } from './login.ts'

export function appRoleLogin(p: { path: string; roleId: string; secretId: string; namespace?: string }): LoginRequest {
  return { method: 'appRole', path: `auth/${p.path}/login`, body: { role_id: p.roleId, secret_id: p.secretId }, namespace: p.namespace }
}
