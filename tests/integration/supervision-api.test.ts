// The supervisor's API (/api/v1/supervision) against the real server: who may call each
// endpoint (supervisor only: a clerk and an admin 403; a terminal, no token and an expired
// session 401), a bad rating from the kiosk opening its follow-up, worked to closed over HTTP
// with the read audited, and the statistics after a clerk's decision.
import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUser, SESSION_TTL_MS } from '../../signaling-server/src/auth'
import { makeApplication } from '../support/applications'
import {
  enrolTerminal,
  postJson,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

let centre: Centre
let terminal: EnrolledTerminal
let offset = 0
let clerk: string
let supervisor: string
let admin: string
let caseNumber: string
let ratingId: string

async function login(role: 'clerk' | 'supervisor' | 'admin', displayName: string) {
  const username = `u-${randomBytes(3).toString('hex')}`
  await createUser(
    centre.store,
    {
      username,
      displayName,
      role,
      categories: role === 'clerk' ? ['elderly-care'] : [],
      password: 'staff-password-1',
    },
    Date.now(),
  )
  const r = await postJson(`${centre.url}/api/auth/login`, {
    username,
    password: 'staff-password-1',
  })
  return (r.body as { token: string }).token
}

async function call(
  method: string,
  path: string,
  bearer: string | null,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' fields
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${centre.url}/api/v1${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

beforeEach(async () => {
  offset = 0
  centre = await startCentre(undefined, { now: () => Date.now() + offset })
  terminal = await enrolTerminal(centre.store)
  clerk = await login('clerk', '王芳')
  supervisor = await login('supervisor', '李强')
  admin = await login('admin', '管理员')
  const app = makeApplication({ terminalId: terminal.terminalId })
  const submitted = await submitApplication(centre, terminal, app)
  caseNumber = (submitted.body as { caseNumber: string }).caseNumber
  ratingId = randomUUID()
  const rated = await call('POST', '/ratings', terminal.bearer, {
    id: ratingId,
    terminalId: terminal.terminalId,
    subject: { kind: 'application', applicationId: app.id },
    level: 'very-dissatisfied',
    reasons: ['staff-attitude'],
    comment: '工作人员不耐烦，我的电话13800138000',
    createdAt: new Date().toISOString(),
  })
  expect(rated.status).toBe(201)
})
afterEach(async () => {
  await centre.close()
})

const endpoints = () =>
  [
    ['GET', '/supervision/follow-ups'],
    ['GET', `/supervision/follow-ups/${ratingId}`],
    ['POST', `/supervision/follow-ups/${ratingId}/actions/verify`, { upheld: true, note: '属实' }],
    ['GET', '/supervision/stats?by=hall'],
  ] as const

describe('who may call the supervision API', () => {
  it('refuses no token, a terminal and an expired session (401), a clerk and an admin (403)', async () => {
    for (const [method, path, body] of endpoints()) {
      const what = `${method} ${path}`
      expect((await call(method, path, null, body)).status, what).toBe(401)
      expect((await call(method, path, terminal.bearer, body)).status, what).toBe(401)
      expect((await call(method, path, clerk, body)).status, what).toBe(403)
      expect((await call(method, path, admin, body)).status, what).toBe(403)
      offset = SESSION_TTL_MS + 60_000
      expect((await call(method, path, supervisor, body)).status, what).toBe(401)
      offset = 0
    }
    // Nothing was done by the refused calls: the task still waits for its verification.
    const v = await call('GET', `/supervision/follow-ups/${ratingId}`, supervisor)
    expect([v.body.status, v.body.history]).toEqual(['verifying', []])
  })

  it('lets a supervisor call every endpoint', async () => {
    for (const [method, path, body] of endpoints()) {
      const r = await call(method, path, supervisor, body)
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(200)
    }
  })
})

describe('the 好差评 follow-up over HTTP', () => {
  it('opens a task for the bad rating and works it to closed, the read audited', async () => {
    const list = await call('GET', '/supervision/follow-ups', supervisor)
    expect(list.body.rows).toEqual([
      expect.objectContaining({
        ratingId,
        caseNumber,
        hall: '石桥村便民服务站',
        level: 'very-dissatisfied',
        status: 'verifying',
        clock: expect.objectContaining({ state: 'running', workingDaysLeft: 15 }),
      }),
    ])
    const v = await call('GET', `/supervision/follow-ups/${ratingId}`, supervisor)
    expect(v.body.comment).toBe('工作人员不耐烦，我的电话13800138000')
    const base = `/supervision/follow-ups/${ratingId}/actions`
    // Bad input: a clear error, nothing recorded.
    expect(
      (await call('POST', `${base}/close`, supervisor, { outcome: 'fine', note: 'x' })).status,
    ).toBe(400)
    expect((await call('POST', `${base}/rectify`, supervisor, { note: '整改' })).body).toEqual({
      error: 'invalid_transition',
    })
    await call('POST', `${base}/verify`, supervisor, { upheld: true, note: '调取录像，属实' })
    await call('POST', `${base}/rectify`, supervisor, { note: '窗口人员已培训' })
    expect(
      (await call('POST', `${base}/close`, supervisor, { outcome: 'explained', note: '回访' }))
        .body,
    ).toEqual({ error: 'rule_broken', issues: [{ path: 'rule', message: 'outcome-not-upheld' }] })
    const closed = await call('POST', `${base}/close`, supervisor, {
      outcome: 'resolved',
      note: '电话回访，满意',
    })
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: 'resolved',
      clock: { state: 'met' },
    })
    expect(closed.body.history.map((e: { by: { name: string } }) => e.by.name)).toEqual([
      '李强',
      '李强',
      '李强',
    ])
    expect((await call('GET', '/supervision/follow-ups', supervisor)).body.rows).toEqual([])
    expect(
      (await call('GET', '/supervision/follow-ups?state=closed', supervisor)).body.rows,
    ).toHaveLength(1)
    const audit = (await call('GET', '/cases/audit', supervisor)).body.rows.map(
      (r: { action: string; userName: string }) => [r.action, r.userName],
    )
    expect(audit).toEqual([
      ['follow-up-close', '李强'],
      ['follow-up-rectify', '李强'],
      ['follow-up-verify', '李强'],
      ['follow-up-read', '李强'],
    ])
  })

  it('counts a decision and the rating in the statistics, and refuses a reversed range', async () => {
    const act = (type: string, body: unknown, bearer = clerk) =>
      call('POST', `/cases/${caseNumber}/actions/${type}`, bearer, body)
    await act('accept', {})
    await act('start-review', {})
    await act('supply', { materialId: 'bank-card' })
    expect((await act('approve', {})).body.case.status).toBe('approved')
    const stats = await call('GET', '/supervision/stats?by=item', supervisor)
    expect(stats.body.rows).toEqual([
      {
        key: 'CA-ELDERLY-ALLOWANCE',
        name: null,
        ratings: 1,
        satisfied: 0,
        satisfaction: 0,
        decided: 1,
        promisedMet: 1,
        statutoryApplicable: 0,
        statutoryMet: 0,
        medianWorkingDays: 0,
        overdue: 0,
      },
    ])
    const byClerk = await call('GET', '/supervision/stats?by=clerk', supervisor)
    expect(byClerk.body.rows).toEqual([expect.objectContaining({ name: '王芳', decided: 1 })])
    const reversed = await call(
      'GET',
      '/supervision/stats?from=2026-12-02&to=2026-12-01',
      supervisor,
    )
    expect(reversed).toEqual({
      status: 400,
      body: {
        error: 'invalid_body',
        issues: [{ path: 'to', message: 'from must not be after to' }],
      },
    })
  })
})
