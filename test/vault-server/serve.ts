// CLI for the Vault-compatible server (the demo and end-to-end tests spawn it):
//   node test/vault-server/serve.ts --seed vault.json [--port N] [--latency MS] [--tls-cert F --tls-key F]
// Prints one line {"url": "..."} once listening; runs until SIGTERM/SIGINT.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startVaultDouble } from './double.ts'

const { values } = parseArgs({
  options: { seed: { type: 'string' }, port: { type: 'string' }, latency: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' } },
})
if (!values.seed) {
  process.stderr.write('usage: serve.ts --seed vault.json [--port N] [--latency MS] [--tls-cert F --tls-key F]\n')
  process.exit(2)
}
const tls = values['tls-cert'] && values['tls-key'] ? { cert: readFileSync(values['tls-cert'], 'utf8'), key: readFileSync(values['tls-key'], 'utf8') } : undefined
const vault = await startVaultDouble({ seed: JSON.parse(readFileSync(values.seed, 'utf8')), port: Number(values.port ?? 0), latencyMs: Number(values.latency ?? 0), tls })
process.stdout.write(JSON.stringify({ url: vault.url }) + '\n')
const stop = () => void vault.close().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
