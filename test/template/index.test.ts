// The public template API (src/template/index.ts): renderTemplate / renderTemplateBytes and their
// options (functions, missingKey, delimiters, stringMap, name, maxOutputBytes, maxDepth, random,
// now, onNondeterministic), the parse cache, how data reaches the engine, and TemplateError with
// its phase and Go-shaped messages. Rows marked "Go" were run through the project's oracle
// (test/support/go-oracle/, Debian's Go 1.19, Sprig 3.2.3) with the same template, data,
// missingkey, delimiters and data kind, and Go's answer is recorded here.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderTemplate, renderTemplateBytes, TemplateError, type TemplateOptions } from '../../src/template/index.ts'

interface Case {
  name: string
  template: string
  data?: unknown
  options?: TemplateOptions
  want?: string
  error?: string | RegExp
  phase?: 'parse' | 'exec'
}

function check(c: Case) {
  const run = () => renderTemplate(c.template, c.data, c.options)
  if (c.error === undefined) {
    assert.equal(run(), c.want)
    return
  }
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof TemplateError, `not a TemplateError: ${e}`)
    if (typeof c.error === 'string') assert.equal(e.message, c.error)
    else assert.match(e.message, c.error!)
    if (c.phase) assert.equal(e.phase, c.phase)
    return true
  })
}

const builtin = { functions: 'builtin' } as const
const sprig = { functions: 'sprig' } as const

