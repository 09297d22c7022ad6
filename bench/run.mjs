// npm run bench: the numbers the README reports. Not a test: it prints, it does not assert.
//  (1) cold start: 200 non-ExternalSecret resources through the KRM face (ResourceList on stdin)
//      vs `node -e 0` on the same Node; the same resources as a YAML stream through the legacy
//      plugin and `eso-render render -`; then the single executable (npm run build:binary) vs the
//      bundle on the same input, if build/eso-render-linux-x64 has been built.
//  (2) 1,000 ExternalSecrets reading 300 distinct Vault paths from the bundled server with 5 ms
//      injected latency: Vault read count (must be exactly 300) and wall time of the whole run.
//  (3) the template engine against real Go + Sprig on a realistic ESO template set (renders/s).
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startVaultDouble } from '../test/vault-server/double.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'dist', 'eso-render.mjs')
const node = process.execPath
const runs = Number(process.env.BENCH_RUNS ?? 30)

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(cmd, args, input, env = {}) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(cmd, args, { input, env: { PATH: process.env.PATH, ...env }, maxBuffer: 64 * 1024 * 1024 })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`)
  return { ms, stdout: r.stdout }
}

// (1) ------------------------------------------------------------------------------------------
let items = ''
for (let i = 0; i < 200; i++) {
  items += `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app-${i}
    namespace: shop
    labels: {app: a${i}}
    annotations:
      internal.config.kubernetes.io/path: 'deploy-${i}.yaml'
      internal.config.kubernetes.io/index: '0'
  spec:
    replicas: 2
    selector:
      matchLabels: {app: a${i}}
    template:
      metadata:
        labels: {app: a${i}}
      spec:
        containers:
        - name: main
          image: nginx:1.27
          args: ["--port", "8080"]
          env:
          - {name: MODE, value: "on"}
          - {name: UMASK, value: "0755"}
`
}
const resourceList = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`
for (let i = 0; i < 3; i++) {
  time(node, ['-e', '0'])
  time(node, [bin], resourceList)
}
const bare = []
const pass = []
for (let i = 0; i < runs; i++) {
  bare.push(time(node, ['-e', '0']).ms)
  pass.push(time(node, [bin], resourceList).ms)
}
const out = time(node, [bin], resourceList).stdout.toString()
const identical = out === resourceList
console.log(`(1) cold start, 200 resources (${(resourceList.length / 1024).toFixed(0)} KiB) through the KRM face, median of ${runs}:`)
console.log(
  `    node -e 0: ${median(bare).toFixed(1)} ms   eso-render: ${median(pass).toFixed(1)} ms   ratio ${(median(pass) / median(bare)).toFixed(2)}x (target <= 2x); output byte-identical: ${identical}`,
)

