import { jittered } from '../../../node-common/backoff'
import { systemTimers, type Timers } from '../devices/timers'

/**
 * Whether the centre answers, as seen by every request the kiosk makes to it (catalog refresh,
 * progress lookup, video-help token, outbox sends). When an answer comes after a failure to reach
 * the centre, the link is back: listeners run once (the outbox then sends what waits at once,
 * instead of sleeping out a backoff of up to five minutes while the resident's receipt says
 * 尚未上传). Any HTTP answer counts, even an error status: the link carried it.
 */
export class LinkWatch {
  private down = false
  private readonly backListeners = new Set<() => void>()
  private readonly downListeners = new Set<() => void>()

  constructor(private readonly inner: typeof fetch = (...args) => fetch(...args)) {}

  /** `fetch`, watched: pass it to every centre client. */
  readonly fetch: typeof fetch = async (input, init) => {
    let res: Response
    try {
      res = await this.inner(input, init)
    } catch (e) {
      // A request the kiosk itself called off (the outbox closing) says nothing about the link;
      // a timeout does.
      const reason = init?.signal?.aborted ? (init.signal.reason as { name?: string }) : null
      if (reason?.name !== 'AbortError' && !this.down) {
        this.down = true
        for (const l of [...this.downListeners]) l()
      }
      throw e
    }
    if (this.down) {
      this.down = false
      for (const l of [...this.backListeners]) l()
    }
    return res
  }

  /** True after a request failed to reach the centre, until one reaches it again. */
  get isDown(): boolean {
    return this.down
  }

  /** `listener` runs each time the link comes back; returns the unsubscribe. */
  onBack(listener: () => void): () => void {
    this.backListeners.add(listener)
    return () => this.backListeners.delete(listener)
  }

  /**
   * While the link is down, calls `probe` (a small request through this watch's `fetch`) every
   * `intervalMs` ± 20 %, so its return is seen within about that long even when nothing else
   * talks to the centre; a probe is far cheaper than re-sending an application with its photos
   * over a rural link. Returns the stop.
   */
  probeWhileDown(
    probe: () => Promise<unknown>,
    intervalMs: number,
    timers: Timers = systemTimers,
    random: () => number = Math.random,
  ): () => void {
    let timer: unknown = null
    let stopped = false
    const tick = () => {
      timer = null
      if (stopped || !this.down) return
      void probe()
        .catch(() => {})
        .finally(() => {
          if (!stopped && this.down && timer === null) schedule()
        })
    }
    const schedule = () => {
      timer = timers.setTimeout(tick, jittered(intervalMs, 0.2, random))
    }
    const onDown = () => {
      if (timer === null) schedule()
    }
    this.downListeners.add(onDown)
    if (this.down) onDown()
    return () => {
      stopped = true
      this.downListeners.delete(onDown)
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
    }
  }
}
