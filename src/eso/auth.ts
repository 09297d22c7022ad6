// How a Vault store authenticates, in ESO's words (eso.md §4.2; providers/v1/vault/auth*.go): the
// first configured method wins, in ESO's order; each names its credentials as Secret keys (or a
// ServiceAccount), resolved in ESO's namespaces. The result is a plan, not a token: a static token,
// or a login whose credentials come from the input. The operator's stand-ins (tokenEnv, tokenFile,
// VAULT_TOKEN) are here too, each saying whose credential it is. No I/O but reading the
// operator's token file.

import type { Author, Environment, RenderOptions } from '../config.ts'
import { RenderError, type FileRef, type ResourceId } from '../errors.ts'
import type { LoginMethod } from '../vault/auth/login.ts'
import { headerValueProblem } from '../vault/header.ts'
import { base64DecodeLoose, fromUtf8 } from './bytes.ts'

/** Kubernetes objects of the input that stores may refer to. */
export interface Lookups {
  secret(namespace: string, name: string): Record<string, unknown> | undefined
  configMap(namespace: string, name: string): Record<string, unknown> | undefined
  namespaceLabels(name: string): Record<string, string> | undefined
  /**
   * For a lookup that missed: where objects of that kind and name are in the input instead, as a
   * clause for the message (`; a namespace-less ConfigMap of that name is in the input...`), or ''.
   */
  missHint(kind: 'Secret' | 'ConfigMap', namespace: string, name: string): string
  /** Whether the object was read from the cluster (an operator credential) rather than found in the input. */
  fromCluster?(kind: 'Secret' | 'ConfigMap', namespace: string, name: string): boolean
}

/** A Secret key in ESO's SecretKeySelector shape. */
export interface KeySelector {
  name?: string
  key?: string
  namespace?: string
}

/** One credential of a login, with where it came from (for messages and identities; never the value). */
export interface Credential {
  /** Undefined when the fetch stage obtains it (a TokenRequest, the pod's own token). */
  value?: string
  /** `Secret apps/vault-approle key secret-id`, `spec.provider.vault.auth.appRole.roleId`, `TokenRequest for ServiceAccount apps/app`. */
  from: string
  /** A credential from the input may go to the input's store server; one from the cluster is the operator's. */
  author: Author
  tokenRequest?: { namespace: string; serviceAccount: string; audiences: string[]; expirationSeconds: number }
  podToken?: boolean
  /** Known to exist in the cluster, its data not read (`eso-render check`): a plan of a credential, never sent. */
  unread?: boolean
}

export type StoreAuth =
  | { kind: 'token'; token: string; author: Author; source: string; unread?: boolean }
  | {
      kind: 'login'
      method: LoginMethod
      /** The auth mount (`kubernetes`, `approle`...). */
      mount: string
      /** The login's Vault namespace: `auth.namespace`, else the store's. */
      namespace?: string
      role?: string
      username?: string
      credentials: Partial<Record<'jwt' | 'roleId' | 'secretId' | 'password' | 'clientCert' | 'clientKey', Credential>>
      author: Author
      /** For notices: method, mount, role and where each credential came from. */
      source: string
      /** One login per identity: server, namespace, spec and the credentials' sources (never values). */
      identity: string
    }

export interface AuthContext {
  options: RenderOptions
  env: Environment
  lookups: Lookups
  readFile: (path: string) => string
  /** Cluster access, when the operator turned it on: TokenRequests and (in-cluster) the pod's own token become possible. */
  cluster?: 'kubeconfig' | 'in-cluster'
  /** A tenant policy in force (README "Tenant policy"): the operator's stand-in tokens only if it allows them, never the pod's own token. */
  tenantPolicy?: TenantPolicyTerms
}

export interface TenantPolicyTerms {
  /** `the tenant policy (FILE, project "p", rule "p")`, for messages. */
  rule: string
  allowTokenFallback: boolean
}

export interface AuthStore {
  resource: ResourceId
  file?: FileRef
  auth?: Record<string, unknown>
}

/** ESO's order (providers/v1/vault/auth.go setAuth): the first configured method wins. */
export const AUTH_METHODS = ['tokenSecretRef', 'appRole', 'kubernetes', 'ldap', 'userPass', 'jwt', 'cert', 'iam', 'gcp'] as const
type AuthMethod = (typeof AUTH_METHODS)[number]

