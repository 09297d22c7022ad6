import { test } from 'node:test'
import assert from 'node:assert/strict'
import { getGjson } from '../../src/go/gjson.ts'

// gjson's README / SYNTAX.md document (whitespace kept: raw results are slices of it).
const README = `{
  "name": {"first": "Tom", "last": "Anderson"},
  "age":37,
  "children": ["Sara","Alex","Jack"],
  "fav.movie": "Deer Hunter",
  "friends": [
    {"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]},
    {"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]},
    {"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}
  ]
}`
const VALS = `{"vals": [{ "a": 1, "b": "data" },{ "a": 2, "b": true },{ "a": 3, "b": false },{ "a": 4, "b": "0" },{ "a": 5, "b": 0 },
  { "a": 6, "b": "1" },{ "a": 7, "b": 1 },{ "a": 8, "b": "true" },{ "a": 9, "b": false },{ "a": 10, "b": null },{ "a": 11 }]}`
// What ESO hands gjson: json.Marshal of the secret (sorted keys, HTML-escaped, literals kept).
const ESO =
  '{"a.b":"dotted","db":{"hosts":["h1","h2"],"port":5432,"ratio":2.50,"tag":"\\u003ca\\u0026b\\u003e"},"big":12345678901234567890,"exp":1e3,"neg":-0.0,"nil":null,"on":true,"off":false,"list":[[1,2],[3,[4]]]}'

