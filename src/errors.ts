// RenderError: the one error type of a render. It carries where (file, resource, field) and what
// went wrong in plain words. It never carries a secret value, token or response body: callers
// build messages from keys, paths, names and status codes only.

export type ErrorCode =
  | 'INPUT_INVALID' // the input is not YAML / not a ResourceList / not objects
  | 'CONFIG_INVALID' // the function config or a flag is wrong
  | 'SCHEMA_INVALID' // an ExternalSecret or store does not match the supported schema
  | 'UNSUPPORTED' // a field or feature eso-render does not implement (yet)
  | 'STORE_NOT_FOUND' // secretStoreRef names no store in the input
  | 'STORE_NOT_ALLOWED' // ClusterSecretStore conditions or the allow-list deny the use
  | 'NAMESPACE_UNKNOWN' // a ClusterExternalSecret's namespaces cannot be known (no Namespace in the input, cluster access off)
  | 'AUTH_FAILED' // no usable Vault credentials for a store
  | 'SERVER_NOT_TRUSTED' // an operator credential would go to a server the operator did not trust
  | 'POLICY_DENIED' // the operator's tenant policy does not allow this namespace, store, server, path or stand-in token
  | 'CLUSTER_DENIED' // the Kubernetes API refused a read or a TokenRequest (RBAC 403, 401)
  | 'CLUSTER_UNREACHABLE' // no answer from the Kubernetes API, or no usable cluster configuration
  | 'VAULT_NOT_FOUND' // Vault answered 404 / soft-deleted and deletionPolicy is Retain
  | 'VAULT_DENIED' // 403 from Vault
  | 'VAULT_SEALED' // 503 Vault is sealed
  | 'VAULT_ERROR' // any other HTTP status from Vault
  | 'VAULT_UNREACHABLE' // connection refused/reset, DNS, TLS, timeout
  | 'DEADLINE_EXCEEDED' // the run's deadline passed, or its maxVaultRequests was spent
  | 'PROPERTY_NOT_FOUND' // remoteRef.property matched nothing
  | 'VALUE_INVALID' // decoding, conversion, key validation, JSON extraction failed
  | 'TEMPLATE_FAILED' // target.template could not be rendered
  | 'TEMPLATE_BUDGET' // a template ran past its step or allocation budget (a loop or value that grows without bound)
  | 'TARGET_INVALID' // the Secret to write is not valid (name, data keys, size, merge target missing...)
  | 'INTERNAL' // a bug in eso-render: the message says so

export interface ResourceId {
  apiVersion?: string
  kind: string
  name: string
  namespace?: string
}

export interface FileRef {
  path: string
  index?: number
}

export interface RenderErrorDetails {
  resource?: ResourceId
  fieldPath?: string
  file?: FileRef
  cause?: unknown
}

export class RenderError extends Error {
  override name = 'RenderError'
  readonly code: ErrorCode
  readonly resource?: ResourceId
  readonly fieldPath?: string
  readonly file?: FileRef

  constructor(code: ErrorCode, message: string, details: RenderErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.resource = details.resource
    this.fieldPath = details.fieldPath
    this.file = details.file
  }

  /** Same error, located at a resource/field/file unless it already is. */
  locate(details: Omit<RenderErrorDetails, 'cause'>): RenderError {
    if ((this.resource || !details.resource) && (this.fieldPath || !details.fieldPath) && (this.file || !details.file)) return this
    const e = new RenderError(this.code, this.message, {
      resource: this.resource ?? details.resource,
      fieldPath: this.fieldPath ?? details.fieldPath,
      file: this.file ?? details.file,
    })
    return e
  }
}

/** Several errors found in one run; all of them are reported. */
export class RenderErrors extends Error {
  override name = 'RenderErrors'
  readonly errors: RenderError[]
  /** The verbose mode's lines of the run that failed (names, paths, codes, numbers only). */
  trace?: string[]
  constructor(errors: RenderError[]) {
    const unique = dedupeErrors(errors)
    super(unique.map(formatError).join('\n'))
    this.errors = sortErrors(unique)
  }
}

export function describeResource(r: ResourceId): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`
}

/** One line: `file[index]: Kind ns/name field.path: message`. */
export function formatError(e: RenderError): string {
  const where: string[] = []
  if (e.file) where.push(e.file.index === undefined ? e.file.path : `${e.file.path}[${e.file.index}]`)
  if (e.resource) where.push(describeResource(e.resource))
  if (e.fieldPath) where.push(e.fieldPath)
  return where.length ? `${where.join(' ')}: ${e.message}` : e.message
}

/** One report per distinct problem: a store error reached through several reads is one error. */
function dedupeErrors(errors: RenderError[]): RenderError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const key = `${e.code}\u0000${formatError(e)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export function sortErrors(errors: RenderError[]): RenderError[] {
  const key = (e: RenderError) => [e.file?.path ?? '', String(e.file?.index ?? 0).padStart(8, '0'), e.resource?.namespace ?? '', e.resource?.name ?? '', e.fieldPath ?? ''].join('\u0000')
  return [...errors].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** Collapses anything thrown into RenderErrors, never leaking an unknown error's text. */
export function asRenderErrors(e: unknown): RenderError[] {
  if (e instanceof RenderErrors) return e.errors
  if (e instanceof RenderError) return [e]
  // An unexpected exception may embed data in its message (e.g. a library echoing input), so only
  // its class name is reported.
  const kind = e instanceof Error ? e.name : typeof e
  return [new RenderError('INTERNAL', `internal error (${kind}); this is a bug in eso-render, please report it`, { cause: e })]
}

/**
 * Control characters (C0, DEL, C1, and the Unicode line and paragraph separators some log viewers
 * break lines at) as \xNN or \uNNNN, so that text from Vault or the input cannot start lines of
 * its own in a message (a forged `eso-render: error:` line).
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0)
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`
  })
}
