// The Vault tokens of one render: a store's static token as it is, or a login shared by everything
// that uses the same identity (server, namespace, auth spec, the credentials' sources). Concurrent
// callers wait on one login; a token is used again only while it lives and has uses left, else the
// next caller logs in once more. Login tokens are revoked when the run is done with Vault; static
// tokens never (their owner decides their life).

import { RenderError } from '../errors.ts'
import type { ResolvedStore } from '../eso/stores.ts'
import { appRoleLogin } from '../vault/auth/approle.ts'
import { certLogin } from '../vault/auth/cert.ts'
import { jwtLogin } from '../vault/auth/jwt.ts'
import { kubernetesLogin } from '../vault/auth/kubernetes.ts'
import { ldapLogin } from '../vault/auth/ldap.ts'
import { login, revokeSelf, type LoginRequest, type LoginToken } from '../vault/auth/login.ts'
import { userPassLogin } from '../vault/auth/userpass.ts'
import type { ClientOptions, VaultConnection } from '../vault/client.ts'
import type { ClusterAccess } from '../cluster/client.ts'
import type { Credential } from '../eso/auth.ts'
import type { RunCleanups } from './cleanups.ts'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

type Login = Extract<ResolvedStore['auth'], { kind: 'login' }>

interface Session {
  token: string
  conn: VaultConnection
  namespace?: string
  /** ms since the epoch; Infinity when Vault gave no TTL. */
  expiresAt: number
  /** Uses left; Infinity for unlimited. */
  usesLeft: number
  /** A dynamic secret's lease was created with this token: revoking it would revoke the lease. */
  keep?: boolean
}

/** Where the fetch stage finds the credentials it obtains itself (TokenRequests, the pod's own token), and where it registers what to undo if the run is cut short. */
export interface CredentialSources {
  cluster?: ClusterAccess
  /** The root of /var/run/secrets/kubernetes.io/serviceaccount (tests move it). */
  inClusterRoot?: string
  cleanups?: RunCleanups
}

/** A credential's value: as planned, or minted now (TokenRequest), or the pod's own token. */
async function obtain(c: Credential | undefined, sources: CredentialSources): Promise<string> {
  if (!c) return ''
  if (c.value !== undefined) return c.value
  if (c.tokenRequest) {
    if (!sources.cluster) throw new RenderError('INTERNAL', 'a TokenRequest was planned without cluster access; this is a bug in eso-render')
    const t = c.tokenRequest
    return sources.cluster.requestToken(t.namespace, t.serviceAccount, t.audiences, t.expirationSeconds)
  }
  if (c.podToken) {
    const path = join(sources.inClusterRoot ?? '/', 'var/run/secrets/kubernetes.io/serviceaccount/token')
    try {
      return readFileSync(path, 'utf8')
    } catch {
      throw new RenderError('AUTH_FAILED', `cannot read Kubernetes service account token from file system: ${path} is not readable`)
    }
  }
  return ''
}

/** The login request for a store's auth, built by its method's module, with every credential obtained. */
export async function loginRequest(auth: Login, sources: CredentialSources = {}): Promise<LoginRequest> {
  const c = auth.credentials
  const values: Partial<Record<keyof Login['credentials'], string>> = {}
  for (const k of Object.keys(c) as (keyof Login['credentials'])[]) values[k] = await obtain(c[k], sources)
  const value = (k: keyof Login['credentials']) => values[k] ?? ''
  const base = { namespace: auth.namespace }
  switch (auth.method) {
    case 'kubernetes':
      return kubernetesLogin({ ...base, mountPath: auth.mount, role: auth.role ?? '', jwt: value('jwt') })
    case 'appRole':
      return appRoleLogin({ ...base, path: auth.mount, roleId: value('roleId'), secretId: value('secretId') })
    case 'jwt':
      return jwtLogin({ ...base, path: auth.mount, role: auth.role ?? '', jwt: value('jwt') })
    case 'userPass':
      return userPassLogin({ ...base, path: auth.mount, username: auth.username ?? '', password: value('password') })
    case 'ldap':
      return ldapLogin({ ...base, path: auth.mount, username: auth.username ?? '', password: value('password') })
    case 'cert':
      return certLogin({ ...base, path: auth.mount, vaultRole: auth.role })
  }
}

export class Logins {
  private readonly sessions = new Map<string, Promise<Session>>()
  private readonly issued: Session[] = []
  private readonly client: ClientOptions
  private readonly now: () => number
  private readonly sources: CredentialSources
  private stopped = false
  /** Revocations under way: every revokeAll waits for all of them, or closing the connections or ending the process would cut one off. */
  private readonly revoking = new Set<Promise<unknown>>()
  logins = 0
  /** Login tokens left alive because leases were created with them. */
  kept = 0