const cases: Case[] = [
  // functions: which map the template is parsed and run with; eso is the default
  { name: "the default function set is ESO's (Sprig plus ESO's own)", template: '{{ dict "a" 1 | toYaml }}', data: {}, want: 'a: 1' },
  { name: "'sprig' has Sprig's functions (Go)", template: '{{upper "a"}}', options: sprig, want: 'A' },
  { name: "'sprig' lacks ESO's own functions", template: '{{ toYaml . }}', data: {}, options: sprig, error: 'template: t:1: function "toYaml" not defined', phase: 'parse' },
  { name: "'builtin' lacks Sprig's functions", template: '{{upper "a"}}', options: builtin, error: 'template: t:1: function "upper" not defined', phase: 'parse' },
  { name: 'an unknown function fails to parse whatever the data (Go)', template: '{{nope}}', options: builtin, error: 'template: t:1: function "nope" not defined', phase: 'parse' },
  // missingKey: ESO's set defaults to error, the others to Go's default
  { name: 'eso defaults to missingkey=error', template: '{{.x}}', data: {}, error: 'template: t:1:2: executing "t" at <.x>: map has no entry for key "x"', phase: 'exec' },
  { name: "eso's default can be overridden", template: '{{.x}}', data: {}, options: { missingKey: 'default' }, want: '<no value>' },
  { name: 'builtin defaults to missingkey=default (Go)', template: '{{.x}}', data: {}, options: builtin, want: '<no value>' },
  { name: 'sprig defaults to missingkey=default', template: '{{.x}}', data: {}, options: sprig, want: '<no value>' },
  {
    name: "missingkey=zero gives interface{}'s zero, which prints as <no value> (Go)",
    template: '{{.x}}|{{.a.b}}',
    data: { a: {} },
    options: { ...builtin, missingKey: 'zero' },
    want: '<no value>|<no value>',
  },
  {
    name: 'missingkey=error (Go)',
    template: '{{.a}}',
    data: {},
    options: { ...builtin, missingKey: 'error' },
    error: 'template: t:1:2: executing "t" at <.a>: map has no entry for key "a"',
    phase: 'exec',
  },
  {
    name: 'missingkey=error on nil data (Go)',
    template: '{{.x}}',
    data: null,
    options: { ...builtin, missingKey: 'error' },
    error: 'template: t:1:2: executing "t" at <.x>: nil data; no entry for key "x"',
  },
  {
    name: 'missingkey=error inside parentheses (Go)',
    template: '{{(.a).b}}',
    data: { a: {} },
    options: { ...builtin, missingKey: 'error' },
    error: 'template: t:1:3: executing "t" at <.a>: map has no entry for key "b"',
  },
  // stringMap: data is a Go map[string]string, as ESO hands secret data to templates
  {
    name: 'a string map is map[string]string; a missing index is "" (Go)',
    template: '{{printf "%T" .}}|{{.a}}|{{index . "nope"}}|{{len .}}',
    data: { a: 'b' },
    options: { ...builtin, stringMap: true },
    want: 'map[string]string|b||1',
  },
  { name: 'string map, missingkey=zero gives "" (Go)', template: '{{.x}}', data: { a: 'b' }, options: { ...builtin, stringMap: true, missingKey: 'zero' }, want: '' },
  { name: 'string map, missingkey=default gives <no value> (Go)', template: '{{.x}}', data: { a: 'b' }, options: { ...builtin, stringMap: true, missingKey: 'default' }, want: '<no value>' },
  {
    name: 'string map, missingkey=error (Go)',
    template: '{{.x}}',
    data: { a: 'b' },
    options: { ...builtin, stringMap: true, missingKey: 'error' },
    error: 'template: t:1:2: executing "t" at <.x>: map has no entry for key "x"',
  },
  {
    name: 'string map values that are not strings become strings, null becomes ""',
    template: '{{.a}}|{{.b}}|{{.c}}|{{printf "%T" .a}}',
    data: { a: 1, b: null, c: true },
    options: { ...builtin, stringMap: true },
    want: '1||true|string',
  },
  { name: 'a string map may be given as a Map', template: '{{.k}}', data: new Map([['k', 'v']]), options: { ...builtin, stringMap: true }, want: 'v' },
  // delimiters
  { name: 'custom delimiters; the default ones are then text (Go)', template: '[[.a]] {{.a}}', data: { a: 1 }, options: { ...builtin, delimiters: ['[[', ']]'] }, want: '1 {{.a}}' },
  { name: 'delimiters of other characters (Go)', template: '<%.a%>', data: { a: 1 }, options: { ...builtin, delimiters: ['<%', '%>'] }, want: '1' },
  { name: 'trim markers with custom delimiters (Go)', template: '[[- .a -]] x', data: { a: 1 }, options: { ...builtin, delimiters: ['[[', ']]'] }, want: '1x' },
  { name: 'comments with custom delimiters (Go)', template: '[[/* c */]]ok', options: { ...builtin, delimiters: ['[[', ']]'] }, want: 'ok' },
  // name: the template's name in messages
  {
    name: 'the name appears in exec errors',
    template: '{{ .x }}',
    data: {},
    options: { name: 'my-secret' },
    error: 'template: my-secret:1:3: executing "my-secret" at <.x>: map has no entry for key "x"',
  },
  { name: 'the name appears in parse errors', template: '{{ nope }}', options: { name: 'my-secret' }, error: 'template: my-secret:1: function "nope" not defined', phase: 'parse' },
  {
    name: 'a name is quoted as strconv.Quote quotes it after "executing", as is (%s) before (Go)',
    template: '{{len 1}}',
    options: { ...builtin, name: 'a\x01\u00a0' },
    error: 'template: a\x01\u00a0:1:2: executing "a\\x01\\u00a0" at <len 1>: error calling len: len of type int',
  },
  {
    name: 'a defined template names the parsed one as is, and itself quoted (Go)',
    template: '{{define "x"}}{{len 1}}{{end}}{{template "x" .}}',
    options: { ...builtin, name: 'a\x01\u00a0' },
    error: 'template: a\x01\u00a0:1:16: executing "x" at <len 1>: error calling len: len of type int',
  },
  // template names are Go strings: bytes, kept apart where they are not UTF-8, quoted as strconv.Quote does
  { name: 'names that are not UTF-8 stay distinct (Go)', template: '{{define "\\xff"}}A{{end}}{{define "\\xfe"}}B{{end}}{{template "\\xff"}}{{template "\\xfe"}}', options: builtin, want: 'AB' },
  { name: 'the byte 0xff is not the rune U+00FF (Go)', template: '{{define "\\u00ff"}}A{{end}}{{define "\\xff"}}B{{end}}{{template "\\u00ff"}}{{template "\\xff"}}', options: builtin, want: 'AB' },
  { name: 'a leading U+FEFF is part of a name (Go)', template: '{{define "\\ufeffx"}}A{{end}}{{define "x"}}B{{end}}{{template "\\ufeffx"}}{{template "x"}}', options: builtin, want: 'AB' },
  {
    name: 'a name that is not UTF-8 is quoted with \\x escapes (Go)',
    template: '{{define "\\xff"}}{{len 1}}{{end}}{{template "\\xff" .}}',
    options: builtin,
    error: 'template: t:1:19: executing "\\xff" at <len 1>: error calling len: len of type int',
  },
  {
    name: 'an undefined template is quoted as strconv.Quote does, in the node and the message (Go)',
    template: '{{template "a\\u2028\\u00a0\\x01\\x7f"}}',
    options: builtin,
    error: 'template: t:1:11: executing "t" at <{{template "a\\u2028\\u00a0\\x01\\x7f"}}>: template "a\\u2028\\u00a0\\x01\\x7f" not defined',
  },
  {
    name: 'a second definition of a name that is not UTF-8 (Go)',
    template: '{{define "\\xff"}}A{{end}}{{define "\\xff"}}B{{end}}',
    options: builtin,
    error: 'template: t:1: template: multiple definition of template "\\xff"',
    phase: 'parse',
  },
  { name: 'a define name that does not unquote is a parse error (Go)', template: '{{define "\\q"}}{{end}}', options: builtin, error: 'template: t:1: invalid syntax', phase: 'parse' },
  {
    name: 'an action left open inside a define names the parsed template (Go)',
    template: '{{define "x"}}{{.a\n"b}}{{end}}',
    options: builtin,
    error: 'template: t:2: unterminated quoted string in action started at t:1',
    phase: 'parse',
  },
  // data: decoded as Go's encoding/json decodes into interface{}
  { name: 'nil data is no value at all (Go)', template: '{{.}}', data: null, options: builtin, want: '<no value>' },
  { name: 'undefined data is nil data', template: '{{.}}|{{.x}}', data: undefined, options: builtin, want: '<no value>|<no value>' },
  { name: 'an empty template renders nothing (Go)', template: '', options: builtin, want: '' },
  { name: 'a template that only defines others renders nothing (Go)', template: '{{define "x"}}X{{end}}', options: builtin, want: '' },
  {
    name: 'JSON numbers are float64 (Go)',
    template: '{{printf "%T %v" .n .n}}|{{printf "%T" .l}}|{{printf "%T" .b}}',
    data: { n: 1e6, l: [1], b: false },
    options: builtin,
    want: 'float64 1e+06|[]interface {}|bool',
  },
  { name: 'float64 prints as %v does (Go)', template: '{{.a}} {{.b}} {{.c}}', data: { a: 1e21, b: 12345678, c: -0.0000001 }, options: builtin, want: '1e+21 1.2345678e+07 -1e-07' },
  { name: 'bigints are numbers too, so float64', template: '{{printf "%T" .n}} {{.n}}', data: { n: 10n }, options: builtin, want: 'float64 10' },
  { name: 'bytes in JSON data are strings', template: '{{printf "%T" .b}} {{.b}}', data: { b: new Uint8Array([104, 105]) }, options: builtin, want: 'string hi' },
  { name: 'a Map is a map', template: '{{.a}} {{printf "%T" .}}', data: new Map([['a', 1]]), options: builtin, want: '1 map[string]interface {}' },
  // a field of an element of a []interface{} or map[string]interface{} is looked up on type interface {}
  // until a pipeline takes the element out of it (Go's evalPipeline digs into the interface)
  {
    name: 'a field of a map value: interface {} (Go)',
    template: '{{.a.b}}',
    data: { a: 'str' },
    options: builtin,
    error: 'template: t:1:4: executing "t" at <.a.b>: can\'t evaluate field b in type interface {}',
  },
  {
    name: 'a field of a nested map value (Go)',
    template: '{{.a.b.c}}',
    data: { a: { b: ['x'] } },
    options: builtin,
    error: 'template: t:1:4: executing "t" at <.a.b.c>: can\'t evaluate field c in type interface {}',
  },
  {
    name: 'a field of a map value through $ (Go)',
    template: '{{$.a.b}}',
    data: { a: 1 },
    options: builtin,
    error: 'template: t:1:3: executing "t" at <$.a.b>: can\'t evaluate field b in type interface {}',
  },
  {
    name: 'a field of a map value as an argument (Go)',
    template: '{{len .a.b}}',
    data: { a: true },
    options: builtin,
    error: 'template: t:1:8: executing "t" at <.a.b>: can\'t evaluate field b in type interface {}',
  },
  { name: 'a field of the data itself: its own type (Go)', template: '{{.b}}', data: 'str', options: builtin, error: 'template: t:1:2: executing "t" at <.b>: can\'t evaluate field b in type string' },
  {
    name: 'a field of a map[string]string value: string (Go)',
    template: '{{.a.b}}',
    data: { a: 's' },
    options: { ...builtin, stringMap: true },
    error: 'template: t:1:4: executing "t" at <.a.b>: can\'t evaluate field b in type string',
  },
  {
    name: 'a field of a variable set by a pipeline: its own type (Go)',
    template: '{{$x := .a}}{{$x.b}}',
    data: { a: 'str' },
    options: builtin,
    error: 'template: t:1:16: executing "t" at <$x.b>: can\'t evaluate field b in type string',
  },
  {
    name: "a field of with's dot: its own type (Go)",
    template: '{{with .a}}{{.b}}{{end}}',
    data: { a: 'str' },
    options: builtin,
    error: 'template: t:1:13: executing "t" at <.b>: can\'t evaluate field b in type string',
  },
  {
    name: "a field of range's dot over a slice (Go)",
    template: '{{range .l}}{{.b}}{{end}}',
    data: { l: ['str'] },
    options: builtin,
    error: 'template: t:1:14: executing "t" at <.b>: can\'t evaluate field b in type interface {}',
  },
  {
    name: "a field of range's dot over a map, inside an if (Go)",
    template: '{{range .m}}{{if .}}{{.b}}{{end}}{{end}}',
    data: { m: { k: 'str' } },
    options: builtin,
    error: 'template: t:1:22: executing "t" at <.b>: can\'t evaluate field b in type interface {}',
  },
  {
    name: "a field of range's element variable (Go)",
    template: '{{range $i, $x := .l}}{{$x.b}}{{end}}',
    data: { l: ['str'] },
    options: builtin,
    error: 'template: t:1:26: executing "t" at <$x.b>: can\'t evaluate field b in type interface {}',
  },
  {
    name: "a field of range's index variable: int (Go)",
    template: '{{range $i, $x := .l}}{{$i.b}}{{end}}',
    data: { l: ['str'] },
    options: builtin,
    error: 'template: t:1:26: executing "t" at <$i.b>: can\'t evaluate field b in type int',
  },
  {
    name: 'a field of a range variable assigned again (Go)',
    template: '{{range $x := .l}}{{$x = .}}{{$x.b}}{{end}}',
    data: { l: ['str'] },
    options: builtin,
    error: 'template: t:1:32: executing "t" at <$x.b>: can\'t evaluate field b in type string',
  },
  {
    name: 'a field of dot in a template invoked from a range (Go)',
    template: '{{range .l}}{{template "x" .}}{{end}}{{define "x"}}{{.b}}{{end}}',
    data: { l: ['str'] },
    options: builtin,
    error: 'template: t:1:53: executing "x" at <.b>: can\'t evaluate field b in type string',
  },
  {
    name: 'a field of a parenthesized dot (Go)',
    template: '{{range .l}}{{(.).b}}{{end}}',
    data: { l: ['str'] },
    options: builtin,
    error: 'template: t:1:15: executing "t" at <.>: can\'t evaluate field b in type string',
  },
  // TemplateError: Go-shaped, positioned, phase-tagged
  { name: 'a parse error names the line (Go)', template: '{{if .a}}{{end}}\n\n{{else}}', options: builtin, error: 'template: t:3: unexpected {{else}}', phase: 'parse' },
  { name: 'a parse error for a missing pipeline (Go)', template: '{{if}}', options: builtin, error: 'template: t:1: missing value for if', phase: 'parse' },
  {
    name: 'an exec error names line and byte column (Go)',
    template: 'line1\n  {{index .l "x"}}',
    data: { l: [] },
    options: builtin,
    error: 'template: t:2:4: executing "t" at <index .l "x">: error calling index: cannot index slice/array with type string',
    phase: 'exec',
  },
  { name: 'columns count bytes, not characters (Go)', template: 'é{{len 1}}', options: builtin, error: 'template: t:1:4: executing "t" at <len 1>: error calling len: len of type int', phase: 'exec' },
  // limits
  { name: 'output up to the cap is fine (bytes, not characters)', template: 'ééé', options: { ...builtin, maxOutputBytes: 6 }, want: 'ééé' },
  { name: 'one byte over the cap is an error', template: 'éééa', options: { ...builtin, maxOutputBytes: 6 }, error: 'template: t: output exceeds the limit of 6 bytes', phase: 'exec' },
  { name: 'a zero cap allows only empty output', template: '{{""}}', options: { ...builtin, maxOutputBytes: 0 }, want: '' },
  {
    name: 'data output counts against the cap, with the action named',
    template: '{{.a}}{{.a}}',
    data: { a: 'xxxx' },
    options: { ...builtin, maxOutputBytes: 7 },
    error: 'template: t:1:8: executing "t" at <.a>: output exceeds the limit of 7 bytes',
  },
  { name: 'template nesting up to maxDepth works', template: '{{define "a"}}A{{template "b"}}{{end}}{{define "b"}}B{{end}}{{template "a"}}', options: { ...builtin, maxDepth: 2 }, want: 'AB' },
  {
    name: 'template nesting past maxDepth is an error',
    template: '{{define "a"}}A{{template "b"}}{{end}}{{define "b"}}B{{end}}{{template "a"}}',
    options: { ...builtin, maxDepth: 1 },
    error: /executing "a" at <.*template "b".*>: exceeded maximum template depth \(1\)$/,
    phase: 'exec',
  },
  // Go stops at 100000; this engine's default is 1000.
  {
    name: 'the default depth limit is 1000',
    template: '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}',
    options: builtin,
    error: /exceeded maximum template depth \(1000\)$/,
    phase: 'exec',
  },
]
for (const c of cases) test(`renderTemplate: ${c.name}`, () => check(c))

