// argv → face → exit code. The only module that touches the process: stdin, stdout and stderr (through
// hosts/stdio.ts), exit.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FaceInput, FaceOutput } from './hosts/io.ts'
import { readAll, writeAll } from './hosts/stdio.ts'
import { inputCounter } from './hosts/young-generation.ts'

declare const ESO_RENDER_VERSION: string | undefined

const usage = (flagsHelp: string) => `eso-render: resolve External Secrets Operator ExternalSecrets against Vault at render time

usage:
  eso-render                          KRM function: ResourceList on stdin → ResourceList on stdout
                                      (kpt fn eval --exec, kpt fn render --allow-exec, kustomize --enable-exec)
  eso-render render [PATH...|-]       YAML files, directories or stdin → YAML stream on stdout
  eso-render check [PATH...|-]        the offline plan: stores, servers, logins and Vault reads; no Vault
  eso-render diff BEFORE AFTER        what changes in the Secrets eso-render makes, names only, never a value
  eso-render playground [--port N]    the template playground (a page that runs in the browser) on 127.0.0.1
  eso-render legacy-plugin CONFIG     kustomize legacy exec plugin (see install-plugin)
  eso-render install-plugin DIR       install the legacy plugin for kubectl kustomize under DIR
  eso-render argocd generate          Argo CD CMP sidecar: build the app in the cwd, resolve, print
  eso-render version | help

options (flags of render; the keys not marked operator also go in an EsoRender function config's spec,
a ConfigMap's data, argsOneLiner, exec arguments and Argo CD parameters):
  --config FILE                  an EsoRender (config.eso-render.dev/v1alpha1) or ConfigMap file
${flagsHelp}

options marked "operator" are never taken from the input (a function config, ConfigMap, argsOneLiner,
exec arguments, Argo CD parameters or plugin env): set them in the environment or as flags of render.

environment (the operator's): VAULT_ADDR replaces every store's server; VAULT_TOKEN is used for stores
whose own auth cannot be satisfied, and only with VAULT_ADDR or a server in ESO_RENDER_ALLOWED_SERVERS;
ESO_RENDER_TOKEN_ENV, ESO_RENDER_TOKEN_FILE give the token for every store; VAULT_CACERT,
VAULT_NAMESPACE fill in what a store does not set; ESO_RENDER_INSECURE_SKIP_TLS_VERIFY=true turns TLS
verification off (dangerous); ARGOCD_APP_NAMESPACE is the namespace for ExternalSecrets that have none.
`

