// Bundles the CLI (dist/eso-render.mjs) and the public template API (dist/template.mjs) with
// esbuild. Code split so that the YAML library, ajv and the template engine load only when a run
// needs them: a pass-through render should cost little more than starting Node.
// Also writes dist/THIRD-PARTY-NOTICES.txt (the licences of the inlined npm packages) and, with
// --types (npm pack's prepack), dist/types/: the declarations of the template API. Then the
// template playground's page, dist/playground/ (scripts/build-playground.mjs).
import { build } from 'esbuild'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPlayground } from './build-playground.mjs'
import { builtinsViaRequire } from './builtins.mjs'
import { bundledPackages, writeNotices } from './notices.mjs'
import { writeValidators } from './validators.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
const entryPoints = { 'eso-render': 'src/bin.ts' }
if (existsSync('src/template/index.ts')) entryPoints.template = 'src/template/index.ts'
// The schemas' validators, compiled here: the bundle never compiles them (nor loads ajv) at run time.
const validators = await writeValidators(root)
const result = await build({
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
  define: { ESO_RENDER_VERSION: JSON.stringify(pkg.version), ESO_RENDER_PRECOMPILED: 'true' },
  plugins: [{ name: 'validators', setup: (b) => b.onResolve({ filter: /^eso-render:validators$/ }, () => ({ path: validators })) }, builtinsViaRequire()],
  // yaml and ajv are CommonJS and require() Node builtins, and so do the stand-ins of builtinsViaRequire:
  // an ES module bundle needs a require.
  banner: { js: "import { createRequire as __esoCreateRequire } from 'node:module'; const require = __esoCreateRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
})
writeNotices(join(root, 'dist', 'THIRD-PARTY-NOTICES.txt'), bundledPackages(root, result.metafile))
// The template playground's page (dist/playground/), which `eso-render playground` serves.
await buildPlayground()

if (process.argv.includes('--types') && entryPoints.template) await writeTemplateTypes()

/**
 * dist/types/template/index.d.ts and the declarations it imports (not the whole engine's), for
 * package.json's exports["./template"].types. TypeScript writes them; the sources import with .ts
 * extensions, which become .js as published declarations spell them.
 */
async function writeTemplateTypes() {
  const { default: ts } = await import('typescript')
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })
  const options = { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: join(root, '.tmp', 'types'), rootDir: join(root, 'src') }
  const program = ts.createProgram([join(root, 'src', 'template', 'index.ts')], options)
  const emitted = new Map()
  const emit = program.emit(undefined, (file, text) => emitted.set(resolve(file), text))
  const errors = ts
    .getPreEmitDiagnostics(program)
    .concat(emit.diagnostics)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
  if (errors.length) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }))
  const todo = [join(options.outDir, 'template', 'index.d.ts')]
  const done = new Set()
  while (todo.length) {
    const file = todo.pop()
    if (done.has(file)) continue
    done.add(file)
    const text = emitted.get(file)
    if (text === undefined) throw new Error(`no declarations emitted for ${file}`)
    const out = text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, (_, lead, q, spec) => {
      todo.push(resolve(dirname(file), `${spec}.d.ts`))
      return `${lead}${q}${spec}.js${q}`
    })
    const target = join(root, 'dist', 'types', relative(options.outDir, file))
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, out)
  }
}
