// Entry point of the bundle: run the CLI.
import { run } from './cli.ts'
import { usePrecompiledValidators } from './eso/precompiled.ts'

declare const ESO_RENDER_PRECOMPILED: boolean | undefined

// The bundle carries the schemas' validators compiled (scripts/validators.mjs); run from source,
// ajv compiles them.
if (typeof ESO_RENDER_PRECOMPILED !== 'undefined') usePrecompiledValidators(() => import('eso-render:validators'))

await run()
