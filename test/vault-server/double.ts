// Former entry point, kept for existing callers (tests, demo, bench): startVaultDouble is
// startVaultServer under its old name. New code should import from server.ts.
import { startVaultServer, type VaultServer, type VaultServerOptions } from './server.ts'

export type { LoggedRequest, Fault } from './server.ts'
export type VaultDouble = VaultServer
export type VaultDoubleOptions = VaultServerOptions

export function startVaultDouble(options: VaultDoubleOptions): Promise<VaultDouble> {
  return startVaultServer(options)
}
