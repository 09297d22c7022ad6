// `eso-render check [PATH...|-] [--output text|json]`: the offline plan of a render, for people and
// pre-merge CI. It reads what `render` reads and takes the same options, sends nothing to Vault,
// and exits 1 when it finds problems (0 otherwise, 2 on usage errors).

import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags, optionsFromFunctionConfig } from '../config.ts'
import { asRenderErrors, formatError, RenderError } from '../errors.ts'
import { readStreams } from '../manifests/read.ts'
import type { CheckReport } from '../pipeline/check.ts'
import { parseFlags } from './flags.ts'
import type { FaceInput, FaceOutput } from './io.ts'
import { errorLines, noticeLines } from './report.ts'
import { configFile, readSources, skippedNotices, type Skipped } from './sources.ts'

export async function runCheck(io: FaceInput): Promise<FaceOutput> {
  let output: string
  let flags: ReturnType<typeof parseFlags>
  try {
    flags = parseFlags(io.args, ['--output'])
    output = flags.own['--output'] ?? 'text'
    if (output !== 'text' && output !== 'json') throw new RenderError('CONFIG_INVALID', `--output ${JSON.stringify(output)}: expected text or json`)
  } catch (err) {
    return { stdout: '', stderr: errorLines(err), exitCode: 2 }
  }
  const skipped: Skipped[] = []
  try {
    let options = optionsFromEnvironment(io.env, DEFAULT_OPTIONS)
    if (flags.config) options = optionsFromFunctionConfig(await configFile(flags.config, io), options)
    options = optionsFromFlags(flags.options, options)
    const manifests = await readStreams(await readSources(flags.positional, io, skipped), () => true)
    const { checkRender } = await import('../pipeline/check.ts')
    const report = await checkRender(manifests, { options, env: io.env, readFile: io.readFile, inClusterRoot: io.inClusterRoot })
    const stdout = output === 'json' ? `${JSON.stringify({ externalSecrets: report.externalSecrets, problems: report.problems }, null, 2)}\n` : textReport(report)
    return { stdout, stderr: noticeLines([...skippedNotices(skipped), ...report.notices]), exitCode: report.problems.length ? 1 : 0 }
  } catch (err) {
    // Input that cannot even be read is a problem of the check, reported like the others.
    const problems = asRenderErrors(err)
    if (output === 'json') {
      const json = { externalSecrets: [], problems: problems.map((e) => ({ code: e.code, ...(e.fieldPath ? { field: e.fieldPath } : {}), ...(e.file ? { file: e.file } : {}), message: e.message })) }
      return { stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: noticeLines(skippedNotices(skipped)), exitCode: problems.some((e) => e.code === 'INTERNAL') ? 70 : 1 }
    }
    return {
      stdout: problems.map((e) => `problem: ${e.code}: ${formatError(e)}\n`).join(''),
      stderr: noticeLines(skippedNotices(skipped)),
      exitCode: problems.some((e) => e.code === 'INTERNAL') ? 70 : 1,
    }
  }
}

function textReport(report: CheckReport): string {
  const lines: string[] = []
  for (const es of report.externalSecrets) {
    const file = es.file ? ` (${es.file.path}${es.file.index === undefined ? '' : `[${es.file.index}]`})` : ''
    lines.push(`${es.resource}${file}`)
    lines.push(`  store:  ${es.store}`)
    lines.push(`  server: ${es.server.url} (${es.server.source})`)
    const who = [es.auth.mount ? `auth/${es.auth.mount}` : '', es.auth.role ? `role ${es.auth.role}` : ''].filter(Boolean).join(', ')
    lines.push(`  auth:   ${es.auth.method}${who ? ` (${who})` : ''}: ${es.auth.identity} (${es.auth.source})`)
    for (const o of es.overrides) lines.push(`  override: ${o}`)
    for (const r of es.reads) lines.push(`  ${r.kind}: ${r.method} ${r.path}${r.version ? `?version=${r.version}` : ''}${r.store !== es.store ? ` (${r.store})` : ''}`)
    for (const g of es.generators ?? []) lines.push(`  generate: ${g.generator}${g.request ? `: ${g.request}` : ''} (${g.field}; new data on every render)`)
  }
  if (report.problems.length) {
    lines.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`)
    for (const p of report.problems)
      lines.push(`  ${p.code}: ${[p.file ? `${p.file.path}${p.file.index === undefined ? '' : `[${p.file.index}]`}` : '', p.resource ?? '', p.field ?? ''].filter(Boolean).join(' ')}: ${p.message}`)
  } else lines.push(`no problems: ${report.externalSecrets.length} ExternalSecret${report.externalSecrets.length === 1 ? '' : 's'} would render`)
  return `${lines.join('\n')}\n`
}
