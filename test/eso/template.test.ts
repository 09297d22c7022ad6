// src/eso/template.ts: ESO's target.template (engine v2) over a data map, with the real template
// engine and YAML 1.1 parser: templateFrom ConfigMap/Secret/literal, Values vs KeysAndValues, the
// Data/Labels/Annotations targets, mergePolicy, template.data winning, and template errors with
// every secret value taken out.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applyTemplate, loadTemplateEngine, needsEngine, type TemplateContext } from '../../src/eso/template.ts'
import { planExternalSecret, type ExternalSecretPlan } from '../../src/eso/plan.ts'
import type { Lookups } from '../../src/eso/stores.ts'
import { loadYaml, PARSE_OPTIONS, plain } from '../../src/manifests/yaml.ts'
import { fromUtf8, utf8 } from '../../src/eso/bytes.ts'
import { formatError, RenderError } from '../../src/errors.ts'

const PASSWORD = 'pw7Qz-CANARY-b7e2'
const APIKEY = 'key4Jx-CANARY-13c9'
const CM_TEXT_SECRET = 'TEMPLATE-CANARY-cm-55d0'

const engine = await loadTemplateEngine()
const yaml = await loadYaml()
const resource = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', namespace: 'apps' }

const configMaps: Record<string, Record<string, unknown>> = {
  'apps/tpl': {
    data: {
      'config.yaml': 'password: {{ .password }}',
      single: 'user={{ .user }}',
      kv: 'user: "{{ .user }}"\nkey: "{{ .apikey }}"',
      'label-kv': 'team: "{{ .user }}"',
      b64: '{{ .password | b64enc }}',
      number: 'count: 5',
      plain: 'no actions here',
    },
  },
}
const secrets: Record<string, Record<string, unknown>> = {
  'apps/tpl-secret': { data: { 'conn.tmpl': Buffer.from('postgres://{{ .user }}@db').toString('base64') }, stringData: { 'str.tmpl': 'S={{ .user }}' } },
}
const lookups: Lookups = {
  configMap: (ns, name) => configMaps[`${ns}/${name}`],
  secret: (ns, name) => secrets[`${ns}/${name}`],
  missHint: (kind, _ns, name) => (name === 'misplaced' ? `; a namespace-less ${kind} of that name is in the input` : ''),
  namespaceLabels: () => undefined,
}
const ctx = (over: Partial<TemplateContext> = {}): TemplateContext => ({
  lookups,
  delimiters: ['{{', '}}'],
  engine,
  parseYaml: (t) => plain(yaml.parse(t, PARSE_OPTIONS)),
  showTemplateErrors: false,
  ...over,
})
const providerData = () =>
  new Map([
    ['user', utf8('admin')],
    ['password', utf8(PASSWORD)],
    ['apikey', utf8(APIKEY)],
  ])

function plan(template: Record<string, unknown>): ExternalSecretPlan {
  const { plan, errors } = planExternalSecret(
    { metadata: { name: 'app', namespace: 'apps' }, spec: { secretStoreRef: { name: 'vault' }, data: [{ secretKey: 'k', remoteRef: { key: 'k' } }], target: { template } } },
    { resource, position: 0, file: { path: 'es.yaml', index: 2 }, defaultNamespace: 'default' },
  )
  assert.deepEqual(errors, [])
  return plan!
}
const text = (m: Map<string, Uint8Array>) => Object.fromEntries([...m].map(([k, v]) => [k, fromUtf8(v)]))
const cm = (items: { key: string; templateAs?: string }[], target?: string, extra: Record<string, unknown> = {}) => ({
  templateFrom: [{ configMap: { name: 'tpl', items }, ...(target ? { target } : {}), ...extra }],
})

