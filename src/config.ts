// eso-render's options, and who may set each (README "Trust model"). Two authors meet in a render:
// the input's author (function config `spec`, a ConfigMap's `data`, kustomize `argsOneLiner`, the KRM
// face's argv, Argo CD app parameters and plugin env) and the operator (the process environment and
// the command line of `eso-render render`). Options that choose a credential, lower trust or widen
// reach are operator-only: given by the input they are an error, never silently ignored. Every option
// remembers who set it, so each override can be announced with its author.

import { RenderError, RenderErrors } from './errors.ts'

export const CONFIG_API_VERSION = 'config.eso-render.dev/v1alpha1'
export const CONFIG_KIND = 'EsoRender'

/** The process environment as the render sees it (the operator's; app-set variables are filtered by the Argo CD face). */
export interface Environment {
  VAULT_ADDR?: string
  VAULT_TOKEN?: string
  VAULT_NAMESPACE?: string
  VAULT_CACERT?: string
  [key: string]: string | undefined
}

export type Author = 'input' | 'operator'

/** Where an option's value came from: its author and the channel (`function config spec`, `$VAULT_ADDR`, `flag --token-file`). */
export interface OptionSource {
  author: Author
  via: string
}

/** A channel options arrive through. */
export interface Channel {
  author: Author
  /** Named in messages: `function config spec`, `plugin parameters`, `flags`. */
  name: string
  /** How the operator sets an operator-only option where this channel's author cannot (Argo CD: the sidecar's environment). */
  operatorHint?: string
}

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
  /** Servers (`scheme://host[:port]`) the operator trusts with operator credentials, beside vaultAddress. */
  allowedServers?: string[]
  /** Stores one render may use: `name`, `Kind/name` or `SecretStore/namespace/name`. */
  allowedStores?: string[]
  /** Namespaces whose ExternalSecrets may be rendered. */
  allowedNamespaces?: string[]
  templateLeftDelimiter: string
  templateRightDelimiter: string
  /** ExternalSecrets using a store of another provider: fail the render, or keep them whole for ESO in the cluster. */
  otherProviders: 'fail' | 'keep'
  /** creationPolicy Merge into a Secret the input lacks: fail the render, or emit a patch of the managed keys only. */
  mergeTargets: 'fail' | 'patch'
  /** Read what the input lacks from a live cluster: off, the kubeconfig's context, or the pod's own service account. */
  cluster: 'off' | 'kubeconfig' | 'in-cluster'
  /** A kubeconfig context other than the current one. */
  kubeContext?: string
  /** The operator's tenant policy file (EsoRenderPolicy). */
  policy?: string
  /** The Argo CD project whose policy rule applies (Argo CD sets $ARGOCD_APP_PROJECT_NAME). */
  project?: string
  /** Show what a template's functions said when they failed (`fail`'s text); withheld by default. */
  showTemplateErrors: boolean
  /** The whole run ends within this many seconds (the input may only lower the operator's value). */
  deadlineSeconds: number
  /** At most this many Vault requests in one run, retries and logins included (the input may only lower it). */
  maxVaultRequests: number
  /** Say what the run does (stores, logins, requests, timing) on stderr / in KRM results at info. */
  verbose: boolean
  /** Wire the workloads that consume rendered Secrets: not at all, Reloader's reload list, or a checksum on the pod template. */
  reloaderWorkloads: 'off' | 'reload' | 'checksum'
  /** Also wire Jobs and CronJobs (Reloader recreates a Job, and fires a CronJob, on every change). */
  reloaderJobs: boolean
  /** The operator's HMAC key file for reloaderWorkloads: checksum. */
  checksumKeyFile?: string
  /** Who set each option that is not a default. */
  sources: Partial<Record<OptionKey, OptionSource>>
}

export type OptionKey = Exclude<keyof RenderOptions, 'sources'>

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
  otherProviders: 'fail',
  mergeTargets: 'fail',
  cluster: 'off',
  showTemplateErrors: false,
  deadlineSeconds: 120,
  maxVaultRequests: 20000,
  verbose: false,
  reloaderWorkloads: 'off',
  reloaderJobs: false,
  sources: {},
}

type Kind = 'string' | 'boolean' | 'integer' | 'list' | 'keep'

export interface OptionDef {
  type: Kind
  flag: string
  enum?: string[]
  /** `operator`: never from the input (README "Trust model", rule 1). */
  who: Author
  /** A limit the input may lower but never raise above the operator's value (or the default). */
  lowerOnly?: boolean
  /** The operator's environment form. */
  env?: string
  /** Bounds of an integer option (a run must end: 100000 retries against a dead Vault would not). */
  min?: number
  max?: number
  help: string
}