// (1c) The same 200 resources as a YAML stream through the legacy plugin (the face `kubectl
// kustomize` runs: a config file argument, the stream on stdin) and through `eso-render render -`,
// against `node -e 0`, interleaved run by run.
const passStream = items
  .split(/^- /m)
  .filter(Boolean)
  .map((doc) => doc.replace(/^  /gm, '').replace(/\n    annotations:\n      internal\.config\.kubernetes\.io\/path: '[^']*'\n      internal\.config\.kubernetes\.io\/index: '0'\n/, '\n'))
  .join('---\n')
const passDir = mkdtempSync(join(tmpdir(), 'eso-render-bench-pass-'))
const pluginConfig = join(passDir, 'eso-render.yaml')
writeFileSync(pluginConfig, 'apiVersion: config.eso-render.dev/v1alpha1\nkind: EsoRender\nmetadata:\n  name: eso-render\nspec: {}\n')
try {
  const faces = { 'legacy plugin': [bin, 'legacy-plugin', pluginConfig], 'eso-render render -': [bin, 'render', '-'] }
  for (const args of Object.values(faces)) for (let i = 0; i < 3; i++) time(node, args, passStream)
  const bare1c = []
  const byFace = Object.fromEntries(Object.keys(faces).map((f) => [f, []]))
  for (let i = 0; i < runs; i++) {
    bare1c.push(time(node, ['-e', '0']).ms)
    for (const [face, args] of Object.entries(faces)) byFace[face].push(time(node, args, passStream).ms)
  }
  const sameOut = Object.values(faces).every((args) => time(node, args, passStream).stdout.toString() === passStream)
  console.log(`(1c) pass-through, the same 200 resources as a YAML stream (${(passStream.length / 1024).toFixed(0)} KiB), median of ${runs}:`)
  const targets = { 'legacy plugin': 2, 'eso-render render -': 3 }
  for (const face of Object.keys(faces)) {
    console.log(
      `    ${face}: ${median(byFace[face]).toFixed(1)} ms   node -e 0: ${median(bare1c).toFixed(1)} ms   ratio ${(median(byFace[face]) / median(bare1c)).toFixed(2)}x (target <= ${targets[face]}x)`,
    )
  }
  console.log(`    output byte-identical to the input: ${sameOut}`)
} finally {
  rmSync(passDir, { recursive: true, force: true })
}

// (1b) The single executable against the bundle, interleaved run by run so both see the same load.
const binary = join(root, 'build', 'eso-render-linux-x64')
if (!existsSync(binary)) {
  console.log('(1b) single executable: skipped, build/eso-render-linux-x64 is not built (npm run build:binary)')
} else {
  const spread = (xs) => {
    const s = [...xs].sort((a, b) => a - b)
    return `min ${s[0].toFixed(1)} / median ${median(s).toFixed(1)} / max ${s.at(-1).toFixed(1)} ms`
  }
  for (let i = 0; i < 3; i++) time(binary, [], resourceList)
  const viaBundle = []
  const viaBinary = []
  for (let i = 0; i < runs; i++) {
    viaBundle.push(time(node, [bin], resourceList).ms)
    viaBinary.push(time(binary, [], resourceList).ms)
  }
  const binaryIdentical = time(binary, [], resourceList).stdout.toString() === resourceList
  console.log(`(1b) single executable vs bundle, same 200 resources through the KRM face, ${runs} runs each:`)
  console.log(`    bundle (node dist/eso-render.mjs): ${spread(viaBundle)}`)
  console.log(`    build/eso-render-linux-x64:        ${spread(viaBinary)}`)
  console.log(`    ratio of medians ${(median(viaBinary) / median(viaBundle)).toFixed(2)}x (target <= 1.5x); output byte-identical: ${binaryIdentical}`)
}

// (2) ------------------------------------------------------------------------------------------
const paths = 300
const seed = { secret: { version: 2, secrets: {} } }
for (let p = 0; p < paths; p++) seed.secret.secrets[`team/app-${p}`] = { username: `user-${p}`, password: `pw-${p}`, url: `postgres://db-${p}:5432/x` }
let stream = `apiVersion: v1
kind: Secret
metadata: {name: vault-token, namespace: shop}
stringData: {token: root}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: {name: vault, namespace: shop}
spec:
  provider:
    vault:
      server: http://vault.invalid:8200
      path: secret
      auth: {tokenSecretRef: {name: vault-token, key: token}}
`
for (let i = 0; i < 1000; i++) {
  const p = i % paths
  stream += `---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: es-${i}, namespace: shop}
spec:
  secretStoreRef: {name: vault, kind: SecretStore}
  data:
  - {secretKey: username, remoteRef: {key: team/app-${p}, property: username}}
  - {secretKey: password, remoteRef: {key: team/app-${p}, property: password}}
  dataFrom:
  - extract: {key: team/app-${p}}
`
}
const dir = mkdtempSync(join(tmpdir(), 'eso-render-bench-'))
const file = join(dir, 'input.yaml')
writeFileSync(file, stream)
const vault = await startVaultDouble({ seed, latencyMs: 5 })
try {
  const wall = []
  let reads = 0
  for (let i = 0; i < 5; i++) {
    vault.clearRequests()
    const r = await new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint()
      const child = spawn(node, [bin, 'render', file], { env: { PATH: process.env.PATH, VAULT_ADDR: vault.url }, stdio: ['ignore', 'pipe', 'pipe'] })
      let err = ''
      child.stdout.resume()
      child.stderr.on('data', (c) => (err += c))
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(err))))
    })
    wall.push(r)
    reads = vault.requestCount()
  }
  console.log(`(2) 1,000 ExternalSecrets over ${paths} distinct paths, 5 ms latency per Vault request, median of 5:`)
  console.log(`    Vault reads: ${reads} (must be exactly ${paths})   wall time: ${median(wall).toFixed(0)} ms (target <= 1000 ms)`)
} finally {
  await vault.close()
  rmSync(dir, { recursive: true, force: true })
}

