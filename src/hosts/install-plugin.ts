// `eso-render install-plugin DIR`: lays out the kustomize legacy exec plugin where
// `kubectl kustomize --enable-alpha-plugins` looks for it (KUSTOMIZE_PLUGIN_HOME =
// DIR/<group>/<version>/<lowercase kind>/<Kind>), as a small script that runs this eso-render.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { RenderError } from '../errors.ts'
import { CONFIG_API_VERSION, CONFIG_KIND } from '../config.ts'
import { errorLines } from './report.ts'
import type { FaceInput, FaceOutput } from './io.ts'

export function pluginPath(home: string): string {
  return join(home, ...CONFIG_API_VERSION.split('/'), CONFIG_KIND.toLowerCase(), CONFIG_KIND)
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/**
 * Writes the legacy plugin executable under `home`: a script that runs `command` (this eso-render)
 * in legacy-plugin mode. Returns the script's path.
 */
export function writePlugin(home: string, command: string): string {
  const target = pluginPath(home)
  mkdirSync(join(target, '..'), { recursive: true })
  writeFileSync(target, `#!/bin/sh\nexec ${command} legacy-plugin "$@"\n`)
  chmodSync(target, 0o755)
  return target
}

/** How to start this eso-render again from a shell: the bundle under a Node, or a self-contained binary. */
export function selfCommand(binPath: string, node = process.execPath): string {
  return /\.(mjs|cjs|js|ts)$/.test(binPath) ? `${shellQuote(node)} ${shellQuote(resolve(binPath))}` : shellQuote(resolve(binPath))
}

export function runInstallPlugin(io: FaceInput, binPath: string): FaceOutput {
  const dir = io.args[0]
  if (!dir) return { stdout: '', stderr: errorLines(new RenderError('CONFIG_INVALID', 'usage: eso-render install-plugin DIR (DIR becomes KUSTOMIZE_PLUGIN_HOME)')), exitCode: 2 }
  const home = resolve(dir)
  // `node` from PATH, as kustomize would start it; the bundle path is absolute so the plugin works from any cwd.
  const target = writePlugin(home, /\.(mjs|cjs|js|ts)$/.test(binPath) ? `node ${shellQuote(resolve(binPath))}` : shellQuote(resolve(binPath)))
  const example = [
    `# ${target} installed. Use it with:`,
    `#   KUSTOMIZE_PLUGIN_HOME=${home} kubectl kustomize --enable-alpha-plugins DIR`,
    '# and in DIR/kustomization.yaml:  transformers: [eso-render.yaml]   with eso-render.yaml:',
    `apiVersion: ${CONFIG_API_VERSION}`,
    `kind: ${CONFIG_KIND}`,
    'metadata:',
    '  name: eso-render',
    'spec: {}',
    '',
  ].join('\n')
  return { stdout: example, stderr: '', exitCode: 0 }
}