// `want` is Result.String(); `raw` when it differs from it; `type` when it matters; undefined want = !Exists().
const rows: { doc: string; path: string; want?: string; raw?: string; type?: string }[] = [
  // README "Path Syntax"
  { doc: README, path: 'name.last', want: 'Anderson', raw: '"Anderson"', type: 'String' },
  { doc: README, path: 'age', want: '37', type: 'Number' },
  { doc: README, path: 'children', want: '["Sara","Alex","Jack"]', type: 'JSON' },
  { doc: README, path: 'children.#', want: '3', type: 'Number' },
  { doc: README, path: 'children.1', want: 'Alex' },
  { doc: README, path: 'child*.2', want: 'Jack' },
  { doc: README, path: 'c?ildren.0', want: 'Sara' },
  { doc: README, path: 'fav\\.movie', want: 'Deer Hunter' },
  { doc: README, path: 'friends.#.first', want: '["Dale","Roger","Jane"]' },
  { doc: README, path: 'friends.1.last', want: 'Craig' },
  { doc: README, path: 'friends.#(last=="Murphy").first', want: 'Dale' },
  { doc: README, path: 'friends.#(last=="Murphy")#.first', want: '["Dale","Jane"]' },
  { doc: README, path: 'friends.#(age>45)#.last', want: '["Craig","Murphy"]' },
  { doc: README, path: 'friends.#(first%"D*").last', want: 'Murphy' },
  { doc: README, path: 'friends.#(first!%"D*").last', want: 'Craig' },
  { doc: README, path: 'friends.#(nets.#(=="fb"))#.first', want: '["Dale","Roger"]' },
  // SYNTAX.md
  { doc: README, path: 'friends.1', want: '{"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]}' },
  { doc: README, path: 'friends.#.age', want: '[44,68,47]' },
  { doc: README, path: 'children.#(!%"*a*")', want: 'Alex' },
  { doc: README, path: 'children.#(%"*a*")#', want: '["Sara","Jack"]' },
  { doc: README, path: 'friends|0.first', want: 'Dale' },
  { doc: README, path: 'friends.0|first', want: 'Dale' },
  { doc: README, path: 'friends|0|first', want: 'Dale' },
  { doc: README, path: 'friends|#', want: '3' },
  { doc: README, path: 'friends.#(last="Murphy")#|first', want: undefined },
  { doc: README, path: 'friends.#(last="Murphy")#.0', want: '[]' },
  { doc: README, path: 'friends.#(last="Murphy")#|0', want: '{"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]}' },
  { doc: README, path: 'friends.#(last="Murphy")#.#', want: '[]' },
  { doc: README, path: 'friends.#(last="Murphy")#|#', want: '2' },
  { doc: README, path: 'children.@reverse', want: '["Jack","Alex","Sara"]' },
  { doc: README, path: 'children.@reverse.0', want: 'Jack' },
  { doc: README, path: 'children|@reverse', want: '["Jack","Alex","Sara"]' },
  { doc: README, path: '{name.first,age,"the_murphys":friends.#(last="Murphy")#.first}', want: '{"first":"Tom","age":37,"the_murphys":["Dale","Jane"]}' },
  { doc: README, path: '{name.first,age,"company":!"Happysoft","employed":!true}', want: '{"first":"Tom","age":37,"company":"Happysoft","employed":true}' },
  { doc: README, path: '[age,name.first]', want: '[37,"Tom"]' },
  { doc: VALS, path: 'vals.#(b==~true)#.a', want: '[2,6,7,8]' },
  { doc: VALS, path: 'vals.#(b==~false)#.a', want: '[3,4,5,9,10,11]' },
  { doc: VALS, path: 'vals.#(b==~null)#.a', want: '[10,11]' },
  { doc: VALS, path: 'vals.#(b==~*)#.a', want: '[1,2,3,4,5,6,7,8,9,10]' },
  { doc: VALS, path: 'vals.#(b!=~*)#.a', want: '[11]' },
  // Modifiers
  { doc: README, path: 'name.@keys', want: '["first","last"]' },
  { doc: README, path: 'name|@values', want: '["Tom","Anderson"]' },
  { doc: README, path: 'name.@reverse', want: '{"last":"Anderson","first":"Tom"}' },
  { doc: README, path: '@this.age', want: '37' },
  { doc: README, path: 'name.@unknown', want: undefined },
  { doc: ESO, path: 'list|@flatten', want: '[1,2,3,[4]]' },
  { doc: ESO, path: 'list|@flatten:{"deep":true}', want: '[1,2,3,4]' },
  { doc: '[{"a":1},{"b":2},{"a":3}]', path: '@join', want: '{"a":3,"b":2}' },
  { doc: '{"a": [1, 2]}', path: 'a|@ugly', want: '[1,2]' },
  { doc: '{"s":"{\\"x\\":1}"}', path: 's|@fromstr|x', want: '1' },
  { doc: '{"x":1', path: '@valid', want: undefined },
  // Queries: numbers compare as float64, strings bytewise, no match
  { doc: README, path: 'friends.#(age==44).first', want: 'Dale' },
  { doc: README, path: 'friends.#(age>=47)#.first', want: '["Roger","Jane"]' },
  { doc: README, path: 'friends.#(age<45).first', want: 'Dale' },
  { doc: README, path: 'friends.#(age<=44)#.first', want: '["Dale"]' },
  { doc: README, path: 'friends.#(last!="Murphy").first', want: 'Roger' },
  { doc: README, path: 'friends.#(first<"E")#.first', want: '["Dale"]' },
  { doc: README, path: 'friends.#(first=="Nobody").first', want: undefined },
  { doc: README, path: 'friends.#(first=="Nobody")#', want: '[]' },
  { doc: README, path: 'friends.#(nets)#.first', want: '["Dale","Roger","Jane"]' },
  // ESO-shaped documents (what getSecretValue passes) and Result.String() rules
  { doc: ESO, path: 'db.port', want: '5432', type: 'Number' },
  { doc: ESO, path: 'db.ratio', want: '2.5', raw: '2.50', type: 'Number' },
  { doc: ESO, path: 'big', want: '12345678901234567890' },
  { doc: ESO, path: 'exp', want: '1000', raw: '1e3' },
  { doc: ESO, path: 'neg', want: '-0', raw: '-0.0' },
  { doc: ESO, path: 'nil', want: '', raw: 'null', type: 'Null' },
  { doc: ESO, path: 'on', want: 'true', type: 'True' },
  { doc: ESO, path: 'off', want: 'false', type: 'False' },
  { doc: ESO, path: 'db.tag', want: '<a&b>', raw: '"\\u003ca\\u0026b\\u003e"' },
  { doc: ESO, path: 'db', want: '{"hosts":["h1","h2"],"port":5432,"ratio":2.50,"tag":"\\u003ca\\u0026b\\u003e"}' },
  { doc: ESO, path: 'db.hosts.1', want: 'h2' },
  { doc: ESO, path: 'db.hosts.2', want: undefined },
  { doc: ESO, path: 'db.hosts.-1', want: undefined },
  { doc: ESO, path: 'a\\.b', want: 'dotted' },
  { doc: ESO, path: 'a.b', want: undefined },
  { doc: ESO, path: 'd?.port', want: '5432' },
  { doc: ESO, path: 'db.nope', want: undefined },
  { doc: ESO, path: 'list.1.1.0', want: '4' },
  { doc: ESO, path: 'list.#.#', want: '[2,2]' },
  { doc: '{"k":"a\\"b\\\\"}', path: 'k', want: 'a"b\\' },
  { doc: '{"k\\u0041":1}', path: 'kA', want: '1' },
  { doc: '{"a":1,"a":2}', path: 'a', want: '1' }, // gjson takes the first match in the text
  { doc: '{"ключ":{"я":"v"}}', path: 'ключ.я', want: 'v' },
  { doc: '{"emoji":"\\ud83d\\ude00"}', path: 'emoji', want: '😀' },
  // gjson quirk: a String result can be piped into; its text is searched for a container.
  { doc: '{"s":"x[1,2]"}', path: 's|1', want: '2' },
]
for (const r of rows) {
  test(`gjson ${JSON.stringify(r.path)} on ${r.doc === README ? 'README doc' : r.doc === VALS ? 'vals doc' : r.doc === ESO ? 'ESO secret JSON' : JSON.stringify(r.doc)} ${r.want === undefined ? 'does not exist' : `is ${JSON.stringify(r.want)}`}`, () => {
    const got = getGjson(r.doc, r.path)
    if (r.want === undefined) {
      assert.equal(got, undefined)
      return
    }
    assert.ok(got, 'result exists')
    assert.equal(got.str(), r.want)
    assert.equal(got.raw, r.raw ?? (got.type === 'String' ? got.raw : r.want))
    if (r.type) assert.equal(got.type, r.type)
  })
}
