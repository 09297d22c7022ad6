// Third-party notices for what a bundle inlines: esbuild's metafile names every input file, and
// each npm package among them brings its LICENSE into one text file next to the bundle (the npm
// package ships no node_modules, so the licences must travel inside dist/).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Package directories (node_modules/NAME or node_modules/@SCOPE/NAME) of a metafile's inputs. */
export function bundledPackages(root, metafile) {
  const dirs = new Set()
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (m) dirs.add(m[1])
  }
  return [...dirs].map((d) => join(root, d)).sort()
}

export function writeNotices(file, packageDirs, extra = []) {
  const sections = []
  for (const dir of packageDirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const licence = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f))
    const text = licence ? readFileSync(join(dir, licence), 'utf8').trim() : `(no licence file in the package; package.json says ${pkg.license})`
    sections.push(`${pkg.name} ${pkg.version} (${pkg.license})\n\n${text}`)
  }
  for (const { name, file: f, text } of extra) sections.push(`${name}\n\n${(f && existsSync(f) ? readFileSync(f, 'utf8') : (text ?? '')).trim()}`)
  const rule = `\n\n${'-'.repeat(78)}\n\n`
  writeFileSync(file, `eso-render bundles the following third-party software.${rule}${sections.join(rule)}\n`)
}
