// eso-render's options: from the function config (`config.eso-render.dev/v1alpha1` `EsoRender`, its
// `spec`), from a ConfigMap's `data` (kpt's `-- key=value`), or from CLI flags; one flat set of keys
// for all three. Validated with ajv; an unknown key is an error, never ignored.

import type { ValidateFunction } from 'ajv'
import { RenderError } from './errors.ts'
import { loadAjv } from './eso/ajv.ts'
import { fieldPathOf } from './eso/field-path.ts'

export const CONFIG_API_VERSION = 'config.eso-render.dev/v1alpha1'
export const CONFIG_KIND = 'EsoRender'

export interface RenderOptions {
  /** Namespace assumed for ExternalSecrets without metadata.namespace. */
  namespace?: string
  reloader: 'match' | 'none'
  /** Keep ExternalSecrets (marked local-config) beside their Secrets; 'auto' = only under kpt. */
  keepExternalSecrets: boolean | 'auto'
  keepStores: boolean | 'auto'
  vaultAddress?: string
  vaultNamespace?: string
  vaultCACert?: string
  vaultTimeoutSeconds: number
  vaultConcurrency: number
  vaultRetries: number
  insecureSkipTLSVerify: boolean
  tokenEnv?: string
  tokenFile?: string
  /** Stores one render may use: `name`, `Kind/name` or `SecretStore/namespace/name`. */
  allowedStores?: string[]
  /** Namespaces whose ExternalSecrets may be rendered. */
  allowedNamespaces?: string[]
  templateLeftDelimiter: string
  templateRightDelimiter: string
}

export const DEFAULT_OPTIONS: RenderOptions = {
  reloader: 'match',
  keepExternalSecrets: 'auto',
  keepStores: 'auto',
  vaultTimeoutSeconds: 10,
  vaultConcurrency: 16,
  vaultRetries: 2,
  insecureSkipTLSVerify: false,
  templateLeftDelimiter: '{{',
  templateRightDelimiter: '}}',
}

type Kind = 'string' | 'boolean' | 'integer' | 'list' | 'keep'

/** Every option: its type, and the flag that sets it. */
export const OPTION_KEYS: Record<Exclude<keyof RenderOptions, never>, { type: Kind; flag: string; enum?: string[]; help: string }> = {
  namespace: { type: 'string', flag: '--namespace', help: 'namespace for ExternalSecrets that have none (default: $ARGOCD_APP_NAMESPACE, else "default")' },
  reloader: { type: 'string', flag: '--reloader', enum: ['match', 'none'], help: 'add reloader.stakater.com/match: "true" to Secrets (match, default) or not (none)' },
  keepExternalSecrets: { type: 'keep', flag: '--keep-external-secrets', help: 'keep ExternalSecrets in the output, marked local-config (true, false, auto = only under kpt)' },
  keepStores: { type: 'keep', flag: '--keep-stores', help: 'keep SecretStores/ClusterSecretStores, marked local-config (true, false, auto = only under kpt)' },
  vaultAddress: { type: 'string', flag: '--vault-address', help: "Vault address used instead of every store's server (wins over $VAULT_ADDR)" },
  vaultNamespace: { type: 'string', flag: '--vault-namespace', help: 'Vault Enterprise namespace for stores without one (wins over $VAULT_NAMESPACE)' },
  vaultCACert: { type: 'string', flag: '--vault-cacert', help: 'PEM file of CAs to trust for Vault (wins over $VAULT_CACERT)' },
  vaultTimeoutSeconds: { type: 'integer', flag: '--vault-timeout', help: 'seconds per Vault request (default 10)' },
  vaultConcurrency: { type: 'integer', flag: '--vault-concurrency', help: 'Vault requests in flight at once (default 16)' },
  vaultRetries: { type: 'integer', flag: '--vault-retries', help: 'retries of a Vault request after a transient failure (default 2)' },
  insecureSkipTLSVerify: { type: 'boolean', flag: '--insecure-skip-tls-verify', help: 'DANGEROUS: do not verify Vault TLS certificates' },
  tokenEnv: { type: 'string', flag: '--token-env', help: 'read the Vault token for every store from this environment variable (wins over store auth)' },
  tokenFile: { type: 'string', flag: '--token-file', help: 'read the Vault token for every store from this file (wins over store auth)' },
  allowedStores: { type: 'list', flag: '--allowed-stores', help: 'comma list of stores this render may use (name, Kind/name or SecretStore/ns/name)' },
  allowedNamespaces: { type: 'list', flag: '--allowed-namespaces', help: 'comma list of namespaces whose ExternalSecrets may be rendered' },
  templateLeftDelimiter: { type: 'string', flag: '--template-left-delimiter', help: 'template left delimiter (ESO controller flag of the same name; default {{)' },
  templateRightDelimiter: { type: 'string', flag: '--template-right-delimiter', help: 'template right delimiter (default }})' },
}

