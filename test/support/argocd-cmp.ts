// A test harness for Argo CD's Config Management Plugin sidecar (CMP v2): runCmp() runs a
// plugin.yaml as argocd-cmp-server does for one manifest-generation request, then parses the
// plugin's stdout as the repo-server does, and says what Argo CD would have applied, or the error
// Argo CD would have shown. Also a script: `node test/support/argocd-cmp.ts --help`.
//
// The specification is Argo CD's own source (argoproj/argo-cd master, read 2026-12; it vendors
// gitops-engine under gitops-engine/ and uses k8s.io/apimachinery v0.36.1, sigs.k8s.io/yaml v1.6.0,
// mattn/go-zglob v0.0.6). Each step names the file and function it follows:
//
//   plugin.yaml ............ cmpserver/plugin/config.go        ReadPluginConfig, ValidatePluginConfig, Address
//   repository checks ...... reposerver/repository/repository.go checkOutOfBoundsSymlinks; util/app/path Path
//   request env ............ reposerver/repository/repository.go newEnv, getPluginEnvs, getPluginParamEnvs;
//                            pkg/apis/application/v1alpha1/types.go Env.Environ, Env.Envsubst (os.Expand),
//                            ApplicationSourcePluginParameters.Environ, escaped
//   .argocd-source*.yaml ... reposerver/repository/repository.go mergeSourceParameters (JSON merge patch)
//   source type ............ repository.go GetAppSourceType; types.go ExplicitType; util/app/discovery AppType
//   plugin selection ....... util/app/discovery/discovery.go    DetectConfigManagementPlugin, cmpSupports
//   discovery rules ........ cmpserver/plugin/plugin.go         matchRepository (filepath.Glob, zglob, command)
//   repo copy .............. util/cmp/stream.go, util/tgzstream, util/io/files/tar.go (Tgz, untar), util.go Inbound
//   work dir ............... common/common.go GetCMPWorkDir; util/io/files/util.go CreateTempDir
//   init + generate ........ cmpserver/plugin/plugin.go         generateManifest, runCommand, CmdError;
//                            plugin_unix.go (process group); util/buffered_context (deadline − 100 ms);
//                            util/exec GetCommandArgsToLog; Go's os/exec (LookPath, CommandContext)
//   stdout parsing ......... gitops-engine/pkg/utils/kube/kube.go SplitYAMLToString, SplitYAML;
//                            apimachinery pkg/util/yaml/decoder.go YAMLOrJSONDecoder, YAMLReader;
//                            sigs.k8s.io/yaml Unmarshal; apimachinery unstructured (kind required)
//   Lists .................. repository.go GenerateManifests (IsList/EachListItem, isNullList)
//   error wording .......... the wrapping chain of the functions above, gRPC status text included
//
// Not reproduced: gRPC/tgz streaming itself (the copy is made directly), provideGitCreds, the Redis
// manifest cache, manifest-generate-paths, dynamic parameter announcements, tracking labels, the
// sidecar's start-up wipe of its work dir (runs share it), Argo CD's generation-failure pause. YAML is
// decoded by the `yaml` package in YAML 1.1 mode with go-yaml v2's timestamp and sexagesimal rules
// turned off; go-yaml v2 still differs on a few corners (0o17 is 15 there, integers past 2^53 keep
// their digits there, !!binary is decoded there). Node starts the command with setsid() (a new
// session and process group) where Go uses setpgid(): the group signals are the same.

import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments, parse as parseYaml } from 'yaml'

// ---------------------------------------------------------------------------------------------
// The request

export interface PluginParameter {
  name: string
  string?: string
  array?: string[]
  map?: Record<string, string>
}

export interface ApplicationPlugin {
  /** spec.source.plugin.name: `<metadata.name>` or `<metadata.name>-<spec.version>`; unset = any plugin whose discovery matches. */
  name?: string
  /** spec.source.plugin.env: become ARGOCD_ENV_<name>, values envsubst'ed against the build env. */
  env?: { name: string; value: string }[]
  /** spec.source.plugin.parameters: ARGOCD_APP_PARAMETERS and PARAM_*. */
  parameters?: PluginParameter[]
}

export interface Application {
  name?: string
  /** The destination namespace (ARGOCD_APP_NAMESPACE). */
  namespace?: string
  project?: string
  /** The resolved commit. */
  revision?: string
  targetRevision?: string
  repoURL?: string
  /** spec.source.path, relative to the repository root. */
  path?: string
  /** spec.source.plugin; absent = no plugin section (Argo CD detects the source type). */
  plugin?: ApplicationPlugin
}

export interface CmpRequest {
  /** The plugin.yaml the sidecar was started with. */
  pluginConfig: string
  /** The repository as the repo-server checked it out. */
  repo: string
  app?: Application
  /** The destination cluster's version as the controller reports it (e.g. v1.32.4 or 1.32.4+k3s1). */
  kubeVersion?: string
  /** The destination cluster's API versions. */
  apiVersions?: string[]
  /** The sidecar's own environment (os.Environ() of argocd-cmp-server): PATH, HOME, Vault settings … */
  sidecarEnv?: Record<string, string>
  /** The repo-server's request deadline (server/controller.repo.server.timeout.seconds, default 60). */
  timeoutSeconds?: number
  /** The repo-server's --plugin-tar-exclude globs. */
  tarExcludedGlobs?: string[]
  /** Keep the work dirs (for debugging). */
  keepWorkDir?: boolean
}

export interface CmpResult {
  /** true: Argo CD would accept the output and apply `manifests`. */
  ok: boolean
  /** The objects Argo CD would apply (after List flattening), in order. */
  manifests?: Record<string, unknown>[]
  /** Argo CD's error, as the Application's condition would show it. */
  error?: string
  /** The source type Argo CD settled on ('Plugin', or the type it falls back to without the plugin). */
  sourceType?: string
  /** Losses Argo CD does not report: a dropped YAML document, zero objects. */
  warnings: string[]
  /** What init and generate wrote to stderr (the sidecar logs it). */
  stderr: string
  /** The request env the repo-server sent (appended to the sidecar env, so it wins). */
  env: Record<string, string>
  /** The generate work dir (removed unless keepWorkDir). */
  workDir?: string
}

const DEFAULT_REVISION = 'f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8'

// ---------------------------------------------------------------------------------------------
// Go's JSON encoding (encoding/json Marshal): map keys sorted bytewise, <>& and U+2028/9 escaped.

