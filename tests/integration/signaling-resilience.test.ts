import { afterEach, describe, expect, it } from 'vitest'
import type {
  CallStartEvent,
  OfferEvent,
  PeerReconnectingEvent,
  QueueSnapshot,
  StaffSessionState,
  TerminalSessionState,
} from '../../common/signaling'
import {
  enrolTerminal,
  sleep,
  staffClient,
  startServer,
  terminalClient,
  type TestServer,
} from './signaling-harness'
import {
  acceptCall,
  joinQueue,
  OpenClients,
  openConsole,
  openKiosk,
  serverWithStaff,
  staffAccount,
  tokenOf,
} from './support/signaling-sessions'

// Long enough for a reconnect on a loaded test machine (600 ms was not), short for the tests that wait it out.
const GRACE_MS = 2_000
let servers: TestServer[] = []
const clients = new OpenClients()
const track = clients.track.bind(clients)

afterEach(async () => {
  clients.closeAll()
  for (const s of servers.splice(0)) await s.close().catch(() => undefined)
})

async function setup(dbPath?: string) {
  const realtime = { graceMs: GRACE_MS, offerTimeoutMs: 5_000 }
  // A restarted server keeps the accounts it has in its database.
  const srv = dbPath
    ? await startServer({ dbPath, realtime })
    : await serverWithStaff([staffAccount('alice'), staffAccount('bob')], { realtime })
  servers.push(srv)
  return srv
}

/** Kiosk joined, alice accepted, both got call:start. */
/** The same server started again on its database, its clients gone (as in a crash). */
async function restart(first: TestServer): Promise<TestServer> {
  clients.closeAll()
  await first.close()
  servers = []
  return setup(first.dbPath)
}

async function inCall(srv: TestServer) {
  const kioskCred = await enrolTerminal(srv.store, '一号机')
  const aliceToken = await tokenOf(srv, 'alice')
  const alice = await track(staffClient(srv.url, aliceToken))
  const k = await track(terminalClient(srv.url, kioskCred))
  const { callId } = await joinQueue(k)
  const { kioskStart: start } = await acceptCall(k, alice, callId)
  const connecting = Date.now()
  await k.ok('call:connected', { callId, generation: start.generation })
  return { k, alice, kioskCred, aliceToken, callId, generation: start.generation, connecting }
}

describe('grace period', () => {
  it('resumes the same call with the same clerk when the kiosk comes back', async () => {
    const srv = await setup()
    const { k, alice, kioskCred, callId, generation } = await inCall(srv)
    k.close()
    const reconnecting = await alice.next<PeerReconnectingEvent>('call:peer-reconnecting')
    expect(reconnecting.callId).toBe(callId)
    expect(reconnecting.graceEndsAt).toBeGreaterThan(Date.now())
    await sleep(GRACE_MS / 3)
    // the kiosk comes back on a new socket with the same credential
    const k2 = await track(terminalClient(srv.url, kioskCred))
    const state = await k2.next<TerminalSessionState>('session:state')
    expect(state.call).toMatchObject({ callId, clerk: { displayName: 'alice-name' } })
    const kr = await k2.next<CallStartEvent & { reason: string }>('call:renegotiate')
    const cr = await alice.next<CallStartEvent & { reason: string }>('call:renegotiate')
    // session:state comes first on every connection, also when the arrival resumes a call.
    expect(k2.events.map((e) => e.event)).toEqual(['session:state', 'call:renegotiate'])
    expect(state.call).toMatchObject({ state: 'connecting', generation: generation + 1 })
    expect(kr).toMatchObject({
      reason: 'peer-resumed',
      initiator: false,
      generation: generation + 1,
    })
    expect(cr).toMatchObject({
      reason: 'peer-resumed',
      initiator: true,
      generation: generation + 1,
    })
    // signaling flows again on the new generation, and the grace timer no longer fires
    await alice.ok('call:signal', {
      callId,
      generation: generation + 1,
      data: { type: 'offer', sdp: 'v=0' },
    })
    expect(await k2.next('call:signal')).toMatchObject({ callId, generation: generation + 1 })
    await sleep(GRACE_MS + 200)
    expect(k2.received('call:requeued')).toBe(false)
    expect(await srv.store.getCall(callId)).toMatchObject({
      state: 'connecting',
      clerkId: expect.any(String),
    })
  })

  it('resumes when the clerk console reconnects', async () => {
    const srv = await setup()
    const { k, alice, aliceToken, callId, connecting } = await inCall(srv)
    alice.close()
    await k.next<PeerReconnectingEvent>('call:peer-reconnecting')
    await sleep(300)
    const alice2 = await track(staffClient(srv.url, aliceToken))
    const state = await alice2.next<StaffSessionState>('session:state')
    expect(state.call?.callId).toBe(callId)
    // How long it has been connected, so the console's call timer goes on from there.
    expect(state.call?.connectedForMs).toBeGreaterThanOrEqual(300)
    expect(state.call?.connectedForMs).toBeLessThanOrEqual(Date.now() - connecting)
    const renegotiate = await alice2.next<CallStartEvent>('call:renegotiate')
    expect(renegotiate).toMatchObject({ initiator: true, reason: 'peer-resumed' })
    expect(renegotiate.call.connectedForMs).toBeGreaterThanOrEqual(300)
    expect(alice2.events.map((e) => e.event).slice(0, 3)).toEqual([
      'session:state',
      'queue:snapshot',
      'call:renegotiate',
    ])
    expect(await k.next('call:renegotiate')).toMatchObject({ initiator: false })
  })

  it('after the grace period the resident goes back to the FRONT of the queue', async () => {
    const srv = await setup()
    const { k, alice, callId } = await inCall(srv)
    // another resident is already waiting
    const other = await track(openKiosk(srv, '二号机'))
    const waiting = await joinQueue(other)
    alice.close() // the clerk's link drops and does not come back
    await k.next('call:peer-reconnecting')
    expect(await k.next('call:requeued', undefined, GRACE_MS + 2_000)).toEqual({
      callId,
      reason: 'clerk_lost',
    })
    const bob = await track(openConsole(srv, 'bob'))
    const snap = await bob.ok<QueueSnapshot>('queue:list', {})
    expect(snap.categories[0]!.entries.map((e) => e.callId)).toEqual([callId, waiting.callId])
    expect(snap.categories[0]!.entries[0]!.front).toBe(true)
    await bob.ok('presence:set', { presence: 'available' })
    expect((await bob.next<OfferEvent>('call:offer')).entry.callId).toBe(callId)
    expect(await srv.store.getCall(callId)).toMatchObject({ state: 'offered', requeueCount: 1 })
  })
})

