// The video-help calls a case view lists, against the real server: the calls the kiosk asked
// for in the resident's visit the application was submitted in (answered or not, before or
// after the submission), not those of another visit or another kiosk; shown to the case's
// clerks and supervisors only, without the resident's name or the clerk's notes.
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CaseCallsResponse } from '../../common/cases/calls'
import { SESSION_TTL_MS } from '../../signaling-server/src/auth'
import { fakeJpeg, makeApplication, resident } from '../support/applications'
import {
  caseCallers,
  enrolTerminal,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'
import { joinPayload, staffClient, terminalClient, type Client } from './signaling-harness'
import { acceptCall } from './support/signaling-sessions'

let centre: Centre
let terminal: EnrolledTerminal
let offset = 0
type User = { id: string; token: string }
const users: Record<'elderly' | 'civil' | 'supervisor' | 'admin', User> = {} as never
const sockets: Client[] = []

const calls = (caseNumber: string, bearer: string | null) =>
  fetch(`${centre.url}/api/v1/cases/${caseNumber}/calls`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  })
async function open(c: Promise<Client>): Promise<Client> {
  const client = await c
  sockets.push(client)
  return client
}
const help = {
  category: 'elderly-care',
  item: { id: 'CA-ELDERLY-ALLOWANCE', title: '高龄津贴申领' },
  step: { id: 'form', label: '填写申请表' },
  residentName: '王*英',
}
async function submit(over: { visitId?: string; terminalId?: string } = {}): Promise<string> {
  const r = await submitApplication(
    centre,
    terminal,
    makeApplication({ terminalId: terminal.terminalId, ...over }),
  )
  expect(r.status).toBe(201)
  return (r.body as { caseNumber: string }).caseNumber
}

beforeEach(async () => {
  offset = 0
  centre = await startCentre(undefined, { now: () => Date.now() + offset })
  terminal = await enrolTerminal(centre.store)
  Object.assign(users, await caseCallers(centre))
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await centre.close()
})

