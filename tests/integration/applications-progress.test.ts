import { describe, expect, it } from 'vitest'
import { CaseLookupResponse } from '../../common/applications/api'
import { ApplicationConfirmation, type CaseProgress } from '../../common/applications/schema'
import { sampleCatalog } from '../../common/catalog/sample'
import { demoCards } from '../../electron/services/devices/id-reader/sim-cards'
import { DEMO_RESIDENT, seedDemoCases } from '../../signaling-server/src/applications'
import { makeApplication, resident } from '../support/applications'
import {
  centreForEachTest,
  clerkToken,
  enrolTerminal,
  postJson,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

let centre: Centre
let terminal: EnrolledTerminal
let clerk: string
centreForEachTest(async (started) => {
  ;({ centre, terminal } = started)
  clerk = await clerkToken(centre.url, centre.store)
})

const neighbour = { name: '张桂兰', idNumber: '110101193811150025' }

async function submitFor(applicant: { name: string; idNumber: string }, code?: string) {
  const app = makeApplication({
    terminalId: terminal.terminalId,
    applicant,
    // Another item with this fixture's form data: sent as filled from an older cached catalog,
    // whose forms the centre does not re-check.
    ...(code ? { code, materials: [], catalogVersion: '2025.05.1' } : {}),
  })
  const res = await submitApplication(centre, terminal, app)
  expect(res.status).toBe(201)
  return ApplicationConfirmation.parse(res.body)
}

async function lookup(idNumber: string, bearer = terminal.bearer) {
  return postJson(
    `${centre.url}/api/v1/cases/lookup`,
    { idNumber },
    { authorization: `Bearer ${bearer}` },
  )
}

async function casesOf(idNumber: string): Promise<CaseProgress[]> {
  const res = await lookup(idNumber)
  expect(res.status).toBe(200)
  return CaseLookupResponse.parse(res.body).cases
}

function changeStatus(caseNumber: string, body: unknown, token = clerk) {
  return postJson(`${centre.url}/api/v1/cases/${caseNumber}/status`, body, {
    authorization: `Bearer ${token}`,
  })
}

describe('progress lookup', () => {
  it("finds the resident's cases with what is still missing, and nobody else's", async () => {
    const mine = await submitFor(resident)
    const second = await submitFor(resident, 'CA-ELDER-CARD')
    const theirs = await submitFor(neighbour)

    const cases = await casesOf(resident.idNumber)
    // Newest first.
    expect(cases.map((c) => c.caseNumber)).toEqual([second.caseNumber, mine.caseNumber])
    expect(cases[1]).toMatchObject({
      code: 'CA-ELDERLY-ALLOWANCE',
      name: { 'zh-CN': '高龄津贴申领' },
      status: 'received',
      missing: [{ materialId: 'bank-card', dueDate: '2025-06-25' }],
      resultPrintable: false,
    })
    expect(cases[1]!.missing[0]!.name['zh-CN']).toMatch(/银行|账户|卡/)
    expect(cases[0]!.missing).toEqual([])

    const other = await casesOf(neighbour.idNumber)
    expect(other.map((c) => c.caseNumber)).toEqual([theirs.caseNumber])
    expect(await casesOf('110101200001010019')).toEqual([])

    // The interim kiosk client's shape finds the same cases (its name field is ignored).
    const interim = await postJson(
      `${centre.url}/api/v1/cases/lookup`,
      { applicant: { name: 'someone else', idNumber: resident.idNumber } },
      { authorization: `Bearer ${terminal.bearer}` },
    )
    expect(CaseLookupResponse.parse(interim.body).cases).toEqual(cases)
  })

  it('takes the ID number only in the body of an authenticated POST', async () => {
    expect(await lookup(resident.idNumber, 'nobody:nothing')).toEqual({
      status: 401,
      body: { error: 'unauthorized' },
    })
    const viaQuery = await fetch(
      `${centre.url}/api/v1/cases/lookup?idNumber=${resident.idNumber}`,
      { headers: { authorization: `Bearer ${terminal.bearer}` } },
    )
    expect(viaQuery.status).toBe(404)
    const malformed = await lookup('12345')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({ error: 'invalid_body' })
    expect(JSON.stringify(malformed.body)).not.toContain('12345')
  })

  it('limits how fast one terminal can look people up', async () => {
    await centre.close()
    centre = await startCentre(undefined, { lookupRate: { burst: 3, perSecond: 0 } })
    terminal = await enrolTerminal(centre.store)
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await lookup(resident.idNumber)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
  })
})

describe('clerk status changes', () => {
  it('show up in the resident’s lookup: accepted, materials, rejected with a reason, result', async () => {
    const { caseNumber } = await submitFor(resident)

    expect((await changeStatus(caseNumber, { status: 'accepted' })).status).toBe(200)
    expect((await casesOf(resident.idNumber))[0]!.status).toBe('accepted')

    // Asking for a material adds it to what is missing, with its due date.
    const ask = await changeStatus(caseNumber, {
      status: 'awaiting-materials',
      note: { 'zh-CN': '请补交户口簿本人页' },
      requestMaterials: [
        { materialId: 'hukou-own-page', name: { 'zh-CN': '户口簿本人页' }, dueDate: '2025-07-01' },
      ],
      receivedMaterials: ['bank-card'],
    })
    expect(ask.status).toBe(200)
    let c = (await casesOf(resident.idNumber))[0]!
    expect(c.status).toBe('awaiting-materials')
    expect(c.note).toEqual({ 'zh-CN': '请补交户口簿本人页' })
    // The bank card was brought in; the new request is what is missing now.
    expect(c.missing.map((m) => [m.materialId, m.name['zh-CN'], m.dueDate])).toEqual([
      ['hukou-own-page', '户口簿本人页', '2025-07-01'],
    ])

    const approve = await changeStatus(caseNumber, {
      status: 'approved',
      receivedMaterials: ['hukou-own-page'],
      result: { 'zh-CN': '核准发放高龄津贴，每月100元，自下月起打卡发放。' },
    })
    expect(approve.status).toBe(200)
    c = (await casesOf(resident.idNumber))[0]!
    expect(c).toMatchObject({ status: 'approved', missing: [], resultPrintable: true })
    expect(c.result?.['zh-CN']).toContain('每月100元')

    expect((await changeStatus(caseNumber, { status: 'closed' })).status).toBe(200)
    // A closed case does not move again.
    expect(await changeStatus(caseNumber, { status: 'in-review' })).toEqual({
      status: 409,
      body: { error: 'invalid_transition' },
    })
  })

  it('requires a reason to reject, a clerk session, and a real case', async () => {
    const { caseNumber } = await submitFor(resident)
    const noReason = await changeStatus(caseNumber, { status: 'rejected' })
    expect(noReason.status).toBe(400)
    expect(noReason.body).toMatchObject({ error: 'invalid_body', issues: [{ path: 'note' }] })
    const rejected = await changeStatus(caseNumber, {
      status: 'rejected',
      note: { 'zh-CN': '年龄未满80周岁，不符合申领条件' },
    })
    expect(rejected.status).toBe(200)
    expect((await casesOf(resident.idNumber))[0]).toMatchObject({
      status: 'rejected',
      note: { 'zh-CN': '年龄未满80周岁，不符合申领条件' },
    })

    // A terminal credential is not a clerk session.
    expect((await changeStatus(caseNumber, { status: 'accepted' }, terminal.bearer)).status).toBe(
      401,
    )
    expect((await changeStatus('20990101-999999', { status: 'accepted' })).status).toBe(404)
  })

  it('answers the receipt QR code with the status only, and only with its token', async () => {
    const confirmation = await submitFor(resident)
    await changeStatus(confirmation.caseNumber, {
      status: 'rejected',
      note: { 'zh-CN': '户籍不在本县' },
    })
    const path =
      new URL(confirmation.progressUrl).pathname + new URL(confirmation.progressUrl).search
    const ok = await fetch(`${centre.url}${path}`)
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as CaseProgress
    expect(body).toMatchObject({ caseNumber: confirmation.caseNumber, status: 'rejected' })
    expect(body.note).toBeUndefined()
    const forged = await fetch(
      `${centre.url}/api/v1/progress/${confirmation.caseNumber}?t=AAAAAAAAAAAAAAAA`,
    )
    expect(forged.status).toBe(404)
  })

  it('shows a phone the same link as a page, with no note and no name, and a forged one as not found', async () => {
    const confirmation = await submitFor(resident)
    await changeStatus(confirmation.caseNumber, {
      status: 'rejected',
      note: { 'zh-CN': '户籍不在本县' },
    })
    // What a phone's browser sends when the reprinted receipt's QR code is scanned.
    const accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
    const page = await fetch(confirmation.progressUrl.replace(/^https?:\/\/[^/]+/, centre.url), {
      headers: { accept },
    })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain(confirmation.caseNumber)
    expect(html).toContain('未通过')
    expect(html).not.toContain('户籍不在本县')
    expect(html).not.toContain(resident.name)
    const forged = await fetch(
      `${centre.url}/api/v1/progress/${confirmation.caseNumber}?t=AAAAAAAAAAAAAAAA`,
      { headers: { accept } },
    )
    expect(forged.status).toBe(404)
    const notFound = await forged.text()
    expect(notFound).toContain('没有找到这个办件')
    expect(notFound).not.toContain(confirmation.caseNumber)
  })
})

describe('demo cases', () => {
  it('gives the simulator’s resident card two cases, once', async () => {
    expect(DEMO_RESIDENT.idNumber).toBe(demoCards.resident.idNumber)
    const seed = () =>
      seedDemoCases(
        centre.service.store,
        centre.files.dataKey,
        sampleCatalog,
        centre.service.progressUrl,
        Date.now(),
      )
    expect(await seed()).toHaveLength(2)
    expect(await seed()).toEqual([])
    const cases = await casesOf(demoCards.resident.idNumber)
    expect(cases.map((c) => c.status).sort()).toEqual(['accepted', 'approved'])
    expect(cases.find((c) => c.status === 'accepted')?.missing).toHaveLength(1)
    expect(cases.find((c) => c.status === 'approved')?.resultPrintable).toBe(true)
  })
})
