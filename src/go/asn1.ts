// Go's encoding/asn1 (and cryptobyte's DER rules) as far as the template functions need it: DER
// reading and writing for ESO's PKCS#12 and X.509 functions and Sprig's key and certificate
// functions. This module speaks Buffers and knows nothing of templates.
//
// Why write DER here rather than with a library: what ESO's and Sprig's functions output must be
// byte for byte what Go writes. That means Go's encoding/asn1 choices (minimal two's complement
// INTEGERs, PrintableString where every character allows it and UTF8String otherwise, UTCTime for
// 1950-2049 and GeneralizedTime outside it) and go-pkcs12's Modern structures (PBES2 with
// PBKDF2-HMAC-SHA256 and AES-256-CBC, a SHA-256 MAC). node-forge's PKCS#12 and certificate writers
// choose other algorithms and encodings, and forge cannot sign with ECDSA or Ed25519 keys; the
// WebCrypto-based libraries (@peculiar/x509, jose) are asynchronous, and template functions are
// synchronous. So the structures are assembled here from TLVs and signed with node:crypto.
//
// Reading goes through node-forge's DER parser, loaded on first use (below). forge accepts some BER
// (indefinite and non-minimal lengths) and misreads high tag numbers, so a parse is checked to be
// DER as Go's encoding/asn1 and cryptobyte require: the element re-encodes to the bytes read. A
// failure is an Asn1Error: its message names the structure, never its contents, and its `reason`
// is what Go's encoding/asn1 says (Sprig's functions report that).

import { createRequire } from 'node:module'
import type * as ForgeModule from 'node-forge'

// Start-up time matters and parsing is synchronous, so forge's ASN.1 codec is required on first use.
// The require names its module literally: the bundler (scripts/build.mjs) inlines it and evaluates it
// only when the call runs. Run from source, Node's ES modules have no `require`; createRequire
// stands in. forge's lib/ files register on one shared object, so whoever else loads forge's other
// parts gets the same one.
const fromSource = typeof require === 'function' ? undefined : createRequire(import.meta.url)
let forge: typeof ForgeModule | undefined

function loadForgeAsn1(): typeof ForgeModule {
  if (!forge) {
    if (fromSource) {
      fromSource('node-forge/lib/asn1')
      forge = fromSource('node-forge/lib/forge') as typeof ForgeModule
    } else {
      require('node-forge/lib/asn1')
      forge = require('node-forge/lib/forge') as typeof ForgeModule
    }
  }
  return forge
}

export const UNIVERSAL = 0
export const CONTEXT = 2

export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE: 19,
  T61: 20,
  IA5: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  BMP: 30,
} as const

// ---- reading ----

/** One DER element: a constructed one has children, a primitive one its content bytes. */
export interface Der {
  cls: number
  tag: number
  constructed: boolean
  children: Der[]
  bytes: Buffer
}

/** encoding/asn1's words for what is wrong with an encoding. */
export const REASON = {
  truncated: 'asn1: syntax error: data truncated',
  trailing: 'asn1: syntax error: trailing data',
  invalidLength: 'asn1: syntax error: invalid length',
  nonMinimalLength: 'asn1: structure error: non-minimal length',
  unsupportedTag: 'asn1: structure error: unsupported tag',
  tagsDontMatch: "asn1: structure error: tags don't match",
  sequenceTruncated: 'asn1: syntax error: sequence truncated',
  emptyInteger: 'asn1: syntax error: empty integer',
  integerNotMinimal: 'asn1: structure error: integer not minimally-encoded',
  integerTooLarge: 'asn1: structure error: integer too large',
  invalidOid: 'asn1: syntax error: invalid OBJECT IDENTIFIER',
} as const

/** A DER decoding failure: the message names the structure, never its contents; `reason` is Go's. */
export class Asn1Error extends Error {
  override name = 'Asn1Error'
  readonly reason: string
  constructor(what: string, reason: string) {
    super(`malformed ${what}`)
    this.reason = reason
  }
}

interface ForgeAsn1Node {
  /** forge keeps the class in the identifier byte's top bits (0x00, 0x40, 0x80, 0xc0). */
  tagClass: number
  type: number
  constructed: boolean
  value: string | ForgeAsn1Node[]
}

