// src/pipeline/early-build.ts: ExternalSecrets built while Vault answers give exactly what the build
// stage alone gives (Secrets, errors and notices, in the ExternalSecrets' order), whatever order the
// answers come in; generators wait for the build stage; nothing is built after stop, after the
// deadline or once the run is aborted.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildContext, buildTargets } from '../../src/pipeline/build.ts'
import { EarlyBuilds } from '../../src/pipeline/early-build.ts'
import { planRender, type RenderPlan } from '../../src/pipeline/plan.ts'
import { classify, lookupsOf } from '../../src/pipeline/classify.ts'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import { readStreams } from '../../src/manifests/read.ts'
import { isInteresting } from '../../src/eso/kinds.ts'
import { DEFAULT_OPTIONS } from '../../src/config.ts'
import { formatError, RenderError } from '../../src/errors.ts'
import type { ReadOutcome } from '../../src/eso/resolve.ts'
import { parseJson, type JsonObject } from '../../src/go/json.ts'
import type { Lookups } from '../../src/eso/stores.ts'

const head = `apiVersion: v1
kind: Secret
metadata: {name: tok, namespace: apps}
stringData: {token: hvs.EARLY-CANARY-tok}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault, namespace: apps}
spec:
  provider:
    vault: {server: 'https://vault.example.com', path: secret, auth: {tokenSecretRef: {name: tok, key: token}}}
`
const es = (name: string, spec: string) => `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n${spec}`
const data = (...items: string[]) => `  data:\n${items.map((i) => `  - ${i}\n`).join('')}`
const found = (json: string): ReadOutcome => ({ found: true, data: parseJson(json) as JsonObject, path: 'p' })

// Every way a build ends: Secrets (one templated, one sharing a read, one with two reads of one
// path), a read error, a property missing, a warning (deletionPolicy Delete with the data gone),
// creationPolicy None and a key Kubernetes refuses.
const docs = [
  es('plain', data('{secretKey: user, remoteRef: {key: db, property: user}}', '{secretKey: pass, remoteRef: {key: db, property: pass}}')),
  es('templated', `  target:\n    template:\n      data: {dsn: 'postgres://{{ .user }}@db'}\n${data('{secretKey: user, remoteRef: {key: db, property: user}}')}`),
  es('two-paths', data('{secretKey: a, remoteRef: {key: db, property: user}}', '{secretKey: b, remoteRef: {key: other, property: v}}')),
  es('failed', data('{secretKey: x, remoteRef: {key: sealed}}')),
  es('no-property', data('{secretKey: x, remoteRef: {key: other, property: nope}}')),
  es('deleted', `  target: {deletionPolicy: Delete}\n${data('{secretKey: x, remoteRef: {key: gone}}')}`),
  es('none', `  target: {creationPolicy: None}\n${data('{secretKey: x, remoteRef: {key: other, property: v}}')}`),
  es('bad-key', '  dataFrom:\n  - extract: {key: odd}\n'),
]
const vault: Record<string, ReadOutcome | RenderError> = {
  'secret/data/db': found('{"user":"u","pass":"EARLY-CANARY-pw"}'),
  'secret/data/other': found('{"v":"1"}'),
  'secret/data/sealed': new RenderError('VAULT_SEALED', 'Vault is sealed: GET /v1/secret/data/sealed answered 503 (via SecretStore apps/vault)'),
  'secret/data/odd': found('{"..a":"1"}'),
  'secret/data/gone': { found: false, reason: 'missing', path: 'secret/data/gone' },
}

async function planned(extra: string[] = []): Promise<{ rendering: RenderPlan; lookups: Lookups; outcomes: Map<string, ReadOutcome | RenderError> }> {
  const manifests = await readStreams([{ path: 'in.yaml', text: [head, ...docs, ...extra].join('---\n') }], isInteresting)
  const diag = new Diagnostics()
  const classified = classify(manifests, 'default', diag)
  const lookups = lookupsOf(classified)
  const rendering = await planRender(classified, { options: DEFAULT_OPTIONS, env: {}, defaultNamespace: 'default', lookups }, diag)
  assert.deepEqual(diag.errors.map(formatError), [], 'the plan is clean')
  const outcomes = new Map<string, ReadOutcome | RenderError>()
  for (const t of rendering.targets.values()) outcomes.set(t.key, vault[t.path]!)
  return { rendering, lookups, outcomes }
}

/** Lets the early builds' turns run (each yields to the event loop with setImmediate). */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** What a build stage says, in a form deepEqual can compare. */
function said(built: Awaited<ReturnType<typeof buildTargets>>, diag: Diagnostics) {
  return { built: built.map((b) => [b.plan.resource.name, b.secret]), errors: diag.errors.map(formatError), notices: diag.notices.map((n) => [n.severity, n.message, n.resource?.name]) }
}

