// Modules the playground's build makes (scripts/build-playground.mjs).

declare module 'eso-render:external-secret-validator' {
  import type { ValidateFunction } from 'ajv'
  const validate: ValidateFunction
  export default validate
}

// node-forge's entry file, imported by path (its lib/ files register on the one object it exports).
declare module 'node-forge/lib/forge.js' {
  import type * as Forge from 'node-forge'
  const forge: typeof Forge
  export default forge
}
