import { describe, expect, it, vi } from 'vitest'
import type { CallView, PositionInfo, QueueJoinPayload } from '../../../../../common/signaling'
import {
  callId,
  callStart,
  callView,
  fakePeers,
  fakeSignalingClient,
  fakeStream,
} from '../session-fakes'
import {
  KioskVideoSession,
  type KioskVideoSessionDeps,
} from '../../../../../renderer/src/video/kiosk/kiosk-video-session'
import {
  SignalingError,
  type TerminalClient,
} from '../../../../../renderer/src/video/shared/signaling-client'

const view = (state: CallView['state'], generation = 0): CallView =>
  callView({ state, generation, clerk: state === 'queued' ? null : { displayName: '王芳' } })
const pos = (position: number): PositionInfo => ({
  callId,
  position,
  estimatedWaitSeconds: 60,
  clerksOnline: 1,
})

/** A TerminalClient whose server side the test plays. */
function fakeClient() {
  const fake = fakeSignalingClient('connecting', (event) =>
    event === 'queue:join' ? { call: view('queued'), position: pos(2) } : undefined,
  )
  return { ...fake, client: fake.client as unknown as TerminalClient }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const start = (generation: number) => callStart(view('connecting', generation), false, '王芳')

/** A session that has joined the queue (its first request answered, the link online). */
async function setup(
  join: Partial<QueueJoinPayload> = {},
  openMedia = async () => fakeStream(),
  extra: Partial<KioskVideoSessionDeps> = {},
  fake = fakeClient(),
) {
  const { peers, createPeer } = fakePeers()
  const session = new KioskVideoSession(
    {
      signalingToken: async () => ({
        serverUrl: 'http://x',
        terminalId: 't1',
        token: 'v1.t1.0.' + 's'.repeat(43),
      }),
      connect: () => fake.client,
      openMedia,
      createPeer,
      ...extra,
    },
    {
      category: 'social-security',
      item: { id: 'i', title: 'i' },
      step: { id: 's', label: 's' },
      ...join,
    },
  )
  await session.start()
  fake.setLink('online')
  await tick()
  return { session, fake, peers }
}

describe('kiosk video session', () => {
  it('joins once online and shows the position, updating it live', async () => {
    const { session, fake } = await setup()
    expect(fake.requests.map((r) => r.event)).toEqual(['queue:join'])
    expect(session.view.main).toMatchObject({ screen: 'waiting', position: { position: 2 } })
    fake.emit('queue:position', pos(1))
    expect(session.view.main).toMatchObject({ screen: 'waiting', position: { position: 1 } })
  })

  it('stays in a call that began before its join’s answer was lost (no error screen over it)', async () => {
    const fake = fakeClient()
    let fail: (err: Error) => void = () => {}
    fake.client.request = vi.fn(
      () => new Promise((_, reject) => (fail = reject)),
    ) as unknown as TerminalClient['request']
    const { session } = await setup({}, undefined, {}, fake)
    expect(session.view.main).toMatchObject({ screen: 'connecting' })
    // The centre changed hands: the call goes ahead, the join's own answer never comes.
    fake.emit('call:start', start(1))
    await tick()
    fail(new SignalingError('timeout', 'queue:join: no answer'))
    await tick()
    expect(session.view.main).toEqual({ screen: 'call', callId, clerkName: '王芳' })
  })

  it('goes into the call, shows reconnecting while the link is down, and resumes', async () => {
    const { session, fake, peers } = await setup()
    fake.emit('call:start', start(1))
    await tick()
    expect(session.view.main).toEqual({ screen: 'call', callId, clerkName: '王芳' })
    expect(peers).toHaveLength(1)
    fake.setLink('offline')
    expect(session.view.reconnecting).toBe(true)
    fake.setLink('online')
    expect(session.view.reconnecting).toBe(false)
    fake.emit('call:peer-reconnecting', { callId, graceEndsAt: 0 })
    expect(session.view.reconnecting).toBe(true)
    fake.emit('call:renegotiate', { ...start(2), reason: 'peer-resumed' })
    await tick()
    expect(session.view.reconnecting).toBe(false)
    expect(peers).toHaveLength(2)
    expect(peers[0]!.destroyed).toBe(true)
  })

  it('connects to an offered clerk while waiting, and drops that peer if the offer goes back', async () => {
    const { session, fake, peers } = await setup()
    fake.emit('call:prepare', start(1))
    await tick()
    expect(peers).toHaveLength(1)
    expect(session.view.main).toMatchObject({ screen: 'waiting' })
    fake.emit('call:offer-revoked', { callId, reason: 'timeout' })
    expect(peers[0]!.destroyed).toBe(true)
    expect(session.view.main).toMatchObject({ screen: 'waiting' })
    // Nothing happened on that peer: no quality report.
    expect(fake.requests.map((r) => r.event)).toEqual(['queue:join'])
    // The next clerk accepts: the call uses the peer prepared for that offer.
    fake.emit('call:prepare', start(2))
    await tick()
    fake.emit('call:start', start(2))
    await tick()
    expect(session.view.main).toEqual({ screen: 'call', callId, clerkName: '王芳' })
    expect(peers).toHaveLength(2)
    expect(peers[1]!.destroyed).toBe(false)
  })

  it('keeps the prepared peer through a late session:state, drops it when the link drops', async () => {
    const { fake, peers } = await setup()
    fake.emit('call:prepare', start(1))
    await tick()
    // A resume's answer can come after the offer that followed the reconnect.
    fake.emit('session:state', {
      terminalId: 't1',
      hall: 'h',
      call: view('offered', 1),
      position: pos(1),
    })
    expect(peers[0]!.destroyed).toBe(false)
    // Our socket is gone: the server has taken the offer back.
    fake.setLink('offline')
    expect(peers[0]!.destroyed).toBe(true)
  })

  it('ends the call: reports quality and asks for the call’s rating', async () => {
    const { session, fake } = await setup()
    fake.emit('call:start', start(1))
    await tick()
    fake.emit('call:ended', { callId, reason: 'hangup_clerk' })
    // A clerk answered: the resident is asked to rate this call.
    expect(session.view.main).toEqual({
      screen: 'ended',
      reason: 'hangup_clerk',
      callId,
      rate: true,
    })
    expect(fake.requests.map((r) => r.event)).toContain('call:quality')
  })

  it('shows the identity the clerk checked, signs in with it before confirming, and forgets it at the end', async () => {
    const order: string[] = []
    const proposed = { callId, name: '王秀英', idNumber: '110101194003071249', clerkId: 'u_1' }
    const signInByVideo = vi.fn(async () => void order.push('signed in'))
    const { session, fake } = await setup({}, undefined, { signInByVideo })
    fake.emit('call:start', start(1))
    await tick()
    fake.emit('idcheck:proposed', { ...proposed, callId: 'c_othercall1234' })
    expect(session.view.identity).toBeNull()
    fake.emit('idcheck:proposed', proposed)
    expect(session.view.identity).toEqual({ proposed, confirmed: false })
    vi.mocked(fake.client.request).mockImplementation(async (event: string) => {
      order.push(event)
      return {} as never
    })
    await session.answerIdentity(true)
    expect(signInByVideo).toHaveBeenCalledWith(proposed)
    expect(order).toEqual(['signed in', 'idcheck:answer'])
    expect(session.view.identity).toEqual({ proposed, confirmed: true })
    fake.emit('call:ended', { callId, reason: 'hangup_terminal' })
    expect(session.view.identity).toBeNull()
  })

  it('confirms nothing the main process refused, and ignores identities without a way to sign in', async () => {
    const proposed = { callId, name: '王秀英', idNumber: '110101194003071249', clerkId: 'u_1' }
    const refusing = await setup({}, undefined, {
      signInByVideo: async () => {
        throw new Error('refused')
      },
    })
    refusing.fake.emit('call:start', start(1))
    await tick()
    refusing.fake.emit('idcheck:proposed', proposed)
    await expect(refusing.session.answerIdentity(true)).rejects.toThrow('refused')
    expect(refusing.fake.requests.map((r) => r.event)).not.toContain('idcheck:answer')
    expect(refusing.session.view.identity?.confirmed).toBe(false)

    const plain = await setup()
    plain.fake.emit('call:start', start(1))
    await tick()
    plain.fake.emit('idcheck:proposed', proposed)
    expect(plain.session.view.identity).toBeNull()
  })

  it('after a lost link past the grace period, waits again at the front', async () => {
    const { session, fake } = await setup()
    fake.emit('call:start', start(1))
    await tick()
    fake.emit('call:requeued', { callId, reason: 'terminal_lost' })
    expect(session.view.main).toMatchObject({ screen: 'waiting', requeued: true })
  })

  it('joins again when the server has no record of the waiting resident', async () => {
    const { session, fake } = await setup()
    fake.emit('session:state', { terminalId: 't1', hall: 'h', call: null, position: null })
    await tick()
    expect(fake.requests.filter((r) => r.event === 'queue:join')).toHaveLength(2)
    expect(session.view.main.screen).toBe('waiting')
  })

  it('reads its own call ended in the state as served, and another resident’s ended call as nothing open', async () => {
    const other = await setup()
    other.fake.emit('session:state', {
      terminalId: 't1',
      hall: 'h',
      call: { ...view('ended'), callId: 'c_previous', endReason: 'hangup_clerk' },
      position: null,
    })
    await tick()
    expect(other.fake.requests.filter((r) => r.event === 'queue:join')).toHaveLength(2)
    expect(other.session.view.main.screen).toBe('waiting')

    const mine = await setup()
    mine.fake.emit('session:state', {
      terminalId: 't1',
      hall: 'h',
      call: { ...view('ended'), endReason: 'hangup_clerk' },
      position: null,
    })
    await tick()
    expect(mine.fake.requests.filter((r) => r.event === 'queue:join')).toHaveLength(1)
    expect(mine.session.view.main).toMatchObject({ screen: 'ended', reason: 'hangup_clerk' })
  })

  it('cancel while waiting removes the entry; close stops everything', async () => {
    const { session, fake } = await setup()
    await session.leave()
    expect(fake.requests.at(-1)).toEqual({ event: 'queue:cancel', payload: { callId } })
    // Nobody answered: nothing to rate.
    expect(session.view.main).toEqual({ screen: 'ended', reason: 'cancelled', callId, rate: false })
  })

  it('a cancel that cannot leave now is handed to the kept socket, to go out when it is back', async () => {
    const { session, fake } = await setup()
    vi.mocked(fake.client.request).mockRejectedValueOnce(
      new SignalingError('offline', 'queue:cancel: offline'),
    )
    await session.leave()
    expect(session.view.main).toEqual({ screen: 'ended', reason: 'cancelled', callId, rate: false })
    expect(vi.mocked(fake.client.sendWhenOnline)).toHaveBeenCalledWith('queue:cancel', { callId })
  })
})

describe('voice-only help', () => {
  it('joins in audio mode with the priority request, opens only what it was given, and starts voice only', async () => {
    const openMedia = vi.fn(async () => fakeStream())
    const { session, fake, peers } = await setup({ mode: 'audio', disability: true }, openMedia)
    expect(fake.requests[0]).toMatchObject({
      event: 'queue:join',
      payload: { mode: 'audio', disability: true },
    })
    fake.emit('call:prepare', start(1))
    await tick()
    expect(peers).toHaveLength(1)
    // The engine starts in voice only (it tells the clerk's console once connected).
    expect(session.view.media?.audioOnly).toBe('user')
    expect(openMedia).toHaveBeenCalledTimes(1)
    session.close()
  })
})
