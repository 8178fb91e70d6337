import {
  HEALTH_MIN_GAP_MS,
  HEALTH_REPORT_MS,
  type HealthSnapshot,
} from '../../../../common/signaling/health'
import type { LinkState, TerminalClient } from '../shared/signaling-client'

/** A little more than the centre's 5 s, so two reports never arrive closer than it allows. */
export const MIN_GAP_MS = HEALTH_MIN_GAP_MS + 1_000

export interface HealthReporterDeps {
  client: Pick<TerminalClient, 'request' | 'onLink' | 'link'>
  /** The main process's snapshot (`health:snapshot`). */
  snapshot: () => Promise<HealthSnapshot>
  /** `health:changed` from the main process. */
  onChange: (fn: () => void) => () => void
  now: () => number
  setTimer: (fn: () => void, ms: number) => unknown
  clearTimer: (t: unknown) => void
}

/**
 * Sends the kiosk's health to the centre (`health:report`): when the link comes up, when the
 * main process says something changed, and at least every 60 s, never two within `MIN_GAP_MS`
 * (a change meanwhile is sent when the gap is over). Each report carries the round trip of the
 * previous one's ack as the RTT to the centre. Offline, nothing is queued: the link's return
 * sends a fresh report.
 */
export class HealthReporter {
  private timer: unknown = null
  private lastSentAt = Number.NEGATIVE_INFINITY
  private rttMs: number | null = null
  private sending = false
  private again = false
  private stopped = false
  private readonly offs: (() => void)[] = []

  constructor(private readonly deps: HealthReporterDeps) {}

  start(): void {
    this.offs.push(
      this.deps.onChange(() => this.soon()),
      this.deps.client.onLink((link: LinkState) => {
        if (link === 'online') this.soon()
      }),
    )
    if (this.deps.client.link === 'online') this.soon()
    else this.schedule(HEALTH_REPORT_MS)
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) this.deps.clearTimer(this.timer)
    for (const off of this.offs.splice(0)) off()
  }

  /** As soon as the gap since the last report allows. */
  private soon(): void {
    if (this.sending) {
      this.again = true
      return
    }
    this.schedule(Math.max(0, this.lastSentAt + MIN_GAP_MS - this.deps.now()))
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    if (this.timer !== null) this.deps.clearTimer(this.timer)
    this.timer = this.deps.setTimer(() => {
      this.timer = null
      void this.send()
    }, ms)
  }

  private async send(): Promise<void> {
    if (this.stopped) return
    this.sending = true
    this.again = false
    try {
      if (this.deps.client.link !== 'online') return
      const snapshot = await this.deps.snapshot()
      const t0 = this.deps.now()
      this.lastSentAt = t0
      try {
        await this.deps.client.request('health:report', { ...snapshot, rttMs: this.rttMs })
        this.rttMs = Math.min(120_000, Math.max(0, Math.round(this.deps.now() - t0)))
      } catch {
        // Offline, refused or too early: the next report (periodic or on reconnect) follows.
      }
    } catch {
      // No snapshot from the main process this time; try again at the next turn.
    } finally {
      this.sending = false
      if (this.again) this.soon()
      else this.schedule(HEALTH_REPORT_MS)
    }
  }
}
