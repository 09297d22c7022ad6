// Writes fixtures/eso-<id>/ from test/conformance/eso/cases.yaml: the input objects, the Vault
// seed, and the output ESO's expectation implies for eso-render (the expected Secret in place of
// the ExternalSecret, stores dropped, everything else unchanged, no ownerReferences, the Reloader
// opt-in added). Run it when the conformance cases change; review the diff like code.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { parseAllDocuments, stringify } from 'yaml'

const OUT_OF_SCOPE = {}
// Our wording differs from ESO's; these fragments must appear in eso-render's error.
const ERROR_PATTERNS = {
  'vault-permission-denied': ['ExternalSecret apps/app spec\\.data\\[0\\]\\.remoteRef\\.key: cannot read secret data from Vault: GET /v1/secret/data/myapp: Code: 403\\. Errors: permission denied'],
  'metadata-fetch-kv1-error': ['ExternalSecret apps/app spec\\.data\\[0\\]\\.remoteRef\\.metadataPolicy: cannot perform metadata fetch operations with kv version v1'],
}
// The requests ESO makes for cases that do not list them, from ESO's source (client_get_all_secrets.go:
// the LIST of the mount root, then of each folder it names; each name the regexp keeps, read whole).
const REQUESTS = {
  'find-regexp-unanchored-from-root': [
    'GET /v1/secret/metadata/?list=true',
    'GET /v1/secret/metadata/app/?list=true',
    'GET /v1/secret/metadata/other/?list=true',
    'GET /v1/secret/data/app/db',
    'GET /v1/secret/data/other/dbx',
  ],
}
// ESO computes these Secrets, and the API server then refuses them (keys must match IsConfigMapKey,
// [-._a-zA-Z0-9]+; ESO's own key check lets Unicode letters through): eso-render fails instead.
const REFUSED_BY_KUBERNETES = {
  'extract-conversion-default': ['ExternalSecret apps/app spec\\.dataFrom\\[0\\]\\.extract: Secret data key "ключ" is invalid: a valid config key must consist of alphanumeric characters'],
}

const opts = { version: '1.1', lineWidth: 0 }
const cases = parseAllDocuments(readFileSync(new URL('../test/conformance/eso/cases.yaml', import.meta.url), 'utf8')).map((d) => d.toJS())
const byteSort = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))
const sorted = (o) =>
  Object.fromEntries(
    Object.keys(o)
      .sort(byteSort)
      .map((k) => [k, o[k]]),
  )

function expectedSecret(e) {
  const metadata = { name: e.metadata.name }
  if (e.metadata.namespace) metadata.namespace = e.metadata.namespace
  metadata.labels = sorted(e.metadata.labels ?? {})
  metadata.annotations = sorted({ ...(e.metadata.annotations ?? {}), 'reloader.stakater.com/match': 'true' })
  if (e.metadata.finalizers) metadata.finalizers = e.metadata.finalizers
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata, type: e.type ?? 'Opaque' }
  if (e.immutable) secret.immutable = true
  // `decoded` holds text values, `decodedBase64` binary ones already encoded.
  const data = {}
  for (const [k, v] of Object.entries(e.decoded ?? {})) data[k] = Buffer.from(v, 'utf8').toString('base64')
  for (const [k, v] of Object.entries(e.decodedBase64 ?? {})) data[k] = v
  secret.data = sorted(data)
  return secret
}

const written = []
for (const c of cases) {
  if (OUT_OF_SCOPE[c.id]) {
    rmSync(new URL(`../fixtures/eso-${c.id}/`, import.meta.url), { recursive: true, force: true })
    continue
  }
  const dir = new URL(`../fixtures/eso-${c.id}/`, import.meta.url)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const docs = c.input.map((o) => stringify(o, opts))
  writeFileSync(new URL('input.yaml', dir), docs.join('---\n'))
  writeFileSync(new URL('vault.json', dir), JSON.stringify(c.vault, null, 2) + '\n')
  const fixture = { source: `shared/conformance/eso/cases.yaml#${c.id}`, description: c.description }
  if (c.expectRequests ?? REQUESTS[c.id]) fixture.expectRequests = c.expectRequests ?? REQUESTS[c.id]
  writeFileSync(new URL('fixture.json', dir), JSON.stringify(fixture, null, 2) + '\n')
  if (REFUSED_BY_KUBERNETES[c.id]) {
    writeFileSync(new URL('errors.txt', dir), REFUSED_BY_KUBERNETES[c.id].join('\n') + '\n')
  } else if (c.expectError) {
    const patterns = ERROR_PATTERNS[c.id] ?? [c.expectError.contains.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')]
    writeFileSync(new URL('errors.txt', dir), patterns.join('\n') + '\n')
  } else {
    const expect = [...(c.expect ?? [])]
    const out = []
    c.input.forEach((o, i) => {
      if (o.kind === 'SecretStore' || o.kind === 'ClusterSecretStore') return
      if (o.kind === 'ExternalSecret') {
        const name = o.spec.target?.name ?? o.metadata.name
        const at = expect.findIndex((e) => e.metadata.name === name)
        if (at >= 0) out.push(stringify(expectedSecret(expect.splice(at, 1)[0]), opts))
        return
      }
      out.push(docs[i])
    })
    writeFileSync(new URL('expected.yaml', dir), out.join('---\n'))
  }
  written.push(c.id)
}
console.log(`wrote ${written.length} fixtures; out of scope: ${Object.keys(OUT_OF_SCOPE).join(', ')}`)
