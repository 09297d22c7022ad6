// Compiles the validators of eso/validator-schemas.ts ahead of time, as ajv's standalone code, for
// the bundle (scripts/build.mjs resolves `eso-render:validators` to the file written here): the
// same ajv and options as eso/ajv.ts, so the bundle's checks are the ones run from source.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export async function writeValidators(root) {
  const { validatorSchemas } = await import(pathToFileURL(join(root, 'src', 'eso', 'validator-schemas.ts')).href)
  const { Ajv } = await import('ajv')
  const standalone = (await import('ajv/dist/standalone/index.js')).default
  const standaloneCode = standalone.default ?? standalone
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } })
  const schemas = validatorSchemas()
  const exports = {}
  Object.keys(schemas).forEach((name, i) => {
    ajv.addSchema(schemas[name], name)
    exports[`validator${i}`] = name
  })
  const dir = join(root, '.tmp', 'validators')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'code.mjs'), standaloneCode(ajv, exports))
  const entries = Object.entries(exports).map(([id, name]) => `  ${JSON.stringify(name)}: code.${id},`)
  const file = join(dir, 'index.mjs')
  writeFileSync(file, `import * as code from './code.mjs'\nexport default {\n${entries.join('\n')}\n}\n`)
  return file
}
