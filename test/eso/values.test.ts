import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseJson, type JsonObject } from '../../src/vault/json.ts'
import { checkNullBytes, convertKeys, decodeValue, extractSecretMap, secretValueBytes, validateKeys, ValueError } from '../../src/eso/values.ts'

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8')
const secret = (json: string) => parseJson(json) as JsonObject
const cfg = secret('{"port": 5432, "ratio": 1.50, "on": true, "name": "x", "db": {"port": 5432, "ratio": 2.50, "tag": "<a&b>"}, "hosts": ["h1", "h2"], "a.b": "dotted", "nil": null}')

const properties = [
  { name: 'no property gives the whole secret as Go JSON (sorted, HTML-escaped, literals kept)', property: undefined, want: '{"a.b":"dotted","db":{"port":5432,"ratio":2.50,"tag":"\\u003ca\\u0026b\\u003e"},"hosts":["h1","h2"],"name":"x","nil":null,"on":true,"port":5432,"ratio":1.50}' },
  { name: 'a top-level number keeps its literal', property: 'ratio', want: '1.50' },
  { name: 'a top-level bool', property: 'on', want: 'true' },
  { name: 'a top-level null is empty', property: 'nil', want: '' },
  { name: 'a top-level key with a dot wins over the gjson path', property: 'a.b', want: 'dotted' },
  { name: 'a gjson path re-prints a fraction as the shortest decimal', property: 'db.ratio', want: '2.5' },
  { name: 'a gjson path keeps an integer literal', property: 'db.port', want: '5432' },
  { name: 'a gjson object is its JSON text', property: 'db', want: '{"port":5432,"ratio":2.50,"tag":"\\u003ca\\u0026b\\u003e"}' },
  { name: 'array index', property: 'hosts.1', want: 'h2' },
  { name: 'array length', property: 'hosts.#', want: '2' },
  { name: 'wildcard key', property: 'd*.port', want: '5432' },
]
for (const c of properties) {
  test(`property: ${c.name}`, () => assert.equal(text(secretValueBytes(cfg, c.property)), c.want))
}

test('property: no match is PROPERTY_NOT_FOUND naming the property', () => {
  assert.throws(() => secretValueBytes(cfg, 'db.nope'), (e: unknown) => e instanceof ValueError && e.code === 'PROPERTY_NOT_FOUND' && e.message === 'cannot find secret data for key: "db.nope"')
})

const extracts = [
  { name: 'strings, nested JSON, bools, null, numbers through float64', json: '{"s":"v","o":{"b":1.50,"a":[1e21]},"t":true,"n":null,"i":42,"f":1.50,"big":12345678901234567890,"e":1e21}', want: { s: 'v', o: '{"a":[1e+21],"b":1.5}', t: 'true', n: '', i: '42', f: '1.5', big: '12345678901234567000', e: '1000000000000000000000' } },
]
for (const c of extracts) {
  test(`extract: ${c.name}`, () => {
    const got = Object.fromEntries([...extractSecretMap(new Uint8Array(Buffer.from(c.json))).entries()].map(([k, v]) => [k, text(v)]))
    assert.deepEqual(got, c.want)
  })
}

test('extract: a JSON string is not an object', () => {
  assert.throws(() => extractSecretMap(new Uint8Array(Buffer.from('"x"'))), /cannot unmarshal string into Go value of type map\[string\]interface \{\}/)
})

test('convert keys: Default replaces, Unicode escapes, collisions fail (eso conformance extract-conversion-default)', () => {
  const map = new Map([['db/host', 'h'], ['my key', 'k'], ['ключ', 'u'], ['a.b-c_d', 'ok']].map(([k, v]) => [k, new Uint8Array(Buffer.from(v))]))
  assert.deepEqual([...convertKeys(map, 'Default').keys()], ['db_host', 'my_key', 'ключ', 'a.b-c_d'])
  assert.deepEqual([...convertKeys(map, 'Unicode').keys()], ['db_U002f_host', 'my_U0020_key', 'ключ', 'a.b-c_d'])
  const clash = new Map([['a/b', new Uint8Array()], ['a b', new Uint8Array()]])
  assert.throws(() => convertKeys(clash, ''), /secret name collision during conversion: a_b/)
})

test('validate keys: empty keys dropped, invalid characters named', () => {
  assert.deepEqual([...validateKeys(new Map([['', new Uint8Array()], ['ok', new Uint8Array()]])).keys()], ['ok'])
  assert.throws(() => validateKeys(new Map([['a/b', new Uint8Array()]])), /key has invalid character \/, only alphanumeric/)
})

const decodes = [
  { strategy: 'Base64', input: 'aGVsbG8=', want: 'hello' },
  { strategy: 'Base64URL', input: 'PDw_Pz4-fn4=', want: '<<??>>~~' },
  { strategy: 'Auto', input: 'PDw_Pz4-fn4=', want: '<<??>>~~' },
  { strategy: 'Auto', input: 'not base64!', want: 'not base64!' },
  { strategy: 'None', input: 'aGVsbG8=', want: 'aGVsbG8=' },
  { strategy: 'Base64', input: 'aGVs\nbG8=', want: 'hello' },
] as const
for (const c of decodes) {
  test(`decode ${c.strategy} ${JSON.stringify(c.input)}`, () => assert.equal(text(decodeValue(new Uint8Array(Buffer.from(c.input)), c.strategy)), c.want))
}

const badDecodes = [
  { input: 'aGVsbG8', offset: 4 },
  { input: 'aGVsbG8=x', offset: 8 },
  { input: 'aGV$', offset: 3 },
  { input: 'a===', offset: 1 },
]
for (const c of badDecodes) {
  test(`decode Base64 ${JSON.stringify(c.input)} fails at byte ${c.offset} as Go does`, () => {
    assert.throws(() => decodeValue(new Uint8Array(Buffer.from(c.input)), 'Base64'), new RegExp(`error applying decoding strategy Base64 to data: illegal base64 data at input byte ${c.offset}$`))
  })
}

test('null bytes: allowed by default, an error with Fail', () => {
  const v = new Uint8Array([0, 98])
  checkNullBytes('z', v, '')
  assert.throws(() => checkNullBytes('z', v, 'Fail'), /key "z" contains null bytes/)
})
