// A Kubernetes-API-compatible test server: the endpoints eso-render reads a cluster through (see
// README.md), answered as kube-apiserver answers them. This file is the HTTP layer and the order of the
// real handler chain: authentication (bearer token → user, else 401), authorization (RBAC on the
// RequestInfo, else 403), then routing (an unknown path is Go's plain-text `404 page not found`), then the
// resource handlers (GET/list of stored objects, TokenRequest, SelfSubjectReview) and discovery.
// Binds to 127.0.0.1; HTTPS by default with a CA made by openssl at start.

import * as http from 'node:http'
import * as https from 'node:https'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { forbiddenStatus, requestInfo, type RequestInfo } from './attributes.ts'
import { writeInClusterFiles, writeKubeconfig, type InClusterFiles, type KubeconfigOptions } from './kubeconfig.ts'
import { ESO_GROUP, ObjectStore, resourceTypes, rfc3339, type ObjectRef, type ResourceType } from './objects.ts'
import { authorize, validateRules, type Rule, type UserInfo } from './rbac.ts'
import { badRequest, goJson, goQuote, invalid, methodNotAllowed, notFound, statusObject, unauthorized, type FieldError, type Status } from './status.ts'
import { makeServingCert } from './tls.ts'
import { claimsValid, createSigningKey, serviceAccountClaims, signJwt, sortKeys, verifyJwt, type Ref } from './tokens.ts'

export type { Rule, UserInfo } from './rbac.ts'
export type { KubeconfigOptions, InClusterFiles } from './kubeconfig.ts'
export type { ObjectRef } from './objects.ts'

export interface KubeApiUser {
  username: string
  /** `system:authenticated` is added, as the API server's AuthenticatedGroupAdder does. */
  groups?: string[]
  uid?: string
  extra?: Record<string, string[]>
}

export interface KubeApiOptions {
  /** v1 Namespaces, Secrets, ConfigMaps, ServiceAccounts, Pods; external-secrets.io/v1 or v1beta1 SecretStores and ClusterSecretStores. */
  objects?: object[]
  /** Bearer token → who it is. Tokens the server minted (TokenRequest, mintToken) authenticate as their ServiceAccount too. */
  users?: Record<string, KubeApiUser>
  /** Default: nothing allowed beyond the bootstrap policy (discovery, /version, selfsubjectreviews). */
  rbac?: Rule[]
  /** Default true: HTTPS with a fresh CA (caPem). */
  tls?: boolean
  /** --service-account-issuer. Default https://kubernetes.default.svc.cluster.local. */
  issuer?: string
  /** --api-audiences: what a bearer JWT's aud must include, and a TokenRequest's default audiences. Default [issuer]. */
  apiAudiences?: string[]
  /** --service-account-max-token-expiration in seconds: longer requests are shortened (with a Warning header). Default none. */
  maxTokenExpirationSeconds?: number
  /** Milliseconds since the epoch (or a Date); default Date.now. Drives creationTimestamps and token times. */
  clock?: () => number | Date
  /** external-secrets.io versions served (conversion None: an object is served at each). Default ['v1', 'v1beta1']; [] = ESO not installed. */
  esoVersions?: string[]
  /** --anonymous-auth: a request without credentials is system:anonymous (then usually 403) instead of 401. Default false. */
  anonymous?: boolean
  /** PEM PKCS#8/PKCS#1 RSA key to sign tokens with; default a fresh 2048-bit key. */
  signingKeyPem?: string
  /** /version gitVersion. Default v1.34.1. */
  gitVersion?: string
}

export interface LoggedRequest {
  method: string
  path: string
  /** Raw query string without `?`. */
  query: string
  /** The authenticated username, `(none)` without credentials, `(invalid)` for a token nobody owns. Never the token. */
  user: string
  /** Answered status; 0 while in flight. */
  status: number
  /** `PartialObjectMetadata` when the client asked for metadata only (Accept `application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1`). */
  as?: string
}

