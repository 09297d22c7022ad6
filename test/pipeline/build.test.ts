// src/pipeline/build.ts: each planned ExternalSecret's Secret from fetched outcomes (no I/O): read
// errors located at the ExternalSecret, resolve notices and errors, creationPolicy None, deletion
// with nothing left, templates (and their non-determinism warning), the 1 MiB limit, Reloader.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildTargets } from '../../src/pipeline/build.ts'
import { planRender, type RenderPlan } from '../../src/pipeline/plan.ts'
import { classify, lookupsOf } from '../../src/pipeline/classify.ts'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import { readStreams } from '../../src/manifests/read.ts'
import { isInteresting } from '../../src/eso/kinds.ts'
import { DEFAULT_OPTIONS, type RenderOptions } from '../../src/config.ts'
import { formatError, RenderError } from '../../src/errors.ts'
import type { ReadOutcome } from '../../src/eso/resolve.ts'
import { parseJson, type JsonObject } from '../../src/go/json.ts'

const TOKEN = 'hvs.BUILD-CANARY-tok-5a2e'
const PASSWORD = 'BUILD-CANARY-pw-e8d1'

const head = `apiVersion: v1
kind: Secret
metadata: {name: tok, namespace: apps}
stringData: {token: ${TOKEN}}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault, namespace: apps}
spec:
  provider:
    vault: {server: 'https://vault.example.com', path: secret, auth: {tokenSecretRef: {name: tok, key: token}}}
`
const es = (name: string, spec: string) => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: ${name}, namespace: apps, labels: {team: a}}
spec:
  secretStoreRef: {name: vault}