/** A Secret's `data` value as the API server holds it (stringData folded in, stringData winning). */
/**
 * Marks a Secret known from the cluster by its metadata only: `eso-render check` proves that a
 * credential exists without reading it (README "Trust model", rule 5).
 */
export const UNREAD = Symbol('data not read')

export function isUnread(object: Record<string | symbol, unknown>): boolean {
  return object[UNREAD] === true
}

export function secretValue(secret: Record<string, unknown>, key: string): string | undefined {
  const stringData = secret.stringData as Record<string, unknown> | undefined
  if (stringData && typeof stringData[key] === 'string') return stringData[key] as string
  const data = secret.data as Record<string, unknown> | undefined
  if (data && typeof data[key] === 'string') return fromUtf8(base64DecodeLoose(data[key] as string))
  return undefined
}

/** Why a store's own auth cannot be satisfied where the render runs, and the object it lacks. */
class Unsatisfiable extends Error {
  /** For the stand-in's announcement: `Secret apps/x named by tokenSecretRef is not in the input`. */
  readonly why: string
  readonly fieldPath: string
  constructor(message: string, why: string, fieldPath: string) {
    super(message)
    this.why = why
    this.fieldPath = fieldPath
  }
}

/**
 * resolvers.SecretKeyRef: a SecretStore reads in the ExternalSecret's namespace; a ClusterSecretStore
 * in the ref's namespace, else the ExternalSecret's. A key that is not there is ESO's error; a Secret
 * that is not in the input cannot be satisfied here (the operator's stand-in may then apply).
 */
function secretKey(store: AuthStore, esNamespace: string, ref: KeySelector, fieldPath: string, ctx: AuthContext, defaultKey?: string): Credential {
  const name = ref.name ?? ''
  const ns = store.resource.kind === 'ClusterSecretStore' ? (ref.namespace ?? esNamespace) : esNamespace
  const key = ref.key || defaultKey || ''
  const secret = ctx.lookups.secret(ns, name)
  if (secret && isUnread(secret)) return { from: `Secret ${ns}/${name} key ${key} (in the cluster; check does not read its data)`, author: 'operator', unread: true }
  if (!secret) {
    throw new Unsatisfiable(
      `cannot get Kubernetes secret ${JSON.stringify(name)} from namespace ${JSON.stringify(ns)}: not in the input${ctx.cluster ? ' nor in the cluster' : ''}${ctx.lookups.missHint('Secret', ns, name)}`,
      `Secret ${ns}/${name} named by ${fieldPath.slice(fieldPath.lastIndexOf('.') + 1)} is not in the input`,
      fieldPath,
    )
  }
  const value = secretValue(secret, key)
  if (value === undefined) {
    const hint = key === '' ? ` (the ref names no key: ESO reads the key it names, with no default; add key: ${fieldPath.endsWith('tokenSecretRef') ? 'token' : '<the key>'})` : ''
    throw new RenderError('AUTH_FAILED', `cannot find secret data for key: ${JSON.stringify(key)} in Secret ${ns}/${name}${hint}`, {
      resource: store.resource,
      file: store.file,
      fieldPath: `${fieldPath}.key`,
    })
  }
  const cluster = ctx.lookups.fromCluster?.('Secret', ns, name) ?? false
  return { value, from: `Secret ${ns}/${name} key ${key}${cluster ? ' (from the cluster)' : ''}`, author: cluster ? 'operator' : 'input' }
}

/**
 * A static token travels in the X-Vault-Token header: one with a CR, LF or another character a
 * header cannot carry is refused here, before any request, naming where it came from (`the token
 * in Secret apps/tok key token`), never quoting it.
 */
function checkToken(token: string, what: string, details: { resource?: ResourceId; file?: FileRef; fieldPath?: string }): void {
  const problem = headerValueProblem(token)
  if (problem) throw new RenderError('AUTH_FAILED', `${what} ${problem}; Vault tokens cannot (they travel in the X-Vault-Token header); nothing was sent`, details)
}

