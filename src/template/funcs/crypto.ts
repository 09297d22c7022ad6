import type { FuncDef } from './registry.ts'

export const CRYPTO: FuncDef[] = []
