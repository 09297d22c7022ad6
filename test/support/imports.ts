// The import graph of our own modules, for architecture rules (test/architecture.test.ts). Every
// relative import counts: `import`, `import type`, `export ... from`, `import()` and `require()`
// of a literal path. Package imports (node:, npm) are not edges.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** Module path (relative to the root, `/`-separated) → the modules it imports, sorted. */
export type ImportGraph = Map<string, string[]>

const SPECIFIERS = [
  /\bimport\s+(?:type\s+)?[\w*\s{},$]*?\s+from\s+['"]([^'"]+)['"]/g, // import x from, import type { X } from
  /\bimport\s+['"]([^'"]+)['"]/g, // import 'side-effect'
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/g, // re-exports
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, // dynamic import
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
]

/** The import specifiers of a module's source text, comments removed first. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
  const out = new Set<string>()
  for (const re of SPECIFIERS) for (const m of code.matchAll(re)) out.add(m[1])
  return [...out]
}

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) files(p, out)
    else if (name.endsWith('.ts')) out.push(p)
  }
  return out
}

const posix = (p: string) => p.split(sep).join('/')

/** The graph of every .ts module under `root`/`dir`, with paths relative to `root`. */
export function importGraph(root: string, dir = 'src'): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of files(join(root, dir))) {
    const deps = importSpecifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => posix(relative(root, resolve(dirname(file), s))))
    graph.set(posix(relative(root, file)), [...new Set(deps)].sort())
  }
  return graph
}

/** Edges (from → to) among `from`'s modules that leave the allowed prefixes. */
export function edgesOutside(graph: ImportGraph, from: (module: string) => boolean, allowed: string[]): string[] {
  const out: string[] = []
  for (const [module, deps] of graph) {
    if (!from(module)) continue
    for (const d of deps) if (!allowed.some((a) => d.startsWith(a))) out.push(`${module} -> ${d}`)
  }
  return out
}

/** Every import cycle among the modules `include` picks (Tarjan's strongly connected components), each as its modules sorted. */
export function cycles(graph: ImportGraph, include: (module: string) => boolean = () => true): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  let next = 0
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next)
    next++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!include(w) || !graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (include(v) && !index.has(v)) visit(v)
  return found.sort((a, b) => (a[0] < b[0] ? -1 : 1))
}
