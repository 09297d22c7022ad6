// Reads what a host printed as Kubernetes would (YAML 1.1) and normalises it for comparison across
// faces: Lists unpacked (kustomize unpacks them on read, kpt keeps them whole), host bookkeeping
// annotations removed, local-config objects (kept ExternalSecrets, stores, Kptfile, function
// config) left out, objects sorted by kind/namespace/name.

import { parseAllDocuments } from 'yaml'

type Obj = Record<string, unknown>

const HOST_ANNOTATION = /^(internal\.config\.kubernetes\.io\/|config\.kubernetes\.io\/(index|path)$|config\.k8s\.io\/id$|kustomize\.config\.k8s\.io\/)/

export function parseObjects(text: string): Obj[] {
  const out: Obj[] = []
  for (const doc of parseAllDocuments(text, { version: '1.1', intAsBigInt: true })) {
    if (doc.errors.length) throw new Error(`output is not valid YAML: ${doc.errors[0].message}`)
    const value = doc.toJS() as unknown
    if (!value || typeof value !== 'object') continue
    out.push(...flatten(value as Obj))
  }
  return out
}

/** A ResourceList's or List's items, Lists among them unpacked too, as kubectl applies them. */
function flatten(obj: Obj): Obj[] {
  if ((obj.kind === 'ResourceList' || obj.kind === 'List') && Array.isArray(obj.items)) return (obj.items as Obj[]).flatMap((item) => (item && typeof item === 'object' ? flatten(item) : [item]))
  return [obj]
}

function clean(obj: Obj): Obj {
  const copy = JSON.parse(JSON.stringify(obj, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Obj
  const md = copy.metadata as { annotations?: Record<string, string> } | undefined
  if (md?.annotations) {
    for (const k of Object.keys(md.annotations)) if (HOST_ANNOTATION.test(k)) delete md.annotations[k]
    if (!Object.keys(md.annotations).length) delete md.annotations
  }
  return copy
}

function isLocalConfig(obj: Obj): boolean {
  const md = obj.metadata as { annotations?: Record<string, string> } | undefined
  return obj.kind === 'Kptfile' || md?.annotations?.['config.kubernetes.io/local-config'] === 'true'
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Obj)[k])]),
    )
  return v
}

/** Canonical JSON lines, one per applied object, for order-insensitive comparison. */
export function canonical(text: string, opts: { defaultNamespace?: string } = {}): string[] {
  return parseObjects(text)
    .filter((o) => !isLocalConfig(o))
    .map(clean)
    .map((o) => {
      if (opts.defaultNamespace) {
        const md = o.metadata as { namespace?: string }
        if (!md.namespace) md.namespace = opts.defaultNamespace
      }
      return JSON.stringify(sortKeys(o))
    })
    .sort()
}

/** A YAML stream (`---`-separated block documents) as a KRM ResourceList, with an optional functionConfig document. */
export function asResourceList(stream: string, functionConfig?: string): string {
  const indent = (doc: string, first: string) =>
    doc
      .replace(/\n$/, '')
      .split('\n')
      .map((l, i) => (i === 0 ? `${first}${l}` : `  ${l}`))
      .join('\n') + '\n'
  const items = stream
    .split(/^---\n/m)
    .map((doc) => indent(doc, '- '))
    .join('')
  const fc = functionConfig ? `functionConfig:\n${indent(functionConfig, '  ')}` : ''
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}${fc}`
}

/**
 * The smallest render that reads Vault: a token Secret (holding `token`), a SecretStore at
 * https://vault.example.com:8200 (`secret`, KV v2) using it, and ExternalSecret apps/app reading
 * `app`'s `password`. Tests that plant canaries use it: the token and the value must never show.
 */
export function tokenStoreApp(token: string): string {
  return `apiVersion: v1
kind: Secret
metadata: {name: vault-token, namespace: apps}
stringData: {token: ${token}}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault, namespace: apps}
spec:
  provider:
    vault:
      server: https://vault.example.com:8200
      path: secret
      auth: {tokenSecretRef: {name: vault-token, key: token}}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: app, namespace: apps}
spec:
  secretStoreRef: {name: vault}
  data:
  - secretKey: password
    remoteRef: {key: app, property: password}
`
}
