// Starts the Vault-compatible server for one test, seeded from a fixture's vault.json.
import { startVaultDouble, type VaultDouble } from '../vault-server/double.ts'
import type { Seed } from '../vault-server/kv-store.ts'

export async function startSeededVault(seed: Record<string, unknown>, options: { latencyMs?: number } = {}): Promise<VaultDouble> {
  return startVaultDouble({ seed: seed as Seed, latencyMs: options.latencyMs })
}

/** The request log as `METHOD /v1/path[?query][ (namespace)]`, sorted, as fixtures spell them. */
export function requestLines(vault: VaultDouble): string[] {
  return vault.requests.map((r) => `${r.method} /v1/${r.path}${r.query ? `?${r.query}` : ''}${r.namespace ? ` (${r.namespace})` : ''}`).sort()
}
