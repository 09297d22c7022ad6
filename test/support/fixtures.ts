// Golden fixtures: fixtures/NAME/{input.yaml, vault.json, expected.yaml | errors.txt, fixture.json}.
// Loaded once, shared by the in-process test and the end-to-end tests of every face.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { fileURLToPath } from 'node:url'
import { OPTION_KEYS } from '../../src/config.ts'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const FIXTURES = join(ROOT, 'fixtures')

export interface FixtureMeta {
  description?: string
  source?: string
  /** Environment for the render (Vault address is added by the runner); `$FIXTURE_DIR` in a value is the fixture's directory. */
  env?: Record<string, string>
  /** Extra CLI flags for `eso-render render` (the in-process test only). */
  args?: string[]
  /** Input options (function config keys, string values): flags in process, the function config under every host. */
  options?: Record<string, string>
  /** Exact Vault requests, `METHOD /v1/path[?query][ (namespace)]`, order-insensitive. */
  expectRequests?: string[]
  /** Regexes that must match stderr. */
  stderr?: string[]
  /** Regexes that must not match stderr. */
  stderrAbsent?: string[]
}

export interface Fixture {
  name: string
  dir: string
  inputPath: string
  input: string
  vault: Record<string, unknown>
  expected?: string
  errors?: RegExp[]
  meta: FixtureMeta
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((name) => existsSync(join(FIXTURES, name, 'input.yaml')))
    .sort()
    .map((name) => {
      const dir = join(FIXTURES, name)
      const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined)
      const errors = read('errors.txt')
      return {
        name,
        dir,
        inputPath: join(dir, 'input.yaml'),
        input: read('input.yaml')!,
        vault: JSON.parse(read('vault.json') ?? '{}') as Record<string, unknown>,
        expected: read('expected.yaml'),
        errors: errors
          ?.split('\n')
          .filter((l) => l.trim())
          .map((l) => new RegExp(l)),
        meta: withFixtureDir(JSON.parse(read('fixture.json') ?? '{}') as FixtureMeta, dir),
      }
    })
}

/** An operator's file kept beside the fixture (a checksum key) is named by an absolute path, whatever the host's working directory. */
function withFixtureDir(meta: FixtureMeta, dir: string): FixtureMeta {
  if (!meta.env) return meta
  return { ...meta, env: Object.fromEntries(Object.entries(meta.env).map(([k, v]) => [k, v.replaceAll('$FIXTURE_DIR', dir)])) }
}

export function updateGolden(f: Fixture, stdout: string): void {
  writeFileSync(join(f.dir, 'expected.yaml'), stdout)
}

export const UPDATE = process.env.UPDATE_GOLDEN === '1'

/** Every secret value of a seed (leaf strings and number literals of 4+ characters): none may reach stderr or results. */
export function canaries(seed: Record<string, unknown>): string[] {
  const out = new Set<string>()
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.length >= 4) out.add(v)
    } else if (typeof v === 'number') {
      // Numbers too (a PIN, a port in a connection string): long enough not to match a line number.
      if (String(v).length >= 6) out.add(String(v))
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  // The server's own credentials: passwords, secret IDs and seed tokens must never be printed.
  const server = (seed.$server ?? {}) as { auth?: Record<string, { users?: Record<string, { password?: string }>; roles?: Record<string, { secretIds?: string[] }> }>; tokens?: { id: string }[] }
  for (const mount of Object.values(server.auth ?? {})) {
    for (const u of Object.values(mount.users ?? {})) if (u.password && u.password.length >= 4) out.add(u.password)
    for (const r of Object.values(mount.roles ?? {})) for (const id of r.secretIds ?? []) if (id.length >= 4) out.add(id)
  }
  for (const t of server.tokens ?? []) if (t.id.length >= 8) out.add(t.id)
  for (const [name, mount] of Object.entries(seed)) {
    if (name === '$server' || !mount || typeof mount !== 'object') continue
    const m = mount as Record<string, unknown>
    walk(m.secrets)
    walk(m.versions)
    walk(m.token)
    for (const raw of Object.values((m.rawJson ?? {}) as Record<string, string>)) walk(JSON.parse(raw))
  }
  return [...out]
}

/** The credentials of the input's Secrets (8 characters or more: short ones are ordinary words): none may reach stderr. */
export function inputCanaries(input: string): string[] {
  const out = new Set<string>()
  for (const doc of parseAllDocuments(input)) {
    const o = doc.toJS() as { kind?: string; stringData?: Record<string, unknown>; data?: Record<string, unknown> } | null
    if (o?.kind !== 'Secret') continue
    for (const v of Object.values(o.stringData ?? {})) if (typeof v === 'string' && v.length >= 8) out.add(v)
    for (const v of Object.values(o.data ?? {})) {
      const text = typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : ''
      if (text.length >= 8) out.add(text)
    }
  }
  return [...out]
}

/**
 * A secret value as a message could carry it past a substring scrub: upper- or lower-cased,
 * reversed, base64 (with or without padding), hex, URL- or JSON-escaped, its first 8 bytes. Only
 * for values of 8 bytes or more, so that short words ("admin", "true") do not match by chance.
 */
export function transformedForms(value: string): string[] {
  if (value.length < 8) return [value]
  const bytes = Buffer.from(value, 'utf8')
  return [
    value,
    value.toUpperCase(),
    value.toLowerCase(),
    [...value].reverse().join(''),
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    value.slice(0, 8),
  ]
}

export function assertNoCanary(text: string, secrets: string[], where: string): void {
  for (const s of secrets) {
    for (const form of transformedForms(s)) {
      if (text.includes(form)) throw new Error(`a secret value from vault.json appears in ${where}${form === s ? '' : ' (transformed)'}`)
    }
  }
}

/** A fixture's options as `eso-render render` flags. */
export function optionFlags(f: Fixture): string[] {
  return Object.entries(f.meta.options ?? {}).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v])
}

/** A fixture's options as an EsoRender spec block (`spec:\n  key: "value"\n`), booleans and integers typed as the spec takes them. */
export function optionSpec(f: Fixture): string {
  const entries = Object.entries(f.meta.options ?? {})
  const typed = (k: string, v: string) => {
    const type = (OPTION_KEYS as Record<string, { type: string } | undefined>)[k]?.type
    const bare = (type === 'boolean' || type === 'keep') && /^(true|false)$/.test(v)
    return bare || (type === 'integer' && /^\d+$/.test(v)) ? v : JSON.stringify(v)
  }
  return entries.length ? `spec:\n${entries.map(([k, v]) => `  ${k}: ${typed(k, v)}\n`).join('')}` : 'spec: {}\n'
}
