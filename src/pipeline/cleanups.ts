// What a run leaves behind if it is cut short (the Argo CD deadline, SIGTERM from the host): the
// stages register each cleanup while it is needed (the fetch stage: revoking its login tokens), and
// the host runs them, bounded, before the process ends. A run that ends normally cleans up itself
// and unregisters.

export type Cleanup = () => Promise<unknown>

export class RunCleanups {
  private readonly pending = new Set<Cleanup>()
  /** Set once the host stopped the run: whatever the run still produces must not be written. */
  stopped = false

  /** Registers a cleanup; the returned function unregisters it. */
  add(cleanup: Cleanup): () => void {
    this.pending.add(cleanup)
    return () => this.pending.delete(cleanup)
  }

  get size(): number {
    return this.pending.size
  }

  /** Runs every registered cleanup once, in parallel; failures are the cleanups' own business. */
  async runAll(): Promise<void> {
    const all = [...this.pending]
    this.pending.clear()
    await Promise.allSettled(all.map((cleanup) => cleanup()))
  }
}