// (2b) -----------------------------------------------------------------------------------------
// Scale: N ExternalSecrets over N/5 distinct paths, 5 ms Vault latency, a third of them with a small
// template; wall time, peak RSS of the eso-render process and the exact read count, at 1,000 and
// 10,000 (the growth between them); then 10,000 with every 100th Vault request answered 503 (a 1%
// transient failure rate): the render must succeed, the verbose summary counts the retries.
function scaleInput(count) {
  const distinct = count / 5
  const secrets = {}
  for (let p = 0; p < distinct; p++) secrets[`team/app-${p}`] = { username: `user-${p}`, password: `pw-${p}` }
  let text = stream.slice(0, stream.indexOf('---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret'))
  for (let i = 0; i < count; i++) {
    const p = i % distinct
    const template = i % 3 === 0 ? `  target:\n    template:\n      data:\n        dsn: "postgres://{{ .username }}:{{ .password }}@db-${p}:5432/app"\n` : ''
    text += `---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: es-${i}, namespace: shop}
spec:
  secretStoreRef: {name: vault, kind: SecretStore}
${template}  data:
  - {secretKey: username, remoteRef: {key: team/app-${p}, property: username}}
  - {secretKey: password, remoteRef: {key: team/app-${p}, property: password}}
`
  }
  return { text, seed: { secret: { version: 2, secrets } }, distinct }
}
// The child reports its own peak RSS as it exits (process.resourceUsage, KiB).
const rssHook = `data:text/javascript,process.on('exit',()=>process.stderr.write('BENCH-MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`
function renderOnce(file, env, nodeBin = node) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(nodeBin, ['--import', rssHook, bin, 'render', file], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stdout.resume()
    child.stderr.on('data', (c) => (err += c))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      const rss = Number(/BENCH-MAXRSS (\d+)/.exec(err)?.[1] ?? 0) / 1024
      code === 0 ? resolve({ ms, rss, stderr: err }) : reject(new Error(err.slice(-2000)))
    })
  })
}
const scale = {}
for (const count of [1000, 10_000]) {
  const input = scaleInput(count)
  const scaleDir = mkdtempSync(join(tmpdir(), 'eso-render-bench-'))
  const scaleFile = join(scaleDir, 'input.yaml')
  writeFileSync(scaleFile, input.text)
  const server = await startVaultDouble({ seed: input.seed, latencyMs: 5 })
  try {
    const runsHere = []
    let reads = 0
    for (let i = 0; i < 3; i++) {
      server.clearRequests()
      runsHere.push(await renderOnce(scaleFile, { VAULT_ADDR: server.url }))
      reads = server.requestCount()
    }
    scale[count] = { ms: median(runsHere.map((r) => r.ms)), rss: Math.max(...runsHere.map((r) => r.rss)), reads, distinct: input.distinct }
    if (count === 10_000) {
      server.clearRequests()
      server.addFault({ action: { status: 503, body: '{"errors":["injected transient failure"]}' }, path: /^secret\/data\//, every: 100, count: Number.POSITIVE_INFINITY })
      const flaky = await renderOnce(scaleFile, { VAULT_ADDR: server.url, ESO_RENDER_LOG: 'debug' })
      const summary = /timing: .*$/m.exec(flaky.stderr)?.[0] ?? ''
      scale.flaky = { ms: flaky.ms, requests: server.requestCount(), summary }
      server.clearFaults()
      // The system Node, which kpt and kustomize start the function with (20 on the development machine).
      const systemNode = '/usr/bin/node'
      if (existsSync(systemNode)) {
        const version = spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout.trim()
        if (version !== process.version) {
          const onSystem = []
          for (let i = 0; i < 3; i++) onSystem.push(await renderOnce(scaleFile, { VAULT_ADDR: server.url }, systemNode))
          scale.system = { version, ms: median(onSystem.map((r) => r.ms)), rss: Math.max(...onSystem.map((r) => r.rss)) }
        }
      }
    }
  } finally {
    await server.close()
    rmSync(scaleDir, { recursive: true, force: true })
  }
}
console.log('(2b) scale: ExternalSecrets over a fifth as many distinct paths, a third templated, 5 ms latency, median of 3:')
for (const count of [1000, 10_000]) {
  const r = scale[count]
  console.log(`    ${count.toLocaleString('en')}: ${r.ms.toFixed(0)} ms wall, peak RSS ${r.rss.toFixed(0)} MiB, Vault reads ${r.reads} (must be exactly ${r.distinct})`)
}
console.log(`    growth 1,000 -> 10,000: time ${(scale[10_000].ms / scale[1000].ms).toFixed(1)}x, memory ${(scale[10_000].rss / scale[1000].rss).toFixed(1)}x (10,000 target: <= 2000 ms, <= 200 MiB)`)
if (scale.system) console.log(`    10,000 on the system Node (${scale.system.version}, /usr/bin/node): ${scale.system.ms.toFixed(0)} ms wall, peak RSS ${scale.system.rss.toFixed(0)} MiB`)
console.log(`    10,000 with every 100th request a 503: succeeded in ${scale.flaky.ms.toFixed(0)} ms, ${scale.flaky.requests} requests; ${scale.flaky.summary}`)

// (3) ------------------------------------------------------------------------------------------
// Template engine speed against real Go + Sprig on the same realistic ESO template set. Both sides
// render in-process (Go's process start excluded) the way ESO's engine v2 does: per template, parse
// then execute over a map[string]string with missingkey=error; every copy of a template is made
// unique so neither side can reuse a parse. Go is Debian's 1.19 with Sprig 3.2.3 (bench/go-engine).
const { data: templateData, templates } = await import('./template-set.mjs')
const { renderTemplate } = await import(join(root, 'dist', 'template.mjs'))
const goEngine = join(root, '.tmp', 'go-engine')
spawnSync('bash', [join(root, 'bench', 'go-engine', 'build.sh'), goEngine], { stdio: 'inherit' })
const renders = 20_000
const names = Object.keys(templates).sort()
const goRates = []
const goExecuteRates = []
let goOutputs = {}
for (let i = 0; i < 3; i++) {
  const r = time(goEngine, [], JSON.stringify({ templates, data: templateData, renders }))
  const parsed = JSON.parse(r.stdout.toString())
  goRates.push(parsed.rendersPerSecond)
  goExecuteRates.push(parsed.executesPerSecond)
  goOutputs = parsed.outputs
}
const tsOptions = { functions: 'eso', stringMap: true, missingKey: 'error' }
const tsOutputs = {}
const tsRender = (i) => {
  const name = names[i % names.length]
  const out = renderTemplate(`{{/* ${i} */}}${templates[name]}`, templateData, tsOptions)
  if (i < names.length) tsOutputs[name] = out
}
const tsRates = []
for (let run = 0; run < 3; run++) {
  for (let i = 0; i < renders / 10; i++) tsRender(i)
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < renders; i++) tsRender(i)
  tsRates.push(renders / (Number(process.hrtime.bigint() - t0) / 1e9))
}
// Many ExternalSecrets sharing one template: the parse is cached, only execution repeats (plus
// the cache lookup), against Go's Execute of the same parsed templates.
const cachedRates = []
for (let run = 0; run < 3; run++) {
  for (let i = 0; i < renders / 10; i++) renderTemplate(templates[names[i % names.length]], templateData, tsOptions)
  const tc0 = process.hrtime.bigint()
  for (let i = 0; i < renders; i++) renderTemplate(templates[names[i % names.length]], templateData, tsOptions)
  cachedRates.push(renders / (Number(process.hrtime.bigint() - tc0) / 1e9))
}
const cachedRate = median(cachedRates)
const goExecute = median(goExecuteRates)
const same = names.every((n) => goOutputs[n] === tsOutputs[n])
const go = median(goRates)
const ts = median(tsRates)
console.log(
  `(3) template engine, ${names.length} realistic ESO templates (TLS bundle, dockerconfigjson, connection strings, PEM filtering, toJson of a dict), ${renders} renders in-process, median of 3:`,
)
console.log(`    Go + Sprig: ${go.toFixed(0)} renders/s   TypeScript: ${ts.toFixed(0)} renders/s   ratio ${(ts / go).toFixed(2)}x Go (target >= 0.5x); outputs identical to Go: ${same}`)
console.log(
  `    execute alone (parse cached / Go's Execute of a parsed template): TypeScript ${cachedRate.toFixed(0)} renders/s   Go ${goExecute.toFixed(0)} executes/s   ratio ${(cachedRate / goExecute).toFixed(2)}x (target >= 1x)`,
)
