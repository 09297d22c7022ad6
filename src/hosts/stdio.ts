// Standard input read whole and output written whole, synchronously. Why not process.stdin and
// process.stdout: creating them loads node:net and the stream modules, about 5 ms of a
// pass-through's start (a tenth of a render of 200 resources), and eso-render reads all of its
// input before it starts and writes its output once, at the end. On Linux Node writes to pipes
// and files synchronously anyway. A descriptor left non-blocking by the parent (EAGAIN) hands over
// to Node's stream for the rest, which waits for it without spinning.
//
// While a read blocks, the event loop cannot run the process's signal listeners (hosts/terminate.ts):
// a host's SIGTERM, or Ctrl-C at a terminal, would wait for the input to end. So the read runs with
// those signals at their default action, which ends the process at once; nothing has reached Vault
// before the input is read, so there is nothing to revoke.

import { readSync, writeSync } from 'node:fs'

/** The two system calls, replaceable in tests. */
export interface Descriptors {
  read(fd: number, buffer: Buffer): number
  write(fd: number, buffer: Buffer, offset: number): number
}

const system: Descriptors = {
  read: (fd, buffer) => readSync(fd, buffer, 0, buffer.length, null),
  write: (fd, buffer, offset) => writeSync(fd, buffer, offset),
}

const CHUNK_BYTES = 64 * 1024

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code
}

const STOPPING_SIGNALS = ['SIGTERM', 'SIGINT'] as const

/** `read` with the stopping signals' listeners taken off, and put back as they were (once-listeners stay once). */
function withDefaultSignals<T>(read: () => T): T {
  const saved = STOPPING_SIGNALS.map((signal) => [signal, process.rawListeners(signal)] as const)
  for (const [signal] of saved) process.removeAllListeners(signal)
  try {
    return read()
  } finally {
    for (const [signal, listeners] of saved) for (const listener of listeners) process.on(signal, listener as () => void)
  }
}

/** All of `fd` (stdin) as UTF-8; `stream` gives Node's stream over the same descriptor for the rest. */
export async function readAll(fd = 0, stream: () => NodeJS.ReadableStream = () => process.stdin, io: Descriptors = system): Promise<string> {
  const chunks: Buffer[] = []
  // Whether the descriptor would block (EAGAIN): Node's stream reads the rest.
  const wouldBlock = withDefaultSignals(() => {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
      let n: number
      try {
        n = io.read(fd, buffer)
      } catch (err) {
        // Windows reports the end of a console's input as an error.
        if (errorCode(err) === 'EOF') return false
        if (errorCode(err) === 'EAGAIN') return true
        throw err
      }
      if (n === 0) return false
      chunks.push(n === buffer.length ? buffer : buffer.subarray(0, n))
    }
  })
  if (wouldBlock) chunks.push(...(await rest(stream())))
  return Buffer.concat(chunks).toString('utf8')
}

function rest(readable: NodeJS.ReadableStream): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    readable.on('data', (c: Buffer) => chunks.push(c))
    readable.on('end', () => resolve(chunks))
    readable.on('error', reject)
  })
}

/**
 * Writes `text` to `fd` whole. A reader that went away (EPIPE, a closed descriptor) ends the
 * writing quietly, as a host killed mid-render must not turn into a crash with a stack trace.
 */
export async function writeAll(fd: number, text: string, stream: () => NodeJS.WritableStream, io: Descriptors = system): Promise<void> {
  if (!text) return
  const buffer = Buffer.from(text, 'utf8')
  let offset = 0
  while (offset < buffer.length) {
    try {
      offset += io.write(fd, buffer, offset)
    } catch (err) {
      if (errorCode(err) !== 'EAGAIN') return
      const out = stream()
      out.on('error', () => undefined)
      await new Promise<void>((resolve) => out.write(buffer.subarray(offset), () => resolve()))
      return
    }
  }
}