// ---- bytes in, bytes out ----

test('renderTemplateBytes keeps bytes that are not UTF-8; renderTemplate decodes them as U+FFFD', () => {
  const data = new Map([['a', new Uint8Array([0xff, 0x41])]])
  assert.deepEqual([...renderTemplateBytes('{{.a}}', data, { stringMap: true })], [0xff, 0x41])
  assert.equal(renderTemplate('{{.a}}', data, { stringMap: true }), '\uFFFDA')
  assert.deepEqual([...renderTemplateBytes('{{"\\xc3"}}', null, builtin)], [0xc3])
})

test('renderTemplateBytes returns a Uint8Array, UTF-8 encoded', () => {
  const out = renderTemplateBytes('é{{.}}', 'ü', builtin)
  assert.ok(out instanceof Uint8Array)
  assert.equal(Buffer.from(out).toString('hex'), 'c3a9c3bc')
})

// ---- the random source and the clock ----

const pinned: TemplateOptions = { functions: 'sprig', random: () => 0.5, now: () => new Date(Date.UTC(2001, 1, 3)) }

test('random and now are pinned by the options', () => {
  const t = '{{randAlphaNum 8}} {{now | unixEpoch}}'
  assert.equal(renderTemplate(t, null, pinned), 'VVVVVVVV 981158400')
  assert.equal(renderTemplate(t, null, pinned), renderTemplate(t, null, pinned))
})