const rows: { name: string; template: Record<string, unknown>; data?: Record<string, string>; labels?: Record<string, string>; annotations?: Record<string, string>; nonDeterministic?: boolean }[] = [
  { name: 'template.data renders over the provider data; Replace drops the rest', template: { data: { dsn: 'u={{ .user }} p={{ .password }}' } }, data: { dsn: `u=admin p=${PASSWORD}` } },
  {
    name: 'mergePolicy Merge keeps the provider keys beside the templated ones',
    template: { mergePolicy: 'Merge', data: { user: 'root', dsn: '{{ .user }}' } },
    data: { user: 'root', password: PASSWORD, apikey: APIKEY, dsn: 'admin' },
  },
  {
    name: 'a template with metadata only keeps the provider data',
    template: { metadata: { labels: { app: 'x' } } },
    data: { user: 'admin', password: PASSWORD, apikey: APIKEY },
    labels: { app: 'x' },
  },
  {
    name: 'templated labels and annotations',
    template: { metadata: { labels: { owner: '{{ .user }}' }, annotations: { note: 'for {{ .user | upper }}' } } },
    data: { user: 'admin', password: PASSWORD, apikey: APIKEY },
    labels: { owner: 'admin' },
    annotations: { note: 'for ADMIN' },
  },
  {
    name: 'templateFrom ConfigMap Values: the item key is the data key',
    template: cm([{ key: 'config.yaml' }, { key: 'single', templateAs: 'Values' }]),
    data: { 'config.yaml': `password: ${PASSWORD}`, single: 'user=admin' },
  },
  { name: 'templateFrom ConfigMap KeysAndValues: the rendered YAML gives the keys', template: cm([{ key: 'kv', templateAs: 'KeysAndValues' }]), data: { user: 'admin', key: APIKEY } },
  { name: 'templateFrom into Labels', template: cm([{ key: 'label-kv', templateAs: 'KeysAndValues' }], 'Labels'), data: {}, labels: { team: 'admin' } },
  { name: 'templateFrom into Annotations (target spelled in lower case)', template: cm([{ key: 'single' }], 'annotations'), data: {}, annotations: { single: 'user=admin' } },
  { name: 'templateFrom valuesDecodingStrategy Base64 decodes each rendered value', template: cm([{ key: 'b64' }], undefined, { valuesDecodingStrategy: 'Base64' }), data: { b64: PASSWORD } },
  { name: 'templateFrom a text without actions renders as itself', template: cm([{ key: 'plain' }]), data: { plain: 'no actions here' } },
  {
    name: 'templateFrom Secret: data is base64-decoded and stringData is read too',
    template: { templateFrom: [{ secret: { name: 'tpl-secret', items: [{ key: 'conn.tmpl' }, { key: 'str.tmpl' }] } }] },
    data: { 'conn.tmpl': 'postgres://admin@db', 'str.tmpl': 'S=admin' },
  },
  { name: 'templateFrom literal (always KeysAndValues)', template: { templateFrom: [{ literal: '{{ .user }}-key: "{{ .apikey }}"\nempty:' }] }, data: { 'admin-key': APIKEY, empty: '' } },
  { name: 'template.data wins over templateFrom', template: { templateFrom: [{ literal: 'x: from-literal\nz: kept' }], data: { x: 'from-data' } }, data: { x: 'from-data', z: 'kept' } },
  // sigs.k8s.io/yaml reads YAML 1.1 with go-yaml v2: `y`, `on`, `no` are booleans, as keys too, and a bool key becomes "true"/"false".
  { name: 'KeysAndValues keys are YAML 1.1: y and off are booleans', template: { templateFrom: [{ literal: 'y: a\noff: b\n"on": c' }] }, data: { true: 'a', false: 'b', on: 'c' } },
  { name: 'a later templateFrom item wins over an earlier one', template: { templateFrom: [{ literal: 'x: first' }, { literal: 'x: second' }] }, data: { x: 'second' } },
  {
    name: 'an empty rendered literal gives no keys',
    template: { templateFrom: [{ literal: '{{ if false }}x: y{{ end }}' }], mergePolicy: 'Merge' },
    data: { user: 'admin', password: PASSWORD, apikey: APIKEY },
  },
  { name: 'a call of now is reported as non-deterministic', template: { data: { t: '{{ now | date "2006" | len }}' } }, data: { t: '4' }, nonDeterministic: true },
  { name: 'a template that does not run now is deterministic', template: { data: { t: '{{ if false }}{{ now }}{{ end }}ok' } }, data: { t: 'ok' }, nonDeterministic: false },
]
for (const r of rows) {
  test(`template: ${r.name}`, () => {
    const p = plan(r.template)
    const out = applyTemplate(p, providerData(), ctx())
    if (r.data) assert.deepEqual(text(out.data), r.data)
    assert.deepEqual(out.labels, r.labels ?? {})
    assert.deepEqual(out.annotations, r.annotations ?? {})
    if (r.nonDeterministic !== undefined) assert.equal(out.nonDeterministic, r.nonDeterministic)
  })
}

