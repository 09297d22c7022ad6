// What the run says about a store it resolved, once per store (plan.ts for ExternalSecrets'
// stores, generators.ts for a VaultDynamicSecret's provider): the settings an option replaced or
// filled in and who set them, and a warning for plain http to another machine.

import { describeResource } from '../errors.ts'
import { describeSource } from '../config.ts'
import type { ResolvedStore, SettingSource } from '../eso/stores.ts'
import type { Diagnostics } from './diagnostics.ts'

export function announceStore(store: ResolvedStore, diag: Diagnostics): void {
  announceOverrides(store, diag)
  warnIfUnencrypted(store, diag)
}

/** Says, once per store, which of its settings an option replaced or filled in, and who set it. */
function announceOverrides(store: ResolvedStore, diag: Diagnostics): void {
  const name = describeResource(store.resource)
  const by = (source: SettingSource | undefined) => (source && source !== 'store' ? describeSource(source) : undefined)
  if (store.credential.author === 'operator') diag.announce(`${name}: Vault token from ${store.credential.source}`)
  const ns = by(store.namespaceSource)
  if (ns) diag.announce(`${name}: Vault namespace ${JSON.stringify(store.conn.namespace)} for a store that sets none (${ns})`)
  const ca = by(store.caSource)
  if (ca) diag.announce(`${name}: CA certificates for a store without caBundle (${ca})`)
}

/** Plain http to anything but this machine: tokens and secret values cross the network readable. */
function warnIfUnencrypted(store: ResolvedStore, diag: Diagnostics): void {
  let url: URL
  try {
    url = new URL(store.conn.address)
  } catch {
    return
  }
  if (url.protocol !== 'http:') return
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return
  diag.announce(`Vault at ${url.protocol}//${url.host} is plain http: the token and every secret value cross the network unencrypted (use https)`, 'warning')
}
