// The tenant policy file: its shape (every mistake named with its field), which rule applies to
// which project, and the matchers the plan stage asks (namespace and store globs, servers, Vault
// path patterns in Vault's own policy syntax).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RenderError } from '../src/errors.ts'
import { ROOT } from './support/fixtures.ts'
import { describePolicy, globMatches, loadPolicy, namespaceAllowed, parsePolicy, pathAllowed, ruleFor, serverAllowed, storeAllowed, vaultPathMatches, type PolicyInForce } from '../src/policy.ts'

const FILE = '/etc/eso-render/policy.yaml'
const HEAD = 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRenderPolicy\n'
const POLICY = `${HEAD}spec:
  projects:
    team-a:
      namespaces: [team-a, team-a-*]
      stores: [ClusterSecretStore/vault, SecretStore/team-a/*]
      servers: ["https://Vault.example.com:443"]
      paths: ["secret/data/team-a/*", "kv/+/shared"]
      allowTokenFallback: true
    "*": {namespaces: [], stores: [], servers: [], paths: []}
`

test('a policy file: rules by project, lists as written, flags default to false', () => {
  const policy = parsePolicy(POLICY, FILE)
  assert.deepEqual([...policy.projects.keys()], ['team-a', '*'])
  assert.deepEqual(policy.projects.get('team-a'), {
    namespaces: ['team-a', 'team-a-*'],
    stores: ['ClusterSecretStore/vault', 'SecretStore/team-a/*'],
    servers: ['https://Vault.example.com:443'],
    paths: ['secret/data/team-a/*', 'kv/+/shared'],
    generators: false,
    allowTokenFallback: true,
  })
  // Lists left out allow nothing, but namespaces, which defaults to the destination namespace.
  assert.deepEqual(parsePolicy(`${HEAD}spec: {projects: {p: {}}}`, FILE).projects.get('p'), {
    namespaces: undefined,
    stores: [],
    servers: [],
    paths: [],
    generators: false,
    allowTokenFallback: false,
  })
})

