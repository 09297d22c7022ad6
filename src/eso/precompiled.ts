// The validators the build compiled ahead of time (ajv's standalone code, by the names of
// eso/validator-schemas.ts). The bundle's entry says where they are (src/bin.ts); run from source,
// or in the playground's page, nobody does, and schemas compile with ajv at run time (the same
// ajv, the same options, so the same checks).

import type { ValidateFunction } from 'ajv'

type Loader = () => Promise<{ default: Record<string, ValidateFunction> }>

let loader: Loader | undefined

/** Called once by the bundle's entry: the compiled validators load on first use, with the pipeline. */
export function usePrecompiledValidators(load: Loader): void {
  loader = load
}

export async function precompiledValidators(): Promise<Map<string, ValidateFunction> | undefined> {
  if (!loader) return undefined
  const { default: validators } = await loader()
  return new Map(Object.entries(validators))
}