test('template: custom delimiters from the render options', () => {
  const p = plan({ data: { a: '<< .user >> {{ .user }}' } })
  const out = applyTemplate(p, providerData(), ctx({ delimiters: ['<<', '>>'] }))
  assert.deepEqual(text(out.data), { a: 'admin {{ .user }}' })
})

test('template: text without the left delimiter needs no engine', () => {
  const p = plan({ data: { a: 'static' }, metadata: { labels: { l: 'v' } } })
  assert.equal(needsEngine(p, '{{'), false)
  const out = applyTemplate(p, providerData(), ctx({ engine: undefined }))
  assert.deepEqual(text(out.data), { a: 'static' })
})

test('template: an action without a loaded engine is an INTERNAL error, not silence', () => {
  const p = plan({ data: { a: '{{ .user }}' } })
  assert.throws(
    () => applyTemplate(p, providerData(), ctx({ engine: undefined })),
    (e: unknown) => e instanceof RenderError && e.code === 'INTERNAL' && e.fieldPath === 'spec.target.template.data["a"]',
  )
})

const needs: { name: string; template: Record<string, unknown>; left?: string; want: boolean }[] = [
  { name: 'literal data', template: { data: { a: 'x' } }, want: false },
  { name: 'an action in data', template: { data: { a: '{{ .x }}' } }, want: true },
  { name: 'an action in a label', template: { metadata: { labels: { a: '{{ .x }}' } } }, want: true },
  { name: 'an action in an annotation', template: { metadata: { annotations: { a: '{{ .x }}' } } }, want: true },
  { name: 'any templateFrom', template: { templateFrom: [{ literal: 'a: b' }] }, want: true },
  { name: 'other delimiters', template: { data: { a: '{{ .x }}' } }, left: '<<', want: false },
]
for (const c of needs) {
  test(`needsEngine: ${c.name} → ${c.want}`, () => assert.equal(needsEngine(plan(c.template), c.left ?? '{{'), c.want))
}

