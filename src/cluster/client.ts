// Objects from the live cluster, through @kubernetes/client-node (loaded only when a run turns
// cluster access on; it needs Node >= 22): Secrets, ConfigMaps, Namespaces, SecretStores and
// ClusterSecretStores by name, and ServiceAccount tokens through the TokenRequest API. Knows nothing
// of ExternalSecrets. A missing object is undefined; a refusal is CLUSTER_DENIED with the API
// server's own words (they name the verb, the object and the identity); no answer is
// CLUSTER_UNREACHABLE. Never puts an object's data or a token into a message.

import { RenderError } from '../errors.ts'

export type ClusterMode = 'kubeconfig' | 'in-cluster'

export type KubeObject = Record<string, unknown>

export interface ClusterAccess {
  /** For the announcement: how it connected, the context and the API server. */
  readonly mode: ClusterMode
  readonly context?: string
  readonly server: string
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>
  /** A Secret's metadata only (`PartialObjectMetadata`): that it exists, never its data. */
  getSecretMetadata(namespace: string, name: string): Promise<KubeObject | undefined>
  getConfigMap(namespace: string, name: string): Promise<KubeObject | undefined>
  getNamespace(name: string): Promise<KubeObject | undefined>
  /** Every Namespace (one LIST, no selector): names, labels, and whether it is being deleted. */
  listNamespaces(): Promise<ListedNamespace[]>
  /** A SecretStore (namespace given) or ClusterSecretStore, at external-secrets.io/v1, else v1beta1. */
  getStore(kind: 'SecretStore' | 'ClusterSecretStore', namespace: string | undefined, name: string): Promise<KubeObject | undefined>
  /** An ESO generator (generators.external-secrets.io/v1alpha1): namespaced, or a ClusterGenerator (namespace undefined). */
  getGenerator(kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>
  /** A TokenRequest for a ServiceAccount: the JWT (never printed). */
  requestToken(namespace: string, serviceAccount: string, audiences: string[], expirationSeconds: number): Promise<string>
}

export interface ListedNamespace {
  name: string
  labels: Record<string, string>
  /** metadata.deletionTimestamp is set: the namespace is terminating. */
  terminating: boolean
}

export interface ConnectOptions {
  mode: ClusterMode
  /** A kubeconfig context other than the current one. */
  context?: string
  /** $KUBECONFIG, else ~/.kube/config (client-node's loadFromDefault rules). */
  env: Record<string, string | undefined>
  /** In-cluster: the root under which /var/run/secrets/kubernetes.io/serviceaccount is (tests). */
  inClusterRoot?: string
  /** The Node version, for the clear error on Node < 22. */
  nodeVersion?: string
}

// client-node 2.x (undici inside) does not load on Node 20.
const MIN_NODE = 22

type ClientNode = typeof import('@kubernetes/client-node')

export async function connectCluster(options: ConnectOptions): Promise<ClusterAccess> {
  const version = options.nodeVersion ?? process.versions.node
  if (Number(version.split('.')[0]) < MIN_NODE) {
    throw new RenderError('UNSUPPORTED', `cluster access needs Node >= ${MIN_NODE} (this is Node ${version}): run eso-render with a newer node, or as the single executable, which carries its own`)
  }
  let k8s: ClientNode
  try {
    k8s = await import('@kubernetes/client-node')
  } catch {
    throw new RenderError('INTERNAL', 'the Kubernetes client library did not load; this is a bug in eso-render, please report it')
  }
  const kc = new k8s.KubeConfig()
  try {
    if (options.mode === 'in-cluster') {
      const saved = process.env.KUBERNETES_SERVICE_HOST
      kc.loadFromCluster(options.inClusterRoot)
      if (saved === undefined && !kc.getCurrentCluster()?.server) throw new Error('not in a cluster')
    } else {
      const files = options.env.KUBECONFIG
      if (files) kc.loadFromFile(files.split(':')[0])
      else kc.loadFromDefault()
      if (options.context) {
        if (!kc.getContextObject(options.context)) throw new RenderError('CONFIG_INVALID', `kubeconfig has no context ${JSON.stringify(options.context)} (kubeContext)`)
        kc.setCurrentContext(options.context)
      }
    }
  } catch (err) {
    if (err instanceof RenderError) throw err
    const where = options.mode === 'in-cluster' ? 'the in-cluster service account files' : options.env.KUBECONFIG ? `$KUBECONFIG (${options.env.KUBECONFIG.split(':')[0]})` : '~/.kube/config'
    throw new RenderError('CLUSTER_UNREACHABLE', `cannot load the cluster configuration from ${where}`)
  }
  const cluster = kc.getCurrentCluster()
  if (!cluster?.server) throw new RenderError('CLUSTER_UNREACHABLE', `the kubeconfig's current context (${kc.getCurrentContext() || 'none'}) names no cluster server`)
  const core = kc.makeApiClient(k8s.CoreV1Api)
  const custom = kc.makeApiClient(k8s.CustomObjectsApi)
  const isApiException = (e: unknown): e is { code: number; body?: unknown } => e instanceof k8s.ApiException
  // The API server's metadata-only form of any object: the data never leaves the cluster.
  const metadataOnly = {
    pre: (context: import('@kubernetes/client-node').RequestContext) => {
      context.setHeaderParam('Accept', 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1')
      return new k8s.Observable(Promise.resolve(context))
    },
    post: (context: import('@kubernetes/client-node').ResponseContext) => new k8s.Observable(Promise.resolve(context)),
  }

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn()
    } catch (err) {
      if (isApiException(err)) {
        if (err.code === 404) return undefined
        throw clusterError(what, err.code, err.body, cluster!.server)
      }
      const code = (err as { cause?: { code?: string } }).cause?.code
      throw new RenderError('CLUSTER_UNREACHABLE', `cannot ${what}: no answer from the Kubernetes API at ${cluster!.server}${code ? ` (${code})` : ''}`)
    }
  }

