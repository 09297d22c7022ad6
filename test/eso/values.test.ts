import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseJson, type JsonObject } from '../../src/go/json.ts'
import {
  checkNullBytes,
  checkNullBytesMap,
  convertKeys,
  decodeMap,
  decodeValue,
  extractSecretMap,
  NotFound,
  propertyNotFoundError,
  requireSecretValueBytes,
  secretValueBytes,
  validateKeys,
  ValueError,
  type ConversionStrategy,
  type DecodingStrategy,
} from '../../src/eso/values.ts'

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8')
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))
const secret = (json: string) => parseJson(json) as JsonObject
const fromMap = (m: Map<string, Uint8Array>) => Object.fromEntries([...m].map(([k, v]) => [k, text(v)]))
const toMap = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, bytes(v)]))

const CFG =
  '{"port": 5432, "ratio": 1.50, "on": true, "name": "x", "db": {"port": 5432, "ratio": 2.50, "tag": "<a&b>"}, "hosts": ["h1", "h2"], "a.b": "dotted", "a": {"b": "nested"}, "nil": null, "json": "{\\"k\\": 1.50}", "big": 12345678901234567890}'

// property: `want` is the value's text, NotFound when ESO fails with `cannot find secret data for key`.
const properties: { name: string; json: string; property?: string; want: string | typeof NotFound }[] = [
  {
    name: 'conformance no-property-whole-json-number-literals: whole secret as Go JSON, literals kept',
    json: '{"port": 5432, "ratio": 1.50, "on": true, "name": "x"}',
    want: '{"name":"x","on":true,"port":5432,"ratio":1.50}',
  },
  {
    name: 'conformance template-fromJson-whole-secret: nested object, array, bool, null',
    json: '{"db":{"host":"db.internal","port":5432},"hosts":["a","b"],"enabled":true,"token":null}',
    want: '{"db":{"host":"db.internal","port":5432},"enabled":true,"hosts":["a","b"],"token":null}',
  },
  { name: 'conformance data-decoding-base64: a plain string property', json: '{"a":"aGVsbG8="}', property: 'a', want: 'aGVsbG8=' },
  { name: 'empty property is the whole secret too', json: '{"b":"<&>","a":1}', property: '', want: '{"a":1,"b":"\\u003c\\u0026\\u003e"}' },
  { name: 'a top-level number keeps its literal', json: CFG, property: 'ratio', want: '1.50' },
  { name: 'a top-level big integer keeps every digit', json: CFG, property: 'big', want: '12345678901234567890' },
  { name: 'a top-level bool', json: CFG, property: 'on', want: 'true' },
  { name: 'a top-level null is empty', json: CFG, property: 'nil', want: '' },
  { name: 'a top-level key with a dot wins over the gjson path', json: CFG, property: 'a.b', want: 'dotted' },
  { name: 'a top-level object is Go JSON (sorted, HTML-escaped, literals kept)', json: CFG, property: 'db', want: '{"port":5432,"ratio":2.50,"tag":"\\u003ca\\u0026b\\u003e"}' },
  { name: 'a top-level array is Go JSON', json: CFG, property: 'hosts', want: '["h1","h2"]' },
  { name: 'a top-level string holding JSON is returned as is', json: CFG, property: 'json', want: '{"k": 1.50}' },
  { name: 'gjson re-prints a nested fraction as the shortest decimal', json: CFG, property: 'db.ratio', want: '2.5' },
  { name: 'gjson keeps a nested integer literal', json: CFG, property: 'db.port', want: '5432' },
  { name: 'gjson unescapes the HTML-escaped nested string', json: CFG, property: 'db.tag', want: '<a&b>' },
  { name: 'gjson array index', json: CFG, property: 'hosts.1', want: 'h2' },
  { name: 'gjson array length', json: CFG, property: 'hosts.#', want: '2' },
  { name: 'gjson wildcard key', json: CFG, property: 'd*.port', want: '5432' },
  { name: 'gjson escaped dot reaches the dotted key', json: CFG, property: 'a\\.b', want: 'dotted' },
  { name: 'gjson cannot see inside a JSON string', json: CFG, property: 'json.k', want: NotFound },
  { name: 'gjson nested null is empty', json: '{"o":{"n":null}}', property: 'o.n', want: '' },
  { name: 'no match is NotFound', json: CFG, property: 'db.nope', want: NotFound },
  { name: 'out-of-range index is NotFound', json: CFG, property: 'hosts.5', want: NotFound },
]
for (const c of properties) {
  test(`secretValueBytes: ${c.name}`, () => {
    const got = secretValueBytes(secret(c.json), c.property)
    assert.equal(got === NotFound ? NotFound : text(got), c.want)
  })
}

