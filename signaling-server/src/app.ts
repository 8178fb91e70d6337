import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { Server as SocketServer } from 'socket.io'
import type { Logger } from './logger'

export interface AppDeps {
  log: Logger
  version: string
  /** The built renderer; the clerk console is served from it for clerks working in a browser. */
  rendererDir: string
}

export interface Application {
  http: Server
  io: SocketServer
  listen(port: number, host?: string): Promise<{ port: number; url: string }>
  close(): Promise<void>
}

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The signaling server as a factory, so tests start it on port 0 with their own dependencies. */
export function createApplication(deps: AppDeps): Application {
  const started = Date.now()
  const statics = sirv(deps.rendererDir, { dev: false, etag: true })

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://local').pathname
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(
        JSON.stringify({
          ok: true,
          version: deps.version,
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
        }),
      )
      return
    }
    if (path === '/' || path === '/clerk') {
      res.writeHead(302, { location: '/clerk.html' }).end()
      return
    }
    // The kiosk page belongs on terminals, not on the centre's public web server.
    if (path === '/clerk.html' || path === '/favicon.svg' || path.startsWith('/assets/')) {
      res.setHeader('Content-Security-Policy', csp)
      statics(req, res, () => notFound(res))
      return
    }
    notFound(res)
  }

  function notFound(res: ServerResponse): void {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}')
  }

  const http = createServer(onRequest)
  const io = new SocketServer(http, { serveClient: false })

  return {
    http,
    io,
    async listen(port, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject)
        http.listen(port, host, () => resolve())
      })
      const actual = (http.address() as AddressInfo).port
      deps.log.info({ port: actual, host }, 'signaling server listening')
      return { port: actual, url: `http://${host}:${actual}` }
    },
    async close() {
      await io.close()
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
