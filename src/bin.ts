// Entry point of the bundle: run the CLI.
import { run } from './cli.ts'

await run()