test('without a pinned random source, random output differs between renders', () => {
  const t = '{{randAlphaNum 32}}'
  assert.notEqual(renderTemplate(t, null, sprig), renderTemplate(t, null, sprig))
})

test('onNondeterministic hears every read of the random source and of the clock', () => {
  const heard: string[] = []
  renderTemplate('{{randAlphaNum 3}}{{now | unixEpoch}}', null, { ...pinned, onNondeterministic: (n) => heard.push(n) })
  assert.deepEqual(heard, ['random', 'random', 'random', 'now'])
})

test('onNondeterministic hears a function that draws on the OS, by name', () => {
  const heard: string[] = []
  assert.match(renderTemplate('{{genPrivateKey "ecdsa"}}', null, { functions: 'sprig', onNondeterministic: (n) => heard.push(n) }), /^-----BEGIN EC PRIVATE KEY-----\n/)
  assert.deepEqual(heard, ['genPrivateKey'])
})

test('onNondeterministic hears nothing from a repeatable template', () => {
  const heard: string[] = []
  assert.equal(renderTemplate('{{ "a" | b64enc }} {{ sha256sum "a" | trunc 8 }}', null, { ...pinned, onNondeterministic: (n) => heard.push(n) }), 'YQ== ca978112')
  assert.deepEqual(heard, [])
})

