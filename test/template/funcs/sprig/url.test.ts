// Sprig's urlParse and urlJoin (src/template/funcs/sprig/url.ts) over Go 1.26's net/url. A table pins
// behaviour (including where Go 1.26's URL hosts differ from the oracle's Go 1.19); a differential
// test compares a grid with real Go; errors must not echo the URL.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../../../src/template/index.ts'
import { differencesFromGo, type OracleCase } from '../../../support/go-oracle.ts'

const render = (src: string, data: unknown = null) => renderTemplate(src, data, { functions: 'sprig' })

const rows: [string, unknown, string | RegExp][] = [
  ['{{ urlParse "proto://host:80/pa%20th?key=val%20ue" }}', null, 'map[fragment: host:host:80 hostname:host opaque: path:/pa th query:key=val%20ue scheme:proto userinfo:]'],
  ['{{ (urlParse "https://u%40:p%3A@[fe80::1%25en0]:8/x#f%20g").userinfo }} {{ (urlParse "https://[fe80::1%25en0]:8/").hostname }}', null, 'u%40:p%3A fe80::1%en0'],
  ['{{ (urlParse "mailto:joe@example.com?subject=hi").opaque }}', null, 'joe@example.com'],
  [
    '{{ urlJoin . }}',
    { scheme: 'proto', host: 'host:80', path: '/pa th', query: 'key=val%20ue', userinfo: 'user:pa%20ss', fragment: 'f g' },
    'proto://user:pa%20ss@host:80/pa%20th?key=val%20ue#f%20g',
  ],
  ['{{ urlJoin . }}', { path: 'a:b/c' }, './a:b/c'],
  ['{{ urlJoin (dict "host" "h" "path" "x") }}', null, '//h/x'],
  // Go 1.26: only an IPv6 address may be bracketed, and http(s) hosts have at most one colon.
  ['{{ urlParse "http://[1.2.3.4]/" }}', null, /error calling urlParse: unable to parse url: invalid IP-literal/],
  ['{{ urlParse "http://host:8080:90/" }}', null, /error calling urlParse: unable to parse url: invalid port after host/],
  ['{{ (urlParse "postgres://h1:5432,h2:5433/db").host }}', null, 'h1:5432,h2:5433'],
  ['{{ urlParse "http://[::1]x/" }}', null, /invalid port after host/],
  ['{{ urlJoin . }}', { scheme: 1 }, /error calling urlJoin: unable to parse scheme key, must be of type string, but float64 found/],
  ['{{ urlJoin . }}', { path: null }, /error calling urlJoin: runtime error: invalid memory address/],
]

for (const [src, data, want] of rows) {
  test(`${src} ${data ? JSON.stringify(data) : ''}`, () => {
    if (typeof want === 'string') assert.equal(render(src, data), want)
    else assert.throws(() => render(src, data), want)
  })
}

test('URL parse errors name the problem, never the URL', () => {
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

const urls = [
  'http://example.com',
  'https://user:pass@host.com:8080/p/a/t/h?query=1&b=2#frag',
  'something',
  'mailto:joe@example.com',
  '/abs/path',
  '//host/path',
  '///triple',
  'http://[::1]:80/x',
  'http://[fe80::1%25en0]/',
  'http://h:abc/',
  'http://%41/',
  'http://a%zz/',
  '%zz',
  'http://a b/',
  'http://x/%2Fenc',
  'http://x/a b?c d#e f',
  ':nope',
  '1http://x',
  'a:b/c',
  'x/a:b',
  'HTTP://EXAMPLE.com/',
  'http://u@h@x/',
  'http://user%40:p%3Ass@h/',
  'http://h/?',
  'http://h/??',
  'http://h/#a#b',
  'http://é.com/ü',
  '*',
  '',
  'http://h:/',
  'http://[::1',
  'scheme:opaque?q#f',
  'http://u:@h',
  'http://h/p%2',
  'http://h/#%zz',
  'tel:+1-555',
  'http://[::ffff:1.2.3.4]/',
  'http://[::1]:x/',
]
const joins: Record<string, unknown>[] = [
  { scheme: 'proto', host: 'host:80', path: '/path', query: 'query', fragment: 'fragment', userinfo: 'auth' },
  { scheme: 'http', host: 'h', path: 'rel/path' },
  { path: 'a:b/c' },
  { path: '/a b?c' },
  { host: 'é.com', path: '/ü' },
  { scheme: 'mailto', opaque: 'x@y', query: 'a', fragment: 'f g' },
  { scheme: 'http', userinfo: 'user:pa ss' },
  { scheme: 'http', userinfo: 'u@v:w', host: 'h' },
  { scheme: 'http', userinfo: 'a/b', host: 'h' },
  { scheme: 'http', userinfo: 'a#b', host: 'h' },
  { scheme: 'http', userinfo: 'a%zz', host: 'h' },
  { fragment: "!()*'#%" },
  { path: '*' },
  {},
  { scheme: 'http' },
  { path: '//x' },
  { scheme: 'file', path: '//x' },
  { host: 'h', path: 'x' },
  { query: 'a b' },
  { scheme: 42 },
  { scheme: null },
  { path: ['a'] },
  { host: 'a b<>"' },
  { path: '/%41;,$&+=:@' },
]

// --- agreement with Go (Debian's Go 1.19 and Sprig 3.2.3 with xstrings 1.3.3) ---

function goCases(): OracleCase[] {
  const cases: OracleCase[] = []
  const add = (template: string, data: unknown = null) => cases.push({ template, data, funcs: 'sprig' })
  for (const u of urls) add('{{ urlParse .u }}', { u })
  for (const d of joins) add('{{ urlJoin . }}', d)
  add('{{ urlParse "http://u:p@h:1/x?q#f" | urlJoin }}')
  return cases
}

test('URL functions agree with Go over a grid of URLs (Go 1.26 URL hosts aside)', () => {
  const cases = goCases()
  assert.ok(cases.length > 50)
  assert.deepEqual(differencesFromGo(cases), [])
})
