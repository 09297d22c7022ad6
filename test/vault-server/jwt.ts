// JSON Web Tokens, both sides. For tests: signJwt and serviceAccountClaims (the claims Kubernetes'
// TokenRequest API puts in a projected service-account token). For the server: validateJwt, which
// answers as hashicorp/cap's jwt.Validator does (cap v0.12/v0.13 jwt/jwt.go, jwt/keyset.go, on
// go-jose v3), with its error texts, because the kubernetes and jwt auth plugins pass those texts on.
// Only node:crypto; no key material or token is ever logged.

import { createPublicKey, createPrivateKey, sign, verify, constants, randomUUID, X509Certificate, type KeyObject } from 'node:crypto'

export type JwtAlg = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'

const HASH: Record<JwtAlg, string | null> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  PS384: 'sha384',
  PS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
  EdDSA: null,
}
/** ECDSA curve per alg (go-jose refuses a key of another size). */
const CURVE: Partial<Record<JwtAlg, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' }

export const base64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url')

function keyParams(alg: JwtAlg, key: KeyObject): { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' } {
  if (alg.startsWith('PS')) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
  if (alg.startsWith('ES')) return { key, dsaEncoding: 'ieee-p1363' }
  return { key }
}

/** A compact JWS: base64url(header).base64url(claims).signature. `header` adds to (or overrides) `{alg, typ: "JWT"}`. */
export function signJwt(claims: Record<string, unknown>, privateKey: KeyObject | string, alg: JwtAlg = 'RS256', header: Record<string, unknown> = {}): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey
  const input = `${base64url(JSON.stringify({ alg, typ: 'JWT', ...header }))}.${base64url(JSON.stringify(claims))}`
  const sig = sign(HASH[alg], Buffer.from(input), keyParams(alg, key))
  return `${input}.${base64url(sig)}`
}

export interface ServiceAccountClaimsOptions {
  namespace: string
  name: string
  /** Default: a random UUID. */
  uid?: string
  audiences: string[]
  /** Default `https://kubernetes.default.svc.cluster.local`. */
  issuer?: string
  /** Default 3600. */
  expiresInSeconds?: number
  /** Issue time in seconds since the epoch (default: now); tests with a fake clock pass theirs. */
  nowSeconds?: number
  /** The pod the token is bound to, if any. */
  pod?: { name: string; uid: string }
}

/** The claims of a TokenRequest (projected) service-account token: iss, sub, aud, exp, iat, nbf, jti, kubernetes.io. */
export function serviceAccountClaims(o: ServiceAccountClaimsOptions): Record<string, unknown> {
  const now = o.nowSeconds ?? Math.floor(Date.now() / 1000)
  const k8s: Record<string, unknown> = { namespace: o.namespace, serviceaccount: { name: o.name, uid: o.uid ?? randomUUID() } }
  if (o.pod) k8s.pod = o.pod
  return {
    aud: o.audiences,
    exp: now + (o.expiresInSeconds ?? 3600),
    iat: now,
    iss: o.issuer ?? 'https://kubernetes.default.svc.cluster.local',
    jti: randomUUID(),
    'kubernetes.io': k8s,
    nbf: now,
    sub: `system:serviceaccount:${o.namespace}:${o.name}`,
  }
}

/** A PEM public key or certificate as a key object (a certificate gives its public key), as the plugins' config parsing does. */
export function publicKeyFromPem(pem: string): KeyObject {
  return pem.includes('-----BEGIN CERTIFICATE-----') ? new X509Certificate(pem).publicKey : createPublicKey(pem)
}

// ------------------------------------------------------------------ validation (hashicorp/cap)

/** cap's jwt.Expected: empty fields skip their check. Leeways in seconds (cap's defaults: 60 / 150 / 150). */
export interface Expected {
  issuer?: string
  subject?: string
  audiences?: string[]
  algorithms: JwtAlg[]
  clockSkewLeeway?: number
  expirationLeeway?: number
  notBeforeLeeway?: number
}

export type Validation = { ok: true; claims: Record<string, unknown> } | { ok: false; error: string }

const B64URL = /^[A-Za-z0-9_-]*$/

/** Go's base64.RawURLEncoding error for `s` (go-jose trims `=` first), or undefined when it decodes. Offsets approximate Go's. */
function base64Error(s: string): string | undefined {
  const t = s.replace(/=+$/, '')
  if (!B64URL.test(t)) return `illegal base64 data at input byte ${t.search(/[^A-Za-z0-9_-]/)}`
  if (t.length % 4 === 1) return `illegal base64 data at input byte ${t.length - 1}`
  return undefined
}

