// Sprig's defaults and flow control (src/template/funcs/sprig/defaults.ts).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo, type OracleCase } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: [string, unknown, string | RegExp][] = [['{{ fail "the author says no" }}', null, /error calling fail: the author says no/]]

for (const [src, data, want] of rows) {
  test(`${src} ${data ? JSON.stringify(data) : ''}`, () => {
    if (typeof want === 'string') assert.equal(render(src, data), want)
    else assert.throws(() => render(src, data), want)
  })
}

// --- agreement with Go (Debian's Go 1.19 and Sprig 3.2.3 with xstrings 1.3.3) ---

function goCases(): OracleCase[] {
  const cases: OracleCase[] = []
  const add = (template: string, data: unknown = null) => cases.push({ template, data, funcs: 'sprig' })
  add('{{ fail "boom" }}')
  return cases
}

test('fail agrees with Go', () => {
  const cases = goCases()
  assert.ok(cases.length > 0)
  assert.deepEqual(differencesFromGo(cases), [])
})
