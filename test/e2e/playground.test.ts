// The template playground's built page (dist/playground/index.html, `npm run build`) in a real
// browser: headless Chromium (Debian's chromium package) driven by playwright-core, the page loaded
// from file://. An ExternalSecret and its data typed through the keyboard update the Secret; every
// golden fixture with a template renders in the page to the Secret the CLI wrote (expected.yaml);
// no request leaves the page, and the Content-Security-Policy stops the ones a script tries; the
// Node-only functions say so. Measures the bundle and the keystroke-to-result time on a large
// template (reported, not asserted). UPDATE_SCREENSHOT=1 rewrites docs/playground.png.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { parseAllDocuments, stringify } from 'yaml'
import { runRender } from '../../src/hosts/stream.ts'
import { loadSchemas } from '../../src/eso/schema.ts'
import { loadTemplateEngine } from '../../src/eso/template.ts'
import { loadYaml } from '../../src/manifests/yaml.ts'
import { EXAMPLES } from '../../src/playground/examples.ts'
import { createRenderer } from '../../src/playground/render.ts'
import { renderTemplate } from '../../src/template/index.ts'
import { loadFixtures, ROOT, type Fixture } from '../support/fixtures.ts'
import { startSeededVault } from '../support/vault.ts'

const PAGE = join(ROOT, 'dist', 'playground', 'index.html')
const CHROMIUM = '/usr/bin/chromium'
if (!existsSync(PAGE)) throw new Error('dist/playground/index.html is missing: run `npm run build` (or npm run build:playground) first')
if (!existsSync(CHROMIUM)) throw new Error("no /usr/bin/chromium: install Debian's chromium package (.ci/run does)")
const URL_OF_PAGE = pathToFileURL(PAGE).href

let browser: Browser
let context: BrowserContext
let page: Page
const requests: string[] = []

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
  // Every request of every page and worker of the context, whatever its scheme.
  context.on('request', (r) => requests.push(r.url()))
  page = await context.newPage()
  await page.goto(URL_OF_PAGE)
  await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 })
})
after(async () => {
  await browser?.close()
})

interface Rendered {
  secret: string
  errors: { message: string; line?: number; column?: number }[]
}
const renderInPage = (input: { externalSecret: string; data: Record<string, unknown> | string; objects?: string }) => page.evaluate((i) => window.esoRender.render(i as never) as Rendered, input)

declare const window: {
  esoRender: {
    render(input: never): Rendered
    renderTemplate(text: string, data: unknown, options: unknown): { out?: string; error?: string }
    timing(): { inputToResultMs: number; renderMs: number; renders: number }
  }
}

async function replaceByKeyboard(testId: string, text: string): Promise<void> {
  const editor = page.getByTestId(testId)
  await editor.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Delete')
  await page.keyboard.type(text)
}

