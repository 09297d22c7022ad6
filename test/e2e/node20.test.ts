// Hosts start eso-render with whatever `node` is on PATH: the bundle must work on Node 20, the
// oldest supported. Smoke test with the system Node (/usr/bin/node, 20 on this machine).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES } from '../support/fixtures.ts'
import { BUNDLE, requireBundle, run } from '../support/run.ts'
import { startSeededVault } from '../support/vault.ts'

requireBundle()
const SYSTEM_NODE = '/usr/bin/node'

test('the system Node is 20 (the oldest supported), so this smoke test means something', async () => {
  assert.ok(existsSync(SYSTEM_NODE), `${SYSTEM_NODE} is missing`)
  const v = await run(SYSTEM_NODE, ['--version'])
  assert.match(v.stdout, /^v2\d\./)
})

test('the bundle renders the demo on the system Node', async () => {
  const demo = join(FIXTURES, 'demo')
  const seed = JSON.parse(readFileSync(join(demo, 'vault.json'), 'utf8')) as { secret: { token: string } }
  const vault = await startSeededVault(seed)
  try {
    const out = await run(SYSTEM_NODE, [BUNDLE, 'render', join(demo, 'input.yaml')], {
      env: { PATH: '/usr/bin:/bin', VAULT_ADDR: vault.url, VAULT_TOKEN: seed.secret.token },
    })
    assert.equal(out.code, 0, out.stderr)
    assert.equal(out.stdout, readFileSync(join(demo, 'expected.yaml'), 'utf8'))
  } finally {
    await vault.close()
  }
})

test('the bundle passes a ResourceList through on the system Node', async () => {
  const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    mode: on\n'
  const out = await run(SYSTEM_NODE, [BUNDLE], { input, env: { PATH: '/usr/bin:/bin' } })
  assert.equal(out.code, 0, out.stderr)
  assert.equal(out.stdout, input)
})
