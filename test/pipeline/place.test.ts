// src/pipeline/place.ts: what happens to each input item. ExternalSecrets replaced by their Secrets
// (or kept as local-config under kpt), stores dropped or kept, Merge into the input Secret, input
// Secrets adopted, targets owned twice or by another ExternalSecret refused, kpt file names for new
// Secrets, the mergeTargets: patch output.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { placeOutputs } from '../../src/pipeline/place.ts'
import { buildTargets } from '../../src/pipeline/build.ts'
import { planRender } from '../../src/pipeline/plan.ts'
import { classify, lookupsOf } from '../../src/pipeline/classify.ts'
import { Diagnostics } from '../../src/pipeline/diagnostics.ts'
import { readStreams, type ItemAction, type KubeObject } from '../../src/manifests/read.ts'
import { isInteresting } from '../../src/eso/kinds.ts'
import { DEFAULT_OPTIONS, type RenderOptions } from '../../src/config.ts'
import { formatError } from '../../src/errors.ts'
import type { ReadOutcome } from '../../src/eso/resolve.ts'
import { parseJson, type JsonObject } from '../../src/go/json.ts'

const TOKEN = 'hvs.PLACE-CANARY-tok-0b6c'
const PASSWORD = 'PLACE-CANARY-pw-71d9'
const LOCAL = 'config.kubernetes.io/local-config'
const KEPT = 'config.eso-render.dev/kept'
const KPT_PATH = 'internal.config.kubernetes.io/path'

const annotations = (a: Record<string, string>) => (Object.keys(a).length ? `, annotations: ${JSON.stringify(a)}` : '')
const tok = (a: Record<string, string> = {}) => `apiVersion: v1\nkind: Secret\nmetadata: {name: tok, namespace: apps${annotations(a)}}\nstringData: {token: ${TOKEN}}\n`
const store = (a: Record<string, string> = {}) =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps${annotations(a)}}\nspec:\n  provider:\n    vault: {server: 'https://vault.example.com', path: secret, auth: {tokenSecretRef: {name: tok, key: token}}}\n`
const es = (name: string, { target = '', a = {}, ns = 'apps' }: { target?: string; a?: Record<string, string>; ns?: string } = {}) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: ${ns}${annotations(a)}}\nspec:\n  secretStoreRef: {name: vault}\n${target ? `  target: ${target}\n` : ''}  data:\n  - secretKey: password\n    remoteRef: {key: db, property: password}\n`
const inputSecret = (name: string, extra = '', a: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: apps${annotations(a)}${extra}}\ndata: {existing: ${Buffer.from('kept').toString('base64')}}\n`

async function place(docs: string[], options: RenderOptions = DEFAULT_OPTIONS) {
  const manifests = await readStreams([{ path: 'in.yaml', text: docs.join('---\n') }], isInteresting)
  const diag = new Diagnostics()
  const found = classify(manifests, 'default', diag)
  const lookups = lookupsOf(found)
  const rendering = await planRender(found, { options, env: {}, defaultNamespace: 'default', lookups }, diag)
  const outcome: ReadOutcome = { found: true, data: parseJson(`{"password":"${PASSWORD}"}`) as JsonObject, path: 'secret/data/db' }
  const outcomes = new Map([...rendering.targets.values()].map((t) => [t.key, outcome]))
  const built = await buildTargets(rendering, outcomes, lookups, options, diag)
  assert.deepEqual(diag.errors.map(formatError), [], 'plan and build are clean')
  const placed = placeOutputs(manifests, found, built, options, diag)
  for (const e of diag.errors) assert.ok(!formatError(e).includes(PASSWORD) && !formatError(e).includes(TOKEN))
  return { placed, diag, manifests }
}
const addedNames = (a: ItemAction | undefined) => (a?.add ?? []).map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`)
const md = (o: KubeObject) => o.metadata as { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }

