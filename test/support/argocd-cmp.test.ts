// The Argo CD CMP harness (test/support/argocd-cmp.ts) against the rules of Argo CD's source, a few
// table rows per rule. Each block names the Argo CD (or dependency) file the rows come from.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  argsToLog,
  copyRepo,
  envsubst,
  flattenLists,
  goGlob,
  goMatch,
  parameterEnv,
  parseKubeVersion,
  pluginEnv,
  readPluginConfig,
  runCmp,
  socketName,
  splitYaml,
  splitYamlToString,
  zglob,
  type CmpRequest,
} from './argocd-cmp.ts'

const work = mkdtempSync(join(tmpdir(), 'eso-render-cmp-harness-'))
after(() => rmSync(work, { recursive: true, force: true }))
let n = 0
const scratch = (): string => {
  const d = join(work, `d${n++}`)
  mkdirSync(d, { recursive: true })
  return d
}

/** A plugin.yaml from its spec (YAML text after `spec:`), and a repository from a file map. */
function plugin(spec: string, name = 'p'): string {
  const file = join(scratch(), 'plugin.yaml')
  writeFileSync(file, `apiVersion: argoproj.io/v1alpha1\nkind: ConfigManagementPlugin\nmetadata:\n  name: ${name}\nspec:\n${spec}`)
  return file
}
function repo(files: Record<string, string>): string {
  const dir = scratch()
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}
const sidecarEnv = () => ({ PATH: '/usr/bin:/bin', TMPDIR: scratch() })
const cmp = (r: Partial<CmpRequest> & { pluginConfig: string; repo: string }) => runCmp({ sidecarEnv: sidecarEnv(), ...r })
const sh = (script: string) => `  generate:\n    command: [sh, -c]\n    args: [${JSON.stringify(script)}]\n`
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'

// --- cmpserver/plugin/config.go: ReadPluginConfig, ValidatePluginConfig, Address ---

test('plugin.yaml: validation and the socket name (config.go)', () => {
  const rows: [string, string | RegExp][] = [
    ['apiVersion: argoproj.io/v1alpha1\nkind: ConfigManagementPlugin\nmetadata: {name: ""}\nspec: {generate: {command: [x]}}', 'invalid plugin configuration file. metadata.name should be non-empty'],
    ['apiVersion: argoproj.io/v1alpha1\nkind: Plugin\nmetadata: {name: p}\nspec: {generate: {command: [x]}}', 'invalid plugin configuration file. kind should be ConfigManagementPlugin, found Plugin'],
    ['kind: ConfigManagementPlugin\nmetadata: {name: p}\nspec: {generate: {command: []}}', 'invalid plugin configuration file. spec.generate command should be non-empty'],
    ['kind: ConfigManagementPlugin\nmetadata: {name: p}\nspec: {init: {command: [x]}}', 'invalid plugin configuration file. spec.generate command should be non-empty'],
    ['kind: ConfigManagementPlugin\nmetadata: {name: p}\nspec: {generate: {command: x}}', /cannot unmarshal string into Go struct field PluginConfig.spec.generate.command of type \[\]string/],
  ]
  for (const [text, want] of rows) {
    const file = join(scratch(), 'plugin.yaml')
    writeFileSync(file, text)
    assert.throws(
      () => readPluginConfig(file),
      (e: Error) => (typeof want === 'string' ? e.message === want : want.test(e.message)),
      text,
    )
  }
  // apiVersion is not checked; discovery is optional.
  const ok = join(scratch(), 'plugin.yaml')
  writeFileSync(ok, 'kind: ConfigManagementPlugin\nmetadata: {name: p}\nspec: {version: v1.0, generate: {command: [x]}}')
  assert.equal(socketName(readPluginConfig(ok)), 'p-v1.0.sock')
  writeFileSync(ok, 'kind: ConfigManagementPlugin\nmetadata: {name: p}\nspec: {generate: {command: [x]}}')
  assert.equal(socketName(readPluginConfig(ok)), 'p.sock')
})

test('plugin.yaml: the sidecar does not start with an invalid one, and says why', async () => {
  const file = join(scratch(), 'plugin.yaml')
  writeFileSync(file, 'kind: ConfigManagementPlugin\nmetadata: {name: p}\nspec: {}')
  const r = await cmp({ pluginConfig: file, repo: repo({ 'a.yaml': CM }), app: { plugin: { name: 'p' } } })
  assert.equal(r.ok, false)
  assert.match(r.error!, /would not start: .*spec.generate command should be non-empty/)
})