const failures: { name: string; template: Record<string, unknown>; field: string; message: RegExp; ctx?: Partial<TemplateContext> }[] = [
  {
    name: 'a missing ConfigMap',
    template: { templateFrom: [{ configMap: { name: 'absent', items: [{ key: 'a' }] } }] },
    field: 'spec.target.template.templateFrom[0].configMap.name',
    message: /^could not apply template: ConfigMap "absent" in namespace "apps" is not in the input$/,
  },
  {
    name: 'a missing ConfigMap placed elsewhere says where',
    template: { templateFrom: [{ configMap: { name: 'misplaced', items: [{ key: 'a' }] } }] },
    field: 'spec.target.template.templateFrom[0].configMap.name',
    message: /^could not apply template: ConfigMap "misplaced" in namespace "apps" is not in the input; a namespace-less ConfigMap of that name is in the input$/,
  },
  {
    name: 'a missing Secret',
    template: { templateFrom: [{ target: 'Data', secret: { name: 'absent', items: [{ key: 'a' }] } }] },
    field: 'spec.target.template.templateFrom[0].secret.name',
    message: /Secret "absent" in namespace "apps" is not in the input/,
  },
  {
    name: 'a ConfigMap item key that is not there',
    template: { templateFrom: [{ configMap: { name: 'tpl', items: [{ key: 'single' }, { key: 'nope' }] } }] },
    field: 'spec.target.template.templateFrom[0].configMap.items[1].key',
    message: /^error in configmap tpl: missing key nope$/,
  },
  {
    name: 'a missing data key (missingkey=error)',
    template: { data: { a: '{{ .nope }}' } },
    field: 'spec.target.template.data["a"]',
    message: /^could not apply template: unable to execute template at key a: template: a:1:3: executing "a" at <\.nope>: map has no entry for key "nope"$/,
  },
  { name: 'a parse error', template: { data: { a: '{{ .user ' } }, field: 'spec.target.template.data["a"]', message: /^could not apply template: unable to parse template at key a: template: a:1: / },
  {
    name: 'KeysAndValues that is not YAML',
    template: { templateFrom: [{ literal: 'a: [unclosed' }] },
    field: 'spec.target.template.templateFrom[0].literal',
    message: /the rendered template is not YAML/,
  },
  {
    name: 'KeysAndValues that is a list',
    template: { templateFrom: [{ literal: '- a\n- b' }] },
    field: 'spec.target.template.templateFrom[0].literal',
    message: /the rendered template is not a mapping/,
  },
  {
    name: 'KeysAndValues with a non-string value',
    template: cm([{ key: 'number', templateAs: 'KeysAndValues' }]),
    field: 'spec.target.template.templateFrom[0].configMap.items[0]',
    message: /the value of key "count" is not a string/,
  },
  {
    name: 'a rendered value that is not base64 under Base64',
    template: cm([{ key: 'single' }], undefined, { valuesDecodingStrategy: 'Base64' }),
    field: 'spec.target.template.templateFrom[0].configMap.items[0]',
    message: /^failed to decode rendered template value for key single: error applying decoding strategy Base64 to data: illegal base64 data/,
  },
  {
    name: 'a label template error is located at the label',
    template: { metadata: { labels: { l: '{{ .gone }}' } } },
    field: 'spec.target.template.metadata.labels["l"]',
    message: /map has no entry for key "gone"/,
  },
]
for (const c of failures) {
  test(`template: ${c.name} is TEMPLATE_FAILED at ${c.field}`, () => {
    const p = plan(c.template)
    assert.throws(
      () => applyTemplate(p, providerData(), ctx(c.ctx)),
      (e: unknown) => {
        assert.ok(e instanceof RenderError)
        assert.equal(e.code, 'TEMPLATE_FAILED')
        assert.equal(e.fieldPath, c.field)
        assert.deepEqual(e.resource, resource)
        assert.deepEqual(e.file, { path: 'es.yaml', index: 2 })
        assert.match(e.message, c.message)
        for (const canary of [PASSWORD, APIKEY]) assert.ok(!formatError(e).includes(canary))
        return true
      },
    )
  })
}

