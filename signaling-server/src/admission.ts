import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * Admission of new socket connections by how late this process's event loop runs. After every
 * node restarted, thousands of kiosks reconnect at once; a node that takes them all queues
 * their handshakes until each waits past the client's 20 s connect timeout, the work is thrown
 * away and the kiosk backs off for up to its cap: the storm then lasted twice as long as the
 * node needed. While the loop lags past `maxLagMs` a new connection is refused at once
 * (engine.io's `allowRequest`: a WebSocket upgrade answered 400, before any handshake work), the
 * kiosk tries again after its short backoff, and the ones admitted finish in time. Open
 * connections are never touched.
 */
export interface Admission {
  allowRequest(req: unknown, cb: (message: string | null, ok: boolean) => void): void
  /** Whether new connections are refused now. */
  busy(): boolean
  close(): void
}

export function createAdmission(opts: {
  /** Lag above which new connections are refused. */
  maxLagMs: number
  /** The loop's worst lag over the last sample window (ms); default: measured here. */
  lagMs?: () => number
  /** Told when refusing starts (with the lag), for a throttled log line and a metric. */
  onRefused?: (lagMs: number) => void
}): Admission {
  let stop = () => {}
  let lagMs = opts.lagMs
  if (!lagMs) {
    // The worst delay over each 250 ms window, so one slow tick refuses for a window at most.
    const h = monitorEventLoopDelay({ resolution: 10 })
    h.enable()
    let last = 0
    const timer = setInterval(() => {
      last = h.max / 1e6
      h.reset()
    }, 250)
    timer.unref()
    lagMs = () => last
    stop = () => {
      clearInterval(timer)
      h.disable()
    }
  }
  const lag = lagMs
  const busy = () => lag() > opts.maxLagMs
  return {
    busy,
    allowRequest(_req, cb) {
      if (!busy()) return cb(null, true)
      opts.onRefused?.(lag())
      cb('server busy, try again shortly', false)
    },
    close: () => stop(),
  }
}
