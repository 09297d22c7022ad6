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

const encoder = new TextEncoder()

/** Go's len(): bytes of UTF-8. */
function byteLength(value: string): number {
  return encoder.encode(value).length
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
