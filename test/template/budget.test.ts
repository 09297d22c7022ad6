// src/template/budget.ts through the public API: templates that loop, grow or call expensive
// functions without bound fail with a TemplateBudgetError in Go's error shape, located at the
// action, naming the limit and never a data value; realistic ESO templates still render under
// the default budget; the limits are options and are exact at their edge. No row depends on
// timing: each hostile row fails at the call that would blow up, or after the default budget's
// million steps (a fraction of a second).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate, TemplateBudgetError, TemplateError, type TemplateOptions } from '../../src/template/index.ts'
import { Budget, BudgetExceeded, spendBytes, spendSteps, withBudget } from '../../src/template/budget.ts'

const CANARY = 'BUDGET-CANARY-s3cr3t-91fe'
const DATA = { secret: CANARY, user: 'admin' }

interface Hostile {
  name: string
  template: string
  limit: 'steps' | 'bytes'
  /** The action named in the message: `at <...>`. */
  at: string
  options?: TemplateOptions
}

const QUICK: TemplateOptions = { maxSteps: 250_000 }
const doubling = (step: string, then: string) => `{{ $d := dict "a" .secret }}{{ range until 40 }}{{ $d = ${step} }}{{ end }}${then}`
const growing = (step: string) => `{{ $s := .secret }}{{ range until 40 }}{{ $s = ${step} }}{{ end }}{{ len $s }}`

const hostile: Hostile[] = [
  { name: 'range over until 100000000 fails at until, before the list is made', template: '{{ range until 100000000 }}x{{ end }}', limit: 'bytes', at: 'until 100000000' },
  { name: 'range over the integer 100000000 runs out of steps at the range', template: '{{ range 100000000 }}x{{ end }}', limit: 'steps', at: 'range 100000000' },
  { name: 'seq with huge bounds fails before counting', template: '{{ seq 100000000 }}', limit: 'bytes', at: 'seq 100000000' },
  { name: 'seq with a step and huge bounds', template: '{{ seq 1 1 100000000 }}', limit: 'bytes', at: 'seq 1 1 100000000' },
  { name: 'untilStep 0 1000000000 1', template: '{{ untilStep 0 1000000000 1 | len }}', limit: 'bytes', at: 'untilStep 0 1000000000 1' },
  {
    // The price is charged before the call: under this budget not one key is made. (Under the
    // default budget three 4096-bit keys fit and the fourth call fails, seconds of work.)
    name: 'fifty genPrivateKey "rsa" calls fail before a key is made',
    template: '{{ range until 50 }}{{ genPrivateKey "rsa" }}{{ end }}',
    limit: 'steps',
    at: 'genPrivateKey "rsa"',
    options: { maxSteps: 200_000 },
  },
  { name: 'a dict that doubles itself through dict, printed', template: doubling('dict "k" $d "j" $d', '{{ $d }}'), limit: 'bytes', at: '$d' },
  { name: 'a dict that doubles itself through merge', template: doubling('merge (dict "k" $d "j" $d) $d', '{{ $d | toJson }}'), limit: 'steps', at: 'merge (dict "k" $d "j" $d) $d' },
  // The walkers below stop at the default budget too; a smaller one keeps the suite quick.
  { name: 'a doubled dict through toJson', template: doubling('dict "k" $d "j" $d', '{{ $d | toJson }}'), limit: 'steps', at: 'toJson', options: QUICK },
  { name: 'a doubled dict through toYaml', template: doubling('dict "k" $d "j" $d', '{{ $d | toYaml }}'), limit: 'steps', at: 'toYaml', options: QUICK },
  { name: 'a doubled dict through deepCopy', template: doubling('dict "k" $d "j" $d', '{{ $d | deepCopy | len }}'), limit: 'steps', at: 'deepCopy', options: QUICK },
  { name: 'a string doubled by print', template: growing('print $s $s'), limit: 'bytes', at: 'print $s $s' },
  { name: 'a string doubled by cat', template: growing('cat $s $s'), limit: 'bytes', at: 'cat $s $s' },
  { name: 'a string doubled by printf', template: growing('printf "%s%s" $s $s'), limit: 'steps', at: 'printf "%s%s" $s $s' },
  { name: 'a string doubled by repeat', template: growing('repeat 2 $s'), limit: 'bytes', at: 'repeat 2 $s' },
  { name: 'a string doubled by replace', template: growing('replace "-" "--" $s'), limit: 'bytes', at: 'replace "-" "--" $s' },
  { name: 'a string doubled by join', template: growing('list $s $s | join ""'), limit: 'bytes', at: 'join ""' },
  { name: 'a list doubled by concat', template: '{{ $l := list .secret }}{{ range until 40 }}{{ $l = concat $l $l }}{{ end }}{{ len $l }}', limit: 'bytes', at: 'concat $l $l' },
  { name: 'repeat 1000000000 fails before repeating', template: '{{ repeat 1000000000 .secret | len }}', limit: 'bytes', at: 'repeat 1000000000 .secret' },
  { name: 'indent by a million spaces per line', template: '{{ indent 1000000 (repeat 1000 "\\n") | len }}', limit: 'bytes', at: 'indent 1000000 (repeat 1000 "\\n")' },
  { name: 'splitList on the empty separator of a long string', template: '{{ splitList "" (repeat 5000000 "a") | len }}', limit: 'bytes', at: 'splitList "" (repeat 5000000 "a")' },
  { name: 'randAlphaNum of sixty million', template: '{{ randAlphaNum 60000000 | len }}', limit: 'steps', at: 'randAlphaNum 60000000' },
  { name: 'uniq of a hundred thousand', template: '{{ until 100000 | uniq | len }}', limit: 'steps', at: 'uniq', options: QUICK },
  // A billion-laughs document in fromYaml fails first as go-yaml fails it ("document contains
  // excessive aliasing", test/template/funcs/eso/yaml.test.ts); the budget is the backstop.
]

