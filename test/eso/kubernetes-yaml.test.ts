// Plain scalars as Kubernetes reads them (src/eso/kubernetes-yaml.ts). Every row is what real Go
// gives: go-yaml v2.4.0 (gopkg.in/yaml.v2, the code sigs.k8s.io/yaml vendors as goyaml.v2)
// unmarshalling `v: PLAIN` and `PLAIN: x` into map[interface{}]interface{}, the key then turned into
// a JSON key as sigs.k8s.io/yaml's convertToJSONableObject does (yaml.go: ints by strconv.Itoa,
// floats by FormatFloat(f, 'g', -1, 32), bools as true/false, anything else "unsupported map key").

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RenderError } from '../../src/errors.ts'
import { KUBERNETES_SCALARS } from '../../src/eso/kubernetes-yaml.ts'

const REFUSED = Symbol('refused')

// [plain scalar, its value, the JSON key it makes]
const rows: [string, unknown, string | typeof REFUSED][] = [
  // Where the `yaml` library's YAML 1.1 regexps read differently.
  ['.', '.', '.'],
  ['..', '..', '..'],
  ['.e3', '.e3', '.e3'],
  ['e9', 'e9', 'e9'],
  ['0o17', 15, '15'],
  ['0O17', 15, '15'],
  ['08', 8, '8'],
  ['09.5', 9.5, '9.5'],
  ['1:20', '1:20', '1:20'],
  ['190:20:30', '190:20:30', '190:20:30'],
  ['1e6', 1e6, '1e+06'],
  ['12345678.5', 12345678.5, '1.2345678e+07'],
  ['9.87654321', 9.87654321, '9.876543'],
  ['0.00001', 0.00001, '1e-05'],
  ['1e20', 1e20, '1e+20'],
  // Where they agree.
  ['.5', 0.5, '0.5'],
  ['+.5', 0.5, '0.5'],
  ['-.5', -0.5, '-0.5'],
  ['.5e3', 500, '500'],
  ['.1_0', 0.1, '0.1'],
  ['1_000', 1000, '1000'],
  ['1__0', 10, '10'],
  ['1_', 1, '1'],
  ['_1', '_1', '_1'],
  ['017', 15, '15'],
  ['00', 0, '0'],
  ['-0', 0, '0'],
  ['0x1F', 31, '31'],
  ['+0x1F', 31, '31'],
  ['-0x1F', -31, '-31'],
  ['0x_1F', 31, '31'],
  ['0xG', '0xG', '0xG'],
  ['0b101', 5, '5'],
  ['-0b101', -5, '-5'],
  ['+0b101', 5, '5'],
  ['0b2', '0b2', '0b2'],
  ['0o8', '0o8', '0o8'],
  ['1e3', 1000, '1000'],
  ['1E3', 1000, '1000'],
  ['1e+06', 1e6, '1e+06'],
  ['1.', 1, '1'],
  ['1.5', 1.5, '1.5'],
  ['0.1', 0.1, '0.1'],
  ['1e21', 1e21, '1e+21'],
  ['1e999', '1e999', '1e999'],
  ['0x1p3', '0x1p3', '0x1p3'],
  ['123456789', 123456789, '123456789'],
  ['100000', 100000, '100000'],
  ['9223372036854775807', 9223372036854775807, '9223372036854775807'],
  ['-9223372036854775808', -9223372036854775808, '-9223372036854775808'],
  ['9223372036854775808', 9223372036854775808, REFUSED],
  ['18446744073709551615', 18446744073709551615, REFUSED],
  ['18446744073709551616', 18446744073709551616, '1.8446744e+19'],
  ['-9223372036854775809', -9223372036854775809, '-9.223372e+18'],
  ['+', '+', '+'],
  ['=', '=', '='],
  ['~', null, REFUSED],
  ['null', null, REFUSED],
  ['Null', null, REFUSED],
  ['NULL', null, REFUSED],
  ['nULL', 'nULL', 'nULL'],
  ['yes', true, 'true'],
  ['Yes', true, 'true'],
  ['YES', true, 'true'],
  ['yEs', 'yEs', 'yEs'],
  ['no', false, 'false'],
  ['on', true, 'true'],
  ['off', false, 'false'],
  ['y', true, 'true'],
  ['Y', true, 'true'],
  ['n', false, 'false'],
  ['True', true, 'true'],
  ['tRUE', 'tRUE', 'tRUE'],
  ['.inf', Infinity, '.inf'],
  ['.Inf', Infinity, '.inf'],
  ['+.inf', Infinity, '.inf'],
  ['-.inf', -Infinity, '-.inf'],
  ['.nan', NaN, '.nan'],
  ['.NaN', NaN, '.nan'],
  ['infinity', 'infinity', 'infinity'],
  ['+inf', '+inf', '+inf'],
  // Timestamps stay text in interface{} (decode.go: "for backward compatibility reasons").
  ['2001-12-14', '2001-12-14', '2001-12-14'],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
  ['2001-12-14 21:59:43.10 -5', '2001-12-14 21:59:43.10 -5', '2001-12-14 21:59:43.10 -5'],
  ['2002-1-1', '2002-1-1', '2002-1-1'],
  ['1h', '1h', '1h'],
  ['15m30s', '15m30s', '15m30s'],
]

for (const [plain, value, key] of rows) {
  test(`kubernetes yaml: ${JSON.stringify(plain)} is ${Number.isNaN(value) ? 'NaN' : typeof value === 'number' ? value : JSON.stringify(value)}, and as a key ${key === REFUSED ? 'refused' : JSON.stringify(key)}`, () => {
    assert.deepEqual(KUBERNETES_SCALARS.value(plain), value)
    if (key === REFUSED)
      assert.throws(
        () => KUBERNETES_SCALARS.key(plain),
        (e: unknown) => e instanceof RenderError && e.code === 'INPUT_INVALID' && /cannot read as a key/.test(e.message),
      )
    else assert.equal(KUBERNETES_SCALARS.key(plain), key)
  })
}