  return {
    mode: options.mode,
    context: options.mode === 'kubeconfig' ? kc.getCurrentContext() : undefined,
    server: cluster.server,
    getSecret: (namespace, name) => call(`get secret ${namespace}/${name}`, async () => (await core.readNamespacedSecret({ name, namespace })) as unknown as KubeObject),
    getSecretMetadata: (namespace, name) =>
      call(
        `get secret ${namespace}/${name}`,
        async () => (await core.readNamespacedSecret({ name, namespace }, { middleware: [metadataOnly], middlewareMergeStrategy: 'append' })) as unknown as KubeObject,
      ),
    getConfigMap: (namespace, name) => call(`get configmap ${namespace}/${name}`, async () => (await core.readNamespacedConfigMap({ name, namespace })) as unknown as KubeObject),
    getNamespace: (name) => call(`get namespace ${name}`, async () => (await core.readNamespace({ name })) as unknown as KubeObject),
    listNamespaces: async () => {
      const list = await call('list namespaces', () => core.listNamespace())
      // Every API server serves namespaces: a 404 is no answer worth trusting, never "no namespaces".
      if (!list) throw new RenderError('CLUSTER_UNREACHABLE', `cannot list namespaces: the Kubernetes API at ${cluster.server} answered 404`)
      return list.items.map((ns) => ({
        name: ns.metadata?.name ?? '',
        labels: { ...(ns.metadata?.labels ?? {}) },
        terminating: ns.metadata?.deletionTimestamp !== undefined && ns.metadata?.deletionTimestamp !== null,
      }))
    },
    getStore: async (kind, namespace, name) => {
      const plural = kind === 'ClusterSecretStore' ? 'clustersecretstores' : 'secretstores'
      const what = `get ${plural}.external-secrets.io ${namespace ? `${namespace}/` : ''}${name}`
      for (const version of ['v1', 'v1beta1']) {
        const found = await call(what, async () =>
          namespace === undefined
            ? ((await custom.getClusterCustomObject({ group: 'external-secrets.io', version, plural, name })) as KubeObject)
            : ((await custom.getNamespacedCustomObject({ group: 'external-secrets.io', version, namespace, plural, name })) as KubeObject),
        )
        if (found) return found
      }
      return undefined
    },
    getGenerator: (kind, namespace, name) => {
      const plural = `${kind.toLowerCase()}s`
      const group = 'generators.external-secrets.io'
      return call(`get ${plural}.${group} ${namespace ? `${namespace}/` : ''}${name}`, async () =>
        namespace === undefined
          ? ((await custom.getClusterCustomObject({ group, version: 'v1alpha1', plural, name })) as KubeObject)
          : ((await custom.getNamespacedCustomObject({ group, version: 'v1alpha1', namespace, plural, name })) as KubeObject),
      )
    },
    requestToken: async (namespace, serviceAccount, audiences, expirationSeconds) => {
      const what = `create serviceaccounts/token for ServiceAccount ${namespace}/${serviceAccount}`
      const answer = await call(what, () =>
        core.createNamespacedServiceAccountToken({
          name: serviceAccount,
          namespace,
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences, expirationSeconds } },
        }),
      )
      if (!answer) throw new RenderError('CLUSTER_DENIED', `cannot ${what}: ServiceAccount ${namespace}/${serviceAccount} does not exist`)
      const token = answer.status?.token
      if (!token) throw new RenderError('CLUSTER_UNREACHABLE', `cannot ${what}: the API answered without a token`)
      return token
    },
  }
}

/** A refusal in the API server's own words: its Status message names the verb, object and identity. */
function clusterError(what: string, code: number, body: unknown, server: string): RenderError {
  let message: string | undefined
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { kind?: string; message?: unknown }
      if (status.kind === 'Status' && typeof status.message === 'string') message = status.message.replace(/[\u0000-\u001f\u007f]/g, ' ')
    } catch {
      // not a Status: the code says enough
    }
  }
  if (code === 401) return new RenderError('CLUSTER_DENIED', `cannot ${what}: the Kubernetes API at ${server} refused the credentials (401 Unauthorized)`)
  if (code === 403) return new RenderError('CLUSTER_DENIED', `cannot ${what}: ${message ?? 'forbidden (403)'}`)
  return new RenderError('CLUSTER_UNREACHABLE', `cannot ${what}: the Kubernetes API at ${server} answered ${code}${message ? `: ${message}` : ''}`)
}