const SHAPE = /^template: t:(\d+):(\d+): executing "t" at <(.*)>: template execution budget exceeded: more than (\d+) (steps|bytes allocated)$/s

for (const c of hostile) {
  test(`budget: ${c.name} is a TemplateBudgetError`, () => {
    assert.throws(
      () => renderTemplate(c.template, DATA, c.options),
      (e: unknown) => {
        assert.ok(e instanceof TemplateBudgetError, `not a budget error: ${e}`)
        assert.ok(e instanceof TemplateError)
        assert.equal(e.name, 'TemplateBudgetError')
        assert.equal(e.phase, 'exec')
        assert.equal(e.limit, c.limit)
        const m = SHAPE.exec(e.message)
        assert.ok(m, e.message)
        assert.equal(m[3], c.at)
        assert.equal(Number(m[4]), c.limit === 'steps' ? (c.options?.maxSteps ?? 1_000_000) : 64 * 1024 * 1024)
        assert.equal(e.max, Number(m[4]))
        assert.ok(!e.message.includes(CANARY), `data in the message: ${e.message}`)
        return true
      },
    )
  })
}

// Realistic templates, in the style of ESO's documentation, render unchanged under the default budget.
const items = Array.from({ length: 1000 }, (_, i) => `item-${i}`)
const manyKeys = Object.fromEntries(items.map((k, i) => [k, `value-${i}`]))
const bigValue = Buffer.alloc(700 * 1024, 'k').toString('base64')
const configYaml = 'db:\n  host: db.example\n  port: 5432\nfeatures: [a, b, c]\n'

const realistic: { name: string; template: string; data: unknown; options?: TemplateOptions; want?: string | RegExp }[] = [
  {
    name: 'a JSON config from several keys',
    template: '{\n  "user": "{{ .user }}",\n  "password": "{{ .password }}",\n  "url": "postgres://{{ .user }}:{{ .password | urlquery }}@{{ .host }}:5432/app"\n}',
    data: { user: 'admin', password: 'p@ss', host: 'db' },
    options: { stringMap: true },
    want: '{\n  "user": "admin",\n  "password": "p@ss",\n  "url": "postgres://admin:p%40ss@db:5432/app"\n}',
  },
  {
    name: 'toJson of a dict',
    template: '{{ dict "user" .user "password" .password | toJson }}',
    data: { user: 'admin', password: 'p' },
    options: { stringMap: true },
    want: '{"password":"p","user":"admin"}',
  },
  {
    name: 'toPrettyJson of nested dicts and lists',
    template: '{{ dict "auths" (dict "registry.example" (dict "auth" (printf "%s:%s" .user .password | b64enc))) "list" (list 1 2 3) | toPrettyJson }}',
    data: { user: 'u', password: 'p' },
    options: { stringMap: true },
    want: /"auth": "dTpw"/,
  },
  { name: 'range over a list of 1,000', template: '{{ range $i, $v := .items }}{{ $i }}={{ $v | upper }}\n{{ end }}', data: { items }, want: /^0=ITEM-0\n[\s\S]*999=ITEM-999\n$/ },
  {
    name: 'range over 1,000 keys, each base64-encoded',
    template: '{{ range $k, $v := . }}{{ $k }}: {{ $v | b64enc }}\n{{ end }}',
    data: manyKeys,
    options: { stringMap: true },
    want: /item-999: dmFsdWUtOTk5\n/,
  },
  { name: 'a list of 1,000 joined and split again', template: '{{ $j := join "," .items }}{{ splitList "," $j | len }} {{ $j | sha256sum | len }}', data: { items }, want: '1000 64' },
  { name: 'a 1 MB value decoded and encoded again', template: '{{ .big | b64dec | b64enc | len }}', data: { big: bigValue }, options: { stringMap: true }, want: String(bigValue.length) },
  {
    name: 'fromYaml of a config, then fields and toYaml',
    template: '{{ $c := .config | fromYaml }}{{ $c.db.host }}:{{ $c.db.port }}\n{{ $c.features | toYaml }}',
    data: { config: configYaml },
    options: { stringMap: true },
    want: 'db.example:5432\n- a\n- b\n- c',
  },
  {
    name: 'an EC key, a self-signed certificate and a PKCS#12 bundle read back',
    template:
      '{{ $k := genPrivateKey "ecdsa" }}{{ $c := genSelfSignedCertWithKey "app.example" nil (list "app.example") 365 $k }}{{ $p := pemToPkcs12Pass $c.Cert $k "pw" }}{{ $p | b64dec | pkcs12certPass "pw" | filterPEM "CERTIFICATE" | len | lt 0 }}',
    data: {},
    want: 'true',
  },
  {
    name: 'an htpasswd line with bcrypt',
    template: '{{ htpasswd .user .password "bcrypt" | hasPrefix "admin:$2a$" }}',
    data: { user: 'admin', password: 'p' },
    options: { stringMap: true },
    want: 'true',
  },
  { name: 'a Docker config built with printf and b64enc in a range', template: '{{ range until 100 }}{{ printf "%s:%s" "u" "p" | b64enc }}{{ end }}', data: {}, want: 'dTpw'.repeat(100) },
]

