// src/cli.ts: argv → face → exit code. Unknown commands exit 2, version and help print to stdout,
// a first argument starting with `--` goes to the KRM face (exec arguments from a Kptfile or a
// kustomization), a first argument that is a path goes to the legacy plugin face.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main } from '../src/cli.ts'
import { OPTION_KEYS } from '../src/config.ts'

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url))

/** main() in a child process, for the faces that read the process's stdin. */
function mainWithStdin(argv: string[], stdin: string): { stdout: string; stderr: string; exitCode: number } {
  const script = `import { main } from ${JSON.stringify(CLI)}; const out = await main(${JSON.stringify(argv)}, '/bin/eso-render.mjs'); process.stdout.write(JSON.stringify(out))`
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: stdin, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 })
  assert.equal(res.status, 0, res.stderr.toString())
  return JSON.parse(res.stdout.toString()) as { stdout: string; stderr: string; exitCode: number }
}

const direct: { name: string; argv: string[]; exitCode: number; stdout?: RegExp | string; stderr?: RegExp | string }[] = [
  { name: 'an unknown command', argv: ['frobnicate'], exitCode: 2, stdout: '', stderr: 'eso-render: unknown command "frobnicate" (see eso-render --help)\n' },
  { name: 'a single-dash argument is not a flag for the KRM face', argv: ['-x'], exitCode: 2, stderr: /unknown command "-x"/ },
  { name: 'version', argv: ['version'], exitCode: 0, stdout: 'dev\n', stderr: '' },
  { name: '--version', argv: ['--version'], exitCode: 0, stdout: 'dev\n', stderr: '' },
  { name: 'help', argv: ['help'], exitCode: 0, stdout: /^eso-render: resolve External Secrets Operator ExternalSecrets against Vault at render time\n\nusage:\n/, stderr: '' },
  { name: '--help', argv: ['--help'], exitCode: 0, stdout: /\n  eso-render render \[PATH\.\.\.\|-\]/ },
  { name: '-h', argv: ['-h'], exitCode: 0, stdout: /options marked "operator" are never taken from the input/ },
  { name: 'argocd without generate', argv: ['argocd'], exitCode: 2, stdout: '', stderr: /^eso-render: usage: eso-render argocd generate/ },
  { name: 'argocd with another subcommand', argv: ['argocd', 'init'], exitCode: 2, stderr: /usage: eso-render argocd generate/ },
  { name: 'install-plugin without DIR', argv: ['install-plugin'], exitCode: 2, stderr: /usage: eso-render install-plugin DIR/ },
  {
    name: 'a first argument that is an absolute path is the legacy plugin face',
    argv: ['/nonexistent/kust-plugin-config-1.yaml'],
    exitCode: 1,
    stdout: '',
    stderr: /cannot read the config file \/nonexistent\/kust-plugin-config-1\.yaml/,
  },
  { name: "kustomize's relative config file name is the legacy plugin face", argv: ['kust-plugin-config-123'], exitCode: 1, stderr: /cannot read the config file kust-plugin-config-123/ },
  { name: 'legacy-plugin without a config file', argv: ['legacy-plugin'], exitCode: 1, stderr: /legacy plugin mode needs the plugin config file/ },
]
for (const c of direct) {
  test(`cli: ${c.name} → exit ${c.exitCode}`, async () => {
    const out = await main(c.argv, '/bin/eso-render.mjs')
    assert.equal(out.exitCode, c.exitCode, out.stderr)
    for (const [got, want] of [
      [out.stdout, c.stdout],
      [out.stderr, c.stderr],
    ] as const) {
      if (want === undefined) continue
      if (typeof want === 'string') assert.equal(got, want)
      else assert.match(got, want)
    }
  })
}

test('cli: help lists every option flag', async () => {
  const out = await main(['help'], '/bin/eso-render.mjs')
  for (const def of Object.values(OPTION_KEYS)) assert.ok(out.stdout.includes(`  ${def.flag} `), `${def.flag} missing from help`)
  assert.ok(out.stdout.includes('--config FILE'))
})

const resourceList = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n'
const krm: { name: string; argv: string[]; stdin: string; exitCode: number; stdout: RegExp; stderr?: RegExp }[] = [
  {
    name: 'no command is the KRM face',
    argv: [],
    stdin: resourceList,
    exitCode: 0,
    stdout: /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n/,
  },
  { name: 'krm is the KRM face', argv: ['krm'], stdin: resourceList, exitCode: 0, stdout: /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/ },
  {
    name: 'a first argument starting with -- goes to the KRM face as an exec argument',
    argv: ['--reloader', 'none'],
    stdin: resourceList,
    exitCode: 0,
    stdout: /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems:\n- apiVersion: v1/,
  },
  {
    name: 'an unknown -- flag is the KRM face’s error, in results',
    argv: ['--frobnicate'],
    stdin: resourceList,
    exitCode: 1,
    stdout: /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems: \[\]\nresults:\n {2}- message: unknown flag --frobnicate/,
    stderr: /unknown flag --frobnicate/,
  },
  {
    name: 'an operator-only exec argument is refused by the KRM face',
    argv: ['--vault-address', 'http://x'],
    stdin: resourceList,
    exitCode: 1,
    stdout: /operator-only option, given in the function arguments/,
  },
  { name: 'no command and no input', argv: [], stdin: '', exitCode: 1, stdout: /^$/, stderr: /no input: expected a ResourceList on stdin/ },
]
for (const c of krm) {
  test(`cli: ${c.name} (exit ${c.exitCode})`, () => {
    const out = mainWithStdin(c.argv, c.stdin)
    assert.equal(out.exitCode, c.exitCode, out.stderr)
    assert.match(out.stdout, c.stdout)
    if (c.stderr) assert.match(out.stderr, c.stderr)
  })
}

test('cli: render reads stdin and refuses an empty one', () => {
  const out = mainWithStdin(['render'], '')
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '')
  assert.match(out.stderr, /refusing to print an empty output/)
})

test('cli: playground has its usage, and the help lists it', async () => {
  const help = await main(['playground', '--help'], '/bin/eso-render.mjs')
  assert.equal(help.exitCode, 0)
  assert.match(help.stdout, /^usage: eso-render playground \[--port N\]/)
  assert.match(help.stdout, /sends nothing anywhere/)
  assert.match((await main(['help'], '/bin/eso-render.mjs')).stdout, /eso-render playground \[--port N\]/)
  const bad = await main(['playground', '--port', 'x'], '/bin/eso-render.mjs')
  assert.equal(bad.exitCode, 2)
  assert.match(bad.stderr, /--port "x"/)
})
