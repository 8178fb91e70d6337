// Co-service routing on the real server: only the two parties of an active call exchange
// co-service messages, the mirror only while the resident's consent holds; every refusal is an
// error ack and a log line that carries no payload.
import pino from 'pino'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Ack, Mirror } from '../../common/signaling'
import type { Client, TestServer } from './signaling-harness'
import {
  acceptCall,
  joinQueue,
  serverForEachTest,
  staffAccount,
} from './support/signaling-sessions'

let srv: TestServer
const lines: { msg: string; [k: string]: unknown }[] = []
const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) })
beforeEach(() => {
  lines.length = 0
})

const { kiosk, clerk } = serverForEachTest(
  [staffAccount('alice'), staffAccount('bob')],
  { log },
  (started) => (srv = started),
)

const mirror: Mirror = {
  item: { code: 'CA-ELDER-ALLOWANCE', title: '高龄津贴申领' },
  screen: 'form',
  step: '第 1 步：申请人信息',
  fields: { 'applicant.name': '王秀英', 'applicant.phone': '13800138000' },
  materials: [],
  signed: false,
}

async function inCall(): Promise<{ k: Client; alice: Client; callId: string }> {
  const k = await kiosk('一号机')
  const alice = await clerk('alice')
  const { callId } = await joinQueue(k)
  await acceptCall(k, alice, callId)
  return { k, alice, callId }
}

/** The resident said 同意 to alice's 查看申请. */
async function consented(): Promise<{ k: Client; alice: Client; callId: string }> {
  const c = await inCall()
  await c.alice.ok('cosvc:request', { callId: c.callId })
  await c.k.next('cosvc:request', (e: { callId: string }) => e.callId === c.callId)
  await c.k.ok('cosvc:consent', { callId: c.callId, decision: 'granted' })
  await c.alice.next('cosvc:consent', (e: { decision: string }) => e.decision === 'granted')
  return c
}

const errorOf = (a: Ack<unknown>) => (a.ok ? null : a.error.code)
const refusalsLogged = () => lines.filter((l) => l.msg.startsWith('co-service message refused'))

