// The back office's case API (/api/v1/cases) against the real server: who may call which
// endpoint (a clerk of the case's category, a clerk of another, a supervisor, a terminal, no
// token, an expired token), and a clerk working a submitted case through claims and actions.
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUser, SESSION_TTL_MS } from '../../signaling-server/src/auth'
import { makeApplication, resident } from '../support/applications'
import {
  enrolTerminal,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

let centre: Centre
let terminal: EnrolledTerminal
let offset = 0
const users: Record<
  'elderly' | 'elderly2' | 'civil' | 'supervisor' | 'admin',
  { id: string; token: string }
> = {} as never
let caseNumber: string

async function login(
  role: 'clerk' | 'supervisor' | 'admin',
  displayName: string,
  categories: string[],
): Promise<{ id: string; token: string }> {
  const username = `u-${randomBytes(3).toString('hex')}`
  const user = await createUser(
    centre.store,
    { username, displayName, role, categories, password: 'staff-password-1' },
    Date.now(),
  )
  const res = await fetch(`${centre.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'staff-password-1' }),
  })
  if (!res.ok) throw new Error(`login failed: ${res.status}`)
  return { id: user.id, token: ((await res.json()) as { token: string }).token }
}

async function call(
  method: string,
  path: string,
  bearer: string | null,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' fields
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${centre.url}/api/v1/cases${path}`, {
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
  users.elderly = await login('clerk', '王芳', ['elderly-care'])
  users.elderly2 = await login('clerk', '张伟', ['elderly-care'])
  users.civil = await login('clerk', '刘洋', ['civil-affairs'])
  users.supervisor = await login('supervisor', '李强', [])
  users.admin = await login('admin', '管理员', [])
  const submitted = await submitApplication(
    centre,
    terminal,
    makeApplication({ terminalId: terminal.terminalId }),
  )
  expect(submitted.status).toBe(201)
  caseNumber = (submitted.body as { caseNumber: string }).caseNumber
})
afterEach(async () => {
  await centre.close()
})

/** Every endpoint, with a body that works for an allowed caller. */
const endpoints = () =>
  [
    ['GET', '?queue=to-accept', undefined, 'list'],
    ['GET', '/counts', undefined, 'list'],
    ['POST', '/search-id', { idNumber: resident.idNumber }, 'list'],
    ['GET', '/audit', undefined, 'supervisor'],
    ['GET', `/${caseNumber}`, undefined, 'case'],
    ['POST', `/${caseNumber}/reveal`, undefined, 'case'],
    ['POST', `/${caseNumber}/claim`, undefined, 'case'],
    ['DELETE', `/${caseNumber}/claim`, undefined, 'case'],
    ['POST', `/${caseNumber}/actions/accept`, {}, 'case'],
    ['POST', `/${caseNumber}/reassign`, { userId: users.elderly.id }, 'supervisor'],
    // The older status endpoint (docs/applications-api.md), last: it bypasses the state table.
    ['POST', `/${caseNumber}/status`, { status: 'accepted' }, 'case'],
  ] as const

describe('who may call the case API', () => {
  it('refuses no token, a terminal, an expired session and an admin on every endpoint', async () => {
    for (const [method, path, body] of endpoints()) {
      expect((await call(method, path, null, body)).status, `${method} ${path}`).toBe(401)
      expect((await call(method, path, terminal.bearer, body)).status, `${method} ${path}`).toBe(
        401,
      )
      expect((await call(method, path, users.admin.token, body)).status, `${method} ${path}`).toBe(
        403,
      )
      offset = SESSION_TTL_MS + 60_000
      expect(
        (await call(method, path, users.elderly.token, body)).status,
        `${method} ${path}`,
      ).toBe(401)
      offset = 0
    }
  })

  it('shows a clerk of another category nothing and refuses every case endpoint', async () => {
    for (const [method, path, body, kind] of endpoints()) {
      const r = await call(method, path, users.civil.token, body)
      if (kind === 'list') expect(r.status, `${method} ${path}`).toBe(200)
      else expect(r.status, `${method} ${path}`).toBe(403)
    }
    expect((await call('GET', '?queue=to-accept', users.civil.token)).body.rows).toEqual([])
    expect((await call('GET', '/counts', users.civil.token)).body['to-accept']).toBe(0)
    expect(
      (await call('POST', '/search-id', users.civil.token, { idNumber: resident.idNumber })).body
        .cases,
    ).toEqual([])
    // Nothing changed: the case is still waiting to be accepted, unclaimed.
    const v = await call('GET', `/${caseNumber}`, users.elderly.token)
    expect([v.body.case.status, v.body.claim]).toEqual(['received', null])
  })

  it('lets a clerk of the category work the case, but not reassign or read the audit', async () => {
    for (const [method, path, body, kind] of endpoints()) {
      const r = await call(method, path, users.elderly.token, body)
      if (kind === 'supervisor') expect(r.status, `${method} ${path}`).toBe(403)
      else expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    }
  })

  it('lets a supervisor call every endpoint', async () => {
    for (const [method, path, body] of endpoints()) {
      const r = await call(method, path, users.supervisor.token, body)
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    }
  })
})

describe('working a case', () => {
  it('lists the new submission in 待受理 for its category, masked, with its clocks', async () => {
    const inbox = await call('GET', '?queue=to-accept', users.elderly.token)
    expect(inbox.body.rows).toEqual([
      expect.objectContaining({ caseNumber, categoryId: 'elderly-care', hall: '石桥村便民服务站' }),
    ])
    const v = await call('GET', `/${caseNumber}`, users.elderly.token)
    expect(v.body.applicant).toEqual({ name: '王*英', idNumber: '110101********1248' })
    expect(v.body.clocks.notice.state).toBe('running')
    expect(v.body.materials).toEqual([
      expect.objectContaining({ materialId: 'bank-card', kind: 'deferred' }),
    ])
    expect(JSON.stringify(v.body)).not.toContain(resident.idNumber)
  })

  it('holds a claim others see, and refuses their actions until a supervisor reassigns', async () => {
    expect((await call('POST', `/${caseNumber}/claim`, users.elderly.token)).status).toBe(200)
    const other = await call('POST', `/${caseNumber}/claim`, users.elderly2.token)
    expect(other).toEqual({
      status: 409,
      body: { error: 'claimed', heldBy: expect.objectContaining({ name: '王芳' }) },
    })
    const row = (await call('GET', '?queue=to-accept', users.elderly2.token)).body.rows[0]
    expect(row.claim.name).toBe('王芳')
    expect(
      (await call('POST', `/${caseNumber}/actions/accept`, users.elderly2.token, {})).body,
    ).toEqual({
      error: 'claimed',
    })
    const moved = await call('POST', `/${caseNumber}/reassign`, users.supervisor.token, {
      userId: users.elderly2.id,
    })
    expect(moved.body.claim.name).toBe('张伟')
    // Not to a clerk of another category.
    expect(
      (
        await call('POST', `/${caseNumber}/reassign`, users.supervisor.token, {
          userId: users.civil.id,
        })
      ).status,
    ).toBe(422)
    const accepted = await call('POST', `/${caseNumber}/actions/accept`, users.elderly2.token, {})
    expect(accepted.body.case.status).toBe('accepted')
    expect(accepted.body.history.at(-1)).toMatchObject({
      action: { type: 'accept' },
      by: { kind: 'staff', id: users.elderly2.id, name: '张伟' },
    })
  })

  it('answers broken rules with their names, and reveals the applicant only with an audit entry', async () => {
    const skip = await call('POST', `/${caseNumber}/actions/approve`, users.elderly.token, {})
    expect(skip).toEqual({ status: 409, body: { error: 'invalid_transition' } })
    const noReason = await call('POST', `/${caseNumber}/actions/not-accept`, users.elderly.token, {
      reason: { codes: [] },
    })
    expect(noReason.body).toEqual({
      error: 'rule_broken',
      issues: [{ path: 'rule', message: 'reason-required' }],
    })
    const badCode = await call('POST', `/${caseNumber}/actions/not-accept`, users.elderly.token, {
      reason: { codes: ['made-up'] },
    })
    expect(badCode.status).toBe(422)
    const ext = await call(
      'POST',
      `/${caseNumber}/actions/approve-extension`,
      users.elderly.token,
      {},
    )
    expect(ext.status).toBe(403) // only a supervisor approves an extension

    const revealed = await call('POST', `/${caseNumber}/reveal`, users.elderly.token)
    expect(revealed.body.applicant).toEqual({ name: resident.name, idNumber: resident.idNumber })
    const audit = await call('GET', '/audit', users.supervisor.token)
    expect(audit.body.rows[0]).toMatchObject({
      action: 'reveal',
      caseNumber,
      userId: users.elderly.id,
    })
  })

  it('pages the inbox with the cursor it hands out, and refuses a forged one', async () => {
    for (let i = 0; i < 2; i++)
      expect(
        (
          await submitApplication(
            centre,
            terminal,
            makeApplication({ terminalId: terminal.terminalId }),
          )
        ).status,
      ).toBe(201)
    const seen: string[] = []
    let next: string | null = null
    do {
      const page = await call(
        'GET',
        `?queue=to-accept&limit=2${next ? `&cursor=${next}` : ''}`,
        users.elderly.token,
      )
      expect(page.status).toBe(200)
      seen.push(...page.body.rows.map((r: { caseNumber: string }) => r.caseNumber))
      next = page.body.next
    } while (next)
    expect(seen).toHaveLength(3)
    expect(new Set(seen).size).toBe(3)
    expect((await call('GET', '/counts', users.elderly.token)).body['to-accept']).toBe(3)
    expect((await call('GET', '?cursor=bm90LWEtY3Vyc29y', users.elderly.token)).status).toBe(400)
  })
})
