// ajv, loaded on first use: a render with nothing to validate never pays for it.
import type { Ajv as AjvClass } from 'ajv'

let instance: AjvClass | undefined

export async function loadAjv(): Promise<AjvClass> {
  if (!instance) {
    const m = (await import('ajv')) as unknown as { Ajv?: typeof AjvClass; default?: { Ajv?: typeof AjvClass } }
    // Bundled as CommonJS, the class arrives under `default`.
    const Ajv = m.Ajv ?? m.default?.Ajv
    if (!Ajv) throw new Error('ajv did not load')
    instance = new Ajv({ allErrors: true, strict: false })
  }
  return instance
}
