// CLI for the Vault-compatible server (the demo and end-to-end tests spawn it):
//   npm run vault-server -- --seed   (any Node >= 20; or node test/vault-server/main.ts on Node >= 22.18)
//   node test/vault-server/main.ts --seed vault.json [--port N] [--host 127.0.0.1]
//                                  [--tls-cert F --tls-key F] [--latency MS] [--enterprise] [--legacy-invalid-token]
// Prints one line {"url":"http://127.0.0.1:PORT"} once listening; runs until SIGTERM/SIGINT.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startVaultServer } from './server.ts'

const USAGE = 'usage: main.ts --seed vault.json [--port N] [--host 127.0.0.1] [--tls-cert F --tls-key F] [--latency MS] [--enterprise] [--legacy-invalid-token]\n'

const OPTIONS = {
  seed: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  latency: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  enterprise: { type: 'boolean' },
  'legacy-invalid-token': { type: 'boolean' },
} as const
let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']
try {
  values = parseArgs({
    options: OPTIONS,
  }).values
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${USAGE}`)
  process.exit(2)
}
const int = (v: string | undefined, what: string): number => {
  if (v === undefined) return 0
  if (!/^\d+$/.test(v)) {
    process.stderr.write(`--${what} must be a non-negative integer\n${USAGE}`)
    process.exit(2)
  }
  return Number(v)
}
if (!values.seed || Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
  process.stderr.write(USAGE)
  process.exit(2)
}
const port = int(values.port, 'port')
const latencyMs = int(values.latency, 'latency')
try {
  const vault = await startVaultServer({
    seed: JSON.parse(readFileSync(values.seed, 'utf8')),
    port,
    host: values.host ?? '127.0.0.1',
    latencyMs,
    tls: values['tls-cert'] && values['tls-key'] ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } : undefined,
    enterprise: values.enterprise,
    invalidTokenBody: values['legacy-invalid-token'] ? 'legacy' : undefined,
  })
  process.stdout.write(JSON.stringify({ url: vault.url }) + '\n')
  const stop = () => void vault.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
} catch (e) {
  process.stderr.write(`vault-server: ${(e as Error).message}\n`)
  process.exit(1)
}
