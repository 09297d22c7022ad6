// src/manifests/emit.ts: the fast writer gives exactly the YAML library's bytes whenever it writes
// at all (a differential test over generated objects with strings YAML 1.1 would retype, indicator
// characters, quotes, non-ASCII and multi-line text), and it does write the Secrets a render makes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { emitBlockYaml } from '../../src/manifests/emit.ts'
import { loadYaml, STRINGIFY_OPTIONS } from '../../src/manifests/yaml.ts'

const yaml = await loadYaml()

const TRICKY = [
  '',
  'a',
  'true',
  'True',
  'TRUE',
  'false',
  'yes',
  'Yes',
  'no',
  'NO',
  'on',
  'Off',
  'y',
  'Y',
  'n',
  'N',
  'null',
  'Null',
  '~',
  '0',
  '123',
  '-1',
  '+1',
  '0644',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1:20',
  '1:20:30',
  '1e3',
  '1.5',
  '.5',
  '5.',
  '.inf',
  '-.Inf',
  '.NaN',
  '2024-01-01',
  '2024-01-01T00:00:00Z',
  '-',
  '?',
  '- a',
  '? a',
  ':',
  'a:',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '#x',
  ' x',
  'x ',
  '\tx',
  '---',
  '--- x',
  '...',
  '...x',
  '%x',
  '@x',
  '`x',
  '!x',
  '&x',
  '*x',
  '|x',
  '>x',
  '[x',
  ']x',
  '{x',
  '}x',
  ',x',
  'x,y',
  'x[0]',
  "it's",
  'say "hi"',
  'back\\slash',
  'é',
  'naïve',
  'multi\nline',
  'trailing\n',
  'tab\there',
  '=',
  'a=b==',
  'MTIz',
  'cGFzc3dvcmQ=',
  'reloader.stakater.com/match',
  'external-secrets.io/managed',
  'app.kubernetes.io/name',
  'kubernetes.io/dockerconfigjson',
  'Opaque',
  'a/b',
  'a-b_c.d',
  '0.0.0.0',
  '127.0.0.1:8200',
  'https://vault.example.com:8200',
  'x'.repeat(300),
  // The library's YAML 1.1 float with no mantissa starts with a letter (issue 14's review found the
  // writer leaving these plain).
  'e9',
  'E5',
  'e+9',
  'e-1',
]

let seed = 42
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]

function value(depth: number): unknown {
  const r = random()
  if (depth > 2 || r < 0.55) return pick(TRICKY)
  if (r < 0.62) return pick([true, false, null, 0, 7, -3, 1234567])
  if (r < 0.75) return Array.from({ length: Math.floor(random() * 3) }, () => pick(TRICKY))
  return object(depth + 1)
}
function object(depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  const n = Math.floor(random() * 4) + (depth === 0 ? 1 : 0)
  for (let i = 0; i < n; i++) o[pick(TRICKY)] = value(depth)
  return o
}

test('emit: wherever the fast writer writes, it writes the YAML library’s bytes (2,000 generated objects)', () => {
  let written = 0
  for (let i = 0; i < 2000; i++) {
    const o = object(0)
    const fast = emitBlockYaml(o, yaml)
    if (fast === undefined) continue
    written++
    assert.equal(fast, yaml.stringify(o, STRINGIFY_OPTIONS), JSON.stringify(o))
  }
  // Most objects hold at least one string only the library may write; some are all plain.
  assert.ok(written > 100, `only ${written} written`)
})

test('emit: every tricky string alone, as a value and as a key', () => {
  for (const s of TRICKY) {
    for (const o of [{ k: s }, { [s]: 'v' }, { list: [s] }, { nested: { deeper: s } }]) {
      const fast = emitBlockYaml(o, yaml)
      if (fast !== undefined) assert.equal(fast, yaml.stringify(o, STRINGIFY_OPTIONS), JSON.stringify(o))
    }
  }
})

test('emit: a rendered Secret is written by the fast writer', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'app',
      namespace: 'shop',
      labels: { 'reconcile.external-secrets.io/created-by': 'a1b2c3', 'reconcile.external-secrets.io/managed': 'true' },
      annotations: { 'reconcile.external-secrets.io/data-hash': '0123456789abcdef', 'reloader.stakater.com/match': 'true' },
    },
    type: 'Opaque',
    immutable: false,
    data: { password: 'cGFzc3dvcmQ=', '1234': 'MTIz', empty: '' },
  }
  const fast = emitBlockYaml(secret, yaml)
  assert.ok(fast !== undefined)
  assert.equal(fast, yaml.stringify(secret, STRINGIFY_OPTIONS))
})

test('emit: what only the library may write is left to it', () => {
  for (const o of [{}, { a: 'multi\nline' }, { a: 'é' }, { a: 1.5 }, { a: [{ b: 1 }] }, { a: 10n }])
    assert.equal(
      emitBlockYaml(o as Record<string, unknown>, yaml),
      undefined,
      JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
    )
})

// Every string of up to three characters from the ones YAML's scalar forms are made of, as a value
// and as a key: where the writer writes one, it is the library's bytes (plain only where the
// library leaves it plain).
test('emit: every short string of the characters numbers, booleans, nulls and timestamps are made of', () => {
  const alphabet = [...'0159eExXbBoO.+-_:~nNyYtTfFaA ']
  const strings: string[] = ['']
  for (let length = 1; length <= 3; length++) {
    const before = strings.filter((x) => x.length === length - 1)
    for (const head of before) for (const c of alphabet) strings.push(head + c)
  }
  let written = 0
  for (const text of strings) {
    for (const o of [{ k: text }, { [text]: 'v' }]) {
      const fast = emitBlockYaml(o, yaml)
      if (fast === undefined) continue
      written++
      assert.equal(fast, yaml.stringify(o, STRINGIFY_OPTIONS), JSON.stringify(o))
    }
  }
  assert.ok(written > 10_000, `${written}`)
})
