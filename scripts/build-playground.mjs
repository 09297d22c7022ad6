// Builds the template playground: dist/playground/index.html, one self-contained page (its script
// and style inline, allowed by their hashes in a Content-Security-Policy that forbids every
// request), so it works from file:// and from any static host. The page runs the Secret assembly
// and the template engine in the browser: the Node-only seams are swapped here (eso/digest.ts for
// @noble/hashes' SHA3-224, node:crypto and node:module for src/playground/browser/, the global
// Buffer injected from there), and the ExternalSecret schema's validator is compiled ahead of time
// (ajv compiles with code generation, which the policy forbids). Any other Node module in the
// bundle fails the build. `npm run build` runs this too (scripts/build.mjs).
import { build } from 'esbuild'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { bundledPackages, writeNotices } from './notices.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = join(root, 'src', 'playground')
const out = join(root, 'dist', 'playground')

/** The ExternalSecret validator as ajv's standalone ES module. */
async function compiledValidator() {
  const { resourceSchema } = await import(pathToFileURL(join(root, 'src', 'eso', 'schema.ts')).href)
  const { Ajv } = await import('ajv')
  const standalone = (await import('ajv/dist/standalone/index.js')).default
  // The options schema.ts's ajv uses (eso/ajv.ts), plus code generation for a module.
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } })
  const code = standalone.default ? standalone.default(ajv, ajv.compile(resourceSchema('ExternalSecret'))) : standalone(ajv, ajv.compile(resourceSchema('ExternalSecret')))
  const file = join(root, '.tmp', 'playground', 'external-secret-validator.mjs')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, code)
  return file
}

const seams = (validatorFile) => ({
  name: 'playground-seams',
  setup(b) {
    b.onResolve({ filter: /^eso-render:external-secret-validator$/ }, () => ({ path: validatorFile }))
    b.onResolve({ filter: /^node:crypto$/ }, () => ({ path: join(src, 'browser', 'node-crypto.ts') }))
    b.onResolve({ filter: /^node:module$/ }, () => ({ path: join(src, 'browser', 'node-module.ts') }))
    b.onResolve({ filter: /\/digest\.ts$/ }, (args) => (args.importer.endsWith(join('src', 'eso', 'target.ts')) ? { path: join(src, 'browser', 'digest.ts') } : undefined))
    b.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} (imported by ${args.importer}) cannot run in the playground's page` }] }))
  },
})

export async function buildPlayground() {
  const validatorFile = await compiledValidator()
  const result = await build({
    entryPoints: [join(src, 'page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    inject: [join(src, 'browser', 'buffer.ts')],
    // The modules that read import.meta.url do so for createRequire, which the seam ignores.
    define: { 'import.meta.url': '"about:blank"' },
    plugins: [seams(validatorFile)],
    metafile: true,
    logLevel: 'warning',
  })
  // An inline script ends at the first `</script`, wherever it is.
  const script = result.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1').trimEnd()
  const style = readFileSync(join(src, 'style.css'), 'utf8')
  const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
  const csp = ["default-src 'none'", "connect-src 'none'", `script-src ${hash(script)}`, `style-src ${hash(style)}`, "img-src 'none'", "font-src 'none'", "form-action 'none'", "base-uri 'none'"].join(
    '; ',
  )
  const template = readFileSync(join(src, 'index.html'), 'utf8')
  // Replaced by function: the script's `$&` and `$'` must stay as they are.
  const html = template
    .replace('__CSP__', () => csp)
    .replace('__STYLE__', () => style)
    .replace('__SCRIPT__', () => script)
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'index.html'), html)
  writeNotices(join(out, 'THIRD-PARTY-NOTICES.txt'), bundledPackages(root, result.metafile))
  const bytes = Buffer.byteLength(html)
  return { file: join(out, 'index.html'), bytes, gzipBytes: gzipSync(html, { level: 9 }).length, csp }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const built = await buildPlayground()
  console.log(`dist/playground/index.html: ${built.bytes} bytes, ${built.gzipBytes} gzipped`)
}