// --- reposerver/repository/repository.go newEnv, getPluginEnvs, getPluginParamEnvs;
//     pkg/apis/application/v1alpha1/types.go Env.Envsubst, ApplicationSourcePluginParameters.Environ ---

test('request env: KUBE_VERSION is ParseGeneric(version).String() (apimachinery util/version)', () => {
  const rows: [string, string | RegExp][] = [
    ['v1.31.2', '1.31.2'],
    ['1.32.4+k3s1', '1.32.4'],
    ['v1.30.0-eks-1234', '1.30.0'],
    ['1.29', '1.29'],
    ['', ''],
    ['1', /illegal version string/],
    ['latest', /could not parse "latest" as version/],
    ['01.2', /illegal zero-prefixed/],
  ]
  for (const [input, want] of rows) {
    if (typeof want === 'string') assert.equal(parseKubeVersion(input), want, input)
    else assert.throws(() => parseKubeVersion(input), want, input)
  }
})

test("request env: plugin env values are envsubst'ed against the build env (os.Expand, $$ escapes)", () => {
  const vars = { ARGOCD_APP_NAME: 'shop', KUBE_VERSION: '1.31.2' }
  const rows: [string, string][] = [
    ['$ARGOCD_APP_NAME', 'shop'],
    ['${ARGOCD_APP_NAME}-x', 'shop-x'],
    ['$$ARGOCD_APP_NAME', '$ARGOCD_APP_NAME'],
    ['k8s-$KUBE_VERSION!', 'k8s-1.31.2!'],
    ['$UNKNOWN|', '|'],
    ['$1x', 'x'],
    ['a${}b', 'ab'],
    ['a${b', 'ab'],
    ['cost: 5$', 'cost: 5$'],
    ['${FOO:-d}', ''],
  ]
  for (const [input, want] of rows) assert.equal(envsubst(input, vars), want, input)
})

test('request env: parameters as ARGOCD_APP_PARAMETERS (Go JSON, sorted keys) and PARAM_* (escaped names)', () => {
  assert.deepEqual(
    parameterEnv([
      { name: 'vault-role', string: 'argocd' },
      { name: 'files', array: ['a.yaml', 'b.yaml'] },
      { name: 'helm.params', map: { 'image.tag': 'v1' } },
    ]),
    [
      ['ARGOCD_APP_PARAMETERS', '[{"name":"vault-role","string":"argocd"},{"array":["a.yaml","b.yaml"],"name":"files"},{"map":{"image.tag":"v1"},"name":"helm.params"}]'],
      ['PARAM_VAULT_ROLE', 'argocd'],
      ['PARAM_FILES_0', 'a.yaml'],
      ['PARAM_FILES_1', 'b.yaml'],
      ['PARAM_HELM_PARAMS_IMAGE_TAG', 'v1'],
    ],
  )
  // A plugin section without parameters: a nil slice, which json.Marshal writes as null.
  assert.deepEqual(parameterEnv([]), [['ARGOCD_APP_PARAMETERS', 'null']])
  // Go's encoder escapes <, > and &.
  assert.equal(parameterEnv([{ name: 'a', string: '<&>' }])[0][1], '[{"name":"a","string":"\\u003c\\u0026\\u003e"}]')
})

