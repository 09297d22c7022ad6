// The tenant policy, enforced in the plan stage, end to end in process: the bundled Vault-compatible
// server and the Kubernetes API double log every request, so "denied before any request" is
// checked on their logs. Project team-a may use the cluster's ClusterSecretStore vault and its own
// SecretStores, from namespaces team-a and team-a-*, on the one Vault server, under
// secret/data/team-a/; every other project falls to "*", which allows nothing.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runRender } from '../../src/hosts/stream.ts'
import { runCheck } from '../../src/hosts/check.ts'
import { startKubeApi, type KubeApi } from '../support/kube-api/server.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'

const SA = 'system:serviceaccount:argocd:eso-render'
const VALUE_A = 'POLICY-VALUE-A-CANARY-61c'
const VALUE_B = 'POLICY-VALUE-B-CANARY-0f2'
const TOKEN = 'hvs.POLICY-ROOT-CANARY-9a3'
let kube: KubeApi
let vault: VaultDouble
let dir: string
let policyFile: string
let base: Record<string, string>

const es = (namespace: string, storeRef: string, key = 'team-a/app', name = 'app') =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  secretStoreRef: ${storeRef}\n  data:\n  - secretKey: password\n    remoteRef: {key: ${key}, property: password}\n`
const css = '{name: vault, kind: ClusterSecretStore}'
const secretStore = (namespace: string, server: string, auth: string) =>
  `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: own, namespace: ${namespace}}\nspec:\n  provider:\n    vault:\n      server: ${server}\n      path: secret\n      auth: ${auth}\n`
const tokenSecret = (namespace: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: own-token, namespace: ${namespace}}\nstringData: {token: ${TOKEN}}\n`

before(async () => {
  vault = await startVaultDouble({ seed: { secret: { version: 2, token: TOKEN, secrets: { 'team-a/app': { password: VALUE_A }, 'team-b/app': { password: VALUE_B } } } } })
  kube = await startKubeApi({
    objects: [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vault-token', namespace: 'eso' }, stringData: { token: TOKEN } },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'vault' },
        spec: { provider: { vault: { server: vault.url, path: 'secret', auth: { tokenSecretRef: { name: 'vault-token', key: 'token', namespace: 'eso' } } } } },
      },
    ],
    users: { 'tok-eso': { username: SA } },
    rbac: [
      { username: SA, verbs: ['get'], apiGroups: [''], resources: ['secrets', 'configmaps', 'namespaces'] },
      { username: SA, verbs: ['get'], apiGroups: ['external-secrets.io'], resources: ['secretstores', 'clustersecretstores'] },
    ],
  })
  dir = mkdtempSync(join(tmpdir(), 'eso-render-policy-'))
  kube.writeKubeconfig(join(dir, 'kubeconfig'), { token: 'tok-eso', contextName: 'test' })
  policyFile = join(dir, 'policy.yaml')
  writeFileSync(
    policyFile,
    `apiVersion: config.eso-render.dev/v1alpha1
kind: EsoRenderPolicy
spec:
  projects:
    team-a:
      namespaces: [team-a, team-a-*]
      stores: [ClusterSecretStore/vault, SecretStore/team-a/*]
      servers: ["${vault.url}"]
      paths: ["secret/data/team-a/*"]
    fallback:
      namespaces: [team-a]
      stores: [SecretStore/team-a/*]
      servers: ["${vault.url}"]
      paths: ["secret/data/team-a/*"]
      allowTokenFallback: true
    dest-only:
      stores: [SecretStore/*/*]
      servers: ["${vault.url}"]
      paths: ["secret/data/*"]
    "*": {}
`,
  )
  base = { KUBECONFIG: join(dir, 'kubeconfig'), ESO_RENDER_CLUSTER: 'kubeconfig', ESO_RENDER_POLICY: policyFile, ARGOCD_APP_PROJECT_NAME: 'team-a' }
})
after(async () => {
  await vault.close()
  await kube.close()
  rmSync(dir, { recursive: true, force: true })
})

async function render(input: string, env: Record<string, string> = {}, args: string[] = []) {
  vault.clearRequests()
  kube.clearRequests()
  const out = await runRender({ args: [...args, '-'], stdin: async () => input, env: { ...base, ...env }, readFile: (p) => readFileSync(p, 'utf8') })
  for (const canary of [VALUE_A, VALUE_B, TOKEN]) assert.ok(!out.stderr.includes(canary), 'no value or token on stderr')
  return out
}
const vaultLog = () => vault.requests.map((r) => `${r.method} ${r.path}`)
const kubeLog = () => kube.requests.map((r) => r.path)

