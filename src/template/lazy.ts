// Libraries template functions need, loaded on first use only (start-up time matters):
// node-forge's RC2 cipher and ASN.1 codec (PKCS#12; ../go/asn1.ts loads the codec itself for
// DER), and the `yaml` parser (ESO's fromYaml), bcryptjs (Sprig's bcrypt). Template functions
// are synchronous, so these load with require rather than import().
//
// Each require below names its module literally: the bundler (scripts/build.mjs) then inlines the
// module and evaluates it only when the call runs, so the shipped bundle needs no node_modules.
// Run from source, Node's ES modules have no `require`, and createRequire stands in.

import { createRequire } from 'node:module'
import type * as BcryptModule from 'bcryptjs'
import type * as ForgeModule from 'node-forge'
import type * as YamlModule from 'yaml'

const fromSource = typeof require === 'function' ? undefined : createRequire(import.meta.url)

export type Forge = typeof ForgeModule
export type Yaml = typeof YamlModule

let forge: Forge | undefined
let yaml: Yaml | undefined

/** node-forge with only the parts the template functions use (ASN.1, RC2): lib/ files register on one object. */
export function loadForge(): Forge {
  if (!forge) {
    if (fromSource) {
      fromSource('node-forge/lib/asn1')
      fromSource('node-forge/lib/rc2')
      forge = fromSource('node-forge/lib/forge') as Forge
    } else {
      require('node-forge/lib/asn1')
      require('node-forge/lib/rc2')
      forge = require('node-forge/lib/forge') as Forge
    }
  }
  return forge
}

export function loadYaml(): Yaml {
  yaml ??= (fromSource ? fromSource('yaml') : require('yaml')) as Yaml
  return yaml
}

export type Bcrypt = typeof BcryptModule
let bcrypt: Bcrypt | undefined

/** bcryptjs (Node has no bcrypt), for Sprig's bcrypt and htpasswd. */
export function loadBcrypt(): Bcrypt {
  bcrypt ??= (fromSource ? fromSource('bcryptjs') : require('bcryptjs')) as Bcrypt
  return bcrypt
}