test('request env: build vars, KUBE_*, then ARGOCD_ENV_* and parameters; the request env wins over the sidecar env', async () => {
  const env = Object.fromEntries(
    pluginEnv({ name: 'shop', namespace: 'prod', revision: '0123456789abcdef', path: 'apps/x', plugin: { env: [{ name: 'MODE', value: '$ARGOCD_APP_NAME-$KUBE_VERSION' }] } }, 'v1.31.2', [
      'v1',
      'apps/v1',
    ]),
  )
  assert.equal(env.ARGOCD_APP_NAME, 'shop')
  assert.equal(env.ARGOCD_APP_NAMESPACE, 'prod')
  assert.equal(env.ARGOCD_APP_REVISION_SHORT, '0123456')
  assert.equal(env.ARGOCD_APP_REVISION_SHORT_8, '01234567')
  assert.equal(env.ARGOCD_APP_SOURCE_PATH, 'apps/x')
  assert.equal(env.KUBE_VERSION, '1.31.2')
  assert.equal(env.KUBE_API_VERSIONS, 'v1,apps/v1')
  assert.equal(env.ARGOCD_ENV_MODE, 'shop-1.31.2')
  assert.equal(env.ARGOCD_APP_PARAMETERS, 'null')
  // No plugin section: no ARGOCD_ENV_*, no ARGOCD_APP_PARAMETERS.
  assert.equal(Object.fromEntries(pluginEnv({}, '', [])).ARGOCD_APP_PARAMETERS, undefined)

  const r = await runCmp({
    pluginConfig: plugin(sh('echo "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {app: \\"$ARGOCD_APP_NAME\\", side: \\"$SIDE\\", stdin: \\"$(cat)\\"}"')),
    repo: repo({ 'a.yaml': CM }),
    app: { name: 'shop', plugin: { name: 'p' } },
    sidecarEnv: { PATH: '/usr/bin:/bin', TMPDIR: scratch(), SIDE: 'car', ARGOCD_APP_NAME: 'from-sidecar' },
  })
  assert.equal(r.ok, true, r.error)
  assert.deepEqual((r.manifests![0] as { data: unknown }).data, { app: 'shop', side: 'car', stdin: '' })
})

// --- .argocd-source.yaml: reposerver/repository/repository.go mergeSourceParameters ---

test('source overrides: .argocd-source.yaml and .argocd-source-<app>.yaml merge-patch the plugin section', async () => {
  const r = await cmp({
    pluginConfig: plugin(sh(`printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: x}\\ndata:\\n  p: '%s'\\n  m: '%s'\\n" "$ARGOCD_APP_PARAMETERS" "$ARGOCD_ENV_MODE"`)),
    repo: repo({
      'app/.argocd-source.yaml': 'plugin:\n  env: [{name: MODE, value: repo}]\n  parameters: [{name: a, string: "1"}]\n',
      'app/.argocd-source-shop.yaml': 'plugin:\n  parameters: [{name: b, string: "2"}]\n',
    }),
    app: { name: 'shop', path: 'app', plugin: { name: 'p', env: [{ name: 'MODE', value: 'app' }] } },
  })
  assert.equal(r.ok, true, r.error)
  assert.deepEqual((r.manifests![0] as { data: unknown }).data, { p: '[{"name":"b","string":"2"}]', m: 'repo' })
})

// --- util/io/files/tar.go (Tgz, untar), util/io/files/util.go Inbound, util/app/path CheckOutOfBoundsSymlinks ---

test('repo copy: files arrive 0644 and directories 0755 unless preserveFileMode; links stay inside', () => {
  const src = repo({ 'bin/run.sh': '#!/bin/sh\n', 'a/b/c.yaml': CM, '.git/HEAD': 'x', 'skip/me.txt': 'x' })
  chmodSync(join(src, 'bin', 'run.sh'), 0o755)
  chmodSync(join(src, 'a'), 0o700)
  symlinkSync('../a/b/c.yaml', join(src, 'bin', 'link.yaml'))
  symlinkSync('/etc/hostname', join(src, 'abs'))
  const rows: [boolean, number, number][] = [
    [false, 0o644, 0o755],
    [true, 0o755, 0o700],
  ]
  for (const [preserve, fileMode, dirMode] of rows) {
    const dest = scratch()
    const sent = copyRepo(src, dest, preserve, ['skip'])
    assert.equal(statSync(join(dest, 'bin', 'run.sh')).mode & 0o777, fileMode)
    assert.equal(statSync(join(dest, 'a')).mode & 0o777, dirMode)
    assert.equal(readlinkSync(join(dest, 'bin', 'link.yaml')), '../a/b/c.yaml')
    // An absolute link target is joined to the link's directory: it lands (dangling) inside the copy.
    assert.equal(readlinkSync(join(dest, 'abs')), 'etc/hostname')
    assert.throws(() => lstatSync(join(dest, 'skip')), /ENOENT/)
    assert.equal(sent, 3)
  }
  const escaping = repo({ 'a.yaml': CM })
  symlinkSync('../../outside', join(escaping, 'up'))
  assert.throws(() => copyRepo(escaping, scratch(), false), /illegal filepath in symlink/)
})

