// Command-line flags for the options of config.ts (`--vault-address X`, `--keep-stores=true`,
// `--insecure-skip-tls-verify`), turned into the same string map a ConfigMap gives.

import { RenderError } from '../errors.ts'
import { OPTION_KEYS } from '../config.ts'

const byFlag = new Map(Object.entries(OPTION_KEYS).map(([key, def]) => [def.flag, { key, def }]))

export interface ParsedFlags {
  options: Record<string, string>
  positional: string[]
  config?: string
  /** Values of the subcommand's own flags (`--output`), by flag. */
  own: Record<string, string>
}

/** `own`: flags of the subcommand itself (each takes a value), beside the options and --config. */
export function parseFlags(args: string[], own: string[] = []): ParsedFlags {
  const out: ParsedFlags = { options: {}, positional: [], own: {} }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--') {
      out.positional.push(...args.slice(i + 1))
      break
    }
    if (!arg.startsWith('--') || arg === '-') {
      out.positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq >= 0 ? arg.slice(0, eq) : arg
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined
    if (flag === '--config') {
      value ??= args[++i]
      if (value === undefined) throw new RenderError('CONFIG_INVALID', '--config needs a file')
      out.config = value
      continue
    }
    if (own.includes(flag)) {
      value ??= args[++i]
      if (value === undefined) throw new RenderError('CONFIG_INVALID', `${flag} needs a value`)
      out.own[flag] = value
      continue
    }
    const known = byFlag.get(flag)
    if (!known) throw new RenderError('CONFIG_INVALID', `unknown flag ${flag} (see eso-render --help)`)
    if (value === undefined) {
      const isSwitch = known.def.type === 'boolean' || known.def.type === 'keep'
      const next = args[i + 1]
      if (isSwitch && (next === undefined || next.startsWith('-') || !/^(true|false|auto)$/i.test(next))) value = 'true'
      else {
        value = args[++i]
        if (value === undefined) throw new RenderError('CONFIG_INVALID', `${flag} needs a value`)
      }
    }
    out.options[known.key] = value
  }
  return out
}

export function flagsHelp(): string {
  return Object.values(OPTION_KEYS)
    .map((d) => `  ${d.flag.padEnd(30)} ${d.help}`)
    .join('\n')
}
