// Sprig's path functions: base, dir, clean, ext, isAbs (path) and their os* twins (path/filepath
// on Linux, the same rules), on byte strings (go/path.ts).

import type { GoString, GoValue } from '../../value.ts'
import { BYTEWISE, type FuncDef } from '../registry.ts'
import * as path from '../../../go/path.ts'
import { bin, unbin } from './conversions.ts'

const onPath = (f: (p: string) => string) => (s: GoValue) => unbin(f(bin(s as GoString)))

const S = 'string' as const
const str = (v: GoValue) => v as GoString

export const PATHS: FuncDef[] = [
  { name: 'base', params: [S], fn: (_c, s) => onPath(path.base)(s) },
  { name: 'dir', params: [S], fn: (_c, s) => onPath(path.dir)(s) },
  { name: 'clean', params: [S], cost: BYTEWISE.medium, fn: (_c, s) => onPath(path.clean)(s) },
  { name: 'ext', params: [S], fn: (_c, s) => onPath(path.ext)(s) },
  { name: 'isAbs', params: [S], fn: (_c, s) => bin(str(s)).startsWith('/') },
  // path/filepath on Linux: the same rules as path for these five.
  { name: 'osBase', params: [S], fn: (_c, s) => onPath(path.base)(s) },
  { name: 'osDir', params: [S], fn: (_c, s) => onPath(path.dir)(s) },
  { name: 'osClean', params: [S], cost: BYTEWISE.medium, fn: (_c, s) => onPath(path.clean)(s) },
  { name: 'osExt', params: [S], fn: (_c, s) => onPath(path.ext)(s) },
  { name: 'osIsAbs', params: [S], fn: (_c, s) => bin(str(s)).startsWith('/') },
]