/** go-jose v3 jose.ParseSigned on the compact form: the parse errors cap wraps in "error verifying token signature: …". */
function parseCompact(token: string): { header: Record<string, unknown>; payload: Buffer; signature: Buffer; input: string } | { error: string } {
  const parts = token.split('.')
  if (parts.length !== 3) return { error: 'go-jose/go-jose: compact JWS format must have three parts' }
  for (const p of parts) {
    const e = base64Error(p)
    if (e) return { error: e }
  }
  const rawHeader = Buffer.from(parts[0], 'base64url').toString('utf8')
  let header: unknown
  try {
    header = JSON.parse(rawHeader)
  } catch {
    const c = rawHeader.trimStart()[0]
    return { error: c === undefined ? 'unexpected end of JSON input' : `invalid character '${c}' looking for beginning of value` }
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return { error: `json: cannot unmarshal ${Array.isArray(header) ? 'array' : typeof header} into Go value of type jose.rawHeader` }
  return { header: header as Record<string, unknown>, payload: Buffer.from(parts[1], 'base64url'), signature: Buffer.from(parts[2], 'base64url'), input: `${parts[0]}.${parts[1]}` }
}

/** One key verifies the signature with the header's alg (go-jose: the key type must fit the alg). */
function verifiesWith(alg: string, key: KeyObject, input: string, signature: Buffer): boolean {
  if (!(alg in HASH)) return false
  const a = alg as JwtAlg
  const type = key.asymmetricKeyType
  if (a.startsWith('RS') || a.startsWith('PS')) {
    if (type !== 'rsa' && type !== 'rsa-pss') return false
  } else if (a.startsWith('ES')) {
    if (type !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== CURVE[a]) return false
  } else if (type !== 'ed25519') return false
  try {
    return verify(HASH[a], Buffer.from(input), keyParams(a, key), signature)
  } catch {
    return false
  }
}

const goType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v)

/** A registered claim decoded as go-jose's jwt.Claims would: a NumericDate (0 = absent), or an error text. */
function numericDate(claims: Record<string, unknown>, name: string): number | string {
  const v = claims[name]
  if (v === undefined || v === null) return 0
  if (typeof v !== 'number') return `json: cannot unmarshal ${goType(v)} into Go value of type float64`
  return Math.trunc(v)
}

/**
 * cap's Validator.Validate / ValidateAllowMissingIatNbfExp over a static key set, in cap's order:
 * signature, algorithm, iss, sub, aud, then nbf / exp / iat with leeway. `nowMs` is the server clock.
 * `verifySignature: false` is the kubernetes plugin's DontVerifySignature key set (no pem_keys): go-jose
 * v4 still refuses an algorithm outside the expected ones.
 */
export function validateJwt(token: string, keys: KeyObject[], expected: Expected, nowMs: number, allowMissingIatNbfExp: boolean, verifySignature = true): Validation {
  const fail = (error: string): Validation => ({ ok: false, error })
  const parsed = parseCompact(token)
  if ('error' in parsed) return fail(`error verifying token signature: ${parsed.error}`)
  const alg = typeof parsed.header.alg === 'string' ? parsed.header.alg : ''
  if (!verifySignature && !expected.algorithms.includes(alg as JwtAlg)) {
    return fail(`error verifying token signature: go-jose/go-jose: unexpected signature algorithm ${JSON.stringify(alg)}; expected ${JSON.stringify(expected.algorithms).replace(/,/g, ' ')}`)
  }
  // staticKeySet.VerifySignature: every key fails the same way, whatever the reason (bad signature, key type, payload not an object).
  let claims: Record<string, unknown> | undefined
  if (!verifySignature || keys.some((k) => verifiesWith(alg, k, parsed.input, parsed.signature))) {
    try {
      const c: unknown = JSON.parse(parsed.payload.toString('utf8'))
      if (typeof c === 'object' && c !== null && !Array.isArray(c)) claims = c as Record<string, unknown>
    } catch {
      claims = undefined
    }
  }
  if (!claims) return fail('error verifying token signature: no known key successfully validated the token signature')
  if (!expected.algorithms.includes(alg as JwtAlg)) return fail('invalid algorithm (alg) header parameter: token signed with unexpected algorithm')

  for (const name of ['iss', 'sub', 'jti']) {
    const v = claims[name]
    if (v !== undefined && v !== null && typeof v !== 'string') return fail(`json: cannot unmarshal ${goType(v)} into Go struct field Claims.${name} of type string`)
  }
  const audRaw = claims.aud
  let aud: string[] = []
  if (typeof audRaw === 'string') aud = [audRaw]
  else if (Array.isArray(audRaw) && audRaw.every((a) => typeof a === 'string')) aud = audRaw as string[]
  else if (audRaw !== undefined && audRaw !== null) return fail('go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience')
  const dates = { iat: numericDate(claims, 'iat'), exp: numericDate(claims, 'exp'), nbf: numericDate(claims, 'nbf') }
  for (const d of Object.values(dates)) if (typeof d === 'string') return fail(d)
  let { iat, exp, nbf } = dates as { iat: number; exp: number; nbf: number }

  if (expected.issuer && expected.issuer !== (claims.iss ?? '')) return fail('invalid issuer (iss) claim')
  if (expected.subject && expected.subject !== (claims.sub ?? '')) return fail('invalid subject (sub) claim')
  if (expected.audiences?.length && !expected.audiences.some((a) => aud.includes(a))) return fail('invalid audience (aud) claim: audience claim does not match any expected audience')

  if (iat === 0 && exp === 0 && nbf === 0) {
    if (allowMissingIatNbfExp) return { ok: true, claims }
    return fail('no issued at (iat), not before (nbf), or expiration time (exp) claims in token')
  }
  if (exp === 0) exp = Math.max(iat, nbf) + (expected.expirationLeeway ?? 150)
  if (nbf === 0) nbf = iat !== 0 ? iat : exp - (expected.notBeforeLeeway ?? 150)
  const skewMs = (expected.clockSkewLeeway ?? 60) * 1000
  if (nowMs + skewMs < nbf * 1000) return fail('invalid not before (nbf) claim: token not yet valid')
  if (nowMs - skewMs > exp * 1000) return fail('invalid expiration time (exp) claim: token is expired')
  if (nowMs + skewMs < iat * 1000) return fail('invalid issued at (iat) claim: token issued in the future')
  return { ok: true, claims }
}
