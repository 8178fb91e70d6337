// After co-service's consent, the two things a call adds to an application, against the real
// centre: the identity a clerk checked by video (only the call's clerk sends it, only its kiosk
// answers; the application's mark is accepted only with the resident's confirmation on the
// call's record) and the call's 好差评 (once per call, only from its terminal, only after it
// ended; read back joined with the call's quality). Refusals are answered and logged.
import { randomUUID } from 'node:crypto'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CaseCallsResponse } from '../../common/cases/calls'
import type { CaseViewBody } from '../../common/cases/view'
import type { Ack } from '../../common/signaling'
import { makeApplication } from '../support/applications'
import {
  caseCallers,
  enrolTerminal,
  postJson,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'
import { joinPayload, staffClient, terminalClient, type Client } from './signaling-harness'
import { acceptCall } from './support/signaling-sessions'

const WANG = { name: '王秀英', idNumber: '110101194003071249' }

let centre: Centre
let terminal: EnrolledTerminal
type User = { id: string; token: string }
let users: Record<'elderly' | 'civil' | 'supervisor' | 'admin', User>
const sockets: Client[] = []
const lines: { msg: string; [k: string]: unknown }[] = []
const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) })

async function open(c: Promise<Client>): Promise<Client> {
  const client = await c
  sockets.push(client)
  return client
}
const errorOf = (a: Ack<unknown>) => (a.ok ? null : a.error.code)

beforeEach(async () => {
  lines.length = 0
  centre = await startCentre(undefined, { log })
  terminal = await enrolTerminal(centre.store)
  users = await caseCallers(centre)
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await centre.close()
})

/** The kiosk's resident asked for help from the sign-in screen and 王芳 answered. */
async function inCall(visitId = randomUUID()) {
  const kiosk = await open(terminalClient(centre.url, terminal))
  const clerk = await open(staffClient(centre.url, users.elderly.token))
  const { call } = await kiosk.ok<{ call: { callId: string } }>(
    'queue:join',
    joinPayload({
      category: 'elderly-care',
      item: { id: 'CA-ELDERLY-ALLOWANCE', title: '高龄津贴申领' },
      step: { id: 'signin', label: '请把身份证放在读卡区' },
      visitId,
    }),
  )
  const { kioskStart } = await acceptCall(kiosk, clerk, call.callId)
  await kiosk.ok('call:connected', { callId: call.callId, generation: kioskStart.generation })
  return { kiosk, clerk, callId: call.callId, visitId }
}

/** An application of the allowance as the kiosk sends one signed in by video. */
function videoApplication(check: { callId: string; clerkId: string }, visitId?: string) {
  const app = makeApplication({ terminalId: terminal.terminalId, ...(visitId ? { visitId } : {}) })
  const applicant = app.formData.applicant as Record<string, unknown>
  // The nation is not among what a video check gives: the form drops it.
  delete applicant.nation
  Object.assign(applicant, WANG)
  return {
    ...app,
    applicant: {
      ...WANG,
      identityCheck: { method: 'video' as const, ...check, checkedAt: new Date().toISOString() },
    },
  }
}

const callRating = (callId: string, over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  terminalId: terminal.terminalId,
  subject: { kind: 'call', callId },
  level: 'dissatisfied',
  reasons: ['bad-connection'],
  createdAt: new Date().toISOString(),
  ...over,
})
const rate = (body: unknown, bearer = terminal.bearer) =>
  postJson(`${centre.url}/api/v1/ratings`, body, { authorization: `Bearer ${bearer}` })