test('repo copy: a script from the repository is not executable in the sidecar (0644), an absolute link fails the repo-server check', async () => {
  const src = repo({ 'gen.sh': `#!/bin/sh\necho '${CM}'\n` })
  chmodSync(join(src, 'gen.sh'), 0o755)
  const rows: [string, RegExp | undefined][] = [
    ['false', /fork\/exec \.\/gen\.sh: permission denied/],
    ['true', undefined],
  ]
  for (const [preserve, want] of rows) {
    const r = await cmp({ pluginConfig: plugin(`  preserveFileMode: ${preserve}\n  generate:\n    command: [./gen.sh]\n`), repo: src, app: { plugin: { name: 'p' } } })
    if (want) assert.match(r.error ?? '', want)
    else assert.equal(r.ok, true, r.error)
  }
  const abs = repo({ 'a.yaml': CM })
  symlinkSync('/etc/hostname', join(abs, 'host'))
  const r = await cmp({ pluginConfig: plugin(sh('cat a.yaml')), repo: abs, app: { plugin: { name: 'p' } } })
  assert.equal(r.error, 'repository contains out-of-bounds symlinks. file: host')
})

test('repo copy: the app path must be a directory inside the repository (util/app/path Path)', async () => {
  const src = repo({ 'a.yaml': CM })
  const rows: [string, string][] = [
    ['missing', 'missing: app path does not exist'],
    ['a.yaml', 'a.yaml: app path is not a directory'],
    ['/etc', '/etc: app path is absolute'],
  ]
  for (const [path, want] of rows) {
    const r = await cmp({ pluginConfig: plugin(sh('true')), repo: src, app: { path, plugin: { name: 'p' } } })
    assert.equal(r.error, want)
  }
})

// --- discovery: cmpserver/plugin/plugin.go matchRepository; util/app/discovery/discovery.go ---

test('discovery: fileName is filepath.Glob, find.glob is zglob, find.command needs exit 0 and output', async () => {
  const src = repo({ 'app/es.yaml': 'kind: ExternalSecret\n', 'app/sub/deep.json': '{}', 'plain/kustomization.yaml': 'resources: []\n' })
  const rows: [string, string, boolean][] = [
    ['fileName', '  discover: {fileName: "*.yaml"}\n', true],
    ['fileName', '  discover: {fileName: "*.json"}\n', false], // * does not cross a directory
    ['fileName', '  discover: {fileName: "*/*.json"}\n', true],
    ['fileName', '  discover: {fileName: "[^e]*.yaml"}\n', false],
    ['find.glob', '  discover: {find: {glob: "**/*.json"}}\n', true],
    ['find.glob', '  discover: {find: {glob: "**/kustomization.yaml"}}\n', false],
    ['find.glob', '  discover: {find: {glob: "{es,x}.yaml"}}\n', true],
    ['find.command', '  discover: {find: {command: [sh, -c, "grep -l ExternalSecret *.yaml"]}}\n', true],
    ['find.command', '  discover: {find: {command: [sh, -c, "exit 0"]}}\n', false], // exit 0, no output
  ]
  for (const [rule, discover, want] of rows) {
    const r = await cmp({ pluginConfig: plugin(`${discover}${sh(`echo '${CM}'`)}`), repo: src, app: { path: 'app' } })
    assert.equal(r.sourceType, want ? 'Plugin' : 'Directory', `${rule}: ${discover}`)
    assert.equal(r.ok, want, `${rule}: ${discover} ${r.error}`)
    if (!want) assert.match(r.error!, /^could not find plugin supporting the given repository/)
  }
  // A failing find command is an error, not a miss.
  const r = await cmp({ pluginConfig: plugin(`  discover: {find: {command: [sh, -c, "echo nope >&2; exit 3"]}}\n${sh('true')}`), repo: src, app: { path: 'app', plugin: { name: 'p' } } })
  assert.equal(
    r.error,
    'CMP processing failed for application "guestbook": could not find cmp-server plugin with name "p" supporting the given repository: error checking repository support for plugin p.sock: error receiving stream response: rpc error: code = Unknown desc = match repository error: error running find command: `sh -c "echo nope >&2; exit 3"` failed exit status 3: nope',
  )
  // A malformed fileName pattern (filepath.ErrBadPattern).
  const bad = await cmp({ pluginConfig: plugin(`  discover: {fileName: "[a-"}\n${sh('true')}`), repo: src, app: { path: 'app', plugin: { name: 'p' } } })
  assert.match(bad.error!, /error finding filename match for pattern ".*\/app\/\[a-": syntax error in pattern$/)
})

