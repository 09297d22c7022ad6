// src/hosts/sources.ts: what the CLI subcommands and the Argo CD directory source read. Only regular
// files (and symlinks to them) are read; a FIFO, socket or device named x.yaml, a symlink to one, a
// symlink to nothing and a symlink loop are skipped with a warning (issue 14: a FIFO named x.yaml hung
// `render DIR`). Every FIFO here has a writer that opens it after a few seconds, so a read that
// wrongly waits on it ends (and fails) instead of hanging the suite.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configFile, readSources, skippedNotices, yamlFilesUnder, type Skipped } from '../../src/hosts/sources.ts'
import type { FaceInput } from '../../src/hosts/io.ts'
import { RenderError } from '../../src/errors.ts'

const work = mkdtempSync(join(tmpdir(), 'eso-render-sources-'))
const writers: ChildProcess[] = []
const servers: Server[] = []
after(() => {
  for (const w of writers) w.kill()
  for (const s of servers) s.close()
  rmSync(work, { recursive: true, force: true })
})

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'
/** A FIFO, with a writer that unblocks a wrong read after 3 s (killed when the tests end). */
function fifo(path: string): void {
  execFileSync('mkfifo', [path])
  const w = spawn('sh', ['-c', 'sleep 3; echo "kind: Unblocked" > "$0"', path], { stdio: 'ignore' })
  w.unref()
  writers.push(w)
}
async function socket(path: string): Promise<void> {
  const server = createServer()
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(path, resolve))
}
const io = (): FaceInput => ({ args: [], stdin: async () => '', env: {}, readFile: (p) => readFileSync(p, 'utf8') })

let dirs = 0
async function tree(entries: Record<string, string | { fifo: true } | { socket: true } | { link: string } | { dir: true }>): Promise<string> {
  const dir = join(work, String(dirs++))
  mkdirSync(dir, { recursive: true })
  for (const [name, what] of Object.entries(entries)) {
    const path = join(dir, name)
    mkdirSync(join(path, '..'), { recursive: true })
    if (typeof what === 'string') writeFileSync(path, what)
    else if ('fifo' in what) fifo(path)
    else if ('socket' in what) await socket(path)
    else if ('link' in what) symlinkSync(what.link, path)
    else mkdirSync(path, { recursive: true })
  }
  return dir
}

const walks: { name: string; entries: Parameters<typeof tree>[0]; recurse?: boolean; files: string[]; skipped: [string, RegExp][] }[] = [
  { name: 'regular YAML files, in name order', entries: { 'b.yaml': CM, 'a.yml': CM, 'c.json': '{}', 'd.txt': 'x' }, files: ['a.yml', 'b.yaml', 'c.json'], skipped: [] },
  { name: 'a FIFO named x.yaml', entries: { 'a.yaml': CM, 'x.yaml': { fifo: true } }, files: ['a.yaml'], skipped: [['x.yaml', /^a FIFO \(named pipe\), not a regular file$/]] },
  { name: 'a FIFO deeper down', entries: { 'a.yaml': CM, 'sub/x.yaml': { fifo: true } }, files: ['a.yaml'], skipped: [['sub/x.yaml', /^a FIFO/]] },
  { name: 'a socket named s.yaml', entries: { 'a.yaml': CM, 's.yaml': { socket: true } }, files: ['a.yaml'], skipped: [['s.yaml', /^a socket, not a regular file$/]] },
  { name: 'a FIFO with another name is not a YAML file: nothing to say', entries: { 'a.yaml': CM, pipe: { fifo: true } }, files: ['a.yaml'], skipped: [] },
  { name: 'a symlink to a regular file is read, as before', entries: { 'a.yaml': CM, 'b.yaml': { link: 'a.yaml' } }, files: ['a.yaml', 'b.yaml'], skipped: [] },
  { name: 'a symlink to a FIFO is never followed to it', entries: { 'a.yaml': CM, p: { fifo: true }, 'l.yaml': { link: 'p' } }, files: ['a.yaml'], skipped: [['l.yaml', /^a FIFO/]] },
  {
    name: 'a symlink to /dev/null (a character device)',
    entries: { 'a.yaml': CM, 'null.yaml': { link: '/dev/null' } },
    files: ['a.yaml'],
    skipped: [['null.yaml', /^a character device, not a regular file$/]],
  },
  { name: 'a symlink to nothing', entries: { 'a.yaml': CM, 'gone.yaml': { link: 'nowhere.yaml' } }, files: ['a.yaml'], skipped: [['gone.yaml', /^a symlink to nothing$/]] },
  {
    name: 'a symlink loop is walked once',
    entries: { 'a.yaml': CM, 'sub/b.yaml': CM, 'sub/up': { link: '..' } },
    files: ['a.yaml', 'sub/b.yaml'],
    skipped: [['sub/up', /^a directory already read \(a symlink loop\)$/]],
  },
  { name: 'without recurse, subdirectories are not read', entries: { 'a.yaml': CM, 'sub/x.yaml': { fifo: true } }, recurse: false, files: ['a.yaml'], skipped: [] },
  { name: 'hidden entries are left out', entries: { 'a.yaml': CM, '.x.yaml': { fifo: true } }, files: ['a.yaml'], skipped: [] },
]
for (const c of walks) {
  test(`walk: ${c.name} (issue 14)`, { timeout: 20_000 }, async () => {
    const dir = await tree(c.entries)
    const skipped: Skipped[] = []
    const files = yamlFilesUnder(dir, { recurse: c.recurse ?? true }, skipped)
    assert.deepEqual(
      files.map((f) => f.slice(dir.length + 1)),
      c.files,
    )
    assert.deepEqual(
      skipped.map((s) => s.path.slice(dir.length + 1)),
      c.skipped.map(([p]) => p),
    )
    skipped.forEach((s, i) => assert.match(s.why, c.skipped[i][1]))
    // Said as warnings, the path relative to the base.
    const notices = skippedNotices(skipped, dir)
    notices.forEach((n, i) => {
      assert.equal(n.severity, 'warning')
      assert.ok(n.message.startsWith(`skipped ${c.skipped[i][0]}: `), n.message)
    })
  })
}

