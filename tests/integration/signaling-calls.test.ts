import { describe, expect, it } from 'vitest'
import type {
  CallStartEvent,
  CallView,
  OfferEvent,
  PositionInfo,
  QueueSnapshot,
} from '../../common/signaling'
import { sleep, type Client, type TestServer } from './signaling-harness'
import {
  acceptCall,
  joinQueue,
  offerFor,
  serverForEachTest,
  staffAccount,
} from './support/signaling-sessions'

let srv: TestServer
const join = async (k: Client, over: Parameters<typeof joinQueue>[1] = {}) =>
  (await joinQueue(k, over)).callId

const { kiosk, clerk } = serverForEachTest(
  [staffAccount('alice'), staffAccount('bob'), staffAccount('carol', 'clerk', ['housing'])],
  { realtime: { offerTimeoutMs: 400 } },
  (started) => (srv = started),
)

describe('queue and routing', () => {
  it('shows the kiosk its position and clerks the queue live with masked names only', async () => {
    const watcher = await clerk('alice')
    const k1 = await kiosk('一号机')
    const k2 = await kiosk('二号机')
    const id1 = await join(k1, { residentName: '张三丰' })
    const id2 = await join(k2, { residentName: '欧阳娜娜' })
    const p2 = await k2.next<PositionInfo>('queue:position', (p) => p.callId === id2)
    expect(p2.position).toBe(2)
    const e = await watcher.next<{
      op: string
      entry: { callId: string; maskedName: string; step: unknown }
    }>('queue:entry', (x) => x.op === 'upsert' && x.entry.callId === id1)
    expect(e.entry.maskedName).toBe('张*丰')
    expect(e.entry.step).toEqual({ id: 'upload', label: '上传材料' })
    const snap = await watcher.ok<QueueSnapshot>('queue:list', {})
    const entries = snap.categories.find((c) => c.category === 'social-security')!.entries
    expect(entries.map((x) => x.callId)).toEqual([id1, id2])
    expect(entries.map((x) => x.maskedName)).toEqual(['张*丰', '欧**娜'])
    expect(JSON.stringify(snap)).not.toContain('三丰')
  })

  it('offers the highest priority, then longest waiting, to the longest-idle clerk', async () => {
    const alice = await clerk('alice')
    const bob = await clerk('bob')
    const kA = await kiosk('A')
    const kB = await kiosk('B')
    const kC = await kiosk('C')
    const plain = await join(kA)
    await sleep(5)
    const elderly = await join(kB, { birthDate: '1940-05-01' })
    await sleep(5)
    const disabled = await join(kC, { disability: true, birthDate: '1990-01-01' })
    // bob became available first, so bob is the longest idle
    await bob.ok('presence:set', { presence: 'available' })
    await sleep(20)
    await alice.ok('presence:set', { presence: 'available' })
    const toBob = await bob.next<OfferEvent>('call:offer')
    const toAlice = await alice.next<OfferEvent>('call:offer')
    // elderly (age70) and disabled have equal priority: the earlier one first
    expect(toBob.entry.callId).toBe(elderly)
    expect(toBob.entry.priorityReasons).toEqual(['age70'])
    expect(toAlice.entry.callId).toBe(disabled)
    expect(bob.received('call:offer', (e) => (e as OfferEvent).entry.callId === plain)).toBe(false)
    // the plain resident is next once a clerk is free
    await bob.ok('call:decline', { callId: toBob.entry.callId })
    const carolCannot = await clerk('carol')
    await carolCannot.ok('presence:set', { presence: 'available' })
    await sleep(100)
    expect(carolCannot.received('call:offer')).toBe(false) // other category
  })

  it('puts an unanswered offer back at the front and stops offering to that console', async () => {
    const alice = await clerk('alice')
    const k1 = await kiosk('一号机')
    const k2 = await kiosk('二号机')
    const first = await join(k1)
    await sleep(5)
    await join(k2)
    await alice.ok('presence:set', { presence: 'available' })
    await alice.next('call:offer', offerFor(first))
    const revoked = await alice.next<{ callId: string; reason: string }>(
      'call:offer-revoked',
      undefined,
      2_000,
    )
    expect(revoked).toEqual({ callId: first, reason: 'timeout' })
    expect(
      await alice.next<{ presence: string }>('presence:changed', (p) => p.presence === 'away'),
    ).toMatchObject({
      reason: 'offer_timeout',
    })
    // a new clerk arrives: the timed-out resident is still first
    const bob = await clerk('bob')
    await bob.ok('presence:set', { presence: 'available' })
    const offer = await bob.next<OfferEvent>('call:offer')
    expect(offer.entry.callId).toBe(first)
    expect(offer.entry.front).toBe(true)
  })

  it('lets a clerk pick from the list, and cancel leaves no trace in the queue', async () => {
    const alice = await clerk('alice')
    const k1 = await kiosk('一号机')
    const k2 = await kiosk('二号机')
    const first = await join(k1)
    const second = await join(k2)
    await k1.ok('queue:cancel', { callId: first })
    await alice.next(
      'queue:entry',
      (e: { op: string; callId?: string }) => e.op === 'remove' && e.callId === first,
    )
    expect(
      await k1.next('call:ended', (e: { callId: string }) => e.callId === first),
    ).toMatchObject({ reason: 'cancelled' })
    const snap = await alice.ok<QueueSnapshot>('queue:list', {})
    expect(snap.categories[0]!.entries.map((e) => e.callId)).toEqual([second])
    expect((await srv.store.listQueueEntries()).map((e) => e.callId)).toEqual([second])
    expect((await k2.next<PositionInfo>('queue:position', (p) => p.position === 1)).callId).toBe(
      second,
    )
    // picking needs presence; then the clerk takes the second resident directly
    expect(await alice.ack('queue:pick', { callId: second })).toMatchObject({
      ok: false,
      error: { code: 'wrong_state' },
    })
    await alice.ok('presence:set', { presence: 'available' })
    await alice.next('call:offer', offerFor(second)) // routing offers it anyway
    const picked = await alice.ok<{ call: CallView }>('queue:pick', { callId: second })
    expect(picked.call.state).toBe('connecting')
  })
})

