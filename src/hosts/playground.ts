// `eso-render playground [--port N]`: serves the template playground's page (dist/playground/,
// built by `npm run build`) on 127.0.0.1 and prints its URL. The page is one static file that
// needs no server (it works from file:// too); this is the convenience of a command. Only that
// page is served, with the page's own Content-Security-Policy as a header; requests whose Host is
// not this address are refused (a DNS-rebinding site cannot read the page through the user's
// browser, though it holds nothing but the code).

import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { asRenderErrors, RenderError } from '../errors.ts'
import { parseFlags } from './flags.ts'
import type { FaceInput, FaceOutput } from './io.ts'
import { errorLines } from './report.ts'

export interface PlaygroundServer {
  url: string
  /** Resolves when the server has stopped. */
  closed: Promise<void>
  close(): Promise<void>
}

// From the bundle the face is a chunk in dist/chunks/; from source it is src/hosts/.
const PAGE_CANDIDATES = ['../playground/index.html', './playground/index.html', '../../dist/playground/index.html']

/** The built page beside the running code, or undefined when it was not built. */
export function builtPage(): string | undefined {
  for (const candidate of PAGE_CANDIDATES) {
    let file: string
    try {
      file = fileURLToPath(new URL(candidate, import.meta.url))
    } catch {
      // The single executable has no file of its own to look beside: the page is not there.
      return undefined
    }
    if (existsSync(file)) return file
  }
  return undefined
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new RenderError('CONFIG_INVALID', `--port ${JSON.stringify(text)}: expected a port number from 0 to 65535 (0: any free port)`, { fieldPath: 'port' })
  return Number(text)
}

/** Starts the server for a page file; `port` 0 takes any free port. */
export async function startPlayground(pageFile: string, port: number): Promise<PlaygroundServer> {
  const html = readFileSync(pageFile)
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html.toString('utf8'))?.[1]
  if (!csp) throw new RenderError('INTERNAL', `${pageFile} has no Content-Security-Policy; this is a bug in eso-render's build`)
  let host = ''
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.headers.host !== host && req.headers.host !== host.replace('127.0.0.1', 'localhost')) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('misdirected request\n')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n')
      return
    }
    if (path !== '/' && path !== '/index.html') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
      return
    }
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': html.length,
      // frame-ancestors only works as a header.
      'Content-Security-Policy': `${csp}; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    res.end(req.method === 'HEAD' ? undefined : html)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new RenderError('INTERNAL', 'the playground server has no address; this is a bug in eso-render')
  host = `127.0.0.1:${address.port}`
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()))
  return {
    url: `http://${host}/`,
    closed,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * The face: prints the URL (through `announce`, as soon as the server listens) and runs until the
 * server stops (the CLI ends it on SIGINT/SIGTERM). `started` hands the server to a test.
 */
export async function runPlayground(io: FaceInput, announce: (text: string) => void, options: { pageFile?: string; started?: (s: PlaygroundServer) => void } = {}): Promise<FaceOutput> {
  try {
    const flags = parseFlags(io.args, ['--port'])
    if (flags.positional.length || Object.keys(flags.options).length || flags.config) throw new RenderError('CONFIG_INVALID', 'usage: eso-render playground [--port N]')
    const port = parsePort(flags.own['--port'])
    const pageFile = options.pageFile ?? builtPage()
    if (!pageFile || !existsSync(pageFile)) throw new RenderError('CONFIG_INVALID', "the playground's page is not built (dist/playground/index.html): run npm run build (or npm run build:playground)")
    let server: PlaygroundServer
    try {
      server = await startPlayground(pageFile, port)
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === 'EADDRINUSE' || code === 'EACCES')
        throw new RenderError('CONFIG_INVALID', `cannot listen on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}`, { fieldPath: 'port' })
      throw err
    }
    announce(`eso-render: template playground at ${server.url} (Ctrl-C stops it; the page needs no server: ${pageFile} works from file:// too)\n`)
    options.started?.(server)
    await server.closed
    return { stdout: '', stderr: '', exitCode: 0 }
  } catch (err) {
    const errors = asRenderErrors(err)
    return { stdout: '', stderr: errorLines(err), exitCode: errors.some((e) => e.code === 'INTERNAL') ? 70 : 2 }
  }
}