describe('co-service routing', () => {
  it('relays request, consent and mirror between the two parties and records the steps', async () => {
    const { k, alice, callId } = await consented()
    await k.ok('cosvc:mirror', { callId, seq: 1, mirror })
    const got = await alice.next<{ seq: number; mirror: Mirror }>('cosvc:mirror')
    expect(got).toEqual({ callId, seq: 1, mirror })
    await k.ok('cosvc:consent', { callId, decision: 'withdrawn' })
    await alice.next('cosvc:consent', (e: { decision: string }) => e.decision === 'withdrawn')
    // Withdrawn: the next mirror is refused and not relayed.
    expect(errorOf(await k.ack('cosvc:mirror', { callId, seq: 2, mirror }))).toBe('wrong_state')
    expect(alice.received('cosvc:mirror', (e) => e.seq === 2)).toBe(false)
    const rec = (await srv.store.getCall(callId))!
    expect(rec.coService.map((e) => e.kind)).toEqual(['requested', 'granted', 'withdrawn'])
    expect(JSON.stringify(rec)).not.toContain('13800138000')
  })

  it('refuses the mirror before consent, and after 不同意', async () => {
    const { k, alice, callId } = await inCall()
    expect(errorOf(await k.ack('cosvc:mirror', { callId, seq: 1, mirror }))).toBe('wrong_state')
    // Consent to nothing asked is refused too.
    expect(errorOf(await k.ack('cosvc:consent', { callId, decision: 'granted' }))).toBe(
      'wrong_state',
    )
    await alice.ok('cosvc:request', { callId })
    await k.ok('cosvc:consent', { callId, decision: 'declined' })
    await alice.next('cosvc:consent', (e: { decision: string }) => e.decision === 'declined')
    expect(errorOf(await k.ack('cosvc:mirror', { callId, seq: 2, mirror }))).toBe('wrong_state')
    expect(alice.received('cosvc:mirror')).toBe(false)
  })

  it('refuses a clerk who is not in the call', async () => {
    const { k, callId } = await consented()
    const bob = await clerk('bob')
    expect(errorOf(await bob.ack('cosvc:request', { callId }))).toBe('not_a_party')
    await k.ok('cosvc:mirror', { callId, seq: 1, mirror })
    expect(bob.received('cosvc:mirror')).toBe(false)
    expect(lines.some((l) => l.msg === 'rejected call event from a non-party')).toBe(true)
  })

  it('refuses the clerk of the call once it has ended, and ends consent with it', async () => {
    const { k, alice, callId } = await consented()
    await k.ok('call:hangup', { callId })
    await alice.next('call:ended')
    expect(errorOf(await alice.ack('cosvc:request', { callId }))).toBe('wrong_state')
    expect(errorOf(await k.ack('cosvc:mirror', { callId, seq: 3, mirror }))).toBe('wrong_state')
    expect(alice.received('cosvc:mirror')).toBe(false)
    const rec = (await srv.store.getCall(callId))!
    expect(rec.coService.map((e) => e.kind)).toEqual(['requested', 'granted', 'ended'])
  })

  it('refuses a terminal sending the clerk’s message and a clerk sending the kiosk’s', async () => {
    const { k, alice, callId } = await consented()
    expect(errorOf(await k.ack('cosvc:request', { callId }))).toBe('unknown_event')
    expect(errorOf(await alice.ack('cosvc:mirror', { callId, seq: 1, mirror }))).toBe(
      'unknown_event',
    )
    expect(errorOf(await alice.ack('cosvc:consent', { callId, decision: 'granted' }))).toBe(
      'unknown_event',
    )
    expect(k.received('cosvc:mirror')).toBe(false)
  })

  it('refuses malformed and oversized mirrors, and logs refusals without the payload', async () => {
    const { k, alice, callId } = await consented()
    const bad = [
      { callId, seq: 1, mirror: { ...mirror, fields: { 'applicant.phone': 13800138000 } } },
      { callId, seq: 1, mirror: { ...mirror, fields: { '../x': '13800138000' } } },
      { callId, seq: 1, mirror: { ...mirror, fields: { 'applicant.phone': '1'.repeat(401) } } },
      {
        callId,
        seq: 1,
        mirror: {
          ...mirror,
          fields: Object.fromEntries(
            Array.from({ length: 121 }, (_, i) => [`f${i}`, '13800138000']),
          ),
        },
      },
      { callId, seq: 1, mirror, extra: '13800138000' },
      { callId: 'nope', seq: 1, mirror },
    ]
    for (const p of bad) expect(errorOf(await k.ack('cosvc:mirror', p))).toBe('invalid_payload')
    expect(alice.received('cosvc:mirror')).toBe(false)
    const logged = refusalsLogged()
    expect(logged.length).toBeGreaterThan(0)
    expect(logged[0]).toMatchObject({ event: 'cosvc:mirror', code: 'invalid_payload' })
    expect(JSON.stringify(lines)).not.toContain('13800138000')
    expect(JSON.stringify(lines)).not.toContain('王秀英')
  })

  it('relays a clerk action to the kiosk with the clerk the centre knows, and its outcome back', async () => {
    const { k, alice, callId } = await consented()
    const action = {
      kind: 'propose',
      fields: [{ path: 'applicant.phone', value: '13800138000' }],
    }
    await alice.ok('cosvc:action', { callId, actionId: 'a_phone001', action })
    const got = await k.next<{ clerkId: string; action: unknown }>('cosvc:action')
    expect(got).toEqual({ callId, actionId: 'a_phone001', clerkId: expect.any(String), action })
    expect(got.clerkId).toBe((await srv.store.getCall(callId))!.clerkId)
    await k.ok('cosvc:outcome', {
      callId,
      actionId: 'a_phone001',
      outcome: 'accepted',
      path: 'applicant.phone',
    })
    expect(await alice.next('cosvc:outcome')).toEqual({
      callId,
      actionId: 'a_phone001',
      outcome: 'accepted',
      path: 'applicant.phone',
    })
    // A refusal from the kiosk reaches the console with its reason.
    await alice.ok('cosvc:action', {
      callId,
      actionId: 'a_photo001',
      action: { kind: 'photo', materialId: 'birth-certificate' },
    })
    await k.next('cosvc:action', (e: { actionId: string }) => e.actionId === 'a_photo001')
    await k.ok('cosvc:outcome', {
      callId,
      actionId: 'a_photo001',
      outcome: 'refused',
      reason: 'wrong_material',
    })
    await alice.next('cosvc:outcome', (e: { reason?: string }) => e.reason === 'wrong_material')
    // An outcome must answer an action of this consent; the same action id is not sent twice.
    expect(
      errorOf(
        await k.ack('cosvc:outcome', { callId, actionId: 'a_invented', outcome: 'accepted' }),
      ),
    ).toBe('wrong_state')
    expect(
      errorOf(await alice.ack('cosvc:action', { callId, actionId: 'a_phone001', action })),
    ).toBe('wrong_state')
    const rec = (await srv.store.getCall(callId))!
    expect(rec.coService.filter((e) => e.kind === 'action' || e.kind === 'outcome')).toEqual([
      expect.objectContaining({ kind: 'action', action: 'propose', actionId: 'a_phone001' }),
      expect.objectContaining({ kind: 'outcome', outcome: 'accepted', actionId: 'a_phone001' }),
      expect.objectContaining({ kind: 'action', action: 'photo', actionId: 'a_photo001' }),
      expect.objectContaining({ kind: 'outcome', outcome: 'refused', reason: 'wrong_material' }),
    ])
    // Recorded by kind: the proposed value stays out of the call record and the log.
    expect(JSON.stringify(rec)).not.toContain('13800138000')
    expect(JSON.stringify(lines)).not.toContain('13800138000')
  })

  it('relays the pieces of a kept page to the clerk only while consent holds', async () => {
    const { k, alice, callId } = await consented()
    const piece = {
      callId,
      materialId: 'household-register',
      page: 0,
      chunk: 0,
      chunks: 1,
      mediaType: 'image/jpeg',
      data: 'AAAA',
    }
    await k.ok('cosvc:page', piece)
    expect(await alice.next('cosvc:page')).toEqual(piece)
    // A piece over the bound is refused.
    expect(errorOf(await k.ack('cosvc:page', { ...piece, data: 'A'.repeat(196_612) }))).toBe(
      'invalid_payload',
    )
    await k.ok('cosvc:consent', { callId, decision: 'withdrawn' })
    expect(errorOf(await k.ack('cosvc:page', { ...piece, page: 1 }))).toBe('wrong_state')
    expect(alice.received('cosvc:page', (e) => e.page === 1)).toBe(false)
  })

  it('refuses clerk actions without consent, from another clerk, after the call and from the kiosk', async () => {
    const action = { kind: 'sign' }
    const { k, alice, callId } = await inCall()
    // Not shared yet.
    expect(
      errorOf(await alice.ack('cosvc:action', { callId, actionId: 'a_sign0001', action })),
    ).toBe('wrong_state')
    await alice.ok('cosvc:request', { callId })
    await k.ok('cosvc:consent', { callId, decision: 'granted' })
    const bob = await clerk('bob')
    expect(errorOf(await bob.ack('cosvc:action', { callId, actionId: 'a_sign0002', action }))).toBe(
      'not_a_party',
    )
    // The kiosk cannot send the clerk's message, nor the clerk the kiosk's.
    expect(errorOf(await k.ack('cosvc:action', { callId, actionId: 'a_sign0003', action }))).toBe(
      'unknown_event',
    )
    expect(
      errorOf(
        await alice.ack('cosvc:outcome', { callId, actionId: 'a_sign0003', outcome: 'accepted' }),
      ),
    ).toBe('unknown_event')
    // Malformed: an unknown kind, a field path that is not one, too many fields.
    for (const bad of [
      { kind: 'write-form', path: 'applicant.phone', value: '1' },
      { kind: 'propose', fields: [{ path: '../x', value: '1' }] },
      {
        kind: 'propose',
        fields: Array.from({ length: 21 }, (_, i) => ({ path: `f${i}`, value: '1' })),
      },
    ])
      expect(
        errorOf(await alice.ack('cosvc:action', { callId, actionId: 'a_bad00001', action: bad })),
      ).toBe('invalid_payload')
    await k.ok('call:hangup', { callId })
    await alice.next('call:ended')
    expect(
      errorOf(await alice.ack('cosvc:action', { callId, actionId: 'a_sign0004', action })),
    ).toBe('wrong_state')
    expect(k.received('cosvc:action')).toBe(false)
    expect(refusalsLogged().map((l) => l.event)).toContain('cosvc:action')
  })
})