test('readSources: a directory with a FIFO reads the regular files and says what it skipped (issue 14)', { timeout: 20_000 }, async () => {
  const dir = await tree({ 'a.yaml': CM, 'x.yaml': { fifo: true }, 'kustomization.yaml': 'resources: []\n' })
  const skipped: Skipped[] = []
  const sources = await readSources([dir], io(), skipped)
  assert.deepEqual(
    sources.map((s) => s.text),
    [CM],
  )
  assert.deepEqual(
    skipped.map((s) => s.path),
    [join(dir, 'x.yaml')],
  )
})

const refused: { name: string; path: (dir: string) => string; code: string; message: RegExp }[] = [
  { name: 'a FIFO named on the command line', path: (d) => join(d, 'x.yaml'), code: 'INPUT_INVALID', message: /^cannot read .*x\.yaml: a FIFO \(named pipe\), not a regular file$/ },
  { name: 'a symlink to a FIFO named on the command line', path: (d) => join(d, 'l.yaml'), code: 'INPUT_INVALID', message: /^cannot read .*l\.yaml: a FIFO/ },
  { name: 'a path that does not exist', path: (d) => join(d, 'nope.yaml'), code: 'INPUT_INVALID', message: /^cannot read .*nope\.yaml: no such file or directory$/ },
]
for (const c of refused) {
  test(`readSources: ${c.name} is ${c.code} (issue 14)`, { timeout: 20_000 }, async () => {
    const dir = await tree({ 'x.yaml': { fifo: true }, 'l.yaml': { link: 'x.yaml' } })
    await assert.rejects(
      () => readSources([c.path(dir)], io()),
      (e: unknown) => e instanceof RenderError && e.code === c.code && c.message.test(e.message),
    )
  })
}

test('configFile: a FIFO as the config file is CONFIG_INVALID, never read (issue 14)', { timeout: 20_000 }, async () => {
  const dir = await tree({ 'cfg.yaml': { fifo: true } })
  await assert.rejects(
    () => configFile(join(dir, 'cfg.yaml'), io()),
    (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && /^cannot read the config file .*cfg\.yaml: a FIFO \(named pipe\), not a regular file$/.test(e.message),
  )
})

test('configFile: an alias bomb is CONFIG_INVALID naming the file (issue 14)', async () => {
  const laughs = `l0: &l0 lol\n${Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('')}`
  const dir = await tree({ 'cfg.yaml': `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nspec: {}\nx:\n${laughs.replace(/^/gm, '  ')}` })
  await assert.rejects(
    () => configFile(join(dir, 'cfg.yaml'), io()),
    (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && e.file?.path === join(dir, 'cfg.yaml') && /^the config file: too many YAML aliases/.test(e.message),
  )
})
