// Seeds a real Vault (dev server or test instance) with a fixture's vault.json through the HTTP API, so
// the golden and end-to-end tests can run against it when ESO_RENDER_TEST_VAULT_ADDR and
// ESO_RENDER_TEST_VAULT_TOKEN are set (never the user's own VAULT_*). `token` must be able to mount
// engines, write policies and create tokens (a dev server's root token).
//
// NOT exercised here: there is no Vault binary on the build machine. Kept small so it can be read as right.
//
// What it does, per mount: create the Enterprise namespace if the mount names one; enable a KV engine
// at the mount if missing (POST sys/mounts/<mount>, "path is already in use" tolerated); delete each
// seeded path first (so versions restart at 1); write metadata (custom_metadata, max_versions, …), then
// secrets, rawJson bodies verbatim (number literals reach Vault as written), versions in ascending order;
// then soft-delete and destroy the listed versions. Seed tokens other than `token` are created with that
// id. `deny`: a policy `eso-render-seed-deny` (everything allowed, the denied paths `deny`) is written
// and a child token holding only it is created; that token is returned for the caller to use.

import { mountsOf, type Seed } from './seed.ts'

async function call(addr: string, token: string, method: string, path: string, body?: unknown, namespace?: string): Promise<Response> {
  const headers: Record<string, string> = { 'X-Vault-Token': token }
  if (namespace) headers['X-Vault-Namespace'] = namespace
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  return fetch(`${addr.replace(/\/$/, '')}/v1/${path}`, { method, headers, body: text })
}

async function must(res: Promise<Response>, what: string, tolerate?: RegExp): Promise<Response> {
  const r = await res
  if (r.status < 300) return r
  const text = await r.text()
  if (tolerate && tolerate.test(text)) return r
  throw new Error(`seeding a real Vault: ${what} answered ${r.status} ${text.slice(0, 200)}`)
}

/** Writes the seed. Returns the token the tests must use: `token`, or a child token when some mount has `deny`. */
export async function seedRealVault(addr: string, token: string, seed: Seed): Promise<{ token: string }> {
  const denyRules: string[] = []
  const seedTokens = new Set<string>()
  for (const [mount, m] of mountsOf(seed)) {
    const ns = m.vaultNamespace?.replace(/^\/+|\/+$/g, '') || undefined
    if (ns) {
      const parts = ns.split('/')
      for (let i = 0; i < parts.length; i++) {
        await must(call(addr, token, 'POST', `sys/namespaces/${parts[i]}`, {}, parts.slice(0, i).join('/') || undefined), `namespace ${ns}`, /already exists|in use/)
      }
    }
    const v2 = m.version !== 1
    await must(call(addr, token, 'POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: v2 ? '2' : '1' } }, ns), `mounting ${mount}`, /already in use/)
    const paths = new Set([...Object.keys(m.secrets ?? {}), ...Object.keys(m.rawJson ?? {}), ...Object.keys(m.versions ?? {}), ...Object.keys(m.metadata ?? {})])
    for (const p of paths) await must(call(addr, token, 'DELETE', v2 ? `${mount}/metadata/${p}` : `${mount}/${p}`, undefined, ns), `clearing ${mount}/${p}`)
    for (const [p, md] of Object.entries(m.metadata ?? {})) await must(call(addr, token, 'POST', `${mount}/metadata/${p}`, md, ns), `metadata of ${mount}/${p}`)
    const current = new Map<string, number>()
    const write = async (p: string, json: string) => {
      const cas = current.get(p) ?? 0
      const body = v2 ? `{"options":{"cas":${cas}},"data":${json}}` : json
      await must(call(addr, token, 'POST', v2 ? `${mount}/data/${p}` : `${mount}/${p}`, body, ns), `writing ${mount}/${p}`)
      current.set(p, cas + 1)
    }
    for (const [p, data] of Object.entries(m.secrets ?? {})) await write(p, JSON.stringify(data))
    for (const [p, raw] of Object.entries(m.rawJson ?? {})) await write(p, raw) // verbatim: literals as written
    for (const [p, versions] of Object.entries(m.versions ?? {})) {
      for (const n of Object.keys(versions)
        .map(Number)
        .sort((a, b) => a - b))
        await write(p, JSON.stringify(versions[String(n)]))
    }
    for (const [p, list] of Object.entries(m.deletedVersions ?? {})) await must(call(addr, token, 'POST', `${mount}/delete/${p}`, { versions: list }, ns), `deleting ${mount}/${p}`)
    for (const [p, list] of Object.entries(m.destroyedVersions ?? {})) await must(call(addr, token, 'POST', `${mount}/destroy/${p}`, { versions: list }, ns), `destroying ${mount}/${p}`)
    const prefix = ns ? `${ns}/${mount}` : mount
    for (const d of m.deny ?? []) {
      const p = d.replace(/^\/+|\/+$/g, '')
      for (const route of v2 ? ['data', 'metadata', 'subkeys'] : ['']) denyRules.push(`path "${[prefix, route, p].filter(Boolean).join('/')}" { capabilities = ["deny"] }`)
    }
    if (m.token && m.token !== token) seedTokens.add(m.token)
  }
  const policies = ['root']
  if (denyRules.length) {
    const policy = ['path "*" { capabilities = ["create", "read", "update", "patch", "delete", "list", "sudo"] }', ...denyRules].join('\n')
    await must(call(addr, token, 'PUT', 'sys/policies/acl/eso-render-seed-deny', { policy }), 'writing the deny policy')
    policies.splice(0, 1, 'eso-render-seed-deny')
  }
  for (const id of seedTokens) {
    await must(call(addr, token, 'POST', 'auth/token/create', { id, policies, no_default_policy: true }), 'creating a seed token', /already|in use/)
  }
  if (!denyRules.length) return { token }
  const r = await must(call(addr, token, 'POST', 'auth/token/create', { policies, no_default_policy: true, ttl: '1h' }), 'creating the deny token')
  const body = (await r.json()) as { auth: { client_token: string } }
  return { token: body.auth.client_token }
}
