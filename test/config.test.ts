import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_OPTIONS, optionsFromFunctionConfig, optionsFromStrings } from '../src/config.ts'
import { RenderError } from '../src/errors.ts'

const rows = [
  { name: 'no config gives the defaults', config: undefined, want: {} },
  {
    name: 'EsoRender spec keys are typed',
    config: { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', metadata: { name: 'x' }, spec: { namespace: 'shop', reloader: 'none', keepStores: true, allowedStores: ['vault'] } },
    want: { namespace: 'shop', reloader: 'none', keepStores: true, allowedStores: ['vault'] },
  },
  {
    name: 'ConfigMap data (kpt -- key=value) gives the same keys as strings',
    config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { namespace: 'shop', keepExternalSecrets: 'false', vaultConcurrency: '4', allowedNamespaces: 'a, b' } },
    want: { namespace: 'shop', keepExternalSecrets: false, vaultConcurrency: 4, allowedNamespaces: ['a', 'b'] },
  },
  {
    name: 'a legacy plugin config re-serialised by kustomize (argsOneLiner) is accepted',
    config: { apiVersion: 'config.eso-render.dev/v1alpha1', argsOneLiner: '--reloader none', kind: 'EsoRender', metadata: { name: 'x' } },
    want: {},
  },
]
for (const r of rows) {
  test(`config: ${r.name}`, async () => {
    assert.deepEqual(await optionsFromFunctionConfig(r.config), { ...DEFAULT_OPTIONS, ...r.want })
  })
}

const bad = [
  { name: 'an unknown spec key', config: { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', spec: { namespce: 'x' } }, field: 'namespce', message: /unknown option/ },
  { name: 'a bad enum', config: { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', spec: { reloader: 'auto' } }, field: 'reloader', message: /must be one of match, none/ },
  { name: 'a wrong kind', config: { apiVersion: 'v1', kind: 'Secret' }, field: 'kind', message: /is not supported/ },
  { name: 'a wrong apiVersion', config: { apiVersion: 'config.eso-render.dev/v2', kind: 'EsoRender' }, field: 'apiVersion', message: /expected config.eso-render.dev\/v1alpha1/ },
  { name: 'options outside spec', config: { apiVersion: 'config.eso-render.dev/v1alpha1', kind: 'EsoRender', namespace: 'x' }, field: 'namespace', message: /options go under spec/ },
  { name: 'a ConfigMap with a non-integer', config: { apiVersion: 'v1', kind: 'ConfigMap', data: { vaultTimeoutSeconds: 'soon' } }, field: undefined, message: /expected a positive integer/ },
]
for (const r of bad) {
  test(`config: ${r.name} is a CONFIG_INVALID error naming the field`, async () => {
    await assert.rejects(
      () => optionsFromFunctionConfig(r.config),
      (e: unknown) => e instanceof RenderError && e.code === 'CONFIG_INVALID' && (r.field === undefined || e.fieldPath === r.field) && r.message.test(e.message),
    )
  })
}

test('config: string options reject unknown keys', async () => {
  await assert.rejects(() => optionsFromStrings({ vault: 'x' }, 'flags'), /flags: vault: unknown option/)
})
