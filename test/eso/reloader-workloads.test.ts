// Reloader on workloads: reference/reloader.md's 14 test cases (Secret db-creds in app unless
// noted), then the rules behind them, each citing Stakater Reloader's source (commit 655a2b3):
// pkg/common/common.go ShouldReload (where keys are read, exclude lists, auto, ParseBool),
// internal/pkg/handler/upgrade.go getContainerUsingResource / getVolumeMountName (what is a use).
// Cases 12-14 are about whole renders: they run eso-render render in process against the
// bundled Vault-compatible server.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { ANNOTATION_CHECKSUM, checksumMessage, parseGoBool, podSpecUses, quoteMeta, wireWorkload, type RenderedSecret, type Wiring, type WiringOptions } from '../../src/eso/reloader-workloads.ts'
import { runRender } from '../../src/hosts/stream.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

type Obj = Record<string, unknown>

const enc = (s: string) => new TextEncoder().encode(s)
function secret(name: string, data: Record<string, string> = { password: 's3cr3t', username: 'app' }, annotations: Record<string, string> = {}): RenderedSecret {
  return { name, data: new Map(Object.entries(data).map(([k, v]) => [k, enc(v)])), annotations }
}
const secrets = (...list: RenderedSecret[]) => new Map(list.map((s) => [s.name, s]))

const envFrom = (name: string) => ({ name: 'main', image: 'example/main:1', envFrom: [{ secretRef: { name } }] })
const keyRef = (name: string) => ({ name: 'main', image: 'example/main:1', env: [{ name: 'X', valueFrom: { secretKeyRef: { name, key: 'password' } } }] })

/** A workload of `kind` whose pod spec is `podSpec`, with annotations on its metadata and pod template. */
function workload(kind: string, podSpec: Obj, meta: Record<string, string> = {}, pod: Record<string, string> = {}): Obj {
  const apiVersion = { Rollout: 'argoproj.io/v1alpha1', Job: 'batch/v1', CronJob: 'batch/v1' }[kind] ?? 'apps/v1'
  const template = { metadata: Object.keys(pod).length ? { annotations: pod } : {}, spec: podSpec }
  const spec = kind === 'CronJob' ? { schedule: '@daily', jobTemplate: { spec: { template } } } : { template }
  return { apiVersion, kind, metadata: { name: 'w', namespace: 'app', ...(Object.keys(meta).length ? { annotations: meta } : {}) }, spec }
}

const RELOAD: WiringOptions = { mode: 'reload', jobs: false }

interface Case {
  name: string
  workload: Obj
  secrets?: Map<string, RenderedSecret>
  options?: WiringOptions
  /** The edits expected, as `path → annotations`; [] for none. */
  edits: { path: string[]; annotations: Record<string, string> }[]
  /** Regexes each matching one notice. */
  notices?: RegExp[]
}

