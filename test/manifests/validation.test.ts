// src/manifests/validation.ts: Kubernetes' IsDNS1123Subdomain and IsConfigMapKey, with
// apimachinery's own messages (two spaces before each "or" included), and names quoted safely.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  configKeyProblems,
  dns1123SubdomainProblems,
  labelValueProblems,
  MAX_ANNOTATIONS_BYTES,
  metadataProblems,
  qualifiedNameProblems,
  quoteName,
  secretTypeProblems,
} from '../../src/manifests/validation.ts'

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

// IsQualifiedName and IsValidLabelValue (apimachinery validation.go), ValidateAnnotations' size rule,
// and ValidateSecret's type rules (pkg/apis/core/validation/validation.go), in the API server's words.
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const qualified: { name: string; value: string; want: string[] }[] = [
  { name: 'a plain key', value: 'app', want: [] },
  { name: 'a prefixed key', value: 'app.kubernetes.io/name', want: [] },
  { name: 'upper case and underscores', value: 'My_Key.1', want: [] },
  { name: '63 characters', value: 'k'.repeat(63), want: [] },
  { name: '64 characters', value: 'k'.repeat(64), want: ['name part must be no more than 63 characters'] },
  { name: 'a trailing dash', value: 'team-', want: [NAME_PART] },
  { name: 'a space', value: 'my key', want: [NAME_PART] },
  { name: 'an empty prefix', value: '/name', want: ['prefix part must be non-empty'] },
  { name: 'an empty name', value: 'example.com/', want: ['name part must be non-empty', NAME_PART] },
  { name: 'an upper-case prefix', value: 'Example.com/name', want: [`prefix part ${SUBDOMAIN}`] },
  {
    name: 'two slashes',
    value: 'a/b/c',
    want: [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  },
]
for (const c of qualified) {
  test(`IsQualifiedName: ${c.name} → ${c.want.length ? c.want.length + ' problem(s)' : 'valid'}`, () => {
    assert.deepEqual(qualifiedNameProblems(c.value), c.want)
  })
}

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
const labelValues: { name: string; value: string; want: string[] }[] = [
  { name: 'empty', value: '', want: [] },
  { name: 'a plain value', value: 'v1.2_3-x', want: [] },
  { name: '64 characters', value: 'v'.repeat(64), want: ['must be no more than 63 characters'] },
  { name: 'a slash', value: 'a/b', want: [LABEL_VALUE_MSG] },
]
for (const c of labelValues) {
  test(`IsValidLabelValue: ${c.name} → ${c.want.length ? c.want.length + ' problem(s)' : 'valid'}`, () => {
    assert.deepEqual(labelValueProblems(c.value), c.want)
  })
}

test('metadata problems name label and annotation keys, never a label value (a template may have made it from secret data)', () => {
  const problems = metadataProblems({ ok: 'x', 'bad key': 'y', team: 'CANARY-value/with-slash' }, { 'exa_mple.com/Note': 'fine', 'a/b/c': 'v' })
  assert.equal(problems.length, 4)
  assert.match(problems[0]!, /^label key "bad key" is invalid: name part must consist/)
  assert.match(problems[1]!, /^the value of label "team" is invalid \(not shown\): a valid label must be/)
  assert.match(problems[2]!, /^annotation key "exa_mple.com\/Note" is invalid: prefix part a lowercase RFC 1123/)
  assert.match(problems[3]!, /^annotation key "a\/b\/c" is invalid: a qualified name/)
  assert.ok(!problems.join('\n').includes('CANARY'))
  assert.deepEqual(metadataProblems({}, { 'ok.example.com/MixedCase': 'v' }), [], 'annotation keys are judged lower-cased, as ValidateAnnotations does')
})

test('annotations over 256 KiB in total are refused, as TotalAnnotationSizeLimitB', () => {
  assert.deepEqual(metadataProblems({}, { a: 'x'.repeat(MAX_ANNOTATIONS_BYTES - 1) }), [])
  assert.deepEqual(metadataProblems({}, { a: 'x'.repeat(MAX_ANNOTATIONS_BYTES) }), [
    `the annotations are ${MAX_ANNOTATIONS_BYTES + 1} bytes, over Kubernetes' limit of ${MAX_ANNOTATIONS_BYTES} bytes (TotalAnnotationSizeLimitB)`,
  ])
})

const bytes = (s: string) => new TextEncoder().encode(s)
const secretTypes: { name: string; type: string; data: Record<string, string>; annotations?: Record<string, string>; want: string[] }[] = [
  { name: 'Opaque: anything', type: 'Opaque', data: {}, want: [] },
  { name: 'a custom type: anything', type: 'example.com/custom', data: {}, want: [] },
  { name: 'tls with both keys', type: 'kubernetes.io/tls', data: { 'tls.crt': 'c', 'tls.key': '' }, want: [] },
  { name: 'tls without tls.key', type: 'kubernetes.io/tls', data: { 'tls.crt': 'c' }, want: ['type kubernetes.io/tls requires the data key "tls.key"'] },
  { name: 'tls with neither', type: 'kubernetes.io/tls', data: {}, want: ['type kubernetes.io/tls requires the data key "tls.crt"', 'type kubernetes.io/tls requires the data key "tls.key"'] },
  { name: 'dockerconfigjson: an object', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '{"auths":{}}' }, want: [] },
  { name: 'dockerconfigjson: null is what Go accepts too', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'null' }, want: [] },
  { name: 'dockerconfigjson: missing', type: 'kubernetes.io/dockerconfigjson', data: { config: '{}' }, want: ['type kubernetes.io/dockerconfigjson requires the data key ".dockerconfigjson"'] },
  {
    name: 'dockerconfigjson: not JSON, contents never quoted',
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': 'CANARY{' },
    want: ['type kubernetes.io/dockerconfigjson requires ".dockerconfigjson" to hold a JSON object; it does not (its contents are not shown)'],
  },
  {
    name: 'dockerconfigjson: an array is not a map',
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': '[]' },
    want: ['type kubernetes.io/dockerconfigjson requires ".dockerconfigjson" to hold a JSON object; it does not (its contents are not shown)'],
  },
  { name: 'dockercfg: an object', type: 'kubernetes.io/dockercfg', data: { '.dockercfg': '{}' }, want: [] },
  { name: 'basic-auth: a username alone is enough', type: 'kubernetes.io/basic-auth', data: { username: '' }, want: [] },
  {
    name: 'basic-auth: neither',
    type: 'kubernetes.io/basic-auth',
    data: {},
    want: ['type kubernetes.io/basic-auth requires the data key "username"', 'type kubernetes.io/basic-auth requires the data key "password"'],
  },
  { name: 'ssh-auth: an empty key is missing', type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' }, want: ['type kubernetes.io/ssh-auth requires the data key "ssh-privatekey"'] },
  {
    name: 'service-account-token without its annotation',
    type: 'kubernetes.io/service-account-token',
    data: {},
    want: ['type kubernetes.io/service-account-token requires the annotation "kubernetes.io/service-account.name"'],
  },
  { name: 'service-account-token with it', type: 'kubernetes.io/service-account-token', data: {}, annotations: { 'kubernetes.io/service-account.name': 'sa' }, want: [] },
]
for (const c of secretTypes) {
  test(`ValidateSecret: ${c.name}`, () => {
    const data = new Map(Object.entries(c.data).map(([k, v]) => [k, bytes(v)]))
    assert.deepEqual(secretTypeProblems(c.type, data, c.annotations ?? {}), c.want)
  })
}

test('byteLength counts UTF-8 bytes as TextEncoder writes them, without encoding', async () => {
  const { byteLength } = await import('../../src/manifests/validation.ts')
  const enc = new TextEncoder()
  for (const s of ['', 'abc', 'é', 'ключ', '中文', '😀', 'a😀b', '\ud800', '\udc00x', 'x\ud83d', '\u007f\u0080\u07ff\u0800\uffff']) assert.equal(byteLength(s), enc.encode(s).length, JSON.stringify(s))
  // Any UTF-16 code units, unpaired surrogates included (the Secret size check counts keys with it too).
  const { default: fc } = await import('fast-check')
  const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((a) => String.fromCharCode(...a))
  fc.assert(fc.property(units, (t) => byteLength(t) === enc.encode(t).length))
})

test('metadataProblems: a key judged once (valid keys are remembered) is judged the same every time after', () => {
  const labels = { 'app.kubernetes.io/name': 'web', 'bad key': 'x', Upper: 'y' }
  const annotations = { 'Example.com/Note': 'n', 'bad/annotation/key': 'v' }
  const first = metadataProblems(labels, annotations)
  assert.equal(first.length, 2)
  for (let i = 0; i < 3; i++) assert.deepEqual(metadataProblems(labels, annotations), first)
  assert.deepEqual(metadataProblems({ 'bad key': 'x' }, {}), [first[0]])
})
