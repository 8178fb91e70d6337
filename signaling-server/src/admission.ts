import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * Admission of new socket connections by how late this process's event loop runs. After every
 * node restarted, thousands of kiosks reconnect at once; a node that takes them all queues
 * their handshakes until each waits past the client's 20 s connect timeout, the work is thrown
 * away and the kiosk backs off for up to its cap: the storm then lasted twice as long as the
 * node needed. While the loop lags past `maxLagMs` and connections keep coming (at least
 * `minAttempts` in the current 250 ms window: a surge, not one kiosk after a slow tick) a new
 * connection is refused at once (engine.io's `allowRequest`: a WebSocket upgrade answered 400,
 * before any handshake work), the kiosk tries again after its short backoff, and the ones
 * admitted finish in time. Open connections are never touched.
 */
export interface Admission {
  allowRequest(req: unknown, cb: (message: string | null, ok: boolean) => void): void
  /** Whether the loop lags past the bound now. */
  busy(): boolean
  close(): void
}

const WINDOW_MS = 250

export function createAdmission(opts: {
  /** Lag above which new connections are refused. */
  maxLagMs: number
  /** Connection attempts in the current window before any is refused (default 20). */
  minAttempts?: number
  /** The loop's worst lag over the last sample window (ms); default: measured here. */
  lagMs?: () => number
  /** Told when refusing starts (with the lag), for a throttled log line and a metric. */
  onRefused?: (lagMs: number) => void
}): Admission {
  const minAttempts = opts.minAttempts ?? 20
  let attempts = 0
  let last = 0
  // The worst delay over each window, so one slow tick counts for a window at most.
  const h = opts.lagMs ? null : monitorEventLoopDelay({ resolution: 10 })
  h?.enable()
  const timer = setInterval(() => {
    attempts = 0
    if (!h) return
    last = h.max / 1e6
    h.reset()
  }, WINDOW_MS)
  timer.unref()
  const lag = opts.lagMs ?? (() => last)
  const busy = () => lag() > opts.maxLagMs
  return {
    busy,
    allowRequest(_req, cb) {
      attempts++
      if (!busy() || attempts < minAttempts) return cb(null, true)
      opts.onRefused?.(lag())
      cb('server busy, try again shortly', false)
    },
    close() {
      clearInterval(timer)
      h?.disable()
    },
  }
}
