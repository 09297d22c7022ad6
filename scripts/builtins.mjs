// An esbuild plugin: the bundle's `import ... from 'node:X'` become require('node:X') behind a small
// module that re-exports the builtin's data properties by name. Why: Node's ES-module facade of a
// builtin reads every export once, getters included, and node:fs's `promises` getter loads
// fs/promises and with it readline and the streams: about 5 ms of a pass-through's 40 ms beyond
// Node's own start. require() of a builtin makes no facade. The bundle's banner defines `require`.
import { createRequire } from 'node:module'

const requireHere = createRequire(import.meta.url)

export function builtinsViaRequire() {
  return {
    name: 'builtins-via-require',
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) =>
        // require() calls (the CommonJS packages', and the stand-ins' own) stay require()s of Node's.
        args.kind === 'require-call' ? { path: args.path, external: true } : { path: args.path, namespace: 'node-builtin' },
      )
      build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: standIn(args.path), loader: 'js' }))
    },
  }
}

/**
 * The stand-in module's text. Accessors are left out (reading one is what the facade costs, and
 * an accessor's value may change): a source importing one fails the build with esbuild's "No
 * matching export". Exports a newer Node has and an older one lacks read as undefined there, as a
 * namespace import's property would.
 */
function standIn(id) {
  const names = Object.entries(Object.getOwnPropertyDescriptors(requireHere(id)))
    .filter(([name, d]) => 'value' in d && name !== 'default' && isBindingName(name))
    .map(([name]) => name)
  return `const builtin = require(${JSON.stringify(id)});\nexport default builtin;\nexport const { ${names.join(', ')} } = builtin;\n`
}

function isBindingName(name) {
  try {
    new Function(`"use strict"; let ${name};`)
    return /^[A-Za-z_$][\w$]*$/.test(name)
  } catch {
    return false
  }
}
