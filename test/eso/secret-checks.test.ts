// src/eso/secret-checks.ts: the API server's refusals, as the build stage and the playground apply
// them: data keys (one error per field, at most five keys named), the 1 MiB limit, label and
// annotation rules and the well-known Secret types, each at the field that decides it.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { invalidKeys, invalidSecret, MAX_SECRET_BYTES, oversizeError } from '../../src/eso/secret-checks.ts'
import { planOf } from '../support/plans.ts'

const bytes = (s: string) => new TextEncoder().encode(s)
const plan = planOf

test('invalidKeys: one error per field that produced bad keys, five named and the rest counted', () => {
  const data = new Map<string, Uint8Array>([['ok', bytes('v')]])
  const origins = new Map<string, string>()
  for (let i = 0; i < 8; i++) {
    data.set(`bad/${i}`, bytes('v'))
    origins.set(`bad/${i}`, 'spec.dataFrom[0]')
  }
  data.set('..', bytes('v'))
  const errors = invalidKeys(plan(), data, origins)
  assert.deepEqual(
    errors.map((e) => e.fieldPath),
    ['spec', 'spec.dataFrom[0]'],
  )
  const many = errors[1].message
  assert.equal((many.match(/Secret data key/g) ?? []).length, 5)
  assert.match(many, /and 3 more invalid keys; the API server would refuse the Secret$/)
  assert.match(errors[0].message, /Secret data key "\.\." is invalid/)
})

test('invalidKeys: the caller takes out of the message what must not be shown', () => {
  const [e] = invalidKeys(plan(), new Map([['user=SECRET-VALUE', bytes('v')]]), undefined, (m) => m.replaceAll('SECRET-VALUE', '<redacted>'))
  assert.match(e.message, /<redacted>/)
  assert.doesNotMatch(e.message, /SECRET-VALUE/)
})

test('oversizeError: keys and values together over 1 MiB', () => {
  assert.equal(oversizeError(plan(), new Map([['k', new Uint8Array(MAX_SECRET_BYTES - 1)]])), undefined)
  const e = oversizeError(plan(), new Map([['k', new Uint8Array(MAX_SECRET_BYTES)]]))
  assert.equal(e?.code, 'TARGET_INVALID')
  assert.match(e!.message, /is 1048577 bytes, over Kubernetes' 1 MiB limit/)
})

test('invalidSecret: metadata problems at the metadata, a type without its keys at the type', () => {
  const secret = (labels: Record<string, string>, type = 'Opaque') => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app', labels, annotations: {} }, type })
  assert.equal(invalidSecret(plan(), secret({ ok: 'yes' }), new Map()), undefined)
  assert.equal(invalidSecret(plan(), secret({ 'bad key!': 'v' }), new Map())?.fieldPath, 'metadata')
  const typed = invalidSecret(plan(), secret({}, 'kubernetes.io/tls'), new Map([['tls.crt', bytes('c')]]))
  assert.equal(typed?.fieldPath, 'spec')
  assert.match(typed!.message, /type kubernetes.io\/tls requires the data key "tls.key"/)
})