const cases: Case[] = [
  {
    name: 'case 1: a Deployment with envFrom.secretRef db-creds gets secret.reloader.stakater.com/reload: db-creds on its metadata',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'case 2: an existing reload list "other" becomes "other,db-creds"',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'secret.reloader.stakater.com/reload': 'other' }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'other,db-creds' } }],
  },
  {
    name: 'case 2, re-run: a list that already holds db-creds is not changed (no duplicate)',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'secret.reloader.stakater.com/reload': 'other,db-creds' }),
    edits: [],
  },
  {
    name: 'case 3: a secret volume that no container mounts is not a use: nothing written',
    workload: workload('Deployment', { containers: [{ name: 'main', image: 'x' }], volumes: [{ name: 'creds', secret: { secretName: 'db-creds' } }] }),
    edits: [],
  },
  {
    name: 'case 4: a mounted projected volume with a db-creds source is a use',
    workload: workload('Deployment', {
      containers: [{ name: 'main', image: 'x', volumeMounts: [{ name: 'all', mountPath: '/etc/all' }] }],
      volumes: [{ name: 'all', projected: { sources: [{ configMap: { name: 'cfg' } }, { secret: { name: 'db-creds' } }] } }],
    }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'case 5: a secretKeyRef in an initContainer only is a use',
    workload: workload('StatefulSet', { initContainers: [keyRef('db-creds')], containers: [{ name: 'main', image: 'x' }] }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'case 6: the same reference in namespace "other" is not a use of app/db-creds (no Secret of that name was rendered there)',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }),
    secrets: secrets(),
    edits: [],
  },
  {
    name: 'case 7: reloader.stakater.com/auto: "false" leaves the workload unchanged, with a warning',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'reloader.stakater.com/auto': 'false' }),
    edits: [],
    notices: [/^opts out of Reloader \(reloader\.stakater\.com\/auto: "false"\): left as it is, though it uses "db-creds"$/],
  },
  {
    name: 'case 8: secrets.exclude.reloader.stakater.com/reload: db-creds leaves the workload unchanged, with a warning',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'secrets.exclude.reloader.stakater.com/reload': 'db-creds' }),
    edits: [],
    notices: [/^excludes "db-creds" \(secrets\.exclude\.reloader\.stakater\.com\/reload\): not added to its reload list$/],
  },
  {
    name: 'case 9: Reloader keys only on the pod template (auto: "true"): the reload key goes on the pod template, never on metadata',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, {}, { 'reloader.stakater.com/auto': 'true' }),
    edits: [{ path: ['spec', 'template'], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'case 10: a Secret named app.tls is written app\\.tls',
    workload: workload('Deployment', { containers: [envFrom('app.tls')] }),
    secrets: secrets(secret('app.tls')),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'app\\.tls' } }],
  },
  {
    name: 'case 11: a CronJob referencing db-creds is not annotated without reloaderJobs (an info says why)',
    workload: workload('CronJob', { containers: [envFrom('db-creds')] }),
    edits: [],
    notices: [/not wired, as a CronJob is wired only with reloaderJobs: true/],
  },
  {
    name: 'case 11: a Job referencing db-creds is not annotated without reloaderJobs',
    workload: workload('Job', { containers: [envFrom('db-creds')] }),
    edits: [],
    notices: [/not wired, as a Job is wired only with reloaderJobs: true/],
  },
  {
    name: 'case 11, opted in: with reloaderJobs a CronJob gets the key on its metadata',
    workload: workload('CronJob', { containers: [envFrom('db-creds')] }),
    options: { mode: 'reload', jobs: true },
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'case 11, opted in: a CronJob that keeps its Reloader keys on the pod template gets the key at spec.jobTemplate.spec.template',
    workload: workload('CronJob', { containers: [envFrom('db-creds')] }, {}, { 'reloader.stakater.com/search': 'true' }),
    options: { mode: 'reload', jobs: true },
    edits: [{ path: ['spec', 'jobTemplate', 'spec', 'template'], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  // The rules behind the cases.
  {
    name: 'common.go: a metadata key (search) makes Reloader read the metadata, so the key is written there even with template keys',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'reloader.stakater.com/search': 'true' }, { 'reloader.stakater.com/auto': 'true' }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'common.go: a ConfigMap key on the template is no Secret key: the reload key goes on metadata',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, {}, { 'configmap.reloader.stakater.com/reload': 'cfg' }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'common.go: auto "false" on the pod template opts out when the metadata has no Reloader key',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, {}, { 'secret.reloader.stakater.com/auto': 'false' }),
    edits: [],
    notices: [/opts out of Reloader \(secret\.reloader\.stakater\.com\/auto: "false"\)/],
  },
  {
    name: 'common.go: auto "false" with secret…/auto "true" still reloads Secrets (either true is enough)',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'reloader.stakater.com/auto': 'false', 'secret.reloader.stakater.com/auto': 'true' }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'common.go: auto "F" is Go ParseBool false: an opt-out',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'reloader.stakater.com/auto': 'F' }),
    edits: [],
    notices: [/opts out of Reloader \(reloader\.stakater\.com\/auto: "F"\)/],
  },
  {
    name: 'common.go: auto "no" is not a Go boolean, which Reloader reads as false: left alone, and the warning says so',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'reloader.stakater.com/auto': 'no' }),
    edits: [],
    notices: [/auto: "no" \(not a Go boolean: Reloader reads it as false\)/],
  },
  {
    name: 'common.go: an exclude list on the pod template is not read (metadata only): the workload is wired',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, {}, { 'secrets.exclude.reloader.stakater.com/reload': 'db-creds' }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'common.go: exclude entries are trimmed; the excluded Secret is left out, the others are added',
    workload: workload('Deployment', { containers: [envFrom('db-creds'), envFrom('api-key')] }, { 'secrets.exclude.reloader.stakater.com/reload': 'x, db-creds ' }),
    secrets: secrets(secret('db-creds'), secret('api-key')),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'api-key' } }],
    notices: [/^excludes "db-creds"/],
  },
  {
    name: 'common.go: reload entries are trimmed, so " db-creds " already lists it',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }, { 'secret.reloader.stakater.com/reload': 'other , db-creds ' }),
    edits: [],
  },
  {
    name: 'reload list: several Secrets are added in name order, after the existing entries, without a trailing comma doubled',
    workload: workload('Deployment', { containers: [envFrom('zeta'), keyRef('alpha')] }, { 'secret.reloader.stakater.com/reload': 'other,' }),
    secrets: secrets(secret('zeta'), secret('alpha')),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'other,alpha,zeta' } }],
  },
  {
    name: 'common.go: a Secret marked reloader.stakater.com/ignore: "true" is never wired',
    workload: workload('Deployment', { containers: [envFrom('db-creds')] }),
    secrets: secrets(secret('db-creds', undefined, { 'reloader.stakater.com/ignore': 'true' })),
    edits: [],
    notices: [/marked reloader\.stakater\.com\/ignore: "true"/],
  },
  {
    name: 'upgrade.go: imagePullSecrets are not a use',
    workload: workload('Deployment', { imagePullSecrets: [{ name: 'db-creds' }], containers: [{ name: 'main', image: 'x' }] }),
    edits: [],
  },
  {
    name: 'upgrade.go: ephemeral containers are not a use',
    workload: workload('Deployment', { containers: [{ name: 'main', image: 'x' }], ephemeralContainers: [envFrom('db-creds')] }),
    edits: [],
  },
  {
    name: 'upgrade.go: a volume mounted only by an init container is a use',
    workload: workload('Deployment', {
      initContainers: [{ name: 'init', image: 'x', volumeMounts: [{ name: 'creds', mountPath: '/c' }] }],
      containers: [{ name: 'main', image: 'x' }],
      volumes: [{ name: 'creds', secret: { secretName: 'db-creds' } }],
    }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'upgrade.go getVolumeMountName: only the first volume naming the Secret is looked for in the mounts',
    workload: workload('Deployment', {
      containers: [{ name: 'main', image: 'x', volumeMounts: [{ name: 'second', mountPath: '/c' }] }],
      volumes: [
        { name: 'first', secret: { secretName: 'db-creds' } },
        { name: 'second', secret: { secretName: 'db-creds' } },
      ],
    }),
    edits: [],
  },
  {
    name: 'Argo Rollouts are wired (Reloader acts on them with --is-Argo-Rollouts=true)',
    workload: workload('Rollout', { containers: [envFrom('db-creds')] }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
  },
  {
    name: 'a kind Reloader does not handle (a ReplicaSet) is left alone',
    workload: { ...workload('Deployment', { containers: [envFrom('db-creds')] }), kind: 'ReplicaSet' },
    edits: [],
  },
  {
    name: 'a Deployment of another API group is not Reloader’s',
    workload: { ...workload('Deployment', { containers: [envFrom('db-creds')] }), apiVersion: 'example.com/v1' },
    edits: [],
  },
  {
    name: 'what Reloader writes in the cluster (a STAKATER_ env var) in the source is warned about',
    workload: workload('Deployment', { containers: [{ ...envFrom('db-creds'), env: [{ name: 'STAKATER_DB_CREDS_SECRET', value: 'x' }] }] }),
    edits: [{ path: [], annotations: { 'secret.reloader.stakater.com/reload': 'db-creds' } }],
    notices: [/carries what Reloader writes in the cluster \(the env var STAKATER_DB_CREDS_SECRET\)/],
  },
]

function check(c: Case): Wiring {
  const got = wireWorkload(c.workload, c.secrets ?? secrets(secret('db-creds')), c.options ?? RELOAD)
  assert.deepEqual(
    got.edits.map((e) => ({ path: [...e.path], annotations: e.annotations })),
    c.edits,
  )
  const notices = got.notices.map((n) => n.message)
  assert.equal(notices.length, (c.notices ?? []).length, `notices: ${JSON.stringify(notices)}`)
  for (const re of c.notices ?? [])
    assert.ok(
      notices.some((n) => re.test(n)),
      `a notice matches ${re}: ${JSON.stringify(notices)}`,
    )
  return got
}

for (const c of cases) test(`reloader workloads: ${c.name}`, () => void check(c))

test('reloader workloads: the opt-out and exclude notices are warnings, the CronJob one an info', () => {
  const severity = (c: Case) => wireWorkload(c.workload, c.secrets ?? secrets(secret('db-creds')), c.options ?? RELOAD).notices[0]?.severity
  assert.equal(severity(cases[7]), 'warning')
  assert.equal(severity(cases[8]), 'warning')
  assert.equal(severity(cases[11]), 'info')
})

// Go's strconv.ParseBool and regexp.QuoteMeta, as Reloader uses them.
test('reloader workloads: parseGoBool is strconv.ParseBool', () => {
  for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(parseGoBool(t), true, t)
  for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(parseGoBool(f), false, f)
  for (const x of ['', 'yes', 'tRUE', ' true', 'on']) assert.equal(parseGoBool(x), undefined, x)
})

test('reloader workloads: quoteMeta escapes what Go regexp.QuoteMeta escapes', () => {
  assert.equal(quoteMeta('app.tls'), 'app\\.tls')
  assert.equal(quoteMeta('a+b*c?d(e)f|g[h]i{j}k^l$m\\n'), 'a\\+b\\*c\\?d\\(e\\)f\\|g\\[h\\]i\\{j\\}k\\^l\\$m\\\\n')
  assert.equal(quoteMeta('db-creds'), 'db-creds')
})

test('reloader workloads: podSpecUses needs containers for an init-container use (upgrade.go returns no container)', () => {
  assert.equal(podSpecUses({ initContainers: [keyRef('db-creds')] }, 'db-creds'), false)
  assert.equal(podSpecUses({ initContainers: [keyRef('db-creds')], containers: [{ name: 'm' }] }, 'db-creds'), true)
  assert.equal(podSpecUses(undefined, 'db-creds'), false)
})

// The checksum mode.
const KEY = enc('a test key of 32 bytes, not real')
const CHECKSUM: WiringOptions = { mode: 'checksum', jobs: false, checksum: (m) => createHmac('sha256', KEY).update(m).digest('hex') }
const checksumOf = (w: Obj, s: Map<string, RenderedSecret>) => wireWorkload(w, s, CHECKSUM).edits[0]?.annotations[ANNOTATION_CHECKSUM]
const consumer = workload('Deployment', { containers: [envFrom('db-creds'), keyRef('api-key')] })

test('checksum: one annotation on the pod template, an HMAC-SHA256 over the used Secrets, as an independent computation gives it', () => {
  const got = wireWorkload(consumer, secrets(secret('db-creds'), secret('api-key', { key: 'k-1' }), secret('unused')), CHECKSUM)
  assert.equal(got.edits.length, 1)
  assert.deepEqual(got.edits[0].path, ['spec', 'template'])
  assert.deepEqual(Object.keys(got.edits[0].annotations), [ANNOTATION_CHECKSUM])
  // The message by hand: a version line, then per Secret in name order its name and its keys and values in byte order, length-prefixed.
  const message = 'eso-render checksum v1\n7:api-key,1{3:key,3:k-1,}8:db-creds,2{8:password,6:s3cr3t,8:username,3:app,}'
  assert.equal(Buffer.from(checksumMessage([secret('db-creds'), secret('api-key', { key: 'k-1' })])).toString('utf8'), message)
  assert.equal(got.edits[0].annotations[ANNOTATION_CHECKSUM], createHmac('sha256', KEY).update(message).digest('hex'))
  assert.match(got.edits[0].annotations[ANNOTATION_CHECKSUM], /^[0-9a-f]{64}$/)
})

test('checksum: it changes exactly when a used Secret’s data changes', () => {
  const base = checksumOf(consumer, secrets(secret('db-creds'), secret('api-key', { key: 'k-1' })))
  // Same data, other map order, unused Secrets and other annotations: the same checksum.
  assert.equal(checksumOf(consumer, secrets(secret('api-key', { key: 'k-1' }), secret('db-creds', { username: 'app', password: 's3cr3t' }, { note: 'x' }), secret('unused', { a: 'b' }))), base)
  // Any change of a used Secret's data: another checksum.
  const changed = [
    secrets(secret('db-creds', { password: 's3cr3t!', username: 'app' }), secret('api-key', { key: 'k-1' })),
    secrets(secret('db-creds', { password: 's3cr3t', username: 'app', extra: '' }), secret('api-key', { key: 'k-1' })),
    secrets(secret('db-creds', { password: 's3cr3t' }), secret('api-key', { key: 'k-1' })),
    secrets(secret('db-creds', { passwordx: 's3cr3t', username: 'app' }), secret('api-key', { key: 'k-1' })),
    secrets(secret('db-creds'), secret('api-key', { key: 'k-2' })),
  ]
  const values = changed.map((s) => checksumOf(consumer, s))
  for (const v of values) assert.notEqual(v, base)
  assert.equal(new Set(values).size, values.length)
})

test('checksum: the length prefixes keep shifted boundaries apart (key "ab" value "c" vs key "a" value "bc")', () => {
  const w = workload('Deployment', { containers: [envFrom('s')] })
  assert.notEqual(checksumOf(w, secrets(secret('s', { ab: 'c' }))), checksumOf(w, secrets(secret('s', { a: 'bc' }))))
})

test('checksum: another key gives another value, so it reveals nothing without the key', () => {
  const other: WiringOptions = { ...CHECKSUM, checksum: (m) => createHmac('sha256', enc('another key, also 32 bytes long!')).update(m).digest('hex') }
  const s = secrets(secret('db-creds'), secret('api-key', { key: 'k-1' }))
  assert.notEqual(wireWorkload(consumer, s, other).edits[0].annotations[ANNOTATION_CHECKSUM], checksumOf(consumer, s))
})

test('checksum: a workload carrying Reloader keys (metadata or pod template) is skipped with a warning naming them', () => {
  for (const [meta, pod, key] of [
    [{ 'secret.reloader.stakater.com/reload': 'db-creds' }, {}, 'secret.reloader.stakater.com/reload'],
    [{}, { 'reloader.stakater.com/auto': 'true' }, 'reloader.stakater.com/auto'],
    [{ 'reloader.stakater.com/auto': 'false' }, {}, 'reloader.stakater.com/auto'],
    [{ 'secrets.exclude.reloader.stakater.com/reload': 'db-creds' }, {}, 'secrets.exclude.reloader.stakater.com/reload'],
    [{ 'deployment.reloader.stakater.com/pause-period': '5m' }, {}, 'deployment.reloader.stakater.com/pause-period'],
  ] as [Record<string, string>, Record<string, string>, string][]) {
    const got = wireWorkload(workload('Deployment', { containers: [envFrom('db-creds')] }, meta, pod), secrets(secret('db-creds')), CHECKSUM)
    assert.deepEqual(got.edits, [])
    assert.equal(got.notices.length, 1)
    assert.equal(got.notices[0].severity, 'warning')
    assert.ok(got.notices[0].message.includes(`carries Stakater Reloader annotations (${key})`), got.notices[0].message)
  }
})

test('checksum: a Job is wired only with reloaderJobs, and warned that its pod template is immutable', () => {
  const job = workload('Job', { containers: [envFrom('db-creds')] })
  assert.deepEqual(wireWorkload(job, secrets(secret('db-creds')), CHECKSUM).edits, [])
  const got = wireWorkload(job, secrets(secret('db-creds')), { ...CHECKSUM, jobs: true })
  assert.equal(got.edits.length, 1)
  assert.match(got.notices[0].message, /a Job's pod template is immutable/)
  const cron = wireWorkload(workload('CronJob', { containers: [envFrom('db-creds')] }), secrets(secret('db-creds')), { ...CHECKSUM, jobs: true })
  assert.deepEqual(cron.edits[0].path, ['spec', 'jobTemplate', 'spec', 'template'])
  assert.deepEqual(cron.notices, [])
})

test('checksum: an ignored Secret is left out of the checksum; a workload using only ignored Secrets gets none', () => {
  const ignored = secret('api-key', { key: 'k-1' }, { 'reloader.stakater.com/ignore': 'true' })
  assert.equal(checksumOf(consumer, secrets(secret('db-creds'), ignored)), checksumOf(workload('Deployment', { containers: [envFrom('db-creds')] }), secrets(secret('db-creds'))))
  assert.equal(checksumOf(workload('Deployment', { containers: [keyRef('api-key')] }), secrets(ignored)), undefined)
})

// Cases 12-14: whole renders.
// Started by the first test that needs it, so that a run narrowed to other tests starts no server.
let vault: Promise<VaultDouble> | undefined
const vaultUrl = async () => {
  vault ??= startVaultDouble({
    seed: {
      secret: { version: 2, token: 'root', secrets: { 'app/db': { username: 'app', password: 's3cr3t' }, 'app/tls': { 'tls.crt': 'cert', 'tls.key': 'key' } } },
    },
  })
  return (await vault).url
}
after(async () => {
  if (vault) await (await vault).close()
})

const INPUT = readFileSync(new URL('../../fixtures/reloader-workloads-reload/input.yaml', import.meta.url), 'utf8')
const SEARCH_INPUT = `apiVersion: v1
kind: Secret
metadata: {name: vault-token, namespace: app}
stringData: {token: root}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault, namespace: app}
spec:
  provider:
    vault: {server: "https://vault.example.com:8200", path: secret, version: v2, auth: {tokenSecretRef: {name: vault-token, key: token}}}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: db-creds, namespace: app}
spec:
  secretStoreRef: {name: vault}
  dataFrom:
    - extract: {key: app/db}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
  annotations:
    reloader.stakater.com/search: "true"
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: example/api:1.0
          envFrom:
            - secretRef: {name: db-creds}
`

const render = async (text: string, args: string[] = [], env: Record<string, string> = {}) =>
  runRender({ args: ['-', ...args], stdin: async () => text, env: { VAULT_ADDR: await vaultUrl(), ...env }, readFile: (p) => readFileSync(p, 'utf8') })

test('case 12: search mode (the default reloader: match, reloaderWorkloads off): the Secret gets match "true", the workload is not changed', async () => {
  const out = await render(SEARCH_INPUT)
  assert.equal(out.exitCode, 0, out.stderr)
  const docs = out.stdout.split(/^---\n/m)
  const secretDoc = parseAllDocuments(out.stdout)
    .map((d) => d.toJS() as Obj)
    .find((o) => o.kind === 'Secret' && (o.metadata as Obj).name === 'db-creds')!
  assert.equal(((secretDoc.metadata as Obj).annotations as Record<string, string>)['reloader.stakater.com/match'], 'true')
  const deployment = docs.find((d) => d.includes('kind: Deployment'))!
  assert.ok(SEARCH_INPUT.endsWith(deployment), 'the Deployment is passed through byte for byte')
})

test('case 13: two renders with the same Vault data give identical .data, and Reloader’s hash of it is SHA1("password=s3cr3t;username=app")', async () => {
  const first = await render(SEARCH_INPUT, ['--reloader-workloads', 'reload'])
  const second = await render(SEARCH_INPUT, ['--reloader-workloads', 'reload'])
  assert.equal(first.exitCode, 0, first.stderr)
  assert.equal(first.stdout, second.stdout)
  const secretDoc = parseAllDocuments(first.stdout)
    .map((d) => d.toJS() as Obj)
    .find((o) => o.kind === 'Secret' && (o.metadata as Obj).name === 'db-creds')!
  // internal/pkg/util/util.go GetSHAfromSecret: sorted key=value pairs joined by ";", SHA1, hex.
  const pairs = Object.entries(secretDoc.data as Record<string, string>)
    .map(([k, v]) => `${k}=${Buffer.from(v, 'base64').toString('utf8')}`)
    .sort()
  const hash = createHash('sha1').update(pairs.join(';')).digest('hex')
  assert.equal(hash, '2d1f2667e20f87ccb8cfcf295ba7bf045a28561b')
})

test('case 14: no output of any mode contains STAKATER_ or last-reloaded-from', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-reloader-'))
  const keyFile = join(dir, 'key')
  writeFileSync(keyFile, 'a checksum key for case 14, 32+ bytes\n')
  for (const args of [[], ['--reloader-workloads', 'reload'], ['--reloader-workloads', 'reload', '--reloader-jobs'], ['--reloader-workloads', 'checksum', '--reloader-jobs']]) {
    for (const text of [INPUT, SEARCH_INPUT]) {
      const out = await render(text, args, { ESO_RENDER_CHECKSUM_KEY_FILE: keyFile })
      assert.equal(out.exitCode, 0, out.stderr)
      assert.doesNotMatch(out.stdout, /STAKATER_|last-reloaded-from/)
    }
  }
  rmSync(dir, { recursive: true, force: true })
})