test('allowed: team-a reads its path through the cluster store; the policy in force is announced', async () => {
  const out = await render(es('team-a', css))
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stderr, /info: the tenant policy \(\S+policy\.yaml, project "team-a", rule "team-a"\) is in force \(set by the operator \(\$ESO_RENDER_POLICY\)\)/)
  assert.match(out.stdout, new RegExp(Buffer.from(VALUE_A).toString('base64')))
  assert.deepEqual(vaultLog(), ['GET secret/data/team-a/app'])
})

test('a namespace outside the rule is denied before anything is read from the cluster or Vault', async () => {
  const out = await render(es('team-b', css))
  assert.equal(out.exitCode, 1)
  assert.match(
    out.stderr,
    /error: stdin\[0\] ExternalSecret team-b\/app metadata\.namespace: namespace "team-b" is not in namespaces \[team-a, team-a-\*\]: denied by the tenant policy \(\S+, project "team-a", rule "team-a"\)/,
  )
  assert.equal(out.stdout, '')
  assert.deepEqual(kubeLog(), [], 'no cluster read')
  assert.deepEqual(vaultLog(), [], 'no Vault request')
})

test('a store outside the rule is denied before the store is read', async () => {
  const out = await render(es('team-a', '{name: platform, kind: ClusterSecretStore}'))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /store ClusterSecretStore\/platform is not in stores \[ClusterSecretStore\/vault, SecretStore\/team-a\/\*\]: denied by the tenant policy/)
  assert.deepEqual(kubeLog(), [])
  assert.deepEqual(vaultLog(), [])
})

test('a path outside the rule is denied once the store is known, before its credential is read', async () => {
  const out = await render(es('team-a', css, 'team-b/app'))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /spec\.data\[0\]\.remoteRef\.key[\s\S]*Vault path secret\/data\/team-b\/app is not in paths \[secret\/data\/team-a\/\*\]: denied by the tenant policy/)
  // The store, and the Namespace its conditions would test: not the store's token Secret.
  assert.deepEqual(kubeLog(), ['/apis/external-secrets.io/v1/clustersecretstores/vault', '/api/v1/namespaces/team-a'])
  assert.deepEqual(vaultLog(), [])
})

test('a key that climbs out of the allowed path with .. is refused, not resolved', async () => {
  const out = await render(es('team-a', css, 'team-a/../team-b/app'))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /Vault path secret\/data\/team-a\/\.\.\/team-b\/app has a \. or \.\. segment, which the policy refuses/)
  assert.deepEqual(vaultLog(), [])
})

test("a server outside the rule is denied, even for the input's own credential", async () => {
  const other = vault.url.replace('127.0.0.1', 'localhost')
  const out = await render([tokenSecret('team-a'), secretStore('team-a', other, '{tokenSecretRef: {name: own-token, key: token}}'), es('team-a', '{name: own}')].join('---\n'))
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, new RegExp(`SecretStore team-a/own's server ${other.replace(/[.:/]/g, '\\$&')} is not in servers \\[${vault.url.replace(/[.:/]/g, '\\$&')}\\]: denied by the tenant policy`))
  assert.deepEqual(vaultLog(), [])
  // The same store on the listed server renders with the input's own credential.
  const ok = await render([tokenSecret('team-a'), secretStore('team-a', vault.url, '{tokenSecretRef: {name: own-token, key: token}}'), es('team-a', '{name: own}')].join('---\n'))
  assert.equal(ok.exitCode, 0, ok.stderr)
})

test('a ClusterSecretStore in the input is not used: the one in the cluster serves (DESIGN trust rule 4)', async () => {
  const forged = `apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: vault}\nspec:\n  provider:\n    vault:\n      server: ${vault.url}\n      path: other\n      auth: {tokenSecretRef: {name: vault-token, key: token, namespace: eso}}\n`
  const out = await render(`${forged}---\n${es('team-a', css)}`)
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stderr, /warning: ClusterSecretStore vault: not used: under the tenant policy \(.*\) ClusterSecretStores come only from the cluster/)
  assert.match(out.stderr, /read from the cluster: ClusterSecretStore vault/)
  assert.deepEqual(vaultLog(), ['GET secret/data/team-a/app'], "the cluster store's path, not the forged one's")
})

