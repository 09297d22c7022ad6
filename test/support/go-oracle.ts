// The Go template oracle (test/support/go-oracle/: main.go, built by build.sh from Debian's Go 1.19
// and Sprig 3.2.3): renders many template cases in one process, so tests can compare the TypeScript
// engine with real Go. $ESO_RENDER_GO_ORACLE names a prebuilt binary; otherwise it is built on
// demand into .tmp/go-template-oracle-<hash of main.go and build.sh> (so an edit rebuilds it), and
// build.sh installs Debian's golang-go and Sprig packages when they are missing and it runs as root.

import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './fixtures.ts'
import { renderTemplateBytes, type TemplateOptions } from '../../src/template/index.ts'
import { decodeUtf8Go } from '../../src/go/json.ts'

export const ORACLE_SOURCE = join(ROOT, 'test', 'support', 'go-oracle')

export function oracle(): string {
  const fromEnv = process.env.ESO_RENDER_GO_ORACLE
  if (fromEnv) return fromEnv
  const hash = createHash('sha256')
  for (const f of ['main.go', 'build.sh']) hash.update(readFileSync(join(ORACLE_SOURCE, f)))
  const path = join(ROOT, '.tmp', `go-template-oracle-${hash.digest('hex').slice(0, 12)}`)
  if (!existsSync(path)) {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true })
    try {
      execFileSync('bash', [join(ORACLE_SOURCE, 'build.sh'), path], { stdio: 'pipe', timeout: 600_000 })
    } catch (e) {
      throw new Error(`cannot build the Go template oracle (needs Debian's golang-go and golang-github-masterminds-sprig-dev): ${(e as { stderr?: Buffer }).stderr?.toString().slice(-500) ?? e}`)
    }
  }
  return path
}

export interface OracleCase {
  template: string
  data?: unknown
  funcs: 'builtin' | 'sprig'
  missingkey?: 'default' | 'zero' | 'error'
}

export interface OracleResult {
  out?: string
  err?: string
}

/** Go's output (or error) for each case, in order; `env` reaches the Go process (TZ, say). */
export function runGo(cases: OracleCase[], env: NodeJS.ProcessEnv = {}): OracleResult[] {
  const input = cases.map((c, i) => JSON.stringify({ id: String(i), template: c.template, data: c.data ?? null, funcs: c.funcs, missingkey: c.missingkey ?? 'default' })).join('\n') + '\n'
  const res = spawnSync(oracle(), [], { input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } })
  if (res.status !== 0) throw new Error(`the Go oracle failed: ${res.stderr?.toString()}`)
  const results: OracleResult[] = new Array(cases.length)
  for (const line of res.stdout.toString().trim().split('\n')) {
    const r = JSON.parse(line) as { id: string; out?: string; err?: string }
    results[Number(r.id)] = r.err ? { err: r.err } : { out: r.out ?? '' }
  }
  return results
}

/**
 * Renders every case with both engines and lists the disagreements (empty when they agree): the
 * same output, or both failing. Output is compared as Go's JSON shows bytes (invalid UTF-8 → U+FFFD).
 */
export function differencesFromGo(cases: OracleCase[], options: Omit<TemplateOptions, 'functions' | 'missingKey'> = {}, env: NodeJS.ProcessEnv = {}): string[] {
  const results = runGo(cases, env)
  const mismatches: string[] = []
  cases.forEach((c, i) => {
    const r = results[i]
    let out: string | undefined
    let err: unknown
    try {
      out = decodeUtf8Go(renderTemplateBytes(c.template, c.data ?? null, { ...options, functions: c.funcs, missingKey: c.missingkey ?? 'default' }))
    } catch (e) {
      err = e
    }
    const goFailed = r.err !== undefined
    if (goFailed !== (err !== undefined) || (!goFailed && out !== r.out)) {
      mismatches.push(
        `${JSON.stringify(c.template)} data=${JSON.stringify(c.data)} missingkey=${c.missingkey ?? 'default'}\n   go: ${goFailed ? `ERROR ${r.err}` : JSON.stringify(r.out)}\n   ts: ${err !== undefined ? `ERROR ${(err as Error).message}` : JSON.stringify(out)}`,
      )
    }
  })
  return mismatches
}