// A template that loops or grows without bound is stopped by the engine's budget: its own code,
// located like any template error, the message naming the limit and no value.
const budgets: { name: string; text: string; limit: RegExp }[] = [
  { name: 'a range over until 100000000', text: '{{ range until 100000000 }}{{ .password }}{{ end }}', limit: /more than 67108864 bytes allocated$/ },
  { name: 'a value doubled in a loop', text: '{{ $s := .password }}{{ range until 40 }}{{ $s = print $s $s }}{{ end }}{{ $s }}', limit: /more than 67108864 bytes allocated$/ },
  { name: 'a range over a huge integer', text: '{{ range 100000000 }}{{ end }}', limit: /more than 1000000 steps$/ },
]
for (const c of budgets) {
  test(`template: ${c.name} is TEMPLATE_BUDGET at the key, the message free of values`, () => {
    const p = plan({ data: { out: c.text } })
    assert.throws(
      () => applyTemplate(p, providerData(), ctx()),
      (e: unknown) => {
        assert.ok(e instanceof RenderError)
        assert.equal(e.code, 'TEMPLATE_BUDGET')
        assert.equal(e.fieldPath, 'spec.target.template.data["out"]')
        assert.deepEqual(e.resource, resource)
        assert.match(e.message, /executing "out" at <.+>: template execution budget exceeded: /)
        assert.match(e.message, c.limit)
        for (const canary of [PASSWORD, APIKEY]) assert.ok(!formatError(e).includes(canary))
        return true
      },
    )
  })
}

test('template: an ordinary execution failure stays TEMPLATE_FAILED', () => {
  assert.throws(
    () => applyTemplate(plan({ data: { out: '{{ .gone }}' } }), providerData(), ctx()),
    (e: unknown) => e instanceof RenderError && e.code === 'TEMPLATE_FAILED',
  )
})

