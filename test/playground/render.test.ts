// The playground's render (src/playground/render.ts) under Node: the Secret it writes is the one
// `eso-render render` writes for the same ExternalSecret and data (test/e2e/playground.test.ts
// checks every golden fixture in the browser); errors name the field, quote Go in full and carry
// the editor's line and column.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runRender } from '../../src/hosts/stream.ts'
import { startSeededVault } from '../support/vault.ts'
import { loadSchemas } from '../../src/eso/schema.ts'
import { loadTemplateEngine } from '../../src/eso/template.ts'
import { loadYaml } from '../../src/manifests/yaml.ts'
import { createRenderer } from '../../src/playground/render.ts'

await loadSchemas()
const renderer = createRenderer(await loadYaml(), await loadTemplateEngine())
const sha3 = (text: string) => createHash('sha3-224').update(text).digest('hex')

const es = (template: string, extra = '') => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: app
spec:
  secretStoreRef:
    name: vault
  target:
    template:
${template}
  dataFrom:
    - extract:
        key: app
${extra}`

test('a template renders to the Secret a render writes: name, type, labels, annotations with data-hash, base64 data', () => {
  const out = renderer.render({ externalSecret: es('      type: kubernetes.io/basic-auth\n      data:\n        username: "{{ .user | upper }}"'), data: { user: 'admin' } })
  assert.deepEqual(out.errors, [])
  // ESO's created-by label hashes namespace/name; data-hash hashes Go's fmt of map[string][]byte
  // (external-secrets pkg/utils ObjectHash; eso.md §7).
  assert.equal(
    out.secret,
    `apiVersion: v1
kind: Secret
metadata:
  name: app
  labels:
    reconcile.external-secrets.io/created-by: ${sha3('default/app')}
    reconcile.external-secrets.io/managed: "true"
  annotations:
    reconcile.external-secrets.io/data-hash: ${sha3('map[username:[65 68 77 73 78]]')}
    reloader.stakater.com/match: "true"
type: kubernetes.io/basic-auth
data:
  username: QURNSU4=
