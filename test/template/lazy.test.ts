// The lazily loaded libraries (src/template/lazy.ts): node-forge's ASN.1 and RC2 parts, `yaml` and
// bcryptjs (and re2js, through src/go/regexp.ts) load on first use only, once, and only for templates that call a function needing
// them. Module loading is process-wide, so each "what is loaded" claim runs in a fresh Node
// process from the sources (the bundle's side is packaging.test.ts's: the libraries inlined).

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../support/fixtures.ts'
import { loadBcrypt, loadForge, loadYaml } from '../../src/template/lazy.ts'

const dir = mkdtempSync(join(tmpdir(), 'eso-lazy-'))
after(() => rmSync(dir, { recursive: true, force: true }))
execFileSync(
  '/usr/bin/openssl',
  ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=lazy', '-days', '1', '-addext', 'subjectAltName=DNS:lazy.example'],
  { cwd: dir, stdio: 'ignore' },
)
const cert = execFileSync('/usr/bin/openssl', ['x509', '-in', 'c.pem'], { cwd: dir }).toString()

const url = (path: string) => pathToFileURL(join(ROOT, path)).href

interface Probe {
  /** The libraries in Node's module cache, by package. */
  loaded: string[]
  /** node-forge's lib/ files in the cache. */
  forgeFiles: string[]
  output?: string
  extra?: unknown
}

/** Runs `body` (an ES module's statements, with `loaded()` and `forgeFiles()` defined) in a fresh Node. */
function probe(body: string): Probe {
  const code = `
import { createRequire } from 'node:module'
const require = createRequire(${JSON.stringify(url('package.json'))})
const keys = () => Object.keys(require.cache)
const loaded = () => [...new Set(keys().flatMap((k) => /node_modules\\/(node-forge|yaml|bcryptjs|re2js)\\//.exec(k)?.[1] ?? []))].sort()
const forgeFiles = () => keys().flatMap((k) => /node_modules\\/node-forge\\/lib\\/(.+)\\.js$/.exec(k)?.[1] ?? []).sort()
${body}`
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PROBE_CERT: cert } })
  assert.equal(r.status, 0, r.stderr)
  return JSON.parse(r.stdout) as Probe
}

const renderProbe = (template: string | undefined, functions: 'sprig' | 'eso') =>
  probe(`
const { renderTemplate } = await import(${JSON.stringify(url('src/template/index.ts'))})
const output = ${template === undefined ? 'undefined' : `renderTemplate(${JSON.stringify(template)}, { cert: process.env.PROBE_CERT }, { functions: '${functions}', stringMap: true })`}
process.stdout.write(JSON.stringify({ loaded: loaded(), forgeFiles: forgeFiles(), output }))`)

const rows: { name: string; template?: string; functions?: 'sprig' | 'eso'; output?: string | RegExp; loaded: string[] }[] = [
  { name: 'importing the template API loads none of them', loaded: [] },
  { name: 'a template that needs none of them loads none', template: '{{ "a" | upper | b64enc }} {{ sha256sum "x" | trunc 4 }} {{ .cert | len | printf "%T" }}', output: 'QQ== 2d71 int', loaded: [] },
  { name: 'fromYaml loads yaml, and only yaml', template: '{{ fromYaml "a: 1" | toJson }}', output: '{"a":1}', loaded: ['yaml'] },
  { name: 'toYaml writes YAML itself and loads nothing', template: '{{ dict "b" true | toYaml }}', output: 'b: true', loaded: [] },
  { name: "Sprig's bcrypt loads bcryptjs, and only bcryptjs", template: '{{ bcrypt "x" | len }}', functions: 'sprig', output: '60', loaded: ['bcryptjs'] },
  { name: "Sprig's htpasswd loads bcryptjs", template: '{{ htpasswd "u" "p" "bcrypt" | trunc 6 }}', functions: 'sprig', output: 'u:$2a$', loaded: ['bcryptjs'] },
  {
    name: "Sprig's regex functions load re2js (Go's RE2, src/go/regexp.ts), and only re2js",
    template: '{{ regexReplaceAll "(?U)a+" "aaa" "b" }}',
    functions: 'sprig',
    output: 'bbb',
    loaded: ['re2js'],
  },
  { name: 'a template without a regex function does not load re2js', template: '{{ "a-b" | replace "-" "_" | quote }}', functions: 'sprig', output: '"a_b"', loaded: [] },
  { name: 'reading a certificate loads node-forge (its ASN.1 codec, through go/asn1.ts)', template: '{{ .cert | certSANs | join "," }}', output: 'lazy.example', loaded: ['node-forge'] },
]
for (const r of rows) {
  test(`lazy: ${r.name}`, () => {
    const p = renderProbe(r.template, r.functions ?? 'eso')
    assert.deepEqual(p.loaded, r.loaded)
    if (typeof r.output === 'string') assert.equal(p.output, r.output)
    if (r.loaded.includes('node-forge')) assert.ok(!p.forgeFiles.includes('rc2'), `RC2 is loaded only for legacy PKCS#12: ${p.forgeFiles}`)
  })
}

