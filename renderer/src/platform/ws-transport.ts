import type { BridgeResult } from '../../../common/bridge/errors'
import type { WsServerFrame } from '../../../common/bridge/ws-envelope'

// The frame schema (and zod with it) is loaded on first use, not imported: this module is part
// of the kiosk's boot chunk, which opens the socket before the rest of the app is fetched.
let frameSchema: Promise<typeof WsServerFrame> | null = null
const loadFrameSchema = () =>
  (frameSchema ??= import('../../../common/bridge/ws-envelope').then((m) => m.WsServerFrame))

export interface RawTransport {
  request(channel: string, input: unknown): Promise<unknown>
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}

const requestTimeoutMs = 15_000
const maxReconnectDelayMs = 10_000

/**
 * The device host's WebSocket, reconnecting on its own: requests made while it is down wait for
 * the reconnection (up to the timeout) instead of failing at once.
 */
export function createWebSocketTransport(url: string): RawTransport {
  let ws: WebSocket | null = null
  let nextId = 1
  let attempt = 0
  const pending = new Map<
    number,
    { resolve: (r: BridgeResult) => void; timer: ReturnType<typeof setTimeout> }
  >()
  const queue: string[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()

  function connect(): void {
    const socket = new WebSocket(url)
    ws = socket
    socket.onopen = () => {
      attempt = 0
      for (const frame of queue.splice(0)) socket.send(frame)
    }
    // Frames are handled in arrival order, each once the frame schema is there.
    let handled = loadFrameSchema()
    socket.onmessage = (msg) => {
      const data = String(msg.data)
      handled = handled.then((schema) => {
        handle(schema, data)
        return schema
      })
    }
    socket.onclose = () => {
      ws = null
      const delay =
        Math.min(maxReconnectDelayMs, 250 * 2 ** attempt++) * (0.5 + Math.random() * 0.5)
      setTimeout(connect, delay)
    }
  }
  function handle(schema: Awaited<ReturnType<typeof loadFrameSchema>>, data: string): void {
    let frame: WsServerFrame
    try {
      const parsed = schema.safeParse(JSON.parse(data))
      if (!parsed.success) return
      frame = parsed.data
    } catch {
      return
    }
    if (frame.type === 'event') {
      for (const l of listeners.get(frame.channel) ?? []) l(frame.payload)
    } else if (frame.type === 'response') {
      const p = pending.get(frame.id)
      if (!p) return
      pending.delete(frame.id)
      clearTimeout(p.timer)
      p.resolve(frame.ok ? { ok: true, value: frame.value } : { ok: false, error: frame.error })
    }
  }
  connect()

  return {
    request(channel, input) {
      const id = nextId++
      const frame = JSON.stringify({ type: 'request', id, channel, input })
      return new Promise<BridgeResult>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          resolve({ ok: false, error: { code: 'TIMEOUT', message: `no answer on ${channel}` } })
        }, requestTimeoutMs)
        pending.set(id, { resolve, timer })
        if (ws?.readyState === WebSocket.OPEN) ws.send(frame)
        else queue.push(frame)
      })
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
}
