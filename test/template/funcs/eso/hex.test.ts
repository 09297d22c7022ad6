// hexdec (ESO's Sprig fork): Go's hex.DecodeString, with errors returned as the result text.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'

const render = (template: string, data: Record<string, string> = {}) => renderTemplate(template, data, { functions: 'eso', stringMap: true, missingKey: 'error' })

test('hexdec', () => {
  const cases: [string, string][] = [
    ['48656c6c6f', 'Hello'],
    ['48656C6C6F', 'Hello'],
    ['', ''],
    ['abc', 'encoding/hex: odd length hex string'],
    ['zz', "encoding/hex: invalid byte: U+007A 'z'"],
    ['4g', "encoding/hex: invalid byte: U+0067 'g'"],
    ['41z', "encoding/hex: invalid byte: U+007A 'z'"],
    ['41\n', 'encoding/hex: invalid byte: U+000A'],
  ]
  for (const [input, want] of cases) assert.equal(render('{{ hexdec .v }}', { v: input }), want, JSON.stringify(input))
  // ESO's template_test.go "hexdec" case: binary output survives b64enc.
  assert.equal(render('{{ .example | sha256sum | hexdec | b64enc }}', { example: 'example' }), 'UNhY4JhezH9gQYqvDMWrWH9CwlcKiECVqejMrND2VFw=')
})
