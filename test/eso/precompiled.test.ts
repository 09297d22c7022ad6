// The validators the bundle carries compiled ahead of time (src/eso/precompiled.ts, written by
// scripts/validators.mjs from src/eso/validator-schemas.ts) judge as the ones ajv compiles at run
// time from source: the same objects, refused for the same fields with the same words. Each input
// holds many broken objects of every validated kind; the bundle's stderr must be the source's.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runRender } from '../../src/hosts/stream.ts'
import { validatorSchemas } from '../../src/eso/validator-schemas.ts'
import { ROOT } from '../support/fixtures.ts'

const bundle = join(ROOT, 'dist', 'eso-render.mjs')

const store = (spec: string, name = 'vault') => `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: ${name}, namespace: apps}\nspec:\n${spec}`
const es = (name: string, spec: string) => `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: apps}\nspec:\n${spec}`
const ref = '  secretStoreRef: {name: vault, kind: SecretStore}\n'
const generator = (kind: string, name: string, spec: string) => `apiVersion: generators.external-secrets.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: apps}\nspec:\n${spec}`

const inputs: Record<string, string[]> = {
  'ExternalSecrets, each broken in one field': [
    store('  provider:\n    vault: {server: "https://vault.example:8200", path: secret, auth: {tokenSecretRef: {name: t, key: token}}}\n'),
    es('unknown-field', `${ref}  data: [{secretKey: a, remoteRef: {key: k}, extra: 1}]\n`),
    es('wrong-type', `${ref}  data: [{secretKey: 7, remoteRef: {key: k}}]\n`),
    es('enum', `${ref}  target: {creationPolicy: Sometimes}\n  data: [{secretKey: a, remoteRef: {key: k}}]\n`),
    es('missing-key', `${ref}  data: [{secretKey: a, remoteRef: {property: p}}]\n`),
    es('conversion', `${ref}  dataFrom: [{extract: {key: k, conversionStrategy: Upper}}]\n`),
    es('refresh', `${ref}  refreshInterval: [1h]\n  data: [{secretKey: a, remoteRef: {key: k}}]\n`),
    es('template', `${ref}  target: {template: {engineVersion: v9, type: 3}}\n  data: [{secretKey: a, remoteRef: {key: k}}]\n`),
    es('neither', ref),
  ],
  'stores, each broken in one field': [
    store('  provider:\n    vault: {server: 42, path: secret, auth: {tokenSecretRef: {name: t, key: token}}}\n', 'server-type'),
    store('  provider:\n    vault: {server: "https://v:8200", version: v3, auth: {tokenSecretRef: {name: t, key: token}}}\n', 'version-enum'),
    store('  provider:\n    vault: {server: "https://v:8200", auth: {kubernetes: {mountPath: k}}}\n', 'k8s-role'),
    store('  provider:\n    vault: {server: "https://v:8200", auth: {appRole: {path: a, roleId: r, secretRef: {key: k}}}, extra: true}\n', 'unknown'),
    store('  provider: {vault: {server: "https://v:8200", auth: {}}, aws: {service: SecretsManager}}\n', 'two-providers'),
    es('uses-broken', `  secretStoreRef: {name: server-type, kind: SecretStore}\n  data: [{secretKey: a, remoteRef: {key: k}}]\n`),
  ],
  'generators and a ClusterExternalSecret, each broken in one field': [
    generator('Password', 'length', '  length: many\n'),
    generator('Password', 'unknown', '  length: 8\n  colour: blue\n'),
    generator('VaultDynamicSecret', 'path', '  path: [database/creds/app]\n  provider: {server: "https://v:8200", auth: {tokenSecretRef: {name: t, key: token}}}\n'),
    generator('ClusterGenerator', 'two', '  kind: Password\n  generator: {passwordSpec: {length: 8}, uuidSpec: {}}\n'),
    es('gen', '  dataFrom:\n  - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: Password, name: length}}\n'),
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n',
    'apiVersion: external-secrets.io/v1\nkind: ClusterExternalSecret\nmetadata: {name: ces}\nspec:\n  namespaces: apps\n  externalSecretSpec: {secretStoreRef: {name: vault}}\n',
  ],
}

test('the compiled validators cover every schema the render validates', () => {
  assert.deepEqual(Object.keys(validatorSchemas()).sort(), [
    'ClusterExternalSecret',
    'ExternalSecret',
    'SecretStore',
    'generator:ClusterGenerator',
    'generator:Password',
    'generator:VaultDynamicSecret',
  ])
})

for (const [name, docs] of Object.entries(inputs)) {
  test(`the bundle's compiled validators judge as ajv compiling from source: ${name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eso-render-precompiled-'))
    try {
      const file = join(dir, 'input.yaml')
      writeFileSync(file, docs.join('---\n'))
      const env = { PATH: process.env.PATH ?? '', VAULT_ADDR: 'http://127.0.0.1:9' }
      const fromSource = await runRender({ args: [file], stdin: async () => '', env, readFile: (p) => readFileSync(p, 'utf8') })
      const fromBundle = spawnSync(process.execPath, [bundle, 'render', file], { env, encoding: 'utf8', cwd: process.cwd() })
      assert.equal(fromSource.exitCode, 1, fromSource.stderr)
      // Every broken object is refused by its schema (nothing reached Vault, which is not there).
      assert.ok((fromSource.stderr.match(/ error: .*: (must|unknown field|required field|exactly one)/g) ?? []).length >= 3, fromSource.stderr)
      assert.doesNotMatch(fromSource.stderr, /cannot connect|INTERNAL|internal error/)
      assert.equal(fromBundle.status, fromSource.exitCode)
      assert.equal(fromBundle.stderr, fromSource.stderr)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