// ---- the parse cache ----

test('the parse cache keys on the function set: text valid for one set still fails for another', () => {
  const t = '{{ "a" | upper }}'
  assert.equal(renderTemplate(t, null, sprig), 'A')
  check({ name: '', template: t, options: builtin, error: 'template: t:1: function "upper" not defined', phase: 'parse' })
  assert.equal(renderTemplate(t, null, sprig), 'A')
})

test('the parse cache keys on the delimiters and the name', () => {
  const t = '[[.a]]{{.a}}'
  assert.equal(renderTemplate(t, { a: 1 }, builtin), '[[.a]]1')
  assert.equal(renderTemplate(t, { a: 1 }, { ...builtin, delimiters: ['[[', ']]'] }), '1{{.a}}')
  check({ name: '', template: '{{.x}}', data: {}, options: { name: 'one' }, error: /^template: one:1:2: / })
  check({ name: '', template: '{{.x}}', data: {}, options: { name: 'two' }, error: /^template: two:1:2: / })
})

test('a parse failure is remembered and fails the same way again', () => {
  const first = () => renderTemplate('{{ nope-cached }}', null, builtin)
  let message = ''
  assert.throws(first, (e: unknown) => e instanceof TemplateError && (message = e.message) !== '')
  assert.throws(first, (e: unknown) => e instanceof TemplateError && e.phase === 'parse' && e.message === message)
})

