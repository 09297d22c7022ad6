import type { FuncDef } from './registry.ts'

export const SEMVER: FuncDef[] = []
