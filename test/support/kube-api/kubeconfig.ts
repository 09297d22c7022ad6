// Client configuration pointing at the server: a kubeconfig file (clusters / users / contexts /
// current-context, as `kubectl config view --raw` writes one), and the files a pod's ServiceAccount
// volume holds. @kubernetes/client-node's KubeConfig.loadFromCluster(pathPrefix) reads
// `${pathPrefix}/var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace}` and builds the
// server from KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT (https unless the port is 80, 8080 or 8001).

import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface KubeconfigOptions {
  token: string
  /** Default `kube-api-test`; the cluster and user entries are named after it. */
  contextName?: string
  namespace?: string
  /** insecure-skip-tls-verify: true and no CA (always so for a plain-HTTP server: client-node refuses http:// otherwise). */
  insecureSkipTLSVerify?: boolean
  /** How the CA is given: inline certificate-authority-data (default), a certificate-authority file written next to the kubeconfig, or not at all. */
  ca?: 'data' | 'file' | 'none'
}

export interface ServerEnd {
  url: string
  caPem: string
  tls: boolean
}

const q = (s: string) => JSON.stringify(s)

/** Writes the kubeconfig; returns its text. Values are JSON-quoted (valid YAML scalars). */
export function writeKubeconfig(server: ServerEnd, path: string, o: KubeconfigOptions): string {
  const name = o.contextName ?? 'kube-api-test'
  const insecure = o.insecureSkipTLSVerify || !server.tls
  const cluster = [`    server: ${q(server.url)}`]
  if (insecure) cluster.push('    insecure-skip-tls-verify: true')
  else if ((o.ca ?? 'data') === 'data') cluster.push(`    certificate-authority-data: ${Buffer.from(server.caPem).toString('base64')}`)
  else if (o.ca === 'file') {
    const caPath = `${path}.ca.crt`
    mkdirSync(dirname(caPath), { recursive: true })
    writeFileSync(caPath, server.caPem)
    cluster.push(`    certificate-authority: ${q(caPath)}`)
  }
  const context = [`    cluster: ${q(name)}`, `    user: ${q(name)}`]
  if (o.namespace) context.push(`    namespace: ${q(o.namespace)}`)
  const text = [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    ...cluster,
    `  name: ${q(name)}`,
    'contexts:',
    '- context:',
    ...context,
    `  name: ${q(name)}`,
    `current-context: ${q(name)}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${q(name)}`,
    '  user:',
    `    token: ${q(o.token)}`,
    '',
  ].join('\n')
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text, { mode: 0o600 })
  return text
}

export const SERVICEACCOUNT_DIR = 'var/run/secrets/kubernetes.io/serviceaccount'

export interface InClusterFiles {
  /** Pass to KubeConfig.loadFromCluster(pathPrefix). */
  pathPrefix: string
  /** The directory holding token, ca.crt and namespace. */
  serviceAccountDir: string
  /** Set these in process.env before loadFromCluster (it reads them there). */
  env: { KUBERNETES_SERVICE_HOST: string; KUBERNETES_SERVICE_PORT: string; KUBERNETES_SERVICE_PORT_HTTPS?: string }
}

export function writeInClusterFiles(server: ServerEnd, dir: string, o: { token: string; namespace: string }): InClusterFiles {
  const saDir = join(dir, SERVICEACCOUNT_DIR)
  mkdirSync(saDir, { recursive: true })
  writeFileSync(join(saDir, 'token'), o.token, { mode: 0o600 })
  writeFileSync(join(saDir, 'ca.crt'), server.caPem)
  writeFileSync(join(saDir, 'namespace'), o.namespace)
  const u = new URL(server.url)
  const host = u.hostname.replace(/^\[|\]$/g, '')
  const env: InClusterFiles['env'] = { KUBERNETES_SERVICE_HOST: host, KUBERNETES_SERVICE_PORT: u.port }
  if (server.tls) env.KUBERNETES_SERVICE_PORT_HTTPS = u.port
  return { pathPrefix: dir.replace(/\/+$/, ''), serviceAccountDir: saDir, env }
}