test('many distinct templates (past the cache size) all render right', () => {
  for (let i = 0; i < 1100; i++) assert.equal(renderTemplate(`{{${i}}}-x`, null, builtin), `${i}-x`)
  assert.equal(renderTemplate('{{0}}-x', null, builtin), '0-x')
})

// ---- TemplateError ----

test('TemplateError is an Error named TemplateError with a phase', () => {
  const e = new TemplateError('exec', { location: 'template: t', detail: 'boom' })
  assert.ok(e instanceof Error)
  assert.equal(e.name, 'TemplateError')
  assert.equal(e.phase, 'exec')
  assert.equal(e.message, 'template: t: boom')
})

test("TemplateError keeps a function's own message apart from Go's location", () => {
  const cases: { text: string; parts: Record<string, unknown> }[] = [
    {
      text: '{{ "s3cr3t" | fail }}',
      parts: { location: 'template: t:1:14', executing: '"t"', action: 'fail', detail: 'error calling fail: s3cr3t', calling: { name: 'fail', message: 's3cr3t' } },
    },
    { text: '{{ .a.b }}', parts: { location: 'template: t:1:5', executing: '"t"', action: '.a.b', detail: 'nil pointer evaluating interface {}.b' } },
    { text: '{{ if }}', parts: { location: 'template: t:1', detail: 'missing value for if' } },
  ]
  for (const c of cases) {
    assert.throws(
      () => renderTemplate(c.text, { a: null }, { functions: 'sprig' }),
      (e: unknown) => {
        assert.ok(e instanceof TemplateError)
        assert.deepEqual({ ...e.parts }, c.parts)
        return true
      },
    )
  }
})

test('data nested deeper than the engine can walk is a TemplateError, not a stack overflow', () => {
  let deep: unknown = 1
  for (let i = 0; i < 200_000; i++) deep = [deep]
  check({ name: '', template: '{{.}}', data: deep, options: builtin, error: 'template: t: execution nested too deeply for this engine', phase: 'exec' })
})

test('errors name keys and types, never data values', () => {
  const data = { user: 'CANARY-user', nested: { pw: 'CANARY-pw' }, n: 31337 }
  for (const t of ['{{.missing}}', '{{.nested.nope}}', '{{.user.x}}', '{{len .n}}', '{{index .nested 1}}', '{{range .n}}{{end}}']) {
    assert.throws(
      () => renderTemplate(t, data),
      (e: unknown) => e instanceof TemplateError && !/CANARY|31337/.test(e.message),
      t,
    )
  }
})

