// Modules the playground's build makes (scripts/build-playground.mjs).

declare module 'eso-render:external-secret-validator' {
  import type { ValidateFunction } from 'ajv'
  const validate: ValidateFunction
  export default validate
}