/** Every option: its type, its flag, who may set it and its environment form. */
export const OPTION_KEYS: Record<OptionKey, OptionDef> = {
  namespace: { type: 'string', flag: '--namespace', who: 'input', help: 'namespace for ExternalSecrets that have none (default: $ARGOCD_APP_NAMESPACE, else "default")' },
  reloader: { type: 'string', flag: '--reloader', enum: ['match', 'none'], who: 'input', help: 'add reloader.stakater.com/match: "true" to Secrets (match, default) or not (none)' },
  keepExternalSecrets: { type: 'keep', flag: '--keep-external-secrets', who: 'input', help: 'keep ExternalSecrets in the output, marked local-config (true, false, auto = only under kpt)' },
  keepStores: { type: 'keep', flag: '--keep-stores', who: 'input', help: 'keep SecretStores/ClusterSecretStores, marked local-config (true, false, auto = only under kpt)' },
  vaultAddress: { type: 'string', flag: '--vault-address', who: 'operator', env: 'VAULT_ADDR', help: "operator: Vault address used instead of every store's server (env VAULT_ADDR)" },
  vaultNamespace: { type: 'string', flag: '--vault-namespace', who: 'input', help: 'Vault Enterprise namespace for stores without one (wins over $VAULT_NAMESPACE)' },
  vaultCACert: { type: 'string', flag: '--vault-cacert', who: 'operator', env: 'VAULT_CACERT', help: 'operator: PEM file of CAs to trust for stores without caBundle (env VAULT_CACERT)' },
  vaultTimeoutSeconds: { type: 'integer', flag: '--vault-timeout', who: 'input', min: 1, max: 300, help: 'seconds per Vault request, 1-300 (default 10)' },
  vaultConcurrency: { type: 'integer', flag: '--vault-concurrency', who: 'input', min: 1, max: 256, help: 'Vault requests in flight at once, 1-256 (default 16)' },
  vaultRetries: { type: 'integer', flag: '--vault-retries', who: 'input', min: 0, max: 10, help: 'retries of a Vault request after a transient failure, 0-10 (default 2)' },
  insecureSkipTLSVerify: {
    type: 'boolean',
    flag: '--insecure-skip-tls-verify',
    who: 'operator',
    env: 'ESO_RENDER_INSECURE_SKIP_TLS_VERIFY',
    help: 'operator, DANGEROUS: do not verify Vault TLS certificates (env ESO_RENDER_INSECURE_SKIP_TLS_VERIFY=true)',
  },
  tokenEnv: {
    type: 'string',
    flag: '--token-env',
    who: 'operator',
    env: 'ESO_RENDER_TOKEN_ENV',
    help: 'operator: the Vault token for every store, from this environment variable (env ESO_RENDER_TOKEN_ENV)',
  },
  tokenFile: { type: 'string', flag: '--token-file', who: 'operator', env: 'ESO_RENDER_TOKEN_FILE', help: 'operator: the Vault token for every store, from this file (env ESO_RENDER_TOKEN_FILE)' },
  allowedServers: {
    type: 'list',
    flag: '--allowed-servers',
    who: 'operator',
    env: 'ESO_RENDER_ALLOWED_SERVERS',
    help: 'operator: comma list of scheme://host[:port] trusted with operator credentials (env ESO_RENDER_ALLOWED_SERVERS)',
  },
  allowedStores: { type: 'list', flag: '--allowed-stores', who: 'input', help: 'comma list of stores this render may use (name, Kind/name or SecretStore/ns/name)' },
  allowedNamespaces: { type: 'list', flag: '--allowed-namespaces', who: 'input', help: 'comma list of namespaces whose ExternalSecrets may be rendered' },
  templateLeftDelimiter: { type: 'string', flag: '--template-left-delimiter', who: 'input', help: 'template left delimiter (ESO controller flag of the same name; default {{)' },
  templateRightDelimiter: { type: 'string', flag: '--template-right-delimiter', who: 'input', help: 'template right delimiter (default }})' },
  cluster: {
    type: 'string',
    flag: '--cluster',
    enum: ['off', 'kubeconfig', 'in-cluster'],
    who: 'operator',
    env: 'ESO_RENDER_CLUSTER',
    help: 'operator: read what the input lacks from a cluster: off (default), kubeconfig, in-cluster (env ESO_RENDER_CLUSTER)',
  },
  kubeContext: {
    type: 'string',
    flag: '--kube-context',
    who: 'operator',
    env: 'ESO_RENDER_KUBE_CONTEXT',
    help: 'operator: the kubeconfig context for --cluster kubeconfig (env ESO_RENDER_KUBE_CONTEXT)',
  },
  policy: {
    type: 'string',
    flag: '--policy',
    who: 'operator',
    env: 'ESO_RENDER_POLICY',
    help: 'operator: the tenant policy file (EsoRenderPolicy) bounding what each Argo CD project may render (env ESO_RENDER_POLICY)',
  },
  project: {
    type: 'string',
    flag: '--project',
    who: 'operator',
    env: 'ARGOCD_APP_PROJECT_NAME',
    help: 'operator: the Argo CD project whose policy rule applies (Argo CD sets $ARGOCD_APP_PROJECT_NAME; default: the policy\'s "*" rule)',
  },
  deadlineSeconds: {
    type: 'integer',
    flag: '--deadline-seconds',
    who: 'input',
    lowerOnly: true,
    env: 'ESO_RENDER_DEADLINE_SECONDS',
    min: 1,
    max: 3600,
    help: "the whole run ends within this many seconds, 1-3600 (default 120; Argo CD 50); the input may only lower the operator's value (env ESO_RENDER_DEADLINE_SECONDS)",
  },
  maxVaultRequests: {
    type: 'integer',
    flag: '--max-vault-requests',
    who: 'input',
    lowerOnly: true,
    env: 'ESO_RENDER_MAX_VAULT_REQUESTS',
    min: 1,
    max: 1_000_000,
    help: "at most this many Vault requests per run, retries and logins included (default 20000); the input may only lower the operator's value (env ESO_RENDER_MAX_VAULT_REQUESTS)",
  },
  verbose: {
    type: 'boolean',
    flag: '--verbose',
    who: 'input',
    help: 'say what the run does: per store its server and auth, per login its method, per Vault request its path, status and time, a timing summary (env ESO_RENDER_LOG=debug); never a value or token',
  },
  showTemplateErrors: {
    type: 'boolean',
    flag: '--show-template-errors',
    who: 'operator',
    env: 'ESO_RENDER_SHOW_TEMPLATE_ERRORS',
    help: "operator: show what a template's functions say when they fail (fail's text), which may carry secret data (env ESO_RENDER_SHOW_TEMPLATE_ERRORS=true)",
  },
  otherProviders: {
    type: 'string',
    flag: '--other-providers',
    enum: ['fail', 'keep'],
    who: 'input',
    help: 'ExternalSecrets with a non-Vault store: fail (default), or keep them whole, with their stores, for ESO in the cluster',
  },
  reloaderWorkloads: {
    type: 'string',
    flag: '--reloader-workloads',
    enum: ['off', 'reload', 'checksum'],
    who: 'input',
    help: "wire the workloads that consume rendered Secrets: off (default), reload (Reloader's secret.reloader.stakater.com/reload list), checksum (an HMAC of the Secrets' data on the pod template; needs the operator's checksumKeyFile)",
  },
  reloaderJobs: { type: 'boolean', flag: '--reloader-jobs', who: 'input', help: 'reloaderWorkloads also wires Jobs and CronJobs (default false)' },
  checksumKeyFile: {
    type: 'string',
    flag: '--checksum-key-file',
    who: 'operator',
    env: 'ESO_RENDER_CHECKSUM_KEY_FILE',
    help: 'operator: the HMAC key file for reloaderWorkloads checksum (env ESO_RENDER_CHECKSUM_KEY_FILE)',
  },
  mergeTargets: {
    type: 'string',
    flag: '--merge-targets',
    enum: ['fail', 'patch'],
    who: 'input',
    help: 'creationPolicy Merge into a Secret not in the input: fail (default), or patch (only the managed keys, for an apply that merges them into the live Secret)',
  },
}