const orders: { name: string; order: (keys: string[]) => string[] }[] = [
  { name: 'in plan order', order: (keys) => keys },
  { name: 'in reverse', order: (keys) => [...keys].reverse() },
  { name: 'interleaved', order: (keys) => [...keys.filter((_, i) => i % 2), ...keys.filter((_, i) => !(i % 2))] },
]
for (const o of orders) {
  test(`early builds: answers ${o.name} give what the build stage alone gives`, async () => {
    const { rendering, lookups, outcomes } = await planned()
    const alone = new Diagnostics()
    const expected = said(await buildTargets(rendering, outcomes, lookups, DEFAULT_OPTIONS, alone), alone)
    assert.ok(expected.built.length >= 5 && expected.errors.length >= 3 && expected.notices.length >= 2, 'the table covers Secrets, errors and notices')

    const prepared = await buildContext(rendering, lookups, DEFAULT_OPTIONS)
    const writtenAhead: object[] = []
    const early = new EarlyBuilds(prepared, undefined, (secret) => writtenAhead.push(secret))
    for (const key of o.order([...outcomes.keys()])) {
      early.settled(key, outcomes.get(key)!)
      await turns(1)
    }
    await turns()
    early.stop()
    assert.equal(early.done.size, rendering.plans.length, 'every ExternalSecret was built before the build stage')
    // Each Secret built early, and only those, had its text written ahead, once.
    const builtEarly = [...early.done.values()].flatMap((d) => (d.built?.secret ? [d.built.secret] : []))
    assert.equal(writtenAhead.length, builtEarly.length)
    assert.ok(builtEarly.every((secret) => writtenAhead.includes(secret)))
    const diag = new Diagnostics()
    const got = said(await buildTargets(rendering, outcomes, lookups, DEFAULT_OPTIONS, diag, undefined, new Map(), prepared, early.done), diag)
    assert.deepEqual(got, expected)
  })
}

test('early builds: an ExternalSecret waits until every read it names has settled', async () => {
  const { rendering, lookups, outcomes } = await planned()
  const early = new EarlyBuilds(await buildContext(rendering, lookups, DEFAULT_OPTIONS))
  await turns()
  const names = () => [...early.done.keys()].map((i) => rendering.plans[i]!.resource.name).sort()
  assert.deepEqual(names(), [], 'nothing is built before an answer')
  const keyOf = (path: string) => [...rendering.targets.values()].find((t) => t.path === path)!.key
  early.settled(keyOf('secret/data/db'), outcomes.get(keyOf('secret/data/db'))!)
  await turns()
  assert.deepEqual(names(), ['plain', 'templated'], 'two-paths still waits for secret/data/other')
  early.settled(keyOf('secret/data/other'), outcomes.get(keyOf('secret/data/other'))!)
  await turns()
  assert.deepEqual(names(), ['no-property', 'none', 'plain', 'templated', 'two-paths'], 'the others wait for their own paths')
  early.stop()
})

test('early builds: an ExternalSecret with a generator is left to the build stage', async () => {
  const generator = 'apiVersion: generators.external-secrets.io/v1alpha1\nkind: Password\nmetadata: {name: pw, namespace: apps}\nspec: {secretKeys: [pw]}\n'
  const withGenerator = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: generated, namespace: apps}\nspec:\n  dataFrom:\n  - sourceRef: {generatorRef: {kind: Password, name: pw}}\n`
  const { rendering, lookups, outcomes } = await planned([generator, withGenerator])
  const early = new EarlyBuilds(await buildContext(rendering, lookups, DEFAULT_OPTIONS))
  for (const [key, outcome] of outcomes) early.settled(key, outcome)
  await turns()
  early.stop()
  const index = rendering.plans.findIndex((p) => p.resource.name === 'generated')
  assert.ok(index >= 0)
  assert.equal(early.done.has(index), false)
  assert.equal(early.done.size, rendering.plans.length - 1)
})

const stops: { name: string; start: (rendering: RenderPlan, lookups: Lookups) => Promise<EarlyBuilds> }[] = [
  {
    name: 'after stop',
    start: async (rendering, lookups) => {
      const early = new EarlyBuilds(await buildContext(rendering, lookups, DEFAULT_OPTIONS))
      early.stop()
      return early
    },
  },
  {
    name: 'once the run is aborted',
    start: async (rendering, lookups) => {
      const abort = new AbortController()
      abort.abort()
      return new EarlyBuilds(await buildContext(rendering, lookups, DEFAULT_OPTIONS), abort.signal)
    },
  },
  {
    name: 'past the deadline (the build stage reports it)',
    start: async (rendering, lookups) => new EarlyBuilds(await buildContext(rendering, lookups, DEFAULT_OPTIONS, { at: Date.now() - 1, seconds: 7 })),
  },
]
for (const s of stops) {
  test(`early builds: nothing is built ${s.name}`, async () => {
    const { rendering, lookups, outcomes } = await planned()
    const early = await s.start(rendering, lookups)
    for (const [key, outcome] of outcomes) early.settled(key, outcome)
    await turns()
    assert.equal(early.done.size, 0)
    early.stop()
  })
}

test('early builds: a bug (an exception, not a RenderError) stops them, and the build stage fails with it as before', async () => {
  const { rendering, lookups, outcomes } = await planned()
  const prepared = await buildContext(rendering, lookups, DEFAULT_OPTIONS)
  const bug = new TypeError('a bug in the engine')
  const engine = prepared.templates!.engine!
  const broken = {
    ...prepared,
    templates: {
      ...prepared.templates!,
      engine: {
        ...engine,
        renderTemplateBytes: () => {
          throw bug
        },
      },
    },
  }
  const early = new EarlyBuilds(broken)
  for (const [key, outcome] of outcomes) early.settled(key, outcome)
  await turns()
  const templated = rendering.plans.findIndex((p) => p.resource.name === 'templated')
  assert.equal(early.done.has(templated), false)
  assert.ok(early.done.size < rendering.plans.length)
  await assert.rejects(
    () => buildTargets(rendering, outcomes, lookups, DEFAULT_OPTIONS, new Diagnostics(), undefined, new Map(), broken, early.done),
    (e) => e === bug,
  )
})
