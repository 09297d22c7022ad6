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

export function runInstallPlugin(io: FaceInput, binPath: string): FaceOutput {
  const dir = io.args[0]
  if (!dir) return { stdout: '', stderr: errorLines(new RenderError('CONFIG_INVALID', 'usage: eso-render install-plugin DIR (DIR becomes KUSTOMIZE_PLUGIN_HOME)')), exitCode: 2 }
  const home = resolve(dir)
  const target = pluginPath(home)
  mkdirSync(join(target, '..'), { recursive: true })
  // `node` from PATH, as kustomize would start it; the bundle path is absolute so the plugin works from any cwd.
  writeFileSync(target, `#!/bin/sh\nexec node ${shellQuote(resolve(binPath))} legacy-plugin "$@"\n`)
  chmodSync(target, 0o755)
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
