// What the API server's authorizer is asked about a request: RequestInfo as
// k8s.io/apiserver/pkg/endpoints/request/requestinfo.go derives it from the URL (prefixes /api and /apis,
// `namespaces/{ns}/…` relative parts, `namespaces/{name}` carrying its own name as the namespace,
// GET without a name = list/watch), and the Forbidden text of
// k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage, ForbiddenStatusError).

import { forbidden, goQuote, type Status } from './status.ts'

export interface RequestInfo {
  isResourceRequest: boolean
  /** URL path (non-resource requests are authorized on it). */
  path: string
  /** get, list, watch, create, update, patch, delete, deletecollection; for non-resource requests the lower-cased method. */
  verb: string
  apiPrefix: string
  apiGroup: string
  apiVersion: string
  namespace: string
  resource: string
  subresource: string
  name: string
  parts: string[]
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  }
  let parts = path.replace(/^\/+|\/+$/g, '').split('/')
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info
  info.apiPrefix = parts[0]
  parts = parts.slice(1)
  if (info.apiPrefix === 'apis') {
    if (parts.length < 3) return info
    info.apiGroup = parts[0]
    parts = parts.slice(1)
  }
  info.isResourceRequest = true
  info.apiVersion = parts[0]
  parts = parts.slice(1)
  let viaPath = false
  if (parts[0] === 'watch' || parts[0] === 'proxy') {
    info.verb = parts[0]
    parts = parts.slice(1)
    viaPath = true
  } else {
    info.verb = ({ POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? ''
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) parts = parts.slice(2)
    }
  }
  info.parts = parts
  if (parts.length >= 3 && info.verb !== 'proxy') info.subresource = parts[2]
  if (parts.length >= 2) info.name = parts[1]
  if (parts.length >= 1) info.resource = parts[0]
  if (!info.name && info.verb === 'get' && !viaPath) {
    const w = query.get('watch')
    info.verb = w !== null && w !== 'false' && w !== '0' ? 'watch' : 'list'
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection'
  return info
}

/** forbiddenMessage: who cannot do what, in the authorizer's words (no reason suffix: RBAC gives none when it just has no matching rule). */
export function forbiddenMessage(username: string, info: RequestInfo): string {
  if (!info.isResourceRequest) return `User ${goQuote(username)} cannot ${info.verb} path ${goQuote(info.path)}`
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource
  if (info.namespace) return `User ${goQuote(username)} cannot ${info.verb} resource ${goQuote(resource)} in API group ${goQuote(info.apiGroup)} in the namespace ${goQuote(info.namespace)}`
  return `User ${goQuote(username)} cannot ${info.verb} resource ${goQuote(resource)} in API group ${goQuote(info.apiGroup)} at the cluster scope`
}

/** ForbiddenStatusError: NewForbidden({group, resource}, name, message) after the HTML sanitizer (& < > as entities). */
export function forbiddenStatus(username: string, info: RequestInfo): Status {
  const msg = forbiddenMessage(username, info).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
  return forbidden({ group: info.apiGroup, resource: info.resource }, info.name, msg)
}
