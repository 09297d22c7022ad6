// Argo CD Config Management Plugin face: `eso-render argocd generate` runs in the app directory of
// a CMP sidecar, builds the app source as Argo CD would (kustomize, or a plain directory of YAML),
// resolves the ExternalSecrets, and prints a YAML stream Argo CD's parser accepts. Options come from
// the Application's plugin parameters (ARGOCD_APP_PARAMETERS / PARAM_*) and plugin env (ARGOCD_ENV_*).
// Contract: shared/reference/krm-contract.md §5.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, relative, sep } from 'node:path'
import { asRenderErrors, escapeControls, RenderError, RenderErrors } from '../errors.ts'
import { CONFIG_KIND, DEFAULT_OPTIONS, OPTION_KEYS, optionsFromEnvironment, optionsFromStrings, type Environment, type OptionKey, type RenderOptions } from '../config.ts'
import { readStreams, type Source } from '../manifests/read.ts'
import { loadYaml, PARSE_OPTIONS, TO_JS_OPTIONS } from '../manifests/yaml.ts'
import { INNER_DEADLINE_AT, INNER_RUN_MARKER, innerDeadlineAt } from './argocd-marker.ts'
import { isInteresting } from '../pipeline/index.ts'
import { debugLines, errorLines, noticeLines, summaryLine, traceOf } from './report.ts'
import type { FaceInput, FaceOutput } from './io.ts'
import { readInputFile, skippedNotices, yamlFilesUnder, type Skipped } from './sources.ts'

export type SourceType = 'auto' | 'kustomize' | 'helm' | 'directory'

/** Plugin parameters of our own (beyond the render options), by parameter name. */
const SOURCE_PARAMS = ['source-type', 'recurse', 'helm-release-name', 'helm-values-files'] as const

/** Render options a repository may set through parameters; the operator-only ones come from the sidecar's environment. */
const APP_OPTIONS = [
  'namespace',
  'reloader',
  'keepExternalSecrets',
  'keepStores',
  'allowedStores',
  'allowedNamespaces',
  'vaultNamespace',
  'templateLeftDelimiter',
  'templateRightDelimiter',
  'otherProviders',
  'reloaderWorkloads',
  'reloaderJobs',
  'mergeTargets',
  'deadlineSeconds',
  'maxVaultRequests',
  'verbose',
]

const kebab = (key: string) => OPTION_KEYS[key as OptionKey].flag.slice(2)

export function parameterNames(): string[] {
  return [...SOURCE_PARAMS, ...APP_OPTIONS.map(kebab)]
}

/** Operator-only options by the parameter name an Application would use (`vault-address`, `token-file`...). */
const OPERATOR_PARAMS = new Map(
  (Object.entries(OPTION_KEYS) as [OptionKey, (typeof OPTION_KEYS)[OptionKey]][]).filter(([, d]) => d.who === 'operator').map(([key, d]) => [d.flag.slice(2), { key, env: d.env! }]),
)

const envName = (param: string) => param.toUpperCase().replace(/[^A-Z0-9]/g, '_')

/**
 * Plugin env names that would set an operator variable (`ARGOCD_ENV_VAULT_ADDR`) or an operator-only
 * option (`ARGOCD_ENV_TOKEN_FILE`): refused, never read.
 */
function operatorEnvTarget(name: string): string | undefined {
  for (const [param, { env }] of OPERATOR_PARAMS) if (name === envName(param) || name === env) return env
  if (name === 'VAULT_TOKEN') return 'VAULT_TOKEN'
  if (name.startsWith('ESO_RENDER_')) return name
  return undefined
}

function operatorOnly(where: string, name: string, env: string): RenderError {
  return new RenderError(
    'CONFIG_INVALID',
    `${where} ${name}: operator-only option: set ${env} in the sidecar's environment (the eso-render ConfigMap or Secret of deploy/), not in the Application; its parameters and plugin env come from the repository's side and may not choose credentials, servers, trust settings or what errors reveal`,
  )
}

interface Parameters {
  [name: string]: string
}

/** Variables an Application sets for its plugin: the input's, never the operator's. */
export function isAppSetVariable(name: string): boolean {
  return name.startsWith('ARGOCD_ENV_') || name.startsWith('PARAM_') || name === 'ARGOCD_APP_PARAMETERS'
}

/** The sidecar's own environment: everything but what the Application set. */
export function operatorEnvironment(env: Environment): Environment {
  const out: Environment = {}
  for (const [k, v] of Object.entries(env)) if (!isAppSetVariable(k)) out[k] = v
  return out
}

