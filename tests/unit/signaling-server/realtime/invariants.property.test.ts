import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Refusal } from '../../../../signaling-server/src/realtime/errors'
import { ACTIVE, QUEUED } from '../../../../signaling-server/src/realtime/state'
import { createSim, type Sim } from './sim'

/**
 * For any sequence of joins, cancels, presence changes, accepts, declines, picks, drops,
 * returns, hangups, wrap-ups and timer firings: no resident is offered to two clerks at once,
 * no clerk has two calls, and every open request is queued, offered or in a call exactly once.
 */

const TERMINALS = ['k1', 'k2', 'k3', 'k4']
const CLERKS = ['c1', 'c2', 'c3']
const CATEGORIES = ['hukou', 'pension']

const term = fc.constantFrom(...TERMINALS)
const clerk = fc.constantFrom(...CLERKS)

type Action =
  | { a: 'join'; t: string; cat: string; prio: boolean }
  | { a: 'cancel' | 'dropT' | 'backT' | 'hangupT' | 'connected'; t: string }
  | { a: 'dropC' | 'backC' | 'accept' | 'decline' | 'hangupC' | 'wrapup'; c: string }
  | { a: 'presence'; c: string; p: 'available' | 'away' }
  | { a: 'pick'; c: string; t: string }
  | { a: 'advance'; ms: number }

// Weighted so that kiosks and consoles come online, join and go available often enough
// to meet; the rest (drops, declines, hangups, timers) then breaks things up.
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary })
const action: fc.Arbitrary<Action> = fc.oneof(
  w(
    4,
    fc.record({
      a: fc.constant('join' as const),
      t: term,
      cat: fc.constantFrom(...CATEGORIES),
      prio: fc.boolean(),
    }),
  ),
  w(3, fc.record({ a: fc.constant('backT' as const), t: term })),
  w(3, fc.record({ a: fc.constant('backC' as const), c: clerk })),
  w(
    3,
    fc.record({
      a: fc.constant('presence' as const),
      c: clerk,
      p: fc.constant('available' as const),
    }),
  ),
  w(
    1,
    fc.record({ a: fc.constant('presence' as const), c: clerk, p: fc.constant('away' as const) }),
  ),
  w(3, fc.record({ a: fc.constantFrom('accept' as const, 'decline' as const), c: clerk })),
  w(
    2,
    fc.record({
      a: fc.constantFrom(
        'cancel' as const,
        'dropT' as const,
        'hangupT' as const,
        'connected' as const,
      ),
      t: term,
    }),
  ),
  w(
    2,
    fc.record({
      a: fc.constantFrom('dropC' as const, 'hangupC' as const, 'wrapup' as const),
      c: clerk,
    }),
  ),
  w(1, fc.record({ a: fc.constant('pick' as const), c: clerk, t: term })),
  // Short steps and ones that cross the offer timeout, the grace period and the hold.
  w(
    2,
    fc.record({
      a: fc.constant('advance' as const),
      ms: fc.constantFrom(1_000, 20_000, 60_000, 300_000),
    }),
  ),
)

function openCallOf(sim: Sim, t: string) {
  const id = sim.state.terminalCall.get(t)
  return id ? sim.state.calls.get(id) : undefined
}

