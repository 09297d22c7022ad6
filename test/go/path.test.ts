// Go's path package (src/go/path.ts); expected values are what Go's path prints.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { base, clean, dir, ext } from '../../src/go/path.ts'

const rows: { p: string; clean: string; base: string; dir: string; ext: string }[] = [
  { p: '', clean: '.', base: '.', dir: '.', ext: '' },
  { p: 'a/b/../c', clean: 'a/c', base: 'c', dir: 'a', ext: '' },
  { p: '//a//b/', clean: '/a/b', base: 'b', dir: '/a/b', ext: '' },
  { p: '../../a/..', clean: '../..', base: '..', dir: '../../a', ext: '.' },
  { p: '/../a', clean: '/a', base: 'a', dir: '/', ext: '' },
  { p: 'a/./b/.', clean: 'a/b', base: '.', dir: 'a/b', ext: '.' },
  { p: 'abc/..', clean: '.', base: '..', dir: 'abc', ext: '.' },
  { p: 'file.tar.gz', clean: 'file.tar.gz', base: 'file.tar.gz', dir: '.', ext: '.gz' },
  { p: '.hidden', clean: '.hidden', base: '.hidden', dir: '.', ext: '.hidden' },
  { p: 'dir.x/file', clean: 'dir.x/file', base: 'file', dir: 'dir.x', ext: '' },
]
for (const r of rows) {
  test(`path functions of ${JSON.stringify(r.p)}`, () => {
    assert.deepEqual({ clean: clean(r.p), base: base(r.p), dir: dir(r.p), ext: ext(r.p) }, { clean: r.clean, base: r.base, dir: r.dir, ext: r.ext })
  })
}
