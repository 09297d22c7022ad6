// A Vault login and the token it returns, for every auth method alike (vault-api.md §4): the method
// module builds the request (path and body), this sends it, reads Vault's auth envelope, and turns
// a refusal into AUTH_FAILED with Vault's own error text. revoke-self ends a login token (§5). Knows
// nothing of ExternalSecrets; never puts a credential, a body or a token into a message.

import { RenderError } from '../../errors.ts'
import { errorSummary, escapeControls, failureCode, vaultRequest, VaultRequestError, type ClientOptions, type VaultConnection, type VaultResponse } from '../client.ts'
import { headerValueProblem } from '../header.ts'

export type LoginMethod = 'kubernetes' | 'appRole' | 'jwt' | 'userPass' | 'ldap' | 'cert'

/** What a method module asks for: `POST /v1/<path>` with `body`, in `namespace`. */
export interface LoginRequest {
  method: LoginMethod
  /** `auth/kubernetes/login`, `auth/userpass/login/alice`. */
  path: string
  body: Record<string, string>
  /** The login's Vault namespace (the store's `auth.namespace`, else its `namespace`). */
  namespace?: string
}

export interface LoginToken {
  token: string
  /** Seconds the token lives (`auth.lease_duration`); 0 for none. */
  ttlSeconds: number
  /** Uses before Vault revokes it (`auth.num_uses`); 0 for unlimited. */
  numUses: number
  renewable: boolean
}

/** `POST /v1/auth/…/login`; AUTH_FAILED naming `what` (method, mount, identity: never a secret) on refusal. */
export async function login(conn: VaultConnection, request: LoginRequest, what: string, client: ClientOptions): Promise<LoginToken> {
  const where = `POST /v1/${escapeControls(request.path)}`
  const loginConn: VaultConnection = { ...conn, namespace: request.namespace }
  let res: VaultResponse
  try {
    res = await vaultRequest(loginConn, 'POST', request.path, undefined, { body: JSON.stringify(request.body), client })
  } catch (err) {
    if (err instanceof VaultRequestError) throw new RenderError(failureCode(err, 'AUTH_FAILED', 'AUTH_FAILED'), `cannot log in to Vault with ${what}: ${where}: ${err.message}`)
    throw err
  }
  if (res.status !== 200) throw new RenderError('AUTH_FAILED', `cannot log in to Vault with ${what}: ${where}: Code: ${res.status}. Errors: ${errorSummary(res.body)}`)
  let auth: { client_token?: unknown; lease_duration?: unknown; num_uses?: unknown; renewable?: unknown; mfa_requirement?: unknown } | undefined
  try {
    auth = (JSON.parse(res.body) as { auth?: typeof auth }).auth
  } catch {
    auth = undefined
  }
  if (!auth || typeof auth !== 'object') throw new RenderError('AUTH_FAILED', `cannot log in to Vault with ${what}: ${where}: the answer holds no auth block (does the server answer like Vault?)`)
  if (auth.mfa_requirement) {
    throw new RenderError(
      'AUTH_FAILED',
      `cannot log in to Vault with ${what}: ${where}: Vault asks for multi-factor authentication, which a render cannot give; use a method without login MFA for rendering`,
    )
  }
  if (typeof auth.client_token !== 'string' || !auth.client_token) throw new RenderError('AUTH_FAILED', `cannot log in to Vault with ${what}: ${where}: Vault returned no token`)
  // The token goes back in X-Vault-Token: one an HTTP header cannot carry is refused here, unquoted.
  const problem = headerValueProblem(auth.client_token)
  if (problem) throw new RenderError('AUTH_FAILED', `cannot log in to Vault with ${what}: ${where}: the token Vault returned ${problem}; Vault tokens cannot (does the server answer like Vault?)`)
  return {
    token: auth.client_token,
    ttlSeconds: typeof auth.lease_duration === 'number' ? auth.lease_duration : 0,
    numUses: typeof auth.num_uses === 'number' ? auth.num_uses : 0,
    renewable: auth.renewable === true,
  }
}

/**
 * `POST /v1/auth/token/revoke-self` in the token's namespace: the run no longer needs it. Bounded by
 * `timeoutMs` and never retried; says whether Vault confirmed (204).
 */
export async function revokeSelf(conn: VaultConnection, token: string, namespace: string | undefined, timeoutMs: number, connections?: ClientOptions['connections']): Promise<boolean> {
  try {
    const res = await vaultRequest({ ...conn, namespace }, 'POST', 'auth/token/revoke-self', token, { client: { timeoutMs, retries: 0, backoffMs: 0, connections } })
    return res.status === 204 || res.status === 200
  } catch {
    return false
  }
}
