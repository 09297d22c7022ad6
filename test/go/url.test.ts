// Go's net/url (src/go/url.ts): url.Parse's fields, URL.String and Hostname, and errors that name
// the problem without the URL; expected values are Go's.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hostname, parseUrl, UrlError, urlString, userString } from '../../src/go/url.ts'

const parses: { raw: string; want: Record<string, string>; string: string }[] = [
  {
    raw: 'https://user:pass@host.com:8080/p/a%20t/h?query=1&b=2#frag',
    want: { scheme: 'https', host: 'host.com:8080', path: '/p/a t/h', rawQuery: 'query=1&b=2', fragment: 'frag', opaque: '', user: 'user:pass', hostname: 'host.com' },
    string: 'https://user:pass@host.com:8080/p/a%20t/h?query=1&b=2#frag',
  },
  { raw: 'mailto:joe@example.com', want: { scheme: 'mailto', host: '', path: '', rawQuery: '', fragment: '', opaque: 'joe@example.com', user: '', hostname: '' }, string: 'mailto:joe@example.com' },
  { raw: '//host/path', want: { scheme: '', host: 'host', path: '/path', rawQuery: '', fragment: '', opaque: '', user: '', hostname: 'host' }, string: '//host/path' },
  { raw: 'http://x/a b?c d#e f', want: { scheme: 'http', host: 'x', path: '/a b', rawQuery: 'c d', fragment: 'e f', opaque: '', user: '', hostname: 'x' }, string: 'http://x/a%20b?c d#e%20f' },
  { raw: 'HTTP://EXAMPLE.com/', want: { scheme: 'http', host: 'EXAMPLE.com', path: '/', rawQuery: '', fragment: '', opaque: '', user: '', hostname: 'EXAMPLE.com' }, string: 'http://EXAMPLE.com/' },
]
for (const c of parses) {
  test(`url.Parse(${JSON.stringify(c.raw)})`, () => {
    const u = parseUrl(c.raw)
    const got = { scheme: u.scheme, host: u.host, path: u.path, rawQuery: u.rawQuery, fragment: u.fragment, opaque: u.opaque, user: u.user ? userString(u.user) : '', hostname: hostname(u.host) }
    assert.deepEqual(got, c.want)
    assert.equal(urlString(u), c.string)
  })
}

const errors: { raw: string; message: string }[] = [
  { raw: '%zz', message: 'invalid URL escape' },
  { raw: ':nope', message: 'missing protocol scheme' },
  { raw: 'http://a b/', message: 'invalid character in host name' },
  { raw: 'http://h:abc/', message: 'invalid port after host' },
]
for (const c of errors) {
  test(`url.Parse(${JSON.stringify(c.raw)}) fails: ${c.message}`, () => {
    assert.throws(
      () => parseUrl(c.raw),
      (e: Error) => e instanceof UrlError && e.message === c.message,
    )
  })
}
