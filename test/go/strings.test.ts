// Go's strings.Title and strings.SplitN (src/go/strings.ts) on byte strings; expected values are Go's.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toByteString } from '../../src/go/byte-string.ts'
import { splitN, title } from '../../src/go/strings.ts'

const titles: { s: string; want: string }[] = [
  { s: 'hello wORLD foo_bar x.y', want: 'Hello WORLD Foo_bar X.Y' },
  { s: 'ǆemal ძალა', want: 'ǅemal ძალა' }, // title case, not upper case; Georgian is its own title case
  { s: '', want: '' },
]
for (const c of titles) test(`Title(${JSON.stringify(c.s)}) is ${JSON.stringify(c.want)}`, () => assert.equal(title(toByteString(c.s)), toByteString(c.want)))
test('Title maps an invalid byte to U+FFFD, as strings.Map does', () => assert.equal(title('a\xff'), toByteString('A\ufffd')))

const splits: { s: string; sep: string; n: number; want: string[] }[] = [
  { s: 'a.b.c', sep: '.', n: -1, want: ['a', 'b', 'c'] },
  { s: 'a.b.c', sep: '.', n: 2, want: ['a', 'b.c'] },
  { s: 'abc', sep: '', n: 2, want: ['a', 'bc'] },
  { s: 'abc', sep: '', n: -1, want: ['a', 'b', 'c'] },
  { s: 'a.b', sep: '.', n: 0, want: [] },
  { s: '', sep: ',', n: -1, want: [''] },
]
for (const c of splits) test(`SplitN(${JSON.stringify(c.s)}, ${JSON.stringify(c.sep)}, ${c.n})`, () => assert.deepEqual(splitN(c.s, c.sep, c.n), c.want))
test('SplitN with an empty separator keeps a multi-byte rune whole', () => assert.deepEqual(splitN(toByteString('hé'), '', -1), ['h', toByteString('é')]))
