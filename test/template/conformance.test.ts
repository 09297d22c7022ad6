// The shared Go template cases with funcs "builtin" (Go's own outputs), through the public API.
// Each known difference sits in SKIP with its reason.

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

export const SKIP: Record<string, string> = {
}

const cases = readFileSync(join(ROOT, '..', 'shared', 'conformance', 'gotemplate', 'cases.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Case)
  .filter((c) => c.funcs === 'builtin' && !c.unsure)

export function run(c: Case): { out?: string; err?: unknown } {
  try {
    return { out: renderTemplate(c.template, c.data, { functions: c.funcs, missingKey: c.missingkey ?? 'default', delimiters: c.delims, stringMap: c.dataKind === 'map[string]string' }) }
  } catch (err) {
    return { err }
  }
}

let passed = 0
for (const c of cases) {
  if (SKIP[c.id]) continue
  test(`go template ${c.id}`, () => {
    const r = run(c)
    if (c.expectError) assert.ok(r.err !== undefined, `expected an error, got ${JSON.stringify(r.out)}`)
    else {
      assert.equal(r.err, undefined, String(r.err))
      assert.equal(r.out, c.expect)
    }
    passed++
  })
}
test(`at least 99% of the ${cases.length} builtin cases pass`, () => {
  assert.ok(passed >= Math.ceil(cases.length * 0.99) - Object.keys(SKIP).length, `${passed}/${cases.length}`)
})
