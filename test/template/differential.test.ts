// Differential test against real Go: fast-check generates templates (actions, pipelines, control
// flow, printf verbs, comparisons, literals, variables) and data; the Go oracle
// (shared/tools/go-template-oracle, built from Debian's Go) renders them all in one process; the
// TypeScript engine must give the same output, or fail where Go fails.
//
// Oracle: $ESO_RENDER_GO_ORACLE, else .tmp/go-template-oracle, built on demand with build.sh (which
// installs Debian's golang and Sprig packages when missing). Version notes: Debian's Go is 1.19 and
// predates range over integers (1.22) and `else with` (1.23), so the generator produces neither.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { ROOT } from '../support/fixtures.ts'
import { renderTemplate } from '../../src/template/index.ts'

const RUNS = Number(process.env.ESO_RENDER_DIFF_RUNS ?? 3000)

function oracle(): string {
  const fromEnv = process.env.ESO_RENDER_GO_ORACLE
  if (fromEnv) return fromEnv
  const path = join(ROOT, '.tmp', 'go-template-oracle')
  if (!existsSync(path)) {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true })
    try {
      execFileSync('bash', [join(ROOT, '..', 'shared', 'tools', 'go-template-oracle', 'build.sh'), path], { stdio: 'pipe', timeout: 600_000 })
    } catch (e) {
      throw new Error(`cannot build the Go template oracle (needs Debian's golang-go and golang-github-masterminds-sprig-dev): ${(e as { stderr?: Buffer }).stderr?.toString().slice(-500) ?? e}`)
    }
  }
  return path
}

// --- generators ---

const key = fc.constantFrom('a', 'b', 'n', 'f', 's', 'l', 'm', 'z', 't', 'e')
const data = fc.record({
  a: fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 5 })),
  b: fc.boolean(),
  n: fc.integer({ min: -1000, max: 1000 }),
  f: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.constantFrom(0.1, 1e6, 1e21, 2.5e-8, 123456789, -0.5, 100000)),
  s: fc.constantFrom('', 'x', 'héllo', 'a<b>&"c\'', 'tab\there', 'line\nbreak', '😀'),
  l: fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('p', 'q')), { maxLength: 4 }),
  m: fc.dictionary(fc.constantFrom('k1', 'k2', 'B', 'a'), fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 })), { maxKeys: 3 }),
  z: fc.constant(null),
  t: fc.constant(true),
  e: fc.constant([]),
})

