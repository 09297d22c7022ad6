// `eso-render diff` end to end through the built bundle: the demo fixture rendered twice, a value
// rotated in Vault in between; diff names the Secret and key that changed and exits 1, names
// nothing for the same render twice (exit 0), and prints no value of either render in any form.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canaries, loadFixtures, transformedForms } from '../support/fixtures.ts'
import { BIN, cleanEnv, requireBundle, run } from '../support/run.ts'
import { startVaultDouble } from '../vault-server/double.ts'

requireBundle()

test('diff through the bundle: a rotated password changes one key in each Secret built from it, and no value is printed', async () => {
  const demo = loadFixtures().find((f) => f.name === 'demo')!
  const rotated = JSON.parse(JSON.stringify(demo.vault).replace('demo-Passw0rd-canary', 'demo-R0tated-canary-9f1'))
  const dir = mkdtempSync(join(tmpdir(), 'eso-render-diff-e2e-'))
  try {
    const outputs: string[] = []
    for (const seed of [demo.vault, rotated]) {
      const vault = await startVaultDouble({ seed: seed as never })
      try {
        const r = await run(BIN, ['render', demo.inputPath], { env: cleanEnv({ VAULT_ADDR: vault.url, ...(demo.meta.env ?? {}) }) })
        assert.equal(r.code, 0, r.stderr)
        outputs.push(r.stdout)
      } finally {
        await vault.close()
      }
    }
    writeFileSync(join(dir, 'before.yaml'), outputs[0])
    writeFileSync(join(dir, 'after.yaml'), outputs[1])
    const changed = await run(BIN, ['diff', join(dir, 'before.yaml'), join(dir, 'after.yaml'), '--output', 'json'], { env: cleanEnv() })
    assert.equal(changed.code, 1, changed.stderr)
    // The demo's password feeds two Secrets: the credentials, and the templated connection URL.
    assert.deepEqual(JSON.parse(changed.stdout), {
      secrets: [
        { secret: 'demo/db-credentials', change: 'changed', keysChanged: ['password'] },
        { secret: 'demo/db-url', change: 'changed', keysChanged: ['DATABASE_URL'] },
      ],
    })
    const values = [...canaries(demo.vault), ...canaries(rotated)].flatMap(transformedForms)
    for (const text of [changed.stdout, changed.stderr]) for (const v of values) assert.ok(!text.includes(v), `a value in:\n${text}`)
    const same = await run(BIN, ['diff', join(dir, 'before.yaml'), join(dir, 'before.yaml')], { env: cleanEnv() })
    assert.equal(same.code, 0, same.stderr)
    assert.equal(same.stdout, 'no change to the Secrets eso-render makes\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
