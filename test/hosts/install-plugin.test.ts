// src/hosts/install-plugin.ts: lays out the kustomize legacy exec plugin under DIR at
// DIR/config.eso-render.dev/v1alpha1/esorender/EsoRender, executable, running this eso-render.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import { pluginPath, runInstallPlugin } from '../../src/hosts/install-plugin.ts'
import type { FaceInput } from '../../src/hosts/io.ts'

const work = mkdtempSync(join(tmpdir(), 'eso-render-install-'))
after(() => rmSync(work, { recursive: true, force: true }))
const io = (args: string[]): FaceInput => ({ args, stdin: async () => '', env: {}, readFile: () => '' })

const paths: { home: string; want: string }[] = [
  { home: '/plugins', want: '/plugins/config.eso-render.dev/v1alpha1/esorender/EsoRender' },
  { home: 'rel', want: 'rel/config.eso-render.dev/v1alpha1/esorender/EsoRender' },
]
for (const c of paths) test(`pluginPath(${c.home}) = ${c.want}`, () => assert.equal(pluginPath(c.home), c.want))

const bins: { name: string; bin: string }[] = [
  { name: 'a plain path', bin: '/opt/eso-render/bin/eso-render.mjs' },
  { name: 'a path with a space and a single quote', bin: "/opt/it's here/eso render.mjs" },
]
for (const c of bins) {
  test(`install-plugin writes an executable script that runs the bundle (${c.name})`, () => {
    const home = join(work, c.name.replace(/\W+/g, '-'))
    const out = runInstallPlugin(io([home]), c.bin)
    assert.equal(out.exitCode, 0)
    assert.equal(out.stderr, '')
    const target = pluginPath(resolve(home))
    const script = readFileSync(target, 'utf8')
    assert.ok(script.startsWith('#!/bin/sh\nexec node '))
    assert.ok(script.endsWith(' legacy-plugin "$@"\n'))
    assert.equal(statSync(target).mode & 0o777, 0o755)
    // The shell reads back exactly the bundle path, however it is spelled.
    const quoted = script.slice('#!/bin/sh\nexec node '.length, -' legacy-plugin "$@"\n'.length)
    assert.equal(execFileSync('sh', ['-c', `printf %s ${quoted}`]).toString(), c.bin)
    assert.ok(out.stdout.startsWith(`# ${target} installed. Use it with:\n#   KUSTOMIZE_PLUGIN_HOME=${resolve(home)} kubectl kustomize --enable-alpha-plugins DIR\n`))
    assert.match(out.stdout, /\napiVersion: config\.eso-render\.dev\/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\nspec: \{\}\n$/)
  })
}

test('install-plugin makes the bundle path absolute and installs over an earlier plugin', () => {
  const home = join(work, 'again')
  runInstallPlugin(io([home]), '/old/eso-render.mjs')
  const out = runInstallPlugin(io([home]), 'relative/eso-render.mjs')
  assert.equal(out.exitCode, 0)
  assert.ok(readFileSync(pluginPath(home), 'utf8').includes(`'${resolve('relative/eso-render.mjs')}'`))
})

test('install-plugin without DIR is a usage error (exit 2), nothing written', () => {
  const out = runInstallPlugin(io([]), '/x.mjs')
  assert.equal(out.exitCode, 2)
  assert.equal(out.stdout, '')
  assert.match(out.stderr, /^eso-render: error: usage: eso-render install-plugin DIR \(DIR becomes KUSTOMIZE_PLUGIN_HOME\)\neso-render: 1 error; nothing was rendered\n$/)
})