describe('identity checked by video', () => {
  it('goes from the clerk to the kiosk, back, and into the application with the clerk’s id', async () => {
    const { kiosk, clerk, callId, visitId } = await inCall()
    await clerk.ok('idcheck:send', { callId, ...WANG })
    const proposed = await kiosk.next<Record<string, unknown>>('idcheck:proposed')
    expect(proposed).toEqual({ callId, ...WANG, clerkId: users.elderly.id })
    await kiosk.ok('idcheck:answer', { callId, answer: 'confirmed' })
    expect(await clerk.next('idcheck:answered')).toEqual({ callId, answer: 'confirmed' })
    // Recorded with the call, never the identity itself; logged without it too.
    const rec = (await centre.store.getCall(callId))!
    expect(rec.coService.map((e) => [e.kind, e.clerkId])).toEqual([
      ['identity-sent', users.elderly.id],
      ['identity-confirmed', users.elderly.id],
    ])
    expect(JSON.stringify(rec) + JSON.stringify(lines)).not.toContain(WANG.idNumber)

    const app = videoApplication({ callId, clerkId: users.elderly.id }, visitId)
    const submitted = await submitApplication(centre, terminal, app)
    expect(submitted.status).toBe(201)
    const { caseNumber } = submitted.body as { caseNumber: string }
    const view = (await (
      await fetch(`${centre.url}/api/v1/cases/${caseNumber}`, {
        headers: { authorization: `Bearer ${users.elderly.token}` },
      })
    ).json()) as CaseViewBody
    expect(view.identityCheck).toMatchObject({
      method: 'video',
      callId,
      clerkId: users.elderly.id,
      clerkName: '王芳',
    })
    expect(view.applicant).toEqual({ name: '王*英', idNumber: '110101********1249' })
  })

  it('refuses an application whose mark the call does not hold', async () => {
    const { kiosk, clerk, callId } = await inCall()
    // Sent but not confirmed, then rejected: no mark.
    await clerk.ok('idcheck:send', { callId, ...WANG })
    await kiosk.next('idcheck:proposed')
    const early = await submitApplication(
      centre,
      terminal,
      videoApplication({ callId, clerkId: users.elderly.id }),
    )
    expect(early).toMatchObject({ status: 422, body: { error: 'identity_not_checked' } })
    await kiosk.ok('idcheck:answer', { callId, answer: 'rejected' })
    expect(await clerk.next('idcheck:answered')).toEqual({ callId, answer: 'rejected' })
    expect(
      (
        await submitApplication(
          centre,
          terminal,
          videoApplication({ callId, clerkId: users.elderly.id }),
        )
      ).status,
    ).toBe(422)
    // Confirmed now, but named for another clerk, or sent by another terminal: refused.
    await clerk.ok('idcheck:send', { callId, ...WANG })
    await kiosk.ok('idcheck:answer', { callId, answer: 'confirmed' })
    expect(
      (
        await submitApplication(
          centre,
          terminal,
          videoApplication({ callId, clerkId: users.civil.id }),
        )
      ).status,
    ).toBe(422)
    const other = await enrolTerminal(centre.store, '另一台')
    const foreign = {
      ...videoApplication({ callId, clerkId: users.elderly.id }),
      terminalId: other.terminalId,
    }
    expect((await submitApplication(centre, other, foreign)).status).toBe(422)
    expect(
      lines.filter((l) => l.msg === 'identity check not found for the application'),
    ).toHaveLength(4)
  })

  it('refuses a clerk not in the call, the clerk after the call ended, and a terminal sending it', async () => {
    const { kiosk, clerk, callId } = await inCall()
    const bob = await open(staffClient(centre.url, users.civil.token))
    expect(errorOf(await bob.ack('idcheck:send', { callId, ...WANG }))).toBe('not_a_party')
    expect(errorOf(await kiosk.ack('idcheck:send', { callId, ...WANG }))).toBe('unknown_event')
    // The kiosk cannot answer what nobody sent, nor the clerk answer for the resident.
    expect(errorOf(await kiosk.ack('idcheck:answer', { callId, answer: 'confirmed' }))).toBe(
      'wrong_state',
    )
    expect(errorOf(await clerk.ack('idcheck:answer', { callId, answer: 'confirmed' }))).toBe(
      'unknown_event',
    )
    // A number whose check digit is wrong never leaves the console's socket.
    expect(
      errorOf(await clerk.ack('idcheck:send', { callId, ...WANG, idNumber: '110101194003071248' })),
    ).toBe('invalid_payload')
    await kiosk.ok('call:hangup', { callId })
    await clerk.next('call:ended')
    expect(errorOf(await clerk.ack('idcheck:send', { callId, ...WANG }))).toBe('wrong_state')
    expect(kiosk.received('idcheck:proposed')).toBe(false)
    const refused = lines.filter((l) => l.msg === 'identity check refused')
    expect(refused.map((l) => l.code)).toEqual(
      expect.arrayContaining(['not_a_party', 'unknown_event', 'wrong_state', 'invalid_payload']),
    )
    expect(JSON.stringify(lines)).not.toContain(WANG.idNumber)
    expect((await centre.store.getCall(callId))!.coService).toEqual([])
  })
})