/** The store's auth, with the operator's stand-ins (README "Credentials"). */
export function resolveAuth(store: AuthStore, esNamespace: string, server: string, vaultNamespace: string | undefined, ctx: AuthContext): StoreAuth {
  const at = { resource: store.resource, file: store.file }
  const operator = (token: string, source: string, what: string): StoreAuth => {
    checkToken(token, what, at)
    return { kind: 'token', token, author: 'operator', source }
  }
  const policy = ctx.tenantPolicy
  // A stand-in token reads as the operator, not as the store says: under a tenant policy only where it says so.
  const standInDenied = (name: string) =>
    new RenderError('POLICY_DENIED', `${name} would stand in for the store's own auth, which ${policy!.rule} does not allow (allowTokenFallback is false)`, {
      ...at,
      fieldPath: 'spec.provider.vault.auth',
    })
  if ((ctx.options.tokenEnv || ctx.options.tokenFile) && policy && !policy.allowTokenFallback) throw standInDenied(ctx.options.tokenEnv ? 'tokenEnv' : 'tokenFile')
  if (ctx.options.tokenEnv) {
    const set = ctx.options.sources.tokenEnv?.via ?? 'tokenEnv'
    const token = ctx.env[ctx.options.tokenEnv]
    if (!token) throw new RenderError('AUTH_FAILED', `tokenEnv (${set}) names $${ctx.options.tokenEnv}, which is not set`, at)
    return operator(token, `$${ctx.options.tokenEnv} (tokenEnv, set by the operator: ${set})`, `the token in $${ctx.options.tokenEnv} (tokenEnv, ${set})`)
  }
  if (ctx.options.tokenFile) {
    const set = ctx.options.sources.tokenFile?.via ?? 'tokenFile'
    let text: string
    try {
      text = ctx.readFile(ctx.options.tokenFile)
    } catch {
      throw new RenderError('AUTH_FAILED', `cannot read the token file ${ctx.options.tokenFile} (tokenFile, ${set})`, at)
    }
    // A file the operator names loses one final newline (editors add it); a tokenSecretRef's bytes are used as they are, as ESO does.
    const token = text.replace(/\r?\n$/, '')
    if (!token) throw new RenderError('AUTH_FAILED', `the token file ${ctx.options.tokenFile} (tokenFile, ${set}) is empty`, at)
    return operator(token, `file ${ctx.options.tokenFile} (tokenFile, set by the operator: ${set})`, `the token in file ${ctx.options.tokenFile} (tokenFile, ${set}; one final newline is dropped)`)
  }
  const auth = store.auth ?? {}
  const method = AUTH_METHODS.find((m) => auth[m] !== undefined)
  const fallback = (why: string) => {
    if (!ctx.env.VAULT_TOKEN) return undefined
    if (policy && !policy.allowTokenFallback) throw standInDenied(`$VAULT_TOKEN (${why})`)
    return operator(ctx.env.VAULT_TOKEN, `$VAULT_TOKEN (set by the operator; ${why})`, 'the token in $VAULT_TOKEN')
  }
  if (!method) {
    const fb = fallback('the store has no auth')
    if (fb) return fb
    const standIn = policy && !policy.allowTokenFallback ? `${policy.rule} allows no stand-in token` : 'VAULT_TOKEN is not set'
    throw new RenderError('AUTH_FAILED', `cannot initialize Vault client: no valid auth method specified (and ${standIn})`, { ...at, fieldPath: 'spec.provider.vault.auth' })
  }
  try {
    return storeAuth(method, store, esNamespace, server, vaultNamespace, ctx)
  } catch (err) {
    if (!(err instanceof Unsatisfiable)) throw err
    const fb = fallback(err.why)
    if (fb) return fb
    const ways = ctx.cluster ? 'add it to the rendered resources or the cluster' : 'add it to the rendered resources, give eso-render cluster access (--cluster)'
    const standIn = policy && !policy.allowTokenFallback ? '' : ", or render with the operator's stand-in token (VAULT_TOKEN with VAULT_ADDR)"
    throw new RenderError('AUTH_FAILED', `${err.message}; ${ways}${standIn}`, { ...at, fieldPath: err.fieldPath })
  }
}

