// npm run vault-server -- --seed fixtures/demo/vault.json [--port 8200] [--tls-cert F --tls-key F]
// Starts the bundled Vault-compatible server (test/vault-server) on any Node >= 20: the TypeScript
// sources are bundled by esbuild into .tmp/, then run in this process. For trying eso-render
// (VAULT_ADDR=<the printed url>) and for your own CI. Loopback only unless --host says otherwise.
import { build } from 'esbuild'
import { fileURLToPath, pathToFileURL } from 'node:url'

const out = fileURLToPath(new URL('../.tmp/vault-server.mjs', import.meta.url))
await build({
  entryPoints: [fileURLToPath(new URL('../test/vault-server/main.ts', import.meta.url))],
  outfile: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
})
await import(pathToFileURL(out).href)