${spec}`
const dataItem = (key: string, remote: string) => `  data:\n  - secretKey: ${key}\n    remoteRef: {${remote}}\n`

const found = (json: string): ReadOutcome => ({ found: true, data: parseJson(json) as JsonObject, path: 'p' })
const gone: ReadOutcome = { found: false, reason: 'missing', path: 'secret/data/gone' }

/** Vault answers by request path (secret/data/KEY). */
async function build(docs: string[], vault: Record<string, ReadOutcome | RenderError>, options: RenderOptions = DEFAULT_OPTIONS, deadline?: { at: number; seconds: number }) {
  const manifests = await readStreams([{ path: 'in.yaml', text: [head, ...docs].join('---\n') }], isInteresting)
  const diag = new Diagnostics()
  const classified = classify(manifests, 'default', diag)
  const lookups = lookupsOf(classified)
  const rendering: RenderPlan = await planRender(classified, { options, env: {}, defaultNamespace: 'default', lookups }, diag)
  assert.deepEqual(diag.errors.map(formatError), [], 'the plan is clean')
  const outcomes = new Map<string, ReadOutcome | RenderError>()
  for (const t of rendering.targets.values()) {
    const o = vault[t.path]
    assert.ok(o, `no Vault answer for ${t.path}`)
    outcomes.set(t.key, o)
  }
  const built = await buildTargets(rendering, outcomes, lookups, options, diag, deadline)
  const text = [...diag.errors.map(formatError), ...diag.notices.map((n) => n.message)].join('\n')
  for (const canary of [TOKEN, PASSWORD]) assert.ok(!text.includes(canary), `a secret reached a message:\n${text}`)
  return { built, diag }
}
const decoded = (secret: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries((secret?.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))

test('build: a Secret with the ExternalSecret’s name, namespace, labels, ESO bookkeeping and Reloader opt-in', async () => {
  const { built, diag } = await build([es('app', dataItem('password', 'key: db, property: password'))], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) })
  assert.deepEqual(diag.errors, [])
  assert.equal(built.length, 1)
  const s = built[0].secret!
  const md = s.metadata as { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> }
  assert.deepEqual([s.apiVersion, s.kind, s.type, md.name, md.namespace], ['v1', 'Secret', 'Opaque', 'app', 'apps'])
  assert.equal(md.labels.team, 'a')
  assert.equal(md.labels['reconcile.external-secrets.io/managed'], 'true')
  assert.match(md.annotations['reconcile.external-secrets.io/data-hash'], /^[0-9a-f]{56}$/)
  assert.equal(md.annotations['reloader.stakater.com/match'], 'true')
  assert.deepEqual(decoded(s), { password: PASSWORD })
})

test('build: reloader none leaves the Reloader annotation out', async () => {
  const { built } = await build([es('app', dataItem('p', 'key: db, property: password'))], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) }, { ...DEFAULT_OPTIONS, reloader: 'none' })
  assert.equal((built[0].secret!.metadata as { annotations: Record<string, string> }).annotations['reloader.stakater.com/match'], undefined)
})

const readErrors: { name: string; spec: string; field: string }[] = [
  { name: 'a data item', spec: dataItem('p', 'key: db, property: password'), field: 'spec.data[0].remoteRef.key' },
  { name: 'a dataFrom extract', spec: '  dataFrom:\n  - extract: {key: db}\n', field: 'spec.dataFrom[0].extract.key' },
]
for (const c of readErrors) {
  test(`build: a failed Vault read through ${c.name} is located at ${c.field} of the ExternalSecret`, async () => {
    const failure = new RenderError('VAULT_DENIED', 'cannot read secret data from Vault: GET /v1/secret/data/db: Code: 403. Errors: permission denied (via SecretStore apps/vault)')
    const { built, diag } = await build([es('app', c.spec)], { 'secret/data/db': failure })
    assert.deepEqual(built, [])
    assert.equal(diag.errors.length, 1)
    const [e] = diag.errors
    assert.equal(e.code, 'VAULT_DENIED')
    assert.equal(e.fieldPath, c.field)
    assert.deepEqual(e.resource, { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'app', namespace: 'apps' })
    assert.deepEqual(e.file, { path: 'in.yaml', index: 2 })
    assert.equal(e.message, failure.message)
  })
}

test('build: one shared failed read is reported for every ExternalSecret using it, and the others still build', async () => {
  const failure = new RenderError('VAULT_SEALED', 'sealed (via SecretStore apps/vault)')
  const { built, diag } = await build([es('a', dataItem('p', 'key: db')), es('b', dataItem('p', 'key: db')), es('c', dataItem('p', 'key: ok, property: v'))], {
    'secret/data/db': failure,
    'secret/data/ok': found('{"v":"1"}'),
  })
  assert.deepEqual(
    diag.errors.map((e) => e.resource?.name),
    ['a', 'b'],
  )
  assert.deepEqual(
    built.map((b) => b.plan.resource.name),
    ['c'],
  )
})

test('build: resolve errors are reported and the ExternalSecret gets no entry', async () => {
  const { built, diag } = await build([es('app', dataItem('p', 'key: db, property: pasword'))], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) })
  assert.deepEqual(built, [])
  assert.deepEqual(
    diag.errors.map((e) => [e.code, e.fieldPath]),
    [['PROPERTY_NOT_FOUND', 'spec.data[0].remoteRef.property']],
  )
})

test('build: resolve notices become warnings on the ExternalSecret', async () => {
  const { built, diag } = await build([es('app', `  target: {deletionPolicy: Delete}\n${dataItem('p', 'key: gone')}`)], { 'secret/data/gone': gone })
  assert.deepEqual(diag.errors, [])
  assert.equal(built.length, 1)
  assert.equal(built[0].secret, undefined, 'no data left under Delete: no Secret')
  assert.deepEqual(
    diag.notices.map((n) => n.severity),
    ['warning', 'warning'],
  )
  assert.ok(diag.notices.every((n) => n.resource?.name === 'app' && n.file?.path === 'in.yaml'))
  assert.match(diag.notices[1].message, /no Secret is written \(deletionPolicy Delete/)
})

test('build: creationPolicy None writes no Secret and says so', async () => {
  const { built, diag } = await build([es('app', `  target: {creationPolicy: None}\n${dataItem('p', 'key: db, property: password')}`)], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) })
  assert.equal(built.length, 1)
  assert.equal(built[0].secret, undefined)
  assert.deepEqual(
    diag.notices.map((n) => [n.severity, n.message]),
    [['info', 'creationPolicy None: no Secret is written']],
  )
})

test('build: a template renders the Secret data and its type', async () => {
  const spec = `  target:\n    template:\n      type: kubernetes.io/basic-auth\n      data: {password: '{{ .p }}', username: admin}\n${dataItem('p', 'key: db, property: password')}`
  const { built, diag } = await build([es('app', spec)], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) })
  assert.deepEqual(diag.errors, [])
  assert.equal(built[0].secret!.type, 'kubernetes.io/basic-auth')
  assert.deepEqual(decoded(built[0].secret), { password: PASSWORD, username: 'admin' })
  assert.deepEqual(diag.notices, [])
})

test('build: a template that reads the clock is built with a warning', async () => {
  const spec = `  target:\n    template:\n      data: {year: '{{ now | date "2006" }}'}\n${dataItem('p', 'key: db, property: password')}`
  const { built, diag } = await build([es('app', spec)], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) })
  assert.equal(built.length, 1)
  assert.match(decoded(built[0].secret).year, /^\d{4}$/)
  assert.equal(diag.notices.length, 1)
  assert.equal(diag.notices[0].severity, 'warning')
  assert.match(diag.notices[0].message, /the template calls a random or time function: the Secret changes on every render/)
})

test('build: a failing template is a TEMPLATE_FAILED error and no Secret, the message free of the value', async () => {
  const spec = `  target:\n    template:\n      data: {x: '{{ fail (printf "bad %s" .p) }}'}\n${dataItem('p', 'key: db, property: password')}`
  const { built, diag } = await build([es('app', spec), es('other', dataItem('p', 'key: db, property: password'))], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) })
  assert.deepEqual(
    diag.errors.map((e) => [e.code, e.resource?.name, e.fieldPath]),
    [['TEMPLATE_FAILED', 'app', 'spec.target.template.data["x"]']],
  )
  assert.deepEqual(
    built.map((b) => b.plan.resource.name),
    ['other'],
  )
})

const sizes: { name: string; bytes: number; ok: boolean }[] = [
  { name: 'exactly 1 MiB of data with its key', bytes: 1024 * 1024 - 'big'.length, ok: true },
  { name: 'one byte over 1 MiB', bytes: 1024 * 1024 - 'big'.length + 1, ok: false },
]
for (const c of sizes) {
  test(`build: ${c.name} → ${c.ok ? 'built' : 'TARGET_INVALID at spec'}`, async () => {
    const { built, diag } = await build([es('app', dataItem('big', 'key: big, property: v'))], { 'secret/data/big': found(`{"v":"${'x'.repeat(c.bytes)}"}`) })
    if (c.ok) {
      assert.deepEqual(diag.errors, [])
      assert.equal(built.length, 1)
      return
    }
    assert.deepEqual(built, [])
    assert.deepEqual(
      diag.errors.map((e) => [e.code, e.fieldPath]),
      [['TARGET_INVALID', 'spec']],
    )
    assert.match(diag.errors[0].message, new RegExp(`the Secret's data is ${c.bytes + 3} bytes, over Kubernetes' 1 MiB limit`))
  })
}

// Kubernetes' rule for Secret data keys (IsConfigMapKey), judged on the final data: each bad key is
// reported at the field that produced it, in the API server's words.
const DOTDOT = "must not be '..'"
const BADCHARS = /a valid config key must consist of alphanumeric characters, '-', '_' or '\.'/
const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tpl, namespace: apps}\ndata: {'..': 'x', kv: 'a/b: \"y\"'}\n"
const badKeys: { name: string; spec: string; vault?: string; want: [string, RegExp | string][] }[] = [
  { name: 'data[].secretKey ".."', spec: dataItem("'..'", 'key: db, property: password'), want: [['spec.data[0].secretKey', `Secret data key ".." is invalid: ${DOTDOT}`]] },
  { name: 'data[].secretKey "."', spec: dataItem("'.'", 'key: db, property: password'), want: [['spec.data[0].secretKey', "must not be '.'"]] },
  { name: 'data[].secretKey with a leading ".."', spec: dataItem('..data', 'key: db, property: password'), want: [['spec.data[0].secretKey', "must not start with '..'"]] },
  {
    name: 'a key from a dataFrom extract (a Unicode letter ESO keeps, and "..")',
    spec: '  dataFrom:\n  - extract: {key: db}\n',
    vault: '{"café":"1","..":"2","ok":"3"}',
    want: [['spec.dataFrom[0].extract', /Secret data key "\.\." is invalid: must not be '\.\.'; Secret data key "café" is invalid: a valid config key/]],
  },
  {
    name: 'template.data keys (a/b, "..")',
    spec: `  target:\n    template:\n      data: {'a/b': '{{ .p }}', '..': x, fine: 'y'}\n${dataItem('p', 'key: db, property: password')}`,
    want: [
      ['spec.target.template.data[".."]', DOTDOT],
      ['spec.target.template.data["a/b"]', BADCHARS],
    ],
  },
  {
    name: 'a template.data key with control characters, escaped in message and field',
    spec: `  target:\n    template:\n      data: {"a\\nb\\e": x}\n${dataItem('p', 'key: db, property: password')}`,
    want: [['spec.target.template.data["a\\nb\\u001b"]', 'Secret data key "a\\x0ab\\x1b" is invalid']],
  },
  {
    name: 'a templateFrom literal',
    spec: `  target:\n    template:\n      templateFrom:\n      - literal: 'a/b: "x"'\n${dataItem('p', 'key: db, property: password')}`,
    want: [['spec.target.template.templateFrom[0].literal', BADCHARS]],
  },
  {
    name: 'a templateFrom ConfigMap item (Values: the item key)',
    spec: `  target:\n    template:\n      templateFrom:\n      - configMap: {name: tpl, items: [{key: '..'}]}\n${dataItem('p', 'key: db, property: password')}`,
    want: [['spec.target.template.templateFrom[0].configMap.items[0].key', DOTDOT]],
  },
  {
    name: 'a templateFrom ConfigMap item (KeysAndValues: the rendered keys)',
    spec: `  target:\n    template:\n      templateFrom:\n      - configMap: {name: tpl, items: [{key: kv, templateAs: KeysAndValues}]}\n${dataItem('p', 'key: db, property: password')}`,
    want: [['spec.target.template.templateFrom[0].configMap.items[0]', BADCHARS]],
  },
  {
    name: 'a provider key kept by mergePolicy Merge',
    spec: `  target:\n    template:\n      mergePolicy: Merge\n      data: {extra: x}\n${dataItem("'..'", 'key: db, property: password')}`,
    want: [['spec.data[0].secretKey', DOTDOT]],
  },
  {
    name: 'a key a template built from secret data (the value withheld)',
    spec: `  target:\n    template:\n      templateFrom:\n      - literal: '{{ .p }}/x: "y"'\n${dataItem('p', 'key: db, property: password')}`,
    want: [['spec.target.template.templateFrom[0].literal', 'Secret data key "[redacted]/x" is invalid']],
  },
  {
    name: 'many bad keys from one extract: five named, the rest counted',
    spec: '  dataFrom:\n  - extract: {key: db}\n',
    vault: JSON.stringify(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [`..${k}`, k]))),
    want: [['spec.dataFrom[0].extract', /"\.\.e" is invalid: must not start with '\.\.'; and 2 more invalid keys; the API server would refuse the Secret$/]],
  },
]
for (const c of badKeys) {
  test(`build: an invalid Secret key from ${c.name} is TARGET_INVALID`, async () => {
    const { built, diag } = await build([cm, es('app', c.spec)], { 'secret/data/db': found(c.vault ?? `{"password":"${PASSWORD}"}`) })
    assert.deepEqual(built, [], 'no Secret')
    assert.deepEqual(
      diag.errors.map((e) => [e.code, e.resource?.name, e.fieldPath]),
      c.want.map(([field]) => ['TARGET_INVALID', 'app', field]),
    )
    c.want.forEach(([, message], i) => {
      if (typeof message === 'string') assert.ok(diag.errors[i].message.includes(message), diag.errors[i].message)
      else assert.match(diag.errors[i].message, message)
      assert.doesNotMatch(diag.errors[i].message, /[\n\u001b]/)
    })
  })
}

test('build: every ExternalSecret with bad keys gets its own error, and the valid ones still build', async () => {
  const { built, diag } = await build(
    [es('a', dataItem("'..'", 'key: db, property: password')), es('b', dataItem('fine', 'key: db, property: password')), es('c', dataItem("'.'", 'key: db, property: password'))],
    { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) },
  )
  assert.deepEqual(
    diag.errors.map((e) => [e.code, e.resource?.name, e.fieldPath]),
    [
      ['TARGET_INVALID', 'a', 'spec.data[0].secretKey'],
      ['TARGET_INVALID', 'c', 'spec.data[0].secretKey'],
    ],
  )
  assert.deepEqual(
    built.map((b) => b.plan.resource.name),
    ['b'],
  )
})

test('build: a literal template whose rendered key carries secret data fails without the value in the message', async () => {
  // The value is not a string (YAML 1.1 reads y as true): the message names the key, built from data.
  const spec = `  target:\n    template:\n      templateFrom:\n      - literal: "{{ .p }}: y"\n${dataItem('p', 'key: db, property: password')}`
  const { diag } = await build([es('app', spec)], { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) })
  assert.deepEqual(
    diag.errors.map((e) => [e.code, e.fieldPath]),
    [['TEMPLATE_FAILED', 'spec.target.template.templateFrom[0].literal']],
  )
  assert.match(diag.errors[0].message, /the value of key "\[redacted\]" is not a string/)
})

// Templates run synchronously, so no timer fires while they do: the build stage checks the clock
// itself, between ExternalSecrets, and the template step before each execution.
test('build: past the deadline, every ExternalSecret not built yet is DEADLINE_EXCEEDED, and nothing is built', async () => {
  const { built, diag } = await build(
    [es('one', dataItem('password', 'key: db, property: password')), es('two', dataItem('password', 'key: db, property: password'))],
    { 'secret/data/db': found(`{"password":"${PASSWORD}"}`) },
    DEFAULT_OPTIONS,
    { at: Date.now() - 1, seconds: 7 },
  )
  assert.deepEqual(built, [])
  assert.deepEqual(diag.errors.map(formatError), [
    "in.yaml[2] ExternalSecret apps/one: the run's deadline (7 s, deadlineSeconds) passed while building Secrets; nothing was rendered",
    "in.yaml[3] ExternalSecret apps/two: the run's deadline (7 s, deadlineSeconds) passed while building Secrets; nothing was rendered",
  ])
  assert.ok(diag.errors.every((e) => e.code === 'DEADLINE_EXCEEDED'))
})