function tokenRequest(namespace: string, serviceAccount: string, audiences: string[], expirationSeconds: number): Credential {
  return {
    from: `TokenRequest for ServiceAccount ${namespace}/${serviceAccount}${audiences.length ? ` (audiences ${audiences.join(', ')})` : ''}`,
    author: 'operator',
    tokenRequest: { namespace, serviceAccount, audiences, expirationSeconds },
  }
}

function storeAuth(method: AuthMethod, store: AuthStore, esNamespace: string, server: string, vaultNamespace: string | undefined, ctx: AuthContext): StoreAuth {
  const auth = store.auth ?? {}
  const spec = (auth[method] ?? {}) as Record<string, unknown>
  const field = `spec.provider.vault.auth.${method}`
  const loginNamespace = typeof auth.namespace === 'string' ? auth.namespace : vaultNamespace
  const at = { resource: store.resource, file: store.file }
  const ref = (r: unknown) => (r ?? {}) as KeySelector
  if (method === 'tokenSecretRef') {
    const token = secretKey(store, esNamespace, ref(auth.tokenSecretRef), 'spec.provider.vault.auth.tokenSecretRef', ctx)
    // ESO sends the Secret's bytes as they are: a newline written with the value stays in the token.
    if (token.value !== undefined) checkToken(token.value, `the token in ${token.from}`, { ...at, fieldPath: 'spec.provider.vault.auth.tokenSecretRef' })
    // The input's own credential: its author already holds it (README "Trust model", rule 3).
    return { kind: 'token', token: token.value ?? '', author: token.author, source: token.from, ...(token.unread ? { unread: true } : {}) }
  }
  if (method === 'iam' || method === 'gcp') {
    throw new Unsatisfiable(
      `auth method ${method} is not supported by eso-render (it needs ${method === 'iam' ? 'AWS' : 'Google Cloud'} credentials signed at render time)`,
      `${method} auth is not supported by eso-render`,
      field,
    )
  }
  const credentials: Extract<StoreAuth, { kind: 'login' }>['credentials'] = {}
  let mount: string
  let role: string | undefined
  let username: string | undefined
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
  switch (method) {
    case 'appRole': {
      mount = str(spec.path) || 'approle'
      if (str(spec.roleId)) credentials.roleId = { value: str(spec.roleId)!.trim(), from: `${field}.roleId`, author: 'input' }
      else if (spec.roleRef) credentials.roleId = secretKey(store, esNamespace, ref(spec.roleRef), `${field}.roleRef`, ctx)
      else throw new RenderError('AUTH_FAILED', 'invalid Auth.AppRole: neither `roleId` nor `roleRef` was supplied', { ...at, fieldPath: field })
      credentials.secretId = secretKey(store, esNamespace, ref(spec.secretRef), `${field}.secretRef`, ctx)
      break
    }
    case 'kubernetes': {
      mount = str(spec.mountPath) || 'kubernetes'
      role = str(spec.role) ?? ''
      if (spec.serviceAccountRef) {
        const sa = spec.serviceAccountRef as { name?: string; namespace?: string; audiences?: string[] }
        const ns = store.resource.kind === 'ClusterSecretStore' ? (sa.namespace ?? esNamespace) : esNamespace
        // providers/v1/vault/auth_kubernetes.go: a TokenRequest with the ref's audiences, 600 s.
        if (ctx.cluster) credentials.jwt = tokenRequest(ns, sa.name ?? '', sa.audiences ?? [], 600)
        else
          throw new Unsatisfiable(
            `cannot request Kubernetes service account token for service account ${JSON.stringify(sa.name ?? '')} in namespace ${JSON.stringify(ns)}: the TokenRequest API needs cluster access (legacy ServiceAccount token Secrets are not used instead)`,
            `kubernetes auth needs a TokenRequest for ServiceAccount ${ns}/${sa.name ?? ''}`,
            `${field}.serviceAccountRef`,
          )
      } else if (spec.secretRef) credentials.jwt = secretKey(store, esNamespace, ref(spec.secretRef), `${field}.secretRef`, ctx, 'token')
      else if (ctx.cluster === 'in-cluster' && ctx.tenantPolicy) {
        // The render server's own identity must not become any tenant's (README "Trust model", rule 6).
        throw new Unsatisfiable(
          `kubernetes auth without serviceAccountRef or secretRef uses the pod's own service-account token, which is never used under ${ctx.tenantPolicy.rule}; name a serviceAccountRef`,
          "kubernetes auth uses the pod's own service-account token",
          field,
        )
      } else if (ctx.cluster === 'in-cluster') credentials.jwt = { from: "the pod's own service-account token", author: 'operator', podToken: true }
      else {
        throw new Unsatisfiable(
          "cannot read Kubernetes service account token from file system: kubernetes auth without serviceAccountRef or secretRef uses the pod's own token, which only a render inside a cluster has",
          "kubernetes auth uses the pod's own service-account token",
          field,
        )
      }
      break
    }
    case 'ldap':
    case 'userPass': {
      mount = str(spec.path) || (method === 'ldap' ? 'ldap' : 'userpass')
      username = (str(spec.username) ?? '').trim()
      credentials.password = secretKey(store, esNamespace, ref(spec.secretRef), `${field}.secretRef`, ctx)
      break
    }
    case 'jwt': {
      mount = str(spec.path) || 'jwt'
      role = (str(spec.role) ?? '').trim()
      if (spec.secretRef) credentials.jwt = secretKey(store, esNamespace, ref(spec.secretRef), `${field}.secretRef`, ctx)
      else if (spec.kubernetesServiceAccountToken) {
        const k = spec.kubernetesServiceAccountToken as { serviceAccountRef?: { name?: string; namespace?: string; audiences?: string[] }; audiences?: string[]; expirationSeconds?: number }
        const sa = k.serviceAccountRef ?? {}
        const ns = store.resource.kind === 'ClusterSecretStore' ? (sa.namespace ?? esNamespace) : esNamespace
        // providers/v1/vault/auth_jwt.go: the ref's audiences plus `audiences` (default ["vault"]), 600 s unless set.
        if (ctx.cluster) credentials.jwt = tokenRequest(ns, sa.name ?? '', [...(sa.audiences ?? []), ...(k.audiences ?? ['vault'])], k.expirationSeconds ?? 600)
        else
          throw new Unsatisfiable(
            `cannot request Kubernetes service account token for service account ${JSON.stringify(sa.name ?? '')} in namespace ${JSON.stringify(ns)}: the TokenRequest API needs cluster access`,
            `jwt auth needs a TokenRequest for ServiceAccount ${ns}/${sa.name ?? ''}`,
            `${field}.kubernetesServiceAccountToken`,
          )
      } else throw new RenderError('AUTH_FAILED', 'neither `secretRef` nor `kubernetesServiceAccountToken` was supplied as token source for jwt authentication', { ...at, fieldPath: field })
      break
    }
    case 'cert': {
      mount = str(spec.path) || 'cert'
      role = str(spec.vaultRole)
      credentials.clientKey = secretKey(store, esNamespace, ref(spec.secretRef), `${field}.secretRef`, ctx)
      credentials.clientCert = secretKey(store, esNamespace, ref(spec.clientCert), `${field}.clientCert`, ctx)
      break
    }
  }
  const froms = Object.entries(credentials).map(([k, c]) => `${k} from ${c!.from}`)
  const who = [
    role !== undefined && method !== 'cert' ? `role ${JSON.stringify(role)}` : '',
    role && method === 'cert' ? `vaultRole ${JSON.stringify(role)}` : '',
    username !== undefined ? `user ${JSON.stringify(username)}` : '',
  ]
    .filter(Boolean)
    .join(', ')
  return {
    kind: 'login',
    method,
    mount,
    namespace: loginNamespace,
    role,
    username,
    credentials,
    // Credentials of the input may go to the input's own server (rule 3); any from the cluster make the login the operator's (rule 2).
    author: Object.values(credentials).some((c) => c!.author === 'operator') ? 'operator' : 'input',
    source: `${method} login at auth/${mount}${who ? ` (${who})` : ''}, ${froms.join(', ')}`,
    // In memory only: an inline role ID is part of who logs in; credentials read from Secrets count by their source.
    identity: JSON.stringify([
      server,
      loginNamespace ?? '',
      method,
      mount,
      role ?? '',
      username ?? '',
      Object.entries(credentials).map(([k, c]) => [k, c!.from, c!.from.startsWith('spec.') ? c!.value : '']),
    ]),
  }
}
