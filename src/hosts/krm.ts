// KRM function face (kpt fn eval --exec, kpt fn render --allow-exec, kustomize exec functions):
// ResourceList in, ResourceList out. Options come from functionConfig. On failure: a ResourceList
// with no items, error results and a non-zero exit, which every host treats as failure and applies
// nothing of (krm-contract.md §1.2); no input item is echoed, so no input Secret is either.

import { asRenderErrors, RenderError, RenderErrors } from '../errors.ts'
import { readResourceList, type Manifests } from '../manifests/read.ts'
import { loadYaml, STRINGIFY_OPTIONS } from '../manifests/yaml.ts'
import { isInteresting } from '../pipeline/index.ts'
import { debugResults, errorLines, errorResults, noticeLines, noticeResults, summaryLine, traceOf, type KrmResult } from './report.ts'
import type { FaceInput, FaceOutput } from './io.ts'

async function withResults(text: string, results: KrmResult[]): Promise<string> {
  if (!results.length) return text
  const yaml = await loadYaml()
  return text + yaml.stringify({ results }, STRINGIFY_OPTIONS)
}

export async function runKrm(io: FaceInput): Promise<FaceOutput> {
  const input = await io.stdin()
  if (!input.trim()) {
    const err = new RenderError('INPUT_INVALID', 'no input: expected a ResourceList on stdin (eso-render runs as a KRM function when started without a command)', { file: { path: 'stdin' } })
    return { stdout: '', stderr: errorLines(err), exitCode: 1 }
  }
  try {
    const manifests: Manifests = await readResourceList(input, isInteresting)
    if (!manifests.functionConfig && !io.args.length && !manifests.items.some((i) => isInteresting(i.kind, i.apiVersion))) {
      // Nothing to resolve and no options to check: the items go back as they came.
      return { stdout: manifests.write(new Map()), stderr: '', exitCode: 0 }
    }
    const { optionsFromEnvironment, optionsFromFunctionConfig, optionsFromStrings } = await import('../config.ts')
    const { parseFlags } = await import('./flags.ts')
    const { render } = await import('../pipeline/render.ts')
    // The function config and the exec arguments (Kptfile `exec`, kustomize `exec.args`) come from the
    // package: the input. The environment is the operator's.
    const flags = parseFlags(io.args)
    if (flags.config !== undefined || flags.positional.length) throw new RenderError('CONFIG_INVALID', 'function arguments: only option flags are accepted (the function config comes from the host)')
    // The operator's environment first: the input may lower its limits, never raise them.
    let options = optionsFromFunctionConfig(manifests.functionConfig, optionsFromEnvironment(io.env))
    options = optionsFromStrings(flags.options, { author: 'input', name: 'function arguments' }, options)
    const result = await render(manifests, { options, env: io.env, readFile: io.readFile, inClusterRoot: io.inClusterRoot, cleanups: io.cleanups })
    const stdout = await withResults(manifests.write(result.actions), [...debugResults(result.trace), ...noticeResults(result.notices)])
    const summary = result.stats.externalSecrets ? summaryLine(result.stats) : ''
    return { stdout, stderr: noticeLines(result.notices) + summary, exitCode: 0 }
  } catch (err) {
    const errors = asRenderErrors(err)
    const stdout = await withResults('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n', [...debugResults(traceOf(err)), ...errorResults(errors)])
    return { stdout, stderr: errorLines(new RenderErrors(errors)), exitCode: 1 }
  }
}
