// Kubernetes' own rules for what eso-render writes, in the API server's words: an object name is a
// DNS-1123 subdomain (IsDNS1123Subdomain), a Secret's data key is a config key (IsConfigMapKey).
// Copied from k8s.io/apimachinery/pkg/util/validation/validation.go; the API server refuses a Secret
// that breaks them, so a render must not emit one. Knows nothing of ESO.

import { escapeControls } from '../errors.ts'

/** DNS1123SubdomainMaxLength: also the longest config key. */
export const MAX_NAME_LENGTH = 253

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN}$`)
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"

const CONFIG_KEY = '[-._a-zA-Z0-9]+'
const CONFIG_KEY_RE = new RegExp(`^${CONFIG_KEY}$`)
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"

/** Go's len(): bytes of UTF-8 (a lone surrogate as U+FFFD's three, as TextEncoder writes it), counted without encoding. */
export function byteLength(value: string): number {
  let n = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`
}

// As Go builds it, two spaces before each "or" included.
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`
}

/** IsDNS1123Subdomain: the problems with an object name, none when it is valid. */
export function dns1123SubdomainProblems(value: string): string[] {
  const errs: string[] = []
  if (byteLength(value) > MAX_NAME_LENGTH) errs.push(maxLenError(MAX_NAME_LENGTH))
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN, 'example.com'))
  return errs
}

/** IsConfigMapKey: the problems with a ConfigMap or Secret data key, none when it is valid. */
export function configKeyProblems(value: string): string[] {
  const errs: string[] = []
  if (byteLength(value) > MAX_NAME_LENGTH) errs.push(maxLenError(MAX_NAME_LENGTH))
  if (!CONFIG_KEY_RE.test(value)) errs.push(regexError(CONFIG_KEY_MSG, CONFIG_KEY, 'key.name', 'KEY_NAME', 'key-name'))
  // hasChDirPrefix: a key becomes a file name where the Secret is mounted.
  if (value === '.') errs.push("must not be '.'")
  else if (value === '..') errs.push("must not be '..'")
  else if (value.startsWith('..')) errs.push("must not start with '..'")
  return errs
}

/** A name or key from the input as a message may quote it: control characters escaped, a long one cut. */
export function quoteName(value: string): string {
  const shown = value.length > MAX_NAME_LENGTH ? `${[...value].slice(0, MAX_NAME_LENGTH).join('')}...` : value
  return `"${escapeControls(shown)}"`
}

const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME}$`)
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const QUALIFIED_NAME_MAX_LENGTH = 63
const LABEL_VALUE = `(${QUALIFIED_NAME})?`
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE}$`)
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
/** TotalAnnotationSizeLimitB: every annotation's key and value together. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024

/** IsQualifiedName: the problems with a label or annotation key, none when it is valid. */
export function qualifiedNameProblems(value: string): string[] {
  // 10,000 Secrets carry the same few label and annotation keys: a valid one is judged once.
  if (VALID_QUALIFIED_NAMES.has(value)) return []
  const errs = judgeQualifiedName(value)
  if (!errs.length && VALID_QUALIFIED_NAMES.size < 4096) VALID_QUALIFIED_NAMES.add(value)
  return errs
}

const VALID_QUALIFIED_NAMES = new Set<string>()

function judgeQualifiedName(value: string): string[] {
  const errs: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) name = parts[0]!
  else if (parts.length === 2) {
    const prefix = parts[0]!
    name = parts[1]!
    if (!prefix.length) errs.push('prefix part must be non-empty')
    else errs.push(...dns1123SubdomainProblems(prefix).map((m) => `prefix part ${m}`))
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]
  }
  if (!name.length) errs.push('name part must be non-empty')
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`)
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`)
  return errs
}

/** IsValidLabelValue: the problems with a label value, none when it is valid. */
export function labelValueProblems(value: string): string[] {
  const errs: string[] = []
  if (byteLength(value) > QUALIFIED_NAME_MAX_LENGTH) errs.push(maxLenError(QUALIFIED_NAME_MAX_LENGTH))
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE, 'MyValue', 'my_value', '12345'))
  return errs
}

/**
 * ValidateObjectMeta's rules for labels and annotations, one line per problem. Keys are quoted (they
 * are literal in ESO's templates); values never are: a template may have made them from secret data.
 */
export function metadataProblems(labels: Record<string, string>, annotations: Record<string, string>): string[] {
  const out: string[] = []
  for (const key in labels) {
    if (!validLabelKeys.has(key)) {
      const problems = qualifiedNameProblems(key)
      for (const p of problems) out.push(`label key ${quoteName(key)} is invalid: ${p}`)
      if (!problems.length) remember(validLabelKeys, key)
    }
    for (const p of labelValueProblems(labels[key]!)) out.push(`the value of label ${quoteName(key)} is invalid (not shown): ${p}`)
  }
  let size = 0
  for (const key in annotations) {
    if (!validAnnotationKeys.has(key)) {
      // ValidateAnnotations judges the key lower-cased.
      const problems = qualifiedNameProblems(key.toLowerCase())
      for (const p of problems) out.push(`annotation key ${quoteName(key)} is invalid: ${p}`)
      if (!problems.length) remember(validAnnotationKeys, key)
    }
    size += byteLength(key) + byteLength(annotations[key]!)
  }
  if (size > MAX_ANNOTATIONS_BYTES) out.push(`the annotations are ${size} bytes, over Kubernetes' limit of ${MAX_ANNOTATIONS_BYTES} bytes (TotalAnnotationSizeLimitB)`)
  return out
}

// Label and annotation keys already found valid: every Secret of a render carries ESO's few (the
// managed label, created-by, the data hash, Reloader's) and its ExternalSecret's, judged once each.
const validLabelKeys = new Set<string>()
const validAnnotationKeys = new Set<string>()

function remember(keys: Set<string>, key: string): void {
  if (keys.size < 4096) keys.add(key)
}

/**
 * ValidateSecret's rules for the well-known Secret types (k8s.io/kubernetes pkg/apis/core/validation):
 * the keys each type requires, and JSON for the docker config types. The data's bytes are judged,
 * never quoted (the API server itself says "<secret contents redacted>").
 */
export function secretTypeProblems(type: string, data: ReadonlyMap<string, Uint8Array>, annotations: Record<string, string>): string[] {
  const required = (key: string) => `type ${type} requires the data key "${key}"`
  switch (type) {
    case 'kubernetes.io/service-account-token':
      return annotations['kubernetes.io/service-account.name'] ? [] : [`type ${type} requires the annotation "kubernetes.io/service-account.name"`]
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson'
      const value = data.get(key)
      if (!value) return [required(key)]
      return isJsonObjectOrNull(value) ? [] : [`type ${type} requires "${key}" to hold a JSON object; it does not (its contents are not shown)`]
    }
    case 'kubernetes.io/basic-auth':
      return data.has('username') || data.has('password') ? [] : [required('username'), required('password')]
    case 'kubernetes.io/ssh-auth':
      return data.get('ssh-privatekey')?.length ? [] : [required('ssh-privatekey')]
    case 'kubernetes.io/tls':
      return [...(data.has('tls.crt') ? [] : [required('tls.crt')]), ...(data.has('tls.key') ? [] : [required('tls.key')])]
    default:
      return []
  }
}

// Go's json.Unmarshal into map[string]interface{}: an object, or null (which leaves the map alone).
function isJsonObjectOrNull(bytes: Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return value === null || (typeof value === 'object' && !Array.isArray(value))
  } catch {
    return false
  }
}
