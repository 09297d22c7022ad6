// The program size estimate of src/go/regexp-size.ts against re2js's own count of the compiled
// program, and what regexp.ts does with it: a pattern estimated over MAX_PROGRAM_SIZE is refused
// before it is compiled (Go's "expression too large"), one over CACHED_PROGRAM_SIZE is not cached.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { programSizeEstimate } from '../../src/go/regexp-size.ts'
import { CACHED_PROGRAM_SIZE, compileGo, GoRegexpError, MAX_PROGRAM_SIZE } from '../../src/go/regexp.ts'

const { RE2JS } = createRequire(import.meta.url)('re2js') as typeof import('re2js')
const instructions = (p: string) => (RE2JS.compile(p).re2() as unknown as { numberOfInstructions(): number }).numberOfInstructions()

const patterns = [
  '[a-z]{1000}',
  '(a{10}){10}',
  '\\w{1000}'.repeat(20),
  '(?:ab|cd){1000}',
  'x{2,}',
  'x{2,5}',
  '(x{2,1000})',
  '(?:a?){1000}',
  '\\Qa.b\\E{5}',
  '\\pL{300}\\p{Greek}{200}',
  '(?i)(?P<k>[[:alpha:]]{100})-(\\d{1,900})',
  '-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----',
  '[]a]{300}',
  '(?s:.{1000}){1}',
]

test('the estimate is within a factor of two of the program re2js compiles, for small and repeated patterns', () => {
  for (const p of patterns) {
    const real = instructions(p)
    const estimate = programSizeEstimate(p)
    assert.ok(estimate >= real / 2 && estimate <= real * 2 + 4, `${p}: estimate ${estimate}, real ${real}`)
  }
})

test("a pattern estimated over the bound is refused before it compiles, with Go's error for a too large one", () => {
  const huge = '\\w{1000}'.repeat(101)
  assert.ok(programSizeEstimate(huge) > MAX_PROGRAM_SIZE)
  assert.throws(
    () => compileGo(huge),
    (e: unknown) => e instanceof GoRegexpError && e.code === 'expression too large' && e.message.startsWith('error parsing regexp: expression too large: `'),
  )
})

test('a large program is compiled on every use, not cached; a small one is cached', () => {
  const large = '\\w{1000}'.repeat(25)
  assert.ok(programSizeEstimate(large) > CACHED_PROGRAM_SIZE && programSizeEstimate(large) <= MAX_PROGRAM_SIZE)
  const a = compileGo(large)
  assert.notEqual(compileGo(large), a, 'not kept')
  assert.equal(a.programSize, programSizeEstimate(large))
  assert.equal(a.matchString('x'), false)
  const small = '[a-z]{10}'
  assert.equal(compileGo(small), compileGo(small), 'kept')
})