  constructor(client: ClientOptions, sources: CredentialSources = {}, now: () => number = Date.now) {
    this.client = client
    this.sources = sources
    this.now = now
  }

  /** The token to send for a store's next request. Throws AUTH_FAILED when the login is refused. */
  async token(store: ResolvedStore): Promise<string> {
    const auth = store.auth
    if (auth.kind === 'token') return auth.token
    let pending = this.sessions.get(auth.identity)
    if (pending) {
      const session = await pending
      if (session.expiresAt > this.now() && session.usesLeft > 0) {
        session.usesLeft--
        return session.token
      }
      if (this.sessions.get(auth.identity) === pending) this.sessions.delete(auth.identity)
    }
    pending = this.sessions.get(auth.identity)
    if (!pending) {
      pending = this.login(store, auth)
      this.sessions.set(auth.identity, pending)
      // A refused login is not retried within the run: every caller gets the same error.
    }
    const session = await pending
    session.usesLeft--
    return session.token
  }

  /** After Vault called `token` invalid: forget the session, so the next call logs in once more. Says whether it may. */
  forget(store: ResolvedStore, token: string): boolean {
    if (store.auth.kind !== 'login') return false
    const pending = this.sessions.get(store.auth.identity)
    if (!pending) return false
    void pending.then((s) => {
      if (s.token === token && this.sessions.get((store.auth as Login).identity) === pending) this.sessions.delete((store.auth as Login).identity)
    })
    return true
  }

  private async login(store: ResolvedStore, auth: Login): Promise<Session> {
    if (this.stopped) throw new RenderError('VAULT_UNREACHABLE', `the run was stopped (deadline or SIGTERM) before the ${auth.method} login`)
    this.logins++
    let token: LoginToken
    let request: LoginRequest
    let conn: VaultConnection
    try {
      request = await loginRequest(auth, this.sources)
      conn = auth.method === 'cert' ? { ...store.conn, clientCert: { certPem: auth.credentials.clientCert?.value ?? '', keyPem: auth.credentials.clientKey?.value ?? '' } } : store.conn
      token = await login(conn, request, auth.source, this.client)
    } catch (err) {
      if (err instanceof RenderError) throw err
      throw new RenderError('INTERNAL', `the ${auth.method} login failed unexpectedly`, { cause: err })
    }
    const session: Session = {
      token: token.token,
      conn,
      namespace: request.namespace,
      expiresAt: token.ttlSeconds > 0 ? this.now() + token.ttlSeconds * 1000 : Number.POSITIVE_INFINITY,
      usesLeft: token.numUses > 0 ? token.numUses : Number.POSITIVE_INFINITY,
    }
    this.issued.push(session)
    return session
  }

  /**
   * The run was cut short: no new login starts, the logins in flight are awaited (within the
   * bound) and every login token is revoked.
   */
  async stop(timeoutMs: number): Promise<{ revoked: number; failed: number }> {
    this.stopped = true
    const started = this.now()
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.allSettled(this.sessions.values()), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()))])
    clearTimeout(timer)
    return this.revokeAll(Math.max(250, timeoutMs - (this.now() - started)))
  }

  /**
   * This login token created a lease (a dynamic secret): it is not revoked when the
   * run ends, since Vault revokes a token's leases with it (DESIGN "leases"). Static tokens are
   * never revoked anyway.
   */
  keepAlive(token: string): void {
    for (const s of this.issued) {
      if (s.token !== token || s.keep) continue
      s.keep = true
      this.kept++
    }
  }

  /** revoke-self for every login token of the run, in parallel, each bounded; returns how many Vault confirmed. */
  async revokeAll(timeoutMs: number): Promise<{ revoked: number; failed: number }> {
    // Taken out before the requests go: a second call (the run's end racing a SIGTERM) revokes nothing twice.
    const live = this.issued.splice(0).filter((s) => !s.keep && s.expiresAt > this.now() && s.usesLeft > 0)
    const sending = Promise.all(live.map((s) => revokeSelf(s.conn, s.token, s.namespace, timeoutMs, this.client.connections)))
    this.revoking.add(sending)
    // Every revocation under way ends before this returns (ours and a racing call's), so that the
    // caller's next step (closing the connections, ending the process) cannot cut one off.
    await Promise.allSettled([...this.revoking])
    this.revoking.delete(sending)
    const results = await sending
    return { revoked: results.filter(Boolean).length, failed: results.filter((r) => !r).length }
  }
}