const literal = fc.oneof(
  fc.integer({ min: -20, max: 300 }).map(String),
  fc.constantFrom('1.5', '-2.25', '1e3', '0x1F', '0o17', '0b101', '1_000', "'a'", '"str"', '`raw`', 'true', 'false', 'nil', '3.0', '.5'),
)
const field = fc.oneof(key.map((k) => `.${k}`), fc.constantFrom('.', '$', '$.n', '.m.k1', '.missing', '.a.b'))
const arg = fc.oneof(literal, field)
const verb = fc.constantFrom('%v', '%d', '%s', '%q', '%x', '%X', '%o', '%b', '%e', '%f', '%g', '%t', '%c', '%U', '%T', '%5d', '%-4s|', '%05.1f', '%+d', '%.2s', '%#v', '%8.3e', '%%', '%3c', '% x')
const call = fc.oneof(
  arg,
  fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), arg, arg).map(([f, x, y]) => `${f} ${x} ${y}`),
  fc.tuple(fc.constantFrom('and', 'or'), arg, arg).map(([f, x, y]) => `${f} ${x} ${y}`),
  arg.map((x) => `not ${x}`),
  arg.map((x) => `len ${x}`),
  fc.tuple(field, fc.constantFrom('0', '1', '"k1"', '"B"', '-1', '5')).map(([x, i]) => `index ${x} ${i}`),
  fc.tuple(field, fc.constantFrom('0', '1', '2')).map(([x, i]) => `slice ${x} ${i}`),
  fc.tuple(verb, arg).map(([v, x]) => `printf "${v}" ${x}`),
  fc.tuple(verb, arg, arg).map(([v, x, y]) => `printf "${v} ${v}" ${x} ${y}`),
  fc.array(arg, { minLength: 1, maxLength: 3 }).map((xs) => `print ${xs.join(' ')}`),
  fc.array(arg, { minLength: 1, maxLength: 2 }).map((xs) => `println ${xs.join(' ')}`),
  arg.map((x) => `html ${x}`),
  arg.map((x) => `js ${x}`),
  arg.map((x) => `urlquery ${x}`),
)
const pipeline = fc.oneof(
  call,
  fc.tuple(call, fc.constantFrom('printf "%v"', 'print', 'html', 'len', 'urlquery', 'printf "%q"')).map(([c, f]) => `${c} | ${f}`),
  call.map((c) => `(${c})`),
)
const action = fc.oneof(
  pipeline.map((p) => `{{${p}}}`),
  pipeline.map((p) => `{{- ${p} -}}`),
  fc.tuple(pipeline, pipeline).map(([p, q]) => `{{if ${p}}}T{{${q}}}{{else}}F{{end}}`),
  fc.tuple(pipeline, pipeline).map(([p, q]) => `{{if ${p}}}A{{else if ${q}}}B{{else}}C{{end}}`),
  fc.tuple(pipeline, pipeline).map(([p, q]) => `{{with ${p}}}<{{.}}>{{else}}{{${q}}}{{end}}`),
  fc.constantFrom('.l', '.m', '.e', '.s', '.z', '.n').map((r) => `{{range $i, $v := ${r}}}[{{$i}}={{$v}}]{{else}}none{{end}}`),
  fc.constantFrom('.l', '.m').map((r) => `{{range ${r}}}{{if eq (printf "%v" .) "1"}}{{break}}{{end}}({{.}}){{end}}`),
  pipeline.map((p) => `{{$x := ${p}}}{{$x}}{{$x = 1}}{{$x}}`),
  fc.constant('{{/* comment */}}c'),
  fc.constant('{{define "d"}}D{{.}}{{end}}{{template "d" .n}}'),
  fc.constantFrom('text', ' ', '\n'),
)
const template = fc.array(action, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''))
const missingKey = fc.constantFrom('default', 'zero', 'error' as const)

test(`the TypeScript engine agrees with Go on ${RUNS} generated templates (fixed seed)`, { timeout: 240_000 }, () => {
  // Data goes through JSON for both sides (Go decodes JSON; -0 becomes 0 there).
  const cases = fc.sample(fc.tuple(template, data, missingKey), { seed: 20261123, numRuns: RUNS }).map(([t, d, mk]) => [t, JSON.parse(JSON.stringify(d)) as unknown, mk] as const)
  const input = cases.map(([t, d, mk], i) => JSON.stringify({ id: String(i), template: t, data: d, funcs: 'builtin', missingkey: mk })).join('\n') + '\n'
  const res = spawnSync(oracle(), [], { input, maxBuffer: 256 * 1024 * 1024 })
  assert.equal(res.status, 0, res.stderr?.toString())
  const results = res.stdout
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; out?: string; err?: string })
  const mismatches: string[] = []
  for (const r of results) {
    const [t, d, mk] = cases[Number(r.id)]
    let out: string | undefined
    let err: unknown
    try {
      out = renderTemplate(t, d, { functions: 'builtin', missingKey: mk })
    } catch (e) {
      err = e
    }
    const goFailed = r.err !== undefined && r.err !== ''
    if (goFailed !== (err !== undefined) || (!goFailed && out !== r.out)) {
      mismatches.push(`${JSON.stringify(t)} data=${JSON.stringify(d)} missingkey=${mk}\n   go: ${goFailed ? `ERROR ${r.err}` : JSON.stringify(r.out)}\n   ts: ${err !== undefined ? `ERROR ${(err as Error).message}` : JSON.stringify(out)}`)
    }
  }
  assert.equal(results.length, cases.length)
  assert.deepEqual(mismatches.slice(0, 15), [], `${mismatches.length} of ${cases.length} differ`)
})
