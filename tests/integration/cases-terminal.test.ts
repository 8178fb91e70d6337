// The kiosk's routes on a resident's own cases (signaling-server/src/cases/terminal-http.ts)
// against the real centre: 补交 stored exactly once, the signed result notice of a decision
// (its QR payload verifies offline against the key list), 出件 after the print, a receipt to
// reprint; and who is refused (no token, a clerk's session, another resident's card).
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noticeHash } from '../../signaling-server/src/results/service'
import { checkResultPayload } from '../../common/results/verify'
import { fakeJpeg, makeApplication, resident } from '../support/applications'
import {
  clerkToken,
  enrolTerminal,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

let centre: Centre
let terminal: EnrolledTerminal
let clerk: string
let caseNumber: string
const other = { name: '李四', idNumber: '110101195001011237' }

async function call(
  path: string,
  bearer: string | null,
  body: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' fields
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${centre.url}/api/v1/cases${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const act = (type: string, body: unknown = {}) =>
  call(`/${caseNumber}/actions/${type}`, clerk, body)

const dueInAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)

function supplyBody(t: EnrolledTerminal, pages = [fakeJpeg()], idNumber = resident.idNumber) {
  return {
    supplyId: randomUUID(),
    terminalId: t.terminalId,
    idNumber,
    materialId: 'hukou-book',
    pages: pages.map((p) => ({ mediaType: 'image/jpeg', base64: p.toString('base64') })),
  }
}

const supply = (t: EnrolledTerminal, body: ReturnType<typeof supplyBody>, bearer = t.bearer) =>
  call(`/${caseNumber}/supply`, bearer, body, { 'idempotency-key': body.supplyId })

beforeEach(async () => {
  centre = await startCentre()
  terminal = await enrolTerminal(centre.store)
  clerk = await clerkToken(centre.url, centre.store, { categories: ['elderly-care'] })
  const submitted = await submitApplication(
    centre,
    terminal,
    makeApplication({ terminalId: terminal.terminalId }),
  )
  caseNumber = (submitted.body as { caseNumber: string }).caseNumber
  expect((await call(`/${caseNumber}/claim`, clerk, {})).status).toBe(200)
  const asked = await act('request-supplement', {
    reason: { codes: ['material-unclear'] },
    materials: [{ materialId: 'hukou-book', dueDate: dueInAWeek() }],
  })
  expect(asked.body.case.status).toBe('awaiting-materials')
})
afterEach(async () => {
  await centre.close()
})

describe('who may call the kiosk routes', () => {
  it('refuses no token, a clerk’s session and another resident’s card on every route', async () => {
    const second = await enrolTerminal(centre.store, '石桥村二号机')
    const routes = (idNumber: string) => {
      const s = supplyBody(second, undefined, idNumber)
      return [
        ['supply', s, { 'idempotency-key': s.supplyId }],
        ['result', { idNumber }, {}],
        ['issued', { idNumber, payload: 'X'.repeat(20) }, {}],
        ['receipt', { idNumber }, {}],
      ] as const
    }
    for (const [route, body, headers] of routes(resident.idNumber)) {
      expect((await call(`/${caseNumber}/${route}`, null, body, headers)).status, route).toBe(401)
      expect((await call(`/${caseNumber}/${route}`, clerk, body, headers)).status, route).toBe(401)
    }
    for (const [route, body, headers] of routes(other.idNumber))
      expect(
        (await call(`/${caseNumber}/${route}`, second.bearer, body, headers)).status,
        route,
      ).toBe(404)
    expect(await centre.service.cases.suppliedPages(caseNumber)).toEqual([])
  })
})

describe('补交 at a kiosk', () => {
  it('stores the pages once, however often the kiosk resends, and puts the case back in 待受理', async () => {
    const page = fakeJpeg()
    const body = supplyBody(terminal, [page])
    const first = await supply(terminal, body)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ caseNumber, materialId: 'hukou-book', status: 'received' })
    const again = await supply(terminal, body)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    const pages = await centre.service.cases.suppliedPages(caseNumber)
    expect(pages.map((p) => [p.materialId, p.bytes.equals(page)])).toEqual([['hukou-book', true]])
    const v = await centre.service.cases.view(caseNumber, Date.now())
    expect(v!.events.filter((e) => e.action.type === 'supply')).toHaveLength(1)
    // The kiosk's lookup no longer lists it as missing.
    const lookup = await fetch(`${centre.url}/api/v1/cases/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${terminal.bearer}` },
      body: JSON.stringify({ idNumber: resident.idNumber }),
    })
    const cases = ((await lookup.json()) as { cases: { missing: { materialId: string }[] }[] })
      .cases
    expect(cases[0]!.missing.map((m) => m.materialId)).toEqual(['bank-card'])
  })

  it('shows the clerk the supplied page in the case view, to the case’s clerks only, audited', async () => {
    const page = fakeJpeg()
    expect((await supply(terminal, supplyBody(terminal, [page]))).status).toBe(201)
    const get = (path: string, bearer: string) =>
      fetch(`${centre.url}/api/v1/cases/${caseNumber}${path}`, {
        headers: { authorization: `Bearer ${bearer}` },
      })
    const view = (await (await get('', clerk)).json()) as {
      submission: { supplied: { seq: number; materialId: string; pages: { page: number }[] }[] }
    }
    expect(view.submission.supplied).toMatchObject([
      { materialId: 'hukou-book', name: { 'zh-CN': '居民户口簿' }, pages: [{ page: 0 }] },
    ])
    const { seq } = view.submission.supplied[0]!
    const image = await get(`/supplied/${seq}/hukou-book/0`, clerk)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await image.arrayBuffer()).equals(page)).toBe(true)
    expect((await get(`/supplied/${seq + 1}/hukou-book/0`, clerk)).status).toBe(404)

    const otherClerk = await clerkToken(centre.url, centre.store, { categories: ['family'] })
    expect((await get(`/supplied/${seq}/hukou-book/0`, otherClerk)).status).toBe(403)
    expect((await get(`/supplied/${seq}/hukou-book/0`, terminal.bearer)).status).toBe(401)
    const audit = await centre.service.cases.auditLog(50)
    expect(
      audit.rows.filter((r) => r.action === 'read-page' && r.detail.startsWith('supply ')),
    ).toMatchObject([{ caseNumber, detail: `supply ${seq} hukou-book/0` }])
  })

  it('takes the same resident’s 补交 at another kiosk, but refuses another card, a clerk and no token', async () => {
    const second = await enrolTerminal(centre.store, '石桥村二号机')
    const wrongCard = supplyBody(second, undefined, other.idNumber)
    expect((await supply(second, wrongCard)).status).toBe(404)
    expect((await supply(terminal, supplyBody(terminal), 'nobody:secret')).status).toBe(401)
    const noToken = supplyBody(terminal)
    const res = await fetch(`${centre.url}/api/v1/cases/${caseNumber}/supply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': noToken.supplyId },
      body: JSON.stringify(noToken),
    })
    expect(res.status).toBe(401)
    expect((await supply(terminal, supplyBody(terminal), clerk)).status).toBe(401)
    // As another terminal's id: 422, kept by the kiosk for staff.
    expect((await supply(second, supplyBody(terminal))).status).toBe(422)
    expect(await centre.service.cases.suppliedPages(caseNumber)).toEqual([])
    expect((await supply(second, supplyBody(second))).status).toBe(201)
  })

  it('refuses a material nobody asked for (409) and a missing idempotency key (400)', async () => {
    const body = { ...supplyBody(terminal), materialId: 'id-card' }
    expect((await supply(terminal, body)).body).toMatchObject({ error: 'rule_broken' })
    const keyless = supplyBody(terminal)
    expect((await call(`/${caseNumber}/supply`, terminal.bearer, keyless)).status).toBe(400)
  })
})

describe('the result at a kiosk', () => {
  async function decide(decision: 'approve' | 'reject') {
    expect((await supply(terminal, supplyBody(terminal))).status).toBe(201)
    expect((await act('accept')).status).toBe(200)
    expect((await act('supply', { materialId: 'bank-card' })).status).toBe(200)
    expect((await act('start-review')).status).toBe(200)
    const body = decision === 'reject' ? { reason: { codes: ['under-age'], text: '差两个月' } } : {}
    const r = await act(decision, body)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r
  }

  it('signs the filled notice on approval: the QR payload verifies and carries the text’s hash', async () => {
    const decided = await decide('approve')
    expect(decided.body.result.noticeText).toContain(caseNumber)
    const r = await call(`/${caseNumber}/result`, terminal.bearer, { idNumber: resident.idNumber })
    expect(r.status).toBe(200)
    const notice = r.body
    expect(notice.noticeText).toContain('高龄津贴申领')
    expect(notice.noticeText).toContain('王*英')
    expect(notice.noticeText).toContain('准予')
    expect(notice.noticeText).not.toContain(resident.name)
    expect(notice.issued).toBe(false)
    const check = await checkResultPayload(notice.payload, centre.results.keyList())
    expect(check).toMatchObject({
      outcome: 'valid',
      fields: {
        caseNumber,
        itemCode: 'CA-ELDERLY-ALLOWANCE',
        decision: 'approved',
        maskedName: '王*英',
        noticeHash: noticeHash(notice.noticeText),
      },
    })
    expect(notice.qrText).toContain(notice.payload)
    expect(await centre.results.status(notice.payload)).toEqual({ outcome: 'valid' })
    // The kiosk's lookup tells the steps and the promised day, and offers the print.
    const lookup = await fetch(`${centre.url}/api/v1/cases/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${terminal.bearer}` },
      body: JSON.stringify({ idNumber: resident.idNumber }),
    })
    const [c] = ((await lookup.json()) as { cases: Record<string, unknown>[] }).cases
    expect(c).toMatchObject({ noticeReady: true, promisedBy: expect.stringMatching(/^\d{4}-/) })
    expect((c!.timeline as { step: string }[]).map((e) => e.step)).toEqual([
      'submit',
      'request-supplement',
      'supply',
      'accept',
      'supply',
      'start-review',
      'approve',
    ])
  })

  it('fills a rejection with its reasons', async () => {
    await decide('reject')
    const r = await call(`/${caseNumber}/result`, terminal.bearer, { idNumber: resident.idNumber })
    expect(r.body.decision).toBe('rejected')
    expect(r.body.noticeText).toContain('不予许可')
    expect(r.body.noticeText).toContain('未满80周岁；差两个月')
  })

  it('marks it issued (kiosk-print) after the print, once; a reprint is the same notice', async () => {
    await decide('approve')
    expect(
      (await call(`/${caseNumber}/result`, terminal.bearer, { idNumber: other.idNumber })).status,
    ).toBe(404)
    const notice = (
      await call(`/${caseNumber}/result`, terminal.bearer, { idNumber: resident.idNumber })
    ).body
    const last = notice.payload.at(-1) === 'A' ? 'B' : 'A'
    const forged = { idNumber: resident.idNumber, payload: notice.payload.slice(0, -1) + last }
    expect((await call(`/${caseNumber}/issued`, terminal.bearer, forged)).status).toBe(404)
    const issued = { idNumber: resident.idNumber, payload: notice.payload }
    expect((await call(`/${caseNumber}/issued`, clerk, issued)).status).toBe(401)
    expect((await call(`/${caseNumber}/issued`, terminal.bearer, issued)).body).toEqual({
      caseNumber,
      status: 'issued',
    })
    expect((await call(`/${caseNumber}/issued`, terminal.bearer, issued)).status).toBe(200)
    const v = await centre.service.cases.view(caseNumber, Date.now())
    expect(v!.events.filter((e) => e.action.type === 'issue')).toEqual([
      expect.objectContaining({
        action: { type: 'issue', channel: 'kiosk-print' },
        actor: { kind: 'terminal', id: terminal.terminalId },
      }),
    ])
    const again = await call(`/${caseNumber}/result`, terminal.bearer, {
      idNumber: resident.idNumber,
    })
    expect(again.body).toMatchObject({ payload: notice.payload, issued: true })
  })

  it('has no result before the decision', async () => {
    const r = await call(`/${caseNumber}/result`, terminal.bearer, { idNumber: resident.idNumber })
    expect(r.status).toBe(404)
  })
})

describe('补打回执', () => {
  it('answers the case for the card holder only', async () => {
    const r = await call(`/${caseNumber}/receipt`, terminal.bearer, {
      idNumber: resident.idNumber,
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      caseNumber,
      itemName: { 'zh-CN': '高龄津贴申领' },
      status: 'awaiting-materials',
      promisedWorkingDays: 20,
    })
    expect(r.body.missing.map((m: { name: { 'zh-CN': string } }) => m.name['zh-CN'])).toContain(
      '居民户口簿',
    )
    expect(r.body.progressUrl).toContain(`/api/v1/progress/${caseNumber}?t=`)
    expect(
      (await call(`/${caseNumber}/receipt`, terminal.bearer, { idNumber: other.idNumber })).status,
    ).toBe(404)
    expect(
      (await call(`/${caseNumber}/receipt`, clerk, { idNumber: resident.idNumber })).status,
    ).toBe(401)
    expect(
      (await call(`/${caseNumber}/receipt`, null, { idNumber: resident.idNumber })).status,
    ).toBe(401)
  })
})
