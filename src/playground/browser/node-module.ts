// node:module for the playground's page: the template functions load node-forge, yaml and bcryptjs
// with a require made by createRequire when run from source (template/lazy.ts, go/asn1.ts). The
// page bundles those modules; this require hands them out by the names those modules ask for.

import 'node-forge/lib/asn1.js'
import 'node-forge/lib/rc2.js'
import forge from 'node-forge/lib/forge.js'
import * as bcrypt from 'bcryptjs'
import * as yaml from 'yaml'

const MODULES: Record<string, unknown> = {
  'node-forge/lib/asn1': forge,
  'node-forge/lib/rc2': forge,
  'node-forge/lib/forge': forge,
  bcryptjs: bcrypt,
  yaml,
}

export function createRequire(_url?: string): (name: string) => unknown {
  return (name) => {
    if (!(name in MODULES)) throw new Error(`module ${JSON.stringify(name)} is not in the playground's bundle`)
    return MODULES[name]
  }
}
