import type { TimerKind } from './state'

/**
 * The only owner of timers in the video counter: one per call (a new one replaces the old),
 * plus the periodic jobs. The domain asks for timers through effects.
 */
export interface Scheduler {
  schedule(callId: string, timer: TimerKind, at: number): void
  cancel(callId: string): void
  every(ms: number, fn: () => void): void
  close(): void
}

export function createScheduler(
  now: () => number,
  fire: (callId: string, timer: TimerKind) => void,
): Scheduler {
  const timers = new Map<string, NodeJS.Timeout>()
  const intervals: NodeJS.Timeout[] = []
  let closed = false
  const cancel = (callId: string): void => {
    const t = timers.get(callId)
    if (t) clearTimeout(t)
    timers.delete(callId)
  }
  return {
    schedule(callId, timer, at) {
      cancel(callId)
      const t = setTimeout(
        () => {
          timers.delete(callId)
          if (!closed) fire(callId, timer)
        },
        Math.max(0, at - now()),
      )
      t.unref?.()
      timers.set(callId, t)
    },
    cancel,
    every(ms, fn) {
      const t = setInterval(() => {
        if (!closed) fn()
      }, ms)
      t.unref?.()
      intervals.push(t)
    },
    close() {
      closed = true
      for (const t of timers.values()) clearTimeout(t)
      timers.clear()
      for (const t of intervals) clearInterval(t)
    },
  }
}