export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`)
    return String(v)
  }
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`
  const keys = Object.keys(v as object).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return `{${keys.map((k) => `${goJson(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(',')}}`
}

// ---------------------------------------------------------------------------------------------
// YAML → JSON as sigs.k8s.io/yaml does it over go-yaml v2 (YAML 1.1): only the first document of
// the text counts; a YAML 1.1 timestamp stays a string (go-yaml v2 keeps timestamps as strings
// when decoding into interface{}); 190:20:30 is a string (go-yaml v2 has no sexagesimal numbers).

const GO_YAML_V2 = {
  version: '1.1' as const,
  uniqueKeys: false,
  customTags: (tags: unknown[]) =>
    (tags as { tag: string; format?: string }[]).filter((t) => t.tag !== 'tag:yaml.org,2002:timestamp' && t.tag !== 'tag:yaml.org,2002:binary' && t.format !== 'TIME') as never,
}

/** sigs.k8s.io/yaml YAMLToJSON: the JSON text of the first YAML document, and how many documents the text held. */
export function yamlToJson(text: string): { json: string; documents: number } {
  const docs = parseAllDocuments(text, GO_YAML_V2)
  const all = Array.isArray(docs) ? docs : [docs]
  const first = all[0]
  if (!first) return { json: 'null', documents: 0 }
  const err = first.errors[0]
  if (err) throw new Error(`error converting YAML to JSON: yaml: line ${err.linePos?.[0].line ?? 1}: ${err.message.split('\n')[0]}`)
  let value: unknown
  try {
    value = first.toJS({ maxAliasCount: 10_000 })
  } catch (e) {
    throw new Error(`error converting YAML to JSON: yaml: ${(e as Error).message}`)
  }
  try {
    return { json: goJson(value), documents: all.length }
  } catch (e) {
    throw new Error(`error converting YAML to JSON: ${(e as Error).message}`)
  }
}

// ---------------------------------------------------------------------------------------------
// One JSON value from a stream, as Go's json.Decoder reads it: the end offset, or a syntax error.

class JsonSyntaxError extends Error {
  readonly offset: number
  constructor(message: string, offset: number) {
    super(message)
    this.offset = offset
  }
}

function quoteChar(c: string): string {
  return c === "'" ? "'\\''" : c === '"' ? `'"'` : `'${c}'`
}

function scanJsonValue(s: string, start: number): number {
  let i = start
  const ws = () => {
    while (i < s.length && ' \t\r\n'.includes(s[i])) i++
  }
  const eof = () => new JsonSyntaxError('unexpected EOF', i)
  const bad = (ctx: string) => new JsonSyntaxError(`invalid character ${quoteChar(s[i])} ${ctx}`, i + 1)
  const value = (): void => {
    ws()
    if (i >= s.length) throw eof()
    const c = s[i]
    if (c === '{') {
      i++
      ws()
      if (s[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        if (i >= s.length) throw eof()
        if (s[i] !== '"') throw bad('looking for beginning of object key string')
        string()
        ws()
        if (i >= s.length) throw eof()
        if (s[i] !== ':') throw bad('after object key')
        i++
        value()
        ws()
        if (i >= s.length) throw eof()
        if (s[i] === ',') {
          i++
          continue
        }
        if (s[i] === '}') {
          i++
          return
        }
        throw bad('after object key:value pair')
      }
    }
    if (c === '[') {
      i++
      ws()
      if (s[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        ws()
        if (i >= s.length) throw eof()
        if (s[i] === ',') {
          i++
          continue
        }
        if (s[i] === ']') {
          i++
          return
        }
        throw bad('after array element')
      }
    }
    if (c === '"') return string()
    if (c === '-' || (c >= '0' && c <= '9')) return number()
    for (const lit of ['true', 'false', 'null']) {
      if (c === lit[0]) {
        for (let k = 0; k < lit.length; k++, i++) {
          if (i >= s.length) throw eof()
          if (s[i] !== lit[k]) throw bad(`in literal ${lit} (expecting ${quoteChar(lit[k])})`)
        }
        return
      }
    }
    throw bad('looking for beginning of value')
  }
  const string = () => {
    i++
    for (;;) {
      if (i >= s.length) throw eof()
      const c = s[i]
      if (c === '"') {
        i++
        return
      }
      if (c === '\\') {
        i++
        if (i >= s.length) throw eof()
        if ('"\\/bfnrt'.includes(s[i])) i++
        else if (s[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++
            if (i >= s.length) throw eof()
            if (!/[0-9a-fA-F]/.test(s[i])) throw bad('in \\u hexadecimal character escape')
          }
          i++
        } else throw bad('in string escape code')
      } else if (c < ' ') throw bad('in string literal')
      else i++
    }
  }
  const digits = () => {
    const from = i
    while (i < s.length && s[i] >= '0' && s[i] <= '9') i++
    return i - from
  }
  const number = () => {
    if (s[i] === '-') i++
    if (i >= s.length) throw eof()
    if (s[i] === '0') i++
    else if (s[i] >= '1' && s[i] <= '9') digits()
    else throw bad('in numeric literal')
    if (s[i] === '.') {
      i++
      if (i >= s.length) throw eof()
      if (!digits()) throw bad('after decimal point in numeric literal')
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i++
      if (s[i] === '+' || s[i] === '-') i++
      if (i >= s.length) throw eof()
      if (!digits()) throw bad('in exponent of numeric literal')
    }
  }
  value()
  return i
}

// ---------------------------------------------------------------------------------------------
// gitops-engine kube.SplitYAMLToString over apimachinery's YAMLOrJSONDecoder (buffer 4096).

const isGoSpace = (c: string) => /\s/u.test(c)

/** The YAML reader's documents from `text` (apimachinery YAMLReader.Read, LineReader). */
function* yamlChunks(text: string): Generator<string> {
  // LineReader: bufio ReadLine drops "\n" or "\r\n", then a "\n" is appended to every line.
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  let buffer = ''
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1)
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim()
      // Only spaces or a comment may follow the separator; anything else is an error (apimachinery since
      // v0.22, 2021: before, "--- # x" was no separator and hid the next document).
      if (trimmed.length > 0 && trimmed[0] !== '#') throw new Error(`invalid Yaml document separator: ${trimmed}`)
      if (buffer.length) {
        yield buffer
        buffer = ''
      }
      continue
    }
    buffer += `${line}\n`
  }
  if (buffer.length) yield buffer
}

/**
 * kube.SplitYAMLToString: the JSON text of each object in a plugin's stdout. A stream whose first
 * 4096 bytes start (after white space) with "{" is read as JSON values; when that fails after 0
 * or 1 of them, the rest is read as YAML; after 2 or more it is an error. Otherwise YAML documents.
 * Empty and null documents are skipped. `warnings` gets the documents go-yaml v2 would drop.
 */
export function splitYamlToString(data: string, warnings: string[] = []): string[] {
  const out: string[] = []
  const push = (raw: string) => {
    const t = raw.trim()
    if (t.length && t !== 'null') out.push(t)
  }
  let pos = 0
  let count = 0
  const head = Buffer.from(data).subarray(0, 4096).toString()
  if ([...head].find((c) => !isGoSpace(c)) === '{') {
    for (;;) {
      let p = pos
      while (p < data.length && ' \t\r\n'.includes(data[p])) p++
      if (p >= data.length) return out // io.EOF
      let end: number
      try {
        end = scanJsonValue(data, pos)
      } catch (e) {
        const err = e as JsonSyntaxError
        if (count > 1) throw new Error(`failed to unmarshal manifest: ${err.message}`)
        // Rewind to what JSON consumed, eat white space up to and including the first newline, go on in YAML.
        while (pos < data.length && isGoSpace(data[pos])) {
          pos++
          if (data[pos - 1] === '\n') break
        }
        const firstErr = err.message === 'unexpected EOF' ? err.message : `json: offset ${err.offset}: ${err.message}`
        return out.concat(splitYamlDocuments(data.slice(pos), warnings, firstErr))
      }
      push(data.slice(p, end)) // runtime.RawExtension keeps the JSON text as written
      count++
      pos = end
    }
  }
  return out.concat(splitYamlDocuments(data, warnings))
}

function splitYamlDocuments(text: string, warnings: string[], firstErr?: string): string[] {
  const out: string[] = []
  let first = true
  try {
    for (const chunk of yamlChunks(text)) {
      const { json, documents } = yamlToJson(chunk)
      if (documents > 1) warnings.push(`a YAML chunk holds ${documents} documents; go-yaml v2 keeps only the first, the rest is silently lost: ${JSON.stringify(chunk.slice(0, 120))}`)
      const t = json.trim()
      if (t.length && t !== 'null') out.push(t)
      first = false
    }
  } catch (e) {
    // In the call where JSON gave up, a YAML failure reports the JSON error (YAMLOrJSONDecoder.Decode).
    throw new Error(`failed to unmarshal manifest: ${first && firstErr ? firstErr : (e as Error).message}`)
  }
  return out
}

/** The JSON type name Go's encoding/json gives a value in "cannot unmarshal X into …". */
function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (v === null) return 'null'
  return typeof v === 'object' ? 'object' : typeof v
}

/** kube.SplitYAML: each document as an Unstructured object, which must be a map with a string `kind`. */
export function splitYaml(data: string, warnings: string[] = []): Record<string, unknown>[] {
  const objs: Record<string, unknown>[] = []
  for (const yml of splitYamlToString(data, warnings)) {
    let json: string
    try {
      json = yamlToJson(yml).json
    } catch (e) {
      throw new Error(`failed to unmarshal manifest: ${(e as Error).message}`)
    }
    const v = JSON.parse(json) as unknown
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new Error(`failed to unmarshal manifest: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonTypeName(v)} into Go value of type map[string]interface {}`)
    }
    const o = v as Record<string, unknown>
    if (typeof o.kind !== 'string' || o.kind === '') {
      throw new Error(`failed to unmarshal manifest: error unmarshaling JSON: while decoding JSON: Object 'Kind' is missing in '${json}'`)
    }
    objs.push(o)
  }
  return objs
}

/** GenerateManifests: an object whose `items` is an array is a List (flattened, items must be objects); items: null lists are dropped. */
export function flattenLists(objs: Record<string, unknown>[]): Record<string, unknown>[] {
  const targets: Record<string, unknown>[] = []
  for (const o of objs) {
    if (Array.isArray(o.items)) {
      for (const item of o.items) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error('items member is not an object: map[string]interface {}')
        targets.push(item as Record<string, unknown>)
      }
    } else if (!('spec' in o) && !('status' in o) && 'items' in o && o.items === null) {
      // isNullList: noop
    } else targets.push(o)
  }
  return targets
}

// ---------------------------------------------------------------------------------------------
// Go's path/filepath.Match (Unix), and Glob on top of it.

class BadPattern extends Error {
  constructor() {
    super('syntax error in pattern')
  }
}

function scanChunk(p: string): { star: boolean; chunk: string; rest: string } {
  let star = false
  while (p.startsWith('*')) {
    p = p.slice(1)
    star = true
  }
  let inrange = false
  let i = 0
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++
        break
      case '[':
        inrange = true
        break
      case ']':
        inrange = false
        break
      case '*':
        if (!inrange) break scan
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) }
}

function getEsc(chunk: string): { r: string; rest: string } {
  if (!chunk.length || chunk[0] === '-' || chunk[0] === ']') throw new BadPattern()
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1)
    if (!chunk.length) throw new BadPattern()
  }
  const r = String.fromCodePoint(chunk.codePointAt(0)!)
  const rest = chunk.slice(r.length)
  if (!rest.length) throw new BadPattern()
  return { r, rest }
}

function matchChunk(chunk: string, s: string): string | undefined {
  let failed = false
  while (chunk.length) {
    if (!failed && !s.length) failed = true
    switch (chunk[0]) {
      case '[': {
        let r = ''
        if (!failed) {
          r = String.fromCodePoint(s.codePointAt(0)!)
          s = s.slice(r.length)
        }
        chunk = chunk.slice(1)
        let negated = false
        if (chunk[0] === '^') {
          negated = true
          chunk = chunk.slice(1)
        }
        let match = false
        let nrange = 0
        for (;;) {
          if (chunk.length && chunk[0] === ']' && nrange > 0) {
            chunk = chunk.slice(1)
            break
          }
          const lo = getEsc(chunk)
          chunk = lo.rest
          let hi = lo.r
          if (chunk[0] === '-') {
            const h = getEsc(chunk.slice(1))
            hi = h.r
            chunk = h.rest
          }
          if (lo.r.codePointAt(0)! <= r.codePointAt(0)! && r.codePointAt(0)! <= hi.codePointAt(0)!) match = true
          nrange++
        }
        if (match === negated) failed = true
        break
      }
      case '?':
        if (!failed) {
          if (s[0] === '/') failed = true
          s = s.slice(String.fromCodePoint(s.codePointAt(0)!).length)
        }
        chunk = chunk.slice(1)
        break
      default:
        // a backslash escapes the next character, which then matches itself
        if (chunk[0] === '\\') {
          chunk = chunk.slice(1)
          if (!chunk.length) throw new BadPattern()
        }
        if (!failed) {
          if (chunk[0] !== s[0]) failed = true
          s = s.slice(1)
        }
        chunk = chunk.slice(1)
    }
  }
  return failed ? undefined : s
}

/** filepath.Match: throws 'syntax error in pattern' (ErrBadPattern) for a malformed pattern. */
export function goMatch(pattern: string, name: string): boolean {
  outer: while (pattern.length) {
    const { star, chunk, rest } = scanChunk(pattern)
    pattern = rest
    if (star && chunk === '') return !name.includes('/')
    const t = matchChunk(chunk, name)
    if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
      name = t
      continue
    }
    if (star) {
      for (let i = 0; i < name.length && name[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, name.slice(i + 1))
        if (t2 !== undefined) {
          if (pattern.length === 0 && t2.length > 0) continue
          name = t2
          continue outer
        }
      }
    }
    while (pattern.length) {
      const c = scanChunk(pattern)
      pattern = c.rest
      matchChunk(c.chunk, '')
    }
    return false
  }
  return name.length === 0
}

const hasMeta = (p: string) => /[*?[\\]/.test(p)

/** filepath.Glob (Unix): matches sorted per directory, I/O errors ignored, ErrBadPattern thrown. */
export function goGlob(pattern: string): string[] {
  goMatch(pattern, '') // checks the pattern is well-formed
  if (!hasMeta(pattern)) {
    try {
      lstatSync(pattern)
      return [pattern]
    } catch {
      return []
    }
  }
  const slash = pattern.lastIndexOf('/')
  let dir = slash < 0 ? '' : pattern.slice(0, slash + 1)
  const file = pattern.slice(slash + 1)
  dir = dir === '' ? '.' : dir === '/' ? '/' : normalize(dir.slice(0, -1))
  const inDir = (d: string): string[] => {
    try {
      if (!statSync(d).isDirectory()) return []
      return readdirSync(d)
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
        .filter((n) => goMatch(file, n))
        .map((n) => join(d, n))
    } catch (e) {
      if (e instanceof BadPattern) throw e
      return []
    }
  }
  if (!hasMeta(dir)) return inDir(dir)
  if (dir === pattern) throw new BadPattern()
  return goGlob(dir).flatMap(inDir)
}

// ---------------------------------------------------------------------------------------------
// mattn/go-zglob v0.0.6 Glob: `**/` spans directories, `*` one name, `{a,b}` alternatives,
// `[..]` classes; `?` is a literal; the walk starts at the static prefix and follows no symlink.

function zglobRegExp(pattern: string): { root: string; re: RegExp } | undefined {
  const parts = pattern.split('/')
  let root = ''
  let globmask = ''
  parts.forEach((part, n) => {
    if (root === '' && /[*{]/.test(part)) root = globmask === '' ? '.' : globmask
    globmask = n === 0 && part === '' ? '/' : join(globmask, part)
  })
  if (root === '') return undefined
  const cc = [...normalize(globmask)]
  let mask = ''
  const lit = (c: string) => (/[0-9a-zA-Z/]/.test(c) || c.codePointAt(0)! > 255 ? c : `\\x${c.codePointAt(0)!.toString(16).padStart(2, '0')}`)
  for (let i = 0; i < cc.length; i++) {
    const c = cc[i]
    if (i < cc.length - 2 && c === '\\') {
      i++
      mask += lit(cc[i])
    } else if (c === '*') {
      if (i < cc.length - 2 && cc[i + 1] === '*' && cc[i + 2] === '/') {
        mask += '(.*/)?'
        i += 2
      } else mask += '[^/]*'
    } else if (c === '[') {
      let j = i + 1
      let body = ''
      for (; j < cc.length && cc[j] !== ']'; j++) body += cc[j]
      if (j < cc.length) i = j
      if (body) mask += `[${body}]`
    } else if (c === '{') {
      let j = i + 1
      let body = ''
      for (; j < cc.length && cc[j] !== '}'; j++) body += cc[j] === ',' ? '|' : cc[j] === '/' ? '/' : lit(cc[j])
      if (j < cc.length) i = j
      if (body) mask += `(${body})`
    } else mask += lit(c)
  }
  if (mask.endsWith('/')) mask += '[^/]*'
  return { root: normalize(root), re: new RegExp(`^${mask}$`, 'u') }
}

export function zglob(pattern: string): string[] {
  const z = zglobRegExp(pattern)
  if (!z) {
    try {
      statSync(pattern)
      return [pattern]
    } catch {
      return []
    }
  }
  const matches: string[] = []
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = join(dir, e.name)
      if (z.re.test(p)) matches.push(p)
      if (e.isDirectory()) walk(p)
    }
  }
  walk(z.root)
  return matches
}

// ---------------------------------------------------------------------------------------------
// plugin.yaml (config.go)

interface Command {
  command?: string[]
  args?: string[]
}

export interface PluginConfig {
  kind?: string
  metadata: { name?: string }
  spec: {
    version?: string
    init?: Command
    generate?: Command
    discover?: { fileName?: string; find?: Command & { glob?: string } }
    preserveFileMode?: boolean
    provideGitCreds?: boolean
  }
}

function checkType(v: unknown, want: 'string' | 'boolean' | 'object' | 'string[]', field: string): void {
  if (v === undefined || v === null) return
  const ok = want === 'string[]' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : want === 'object' ? typeof v === 'object' && !Array.isArray(v) : typeof v === want
  if (!ok) {
    const got = Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v
    throw new Error(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${got} into Go struct field ${field} of type ${want === 'string[]' ? '[]string' : want === 'object' ? 'struct' : want === 'boolean' ? 'bool' : 'string'}`,
    )
  }
}

