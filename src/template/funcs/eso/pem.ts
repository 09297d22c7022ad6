// ESO's PEM template functions (runtime/template/v2/pem.go and pem_chain.go): filterPEM,
// filterCertChain and certSANs, with the chain ordering of fetchX509CertChains. Like ESO, nothing
// here verifies signatures or trust: chains are ordered by key identifiers only.

import { bytesOf, fromBytes, type GoString, type GoValue } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { pemDecode, pemEncode } from '../../../go/pem.ts'
import { ipString, parseCertificate, X509Error, type Certificate } from './x509.ts'

const S = 'string' as const

/** ESO's trimJunk: drop anything before the first "-----BEGIN" (what pem.Decode did before Go 1.25.3). */
function trimJunk(input: Buffer): Buffer {
  const i = input.indexOf('-----BEGIN')
  return i < 0 ? input : input.subarray(i)
}

/** strings.EqualFold, rune by rune with simple case folding. */
function equalFold(a: string, b: string): boolean {
  const ra = [...a]
  const rb = [...b]
  if (ra.length !== rb.length) return false
  return ra.every((c, i) => c === rb[i] || c.toLowerCase() === rb[i].toLowerCase() || c.toUpperCase() === rb[i].toUpperCase())
}

/** filterPEM(pemType, input): every block of that type (case-insensitive), re-encoded, in order. */
export function filterPEM(pemType: GoString, input: GoString): GoString {
  let data = trimJunk(Buffer.from(bytesOf(input)))
  const want = Buffer.from(bytesOf(pemType)).toString('utf8')
  const blocks: Buffer[] = []
  let rest = data
  for (;;) {
    const [block, after] = pemDecode(data)
    rest = after
    data = after
    if (!block) break
    if (!equalFold(block.type.toString('utf8'), want)) continue
    blocks.push(encode(block))
  }
  if (blocks.length === 0 && rest.length !== 0) throw new FuncError('error filtering pem: found junk')
  return fromBytes(Buffer.concat(blocks))
}

function encode(block: Parameters<typeof pemEncode>[0]): Buffer {
  try {
    return pemEncode(block)
  } catch (e) {
    throw new FuncError((e as Error).message)
  }
}

/** pemToNodes: every PEM block (whatever its type) must be a certificate. */
function parseAllCertificates(data: Buffer): Certificate[] {
  const certs: Certificate[] = []
  for (let rest = data; ; ) {
    const [block, after] = pemDecode(rest)
    rest = after
    if (!block) break
    certs.push(parseCert(block.bytes))
  }
  return certs
}

export function parseCert(der: Buffer): Certificate {
  try {
    return parseCertificate(der)
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(e.message)
    throw e
  }
}

/** bytes.Equal: nil and empty are equal. */
const sameId = (a: Buffer | undefined, b: Buffer | undefined) => Buffer.compare(a ?? Buffer.alloc(0), b ?? Buffer.alloc(0)) === 0

/**
 * fetchX509CertChains: link each certificate to the first other one whose SubjectKeyId equals its
 * AuthorityKeyId; the single certificate that is nobody's parent is the leaf; walk leaf → root.
 */
export function orderCertChain(data: Buffer): Certificate[] {
  const nodes = parseAllCertificates(data).map((cert) => ({ cert, parent: undefined as number | undefined, isParent: false }))
  for (let i = 0; i < nodes.length; i++) {
    for (let j = 0; j < nodes.length; j++) {
      if (i === j) continue
      if (sameId(nodes[i].cert.authorityKeyId, nodes[j].cert.subjectKeyId)) {
        nodes[j].isParent = true
        nodes[i].parent = j
        break
      }
    }
  }
  let leaf: number | undefined
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i].isParent) continue
    if (leaf !== undefined) throw new FuncError('found multiple leaf or disjunct certificates')
    leaf = i
  }
  if (leaf === undefined) throw new FuncError('no leaf certificate found')
  const chain: Certificate[] = []
  for (let at: number | undefined = leaf; at !== undefined; at = nodes[at].parent) {
    if (chain.length >= nodes.length) throw new FuncError('constructing chain resulted in cycle')
    chain.push(nodes[at].cert)
  }
  return chain
}

const isRoot = (c: Certificate) => c.authorityKeyId === undefined || sameId(c.authorityKeyId, c.subjectKeyId)
const certPem = (c: Certificate) => encode({ type: 'CERTIFICATE', bytes: c.raw })

/** filterCertChain(certType, input): "leaf", "intermediate" or "root" of the ordered chain; else "". */
export function filterCertChain(certType: GoString, input: GoString): GoString {
  const ordered = orderCertChain(Buffer.from(bytesOf(input)))
  const kind = Buffer.from(bytesOf(certType)).toString('latin1')
  if (kind === 'leaf') {
    const cert = ordered[0]
    if (cert.authorityKeyId !== undefined && !sameId(cert.authorityKeyId, cert.subjectKeyId)) return fromBytes(certPem(cert))
  } else if (kind === 'intermediate') {
    const out: Buffer[] = []
    for (const cert of ordered.slice(1)) {
      if (isRoot(cert)) break
      out.push(certPem(cert))
    }
    return fromBytes(Buffer.concat(out))
  } else if (kind === 'root') {
    const cert = ordered[ordered.length - 1]
    if (isRoot(cert)) return fromBytes(certPem(cert))
  }
  return ''
}

/** certSANs(input): the first PEM block's certificate SANs: DNS names, IPs, emails, then URIs. */
export function certSANs(input: GoString): GoValue {
  const [block] = pemDecode(trimJunk(Buffer.from(bytesOf(input))))
  if (!block) throw new FuncError('failed to decode PEM block')
  let cert: Certificate
  try {
    cert = parseCertificate(block.bytes)
  } catch (e) {
    if (e instanceof X509Error) throw new FuncError(`failed to parse certificate: ${e.message}`)
    throw e
  }
  return [...cert.dnsNames, ...cert.ipAddresses.map(ipString), ...cert.emailAddresses, ...cert.uris]
}

export const PEM_FUNCS: FuncDef[] = [
  { name: 'filterPEM', params: [S, S], fn: (_c, t, input) => filterPEM(t as GoString, input as GoString) },
  { name: 'filterCertChain', params: [S, S], fn: (_c, t, input) => filterCertChain(t as GoString, input as GoString) },
  { name: 'certSANs', params: [S], fn: (_c, input) => certSANs(input as GoString) },
]
