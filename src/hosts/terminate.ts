// A run cut short by its host: kpt, kustomize and argocd-cmp-server send SIGTERM when they give up
// (Ctrl-C sends SIGINT). Login tokens the run holds are revoked first (bounded), so that a stopped
// render leaves no live Vault token behind; then the process ends with the signal's exit code.

import { RunCleanups } from '../pipeline/index.ts'

/** The longest a stopped run waits for its cleanups before it exits anyway. */
const CLEANUP_BOUND_MS = 3000

export function cleanupsOnTermination(write: (text: string) => void = (text) => void process.stderr.write(text)): RunCleanups {
  const cleanups = new RunCleanups()
  const stop = (signal: 'SIGTERM' | 'SIGINT', exitCode: number) => {
    cleanups.stopped = true
    const had = cleanups.size > 0
    setTimeout(() => process.exit(exitCode), CLEANUP_BOUND_MS).unref()
    void cleanups.runAll().finally(() => {
      write(`eso-render: error: stopped by ${signal}; nothing was rendered${had ? "; the run's Vault login tokens were revoked" : ''}\n`)
      process.exit(exitCode)
    })
  }
  process.once('SIGTERM', () => stop('SIGTERM', 143))
  process.once('SIGINT', () => stop('SIGINT', 130))
  return cleanups
}