`,
  )
  assert.deepEqual(out.decoded, [{ key: 'username', text: 'ADMIN', base64: 'QURNSU4=', bytes: 5 }])
  assert.equal(out.nonDeterministic, false)
})

const rows: {
  name: string
  externalSecret: string
  data: Record<string, unknown> | string
  objects?: string
  error?: RegExp
  line?: number
  column?: number
  editor?: string
  keys?: Record<string, string>
}[] = [
  {
    name: "Go execution errors in full (showTemplateErrors: the data is the user's own), at the action inside a block scalar",
    externalSecret: es('      data:\n        url: |\n          {{ .user }}\n          {{ .password | fail }}'),
    data: { user: 'u', password: 'the-failure-text' },
    error:
      /spec\.target\.template\.data\["url"\]: could not apply template: unable to execute template at key url: template: url:2:15: executing "url" at <fail>: error calling fail: the-failure-text$/,
    line: 13,
    column: 26,
  },
  {
    name: 'a parse error names the template line',
    externalSecret: es('      data:\n        k: "{{ .user "'),
    data: { user: 'u' },
    error: /unable to parse template at key k: template: k:1: unclosed action/,
    line: 11,
  },
  {
    name: 'a missing key is missingkey=error, as ESO runs templates',
    externalSecret: es('      data:\n        k: "{{ .nope }}"'),
    data: { user: 'u' },
    error: /map has no entry for key "nope"/,
    line: 11,
    column: 16,
  },
  {
    name: 'YAML errors of the ExternalSecret editor carry its line',
    externalSecret: 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: [a\n',
    data: {},
    error: /^invalid YAML/,
    editor: 'external-secret',
  },
  {
    name: 'YAML errors of the data editor carry its line',
    externalSecret: es('      data:\n        k: x'),
    data: 'a: 1\nb: [\n',
    error: /^invalid YAML/,
    editor: 'data',
  },
  {
    name: 'schema errors name the field, as a render does',
    externalSecret: es('      typo: 1\n      data:\n        k: x'),
    data: {},
    error: /spec\.target\.template\.typo: unknown field/,
    line: 10,
  },
  {
    name: 'engineVersion v1 is refused as ESO refuses it',
    externalSecret: es('      engineVersion: v1\n      data:\n        k: x'),
    data: {},
    error: /unsupported template engine version: v1/,
  },
  {
    name: 'templateFrom reads the ConfigMaps that follow in the editor (KeysAndValues, namespace-less in the default namespace)',
    externalSecret: es(
      '      templateFrom:\n        - configMap:\n            name: tpl\n            items:\n              - key: t\n                templateAs: KeysAndValues',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tpl\ndata:\n  t: |\n    a: "{{ .user }}"\n    b: "{{ .user | b64enc }}"\n',
    ),
    data: { user: 'bob' },
    keys: { a: 'bob', b: 'Ym9i' },
  },
  {
    name: "a failure in a ConfigMap's template is marked in the ConfigMap's text, further down the editor",
    externalSecret: es(
      '      templateFrom:\n        - configMap:\n            name: tpl\n            items:\n              - key: t',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tpl\ndata:\n  t: |\n    fine\n    {{ .missing }}\n',
    ),
    data: { user: 'bob' },
    error: /templateFrom\[0\]\.configMap\.items\[0\]: could not apply template: unable to execute template at key t: template: t:2:3: .*map has no entry for key "missing"/,
    line: 26,
    column: 8,
  },
  {
    name: 'a templateFrom Secret may come in the objects stream',
    externalSecret: es('      templateFrom:\n        - secret:\n            name: tpl\n            items:\n              - key: t'),
    objects: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tpl\nstringData:\n  t: "{{ .user }}!"\n',
    data: { user: 'bob' },
    keys: { t: 'bob!' },
  },
  {
    name: 'a ConfigMap that is not there is named',
    externalSecret: es('      templateFrom:\n        - configMap:\n            name: missing\n            items:\n              - key: t'),
    data: {},
    error: /ConfigMap "missing" in namespace "default" is not in the input; add it to the editor/,
  },
  {
    name: 'mergePolicy Merge keeps the provider keys',
    externalSecret: es('      mergePolicy: Merge\n      data:\n        extra: "{{ .a }}2"'),
    data: 'a: "1"\nb: two\n',
    keys: { a: '1', b: 'two', extra: '12' },
  },
  {
    name: 'data as YAML 1.2 (n stays a key), numbers as written, !!binary as bytes',
    externalSecret: es('      data:\n        k: "{{ .n }}-{{ .bin | b64enc }}"'),
    data: 'n: 5432\nbin: !!binary AAEC\n',
    keys: { k: '5432-AAEC' },
  },
  {
    name: 'a nested value is refused with what to write instead',
    externalSecret: es('      data:\n        k: x'),
    data: { nested: { a: 1 } },
    error: /the value of key "nested" is not text/,
    editor: 'data',
  },
  {
    name: 'Kubernetes refuses bad data keys: named at the template field',
    externalSecret: es('      data:\n        "bad key": x'),
    data: {},
    error: /spec\.target\.template\.data\["bad key"\]: Secret data key "bad key" is invalid/,
  },
  {
    name: 'no ExternalSecret',
    externalSecret: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    data: {},
    error: /no ExternalSecret/,
  },
  {
    name: 'an ExternalSecret without data or dataFrom still renders: the data is given',
    externalSecret: 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  target:\n    template:\n      data:\n        k: "{{ .v }}"\n',
    data: { v: 'ok' },
    keys: { k: 'ok' },
  },
]
for (const row of rows) {
  test(`playground render: ${row.name}`, () => {
    const out = renderer.render({ externalSecret: row.externalSecret, data: row.data, ...(row.objects ? { objects: row.objects } : {}) })
    if (row.keys) {
      assert.deepEqual(out.errors, [])
      assert.deepEqual(Object.fromEntries(out.decoded.map((d) => [d.key, d.text])), row.keys)
      return
    }
    assert.equal(out.secret, '')
    assert.equal(out.errors.length, 1, JSON.stringify(out.errors))
    const [e] = out.errors
    assert.match(e.message, row.error!)
    if (row.line !== undefined) assert.equal(e.line, row.line, JSON.stringify(e))
    if (row.column !== undefined) assert.equal(e.column, row.column, JSON.stringify(e))
    if (row.editor) assert.equal(e.editor, row.editor)
  })
}

test('a clock read is flagged non-deterministic, as the CLI warns', () => {
  const out = renderer.render({ externalSecret: es('      data:\n        k: "{{ now | date \\"2006\\" }}"'), data: {} })
  assert.deepEqual(out.errors, [])
  assert.equal(out.nonDeterministic, true)
  assert.match(out.notices.join('\n'), /random or time function/)
})

test('a bug inside the render is an error on the page, not a page that stops updating', async () => {
  // An engine whose execution throws what no template error is.
  const broken = createRenderer(await loadYaml(), {
    renderTemplateBytes: () => {
      throw new TypeError('boom with input text')
    },
    parseTemplate: () => undefined,
    isTemplateError: (_e): _e is never => false,
    isBudgetError: () => false,
  })
  const out = broken.render({ externalSecret: es('      data:\n        k: "{{ .v }}"'), data: { v: 'x' } })
  assert.deepEqual(out.errors, [{ message: 'internal error (TypeError); this is a bug in eso-render, please report it' }])
})

// The checks after the template are the build stage's (src/pipeline/build.ts); the playground
// applies the same rules from manifests/validation.ts. This compares its words with the CLI's, so
// that a rule added to the build stage and not to the playground fails here.
const STORE = `apiVersion: v1
kind: Secret
metadata:
  name: vault-token
  namespace: apps
