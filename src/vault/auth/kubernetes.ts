// Kubernetes auth (vault-api.md §4): a service-account JWT and a role, `POST auth/<mountPath>/login`.
// Where the JWT comes from (a Secret, a TokenRequest, the pod's own token) is the caller's business.

import type { LoginRequest } from './login.ts'

export function kubernetesLogin(p: { mountPath: string; role: string; jwt: string; namespace?: string }): LoginRequest {
  return { method: 'kubernetes', path: `auth/${p.mountPath}/login`, body: { role: p.role, jwt: p.jwt }, namespace: p.namespace }
}