test('without cluster access a ClusterSecretStore cannot be used under a policy', async () => {
  const out = await render(es('team-a', css), { ESO_RENDER_CLUSTER: 'off' })
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /ClusterSecretStore vault can only come from the cluster under a tenant policy, and cluster access is off \(the operator sets ESO_RENDER_CLUSTER\)/)
  assert.deepEqual(vaultLog(), [])
})

test('$VAULT_TOKEN stands in only where the rule allows it (allowTokenFallback)', async () => {
  const input = [secretStore('team-a', vault.url, '{kubernetes: {role: app}}'), es('team-a', '{name: own}')].join('---\n')
  const env = { ESO_RENDER_CLUSTER: 'off', VAULT_TOKEN: TOKEN, VAULT_ADDR: vault.url }
  const denied = await render(input, env)
  assert.equal(denied.exitCode, 1)
  assert.match(
    denied.stderr,
    /\$VAULT_TOKEN \(kubernetes auth uses the pod's own service-account token\) would stand in for the store's own auth, which the tenant policy \(.*rule "team-a"\) does not allow \(allowTokenFallback is false\)/,
  )
  assert.deepEqual(vaultLog(), [])
  const allowed = await render(input, { ...env, ARGOCD_APP_PROJECT_NAME: 'fallback' })
  assert.equal(allowed.exitCode, 0, allowed.stderr)
  assert.match(allowed.stderr, /Vault token from \$VAULT_TOKEN/)
})

test('tokenEnv and tokenFile, which win over every store, are refused under a rule without allowTokenFallback', async () => {
  const input = [secretStore('team-a', vault.url, '{tokenSecretRef: {name: own-token, key: token}}'), tokenSecret('team-a'), es('team-a', '{name: own}')].join('---\n')
  const out = await render(input, { ESO_RENDER_TOKEN_ENV: 'SOME_TOKEN', SOME_TOKEN: TOKEN, VAULT_ADDR: vault.url })
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /tokenEnv would stand in for the store's own auth, which the tenant policy .* does not allow/)
  assert.deepEqual(vaultLog(), [])
})

test('a project without its own rule gets "*"; the flag --project names it on the command line', async () => {
  const out = await render(es('team-a', css), { ARGOCD_APP_PROJECT_NAME: 'team-z' })
  assert.equal(out.exitCode, 1)
  assert.match(
    out.stderr,
    /namespace "team-a" is not in namespaces none \(the rule sets no namespaces: only the Application's destination namespace, and none is known: ARGOCD_APP_NAMESPACE is unset\): denied by the tenant policy \(\S+, project "team-z", rule "\*"\)/,
  )
  assert.deepEqual(kubeLog(), [])
  const flagged = await render(es('team-a', css), { ARGOCD_APP_PROJECT_NAME: 'team-z' }, ['--project', 'team-a'])
  assert.equal(flagged.exitCode, 0, flagged.stderr)
})

test("a rule without namespaces allows the Application's destination namespace only", async () => {
  const input = (ns: string) => [tokenSecret(ns), secretStore(ns, vault.url, '{tokenSecretRef: {name: own-token, key: token}}'), es(ns, '{name: own}')].join('---\n')
  const env = { ARGOCD_APP_PROJECT_NAME: 'dest-only', ARGOCD_APP_NAMESPACE: 'shop', ESO_RENDER_CLUSTER: 'off' }
  assert.equal((await render(input('shop'), env)).exitCode, 0)
  const out = await render(input('billing'), env)
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /namespace "billing" is not in namespaces \[shop\] \(the rule sets no namespaces: only the Application's destination namespace\)/)
})

test('every denied ExternalSecret is reported, each with its field; the allowed ones in the same run send nothing either (all or nothing)', async () => {
  const out = await render([es('team-a', css, 'team-a/app', 'ok'), es('team-b', css, 'team-a/app', 'wrong-ns'), es('team-a', css, 'team-b/app', 'wrong-path')].join('---\n'))
  assert.equal(out.exitCode, 1)
  assert.equal(out.stderr.match(/denied by the tenant policy/g)?.length, 2, out.stderr)
  assert.match(out.stderr, /ExternalSecret team-b\/wrong-ns/)
  assert.match(out.stderr, /ExternalSecret team-a\/wrong-path/)
  assert.ok(!kubeLog().some((path) => path.includes('/secrets/')), 'no credential Secret was read for the allowed one either')
  assert.deepEqual(vaultLog(), [])
})

test('a broken policy file stops the run with CONFIG_INVALID naming the file and the field', async () => {
  const broken = join(dir, 'broken.yaml')
  writeFileSync(broken, 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRenderPolicy\nspec: {projects: {a: {paths: ["secret/*/x"]}}}\n')
  const out = await render(es('team-a', css), { ESO_RENDER_POLICY: broken })
  assert.notEqual(out.exitCode, 0)
  assert.match(out.stderr, /error: \S+broken\.yaml spec\.projects\["a"\]\.paths\[0\]: tenant policy: "secret\/\*\/x": \* may only end a path/)
  assert.deepEqual(kubeLog(), [])
  assert.deepEqual(vaultLog(), [])
})

test('eso-render check applies the policy and sends nothing', async () => {
  vault.clearRequests()
  const out = await runCheck({
    args: ['--output', 'json', '-'],
    stdin: async () => es('team-b', '{name: own}'),
    env: { ESO_RENDER_POLICY: policyFile, ARGOCD_APP_PROJECT_NAME: 'team-a' },
    readFile: (p) => readFileSync(p, 'utf8'),
  })
  assert.equal(out.exitCode, 1)
  const report = JSON.parse(out.stdout) as { problems: { code: string; field: string; message: string }[] }
  assert.deepEqual(
    report.problems.map((p) => [p.code, p.field]),
    [['POLICY_DENIED', 'metadata.namespace']],
  )
  assert.deepEqual(vaultLog(), [])
})

// A find under the policy: its first LIST is judged with the plan, by its path as sent (with its
// trailing /, as Vault's ACL judges a LIST); every further request (sub-folder LISTs, metadata, the
// secrets it keeps) is judged as it is found, before it is sent.
const findEs = (find: string) => `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: app, namespace: team-a}\nspec:\n  secretStoreRef: ${css}\n  dataFrom:\n  - find: ${find}\n`
function findPolicy(paths: string[]): string {
  const file = join(dir, `find-policy-${paths.length}-${paths.join('').length}.yaml`)
  writeFileSync(
    file,
    `apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRenderPolicy\nspec:\n  projects:\n    team-a:\n      namespaces: [team-a]\n      stores: [ClusterSecretStore/vault]\n      servers: ["${vault.url}"]\n      paths: ${JSON.stringify(paths)}\n`,
  )
  return file
}

test('find: a LIST outside the paths is denied with the plan, before the store’s credential is read', async () => {
  const out = await render(findEs('{path: team-a}'), { ESO_RENDER_POLICY: findPolicy(['secret/data/team-a/*']) })
  assert.equal(out.exitCode, 1)
  assert.match(out.stderr, /spec\.dataFrom\[0\]\.find: Vault path secret\/metadata\/team-a\/ \(the find's LIST\) is not in paths \[secret\/data\/team-a\/\*\]: denied by the tenant policy/)
  assert.ok(!kubeLog().includes('/api/v1/namespaces/eso/secrets/vault-token'), 'the credential is not read')
  assert.deepEqual(vaultLog(), [])
})

test('find: with its metadata and data paths allowed, the find renders', async () => {
  const out = await render(findEs('{path: team-a}'), { ESO_RENDER_POLICY: findPolicy(['secret/metadata/team-a/*', 'secret/data/team-a/*']) })
  assert.equal(out.exitCode, 0, out.stderr)
  assert.match(out.stdout, /team-a_app: /)
  assert.deepEqual(vaultLog().sort(), ['GET secret/data/team-a/app', 'GET secret/metadata/team-a/', 'GET secret/metadata/team-a/app'])
})

test('find: a secret found outside the paths is denied before it is read, and the run fails', async () => {
  const out = await render(findEs('{name: {regexp: app}}'), { ESO_RENDER_POLICY: findPolicy(['secret/metadata/*', 'secret/data/team-a/*']) })
  assert.equal(out.exitCode, 1)
  assert.equal(out.stdout, '')
  assert.match(
    out.stderr,
    /spec\.dataFrom\[0\]\.find: Vault path secret\/data\/team-b\/app, found by the find, is not in paths \[secret\/metadata\/\*, secret\/data\/team-a\/\*\]: denied by the tenant policy \(.*\); nothing was sent to it \(via ClusterSecretStore vault\)/,
  )
  assert.ok(!vaultLog().includes('GET secret/data/team-b/app'), 'the denied read is not sent')
  assert.ok(vaultLog().includes('GET secret/metadata/team-b/'), 'the LISTs the rule allows were sent')
})
