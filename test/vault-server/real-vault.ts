// Seeds a real Vault (dev server or test instance) with a fixture's vault.json through the HTTP API,
// so the golden and end-to-end tests can run against it: ESO_RENDER_TEST_VAULT_ADDR and
// ESO_RENDER_TEST_VAULT_TOKEN (never the user's own VAULT_*). Fixtures' token Secrets say `root`,
// so start the dev server with `-dev-root-token-id=root`. Not exercised in CI (no Vault binary here).

import type { Seed } from './kv-store.ts'

async function call(addr: string, token: string, method: string, path: string, body?: unknown, namespace?: string): Promise<Response> {
  const headers: Record<string, string> = { 'X-Vault-Token': token }
  if (namespace) headers['X-Vault-Namespace'] = namespace
  return fetch(`${addr.replace(/\/$/, '')}/v1/${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
}

async function must(res: Promise<Response>, what: string): Promise<void> {
  const r = await res
  if (r.status >= 300 && r.status !== 400) throw new Error(`seeding a real Vault: ${what} answered ${r.status}`)
}

/** Writes the seed; returns the mounts it (re)created. Existing mounts of the same name are replaced. */
export async function seedRealVault(addr: string, token: string, seed: Seed): Promise<void> {
  for (const [mount, m] of Object.entries(seed)) {
    if (mount.startsWith('$')) continue
    const ns = m.vaultNamespace
    const version = m.version === 1 ? '1' : '2'
    await call(addr, token, 'DELETE', `sys/mounts/${mount}`, undefined, ns)
    await must(call(addr, token, 'POST', `sys/mounts/${mount}`, { type: 'kv', options: { version } }, ns), `mounting ${mount}`)
    const write = (path: string, data: string) =>
      version === '1' ? must(call(addr, token, 'POST', `${mount}/${path}`, data, ns), `writing ${mount}/${path}`) : must(call(addr, token, 'POST', `${mount}/data/${path}`, `{"data":${data}}`, ns), `writing ${mount}/${path}`)
    for (const [path, data] of Object.entries(m.secrets ?? {})) await write(path, JSON.stringify(data))
    // rawJson is sent verbatim so number literals reach Vault as written.
    for (const [path, raw] of Object.entries(m.rawJson ?? {})) await write(path, raw)
    for (const [path, versions] of Object.entries(m.versions ?? {})) {
      for (const n of Object.keys(versions).map(Number).sort((a, b) => a - b)) await write(path, JSON.stringify(versions[String(n)]))
    }
    for (const [path, list] of Object.entries(m.deletedVersions ?? {})) await must(call(addr, token, 'POST', `${mount}/delete/${path}`, { versions: list }, ns), `deleting ${path}`)
    for (const [path, list] of Object.entries(m.destroyedVersions ?? {})) await must(call(addr, token, 'POST', `${mount}/destroy/${path}`, { versions: list }, ns), `destroying ${path}`)
    for (const [path, md] of Object.entries(m.metadata ?? {})) await must(call(addr, token, 'POST', `${mount}/metadata/${path}`, md, ns), `metadata of ${path}`)
  }
}
