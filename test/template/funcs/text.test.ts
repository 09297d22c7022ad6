// Sprig's string, path and URL functions (src/template/funcs/text.ts). A table pins behaviour
// (including where ESO's newer libraries differ from the oracle's: xstrings 1.5's camelcase, Go
// 1.26's URL hosts); a differential test compares a wide grid of inputs with real Go, minus those
// known differences; and errors must not echo the data.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../src/template/index.ts'
import { differencesFromGo, type OracleCase } from '../../support/go-oracle.ts'

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
  ['{{ camelcase "http_server" }}|{{ camelcase "_complex__case_" }}|{{ camelcase "GOLANG_IS_GREAT" }}|{{ camelcase "HelloWorld" }}|{{ camelcase "userID" }}', null, 'HttpServer|_Complex_Case_|GolangIsGreat|HelloWorld|UserID'],
  ['{{ snakecase "FirstName" }}|{{ snakecase "HTTPServer" }}|{{ snakecase "NoHTTPS" }}|{{ snakecase "GO PATH" }}|{{ snakecase "http2xx" }}|{{ snakecase "HTTP20xOK" }}|{{ snakecase "Bld4Floor3rd" }}', null, 'first_name|http_server|no_https|go_path|http_2xx|http_20x_ok|bld4_floor_3rd'],
  ['{{ kebabcase "FirstName" }}|{{ kebabcase "GO-PATH" }}|{{ kebabcase "Duration2m3s" }}', null, 'first-name|go-path|duration-2m3s'],
  ['{{ split "." "a.b.c" }}|{{ split "." "a.b" | typeOf }}|{{ index (split "." "a") "_7" | printf "%q" }}', null, 'map[_0:a _1:b _2:c]|map[string]string|""'],
  ['{{ splitn "." 2 "a.b.c" }}|{{ splitn "." 0 "a.b" }}|{{ splitn "" 2 "héllo" }}', null, 'map[_0:a _1:b.c]|map[]|map[_0:h _1:éllo]'],
  ['{{ toDecimal "777" }}|{{ toDecimal 777 }}|{{ toDecimal "8" }}|{{ toDecimal "-17" }}|{{ toDecimal nil }}|{{ toDecimal "777" | typeOf }}', null, '511|511|0|-15|0|int64'],
  ['{{ base "/a/b.c" }}|{{ dir "/a/b/c" }}|{{ clean "a//b/../c/." }}|{{ ext "f.tar.gz" }}|{{ isAbs "/x" }}|{{ base "" }}|{{ dir "" }}|{{ clean "/../a" }}', null, 'b.c|/a/b|a/c|.gz|true|.|.|/a'],
  ['{{ osBase "/x/y/" }}|{{ osDir "foo" }}|{{ osClean "../../a/.." }}|{{ osExt ".hidden" }}|{{ osIsAbs "foo" }}', null, 'y|.|../..|.hidden|false'],
  ['{{ urlParse "proto://host:80/pa%20th?key=val%20ue" }}', null, 'map[fragment: host:host:80 hostname:host opaque: path:/pa th query:key=val%20ue scheme:proto userinfo:]'],
  ['{{ (urlParse "https://u%40:p%3A@[fe80::1%25en0]:8/x#f%20g").userinfo }} {{ (urlParse "https://[fe80::1%25en0]:8/").hostname }}', null, 'u%40:p%3A fe80::1%en0'],
  ['{{ (urlParse "mailto:joe@example.com?subject=hi").opaque }}', null, 'joe@example.com'],
  ['{{ urlJoin . }}', { scheme: 'proto', host: 'host:80', path: '/pa th', query: 'key=val%20ue', userinfo: 'user:pa%20ss', fragment: 'f g' }, 'proto://user:pa%20ss@host:80/pa%20th?key=val%20ue#f%20g'],
  ['{{ urlJoin . }}', { path: 'a:b/c' }, './a:b/c'],
  ['{{ urlJoin (dict "host" "h" "path" "x") }}', null, '//h/x'],
  // Go 1.26: only an IPv6 address may be bracketed, and http(s) hosts have at most one colon.
  ['{{ urlParse "http://[1.2.3.4]/" }}', null, /error calling urlParse: unable to parse url: invalid IP-literal/],
  ['{{ urlParse "http://host:8080:90/" }}', null, /error calling urlParse: unable to parse url: invalid port after host/],
  ['{{ (urlParse "postgres://h1:5432,h2:5433/db").host }}', null, 'h1:5432,h2:5433'],
  ['{{ urlParse "http://[::1]x/" }}', null, /invalid port after host/],
  ['{{ urlJoin . }}', { scheme: 1 }, /error calling urlJoin: unable to parse scheme key, must be of type string, but float64 found/],
  ['{{ urlJoin . }}', { path: null }, /error calling urlJoin: runtime error: invalid memory address/],
  ['{{ fail "the author says no" }}', null, /error calling fail: the author says no/],
  ['{{ wrap 3 }}', null, /wrong number of args for wrap/],
]