test('discovery: a named plugin is the socket <name>[-<version>]; without rules it always matches, with rules they must match', async () => {
  const src = repo({ 'app/a.yaml': CM })
  const rows: [string, string | undefined, RegExp | true][] = [
    ['', 'p', true], // named, no discovery rules
    ['', 'q', /could not find cmp-server plugin with name "q" supporting the given repository: error checking plugin configuration q.sock: .*no such file or directory/],
    ['  version: v2\n', 'p', /with name "p" supporting .*p.sock/], // the version is part of the name
    ['  version: v2\n', 'p-v2', true],
    ['  discover: {fileName: "*.json"}\n', 'p', /^CMP processing failed for application "guestbook": could not find cmp-server plugin with name "p" supporting the given repository$/],
    ['', undefined, /could not find plugin supporting the given repository/], // plugin: {} and no rules
  ]
  for (const [extra, name, want] of rows) {
    const r = await cmp({ pluginConfig: plugin(`${extra}${sh(`cat a.yaml`)}`), repo: src, app: { path: 'app', plugin: { name } } })
    if (want === true) assert.equal(r.ok, true, `${extra} ${name}: ${r.error}`)
    else assert.match(r.error ?? '', want, `${extra} ${name}`)
  }
})

// --- init + generate: cmpserver/plugin/plugin.go generateManifest, runCommand, CmdError; util/exec ---

test('commands: init then generate in the app dir; Argo-style errors with the command line and stderr', async () => {
  const src = repo({ 'app/a.yaml': CM })
  const ok = await cmp({
    pluginConfig: plugin(`  init:\n    command: [sh, -c, "pwd >&2; touch init-ran"]\n${sh('test -f init-ran && cat a.yaml')}`),
    repo: src,
    app: { path: 'app', plugin: { name: 'p' } },
  })
  assert.equal(ok.ok, true, ok.error)
  assert.match(ok.stderr, /\/_cmp_server\/[0-9a-f-]{36}\/app\n/)
  const rows: [string, string][] = [
    [
      `  init:\n    command: [sh, -c, "echo init broke >&2; exit 2"]\n${sh('true')}`,
      'error generating manifests in cmp: rpc error: code = Unknown desc = error generating manifests: `sh -c "echo init broke >&2; exit 2"` failed exit status 2: init broke',
    ],
    [
      sh('echo " vault  down " >&2; exit 1'),
      'error generating manifests in cmp: rpc error: code = Unknown desc = error generating manifests: `sh -c "echo \\" vault  down \\" >&2; exit 1"` failed exit status 1: vault  down',
    ],
    [
      '  generate:\n    command: [no-such-tool, x]\n',
      'error generating manifests in cmp: rpc error: code = Unknown desc = error generating manifests: exec: "no-such-tool": executable file not found in $PATH',
    ],
  ]
  for (const [spec, want] of rows) {
    const r = await cmp({ pluginConfig: plugin(spec), repo: src, app: { name: 'demo', path: 'app', plugin: { name: 'p' } } })
    assert.equal(r.error, `CMP processing failed for application "demo": ${want}`)
  }
  assert.equal(argsToLog(['sh', '-c', 'a b', '']), 'sh -c "a b" ""')
})

test('commands: at the deadline (request timeout − 100 ms) the process group is signalled, children included', async () => {
  const src = repo({ 'a.yaml': CM })
  const pidFile = join(scratch(), 'child.pid')
  const started = Date.now()
  const r = await cmp({ pluginConfig: plugin(sh(`sleep 30 & echo $! > ${pidFile}; wait`)), repo: src, app: { plugin: { name: 'p' } }, timeoutSeconds: 1 })
  const took = Date.now() - started
  assert.ok(took >= 850 && took < 4000, `took ${took} ms`)
  assert.match(r.error!, /failed signal: (terminated|killed)$/)
  // The background child got the group's SIGTERM too.
  const child = Number(readFileSync(pidFile, 'utf8'))
  await new Promise((res) => setTimeout(res, 100))
  let state = 'gone'
  try {
    state = readFileSync(`/proc/${child}/stat`, 'utf8').split(' ')[2] // a zombie (Z) is dead but not reaped
  } catch {
    // reaped
  }
  assert.ok(state === 'gone' || state === 'Z', `the background child is still running (${state})`)
})

