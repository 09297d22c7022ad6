// checkRender: plan-only, so it reports what a render would do and every problem, without I/O.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_OPTIONS, optionsFromEnvironment } from '../../src/config.ts'
import { readStreams } from '../../src/manifests/read.ts'
import { checkRender } from '../../src/pipeline/check.ts'

const STORE =
  'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: apps}\nspec:\n  provider:\n    vault: {server: "https://vault.example.com", path: secret, auth: {}}\n'
const es = (template: string) =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: apps}\nspec:\n  secretStoreRef: {name: vault}\n  target:\n    template:\n${template}\n  data:\n  - {secretKey: a, remoteRef: {key: app}}\n`
const run = async (docs: string[], env: Record<string, string> = { VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: 't' }) =>
  checkRender(await readStreams([{ path: 'in.yaml', text: docs.join('---\n') }], () => true), { options: optionsFromEnvironment(env, DEFAULT_OPTIONS), env })

const templates: { name: string; template: string; problem?: RegExp }[] = [
  { name: 'template data that parses', template: '      data: {url: "{{ .a | upper }}"}' },
  { name: 'a template without actions (never parsed)', template: '      data: {url: "plain {not a template"}' },
  { name: 'an unknown function', template: '      data: {url: "{{ .a | nope }}"}', problem: /function "nope" not defined/ },
  { name: 'an unclosed action in a label', template: '      metadata: {labels: {l: "{{ .a "}}', problem: /unclosed action|unexpected/ },
  { name: 'a bad templateFrom literal', template: '      templateFrom: [{literal: "{{ end }}"}]', problem: /unexpected \{\{end\}\}/ },
]
for (const t of templates) {
  test(`checkRender parses every template: ${t.name}`, async () => {
    const report = await run([STORE, es(t.template)])
    if (!t.problem) {
      assert.deepEqual(report.problems, [])
      assert.equal(report.externalSecrets.length, 1)
      return
    }
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems))
    assert.equal(report.problems[0].code, 'TEMPLATE_FAILED')
    assert.match(report.problems[0].message, t.problem)
  })
}

test('checkRender reports one problem once, however many reads reach it', async () => {
  const two = es('      data: {}').replace('  - {secretKey: a, remoteRef: {key: app}}', '  - {secretKey: a, remoteRef: {key: app}}\n  - {secretKey: b, remoteRef: {key: other}}')
  const report = await run([STORE, two], { VAULT_TOKEN: 't' })
  assert.deepEqual(
    report.problems.map((p) => p.code),
    ['SERVER_NOT_TRUSTED'],
  )
})
