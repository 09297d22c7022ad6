// Go's encoding/asn1 DER rules (src/go/asn1.ts): what Marshal writes for INTEGERs and OBJECT
// IDENTIFIERs, parsing that accepts DER only, and encoding/asn1's reasons for refusing the rest.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Asn1Error, derOf, integer, integerOf, oid, oidOf, parseDer, REASON, seq, smallIntOf } from '../../src/go/asn1.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

const integers: { n: bigint; der: string }[] = [
  { n: 0n, der: '020100' },
  { n: 127n, der: '02017f' },
  { n: 128n, der: '02020080' },
  { n: -128n, der: '020180' },
  { n: -129n, der: '0202ff7f' },
  { n: 256n, der: '02020100' },
]
for (const c of integers) {
  test(`INTEGER ${c.n} is ${c.der}, minimal two's complement, and reads back`, () => {
    assert.equal(hex(integer(c.n)), c.der)
    assert.equal(integerOf(parseDer(integer(c.n), 'test'), 'test'), c.n)
  })
}

const oids: { dotted: string; der: string }[] = [
  { dotted: '1.2.840.113549.1.1.1', der: '06092a864886f70d010101' },
  { dotted: '2.5.4.3', der: '0603550403' },
  { dotted: '2.999.3', der: '0603883703' },
]
for (const c of oids) {
  test(`OBJECT IDENTIFIER ${c.dotted} is ${c.der}, and reads back`, () => {
    assert.equal(hex(oid(c.dotted)), c.der)
    assert.equal(oidOf(parseDer(oid(c.dotted), 'test'), 'test'), c.dotted)
  })
}

test('a SEQUENCE parses to its children and re-encodes to the same bytes', () => {
  const der = seq(integer(1n), seq(oid('2.5.4.3')))
  const parsed = parseDer(der, 'test')
  assert.equal(parsed.children.length, 2)
  assert.equal(smallIntOf(parsed.children[0], 'test'), 1)
  assert.equal(hex(derOf(parsed)), hex(der))
})

const refusals: { name: string; der: string; reason: string }[] = [
  { name: 'a truncated element', der: '3005020101', reason: REASON.truncated },
  { name: 'trailing bytes', der: '02010000', reason: REASON.trailing },
  { name: 'a non-minimal length', der: '0281010a', reason: REASON.nonMinimalLength },
  { name: 'an indefinite length', der: '3080020101' + '0000', reason: REASON.invalidLength },
  { name: 'a high tag number', der: '1f2a0100', reason: REASON.unsupportedTag },
]
for (const c of refusals) {
  test(`parseDer refuses ${c.name}: ${c.reason}`, () => {
    assert.throws(
      () => parseDer(Buffer.from(c.der, 'hex'), 'the thing'),
      (e: Error) => e instanceof Asn1Error && e.reason === c.reason && e.message === 'malformed the thing',
    )
  })
}

test('integerOf refuses a non-minimal INTEGER and an empty one', () => {
  assert.throws(
    () => integerOf(parseDer(Buffer.from('02020001', 'hex'), 'x'), 'x'),
    (e: Error) => e instanceof Asn1Error && e.reason === REASON.integerNotMinimal,
  )
  assert.throws(
    () => integerOf(parseDer(Buffer.from('0200', 'hex'), 'x'), 'x'),
    (e: Error) => e instanceof Asn1Error && e.reason === REASON.emptyInteger,
  )
})
