// The pieces under the server, row by row: RequestInfo from URLs (requestinfo.go), RBAC rule matching
// (evaluation_helpers.go, RoleBinding vs ClusterRoleBinding scope, the bootstrap policy), the Forbidden
// text (responsewriters/errors.go) and Status bodies (api/errors/errors.go).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { forbiddenMessage, forbiddenStatus, requestInfo, type RequestInfo } from './attributes.ts'
import { authorize, ruleAllows, validateRules, type Rule, type UserInfo } from './rbac.ts'
import { goJson, invalid, notFound, statusObject } from './status.ts'

const info = (method: string, url: string) => {
  const u = new URL(url, 'http://x')
  return requestInfo(method, u.pathname, u.searchParams)
}
const pick = (i: RequestInfo) => [i.isResourceRequest, i.verb, i.apiGroup, i.apiVersion, i.namespace, i.resource, i.subresource, i.name]

const requestInfoRows: [string, string, ReturnType<typeof pick>][] = [
  ['GET', '/api/v1/namespaces/team-a/secrets/db', [true, 'get', '', 'v1', 'team-a', 'secrets', '', 'db']],
  ['GET', '/api/v1/namespaces/team-a', [true, 'get', '', 'v1', 'team-a', 'namespaces', '', 'team-a']],
  ['GET', '/api/v1/namespaces', [true, 'list', '', 'v1', '', 'namespaces', '', '']],
  ['GET', '/api/v1/namespaces/team-a/secrets', [true, 'list', '', 'v1', 'team-a', 'secrets', '', '']],
  ['GET', '/api/v1/namespaces/team-a/secrets?watch=true', [true, 'watch', '', 'v1', 'team-a', 'secrets', '', '']],
  ['GET', '/api/v1/namespaces/team-a/secrets?watch=false', [true, 'list', '', 'v1', 'team-a', 'secrets', '', '']],
  ['POST', '/api/v1/namespaces/argocd/serviceaccounts/repo/token', [true, 'create', '', 'v1', 'argocd', 'serviceaccounts', 'token', 'repo']],
  ['GET', '/apis/external-secrets.io/v1/namespaces/team-a/secretstores/vault', [true, 'get', 'external-secrets.io', 'v1', 'team-a', 'secretstores', '', 'vault']],
  ['GET', '/apis/external-secrets.io/v1beta1/clustersecretstores/shared', [true, 'get', 'external-secrets.io', 'v1beta1', '', 'clustersecretstores', '', 'shared']],
  ['POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', [true, 'create', 'authentication.k8s.io', 'v1', '', 'selfsubjectreviews', '', '']],
  ['PUT', '/api/v1/namespaces/team-a/finalize', [true, 'update', '', 'v1', 'team-a', 'namespaces', 'finalize', 'team-a']],
  ['DELETE', '/api/v1/namespaces/team-a/secrets', [true, 'deletecollection', '', 'v1', 'team-a', 'secrets', '', '']],
  ['GET', '/api/v1/watch/namespaces/team-a/secrets', [true, 'watch', '', 'v1', 'team-a', 'secrets', '', '']],
  ['GET', '/api/v1', [false, 'get', '', '', '', '', '', '']],
  ['GET', '/apis/external-secrets.io/v1', [false, 'get', '', '', '', '', '', '']],
  ['GET', '/version', [false, 'get', '', '', '', '', '', '']],
  ['POST', '/healthz', [false, 'post', '', '', '', '', '', '']],
]
for (const [method, url, want] of requestInfoRows) {
  test(`RequestInfo: ${method} ${url}`, () => assert.deepEqual(pick(info(method, url)), want))
}

