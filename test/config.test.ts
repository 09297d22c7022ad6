import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEFAULT_OPTIONS,
  normalizeServer,
  OPTION_KEYS,
  optionsFromEnvironment,
  optionsFromFlags,
  optionsFromFunctionConfig,
  optionsFromSpec,
  optionsFromStrings,
  type Environment,
  type OptionKey,
} from '../src/config.ts'
import { RenderError, RenderErrors } from '../src/errors.ts'

const ESO = { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', metadata: { name: 'x' } }

const rows = [
  { name: 'no config gives the defaults', config: undefined, want: {}, sources: {} },
  {
    name: 'EsoRender spec keys are typed, and remembered as the input author',
    config: { ...ESO, spec: { namespace: 'shop', reloader: 'none', keepStores: true, allowedStores: ['vault'] } },
    want: { namespace: 'shop', reloader: 'none', keepStores: true, allowedStores: ['vault'] },
    sources: Object.fromEntries(['namespace', 'reloader', 'keepStores', 'allowedStores'].map((k) => [k, { author: 'input', via: 'function config spec' }])),
  },
  {
    name: 'ConfigMap data (kpt -- key=value) gives the same keys as strings',
    config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { namespace: 'shop', keepExternalSecrets: 'false', vaultConcurrency: '4', allowedNamespaces: 'a, b' } },
    want: { namespace: 'shop', keepExternalSecrets: false, vaultConcurrency: 4, allowedNamespaces: ['a', 'b'] },
    sources: Object.fromEntries(['namespace', 'keepExternalSecrets', 'vaultConcurrency', 'allowedNamespaces'].map((k) => [k, { author: 'input', via: 'function config ConfigMap data' }])),
  },
  {
    name: 'a legacy plugin config re-serialised by kustomize (argsOneLiner) is accepted',
    config: { ...ESO, argsOneLiner: '--reloader none' },
    want: {},
    sources: {},
  },
  { name: 'an empty spec (spec: null) is the defaults', config: { ...ESO, spec: null }, want: {}, sources: {} },
]
for (const r of rows) {
  test(`config: ${r.name}`, () => {
    assert.deepEqual(optionsFromFunctionConfig(r.config), { ...DEFAULT_OPTIONS, ...r.want, sources: r.sources })
  })
}