for (const [src, data, want] of rows) {
  test(`text: ${src} ${data ? JSON.stringify(data) : ''}`, () => {
    if (typeof want === 'string') assert.equal(render(src, data), want)
    else assert.throws(() => render(src, data), want)
  })
}

test('text: invalid UTF-8 goes through as Go passes bytes (initials reads bytes as Latin-1 runes)', () => {
  const bytes = (b: number[]) => new TextDecoder().decode(new Uint8Array(b))
  // Go's initials keeps the lead byte 0xC3 of "é" as the rune U+00C3 (bytes C3 83).
  assert.equal(render('{{ initials .s }}', { s: 'éa b' }), `${bytes([0xc3, 0x83])}b`)
  // abbrev cuts at a byte offset, inside the first é here: its lead byte alone is not UTF-8.
  assert.equal(render('{{ abbrev 4 .s }} {{ abbrev 4 .s | len }}', { s: 'ééé' }), '\ufffd... 4')
})

test('text: URL parse errors name the problem, never the URL', () => {
  const secret = 's3cr3t-token'
  for (const u of [`http://${secret}:abc@h:xx/`, `http://[${secret}]/`, `%zz${secret}`, `http://h/${secret}%`, `:${secret}`, `http://${secret} /`]) {
    assert.throws(
      () => render('{{ urlParse .u }}', { u }),
      (e: Error) => /unable to parse url/.test(e.message) && !e.message.includes(secret),
    )
  }
  assert.throws(
    () => render('{{ urlJoin . }}', { userinfo: `${secret}%zz` }),
    (e: Error) => /unable to parse userinfo in dict/.test(e.message) && !e.message.includes(secret),
  )
})

// --- agreement with Go (Debian's Go 1.19 and Sprig 3.2.3 with xstrings 1.3.3) ---

const words = ['', 'a', 'hello world', 'Hello World', 'hello_world', 'HTTPServer', 'NoHTTPS', 'GO_PATH', 'GO PATH', 'GO-PATH', 'http2xx', 'HTTP20xOK', 'Duration2m3s', 'Bld4Floor3rd', '_complex__case_', '__a__', '--x--', '  lead', 'trail  ', 'a  b', 'GOLANG_IS_GREAT', 'abc123def', '123abc', 'a1b2c3', 'ÉCOLE_été', 'straße', 'ǆemal ǅ', 'ᾀ ᾳ', 'İstanbul', 'ﬁle', '中文_测试', 'a.b-c_d e', 'x!y?z', 'ÀÉÎõü', 'hello\tworld\nnew', 'a\u00a0b', 'a\u2003b', 'mixed-Case_and SPACES', 'ABC', 'Ab', 'A', '1', '1a', 'a1', 'v1.2.3', 'ID', 'JSONData', '😀smile', 'Ⅻ roman Ⅻx', '٣arabic', "don't stop", 'ძალა', 'ALL_CAPS_9', 'snake_9_case', '9_lives']
const paths = ['', '/', '//', '///a//b/', 'a/b/../c', '../a', '../../a/..', '/../a', './', '.', '..', 'a/./b/.', '/a/b.c/d', 'file.tar.gz', '.hidden', 'a.', 'dir.x/file', 'a/b/', 'é/ü.txt', 'abc/..', 'C:\\x\\y.z']
const long = ['', 'hello world foo bar baz', 'Now is the time for all good men', 'abcdefghijklmnop', 'éééééééééé', 'a b', '1234 5678 9123', '  a  b  ', 'supercalifragilistic is long', 'é é é é é']
const urls = ['http://example.com', 'https://user:pass@host.com:8080/p/a/t/h?query=1&b=2#frag', 'something', 'mailto:joe@example.com', '/abs/path', '//host/path', '///triple', 'http://[::1]:80/x', 'http://[fe80::1%25en0]/', 'http://h:abc/', 'http://%41/', 'http://a%zz/', '%zz', 'http://a b/', 'http://x/%2Fenc', 'http://x/a b?c d#e f', ':nope', '1http://x', 'a:b/c', 'x/a:b', 'HTTP://EXAMPLE.com/', 'http://u@h@x/', 'http://user%40:p%3Ass@h/', 'http://h/?', 'http://h/??', 'http://h/#a#b', 'http://é.com/ü', '*', '', 'http://h:/', 'http://[::1', 'scheme:opaque?q#f', 'http://u:@h', 'http://h/p%2', 'http://h/#%zz', 'tel:+1-555', 'http://[::ffff:1.2.3.4]/', 'http://[::1]:x/']
const joins: Record<string, unknown>[] = [
  { scheme: 'proto', host: 'host:80', path: '/path', query: 'query', fragment: 'fragment', userinfo: 'auth' },
  { scheme: 'http', host: 'h', path: 'rel/path' }, { path: 'a:b/c' }, { path: '/a b?c' }, { host: 'é.com', path: '/ü' }, { scheme: 'mailto', opaque: 'x@y', query: 'a', fragment: 'f g' },
  { scheme: 'http', userinfo: 'user:pa ss' }, { scheme: 'http', userinfo: 'u@v:w', host: 'h' }, { scheme: 'http', userinfo: 'a/b', host: 'h' }, { scheme: 'http', userinfo: 'a#b', host: 'h' },
  { scheme: 'http', userinfo: 'a%zz', host: 'h' }, { fragment: "!()*'#%" }, { path: '*' }, {}, { scheme: 'http' }, { path: '//x' }, { scheme: 'file', path: '//x' }, { host: 'h', path: 'x' },
  { query: 'a b' }, { scheme: 42 }, { scheme: null }, { path: ['a'] }, { host: 'a b<>"' }, { path: '/%41;,$&+=:@' },
]

