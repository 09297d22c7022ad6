// src/pipeline/diff.ts: the Secrets eso-render made in two rendered outputs, compared by name and
// by decoded bytes: added, removed, keys added/removed/changed, type, and the names of labels and
// annotations that changed (data-hash, last-applied and Argo CD tracking ignored); never a value.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { diffSecrets, managedSecrets } from '../../src/pipeline/diff.ts'
import { readStreams } from '../../src/manifests/read.ts'
import { RenderError } from '../../src/errors.ts'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const secret = (name: string, data: Record<string, string>, extra: { ns?: string; type?: string; labels?: Record<string, string>; annotations?: Record<string, string>; managed?: boolean } = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      ...(extra.ns === '' ? {} : { namespace: extra.ns ?? 'apps' }),
      labels: { ...(extra.managed === false ? {} : { 'reconcile.external-secrets.io/managed': 'true' }), ...(extra.labels ?? {}) },
      annotations: { 'reconcile.external-secrets.io/data-hash': `hash-of-${name}-${Object.values(data).join('')}`, ...(extra.annotations ?? {}) },
    },
    type: extra.type ?? 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  })
async function secrets(docs: string[]) {
  return managedSecrets(await readStreams([{ path: 'x.yaml', text: docs.join('\n---\n') }], () => true), 'AFTER')
}

const cases: { name: string; before: string[]; after: string[]; expect: unknown[] }[] = [
  {
    name: 'nothing changed (the data-hash annotation aside)',
    before: [secret('a', { k: 'v' })],
    after: [secret('a', { k: 'v' }, { annotations: { 'reconcile.external-secrets.io/data-hash': 'other' } })],
    expect: [],
  },
  { name: 'a Secret added, with its keys', before: [], after: [secret('a', { y: '1', x: '2' })], expect: [{ secret: 'apps/a', change: 'added', keysAdded: ['x', 'y'] }] },
  { name: 'a Secret removed', before: [secret('a', { k: 'v' })], after: [], expect: [{ secret: 'apps/a', change: 'removed', keysRemoved: ['k'] }] },
  {
    name: 'keys added, removed and changed; the same bytes are no change',
    before: [secret('a', { same: 's', gone: 'g', changed: 'old' })],
    after: [secret('a', { same: 's', fresh: 'f', changed: 'new' })],
    expect: [{ secret: 'apps/a', change: 'changed', keysAdded: ['fresh'], keysRemoved: ['gone'], keysChanged: ['changed'] }],
  },
  {
    name: 'a type change',
    before: [secret('a', { k: 'v' })],
    after: [secret('a', { k: 'v' }, { type: 'kubernetes.io/tls' })],
    expect: [{ secret: 'apps/a', change: 'changed', typeChanged: { from: 'Opaque', to: 'kubernetes.io/tls' } }],
  },
  {
    name: 'label and annotation names only, the ignored ones left out',
    before: [secret('a', { k: 'v' }, { labels: { team: 'a', 'app.kubernetes.io/instance': 'x' }, annotations: { note: 'n', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } })],
    after: [secret('a', { k: 'v' }, { labels: { team: 'b', 'app.kubernetes.io/instance': 'y' }, annotations: { extra: 'e', 'argocd.argoproj.io/tracking-id': 't' } })],
    expect: [{ secret: 'apps/a', change: 'changed', labelsChanged: ['team'], annotationsChanged: ['extra', 'note'] }],
  },
  { name: 'Secrets eso-render did not make are not compared', before: [secret('tok', { t: '1' }, { managed: false })], after: [secret('tok', { t: '2' }, { managed: false })], expect: [] },
  {
    name: 'namespace-less Secrets by name; name order',
    before: [],
    after: [secret('b', {}, { ns: '' }), secret('a', {}, { ns: '' })],
    expect: [
      { secret: 'a', change: 'added' },
      { secret: 'b', change: 'added' },
    ],
  },
]
for (const c of cases) {
  test(`diff: ${c.name}`, async () => {
    assert.deepEqual(diffSecrets(await secrets(c.before), await secrets(c.after)), c.expect)
  })
}

test('diff: one Secret twice on one side is an input error naming it', async () => {
  await assert.rejects(
    async () => secrets([secret('a', {}), secret('a', {})]),
    (e: unknown) => e instanceof RenderError && e.code === 'INPUT_INVALID' && /AFTER holds the Secret apps\/a twice/.test(e.message),
  )
})