// --- stdout parsing: gitops-engine pkg/utils/kube/kube.go SplitYAMLToString, SplitYAML;
//     apimachinery pkg/util/yaml/decoder.go YAMLOrJSONDecoder, YAMLReader; unstructured helpers ---

test('stdout: YAML streams split on "---" lines (a comment may follow, nothing else), empty and null documents skipped', () => {
  const rows: [string, string[] | RegExp][] = [
    [`${CM}---\n${CM.replace('x', 'z')}`, ['x', 'z']],
    [`---\n${CM}---\n---\n# only a comment\n---\nnull\n---\n${CM.replace('x', 'z')}---\n`, ['x', 'z']],
    [`${CM}--- # next\n${CM.replace('x', 'z')}`, ['x', 'z']],
    [`${CM}---   \r\n${CM.replace('x', 'z')}`, ['x', 'z']],
    [`${CM}--- foo\n${CM}`, /failed to unmarshal manifest: invalid Yaml document separator: foo/],
    [`${CM}----\n${CM}`, /invalid Yaml document separator: -/],
    ['', []],
  ]
  for (const [out, want] of rows) {
    if (Array.isArray(want))
      assert.deepEqual(
        splitYaml(out).map((o) => (o.metadata as { name: string }).name),
        want,
        out,
      )
    else assert.throws(() => splitYaml(out), want, out)
  }
})

test('stdout: a stream that starts with "{" is JSON objects; it falls back to YAML after 0 or 1 of them, fails after 2', () => {
  const a = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}'
  const b = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}'
  const rows: [string, string[] | RegExp][] = [
    [`${a}\n${b}\n`, ['a', 'b']],
    [`${a}${b}`, ['a', 'b']],
    [`  \n${a}\n${CM}`, ['a', 'x']], // one object, then YAML
    [`{kind: ConfigMap, metadata: {name: f}}\n`, ['f']], // not JSON at all: the whole stream is YAML
    [`${a}\n${b}\nkind: x\n`, /failed to unmarshal manifest: invalid character 'k' looking for beginning of value/],
  ]
  for (const [out, want] of rows) {
    if (Array.isArray(want))
      assert.deepEqual(
        splitYaml(out).map((o) => (o.metadata as { name: string }).name),
        want,
        out,
      )
    else assert.throws(() => splitYaml(out), want, out)
  }
  // JSON text is passed on as written (runtime.RawExtension).
  assert.deepEqual(splitYamlToString(`${a}  ${b}`), [a, b])
})

test('stdout: every object is a map with a string kind (an array, a scalar or a kind-less map fails)', () => {
  const rows: [string, RegExp][] = [
    ['[{"kind":"ConfigMap"}]', /cannot unmarshal array into Go value of type map\[string\]interface \{\}/],
    ['- kind: ConfigMap\n', /cannot unmarshal array into Go value/],
    ['just text\n', /cannot unmarshal string into Go value/],
    ['apiVersion: v1\nmetadata: {name: x}\n', /Object 'Kind' is missing in '\{"apiVersion":"v1","metadata":\{"name":"x"\}\}'/],
    ['kind: 5\n', /Object 'Kind' is missing in '\{"kind":5\}'/],
    ['kind: ConfigMap\n  bad: indent\n', /failed to unmarshal manifest: error converting YAML to JSON: yaml: line \d+:/],
  ]
  for (const [out, want] of rows) assert.throws(() => splitYaml(out), want, out)
  assert.deepEqual(splitYaml('kind: X\n'), [{ kind: 'X' }]) // apiVersion is not required
})

test('stdout: YAML 1.1 as go-yaml v2 reads it (yes/on are booleans, 0755 octal, dates stay strings, y: is a "true" key)', () => {
  const [o] = splitYaml('kind: ConfigMap\ndata:\n  a: yes\n  b: on\n  c: 0755\n  d: 2024-01-01\n  e: "yes"\n  f: 1_000\n  g: 190:20:30\ny: 1\n')
  assert.deepEqual(o, { kind: 'ConfigMap', data: { a: true, b: true, c: 493, d: '2024-01-01', e: 'yes', f: 1000, g: '190:20:30' }, true: 1 })
  // JSON objects go through the same YAML → JSON conversion on the repo-server.
  assert.deepEqual(splitYaml('{"kind":"ConfigMap","data":{"a":"yes"}}'), [{ kind: 'ConfigMap', data: { a: 'yes' } }])
})

