// Go's time.LoadLocation and zone lookups (src/go/time/zone.ts): offsets from ICU, abbreviations from the generated table.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { format } from '../../../src/go/time/layout.ts'
import { Time } from '../../../src/go/time/time.ts'
import { loadLocation, LOCAL, UTC } from '../../../src/go/time/zone.ts'

test('LoadLocation', () => {
  assert.equal(loadLocation(''), UTC)
  assert.equal(loadLocation('UTC'), UTC)
  assert.equal(loadLocation('Local'), LOCAL)
  for (const bad of ['europe/berlin', 'Nope/Zone', '../etc/passwd', '/etc/localtime', 'zone.tab', 'localtime']) assert.equal(loadLocation(bad), undefined, bad)
  for (const good of ['Europe/Berlin', 'posix/Europe/Berlin', 'US/Eastern', 'Asia/Calcutta', 'Etc/GMT+3', 'Factory', 'posixrules']) assert.ok(loadLocation(good), good)
})

test('zone abbreviations as tzdata writes them', () => {
  const at = (zone: string, unix: bigint) => format(new Time(unix, 0, loadLocation(zone)!), 'MST -07:00:00')
  assert.equal(at('Europe/Berlin', 1560458379n), 'CEST +02:00:00')
  assert.equal(at('America/New_York', 1673740800n), 'EST -05:00:00')
  assert.equal(at('Asia/Dubai', 0n), '+04 +04:00:00')
  assert.equal(at('Asia/Kathmandu', 1673740800n), '+0545 +05:45:00')
  assert.equal(at('Etc/GMT+3', 0n), '-03 -03:00:00')
  assert.equal(at('Europe/Moscow', 1301180400n), 'MSK +04:00:00')
  assert.equal(at('Europe/Moscow', 1301180399n), 'MSK +03:00:00')
  assert.equal(at('Europe/Moscow', 1000000000n), 'MSD +04:00:00')
  assert.equal(at('Factory', 0n), '-00 +00:00:00')
})
