// ESO's own template functions (external-secrets runtime/template/v2), added to Sprig's in the
// `eso` function map: PEM/X.509 helpers, PKCS#12, JWK, YAML, RSA decryption and hexdec.

import type { FuncDef } from '../registry.ts'
import { HEX_FUNCS } from './hex.ts'
import { JWK_FUNCS } from './jwk.ts'
import { PEM_FUNCS } from './pem.ts'
import { PKCS12_FUNCS } from './pkcs12.ts'
import { RSA_FUNCS } from './rsa.ts'
import { YAML_FUNCS } from './yaml.ts'

export const ESO_FUNCS: FuncDef[] = [...PEM_FUNCS, ...PKCS12_FUNCS, ...JWK_FUNCS, ...YAML_FUNCS, ...RSA_FUNCS, ...HEX_FUNCS]
