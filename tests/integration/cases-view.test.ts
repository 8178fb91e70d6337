// The clerk's case view and the consoles' push, against the real server: the submission with
// the item's labels, the photographed page and the signature as images (a clerk of the case's
// category or a supervisor only, each read audited), the unmasked answers only by an audited
// reveal, and `cases:changed` on the staff socket only to those who may see the case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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
import { staffClient, terminalClient, type Client } from './signaling-harness'

let centre: Centre
let terminal: EnrolledTerminal
let offset = 0
type User = { id: string; token: string }
const users: Record<'elderly' | 'civil' | 'supervisor' | 'admin', User> = {} as never
const page = fakeJpeg()
let caseNumber: string
const sockets: Client[] = []

async function get(path: string, bearer: string | null) {
  return fetch(`${centre.url}/api/v1/cases${path}`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  })
}
async function post(path: string, bearer: string, body: unknown = {}) {
  const res = await fetch(`${centre.url}/api/v1/cases${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' fields
  return { status: res.status, body: (await res.json()) as any }
}
async function submit(): Promise<string> {
  const r = await submitApplication(
    centre,
    terminal,
    makeApplication({ terminalId: terminal.terminalId }, page),
  )
  expect(r.status).toBe(201)
  return (r.body as { caseNumber: string }).caseNumber
}
async function staffSocket(u: User): Promise<Client> {
  const c = await staffClient(centre.url, u.token)
  sockets.push(c)
  // One round trip: the server has handled the connection (and joined its rooms) by its answer.
  await c.ok('queue:list')
  return c
}
/** Whatever the server sent before this round trip has arrived (socket.io keeps order). */
const settled = (c: Client) => c.ok('queue:list')
const caseEvents = (c: Client) => c.events.filter((e) => e.event === 'cases:changed')

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

describe('the case view', () => {
  beforeEach(async () => {
    caseNumber = await submit()
  })

  it('shows the form with the item’s labels, masked, the materials, commitment and terminal', async () => {
    const res = await get(`/${caseNumber}`, users.elderly.token)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body = (await res.json()) as any
    const s = body.submission
    expect(s.itemName['zh-CN']).toBe('高龄津贴申领')
    expect([s.hall, s.terminal.name]).toEqual(['石桥村便民服务站', '石桥村一号机'])
    const answer = (path: string) =>
      s.answers.find((a: { path: string }) => a.path === path) as {
        label: { 'zh-CN': string; en?: string }
        value: { 'zh-CN': string; en?: string }
        personal: boolean
      }
    expect(answer('living.arrangement')).toMatchObject({
      label: { 'zh-CN': '居住情况', en: 'Lives' },
      value: { 'zh-CN': '独居', en: 'Alone' },
      personal: false,
    })
    expect(answer('applicant.name')).toMatchObject({ value: { 'zh-CN': '王*英' }, personal: true })
    expect(answer('applicant.phone').value['zh-CN']).toBe('138****8000')
    expect(answer('payout.accountNumber').value['zh-CN']).not.toContain('6230123412341234123')
    expect(JSON.stringify(body)).not.toContain(resident.idNumber)
    expect(JSON.stringify(body)).not.toContain('石桥村3组12号')
    expect(s.submitted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          materialId: 'hukou-book',
          kind: 'photographed',
          pages: [{ page: 0, mediaType: 'image/jpeg' }],
        }),
        expect.objectContaining({
          materialId: 'bank-card',
          kind: 'deferred',
          dueDate: '2025-06-25',
        }),
      ]),
    )
    expect(s.commitment.text['zh-CN']).toContain('本人承诺所填信息和提交的材料真实有效')
    expect(s.signature).toEqual({ signedAt: '2025-06-10T09:30:00+08:00' })
    expect(s.reasons.rejection.map((r: { code: string }) => r.code)).toContain('under-age')
  })

  it('serves the page and the signature to the case’s clerk, audited, and refuses everyone else', async () => {
    const path = `/${caseNumber}/pages/hukou-book/0`
    const ok = await get(path, users.elderly.token)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('image/jpeg')
    expect(ok.headers.get('cache-control')).toContain('no-store')
    expect(Buffer.from(await ok.arrayBuffer()).equals(page)).toBe(true)
    const sig = await get(`/${caseNumber}/signature`, users.supervisor.token)
    expect([sig.status, sig.headers.get('content-type')]).toEqual([200, 'image/png'])
    expect((await sig.arrayBuffer()).byteLength).toBeGreaterThan(60)

    for (const p of [path, `/${caseNumber}/signature`]) {
      expect((await get(p, users.civil.token)).status, p).toBe(403)
      expect((await get(p, users.admin.token)).status, p).toBe(403)
      expect((await get(p, null)).status, p).toBe(401)
      expect((await get(p, terminal.bearer)).status, p).toBe(401)
      offset = SESSION_TTL_MS + 60_000
      expect((await get(p, users.elderly.token)).status, p).toBe(401)
      offset = 0
    }
    expect((await get(`/${caseNumber}/pages/hukou-book/1`, users.elderly.token)).status).toBe(404)
    expect((await get(`/${caseNumber}/pages/bank-card/0`, users.elderly.token)).status).toBe(404)

    const audit = (await (await get('/audit', users.supervisor.token)).json()) as {
      rows: { action: string; userId: string; caseNumber: string; detail: string }[]
    }
    expect(audit.rows.map((r) => [r.action, r.userId, r.caseNumber, r.detail])).toEqual([
      ['read-signature', users.supervisor.id, caseNumber, ''],
      ['read-page', users.elderly.id, caseNumber, 'hukou-book/0'],
    ])
  })

  it('reveals the applicant and the personal answers only through the audited reveal', async () => {
    const r = await post(`/${caseNumber}/reveal`, users.elderly.token)
    expect(r.body.applicant).toEqual({ name: resident.name, idNumber: resident.idNumber })
    const byPath = new Map(
      r.body.answers.map((a: { path: string; value: { 'zh-CN': string } | null }) => [
        a.path,
        a.value?.['zh-CN'],
      ]),
    )
    expect(byPath.get('applicant.idNumber')).toBe(resident.idNumber)
    expect(byPath.get('applicant.address')).toBe('示例省示例县青山镇石桥村3组12号')
    const audit = (await (await get('/audit', users.supervisor.token)).json()) as {
      rows: { action: string; userId: string }[]
    }
    expect(audit.rows[0]).toMatchObject({ action: 'reveal', userId: users.elderly.id })
    expect((await post(`/${caseNumber}/reveal`, users.civil.token)).status).toBe(403)
  })
})

describe('reassignment', () => {
  it('lists for a supervisor who may take the case: its category’s clerks and supervisors', async () => {
    const n = await submit()
    const r = await get(`/${n}/assignees`, users.supervisor.token)
    expect(r.status).toBe(200)
    const names = ((await r.json()) as { users: { name: string }[] }).users.map((u) => u.name)
    expect(names.sort()).toEqual(['李强', '王芳'].sort())
    expect((await get(`/${n}/assignees`, users.elderly.token)).status).toBe(403)
    expect((await get(`/${n}/assignees`, null)).status).toBe(401)
  })
})

describe('cases:changed on the staff socket', () => {
  it('tells a new submission to the clerks of its category and supervisors, nobody else', async () => {
    const elderly = await staffSocket(users.elderly)
    const civil = await staffSocket(users.civil)
    const supervisor = await staffSocket(users.supervisor)
    const admin = await staffSocket(users.admin)
    const kiosk = await terminalClient(centre.url, terminal)
    sockets.push(kiosk)

    const n = await submit()
    const expected = {
      caseNumber: n,
      itemCode: 'CA-ELDERLY-ALLOWANCE',
      status: 'received',
      queue: 'to-accept',
      change: 'submitted',
    }
    expect(await elderly.next('cases:changed')).toEqual(expected)
    expect(await supervisor.next('cases:changed')).toEqual(expected)
    await Promise.all([civil, admin].map(settled))
    await kiosk.ok('session:resume', {})
    expect(caseEvents(civil)).toEqual([])
    expect(caseEvents(admin)).toEqual([])
    expect(kiosk.events.filter((e) => e.event === 'cases:changed')).toEqual([])
  })

  it('tells claims and moves between queues, without personal data', async () => {
    const n = await submit()
    const elderly = await staffSocket(users.elderly)
    const civil = await staffSocket(users.civil)
    expect((await post(`/${n}/claim`, users.elderly.token)).status).toBe(200)
    expect(await elderly.next('cases:changed')).toMatchObject({ caseNumber: n, change: 'claimed' })
    // A renewal tells nobody.
    expect((await post(`/${n}/claim`, users.elderly.token)).status).toBe(200)
    const notice = await post(`/${n}/actions/request-supplement`, users.elderly.token, {
      reason: { codes: [], text: '户口簿照片不清晰' },
      materials: [{ materialId: 'hukou-book', dueDate: '2099-01-10' }],
    })
    expect(notice.status).toBe(200)
    const moved = await elderly.next('cases:changed')
    expect(moved).toEqual({
      caseNumber: n,
      itemCode: 'CA-ELDERLY-ALLOWANCE',
      status: 'awaiting-materials',
      queue: 'supplement',
      change: 'moved',
    })
    await settled(elderly)
    expect(caseEvents(elderly)).toHaveLength(2)
    await settled(civil)
    expect(caseEvents(civil)).toEqual([])
    expect(JSON.stringify(elderly.events)).not.toContain(resident.name)
  })

  it('refuses a console without a valid session, and stops telling one whose session ran out', async () => {
    const { refusal } = await import('./signaling-harness')
    expect(await refusal(centre.url, '/staff', { kind: 'staff', token: 'x'.repeat(40) })).toBe(
      'unauthorized',
    )
    const elderly = await staffSocket(users.elderly)
    const first = await submit()
    expect(await elderly.next('cases:changed')).toMatchObject({ caseNumber: first })
    // The same console, its session past its end: told nothing more.
    offset = SESSION_TTL_MS + 60_000
    await submit()
    offset = 0
    await settled(elderly)
    expect(caseEvents(elderly).map((e) => (e.data as { caseNumber: string }).caseNumber)).toEqual([
      first,
    ])
  })
})

describe('the co-service history of a submission', () => {
  it('lists who proposed what and what the resident did, the value masked', async () => {
    const entry = {
      at: '2026-12-01T09:00:00+08:00',
      callId: 'c_abcdefgh12',
      clerkId: users.elderly.id,
      actionId: 'a_phone001',
    }
    const r = await submitApplication(
      centre,
      terminal,
      makeApplication(
        {
          terminalId: terminal.terminalId,
          coService: [
            {
              ...entry,
              kind: 'propose',
              path: 'applicant.phone',
              value: '13800138000',
              outcome: 'accepted',
            },
            {
              ...entry,
              actionId: 'a_photo001',
              kind: 'photo',
              materialId: 'birth-certificate',
              outcome: 'refused',
              reason: 'wrong_material',
            },
          ],
        },
        page,
      ),
    )
    expect(r.status).toBe(201)
    const n = (r.body as { caseNumber: string }).caseNumber
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const view = (await (await get(`/${n}`, users.elderly.token)).json()) as any
    expect(view.submission.coService).toEqual([
      {
        at: entry.at,
        clerkId: users.elderly.id,
        kind: 'propose',
        path: 'applicant.phone',
        value: '138****8000',
        outcome: 'accepted',
      },
      {
        at: entry.at,
        clerkId: users.elderly.id,
        kind: 'photo',
        materialId: 'birth-certificate',
        outcome: 'refused',
        reason: 'wrong_material',
      },
    ])
  })
})
