// Modules the build makes (scripts/validators.mjs).

declare module 'eso-render:validators' {
  import type { ValidateFunction } from 'ajv'
  const validators: Record<string, ValidateFunction>
  export default validators
}
