// The operator's tenant policy (README "Tenant policy"): a file the operator names with --policy or
// ESO_RENDER_POLICY, never read from the repository, that bounds what each Argo CD project's apps
// may render: the namespaces their ExternalSecrets resolve in, the stores they use, the Vault
// servers they reach and the Vault paths they read. App parameters (allowedStores,
// allowedNamespaces) may narrow a render further; only this file is a security boundary. This
// module reads and checks the file and answers "does the rule allow this"; the plan stage
// enforces it (pipeline/policy.ts).

import { parseDocument } from 'yaml'
import { normalizeServer } from './config.ts'
import { RenderError } from './errors.ts'
import { PARSE_OPTIONS, toValue } from './manifests/yaml.ts'

export const POLICY_API_VERSION = 'config.eso-render.dev/v1alpha1'
export const POLICY_KIND = 'EsoRenderPolicy'

/** What one project's apps may do. Lists left out allow nothing, but for `namespaces`. */
export interface PolicyRule {
  /** Globs on each ExternalSecret's resolved namespace; left out: only the Application's destination namespace. */
  namespaces?: string[]
  /** `ClusterSecretStore/<name>` or `SecretStore/<namespace>/<name>`, each part a glob. */
  stores: string[]
  /** Vault servers (`scheme://host[:port]`) this project's stores may reach. */
  servers: string[]
  /** Vault request paths (after /v1/) in Vault's policy syntax: `+` one segment, a final `*` any rest. */
  paths: string[]
  generators: boolean
  /** Whether $VAULT_TOKEN, tokenEnv and tokenFile may stand in for a store's own auth. */
  allowTokenFallback: boolean
}

export interface TenantPolicy {
  file: string
  projects: Map<string, PolicyRule>
}

/** The rule that governs one render: which project asked, which entry of the file answered. */
export interface PolicyInForce {
  file: string
  /** The Argo CD project, when known. */
  project?: string
  /** The `projects` key whose rule applies: the project's own, or `*`; undefined when the file has neither (nothing is allowed). */
  ruleName?: string
  rule: PolicyRule
  /** The Application's destination namespace ($ARGOCD_APP_NAMESPACE), which `namespaces` defaults to. */
  destinationNamespace?: string
}

const RULE_FIELDS = ['namespaces', 'stores', 'servers', 'paths', 'generators', 'allowTokenFallback'] as const

/** Reads and checks the policy file; every problem is CONFIG_INVALID naming the file and the field. */
export function loadPolicy(file: string, readFile: (path: string) => string): TenantPolicy {
  let text: string
  try {
    text = readFile(file)
  } catch {
    throw new RenderError('CONFIG_INVALID', `cannot read the tenant policy file ${file} (ESO_RENDER_POLICY, --policy)`, { file: { path: file } })
  }
  return parsePolicy(text, file)
}

export function parsePolicy(text: string, file: string): TenantPolicy {
  const fail = (fieldPath: string | undefined, message: string) => new RenderError('CONFIG_INVALID', `tenant policy: ${message}`, { fieldPath, file: { path: file } })
  // The product's one set of YAML settings (YAML 1.1 as Kubernetes reads it, the alias bound), with
  // the line of an error worked out (the message names only its line and code, never the text).
  const doc = parseDocument(text, { ...PARSE_OPTIONS, prettyErrors: true })
  if (doc.errors.length) {
    const at = doc.errors[0].linePos?.[0]
    throw fail(undefined, `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${doc.errors[0].code}`)
  }
  const root: unknown = toValue((o) => doc.toJS(o), { path: file }, 'CONFIG_INVALID', 'tenant policy: ')
  if (!isMapping(root)) throw fail(undefined, `expected an ${POLICY_KIND} object`)
  if (root.apiVersion !== POLICY_API_VERSION || root.kind !== POLICY_KIND) {
    throw fail('kind', `expected apiVersion ${POLICY_API_VERSION}, kind ${POLICY_KIND}; found ${JSON.stringify(root.apiVersion)}, ${JSON.stringify(root.kind)}`)
  }
  for (const key of Object.keys(root)) if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) throw fail(key, 'unknown field')
  const spec = root.spec
  if (!isMapping(spec)) throw fail('spec', 'expected a mapping with projects')
  for (const key of Object.keys(spec)) if (key !== 'projects') throw fail(`spec.${key}`, 'unknown field (rules go under spec.projects)')
  if (!isMapping(spec.projects)) throw fail('spec.projects', 'expected a mapping of Argo CD project names (or "*") to rules')
  const projects = new Map<string, PolicyRule>()
  for (const [name, raw] of Object.entries(spec.projects)) projects.set(name, parseRule(raw, `spec.projects[${JSON.stringify(name)}]`, fail))
  return { file, projects }
}

