// Where credentials may be sent (README "Trust model", rules 2 and 3), decided in the plan, before
// any request. Operator credentials ($VAULT_TOKEN, tokenEnv, tokenFile, anything read from or minted
// by the cluster) go only to servers the operator trusts: the operator's vaultAddress (VAULT_ADDR,
// --vault-address), which replaces every store's server, the servers listed in allowedServers, and
// the servers of stores read from the cluster and, under a tenant policy, the servers its rule for
// this project lists. A credential from the input itself (a
// tokenSecretRef Secret in the input) may go to the input's own store server: its author holds it.

import { describeSource, normalizeServer, type RenderOptions } from '../config.ts'
import { RenderError } from '../errors.ts'
import type { ResolvedStore } from '../eso/stores.ts'
import { describePolicy, serverAllowed, type PolicyInForce } from '../policy.ts'

/** Why the store's server is trusted with an operator credential, or undefined when it is not. */
export function trustedBecause(store: ResolvedStore, options: RenderOptions, policy?: PolicyInForce): string | undefined {
  if (store.addressSource !== 'store' && store.addressSource.author === 'operator') return `the operator's Vault address (${store.addressSource.via})`
  // A store the operator's cluster holds is the operator's: its server too.
  if (store.addressSource === 'store' && store.fromCluster) return 'a store read from the cluster'
  const server = normalizeServer(store.conn.address)
  if (server === undefined) return undefined
  const listed = (options.allowedServers ?? []).some((entry) => normalizeServer(entry) === server)
  if (listed && options.sources.allowedServers?.author === 'operator') return `allowedServers (${options.sources.allowedServers.via})`
  if (policy && serverAllowed(policy, store.conn.address)) return `the servers of ${describePolicy(policy)}`
  return undefined
}

/** SERVER_NOT_TRUSTED when an operator credential would go to a server the operator did not choose. */
export function checkCredentialDestination(store: ResolvedStore, options: RenderOptions, policy?: PolicyInForce): RenderError | undefined {
  if (store.credential.author !== 'operator') return undefined
  if (trustedBecause(store, options, policy)) return undefined
  const server = normalizeServer(store.conn.address) ?? store.conn.address
  const listed = options.allowedServers?.length
    ? ` (allowedServers, ${options.sources.allowedServers ? describeSource(options.sources.allowedServers) : 'set'}, lists ${options.allowedServers.join(', ')})`
    : ''
  return new RenderError(
    'SERVER_NOT_TRUSTED',
    `the store's server ${server} is not trusted with the operator's credential ${store.credential.source}: operator credentials go only to VAULT_ADDR (or --vault-address), to the servers in ESO_RENDER_ALLOWED_SERVERS${listed} and to the servers of stores read from the cluster; to trust this server, add ${server} to ESO_RENDER_ALLOWED_SERVERS (or --allowed-servers), or set VAULT_ADDR; nothing was sent`,
    { resource: store.resource, fieldPath: 'spec.provider.vault.server', file: store.file },
  )
}