test('stdout: Lists (anything with an items array, ResourceList included) are flattened; items: null lists dropped (GenerateManifests)', () => {
  const rows: [Record<string, unknown>[], unknown[] | RegExp][] = [
    [[{ kind: 'List', items: [{ kind: 'A' }, { kind: 'B' }] }], [{ kind: 'A' }, { kind: 'B' }]],
    [[{ kind: 'ResourceList', items: [{ kind: 'A' }], results: [{ severity: 'error' }] }], [{ kind: 'A' }]],
    [[{ kind: 'ConfigMapList', items: null }], []],
    [[{ kind: 'Thing', items: null, spec: {} }], [{ kind: 'Thing', items: null, spec: {} }]],
    [[{ kind: 'List', items: [{ noKind: true }] }], [{ noKind: true }]], // items are not kind-checked
    [[{ kind: 'List', items: ['x'] }], /items member is not an object/],
  ]
  for (const [objs, want] of rows) {
    if (Array.isArray(want)) assert.deepEqual(flattenLists(objs), want)
    else assert.throws(() => flattenLists(objs), want)
  }
})

test("stdout: end to end, a parse failure is the repo-server's error and zero objects is a warning", async () => {
  const src = repo({ 'a.yaml': CM })
  const bad = await cmp({ pluginConfig: plugin(sh('echo "[1]"')), repo: src, app: { name: 'demo', plugin: { name: 'p' } } })
  assert.equal(
    bad.error,
    'CMP processing failed for application "demo": failed to convert CMP manifests to unstructured objects: failed to unmarshal manifest: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
  )
  const sep = await cmp({ pluginConfig: plugin(sh('printf "kind: A\\n--- !x\\nkind: B\\n"')), repo: src, app: { name: 'demo', plugin: { name: 'p' } } })
  assert.equal(
    sep.error,
    'CMP processing failed for application "demo": error generating manifests in cmp: rpc error: code = Unknown desc = error generating manifests: failed to unmarshal manifest: invalid Yaml document separator: !x',
  )
  const empty = await cmp({ pluginConfig: plugin(sh('true')), repo: src, app: { plugin: { name: 'p' } } })
  assert.equal(empty.ok, true)
  assert.deepEqual(empty.manifests, [])
  assert.match(empty.warnings.join('\n'), /zero objects/)
})

// --- globs themselves: Go's path/filepath Match/Glob, mattn/go-zglob ---

test('globs: filepath.Match rows (checked against Go 1.19), Glob, zglob', () => {
  const rows: [string, string, boolean | 'ERR'][] = [
    ['*.yaml', 'x.yaml', true],
    ['*', 'a/b', false],
    ['a?c', 'abc', true],
    ['[^abc]', 'b', false],
    ['[a-c]x', 'bx', true],
    ['a[!b]c', 'a!c', true], // "!" is no negation in Go
    ['\\*', '*', true],
    ['[', 'a', 'ERR'],
    ['a[', 'a', 'ERR'],
  ]
  for (const [p, name, want] of rows) {
    if (want === 'ERR') assert.throws(() => goMatch(p, name), /syntax error in pattern/)
    else assert.equal(goMatch(p, name), want, `${p} ${name}`)
  }
  const dir = repo({ 'a.yaml': '', 'b.yml': '', '.hidden.yaml': '', 'x/y/z.yaml': '' })
  assert.deepEqual(goGlob(join(dir, '*.yaml')), [join(dir, '.hidden.yaml'), join(dir, 'a.yaml')]) // Go's * matches dot files
  assert.deepEqual(goGlob(join(dir, '*/*/*.yaml')), [join(dir, 'x/y/z.yaml')])
  assert.deepEqual(zglob(join(dir, '**/*.yaml')).sort(), [join(dir, '.hidden.yaml'), join(dir, 'a.yaml'), join(dir, 'x/y/z.yaml')])
  assert.deepEqual(zglob(join(dir, '*.y?ml')), []) // ? is a literal in zglob
  assert.deepEqual(zglob(join(dir, '*.{yml,json}')), [join(dir, 'b.yml')])
})
