// The schemas whose validators the build compiles ahead of time (scripts/validators.mjs), by the
// names schema.ts looks them up under: ajv compiling them at run time cost about 150 ms of every
// render that validated anything, and the bundle then never loads ajv.

import { generatorSpecSchema } from './generators/index.ts'
import { schemaOf, specResource, type Schema } from './schema.ts'

export function validatorSchemas(): Record<string, Schema> {
  const generator = (kind: string) => specResource(generatorSpecSchema(kind) as Schema)
  return {
    ExternalSecret: schemaOf('ExternalSecret'),
    SecretStore: schemaOf('SecretStore'),
    ClusterExternalSecret: schemaOf('ClusterExternalSecret'),
    'generator:Password': generator('Password'),
    'generator:VaultDynamicSecret': generator('VaultDynamicSecret'),
    'generator:ClusterGenerator': generator('ClusterGenerator'),
  }
}
