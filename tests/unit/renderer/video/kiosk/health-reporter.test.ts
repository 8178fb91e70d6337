// The kiosk's health reports over its socket: on connect, on change (never two within the gap)
// and every 60 s, each with the previous ack's round trip.
import { describe, expect, it } from 'vitest'
import type { HealthReport, HealthSnapshot } from '../../../../../common/signaling/health'
import { HealthReporter, MIN_GAP_MS } from '../../../../../renderer/src/video/kiosk/health-reporter'
import type { LinkState } from '../../../../../renderer/src/video/shared/signaling-client'
import { healthReport } from '../../../../support/health'

const { rttMs: _rtt, ...snapshot } = healthReport()

function rig(initial: LinkState = 'online') {
  let clock = 1_000_000
  const timers: { at: number; fn: () => void; id: number }[] = []
  let nextId = 0
  const sent: { at: number; report: HealthReport }[] = []
  const linkFns = new Set<(l: LinkState) => void>()
  const changeFns = new Set<() => void>()
  let current: HealthSnapshot = snapshot
  const client = {
    link: initial,
    onLink(fn: (l: LinkState) => void) {
      linkFns.add(fn)
      return () => linkFns.delete(fn)
    },
    async request(_event: string, report: HealthReport) {
      if (client.link !== 'online') throw new Error('offline')
      sent.push({ at: clock, report })
      clock += 40 // the ack's round trip
      return {}
    },
  }
  const reporter = new HealthReporter({
    client: client as never,
    snapshot: async () => current,
    onChange: (fn) => {
      changeFns.add(fn)
      return () => changeFns.delete(fn)
    },
    now: () => clock,
    setTimer: (fn, ms) => {
      timers.push({ at: clock + ms, fn, id: ++nextId })
      return nextId
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id)
      if (i >= 0) timers.splice(i, 1)
    },
  })
  const flush = () => new Promise((r) => setTimeout(r, 0))
  return {
    reporter,
    sent,
    client,
    set: (s: HealthSnapshot) => (current = s),
    change: () => [...changeFns].forEach((f) => f()),
    setLink(l: LinkState) {
      client.link = l
      for (const f of linkFns) f(l)
    },
    /** Moves the clock on by `ms`, firing the timers due on the way. */
    async advance(ms: number) {
      const end = clock + ms
      for (;;) {
        timers.sort((a, b) => a.at - b.at)
        const t = timers[0]
        if (!t || t.at > end) break
        timers.shift()
        clock = Math.max(clock, t.at)
        t.fn()
        await flush()
        await flush()
      }
      clock = Math.max(clock, end)
    },
    start: async () => {
      reporter.start()
      await flush()
    },
    at: () => clock,
  }
}

describe('health reporter', () => {
  it('reports on connect and every 60 s, carrying the previous ack’s round trip', async () => {
    const r = rig()
    const t0 = r.at()
    await r.start()
    await r.advance(0)
    await r.advance(125_000)
    expect(r.sent.map((s) => s.at - t0)).toEqual([0, 60_040, 120_080])
    expect(r.sent.map((s) => s.report.rttMs)).toEqual([null, 40, 40])
    r.reporter.stop()
  })

  it('sends a change at once, but never two within the gap', async () => {
    const r = rig()
    const t0 = r.at()
    await r.start()
    await r.advance(1_000)
    r.set({ ...snapshot, printer: { state: 'error', paper: 'out', detail: 'paper-out' } })
    r.change()
    await r.advance(0)
    expect(r.sent).toHaveLength(1)
    await r.advance(MIN_GAP_MS)
    expect(r.sent.map((s) => [s.at - t0, s.report.printer?.paper])).toEqual([
      [0, 'ok'],
      [MIN_GAP_MS, 'out'],
    ])
    // Two changes in quick succession: one report for both.
    await r.advance(20_000)
    r.change()
    r.change()
    await r.advance(MIN_GAP_MS)
    expect(r.sent).toHaveLength(3)
    r.reporter.stop()
  })

  it('sends nothing offline, and a fresh report when the link is back', async () => {
    const r = rig('connecting')
    await r.start()
    await r.advance(130_000)
    expect(r.sent).toEqual([])
    r.setLink('online')
    await r.advance(0)
    expect(r.sent).toHaveLength(1)
    r.setLink('offline')
    r.change()
    await r.advance(30_000)
    expect(r.sent).toHaveLength(1)
    r.setLink('online')
    await r.advance(0)
    expect(r.sent).toHaveLength(2)
    r.reporter.stop()
    await r.advance(200_000)
    expect(r.sent).toHaveLength(2)
  })
})
