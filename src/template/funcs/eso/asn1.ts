// DER reading and writing for the PKCS#12 and X.509 structures ESO's functions touch, on top of
// node-forge's ASN.1 codec (forge works on binary strings; this module speaks Buffers). Reading is
// strict DER like Go's encoding/asn1 and cryptobyte: definite lengths and no trailing bytes.

import { loadForge } from './lazy.ts'

export const UNIVERSAL = 0
export const CONTEXT = 2

export const TAG = { BOOLEAN: 1, INTEGER: 2, BIT_STRING: 3, OCTET_STRING: 4, NULL: 5, OID: 6, UTF8: 12, SEQUENCE: 16, SET: 17, PRINTABLE: 19, T61: 20, IA5: 22, UTC_TIME: 23, GENERALIZED_TIME: 24, BMP: 30 } as const

/** One DER element: a constructed one has children, a primitive one its content bytes. */
export interface Der {
  cls: number
  tag: number
  constructed: boolean
  children: Der[]
  bytes: Buffer
}

/** A DER decoding failure; the message names the structure, never its contents. */
export class Asn1Error extends Error {
  override name = 'Asn1Error'
}

interface ForgeAsn1Node {
  /** forge keeps the class in the identifier byte's top bits (0x00, 0x40, 0x80, 0xc0). */
  tagClass: number
  type: number
  constructed: boolean
  value: string | ForgeAsn1Node[]
}

function fromForge(node: ForgeAsn1Node): Der {
  if (typeof node.value === 'string') return { cls: node.tagClass >> 6, tag: node.type, constructed: node.constructed, children: [], bytes: Buffer.from(node.value, 'latin1') }
  return { cls: node.tagClass >> 6, tag: node.type, constructed: node.constructed, children: node.value.map(fromForge), bytes: Buffer.alloc(0) }
}

/** Parse exactly one DER element (trailing bytes are an error, as go-pkcs12's unmarshal has it). */
export function parseDer(bytes: Uint8Array, what: string): Der {
  const forge = loadForge()
  try {
    const buf = forge.util.createBuffer(Buffer.from(bytes).toString('latin1'))
    const node = forge.asn1.fromDer(buf, { strict: true, parseAllBytes: true, decodeBitStrings: false } as unknown as boolean) as unknown as ForgeAsn1Node
    return fromForge(node)
  } catch {
    throw new Asn1Error(`malformed ${what}`)
  }
}

export function isSeq(d: Der | undefined): d is Der {
  return d !== undefined && d.cls === UNIVERSAL && d.tag === TAG.SEQUENCE && d.constructed
}

export function expectSeq(d: Der | undefined, what: string, min = 0): Der[] {
  if (!isSeq(d) || d.children.length < min) throw new Asn1Error(`malformed ${what}`)
  return d.children
}

export function expectPrimitive(d: Der | undefined, tag: number, what: string): Buffer {
  if (!d || d.cls !== UNIVERSAL || d.tag !== tag || d.constructed) throw new Asn1Error(`malformed ${what}`)
  return d.bytes
}

/** An OBJECT IDENTIFIER's dotted form. */
export function oidOf(d: Der | undefined, what: string): string {
  const b = expectPrimitive(d, TAG.OID, what)
  if (b.length === 0) throw new Asn1Error(`malformed ${what}`)
  const parts: number[] = []
  let v = 0
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i] & 0x7f)
    if (!(b[i] & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80)
      else parts.push(v)
      v = 0
    } else if (i === b.length - 1) throw new Asn1Error(`malformed ${what}`)
  }
  return parts.join('.')
}

/** A non-negative INTEGER that fits a JS number (versions, iteration counts). */
export function smallIntOf(d: Der | undefined, what: string): number {
  const b = expectPrimitive(d, TAG.INTEGER, what)
  if (b.length === 0 || b.length > 6 || b[0] & 0x80) throw new Asn1Error(`malformed ${what}`)
  return b.reduce((n, x) => n * 256 + x, 0)
}

// ---- writing (DER) ----

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const out: number[] = []
  for (let x = n; x > 0; x = Math.floor(x / 256)) out.unshift(x & 0xff)
  return Buffer.from([0x80 | out.length, ...out])
}

/** A TLV with a low tag number (all ESO's structures use tags below 31). */
export function tlv(cls: number, constructed: boolean, tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(cls << 6) | (constructed ? 0x20 : 0) | tag]), lengthBytes(content.length), content])
}

export const seq = (...items: Uint8Array[]): Buffer => tlv(UNIVERSAL, true, TAG.SEQUENCE, Buffer.concat(items))
export const octets = (b: Uint8Array): Buffer => tlv(UNIVERSAL, false, TAG.OCTET_STRING, b)
/** `[0] EXPLICIT`, as Go's asn1.RawValue{Class: 2, Tag: 0, IsCompound: true} writes it. */
export const explicit0 = (...items: Uint8Array[]): Buffer => tlv(CONTEXT, true, 0, Buffer.concat(items))
/** A SET OF whose elements are already in DER order (go-pkcs12 writes attribute values as one element). */
export const setOf = (...items: Uint8Array[]): Buffer => tlv(UNIVERSAL, true, TAG.SET, Buffer.concat(items))

export function int(n: number): Buffer {
  const bytes: number[] = []
  let x = n
  do {
    bytes.unshift(x & 0xff)
    x = Math.floor(x / 256)
  } while (x > 0)
  if (bytes[0] & 0x80) bytes.unshift(0)
  return tlv(UNIVERSAL, false, TAG.INTEGER, Buffer.from(bytes))
}

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
