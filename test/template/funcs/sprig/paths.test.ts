// Sprig's path functions (src/template/funcs/sprig/paths.ts), compared with real Go over a grid of paths.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo, type OracleCase } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: [string, unknown, string | RegExp][] = [
  ['{{ base "/a/b.c" }}|{{ dir "/a/b/c" }}|{{ clean "a//b/../c/." }}|{{ ext "f.tar.gz" }}|{{ isAbs "/x" }}|{{ base "" }}|{{ dir "" }}|{{ clean "/../a" }}', null, 'b.c|/a/b|a/c|.gz|true|.|.|/a'],
  ['{{ osBase "/x/y/" }}|{{ osDir "foo" }}|{{ osClean "../../a/.." }}|{{ osExt ".hidden" }}|{{ osIsAbs "foo" }}', null, 'y|.|../..|.hidden|false'],
]

for (const [src, data, want] of rows) {
  test(`${src} ${data ? JSON.stringify(data) : ''}`, () => {
    if (typeof want === 'string') assert.equal(render(src, data), want)
    else assert.throws(() => render(src, data), want)
  })
}

const paths = [
  '',
  '/',
  '//',
  '///a//b/',
  'a/b/../c',
  '../a',
  '../../a/..',
  '/../a',
  './',
  '.',
  '..',
  'a/./b/.',
  '/a/b.c/d',
  'file.tar.gz',
  '.hidden',
  'a.',
  'dir.x/file',
  'a/b/',
  'é/ü.txt',
  'abc/..',
  'C:\\x\\y.z',
]
const words = [
  '',
  'a',
  'hello world',
  'Hello World',
  'hello_world',
  'HTTPServer',
  'NoHTTPS',
  'GO_PATH',
  'GO PATH',
  'GO-PATH',
  'http2xx',
  'HTTP20xOK',
  'Duration2m3s',
  'Bld4Floor3rd',
  '_complex__case_',
  '__a__',
  '--x--',
  '  lead',
  'trail  ',
  'a  b',
  'GOLANG_IS_GREAT',
  'abc123def',
  '123abc',
  'a1b2c3',
  'ÉCOLE_été',
  'straße',
  'ǆemal ǅ',
  'ᾀ ᾳ',
  'İstanbul',
  'ﬁle',
  '中文_测试',
  'a.b-c_d e',
  'x!y?z',
  'ÀÉÎõü',
  'hello\tworld\nnew',
  'a\u00a0b',
  'a\u2003b',
  'mixed-Case_and SPACES',
  'ABC',
  'Ab',
  'A',
  '1',
  '1a',
  'a1',
  'v1.2.3',
  'ID',
  'JSONData',
  '😀smile',
  'Ⅻ roman Ⅻx',
  '٣arabic',
  "don't stop",
  'ძალა',
  'ALL_CAPS_9',
  'snake_9_case',
  '9_lives',
]

// --- agreement with Go (Debian's Go 1.19 and Sprig 3.2.3 with xstrings 1.3.3) ---

function goCases(): OracleCase[] {
  const cases: OracleCase[] = []
  const add = (template: string, data: unknown = null) => cases.push({ template, data, funcs: 'sprig' })
  for (const s of [...paths, ...words.slice(0, 10)]) for (const f of ['base', 'dir', 'clean', 'ext', 'isAbs', 'osBase', 'osDir', 'osClean', 'osExt', 'osIsAbs']) add(`{{ ${f} .s }}`, { s })
  return cases
}

test('path functions agree with Go over a grid of paths', () => {
  const cases = goCases()
  assert.ok(cases.length > 100)
  assert.deepEqual(differencesFromGo(cases), [])
})
