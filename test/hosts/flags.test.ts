import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseFlags } from '../../src/hosts/flags.ts'

const rows = [
  { args: ['dir', '--namespace', 'shop'], options: { namespace: 'shop' }, positional: ['dir'] },
  { args: ['--namespace=shop', '-'], options: { namespace: 'shop' }, positional: ['-'] },
  { args: ['--insecure-skip-tls-verify', 'dir'], options: { insecureSkipTLSVerify: 'true' }, positional: ['dir'] },
  { args: ['--keep-stores', 'false', 'dir'], options: { keepStores: 'false' }, positional: ['dir'] },
  { args: ['--allowed-stores', 'a,b', '--', '--odd-file'], options: { allowedStores: 'a,b' }, positional: ['--odd-file'] },
]
for (const r of rows) {
  test(`flags: ${r.args.join(' ')}`, () => {
    const got = parseFlags(r.args)
    assert.deepEqual(got.options, r.options)
    assert.deepEqual(got.positional, r.positional)
  })
}

test('flags: an unknown flag is an error that points to --help', () => {
  assert.throws(() => parseFlags(['--vault-adress', 'x']), /unknown flag --vault-adress \(see eso-render --help\)/)
})

test('flags: --config takes a file', () => {
  assert.equal(parseFlags(['--config', 'c.yaml']).config, 'c.yaml')
})
