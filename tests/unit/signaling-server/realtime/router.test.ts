import { describe, expect, it } from 'vitest'
import { createSim } from './sim'

/** Fake clock: who is offered to whom, and what happens to offers. */
describe('router', () => {
  it('offers the highest-priority longest-waiting resident first', () => {
    const sim = createSim()
    sim.addClerk('c1', ['hukou'])
    for (const t of ['k1', 'k2', 'k3']) sim.connectTerminal(t)
    sim.join('k1', 'hukou')
    sim.advance(1_000)
    const b = sim.join('k2', 'hukou', { birthDate: '1945-01-01' })
    sim.advance(1_000)
    sim.join('k3', 'hukou', { disability: true })
    sim.connectClerk('c1')
    sim.presence('c1', 'available')
    expect(sim.offersTo('c1')).toEqual([b])
  })

  it('skips residents whose kiosk is offline and categories the clerk does not serve', () => {
    const sim = createSim()
    sim.addClerk('c1', ['hukou'])
    for (const t of ['k1', 'k2', 'k3']) sim.connectTerminal(t)
    sim.join('k1', 'pension')
    sim.join('k2', 'hukou')
    sim.advance(1_000)
    const c = sim.join('k3', 'hukou')
    sim.dropTerminal('k2')
    sim.connectClerk('c1')
    sim.presence('c1', 'available')
    expect(sim.offersTo('c1')).toEqual([c])
  })

  it('offers to the longest-idle available clerk', () => {
    const sim = createSim()
    for (const c of ['c1', 'c2', 'c3']) {
      sim.addClerk(c, ['hukou'])
      sim.connectClerk(c)
    }
    sim.presence('c2', 'available')
    sim.advance(5_000)
    sim.presence('c3', 'available')
    sim.advance(5_000)
    sim.presence('c1', 'available')
    sim.connectTerminal('k1')
    sim.connectTerminal('k2')
    const a = sim.join('k1', 'hukou')
    const b = sim.join('k2', 'hukou')
    expect(sim.offersTo('c2')).toEqual([a])
    expect(sim.offersTo('c3')).toEqual([b])
    expect(sim.offersTo('c1')).toEqual([])
  })

  it('an unanswered offer times out: resident back to the front, console set away', () => {
    const sim = createSim({ offerTimeoutMs: 20_000 })
    sim.addClerk('c1', ['hukou'])
    sim.addClerk('c2', ['hukou'])
    sim.connectClerk('c1')
    sim.connectClerk('c2')
    sim.presence('c1', 'available')
    for (const t of ['k1', 'k2']) sim.connectTerminal(t)
    const a = sim.join('k1', 'hukou')
    sim.advance(1_000)
    sim.join('k2', 'hukou', { disability: true })
    expect(sim.offersTo('c1')).toEqual([a])
    sim.advance(19_000)
    expect(sim.call(a).rec.state).toBe('queued')
    expect(sim.call(a).entry.front).toBe(true)
    expect(sim.state.staff.get('c1')!.presence).toBe('away')
    const revoked = sim.eventsTo({ terminal: 'k1' }).filter((e) => e.event === 'call:offer-revoked')
    expect(revoked.map((e) => e.payload.reason)).toEqual(['timeout'])
    // Back at the front: before the later priority resident.
    sim.presence('c2', 'available')
    expect(sim.offersTo('c2')).toEqual([a])
  })

  it('an offer still times out when the kiosk’s new socket replaces the old one meanwhile', () => {
    const sim = createSim({ offerTimeoutMs: 20_000 })
    sim.addClerk('c1', ['hukou'])
    sim.connectClerk('c1')
    sim.presence('c1', 'available')
    sim.connectTerminal('k1')
    const a = sim.join('k1', 'hukou')
    expect(sim.offersTo('c1')).toEqual([a])
    // The kiosk reconnects through another node before its old socket's departure is known.
    sim.advance(5_000)
    sim.connectTerminal('k1')
    sim.advance(15_000)
    expect(sim.call(a).rec.state).toBe('queued')
    expect(sim.state.staff.get('c1')!.presence).toBe('away')
  })

  it('a declined offer goes to another clerk, never back to the one who declined', () => {
    const sim = createSim()
    sim.addClerk('c1', ['hukou'])
    sim.addClerk('c2', ['hukou'])
    sim.connectClerk('c1')
    sim.presence('c1', 'available')
    sim.connectTerminal('k1')
    const a = sim.join('k1', 'hukou')
    sim.decline('c1', a)
    expect(sim.offersTo('c1')).toEqual([a])
    expect(sim.call(a).rec.state).toBe('queued')
    sim.connectClerk('c2')
    sim.presence('c2', 'available')
    expect(sim.offersTo('c2')).toEqual([a])
  })

  it('accepting starts the call on the prepared generation; picking another is refused', () => {
    const sim = createSim()
    sim.addClerk('c1', ['hukou'])
    sim.addClerk('c2', ['hukou'])
    sim.connectClerk('c1')
    sim.connectClerk('c2')
    sim.presence('c1', 'available')
    sim.connectTerminal('k1')
    const a = sim.join('k1', 'hukou')
    const gen = sim.call(a).rec.generation
    sim.presence('c2', 'available')
    expect(() => sim.pick('c2', a)).toThrow(/offered to another clerk/)
    sim.accept('c1', a)
    expect(sim.call(a).rec).toMatchObject({ state: 'connecting', clerkId: 'c1', generation: gen })
    expect(sim.state.staff.get('c1')).toMatchObject({
      callId: a,
      offerCallId: null,
      presence: 'busy',
    })
    expect(sim.state.queues.get('hukou')!.has(a)).toBe(false)
  })
})