test('place: outside kpt an ExternalSecret is replaced by its Secret and the store is dropped; other items untouched', async () => {
  const { placed, diag } = await place([tok(), store(), es('app'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n'])
  assert.deepEqual(diag.errors, [])
  assert.equal(placed.secrets, 1)
  assert.deepEqual([...placed.actions.keys()].sort(), [1, 2])
  assert.deepEqual(placed.actions.get(1), { keep: false })
  assert.equal(placed.actions.get(2)?.keep, false)
  assert.deepEqual(addedNames(placed.actions.get(2)), ['Secret/app'])
})

const keeps: { name: string; options: Partial<RenderOptions>; a?: Record<string, string>; esAction: Omit<ItemAction, 'add'>; storeAction: ItemAction }[] = [
  {
    name: 'keepExternalSecrets true keeps the ExternalSecret as local-config, marked kept',
    options: { keepExternalSecrets: true },
    esAction: { keep: true, annotate: { [LOCAL]: 'true', [KEPT]: 'true' } },
    storeAction: { keep: false },
  },
  { name: 'keepStores true keeps the store as local-config (no kept marker)', options: { keepStores: true }, esAction: { keep: false }, storeAction: { keep: true, annotate: { [LOCAL]: 'true' } } },
  {
    name: 'auto under kpt keeps both',
    options: {},
    a: { [KPT_PATH]: 'pkg/es.yaml' },
    esAction: { keep: true, annotate: { [LOCAL]: 'true', [KEPT]: 'true' } },
    storeAction: { keep: true, annotate: { [LOCAL]: 'true' } },
  },
  { name: 'false under kpt drops both', options: { keepExternalSecrets: false, keepStores: false }, a: { [KPT_PATH]: 'pkg/es.yaml' }, esAction: { keep: false }, storeAction: { keep: false } },
]
for (const c of keeps) {
  test(`place: ${c.name}`, async () => {
    const { placed } = await place([tok(), store(c.a), es('app', { a: c.a })], { ...DEFAULT_OPTIONS, ...c.options })
    const { add, ...esAction } = placed.actions.get(2)!
    assert.deepEqual(esAction, c.esAction)
    assert.deepEqual(
      add?.map((o) => o.kind),
      ['Secret'],
    )
    assert.deepEqual(placed.actions.get(1), c.storeAction)
  })
}

const kptPaths: { name: string; a: Record<string, string>; want: Record<string, string> }[] = [
  { name: 'in a directory', a: { [KPT_PATH]: 'apps/db/es.yaml' }, want: { [KPT_PATH]: 'apps/db/secret_app-creds.yaml' } },
  { name: 'at the package root', a: { [KPT_PATH]: 'es.yaml' }, want: { [KPT_PATH]: 'secret_app-creds.yaml' } },
  {
    name: 'both spellings',
    a: { [KPT_PATH]: 'd/es.yaml', 'config.kubernetes.io/path': 'd/es.yaml' },
    want: { [KPT_PATH]: 'd/secret_app-creds.yaml', 'config.kubernetes.io/path': 'd/secret_app-creds.yaml' },
  },
]
for (const c of kptPaths) {
  test(`place: under kpt the new Secret gets its own file beside the ExternalSecret (${c.name})`, async () => {
    const { placed } = await place([tok(), store(), es('app', { a: c.a, target: '{name: app-creds}' })])
    const secret = placed.actions.get(2)!.add![0]
    for (const [k, v] of Object.entries(c.want)) assert.equal(md(secret).annotations?.[k], v)
  })
}

test('place: two ExternalSecrets writing one Secret: the second is TARGET_INVALID', async () => {
  const { placed, diag } = await place([tok(), store(), es('first', { target: '{name: shared}' }), es('second', { target: '{name: shared}' })])
  assert.deepEqual(
    diag.errors.map((e) => [e.code, e.resource?.name, e.fieldPath]),
    [['TARGET_INVALID', 'second', 'spec.target.name']],
  )
  assert.match(diag.errors[0].message, /^target Secret "shared" is also written by ExternalSecret first: target is owned by another ExternalSecret$/)
  assert.equal(placed.secrets, 1)
})

test('place: the same target name in two namespaces is two Secrets', async () => {
  const secondNs = [tok().replace('namespace: apps', 'namespace: web'), store().replace('namespace: apps', 'namespace: web')]
  const { placed, diag } = await place([tok(), store(), ...secondNs, es('app'), es('app', { ns: 'web' })])
  assert.deepEqual(diag.errors, [])
  assert.equal(placed.secrets, 2)
})

// An input Secret of the target's name: adopted as ESO takes over an existing Secret (DESIGN.md
// decisions; ESO v2.9 externalsecret_controller.go updateSecret for Owner/Orphan), in its own place;
// under kpt the Secret an earlier in-place render wrote into secret_<name>.yaml is replaced; a
// Secret another ExternalSecret owns is refused (applyOwnership, ErrSecretIsOwned).
const OTHER_CREATED_BY = 'reconcile.external-secrets.io/created-by: 3c5e0fe5d6b0a6c0c8ad0ae1b2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7'
const clashes: { name: string; docs: string[]; outcome: 'adopted' | 'replaced' | 'refused'; message?: RegExp }[] = [
  { name: 'an input Secret of the target name (not kpt) is adopted in its place', docs: [inputSecret('app', ', labels: {team: a}')], outcome: 'adopted' },
  { name: 'a managed input Secret outside kpt is adopted too', docs: [inputSecret('app', ', labels: {reconcile.external-secrets.io/managed: "true"}')], outcome: 'adopted' },
  { name: 'under kpt an unmanaged input Secret is adopted in its own file', docs: [inputSecret('app', '', { [KPT_PATH]: 's.yaml' })], outcome: 'adopted' },
  {
    name: 'under kpt a Secret of an earlier render in secret_<name>.yaml is replaced',
    docs: [inputSecret('app', ', labels: {reconcile.external-secrets.io/managed: "true"}', { [KPT_PATH]: 'secret_app.yaml' })],
    outcome: 'replaced',
  },
  {
    name: 'under kpt a managed Secret in a file of its own (adopted by an earlier render) is adopted again',
    docs: [inputSecret('app', ', labels: {reconcile.external-secrets.io/managed: "true"}', { [KPT_PATH]: 'creds.yaml' })],
    outcome: 'adopted',
  },
  {
    name: 'an input Secret owned by another ExternalSecret (created-by) is TARGET_INVALID',
    docs: [inputSecret('app', `, labels: {${OTHER_CREATED_BY}}`)],
    outcome: 'refused',
    message: /^Secret "app" in the input is owned by another ExternalSecret \(its reconcile\.external-secrets\.io\/created-by label belongs to another ExternalSecret\)/,
  },
  {
    name: 'an input Secret controlled by another ExternalSecret (ownerReference) is TARGET_INVALID',
    docs: [inputSecret('app', ', ownerReferences: [{apiVersion: external-secrets.io/v1, kind: ExternalSecret, name: other, uid: u, controller: true}]')],
    outcome: 'refused',
    message: /its controller ownerReference names ExternalSecret "other"/,
  },
]
for (const c of clashes) {
  test(`place: ${c.name}`, async () => {
    const kpt: Record<string, string> = c.docs[0].includes(KPT_PATH) ? { [KPT_PATH]: 'es.yaml' } : {}
    const { placed, diag } = await place([tok(), store(kpt), es('app', { a: kpt }), ...c.docs])
    if (c.outcome === 'refused') {
      assert.deepEqual(
        diag.errors.map((e) => [e.code, e.fieldPath]),
        [['TARGET_INVALID', 'spec.target.name']],
      )
      if (c.message) assert.match(diag.errors[0].message, c.message)
      assert.equal(placed.actions.get(3), undefined, 'the input Secret is not touched')
      return
    }
    assert.deepEqual(diag.errors, [])
    assert.equal(placed.secrets, 1)
    if (c.outcome === 'replaced') {
      assert.deepEqual(placed.actions.get(3), { keep: false })
      assert.deepEqual(addedNames(placed.actions.get(2)), ['Secret/app'])
      return
    }
    assert.deepEqual(addedNames(placed.actions.get(2)), [], 'the ExternalSecret adds no second Secret')
    const adopted = placed.actions.get(3)!.add![0]
    assert.deepEqual(Object.keys(adopted.data as object), ['password'], 'the data is replaced')
    assert.equal(md(adopted).labels?.['reconcile.external-secrets.io/managed'], 'true')
    if (c.docs[0].includes('team: a')) assert.equal(md(adopted).labels?.team, 'a')
    if (kpt[KPT_PATH]) assert.equal(md(adopted).annotations?.[KPT_PATH], (c.docs[0].match(/"([^"]+\.yaml)"/) ?? [])[1], 'it stays in its own file')
    assert.ok(diag.notices.some((n) => /^adopted the input Secret "app"/.test(n.message)))
  })
}

test('place: creationPolicy Merge without the Secret in the input is TARGET_INVALID at creationPolicy', async () => {
  const { diag } = await place([tok(), store(), es('app', { target: '{creationPolicy: Merge}' })])
  assert.deepEqual(
    diag.errors.map((e) => [e.code, e.fieldPath]),
    [['TARGET_INVALID', 'spec.target.creationPolicy']],
  )
  assert.match(diag.errors[0].message, /creationPolicy Merge needs the Secret "app" in the input/)
})

test('place: creationPolicy Merge writes the merged Secret in the input Secret’s place', async () => {
  const { placed, diag } = await place([tok(), store(), es('app', { target: '{creationPolicy: Merge}' }), inputSecret('app', ', labels: {team: a}')])
  assert.deepEqual(diag.errors, [])
  assert.equal(placed.secrets, 1)
  assert.deepEqual(placed.actions.get(2), { keep: false, add: [] }, 'the ExternalSecret itself adds nothing')
  const merged = placed.actions.get(3)!
  assert.equal(merged.keep, false)
  assert.equal(merged.add!.length, 1)
  const data = merged.add![0].data as Record<string, string>
  assert.deepEqual(Object.keys(data), ['existing', 'password'])
  assert.equal(Buffer.from(data.password, 'base64').toString(), PASSWORD)
  assert.equal(md(merged.add![0]).labels?.team, 'a')
})

test('place: creationPolicy None removes the ExternalSecret and writes nothing', async () => {
  const { placed } = await place([tok(), store(), es('app', { target: '{creationPolicy: None}' })])
  assert.equal(placed.secrets, 0)
  assert.deepEqual(placed.actions.get(2), { keep: false, add: [] })
})

// The items of a v1 List are placed like top-level items, by their own positions.
const asList = (items: string[], a: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: List\nmetadata: {name: l${annotations(a)}}\nitems:\n${items.map((d) => d.replace(/^(?=.)/gm, '    ').replace(/^ {4}/, '  - ')).join('')}`

test('place: an ExternalSecret and a store in a List get the same actions as top-level ones, at their positions', async () => {
  const { placed, diag, manifests } = await place([asList([tok(), store(), es('app')])])
  assert.deepEqual(diag.errors, [])
  assert.deepEqual(
    manifests.items.map((i) => i.kind),
    ['List', 'Secret', 'SecretStore', 'ExternalSecret'],
  )
  assert.deepEqual([...placed.actions.keys()].sort(), [2, 3])
  assert.deepEqual(placed.actions.get(2), { keep: false })
  assert.deepEqual(addedNames(placed.actions.get(3)), ['Secret/app'])
  const out = manifests.write(placed.actions)
  assert.match(out, /^apiVersion: v1\nkind: List\nmetadata: \{name: l\}\nitems:\n {2}- apiVersion: v1\n {4}kind: Secret\n {4}metadata: \{name: tok, namespace: apps\}\n/)
  assert.match(out, /\n {2}- apiVersion: v1\n {4}kind: Secret\n {4}metadata:\n {6}name: app\n/)
})

test('place: under kpt, the Secret of an ExternalSecret in a List stays in the List, with no path of its own', async () => {
  const { placed, diag } = await place([asList([tok(), store(), es('app')], { [KPT_PATH]: 'dir/list.yaml' })])
  assert.deepEqual(diag.errors, [])
  const action = placed.actions.get(3)!
  assert.deepEqual(action.annotate, { [LOCAL]: 'true', [KEPT]: 'true' }, 'kept as local-config, as at the top level under kpt')
  assert.equal(md(action.add![0]).annotations?.[KPT_PATH], undefined)
  assert.ok(diag.notices.some((n) => /or the file of the List its ExternalSecret is in/.test(n.message)))
})

test('place: creationPolicy Merge writes into a Secret inside a List, in its place', async () => {
  const { placed, diag } = await place([tok(), store(), asList([inputSecret('app')]), es('app', { target: '{creationPolicy: Merge}' })])
  assert.deepEqual(diag.errors, [])
  // tok 0, store 1, List 2, its Secret 3, the ExternalSecret 4.
  assert.equal(placed.actions.get(3)?.keep, false)
  assert.deepEqual(addedNames(placed.actions.get(3)), ['Secret/app'])
  assert.deepEqual(addedNames(placed.actions.get(4)), [])
})

test('place: creationPolicy CreateOrMerge with an input Secret merges into it (existing keys kept), without created-by', async () => {
  const { placed, diag } = await place([tok(), store(), es('app', { target: '{creationPolicy: CreateOrMerge}' }), inputSecret('app')])
  assert.deepEqual(diag.errors, [])
  const merged = placed.actions.get(3)!.add![0]
  assert.deepEqual(Object.keys(merged.data as object), ['existing', 'password'])
  assert.equal(md(merged).labels?.['reconcile.external-secrets.io/created-by'], undefined)
  assert.ok(!diag.notices.some((n) => /adopted/.test(n.message)), 'a merge is no adoption')
})

test('place: creationPolicy CreateOrMerge without an input Secret creates it, as Orphan does', async () => {
  const { placed, diag } = await place([tok(), store(), es('app', { target: '{creationPolicy: CreateOrMerge}' })])
  assert.deepEqual(diag.errors, [])
  assert.deepEqual(addedNames(placed.actions.get(2)), ['Secret/app'])
})

test('place: Merge without the Secret, mergeTargets: patch: the patch takes the ExternalSecret’s place, with a notice', async () => {
  const { placed, diag } = await place([tok(), store(), es('app', { target: '{creationPolicy: Merge}' })], { ...DEFAULT_OPTIONS, mergeTargets: 'patch' })
  assert.deepEqual(diag.errors, [])
  const patch = placed.actions.get(2)!.add![0]
  assert.equal(patch.type, undefined)
  assert.deepEqual(md(patch).annotations, { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'reloader.stakater.com/match': 'true' })
  assert.deepEqual(md(patch).labels, { 'reconcile.external-secrets.io/managed': 'true' })
  assert.deepEqual(Object.keys(patch.data as object), ['password'])
  assert.ok(diag.notices.some((n) => /mergeTargets: patch/.test(n.message)))
})

test('place: Merge with the Secret in the input ignores mergeTargets: patch and merges', async () => {
  const { placed } = await place([tok(), store(), es('app', { target: '{creationPolicy: Merge}' }), inputSecret('app')], { ...DEFAULT_OPTIONS, mergeTargets: 'patch' })
  const merged = placed.actions.get(3)!.add![0]
  assert.deepEqual(Object.keys(merged.data as object), ['existing', 'password'])
  assert.equal(merged.type, 'Opaque')
})

test('place: Merge into a Secret only the cluster holds: the error says no merged copy of a cluster Secret is emitted and names mergeTargets: patch', async () => {
  const { diag } = await place([tok(), store(), es('app', { target: '{creationPolicy: Merge}' })], { ...DEFAULT_OPTIONS, cluster: 'kubeconfig' })
  assert.deepEqual(
    diag.errors.map((e) => [e.code, e.fieldPath]),
    [['TARGET_INVALID', 'spec.target.creationPolicy']],
  )
  assert.match(diag.errors[0].message, /never emits a full merged copy of a Secret that lives only in the cluster .*mergeTargets: patch/)
})

test('place: under kpt, Merge into a managed Secret in secret_<name>.yaml (an earlier render) merges into it rather than replacing it', async () => {
  const kpt = { [KPT_PATH]: 'es.yaml' }
  const earlier = inputSecret('app', ', labels: {reconcile.external-secrets.io/managed: "true"}', { [KPT_PATH]: 'secret_app.yaml' })
  const { placed, diag } = await place([tok(), store(kpt), es('app', { a: kpt, target: '{creationPolicy: Merge}' }), earlier])
  assert.deepEqual(diag.errors, [])
  const merged = placed.actions.get(3)!.add![0]
  assert.deepEqual(Object.keys(merged.data as object), ['existing', 'password'])
  assert.equal(md(merged).annotations?.[KPT_PATH], 'secret_app.yaml')
})