/** Parameters from ARGOCD_ENV_* (plugin env), then ARGOCD_APP_PARAMETERS / PARAM_* (parameters win). */
export function readParameters(env: Record<string, string | undefined>): Parameters {
  const out: Parameters = {}
  const refused: RenderError[] = []
  for (const key of Object.keys(env).sort()) {
    if (!key.startsWith('ARGOCD_ENV_')) continue
    const target = operatorEnvTarget(key.slice('ARGOCD_ENV_'.length))
    if (target) refused.push(operatorOnly('plugin env', key, target))
  }
  for (const name of parameterNames()) {
    const fromEnv = `ARGOCD_ENV_${envName(name)}`
    if (env[fromEnv] !== undefined) out[name] = env[fromEnv]!
  }
  const raw = env.ARGOCD_APP_PARAMETERS
  if (raw) {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw new RenderError('CONFIG_INVALID', 'ARGOCD_APP_PARAMETERS is not JSON')
    }
    for (const p of Array.isArray(parsed) ? parsed : []) {
      const { name, string, array } = p as { name?: string; string?: string; array?: string[] }
      if (!name) continue
      const operator = OPERATOR_PARAMS.get(name)
      if (operator) {
        refused.push(operatorOnly('plugin parameter', name, operator.env))
        continue
      }
      if (!parameterNames().includes(name)) throw new RenderError('CONFIG_INVALID', `unknown plugin parameter ${JSON.stringify(name)} (known: ${parameterNames().join(', ')})`)
      if (typeof string === 'string') out[name] = string
      else if (Array.isArray(array)) out[name] = array.join(',')
    }
  } else {
    // Older Argo CD: only the PARAM_* forms.
    for (const [param, { env: target }] of OPERATOR_PARAMS) {
      const base = `PARAM_${envName(param)}`
      if (Object.keys(env).some((k) => k === base || (k.startsWith(`${base}_`) && /^\d+$/.test(k.slice(base.length + 1))))) refused.push(operatorOnly('plugin parameter', param, target))
    }
    for (const name of parameterNames()) {
      const base = `PARAM_${envName(name)}`
      if (env[base] !== undefined) out[name] = env[base]!
      const items = Object.keys(env)
        .filter((k) => k.startsWith(`${base}_`) && /^\d+$/.test(k.slice(base.length + 1)))
        .sort((a, b) => Number(a.slice(base.length + 1)) - Number(b.slice(base.length + 1)))
      if (items.length) out[name] = items.map((k) => env[k]).join(',')
    }
  }
  if (refused.length) throw new RenderErrors(refused)
  return out
}

function onPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const full = join(dir, name)
    if (dir && existsSync(full)) return full
  }
  return undefined
}

/**
 * Runs a build tool with a deadline; its stderr is shown on failure. It may hold what an eso-render
 * transformer inside the build printed: those lines are eso-render's own, already free of secrets.
 */
function runTool(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined>, deadlineMs: number): Promise<string> {
  return runToolWithStderr(cmd, args, cwd, env, deadlineMs).then((r) => r.stdout)
}

function runToolWithStderr(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined>, deadlineMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new RenderError('DEADLINE_EXCEEDED', `${cmd} ${args[0]} did not finish within the deadline (${Math.round(deadlineMs / 1000)} s)`))
    }, deadlineMs)
    const stop = () => child.kill('SIGTERM')
    process.once('SIGTERM', stop)
    child.on('error', (e) => {
      clearTimeout(timer)
      process.removeListener('SIGTERM', stop)
      reject(new RenderError('INPUT_INVALID', `cannot run ${cmd}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`))
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      process.removeListener('SIGTERM', stop)
      if (code === 0) resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })
      else {
        reject(new RenderError('INPUT_INVALID', `${cmd} ${args[0]} failed (exit ${code}):\n${failureLines(Buffer.concat(err).toString('utf8'))}`))
      }
    })
  })
}

/**
 * What a failed build said: the lines an eso-render transformer inside it printed (kubectl indents
 * them in its own error; their `eso-render: ` is said once, by the report), else the tool's last lines.
 */
export function failureLines(stderr: string): string {
  const lines = stderr.trim().split('\n')
  const ours = lines.flatMap((l) => {
    const at = l.indexOf('eso-render: ')
    return at >= 0 && /^[\s>]*$/.test(l.slice(0, at)) ? [l.slice(at + 'eso-render: '.length)] : []
  })
  if (!ours.length) return lines.slice(-5).join('\n')
  return (ours.length > 50 ? [...ours.slice(0, 50), `... and ${ours.length - 50} more lines`] : ours).join('\n')
}

/** Argo CD's directory source: its YAML and JSON files (recursively with `recurse`), regular files only; anything else is skipped with a warning. */
function directorySources(dir: string, recurse: boolean, io: FaceInput, skipped: Skipped[]): Source[] {
  return yamlFilesUnder(dir, { recurse }, skipped).map((full) => {
    const path = relative(dir, full).split(sep).join('/')
    return { path, text: readInputFile(full, path, io) }
  })
}

