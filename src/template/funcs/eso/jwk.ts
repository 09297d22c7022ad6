// ESO's JWK functions (runtime/template/v2/jwk.go): jwx's jwk.ParseKey, then Go's
// x509.MarshalPKIXPublicKey ("PUBLIC KEY") or MarshalPKCS8PrivateKey ("PRIVATE KEY"). jwx hands Go
// the key as the JWK holds it, so a private JWK cannot give a public PEM and a public JWK cannot
// give a private one: those fail with Go's x509 errors, as in ESO.

import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { bytesOf, fromBytes, type GoString } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { pemEncode } from '../../../go/pem.ts'

interface ParsedJwk {
  jwk: JsonWebKey
  isPrivate: boolean
  /** The Go type jwx's Raw() produces, for Go's error texts. */
  goType: string
}

function parseJwk(text: GoString): ParsedJwk {
  let jwk: unknown
  try {
    jwk = JSON.parse(Buffer.from(bytesOf(text)).toString('utf8'))
  } catch {
    throw new FuncError('failed to unmarshal JSON into key hint')
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new FuncError('failed to unmarshal JSON into key hint')
  const k = jwk as JsonWebKey
  if (typeof k.kty !== 'string') throw new FuncError('invalid key type from JSON ()')
  const isPrivate = typeof k.d === 'string'
  const suffix = isPrivate ? 'PrivateKey' : 'PublicKey'
  switch (k.kty) {
    case 'RSA':
      return { jwk: k, isPrivate, goType: `*rsa.${suffix}` }
    case 'EC':
      return { jwk: k, isPrivate, goType: `*ecdsa.${suffix}` }
    case 'OKP':
      return { jwk: k, isPrivate, goType: k.crv === 'X25519' ? `*ecdh.${suffix}` : `ed25519.${suffix}` }
    case 'oct':
      return { jwk: k, isPrivate: false, goType: '[]uint8' }
  }
  // jwx names the unknown kty; an unknown one is arbitrary data, so it is left out.
  throw new FuncError('invalid key type from JSON')
}

function importKey(parsed: ParsedJwk, asPrivate: boolean): KeyObject {
  try {
    return asPrivate ? createPrivateKey({ key: parsed.jwk, format: 'jwk' }) : createPublicKey({ key: parsed.jwk, format: 'jwk' })
  } catch {
    throw new FuncError(`failed to parse ${parsed.jwk.kty} key`)
  }
}

export function jwkPublicKeyPem(text: GoString): GoString {
  const parsed = parseJwk(text)
  if (parsed.isPrivate || parsed.jwk.kty === 'oct') throw new FuncError(`x509: unsupported public key type: ${parsed.goType}`)
  const der = importKey(parsed, false).export({ format: 'der', type: 'spki' })
  return fromBytes(pemEncode({ type: 'PUBLIC KEY', bytes: der }))
}

export function jwkPrivateKeyPem(text: GoString): GoString {
  const parsed = parseJwk(text)
  if (!parsed.isPrivate) throw new FuncError(`x509: unknown key type while marshaling PKCS#8: ${parsed.goType}`)
  const der = importKey(parsed, true).export({ format: 'der', type: 'pkcs8' })
  return fromBytes(pemEncode({ type: 'PRIVATE KEY', bytes: der }))
}

export const JWK_FUNCS: FuncDef[] = [
  { name: 'jwkPublicKeyPem', params: ['string'], fn: (_c, s) => jwkPublicKeyPem(s as GoString) },
  { name: 'jwkPrivateKeyPem', params: ['string'], fn: (_c, s) => jwkPrivateKeyPem(s as GoString) },
]