export interface LoggedTokenRequest {
  namespace: string
  serviceAccount: string
  /** As answered (the API audiences when the request named none). */
  audiences: string[]
  /** As answered (3600 by default; shortened by maxTokenExpirationSeconds). */
  expirationSeconds: number
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string }
  /** Who asked. */
  user: string
  status: number
}

export interface KubeApi {
  url: string
  /** The CA that signed the serving certificate ('' without TLS). */
  caPem: string
  issuer: string
  /** SPKI PEM of the key that signs minted tokens. */
  publicKeyPem: string
  signingAlg: 'RS256'
  /** The tokens' `kid`. */
  keyId: string
  requests: LoggedRequest[]
  clearRequests(): void
  tokenRequests: LoggedTokenRequest[]
  writeKubeconfig(path: string, options: KubeconfigOptions): string
  /** Writes token, ca.crt and namespace under `${dir}/var/run/secrets/kubernetes.io/serviceaccount`; without `token`, mints one for `serviceAccount` (as the kubelet would). */
  inClusterFiles(dir: string, options: { token?: string; namespace: string; serviceAccount?: string }): InClusterFiles
  /** Adds or replaces an object; returns the stored form (uid, resourceVersion, … filled in). */
  addObject(o: object): Record<string, unknown>
  removeObject(ref: ObjectRef): boolean
  setRbac(rules: Rule[]): void
  addUser(token: string, user: KubeApiUser): void
  /** A token as a TokenRequest would answer (not logged in tokenRequests). Throws when the ServiceAccount does not exist. */
  mintToken(namespace: string, serviceAccount: string, options?: { audiences?: string[]; expirationSeconds?: number }): string
  close(): Promise<void>
}

type Obj = Record<string, unknown>

const PARTIAL_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1'

interface Answer {
  status: number
  body: string
  contentType?: string
  headers?: Record<string, string>
}

const AUTH_GROUP = 'authentication.k8s.io'
const MAX_BODY = 3 * 1024 * 1024

