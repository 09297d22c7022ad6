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
  /** Told of input the face reads other than through stdin and readFile (a build tool's output): the CLI's heap tuning (young-generation.ts). */
  noteInput?: (text: string) => void
}

export interface FaceOutput {
  stdout: string
  stderr: string
  exitCode: number
}