function fromForge(node: ForgeAsn1Node): Der {
  const cls = node.tagClass >> 6
  if (typeof node.value !== 'string') return { cls, tag: node.type, constructed: node.constructed, children: node.value.map(fromForge), bytes: Buffer.alloc(0) }
  // forge decodes a BMPString's UTF-16BE content into a JS string; the content is the bytes.
  const bytes = cls === UNIVERSAL && node.type === TAG.BMP ? Buffer.from(node.value, 'utf16le').swap16() : Buffer.from(node.value, 'latin1')
  return { cls, tag: node.type, constructed: node.constructed, children: [], bytes }
}

/** Go's reason for what forge's parser threw. */
function forgeReason(e: unknown): string {
  const { message, requested } = e as { message?: string; requested?: number }
  if (message?.startsWith('Unparsed DER bytes')) return REASON.trailing
  if (message === 'Too few bytes to read ASN.1 value.' || (message === 'Too few bytes to parse DER.' && requested === 2)) return REASON.truncated
  // The rest is a length forge cannot read: long-form bytes missing or more than four of them,
  // indefinite on a primitive element (or nesting past forge's depth limit).
  return REASON.invalidLength
}

const hasHighTag = (d: Der): boolean => d.tag === 0x1f || d.children.some(hasHighTag)

/** Why a parse that forge accepted is not DER, or undefined when it is. */
function notDer(d: Der, input: Buffer): string | undefined {
  // forge reads the tag number 31 as a low tag, and the next byte as the length.
  if (hasHighTag(d)) return REASON.unsupportedTag
  // Tags and contents re-encode as read, so the first byte that differs starts a length that
  // was not written in its one DER form.
  const again = derOf(d)
  let i = 0
  while (i < again.length && again[i] === input[i]) i++
  if (i === again.length) return undefined
  const b = input[i]
  return b === 0x80 || (b & 0x7f) > 4 ? REASON.invalidLength : REASON.nonMinimalLength
}

/**
 * Parse one DER element. Trailing bytes are an error (as go-pkcs12's unmarshal and x509 have it)
 * unless `trailing` is set (asn1.Unmarshal's rest, which its callers may ignore).
 */
export function parseDer(bytes: Uint8Array, what: string, { trailing = false } = {}): Der {
  const forge = loadForgeAsn1()
  const input = Buffer.from(bytes)
  const read = (strict: boolean) => {
    const options = { strict, parseAllBytes: !trailing, decodeBitStrings: false }
    return fromForge(forge.asn1.fromDer(forge.util.createBuffer(input.toString('latin1')), options as unknown as boolean) as unknown as ForgeAsn1Node)
  }
  let d: Der
  try {
    d = read(true)
  } catch (e) {
    // A high tag number misleads forge into reading a length where there is none: name the tag.
    let highTag = false
    try {
      highTag = hasHighTag(read(false))
    } catch {}
    throw new Asn1Error(what, highTag ? REASON.unsupportedTag : forgeReason(e))
  }
  const reason = notDer(d, input)
  if (reason) throw new Asn1Error(what, reason)
  return d
}

export function isSeq(d: Der | undefined): d is Der {
  return d !== undefined && d.cls === UNIVERSAL && d.tag === TAG.SEQUENCE && d.constructed
}

export function expectSeq(d: Der | undefined, what: string, min = 0): Der[] {
  if (!isSeq(d)) throw new Asn1Error(what, REASON.tagsDontMatch)
  if (d.children.length < min) throw new Asn1Error(what, REASON.sequenceTruncated)
  return d.children
}

export function expectPrimitive(d: Der | undefined, tag: number, what: string): Buffer {
  if (!d || d.cls !== UNIVERSAL || d.tag !== tag || d.constructed) throw new Asn1Error(what, REASON.tagsDontMatch)
  return d.bytes
}

/** An OBJECT IDENTIFIER's dotted form. */
export function oidOf(d: Der | undefined, what: string): string {
  const b = expectPrimitive(d, TAG.OID, what)
  if (b.length === 0) throw new Asn1Error(what, REASON.invalidOid)
  const parts: number[] = []
  let v = 0
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i] & 0x7f)
    if (!(b[i] & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80)
      else parts.push(v)
      v = 0
    } else if (i === b.length - 1) throw new Asn1Error(what, REASON.invalidOid)
  }
  return parts.join('.')
}

