// RBAC decisions. A Rule is a PolicyRule already bound to one subject: `namespaces` absent or ['*'] is a
// ClusterRoleBinding (every namespace and the cluster scope), a list of namespaces is a RoleBinding in
// each (never the cluster scope). Matching follows k8s.io/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go
// (VerbMatches, APIGroupMatches, ResourceMatches with `*` and `*/subresource`, ResourceNameMatches: empty
// = any name). On top, the bootstrap policy every cluster has (plugin/pkg/auth/authorizer/rbac/bootstrappolicy):
// system:discovery and system:public-info-viewer (discovery, /version, health paths) and system:basic-user
// (create selfsubjectreviews / selfsubjectaccessreviews / selfsubjectrulesreviews) for system:authenticated,
// system:service-account-issuer-discovery (the OIDC documents) for system:serviceaccounts.

import type { RequestInfo } from './attributes.ts'

export interface Rule {
  /** The subject: a username (`system:serviceaccount:argocd:argocd-repo-server`, `alice`)… */
  username?: string
  /** …or a group (`system:serviceaccounts:team-a`, `system:authenticated`). */
  group?: string
  verbs: string[]
  apiGroups: string[]
  /** `secrets`, `serviceaccounts/token`, `*`, or `*` + `/status` (any resource's status subresource). */
  resources: string[]
  /** Absent or ['*']: cluster-wide. Otherwise only requests in these namespaces. */
  namespaces?: string[]
  /** Absent or empty: any name. */
  resourceNames?: string[]
}

export interface UserInfo {
  username: string
  uid?: string
  groups: string[]
  extra?: Record<string, string[]>
}

const DISCOVERY_URLS = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']
const PUBLIC_INFO_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/']
const ISSUER_DISCOVERY_URLS = ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/']

function urlMatches(patterns: string[], path: string): boolean {
  return patterns.some((p) => p === '*' || p === path || (p.endsWith('*') && path.startsWith(p.slice(0, -1))))
}

function bootstrapAllows(user: UserInfo, info: RequestInfo): boolean {
  const groups = new Set(user.groups)
  if (!info.isResourceRequest) {
    if (info.verb !== 'get') return false
    if ((groups.has('system:authenticated') || groups.has('system:unauthenticated')) && urlMatches(PUBLIC_INFO_URLS, info.path)) return true
    if (groups.has('system:authenticated') && urlMatches(DISCOVERY_URLS, info.path)) return true
    return groups.has('system:serviceaccounts') && urlMatches(ISSUER_DISCOVERY_URLS, info.path)
  }
  if (!groups.has('system:authenticated') || info.verb !== 'create' || info.subresource) return false
  if (info.apiGroup === 'authentication.k8s.io') return info.resource === 'selfsubjectreviews'
  if (info.apiGroup === 'authorization.k8s.io') return info.resource === 'selfsubjectaccessreviews' || info.resource === 'selfsubjectrulesreviews'
  return false
}

function resourceMatches(rule: Rule, info: RequestInfo): boolean {
  const combined = info.subresource ? `${info.resource}/${info.subresource}` : info.resource
  return rule.resources.some((r) => r === '*' || r === combined || (info.subresource !== '' && r === `*/${info.subresource}`))
}

export function ruleAllows(rule: Rule, user: UserInfo, info: RequestInfo): boolean {
  if (!info.isResourceRequest) return false
  if (rule.username !== undefined ? rule.username !== user.username : rule.group === undefined || !user.groups.includes(rule.group)) return false
  const clusterWide = rule.namespaces === undefined || rule.namespaces.includes('*')
  if (!clusterWide && (info.namespace === '' || !rule.namespaces!.includes(info.namespace))) return false
  if (!rule.verbs.some((v) => v === '*' || v === info.verb)) return false
  if (!rule.apiGroups.some((g) => g === '*' || g === info.apiGroup)) return false
  if (!resourceMatches(rule, info)) return false
  return !rule.resourceNames?.length || rule.resourceNames.includes(info.name)
}

export function authorize(rules: readonly Rule[], user: UserInfo, info: RequestInfo): boolean {
  return bootstrapAllows(user, info) || rules.some((r) => ruleAllows(r, user, info))
}

/** Throws on a rule that names no subject or both, or lacks verbs/apiGroups/resources. */
export function validateRules(rules: readonly Rule[]): void {
  rules.forEach((r, i) => {
    if ((r.username === undefined) === (r.group === undefined)) throw new Error(`rbac[${i}]: give exactly one of username and group`)
    for (const k of ['verbs', 'apiGroups', 'resources'] as const) if (!Array.isArray(r[k])) throw new Error(`rbac[${i}]: ${k} must be an array`)
  })
}
