import type { FuncDef } from './registry.ts'

export const DATES: FuncDef[] = []
