// src/eso/find.ts: one dataFrom.find planned. The regexp is Go's (runtime/find/find.go: regexp.Compile,
// MatchString, unanchored) and compiled here, so that a bad one fails with ESO's words before any
// request; the strategies ride on the remoteRef as an extract's do.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { planFind } from '../../src/eso/find.ts'

const AT = 'spec.dataFrom[0].find'

test('planFind: path, tags and strategies as written; ESO’s defaults otherwise', () => {
  const got = planFind({ path: 'team', tags: { env: 'prod' }, conversionStrategy: 'Unicode', decodingStrategy: 'Auto', nullBytePolicy: 'Fail' }, AT)
  assert.ok(!('error' in got))
  assert.deepEqual(got.remoteRef, { key: 'team', decodingStrategy: 'Auto', conversionStrategy: 'Unicode', nullBytePolicy: 'Fail' })
  assert.deepEqual(got.find, { path: 'team', tags: { env: 'prod' } })
  const bare = planFind({}, AT)
  assert.ok(!('error' in bare))
  assert.deepEqual(bare.remoteRef, { key: '', decodingStrategy: '', conversionStrategy: '', nullBytePolicy: '' })
  assert.deepEqual(bare.find, {})
})

test('planFind: an empty path is a path (ESO’s *string): the search starts at "/"', () => {
  const got = planFind({ path: '' }, AT)
  assert.ok(!('error' in got))
  assert.equal(got.find.path, '')
})

const matches: [string, string, boolean][] = [
  ['db', 'app/db', true],
  ['db', 'other/dbx', true],
  ['^db', 'app/db', false],
  ['^app/', 'app/db', true],
  ['', 'anything', true],
  ['(?i)DB$', 'app/db', true],
  ['a.c', 'a\nc', false],
  ['\\pL+/x', 'ключ/x', true],
]
for (const [re, name, want] of matches) {
  test(`planFind: name.regexp ${JSON.stringify(re)} ${want ? 'matches' : 'does not match'} ${JSON.stringify(name)} (Go's MatchString)`, () => {
    const got = planFind({ name: { regexp: re } }, AT)
    assert.ok(!('error' in got))
    assert.equal(got.find.regexp, re)
    assert.equal(got.find.matchName!(name), want)
  })
}

test('planFind: name without regexp matches every name', () => {
  const got = planFind({ name: {} }, AT)
  assert.ok(!('error' in got))
  assert.equal(got.find.matchName!('x/y'), true)
})

// Go's own words (checked with go run: regexp.Compile and ESO's fmt.Errorf).
const invalid: [string, string][] = [
  ['(', 'could not compile find.name.regexp [(]: error parsing regexp: missing closing ): `(`'],
  ['a**', 'could not compile find.name.regexp [a**]: error parsing regexp: invalid nested repetition operator: `**`'],
]
for (const [re, message] of invalid) {
  test(`planFind: an invalid name.regexp ${JSON.stringify(re)} is ESO's error at the field`, () => {
    const got = planFind({ name: { regexp: re } }, AT)
    assert.ok('error' in got)
    assert.deepEqual(got.error, { code: 'SCHEMA_INVALID', fieldPath: `${AT}.name.regexp`, message })
  })
}

test('planFind: a catastrophic pattern matches in linear time (RE2)', () => {
  const got = planFind({ name: { regexp: '^(a+)+$' } }, AT)
  assert.ok(!('error' in got))
  const started = performance.now()
  assert.equal(got.find.matchName!(`${'a'.repeat(5000)}!`), false)
  assert.ok(performance.now() - started < 2000)
})

test('planFind: a large program over many names stops at its work bound with a clear error, instead of running for minutes', () => {
  // 60,000 instructions (60 copies of \w{1000}): each 1,000-character name costs 60 million units.
  const got = planFind({ name: { regexp: '\\w{1000}'.repeat(60) } }, AT)
  assert.ok(!('error' in got))
  const name = 'n'.repeat(1000)
  assert.equal(got.find.matchName!(name), false)
  assert.throws(() => got.find.matchName!(name), /find\.name\.regexp: its program \(about 60060 instructions\) over the names listed is more than the 100000000 steps/)
})
