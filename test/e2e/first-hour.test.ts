// What a new user meets first, through the built bundle: every subcommand's --help, --version and
// no -v, and warnings for objects that almost are ESO resources (they would pass through unrendered).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cleanEnv, requireBundle, run } from '../support/run.ts'

requireBundle()

const helps: { args: string[]; usage: RegExp }[] = [
  { args: ['--help'], usage: /^eso-render: resolve External Secrets Operator ExternalSecrets/ },
  { args: ['-h'], usage: /^eso-render: resolve External Secrets Operator ExternalSecrets/ },
  { args: ['help'], usage: /^eso-render: resolve External Secrets Operator ExternalSecrets/ },
  { args: ['render', '--help'], usage: /^usage: eso-render render \[PATH\.\.\.\|-\] \[flags\]\n[\s\S]*--allowed-servers/ },
  { args: ['render', 'app/', '-h'], usage: /^usage: eso-render render / },
  { args: ['install-plugin', '--help'], usage: /^usage: eso-render install-plugin DIR\n/ },
  { args: ['legacy-plugin', '--help'], usage: /^usage: eso-render legacy-plugin CONFIG/ },
  { args: ['argocd', 'generate', '--help'], usage: /^usage: eso-render argocd generate\n/ },
  { args: ['argocd', '--help'], usage: /^usage: eso-render argocd generate\n/ },
  { args: ['krm', '--help'], usage: /^usage: eso-render \[krm\] \[flags\]/ },
]
for (const h of helps) {
  test(`first hour: eso-render ${h.args.join(' ')} prints its usage and exits 0`, async () => {
    const out = await run(BIN, h.args)
    assert.equal(out.code, 0, out.stderr)
    assert.match(out.stdout, h.usage)
    assert.equal(out.stderr, '')
  })
}

test('first hour: install-plugin --help creates no folder named --help', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'eso-render-help-'))
  try {
    const out = await run(BIN, ['install-plugin', '--help'], { cwd })
    assert.equal(out.code, 0)
    assert.deepEqual(readdirSync(cwd), [])
  } finally {
    rmSync(cwd, { recursive: true, force: true })
  }
})

test('first hour: --version prints the version; -v is not a shorthand (kubectl users read it as verbosity)', async () => {
  const version = await run(BIN, ['--version'])
  assert.equal(version.code, 0)
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/)
  const v = await run(BIN, ['-v'])
  assert.equal(v.code, 2)
  assert.match(v.stderr, /unknown command "-v" \(see eso-render --help\)/)
})

test('first hour: a file literally named --help is still readable after --', async () => {
  const out = await run(BIN, ['render', '--', '--help'])
  assert.equal(out.code, 1)
  assert.match(out.stderr, /cannot read --help: no such file or directory/)
})

const nearMisses = [
  {
    name: 'a kind in the wrong case',
    doc: 'apiVersion: external-secrets.io/v1\nkind: Externalsecret\nmetadata: {name: db, namespace: shop}\nspec: {}\n',
    warning: /warning: Externalsecret shop\/db: looks like an ESO resource but is not one, so it passes through unrendered: kind "Externalsecret" is not ExternalSecret \(kinds are case-sensitive\)/,
  },
  {
    name: 'an API group with a typo',
    doc: 'apiVersion: external-secret.io/v1\nkind: ExternalSecret\nmetadata: {name: db, namespace: shop}\nspec: {}\n',
    warning:
      /warning: ExternalSecret shop\/db: looks like an ESO resource but is not one, so it passes through unrendered: apiVersion "external-secret.io\/v1" is not in the external-secrets.io group/,
  },
  {
    name: 'a store in the wrong case',
    doc: 'apiVersion: external-secrets.io/v1\nkind: clusterSecretStore\nmetadata: {name: vault}\nspec: {}\n',
    warning: /kind "clusterSecretStore" is not ClusterSecretStore/,
  },
]
for (const c of nearMisses) {
  for (const face of ['render', 'krm'] as const) {
    test(`first hour: ${c.name} gets a warning naming it (${face} face)`, async () => {
      const input =
        face === 'render'
          ? c.doc
          : `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${c.doc
              .replace(/\n$/, '')
              .split('\n')
              .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))
              .join('\n')}\n`
      const out = await run(BIN, face === 'render' ? ['render', '-'] : [], { input })
      assert.equal(out.code, 0, out.stderr)
      assert.match(out.stderr, c.warning)
    })
  }
}

test('first hour: real ESO resources of other groups (generators, PushSecret) are not near misses', async () => {
  const doc =
    'apiVersion: generators.external-secrets.io/v1alpha1\nkind: Password\nmetadata: {name: p}\nspec: {length: 12}\n---\napiVersion: external-secrets.io/v1alpha1\nkind: PushSecret\nmetadata: {name: p}\nspec: {}\n'
  const out = await run(BIN, ['render', '-'], { input: doc })
  assert.equal(out.code, 0, out.stderr)
  assert.doesNotMatch(out.stderr, /looks like an ESO resource/)
})

test("first hour: kpt sends a package's kustomization.yaml as a kind-less item; it comes back untouched", async () => {
  const pkg = mkdtempSync(join(tmpdir(), 'eso-render-kpt-kustomization-'))
  try {
    writeFileSync(join(pkg, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n')
    writeFileSync(join(pkg, 'kustomization.yaml'), 'resources: [cm.yaml]\n')
    const out = await run('kpt', ['fn', 'eval', '--exec', BIN, '-o', 'stdout', pkg], { env: cleanEnv() })
    assert.equal(out.code, 0, out.stderr)
    assert.match(out.stdout, /- resources: \[cm\.yaml\]/)
  } finally {
    rmSync(pkg, { recursive: true, force: true })
  }
})