/** ReadPluginConfig + ValidatePluginConfig: the sidecar refuses to start on any of these errors. */
export function readPluginConfig(file: string): PluginConfig {
  const raw = parseYaml(readFileSync(file, 'utf8'), GO_YAML_V2) as Record<string, unknown> | null
  const cfg = (raw ?? {}) as unknown as PluginConfig
  checkType(cfg.kind, 'string', 'PluginConfig.kind')
  checkType(cfg.metadata, 'object', 'PluginConfig.metadata')
  checkType(cfg.spec, 'object', 'PluginConfig.spec')
  cfg.metadata ??= {}
  cfg.spec ??= {}
  const s = cfg.spec
  checkType(cfg.metadata.name, 'string', 'PluginConfig.metadata.name')
  checkType(s.version, 'string', 'PluginConfig.spec.version')
  for (const [name, c] of [
    ['init', s.init],
    ['generate', s.generate],
    ['discover.find', s.discover?.find],
  ] as const) {
    checkType(c, 'object', `PluginConfig.spec.${name}`)
    checkType(c?.command, 'string[]', `PluginConfig.spec.${name}.command`)
    checkType(c?.args, 'string[]', `PluginConfig.spec.${name}.args`)
  }
  checkType(s.discover, 'object', 'PluginConfig.spec.discover')
  checkType(s.discover?.fileName, 'string', 'PluginConfig.spec.discover.fileName')
  checkType(s.discover?.find?.glob, 'string', 'PluginConfig.spec.discover.find.glob')
  checkType(s.preserveFileMode, 'boolean', 'PluginConfig.spec.preserveFileMode')
  checkType(s.provideGitCreds, 'boolean', 'PluginConfig.spec.provideGitCreds')
  if (!cfg.metadata.name) throw new Error('invalid plugin configuration file. metadata.name should be non-empty')
  if (cfg.kind !== 'ConfigManagementPlugin') throw new Error(`invalid plugin configuration file. kind should be ConfigManagementPlugin, found ${cfg.kind ?? ''}`)
  if (!s.generate?.command?.length) throw new Error('invalid plugin configuration file. spec.generate command should be non-empty')
  return cfg
}