/** Each subcommand's own usage, for `eso-render SUBCOMMAND --help`. */
const SUBCOMMAND_USAGE: Record<string, (flagsHelp: string) => string> = {
  render: (flags) => `usage: eso-render render [PATH...|-] [flags]

Reads YAML files, directories (recursively, *.yaml/*.yml/*.json, kustomization and values files
left out) or stdin (-, the default), resolves every ExternalSecret, and prints the YAML stream.
On any error nothing is printed and the exit code is 1.

flags (the operator's: they win over a function config):
  --config FILE                  an EsoRender (config.eso-render.dev/v1alpha1) or ConfigMap file (the input's options)
${flags}
`,
  check: (flags) => `usage: eso-render check [PATH...|-] [--output text|json] [flags]

Reads what render reads, validates it, resolves stores, applies the trust model, parses every
template, and prints for every ExternalSecret its store, the server it reaches and who chose it, how
it logs in and as whom, the overrides that apply and every Vault request it would make; then the
problems. Sends nothing to Vault. Exit 0: no problems; 1: problems; 2: usage. For pre-merge CI.

flags:
  --output text|json             text (default) or JSON
  --config FILE                  an EsoRender (config.eso-render.dev/v1alpha1) or ConfigMap file (the input's options)
${flags}
`,
  playground: () => `usage: eso-render playground [--port N]

Serves the template playground on 127.0.0.1 and prints its URL: an ExternalSecret and the data it
would receive on the left, the Secret as eso-render render writes it on the right, live as you type,
with Go's errors in full. The page runs everything in the browser and sends nothing anywhere; it
is one file that also works from file:// (dist/playground/index.html). Ctrl-C stops the server.

flags:
  --port N                       the port (default 0: any free port)
`,
  diff: () => `usage: eso-render diff BEFORE AFTER [--output text|json|markdown]
       eso-render diff --live AFTER --cluster kubeconfig|in-cluster [--kube-context C] [--namespace N]

BEFORE and AFTER are rendered outputs (files, directories or - for stdin; one of them at most).
For every Secret eso-render made (ESO's managed label): added and removed Secrets, and per Secret
the keys added, removed and changed, a change of type, and the names of labels and annotations
that changed. Values are never printed, nor any hash of one: "changed" compares the bytes in
memory. Ignored: the data-hash annotation, kubectl's last-applied copy, Argo CD's tracking.
With --live, BEFORE is the cluster: the Secrets AFTER names, each read with a get (no listing).
Exit 0: no change; 1: changes; 2: usage or input error.

flags:
  --output text|json|markdown    text (default), JSON, or Markdown for a pull-request comment
`,
  krm: () => `usage: eso-render [krm] [flags]

KRM function: a ResourceList on stdin, a ResourceList on stdout (results on error, exit 1).
Run by kpt fn eval --exec, kpt fn render --allow-exec and kustomize build --enable-alpha-plugins --enable-exec.
Options come from the functionConfig and from exec arguments (both the input's); operator-only
options come from the environment (eso-render --help lists them).
`,
  'legacy-plugin': () => `usage: eso-render legacy-plugin CONFIG [flags]

kustomize legacy exec plugin: kustomize runs it with the plugin config file and the flags of its
argsOneLiner; a YAML stream on stdin, a YAML stream on stdout. Install it with eso-render install-plugin.
`,
  'install-plugin': () => `usage: eso-render install-plugin DIR

Writes the kustomize legacy exec plugin under DIR (DIR/config.eso-render.dev/v1alpha1/esorender/EsoRender)
for KUSTOMIZE_PLUGIN_HOME=DIR kubectl kustomize --enable-alpha-plugins, and prints a transformer config.
`,
  argocd: () => `usage: eso-render argocd generate

Argo CD Config Management Plugin (plugin.yaml): builds the app in the current directory (helm,
kustomize or a directory of YAML), resolves it, prints the manifests. Parameters come from the
Application; the Vault address, trusted servers, CA and token from the sidecar's environment.
`,
}

/** `--help`/`-h` among a subcommand's arguments (before a `--`). */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--')
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')
}

