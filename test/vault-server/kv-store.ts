// Former module name, kept for existing imports: the seed types live in seed.ts, the store in kv.ts.
export type { Seed, MountSeed } from './seed.ts'
export { KvStore, SEED_TIME, type Mount, type KvSecret, type Version } from './kv.ts'
