import { describe, expect, it } from 'vitest'
import { createHandleTimes } from '../../../../signaling-server/src/realtime/handle-times'
import type { CallRecord } from '../../../../signaling-server/src/store/types'

const talk = (callId: string, connectedAt: number, endedAt: number) => ({
  callId,
  connectedAt,
  endedAt,
})
const rec = (id: string, over: Partial<CallRecord>) =>
  ({ id, category: 'social-security', connectedAt: null, endedAt: null, ...over }) as CallRecord

/** The talk-time window behind the wait estimate, as the store's last-n query would answer. */
describe('handle times', () => {
  it('averages the seeded talks, then every connected call that ends, over the last n', () => {
    const t = createHandleTimes(2)
    expect(t.averageSeconds('social-security')).toBeNull()
    t.seed('social-security', [talk('a', 0, 60_000), talk('b', 0, 120_000)])
    expect(t.averageSeconds('social-security')).toBe(90)
    // Queued, then connected: not counted until it has ended.
    t.saw(rec('c', {}))
    t.saw(rec('c', { connectedAt: 200_000 }))
    expect(t.averageSeconds('social-security')).toBe(90)
    t.saw(rec('c', { connectedAt: 200_000, endedAt: 230_000 }))
    // The last two by end time: b (120 s) and c (30 s).
    expect(t.averageSeconds('social-security')).toBe(75)
    // A later write of the same call (wrap-up) counts it once.
    t.saw(rec('c', { connectedAt: 200_000, endedAt: 230_000, outcome: 'resolved' }))
    expect(t.averageSeconds('social-security')).toBe(75)
    // Ended without being connected: no talk.
    t.saw(rec('d', { endedAt: 300_000 }))
    expect(t.averageSeconds('social-security')).toBe(75)
    expect(t.averageSeconds('family')).toBeNull()
  })
})