/** encoding/asn1's parseBigInt: a non-empty, minimally encoded two's complement INTEGER. */
export function integerOf(d: Der | undefined, what: string): bigint {
  const b = expectPrimitive(d, TAG.INTEGER, what)
  if (b.length === 0) throw new Asn1Error(what, REASON.emptyInteger)
  if (b.length > 1 && ((b[0] === 0 && !(b[1] & 0x80)) || (b[0] === 0xff && b[1] & 0x80))) throw new Asn1Error(what, REASON.integerNotMinimal)
  const n = BigInt('0x' + b.toString('hex'))
  return b[0] & 0x80 ? n - (1n << BigInt(b.length * 8)) : n
}

/** A non-negative INTEGER that fits a JS number (versions, iteration counts). */
export function smallIntOf(d: Der | undefined, what: string): number {
  const b = expectPrimitive(d, TAG.INTEGER, what)
  if (b.length === 0 || b.length > 6 || b[0] & 0x80) throw new Asn1Error(what, REASON.integerTooLarge)
  return b.reduce((n, x) => n * 256 + x, 0)
}

// ---- writing ----

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const out: number[] = []
  for (let x = n; x > 0; x = Math.floor(x / 256)) out.unshift(x & 0xff)
  return Buffer.from([0x80 | out.length, ...out])
}

/** A TLV with a low tag number (every structure here uses tags below 31). */
export function tlv(cls: number, constructed: boolean, tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(cls << 6) | (constructed ? 0x20 : 0) | tag]), lengthBytes(content.length), content])
}

/** The DER of a parsed element (the bytes it was read from: parseDer accepts DER only). */
export function derOf(d: Der): Buffer {
  return tlv(d.cls, d.constructed, d.tag, d.constructed ? Buffer.concat(d.children.map(derOf)) : d.bytes)
}

export const seq = (...items: Uint8Array[]): Buffer => tlv(UNIVERSAL, true, TAG.SEQUENCE, Buffer.concat(items))
/** A SET (OF) whose elements are already in DER order (sorted, or a single one). */
export const set = (...items: Uint8Array[]): Buffer => tlv(UNIVERSAL, true, TAG.SET, Buffer.concat(items))
export const octets = (b: Uint8Array): Buffer => tlv(UNIVERSAL, false, TAG.OCTET_STRING, b)
export const bitString = (b: Uint8Array, unusedBits = 0): Buffer => tlv(UNIVERSAL, false, TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), b]))
export const NULL = tlv(UNIVERSAL, false, TAG.NULL, Buffer.alloc(0))
export const TRUE = tlv(UNIVERSAL, false, TAG.BOOLEAN, Buffer.from([0xff]))
/** A context-specific `[n]`: IMPLICIT over a primitive's content, or constructed (EXPLICIT) around elements. */
export const context = (n: number, constructed: boolean, content: Uint8Array): Buffer => tlv(CONTEXT, constructed, n, content)
/** `[n] EXPLICIT`, as Go's asn1.RawValue{Class: 2, Tag: n, IsCompound: true} writes it. */
export const explicit = (n: number, ...items: Uint8Array[]): Buffer => context(n, true, Buffer.concat(items))

/** INTEGER: minimal two's complement, as asn1.Marshal writes a *big.Int or an int. */
export function integer(n: bigint): Buffer {
  let len = 1
  while (n < -(1n << BigInt(len * 8 - 1)) || n >= 1n << BigInt(len * 8 - 1)) len++
  const v = n < 0n ? (1n << BigInt(len * 8)) + n : n
  return tlv(UNIVERSAL, false, TAG.INTEGER, Buffer.from(v.toString(16).padStart(len * 2, '0'), 'hex'))
}

export const int = (n: number): Buffer => integer(BigInt(n))

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const out: number[] = []
  const push = (v: number) => {
    const group: number[] = [v & 0x7f]
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) group.unshift((x & 0x7f) | 0x80)
    out.push(...group)
  }
  push(parts[0] * 40 + parts[1])
  for (const p of parts.slice(2)) push(p)
  return tlv(UNIVERSAL, false, TAG.OID, Buffer.from(out))
}