test('every mistake in the file is CONFIG_INVALID naming the file and the field', () => {
  const cases: [string, string, RegExp][] = [
    ['not: [yaml', '', /not valid YAML \(line 1/],
    ['- a list', '', /expected an EsoRenderPolicy object/],
    ['apiVersion: v1\nkind: ConfigMap\n', 'kind', /expected apiVersion config\.eso-render\.dev\/v1alpha1, kind EsoRenderPolicy; found "v1", "ConfigMap"/],
    [`${HEAD}rules: {}\n`, 'rules', /unknown field/],
    [`${HEAD}spec: {}\n`, 'spec.projects', /expected a mapping of Argo CD project names/],
    [`${HEAD}spec: {projects: {}, extra: 1}\n`, 'spec.extra', /unknown field \(rules go under spec\.projects\)/],
    [`${HEAD}spec: {projects: {a: [x]}}\n`, 'spec.projects["a"]', /expected a rule/],
    [`${HEAD}spec: {projects: {a: {namespace: [x]}}}\n`, 'spec.projects["a"].namespace', /unknown field \(a rule has namespaces, stores/],
    [`${HEAD}spec: {projects: {a: {namespaces: team-a}}}\n`, 'spec.projects["a"].namespaces', /expected a list of strings/],
    [`${HEAD}spec: {projects: {a: {namespaces: [Team_A]}}}\n`, 'spec.projects["a"].namespaces[0]', /"Team_A": expected a namespace name or glob/],
    [`${HEAD}spec: {projects: {a: {stores: [vault]}}}\n`, 'spec.projects["a"].stores[0]', /expected ClusterSecretStore\/<name> or SecretStore\/<namespace>\/<name>/],
    [`${HEAD}spec: {projects: {a: {stores: [SecretStore/vault]}}}\n`, 'spec.projects["a"].stores[0]', /expected ClusterSecretStore/],
    [`${HEAD}spec: {projects: {a: {servers: ["https://v/path"]}}}\n`, 'spec.projects["a"].servers[0]', /expected scheme:\/\/host\[:port\]/],
    [`${HEAD}spec: {projects: {a: {paths: [/v1/secret/data/a]}}}\n`, 'spec.projects["a"].paths[0]', /without \/v1\/ or a leading slash/],
    [`${HEAD}spec: {projects: {a: {paths: ["secret/*/a"]}}}\n`, 'spec.projects["a"].paths[0]', /\* may only end a path/],
    [`${HEAD}spec: {projects: {a: {paths: ["secret/data/a/../b"]}}}\n`, 'spec.projects["a"].paths[0]', /\. and \.\. segments are not allowed/],
    [`${HEAD}spec: {projects: {a: {paths: ["secret/a+b"]}}}\n`, 'spec.projects["a"].paths[0]', /\+ stands for a whole segment/],
    [`${HEAD}spec: {projects: {a: {generators: "yes"}}}\n`, 'spec.projects["a"].generators', /expected true or false/],
    [`${HEAD}spec: {projects: {a: {}, a: {}}}\n`, '', /not valid YAML/],
    // Issue 14: the product's one alias bound; a "billion laughs" file is CONFIG_INVALID naming it.
    [
      `${HEAD}spec: {projects: {}}\nl0: &l0 lol\n${Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('')}`,
      '',
      /^tenant policy: too many YAML aliases: expanding them passes the bound of 1000/,
    ],
  ]
  for (const [text, field, message] of cases) {
    assert.throws(
      () => parsePolicy(text, FILE),
      (err: unknown) => {
        assert.ok(err instanceof RenderError, text)
        assert.equal(err.code, 'CONFIG_INVALID', text)
        assert.equal(err.fieldPath ?? '', field, text)
        assert.equal(err.file?.path, FILE)
        assert.match(err.message, message, text)
        return true
      },
    )
  }
})

test('a file that cannot be read is CONFIG_INVALID naming it and how it was set', () => {
  assert.throws(
    () =>
      loadPolicy(FILE, () => {
        throw new Error('ENOENT')
      }),
    /cannot read the tenant policy file \/etc\/eso-render\/policy\.yaml \(ESO_RENDER_POLICY, --policy\)/,
  )
})

test('ruleFor: a listed project has its own rule (it replaces "*"), others "*", and with neither nothing is allowed', () => {
  const policy = parsePolicy(POLICY, FILE)
  const own = ruleFor(policy, 'team-a', 'team-a')
  assert.equal(own.ruleName, 'team-a')
  assert.equal(own.rule.allowTokenFallback, true)
  const other = ruleFor(policy, 'team-b', 'team-b')
  assert.equal(other.ruleName, '*')
  assert.deepEqual(other.rule.stores, [])
  assert.equal(ruleFor(policy, undefined, undefined).ruleName, '*')
  const none = ruleFor(parsePolicy(`${HEAD}spec: {projects: {team-a: {}}}`, FILE), 'team-b', 'team-b')
  assert.equal(none.ruleName, undefined)
  assert.equal(namespaceAllowed(none, 'team-b'), false)
  assert.equal(describePolicy(own), 'the tenant policy (/etc/eso-render/policy.yaml, project "team-a", rule "team-a")')
  assert.equal(describePolicy(none), 'the tenant policy (/etc/eso-render/policy.yaml, project "team-b", no rule for it and no "*" rule: nothing is allowed)')
  assert.match(describePolicy(ruleFor(policy, undefined, undefined)), /no project \(ARGOCD_APP_PROJECT_NAME, --project\), rule "\*"/)
})

test('globMatches: * and ? within one name, everything else literal', () => {
  const cases: [string, string, boolean][] = [
    ['team-a', 'team-a', true],
    ['team-a', 'team-ab', false],
    ['team-a-*', 'team-a-dev', true],
    ['team-a-*', 'team-a-', true],
    ['team-a-*', 'team-a', false],
    ['team-?', 'team-b', true],
    ['team-?', 'team-bb', false],
    ['*', 'anything', true],
    ['a.b', 'axb', false],
    ['*', 'a/b', false],
  ]
  for (const [glob, value, want] of cases) assert.equal(globMatches(glob, value), want, `${glob} ~ ${value}`)
})

test('namespaces: the rule list, else only the destination namespace', () => {
  const policy = parsePolicy(`${HEAD}spec: {projects: {listed: {namespaces: [a-*]}, unset: {}}}`, FILE)
  assert.equal(namespaceAllowed(ruleFor(policy, 'listed', 'dest'), 'a-1'), true)
  assert.equal(namespaceAllowed(ruleFor(policy, 'listed', 'dest'), 'dest'), false)
  assert.equal(namespaceAllowed(ruleFor(policy, 'unset', 'dest'), 'dest'), true)
  assert.equal(namespaceAllowed(ruleFor(policy, 'unset', 'dest'), 'other'), false)
  assert.equal(namespaceAllowed(ruleFor(policy, 'unset', undefined), 'default'), false)
})

test('stores: by kind, namespace and name, each a glob', () => {
  const rule = ruleFor(parsePolicy(POLICY, FILE), 'team-a', 'team-a')
  const cases: [Parameters<typeof storeAllowed>[1], string | undefined, string, boolean][] = [
    ['ClusterSecretStore', undefined, 'vault', true],
    ['ClusterSecretStore', undefined, 'vault-b', false],
    ['SecretStore', 'team-a', 'anything', true],
    ['SecretStore', 'team-b', 'anything', false],
    ['SecretStore', 'team-a', 'vault', true],
  ]
  for (const [kind, ns, name, want] of cases) assert.equal(storeAllowed(rule, kind, ns, name), want, `${kind} ${ns}/${name}`)
  // A ClusterSecretStore entry does not admit a SecretStore of that name, nor the other way.
  const cssOnly = ruleFor(parsePolicy(`${HEAD}spec: {projects: {p: {stores: [ClusterSecretStore/vault]}}}`, FILE), 'p', 'p')
  assert.equal(storeAllowed(cssOnly, 'SecretStore', 'p', 'vault'), false)
})

test('servers: compared as normalised origins (case, default port, trailing dot)', () => {
  const rule = ruleFor(parsePolicy(POLICY, FILE), 'team-a', 'team-a')
  assert.equal(serverAllowed(rule, 'https://vault.example.com'), true)
  assert.equal(serverAllowed(rule, 'https://vault.example.com.:443/'), true)
  assert.equal(serverAllowed(rule, 'https://vault.example.com:8200'), false)
  assert.equal(serverAllowed(rule, 'http://vault.example.com'), false)
  assert.equal(serverAllowed(rule, 'not a url'), false)
})

test("paths: Vault's policy syntax on the final request path; . and .. segments are refused", () => {
  const cases: [string, string, boolean][] = [
    ['secret/data/team-a/*', 'secret/data/team-a/app', true],
    ['secret/data/team-a/*', 'secret/data/team-a/deep/app', true],
    ['secret/data/team-a/*', 'secret/data/team-a', false],
    ['secret/data/team-a/*', 'secret/data/team-ab/app', false],
    ['secret/data/team-a*', 'secret/data/team-ab/app', true],
    ['secret/data/team-a/app', 'secret/data/team-a/app', true],
    ['secret/data/team-a/app', 'secret/data/team-a/app2', false],
    ['kv/+/shared', 'kv/x/shared', true],
    ['kv/+/shared', 'kv/x/y/shared', false],
    ['kv/+/*', 'kv/x/y/z', true],
    ['a.b/*', 'axb/c', false],
  ]
  for (const [pattern, path, want] of cases) assert.equal(vaultPathMatches(pattern, path), want, `${pattern} ~ ${path}`)
  const rule: PolicyInForce = ruleFor(parsePolicy(POLICY, FILE), 'team-a', 'team-a')
  assert.equal(pathAllowed(rule, 'secret/data/team-a/app'), true)
  assert.equal(pathAllowed(rule, 'secret/data/team-a/../team-b/app'), false)
  assert.equal(pathAllowed(rule, 'secret/data/team-a/./app'), false)
  assert.equal(pathAllowed(rule, 'secret/data/team-b/app'), false)
})

test('the policy the README shows is a valid file (the documentation cannot drift from the parser)', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((b) => b.includes('kind: EsoRenderPolicy'))
  assert.equal(blocks.length, 1)
  const policy = parsePolicy(blocks[0], 'README.md')
  assert.deepEqual(policy.projects.get('team-a')?.paths, ['secret/data/team-a/*'])
  assert.equal(ruleFor(policy, 'team-z', 'team-z').ruleName, '*')
})