function definition(key: string): OptionDef | undefined {
  return Object.hasOwn(OPTION_KEYS, key) ? OPTION_KEYS[key as OptionKey] : undefined
}

/** `set by the operator ($VAULT_ADDR)`, for announcements. */
export function describeSource(source: OptionSource): string {
  return `set by the ${source.author === 'operator' ? 'operator' : "input's author"} (${source.via})`
}

/** The CONFIG_INVALID error for an operator-only option that arrived through an input channel. */
function operatorOnly(key: OptionKey, channel: Channel): RenderError {
  const def = OPTION_KEYS[key]
  const where = channel.operatorHint ?? `in the environment (or ${def.flag} on the eso-render render command line)`
  return new RenderError(
    'CONFIG_INVALID',
    `operator-only option, given in the ${channel.name}: set ${def.env} ${where}; the input's author may not choose credentials, servers, trust settings or what errors reveal`,
    {
      fieldPath: key,
    },
  )
}

// Variables an Argo CD Application sets for its plugin: naming one as the token's source would let
// the repository choose the credential.
const APP_SET_VARIABLE = /^(ARGOCD_ENV_|PARAM_)|^ARGOCD_APP_PARAMETERS$/

/** Checks a value already of the option's type; `where` prefixes messages. */
function checkValue(key: OptionKey, value: unknown, where: string): unknown {
  const def = OPTION_KEYS[key]
  const fail = (expected: string) => new RenderError('CONFIG_INVALID', `${expected} (${where})`, { fieldPath: key })
  switch (def.type) {
    case 'string':
      if (typeof value !== 'string') throw fail('must be a string')
      if (def.enum && !def.enum.includes(value)) throw fail(`must be one of ${def.enum.join(', ')}`)
      if (key === 'tokenEnv' && APP_SET_VARIABLE.test(value)) throw fail(`names ${value}, which an Argo CD Application sets: the token must come from the operator's own environment`)
      return value
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('must be true or false')
      return value
    case 'keep':
      if (typeof value !== 'boolean' && value !== 'auto') throw fail('must be true, false or auto')
      return value
    case 'integer': {
      const min = def.min ?? 1
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw fail(min === 0 ? 'must be a whole number' : 'must be a positive integer')
      if (value < min || (def.max !== undefined && value > def.max)) throw fail(`must be between ${min} and ${def.max}`)
      return value
    }
    case 'list':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw fail('must be a list of strings')
      if (key === 'allowedServers') for (const entry of value as string[]) checkServerEntry(entry, key, where)
      return value
  }
}

