// src/manifests/label-selector.ts: metav1.LabelSelector as the API machinery reads it.
// Rules from k8s.io/apimachinery: pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector: nil matches
// nothing, empty matches everything, matchLabels become Equals requirements, an unknown operator is
// `"X" is not a valid label selector operator`), pkg/labels/selector.go (NewRequirement's checks,
// Requirement.Matches: NotIn and DoesNotExist match when the key is absent, In needs the key), and
// pkg/util/validation/validation.go (IsQualifiedName for keys, IsValidLabelValue for values).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileSelector, type LabelSelector } from '../../src/manifests/label-selector.ts'
import { labelValueProblems, qualifiedNameProblems } from '../../src/manifests/validation.ts'

const prod = { env: 'prod', team: 'a' }
const dev = { env: 'dev' }
const bare = {}

const matching: { name: string; selector: LabelSelector | null | undefined; labels: Record<string, string>; want: boolean }[] = [
  { name: 'nil selector matches nothing (labels.Nothing)', selector: null, labels: prod, want: false },
  { name: 'absent selector matches nothing', selector: undefined, labels: bare, want: false },
  { name: 'empty selector matches everything (labels.Everything)', selector: {}, labels: bare, want: true },
  { name: 'empty matchLabels and matchExpressions are an empty selector', selector: { matchLabels: {}, matchExpressions: [] }, labels: prod, want: true },
  { name: 'matchLabels equal', selector: { matchLabels: { env: 'prod' } }, labels: prod, want: true },
  { name: 'matchLabels other value', selector: { matchLabels: { env: 'prod' } }, labels: dev, want: false },
  { name: 'matchLabels key absent', selector: { matchLabels: { env: 'prod' } }, labels: bare, want: false },
  { name: 'matchLabels are ANDed', selector: { matchLabels: { env: 'prod', team: 'b' } }, labels: prod, want: false },
  { name: 'matchLabels empty value matches an empty label', selector: { matchLabels: { flag: '' } }, labels: { flag: '' }, want: true },
  { name: 'matchLabels empty value does not match an absent label', selector: { matchLabels: { flag: '' } }, labels: bare, want: false },
  { name: 'In: value listed', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, labels: prod, want: true },
  { name: 'In: value not listed', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['qa'] }] }, labels: prod, want: false },
  { name: 'In: key absent', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, labels: bare, want: false },
  { name: 'NotIn: value listed', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels: prod, want: false },
  { name: 'NotIn: value not listed', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels: dev, want: true },
  { name: 'NotIn: key absent matches', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels: bare, want: true },
  { name: 'Exists: key present', selector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels: prod, want: true },
  { name: 'Exists: key absent', selector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels: dev, want: false },
  { name: 'DoesNotExist: key absent', selector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, labels: dev, want: true },
  { name: 'DoesNotExist: key present', selector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, labels: prod, want: false },
  {
    name: 'matchLabels and matchExpressions are ANDed',
    selector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] },
    labels: prod,
    want: false,
  },
  { name: 'a prefixed key', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } }, labels: { 'kubernetes.io/metadata.name': 'team-a' }, want: true },
  { name: 'keys are case-sensitive', selector: { matchLabels: { Env: 'prod' } }, labels: prod, want: false },
  { name: 'a label named like an Object.prototype member is not present', selector: { matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, labels: bare, want: false },
]
for (const c of matching) {
  test(`label selector: ${c.name}`, () => {
    const compiled = compileSelector(c.selector)
    assert.ok('matches' in compiled, JSON.stringify(compiled))
    assert.equal(compiled.matches(c.labels), c.want)
  })
}

