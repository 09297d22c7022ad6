// Sprig's conversions (src/template/funcs/sprig/conversions.ts): toDecimal compared with real Go.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo, type OracleCase } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: [string, unknown, string | RegExp][] = [
  ['{{ toDecimal "777" }}|{{ toDecimal 777 }}|{{ toDecimal "8" }}|{{ toDecimal "-17" }}|{{ toDecimal nil }}|{{ toDecimal "777" | typeOf }}', null, '511|511|0|-15|0|int64'],
]

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
  for (const v of [
    '"777"',
    '"0777"',
    '"8"',
    '"-17"',
    '"+17"',
    '777',
    '777.0',
    '7.5',
    'nil',
    '"1_0"',
    '" 7"',
    '"0o7"',
    'true',
    '"777777777777777777777"',
    '"-1000000000000000000000"',
    '"1000000000000000000000"',
    '""',
  ])
    add(`{{ toDecimal ${v} }} {{ toDecimal ${v} | typeOf }}`)
  return cases
}

test('toDecimal agrees with Go', () => {
  const cases = goCases()
  assert.ok(cases.length > 10)
  assert.deepEqual(differencesFromGo(cases), [])
})
