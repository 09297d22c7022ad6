// The README's examples are run, so the documentation cannot drift from the program: every fenced
// block tagged `file=PATH` is written into a scratch directory, and every block tagged `test=NAME`
// runs there in bash (eso-render, kustomize, kubectl and kpt on PATH; a HOME of its own), against the
// bundled Vault-compatible server seeded with the demo's data, whose address replaces the README's
// http://127.0.0.1:8200. Each named block must exist and print the demo's three Secrets.

import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { FIXTURES, ROOT } from './support/fixtures.ts'
import { parseObjects } from './support/objects.ts'
import { BIN, cleanEnv, KUSTOMIZE, requireBundle, run, testPath } from './support/run.ts'
import { startSeededVault, type TestVault } from './support/vault.ts'

requireBundle()

interface Block {
  lang: string
  attrs: Record<string, string>
  body: string
}

/** Fenced blocks with `key=value` attributes after the language. */
export function readmeBlocks(text: string): Block[] {
  const blocks: Block[] = []
  for (const m of text.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const attrs = Object.fromEntries([...m[2].matchAll(/(\w+)=(\S+)/g)].map((a) => [a[1], a[2]]))
    blocks.push({ lang: m[1], attrs, body: m[3] })
  }
  return blocks
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const blocks = readmeBlocks(README)
const demo = join(FIXTURES, 'demo')
const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8')) as { secret: { token: string } }
const README_VAULT = 'http://127.0.0.1:8200'

const work = mkdtempSync(join(tmpdir(), 'eso-render-readme-'))
let vault: TestVault
before(async () => {
  vault = await startSeededVault(seed)
})
after(async () => {
  await vault.close()
  rmSync(work, { recursive: true, force: true })
})

/** A scratch directory with the README's files, the demo's manifests as app/resources.yaml, and a PATH. */
function scratch(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(work, 'run-'))
  mkdirSync(join(dir, 'app'))
  cpSync(join(demo, 'input.yaml'), join(dir, 'app', 'resources.yaml'))
  for (const b of blocks.filter((b) => b.attrs.file)) {
    mkdirSync(dirname(join(dir, b.attrs.file)), { recursive: true })
    writeFileSync(join(dir, b.attrs.file), b.body)
  }
  const bin = join(dir, '.bin')
  mkdirSync(bin)
  symlinkSync(BIN, join(bin, 'eso-render'))
  symlinkSync(KUSTOMIZE, join(bin, 'kustomize'))
  return { dir, env: cleanEnv({ PATH: `${bin}:${testPath()}`, HOME: join(dir, 'home') }) }
}

const applied = (stream: string) => parseObjects(stream).filter((o) => (o.metadata as { annotations?: Record<string, string> })?.annotations?.['config.kubernetes.io/local-config'] !== 'true')
const managedSecrets = (stream: string) =>
  parseObjects(stream).filter((o) => o.kind === 'Secret' && (o.metadata as { labels?: Record<string, string> })?.labels?.['reconcile.external-secrets.io/managed'] === 'true')

const NAMED: { name: string; output: (dir: string, stdout: string) => string[]; streams?: number }[] = [
  { name: 'render', output: (dir) => [readFileSync(join(dir, 'rendered.yaml'), 'utf8')] },
  // install-plugin's note, then kubectl kustomize, then kustomize build: two streams one after the other.
  { name: 'kubectl', output: (_dir, stdout) => stdout.split(/^(?=apiVersion: v1\nkind: Namespace)/m).filter((s) => s.trim() && !s.startsWith('# ')), streams: 2 },
  { name: 'kpt', output: (_dir, stdout) => [stdout] },
]

for (const n of NAMED) {
  test(`README: the "${n.name}" example runs and renders the demo's three Secrets`, async () => {
    const block = blocks.find((b) => b.attrs.test === n.name)
    assert.ok(block, `README.md has a block tagged test=${n.name}`)
    const { dir, env } = scratch()
    const script = `set -euo pipefail\n${block.body.replaceAll(README_VAULT, vault.url)}`
    const out = await run('bash', ['-c', script], { cwd: dir, env, timeoutMs: 120_000 })
    assert.equal(out.code, 0, out.stderr)
    const streams = n.output(dir, out.stdout)
    assert.equal(streams.length, n.streams ?? 1)
    for (const stream of streams) {
      assert.equal(managedSecrets(stream).length, 3, stream)
      // Nothing left unrendered (kpt keeps the ExternalSecrets only as local-config).
      assert.ok(!applied(stream).some((o) => o.kind === 'ExternalSecret'), 'no ExternalSecret is applied')
    }
  })
}

test('README: every block tagged test= is one this test knows (a new example gets a check)', () => {
  const tagged = blocks.filter((b) => b.attrs.test).map((b) => b.attrs.test)
  assert.deepEqual(tagged.sort(), NAMED.map((n) => n.name).sort())
})

test('README: every YAML block parses, and the Argo CD Application names only parameters plugin.yaml announces', () => {
  const plugin = parse(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8')) as { spec: { parameters: { static: { name: string }[] } } }
  const announced = new Set(plugin.spec.parameters.static.map((p) => p.name))
  for (const b of blocks.filter((x) => x.lang === 'yaml')) {
    for (const doc of b.body.split(/^---$/m)) {
      const value = parse(doc) as { kind?: string; spec?: { source?: { plugin?: { parameters?: { name: string }[] } } } }
      for (const p of value?.spec?.source?.plugin?.parameters ?? []) assert.ok(announced.has(p.name), `parameter ${p.name} is in plugin.yaml`)
    }
  }
})
