import { describe, expect, it } from 'vitest'
import type { CallView, QueueEntryView } from '../../../../../common/signaling'
import { ClerkVideoSession } from '../../../../../renderer/src/video/clerk/clerk-video-session'
import {
  callId,
  callStart,
  callView,
  fakePeers,
  fakeSignalingClient,
  fakeStream,
} from '../session-fakes'
import type { StaffClient } from '../../../../../renderer/src/video/shared/signaling-client'

const entry = (id: string, over: Partial<QueueEntryView> = {}): QueueEntryView => ({
  callId: id,
  category: 'social-security',
  hall: 'h',
  terminalName: 't',
  maskedName: '张*',
  item: { id: 'i', title: '养老金领取' },
  step: { id: 's', label: '填写表单' },
  mode: 'video',
  priority: 0,
  priorityReasons: [],
  front: false,
  joinedAt: 1_000,
  state: 'queued',
  terminalOnline: true,
  ...over,
})
const view = (state: CallView['state'], generation = 1): CallView =>
  callView({
    state,
    generation,
    maskedName: '张*',
    endReason: state === 'ended' ? 'hangup_terminal' : null,
  })
const startEv = (generation: number) => callStart(view('connecting', generation), true, '张*')

function setup() {
  const { client, emit, requests } = fakeSignalingClient('online', (event) =>
    event === 'call:wrapup'
      ? { call: view('ended') }
      : event === 'presence:set'
        ? { presence: 'available' }
        : undefined,
  )
  const { peers, createPeer } = fakePeers()
  const session = new ClerkVideoSession({
    client: client as unknown as StaffClient,
    openMedia: async () => fakeStream(),
    createPeer,
  })
  return { session, emit, requests, peers }
}
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('clerk console session', () => {
  it('keeps the live queue in the router order (front, priority, longest wait)', () => {
    const { session, emit } = setup()
    emit('queue:snapshot', {
      categories: [
        { category: 'social-security', entries: [entry('c_aaaaaaaa01', { joinedAt: 5 })] },
      ],
    })
    emit('queue:entry', {
      op: 'upsert',
      entry: entry('c_aaaaaaaa02', { joinedAt: 9, priority: 1, priorityReasons: ['age70'] }),
    })
    emit('queue:entry', {
      op: 'upsert',
      entry: entry('c_aaaaaaaa03', { joinedAt: 20, front: true }),
    })
    expect(session.view.queue.map((e) => e.callId)).toEqual([
      'c_aaaaaaaa03',
      'c_aaaaaaaa02',
      'c_aaaaaaaa01',
    ])
    emit('queue:entry', { op: 'remove', category: 'social-security', callId: 'c_aaaaaaaa02' })
    expect(session.view.queue.map((e) => e.callId)).toEqual(['c_aaaaaaaa03', 'c_aaaaaaaa01'])
  })

  it('offer → accept → call → resident hangs up → wrap-up with outcome', async () => {
    const { session, emit, requests, peers } = setup()
    emit('call:offer', { entry: entry(callId), expiresAt: Date.now() + 20_000 })
    expect(session.view.offer?.entry.callId).toBe(callId)
    await session.accept(callId, false)
    expect(requests.at(-1)).toEqual({ event: 'call:accept', payload: { callId } })
    emit('call:start', startEv(1))
    await tick()
    expect(session.view.offer).toBeNull()
    expect(session.view.call?.view.callId).toBe(callId)
    expect(peers).toHaveLength(1)
    emit('call:ended', { callId, reason: 'hangup_terminal' })
    expect(session.view.call?.ended).toBe('hangup_terminal')
    expect(requests.map((r) => r.event)).toContain('call:quality')
    await session.wrapup('needs_documents', '  缺户口本  ')
    expect(requests.at(-1)).toEqual({
      event: 'call:wrapup',
      payload: { callId, outcome: 'needs_documents', notes: '缺户口本' },
    })
    expect(session.view.call).toBeNull()
  })

  it('prepares the peer while the offer shows; accepting uses it, a revoked offer drops it', async () => {
    const { session, emit, requests, peers } = setup()
    emit('call:offer', { entry: entry(callId), expiresAt: Date.now() + 20_000 })
    emit('call:prepare', startEv(1))
    await tick()
    expect(peers).toHaveLength(1)
    emit('call:offer-revoked', { callId, reason: 'timeout' })
    expect(session.view.offer).toBeNull()
    expect(peers[0]!.destroyed).toBe(true)
    expect(requests.map((r) => r.event)).not.toContain('call:quality')

    emit('call:offer', { entry: entry(callId), expiresAt: Date.now() + 20_000 })
    emit('call:prepare', startEv(2))
    await tick()
    await session.accept(callId, false)
    emit('call:start', startEv(2))
    await tick()
    expect(session.view.call?.view.callId).toBe(callId)
    expect(peers).toHaveLength(2)
    expect(peers[1]!.destroyed).toBe(false)
  })

  it('after a console reload, a resumed call shows up and gets a new peer', async () => {
    const { session, emit, peers } = setup()
    emit('call:renegotiate', { ...startEv(3), reason: 'peer-resumed' })
    await tick()
    expect(session.view.call?.view.callId).toBe(callId)
    expect(peers).toHaveLength(1)
  })

  it('after a reload or a reconnect mid-call the timer counts from when the call connected', async () => {
    let now = 1_000_000
    const consoleAt = () => {
      const { client, emit } = fakeSignalingClient('online', () => undefined)
      const session = new ClerkVideoSession({
        client: client as unknown as StaffClient,
        openMedia: async () => fakeStream(),
        createPeer: fakePeers().createPeer,
        now: () => now,
      })
      return { session, emit }
    }
    // The centre says the call has been connected for 95 s (its clock need not be this one's).
    const a = consoleAt()
    const resumed = { ...view('reconnecting', 3), connectedForMs: 95_000 }
    a.emit('call:renegotiate', { ...callStart(resumed, true, '张*'), reason: 'peer-resumed' })
    await tick()
    expect(a.session.view.call?.startedAt).toBe(now - 95_000)

    // A console whose state arrives first (a reload during the call) does the same.
    const b = consoleAt()
    now += 1_000
    b.emit('session:state', {
      userId: 'u_1',
      role: 'clerk',
      displayName: '王',
      categories: ['social-security'],
      presence: 'away',
      call: { ...view('connected', 3), connectedForMs: 96_000 },
    })
    await tick()
    expect(b.session.view.call?.startedAt).toBe(now - 96_000)

    // A call that has not connected yet (or from a centre that does not say) starts at nothing.
    const c = consoleAt()
    c.emit('call:start', startEv(4))
    await tick()
    expect(c.session.view.call?.view.callId).toBe(callId)
    expect(c.session.view.call?.startedAt).toBeNull()
  })

  it('a requeued call leaves the console idle with a notice', async () => {
    const { session, emit } = setup()
    emit('call:start', startEv(1))
    await tick()
    emit('call:requeued', { callId, reason: 'terminal_lost' })
    expect(session.view.call).toBeNull()
    expect(session.view.notice).toBe('requeued')
  })
  it('says again that the clerk is available when a restarted centre has forgotten it', async () => {
    const { session, emit, requests } = setup()
    const state = (presence: 'available' | 'away') => ({
      userId: 'u_1',
      role: 'clerk',
      displayName: '王',
      categories: ['social-security'],
      presence,
      call: null,
    })
    emit('session:state', state('away'))
    expect(requests.filter((r) => r.event === 'presence:set')).toHaveLength(0)
    await session.setPresence('available')
    // The server restarted (or another node took the counter over): it reports 'away'.
    emit('session:state', state('away'))
    await tick()
    expect(requests.filter((r) => r.event === 'presence:set')).toHaveLength(2)
    expect(session.view.presence).toBe('available')
    // The server itself set the clerk away (an offer not answered): the console leaves it so.
    emit('presence:changed', { presence: 'away', reason: 'offer_timeout' })
    emit('session:state', state('away'))
    await tick()
    expect(requests.filter((r) => r.event === 'presence:set')).toHaveLength(2)
  })
})