export async function startKubeApi(options: KubeApiOptions = {}): Promise<KubeApi> {
  const tls = options.tls !== false
  const issuer = options.issuer ?? 'https://kubernetes.default.svc.cluster.local'
  const apiAudiences = options.apiAudiences ?? [issuer]
  const now = () => Number(options.clock ? options.clock() : Date.now())
  const esoVersions = options.esoVersions ?? ['v1', 'v1beta1']
  const gitVersion = options.gitVersion ?? 'v1.34.1'
  const key = createSigningKey(options.signingKeyPem)
  const store = new ObjectStore(resourceTypes(esoVersions), now)
  for (const o of options.objects ?? []) store.add(o)
  const users = new Map(Object.entries(options.users ?? {}))
  let rules: Rule[] = [...(options.rbac ?? [])]
  validateRules(rules)
  const requests: LoggedRequest[] = []
  const tokenRequests: LoggedTokenRequest[] = []
  const cert = tls ? await makeServingCert() : undefined
  const pfUid = { flowSchema: randomUUID(), priorityLevel: randomUUID() }
  let url = ''

  const typeOf = (resource: string) => store.types.find((t) => t.group === '' && t.resource === resource)!
  const saType = typeOf('serviceaccounts')

  function withAuthenticatedGroup(groups: string[]): string[] {
    return groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated']
  }

  /** The ServiceAccount a JWT of ours names, if it is valid now and the ServiceAccount is still the same one. */
  function serviceAccountUser(token: string): UserInfo | undefined {
    const v = verifyJwt(key, token)
    if (!v || !claimsValid(v.claims, issuer, apiAudiences, Math.floor(now() / 1000))) return undefined
    const k8s = v.claims['kubernetes.io'] as { namespace?: string; serviceaccount?: Ref; pod?: Ref; node?: { name: string; uid?: string } } | undefined
    if (!k8s?.namespace || !k8s.serviceaccount?.name) return undefined
    const sa = store.get(saType, k8s.namespace, k8s.serviceaccount.name)
    if (!sa || (sa.metadata as Obj).uid !== k8s.serviceaccount.uid) return undefined
    const extra: Record<string, string[]> = {}
    if (k8s.pod) Object.assign(extra, { 'authentication.kubernetes.io/pod-name': [k8s.pod.name], 'authentication.kubernetes.io/pod-uid': [k8s.pod.uid] })
    if (typeof v.claims.jti === 'string') extra['authentication.kubernetes.io/credential-id'] = [`JTI=${v.claims.jti}`]
    if (k8s.node) {
      extra['authentication.kubernetes.io/node-name'] = [k8s.node.name]
      if (k8s.node.uid) extra['authentication.kubernetes.io/node-uid'] = [k8s.node.uid]
    }
    return {
      username: `system:serviceaccount:${k8s.namespace}:${k8s.serviceaccount.name}`,
      uid: k8s.serviceaccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${k8s.namespace}`, 'system:authenticated'],
      extra,
    }
  }

  /** bearertoken.Authenticator: `Authorization: Bearer <token>`; anything else is no credentials. */
  function authenticate(header: string | undefined): UserInfo | 'none' | 'invalid' {
    const auth = (header ?? '').trim()
    if (!auth) return 'none'
    const parts = auth.split(' ')
    if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer' || parts[1] === '') return 'none'
    const u = users.get(parts[1])
    if (u) return { username: u.username, uid: u.uid, groups: withAuthenticatedGroup(u.groups ?? []), extra: u.extra }
    return serviceAccountUser(parts[1]) ?? 'invalid'
  }

  function json(status: number, value: unknown, pretty: boolean, headers?: Record<string, string>): Answer {
    return { status, body: goJson(value, pretty) + (pretty ? '' : '\n'), headers }
  }
  const fail = (s: Status, pretty: boolean, headers?: Record<string, string>) => json(s.code, statusObject(s), pretty, headers)
  const pageNotFound = (): Answer => ({ status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8', headers: { 'X-Content-Type-Options': 'nosniff' } })

  function mint(sa: Obj, audiences: string[], expirationSeconds: number, nowMs: number, bound: { pod?: Ref; secret?: Ref; node?: { name: string; uid?: string } } = {}): string {
    const meta = sa.metadata as Obj
    const claims = serviceAccountClaims({
      issuer,
      namespace: meta.namespace as string,
      name: meta.name as string,
      uid: meta.uid as string,
      audiences,
      expirationSeconds,
      now: Math.floor(nowMs / 1000),
      ...bound,
    })
    return signJwt(key, claims as unknown as Obj)
  }

  /** pkg/registry/core/serviceaccount/storage/token.go TokenREST.Create, in its order of checks. */
  function tokenRequest(info: RequestInfo, user: UserInfo, bodyText: string, pretty: boolean): Answer {
    const { namespace, name } = info
    const log: LoggedTokenRequest = { namespace, serviceAccount: name, audiences: [], expirationSeconds: 0, user: user.username, status: 0 }
    tokenRequests.push(log)
    const answer = (a: Answer) => ((log.status = a.status), a)
    let req: Obj
    try {
      req = bodyText.trim() ? JSON.parse(bodyText) : {}
    } catch (e) {
      return answer(
        fail(
          badRequest(
            `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (${(e as Error).message})`,
          ),
          pretty,
        ),
      )
    }
    if (!req || typeof req !== 'object' || Array.isArray(req)) return answer(fail(badRequest('the body of the request must be a TokenRequest object'), pretty))
    if (req.kind !== undefined && req.kind !== 'TokenRequest')
      return answer(fail(badRequest(`the API version in the data (${String(req.apiVersion)}) does not match the expected API version (${AUTH_GROUP}/v1)`), pretty))
    const meta = (req.metadata ?? {}) as Obj
    const spec = (req.spec ?? {}) as Obj
    const bound = (spec.boundObjectRef ?? undefined) as LoggedTokenRequest['boundObjectRef']
    if (bound) log.boundObjectRef = bound
    if (meta.name && meta.name !== name)
      return answer(fail(invalid(AUTH_GROUP, 'TokenRequest', name, [{ field: 'metadata.name', value: String(meta.name), detail: 'must match the service account name if specified' }]), pretty))
    if (meta.namespace && meta.namespace !== namespace)
      return answer(
        fail(invalid(AUTH_GROUP, 'TokenRequest', name, [{ field: 'metadata.namespace', value: String(meta.namespace), detail: 'must match the service account namespace if specified' }]), pretty),
      )
    const sa = store.get(saType, namespace, name)
    if (!sa) return answer(fail(notFound({ group: '', resource: 'serviceaccounts' }, name), pretty))
    const audiences = Array.isArray(spec.audiences) && spec.audiences.length ? (spec.audiences as string[]) : apiAudiences
    const rawExp = spec.expirationSeconds === undefined || spec.expirationSeconds === null ? 3600 : spec.expirationSeconds
    if (typeof rawExp !== 'number' || !Number.isInteger(rawExp))
      return answer(fail(badRequest(`json: cannot unmarshal ${typeof rawExp} into Go struct field TokenRequestSpec.spec.expirationSeconds of type int64`), pretty))
    let exp = rawExp
    log.audiences = audiences
    log.expirationSeconds = exp
    const errs: FieldError[] = []
    if (exp < 600) errs.push({ field: 'spec.expirationSeconds', value: exp, detail: 'may not specify a duration less than 10 minutes' })
    if (exp > 2 ** 32) errs.push({ field: 'spec.expirationSeconds', value: exp, detail: 'may not specify a duration larger than 2^32 seconds' })
    if (errs.length) return answer(fail(invalid(AUTH_GROUP, 'TokenRequest', '', errs), pretty))
    const claimsBound: { pod?: Ref; secret?: Ref; node?: { name: string; uid?: string } } = {}
    if (bound) {
      const [g, v] = (bound.apiVersion ?? '').includes('/') ? bound.apiVersion!.split('/') : ['', bound.apiVersion ?? '']
      const refName = bound.name ?? ''
      let uid: string
      if (g === '' && (bound.kind === 'Pod' || bound.kind === 'Secret')) {
        const resource = bound.kind === 'Pod' ? 'pods' : 'secrets'
        const o = store.get(typeOf(resource), namespace, refName)
        if (!o) return answer(fail(notFound({ group: '', resource }, refName), pretty))
        uid = (o.metadata as Obj).uid as string
        if (bound.kind === 'Pod') {
          const podSpec = (o.spec ?? {}) as Obj
          if (podSpec.serviceAccountName !== name) return answer(fail(badRequest(`cannot bind token for serviceaccount ${goQuote(name)} to pod running with different serviceaccount name.`), pretty))
          claimsBound.pod = { name: refName, uid }
          if (typeof podSpec.nodeName === 'string' && podSpec.nodeName) claimsBound.node = { name: podSpec.nodeName }
        } else claimsBound.secret = { name: refName, uid }
      } else {
        return answer(fail(badRequest(`cannot bind token to object of type ${g}/${v}, Kind=${bound.kind ?? ''}`), pretty))
      }
      if (bound.uid && bound.uid !== uid) {
        const message = `Operation cannot be fulfilled on ${bound.kind} ${goQuote(refName)}: the UID in the bound object reference (${bound.uid}) does not match the UID in record. The object might have been deleted and then recreated`
        return answer(fail({ status: 'Failure', message, reason: 'Conflict', details: { name: refName, kind: bound.kind }, code: 409 }, pretty))
      }
    }
    const headers: Record<string, string> = {}
    const max = options.maxTokenExpirationSeconds
    if (max && max > 0 && exp > max) {
      headers.Warning = `299 - "requested expiration of ${exp} seconds shortened to ${max} seconds"`
      exp = max
      log.expirationSeconds = exp
    }
    const t = now()
    const token = mint(sa, audiences, exp, t, claimsBound)
    const saMeta = sa.metadata as Obj
    const out = {
      kind: 'TokenRequest',
      apiVersion: `${AUTH_GROUP}/v1`,
      metadata: { name, namespace, uid: saMeta.uid, creationTimestamp: rfc3339(t) },
      spec: { audiences, expirationSeconds: exp, boundObjectRef: bound ?? null },
      status: { token, expirationTimestamp: rfc3339(t + exp * 1000) },
    }
    return answer(json(201, out, pretty, headers))
  }

  function selfSubjectReview(user: UserInfo, pretty: boolean): Answer {
    const userInfo: Obj = { username: user.username }
    if (user.uid) userInfo.uid = user.uid
    if (user.groups.length) userInfo.groups = user.groups
    if (user.extra && Object.keys(user.extra).length) userInfo.extra = sortKeys(user.extra)
    return json(201, { kind: 'SelfSubjectReview', apiVersion: `${AUTH_GROUP}/v1`, metadata: { creationTimestamp: rfc3339(now()) }, status: { userInfo } }, pretty)
  }

  function apiResource(t: ResourceType): Obj {
    const r: Obj = { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'list'] }
    if (t.shortNames) r.shortNames = t.shortNames
    if (t.categories) r.categories = t.categories
    return r
  }

  function groupEntry(name: string, versions: string[]): Obj {
    const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }))
    return { name, versions: vs, preferredVersion: vs[0] }
  }

  function groups(): Obj[] {
    const out = [groupEntry(AUTH_GROUP, ['v1'])]
    if (esoVersions.length) out.push(groupEntry(ESO_GROUP, esoVersions))
    return out
  }

  /** Non-resource paths: discovery, /version, health, the issuer's OIDC documents. */
  function nonResource(info: RequestInfo, pretty: boolean): Answer {
    if (info.verb !== 'get' && info.verb !== 'head') return pageNotFound()
    const path = info.path.replace(/\/+$/, '') || '/'
    const [major, minor] = gitVersion.replace(/^v/, '').split('.')
    switch (path) {
      case '/version':
        return json(
          200,
          {
            major,
            minor,
            emulationMajor: major,
            emulationMinor: minor,
            minCompatibilityMajor: major,
            minCompatibilityMinor: String(Math.max(0, Number(minor) - 1)),
            gitVersion,
            gitCommit: '0000000000000000000000000000000000000000',
            gitTreeState: 'clean',
            buildDate: '2025-09-09T00:00:00Z',
            goVersion: 'go1.24.6',
            compiler: 'gc',
            platform: 'linux/amd64',
          },
          true,
        )
      case '/healthz':
      case '/livez':
      case '/readyz':
        return { status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8', headers: { 'X-Content-Type-Options': 'nosniff' } }
      case '/api':
        return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: new URL(url).host }] }, pretty)
      case '/apis':
        return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups() }, pretty)
      case '/api/v1': {
        const resources = store.types.filter((t) => t.group === '').map(apiResource)
        resources.push({ name: 'serviceaccounts/token', singularName: '', namespaced: true, group: AUTH_GROUP, version: 'v1', kind: 'TokenRequest', verbs: ['create'] })
        resources.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1))
        return json(200, { kind: 'APIResourceList', groupVersion: 'v1', resources }, pretty)
      }
      case '/.well-known/openid-configuration':
        return json(
          200,
          { issuer, jwks_uri: `${url}/openid/v1/jwks`, response_types_supported: ['id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] },
          pretty,
        )
      case '/openid/v1/jwks': {
        const jwk = key.publicKey.export({ format: 'jwk' }) as { n: string; e: string }
        return { ...json(200, { keys: [{ use: 'sig', kty: 'RSA', kid: key.kid, alg: 'RS256', n: jwk.n, e: jwk.e }] }, pretty), contentType: 'application/jwk-set+json' }
      }
    }
    const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path)
    const group = m && groups().find((g) => g.name === m[1])
    if (!m || !group) return pageNotFound()
    if (!m[2]) return json(200, { kind: 'APIGroup', apiVersion: 'v1', ...group }, pretty)
    const version = m[2]
    if (m[1] === AUTH_GROUP && version === 'v1')
      return json(
        200,
        {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: `${AUTH_GROUP}/v1`,
          resources: [{ name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] }],
        },
        pretty,
      )
    if (m[1] === ESO_GROUP && esoVersions.includes(version))
      return json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${ESO_GROUP}/${version}`, resources: store.types.filter((t) => t.group === ESO_GROUP).map(apiResource) }, pretty)
    return pageNotFound()
  }

  /** Resource requests that passed authorization. */
  function resource(info: RequestInfo, query: URLSearchParams, user: UserInfo, bodyText: string, pretty: boolean, metadataOnly: boolean): Answer {
    // "namespaces/{ns}/…" in the URL (a Namespace's own URL carries its name as the namespace too).
    const scoped = info.namespace !== '' && info.resource !== 'namespaces'
    if (info.apiGroup === AUTH_GROUP && info.apiVersion === 'v1' && info.resource === 'selfsubjectreviews' && !scoped && !info.name) {
      return info.verb === 'create' ? selfSubjectReview(user, pretty) : fail(methodNotAllowed(), pretty)
    }
    const t = store.typeFor(info.apiGroup, info.apiVersion, info.resource)
    if (!t || (info.name ? t.namespaced !== scoped : !t.namespaced && scoped)) return pageNotFound()
    if (info.subresource) {
      if (t.resource !== 'serviceaccounts' || info.subresource !== 'token' || info.parts.length > 3) return pageNotFound()
      return info.verb === 'create' ? tokenRequest(info, user, bodyText, pretty) : fail(methodNotAllowed(), pretty)
    }
    const ns = t.namespaced ? info.namespace : ''
    if (info.verb === 'get') {
      const o = store.get(t, ns, info.name)
      if (!o) return fail(notFound({ group: t.group, resource: t.resource }, info.name), pretty)
      const rendered = store.render(t, o, info.apiVersion)
      // The API server's metadata-only form: the object's metadata without spec, data or status.
      if (metadataOnly) return { ...json(200, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: rendered.metadata }, pretty), contentType: PARTIAL_METADATA }
      return json(200, rendered, pretty)
    }
    if (info.verb === 'list') {
      if (query.get('labelSelector') || query.get('fieldSelector')) return fail(badRequest('kube-api test server: labelSelector and fieldSelector are not supported'), pretty)
      const apiVersion = t.group ? `${t.group}/${info.apiVersion}` : info.apiVersion
      const items = store.list(t, ns).map((o) => store.render(t, o, info.apiVersion, !t.builtin))
      return json(200, { kind: `${t.kind}List`, apiVersion, metadata: { resourceVersion: store.resourceVersion() }, items }, pretty)
    }
    return fail(methodNotAllowed(), pretty)
  }

  async function handle(req: http.IncomingMessage): Promise<{ answer: Answer; entry: LoggedRequest }> {
    const u = new URL(req.url ?? '/', 'http://kube-api')
    const method = req.method ?? 'GET'
    const entry: LoggedRequest = { method, path: u.pathname, query: u.search.replace(/^\?/, ''), user: '', status: 0 }
    requests.push(entry)
    const chunks: Buffer[] = []
    let size = 0
    for await (const c of req) {
      size += (c as Buffer).length
      if (size <= MAX_BODY) chunks.push(c as Buffer)
    }
    const info = requestInfo(method, u.pathname, u.searchParams)
    const pretty = ['true', '1'].includes(u.searchParams.get('pretty') ?? '')
    const who = authenticate(req.headers.authorization)
    if (who === 'invalid' || (who === 'none' && !options.anonymous)) {
      entry.user = who === 'none' ? '(none)' : '(invalid)'
      return { answer: fail(unauthorized(), pretty), entry }
    }
    const user: UserInfo = who === 'none' ? { username: 'system:anonymous', groups: ['system:unauthenticated'] } : who
    entry.user = user.username
    const pf = { 'X-Kubernetes-Pf-Flowschema-Uid': pfUid.flowSchema, 'X-Kubernetes-Pf-Prioritylevel-Uid': pfUid.priorityLevel }
    const withPf = (a: Answer): Answer => ({ ...a, headers: { ...pf, ...a.headers } })
    if (size > MAX_BODY) return { answer: withPf(fail({ status: 'Failure', message: `Request entity too large: limit is ${MAX_BODY}`, reason: 'RequestEntityTooLarge', code: 413 }, pretty)), entry }
    if (!authorize(rules, user, info)) return { answer: withPf(fail(forbiddenStatus(user.username, info), pretty, { 'X-Content-Type-Options': 'nosniff' })), entry }
    const body = Buffer.concat(chunks).toString('utf8')
    const metadataOnly = (req.headers.accept ?? '').replace(/\s/g, '').startsWith(PARTIAL_METADATA)
    if (metadataOnly) entry.as = 'PartialObjectMetadata'
    return { answer: withPf(info.isResourceRequest ? resource(info, u.searchParams, user, body, pretty, metadataOnly) : nonResource(info, pretty)), entry }
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req).then(
      ({ answer, entry }) => {
        entry.status = answer.status
        res.writeHead(answer.status, {
          'Audit-Id': randomUUID(),
          'Cache-Control': 'no-cache, private',
          'Content-Type': answer.contentType ?? 'application/json',
          ...answer.headers,
        })
        res.end(req.method === 'HEAD' ? undefined : answer.body)
      },
      (e: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end(`Internal Server Error: ${goQuote(req.url ?? '')}: ${(e as Error).message}`)
      },
    )
  }

  const server = cert ? https.createServer({ cert: cert.certPem, key: cert.keyPem }, listener) : http.createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`
  const end = { url, caPem: cert?.caPem ?? '', tls }

  const api: KubeApi = {
    url,
    caPem: end.caPem,
    issuer,
    publicKeyPem: key.publicKeyPem,
    signingAlg: key.alg,
    keyId: key.kid,
    requests,
    clearRequests: () => void requests.splice(0),
    tokenRequests,
    writeKubeconfig: (path, o) => writeKubeconfig(end, path, o),
    inClusterFiles(dir, o) {
      const token = o.token ?? (o.serviceAccount ? api.mintToken(o.namespace, o.serviceAccount, { expirationSeconds: 3607 }) : undefined)
      if (!token) throw new Error('kube-api: inClusterFiles needs a token or a serviceAccount to mint one for')
      return writeInClusterFiles(end, dir, { token, namespace: o.namespace })
    },
    addObject: (o) => store.add(o),
    removeObject: (ref) => store.remove(ref),
    setRbac(r) {
      validateRules(r)
      rules = [...r]
    },
    addUser: (token, u) => void users.set(token, u),
    mintToken(namespace, name, o = {}) {
      const sa = store.get(saType, namespace, name)
      if (!sa) throw new Error(`kube-api: no ServiceAccount ${namespace}/${name}`)
      return mint(sa, o.audiences?.length ? o.audiences : apiAudiences, o.expirationSeconds ?? 3600, now())
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
  return api
}