describe('the rating of a call', () => {
  it('is taken once, after the call ended, from its terminal, and read with its quality', async () => {
    const { kiosk, clerk, callId, visitId } = await inCall()
    expect(await rate(callRating(callId))).toMatchObject({
      status: 409,
      body: { error: 'call_not_ended' },
    })
    await clerk.ok('call:hangup', { callId })
    await kiosk.next('call:ended')
    await kiosk.ok('call:quality', {
      callId,
      summary: {
        rttMsAvg: 420,
        rttMsMedian: 180,
        packetLossPctMedian: 2.5,
        outboundKbpsMedian: 240,
        inboundKbpsMedian: 410,
        voiceOnlySwitches: 1,
        iceRestarts: 2,
        worstLevel: 'poor',
        relayed: false,
      },
    })
    await clerk.ok('call:quality', { callId, summary: { voiceOnlySwitches: 3, iceRestarts: 1 } })

    // Another terminal gets what an unknown call gets; a reason not offered after a call is refused.
    const other = await enrolTerminal(centre.store, '另一台')
    expect(
      await rate(callRating(callId, { terminalId: other.terminalId }), other.bearer),
    ).toMatchObject({
      status: 404,
    })
    expect(await rate(callRating(callId, { reasons: ['too-many-materials'] }))).toMatchObject({
      status: 422,
      body: { error: 'invalid_reason' },
    })
    expect((await rate(callRating(`c_${'x'.repeat(20)}`))).status).toBe(404)

    const r = callRating(callId, { reasons: ['bad-connection', 'call-dropped'] })
    expect((await rate(r)).status).toBe(201)
    // The outbox's retry of the same rating is answered again; another rating of it is refused.
    expect((await rate(r)).status).toBe(200)
    expect(await rate(callRating(callId, { level: 'satisfied', reasons: [] }))).toMatchObject({
      status: 409,
      body: { error: 'already_rated' },
    })
    expect(lines.filter((l) => l.msg === 'call rating refused').map((l) => l.code)).toEqual([
      'call_not_ended',
      'not_found',
      'invalid_reason',
      'not_found',
      'already_rated',
    ])

    const [stored] = await centre.store.ratedCalls([callId])
    expect(stored!.rating).toMatchObject({ callId, level: 'dissatisfied', ratingId: r.id })
    expect(stored!.call.qualityTerminal?.rttMsMedian).toBe(180)

    // Supervisors read it beside the call's quality in the case's calls list.
    const submitted = await submitApplication(
      centre,
      terminal,
      makeApplication({ terminalId: terminal.terminalId, visitId }),
    )
    const { caseNumber } = submitted.body as { caseNumber: string }
    const res = (await (
      await fetch(`${centre.url}/api/v1/cases/${caseNumber}/calls`, {
        headers: { authorization: `Bearer ${users.supervisor.token}` },
      })
    ).json()) as CaseCallsResponse
    expect(res.calls).toHaveLength(1)
    expect(res.calls[0]).toMatchObject({
      callId,
      rating: { level: 'dissatisfied', reasons: ['bad-connection', 'call-dropped'] },
      quality: {
        rttMsMedian: 180,
        lossPctMedian: 2.5,
        outboundKbpsMedian: 240,
        inboundKbpsMedian: 410,
        voiceOnlySwitches: 3,
        peerRebuilds: 2,
        worstLevel: 'poor',
        relayed: false,
      },
    })
    expect(res.calls[0]!.quality!.waitSeconds).toBeGreaterThanOrEqual(0)
    expect(res.calls[0]!.quality!.talkSeconds).toBeGreaterThanOrEqual(0)
  })

  it('is refused for a call nobody answered', async () => {
    const kiosk = await open(terminalClient(centre.url, terminal))
    const { call } = await kiosk.ok<{ call: { callId: string } }>('queue:join', joinPayload())
    await kiosk.ok('queue:cancel', { callId: call.callId })
    expect(await rate(callRating(call.callId))).toMatchObject({
      status: 409,
      body: { error: 'call_not_answered' },
    })
  })
})
