import { describe, expect, it } from 'vitest'
import type { Mirror } from '../../../../../common/signaling'
import { ClerkVideoSession } from '../../../../../renderer/src/video/clerk/clerk-video-session'
import type { StaffClient } from '../../../../../renderer/src/video/shared/signaling-client'
import {
  callId,
  callStart,
  callView,
  fakePeers,
  fakeSignalingClient,
  fakeStream,
} from '../session-fakes'

const mirror = (phone: string): Mirror => ({
  item: { code: 'CA-ELDERLY-ALLOWANCE', title: '高龄津贴申领' },
  screen: 'form',
  step: '第 1 步',
  fields: { 'applicant.phone': phone },
  materials: [],
  signed: false,
})

function inCall() {
  const { client, emit, requests } = fakeSignalingClient('online')
  const session = new ClerkVideoSession({
    client: client as unknown as StaffClient,
    openMedia: async () => fakeStream(),
    createPeer: fakePeers().createPeer,
  })
  emit('call:start', callStart(callView({ state: 'connected' }), true, '王*英'))
  return { session, emit, requests }
}

describe('co-service on the console', () => {
  it('asks, then shows the newest mirror only', async () => {
    const { session, emit, requests } = inCall()
    await session.requestView()
    expect(requests.at(-1)).toEqual({ event: 'cosvc:request', payload: { callId } })
    expect(session.view.coService).toEqual({ state: 'asking' })
    emit('cosvc:consent', { callId, decision: 'granted' })
    emit('cosvc:mirror', { callId, seq: 2, mirror: mirror('138') })
    emit('cosvc:mirror', { callId, seq: 1, mirror: mirror('1') })
    expect(session.view.coService).toEqual({ state: 'sharing', seq: 2, mirror: mirror('138') })
  })

  it('drops the mirror when the resident stops sharing, and ignores other calls', () => {
    const { session, emit } = inCall()
    emit('cosvc:mirror', { callId: 'c_someoneElse1', seq: 1, mirror: mirror('999') })
    expect(session.view.coService).toEqual({ state: 'idle' })
    emit('cosvc:mirror', { callId, seq: 1, mirror: mirror('138') })
    emit('cosvc:consent', { callId, decision: 'withdrawn' })
    expect(session.view.coService).toEqual({ state: 'withdrawn' })
    expect(JSON.stringify(session.view)).not.toContain('138')
  })

  it('keeps nothing of it once the call ends, not even during the wrap-up', () => {
    const { session, emit } = inCall()
    emit('cosvc:mirror', { callId, seq: 1, mirror: mirror('138') })
    emit('call:ended', { callId, reason: 'hangup_terminal' })
    expect(session.view.call?.ended).toBe('hangup_terminal')
    expect(session.view.coService).toEqual({ state: 'idle' })
    // A late mirror of the ended call is not shown.
    emit('cosvc:mirror', { callId, seq: 2, mirror: mirror('1380') })
    expect(JSON.stringify(session.view)).not.toContain('138')
  })
})
