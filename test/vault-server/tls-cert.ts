// X.509 for the cert auth method: the certificate facts Vault's cert backend reads (serial, common
// name, subject/authority key ids, CA flag) and the client-chain check it makes with Go's
// x509.Certificate.Verify (roots = the trusted CA entries, intermediates = what the client sent,
// key usage = client auth). node:crypto does the signatures; a small DER walk finds the key ids,
// which Node does not expose. No private key is ever seen here.

import { X509Certificate } from 'node:crypto'

export interface CertInfo {
  x509: X509Certificate
  /** Decimal, as Go's big.Int String(). */
  serial: string
  commonName: string
  isCA: boolean
  subjectKeyId: Buffer
  authorityKeyId: Buffer
}

interface Tlv {
  tag: number
  start: number
  end: number
}

function readTlv(b: Buffer, at: number): Tlv {
  const tag = b[at]
  let len = b[at + 1]
  let start = at + 2
  if (len & 0x80) {
    const n = len & 0x7f
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + b[at + 2 + i]
    start += n
  }
  return { tag, start, end: start + len }
}

function children(b: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let at = t.start; at < t.end; ) {
    const c = readTlv(b, at)
    out.push(c)
    at = c.end
  }
  return out
}

const OID_SKID = '0603551d0e'
const OID_AKID = '0603551d23'

/** The subject and authority key identifiers from the extensions of a DER certificate (empty when absent). */
function keyIds(der: Buffer): { skid: Buffer; akid: Buffer } {
  const out = { skid: Buffer.alloc(0), akid: Buffer.alloc(0) }
  try {
    const tbs = children(der, readTlv(der, 0))[0]
    const extsWrapper = children(der, tbs).find((c) => c.tag === 0xa3)
    if (!extsWrapper) return out
    for (const ext of children(der, children(der, extsWrapper)[0])) {
      const parts = children(der, ext)
      const oid = der.subarray(parts[0].start - 2, parts[0].end).toString('hex')
      const value = parts[parts.length - 1] // OCTET STRING holding the extension's DER
      const inner = readTlv(der, value.start)
      if (oid === OID_SKID) out.skid = Buffer.from(der.subarray(inner.start, inner.end))
      if (oid === OID_AKID) {
        const keyId = children(der, inner).find((c) => c.tag === 0x80)
        if (keyId) out.akid = Buffer.from(der.subarray(keyId.start, keyId.end))
      }
    }
  } catch {
    // a certificate Node parsed but this walk cannot: no key ids
  }
  return out
}

export function certInfo(x509: X509Certificate): CertInfo {
  const { skid, akid } = keyIds(x509.raw)
  const cn = x509.subject
    .split('\n')
    .find((l) => l.startsWith('CN='))
    ?.slice(3)
  return { x509, serial: BigInt(`0x${x509.serialNumber}`).toString(), commonName: cn ?? '', isCA: x509.ca, subjectKeyId: skid, authorityKeyId: akid }
}

/** Every CERTIFICATE block of a PEM text (Vault's parsePEM in builtin/credential/cert/path_login.go). */
export function parsePemCerts(pem: string): CertInfo[] {
  const blocks = pem.match(/-----BEGIN (?:TRUSTED )?CERTIFICATE-----[\s\S]+?-----END (?:TRUSTED )?CERTIFICATE-----/g) ?? []
  const out: CertInfo[] = []
  for (const b of blocks) {
    try {
      out.push(certInfo(new X509Certificate(b.replace(/TRUSTED CERTIFICATE/g, 'CERTIFICATE'))))
    } catch {
      // Vault skips a block it cannot parse
    }
  }
  return out
}

/** certutil.GetHexFormatted(buf, ":"): lower-case hex pairs joined by colons. */
export const hexColons = (b: Buffer): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':')

/** Go's time.RFC3339 in UTC. */
const goTime = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z')

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2'
const ANY_EKU = '2.5.29.37.0'

export type ChainResult = { kind: 'chains'; chains: CertInfo[][] } | { kind: 'unknownAuthority' } | { kind: 'error'; message: string }

function validityError(c: CertInfo, nowMs: number): string | undefined {
  const now = new Date(nowMs)
  if (nowMs < c.x509.validFromDate.getTime()) return `x509: certificate has expired or is not yet valid: current time ${goTime(now)} is before ${goTime(c.x509.validFromDate)}`
  if (nowMs > c.x509.validToDate.getTime()) return `x509: certificate has expired or is not yet valid: current time ${goTime(now)} is after ${goTime(c.x509.validToDate)}`
  return undefined
}

const issuedBy = (child: CertInfo, parent: CertInfo) => child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey)
const same = (a: CertInfo, b: CertInfo) => a.x509.raw.equals(b.x509.raw)

/**
 * x509.Certificate.Verify with KeyUsages [ClientAuth] (validateConnState in the cert backend):
 * the leaf's validity first, then every chain to a root (invalid candidates skipped), then the
 * extended key usage of each chain. No chain = unknown authority.
 */
export function verifyClientChain(leaf: CertInfo, intermediates: CertInfo[], roots: CertInfo[], nowMs: number): ChainResult {
  const invalid = validityError(leaf, nowMs)
  if (invalid) return { kind: 'error', message: invalid }
  const chains: CertInfo[][] = []
  if (roots.some((r) => same(r, leaf))) chains.push([leaf])
  const build = (chain: CertInfo[]) => {
    const cur = chain[chain.length - 1]
    if (chain.length > 8) return
    for (const r of roots) if (!chain.some((c) => same(c, r)) && !validityError(r, nowMs) && issuedBy(cur, r)) chains.push([...chain, r])
    for (const i of intermediates) if (!chain.some((c) => same(c, i)) && !validityError(i, nowMs) && issuedBy(cur, i)) build([...chain, i])
  }
  build([leaf])
  if (!chains.length) return { kind: 'unknownAuthority' }
  const usable = chains.filter((chain) => chain.every((c) => !c.x509.keyUsage || c.x509.keyUsage.includes(CLIENT_AUTH) || c.x509.keyUsage.includes(ANY_EKU)))
  if (!usable.length) return { kind: 'error', message: 'x509: certificate specifies an incompatible key usage' }
  return { kind: 'chains', chains: usable }
}
