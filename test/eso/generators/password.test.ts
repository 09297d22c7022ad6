// src/eso/generators/password.ts: ESO v2.9's Password generator (generators/v1/password/
// password.go, its password_test.go cases) over sethvargo/go-password v0.3.1 (password/generate.go,
// its generate_test.go cases), ported as facts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import {
  DEFAULT_SYMBOL_CHARACTERS,
  encodePassword,
  generatePassword,
  generatePasswords,
  PASSWORD_ERRORS,
  passwordConfig,
  passwordProblem,
  type PasswordConfig,
  type PasswordSpec,
} from '../../../src/eso/generators/password.ts'

const secure = (n: number) => randomInt(n)
const text = (b: Uint8Array) => new TextDecoder().decode(b)

// password_test.go "empty spec should return defaults" and "spec should override defaults".
test('an empty spec gives ESO defaults: 24 characters, 6 digits, 6 symbols, the default symbols, upper case, no repeats, key password, raw', () => {
  assert.deepEqual(passwordConfig({}), {
    length: 24,
    digits: 6,
    symbols: 6,
    symbolCharacters: '~!@#$%^&*()_+`-={}|[]\\:"<>?,./',
    noUpper: false,
    allowRepeat: false,
    encoding: 'raw',
    secretKeys: ['password'],
  })
})

test('the spec overrides the defaults', () => {
  const spec: PasswordSpec = { length: 48, digits: 2, symbols: 2, symbolCharacters: '-_.', noUpper: true, allowRepeat: true }
  assert.deepEqual(passwordConfig(spec), { length: 48, digits: 2, symbols: 2, symbolCharacters: '-_.', noUpper: true, allowRepeat: true, encoding: 'raw', secretKeys: ['password'] })
})

// extractPasswordConfig: digits and symbols default to int(float32(length) * 0.25), from the length in force.
const quarters = [
  { spec: { length: 10 }, digits: 2, symbols: 2 },
  { spec: { length: 3 }, digits: 0, symbols: 0 },
  { spec: { length: 0 }, digits: 6, symbols: 6 }, // 0 is "not set": 24
  { spec: { length: -5 }, digits: 6, symbols: 6 },
  { spec: { length: 10, digits: 0 }, digits: 0, symbols: 2 },
]
for (const c of quarters) {
  test(`digits and symbols default to a quarter of the length: ${JSON.stringify(c.spec)}`, () => {
    const config = passwordConfig(c.spec)
    assert.equal(config.digits, c.digits)
    assert.equal(config.symbols, c.symbols)
  })
}