/** config.go Address(): the socket file name, `<name>-<version>.sock` or `<name>.sock`. */
export function socketName(cfg: PluginConfig): string {
  return cfg.spec.version ? `${cfg.metadata.name}-${cfg.spec.version}.sock` : `${cfg.metadata.name}.sock`
}

function discoveryConfigured(cfg: PluginConfig): boolean {
  const d = cfg.spec.discover
  return !!(d?.fileName || d?.find?.glob || d?.find?.command?.length)
}

// ---------------------------------------------------------------------------------------------
// The request env (repository.go, types.go)

/** Go's os.Expand with Env.Envsubst's mapping ($$ → $, unknown → ""). */
export function envsubst(s: string, vars: Record<string, string>): string {
  const special = (c: string | undefined) => c !== undefined && '*#$@!?-0123456789'.includes(c)
  const alnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c)
  const map = (name: string) => (name === '$' ? '$' : (vars[name] ?? ''))
  let out = ''
  let i = 0
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      out += s.slice(i, j)
      const rest = s.slice(j + 1)
      let name = ''
      let w = 0
      if (rest[0] === '{') {
        if (rest.length > 2 && special(rest[1]) && rest[2] === '}') {
          name = rest[1]
          w = 3
        } else {
          const close = rest.indexOf('}', 1)
          if (close === 1) w = 2
          else if (close < 0) w = 1
          else {
            name = rest.slice(1, close)
            w = close + 1
          }
        }
      } else if (special(rest[0])) {
        name = rest[0]
        w = 1
      } else {
        while (w < rest.length && alnum(rest[w])) w++
        name = rest.slice(0, w)
      }
      if (name === '' && w > 0) {
        // bad syntax: the characters are eaten
      } else if (name === '') out += '$'
      else out += map(name)
      j += w
      i = j + 1
    }
  }
  return out + s.slice(i)
}

