// Test helpers: @kubernetes/client-node clients configured the way eso-render will configure them (a
// kubeconfig file written by the server, or the in-cluster files), and a raw HTTP(S) call for checking
// bytes and headers that client-node does not show.

import * as http from 'node:http'
import * as https from 'node:https'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AuthenticationV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node'
import type { KubeApi, KubeconfigOptions } from './server.ts'

export interface Clients {
  kc: KubeConfig
  core: CoreV1Api
  custom: CustomObjectsApi
  authn: AuthenticationV1Api
}

const scratch: string[] = []

/** A scratch directory removed by removeScratch(). */
export function scratchDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kube-api-test-'))
  scratch.push(d)
  return d
}

export function removeScratch(): void {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true })
}

function clients(kc: KubeConfig): Clients {
  return { kc, core: kc.makeApiClient(CoreV1Api), custom: kc.makeApiClient(CustomObjectsApi), authn: kc.makeApiClient(AuthenticationV1Api) }
}

/** KubeConfig.loadFromFile on a kubeconfig the server wrote. */
export function clientsFor(kube: KubeApi, options: KubeconfigOptions): Clients {
  const path = join(scratchDir(), 'kubeconfig')
  kube.writeKubeconfig(path, options)
  const kc = new KubeConfig()
  kc.loadFromFile(path)
  return clients(kc)
}

/** KubeConfig.loadFromCluster(pathPrefix) on the server's in-cluster files, with KUBERNETES_SERVICE_* set only while loading. */
export function inClusterClients(kube: KubeApi, options: { token?: string; namespace: string; serviceAccount?: string }): Clients & { namespace: string | undefined } {
  const files = kube.inClusterFiles(scratchDir(), options)
  const saved = Object.fromEntries(Object.keys(files.env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, files.env)
  const kc = new KubeConfig()
  try {
    kc.loadFromCluster(files.pathPrefix)
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  return { ...clients(kc), namespace: kc.getContextObject(kc.getCurrentContext())?.namespace }
}

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export function raw(kube: KubeApi, method: string, path: string, o: { token?: string; body?: string; headers?: Record<string, string>; ca?: string | false } = {}): Promise<RawResponse> {
  const u = new URL(path, kube.url)
  const headers: Record<string, string> = { ...o.headers }
  if (o.token !== undefined) headers.Authorization = `Bearer ${o.token}`
  if (o.body !== undefined) headers['Content-Type'] ??= 'application/json'
  const lib = u.protocol === 'https:' ? https : http
  const ca = o.ca === false ? undefined : (o.ca ?? kube.caPem)
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers, ca, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

/** What a client-node call threw: ApiException's code and body (the raw response text), or the error itself. */
export async function failure(p: Promise<unknown>): Promise<{ code?: number; body?: unknown; error: Error }> {
  try {
    await p
  } catch (e) {
    const err = e as Error & { code?: number; body?: unknown }
    return { code: typeof err.code === 'number' ? err.code : undefined, body: err.body, error: err }
  }
  throw new Error('expected the call to fail')
}
