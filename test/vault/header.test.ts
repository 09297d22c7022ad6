// src/vault/header.ts: what node:http accepts in a header, decided before a request is built
// (issue 14: a CR or LF in a token made Node throw mid-request, "failed unexpectedly").
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { validateHeaderName, validateHeaderValue } from 'node:http'
import { headerValueProblem, isHeaderName } from '../../src/vault/header.ts'

const values: { name: string; value: string; problem?: RegExp }[] = [
  { name: 'a plain token', value: 'hvs.CAESIJ-abc_123' },
  { name: 'spaces and a tab inside', value: 'a b\tc' },
  { name: 'Latin-1 letters', value: 'café' },
  { name: 'CRLF at the end (a Windows file)', value: 'hvs.x\r\n', problem: /control character/ },
  { name: 'LF alone (echo without -n)', value: 'hvs.x\n', problem: /control character/ },
  { name: 'CR alone', value: 'a\rb', problem: /control character/ },
  { name: 'NUL', value: 'a\u0000b', problem: /control character/ },
  { name: 'ESC', value: '\u001b[31m', problem: /control character/ },
  { name: 'DEL', value: 'a\u007f', problem: /control character/ },
  { name: 'a character beyond Latin-1', value: 'tok€n', problem: /beyond Latin-1/ },
  { name: 'a line separator', value: 'a\u2028b', problem: /beyond Latin-1/ },
]
for (const c of values) {
  test(`header value: ${c.name} ${c.problem ? 'cannot' : 'can'} be sent, as node:http decides`, () => {
    const problem = headerValueProblem(c.value)
    if (c.problem) assert.match(problem ?? '', c.problem)
    else assert.equal(problem, undefined)
    // The rule is Node's own: whatever it refuses, this refuses.
    const nodeRefuses = (() => {
      try {
        validateHeaderValue('X-Vault-Token', c.value)
        return false
      } catch {
        return true
      }
    })()
    assert.equal(problem !== undefined, nodeRefuses)
  })
}

const names: [string, boolean][] = [
  ['X-Vault-Token', true],
  ["x!#$%&'*+-.^_`|~1", true],
  ['X A', false],
  ['X-A\r\n', false],
  ['', false],
  ['X:A', false],
  ['Ä', false],
]
for (const [name, ok] of names) {
  test(`header name ${JSON.stringify(name)} ${ok ? 'is' : 'is not'} an HTTP token, as node:http decides`, () => {
    assert.equal(isHeaderName(name), ok)
    assert.equal(
      isHeaderName(name),
      (() => {
        try {
          validateHeaderName(name)
          return true
        } catch {
          return false
        }
      })(),
    )
  })
}
