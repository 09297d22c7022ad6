// huandu/xstrings 1.5.0 (src/go/xstrings.ts), as Sprig's camelcase, snakecase and kebabcase call
// it (ESO's Sprig has 1.5; the Go template oracle's 1.3 differs for camelcase).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { camelCaseToLowerCase, toPascalCase } from '../../src/go/xstrings.ts'

const pascal: [string, string][] = [
  ['http_server', 'HttpServer'],
  ['_complex__case_', '_Complex_Case_'],
  ['GOLANG_IS_GREAT', 'GolangIsGreat'],
  ['HelloWorld', 'HelloWorld'],
  ['userID', 'UserID'],
  ['', ''],
]
for (const [s, want] of pascal) test(`ToPascalCase(${JSON.stringify(s)}) is ${JSON.stringify(want)}`, () => assert.equal(toPascalCase(s), want))

const lower: [string, string, string][] = [
  ['FirstName', '_', 'first_name'],
  ['HTTPServer', '_', 'http_server'],
  ['NoHTTPS', '_', 'no_https'],
  ['GO PATH', '_', 'go_path'],
  ['http2xx', '_', 'http_2xx'],
  ['HTTP20xOK', '_', 'http_20x_ok'],
  ['Bld4Floor3rd', '_', 'bld4_floor_3rd'],
  ['GO-PATH', '-', 'go-path'],
  ['Duration2m3s', '-', 'duration-2m3s'],
]
for (const [s, connector, want] of lower)
  test(`camelCaseToLowerCase(${JSON.stringify(s)}, ${JSON.stringify(connector)}) is ${JSON.stringify(want)}`, () => assert.equal(camelCaseToLowerCase(s, connector), want))
