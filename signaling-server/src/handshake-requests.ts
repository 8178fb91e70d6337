import { ServerResponse, type IncomingMessage } from 'node:http'

/** What this module uses of engine.io's server (`io.engine`). */
interface Engine {
  use(fn: (req: IncomingMessage, res: unknown, next: (err?: Error) => void) => void): void
  on(event: 'connection', fn: (socket: { request: IncomingMessage | null }) => void): unknown
}

/**
 * Once a connection is open nothing needs the HTTP request that opened it (socket.io builds a
 * socket's `handshake` later, from its auth payload), yet the request holds its headers twice,
 * its URL and its parser state for as long as the connection lives: ~1.2 KB of heap for each
 * of thousands of idle kiosks. engine.io keeps it twice: as its socket's `request`, and, for a
 * WebSocket, in the stand-in response it gives the upgrade's middlewares (its `req`, kept alive
 * by a close listener on the TCP socket). Both are let go when the connection opens. A client
 * that starts on long-polling and upgrades later keeps its upgrade's request, as before (every
 * client starts on WebSocket and falls back to polling only when that fails).
 */
export function releaseHandshakeRequests(engine: Engine): void {
  const upgrades = new WeakMap<IncomingMessage, { req: IncomingMessage | null }>()
  engine.use((req, res, next) => {
    // A polling request's response is Node's own, which still needs its request.
    if (res && typeof res === 'object' && !(res instanceof ServerResponse) && 'req' in res)
      upgrades.set(req, res as { req: IncomingMessage | null })
    next()
  })
  engine.on('connection', (socket) => {
    const req = socket.request
    if (!req) return
    const stand = upgrades.get(req)
    if (stand?.req === req) stand.req = null
    socket.request = null
  })
}