/** Argo CD's own detection order: a chart, then a kustomization, else a directory. */
export function detectSource(dir: string): 'kustomize' | 'helm' | 'directory' {
  if (existsSync(join(dir, 'Chart.yaml'))) return 'helm'
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(dir, f))) ? 'kustomize' : 'directory'
}

/** `helm template` as Argo CD runs it: release name, destination namespace, values, cluster version. */
export function helmArgs(params: Parameters, env: Record<string, string | undefined>): string[] {
  const release = params['helm-release-name'] || env.ARGOCD_APP_NAME || 'release'
  const args = ['template', release, '.', '--include-crds']
  const namespace = params.namespace || env.ARGOCD_APP_NAMESPACE
  if (namespace) args.push('--namespace', namespace)
  for (const f of (params['helm-values-files'] ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    // Values files come from the repository: keep them inside the app directory.
    if (f.startsWith('/') || f.split('/').includes('..')) throw new RenderError('CONFIG_INVALID', `parameter helm-values-files: ${JSON.stringify(f)} must be a path inside the app directory`)
    args.push('--values', f)
  }
  if (env.KUBE_VERSION) args.push('--kube-version', env.KUBE_VERSION)
  for (const v of (env.KUBE_API_VERSIONS ?? '').split(',').filter(Boolean)) args.push('--api-versions', v)
  return args
}

/** Argo CD's defaults: it would apply kept local-config objects, so nothing is kept. */
// Argo CD's repo-server gives a generate command 90 s (ARGOCD_EXEC_TIMEOUT) and the UI waits 60 s: 50 s ends first, with a located error.
export const ARGOCD_DEFAULTS: RenderOptions = { ...DEFAULT_OPTIONS, keepExternalSecrets: false, keepStores: false, deadlineSeconds: 50 }

/** The Application's parameters as render options (the input's), over `base`. */
export function optionsFromParameters(params: Parameters, base: RenderOptions = ARGOCD_DEFAULTS): RenderOptions {
  const optionStrings: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    if ((SOURCE_PARAMS as readonly string[]).includes(name)) continue
    const key = APP_OPTIONS.find((k) => kebab(k) === name)
    if (key) optionStrings[key] = value
  }
  return optionsFromStrings(optionStrings, { author: 'input', name: 'plugin parameters', operatorHint: "in the sidecar's environment" }, base)
}

/** `eso-render argocd generate` */
export async function runArgocdGenerate(io: FaceInput, cwd = process.cwd(), binPath?: string): Promise<FaceOutput> {
  // Entries of a directory source left out (a FIFO named x.yaml...), said whatever the outcome.
  const skipped: Skipped[] = []
  try {
    const params = readParameters(io.env)
    const sourceType = (params['source-type'] ?? 'auto') as SourceType
    if (!['auto', 'kustomize', 'helm', 'directory'].includes(sourceType)) {
      throw new RenderError('CONFIG_INVALID', `parameter source-type: ${JSON.stringify(sourceType)} is not supported; use auto, kustomize, helm or directory`)
    }
    // Parameters and plugin env are the Application's (the input); the sidecar's environment is the
    // operator's, read first: the parameters may lower its limits (deadline-seconds), never raise them.
    const env = operatorEnvironment(io.env)
    const options = optionsFromParameters(params, optionsFromEnvironment(env, ARGOCD_DEFAULTS))
    // One deadline for the source build and the render.
    const deadline = Date.now() + options.deadlineSeconds * 1000
    const notices: string[] = []

    const type = sourceType === 'auto' ? detectSource(cwd) : sourceType
    let sources: Source[]
    if (type === 'kustomize') {
      const built = await kustomizeBuild(cwd, io.env, deadline, innerDeadlineAt(deadline, options.deadlineSeconds), binPath)
      notices.push(...built.relayed)
      sources = [{ path: 'kustomize build', text: built.text }]
    } else if (type === 'helm') {
      const helm = onPath('helm', io.env)
      if (!helm) throw new RenderError('INPUT_INVALID', "helm is not on PATH in this sidecar (the image copies it from Argo CD's)")
      sources = [{ path: 'helm template', text: await runTool(helm, helmArgs(params, io.env), cwd, io.env, deadline - Date.now()) }]
    } else {
      sources = directorySources(cwd, params.recurse === 'true', io, skipped)
    }

    // A directory's files came through io.readFile, which counts them already.
    if (type !== 'directory') for (const source of sources) io.noteInput?.(source.text)
    const { render } = await import('../pipeline/render.ts')
    const manifests = await readStreams(sources, isInteresting)
    // At the deadline the render revokes its login tokens before it reports what was pending.
    const result = await render(manifests, { options, env, readFile: io.readFile, inClusterRoot: io.inClusterRoot, cleanups: io.cleanups, deadlineAt: deadline })
    const stdout = manifests.write(result.actions)
    checkArgoOutput(stdout)
    if (type === 'kustomize' && result.stats.externalSecrets) notices.push(...(await skippedTransformers(cwd, io)))
    const relayed = notices.map((n) => `${n}\n`).join('')
    return {
      stdout,
      stderr: relayed + debugLines(result.trace) + noticeLines([...skippedNotices(skipped, cwd), ...result.notices]) + (result.stats.externalSecrets ? summaryLine(result.stats) : ''),
      exitCode: 0,
    }
  } catch (err) {
    const hint = 'eso-render: Argo CD caches a failed generation; after fixing the cause, use Hard Refresh\n'
    return { stdout: '', stderr: debugLines(traceOf(err)) + noticeLines(skippedNotices(skipped, cwd)) + errorLines(new RenderErrors(asRenderErrors(err))) + hint, exitCode: 1 }
  }
}

