// What the CLI subcommands read: files, directories (recursively, regular files only: anything else
// is skipped with a warning) and stdin, and the function config file `--config` names. The Argo CD
// face walks its directory source with the same walker.

import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { RenderError } from '../errors.ts'
import type { Source } from '../manifests/read.ts'
import { loadYaml, PARSE_OPTIONS, toValue, yamlError } from '../manifests/yaml.ts'
import { readSimpleYaml } from '../manifests/simple-yaml.ts'
import type { FaceInput } from './io.ts'
import type { Notice } from '../pipeline/index.ts'

export async function configFile(path: string, io: FaceInput): Promise<Record<string, unknown>> {
  // Reading a FIFO or a device would wait forever (stat never opens it).
  const st = statSync(path, { throwIfNoEntry: false })
  if (st && !st.isFile()) throw new RenderError('CONFIG_INVALID', `cannot read the config file ${path}: ${whatIs(st)}, not a regular file`, { file: { path } })
  let text: string
  try {
    text = io.readFile(path)
  } catch {
    throw new RenderError('CONFIG_INVALID', `cannot read the config file ${path}`, { file: { path } })
  }
  // A plain block config (the usual) is read without the YAML library, which is most of a
  // pass-through's start-up; anything else, errors included, goes to the library.
  let value: unknown = readSimpleYaml(text)
  if (value === undefined) {
    const yaml = await loadYaml()
    const doc = yaml.parseDocument(text, PARSE_OPTIONS)
    if (doc.errors.length) throw yamlError(doc.errors[0], { path }, text, 'file')
    value = toValue((o) => doc.toJS(o), { path }, 'CONFIG_INVALID', 'the config file: ')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RenderError('CONFIG_INVALID', 'the config file is not a mapping', { file: { path } })
  return value as Record<string, unknown>
}

const YAML_FILE = /\.(ya?ml|json)$/i
const NOT_RESOURCES = /^(kustomization\.ya?ml|Kustomization|Kptfile|Chart\.yaml|values.*\.ya?ml)$/

/** What a directory entry is when it is not a regular file or a directory, for the warning. */
function whatIs(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)'
  if (st.isSocket()) return 'a socket'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  return 'not a regular file'
}

/** A directory entry left out of a read, said once on stderr. */
export interface Skipped {
  path: string
  why: string
}

/** The warnings for skipped entries, their paths relative to `base` as the sources' are. */
export function skippedNotices(skipped: Skipped[], base = process.cwd()): Notice[] {
  return skipped.map((s) => ({ severity: 'warning', message: `skipped ${relative(base, s.path).split(sep).join('/') || s.path}: ${s.why}` }))
}

/**
 * The YAML files below `dir`, in name order, hidden entries left out: regular files and symlinks to
 * them (as before), directories walked when `recurse`. A FIFO, socket or device named x.yaml, or a
 * symlink to one, is skipped with a warning: reading a FIFO waits for a writer that never comes.
 * A symlink to nothing is skipped too, and a directory reached twice (a symlink loop) is walked once.
 */
export function yamlFilesUnder(dir: string, opts: { recurse: boolean; include?: (name: string) => boolean }, skipped: Skipped[]): string[] {
  const include = opts.include ?? ((name: string) => YAML_FILE.test(name))
  const files: string[] = []
  const seen = new Set<string>()
  const walk = (d: string) => {
    const st = statSync(d)
    const id = `${st.dev}:${st.ino}`
    if (seen.has(id)) {
      skipped.push({ path: d, why: 'a directory already read (a symlink loop)' })
      return
    }
    seen.add(id)
    let names: string[]
    try {
      names = readdirSync(d).sort()
    } catch (err) {
      skipped.push({ path: d, why: `a directory that cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` })
      return
    }
    for (const name of names) {
      if (name.startsWith('.')) continue
      const full = join(d, name)
      let entry: Stats
      try {
        // stat follows symlinks and never opens the file, so a FIFO cannot block here.
        entry = statSync(full)
      } catch {
        if (include(name)) skipped.push({ path: full, why: lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink() ? 'a symlink to nothing' : 'cannot be read' })
        continue
      }
      if (entry.isDirectory()) {
        if (opts.recurse) walk(full)
      } else if (include(name)) {
        if (entry.isFile()) files.push(full)
        else skipped.push({ path: full, why: `${whatIs(entry)}, not a regular file` })
      }
    }
  }
  walk(dir)
  return files
}

/** Files under `path`: the path itself (a regular file, or a symlink to one), or the YAML files below a directory. */
function collectFiles(path: string, out: string[], skipped: Skipped[]): void {
  const st = statSync(path)
  if (!st.isDirectory()) {
    if (!st.isFile()) throw new RenderError('INPUT_INVALID', `cannot read ${path}: ${whatIs(st)}, not a regular file`, { file: { path } })
    out.push(path)
    return
  }
  out.push(...yamlFilesUnder(path, { recurse: true, include: (name) => YAML_FILE.test(name) && !NOT_RESOURCES.test(name) }, skipped))
}

/** Reads one file of the input; a failure names the file, never an internal error. */
export function readInputFile(path: string, shown: string, io: FaceInput): string {
  try {
    return io.readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new RenderError('INPUT_INVALID', `cannot read ${shown}${code ? ` (${code})` : ''}`, { file: { path: shown } })
  }
}

/** `[PATH...|-]` as the subcommands take them: stdin when none is given. Entries skipped in directories are added to `skipped`. */
export async function readSources(paths: string[], io: FaceInput, skipped: Skipped[] = []): Promise<Source[]> {
  const sources: Source[] = []
  for (const p of paths.length ? paths : ['-']) {
    if (p === '-') {
      sources.push({ path: 'stdin', text: await io.stdin() })
      continue
    }
    const files: string[] = []
    try {
      collectFiles(p, files, skipped)
    } catch (err) {
      if (err instanceof RenderError) throw err
      throw new RenderError('INPUT_INVALID', `cannot read ${p}: no such file or directory`, { file: { path: p } })
    }
    for (const f of files) {
      const shown = relative(process.cwd(), f) || f
      sources.push({ path: shown, text: readInputFile(f, shown, io) })
    }
  }
  return sources
}