// Go's error locations, found by this twin and fixed: a merged field chain sits at its first added
// field, errors name the template the text was parsed as, and {{template}} shows in the context.
const goError = (t: string, data: unknown, o: Parameters<typeof renderTemplate>[2] = {}) => {
  try {
    return renderTemplate(t, data, o)
  } catch (e) {
    return (e as Error).message
  }
}
test('a multi-segment field is positioned at its second segment, as Go positions it (parse.ts:453)', () => {
  assert.equal(goError('{{.data.password}}', { data: { user: 'u' } }), 'template: t:1:7: executing "t" at <.data.password>: map has no entry for key "password"')
  assert.equal(goError('{{.a.b.c}}', { a: { b: {} } }), 'template: t:1:4: executing "t" at <.a.b.c>: map has no entry for key "c"')
})
test('a variable with fields is positioned at its first field (parse.ts:456)', () => {
  assert.equal(goError('{{$.a.b}}', { a: {} }), 'template: t:1:3: executing "t" at <$.a.b>: map has no entry for key "b"')
  assert.equal(goError('{{$x := .}}{{$x.a.b}}', { a: {} }), 'template: t:1:15: executing "t" at <$x.a.b>: map has no entry for key "b"')
})
test('a failing {{template}} is shown as {{template "x"}} in the context (exec.ts:173)', () => {
  assert.equal(goError('{{template "nope"}}', null, { functions: 'builtin' }), 'template: t:1:11: executing "t" at <{{template "nope"}}>: template "nope" not defined')
})
test('errors inside a defined template are located in the parsed template (Go: ParseName) (exec.ts:62-69, parse errorf)', () => {
  assert.equal(goError('{{define "x"}}{{.nope}}{{end}}line\n{{template "x" .}}', {}), 'template: t:1:16: executing "x" at <.nope>: map has no entry for key "nope"')
  assert.equal(goError('{{block "b" .}}{{len 1}}{{end}}', null, { functions: 'builtin' }), 'template: t:1:17: executing "b" at <len 1>: error calling len: len of type int')
  assert.equal(goError('{{define "x"}}{{nope}}{{end}}', null, { functions: 'builtin' }), 'template: t:1: function "nope" not defined')
})

test('one text under many names: each name is its own in errors, whichever name parsed the text first', () => {
  const text = '{{ .user }}:{{ .pass }}'
  assert.equal(renderTemplate(text, { user: 'u', pass: 'p' }, { name: 'first' }), 'u:p')
  assert.equal(renderTemplate(text, { user: 'v', pass: 'q' }, { name: 'second' }), 'v:q')
  for (const name of ['second', 'third', 'first']) {
    assert.throws(
      () => renderTemplate(text, { user: 'u' }, { name }),
      (e: unknown) => e instanceof TemplateError && e.message === `template: ${name}:1:15: executing "${name}" at <.pass>: map has no entry for key "pass"`,
    )
  }
  // A parse error names the template it was parsed as.
  for (const name of ['a', 'b'])
    assert.throws(
      () => renderTemplate('{{ .x ', {}, { name }),
      (e: unknown) => e instanceof TemplateError && e.message.startsWith(`template: ${name}:1: `),
    )
})

test('a text whose actions name templates is parsed under each name: a define may collide with the name, a template call may call it', () => {
  const text = '{{ define "x" }}inner{{ end }}{{ template "x" }}'
  assert.equal(renderTemplate(text, {}, { name: 'y' }), 'inner')
  // Under the name "x" the define collides with the template itself, as in Go.
  assert.throws(
    () => renderTemplate(text, {}, { name: 'x' }),
    (e: unknown) => e instanceof TemplateError && e.message === 'template: x:1: template: multiple definition of template "x"',
  )
  const recursive = '{{ if .n }}{{ template "self" (dict "n" 0) }}{{ else }}end{{ end }}'
  assert.equal(renderTemplate(recursive, { n: 1 }, { name: 'self' }), 'end')
  assert.throws(
    () => renderTemplate(recursive, { n: 1 }, { name: 'other' }),
    (e: unknown) => e instanceof TemplateError && /template "self" not defined/.test(e.message),
  )
})
