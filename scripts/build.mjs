// Bundles the CLI (dist/eso-render.mjs) and the public template API (dist/template.mjs) with
// esbuild. Code split so that the YAML library, ajv and the template engine load only when a run
// needs them: a pass-through render should cost little more than starting Node.
import { build } from 'esbuild'
import { existsSync, readFileSync, rmSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
const entryPoints = { 'eso-render': 'src/bin.ts' }
if (existsSync('src/template/index.ts')) entryPoints.template = 'src/template/index.ts'
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  legalComments: 'linked',
  sourcemap: false,
  define: { ESO_RENDER_VERSION: JSON.stringify(pkg.version) },
  // yaml and ajv are CommonJS and require() Node builtins; an ES module bundle needs a require.
  banner: { js: "import { createRequire as __esoCreateRequire } from 'node:module'; const require = __esoCreateRequire(import.meta.url);" },
  logLevel: 'warning',
})
