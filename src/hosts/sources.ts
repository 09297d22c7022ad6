// What the CLI subcommands read: files, directories (recursively, regular files only) and stdin,
// and the function config file `--config` names.

import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { RenderError } from '../errors.ts'
import type { Source } from '../manifests/read.ts'
import { loadYaml, PARSE_OPTIONS, toValue, yamlError } from '../manifests/yaml.ts'
import type { FaceInput } from './io.ts'

export async function configFile(path: string, io: FaceInput): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = io.readFile(path)
  } catch {
    throw new RenderError('CONFIG_INVALID', `cannot read the config file ${path}`, { file: { path } })
  }
  const yaml = await loadYaml()
  const doc = yaml.parseDocument(text, PARSE_OPTIONS)
  if (doc.errors.length) throw yamlError(doc.errors[0], { path }, text, 'file')
  const value = toValue((o) => doc.toJS(o), { path }, 'CONFIG_INVALID', 'the config file: ')
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RenderError('CONFIG_INVALID', 'the config file is not a mapping', { file: { path } })
  return value as Record<string, unknown>
}

const YAML_FILE = /\.(ya?ml|json)$/i
const NOT_RESOURCES = /^(kustomization\.ya?ml|Kustomization|Kptfile|Chart\.yaml|values.*\.ya?ml)$/

/** Files under `path`: the path itself, or the YAML files below a directory. Only regular files: a FIFO or socket named x.yaml would hang the read. */
function collectFiles(path: string, out: string[]): void {
  const st = statSync(path)
  if (!st.isDirectory()) {
    if (!st.isFile()) throw new RenderError('INPUT_INVALID', `cannot read ${path}: not a regular file`, { file: { path } })
    out.push(path)
    return
  }
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue
    const full = join(path, name)
    const s = statSync(full)
    if (s.isDirectory()) collectFiles(full, out)
    else if (s.isFile() && YAML_FILE.test(name) && !NOT_RESOURCES.test(name)) out.push(full)
  }
}

/** `[PATH...|-]` as the subcommands take them: stdin when none is given. */
export async function readSources(paths: string[], io: FaceInput): Promise<Source[]> {
  const sources: Source[] = []
  for (const p of paths.length ? paths : ['-']) {
    if (p === '-') {
      sources.push({ path: 'stdin', text: await io.stdin() })
      continue
    }
    const files: string[] = []
    try {
      collectFiles(p, files)
    } catch (err) {
      if (err instanceof RenderError) throw err
      throw new RenderError('INPUT_INVALID', `cannot read ${p}: no such file or directory`, { file: { path: p } })
    }
    for (const f of files) sources.push({ path: relative(process.cwd(), f) || f, text: io.readFile(f) })
  }
  return sources
}
