// Golden fixtures: fixtures/NAME/{input.yaml, vault.json, expected.yaml | errors.txt, fixture.json}.
// Loaded once, shared by the in-process test and the end-to-end tests of every face.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const FIXTURES = join(ROOT, 'fixtures')

export interface FixtureMeta {
  description?: string
  source?: string
  /** Environment for the render (Vault address is added by the runner). */
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
        meta: JSON.parse(read('fixture.json') ?? '{}') as FixtureMeta,
      }
    })
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
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  for (const mount of Object.values(seed)) {
    if (!mount || typeof mount !== 'object') continue
    const m = mount as Record<string, unknown>
    walk(m.secrets)
    walk(m.versions)
    walk(m.token)
    for (const raw of Object.values((m.rawJson ?? {}) as Record<string, string>)) walk(JSON.parse(raw))
  }
  return [...out]
}

export function assertNoCanary(text: string, secrets: string[], where: string): void {
  for (const s of secrets) {
    if (text.includes(s)) throw new Error(`a secret value from vault.json appears in ${where}`)
  }
}

/** A fixture's options as `eso-render render` flags. */
export function optionFlags(f: Fixture): string[] {
  return Object.entries(f.meta.options ?? {}).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v])
}

/** A fixture's options as an EsoRender spec block (`spec:\n  key: "value"\n`). */
export function optionSpec(f: Fixture): string {
  const entries = Object.entries(f.meta.options ?? {})
  return entries.length ? `spec:\n${entries.map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`).join('')}` : 'spec: {}\n'
}