/** k8s.io/apimachinery util/version ParseGeneric(v).String(), as parseKubeVersion uses it. */
export function parseKubeVersion(v: string): string {
  if (v === '') return ''
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s.exec(v)
  if (!m) throw new Error(`could not parse kubernetes version ${v}: could not parse "${v}" as version`)
  const comps = m[1].split('.')
  if (comps.length < 2) throw new Error(`could not parse kubernetes version ${v}: illegal version string "${v}"`)
  if (comps[0].startsWith('0') && comps[0] !== '0') throw new Error(`could not parse kubernetes version ${v}: illegal zero-prefixed version component "${comps[0]}" in "${v}"`)
  return comps.map((c) => String(BigInt(c))).join('.')
}

const escapedParam = (name: string) => name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')

/** ApplicationSourcePluginParameters.Environ: ARGOCD_APP_PARAMETERS (Go JSON, keys sorted) then PARAM_*. */
export function parameterEnv(params: PluginParameter[] | undefined): [string, string][] {
  const marshalled = params?.length
    ? params.map((p) => {
        const o: Record<string, unknown> = { name: p.name }
        if (p.string !== undefined) o.string = p.string
        if (p.map !== undefined) o.map = p.map
        if (p.array !== undefined) o.array = p.array
        return o
      })
    : null // an empty list arrives as nil through protobuf: json.Marshal gives null
  const env: [string, string][] = [['ARGOCD_APP_PARAMETERS', goJson(marshalled)]]
  for (const p of params ?? []) {
    const base = `PARAM_${escapedParam(p.name)}`
    if (p.string !== undefined) env.push([base, p.string])
    for (const [k, v] of Object.entries(p.map ?? {})) env.push([`${base}_${escapedParam(k)}`, v])
    ;(p.array ?? []).forEach((v, i) => env.push([`${base}_${i}`, v]))
  }
  return env
}

function buildEnv(app: Application): [string, string][] {
  const revision = app.revision ?? DEFAULT_REVISION
  // newEnv + Env.Environ (an entry with an empty name and value is skipped; none here).
  return [
    ['ARGOCD_APP_NAME', app.name ?? 'guestbook'],
    ['ARGOCD_APP_NAMESPACE', app.namespace ?? 'default'],
    ['ARGOCD_APP_PROJECT_NAME', app.project ?? 'default'],
    ['ARGOCD_APP_REVISION', revision],
    ['ARGOCD_APP_REVISION_SHORT', revision.slice(0, 7)],
    ['ARGOCD_APP_REVISION_SHORT_8', revision.slice(0, 8)],
    ['ARGOCD_APP_SOURCE_REPO_URL', app.repoURL ?? 'https://git.example.com/org/repo.git'],
    ['ARGOCD_APP_SOURCE_PATH', app.path ?? '.'],
    ['ARGOCD_APP_SOURCE_TARGET_REVISION', app.targetRevision ?? 'HEAD'],
  ]
}

/** getPluginEnvs + getPluginParamEnvs: build env, KUBE_VERSION, KUBE_API_VERSIONS, then plugin env and parameters. */
export function pluginEnv(app: Application, kubeVersion: string, apiVersions: string[]): [string, string][] {
  const env = [...buildEnv(app), ['KUBE_VERSION', parseKubeVersion(kubeVersion)], ['KUBE_API_VERSIONS', apiVersions.join(',')]] as [string, string][]
  if (app.plugin) {
    const vars = Object.fromEntries(env)
    for (const e of app.plugin.env ?? []) env.push([`ARGOCD_ENV_${e.name}`, envsubst(e.value, vars)])
    env.push(...parameterEnv(app.plugin.parameters))
  }
  return env
}

// ---------------------------------------------------------------------------------------------
// .argocd-source.yaml overrides (mergeSourceParameters): a JSON merge patch (RFC 7386) of the source.

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = mergePatch(out[k], v)
  }
  return out
}

function mergeSourceParameters(app: Application, appPath: string): Application {
  let source: Record<string, unknown> = { path: app.path, plugin: app.plugin }
  const files = ['.argocd-source.yaml']
  if (app.name) files.push(`.argocd-source-${app.name}.yaml`)
  for (const f of files) {
    const file = join(appPath, f)
    if (!existsSync(file) || statSync(file).isDirectory()) continue
    let patch: unknown
    try {
      patch = JSON.parse(yamlToJson(readFileSync(file, 'utf8')).json)
    } catch (e) {
      throw new ArgoError(`error getting app source type: error while parsing source parameters: ${file}: ${(e as Error).message}`)
    }
    source = mergePatch(source, patch) as Record<string, unknown>
  }
  // Only the config management tool's part counts; path and repo stay the Application's.
  return { ...app, plugin: source.plugin as ApplicationPlugin | undefined }
}

