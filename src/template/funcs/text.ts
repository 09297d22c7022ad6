import type { FuncDef } from './registry.ts'

export const TEXT: FuncDef[] = []