test("requireSecretValueBytes: NotFound is PROPERTY_NOT_FOUND with ESO's %q message", () => {
  assert.throws(
    () => requireSecretValueBytes(secret(CFG), 'db."nope"'),
    (e: unknown) => e instanceof ValueError && e.code === 'PROPERTY_NOT_FOUND' && e.message === 'cannot find secret data for key: "db.\\"nope\\""',
  )
  assert.equal(propertyNotFoundError('x').message, 'cannot find secret data for key: "x"')
})

const extracts: { name: string; json: string; want: Record<string, string> }[] = [
  { name: 'conformance extract-flat', json: '{"password":"s3cr3t","username":"admin"}', want: { password: 's3cr3t', username: 'admin' } },
  {
    name: 'numbers go through float64, nested ones too; strings raw; bool; null empty',
    json: '{"s":"v<&>","o":{"b":1.50,"a":[1e21, 1e-7, -0]},"t":true,"n":null,"i":42,"f":1.50,"big":12345678901234567890,"e":1e21,"z":-0}',
    want: { s: 'v<&>', o: '{"a":[1e+21,1e-7,-0],"b":1.5}', t: 'true', n: '', i: '42', f: '1.5', big: '12345678901234567000', e: '1000000000000000000000', z: '-0' },
  },
  { name: 'nested strings are HTML-escaped by json.Marshal', json: '{"o":{"h":"<b>&"}}', want: { o: '{"h":"\\u003cb\\u003e\\u0026"}' } },
  { name: 'JSON null is a nil map: no keys, no error', json: 'null', want: {} },
  { name: 'a duplicate key keeps the last value', json: '{"a":"1","a":"2"}', want: { a: '2' } },
]
for (const c of extracts) test(`extractSecretMap: ${c.name}`, () => assert.deepEqual(fromMap(extractSecretMap(bytes(c.json))), c.want))

test('extractSecretMap over secretValueBytes: a property that selects a nested object (§5.4)', () => {
  const v = secretValueBytes(secret('{"db":{"port":5432,"ratio":1.50}}'), 'db')
  assert.notEqual(v, NotFound)
  assert.deepEqual(fromMap(extractSecretMap(v as Uint8Array)), { port: '5432', ratio: '1.5' })
})