function parseRule(raw: unknown, at: string, fail: (fieldPath: string, message: string) => RenderError): PolicyRule {
  if (!isMapping(raw)) throw fail(at, 'expected a rule (a mapping of namespaces, stores, servers, paths, generators, allowTokenFallback)')
  for (const key of Object.keys(raw)) {
    if (!(RULE_FIELDS as readonly string[]).includes(key)) throw fail(`${at}.${key}`, `unknown field (a rule has ${RULE_FIELDS.join(', ')})`)
  }
  const list = (key: string, check: (entry: string) => string | undefined): string[] | undefined => {
    const value = raw[key]
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw fail(`${at}.${key}`, 'expected a list of strings')
    value.forEach((entry, i) => {
      const problem = check(entry)
      if (problem) throw fail(`${at}.${key}[${i}]`, `${JSON.stringify(entry)}: ${problem}`)
    })
    return value
  }
  const flag = (key: string): boolean => {
    const value = raw[key]
    if (value === undefined || value === null) return false
    if (typeof value !== 'boolean') throw fail(`${at}.${key}`, 'expected true or false')
    return value
  }
  return {
    namespaces: list('namespaces', checkNamespaceGlob),
    stores: list('stores', checkStoreEntry) ?? [],
    servers: list('servers', (s) => (normalizeServer(s, { originOnly: true }) === undefined ? 'expected scheme://host[:port] (http or https, no path)' : undefined)) ?? [],
    paths: list('paths', checkPathPattern) ?? [],
    generators: flag('generators'),
    allowTokenFallback: flag('allowTokenFallback'),
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkNamespaceGlob(entry: string): string | undefined {
  return /^[a-z0-9*?.-]+$/.test(entry) ? undefined : 'expected a namespace name or glob (a-z, 0-9, -, ., with * and ?)'
}

function checkStoreEntry(entry: string): string | undefined {
  const parts = entry.split('/')
  if (parts[0] === 'ClusterSecretStore' && parts.length === 2 && parts[1]) return undefined
  if (parts[0] === 'SecretStore' && parts.length === 3 && parts[1] && parts[2]) return undefined
  return 'expected ClusterSecretStore/<name> or SecretStore/<namespace>/<name>'
}

function checkPathPattern(entry: string): string | undefined {
  if (entry.startsWith('/') || entry.startsWith('v1/')) return 'write the path as a Vault policy does, without /v1/ or a leading slash (secret/data/team-a/*)'
  if (entry.slice(0, -1).includes('*')) return '* may only end a path (Vault policy syntax: + for one segment, a final * for any rest)'
  if (entry.split('/').some((s) => s === '.' || s === '..')) return '. and .. segments are not allowed'
  if (entry.split('/').some((s) => s.includes('+') && s !== '+')) return '+ stands for a whole segment'
  return undefined
}

const DENY_ALL: PolicyRule = { namespaces: [], stores: [], servers: [], paths: [], generators: false, allowTokenFallback: false }

/** The rule for a project: its own entry, which replaces `*`, else `*`; with neither, a rule that allows nothing. */
export function ruleFor(policy: TenantPolicy, project: string | undefined, destinationNamespace: string | undefined): PolicyInForce {
  const own = project !== undefined ? policy.projects.get(project) : undefined
  if (own) return { file: policy.file, project, ruleName: project, rule: own, destinationNamespace }
  const any = policy.projects.get('*')
  return { file: policy.file, project, ruleName: any ? '*' : undefined, rule: any ?? DENY_ALL, destinationNamespace }
}

/** `the tenant policy (/etc/eso-render/policy.yaml, project "team-a", rule "team-a")`. */
export function describePolicy(policy: PolicyInForce): string {
  const project = policy.project !== undefined ? `project ${JSON.stringify(policy.project)}` : 'no project (ARGOCD_APP_PROJECT_NAME, --project)'
  const rule = policy.ruleName !== undefined ? `rule ${JSON.stringify(policy.ruleName)}` : 'no rule for it and no "*" rule: nothing is allowed'
  return `the tenant policy (${policy.file}, ${project}, ${rule})`
}

/** A shell-style glob within one name: `*` any run of characters, `?` one. */
export function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${[...pattern].map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'u')
  return re.test(value)
}

/** The namespaces a rule allows: its own list, else the destination namespace only. */
export function allowedNamespaces(policy: PolicyInForce): string[] {
  return policy.rule.namespaces ?? (policy.destinationNamespace ? [policy.destinationNamespace] : [])
}

export function namespaceAllowed(policy: PolicyInForce, namespace: string): boolean {
  return allowedNamespaces(policy).some((glob) => globMatches(glob, namespace))
}

export function storeAllowed(policy: PolicyInForce, kind: 'SecretStore' | 'ClusterSecretStore', namespace: string | undefined, name: string): boolean {
  return policy.rule.stores.some((entry) => {
    const [entryKind, ...rest] = entry.split('/')
    if (entryKind !== kind) return false
    if (kind === 'ClusterSecretStore') return globMatches(rest[0], name)
    return globMatches(rest[0], namespace ?? '') && globMatches(rest[1], name)
  })
}

export function serverAllowed(policy: PolicyInForce, address: string): boolean {
  const server = normalizeServer(address)
  return server !== undefined && policy.rule.servers.some((entry) => normalizeServer(entry) === server)
}

/** A path the policy cannot judge: a `.` or `..` segment would be resolved by the URL or by Vault, past the glob. */
export function pathIsNormal(path: string): boolean {
  return !path.split('/').some((s) => s === '.' || s === '..')
}

/** Vault's policy path syntax: `+` matches one whole segment, a final `*` any rest (slashes included). */
export function vaultPathMatches(pattern: string, path: string): boolean {
  const prefix = pattern.endsWith('*')
  const body = (prefix ? pattern.slice(0, -1) : pattern)
    .split('/')
    .map((segment) => (segment === '+' ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${body}${prefix ? '.*' : ''}$`, 'su').test(path)
}

export function pathAllowed(policy: PolicyInForce, path: string): boolean {
  return pathIsNormal(path) && policy.rule.paths.some((pattern) => vaultPathMatches(pattern, path))
}
