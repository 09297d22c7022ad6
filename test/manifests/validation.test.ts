// src/manifests/validation.ts: Kubernetes' IsDNS1123Subdomain and IsConfigMapKey, with
// apimachinery's own messages (two spaces before each "or" included), and names quoted safely.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { configKeyProblems, dns1123SubdomainProblems, quoteName } from '../../src/manifests/validation.ts'

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
const TOO_LONG = 'must be no more than 253 characters'

const names: { name: string; value: string; want: string[] }[] = [
  { name: 'a plain name', value: 'db-credentials', want: [] },
  { name: 'dots between labels', value: 'a.b-c.d9', want: [] },
  { name: 'a digit first', value: '0abc', want: [] },
  { name: '253 characters', value: 'a'.repeat(253), want: [] },
  { name: '254 characters', value: 'a'.repeat(254), want: [TOO_LONG] },
  { name: 'a path that climbs (../x)', value: '../x', want: [SUBDOMAIN] },
  { name: 'kpt path escape (../../pwned)', value: '../../pwned', want: [SUBDOMAIN] },
  { name: 'upper case (App)', value: 'App', want: [SUBDOMAIN] },
  { name: 'underscore and bang (Bad_Name!)', value: 'Bad_Name!', want: [SUBDOMAIN] },
  { name: 'a slash', value: 'a/b', want: [SUBDOMAIN] },
  { name: 'a leading dash', value: '-a', want: [SUBDOMAIN] },
  { name: 'a trailing dot', value: 'a.', want: [SUBDOMAIN] },
  { name: 'an empty label', value: 'a..b', want: [SUBDOMAIN] },
  { name: 'empty', value: '', want: [SUBDOMAIN] },
  { name: 'long and invalid: both problems', value: 'A'.repeat(254), want: [TOO_LONG, SUBDOMAIN] },
  { name: 'length counts UTF-8 bytes, as Go does', value: 'é'.repeat(127), want: [TOO_LONG, SUBDOMAIN] },
]
for (const c of names) {
  test(`IsDNS1123Subdomain: ${c.name} → ${c.want.length ? c.want.length + ' problem(s)' : 'valid'}`, () => {
    assert.deepEqual(dns1123SubdomainProblems(c.value), c.want)
  })
}

const keys: { name: string; value: string; want: string[] }[] = [
  { name: 'letters, digits, - _ .', value: 'tls.crt_Key-1', want: [] },
  { name: 'a dot file', value: '.dockerconfigjson', want: [] },
  { name: '253 characters', value: 'k'.repeat(253), want: [] },
  { name: '254 characters', value: 'k'.repeat(254), want: [TOO_LONG] },
  { name: 'a slash (a/b)', value: 'a/b', want: [KEY] },
  { name: '"."', value: '.', want: ["must not be '.'"] },
  { name: '".."', value: '..', want: ["must not be '..'"] },
  { name: 'a leading ".."', value: '..data', want: ["must not start with '..'"] },
  { name: 'a space', value: 'a b', want: [KEY] },
  { name: 'a Unicode letter ESO keeps', value: 'café', want: [KEY] },
  { name: 'a control character', value: 'a\nb', want: [KEY] },
  { name: 'empty', value: '', want: [KEY] },
  { name: 'a leading ".." with a bad character: both problems', value: '../etc', want: [KEY, "must not start with '..'"] },
]
for (const c of keys) {
  test(`IsConfigMapKey: ${c.name} → ${c.want.length ? c.want.length + ' problem(s)' : 'valid'}`, () => {
    assert.deepEqual(configKeyProblems(c.value), c.want)
  })
}

const quoted: { name: string; value: string; want: string }[] = [
  { name: 'a plain name is quoted', value: 'App', want: '"App"' },
  { name: 'control characters are escaped', value: 'a\nb\u001b[31m\u007f', want: '"a\\x0ab\\x1b[31m\\x7f"' },
  { name: 'a name over 253 characters is cut', value: 'x'.repeat(300), want: `"${'x'.repeat(253)}..."` },
]
for (const c of quoted) {
  test(`quoteName: ${c.name}`, () => {
    assert.equal(quoteName(c.value), c.want)
  })
}
