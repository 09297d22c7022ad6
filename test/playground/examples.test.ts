// The playground's examples (src/playground/examples.ts) render without an error under Node (the
// page runs them in the browser: test/e2e/playground.test.ts).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadSchemas } from '../../src/eso/schema.ts'
import { loadTemplateEngine } from '../../src/eso/template.ts'
import { loadYaml } from '../../src/manifests/yaml.ts'
import { EXAMPLES } from '../../src/playground/examples.ts'
import { createRenderer } from '../../src/playground/render.ts'

await loadSchemas()
const renderer = createRenderer(await loadYaml(), await loadTemplateEngine())

test('the examples cover the patterns real ExternalSecrets use', () => {
  assert.deepEqual(
    EXAMPLES.map((e) => e.id),
    ['dockerconfigjson', 'tls-pkcs12', 'connection-string', 'json-of-dict', 'template-from'],
  )
})

for (const ex of EXAMPLES) {
  test(`example ${ex.id} renders`, () => {
    const out = renderer.render({ externalSecret: ex.externalSecret, data: ex.data })
    assert.deepEqual(out.errors, [])
    assert.match(out.secret, /^apiVersion: v1\nkind: Secret\n/)
  })
}

test('the dockerconfigjson example is a registry auth as kubelet reads it', () => {
  const ex = EXAMPLES.find((e) => e.id === 'dockerconfigjson')!
  const out = renderer.render({ externalSecret: ex.externalSecret, data: ex.data })
  assert.match(out.secret, /type: kubernetes\.io\/dockerconfigjson/)
  const config = JSON.parse(out.decoded.find((d) => d.key === '.dockerconfigjson')!.text!)
  assert.equal(Buffer.from(config.auths['ghcr.io'].auth, 'base64').toString(), 'robot:s3cr3t-token')
})

test('the PKCS#12 example gives the certificate and key as PEM', () => {
  const ex = EXAMPLES.find((e) => e.id === 'tls-pkcs12')!
  const out = renderer.render({ externalSecret: ex.externalSecret, data: ex.data })
  const text = Object.fromEntries(out.decoded.map((d) => [d.key, d.text]))
  assert.match(text['tls.crt']!, /^-----BEGIN CERTIFICATE-----\n/)
  assert.match(text['tls.key']!, /^-----BEGIN PRIVATE KEY-----\n/)
})
