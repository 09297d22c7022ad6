// `git clone … && npm ci && npm test` must pass with nothing beside the checkout: no test, script,
// benchmark or package.json entry may reach the team's shared folder or any other path outside the
// repository, and the data the tests read is vendored (test/conformance, see PROVENANCE.md there).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'
import { ROOT } from './support/fixtures.ts'

const SELF = fileURLToPath(import.meta.url)
const root = resolve(ROOT)

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p)
    return e.isFile() ? [p] : []
  })
}

const scanned = [...['test', 'scripts', 'bench'].flatMap((d) => files(join(root, d))), join(root, 'package.json')].filter((f) => f !== SELF && statSync(f).size < 4_000_000)
const outside = (p: string) => p !== root && !p.startsWith(root + sep)
const dots = '..'
const shared = 'shared'

/** Every way `text` (the content of `file`) reaches outside the checkout, as `file:line: why`. */
function escapesIn(text: string, file: string): string[] {
  if (text.includes('\u0000')) return []
  const rel = relative(root, file)
  const found: string[] = []
  text.split('\n').forEach((line, i) => {
    const at = `${rel}:${i + 1}`
    if (line.includes(`${dots}/${shared}`) || line.includes(`'${dots}', '${shared}'`)) found.push(`${at}: refers to ${dots}/${shared}`)
    if (/\/work\/[A-Za-z]/.test(line)) found.push(`${at}: an absolute path of the workplace (/work/…)`)
    // join(ROOT, '..', …) / resolve(ROOT, '..') climb out of the repository root.
    if (/(join|resolve)\(\s*ROOT\s*,\s*'\.\.'/.test(line)) found.push(`${at}: a path above ROOT`)
    // new URL('../…', import.meta.url) resolved from this file.
    for (const m of line.matchAll(/new URL\(\s*['"`]([^'"`$]+)['"`]\s*,\s*import\.meta\.url\s*\)/g)) {
      if (outside(resolve(dirname(file), m[1]))) found.push(`${at}: new URL('${m[1]}') resolves outside the repository`)
    }
    // Shell: "$here/../…" or "$(dirname "$0")/../…", with $here the script's directory.
    for (const m of line.matchAll(/(?:\$here|\$\{here\}|\$\(dirname "\$0"\))((?:\/[^\s"'`)]*)+)/g)) {
      if (outside(resolve(dirname(file), `.${m[1]}`))) found.push(`${at}: ${m[0]} resolves outside the repository`)
    }
  })
  return found
}

const escapes = (file: string) => escapesIn(readFileSync(file, 'utf8'), file)

test('fresh clone: nothing under test/, scripts/, bench/ or in package.json reaches outside the repository', () => {
  assert.ok(scanned.length > 50, `only ${scanned.length} files scanned`)
  assert.deepEqual(scanned.flatMap(escapes), [])
})

test('fresh clone: the guard itself catches each kind of escape', () => {
  const probe = (line: string, file = join(root, 'test', 'x', 'probe.ts')) => escapesIn(line, file).length > 0
  const rows: [string, boolean][] = [
    [`join(ROOT, '${dots}', '${shared}', 'tools')`, true],
    [`readFileSync('${dots}/${shared}/x')`, true],
    ['cat /work/main/README.md', true],
    ["new URL('../../../x.yaml', import.meta.url)", true],
    ["new URL('../conformance/x.yaml', import.meta.url)", false],
    [`oracle="$here/${dots}/${dots}/${dots}/${dots}/x"`, true],
    [`oracle="$here/${dots}/${dots}/test/support/go-oracle"`, false],
    ["rmSync(join(pkg, '..'))", false],
  ]
  for (const [line, want] of rows) assert.equal(probe(line, line.includes('$here') ? join(root, 'bench', 'go-engine', 'build.sh') : undefined), want, line)
})

// The vendored conformance data: present, unchanged since it was copied (PROVENANCE.md's sha256), parseable.
const provenance = readFileSync(join(root, 'test', 'conformance', 'PROVENANCE.md'), 'utf8')
const vendored: [string, number][] = [
  ['gotemplate/cases.jsonl', 540],
  ['gotemplate/eso_cases.jsonl', 51],
  ['eso/cases.yaml', 32],
]
for (const [file, count] of vendored) {
  test(`fresh clone: test/conformance/${file} is vendored as PROVENANCE.md records it and parses (${count} cases)`, () => {
    const path = join(root, 'test', 'conformance', file)
    assert.ok(existsSync(path), `${path} is missing`)
    const bytes = readFileSync(path)
    const row = provenance.split('\n').find((l) => l.startsWith(`| \`${file}\``))
    assert.ok(row, `PROVENANCE.md has no row for ${file}`)
    assert.ok(row.includes(createHash('sha256').update(bytes).digest('hex')), `${file} differs from the copy PROVENANCE.md records: update its sha256 there if the change is intended`)
    type Case = { id?: string; template?: unknown; input?: unknown }
    const cases: Case[] = file.endsWith('.jsonl')
      ? bytes
          .toString('utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Case)
      : parseAllDocuments(bytes.toString('utf8')).map((d) => {
          assert.deepEqual(d.errors, [])
          return d.toJS() as Case
        })
    assert.equal(cases.length, count)
    assert.equal(new Set(cases.map((c) => c.id)).size, count, 'ids are unique')
    for (const c of cases) assert.ok(typeof c.id === 'string' && (file.endsWith('.jsonl') ? typeof c.template === 'string' : Array.isArray(c.input)), JSON.stringify(c).slice(0, 100))
  })
}

test("fresh clone: the project's own test tools are in the repository (Go oracle, Argo CD CMP harness)", () => {
  for (const f of ['test/support/go-oracle/main.go', 'test/support/go-oracle/build.sh', 'test/support/argocd-cmp.ts']) assert.ok(existsSync(join(root, f)), f)
})
