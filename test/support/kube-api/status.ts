// The API server's error bodies: metav1.Status as k8s.io/apimachinery/pkg/api/errors/errors.go builds
// them (NewNotFound, NewForbidden, NewUnauthorized, NewInvalid, NewBadRequest, NewGenericServerResponse),
// serialized the way the apiserver's JSON serializer does (Go struct field order, omitempty, Go's
// HTML-safe escaping, a trailing newline from json.Encoder).

export interface GroupResource {
  group: string
  resource: string
}

export interface StatusCause {
  reason?: string
  message?: string
  field?: string
}

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: StatusCause[]
  retryAfterSeconds?: number
}

export interface Status {
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: StatusDetails
  code: number
}

/** schema.GroupResource.String(): `resource.group`, or `resource` for the core group. */
export function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource
}

/** Go's %q for the strings the API server quotes (names, users, namespaces): JSON quoting is the same for printable text. */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\r') out += '\\r'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + '"'
}

/** encoding/json output: JSON.stringify plus Go's escaping of <, >, & and U+2028/U+2029 (only ever inside strings). */
export function goJson(value: unknown, pretty = false): string {
  const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)
  return text.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

/** The Status object in metav1.Status field order: kind, apiVersion, metadata, status, message, reason, details, code. */
export function statusObject(s: Status): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: s.status }
  if (s.message) out.message = s.message
  if (s.reason) out.reason = s.reason
  if (s.details) {
    const d: Record<string, unknown> = {}
    for (const k of ['name', 'group', 'kind', 'uid', 'causes', 'retryAfterSeconds'] as const) {
      const v = s.details[k]
      if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0) && v !== 0) d[k] = v
    }
    out.details = d
  }
  out.code = s.code
  return out
}

export function notFound(gr: GroupResource, name: string): Status {
  return {
    status: 'Failure',
    message: `${groupResourceString(gr)} ${goQuote(name)} not found`,
    reason: 'NotFound',
    details: { name, group: gr.group, kind: gr.resource },
    code: 404,
  }
}

/** NewForbidden: `<resource[.group]> "<name>" is forbidden: <err>` (no name: `<resource> is forbidden: …`; no resource: `forbidden: …`). */
export function forbidden(gr: GroupResource, name: string, err: string): Status {
  let message: string
  if (!gr.group && !gr.resource) message = `forbidden: ${err}`
  else if (!name) message = `${groupResourceString(gr)} is forbidden: ${err}`
  else message = `${groupResourceString(gr)} ${goQuote(name)} is forbidden: ${err}`
  return { status: 'Failure', message, reason: 'Forbidden', details: { name, group: gr.group, kind: gr.resource }, code: 403 }
}

/** The authentication filter's answer: NewUnauthorized("Unauthorized"). */
export function unauthorized(): Status {
  return { status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }
}

export function badRequest(message: string): Status {
  return { status: 'Failure', message, reason: 'BadRequest', code: 400 }
}

/** NewGenericServerResponse(405, …) for a verb the resource does not serve here. */
export function methodNotAllowed(): Status {
  return { status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 }
}

/** A field.Error of type Invalid (`FieldValueInvalid`), its value rendered as field.Error.ErrorBody does. */
export interface FieldError {
  field: string
  value: number | string | boolean | unknown[]
  detail: string
}

function errorBody(e: FieldError): string {
  const v = typeof e.value === 'string' ? goQuote(e.value) : typeof e.value === 'number' || typeof e.value === 'boolean' ? String(e.value) : goJson(e.value)
  return `Invalid value: ${v}${e.detail ? `: ${e.detail}` : ''}`
}

/** NewInvalid(groupKind, name, errs): 422 `<Kind.group> "<name>" is invalid: <field>: <body>` ([a, b] for several). */
export function invalid(group: string, kind: string, name: string, errs: FieldError[]): Status {
  const messages = [...new Set(errs.map((e) => `${e.field}: ${errorBody(e)}`))]
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`
  const gk = group ? `${kind}.${group}` : kind
  return {
    status: 'Failure',
    message: `${gk} ${goQuote(name)} is invalid: ${aggregate}`,
    reason: 'Invalid',
    details: { name, group, kind, causes: errs.map((e) => ({ reason: 'FieldValueInvalid', message: errorBody(e), field: e.field })) },
    code: 422,
  }
}