function goCases(): OracleCase[] {
  const cases: OracleCase[] = []
  const add = (template: string, data: unknown = null) => cases.push({ template, data, funcs: 'sprig' })
  // camelcase is left out: ESO's xstrings 1.5 differs from the oracle's 1.3 (pinned in the table).
  for (const s of words) for (const f of ['title', 'untitle', 'initials', 'snakecase', 'kebabcase']) add(`{{ ${f} .s }}`, { s })
  for (const s of [...paths, ...words.slice(0, 10)]) for (const f of ['base', 'dir', 'clean', 'ext', 'isAbs', 'osBase', 'osDir', 'osClean', 'osExt', 'osIsAbs']) add(`{{ ${f} .s }}`, { s })
  for (const s of long) {
    for (const w of [-1, 0, 3, 4, 5, 6, 7, 10, 20]) add(`{{ abbrev ${w} .s }}`, { s })
    for (const [l, r] of [[0, 4], [0, 5], [1, 7], [5, 10], [10, 10], [4, 7], [20, 10], [-3, 6], [0, 6], [3, 6], [6, 8]]) add(`{{ abbrevboth ${l} ${r} .s }}`, { s })
    for (const w of [-1, 0, 1, 2, 3, 5, 8, 100]) {
      add(`{{ wrap ${w} .s }}`, { s })
      add(`{{ wrapWith ${w} "<br>" .s }}`, { s })
      add(`{{ wrapWith ${w} "" .s }}`, { s })
    }
  }
  for (const [sep, s] of [['.', 'a.b.c'], [',', ''], ['', 'abc'], ['', ''], ['', 'héllo'], ['ab', 'xabyabz'], ['.', '...'], ['x', 'abc'], ['é', 'aébéc']]) {
    add(`{{ split ${q(sep)} ${q(s)} }}`)
    for (const n of [-1, 0, 1, 2, 3, 10]) add(`{{ splitn ${q(sep)} ${n} ${q(s)} }}`)
  }
  for (const v of ['"777"', '"0777"', '"8"', '"-17"', '"+17"', '777', '777.0', '7.5', 'nil', '"1_0"', '" 7"', '"0o7"', 'true', '"777777777777777777777"', '"-1000000000000000000000"', '"1000000000000000000000"', '""']) add(`{{ toDecimal ${v} }} {{ toDecimal ${v} | typeOf }}`)
  add('{{ hello }}')
  add('{{ fail "boom" }}')
  for (const u of urls) add('{{ urlParse .u }}', { u })
  for (const d of joins) add('{{ urlJoin . }}', d)
  add('{{ urlParse "http://u:p@h:1/x?q#f" | urlJoin }}')
  return cases
}

test('text: agrees with Go over a grid of inputs (camelcase and Go 1.26 URL hosts aside)', () => {
  const cases = goCases()
  assert.ok(cases.length > 1000)
  assert.deepEqual(differencesFromGo(cases), [])
})
