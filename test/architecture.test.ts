// The import rules of DESIGN.md's layout, checked on the real source tree: src/go/ (ports of Go
// libraries) imports nothing else of ours; src/template/ imports only itself and src/go/; and no
// import cycles among those modules (type-only imports count: a cycle of types is still a
// tangle). The graph helper is test/support/imports.ts, whose own rows follow.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { ROOT } from './support/fixtures.ts'
import { cycles, edgesOutside, importGraph, importSpecifiers, type ImportGraph } from './support/imports.ts'

const graph = importGraph(ROOT)
const under = (prefix: string) => (module: string) => module.startsWith(prefix)

test('the import graph sees src/go and src/template', () => {
  assert.ok(graph.has('src/go/time/time.ts') && graph.has('src/template/index.ts'))
  assert.ok(graph.get('src/template/fmt.ts')!.includes('src/go/strconv.ts'))
})

test('src/go/ imports nothing of ours outside src/go/', () => {
  assert.deepEqual(edgesOutside(graph, under('src/go/'), ['src/go/']), [])
})

test('src/template/ imports only src/template/ and src/go/', () => {
  assert.deepEqual(edgesOutside(graph, under('src/template/'), ['src/template/', 'src/go/']), [])
})

test('no import cycles among src/template/ and src/go/ modules', () => {
  assert.deepEqual(
    cycles(graph, (m) => m.startsWith('src/template/') || m.startsWith('src/go/')),
    [],
  )
})

// --- the helper ---

const specifierRows: { name: string; source: string; want: string[] }[] = [
  { name: 'named, default and namespace imports', source: "import a from './a.ts'\nimport { b } from './b.ts'\nimport * as c from './c.ts'", want: ['./a.ts', './b.ts', './c.ts'] },
  { name: 'type-only imports count', source: "import type { T } from './t.ts'\nimport { type U, v } from './u.ts'", want: ['./t.ts', './u.ts'] },
  { name: 'multi-line import lists', source: "import {\n  a,\n  b,\n} from './ab.ts'", want: ['./ab.ts'] },
  { name: 're-exports, side-effect imports, import() and require()', source: "export { x } from './x.ts'\nexport * from './y.ts'\nimport './z.ts'\nconst m = await import('./m.ts')\nrequire('node-forge/lib/asn1')", want: ['./x.ts', './y.ts', './z.ts', './m.ts', 'node-forge/lib/asn1'] },
  { name: 'commented-out imports do not count', source: "// import { a } from './a.ts'\n/* import b from './b.ts' */\nconst url = 'http://x' // a string with //", want: [] },
]
for (const c of specifierRows) test(`importSpecifiers: ${c.name}`, () => assert.deepEqual(importSpecifiers(c.source).sort(), c.want.sort()))

test('importGraph resolves relative imports against the root; cycles and edgesOutside report them', () => {
  const root = mkdtempSync(join(tmpdir(), 'imports-'))
  try {
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true })
      writeFileSync(join(root, path), text)
    }
    write('src/go/a.ts', "import { b } from './b.ts'\nimport { x } from '../eso/x.ts'\nimport { readFileSync } from 'node:fs'")
    write('src/go/b.ts', "import type { A } from './a.ts'")
    write('src/go/c.ts', "import { c } from './c.ts'")
    write('src/eso/x.ts', '')
    const g: ImportGraph = importGraph(root)
    assert.deepEqual(g.get('src/go/a.ts'), ['src/eso/x.ts', 'src/go/b.ts'])
    assert.deepEqual(edgesOutside(g, under('src/go/'), ['src/go/']), ['src/go/a.ts -> src/eso/x.ts'])
    assert.deepEqual(cycles(g), [['src/go/a.ts', 'src/go/b.ts'], ['src/go/c.ts']])
    assert.deepEqual(cycles(g, (m) => m !== 'src/go/b.ts'), [['src/go/c.ts']])
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