/** An error Argo CD reports for the app (as opposed to a bug in this harness). */
class ArgoError extends Error {}

// ---------------------------------------------------------------------------------------------
// The repository side: out-of-bounds symlinks, the app path, the source type.

function outOfBoundsSymlink(root: string): string | undefined {
  const base = resolve(root)
  const walk = (dir: string): string | undefined => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      if (p === join(base, '.git')) continue
      const st = lstatSync(p)
      if (st.isSymbolicLink()) {
        const target = readlinkSync(p)
        if (isAbsolute(target)) return relative(base, p)
        let current = dirname(p)
        for (const part of target.split('/')) {
          current = join(current, part)
          const rel = relative(base, current)
          if (rel === '..' || rel.startsWith(`..${sep}`)) return relative(base, p)
        }
      } else if (st.isDirectory()) {
        const found = walk(p)
        if (found) return found
      }
    }
    return undefined
  }
  return walk(base)
}

/** util/app/path Path: the app dir inside the checkout. */
function appPathIn(root: string, path: string): string {
  if (isAbsolute(path)) throw new ArgoError(`${path}: app path is absolute`)
  const appPath = join(root, path)
  if (!appPath.startsWith(normalize(root))) throw new ArgoError(`${path}: app path outside root`)
  if (!existsSync(appPath)) throw new ArgoError(`${path}: app path does not exist`)
  if (!statSync(appPath).isDirectory()) throw new ArgoError(`${path}: app path is not a directory`)
  return appPath
}

/** discovery.Discover without a plugin: what Argo CD builds the app as (the app dir's own files decide). */
function builtInSourceType(appPath: string): string {
  let type = 'Directory'
  for (const name of readdirSync(appPath).sort()) {
    if (lstatSync(join(appPath, name)).isDirectory()) continue
    if (name.endsWith('Chart.yaml')) type = 'Helm'
    if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(name)) type = 'Kustomize'
  }
  return type
}

// ---------------------------------------------------------------------------------------------
// The repo copy: what the repo-server tars (files.Tgz) and the sidecar untars (files.untar).

function inbound(candidate: string, baseDir: string): boolean {
  const target = isAbsolute(candidate) ? normalize(candidate) : join(baseDir, candidate)
  return target.startsWith(normalize(baseDir) + sep)
}

/** Copies `root` into `dest` as a tgz round trip would; returns the number of regular files sent. */
export function copyRepo(root: string, dest: string, preserveFileMode: boolean, excludedGlobs: string[] = []): number {
  let files = 0
  const visit = (abs: string, rel: string) => {
    const st = lstatSync(abs)
    for (const g of excludedGlobs) if (goMatch(g, rel)) return
    if (rel !== '.') {
      const target = join(dest, rel)
      if (!inbound(target, dest)) throw new Error(`illegal filepath in archive: ${target}`)
      if (st.isDirectory()) {
        mkdirSync(target, { recursive: true })
        chmodSync(target, preserveFileMode ? st.mode & 0o777 : 0o755)
      } else if (st.isSymbolicLink()) {
        const linkTarget = join(dirname(target), readlinkSync(abs))
        let real = linkTarget
        try {
          real = realpathSync(linkTarget)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`error checking symlink realpath: ${(e as Error).message}`)
        }
        if (!inbound(real, dest)) throw new Error(`illegal filepath in symlink: ${linkTarget}`)
        symlinkSync(relative(dirname(target), real), target)
      } else if (st.isFile()) {
        mkdirSync(dirname(target), { recursive: true })
        copyFileSync(abs, target)
        chmodSync(target, preserveFileMode ? st.mode & 0o777 : 0o644)
        files++
      }
    } else if (st.isFile()) files++
    if (st.isDirectory()) for (const name of readdirSync(abs).sort()) visit(join(abs, name), rel === '.' ? name : `${rel}/${name}`)
  }
  visit(resolve(root), '.')
  return files
}

/** A fresh request work dir: GetCMPWorkDir() ($ARGOCD_CMP_WORKDIR or $TMPDIR, then _cmp_server) plus a UUID. */
function newWorkDir(sidecarEnv: Record<string, string>): string {
  const base = join(sidecarEnv.ARGOCD_CMP_WORKDIR || sidecarEnv.TMPDIR || tmpdir(), '_cmp_server')
  const dir = join(base, randomUUID())
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  return dir
}

// ---------------------------------------------------------------------------------------------
// runCommand (plugin.go)

interface CommandResult {
  stdout: string
  stderr: string
  /** Set when the command failed: CmdError's text, or the start error. */
  err?: string
  /** The command was still running at the deadline. */
  timedOut: boolean
}

/** util/exec GetCommandArgsToLog: arguments joined by spaces, quoted (strconv.Quote) when they hold white space. */
export function argsToLog(args: string[]): string {
  return args.map((a) => (a === '' ? '""' : /\s/u.test(a) ? JSON.stringify(a) : a)).join(' ')
}

/** os/exec LookPath against the cmp-server's own PATH (exec.Command resolves before Env applies). */
function lookPath(name: string, path: string | undefined): string {
  if (name.includes('/')) return name
  for (const dir of (path ?? '').split(':')) {
    const full = join(dir === '' ? '.' : dir, name)
    try {
      const st = statSync(full)
      if (st.isFile() && st.mode & 0o111) {
        if (!isAbsolute(full)) throw new Error(`exec: "${name}": cannot run executable found relative to current directory`)
        return full
      }
    } catch (e) {
      if ((e as Error).message.startsWith('exec:')) throw e
    }
  }
  throw new Error(`exec: "${name}": executable file not found in $PATH`)
}

const SIGNAL_TEXT: Record<string, string> = {
  SIGTERM: 'terminated',
  SIGKILL: 'killed',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
}