export async function main(argv: string[], binPath: string, cleanups?: FaceInput['cleanups']): Promise<FaceOutput> {
  const [command, ...rest] = argv
  const noteInput = inputCounter()
  const counted = (text: string) => {
    noteInput(text)
    return text
  }
  const io = (args: string[]): FaceInput => ({
    args,
    stdin: async () => counted(await readAll()),
    env: process.env,
    readFile: (p) => counted(readFileSync(p, 'utf8')),
    cleanups,
    noteInput,
  })
  const sub = command === undefined ? undefined : SUBCOMMAND_USAGE[command]
  if (sub && wantsHelp(rest)) return { stdout: sub((await import('./hosts/flags.ts')).flagsHelp()), stderr: '', exitCode: 0 }
  switch (command) {
    // Faces load on demand: start-up time is paid on every render.
    case undefined:
    case 'krm':
      return (await import('./hosts/krm.ts')).runKrm(io(rest))
    case 'render':
      return (await import('./hosts/stream.ts')).runRender(io(rest))
    case 'check':
      return (await import('./hosts/check.ts')).runCheck(io(rest))
    case 'diff':
      return (await import('./hosts/diff.ts')).runDiff(io(rest))
    case 'playground':
      // Ctrl-C stops the server and ends the run (exit 0); there is no render to cut short.
      return (await import('./hosts/playground.ts')).runPlayground(io(rest), (text) => void process.stdout.write(text), {
        started: (server) => {
          for (const signal of ['SIGINT', 'SIGTERM'] as const) {
            process.removeAllListeners(signal)
            process.once(signal, () => void server.close())
          }
        },
      })
    case 'legacy-plugin':
      return (await import('./hosts/stream.ts')).runLegacyPlugin(io(rest))
    case 'argocd':
      if (rest[0] !== 'generate') return { stdout: '', stderr: 'eso-render: usage: eso-render argocd generate (run by the Argo CD plugin sidecar in the app directory)\n', exitCode: 2 }
      return (await import('./hosts/argocd.ts')).runArgocdGenerate(io(rest.slice(1)), process.cwd(), binPath)
    case 'install-plugin':
      return (await import('./hosts/install-plugin.ts')).runInstallPlugin(io(rest), binPath)
    case 'version':
    case '--version':
      return { stdout: `${typeof ESO_RENDER_VERSION === 'string' ? ESO_RENDER_VERSION : 'dev'}\n`, stderr: '', exitCode: 0 }
    case 'help':
    case '--help':
    case '-h':
      return { stdout: usage((await import('./hosts/flags.ts')).flagsHelp()), stderr: '', exitCode: 0 }
    default:
      // Exec arguments from a Kptfile or a kustomization (`exec: "eso-render --reloader none"`) reach
      // the KRM face as flags.
      if (command.startsWith('--')) return (await import('./hosts/krm.ts')).runKrm(io(argv))
      // kustomize runs a legacy plugin as `<plugin> <config file>`: a first argument that is a
      // file path, not a command, means that face.
      if (command.startsWith('/') || command.includes('kust-plugin-config')) return (await import('./hosts/stream.ts')).runLegacyPlugin(io(argv))
      return { stdout: '', stderr: `eso-render: unknown command ${JSON.stringify(command)} (see eso-render --help)\n`, exitCode: 2 }
  }
}

/** Runs the CLI for real; exits through process.exitCode once output is flushed. */
export async function run(binPath = fileURLToPath(import.meta.url)): Promise<void> {
  // Node's own warnings may quote the input and do not start with `eso-render: `: off, except
  // under the unsafe ESO_RENDER_DEBUG switch for bug reports.
  process.removeAllListeners('warning')
  if (process.env.ESO_RENDER_DEBUG === '1') process.on('warning', (w) => process.stderr.write(`eso-render: debug: node: ${w.name}: ${w.message}\n`))
  let out: FaceOutput
  try {
    // SIGTERM from the host revokes the run's login tokens before the process ends.
    const cleanups = (await import('./hosts/terminate.ts')).cleanupsOnTermination()
    out = await main(process.argv.slice(2), binPath, cleanups)
    // Stopped by the host while it ran: the signal handler ends the process; nothing is written.
    if (cleanups.stopped) return await new Promise<never>(() => setInterval(() => undefined, 1000))
  } catch (err) {
    // ESO_RENDER_DEBUG is an explicit opt-in for bug reports: a stack trace may quote input.
    const detail = process.env.ESO_RENDER_DEBUG === '1' && err instanceof Error ? `${err.stack}\n` : ''
    out = { stdout: '', stderr: `eso-render: error: internal error; this is a bug in eso-render, please report it (ESO_RENDER_DEBUG=1 shows details)\n${detail}`, exitCode: 70 }
  }
  // A reader that goes away (head, a killed host) must not turn into a crash with a stack trace.
  await writeAll(2, out.stderr, () => process.stderr)
  await writeAll(1, out.stdout, () => process.stdout)
  // Both streams are flushed (their write callbacks ran); requests still in flight after a deadline
  // or a failure must not keep the process, and the host waiting on it, alive.
  process.exit(out.exitCode)
}
