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
    expect(session.view.coService).toMatchObject({
      state: 'sharing',
      seq: 2,
      mirror: mirror('138'),
    })
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

  it('lists an action as pending, then what the kiosk did with it, per field for a proposal', async () => {
    const { session, emit, requests } = inCall()
    emit('cosvc:consent', { callId, decision: 'granted' })
    await session.act({
      kind: 'propose',
      fields: [
        { path: 'applicant.phone', value: '13800138000' },
        { path: 'living.situation', value: 'alone' },
      ],
    })
    const sent = requests.at(-1)!
    expect(sent.event).toBe('cosvc:action')
    const { actionId } = sent.payload as { actionId: string }
    expect(actionId).toMatch(/^a_[a-z0-9]{12}$/)
    const listed = () => (session.view.coService as { actions: { outcome: string }[] }).actions
    expect(listed()).toEqual([expect.objectContaining({ actionId, outcome: 'pending' })])
    emit('cosvc:outcome', { callId, actionId, outcome: 'accepted', path: 'applicant.phone' })
    expect(listed()[0]!.outcome).toBe('pending')
    emit('cosvc:outcome', { callId, actionId, outcome: 'declined', path: 'living.situation' })
    expect(listed()[0]).toMatchObject({
      outcome: 'declined',
      fields: { 'applicant.phone': 'accepted', 'living.situation': 'declined' },
    })
    await session.act({ kind: 'photo', materialId: 'birth-certificate' })
    const photo = (requests.at(-1)!.payload as { actionId: string }).actionId
    emit('cosvc:outcome', { callId, actionId: photo, outcome: 'refused', reason: 'wrong_material' })
    expect(listed()[1]).toMatchObject({ outcome: 'refused', reason: 'wrong_material' })
  })

  it('shows a kept page once all its pieces arrived, and revokes it when sharing ends', () => {
    const { session, emit } = inCall()
    const made: string[] = []
    const revoked: string[] = []
    const { createObjectURL, revokeObjectURL } = URL
    URL.createObjectURL = () => {
      made.push(`blob:page${made.length}`)
      return made.at(-1)!
    }
    URL.revokeObjectURL = (u: string) => void revoked.push(u)
    try {
      emit('cosvc:consent', { callId, decision: 'granted' })
      const piece = { callId, materialId: 'household-register', page: 0, chunks: 2 }
      const jpeg = btoa('\xff\xd8 some page bytes')
      emit('cosvc:page', { ...piece, chunk: 1, mediaType: 'image/jpeg', data: jpeg.slice(8) })
      expect(session.view.coService).toMatchObject({ pages: {} })
      emit('cosvc:page', { ...piece, chunk: 0, mediaType: 'image/jpeg', data: jpeg.slice(0, 8) })
      expect(session.view.coService).toMatchObject({
        pages: { 'household-register:0': 'blob:page0' },
      })
      emit('cosvc:consent', { callId, decision: 'withdrawn' })
      expect(revoked).toEqual(['blob:page0'])
      // A piece after sharing ended is not kept.
      emit('cosvc:page', { ...piece, chunks: 1, chunk: 0, mediaType: 'image/jpeg', data: jpeg })
      expect(made).toHaveLength(1)
    } finally {
      URL.createObjectURL = createObjectURL
      URL.revokeObjectURL = revokeObjectURL
    }
  })
})