test('typing an ExternalSecret and its data through the keyboard updates the Secret, as Node renders it', async () => {
  const es = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: typed
  namespace: apps
spec:
  target:
    template:
      type: kubernetes.io/basic-auth
      data:
        username: "{{ .user }}"
        password: "{{ .password | sha256sum | trunc 12 }}"
`
  // The same input through Node (node:crypto for the hash, Node's Buffer): the page's seams agree.
  await loadSchemas()
  const node = createRenderer(await loadYaml(), await loadTemplateEngine()).render({ externalSecret: es, data: { user: 'alice', password: 'typed-on-a-keyboard' } })
  assert.deepEqual(node.errors, [])
  await replaceByKeyboard('external-secret', es)
  await replaceByKeyboard('data', 'user: alice\npassword: typed-on-a-keyboard\n')
  // Each keystroke renders; the last one gives Node's Secret.
  await page.waitForFunction((want) => document.querySelector('[data-testid=secret]')?.textContent === want, node.secret)
  const shown = await page.getByTestId('secret').textContent()
  assert.match(shown!, /type: kubernetes\.io\/basic-auth/)
  assert.match((await page.getByTestId('decoded').textContent()) ?? '', /alice/)

  // One more key typed: the result follows.
  await page.getByTestId('data').press('End')
  await page.keyboard.type('extra: x\n')
  await page.getByTestId('external-secret').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('        extra: "{{ .extra }}!"\n')
  await page.waitForFunction(() => document.querySelector('[data-testid=secret]')?.textContent?.includes('extra: eCE='))
})

test("an error is shown in Go's words, in full, and marked at its line in the editor", async () => {
  await replaceByKeyboard(
    'external-secret',
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: broken\nspec:\n  target:\n    template:\n      data:\n        k: |\n          ok\n          {{ .secret | fail }}\n',
  )
  await replaceByKeyboard('data', 'secret: my-own-failure-text\n')
  await page.waitForFunction(() => document.querySelector('[data-testid=errors]')?.textContent?.includes('error calling fail: my-own-failure-text'))
  const errors = await page.getByTestId('errors').textContent()
  assert.match(errors!, /ExternalSecret 11:24/)
  assert.match(errors!, /template: k:2:13: executing "k" at <fail>: error calling fail: my-own-failure-text/)
  assert.equal(await page.getByTestId('secret').textContent(), '# no Secret: see the errors')
  assert.equal(await page.locator('#external-secret-gutter .error-line').textContent(), '11')
  const api = await renderInPage({ externalSecret: (await page.getByTestId('external-secret').inputValue()) as string, data: { secret: 'my-own-failure-text' } })
  assert.deepEqual(
    api.errors.map((e) => [e.line, e.column]),
    [[11, 24]],
  )
})

/** The provider data of each ExternalSecret of a fixture: the CLI's render of it with the templates taken out. */
async function providerData(f: Fixture): Promise<Map<string, Record<string, string>>> {
  // A document holding only a comment is null: not an object to write back.
  const docs = parseAllDocuments(f.input)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null)
  const strip = (o: Record<string, unknown>) => {
    if (o?.kind === 'ExternalSecret') delete ((o.spec as Record<string, unknown>).target as Record<string, unknown> | undefined)?.template
    if (o?.kind === 'List') for (const item of o.items as Record<string, unknown>[]) strip(item)
  }
  docs.forEach(strip)
  const dir = mkdtempSync(join(tmpdir(), 'eso-playground-fixture-'))
  const file = join(dir, 'input.yaml')
  writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'))
  const vault = await startSeededVault(f.vault)
  try {
    const out = await runRender({ args: [file], stdin: async () => '', env: { VAULT_ADDR: vault.url, ...(f.meta.env ?? {}) }, readFile: (p) => readFileSync(p, 'utf8') })
    assert.equal(out.exitCode, 0, out.stderr)
    const data = new Map<string, Record<string, string>>()
    for (const s of objectsOf(out.stdout)) if (s.kind === 'Secret') data.set(secretKey(s), (s.data ?? {}) as Record<string, string>)
    return data
  } finally {
    await vault.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function objectsOf(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  const add = (o: Record<string, unknown> | null) => {
    if (!o) return
    if (o.kind === 'List') (o.items as Record<string, unknown>[]).forEach(add)
    else out.push(o)
  }
  // Every scalar a string (the failsafe schema): a data key such as `e9` is a string to Kubernetes,
  // and YAML 1.1's resolution would make it the key "NaN" on one side only.
  for (const d of parseAllDocuments(text, { version: '1.1', schema: 'failsafe' })) add(d.toJS() as Record<string, unknown> | null)
  return out
}
const secretKey = (o: Record<string, unknown>) => {
  const md = o.metadata as { name: string; namespace?: string }
  return `${md.namespace ?? ''}/${md.name}`
}

// What the page renders: one ExternalSecret on its own. A Secret the CLI merged into or adopted from
// the input (creationPolicy Merge or CreateOrMerge, or an input Secret of the target's name) or
// patched (mergeTargets) is a render of several objects, not the playground's.
const standalone = (f: Fixture, es: Record<string, unknown>) => {
  const md = es.metadata as { name: string; namespace?: string }
  const target = (es.spec as { target?: { name?: string; creationPolicy?: string } }).target
  if (target?.creationPolicy === 'Merge' || target?.creationPolicy === 'CreateOrMerge') return false
  const key = `${md.namespace ?? ''}/${target?.name ?? md.name}`
  return !objectsOf(f.input).some((o) => o.kind === 'Secret' && secretKey(o) === key)
}
const isTemplated = (o: Record<string, unknown>) => o.kind === 'ExternalSecret' && (o.spec as { target?: { template?: unknown } }).target?.template
const templated = loadFixtures().filter((f) => f.expected && objectsOf(f.input).some((o) => isTemplated(o) && standalone(f, o)))

test('the golden fixtures with a template: there are some', () => {
  assert.ok(templated.length >= 8, templated.map((f) => f.name).join(', '))
})

let comparedAsText = 0
for (const f of templated) {
  test(`fixture ${f.name}: every templated ExternalSecret renders in the page to the CLI's Secret (expected.yaml)`, async () => {
    const data = await providerData(f)
    const input = objectsOf(f.input)
    const lookups = input.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret')
    const expected = objectsOf(f.expected!).filter((o) => o.kind === 'Secret')
    let compared = 0
    // Each ExternalSecret as it is written in the fixture (its own text: a YAML 1.1 round trip would
    // turn `.` into .nan before the page, which reads it as Kubernetes does, ever saw it).
    const sources = new Map(
      f.input
        .split(/^---$/m)
        .flatMap((doc) => objectsOf(doc).map((o) => [o, doc] as const))
        // Its own document only: one in a List is written out on its own.
        .filter(([o, doc]) => isTemplated(o) && !/^kind: List$/m.test(doc))
        .map(([o, doc]) => [secretKey(o), doc]),
    )
    for (const es of input.filter((o) => isTemplated(o) && standalone(f, o))) {
      const md = es.metadata as { name: string; namespace?: string }
      const target = (es.spec as { target: { name?: string } }).target.name ?? md.name
      const key = `${md.namespace ?? ''}/${target}`
      const want = expected.find((s) => secretKey(s) === key)
      assert.ok(want, `the CLI wrote ${key}`)
      // The provider data exactly, bytes as !!binary.
      const dataText = Object.entries(data.get(key) ?? {})
        .map(([k, v]) => `${JSON.stringify(k)}: !!binary ${v || '""'}\n`)
        .join('')
      const got = await renderInPage({ externalSecret: sources.get(secretKey(es)) ?? stringify(es), data: dataText || '{}', objects: lookups.map((o) => stringify(o)).join('---\n') })
      assert.deepEqual(got.errors, [], `${key}: ${JSON.stringify(got.errors)}`)
      assert.deepEqual(objectsOf(got.secret)[0], want, key)
      // A top-level Secret of the CLI's output is the page's text byte for byte.
      const text = f.expected!.split(/^---\n/m).find((doc) => {
        const o = objectsOf(doc)
        return o.length === 1 && o[0].kind === 'Secret' && secretKey(o[0]) === key && !/^kind: List$/m.test(doc)
      })
      if (text !== undefined) {
        assert.equal(got.secret, text, key)
        comparedAsText++
      }
      compared++
    }
    assert.ok(compared > 0)
  })
}