describe('the calls of a case', () => {
  it('lists the calls of the submission’s visit, answered and not, and no other', async () => {
    const visit = randomUUID()
    const kiosk = await open(terminalClient(centre.url, terminal))
    const clerk = await open(staffClient(centre.url, users.elderly.token))

    // A call of an earlier resident at the same kiosk: not this case's.
    const before = await kiosk.ok<{ call: { callId: string } }>(
      'queue:join',
      joinPayload({ ...help, visitId: randomUUID() }),
    )
    await kiosk.ok('queue:cancel', { callId: before.call.callId })

    // During the form: answered by 王芳, connected, hung up, wrapped up.
    const answered = (
      await kiosk.ok<{ call: { callId: string } }>('queue:join', {
        ...joinPayload(help),
        visitId: visit,
      })
    ).call.callId
    const { kioskStart } = await acceptCall(kiosk, clerk, answered)
    await kiosk.ok('call:connected', { callId: answered, generation: kioskStart.generation })
    await clerk.ok('call:hangup', { callId: answered })
    await clerk.ok('call:wrapup', {
      callId: answered,
      outcome: 'resolved',
      notes: '已指导填写 王秀英 13800138000',
    })

    const caseNumber = await submit({ visitId: visit })

    // After the submission, on the receipt screen: cancelled before anyone answered.
    const unanswered = (
      await kiosk.ok<{ call: { callId: string } }>(
        'queue:join',
        joinPayload({ ...help, step: { id: 'receipt', label: '回执' }, visitId: visit }),
      )
    ).call.callId
    await kiosk.ok('queue:cancel', { callId: unanswered })

    const res = await calls(caseNumber, users.elderly.token)
    expect(res.status).toBe(200)
    const text = await res.text()
    const body = JSON.parse(text) as CaseCallsResponse
    expect(body.calls.map((c) => c.callId)).toEqual([answered, unanswered])
    const [first, second] = body.calls
    expect(first).toMatchObject({
      clerk: { name: '王芳' },
      state: 'ended',
      mode: 'video',
      step: '填写申请表',
      outcome: 'resolved',
      endReason: 'hangup_clerk',
    })
    expect(first!.connectedAt).not.toBeNull()
    expect(first!.durationSeconds).toBeGreaterThanOrEqual(0)
    expect(Date.parse(first!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(first!.askedAt))
    expect(second).toMatchObject({
      clerk: null,
      connectedAt: null,
      durationSeconds: null,
      step: '回执',
      outcome: null,
      endReason: 'cancelled',
    })
    // Neither the resident's name nor the clerk's notes.
    for (const personal of ['王*英', '王秀英', '13800138000', '已指导'])
      expect(text).not.toContain(personal)

    // A supervisor sees the same; a case submitted without a visit (an older kiosk) has none.
    const sup = (await (
      await calls(caseNumber, users.supervisor.token)
    ).json()) as CaseCallsResponse
    expect(sup.calls).toHaveLength(2)
    const older = await submit()
    expect(await (await calls(older, users.elderly.token)).json()).toEqual({ calls: [] })
  })

  it('links the calls of a later 补交 visit, at another kiosk, to the case too', async () => {
    const caseNumber = await submit({ visitId: randomUUID() })
    const other = await enrolTerminal(centre.store)
    const visit = randomUUID()
    const kiosk = await open(terminalClient(centre.url, other))
    const c = await kiosk.ok<{ call: { callId: string } }>(
      'queue:join',
      joinPayload({ ...help, step: { id: 'progress', label: '查询办理进度' }, visitId: visit }),
    )
    await kiosk.ok('queue:cancel', { callId: c.call.callId })
    expect(await (await calls(caseNumber, users.elderly.token)).json()).toEqual({ calls: [] })

    // The deferred bank card, supplied at the other kiosk in that visit.
    const supplyId = randomUUID()
    const supplied = await fetch(`${centre.url}/api/v1/cases/${caseNumber}/supply`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${other.bearer}`,
        'idempotency-key': supplyId,
      },
      body: JSON.stringify({
        supplyId,
        terminalId: other.terminalId,
        idNumber: resident.idNumber,
        materialId: 'bank-card',
        pages: [{ mediaType: 'image/jpeg', base64: fakeJpeg().toString('base64') }],
        visitId: visit,
      }),
    })
    expect(supplied.status).toBe(201)
    const body = (await (await calls(caseNumber, users.elderly.token)).json()) as CaseCallsResponse
    expect(body.calls.map((x) => [x.callId, x.step])).toEqual([[c.call.callId, '查询办理进度']])
  })

  it('does not link the same visit id sent by another kiosk', async () => {
    const visit = randomUUID()
    const other = await enrolTerminal(centre.store)
    const kiosk = await open(terminalClient(centre.url, other))
    const c = await kiosk.ok<{ call: { callId: string } }>(
      'queue:join',
      joinPayload({ ...help, visitId: visit }),
    )
    await kiosk.ok('queue:cancel', { callId: c.call.callId })
    const caseNumber = await submit({ visitId: visit })
    expect(await (await calls(caseNumber, users.elderly.token)).json()).toEqual({ calls: [] })
  })

  it('refuses another category’s clerk, an admin, a terminal, no session and an expired one', async () => {
    const caseNumber = await submit({ visitId: randomUUID() })
    expect((await calls(caseNumber, users.civil.token)).status).toBe(403)
    expect((await calls(caseNumber, users.admin.token)).status).toBe(403)
    expect((await calls(caseNumber, terminal.bearer)).status).toBe(401)
    expect((await calls(caseNumber, null)).status).toBe(401)
    offset = SESSION_TTL_MS + 60_000
    expect((await calls(caseNumber, users.elderly.token)).status).toBe(401)
    offset = 0
    expect((await calls('CA-20990101-0001', users.elderly.token)).status).toBe(404)
  })
})
