// ServiceAccount tokens as kube-apiserver mints them (k8s.io/kubernetes pkg/serviceaccount/jwt.go and
// claims.go, pkg/registry/core/serviceaccount/storage/token.go): RS256 compact JWS, header {alg, kid}
// with kid = base64url(SHA-256(DER SubjectPublicKeyInfo)) (keyIDFromPublicKey), no typ; claims merged by
// go-jose into one map, so their JSON keys come out sorted: aud (always an array: go-jose v2's Audience
// has no single-string form), exp, iat, iss, jti, kubernetes.io {namespace, [node], [pod], [secret],
// serviceaccount {name, uid}}, nbf, sub. And the checks the token authenticator makes when one comes back
// as a bearer token (signature, issuer, audience ∩ API audiences, exp/nbf with go-jose's 1-minute leeway,
// the ServiceAccount still there with the same uid).

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto'
import { goJson } from './status.ts'

export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  publicKeyPem: string
  kid: string
  alg: 'RS256'
}

export function createSigningKey(privateKeyPem?: string): SigningKey {
  let privateKey: KeyObject
  let publicKey: KeyObject
  if (privateKeyPem) {
    privateKey = createPrivateKey(privateKeyPem)
    publicKey = createPublicKey(privateKey)
  } else {
    ;({ privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }))
  }
  const der = publicKey.export({ type: 'spki', format: 'der' })
  const kid = createHash('sha256').update(der).digest('base64url')
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), kid, alg: 'RS256' }
}

/** Recursively key-sorted copy: what a Go map[string]interface{} marshals to. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k])
    return out
  }
  return v
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url')

export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const head = b64url(goJson({ alg: key.alg, kid: key.kid }))
  const body = b64url(goJson(sortKeys(claims)))
  const sig = sign('sha256', Buffer.from(`${head}.${body}`), key.privateKey)
  return `${head}.${body}.${sig.toString('base64url')}`
}

export interface Ref {
  name: string
  uid: string
}

export interface ServiceAccountClaims {
  aud: string[]
  exp: number
  iat: number
  nbf: number
  iss: string
  jti: string
  sub: string
  'kubernetes.io': { namespace: string; serviceaccount: Ref; pod?: Ref; secret?: Ref; node?: { name: string; uid?: string } }
}

export interface MintInput {
  issuer: string
  namespace: string
  name: string
  uid: string
  audiences: string[]
  expirationSeconds: number
  /** Seconds since the epoch. */
  now: number
  pod?: Ref
  secret?: Ref
  node?: { name: string; uid?: string }
}

/** token.Claims: iat = nbf = now, exp = now + expirationSeconds, jti a UUID (ServiceAccountTokenJTI). */
export function serviceAccountClaims(m: MintInput): ServiceAccountClaims {
  const k8s: ServiceAccountClaims['kubernetes.io'] = { namespace: m.namespace, serviceaccount: { name: m.name, uid: m.uid } }
  if (m.pod) k8s.pod = m.pod
  if (m.pod && m.node) k8s.node = m.node
  if (m.secret) k8s.secret = m.secret
  return {
    aud: m.audiences,
    exp: m.now + m.expirationSeconds,
    iat: m.now,
    iss: m.issuer,
    jti: randomUUID(),
    'kubernetes.io': k8s,
    nbf: m.now,
    sub: `system:serviceaccount:${m.namespace}:${m.name}`,
  }
}

/** Decodes and checks a JWS signed by `key`; undefined when it is not one of ours (or not a JWT at all). */
export function verifyJwt(key: SigningKey, token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
    if (header.alg !== 'RS256' || (header.kid !== undefined && header.kid !== key.kid)) return undefined
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key.publicKey, Buffer.from(parts[2], 'base64url'))) return undefined
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return claims && typeof claims === 'object' ? { header, claims } : undefined
  } catch {
    return undefined
  }
}

/** go-jose jwt.DefaultLeeway. */
export const LEEWAY_SECONDS = 60

/** jwt.Claims.Validate with Expected{Time: now} plus the authenticator's issuer and audience checks. */
export function claimsValid(claims: Record<string, unknown>, issuer: string, apiAudiences: string[], nowSeconds: number): boolean {
  if (claims.iss !== issuer) return false
  const aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : []
  if (!aud.some((a) => apiAudiences.includes(a as string))) return false
  if (typeof claims.nbf === 'number' && nowSeconds + LEEWAY_SECONDS < claims.nbf) return false
  if (typeof claims.exp === 'number' && nowSeconds - LEEWAY_SECONDS > claims.exp) return false
  if (typeof claims.iat === 'number' && nowSeconds + LEEWAY_SECONDS < claims.iat) return false
  return true
}