test('functions that need Node say they are not available in the playground; the rest of crypto works', async () => {
  const es = (data: string) => `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: fn\nspec:\n  target:\n    template:\n      data:\n${data}`
  const p12 = /keystore: (\S+)/.exec(EXAMPLES.find((e) => e.id === 'tls-pkcs12')!.data)![1]
  for (const call of ['genPrivateKey "rsa"', '.p12 | b64dec | pkcs12cert', '.p12 | b64dec | pkcs12key', 'genCA "ca" 30 | toJson']) {
    const got = await renderInPage({ externalSecret: es(`        k: '{{ ${call} }}'\n`), data: { p12 } })
    assert.equal(got.errors.length, 1, call)
    assert.match(got.errors[0].message, /is not available in the playground: it needs Node's crypto \(\w+/, call)
  }
  // What the page runs itself: hashes, HMAC-free bcrypt, AES, random, dates.
  const works = await renderInPage({
    externalSecret: es(
      `        a: '{{ .v | sha256sum }}'\n        b: '{{ .v | sha1sum }}'\n        c: '{{ encryptAES "k" .v | decryptAES "k" }}'\n        d: '{{ randAlphaNum 8 | len }}'\n        e: '{{ .v | b64enc | b64dec }}'\n        f: '{{ derivePassword 1 "long" "pw" "user" "example.com" }}'\n`,
    ),
    data: { v: 'value' },
  })
  assert.deepEqual(works.errors, [])
  // Typed into the page: the result is flagged, as the CLI warns.
  await page.getByTestId('data').fill('v: value\n')
  await page.getByTestId('external-secret').fill(es('        k: \'{{ randAlphaNum 8 }}-{{ now | date "2006" }}\'\n'))
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.includes('not deterministic'))
  assert.match((await page.getByTestId('errors').textContent())!, /random or time function: the Secret changes on every render/)
  const decoded = Object.fromEntries(Object.entries((objectsOf(works.secret)[0].data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))
  assert.equal(decoded.a, 'cd42404d52ad55ccfa9aca4adc828aa5800ad9d385a0671fbcbf724118320619')
  assert.equal(decoded.b, 'f32b67c7e26342af42efabc674d441dca0a281c5')
  assert.equal(decoded.c, 'value')
  assert.equal(decoded.d, '8')
  assert.equal(decoded.e, 'value')
  // Sprig's derivePassword (scrypt) through the page's scrypt: the value Node's gives.
  await loadSchemas()
  const node = createRenderer(await loadYaml(), await loadTemplateEngine()).render({ externalSecret: es('        f: \'{{ derivePassword 1 "long" "pw" "user" "example.com" }}\'\n'), data: {} })
  assert.equal(decoded.f, node.decoded[0].text)
})

// Go's template conformance cases (test/conformance/gotemplate: Go's builtins, Sprig, ESO's map,
// with real Go's outputs) through the page's engine and through Node's: the same output or the same
// error, so the page's stand-ins for Buffer and node:crypto change nothing; a function that needs
// Node may instead say it is not available in the playground.
test('every Go template conformance case gives in the page what it gives under Node', async (t) => {
  const dir = join(ROOT, 'test', 'conformance', 'gotemplate')
  const cases = ['cases.jsonl', 'eso_cases.jsonl']
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
    .map(
      (l) =>
        JSON.parse(l) as { id: string; template: string; data: unknown; dataKind?: string; funcs: 'builtin' | 'sprig' | 'eso'; missingkey?: 'default' | 'zero' | 'error'; delims?: [string, string] },
    )
  const options = (c: (typeof cases)[number]) => ({
    functions: c.funcs,
    missingKey: c.missingkey ?? 'default',
    ...(c.delims ? { delimiters: c.delims } : {}),
    stringMap: c.dataKind === 'map[string]string',
  })
  const inPage = await page.evaluate(
    (all) => all.map((c) => window.esoRender.renderTemplate(c.template, c.data, c.options)),
    cases.map((c) => ({ template: c.template, data: c.data, options: options(c) })),
  )
  const differ: string[] = []
  const unavailable: string[] = []
  cases.forEach((c, i) => {
    let node: { out?: string; error?: string }
    try {
      node = { out: renderTemplate(c.template, c.data, options(c)) }
    } catch (err) {
      node = { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }
    }
    const got = inPage[i]
    if (got.error?.includes('is not available in the playground')) unavailable.push(c.id)
    // Random and clock functions differ run to run, in the page as under Node.
    else if (
      /\b(rand\w*|uuidv4|now|shuffle|genPrivateKey|genCA\w*|genSelfSigned\w*|genSigned\w*|encryptAES|bcrypt|htpasswd|pemToPkcs12\w*|fullPemToPkcs12\w*|pemTruststoreToPKCS12\w*|dateInZone|ago|date|htmlDate)\b/.test(
        c.template,
      )
    )
      return
    else if (JSON.stringify(got) !== JSON.stringify(node)) differ.push(`${c.id}: page ${JSON.stringify(got)} node ${JSON.stringify(node)}`)
  })
  t.diagnostic(`${cases.length} cases; not available in the playground: ${unavailable.join(', ') || 'none'}`)
  assert.deepEqual(differ, [])
  assert.ok(cases.length > 500)
})

let probe = ''
/** The URL `eso-render playground` served the page at (its one request). */
let served = ''

test('the policy stops the requests a script in the page tries', async () => {
  // A local server that counts what reaches it: a script in the page tries fetch, an image, a
  // WebSocket, a beacon and a form; the Content-Security-Policy must stop every one.
  let reached = 0
  const server = createServer((_req, res) => {
    reached++
    res.end('x')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
  probe = url
  try {
    const violations = await page.evaluate(async (target) => {
      const seen: string[] = []
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective))
      await fetch(target).catch(() => undefined)
      const img = new Image()
      img.src = `${target}img.png`
      document.body.append(img)
      try {
        new WebSocket(target.replace('http', 'ws'))
      } catch {
        // refused synchronously by the policy
      }
      navigator.sendBeacon?.(target, 'x')
      await new Promise((r) => setTimeout(r, 500))
      return seen
    }, url)
    assert.equal(reached, 0, 'no request reached the local server')
    for (const directive of ['connect-src', 'img-src']) assert.ok(violations.includes(directive), `${directive} violation: ${violations.join(', ')}`)
  } finally {
    server.close()
  }
})

test('the page is self-contained: one policy that allows no source, no external reference', async () => {
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  assert.match(csp!, /^default-src 'none'; connect-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'/)
  // The page loaded nothing but itself: no script, style, font or image from anywhere.
  const html = readFileSync(PAGE, 'utf8')
  assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i)
})

test('a shared link carries the ExternalSecret, and the data only when asked', async () => {
  await page.selectOption('#examples', 'connection-string')
  await page.click('#share')
  const withoutData = await page.inputValue('#link')
  await page.check('#include-data')
  await page.click('#share')
  const withData = await page.inputValue('#link')
  await page.uncheck('#include-data')
  const fragment = (link: string) => Buffer.from(new URL(link).hash.slice(4), 'base64url').toString('utf8')
  assert.doesNotMatch(fragment(withoutData), /p@ss/)
  assert.match(fragment(withData), /p@ss/)
  // Opened in a new page: the ExternalSecret is there, the data editor says it was left out.
  const other = await context.newPage()
  await other.goto(withoutData)
  await other.waitForSelector('body[data-ready=true]')
  assert.match(await other.getByTestId('external-secret').inputValue(), /name: orders-db/)
  assert.match(await other.getByTestId('data').inputValue(), /did not include the data/)
  await other.close()
})

test('the function reference lists every function and searches them', async () => {
  const all = await page.locator('#functions tr').count()
  assert.ok(all > 200, String(all))
  await page.fill('#search', 'pkcs12')
  assert.ok((await page.locator('#functions tr').count()) >= 4)
  assert.match((await page.locator('#functions').textContent())!, /pkcs12cert.*ESO: PKCS#12/)
  // Made in the page from the minified tables: the flags survive the bundling.
  await page.fill('#search', 'encryptAES')
  assert.match((await page.locator('#functions').textContent())!, /encryptAES.*differs on every render/)
  await page.fill('#search', 'decryptAES')
  assert.doesNotMatch((await page.locator('#functions').textContent())!, /differs on every render/)
  await page.fill('#search', '')
})

test('measured: the bundle, and keystroke to result on a large template (reported, not asserted)', async (t) => {
  const html = readFileSync(PAGE)
  const size = { bytes: statSync(PAGE).size, gzip: gzipSync(html, { level: 9 }).length }
  // A large template: 200 keys, each through several functions, and a range over a 2,000-item list.
  const keys = Array.from({ length: 200 }, (_, i) => `        key-${i}: '{{ .user | upper | b64enc }}:{{ .password | sha256sum | trunc 16 }}:{{ printf "%05d" ${i} }}'`).join('\n')
  const es = `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: large\nspec:\n  target:\n    template:\n      data:\n${keys}\n        list: |\n          {{- range $i, $e := until 2000 }}{{ $i }}={{ $.user }}-{{ $e | add1 }},{{ end }}\n`
  await page.getByTestId('external-secret').fill(es)
  await page.getByTestId('data').fill('user: alice\npassword: large-template\n')
  await page.waitForFunction(() => document.querySelector('[data-testid=secret]')?.textContent?.includes('key-199'))
  const samples: { inputToResultMs: number; renderMs: number }[] = []
  for (let i = 0; i < 10; i++) {
    const before = await page.evaluate(() => window.esoRender.timing().renders)
    await page.getByTestId('data').press('End')
    await page.keyboard.type(i % 2 ? 'x' : 'y')
    await page.waitForFunction((n) => window.esoRender.timing().renders > n, before)
    samples.push(await page.evaluate(() => window.esoRender.timing()))
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const report = {
    bundleBytes: size.bytes,
    bundleGzipBytes: size.gzip,
    largeTemplateKeys: 201,
    keystrokeToResultMsMedian: Math.round(median(samples.map((s) => s.inputToResultMs)) * 10) / 10,
    renderMsMedian: Math.round(median(samples.map((s) => s.renderMs)) * 10) / 10,
  }
  t.diagnostic(JSON.stringify(report))
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  writeFileSync(join(ROOT, '.tmp', 'playground-measure.json'), `${JSON.stringify(report, null, 2)}\n`)
  assert.ok(samples.every((s) => s.renderMs > 0))
})

test('screenshot (docs/playground.png with UPDATE_SCREENSHOT=1)', async () => {
  // A fresh page: nothing of the other tests (links, scroll positions) in the picture.
  const fresh = await context.newPage()
  await fresh.goto(URL_OF_PAGE)
  await fresh.waitForSelector('body[data-ready=true]')
  await fresh.selectOption('#examples', 'template-from')
  await fresh.waitForFunction(() => document.querySelector('[data-testid=secret]')?.textContent?.includes('name: grafana'))
  const shot = await fresh.screenshot({ fullPage: false })
  await fresh.close()
  assert.ok(shot.length > 10_000)
  const file = join(ROOT, 'docs', 'playground.png')
  if (process.env.UPDATE_SCREENSHOT === '1' || !existsSync(file)) {
    mkdirSync(join(ROOT, 'docs'), { recursive: true })
    writeFileSync(file, shot)
  }
})

test('eso-render playground (the built bundle) serves the built page, and Ctrl-C ends it with exit 0', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'eso-render.mjs'), 'playground'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (c) => (stderr += c))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c) => {
      stdout += c
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)
      if (m) resolve(m[0])
    })
    child.on('exit', () => reject(new Error(`exited before serving: ${stderr}`)))
  })
  served = url
  try {
    const tab = await context.newPage()
    await tab.goto(url)
    await tab.waitForSelector('body[data-ready=true]')
    assert.ok((await tab.content()).length > 100_000)
    await tab.close()
  } finally {
    child.kill('SIGINT')
  }
  assert.equal(await exited, 0)
  assert.equal(stderr, '')
})

test('nothing left the page in this whole run: the only requests were the page itself (and the blocked probe)', () => {
  assert.ok(requests.includes(URL_OF_PAGE))
  assert.ok(comparedAsText >= 5, `Secrets compared as text: ${comparedAsText}`)
  assert.deepEqual(
    requests.filter((r) => r !== URL_OF_PAGE && !r.startsWith(`${URL_OF_PAGE}#`) && !(probe && r.startsWith(probe)) && !(served && r === served)),
    [],
  )
})
