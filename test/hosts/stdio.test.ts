import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type Descriptors, readAll, writeAll } from '../../src/hosts/stdio.ts'

const errno = (code: string) => Object.assign(new Error(code), { code })

/** Descriptors whose reads return `steps` in turn (a string is that many bytes; an Error is thrown). */
function reader(steps: (string | Error)[]): Descriptors & { reads: number } {
  const io = {
    reads: 0,
    read(_fd: number, buffer: Buffer) {
      const step = steps[io.reads++] ?? ''
      if (step instanceof Error) throw step
      return buffer.write(step, 'utf8')
    },
    write(): number {
      throw new Error('not used')
    },
  }
  return io
}

function streamOf(text: string): () => NodeJS.ReadableStream {
  return () => {
    const s = new PassThrough()
    s.end(text)
    return s
  }
}

const reads: { name: string; steps: (string | Error)[]; stream?: string; expected?: string; rejects?: RegExp }[] = [
  { name: 'chunks until a read of 0 bytes', steps: ['apiVersion: v1\n', 'kind: List\n', ''], expected: 'apiVersion: v1\nkind: List\n' },
  { name: 'nothing at all', steps: [''], expected: '' },
  { name: "Windows' EOF error ends the input", steps: ['a: 1\n', errno('EOF')], expected: 'a: 1\n' },
  { name: 'EAGAIN (a non-blocking descriptor) hands the rest to the stream, keeping what was read', steps: ['a: ', errno('EAGAIN')], stream: '1\nb: 2\n', expected: 'a: 1\nb: 2\n' },
  { name: 'another error is thrown', steps: ['a', errno('EIO')], rejects: /EIO/ },
]
for (const c of reads) {
  test(`readAll: ${c.name}`, async () => {
    const io = reader(c.steps)
    const run = readAll(0, streamOf(c.stream ?? ''), io)
    if (c.rejects) await assert.rejects(run, c.rejects)
    else assert.equal(await run, c.expected)
  })
}

test('readAll: a character split across two reads is decoded whole', async () => {
  const bytes = Buffer.from('k: café\n', 'utf8')
  const split = bytes.indexOf(0xc3) + 1
  const parts = [bytes.subarray(0, split), bytes.subarray(split), Buffer.alloc(0)]
  let i = 0
  const io: Descriptors = { read: (_fd, buffer) => parts[i++].copy(buffer), write: () => 0 }
  assert.equal(await readAll(0, streamOf(''), io), 'k: café\n')
})

test('readAll: input larger than one read buffer arrives whole', async () => {
  const text = 'x'.repeat(200_000)
  let at = 0
  const io: Descriptors = {
    read: (_fd, buffer) => {
      const n = buffer.write(text.slice(at, at + buffer.length))
      at += n
      return n
    },
    write: () => 0,
  }
  assert.equal(await readAll(0, streamOf(''), io), text)
})

/** Descriptors that accept at most `per` bytes a write, or throw `fail` once `failAfter` bytes are in. */
function writer(per: number, failAfter = Number.POSITIVE_INFINITY, fail = 'EPIPE'): Descriptors & { out: Buffer[] } {
  let written = 0
  const io = {
    out: [] as Buffer[],
    read: () => 0,
    write(_fd: number, buffer: Buffer, offset: number) {
      if (written >= failAfter) throw errno(fail)
      const n = Math.min(per, buffer.length - offset, failAfter - written)
      io.out.push(Buffer.from(buffer.subarray(offset, offset + n)))
      written += n
      return n
    },
  }
  return io
}

function sink(): { stream: () => NodeJS.WritableStream; text: () => string } {
  const chunks: Buffer[] = []
  const s = new PassThrough()
  s.on('data', (c: Buffer) => chunks.push(c))
  return { stream: () => s, text: () => Buffer.concat(chunks).toString('utf8') }
}

const writes: { name: string; text: string; per: number; failAfter?: number; fail?: string; written: string; streamed: string }[] = [
  { name: 'whole in one write', text: 'kind: Secret\n', per: 1 << 20, written: 'kind: Secret\n', streamed: '' },
  { name: 'partial writes are continued', text: 'abcdefghij', per: 3, written: 'abcdefghij', streamed: '' },
  { name: 'EAGAIN hands the rest to the stream', text: 'abcdefghij', per: 4, failAfter: 6, fail: 'EAGAIN', written: 'abcdef', streamed: 'ghij' },
  { name: 'EPIPE (the reader went away) stops quietly', text: 'abcdefghij', per: 4, failAfter: 4, written: 'abcd', streamed: '' },
  { name: 'nothing to write writes nothing', text: '', per: 4, written: '', streamed: '' },
  { name: 'multi-byte text is written as UTF-8', text: 'é€', per: 1, written: 'é€', streamed: '' },
]
for (const c of writes) {
  test(`writeAll: ${c.name}`, async () => {
    const io = writer(c.per, c.failAfter, c.fail)
    const out = sink()
    await writeAll(1, c.text, out.stream, io)
    assert.equal(Buffer.concat(io.out).toString('utf8'), c.written)
    assert.equal(out.text(), c.streamed)
  })
}

test('readAll and writeAll on a real process: a pipe in, a pipe out, 3 MiB each way', () => {
  const module = fileURLToPath(new URL('../../src/hosts/stdio.ts', import.meta.url))
  const script = `import { readAll, writeAll } from ${JSON.stringify(module)}; const t = await readAll(); await writeAll(1, t.toUpperCase(), () => process.stdout); await writeAll(2, String(t.length), () => process.stderr)`
  const input = 'a-é\n'.repeat(3 * 262_144)
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input, maxBuffer: 64 << 20, timeout: 60_000 })
  assert.equal(res.status, 0, res.stderr.toString())
  assert.equal(res.stdout.toString(), input.toUpperCase())
  assert.equal(res.stderr.toString(), String(input.length))
})

test('readAll puts the SIGTERM and SIGINT listeners back as they were, once-listeners still once', async () => {
  const calls: string[] = []
  const onTerm = () => calls.push('term')
  process.once('SIGTERM', onTerm)
  const before = process.listenerCount('SIGTERM')
  try {
    assert.equal(await readAll(0, streamOf(''), reader(['a: 1\n', ''])), 'a: 1\n')
    assert.equal(process.listenerCount('SIGTERM'), before)
    process.emit('SIGTERM')
    process.emit('SIGTERM')
    assert.deepEqual(calls, ['term'])
  } finally {
    process.removeListener('SIGTERM', onTerm)
  }
})

// A read blocks the event loop, so a listener could not run: a host giving up (SIGTERM) while the
// input is still open must end the process, not wait for the input to end.
test('readAll on a real process: SIGTERM while stdin stays open ends the process at once', async () => {
  const { spawn } = await import('node:child_process')
  const module = fileURLToPath(new URL('../../src/hosts/stdio.ts', import.meta.url))
  const script = `import { readAll } from ${JSON.stringify(module)}; process.once('SIGTERM', () => process.exit(3)); process.stderr.write('reading\\n'); await readAll(); process.exit(0)`
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'ignore', 'pipe'] })
  try {
    await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()))
    // Past the message, the child is in (or about to enter) the blocking read.
    await new Promise((r) => setTimeout(r, 200))
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])))
    child.kill('SIGTERM')
    const killed = setTimeout(() => child.kill('SIGKILL'), 20_000)
    const [code, signal] = await ended
    clearTimeout(killed)
    assert.deepEqual([code, signal], [null, 'SIGTERM'], 'ended by SIGTERM itself, not after the input (or by the SIGKILL fallback)')
  } finally {
    child.stdin.destroy()
  }
})
