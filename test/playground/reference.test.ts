// The playground's function reference (src/playground/reference.ts) is made from the function
// tables: every function of ESO's map is in it, once, with a family.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate } from '../../src/template/index.ts'
import { functionReference, searchReference } from '../../src/playground/reference.ts'

const reference = functionReference()

test('every function ESO templates can call is in the reference, once, with a family', () => {
  const names = reference.map((e) => e.name)
  assert.equal(new Set(names).size, names.length)
  for (const e of reference) {
    assert.ok(e.family, e.name)
    // The engine knows the name: a template calling it parses (it would say "function not defined").
    assert.doesNotThrow(() => {
      try {
        renderTemplate(`{{ if false }}{{ ${e.name} }}{{ end }}`, {}, { functions: 'eso' })
      } catch (err) {
        if (/not defined/.test(String(err))) throw err
      }
    }, e.name)
  }
  for (const name of ['printf', 'b64enc', 'toJson', 'pkcs12cert', 'filterPEM', 'fromYaml', 'sha256sum', 'now', 'mustToJson', 'push']) assert.ok(names.includes(name), name)
})

test('a name the engine does not know is not in the reference', () => {
  assert.throws(() => renderTemplate('{{ env "HOME" }}', {}, { functions: 'eso' }), /not defined/)
  assert.ok(!reference.some((e) => e.name === 'env' || e.name === 'expandenv' || e.name === 'getHostByName'))
})

const familyRows: [name: string, family: string][] = [
  ['printf', 'Go builtin'],
  ['upper', 'Sprig: strings'],
  ['toJson', 'Sprig: encoding'],
  ['randAlphaNum', 'Sprig: random'],
  ['genPrivateKey', 'Sprig: crypto and certificates'],
  ['pkcs12key', 'ESO: PKCS#12'],
  ['filterPEM', 'ESO: PEM and X.509'],
]
for (const [name, family] of familyRows) {
  test(`reference: ${name} is in ${family}`, () => {
    assert.equal(reference.find((e) => e.name === name)?.family, family)
  })
}

test('variants name their original; functions whose results differ on every render are marked', () => {
  assert.equal(reference.find((e) => e.name === 'mustToJson')?.variantOf, 'toJson')
  assert.equal(reference.find((e) => e.name === 'push')?.variantOf, 'append')
  assert.equal(reference.find((e) => e.name === 'genPrivateKey')?.nondeterministic, true)
  for (const name of ['randAlphaNum', 'uuidv4', 'shuffle', 'randInt', 'now', 'ago', 'encryptAES', 'bcrypt', 'genPrivateKey', 'genCAWithKey', 'genSignedCertWithKey'])
    assert.equal(reference.find((e) => e.name === name)?.nondeterministic, true, name)
  for (const name of ['upper', 'sha256sum', 'toDate', 'pkcs12cert', 'decryptAES', 'derivePassword']) assert.equal(reference.find((e) => e.name === name)?.nondeterministic, false, name)
})

test('search matches every word in name, family or signature', () => {
  assert.deepEqual(
    searchReference(reference, 'pkcs12 cert').map((e) => e.name),
    ['pkcs12cert', 'pkcs12certPass'],
  )
  assert.ok(searchReference(reference, 'SPRIG dates').length > 5)
  assert.equal(searchReference(reference, '').length, reference.length)
  assert.deepEqual(searchReference(reference, 'no-such-function'), [])
})
