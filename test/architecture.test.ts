// The import rules of DESIGN.md's layout, checked on the real source tree: src/go/ (ports of Go
// libraries) imports nothing else of ours; src/template/ imports only itself and src/go/; and no
// import cycles among those modules (type-only imports count: a cycle of types is still a
// tangle). The graph helper is test/support/imports.ts, whose own rows follow.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

// The rest of the layout (DESIGN.md "Layout"): hosts → pipeline → {eso, vault, manifests}; eso →
// template; vault/ never knows ExternalSecrets; hosts reach the pipeline through its entry points.
const LAYERS: { name: string; from: string; allowed: string[] }[] = [
  { name: 'vault/ knows no ExternalSecrets, pipeline, hosts or templates', from: 'src/vault/', allowed: ['src/vault/', 'src/go/', 'src/errors.ts'] },
  { name: 'manifests/ reads and writes YAML, nothing of ESO or Vault', from: 'src/manifests/', allowed: ['src/manifests/', 'src/errors.ts'] },
  { name: 'cluster/ talks to the Kubernetes API, nothing of ESO or Vault', from: 'src/cluster/', allowed: ['src/cluster/', 'src/errors.ts'] },
  {
    name: 'eso/ (ESO semantics) uses templates, Go ports, manifests and Vault types, never the pipeline or hosts',
    from: 'src/eso/',
    allowed: ['src/eso/', 'src/template/', 'src/go/', 'src/manifests/', 'src/vault/', 'src/config.ts', 'src/errors.ts'],
  },
  {
    name: 'pipeline/ wires eso, vault, cluster and manifests, never the hosts',
    from: 'src/pipeline/',
    allowed: ['src/pipeline/', 'src/eso/', 'src/vault/', 'src/manifests/', 'src/cluster/', 'src/config.ts', 'src/policy.ts', 'src/errors.ts'],
  },
  {
    name: 'hosts/ reach the pipeline only through its entry points (pipeline/index.ts, render.ts, check.ts)',
    from: 'src/hosts/',
    allowed: ['src/hosts/', 'src/pipeline/index.ts', 'src/pipeline/render.ts', 'src/pipeline/check.ts', 'src/pipeline/diff.ts', 'src/manifests/', 'src/config.ts', 'src/errors.ts'],
  },
  {
    name: "playground/ (the template playground's page) runs the Secret assembly: eso, template, manifests and Go ports, never the pipeline or hosts",
    from: 'src/playground/',
    allowed: ['src/playground/', 'src/eso/', 'src/template/', 'src/manifests/', 'src/go/', 'src/errors.ts'],
  },
  { name: 'config.ts and errors.ts are leaves', from: 'src/config.ts', allowed: ['src/errors.ts'] },
  {
    name: "policy.ts (the operator's tenant policy file) knows options, errors and the product's YAML settings only",
    from: 'src/policy.ts',
    allowed: ['src/config.ts', 'src/errors.ts', 'src/manifests/yaml.ts'],
  },
  { name: 'errors.ts imports nothing of ours', from: 'src/errors.ts', allowed: [] },
  { name: 'cli.ts only dispatches to the hosts', from: 'src/cli.ts', allowed: ['src/hosts/'] },
]
for (const layer of LAYERS) {
  test(`layout: ${layer.name}`, () => {
    assert.deepEqual(
      edgesOutside(graph, (m) => m === layer.from || (layer.from.endsWith('/') && m.startsWith(layer.from)), layer.allowed),
      [],
    )
  })
}

test('layout: no import cycles anywhere in src/', () => {
  assert.deepEqual(cycles(graph), [])
})

// The Secret assembly (data, template step, metadata, hash) must run in a browser for the
// playground: no Node module and no Buffer in what it runs, but for the hash seam (eso/digest.ts).
// The template engine is injected into it (loadTemplateEngine), so its static closure is what counts.
const ASSEMBLY = ['src/eso/target.ts', 'src/eso/template.ts', 'src/eso/merge.ts', 'src/eso/resolve.ts', 'src/eso/values.ts']
const SEAMS = new Set(['src/eso/digest.ts'])

function staticClosure(roots: string[]): string[] {
  const seen = new Set<string>()
  const visit = (m: string) => {
    if (seen.has(m) || SEAMS.has(m)) return
    seen.add(m)
    // What runs: type-only imports vanish, and import() is where the engine is loaded on demand.
    const source = readFileSync(join(ROOT, m), 'utf8')
      .replace(/\bimport\(\s*['"][^'"]+['"]\s*\)/g, '')
      .replace(/^import type [^;\n]*? from ['"][^'"]+['"]/gm, '')
    for (const spec of importSpecifiers(source)) if (spec.startsWith('.')) visit(posixJoin(dirname(m), spec))
  }
  roots.forEach(visit)
  return [...seen].sort()
}
const posixJoin = (dir: string, spec: string) => join(dir, spec).split('\\').join('/')

test('layout: the Secret assembly uses no Node-only module or Buffer outside its seams', () => {
  const closure = staticClosure(ASSEMBLY)
  assert.ok(closure.includes('src/eso/bytes.ts') && closure.includes('src/eso/target.ts'))
  const offenders = closure.filter((m) => {
    const code = readFileSync(join(ROOT, m), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
    return /from ['"]node:/.test(code) || /\bBuffer\b/.test(code)
  })
  assert.deepEqual(offenders, [])
})

// --- the helper ---

const specifierRows: { name: string; source: string; want: string[] }[] = [
  { name: 'named, default and namespace imports', source: "import a from './a.ts'\nimport { b } from './b.ts'\nimport * as c from './c.ts'", want: ['./a.ts', './b.ts', './c.ts'] },
  { name: 'type-only imports count', source: "import type { T } from './t.ts'\nimport { type U, v } from './u.ts'", want: ['./t.ts', './u.ts'] },
  { name: 'multi-line import lists', source: "import {\n  a,\n  b,\n} from './ab.ts'", want: ['./ab.ts'] },
  {
    name: 're-exports, side-effect imports, import() and require()',
    source: "export { x } from './x.ts'\nexport * from './y.ts'\nimport './z.ts'\nconst m = await import('./m.ts')\nrequire('node-forge/lib/asn1')",
    want: ['./x.ts', './y.ts', './z.ts', './m.ts', 'node-forge/lib/asn1'],
  },
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
    assert.deepEqual(
      cycles(g, (m) => m !== 'src/go/b.ts'),
      [['src/go/c.ts']],
    )
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
