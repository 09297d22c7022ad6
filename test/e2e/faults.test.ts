// The fault matrix (issue 14): every way a Vault can fail, injected by the bundled server, through
// all four faces of the built bundle (the CLI's `render`, the KRM function, the kustomize legacy
// plugin under the real `kubectl kustomize`, and `argocd generate`). For each: the exit code,
// nothing on stdout (KRM: `items: []` with error results), one located error per failing read,
// no canary on any stream, the requests bounded by the retries, and the wall time within the
// run's deadline. Transient faults that clear after one or two attempts render.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, cleanEnv, requireBundle, run, type Run } from '../support/run.ts'
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import { transformedForms } from '../support/fixtures.ts'
import { asResourceList, tokenStoreApp } from '../support/objects.ts'

requireBundle()
const work = mkdtempSync(join(tmpdir(), 'eso-render-faults-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

const TOKEN = 'hvs.FAULT-CANARY-token-4e1b'
const VALUE = 'FAULT-CANARY-value-93ad'
const DEADLINE_SECONDS = 3
const RETRIES = 2
const seed = { secret: { version: 2 as const, token: TOKEN, secrets: { app: { password: VALUE } } } }

const input = tokenStoreApp(TOKEN)
const resourceList = asResourceList(input)

type Face = (dir: string, env: Record<string, string>) => Promise<Run>
let plugins: Promise<string> | undefined
const faces: Record<string, Face> = {
  'eso-render render': (dir, env) => {
    writeFileSync(join(dir, 'input.yaml'), input)
    return run(BIN, ['render', join(dir, 'input.yaml')], { env })
  },
  'KRM function': (_dir, env) => run(BIN, [], { env, input: resourceList }),
  'kubectl kustomize (legacy plugin)': async (dir, env) => {
    plugins ??= (async () => {
      const home = join(work, 'plugins')
      const r = await run(BIN, ['install-plugin', home])
      assert.equal(r.code, 0, r.stderr)
      return home
    })()
    writeFileSync(join(dir, 'resources.yaml'), input)
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- resources.yaml\ntransformers:\n- eso-render.yaml\n')
    writeFileSync(join(dir, 'eso-render.yaml'), 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\nspec: {}\n')
    return run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env: { ...env, KUSTOMIZE_PLUGIN_HOME: await plugins } })
  },
  'argocd generate': (dir, env) => {
    writeFileSync(join(dir, 'app.yaml'), input)
    return run(BIN, ['argocd', 'generate'], { cwd: dir, env: { ...env, ARGOCD_APP_NAME: 'app', ARGOCD_APP_NAMESPACE: 'apps' } })
  },
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

const READ = 'secret/data/app'
interface Fault {
  name: string
  arrange?: (v: VaultDouble) => void
  /** The Vault address to use instead of the server's (a closed port, https to a plain port). */
  address?: (v: VaultDouble) => Promise<string> | string
  /** Undefined: the render succeeds. */
  code?: string
  message?: RegExp
  /** Requests of the read the server may see at most (default: 1 + retries). */
  maxReads?: number
}
const json = { 'Content-Type': 'application/json' }
const faults: Fault[] = [
  { name: 'connection refused', address: async () => `http://127.0.0.1:${await closedPort()}`, code: 'VAULT_UNREACHABLE', message: /connection refused/, maxReads: 0 },
  { name: 'connection reset', arrange: (v) => v.failNext('reset', 10, READ), code: 'VAULT_UNREACHABLE', message: /was reset/ },
  {
    name: 'no answer',
    arrange: (v) => v.addFault({ action: { latencyMs: 60_000 }, path: READ, count: 10 }),
    code: 'DEADLINE_EXCEEDED',
    message: /deadline \(3 s, deadlineSeconds\) passed while waiting for Vault: GET \/v1\/secret\/data\/app/,
    maxReads: 1,
  },
  {
    name: 'a slow trickle',
    arrange: (v) => v.addFault({ action: { trickleMs: 200 }, path: READ, count: 10 }),
    code: 'DEADLINE_EXCEEDED',
    message: /passed while waiting for Vault: GET \/v1\/secret\/data\/app/,
    maxReads: 1,
  },
  { name: '403', arrange: (v) => v.store.mounts.get('|secret')!.deny.add('app'), code: 'VAULT_DENIED', message: /Code: 403\. Errors: permission denied/, maxReads: 1 },
  { name: "Vault's own 404", arrange: (v) => v.failNext({ status: 404, body: '{"errors":[]}\n', headers: json }, 10, READ), code: 'VAULT_NOT_FOUND', message: /secret/, maxReads: 1 },
  {
    name: '412 past the retries',
    arrange: (v) => v.failNext({ status: 412, body: '{"errors":["required index state not present"]}', headers: json }, 10, READ),
    code: 'VAULT_ERROR',
    message: /Code: 412/,
  },
  {
    name: '429 with Retry-After',
    arrange: (v) => v.failNext({ status: 429, body: '{"errors":["rate limit quota exceeded"]}', headers: { ...json, 'Retry-After': '1' } }, 10, READ),
    code: 'VAULT_ERROR',
    message: /Code: 429/,
  },
  { name: '500', arrange: (v) => v.failNext({ status: 500, body: '{"errors":["internal error"]}', headers: json }, 10, READ), code: 'VAULT_ERROR', message: /Code: 500\. Errors: internal error/ },
  { name: '502', arrange: (v) => v.failNext({ status: 502, body: '{"errors":["bad gateway"]}', headers: json }, 10, READ), code: 'VAULT_ERROR', message: /Code: 502/ },
  { name: '503 sealed', arrange: (v) => v.seal(), code: 'VAULT_SEALED', message: /Vault is sealed/, maxReads: 1 },
  { name: '503 standby', arrange: (v) => v.failNext({ status: 503, body: '{"errors":["Vault is in standby mode"]}', headers: json }, 10, READ), code: 'VAULT_ERROR', message: /Code: 503/ },
  {
    name: 'malformed JSON',
    arrange: (v) => v.failNext({ status: 200, body: '{"data": {"data": ', headers: json }, 10, READ),
    code: 'VAULT_ERROR',
    message: /GET \/v1\/secret\/data\/app/,
    maxReads: 1,
  },
  {
    name: 'a 200 of the wrong shape',
    arrange: (v) => v.failNext({ status: 200, body: '{"data": "x"}', headers: json }, 10, READ),
    code: 'VAULT_ERROR',
    message: /GET \/v1\/secret\/data\/app/,
    maxReads: 1,
  },
  { name: 'TLS to a plain port', address: (v) => v.url.replace('http:', 'https:'), code: 'VAULT_UNREACHABLE', message: /https:\/\/127\.0\.0\.1:\d+/, maxReads: 0 },
  { name: 'a 503 that clears after one attempt', arrange: (v) => v.failNext({ status: 503, body: '{"errors":["standby"]}', headers: json }, 1, READ) },
  { name: 'resets that clear after two attempts', arrange: (v) => v.failNext('reset', 2, READ) },
]

const canaries = [...transformedForms(VALUE), ...transformedForms(TOKEN)]
let n = 0
for (const [faceName, face] of Object.entries(faces)) {
  for (const f of faults) {
    test(`faults: ${f.name} through ${faceName}`, async () => {
      const vault = await startVaultDouble({ seed })
      const dir = join(work, String(n++))
      mkdirSync(dir, { recursive: true })
      try {
        f.arrange?.(vault)
        const address = f.address ? await f.address(vault) : vault.url
        const started = Date.now()
        const out = await face(dir, cleanEnv({ VAULT_ADDR: address, ESO_RENDER_DEADLINE_SECONDS: String(DEADLINE_SECONDS) }))
        const wall = Date.now() - started
        // The deadline bounds the render; process start and the host's own work come on top.
        assert.ok(wall < (DEADLINE_SECONDS + 7) * 1000, `took ${wall} ms`)
        const reads = vault.requests.filter((r) => r.path === READ).length
        assert.ok(reads <= (f.maxReads ?? 1 + RETRIES), `${reads} requests of the read`)
        for (const c of canaries) assert.ok(!out.stderr.includes(c), `a canary on stderr:\n${out.stderr}`)
        if (!f.code) {
          assert.equal(out.code, 0, out.stderr)
          assert.ok(out.stdout.includes('kind: Secret'))
          return
        }
        for (const c of canaries) assert.ok(!out.stdout.includes(c), 'a canary on stdout')
        assert.equal(out.code, 1, out.stderr)
        if (faceName === 'KRM function') {
          assert.match(out.stdout, /^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\nitems: \[\]\nresults:\n/)
          const errors = out.stdout.match(/severity: error/g) ?? []
          assert.equal(errors.length, 1, out.stdout)
          assert.match(out.stdout, new RegExp(`code: ${f.code}`))
          assert.match(out.stdout, /field:\n\s+path: spec\.data\[0\]\.remoteRef\.key/)
          assert.match(out.stdout.replace(/\n\s+/g, ' '), f.message!)
        } else {
          assert.equal(out.stdout, '')
          const located = out.stderr.match(/ExternalSecret apps\/app spec\.data\[0\]\.remoteRef\.key: /g) ?? []
          assert.equal(located.length, 1, out.stderr)
          assert.match(out.stderr, f.message!)
        }
      } finally {
        await vault.close()
      }
    })
  }
}