const SA: UserInfo = { username: 'system:serviceaccount:argocd:repo', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd', 'system:authenticated'] }
const base = { username: SA.username, verbs: ['get'], apiGroups: [''], resources: ['secrets'] }

const ruleRows: { name: string; rule: Rule; req: [string, string]; allowed: boolean }[] = [
  { name: 'ClusterRoleBinding (no namespaces) covers any namespace', rule: base, req: ['GET', '/api/v1/namespaces/x/secrets/s'], allowed: true },
  { name: "namespaces ['*'] is cluster-wide too", rule: { ...base, namespaces: ['*'] }, req: ['GET', '/api/v1/namespaces/x/secrets/s'], allowed: true },
  { name: 'RoleBinding in the namespace', rule: { ...base, namespaces: ['team-a'] }, req: ['GET', '/api/v1/namespaces/team-a/secrets/s'], allowed: true },
  { name: 'RoleBinding in another namespace', rule: { ...base, namespaces: ['team-a'] }, req: ['GET', '/api/v1/namespaces/team-b/secrets/s'], allowed: false },
  {
    name: 'a RoleBinding never grants the cluster scope',
    rule: { ...base, resources: ['clustersecretstores'], apiGroups: ['external-secrets.io'], namespaces: ['team-a'] },
    req: ['GET', '/apis/external-secrets.io/v1/clustersecretstores/c'],
    allowed: false,
  },
  { name: 'a RoleBinding in team-a can grant get on Namespace team-a', rule: { ...base, resources: ['namespaces'], namespaces: ['team-a'] }, req: ['GET', '/api/v1/namespaces/team-a'], allowed: true },
  { name: 'verb mismatch (get does not cover list)', rule: base, req: ['GET', '/api/v1/namespaces/x/secrets'], allowed: false },
  { name: "verb '*'", rule: { ...base, verbs: ['*'] }, req: ['GET', '/api/v1/namespaces/x/secrets'], allowed: true },
  { name: 'group mismatch', rule: { ...base, apiGroups: ['external-secrets.io'] }, req: ['GET', '/api/v1/namespaces/x/secrets/s'], allowed: false },
  { name: "apiGroups '*'", rule: { ...base, apiGroups: ['*'], resources: ['secretstores'] }, req: ['GET', '/apis/external-secrets.io/v1/namespaces/x/secretstores/s'], allowed: true },
  {
    name: 'a resource rule does not cover its subresource',
    rule: { ...base, verbs: ['create'], resources: ['serviceaccounts'] },
    req: ['POST', '/api/v1/namespaces/x/serviceaccounts/a/token'],
    allowed: false,
  },
  { name: 'serviceaccounts/token', rule: { ...base, verbs: ['create'], resources: ['serviceaccounts/token'] }, req: ['POST', '/api/v1/namespaces/x/serviceaccounts/a/token'], allowed: true },
  { name: '*/token', rule: { ...base, verbs: ['create'], resources: ['*/token'] }, req: ['POST', '/api/v1/namespaces/x/serviceaccounts/a/token'], allowed: true },
  { name: "'*' covers subresources", rule: { ...base, verbs: ['create'], resources: ['*'] }, req: ['POST', '/api/v1/namespaces/x/serviceaccounts/a/token'], allowed: true },
  { name: 'resourceNames: listed', rule: { ...base, resourceNames: ['db'] }, req: ['GET', '/api/v1/namespaces/x/secrets/db'], allowed: true },
  { name: 'resourceNames: not listed', rule: { ...base, resourceNames: ['db'] }, req: ['GET', '/api/v1/namespaces/x/secrets/other'], allowed: false },
  {
    name: 'resourceNames restrict token creation to one ServiceAccount',
    rule: { ...base, verbs: ['create'], resources: ['serviceaccounts/token'], resourceNames: ['vault'] },
    req: ['POST', '/api/v1/namespaces/x/serviceaccounts/other/token'],
    allowed: false,
  },
  { name: 'resourceNames never match a list', rule: { ...base, verbs: ['list'], resourceNames: ['db'] }, req: ['GET', '/api/v1/namespaces/x/secrets'], allowed: false },
  { name: 'another user', rule: { ...base, username: 'alice' }, req: ['GET', '/api/v1/namespaces/x/secrets/s'], allowed: false },
  { name: 'a group subject', rule: { ...base, username: undefined, group: 'system:serviceaccounts:argocd' }, req: ['GET', '/api/v1/namespaces/x/secrets/s'], allowed: true },
  { name: 'a group the user is not in', rule: { ...base, username: undefined, group: 'system:masters' }, req: ['GET', '/api/v1/namespaces/x/secrets/s'], allowed: false },
  { name: 'resource rules never grant non-resource paths', rule: { ...base, verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, req: ['GET', '/metrics'], allowed: false },
]
for (const row of ruleRows) {
  test(`RBAC rule: ${row.name}`, () => assert.equal(ruleAllows(row.rule, SA, info(...row.req)), row.allowed))
}

const ALICE: UserInfo = { username: 'alice', groups: ['system:authenticated'] }
const ANON: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] }
const bootstrapRows: [string, UserInfo, [string, string], boolean][] = [
  ['discovery for system:authenticated', ALICE, ['GET', '/apis/external-secrets.io/v1'], true],
  ['/version for system:unauthenticated', ANON, ['GET', '/version'], true],
  ['/healthz for system:unauthenticated', ANON, ['GET', '/healthz'], true],
  ['discovery not for system:unauthenticated', ANON, ['GET', '/api'], false],
  ['selfsubjectreviews for system:authenticated', ALICE, ['POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews'], true],
  ['selfsubjectaccessreviews for system:authenticated', ALICE, ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'], true],
  ['not tokenreviews', ALICE, ['POST', '/apis/authentication.k8s.io/v1/tokenreviews'], false],
  ['OIDC documents for system:serviceaccounts', SA, ['GET', '/.well-known/openid-configuration'], true],
  ['OIDC documents not for other users', ALICE, ['GET', '/openid/v1/jwks'], false],
  ['nothing else', ALICE, ['GET', '/api/v1/namespaces/x/secrets/s'], false],
]
for (const [name, user, req, allowed] of bootstrapRows) {
  test(`bootstrap policy: ${name}`, () => assert.equal(authorize([], user, info(...req)), allowed))
}

const messageRows: [string, string, string, string][] = [
  [
    'system:serviceaccount:argocd:argocd-repo-server',
    'GET',
    '/api/v1/namespaces/team-a/secrets/x',
    'User "system:serviceaccount:argocd:argocd-repo-server" cannot get resource "secrets" in API group "" in the namespace "team-a"',
  ],
  ['alice', 'GET', '/apis/external-secrets.io/v1/clustersecretstores/c', 'User "alice" cannot get resource "clustersecretstores" in API group "external-secrets.io" at the cluster scope'],
  ['alice', 'POST', '/api/v1/namespaces/argocd/serviceaccounts/sa/token', 'User "alice" cannot create resource "serviceaccounts/token" in API group "" in the namespace "argocd"'],
  ['alice', 'GET', '/metrics', 'User "alice" cannot get path "/metrics"'],
  ['a "quoted" user', 'GET', '/api/v1/namespaces/a/secrets/b', 'User "a \\"quoted\\" user" cannot get resource "secrets" in API group "" in the namespace "a"'],
]
for (const [user, method, url, want] of messageRows) {
  test(`forbiddenMessage: ${method} ${url}`, () => assert.equal(forbiddenMessage(user, info(method, url)), want))
}

test('ForbiddenStatusError: HTML sanitized (& < > as entities), then Go JSON escaping', () => {
  const s = forbiddenStatus('<script>&', info('GET', '/api/v1/namespaces/a/secrets/b'))
  assert.equal(s.message, 'secrets "b" is forbidden: User "&lt;script&gt;&amp;" cannot get resource "secrets" in API group "" in the namespace "a"')
  assert.ok(goJson(statusObject(s)).includes('\\"\\u0026lt;script\\u0026gt;\\u0026amp;\\"'))
})

test('Status bodies: NotFound details omit an empty group; Invalid aggregates several field errors in brackets', () => {
  assert.equal(
    goJson(statusObject(notFound({ group: '', resource: 'secrets' }, 'x'))),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \\"x\\" not found","reason":"NotFound","details":{"name":"x","kind":"secrets"},"code":404}',
  )
  const s = invalid('authentication.k8s.io', 'TokenRequest', '', [
    { field: 'spec.expirationSeconds', value: 5, detail: 'a' },
    { field: 'spec.audiences', value: ['x'], detail: 'b' },
  ])
  assert.equal(s.message, 'TokenRequest.authentication.k8s.io "" is invalid: [spec.expirationSeconds: Invalid value: 5: a, spec.audiences: Invalid value: ["x"]: b]')
  assert.deepEqual(statusObject(s).details, {
    group: 'authentication.k8s.io',
    kind: 'TokenRequest',
    causes: [
      { reason: 'FieldValueInvalid', message: 'Invalid value: 5: a', field: 'spec.expirationSeconds' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: ["x"]: b', field: 'spec.audiences' },
    ],
  })
})

test('validateRules: exactly one subject, and the lists present', () => {
  assert.throws(() => validateRules([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]), /exactly one of username and group/)
  assert.throws(() => validateRules([{ username: 'a', group: 'b', verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]), /exactly one/)
  assert.throws(() => validateRules([{ username: 'a', verbs: ['get'], resources: ['secrets'] } as unknown as Rule]), /apiGroups must be an array/)
})