// node-forge's lib/ files that asn1 and rc2 pull in (node-forge 1.4.3): none of its PKI, PKCS#12,
// RSA or TLS code.
const FORGE_PARTS = ['asn1', 'baseN', 'forge', 'oids', 'rc2', 'util']

test("loadForge loads only ASN.1 and RC2 (and what they need), onto forge's shared object", () => {
  const p = probe(`
const { loadForge } = await import(${JSON.stringify(url('src/template/lazy.ts'))})
const before = loaded()
const forge = loadForge()
const extra = { before, same: forge === loadForge(), shared: forge === require('node-forge/lib/forge'), asn1: typeof forge.asn1.fromDer, rc2: typeof forge.rc2.createDecryptionCipher, pkiCertificates: typeof forge.pki?.certificateFromPem }
process.stdout.write(JSON.stringify({ loaded: loaded(), forgeFiles: forgeFiles(), extra }))`)
  assert.deepEqual(p.loaded, ['node-forge'])
  assert.deepEqual(p.forgeFiles, FORGE_PARTS)
  assert.deepEqual(p.extra, { before: [], same: true, shared: true, asn1: 'function', rc2: 'function', pkiCertificates: 'undefined' })
})

test('after go/asn1.ts has loaded forge for a certificate, loadForge adds RC2 to the same object', () => {
  const p = probe(`
const { renderTemplate } = await import(${JSON.stringify(url('src/template/index.ts'))})
const { loadForge } = await import(${JSON.stringify(url('src/template/lazy.ts'))})
renderTemplate('{{ .cert | certSANs }}', { cert: process.env.PROBE_CERT }, { stringMap: true })
const first = forgeFiles()
const forge = loadForge()
process.stdout.write(JSON.stringify({ loaded: loaded(), forgeFiles: forgeFiles(), extra: { first, shared: forge === require('node-forge/lib/forge') } }))`)
  const extra = p.extra as { first: string[]; shared: boolean }
  assert.ok(extra.first.includes('asn1') && !extra.first.includes('rc2'), String(extra.first))
  assert.deepEqual(p.forgeFiles, FORGE_PARTS)
  assert.equal(extra.shared, true)
})

test('each loader returns the same working library on every call', () => {
  const forge = loadForge()
  assert.equal(loadForge(), forge)
  const der = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, '\x05')).getBytes()
  assert.equal(Buffer.from(der, 'latin1').toString('hex'), '020105')

  const yaml = loadYaml()
  assert.equal(loadYaml(), yaml)
  assert.deepEqual(yaml.parse('a: [1, two]'), { a: [1, 'two'] })

  const bcrypt = loadBcrypt()
  assert.equal(loadBcrypt(), bcrypt)
  const hash = bcrypt.hashSync('pw', 4)
  assert.ok(bcrypt.compareSync('pw', hash))
  assert.ok(!bcrypt.compareSync('other', hash))
})
