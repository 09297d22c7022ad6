// What a face needs from the process, injected so faces are plain functions in tests.

import type { Environment } from '../config.ts'

export interface FaceInput {
  args: string[]
  stdin: () => Promise<string>
  env: Environment
  readFile: (path: string) => string
}

export interface FaceOutput {
  stdout: string
  stderr: string
  exitCode: number
}