describe('server restart', () => {
  it('rebuilds the queue and the calls from the store; clients resume', async () => {
    const first = await setup()
    const { kioskCred, aliceToken, callId, generation } = await inCall(first)
    const waitingCred = await enrolTerminal(first.store, '二号机')
    const w = await track(terminalClient(first.url, waitingCred))
    const waiting = await joinQueue(w, { residentName: '李四' })
    const second = await restart(first)
    expect(second.app.realtime.stats()).toMatchObject({ queued: 1, active: 1 })
    // the waiting kiosk re-sends its state and finds its place
    const w2 = await track(terminalClient(second.url, waitingCred))
    await w2.next('session:state')
    const resumed = await w2.ok<TerminalSessionState>('session:resume', { callId: waiting.callId })
    expect(resumed.call).toMatchObject({
      callId: waiting.callId,
      state: 'queued',
      maskedName: '李*',
    })
    expect(resumed.position).toMatchObject({ position: 1 })
    // both parties of the call reconnect (the session token survived the restart too)
    const k2 = await track(terminalClient(second.url, kioskCred))
    const alice2 = await track(staffClient(second.url, aliceToken))
    expect((await alice2.next<StaffSessionState>('session:state')).call?.callId).toBe(callId)
    const kr = await k2.next<CallStartEvent>('call:renegotiate')
    const cr = await alice2.next<CallStartEvent>('call:renegotiate')
    expect(kr.call.callId).toBe(callId)
    expect(cr.generation).toBe(kr.generation)
    expect(kr.generation).toBeGreaterThan(generation)
    await alice2.ok('call:signal', {
      callId,
      generation: cr.generation,
      data: { type: 'offer', sdp: 'v=0' },
    })
    await k2.next('call:signal')
  })

  it('still knows a call that had just ended: the kiosk learns it was served', async () => {
    const first = await setup()
    const { k, alice, kioskCred, callId } = await inCall(first)
    await alice.ok('call:hangup', { callId })
    await k.next('call:ended')
    const second = await restart(first)
    expect(second.app.realtime.stats()).toMatchObject({ queued: 0, active: 0 })
    const k2 = await track(terminalClient(second.url, kioskCred))
    const state = await k2.next<TerminalSessionState>('session:state')
    expect(state.call).toMatchObject({ callId, state: 'ended', endReason: 'hangup_clerk' })
    expect(state.position).toBeNull()
    // It answers a resume of that call as ended, as before the restart.
    const resumed = await k2.ok<TerminalSessionState>('session:resume', { callId })
    expect(resumed.call).toMatchObject({ callId, state: 'ended' })
  })

  it('returns an offer that was in flight to the front', async () => {
    const first = await setup()
    const alice = await track(openConsole(first, 'alice'))
    const cred = await enrolTerminal(first.store, '一号机')
    const k = await track(terminalClient(first.url, cred))
    const call = await joinQueue(k)
    await alice.ok('presence:set', { presence: 'available' })
    await alice.next('call:offer')
    clients.closeAll()
    await sleep(50)
    const dbPath = first.dbPath
    await first.close()
    servers = []
    const second = await setup(dbPath)
    const k2 = await track(terminalClient(second.url, cred))
    const state = await k2.next<TerminalSessionState>('session:state')
    expect(state.call).toMatchObject({ callId: call.callId, state: 'queued' })
    expect(await second.store.listQueueEntries()).toEqual([
      expect.objectContaining({ callId: call.callId, front: true }),
    ])
  })
})
