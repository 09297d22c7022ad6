// What a face needs from the process, injected so faces are plain functions in tests.

import type { Environment } from '../config.ts'
import type { RunCleanups } from '../pipeline/index.ts'

export interface FaceInput {
  args: string[]
  stdin: () => Promise<string>
  env: Environment
  readFile: (path: string) => string
  /** The root of the in-cluster service account files: tests move it; the CLI never sets it. */
  inClusterRoot?: string
  /** What to undo if the host stops the run (SIGTERM): the CLI's, run by its signal handler. */
  cleanups?: RunCleanups
}

export interface FaceOutput {
  stdout: string
  stderr: string
  exitCode: number
}