for (const c of realistic) {
  test(`budget: realistic: ${c.name} renders under the default budget`, () => {
    const out = renderTemplate(c.template, c.data, c.options)
    if (typeof c.want === 'string') assert.equal(out, c.want)
    else if (c.want) assert.match(out, c.want)
  })
}

// The limits are options, tested small, and exact at their edge.
const edges: { name: string; template: string; options: TemplateOptions; want?: string; error?: string }[] = [
  { name: 'maxAllocBytes 10 holds repeat 10 "x"', template: '{{ repeat 10 "x" }}', options: { maxAllocBytes: 10 }, want: 'xxxxxxxxxx' },
  {
    name: 'maxAllocBytes 10 refuses repeat 11 "x" before repeating',
    template: '{{ repeat 11 "x" }}',
    options: { maxAllocBytes: 10 },
    error: 'template: t:1:3: executing "t" at <repeat 11 "x">: template execution budget exceeded: more than 10 bytes allocated',
  },
  { name: 'maxAllocBytes counts 16 bytes a list element', template: '{{ until 4 | len }}', options: { maxAllocBytes: 64 }, want: '4' },
  {
    name: 'one element more is over',
    template: '{{ until 5 | len }}',
    options: { maxAllocBytes: 64 },
    error: 'template: t:1:3: executing "t" at <until 5>: template execution budget exceeded: more than 64 bytes allocated',
  },
  { name: 'maxSteps 0 stops before the first node, which has no place yet', template: 'text', options: { maxSteps: 0 }, error: 'template: t: template execution budget exceeded: more than 0 steps' },
  {
    name: 'a step too many in a range body is reported at the range',
    template: 'a\n{{ range $i := until 100 }}x{{ end }}',
    options: { maxSteps: 50 },
    error: 'template: t:2:9: executing "t" at <range $i := until 100>: template execution budget exceeded: more than 50 steps',
  },
  {
    name: 'inside a defined template, the location is that template',
    template: '{{ define "loop" }}{{ range . }}x{{ end }}{{ end }}{{ template "loop" 1000 }}',
    options: { maxSteps: 50 },
    error: 'template: t:1:28: executing "loop" at <range .>: template execution budget exceeded: more than 50 steps',
  },
  {
    name: 'a call reads its strings: a step per 256 bytes',
    template: '{{ .s | len }}',
    options: { maxSteps: 10, stringMap: true },
    error: 'template: t:1:8: executing "t" at <len>: template execution budget exceeded: more than 10 steps',
  },
]

for (const c of edges) {
  test(`budget: ${c.name}`, () => {
    const data = { s: 'y'.repeat(256 * 10) }
    if (c.error === undefined) assert.equal(renderTemplate(c.template, data, c.options), c.want)
    else
      assert.throws(
        () => renderTemplate(c.template, data, c.options),
        (e: unknown) => e instanceof TemplateBudgetError && e.message === c.error,
      )
  })
}

test('budget: each execution has its own budget (a parsed template is cached, its spending is not)', () => {
  const options = { maxSteps: 1000 }
  for (let i = 0; i < 5; i++) assert.equal(renderTemplate('{{ range until 100 }}x{{ end }}', {}, options).length, 100)
})

test('budget: the output cap still applies, and is its own TemplateError', () => {
  assert.throws(
    () => renderTemplate('{{ .big }}', { big: 'z'.repeat(2000) }, { maxOutputBytes: 1000, stringMap: true }),
    (e: unknown) => e instanceof TemplateError && !(e instanceof TemplateBudgetError) && /output exceeds the limit of 1000 bytes/.test(e.message),
  )
})

test('budget: outside an execution nothing is charged; withBudget restores the budget it replaced', () => {
  assert.doesNotThrow(() => spendSteps(Number.MAX_SAFE_INTEGER))
  const outer = new Budget(10, 10)
  const inner = new Budget(1, 1)
  withBudget(outer, () => {
    assert.throws(() => withBudget(inner, () => spendSteps(2)), BudgetExceeded)
    spendSteps(5)
    spendBytes(5)
  })
  assert.deepEqual([outer.steps, outer.bytes, inner.steps], [5, 5, 2])
})
