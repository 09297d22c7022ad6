// Heavy libraries template functions need, loaded on first use only (start-up time matters):
// node-forge's ASN.1 codec (der.ts, for ESO's PKCS#12 and X.509 functions and Sprig's certificate
// functions) and RC2 cipher (PKCS#12), and the `yaml` parser (ESO's fromYaml). Template functions
// are synchronous, so these load with require rather than import().

import { createRequire } from 'node:module'
import type * as ForgeModule from 'node-forge'
import type * as YamlModule from 'yaml'

const require = createRequire(import.meta.url)

export type Forge = typeof ForgeModule
export type Yaml = typeof YamlModule

let forge: Forge | undefined
let yaml: Yaml | undefined

/** node-forge with only the parts the template functions use (ASN.1, RC2): lib/ files register on one object. */
export function loadForge(): Forge {
  if (!forge) {
    require('node-forge/lib/asn1')
    require('node-forge/lib/rc2')
    forge = require('node-forge/lib/forge') as Forge
  }
  return forge
}

export function loadYaml(): Yaml {
  yaml ??= require('yaml') as Yaml
  return yaml
}