// validateSecretKeys and go-password's four errors, in go-password's order.
const problems: { name: string; config: Partial<PasswordConfig>; want: string | RegExp | undefined }[] = [
  { name: 'the defaults', config: {}, want: undefined },
  { name: 'duplicate secretKeys', config: { secretKeys: ['dup', 'dup'] }, want: PASSWORD_ERRORS.secretKeys },
  { name: 'an empty secretKey', config: { secretKeys: [''] }, want: PASSWORD_ERRORS.secretKeys },
  // generate_test.go exceeds_length: Generate(0, 1, 0) and Generate(0, 0, 1).
  { name: 'digits over the length', config: { length: 0, digits: 1, symbols: 0 }, want: PASSWORD_ERRORS.exceedsTotalLength },
  { name: 'symbols over the length', config: { length: 0, digits: 0, symbols: 1 }, want: PASSWORD_ERRORS.exceedsTotalLength },
  // exceeds_letters_available: Generate(1000, 0, 0, false, false).
  { name: '1000 letters without repeats', config: { length: 1000, digits: 0, symbols: 0 }, want: PASSWORD_ERRORS.lettersExceedAvailable },
  { name: '27 lower-case letters without repeats', config: { length: 27, digits: 0, symbols: 0, noUpper: true }, want: PASSWORD_ERRORS.lettersExceedAvailable },
  // exceeds_digits_available: Generate(52, 11, 0, false, false).
  { name: '11 digits without repeats', config: { length: 52, digits: 11, symbols: 0 }, want: PASSWORD_ERRORS.digitsExceedAvailable },
  // exceeds_symbols_available: Generate(52, 0, 31, false, false).
  { name: '31 symbols without repeats', config: { length: 52, digits: 0, symbols: 31 }, want: PASSWORD_ERRORS.symbolsExceedAvailable },
  { name: 'with repeats anything adds up', config: { length: 1000, digits: 500, symbols: 400, allowRepeat: true }, want: undefined },
  // gen_no_repeats: Generate(52, 10, 30, false, false) works.
  { name: '52 letters, 10 digits, 30 symbols without repeats', config: { length: 92, digits: 10, symbols: 30 }, want: undefined },
  // Where go-password would draw forever: a symbol set with duplicates, or with letters the letters may take.
  { name: 'duplicate symbol characters', config: { length: 2, digits: 0, symbols: 2, symbolCharacters: '!!' }, want: /draw forever/ },
  { name: 'symbols that are all letters', config: { length: 53, digits: 0, symbols: 1, symbolCharacters: 'a' }, want: /1 of which the letters and digits drawn first may take/ },
  { name: 'negative digits make room for letters', config: { length: 10, digits: -5, symbols: 0 }, want: undefined },
  { name: 'too long for a Secret', config: { length: 2_000_000, digits: 0, symbols: 0, allowRepeat: true }, want: /longer than 1048576 characters/ },
]
for (const c of problems) {
  test(`password problem: ${c.name}`, () => {
    const got = passwordProblem({ ...passwordConfig({}), ...c.config })
    if (c.want === undefined) assert.equal(got, undefined)
    else if (typeof c.want === 'string') assert.equal(got, c.want)
    else assert.match(got ?? '', c.want)
  })
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length

test('generated passwords have exactly the counts asked for, and no repeats unless allowed (gen_no_repeats)', () => {
  for (let i = 0; i < 300; i++) {
    const config = { ...passwordConfig({}), length: 92, digits: 10, symbols: 30 }
    const p = generatePassword(config, secure)
    assert.equal(p.length, 92)
    assert.equal(count(p, /[0-9]/g), 10)
    assert.equal(count(p, /[a-zA-Z]/g), 52)
    assert.equal(new Set(p).size, 92, `${p} repeats a character`)
  }
})

test('noUpper gives lower-case letters only (gen_lowercase), upper case appears otherwise (gen_uppercase)', () => {
  for (let i = 0; i < 200; i++) {
    const p = generatePassword({ ...passwordConfig({}), length: i % 26, digits: 0, symbols: 0, noUpper: true, allowRepeat: true }, secure)
    assert.equal(p, p.toLowerCase())
  }
  const upper = generatePassword({ ...passwordConfig({}), length: 1000, digits: 0, symbols: 0, allowRepeat: true }, secure)
  assert.notEqual(upper, upper.toLowerCase())
})

test('symbols come from symbolCharacters only; an empty set is the default one (NewGenerator)', () => {
  for (let i = 0; i < 200; i++) {
    const p = generatePassword({ ...passwordConfig({}), length: 20, digits: 0, symbols: 20, symbolCharacters: '-_', allowRepeat: true }, secure)
    assert.match(p, /^[-_]{20}$/)
  }
  const d = generatePassword({ ...passwordConfig({}), length: 30, digits: 0, symbols: 30, symbolCharacters: '' }, secure)
  assert.equal([...d].sort().join(''), [...DEFAULT_SYMBOL_CHARACTERS].sort().join(''))
})

// go-password indexes its sets by byte, and string(s[i]) turns a byte into the rune of that value.
test('a multi-byte symbol is drawn byte by byte, as Go indexes the string: € gives â, U+0082 and ¬', () => {
  const p = generatePassword({ ...passwordConfig({}), length: 3, digits: 0, symbols: 3, symbolCharacters: '€' }, secure)
  assert.deepEqual([...p].sort(), ['\u0082', '¬', 'â'].sort())
})

test('letters first, then digits, then symbols, each placed uniformly: with a fixed source the order is the shuffle of the draws', () => {
  // random(n) = 0 always: the first candidate of each draw, then a Fisher-Yates shuffle that
  // rotates the first element to the end.
  const p = generatePassword({ ...passwordConfig({}), length: 3, digits: 1, symbols: 1, symbolCharacters: '!' }, () => 0)
  assert.equal(p, '0!a')
})

test('each position takes every character of a small set about equally often (no bias from the shuffle)', () => {
  const seen = new Map<string, number>()
  for (let i = 0; i < 3000; i++) {
    const p = generatePassword({ ...passwordConfig({}), length: 3, digits: 3, symbols: 0 }, secure)
    seen.set(p[0], (seen.get(p[0]) ?? 0) + 1)
  }
  assert.equal(seen.size, 10)
  for (const [, n] of seen) assert.ok(n > 200 && n < 420, `first digit frequencies ${JSON.stringify([...seen])}`)
})

// password_test.go: hex, raw, base64 and base64url ("Test>>Pass??word": - and _ for + and /, = padding kept).
const encodings = [
  { encoding: 'raw', input: 'test_raw', want: 'test_raw' },
  { encoding: 'hex', input: 'test_hex', want: '746573745f686578' },
  { encoding: 'base64', input: 'test_base64', want: 'dGVzdF9iYXNlNjQ=' },
  { encoding: 'base64url', input: 'Test>>Pass??word', want: 'VGVzdD4-UGFzcz8_d29yZA==' },
  { encoding: 'base32', input: 'ab', want: 'MFRA====' },
] as const
for (const c of encodings) {
  test(`encoding ${c.encoding}: ${JSON.stringify(c.input)} → ${c.want}`, () => assert.equal(text(encodePassword(c.input, c.encoding)), c.want))
}

test('secretKeys give one password per key (multiple secretKeys generate multiple passwords)', () => {
  const out = generatePasswords({ ...passwordConfig({ secretKeys: ['first', 'second'] }) }, secure)
  assert.deepEqual([...out.keys()], ['first', 'second'])
  assert.notEqual(text(out.get('first')!), text(out.get('second')!))
  assert.equal(out.get('first')!.length, 24)
})