const jsonType: Record<Kind, unknown> = {
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  integer: { type: 'integer', minimum: 1 },
  list: { type: 'array', items: { type: 'string' } },
  keep: { anyOf: [{ type: 'boolean' }, { const: 'auto' }] },
}

function specSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  for (const [key, def] of Object.entries(OPTION_KEYS)) properties[key] = def.enum ? { type: 'string', enum: def.enum } : jsonType[def.type]
  return { type: 'object', properties, additionalProperties: false }
}

let validateSpec: ValidateFunction | undefined

/** Options in typed form (EsoRender spec); `where` names the source for messages. */
export async function optionsFromSpec(spec: unknown, where: string, base: RenderOptions = DEFAULT_OPTIONS): Promise<RenderOptions> {
  validateSpec ??= (await loadAjv()).compile(specSchema())
  if (!validateSpec(spec)) {
    const e = validateSpec.errors![0]
    const extra = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined
    const field = fieldPathOf(e.instancePath, extra)
    const message = extra ? 'unknown option' : e.keyword === 'enum' ? `must be one of ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}` : (e.message ?? 'is invalid')
    throw new RenderError('CONFIG_INVALID', `${where}: ${field ? `${field}: ` : ''}${message}`, { fieldPath: field })
  }
  return { ...base, ...(spec as Partial<RenderOptions>) }
}

/** Options as strings (ConfigMap data, flags) converted to their types. */
export async function optionsFromStrings(values: Record<string, string>, where: string, base: RenderOptions = DEFAULT_OPTIONS): Promise<RenderOptions> {
  if (!Object.keys(values).length) return base
  const spec: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(values)) {
    const def = (OPTION_KEYS as Record<string, { type: Kind } | undefined>)[key]
    if (!def) throw new RenderError('CONFIG_INVALID', `${where}: ${key}: unknown option`, { fieldPath: key })
    spec[key] = convert(def.type, raw, `${where}: ${key}`)
  }
  return optionsFromSpec(spec, where, base)
}

function convert(type: Kind, raw: string, where: string): unknown {
  switch (type) {
    case 'string':
      return raw
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter(Boolean)
    case 'integer': {
      if (!/^\d+$/.test(raw.trim())) throw new RenderError('CONFIG_INVALID', `${where}: expected a positive integer`)
      return Number(raw.trim())
    }
    case 'boolean':
    case 'keep': {
      const v = raw.trim().toLowerCase()
      if (v === 'true') return true
      if (v === 'false') return false
      if (type === 'keep' && v === 'auto') return 'auto'
      throw new RenderError('CONFIG_INVALID', `${where}: expected true or false${type === 'keep' ? ' or auto' : ''}`)
    }
  }
}

/**
 * The function config as a host hands it over: an EsoRender object, a ConfigMap (`data`), or
 * nothing. Anything else is an error (a typo in kind must not silently mean "defaults").
 */
export async function optionsFromFunctionConfig(config: Record<string, unknown> | undefined, base: RenderOptions = DEFAULT_OPTIONS): Promise<RenderOptions> {
  if (!config) return base
  const kind = config.kind
  const apiVersion = config.apiVersion
  if (kind === 'ConfigMap' && apiVersion === 'v1') {
    const data = (config.data ?? {}) as Record<string, unknown>
    const strings: Record<string, string> = {}
    for (const [k, v] of Object.entries(data)) strings[k] = String(v)
    return optionsFromStrings(strings, 'function config ConfigMap data', base)
  }
  if (kind === CONFIG_KIND) {
    if (apiVersion !== CONFIG_API_VERSION) {
      throw new RenderError('CONFIG_INVALID', `function config: apiVersion ${JSON.stringify(apiVersion)} is not supported, expected ${CONFIG_API_VERSION}`, { fieldPath: 'apiVersion' })
    }
    for (const key of Object.keys(config)) {
      if (!['apiVersion', 'kind', 'metadata', 'spec', 'argsOneLiner', 'argsFromFile'].includes(key)) {
        throw new RenderError('CONFIG_INVALID', `function config: ${key}: unknown field (options go under spec)`, { fieldPath: key })
      }
    }
    return optionsFromSpec(config.spec ?? {}, 'function config spec', base)
  }
  throw new RenderError('CONFIG_INVALID', `function config: kind ${JSON.stringify(kind)} is not supported, expected ${CONFIG_API_VERSION} ${CONFIG_KIND} or a v1 ConfigMap`, { fieldPath: 'kind' })
}
