import { describe, expect, it } from 'vitest'
import { createSim } from './sim'

/** Fake clock: the call state machine, its grace period and its reasons. */
function inCall(graceMs = 60_000) {
  const sim = createSim({ graceMs })
  sim.addClerk('c1', ['hukou'])
  sim.connectClerk('c1')
  sim.presence('c1', 'available')
  sim.connectTerminal('k1')
  const id = sim.join('k1', 'hukou')
  sim.accept('c1', id)
  sim.connected(id)
  return { sim, id }
}

describe('calls', () => {
  it('goes queued → offered → connecting → connected', () => {
    const { sim, id } = inCall()
    expect(sim.call(id).rec.state).toBe('connected')
    const states = [...sim.emits]
      .filter((e) => e.event === 'call:state')
      .map((e) => e.payload.call.state)
    expect(states).toEqual(['connected', 'connected'])
  })

  it('a dropped kiosk gets the grace period and resumes on a new generation', () => {
    const { sim, id } = inCall(60_000)
    const gen = sim.call(id).rec.generation
    sim.dropTerminal('k1')
    expect(sim.call(id).rec.state).toBe('reconnecting')
    expect(sim.call(id).graceEndsAt).toBe(sim.now() + 60_000)
    const told = sim.eventsTo({ staff: 'c1' }).filter((e) => e.event === 'call:peer-reconnecting')
    expect(told).toHaveLength(1)
    sim.advance(59_000)
    sim.connectTerminal('k1')
    expect(sim.call(id).rec).toMatchObject({ state: 'connecting', generation: gen + 1 })
    expect(sim.timers.has(id)).toBe(false)
    // session:state first, then the renegotiation to both parties.
    const k1 = sim.emits.slice(-3).map((e) => e.event)
    expect(k1).toEqual(['session:state', 'call:renegotiate', 'call:renegotiate'])
    sim.advance(10 * 60_000)
    expect(sim.call(id).rec.state).toBe('connecting')
  })

  it('after the grace period the resident goes back to the front with the same call', () => {
    const { sim, id } = inCall(60_000)
    sim.dropTerminal('k1')
    sim.advance(60_000)
    expect(sim.call(id).rec).toMatchObject({ state: 'queued', requeueCount: 1, clerkId: null })
    expect(sim.call(id).entry.front).toBe(true)
    const clerk = sim.eventsTo({ staff: 'c1' }).filter((e) => e.event === 'call:requeued')
    expect(clerk.map((e) => e.payload.reason)).toEqual(['terminal_lost'])
    expect(sim.state.staff.get('c1')).toMatchObject({ callId: null, presence: 'available' })
  })

  it('a lost clerk is reported as clerk_lost and set away', () => {
    const { sim, id } = inCall(60_000)
    sim.dropClerk('c1')
    sim.advance(60_000)
    const k1 = sim.eventsTo({ terminal: 'k1' }).filter((e) => e.event === 'call:requeued')
    expect(k1.map((e) => e.payload.reason)).toEqual(['clerk_lost'])
    expect(sim.state.staff.get('c1')!.presence).toBe('away')
    expect(sim.call(id).rec.state).toBe('queued')
  })

  it('a hangup ends the call with the side as reason; the clerk is free after the wrap-up', () => {
    const { sim, id } = inCall()
    sim.hangup(id, 'terminal')
    expect(sim.call(id).rec).toMatchObject({ state: 'ended', endReason: 'hangup_terminal' })
    expect(sim.state.staff.get('c1')!.callId).toBe(id)
    sim.connectTerminal('k2')
    const next = sim.join('k2', 'hukou')
    expect(sim.offersTo('c1')).not.toContain(next)
    sim.wrapup('c1', id)
    expect(sim.call(id).rec.outcome).toBe('resolved')
    expect(sim.state.staff.get('c1')).toMatchObject({ callId: null, presence: 'available' })
    expect(sim.offersTo('c1')).toContain(next)
  })

  it('a kiosk that missed its call’s end learns from its state that the call ended (not that the entry was lost)', () => {
    const { sim, id } = inCall(60_000)
    sim.dropTerminal('k1')
    sim.hangup(id, 'clerk')
    sim.connectTerminal('k1')
    const state = () =>
      sim.emits
        .filter((e) => e.event === 'session:state' && (e.to as { ns?: string }).ns === 'terminal')
        .at(-1)!.payload
    expect(state()).toMatchObject({
      call: { callId: id, state: 'ended', endReason: 'hangup_clerk' },
      position: null,
    })
    // Once the counter forgets the call, the state says nothing of it.
    sim.advance(31 * 60_000)
    sim.dropTerminal('k1')
    sim.connectTerminal('k1')
    expect(state()).toMatchObject({ call: null, position: null })
  })

  it('a clerk may not hang up a waiting call; the resident may (cancelled)', () => {
    const sim = createSim()
    sim.connectTerminal('k1')
    const id = sim.join('k1', 'hukou')
    expect(() => sim.hangup(id, 'clerk')).toThrow(/wrong state/)
    sim.hangup(id, 'terminal')
    expect(sim.call(id).rec.endReason).toBe('cancelled')
  })
})
