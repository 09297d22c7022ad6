// Sprig's string functions (src/template/funcs/sprig/strings.ts). A table pins behaviour (including
// where ESO's newer libraries differ from the oracle's: xstrings 1.5's camelcase); a differential
// test compares a wide grid of inputs with real Go, minus those known differences.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo, type OracleCase } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })
const q = (s: string) => JSON.stringify(s)

const rows: [string, unknown, string | RegExp][] = [
  ['{{ hello }}', null, 'Hello!'],
  ['{{ title "hello wORLD foo_bar x.y" }}', null, 'Hello WORLD Foo_bar X.Y'],
  // strings.Title uses title case: the dz digraph becomes Dz, not DZ; Georgian keeps its letters.
  ['{{ title .s }}', { s: 'ǆemal ძალა' }, 'ǅemal ძალა'],
  ['{{ untitle "Hello World\tAGAIN" }}', null, 'hello world\taGAIN'],
  ['{{ abbrev 5 "hello world" }}|{{ abbrev 3 "hello world" }}|{{ abbrev 20 "hello" }}', null, 'he...|hello world|hello'],
  ['{{ abbrevboth 5 10 "1234 5678 9123" }}|{{ abbrevboth 1 6 "abcdefghij" }}', null, '...5678...|abcdefghij'],
  ['{{ initials "hello big world" }}|{{ initials "  a  b " }}', null, 'hbw|ab'],
  ['{{ wrap 5 "hello world foo" }}', null, 'hello\nworld\nfoo'],
  ['{{ wrap 3 "supercalifragilistic ok" }}', null, 'supercalifragilistic\nok'],
  ['{{ wrapWith 5 "\\t" "Hello World" }}|{{ wrapWith 3 "|" "abcdefgh" }}', null, 'Hello\tWorld|abc|def|gh'],
  // xstrings 1.5 ToPascalCase (ESO's Sprig); the oracle's xstrings 1.3 lowers the rest of a word.
  [
    '{{ camelcase "http_server" }}|{{ camelcase "_complex__case_" }}|{{ camelcase "GOLANG_IS_GREAT" }}|{{ camelcase "HelloWorld" }}|{{ camelcase "userID" }}',
    null,
    'HttpServer|_Complex_Case_|GolangIsGreat|HelloWorld|UserID',
  ],
  [
    '{{ snakecase "FirstName" }}|{{ snakecase "HTTPServer" }}|{{ snakecase "NoHTTPS" }}|{{ snakecase "GO PATH" }}|{{ snakecase "http2xx" }}|{{ snakecase "HTTP20xOK" }}|{{ snakecase "Bld4Floor3rd" }}',
    null,
    'first_name|http_server|no_https|go_path|http_2xx|http_20x_ok|bld4_floor_3rd',
  ],
  ['{{ kebabcase "FirstName" }}|{{ kebabcase "GO-PATH" }}|{{ kebabcase "Duration2m3s" }}', null, 'first-name|go-path|duration-2m3s'],
  ['{{ split "." "a.b.c" }}|{{ split "." "a.b" | typeOf }}|{{ index (split "." "a") "_7" | printf "%q" }}', null, 'map[_0:a _1:b _2:c]|map[string]string|""'],
  ['{{ splitn "." 2 "a.b.c" }}|{{ splitn "." 0 "a.b" }}|{{ splitn "" 2 "héllo" }}', null, 'map[_0:a _1:b.c]|map[]|map[_0:h _1:éllo]'],
  ['{{ wrap 3 }}', null, /wrong number of args for wrap/],
]

for (const [src, data, want] of rows) {
  test(`${src} ${data ? JSON.stringify(data) : ''}`, () => {
    if (typeof want === 'string') assert.equal(render(src, data), want)
    else assert.throws(() => render(src, data), want)
  })
}

test('invalid UTF-8 goes through as Go passes bytes (initials reads bytes as Latin-1 runes)', () => {
  const bytes = (b: number[]) => new TextDecoder().decode(new Uint8Array(b))
  // Go's initials keeps the lead byte 0xC3 of "é" as the rune U+00C3 (bytes C3 83).
  assert.equal(render('{{ initials .s }}', { s: 'éa b' }), `${bytes([0xc3, 0x83])}b`)
  // abbrev cuts at a byte offset, inside the first é here: its lead byte alone is not UTF-8.
  assert.equal(render('{{ abbrev 4 .s }} {{ abbrev 4 .s | len }}', { s: 'ééé' }), '\ufffd... 4')
})

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
const long = ['', 'hello world foo bar baz', 'Now is the time for all good men', 'abcdefghijklmnop', 'éééééééééé', 'a b', '1234 5678 9123', '  a  b  ', 'supercalifragilistic is long', 'é é é é é']

// --- agreement with Go (Debian's Go 1.19 and Sprig 3.2.3 with xstrings 1.3.3) ---

function goCases(): OracleCase[] {
  const cases: OracleCase[] = []
  const add = (template: string, data: unknown = null) => cases.push({ template, data, funcs: 'sprig' })
  // camelcase is left out: ESO's xstrings 1.5 differs from the oracle's 1.3 (pinned in the table).
  for (const s of words) for (const f of ['title', 'untitle', 'initials', 'snakecase', 'kebabcase']) add(`{{ ${f} .s }}`, { s })
  for (const s of long) {
    for (const w of [-1, 0, 3, 4, 5, 6, 7, 10, 20]) add(`{{ abbrev ${w} .s }}`, { s })
    for (const [l, r] of [
      [0, 4],
      [0, 5],
      [1, 7],
      [5, 10],
      [10, 10],
      [4, 7],
      [20, 10],
      [-3, 6],
      [0, 6],
      [3, 6],
      [6, 8],
    ])
      add(`{{ abbrevboth ${l} ${r} .s }}`, { s })
    for (const w of [-1, 0, 1, 2, 3, 5, 8, 100]) {
      add(`{{ wrap ${w} .s }}`, { s })
      add(`{{ wrapWith ${w} "<br>" .s }}`, { s })
      add(`{{ wrapWith ${w} "" .s }}`, { s })
    }
  }
  for (const [sep, s] of [
    ['.', 'a.b.c'],
    [',', ''],
    ['', 'abc'],
    ['', ''],
    ['', 'héllo'],
    ['ab', 'xabyabz'],
    ['.', '...'],
    ['x', 'abc'],
    ['é', 'aébéc'],
  ]) {
    add(`{{ split ${q(sep)} ${q(s)} }}`)
    for (const n of [-1, 0, 1, 2, 3, 10]) add(`{{ splitn ${q(sep)} ${n} ${q(s)} }}`)
  }
  add('{{ hello }}')
  return cases
}

test('agrees with Go over a grid of inputs (camelcase aside)', () => {
  const cases = goCases()
  assert.ok(cases.length > 500)
  assert.deepEqual(differencesFromGo(cases), [])
})
