import { describe, expect, it } from 'vitest'
import { compareQueueEntries } from '../../../../common/signaling'
import {
  byQueueOrder,
  sortedQueue,
  waitEstimate,
} from '../../../../signaling-server/src/realtime/queue'
import { createSim } from './sim'

/** Fake clock: the order, the positions and the estimate of the waiting line. */
describe('queue', () => {
  it('orders by front, then priority, then joining time', () => {
    const sim = createSim()
    for (const t of ['k1', 'k2', 'k3', 'k4']) sim.connectTerminal(t)
    const a = sim.join('k1', 'hukou')
    sim.advance(1_000)
    const b = sim.join('k2', 'hukou')
    sim.advance(1_000)
    const c = sim.join('k3', 'hukou', { disability: true })
    sim.advance(1_000)
    const d = sim.join('k4', 'hukou', { birthDate: '1940-05-01' })
    expect(sortedQueue(sim.state, 'hukou').map((x) => x.rec.id)).toEqual([c, d, a, b])
    // A resident put back at the front goes before every priority resident.
    sim.call(b).entry.front = true
    expect(sortedQueue(sim.state, 'hukou').map((x) => x.rec.id)).toEqual([b, c, d, a])
  })

  it("orders the line exactly as the consoles list it, a tie broken by the call's id", () => {
    const sim = createSim()
    const ids: string[] = []
    for (let i = 0; i < 12; i++) {
      sim.connectTerminal(`k${i}`)
      ids.push(sim.join(`k${i}`, 'hukou', i % 3 === 0 ? { disability: true } : {}))
      if (i % 4 === 0) sim.advance(1_000) // some join in the same millisecond
    }
    sim.call(ids[7]!).entry.front = true
    const calls = ids.map((id) => sim.call(id))
    const view = (c: (typeof calls)[number]) => ({
      front: c.entry.front,
      priority: c.rec.priority,
      joinedAt: c.rec.queuedAt,
      callId: c.rec.id,
    })
    const server = [...calls].sort(byQueueOrder).map((c) => c.rec.id)
    const consoles = calls
      .map(view)
      .sort(compareQueueEntries)
      .map((v) => v.callId)
    expect(server).toEqual(consoles)
    expect(server[0]).toBe(ids[7])
    expect(new Set(calls.map((c) => c.rec.queuedAt)).size).toBeLessThan(calls.length)
  })

  it('sends each waiting kiosk its position, and a joiner moves others only when ahead', () => {
    const sim = createSim()
    for (const t of ['k1', 'k2']) sim.connectTerminal(t)
    const a = sim.join('k1', 'hukou')
    sim.join('k2', 'hukou', { disability: true })
    const k1 = sim.eventsTo({ terminal: 'k1' }).filter((e) => e.event === 'queue:position')
    expect(k1.map((e) => e.payload.position)).toEqual([1, 2])
    expect(k1[1]!.payload.callId).toBe(a)
    const k2 = sim.eventsTo({ terminal: 'k2' }).filter((e) => e.event === 'queue:position')
    expect(k2.map((e) => e.payload.position)).toEqual([1])
  })

  it('tells the front places at once and coalesces moves further back', () => {
    const sim = createSim()
    const kiosks = Array.from({ length: 8 }, (_, i) => `k${i + 1}`)
    for (const t of kiosks) sim.connectTerminal(t)
    const ids = kiosks.map((t) => {
      const id = sim.join(t, 'hukou')
      sim.advance(1)
      return id
    })
    const positions = (t: string) =>
      sim
        .eventsTo({ terminal: t })
        .filter((e) => e.event === 'queue:position')
        .map((e) => e.payload.position)
    sim.advance(5_000)
    // Two leave the front one after the other: 2–4 (now 1–3) hear each move, the rest once.
    sim.cancel(ids[0]!)
    sim.cancel(ids[1]!)
    expect(positions('k3')).toEqual([3, 2, 1])
    expect(positions('k4')).toEqual([4, 3, 2])
    expect(positions('k6')).toEqual([6, 5])
    expect(positions('k8')).toEqual([8, 7])
    // Further back the second move waits out the interval, then goes once.
    sim.advance(1_000)
    expect(positions('k8')).toEqual([8, 7])
    sim.advance(1_000)
    expect(positions('k6')).toEqual([6, 5, 4])
    expect(positions('k8')).toEqual([8, 7, 6])
    // A move back (a priority resident joins ahead) goes at once.
    sim.connectTerminal('k9')
    sim.join('k9', 'hukou', { disability: true })
    expect(positions('k8')).toEqual([8, 7, 6, 7])
  })

  it('estimates the wait from clerks online and free, null with no clerk', () => {
    expect(waitEstimate(1, 0, 0, 300)).toBeNull()
    expect(waitEstimate(1, 1, 1, 300)).toBe(0)
    expect(waitEstimate(1, 1, 0, 300)).toBe(150)
    expect(waitEstimate(3, 2, 0, 300)).toBe(450)
  })

  it('a cancelled request leaves no trace: queue, store, consoles, timers', () => {
    const sim = createSim()
    sim.addClerk('c1', ['hukou'])
    sim.connectTerminal('k1')
    const id = sim.join('k1', 'hukou')
    expect(sim.entries.has(id)).toBe(true)
    sim.cancel(id)
    expect(sim.state.queues.get('hukou')?.size).toBe(0)
    expect(sim.state.terminalCall.has('k1')).toBe(false)
    expect(sim.entries.has(id)).toBe(false)
    expect(sim.persisted.get(id)).toMatchObject({ state: 'ended', endReason: 'cancelled' })
    expect(sim.call(id).entry.maskedName).toBeNull()
    const removed = sim.emits.filter(
      (e) => e.event === 'queue:entry' && e.payload.op === 'remove' && e.payload.callId === id,
    )
    expect(removed).toHaveLength(1)
    // A clerk who becomes available later is offered nothing.
    sim.connectClerk('c1')
    sim.presence('c1', 'available')
    expect(sim.offersTo('c1')).toEqual([])
    // After the wrap-up window the call is forgotten entirely.
    sim.advance(30 * 60_000)
    expect(sim.state.calls.has(id)).toBe(false)
    expect(sim.timers.size).toBe(0)
    // The same kiosk may join again with a new request.
    expect(sim.join('k1', 'hukou')).not.toBe(id)
  })

  it('keeps the place of an offline kiosk for the hold time, then abandons it', () => {
    const sim = createSim({ queueHoldMs: 60_000 })
    sim.connectTerminal('k1')
    const id = sim.join('k1', 'hukou')
    sim.dropTerminal('k1')
    sim.advance(59_000)
    expect(sim.call(id).rec.state).toBe('queued')
    sim.connectTerminal('k1')
    sim.advance(120_000)
    expect(sim.call(id).rec.state).toBe('queued')
    sim.dropTerminal('k1')
    sim.advance(60_000)
    expect(sim.call(id).rec).toMatchObject({ state: 'ended', endReason: 'abandoned' })
  })
})