stringData:
  token: root
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: vault
  namespace: apps
spec:
  provider:
    vault:
      server: https://vault.example.com:8200
      path: secret
      version: v2
      auth:
        tokenSecretRef:
          name: vault-token
          key: token
`
const cliRows: { name: string; template: string }[] = [
  { name: 'a label value the API server refuses', template: '      metadata:\n        labels:\n          app: "not a label value!"\n      data:\n        k: "{{ .v }}"' },
  { name: 'a kubernetes.io/tls Secret without tls.key', template: '      type: kubernetes.io/tls\n      data:\n        tls.crt: "{{ .v }}"' },
  { name: 'a data key Kubernetes refuses', template: '      data:\n        "bad key": "{{ .v }}"' },
  { name: 'a template failure', template: '      data:\n        k: "{{ .missing }}"' },
  {
    name: 'a Secret the API server accepts',
    template: '      type: kubernetes.io/basic-auth\n      metadata:\n        annotations:\n          a: "{{ .v }}"\n      data:\n        username: "{{ .v }}"',
  },
]
for (const row of cliRows) {
  test(`the playground and eso-render render agree: ${row.name}`, async () => {
    const es = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  secretStoreRef:\n    name: vault\n  target:\n    template:\n${row.template}\n  dataFrom:\n    - extract:\n        key: app\n`
    const vault = await startSeededVault({ secret: { version: 2, secrets: { app: { v: 'value' } } } })
    const dir = mkdtempSync(join(tmpdir(), 'eso-playground-cli-'))
    try {
      writeFileSync(join(dir, 'input.yaml'), `${STORE}---\n${es}`)
      const cli = await runRender({ args: [join(dir, 'input.yaml')], stdin: async () => '', env: { VAULT_ADDR: vault.url }, readFile: (p) => readFileSync(p, 'utf8') })
      const page = renderer.render({ externalSecret: es, data: { v: 'value' } })
      if (cli.exitCode === 0) {
        assert.deepEqual(page.errors, [])
        assert.ok(cli.stdout.includes(page.secret), 'the Secret is in the CLI output as the page writes it')
        return
      }
      assert.equal(page.errors.length, 1, JSON.stringify(page.errors))
      // The CLI's line is `eso-render: error: FILE[INDEX] MESSAGE`; the page's has no file.
      const line = cli.stderr.split('\n').find((l) => l.startsWith('eso-render: error: '))!
      assert.equal(line.replace(/^eso-render: error: \S+\[\d+\] /, ''), page.errors[0].message)
    } finally {
      await vault.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