/**
 * `kustomize build` as Argo CD runs it, plus `--enable-alpha-plugins` with eso-render's own plugin
 * home: a kustomization that lists the eso-render transformer (the legacy plugin form, the one that
 * also works under kubectl kustomize) has it run inside the build, and the outer pass then finds
 * nothing left to render. Only eso-render is in that plugin home, and exec KRM functions stay off
 * (no --enable-exec), so a repository cannot run a program of its choosing.
 */
async function kustomizeBuild(
  cwd: string,
  env: Record<string, string | undefined>,
  deadline: number,
  innerDeadline: number,
  binPath: string | undefined,
): Promise<{ text: string; relayed: string[] }> {
  const home = mkdtempSync(join(tmpdir(), 'eso-render-plugins-'))
  try {
    const { selfCommand, writePlugin } = await import('./install-plugin.ts')
    writePlugin(home, selfCommand(binPath ?? process.argv[1]))
    const buildEnv = { ...env, KUSTOMIZE_PLUGIN_HOME: home, [INNER_RUN_MARKER]: '1', [INNER_DEADLINE_AT]: String(innerDeadline) }
    const kustomize = onPath('kustomize', env)
    const out = kustomize
      ? await runToolWithStderr(kustomize, ['build', '--enable-alpha-plugins', '.'], cwd, buildEnv, deadline - Date.now())
      : await runToolWithStderr(onPath('kubectl', env) ?? 'kubectl', ['kustomize', '--enable-alpha-plugins', '.'], cwd, buildEnv, deadline - Date.now())
    // What the transformer inside said (notices, its summary), relayed as eso-render's lines.
    const relayed = out.stderr
      .split('\n')
      .filter((l) => l.startsWith('eso-render: '))
      .map((l) => escapeControls(l))
    return { text: out.stdout, relayed }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

/**
 * Transformers of the app's kustomization that are eso-render configs in the exec KRM function form
 * (`config.kubernetes.io/function` annotation): kustomize skips those without --enable-exec, so their
 * spec was not applied and the outer pass rendered the ExternalSecrets with the parameters instead.
 */
async function skippedTransformers(cwd: string, io: FaceInput): Promise<string[]> {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((f) => join(cwd, f)).find((f) => existsSync(f))
  if (!file) return []
  const yaml = await loadYaml()
  const out: string[] = []
  try {
    const kustomization = yaml.parse(io.readFile(file), PARSE_OPTIONS) as { transformers?: unknown }
    for (const entry of Array.isArray(kustomization?.transformers) ? kustomization.transformers : []) {
      if (typeof entry !== 'string' || entry.includes('\n')) continue
      const path = join(cwd, entry)
      if (!existsSync(path) || !statSync(path).isFile()) continue
      for (const doc of yaml.parseAllDocuments(io.readFile(path), PARSE_OPTIONS).map((d) => d.toJS(TO_JS_OPTIONS))) {
        const config = doc as { kind?: unknown; metadata?: { annotations?: Record<string, unknown> } }
        if (config?.kind === CONFIG_KIND && config.metadata?.annotations?.['config.kubernetes.io/function'] !== undefined) {
          out.push(
            `eso-render: warning: kustomization transformer ${entry} is an eso-render config in the exec KRM function form (config.kubernetes.io/function), which kustomize runs only with --enable-exec: it did not run, its spec was not applied, and the ExternalSecrets were rendered with the Application's parameters; drop the annotation (the legacy plugin form works under Argo CD, kubectl kustomize and kustomize alike)`,
          )
        }
      }
    }
  } catch {
    // A kustomization kustomize itself accepted but this reader does not: nothing to say.
  }
  return out
}

/** What Argo CD's parser needs (krm-contract.md §5.6): something to apply, `kind` on every document. */
function checkArgoOutput(stdout: string): void {
  if (!stdout.trim()) throw new RenderError('INPUT_INVALID', 'the app renders to no resources; refusing to print an empty output (Argo CD would prune everything)')
}
