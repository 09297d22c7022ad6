// The Go template conformance cases (test/conformance/gotemplate, see PROVENANCE.md there): Go's builtins, Sprig and ESO's
// function map, through the public API. Each known difference sits in SKIP with its reason; each
// family must pass at least 99% of its cases.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../support/fixtures.ts'
import { renderTemplate } from '../../src/template/index.ts'

interface Case {
  id: string
  template: string
  data: unknown
  dataKind?: string
  funcs: 'builtin' | 'sprig' | 'eso'
  missingkey?: 'default' | 'zero' | 'error'
  delims?: [string, string]
  expect?: string
  expectError?: boolean
  unsure?: boolean
}

export const SKIP: Record<string, string> = {}

const dir = join(ROOT, 'test', 'conformance', 'gotemplate')
const cases = ['cases.jsonl', 'eso_cases.jsonl']
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
  .map((l) => JSON.parse(l) as Case)
  .filter((c) => !c.unsure)

export function run(c: Case): { out?: string; err?: unknown } {
  try {
    return { out: renderTemplate(c.template, c.data, { functions: c.funcs, missingKey: c.missingkey ?? 'default', delimiters: c.delims, stringMap: c.dataKind === 'map[string]string' }) }
  } catch (err) {
    return { err }
  }
}

const passed: Record<string, number> = { builtin: 0, sprig: 0, eso: 0 }
for (const c of cases) {
  if (SKIP[c.id]) continue
  test(`go template (${c.funcs}) ${c.id}`, () => {
    const r = run(c)
    if (c.expectError) assert.ok(r.err !== undefined, `expected an error, got ${JSON.stringify(r.out)}`)
    else {
      assert.equal(r.err, undefined, String(r.err))
      assert.equal(r.out, c.expect)
    }
    passed[c.funcs]++
  })
}
for (const family of ['builtin', 'sprig', 'eso'] as const) {
  const total = cases.filter((c) => c.funcs === family).length
  test(`at least 99% of the ${total} ${family} cases pass`, () => {
    assert.ok(passed[family] >= Math.ceil(total * 0.99), `${passed[family]}/${total}`)
  })
}