// A template may put data into its own failure, transformed past any recognition; the message must
// not carry it to stderr. What a function said is withheld unless the operator asks for it.
const b64 = (v: string) => Buffer.from(v).toString('base64')
const hex = (v: string) => Buffer.from(v).toString('hex')
const reversed = (v: string) => [...v].reverse().join('')
const redactions: { name: string; text: string; absent: string[]; where: RegExp }[] = [
  {
    name: 'fail with printf of a value',
    text: '{{ fail (printf "bad password %s, key %s" .password .apikey) }}',
    absent: [PASSWORD, APIKEY],
    where: /at <fail \(printf [^>]*>: error calling fail: the template failed/,
  },
  { name: 'a date parsed from data', text: '{{ .password | mustToDate "2006-01-02" }}', absent: [PASSWORD], where: /error calling mustToDate: mustToDate failed/ },
  { name: 'a regex built from data', text: '{{ mustRegexMatch (printf "[%s" .password) "x" }}', absent: [PASSWORD], where: /error calling mustRegexMatch/ },
  { name: 'fail fed a value through a pipeline', text: '{{ .apikey | printf "k=%s" | fail }}', absent: [APIKEY], where: /error calling fail/ },
  { name: 'fail with the value itself', text: '{{ fail .password }}', absent: [PASSWORD], where: /error calling fail/ },
  { name: 'an upper-cased value', text: '{{ .password | upper | fail }}', absent: [PASSWORD, PASSWORD.toUpperCase()], where: /error calling fail/ },
  { name: 'a six-byte prefix', text: '{{ printf "%.6s" .password | fail }}', absent: [PASSWORD.slice(0, 6)], where: /error calling fail/ },
  { name: 'a base64-encoded value', text: '{{ .password | b64enc | fail }}', absent: [b64(PASSWORD)], where: /error calling fail/ },
  { name: 'a hex-encoded value', text: '{{ printf "%x" .password | fail }}', absent: [hex(PASSWORD)], where: /error calling fail/ },
  { name: 'a truncated value', text: '{{ .password | trunc 5 | fail }}', absent: [PASSWORD.slice(0, 5)], where: /error calling fail/ },
  { name: 'a reversed value', text: '{{ .password | splitList "" | reverse | join "" | fail }}', absent: [reversed(PASSWORD)], where: /error calling fail/ },
  { name: 'a number made from a value', text: '{{ mul (len .password) 1000003 | toString | fail }}', absent: [String(PASSWORD.length * 1000003)], where: /error calling fail/ },
  { name: 'a value in a JSON parse error', text: '{{ .password | mustFromJson }}', absent: [PASSWORD, PASSWORD.slice(0, 4)], where: /error calling mustFromJson: mustFromJson failed/ },
]
for (const c of redactions) {
  test(`template: ${c.name}: the error keeps Go's location and withholds the message`, () => {
    const p = plan({ data: { out: c.text } })
    assert.throws(
      () => applyTemplate(p, providerData(), ctx()),
      (e: unknown) => {
        assert.ok(e instanceof RenderError)
        assert.equal(e.code, 'TEMPLATE_FAILED')
        assert.match(e.message, /^could not apply template: unable to execute template at key out: template: out:1:\d+: executing "out" at </)
        assert.match(e.message, c.where)
        // The message, not formatError's line: TEMPLATE_FAILED itself starts like the canary.
        for (const canary of c.absent) assert.ok(!e.message.includes(canary), `canary in: ${e.message}`)
        return true
      },
    )
  })
}

test("template: fail's message is withheld in words that say why and how to see it", () => {
  const p = plan({ data: { out: '{{ .password | upper | fail }}' } })
  assert.throws(
    () => applyTemplate(p, providerData(), ctx()),
    (e: unknown) =>
      e instanceof RenderError &&
      e.message ===
        'could not apply template: unable to execute template at key out: template: out:1:23: executing "out" at <fail>: error calling fail: the template failed (its message is withheld: it may carry secret data; the operator can set ESO_RENDER_SHOW_TEMPLATE_ERRORS=true to see it)',
  )
})

test('template: with showTemplateErrors the message is shown, exact copies of values still taken out', () => {
  const p = plan({ data: { out: '{{ fail (printf "x=%s u=%s up=%s" .password .short (upper .short)) }}' } })
  const data = new Map([
    ['password', utf8(PASSWORD)],
    ['short', utf8('abc')],
  ])
  assert.throws(
    () => applyTemplate(p, data, ctx({ showTemplateErrors: true })),
    (e: unknown) => e instanceof RenderError && /error calling fail: x=\[redacted\] u=abc up=ABC$/.test(e.message),
  )
})

test("template: a Secret's template text is named by its key and its action and Go's detail are withheld", () => {
  secrets['apps/leaky-secret'] = {
    stringData: {
      'conn.tmpl': `{{ .user }}{{ .gone }} ${CM_TEXT_SECRET}`,
      'kv.tmpl': `{{ "${CM_TEXT_SECRET}" | fail }}`,
      'bad.tmpl': `{{ ${CM_TEXT_SECRET} `,
    },
  }
  const cases: { key: string; templateAs?: string; message: RegExp }[] = [
    {
      key: 'conn.tmpl',
      message:
        /^could not apply template: unable to execute template at key conn\.tmpl: template: conn\.tmpl:1:\d+: executing "conn\.tmpl" at <…>: \(withheld: the template's text comes from a Secret\)$/,
    },
    { key: 'kv.tmpl', templateAs: 'KeysAndValues', message: /template: kv\.tmpl:1:\d+: executing "kv\.tmpl" at <…>: error calling fail: the template failed \(its message is withheld/ },
    { key: 'bad.tmpl', message: /^could not apply template: unable to parse template at key bad\.tmpl: template: bad\.tmpl:1: \(withheld: the template's text comes from a Secret\)$/ },
  ]
  for (const c of cases) {
    const p = plan({ templateFrom: [{ secret: { name: 'leaky-secret', items: [{ key: c.key, ...(c.templateAs ? { templateAs: c.templateAs } : {}) }] } }] })
    assert.throws(
      () => applyTemplate(p, providerData(), ctx()),
      (e: unknown) => {
        assert.ok(e instanceof RenderError)
        assert.match(e.message, c.message)
        assert.ok(!formatError(e).includes(CM_TEXT_SECRET), `canary in: ${e.message}`)
        assert.ok(!formatError(e).includes('gone'), `template text in: ${e.message}`)
        return true
      },
    )
  }
})

test('template: control characters in a key name are escaped in the message', () => {
  const p = plan({ data: { 'a\r\neso-render: error: forged': '{{ .nope }}' } })
  assert.throws(
    () => applyTemplate(p, providerData(), ctx()),
    (e: unknown) => e instanceof RenderError && !/[\r\n]/.test(e.message) && e.message.includes('a\\x0d\\x0aeso-render: error: forged'),
  )
})

test('template: ConfigMap text that quotes a provider value: the value is taken out of the action shown', () => {
  configMaps['apps/leaky'] = { data: { t: `{{ fail "${CM_TEXT_SECRET}" }}{{ .password }}` } }
  const p = plan({ templateFrom: [{ configMap: { name: 'leaky', items: [{ key: 't' }] } }] })
  const data = new Map([
    ['password', utf8(PASSWORD)],
    ['echo', utf8(CM_TEXT_SECRET)],
  ])
  assert.throws(
    () => applyTemplate(p, data, ctx()),
    (e: unknown) => e instanceof RenderError && !e.message.includes(CM_TEXT_SECRET) && e.message.includes('at <fail "[redacted]">'),
  )
})

test('template: each data key remembers the field that produced it', () => {
  const p = plan({
    mergePolicy: 'Merge',
    templateFrom: [{ configMap: { name: 'tpl', items: [{ key: 'single' }, { key: 'kv', templateAs: 'KeysAndValues' }] } }, { literal: 'lit: x\nuser: from-literal' }],
    data: { d: 'y' },
  })
  const providerOrigins = new Map([
    ['user', 'spec.data[0].secretKey'],
    ['password', 'spec.dataFrom[0].extract'],
    ['apikey', 'spec.dataFrom[0].extract'],
  ])
  const out = applyTemplate(p, providerData(), ctx(), providerOrigins)
  assert.deepEqual(Object.fromEntries(out.origins), {
    apikey: 'spec.dataFrom[0].extract',
    d: 'spec.target.template.data["d"]',
    key: 'spec.target.template.templateFrom[0].configMap.items[1]',
    lit: 'spec.target.template.templateFrom[1].literal',
    password: 'spec.dataFrom[0].extract',
    single: 'spec.target.template.templateFrom[0].configMap.items[0].key',
    user: 'spec.target.template.templateFrom[1].literal',
  })
})

test('template: past the run deadline no template executes: DEADLINE_EXCEEDED at the field', () => {
  const p = plan({ data: { out: '{{ .password }}' } })
  assert.throws(
    () => applyTemplate(p, providerData(), ctx({ deadline: { at: Date.now() - 1, seconds: 5 } })),
    (e: unknown) =>
      e instanceof RenderError &&
      e.code === 'DEADLINE_EXCEEDED' &&
      e.fieldPath === 'spec.target.template.data["out"]' &&
      /deadline \(5 s, deadlineSeconds\) passed while executing the templates/.test(e.message),
  )
  // Before it, templates run as ever.
  assert.equal(text(applyTemplate(p, providerData(), ctx({ deadline: { at: Date.now() + 60_000, seconds: 60 } })).data).out, PASSWORD)
})

// The playground's page shows the user's own data in its messages (src/playground/render.ts);
// a render never sets keepValuesInMessages, so the test above is what the CLI prints.
test('template: keepValuesInMessages (the playground only) keeps the values a render takes out of messages', () => {
  const p = plan({ data: { out: '{{ fail (printf "x=%s" .password) }}' } })
  const data = new Map([['password', utf8(PASSWORD)]])
  assert.throws(
    () => applyTemplate(p, data, ctx({ showTemplateErrors: true, keepValuesInMessages: true })),
    (e: unknown) => e instanceof RenderError && e.message.endsWith(`error calling fail: x=${PASSWORD}`),
  )
  assert.throws(
    () => applyTemplate(p, data, ctx({ showTemplateErrors: true })),
    (e: unknown) => e instanceof RenderError && e.message.endsWith('error calling fail: x=[redacted]'),
  )
})
