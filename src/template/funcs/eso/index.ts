import type { FuncDef } from '../registry.ts'

export const ESO_FUNCS: FuncDef[] = []