const bad: { name: string; config: Record<string, unknown>; field: string; message: RegExp }[] = [
  { name: 'an unknown spec key', config: { ...ESO, spec: { namespce: 'x' } }, field: 'namespce', message: /unknown option/ },
  { name: 'a bad enum', config: { ...ESO, spec: { reloader: 'auto' } }, field: 'reloader', message: /must be one of match, none/ },
  { name: 'a wrong type', config: { ...ESO, spec: { vaultRetries: 'many' } }, field: 'vaultRetries', message: /must be a whole number/ },
  { name: 'a list that is a string', config: { ...ESO, spec: { allowedStores: 'a' } }, field: 'allowedStores', message: /must be a list of strings/ },
  { name: 'a wrong kind', config: { apiVersion: 'v1', kind: 'Secret' }, field: 'kind', message: /is not supported/ },
  { name: 'a wrong apiVersion', config: { apiVersion: 'config.eso-render.dev/v2', kind: 'EsoRender' }, field: 'apiVersion', message: /expected config.eso-render.dev\/v1alpha1/ },
  { name: 'options outside spec', config: { ...ESO, namespace: 'x' }, field: 'namespace', message: /options go under spec/ },
  {
    name: 'a ConfigMap with a non-integer',
    config: { apiVersion: 'v1', kind: 'ConfigMap', data: { vaultTimeoutSeconds: 'soon' } },
    field: 'vaultTimeoutSeconds',
    message: /expected a whole number/,
  },
]
bad.push(
  { name: 'retries past their bound', config: { ...ESO, spec: { vaultRetries: 100000 } }, field: 'vaultRetries', message: /must be between 0 and 10/ },
  { name: 'a timeout of zero', config: { ...ESO, spec: { vaultTimeoutSeconds: 0 } }, field: 'vaultTimeoutSeconds', message: /must be a positive integer/ },
  { name: 'a concurrency past its bound', config: { apiVersion: 'v1', kind: 'ConfigMap', data: { vaultConcurrency: '100000' } }, field: 'vaultConcurrency', message: /must be between 1 and 256/ },
)
for (const r of bad) {
  test(`config: ${r.name} is a CONFIG_INVALID error naming the field`, () => {
    assert.throws(
      () => optionsFromFunctionConfig(r.config),
      (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.fieldPath === r.field && r.message.test(e.message),
    )
  })
}

// DESIGN.md trust rule 1: options that choose a credential, lower trust or widen reach are the operator's.
const OPERATOR_ONLY: { key: OptionKey; env: string; value: unknown; text: string }[] = [
  { key: 'tokenEnv', env: 'ESO_RENDER_TOKEN_ENV', value: 'HOME', text: 'HOME' },
  { key: 'tokenFile', env: 'ESO_RENDER_TOKEN_FILE', value: '/etc/passwd', text: '/etc/passwd' },
  { key: 'vaultAddress', env: 'VAULT_ADDR', value: 'https://attacker.example', text: 'https://attacker.example' },
  { key: 'vaultCACert', env: 'VAULT_CACERT', value: '/tmp/ca.pem', text: '/tmp/ca.pem' },
  { key: 'insecureSkipTLSVerify', env: 'ESO_RENDER_INSECURE_SKIP_TLS_VERIFY', value: true, text: 'true' },
  { key: 'allowedServers', env: 'ESO_RENDER_ALLOWED_SERVERS', value: ['https://attacker.example'], text: 'https://attacker.example' },
  { key: 'cluster', env: 'ESO_RENDER_CLUSTER', value: 'kubeconfig', text: 'kubeconfig' },
  { key: 'kubeContext', env: 'ESO_RENDER_KUBE_CONTEXT', value: 'prod', text: 'prod' },
  { key: 'policy', env: 'ESO_RENDER_POLICY', value: '/tmp/permissive.yaml', text: '/tmp/permissive.yaml' },
  { key: 'project', env: 'ARGOCD_APP_PROJECT_NAME', value: 'platform', text: 'platform' },
  { key: 'showTemplateErrors', env: 'ESO_RENDER_SHOW_TEMPLATE_ERRORS', value: true, text: 'true' },
  // The checksum's key: whoever holds it can test guesses of a Secret's data against the checksum.
  { key: 'checksumKeyFile', env: 'ESO_RENDER_CHECKSUM_KEY_FILE', value: '/etc/eso-render/checksum.key', text: '/etc/eso-render/checksum.key' },
]

test('config: the operator-only options are exactly the ones DESIGN.md names, each with its environment form', () => {
  const operator = Object.entries(OPTION_KEYS)
    .filter(([, d]) => d.who === 'operator')
    .map(([k, d]) => [k, d.env])
  assert.deepEqual(operator.sort(), OPERATOR_ONLY.map((o) => [o.key, o.env]).sort())
})

for (const o of OPERATOR_ONLY) {
  test(`config: ${o.key} from a function config spec is refused as operator-only, naming ${o.env}`, () => {
    assert.throws(
      () => optionsFromFunctionConfig({ ...ESO, spec: { [o.key]: o.value } }),
      (e: unknown) =>
        e instanceof RenderError &&
        e.code === 'CONFIG_INVALID' &&
        e.fieldPath === o.key &&
        e.message.includes(`operator-only option, given in the function config spec: set ${o.env} in the environment`),
    )
  })
  test(`config: ${o.key} from ConfigMap data is refused as operator-only`, () => {
    assert.throws(
      () => optionsFromFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', data: { [o.key]: o.text } }),
      (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.message.includes('operator-only option'),
    )
  })
  test(`config: ${o.key} from the environment (${o.env}) is the operator's`, () => {
    const options = optionsFromEnvironment({ [o.env]: o.text })
    assert.deepEqual(options[o.key], o.value)
    assert.deepEqual(options.sources[o.key], { author: 'operator', via: `$${o.env}` })
  })
  test(`config: ${o.key} from a flag of eso-render render is the operator's`, () => {
    const options = optionsFromFlags({ [o.key]: o.text })
    assert.deepEqual(options[o.key], o.value)
    assert.deepEqual(options.sources[o.key], { author: 'operator', via: `flag ${OPTION_KEYS[o.key].flag}` })
  })
}

test('config: every operator-only option given by the input is reported, not only the first', () => {
  assert.throws(
    () => optionsFromSpec({ tokenEnv: 'X', vaultAddress: 'https://a', namespace: 'ok' }, { author: 'input', name: 'function config spec' }),
    (e: unknown) => e instanceof RenderErrors && e.errors.map((x) => x.fieldPath).join() === 'tokenEnv,vaultAddress',
  )
})

test('config: the operator wins over the input: flags over the function config, environment over both defaults', () => {
  const fromInput = optionsFromFunctionConfig({ ...ESO, spec: { namespace: 'a', reloader: 'none' } })
  const options = optionsFromFlags({ namespace: 'b' }, optionsFromEnvironment({ VAULT_ADDR: 'http://127.0.0.1:8200' }, fromInput))
  assert.equal(options.namespace, 'b')
  assert.equal(options.reloader, 'none')
  assert.deepEqual(options.sources.reloader, { author: 'input', via: 'function config spec' })
  assert.deepEqual(options.sources.namespace, { author: 'operator', via: 'flag --namespace' })
  assert.equal(options.vaultAddress, 'http://127.0.0.1:8200')
})

const badEnvironment = [
  { name: 'a boolean that is not true or false', env: { ESO_RENDER_INSECURE_SKIP_TLS_VERIFY: 'yes' }, message: /expected true or false \(environment ESO_RENDER_INSECURE_SKIP_TLS_VERIFY\)/ },
  { name: 'an allowedServers entry with a path', env: { ESO_RENDER_ALLOWED_SERVERS: 'https://vault.example.com/v1' }, message: /"https:\/\/vault.example.com\/v1" is not scheme:\/\/host\[:port\]/ },
  { name: 'an allowedServers entry with a user', env: { ESO_RENDER_ALLOWED_SERVERS: 'https://u@vault.example.com' }, message: /is not scheme:\/\/host\[:port\]/ },
  { name: 'an allowedServers entry that is not http(s)', env: { ESO_RENDER_ALLOWED_SERVERS: 'vault.example.com:8200' }, message: /is not scheme:\/\/host\[:port\]/ },
  { name: 'tokenEnv naming an Argo CD plugin env variable', env: { ESO_RENDER_TOKEN_ENV: 'ARGOCD_ENV_TOKEN' }, message: /names ARGOCD_ENV_TOKEN, which an Argo CD Application sets/ },
  { name: 'tokenEnv naming an Argo CD parameter variable', env: { ESO_RENDER_TOKEN_ENV: 'PARAM_TOKEN' }, message: /which an Argo CD Application sets/ },
]
for (const r of badEnvironment) {
  test(`config: ${r.name} in the environment is CONFIG_INVALID`, () => {
    assert.throws(
      () => optionsFromEnvironment(r.env),
      (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && r.message.test(e.message),
    )
  })
}

test('config: empty environment variables set nothing', () => {
  assert.deepEqual(optionsFromEnvironment({ VAULT_ADDR: '', ESO_RENDER_TOKEN_FILE: '' }), DEFAULT_OPTIONS)
})

test('config: string options reject unknown keys', () => {
  assert.throws(
    () => optionsFromStrings({ vault: 'x' }, { author: 'input', name: 'plugin arguments' }),
    (e: unknown) => e instanceof RenderError && e.fieldPath === 'vault' && /unknown option \(plugin arguments; see eso-render --help\)/.test(e.message),
  )
})

const servers = [
  { address: 'https://Vault.Example.com:8200', want: 'https://vault.example.com:8200' },
  { address: 'https://vault.example.com', want: 'https://vault.example.com:443' },
  { address: 'https://vault.example.com:443/', want: 'https://vault.example.com:443' },
  { address: 'http://vault.example.com', want: 'http://vault.example.com:80' },
  { address: 'https://vault.example.com.:8200', want: 'https://vault.example.com:8200' },
  { address: 'https://[::1]:8200', want: 'https://[::1]:8200' },
  { address: ' https://vault.example.com:8200 ', want: 'https://vault.example.com:8200' },
  // The userinfo trick: the host is what follows the @.
  { address: 'https://vault.example.com:8200@attacker.example', want: 'https://attacker.example:443' },
  { address: 'https://vault.example.com:8200/sub/path', want: 'https://vault.example.com:8200' },
  { address: 'ftp://vault.example.com', want: undefined },
  { address: 'vault.example.com:8200', want: undefined },
  { address: 'not a url', want: undefined },
]
for (const s of servers) {
  test(`normalizeServer: ${JSON.stringify(s.address)} → ${s.want ?? 'not a server'}`, () => {
    assert.equal(normalizeServer(s.address), s.want)
  })
}

test('config: zero retries is a valid choice', () => {
  assert.equal(optionsFromFlags({ vaultRetries: '0' }).vaultRetries, 0)
})

// ---- limits the input may only lower (deadlineSeconds, maxVaultRequests) ----

const lowerOnly: { name: string; env?: Environment; spec: Record<string, unknown>; flags?: Record<string, string>; expect: number | RegExp; key?: OptionKey }[] = [
  { name: 'the default stands without any setting', spec: {}, expect: 120 },
  { name: 'the input lowers the default', spec: { deadlineSeconds: 30 }, expect: 30 },
  {
    name: 'the input may not raise the default',
    spec: { deadlineSeconds: 300 },
    expect: /may only be lowered by the function config spec: 300 is above the default, 120; the operator raises it with ESO_RENDER_DEADLINE_SECONDS or --deadline-seconds/,
  },
  { name: "the operator's environment raises it", env: { ESO_RENDER_DEADLINE_SECONDS: '600' }, spec: {}, expect: 600 },
  { name: "the input lowers the operator's value", env: { ESO_RENDER_DEADLINE_SECONDS: '600' }, spec: { deadlineSeconds: 300 }, expect: 300 },
  {
    name: "the input may not raise the operator's value",
    env: { ESO_RENDER_DEADLINE_SECONDS: '60' },
    spec: { deadlineSeconds: 90 },
    expect: /90 is above the operator's value \(\$ESO_RENDER_DEADLINE_SECONDS\), 60/,
  },
  { name: "the operator's flag after the input lowered it: the lower value stands", spec: { deadlineSeconds: 30 }, flags: { deadlineSeconds: '600' }, expect: 30 },
  { name: "the operator's flag lowers the input's value further", spec: { deadlineSeconds: 30 }, flags: { deadlineSeconds: '10' }, expect: 10 },
  { name: 'above 3600 is refused from anyone', env: { ESO_RENDER_DEADLINE_SECONDS: '7200' }, spec: {}, expect: /must be between 1 and 3600/ },
  { name: 'maxVaultRequests: the input lowers it', key: 'maxVaultRequests', spec: { maxVaultRequests: 50 }, expect: 50 },
  { name: 'maxVaultRequests: the input may not raise it', key: 'maxVaultRequests', spec: { maxVaultRequests: 50_000 }, expect: /50000 is above the default, 20000/ },
  { name: 'maxVaultRequests: zero is refused', key: 'maxVaultRequests', spec: { maxVaultRequests: 0 }, expect: /must be a positive integer/ },
]
for (const c of lowerOnly) {
  test(`config: lower-only limits: ${c.name}`, () => {
    const key = c.key ?? 'deadlineSeconds'
    const compose = () => optionsFromFlags(c.flags ?? {}, optionsFromFunctionConfig({ ...ESO, spec: c.spec }, optionsFromEnvironment(c.env ?? {})))
    if (c.expect instanceof RegExp) {
      const expect = c.expect
      assert.throws(compose, (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.fieldPath === key && expect.test(e.message))
    } else assert.equal(compose()[key], c.expect)
  })
}

test('config: ESO_RENDER_LOG=debug is the verbose mode; other levels leave it off; an unknown level is refused', () => {
  assert.equal(optionsFromEnvironment({ ESO_RENDER_LOG: 'debug' }).verbose, true)
  assert.deepEqual(optionsFromEnvironment({ ESO_RENDER_LOG: 'DEBUG' }).sources.verbose, { author: 'operator', via: '$ESO_RENDER_LOG' })
  assert.equal(optionsFromEnvironment({ ESO_RENDER_LOG: 'info' }).verbose, false)
  assert.throws(
    () => optionsFromEnvironment({ ESO_RENDER_LOG: 'trace' }),
    (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.fieldPath === 'verbose',
  )
  // Either author may ask for it: its output is redacted like every message.
  assert.equal(optionsFromFunctionConfig({ ...ESO, spec: { verbose: true } }).verbose, true)
})

// DESIGN.md options table: reloaderWorkloads and reloaderJobs are anyone's; checksumKeyFile (above) the operator's.
test('config: reloaderWorkloads is off by default and takes off, reload or checksum from the input; reloaderJobs is a boolean', () => {
  assert.equal(DEFAULT_OPTIONS.reloaderWorkloads, 'off')
  assert.equal(DEFAULT_OPTIONS.reloaderJobs, false)
  for (const mode of ['off', 'reload', 'checksum']) assert.equal(optionsFromFunctionConfig({ ...ESO, spec: { reloaderWorkloads: mode } }).reloaderWorkloads, mode)
  const fromConfigMap = optionsFromFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', data: { reloaderWorkloads: 'reload', reloaderJobs: 'true' } })
  assert.equal(fromConfigMap.reloaderWorkloads, 'reload')
  assert.equal(fromConfigMap.reloaderJobs, true)
  assert.equal(optionsFromFlags({ reloaderWorkloads: 'checksum' }).sources.reloaderWorkloads?.author, 'operator')
  assert.throws(
    () => optionsFromFunctionConfig({ ...ESO, spec: { reloaderWorkloads: 'auto' } }),
    (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.fieldPath === 'reloaderWorkloads' && /must be one of off, reload, checksum/.test(e.message),
  )
  assert.throws(
    () => optionsFromFunctionConfig({ ...ESO, spec: { reloaderJobs: 'yes' } }),
    (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.fieldPath === 'reloaderJobs',
  )
})

// DESIGN.md options table: mergeTargets, input or operator, default fail, values fail and patch.
test('config: mergeTargets from the input (spec, ConfigMap data) and the operator (--merge-targets); other values refused', () => {
  assert.equal(DEFAULT_OPTIONS.mergeTargets, 'fail')
  assert.equal(OPTION_KEYS.mergeTargets.who, 'input')
  assert.equal(optionsFromFunctionConfig({ ...ESO, spec: { mergeTargets: 'patch' } }).mergeTargets, 'patch')
  assert.equal(optionsFromFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f' }, data: { mergeTargets: 'patch' } }).mergeTargets, 'patch')
  assert.equal(optionsFromFlags({ mergeTargets: 'patch' }).mergeTargets, 'patch')
  assert.throws(
    () => optionsFromFunctionConfig({ ...ESO, spec: { mergeTargets: 'merge' } }),
    (e: unknown) => e instanceof RenderError && e.fieldPath === 'mergeTargets' && /must be one of fail, patch/.test(e.message),
  )
})