/** An allowedServers entry is an origin: `scheme://host[:port]`, nothing else. */
function checkServerEntry(entry: string, key: OptionKey, where: string): void {
  if (normalizeServer(entry, { originOnly: true }) === undefined) {
    throw new RenderError('CONFIG_INVALID', `${JSON.stringify(entry)} is not scheme://host[:port] (http or https, no path, user or query) (${where})`, { fieldPath: key })
  }
}

/**
 * A Vault server as the trust check compares it: `scheme://host:port`, lower-case host without a
 * trailing dot, the default port written out. Undefined for anything that is not an http(s) URL
 * (and, with originOnly, for URLs carrying a path, query, fragment or user).
 */
export function normalizeServer(address: string, { originOnly = false } = {}): string | undefined {
  let url: URL
  try {
    url = new URL(address.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (!url.hostname) return undefined
  if (originOnly && (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))) return undefined
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  return `${url.protocol}//${host}:${port}`
}

function withOption(base: RenderOptions, key: OptionKey, value: unknown, source: OptionSource): RenderOptions {
  if (OPTION_KEYS[key].lowerOnly) {
    const current = base[key] as number
    const currentSource = base.sources[key]
    // The input may lower a limit, never raise it: hosts apply the operator's environment first.
    if (source.author === 'input' && (value as number) > current) {
      const def = OPTION_KEYS[key]
      const whose = currentSource?.author === 'operator' ? `the operator's value (${currentSource.via})` : 'the default'
      throw new RenderError('CONFIG_INVALID', `may only be lowered by the ${source.via}: ${value} is above ${whose}, ${current}; the operator raises it with ${def.env} or ${def.flag}`, {
        fieldPath: key,
      })
    }
    // The operator's flag after the input lowered it: the lower value stands.
    if (source.author === 'operator' && currentSource?.author === 'input' && (value as number) > current) return base
  }
  return { ...base, [key]: value, sources: { ...base.sources, [key]: source } }
}

/** Options in typed form (an EsoRender spec) from one channel. Every problem is reported. */
export function optionsFromSpec(spec: unknown, channel: Channel, base: RenderOptions = DEFAULT_OPTIONS): RenderOptions {
  if (spec === null || spec === undefined) return base
  if (typeof spec !== 'object' || Array.isArray(spec)) throw new RenderError('CONFIG_INVALID', `the ${channel.name} must be a mapping of options`)
  const errors: RenderError[] = []
  let options = base
  for (const [key, value] of Object.entries(spec as Record<string, unknown>)) {
    const def = definition(key)
    if (!def) {
      errors.push(new RenderError('CONFIG_INVALID', `unknown option (${channel.name}; see eso-render --help)`, { fieldPath: key }))
      continue
    }
    if (def.who === 'operator' && channel.author === 'input') {
      errors.push(operatorOnly(key as OptionKey, channel))
      continue
    }
    try {
      options = withOption(options, key as OptionKey, checkValue(key as OptionKey, value, channel.name), { author: channel.author, via: channel.name })
    } catch (err) {
      errors.push(err as RenderError)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length) throw new RenderErrors(errors)
  return options
}

/** Options as strings (ConfigMap data, flags, parameters) converted to their types, from one channel. */
export function optionsFromStrings(values: Record<string, string>, channel: Channel, base: RenderOptions = DEFAULT_OPTIONS): RenderOptions {
  const spec: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(values)) {
    const def = definition(key)
    // Unknown and operator-only keys are reported by optionsFromSpec, with the others.
    spec[key] = def && !(def.who === 'operator' && channel.author === 'input') ? convert(def.type, raw, channel.name, key) : raw
  }
  return optionsFromSpec(spec, channel, base)
}

/** The operator's environment forms of the operator-only options (`VAULT_ADDR`, `ESO_RENDER_TOKEN_FILE`...). */
export function optionsFromEnvironment(env: Environment, base: RenderOptions = DEFAULT_OPTIONS): RenderOptions {
  let options = base
  // The verbose mode's environment form is a log level, as in other tools.
  const level = env.ESO_RENDER_LOG?.trim().toLowerCase()
  if (level === 'debug') options = withOption(options, 'verbose', true, { author: 'operator', via: '$ESO_RENDER_LOG' })
  else if (level && !['info', 'warn', 'warning', 'error'].includes(level))
    throw new RenderError('CONFIG_INVALID', `expected debug, info, warning or error (environment ESO_RENDER_LOG)`, { fieldPath: 'verbose' })
  for (const [key, def] of Object.entries(OPTION_KEYS) as [OptionKey, OptionDef][]) {
    if (!def.env) continue
    const raw = env[def.env]
    if (raw === undefined || raw === '') continue
    const where = `environment ${def.env}`
    options = withOption(options, key, checkValue(key, convert(def.type, raw, where, key), where), { author: 'operator', via: `$${def.env}` })
  }
  return options
}

/** Options from the command line of `eso-render render`: the operator's. */
export function optionsFromFlags(values: Record<string, string>, base: RenderOptions = DEFAULT_OPTIONS): RenderOptions {
  let options = base
  for (const [key, raw] of Object.entries(values)) {
    const def = definition(key)
    if (!def) throw new RenderError('CONFIG_INVALID', 'unknown option (flags; see eso-render --help)', { fieldPath: key })
    options = withOption(options, key as OptionKey, checkValue(key as OptionKey, convert(def.type, raw, `flag ${def.flag}`, key), `flag ${def.flag}`), { author: 'operator', via: `flag ${def.flag}` })
  }
  return options
}

function convert(type: Kind, raw: string, where: string, key: string): unknown {
  const fail = (expected: string) => new RenderError('CONFIG_INVALID', `${expected} (${where})`, { fieldPath: key })
  switch (type) {
    case 'string':
      return raw
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    case 'integer': {
      if (!/^\d+$/.test(raw.trim())) throw fail('expected a whole number')
      return Number(raw.trim())
    }
    case 'boolean':
    case 'keep': {
      const v = raw.trim().toLowerCase()
      if (v === 'true') return true
      if (v === 'false') return false
      if (type === 'keep' && v === 'auto') return 'auto'
      throw fail(`expected true or false${type === 'keep' ? ' or auto' : ''}`)
    }
  }
}

/**
 * The function config as a host hands it over: an EsoRender object, a ConfigMap (`data`), or
 * nothing. Anything else is an error (a typo in kind must not silently mean "defaults"). A
 * function config is always the input's: it comes from the repository or package.
 */
export function optionsFromFunctionConfig(config: Record<string, unknown> | undefined, base: RenderOptions = DEFAULT_OPTIONS): RenderOptions {
  if (!config) return base
  const kind = config.kind
  const apiVersion = config.apiVersion
  if (kind === 'ConfigMap' && apiVersion === 'v1') {
    const data = (config.data ?? {}) as Record<string, unknown>
    const strings: Record<string, string> = {}
    for (const [k, v] of Object.entries(data)) strings[k] = String(v)
    return optionsFromStrings(strings, { author: 'input', name: 'function config ConfigMap data' }, base)
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
    return optionsFromSpec(config.spec ?? {}, { author: 'input', name: 'function config spec' }, base)
  }
  throw new RenderError('CONFIG_INVALID', `function config: kind ${JSON.stringify(kind)} is not supported, expected ${CONFIG_API_VERSION} ${CONFIG_KIND} or a v1 ConfigMap`, { fieldPath: 'kind' })
}
