import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import sirv from 'sirv'
import { WebSocketServer, type WebSocket } from 'ws'
import { deviceHostPaths, WsClientFrame, type WsServerFrame } from '../../common/bridge/ws-envelope'
import { contentSecurityPolicy, securityHeaders, withWebSocketOrigin } from '../services/csp'
import type { KioskServices } from '../services/kiosk-services'
import type { Logger } from '../../node-common/logger'

export interface DeviceHostOptions {
  services: KioskServices
  /** The built renderer (vite's output folder). */
  rendererDir: string
  /** The centre's server, allowed in the page's connect-src. */
  /** The centre's address; a function where enrolment on the kiosk's screen may change it. */
  serverUrl: string | (() => string)
  log: Logger
  port?: number
  /** Fixed token for tests; otherwise a fresh random one per start. */
  token?: string
}

export interface DeviceHost {
  url: string
  origin: string
  token: string
  server: Server
  close(): Promise<void>
}

const maxFrameBytes = 256 * 1024
export const tokenMetaName = 'kiosk-bridge-token'

/**
 * Serves the built kiosk renderer and the bridge contract over a WebSocket on 127.0.0.1, so the
 * kiosk UI runs in a plain Chromium. Only pages it served itself can connect: the WebSocket must
 * come from its own origin and carry the per-start token that it writes into kiosk.html; HTTP
 * requests must name it by its loopback host (which defeats DNS rebinding).
 */
export async function startDeviceHost(opts: DeviceHostOptions): Promise<DeviceHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url')
  const tokenBytes = Buffer.from(token)
  let origin = ''
  let host = ''
  let csp = () => ''

  const statics = sirv(opts.rendererDir, { dev: false, etag: true, gzip: false, brotli: false })

  const server = createServer((req, res) => {
    if (req.headers.host !== host) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('misdirected request')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    for (const [k, v] of Object.entries(securityHeaders(csp()))) res.setHeader(k, v)
    const path = new URL(req.url ?? '/', origin).pathname
    if (path === '/' || path === '/kiosk.html') {
      void serveKioskPage(res)
      return
    }
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
      return
    }
    statics(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    })
  })

  async function serveKioskPage(res: ServerResponse): Promise<void> {
    try {
      const html = await readFile(join(opts.rendererDir, 'kiosk.html'), 'utf8')
      const meta = `<meta name="${tokenMetaName}" content="${token}">`
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html.replace('<head>', `<head>\n    ${meta}`))
    } catch (err) {
      opts.log.error(
        { err },
        'kiosk page missing: build the renderer first (npm run build:renderer)',
      )
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('kiosk page not built')
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes })
  const clients = new Set<WebSocket>()

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const reason = rejectReason(req)
    if (reason) {
      opts.log.warn(
        { reason, origin: req.headers.origin ?? null },
        'device host refused a WebSocket',
      )
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${reason}`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws))
  })

  function rejectReason(req: IncomingMessage): string | null {
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname !== deviceHostPaths.websocket) return 'unknown path'
    if (req.headers.host !== host) return 'wrong host'
    if (req.headers.origin !== origin) return 'foreign origin'
    const given = Buffer.from(url.searchParams.get('token') ?? '')
    if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes))
      return 'bad token'
    return null
  }

  function send(ws: WebSocket, frame: WsServerFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
  }

  function onConnection(ws: WebSocket): void {
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    ws.on('error', (err) => opts.log.warn({ err }, 'bridge socket error'))
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let frame: WsClientFrame
        try {
          if (isBinary) throw new Error('binary frame')
          const parsed = WsClientFrame.safeParse(JSON.parse(data.toString()))
          if (!parsed.success) throw new Error('frame does not match the envelope')
          frame = parsed.data
        } catch (err) {
          send(ws, {
            type: 'error',
            error: { code: 'INVALID_INPUT', message: (err as Error).message },
          })
          return
        }
        const result = await opts.services.dispatcher.dispatch(frame.channel, frame.input)
        send(
          ws,
          result.ok
            ? { type: 'response', id: frame.id, ok: true, value: result.value }
            : { type: 'response', id: frame.id, ok: false, error: result.error },
        )
      })()
    })
  }

  const unlisten = opts.services.events.listen((channel, payload) => {
    for (const ws of clients) send(ws, { type: 'event', channel, payload })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  host = `127.0.0.1:${port}`
  // Per page: after an enrolment on site the reloaded page may reach the centre it named.
  csp = () =>
    contentSecurityPolicy({
      connect: [
        `ws://127.0.0.1:${port}`,
        ...withWebSocketOrigin(
          typeof opts.serverUrl === 'function' ? opts.serverUrl() : opts.serverUrl,
        ),
      ],
    })

  return {
    url: `${origin}/kiosk.html`,
    origin,
    token,
    server,
    async close() {
      unlisten()
      for (const ws of clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
