// `eso-render diff BEFORE AFTER [--output text|json|markdown]`: what a change does to the Secrets
// eso-render makes, for review, without a value: BEFORE and AFTER are rendered outputs (files,
// directories or `-`). Exit 0 when nothing changed, 1 when something did, 2 on a usage or input
// error, 70 on a bug (as `diff` does).

import { asRenderErrors, escapeControls, RenderError } from '../errors.ts'
import { readStreams } from '../manifests/read.ts'
import type { SecretChange } from '../pipeline/diff.ts'
import { parseFlags } from './flags.ts'
import type { FaceInput, FaceOutput } from './io.ts'
import { errorLines, noticeLines } from './report.ts'
import { DEFAULT_OPTIONS, optionsFromEnvironment, optionsFromFlags } from '../config.ts'
import { readSources } from './sources.ts'

const OUTPUTS = ['text', 'json', 'markdown'] as const
const LIVE_OPTIONS = ['cluster', 'kubeContext', 'namespace']
type Output = (typeof OUTPUTS)[number]

export async function runDiff(io: FaceInput): Promise<FaceOutput> {
  try {
    const live = io.args.includes('--live')
    const flags = parseFlags(
      io.args.filter((a) => a !== '--live'),
      ['--output'],
    )
    const output = (flags.own['--output'] ?? 'text') as Output
    if (!OUTPUTS.includes(output)) throw new RenderError('CONFIG_INVALID', `--output ${JSON.stringify(output)}: expected text, json or markdown`)
    // Only --live reads anything beyond the two files: the cluster the operator names, and the namespace for namespace-less Secrets.
    const allowed = live ? LIVE_OPTIONS : []
    const extra = Object.keys(flags.options).filter((k) => !allowed.includes(k))
    if (extra.length || flags.config)
      throw new RenderError('CONFIG_INVALID', `diff compares rendered outputs: it takes no render options${live ? ' but --cluster, --kube-context and --namespace' : ''}`)
    const { diffSecrets, liveSecrets, managedSecrets } = await import('../pipeline/diff.ts')
    const read = async (path: string, side: string) => managedSecrets(await readStreams(await readSources([path], io), () => true), side)
    let before: Awaited<ReturnType<typeof read>>
    let after: Awaited<ReturnType<typeof read>>
    let stderr = ''
    if (live) {
      if (flags.positional.length !== 1) throw new RenderError('CONFIG_INVALID', 'usage: eso-render diff --live AFTER --cluster kubeconfig|in-cluster')
      const options = optionsFromFlags(flags.options, optionsFromEnvironment(io.env, DEFAULT_OPTIONS))
      if (options.cluster === 'off')
        throw new RenderError('CONFIG_INVALID', 'diff --live reads the live Secrets: give the cluster with --cluster kubeconfig|in-cluster (or ESO_RENDER_CLUSTER)', { fieldPath: 'cluster' })
      after = await read(flags.positional[0], 'AFTER')
      const current = await liveSecrets(after, { options, env: io.env, inClusterRoot: io.inClusterRoot })
      before = current.secrets
      stderr = noticeLines(current.notices)
    } else {
      if (flags.positional.length !== 2) throw new RenderError('CONFIG_INVALID', 'usage: eso-render diff BEFORE AFTER (files, directories or - for stdin), or diff --live AFTER')
      const [beforePath, afterPath] = flags.positional
      if (beforePath === '-' && afterPath === '-') throw new RenderError('CONFIG_INVALID', 'only one of BEFORE and AFTER can be stdin')
      before = await read(beforePath, 'BEFORE')
      after = await read(afterPath, 'AFTER')
    }
    const changes = diffSecrets(before, after)
    const stdout = output === 'json' ? `${JSON.stringify({ secrets: changes }, null, 2)}\n` : output === 'markdown' ? markdown(changes) : text(changes)
    return { stdout, stderr, exitCode: changes.length ? 1 : 0 }
  } catch (err) {
    const errors = asRenderErrors(err)
    return { stdout: '', stderr: errorLines(err), exitCode: errors.some((e) => e.code === 'INTERNAL') ? 70 : 2 }
  }
}

const MARK = { added: '+', removed: '-', changed: '~' } as const

/** What changed in one Secret, as `keys changed: a, b` lines (names only). */
function details(c: SecretChange): string[] {
  const lines: string[] = []
  const list = (xs: string[]) => xs.map(escapeControls).join(', ')
  if (c.keysAdded) lines.push(`keys added: ${list(c.keysAdded)}`)
  if (c.keysRemoved) lines.push(`keys removed: ${list(c.keysRemoved)}`)
  if (c.keysChanged) lines.push(`keys changed: ${list(c.keysChanged)}`)
  if (c.typeChanged) lines.push(`type: ${escapeControls(c.typeChanged.from)} → ${escapeControls(c.typeChanged.to)}`)
  if (c.labelsChanged) lines.push(`labels changed: ${list(c.labelsChanged)}`)
  if (c.annotationsChanged) lines.push(`annotations changed: ${list(c.annotationsChanged)}`)
  return lines
}

function summary(changes: SecretChange[]): string {
  const count = (kind: SecretChange['change']) => changes.filter((c) => c.change === kind).length
  return `${changes.length} Secret${changes.length === 1 ? '' : 's'} changed: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed (values are never shown)`
}

function text(changes: SecretChange[]): string {
  if (!changes.length) return 'no change to the Secrets eso-render makes\n'
  const lines: string[] = []
  for (const c of changes) {
    lines.push(`${MARK[c.change]} Secret ${escapeControls(c.secret)}${c.change === 'changed' ? '' : ` (${c.change})`}`)
    for (const d of details(c)) lines.push(`    ${d}`)
  }
  lines.push(summary(changes))
  return `${lines.join('\n')}\n`
}

/** A cell of a Markdown table: pipes, backticks and line breaks cannot break out of it. */
function cell(text: string): string {
  return escapeControls(text).replace(/[|`\\]/g, (c) => `\\${c}`)
}

function markdown(changes: SecretChange[]): string {
  if (!changes.length) return '**eso-render diff**: no change to the Secrets eso-render makes.\n'
  const names = (xs?: string[]) => (xs?.length ? xs.map((x) => `\`${cell(x)}\``).join(', ') : '')
  const rows = changes.map((c) => {
    const other = [
      c.typeChanged ? `type ${cell(c.typeChanged.from)} → ${cell(c.typeChanged.to)}` : '',
      c.labelsChanged ? `labels ${names(c.labelsChanged)}` : '',
      c.annotationsChanged ? `annotations ${names(c.annotationsChanged)}` : '',
    ]
      .filter(Boolean)
      .join('; ')
    return `| \`${cell(c.secret)}\` | ${c.change} | ${names(c.keysAdded)} | ${names(c.keysRemoved)} | ${names(c.keysChanged)} | ${other} |`
  })
  return [`**eso-render diff**: ${summary(changes)}`, '', '| Secret | change | keys added | keys removed | keys changed | type, labels, annotations |', '|---|---|---|---|---|---|', ...rows, ''].join(
    '\n',
  )
}