function runCommand(c: Command, cwd: string, env: Record<string, string>, sidecarPath: string | undefined, killAt: number): Promise<CommandResult> {
  return new Promise((resolveOnce) => {
    let settled = false
    const done = (r: CommandResult) => {
      if (!settled) resolveOnce(r)
      settled = true
    }
    if (!c.command?.length) return done({ stdout: '', stderr: '', err: 'Command is empty', timedOut: false })
    const argv = [...c.command, ...(c.args ?? [])]
    let file: string
    try {
      file = lookPath(argv[0], sidecarPath)
    } catch (e) {
      return done({ stdout: '', stderr: '', err: (e as Error).message, timedOut: false })
    }
    if (Date.now() >= killAt) return done({ stdout: '', stderr: '', err: 'context deadline exceeded', timedOut: true })
    // Setpgid: the command leads its own process group, so the deadline reaches its children too.
    const child = spawn(file, argv.slice(1), { argv0: argv[0], cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    let timedOut = false
    const signal = (pid: number, sig: NodeJS.Signals) => {
      try {
        process.kill(pid, sig)
      } catch {
        // already gone
      }
    }
    const deadline = setTimeout(
      () => {
        timedOut = true
        // plugin.go: SIGTERM to the group, SIGKILL to the group 5 s later; exec.CommandContext's own
        // cancel (Process.Kill) sends SIGKILL to the leader at the same moment.
        signal(-child.pid!, 'SIGTERM')
        signal(child.pid!, 'SIGKILL')
        // unref'd: it must not hold a test run open (zombies keep a group "alive" where PID 1 reaps nothing)
        setTimeout(() => signal(-child.pid!, 'SIGKILL'), 5000).unref()
      },
      Math.max(0, killAt - Date.now()),
    )
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(deadline)
      const why = e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOENT' ? 'no such file or directory' : e.message
      done({ stdout: '', stderr: '', err: `fork/exec ${file}: ${why}`, timedOut: false })
    })
    // 'close': the process has exited and every holder of its stdout/stderr has let go, which is
    // when Go's cmd.Wait returns (output is a bytes.Buffer, copied through pipes).
    child.on('close', (code, sig) => {
      clearTimeout(deadline)
      const stdout = Buffer.concat(out).toString('utf8').replace(/\n$/, '')
      const stderr = Buffer.concat(err).toString('utf8')
      if (code === 0 && !sig) return done({ stdout, stderr, timedOut })
      const cause = sig ? `signal: ${SIGNAL_TEXT[sig] ?? sig}` : `exit status ${code}`
      const trimmed = stderr.trim()
      done({ stdout, stderr, err: `\`${argsToLog(argv)}\` failed ${cause}${trimmed ? `: ${trimmed}` : ''}`, timedOut })
    })
  })
}

// ---------------------------------------------------------------------------------------------
// One manifest-generation request

const rpc = (desc: string) => `rpc error: code = Unknown desc = ${desc}`
const DEADLINE_EXCEEDED = 'rpc error: code = DeadlineExceeded desc = context deadline exceeded'