const refused: { name: string; selector: LabelSelector; problems: { field: string; message: RegExp }[] }[] = [
  {
    name: 'an unknown operator (Go: "%q is not a valid label selector operator")',
    selector: { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['prod'] }] },
    problems: [{ field: 'matchExpressions[0].operator', message: /^"Equals" is not a valid label selector operator/ }],
  },
  {
    name: 'operators are case-sensitive',
    selector: { matchExpressions: [{ key: 'env', operator: 'in', values: ['prod'] }] },
    problems: [{ field: 'matchExpressions[0].operator', message: /^"in" is not a valid label selector operator/ }],
  },
  {
    name: 'In without values',
    selector: { matchExpressions: [{ key: 'env', operator: 'In' }] },
    problems: [{ field: 'matchExpressions[0].values', message: /^for 'in', 'notin' operators, values set can't be empty$/ }],
  },
  {
    name: 'NotIn with an empty list',
    selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: [] }] },
    problems: [{ field: 'matchExpressions[0].values', message: /values set can't be empty/ }],
  },
  {
    name: 'Exists with values',
    selector: { matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] },
    problems: [{ field: 'matchExpressions[0].values', message: /^values set must be empty for exists and does not exist$/ }],
  },
  {
    name: 'a key that is not a qualified name',
    selector: { matchExpressions: [{ key: 'has space', operator: 'Exists' }] },
    problems: [{ field: 'matchExpressions[0].key', message: /^"has space": name part must consist of alphanumeric characters/ }],
  },
  {
    name: 'a matchLabels value that is not a label value',
    selector: { matchLabels: { env: 'not/valid' } },
    problems: [{ field: 'matchLabels["env"]', message: /^value "not\/valid": a valid label must be an empty string or consist of alphanumeric/ }],
  },
  {
    name: 'a matchExpressions value over 63 characters',
    selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['ok', 'x'.repeat(64)] }] },
    problems: [{ field: 'matchExpressions[0].values[1]', message: /must be no more than 63 characters/ }],
  },
  {
    name: 'every problem is reported',
    selector: { matchLabels: { '-bad': 'x' }, matchExpressions: [{ key: 'k', operator: 'Gt', values: ['1'] }] },
    problems: [
      { field: 'matchLabels["-bad"]', message: /^key "-bad": name part must consist/ },
      { field: 'matchExpressions[0].operator', message: /^"Gt" is not a valid label selector operator/ },
    ],
  },
]
for (const c of refused) {
  test(`label selector refused: ${c.name}`, () => {
    const compiled = compileSelector(c.selector)
    assert.ok('problems' in compiled, 'refused')
    assert.equal(compiled.problems.length, c.problems.length, JSON.stringify(compiled.problems))
    c.problems.forEach((want, i) => {
      assert.equal(compiled.problems[i].field, want.field)
      assert.match(compiled.problems[i].message, want.message)
    })
  })
}

// k8s.io/apimachinery pkg/util/validation/validation.go IsQualifiedName / IsValidLabelValue.
const names: { value: string; valid: boolean }[] = [
  { value: 'env', valid: true },
  { value: 'app.kubernetes.io/name', valid: true },
  { value: 'A_b.c-1', valid: true },
  { value: '', valid: false },
  { value: '/name', valid: false },
  { value: 'prefix/', valid: false },
  { value: 'a/b/c', valid: false },
  { value: 'UPPER.example/name', valid: false },
  { value: 'x'.repeat(63), valid: true },
  { value: 'x'.repeat(64), valid: false },
  { value: '-start', valid: false },
]
for (const c of names) {
  test(`qualified name ${JSON.stringify(c.value.length > 20 ? `${c.value.slice(0, 8)}…(${c.value.length})` : c.value)} is ${c.valid ? 'valid' : 'invalid'}`, () => {
    assert.equal(qualifiedNameProblems(c.value).length === 0, c.valid)
  })
}

const values: { value: string; valid: boolean }[] = [
  { value: '', valid: true },
  { value: 'prod', valid: true },
  { value: 'my_value.1-x', valid: true },
  { value: 'a/b', valid: false },
  { value: '_start', valid: false },
  { value: 'x'.repeat(63), valid: true },
  { value: 'x'.repeat(64), valid: false },
]
for (const c of values) {
  test(`label value ${JSON.stringify(c.value.length > 20 ? `${c.value.slice(0, 8)}…(${c.value.length})` : c.value)} is ${c.valid ? 'valid' : 'invalid'}`, () => {
    assert.equal(labelValueProblems(c.value).length === 0, c.valid)
  })
}