function apply(sim: Sim, x: Action): void {
  try {
    switch (x.a) {
      case 'join':
        if (sim.state.terminalsOnline.has(x.t))
          sim.join(x.t, x.cat, x.prio ? { disability: true } : {})
        return
      case 'cancel': {
        const call = openCallOf(sim, x.t)
        if (call) sim.cancel(call.rec.id)
        return
      }
      case 'hangupT': {
        const call = openCallOf(sim, x.t)
        if (call) sim.hangup(call.rec.id, 'terminal')
        return
      }
      case 'connected': {
        const call = openCallOf(sim, x.t)
        if (call) sim.connected(call.rec.id)
        return
      }
      case 'dropT':
        return sim.dropTerminal(x.t)
      case 'backT':
        if (!sim.state.terminalsOnline.has(x.t)) sim.connectTerminal(x.t)
        return
      case 'dropC':
        return sim.dropClerk(x.c)
      case 'backC':
        if (!sim.state.staff.get(x.c)!.socketId) sim.connectClerk(x.c)
        return
      case 'presence':
        return sim.presence(x.c, x.p)
      case 'accept': {
        const offered = sim.state.staff.get(x.c)!.offerCallId
        if (offered) sim.accept(x.c, offered)
        return
      }
      case 'decline': {
        const offered = sim.state.staff.get(x.c)!.offerCallId
        if (offered) sim.decline(x.c, offered)
        return
      }
      case 'pick': {
        const call = openCallOf(sim, x.t)
        if (call) sim.pick(x.c, call.rec.id)
        return
      }
      case 'hangupC': {
        const id = sim.state.staff.get(x.c)!.callId
        if (id) sim.hangup(id, 'clerk')
        return
      }
      case 'wrapup': {
        const id = sim.state.staff.get(x.c)!.callId
        if (id) sim.wrapup(x.c, id)
        return
      }
      case 'advance':
        return sim.advance(x.ms)
    }
  } catch (err) {
    // A refused request (wrong state, not a party…) is a valid answer; anything else is a bug.
    if (!(err instanceof Refusal)) throw err
  }
}

function checkInvariants(sim: Sim): void {
  const { state } = sim
  const offeredTo = new Map<string, string[]>()
  for (const st of state.staff.values()) {
    if (st.offerCallId) {
      const list = offeredTo.get(st.offerCallId) ?? []
      list.push(st.user.id)
      offeredTo.set(st.offerCallId, list)
    }
  }
  for (const call of state.calls.values()) {
    const id = call.rec.id
    const holders = offeredTo.get(id) ?? []
    // Offered to at most one clerk, and exactly the one the call names.
    expect(holders.length, `call ${id} offered to ${holders.join(',')}`).toBeLessThanOrEqual(1)
    if (call.rec.state === 'offered') expect(holders).toEqual([call.rec.clerkId])
    else expect(holders, `call ${id} is ${call.rec.state} but held as an offer`).toEqual([])
    // Waiting exactly once (in its category's queue) or in a call and in no queue.
    let seen = 0
    for (const ids of state.queues.values()) if (ids.has(id)) seen++
    if (QUEUED.has(call.rec.state)) {
      expect(seen, `waiting call ${id} in ${seen} queues`).toBe(1)
      expect(state.queues.get(call.rec.category)!.has(id)).toBe(true)
    } else expect(seen, `${call.rec.state} call ${id} still queued`).toBe(0)
    // Each open request is the one its terminal holds.
    if (call.rec.state !== 'ended') expect(state.terminalCall.get(call.rec.terminalId)).toBe(id)
  }
  for (const ids of state.queues.values())
    for (const id of ids) expect(state.calls.has(id), `queued id ${id} unknown`).toBe(true)
  for (const st of state.staff.values()) {
    const mine = [...state.calls.values()].filter(
      (c) => ACTIVE.has(c.rec.state) && c.rec.clerkId === st.user.id,
    )
    expect(mine.length, `clerk ${st.user.id} in ${mine.length} calls`).toBeLessThanOrEqual(1)
    if (mine.length === 1) {
      expect(st.callId).toBe(mine[0]!.rec.id)
      expect(st.offerCallId, `clerk ${st.user.id} in a call and offered`).toBeNull()
    }
  }
}

describe('realtime invariants (property)', () => {
  it('hold for any sequence of events and timer firings', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 80 }), (actions) => {
        const sim = createSim()
        for (const c of CLERKS) sim.addClerk(c, c === 'c3' ? CATEGORIES : [CATEGORIES[0]!])
        for (const x of actions) {
          apply(sim, x)
          checkInvariants(sim)
        }
      }),
      { numRuns: 300 },
    )
  })
})