export async function runCmp(req: CmpRequest): Promise<CmpResult> {
  const app: Application = { ...req.app }
  const sidecarEnv = req.sidecarEnv ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  const warnings: string[] = []
  const result: CmpResult = { ok: false, warnings, stderr: '', env: {} }
  const start = Date.now()
  const clientDeadline = start + (req.timeoutSeconds ?? 60) * 1000
  const killAt = clientDeadline - 100 // buffered_context.WithEarlierDeadline(…, cmpTimeoutBuffer)
  const workDirs: string[] = []

  let cfg: PluginConfig
  try {
    cfg = readPluginConfig(req.pluginConfig)
  } catch (e) {
    return { ...result, error: `the sidecar would not start: error reading plugin configuration file: ${(e as Error).message}` }
  }
  const socket = socketName(cfg)

  // Each CMP request gets its own copy of the repository in its own work dir.
  const receive = (): string => {
    const dir = newWorkDir(sidecarEnv)
    workDirs.push(dir)
    const sent = copyRepo(req.repo, dir, cfg.spec.preserveFileMode === true, req.tarExcludedGlobs)
    if (sent === 0) throw new ArgoError(`no files to send(${req.repo})`)
    return dir
  }
  const commandEnv = (requestEnv: [string, string][]) => ({ ...sidecarEnv, ...Object.fromEntries(requestEnv) })

  // MatchRepository on the sidecar: [supported, error].
  const matchRepository = async (requestEnv: [string, string][], appRel: string): Promise<boolean> => {
    let dir: string
    try {
      dir = receive()
    } catch (e) {
      if (e instanceof ArgoError) throw new ArgoError(`error sending stream: ${e.message}`)
      throw new ArgoError(`error receiving stream response: ${rpc(`match repository error receiving stream: error decompressing tgz file: ${(e as Error).message}`)}`)
    }
    const appPath = join(dir, appRel)
    const d = cfg.spec.discover ?? {}
    const fail = (why: string) => new ArgoError(`error receiving stream response: ${rpc(`match repository error: ${why}`)}`)
    if (d.fileName) {
      const pattern = join(appPath, d.fileName)
      try {
        return goGlob(pattern).length > 0
      } catch (e) {
        throw fail(`error finding filename match for pattern "${pattern}": ${(e as Error).message}`)
      }
    }
    if (d.find?.glob) return zglob(join(appPath, d.find.glob)).length > 0
    const r = await runCommand(d.find!, appPath, commandEnv(requestEnv), sidecarEnv.PATH, killAt)
    result.stderr += r.stderr
    if (r.err) throw fail(`error running find command: ${r.err}`)
    return r.stdout !== ''
  }

  // DetectConfigManagementPlugin + cmpSupports, for the one socket this sidecar serves.
  const detect = async (pluginName: string, requestEnv: [string, string][], appRel: string): Promise<void> => {
    const named = pluginName !== ''
    const notFound = named ? `could not find cmp-server plugin with name "${pluginName}" supporting the given repository` : 'could not find plugin supporting the given repository'
    if (named && `${pluginName}.sock` !== socket) {
      const dir = sidecarEnv.ARGOCD_PLUGINSOCKFILEPATH || '/home/argocd/cmp-server/plugins'
      throw new ArgoError(
        `${notFound}: error checking plugin configuration ${pluginName}.sock: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${dir}/${pluginName}.sock: connect: no such file or directory" (this sidecar serves ${socket})`,
      )
    }
    if (!discoveryConfigured(cfg)) {
      if (named) return
      throw new ArgoError(notFound)
    }
    let supported: boolean
    try {
      supported = await matchRepository(requestEnv, appRel)
    } catch (e) {
      throw new ArgoError(`${notFound}: error checking repository support for plugin ${socket}: ${(e as Error).message}`)
    }
    if (!supported) throw new ArgoError(notFound)
  }

  try {
    // The repo-server's own checks on its checkout.
    const oob = outOfBoundsSymlink(req.repo)
    if (oob) throw new ArgoError(`repository contains out-of-bounds symlinks. file: ${oob}`)
    const repoRoot = resolve(req.repo)
    const repoAppPath = appPathIn(repoRoot, app.path ?? '.')
    const appRel = relative(repoRoot, repoAppPath) || '.'

    // GetAppSourceType: .argocd-source*.yaml may add or change the plugin section.
    const merged = mergeSourceParameters(app, repoAppPath)
    if (!merged.plugin) {
      // No plugin section: a CMP is tried first (build env only), then Argo CD's own tools.
      try {
        await detect('', buildEnv(merged), appRel)
      } catch (e) {
        const type = builtInSourceType(repoAppPath)
        return { ...result, sourceType: type, error: `${(e as Error).message} (no plugin section: Argo CD would build this app as ${type} without the plugin)` }
      }
    }
    result.sourceType = 'Plugin'
    const prefix = `CMP processing failed for application "${merged.name ?? 'guestbook'}": `
    try {
      // runConfigManagementPluginSidecars
      let env: [string, string][]
      try {
        env = pluginEnv(merged, req.kubeVersion ?? 'v1.32.4', req.apiVersions ?? ['v1', 'apps/v1'])
      } catch (e) {
        throw new ArgoError((e as Error).message)
      }
      result.env = Object.fromEntries(env)
      await detect(merged.plugin?.name ?? '', env, appRel)

      // generateManifestsCMP → the sidecar's generateManifestGeneric
      let dir: string
      try {
        dir = receive()
      } catch (e) {
        if (e instanceof ArgoError) throw new ArgoError(`error generating manifests in cmp: error sending file to cmp-server: ${e.message}`)
        throw new ArgoError(`error generating manifests in cmp: ${rpc(`generate manifest error receiving stream: error decompressing tgz file: ${(e as Error).message}`)}`)
      }
      result.workDir = dir
      const appPath = normalize(join(dir, appRel))
      if (!appPath.startsWith(dir)) throw new ArgoError(`error generating manifests in cmp: ${rpc('illegal appPath: out of workDir bound')}`)
      const childEnv = commandEnv(env)
      const failed = (r: CommandResult) =>
        new ArgoError(`error generating manifests in cmp: ${r.timedOut && Date.now() >= clientDeadline ? DEADLINE_EXCEEDED : rpc(`error generating manifests: ${r.err}`)}`)
      if (cfg.spec.init?.command?.length) {
        const r = await runCommand(cfg.spec.init, appPath, childEnv, sidecarEnv.PATH, killAt)
        result.stderr += r.stderr
        if (r.err) throw failed(r)
      }
      const g = await runCommand(cfg.spec.generate!, appPath, childEnv, sidecarEnv.PATH, killAt)
      result.stderr += g.stderr
      if (g.err) throw failed(g)
      let strings: string[]
      try {
        strings = splitYamlToString(g.stdout, warnings)
      } catch (e) {
        throw new ArgoError(`error generating manifests in cmp: ${rpc(`error generating manifests: ${(e as Error).message}`)}`)
      }
      // The repo-server parses each manifest string again.
      const objects: Record<string, unknown>[] = []
      for (const s of strings) {
        try {
          objects.push(...splitYaml(s))
        } catch (e) {
          throw new ArgoError(`failed to convert CMP manifests to unstructured objects: ${(e as Error).message}`)
        }
      }
      const manifests = flattenLists(objects)
      if (manifests.length === 0) warnings.push('the plugin produced zero objects: with auto-sync and prune, Argo CD would delete everything the app has')
      return { ...result, ok: true, manifests }
    } catch (e) {
      if (e instanceof ArgoError && e.message.startsWith('items member')) return { ...result, error: e.message }
      if (e instanceof ArgoError) return { ...result, error: prefix + e.message }
      throw e
    }
  } catch (e) {
    if (e instanceof ArgoError) return { ...result, error: e.message }
    throw e
  } finally {
    if (!req.keepWorkDir) for (const d of workDirs) rmSync(d, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// As a script: flags → runCmp → one JSON object on stdout; exit 0 = Argo CD accepts, 1 = it fails the app.

const USAGE = `usage: node test/support/argocd-cmp.ts --plugin PLUGIN_YAML --repo DIR [options]
  --app-path DIR        spec.source.path (default .)
  --plugin-name NAME    spec.source.plugin.name (a plugin section is sent when this or any --env/--param-* is given)
  --no-plugin-section   send no plugin section even with a name (auto-detection)
  --app-name NAME       (default guestbook)      --app-namespace NS   destination namespace (default default)
  --project NAME        --revision SHA           --target-revision REV   --repo-url URL
  --kube-version V      (default v1.32.4)        --api-versions a,b   (default v1,apps/v1)
  --env NAME=VALUE      plugin env (repeatable)
  --param-string NAME=VALUE   --param-array NAME=a,b   --param-map NAME=k=v   (repeatable)
  --timeout-seconds N   the repo-server deadline (default 60)
  --exclude GLOB        --plugin-tar-exclude (repeatable)
  --keep-workdir
The sidecar env is this process's environment. Output: {"ok", "manifests" | "error", "warnings", "stderr", "env", ...}.`

async function main(argv: string[]): Promise<number> {
  const one: Record<string, string> = {}
  const many: Record<string, string[]> = { env: [], 'param-string': [], 'param-array': [], 'param-map': [], exclude: [] }
  let keep = false
  let noPluginSection = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (a === '--keep-workdir') keep = true
    else if (a === '--no-plugin-section') noPluginSection = true
    else if (a.startsWith('--') && i + 1 < argv.length) {
      const k = a.slice(2)
      if (k in many) many[k].push(argv[++i])
      else one[k] = argv[++i]
    } else {
      process.stderr.write(`${USAGE}\n`)
      return 2
    }
  }
  if (!one.plugin || !one.repo) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const kv = (s: string) => {
    const i = s.indexOf('=')
    return [s.slice(0, i), s.slice(i + 1)] as const
  }
  const parameters: PluginParameter[] = []
  for (const p of many['param-string']) parameters.push({ name: kv(p)[0], string: kv(p)[1] })
  for (const p of many['param-array']) parameters.push({ name: kv(p)[0], array: kv(p)[1].split(',') })
  for (const p of many['param-map']) {
    const [name, rest] = kv(p)
    const [k, v] = kv(rest)
    let q = parameters.find((x) => x.name === name && x.map)
    if (!q) parameters.push((q = { name, map: {} }))
    q.map![k] = v
  }
  const wantsPlugin = !noPluginSection && (one['plugin-name'] !== undefined || many.env.length > 0 || parameters.length > 0)
  const res = await runCmp({
    pluginConfig: one.plugin,
    repo: one.repo,
    app: {
      name: one['app-name'],
      namespace: one['app-namespace'],
      project: one.project,
      revision: one.revision,
      targetRevision: one['target-revision'],
      repoURL: one['repo-url'],
      path: one['app-path'],
      plugin: wantsPlugin ? { name: one['plugin-name'], env: many.env.map((e) => ({ name: kv(e)[0], value: kv(e)[1] })), parameters } : undefined,
    },
    kubeVersion: one['kube-version'],
    apiVersions: one['api-versions']?.split(','),
    sidecarEnv: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
    timeoutSeconds: one['timeout-seconds'] ? Number(one['timeout-seconds']) : undefined,
    tarExcludedGlobs: many.exclude,
    keepWorkDir: keep,
  })
  for (const w of res.warnings) process.stderr.write(`[argocd-cmp] WARNING: ${w}\n`)
  if (!res.ok) process.stderr.write(`[argocd-cmp] ERROR: ${res.error}\n`)
  process.stdout.write(`${JSON.stringify(res, null, 2)}\n`)
  return res.ok ? 0 : 1
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code))
}
