// The YAML-stream faces: the kustomize legacy exec plugin (config file in argv[1], stream on stdin,
// stream on stdout) and `eso-render render` (files, directories or stdin). On failure nothing at
// all goes to stdout: a partial stream would be read as deletions.

import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { asRenderErrors, RenderError, RenderErrors } from '../errors.ts'
import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags, optionsFromFunctionConfig, optionsFromStrings, type RenderOptions } from '../config.ts'
import { readStreams, type Source } from '../manifests/read.ts'
import { loadYaml, PARSE_OPTIONS, plain, yamlError } from '../manifests/yaml.ts'
import { render } from '../pipeline/render.ts'
import { isInteresting } from '../pipeline/index.ts'
import { errorLines, noticeLines, summaryLine } from './report.ts'
import { parseFlags } from './flags.ts'
import { INNER_RUN_MARKER } from './argocd-marker.ts'
import type { FaceInput, FaceOutput } from './io.ts'

async function renderStream(sources: Source[], options: RenderOptions, io: FaceInput, checkEveryItem = false): Promise<FaceOutput> {
  const manifests = await readStreams(sources, checkEveryItem ? () => true : isInteresting)
  if (checkEveryItem) {
    // Files from people get every document parsed: a broken one is an error here, not at apply time.
    const errors: RenderError[] = []
    for (const item of manifests.items) {
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
  const result = await render(manifests, { options, env: io.env, readFile: io.readFile })
  const summary = result.stats.externalSecrets ? summaryLine(result.stats) : ''
  return { stdout: manifests.write(result.actions), stderr: noticeLines(result.notices) + summary, exitCode: 0 }
}

function failed(err: unknown): FaceOutput {
  return { stdout: '', stderr: errorLines(new RenderErrors(asRenderErrors(err))), exitCode: 1 }
}

async function configFile(path: string, io: FaceInput): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = io.readFile(path)
  } catch {
    throw new RenderError('CONFIG_INVALID', `cannot read the config file ${path}`, { file: { path } })
  }
  const yaml = await loadYaml()
  const doc = yaml.parseDocument(text, PARSE_OPTIONS)
  if (doc.errors.length) throw yamlError(doc.errors[0], { path }, text, 'file')
  const value = plain(doc.toJS())
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RenderError('CONFIG_INVALID', 'the config file is not a mapping', { file: { path } })
  return value as Record<string, unknown>
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
    let options = optionsFromFunctionConfig(await configFile(config, io))
    options = optionsFromStrings(flags.options, { author: 'input', name: 'plugin arguments (argsOneLiner)' }, options)
    options = optionsFromEnvironment(io.env, options)
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
  let options = optionsFromFunctionConfig(config, ARGOCD_DEFAULTS)
  options = optionsFromStrings(args, { author: 'input', name: 'plugin arguments (argsOneLiner)' }, options)
  options = optionsFromParameters(readParameters(io.env), options)
  options = optionsFromEnvironment(env, options)
  return renderStream([{ path: 'stdin', text: await io.stdin() }], options, { ...io, env })
}

const YAML_FILE = /\.(ya?ml|json)$/i
const NOT_RESOURCES = /^(kustomization\.ya?ml|Kustomization|Kptfile|Chart\.yaml|values.*\.ya?ml)$/

function collectFiles(path: string, out: string[]): void {
  const st = statSync(path)
  if (st.isFile()) {
    out.push(path)
    return
  }
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue
    const full = join(path, name)
    const s = statSync(full)
    if (s.isDirectory()) collectFiles(full, out)
    else if (YAML_FILE.test(name) && !NOT_RESOURCES.test(name)) out.push(full)
  }
}

/** `eso-render render [PATH...|-] [flags]` */
export async function runRender(io: FaceInput): Promise<FaceOutput> {
  try {
    const flags = parseFlags(io.args)
    // A function config is the input's even when the operator names its file; the environment and
    // the flags are the operator's, and win.
    let options = DEFAULT_OPTIONS
    if (flags.config) options = optionsFromFunctionConfig(await configFile(flags.config, io))
    options = optionsFromEnvironment(io.env, options)
    options = optionsFromFlags(flags.options, options)
    const paths = flags.positional.length ? flags.positional : ['-']
    const sources: Source[] = []
    for (const p of paths) {
      if (p === '-') {
        sources.push({ path: 'stdin', text: await io.stdin() })
        continue
      }
      const files: string[] = []
      try {
        collectFiles(p, files)
      } catch {
        throw new RenderError('INPUT_INVALID', `cannot read ${p}: no such file or directory`, { file: { path: p } })
      }
      for (const f of files) sources.push({ path: relative(process.cwd(), f) || f, text: io.readFile(f) })
    }
    const out = await renderStream(sources, options, io, true)
    if (!out.stdout.trim()) {
      // An empty stream is read as "delete everything" by hosts that prune.
      throw new RenderError('INPUT_INVALID', 'the input holds no resources; refusing to print an empty output')
    }
    return out
  } catch (err) {
    return failed(err)
  }
}