const SECRET = 'hunter2'
const badExtracts: { name: string; json: string; message: string }[] = [
  { name: 'a JSON string', json: `"${SECRET}"`, message: 'json: cannot unmarshal string into Go value of type map[string]interface {}' },
  { name: 'a number', json: '42', message: 'json: cannot unmarshal number into Go value of type map[string]interface {}' },
  { name: 'an array', json: `["${SECRET}"]`, message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
  { name: 'a bool', json: 'true', message: 'json: cannot unmarshal bool into Go value of type map[string]interface {}' },
  { name: 'plain text', json: SECRET, message: 'invalid character looking for beginning of value (offset 0)' },
  { name: 'empty bytes (a null property)', json: '', message: 'unexpected end of JSON input' },
  { name: 'a number overflowing float64', json: '{"a":1e400}', message: 'json: cannot unmarshal number into Go value of type float64' },
]
for (const c of badExtracts) {
  test(`extractSecretMap rejects ${c.name} with a Go-like message that hides the value`, () => {
    assert.throws(
      () => extractSecretMap(bytes(c.json)),
      (e: unknown) => e instanceof ValueError && e.code === 'NOT_A_JSON_OBJECT' && e.message === c.message && !e.message.includes(SECRET),
    )
  })
}

const conversions: { name: string; strategy: ConversionStrategy; input: Record<string, string>; want: Record<string, string> }[] = [
  {
    name: 'conformance extract-conversion-default',
    strategy: '',
    input: { 'db/host': 'h', 'my key': 'k', ключ: 'u', 'a.b-c_d': 'ok' },
    want: { 'a.b-c_d': 'ok', db_host: 'h', my_key: 'k', ключ: 'u' },
  },
  { name: 'Default equals empty', strategy: 'Default', input: { 'a:b@c': 'v' }, want: { a_b_c: 'v' } },
  { name: 'Unicode writes _U%04x_ lower-case', strategy: 'Unicode', input: { 'db/host': 'h', 'my key': 'k', 'x~': 'y' }, want: { db_U002f_host: 'h', my_U0020_key: 'k', x_U007e_: 'y' } },
  { name: 'Unicode uses 5 hex digits above U+FFFF', strategy: 'Unicode', input: { 'a😀': 'v' }, want: { a_U1f600_: 'v' } },
  { name: 'digits of other scripts and letters with marks are kept', strategy: 'Default', input: { '٣x': 'v' }, want: { '٣x': 'v' } },
]
for (const c of conversions) test(`convertKeys: ${c.name}`, () => assert.deepEqual(fromMap(convertKeys(toMap(c.input), c.strategy)), c.want))

test("convertKeys: two keys landing on one name fail with ESO's collision error", () => {
  assert.throws(
    () => convertKeys(toMap({ 'a/b': '1', 'a b': '2' }), 'Default'),
    (e: unknown) =>
      e instanceof ValueError &&
      e.code === 'KEY_COLLISION' &&
      e.message === 'error applying conversion strategy Default to keys: secret name collision during conversion: a_b' &&
      e.detail === 'secret name collision during conversion: a_b',
  )
})

const validations: { name: string; input: Record<string, string>; want?: string[]; error?: string }[] = [
  { name: 'empty keys are dropped silently', input: { '': 'x', ok: 'y' }, want: ['ok'] },
  { name: 'letters, digits, - . _ are valid (Unicode letters too)', input: { 'a-b.c_d9': '1', ключ: '2' }, want: ['a-b.c_d9', 'ключ'] },
  {
    name: 'an invalid character is named with the key',
    input: { 'a/b': 'x' },
    error: "invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): key has invalid character /, only alphanumeric, '-', '.' and '_' are allowed: a/b",
  },
  {
    name: 'the first bad key in byte order is reported',
    input: { 'z y': 'x', 'b/c': 'x' },
    error: "invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): key has invalid character /, only alphanumeric, '-', '.' and '_' are allowed: b/c",
  },
  {
    name: 'a key over 253 bytes is too long',
    input: { ['k'.repeat(254)]: 'x' },
    error: `invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): key has length 254 but max is 253: (following is truncated): ${'k'.repeat(253)}`,
  },
  { name: 'length counts UTF-8 bytes', input: { ['я'.repeat(127)]: 'x' }, error: 'key has length 254 but max is 253' },
]
for (const c of validations) {
  test(`validateKeys: ${c.name}`, () => {
    if (c.want) assert.deepEqual([...validateKeys(toMap(c.input)).keys()], c.want)
    else
      assert.throws(
        () => validateKeys(toMap(c.input)),
        (e: unknown) => e instanceof ValueError && e.code === 'INVALID_KEYS' && e.message.includes(c.error!),
      )
  })
}

const decodes: { name: string; strategy: DecodingStrategy; input: string; want: string }[] = [
  { name: 'conformance data-decoding-base64', strategy: 'Base64', input: 'aGVsbG8=', want: 'hello' },
  { name: 'conformance data-decoding-base64url', strategy: 'Base64URL', input: 'PDw_Pz4-fn4=', want: '<<??>>~~' },
  { name: 'conformance extract-decoding-base64 (b)', strategy: 'Base64', input: 'd29ybGQ=', want: 'world' },
  { name: 'Auto falls back to Base64URL', strategy: 'Auto', input: 'PDw_Pz4-fn4=', want: '<<??>>~~' },
  { name: 'Auto keeps text that is not base64', strategy: 'Auto', input: 'not base64!', want: 'not base64!' },
  { name: 'Auto decodes any 4n alphanumeric text (ESO pitfall)', strategy: 'Auto', input: 'test', want: Buffer.from('test', 'base64').toString('latin1') },
  { name: 'None leaves the value', strategy: 'None', input: 'aGVsbG8=', want: 'aGVsbG8=' },
  { name: 'empty strategy leaves the value', strategy: '', input: 'aGVsbG8=', want: 'aGVsbG8=' },
  { name: 'Go skips \\n and \\r anywhere', strategy: 'Base64', input: 'aG\r\nVs\nbG8=\n', want: 'hello' },
  { name: 'Go skips newlines between padding characters', strategy: 'Base64', input: 'aGk\n=', want: 'hi' },
  { name: 'double padding', strategy: 'Base64', input: 'aA==', want: 'h' },
  { name: 'empty input is empty', strategy: 'Base64', input: '', want: '' },
  { name: 'unused trailing bits are not checked (StdEncoding is not Strict)', strategy: 'Base64', input: 'aB==', want: 'h' },
]
for (const c of decodes) {
  test(`decodeValue ${c.strategy || '""'}: ${c.name}`, () => assert.equal(Buffer.from(decodeValue(bytes(c.input), c.strategy)).toString(c.name.includes('pitfall') ? 'latin1' : 'utf8'), c.want))
}

test('decodeValue: conformance data-null-byte-default-allowed keeps the NUL byte', () => {
  assert.deepEqual([...decodeValue(bytes('AGJpbg=='), 'Base64')], [0, 0x62, 0x69, 0x6e])
})

const badDecodes: { strategy: DecodingStrategy; input: string; offset: number }[] = [
  { strategy: 'Base64', input: 'aGVsbG8', offset: 4 }, // a 3-character final quantum without padding
  { strategy: 'Base64', input: 'a', offset: 0 },
  { strategy: 'Base64', input: 'aGVsbG8=x', offset: 8 }, // trailing garbage after padding
  { strategy: 'Base64', input: 'aGV$', offset: 3 },
  { strategy: 'Base64', input: 'a===', offset: 1 }, // padding after one character
  { strategy: 'Base64', input: '====', offset: 0 },
  { strategy: 'Base64', input: 'aG=', offset: 3 }, // "==" expected, input ends
  { strategy: 'Base64', input: 'aG=x', offset: 2 }, // "==" expected, other byte: Go reports si-1
  { strategy: 'Base64', input: 'PDw_', offset: 3 }, // URL alphabet under Base64
  { strategy: 'Base64URL', input: 'PDw/', offset: 3 }, // std alphabet under Base64URL
  { strategy: 'Base64', input: 'aGVs\nbG8', offset: 5 }, // si - j counts newlines in si only
  { strategy: 'Base64', input: 'aGk= ', offset: 4 },
]
for (const c of badDecodes) {
  test(`decodeValue ${c.strategy} ${JSON.stringify(c.input)} fails at input byte ${c.offset} as Go does`, () => {
    assert.throws(
      () => decodeValue(bytes(c.input), c.strategy),
      (e: unknown) =>
        e instanceof ValueError &&
        e.code === 'DECODE_FAILED' &&
        e.message === `error applying decoding strategy ${c.strategy} to data: illegal base64 data at input byte ${c.offset}` &&
        e.detail === `illegal base64 data at input byte ${c.offset}`,
    )
  })
}

test('decodeMap: the extract path names the failing key (DecodeMap wrapping)', () => {
  assert.deepEqual(fromMap(decodeMap(toMap({ a: 'aGVsbG8=', b: 'd29ybGQ=' }), 'Base64')), { a: 'hello', b: 'world' })
  assert.throws(() => decodeMap(toMap({ b: 'x', a: 'aGVsbG8=' }), 'Base64'), {
    message: 'error applying decoding strategy Base64 to data: failure decoding key b: illegal base64 data at input byte 0',
  })
})

const nullBytes: { name: string; policy: '' | 'Ignore' | 'Fail'; value: number[]; fails: boolean }[] = [
  { name: 'default policy allows NUL', policy: '', value: [0, 1], fails: false },
  { name: 'Ignore allows NUL', policy: 'Ignore', value: [0], fails: false },
  { name: 'Fail rejects NUL', policy: 'Fail', value: [0x61, 0], fails: true },
  { name: 'Fail accepts text', policy: 'Fail', value: [0x61], fails: false },
]
for (const c of nullBytes) {
  test(`checkNullBytes: ${c.name}`, () => {
    const run = () => checkNullBytes('bin', new Uint8Array(c.value), c.policy)
    if (!c.fails) assert.doesNotThrow(run)
    else {
      assert.throws(
        run,
        (e: unknown) =>
          e instanceof ValueError &&
          e.code === 'NULL_BYTE' &&
          e.message === 'fetched secret value for key "bin" contains null bytes; use a text-safe format such as PEM/base64 or leave nullBytePolicy unset for intentional binary data',
      )
    }
  })
}

test('checkNullBytesMap: the first offender in sorted key order is reported', () => {
  const map = new Map([
    ['z', new Uint8Array([0])],
    ['b', new Uint8Array([0])],
    ['a', new Uint8Array([1])],
  ])
  assert.throws(() => checkNullBytesMap(map, 'Fail'), /for key "b"/)
  assert.doesNotThrow(() => checkNullBytesMap(map, ''))
})
