// The YAML-stream faces: the kustomize legacy exec plugin (config file in argv[1], stream on stdin,
// stream on stdout) and `eso-render render` (files, directories or stdin). On failure nothing at
// all goes to stdout: a partial stream would be read as deletions.

import { asRenderErrors, RenderError, RenderErrors } from '../errors.ts'
import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags, optionsFromFunctionConfig, optionsFromStrings, type RenderOptions } from '../config.ts'
import { readStreams, type Source } from '../manifests/read.ts'
import { isSimpleYamlMapping } from '../manifests/simple-yaml.ts'
import { isInteresting } from '../pipeline/index.ts'
import { debugLines, errorLines, noticeLines, summaryLine, traceOf } from './report.ts'
import { parseFlags } from './flags.ts'
import { configFile, readSources, skippedNotices, type Skipped } from './sources.ts'
import { INNER_DEADLINE_AT, INNER_RUN_MARKER } from './argocd-marker.ts'
import type { FaceInput, FaceOutput } from './io.ts'

async function renderStream(sources: Source[], options: RenderOptions, io: FaceInput, checkEveryItem = false, deadlineAt?: number): Promise<FaceOutput> {
  // Files from people get every document checked: one that is not a Kubernetes object, or not YAML,
  // is an error here, not at apply time. Where the line scanner read a document's own `apiVersion:`
  // and `kind:` lines and the fast reader finds its syntax plain, that is the check; the rest is
  // parsed with the YAML library (parsing 200 pass-through documents with it took 8x a bare Node start).
  const lexicallyChecked = new Set<string>()
  const plainObject = (kind: string | undefined, apiVersion: string | undefined, body: string | undefined) => {
    if (!kind || !apiVersion || body === undefined || !isSimpleYamlMapping(body)) return false
    lexicallyChecked.add(body)
    return true
  }
  const manifests = await readStreams(sources, checkEveryItem ? (k, a, body) => isInteresting(k, a) || !plainObject(k, a, body) : isInteresting)
  if (checkEveryItem) {
    const errors: RenderError[] = []
    for (const item of manifests.items) {
      if (!isInteresting(item.kind, item.apiVersion) && item.body !== undefined && lexicallyChecked.has(item.body)) continue
      try {
        const obj = item.object()
        if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
          errors.push(new RenderError('INPUT_INVALID', 'document is not a Kubernetes object: apiVersion and kind are required', { file: item.file }))
        }
      } catch (err) {
        errors.push(err instanceof RenderError ? err : new RenderError('INPUT_INVALID', 'document cannot be read', { file: item.file }))
      }
    }
    if (errors.length) throw new RenderErrors(errors)
  }
  // A pass-through (nothing of ESO in the stream) never loads the pipeline: the legacy plugin runs
  // on every kubectl kustomize build, with ExternalSecrets or not.
  if (!manifests.items.some((i) => isInteresting(i.kind, i.apiVersion))) return { stdout: manifests.write(new Map()), stderr: '', exitCode: 0 }
  const { render } = await import('../pipeline/render.ts')
  const result = await render(manifests, { options, env: io.env, readFile: io.readFile, inClusterRoot: io.inClusterRoot, cleanups: io.cleanups, ...(deadlineAt ? { deadlineAt } : {}) })
  const summary = result.stats.externalSecrets ? summaryLine(result.stats) : ''
  return { stdout: manifests.write(result.actions), stderr: debugLines(result.trace) + noticeLines(result.notices) + summary, exitCode: 0 }
}

function failed(err: unknown): FaceOutput {
  return { stdout: '', stderr: debugLines(traceOf(err)) + errorLines(new RenderErrors(asRenderErrors(err))), exitCode: 1 }
}

/** kustomize legacy exec plugin: argv = [configFile, ...argsOneLiner]. */
export async function runLegacyPlugin(io: FaceInput): Promise<FaceOutput> {
  try {
    const [config, ...rest] = io.args
    if (!config) throw new RenderError('CONFIG_INVALID', 'legacy plugin mode needs the plugin config file as its first argument (kustomize passes it)')
    // The config file and argsOneLiner come from the kustomization (the input); the environment is
    // the operator's (kustomize passes its own on).
    const flags = parseFlags(rest)
    if (flags.config !== undefined || flags.positional.length) throw new RenderError('CONFIG_INVALID', 'plugin arguments (argsOneLiner): only option flags are accepted')
    if (io.env[INNER_RUN_MARKER] === '1') return await renderInsideArgocdBuild(await configFile(config, io), flags.options, io)
    // The operator's environment first: the input may lower its limits, never raise them.
    let options = optionsFromFunctionConfig(await configFile(config, io), optionsFromEnvironment(io.env))
    options = optionsFromStrings(flags.options, { author: 'input', name: 'plugin arguments (argsOneLiner)' }, options)
    return await renderStream([{ path: 'stdin', text: await io.stdin() }], options, io)
  } catch (err) {
    return failed(err)
  }
}

/**
 * The transformer run inside the kustomize build of `eso-render argocd generate`: the transformer's
 * config and argsOneLiner (the repository's), the Application's parameters (the input's too) and the
 * sidecar's environment without what the Application set (the operator's), as the outer pass reads them.
 */
async function renderInsideArgocdBuild(config: Record<string, unknown>, args: Record<string, string>, io: FaceInput): Promise<FaceOutput> {
  const { ARGOCD_DEFAULTS, operatorEnvironment, optionsFromParameters, readParameters } = await import('./argocd.ts')
  const env = operatorEnvironment(io.env)
  let options = optionsFromFunctionConfig(config, optionsFromEnvironment(env, ARGOCD_DEFAULTS))
  options = optionsFromStrings(args, { author: 'input', name: 'plugin arguments (argsOneLiner)' }, options)
  options = optionsFromParameters(readParameters(io.env), options)
  // The outer run's deadline, when it is sooner than this run's own (it started before the build).
  const own = Date.now() + options.deadlineSeconds * 1000
  const outer = Number(io.env[INNER_DEADLINE_AT])
  const deadlineAt = Number.isSafeInteger(outer) && outer > 0 ? Math.min(own, outer) : own
  return renderStream([{ path: 'stdin', text: await io.stdin() }], options, { ...io, env }, false, deadlineAt)
}

/** `eso-render render [PATH...|-] [flags]` */
export async function runRender(io: FaceInput): Promise<FaceOutput> {
  // Directory entries left out (a FIFO named x.yaml...), said first, whatever the outcome.
  const skipped: Skipped[] = []
  const said = () => noticeLines(skippedNotices(skipped))
  try {
    const flags = parseFlags(io.args)
    // A function config is the input's even when the operator names its file; the environment and
    // the flags are the operator's, and win.
    let options = optionsFromEnvironment(io.env, DEFAULT_OPTIONS)
    if (flags.config) options = optionsFromFunctionConfig(await configFile(flags.config, io), options)
    options = optionsFromFlags(flags.options, options)
    const sources = await readSources(flags.positional, io, skipped)
    const out = await renderStream(sources, options, io, true)
    if (!out.stdout.trim()) {
      // An empty stream is read as "delete everything" by hosts that prune.
      throw new RenderError('INPUT_INVALID', 'the input holds no resources; refusing to print an empty output')
    }
    return { ...out, stderr: said() + out.stderr }
  } catch (err) {
    const out = failed(err)
    return { ...out, stderr: said() + out.stderr }
  }
}
