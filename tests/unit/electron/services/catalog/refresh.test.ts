import { describe, expect, it } from 'vitest'
import { startCatalogRefresh } from '../../../../../electron/services/catalog/refresh'
import type { CatalogRefresh } from '../../../../../electron/services/centre-api'
import { CentreOfflineError } from '../../../../../electron/services/centre-api'
import { silentLogger } from '../../../../../node-common/logger'

/** Timers the test fires by hand; records each delay asked for. */
function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = []
  return {
    delays: [] as number[],
    pending,
    setTimer(fn: () => void, ms: number) {
      const t = { fn, ms }
      pending.push(t)
      this.delays.push(ms)
      return t
    },
    clearTimer(h: unknown) {
      const i = pending.indexOf(h as (typeof pending)[number])
      if (i >= 0) pending.splice(i, 1)
    },
    async fire() {
      const t = pending.shift()
      if (!t) throw new Error('no timer pending')
      t.fn()
      await new Promise((r) => setTimeout(r, 0))
    },
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('catalog refresh schedule', () => {
  it('refreshes at start, then every interval with jitter; sooner after a failure', async () => {
    const answers: (CatalogRefresh | Error)[] = [
      { kind: 'updated', version: '2025.07.1' },
      new CentreOfflineError('down'),
      new CentreOfflineError('down'),
      { kind: 'unchanged', version: '2025.07.1' },
    ]
    let calls = 0
    const timers = manualTimers()
    const randoms = [0, 1, 0.5, 0.25]
    const refresher = startCatalogRefresh({
      refresh: async () => {
        const a = answers[calls++]!
        if (a instanceof Error) throw a
        return a
      },
      log: silentLogger(),
      intervalMs: 1000,
      retryMs: 100,
      jitter: 0.2,
      random: () => randoms.shift() ?? 0.5,
      setTimer: (fn, ms) => timers.setTimer(fn, ms),
      clearTimer: (h) => timers.clearTimer(h),
    })
    await flush()
    expect(calls).toBe(1)
    // Success: the interval, 20 % early at random() = 0.
    expect(timers.delays).toEqual([800])
    await timers.fire()
    expect(calls).toBe(2)
    // Failure (offline): the shorter retry, 20 % late at random() = 1.
    expect(timers.delays).toEqual([800, 120])
    await timers.fire()
    await timers.fire()
    expect(calls).toBe(4)
    // Back to the interval after the centre answered again (random() = 0.25: 10 % early).
    expect(timers.delays).toEqual([800, 120, 100, 900])
    await refresher.stop()
    expect(timers.pending).toHaveLength(0)
  })

  it('stop() cancels the next refresh and waits for one under way', async () => {
    let finish!: () => void
    let calls = 0
    const timers = manualTimers()
    const refresher = startCatalogRefresh({
      refresh: () => {
        calls++
        return new Promise<CatalogRefresh>((r) => {
          finish = () => r({ kind: 'unchanged', version: '1' })
        })
      },
      log: silentLogger(),
      setTimer: (fn, ms) => timers.setTimer(fn, ms),
      clearTimer: (h) => timers.clearTimer(h),
    })
    let stopped = false
    const stopping = refresher.stop().then(() => (stopped = true))
    await flush()
    expect(stopped).toBe(false)
    finish()
    await stopping
    expect(calls).toBe(1)
    expect(timers.pending).toHaveLength(0)
  })

  it('refreshNow() refreshes at once after the one under way, and the schedule counts from it', async () => {
    const answers: (CatalogRefresh | Error)[] = [
      { kind: 'unchanged', version: '2025.07.1' },
      { kind: 'updated', version: '2025.07.2' },
      new CentreOfflineError('down'),
    ]
    let calls = 0
    const timers = manualTimers()
    const refresher = startCatalogRefresh({
      refresh: async () => {
        const a = answers[calls++]!
        if (a instanceof Error) throw a
        return a
      },
      log: silentLogger(),
      intervalMs: 1000,
      retryMs: 100,
      jitter: 0,
      setTimer: (fn, ms) => timers.setTimer(fn, ms),
      clearTimer: (h) => timers.clearTimer(h),
    })
    // Asked while the start's refresh is under way: it runs after it, not beside it.
    const now = refresher.refreshNow()
    expect(await now).toEqual({ kind: 'updated', version: '2025.07.2' })
    expect(calls).toBe(2)
    // The interval's timer from the first refresh was replaced by the one from this refresh.
    expect(timers.pending.map((t) => t.ms)).toEqual([1000])
    // Offline: the caller is told, the sooner retry is scheduled, the cache stays.
    await expect(refresher.refreshNow()).rejects.toThrow('down')
    expect(timers.pending.map((t) => t.ms)).toEqual([100])
    await refresher.stop()
    await expect(refresher.refreshNow()).rejects.toThrow('stopped')
    expect(timers.pending).toHaveLength(0)
  })
})
