import type { CallRecord, TalkRecord } from '../store/types'

/** How many of a category's last talks the wait estimate averages. */
export const TALKS_AVERAGED = 20

/**
 * The mean talk time of each category's last `n` connected calls, kept in memory so the
 * synchronous domain can read it (`Lookups.averageHandleSeconds`) without awaiting the store:
 * seeded from the store at start, then fed every call record the edge writes, so it answers
 * what the store would (the last `n` by end time).
 */
export function createHandleTimes(n = TALKS_AVERAGED) {
  const talks = new Map<string, TalkRecord[]>()

  function add(category: string, t: TalkRecord): void {
    const list = (talks.get(category) ?? []).filter((x) => x.callId !== t.callId)
    list.push(t)
    list.sort((a, b) => b.endedAt - a.endedAt)
    talks.set(category, list.slice(0, n))
  }

  return {
    seed(category: string, recent: readonly TalkRecord[]): void {
      for (const t of recent) add(category, t)
    },
    /** A written call record: counted once it was connected and has ended. */
    saw(rec: CallRecord): void {
      if (rec.connectedAt === null || rec.endedAt === null) return
      add(rec.category, { callId: rec.id, connectedAt: rec.connectedAt, endedAt: rec.endedAt })
    },
    averageSeconds(category: string): number | null {
      const list = talks.get(category)
      if (!list?.length) return null
      const sum = list.reduce((s, t) => s + (t.endedAt - t.connectedAt), 0)
      return sum / list.length / 1000
    },
  }
}
