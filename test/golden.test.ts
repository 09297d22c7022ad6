// Every golden fixture, in process, through the `eso-render render` face: output byte for byte,
// Vault requests exactly as ESO makes them, notices on stderr, and no secret value on stderr.
// UPDATE_GOLDEN=1 rewrites expected.yaml (review the diff like code).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { runRender } from '../src/hosts/stream.ts'
import { assertNoCanary, canaries, inputCanaries, loadFixtures, optionFlags, UPDATE, updateGolden, type Fixture } from './support/fixtures.ts'
import { requestLines, startSeededVault } from './support/vault.ts'

export async function renderFixture(f: Fixture, url: string) {
  return runRender({
    args: [f.inputPath, ...(f.meta.args ?? []), ...optionFlags(f)],
    stdin: async () => '',
    env: { VAULT_ADDR: url, ...(f.meta.env ?? {}) },
    readFile: (p) => readFileSync(p, 'utf8'),
  })
}

for (const f of loadFixtures()) {
  test(`fixture ${f.name}${f.meta.description ? `: ${f.meta.description}` : ''}`, async () => {
    const vault = await startSeededVault(f.vault)
    try {
      const out = await renderFixture(f, vault.url)
      assertNoCanary(out.stderr, [...canaries(f.vault), ...inputCanaries(f.input)], 'stderr')
      if (f.errors) {
        assert.equal(out.exitCode, 1, `expected failure; stderr:\n${out.stderr}`)
        assert.equal(out.stdout, '', 'a failed render prints nothing on stdout')
        for (const re of f.errors) assert.match(out.stderr, re)
        return
      }
      assert.equal(out.exitCode, 0, `render failed:\n${out.stderr}`)
      if (UPDATE) updateGolden(f, out.stdout)
      else assert.equal(out.stdout, f.expected ?? '', 'output differs from expected.yaml')
      for (const re of f.meta.stderr ?? []) assert.match(out.stderr, new RegExp(re))
      for (const re of f.meta.stderrAbsent ?? []) assert.doesNotMatch(out.stderr, new RegExp(re))
      const requests = requestLines(vault)
      if (f.meta.expectRequests && requests) assert.deepEqual(requests, [...f.meta.expectRequests].sort())
    } finally {
      await vault.close()
    }
  })
}

// The verbose mode over every fixture: the same output, debug lines on stderr, no canary among them.
for (const f of loadFixtures()) {
  test(`fixture ${f.name}, verbose: the same result, and the debug lines carry no secret`, async () => {
    const vault = await startSeededVault(f.vault)
    try {
      const out = await renderFixture({ ...f, meta: { ...f.meta, env: { ...(f.meta.env ?? {}), ESO_RENDER_LOG: 'debug' } } }, vault.url)
      assertNoCanary(out.stderr, [...canaries(f.vault), ...inputCanaries(f.input)], 'verbose stderr')
      for (const line of out.stderr.trimEnd().split('\n')) assert.match(line, /^eso-render: /)
      if (f.errors) {
        assert.equal(out.exitCode, 1)
        assert.equal(out.stdout, '')
      } else {
        assert.equal(out.exitCode, 0, out.stderr)
        assert.equal(out.stdout, f.expected ?? '')
      }
      if (out.stderr.includes('ExternalSecret')) assert.match(out.stderr, /^eso-render: debug: timing: classify \d+ ms/m)
    } finally {
      await vault.close()
    }
  })
}
