// Starts the Vault for one test: the bundled Vault-compatible server seeded from a fixture's
// vault.json, or, when ESO_RENDER_TEST_VAULT_ADDR and ESO_RENDER_TEST_VAULT_TOKEN are set, a real
// Vault seeded through its API (tests that need fault injection always use the bundled server).
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import { seedRealVault } from '../vault-server/real-vault.ts'
import type { Seed } from '../vault-server/kv-store.ts'

export interface TestVault {
  url: string
  /** Undefined against a real Vault, which keeps no request log for us. */
  requests?: VaultDouble['requests']
  setLatency(ms: number): void
  clearRequests(): void
  requestCount(): number
  close(): Promise<void>
}

const realAddr = process.env.ESO_RENDER_TEST_VAULT_ADDR
const realToken = process.env.ESO_RENDER_TEST_VAULT_TOKEN

export async function startSeededVault(seed: Record<string, unknown>, options: { latencyMs?: number } = {}): Promise<TestVault> {
  if (realAddr && realToken) {
    await seedRealVault(realAddr, realToken, seed as Seed)
    return { url: realAddr, setLatency: () => undefined, clearRequests: () => undefined, requestCount: () => 0, close: async () => undefined }
  }
  return startVaultDouble({ seed: seed as Seed, latencyMs: options.latencyMs })
}

/** The request log as `METHOD /v1/path[?query][ (namespace)]`, sorted, as fixtures spell them. */
export function requestLines(vault: TestVault): string[] | undefined {
  return vault.requests?.map((r) => `${r.method} /v1/${r.path}${r.query ? `?${r.query}` : ''}${r.namespace ? ` (${r.namespace})` : ''}`).sort()
}