describe('calls', () => {
  async function connectedCall(): Promise<{
    k: Client
    alice: Client
    callId: string
    generation: number
  }> {
    const alice = await clerk('alice')
    const k = await kiosk('一号机')
    const callId = await join(k)
    const { kioskStart: kStart, clerkStart: cStart } = await acceptCall(k, alice, callId)
    expect(kStart.initiator).toBe(false)
    expect(cStart.initiator).toBe(true)
    expect(kStart.peer.displayName).toBe('alice-name')
    expect(cStart.peer.displayName).toBe('张*丰')
    return { k, alice, callId, generation: kStart.generation }
  }

  it('relays SDP and ICE only between the two parties', async () => {
    const { k, alice, callId, generation } = await connectedCall()
    const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }
    await alice.ok('call:signal', { callId, generation, data: offer })
    expect(await k.next('call:signal')).toEqual({ callId, generation, data: offer })
    const cand = {
      type: 'candidate',
      candidate: {
        candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
    }
    await k.ok('call:signal', { callId, generation, data: cand })
    expect(await alice.next('call:signal')).toEqual({ callId, generation, data: cand })

    // a third party, clerk or kiosk, is refused and nothing reaches the parties
    const bob = await clerk('bob')
    const intruder = await kiosk('三号机')
    for (const c of [bob, intruder]) {
      expect(await c.ack('call:signal', { callId, generation, data: offer })).toMatchObject({
        ok: false,
        error: { code: 'not_a_party' },
      })
      expect(await c.ack('call:hangup', { callId })).toMatchObject({
        ok: false,
        error: { code: 'not_a_party' },
      })
    }
    await sleep(50)
    expect(k.events.filter((e) => e.event === 'call:signal')).toHaveLength(1)
    expect(alice.events.filter((e) => e.event === 'call:signal')).toHaveLength(1)
    // stale generation is refused too
    expect(
      await k.ack('call:signal', { callId, generation: generation - 1, data: cand }),
    ).toMatchObject({
      ok: false,
      error: { code: 'stale_generation' },
    })
  })

  it('prepares both peers while offered: only the offered clerk signals, accept keeps the generation', async () => {
    const alice = await clerk('alice')
    const bob = await clerk('bob')
    const k = await kiosk('一号机')
    const callId = await join(k)
    await alice.ok('presence:set', { presence: 'available' })
    await alice.next('call:offer', offerFor(callId))
    const kPrep = await k.next<CallStartEvent>('call:prepare')
    const aPrep = await alice.next<CallStartEvent>('call:prepare')
    expect(kPrep.generation).toBe(aPrep.generation)
    expect([kPrep.initiator, aPrep.initiator]).toEqual([false, true])
    const g = kPrep.generation
    const offer = { type: 'offer', sdp: 'v=0\r\n' }
    await alice.ok('call:signal', { callId, generation: g, data: offer })
    expect(await k.next('call:signal')).toEqual({ callId, generation: g, data: offer })
    // Offered is not accepted: the clerk cannot act on the call, and nobody else can signal.
    expect(await alice.ack('call:hangup', { callId })).toMatchObject({
      error: { code: 'not_a_party' },
    })
    expect(await bob.ack('call:signal', { callId, generation: g, data: offer })).toMatchObject({
      error: { code: 'not_a_party' },
    })

    // Unanswered: both drop the prepared peers, and alice may no longer signal.
    expect(await k.next('call:offer-revoked')).toEqual({ callId, reason: 'timeout' })
    expect(await alice.ack('call:signal', { callId, generation: g, data: offer })).toMatchObject({
      error: { code: 'not_a_party' },
    })
    // Offered again (to bob): a new generation, which accepting keeps.
    await bob.ok('presence:set', { presence: 'available' })
    await bob.next('call:offer', offerFor(callId))
    const kPrep2 = await k.next<CallStartEvent>('call:prepare', (e) => e.generation > g)
    await bob.ok('call:accept', { callId })
    const kStart = await k.next<CallStartEvent>('call:start')
    expect(kStart.generation).toBe(kPrep2.generation)
    expect((await bob.next<CallStartEvent>('call:start')).generation).toBe(kPrep2.generation)
    await k.ok('call:signal', { callId, generation: kStart.generation, data: offer })
    expect(await bob.next('call:signal')).toMatchObject({ generation: kStart.generation })
  })

  it('records connect, hang-up by either side and the outcome', async () => {
    const { k, alice, callId, generation } = await connectedCall()
    await k.ok('call:connected', { callId, generation })
    expect((await alice.next<{ call: CallView }>('call:state')).call.state).toBe('connected')
    await k.ok('call:quality', {
      callId,
      summary: { rttMsAvg: 80, packetLossPct: 1.5, relayed: false },
    })
    await sleep(30)
    await alice.ok('call:hangup', { callId })
    expect(await k.next('call:ended')).toEqual({ callId, reason: 'hangup_clerk' })
    expect(await alice.next('call:ended')).toEqual({ callId, reason: 'hangup_clerk' })
    // clerk is busy until the wrap-up
    const state = await alice.ok<{ presence: string }>('session:resume', {})
    expect(state.presence).toBe('busy')
    await alice.ok('call:wrapup', { callId, outcome: 'resolved', notes: '已指导完成认证' })
    expect(
      await alice.next('presence:changed', (p: { presence: string }) => p.presence === 'available'),
    ).toBeTruthy()
    const rec = (await srv.store.getCall(callId))!
    expect(rec).toMatchObject({
      state: 'ended',
      endReason: 'hangup_clerk',
      outcome: 'resolved',
      notes: '已指导完成认证',
    })
    expect(rec.qualityTerminal).toEqual({ rttMsAvg: 80, packetLossPct: 1.5, relayed: false })
    expect(rec.acceptedAt! - rec.queuedAt).toBeGreaterThanOrEqual(0)
    expect(rec.endedAt! - rec.connectedAt!).toBeGreaterThanOrEqual(30)
    expect(await srv.store.listQueueEntries()).toEqual([]) // masked name gone with the queue entry
  })

  it('ends on both sides when the kiosk hangs up', async () => {
    const { k, alice, callId } = await connectedCall()
    await k.ok('call:hangup', { callId })
    expect(await alice.next('call:ended')).toEqual({ callId, reason: 'hangup_terminal' })
    expect((await srv.store.getCall(callId))!.endReason).toBe('hangup_terminal')
  })

  it('coordinates a renegotiation (new peer generation) on request', async () => {
    const { k, alice, callId, generation } = await connectedCall()
    await k.ok('call:renegotiate', { callId, reason: 'ice-failed' })
    const kr = await k.next<CallStartEvent & { reason: string }>('call:renegotiate')
    const cr = await alice.next<CallStartEvent & { reason: string }>('call:renegotiate')
    expect(kr.generation).toBe(generation + 1)
    expect(cr).toMatchObject({ generation: generation + 1, initiator: true, reason: 'ice-failed' })
  })
})
