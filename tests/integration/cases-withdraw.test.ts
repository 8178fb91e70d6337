// 撤回 at a kiosk (POST /api/v1/cases/{n}/withdraw, signaling-server/src/cases/terminal-http.ts)
// against the real centre: the resident's own undecided case is withdrawn, once however often
// the kiosk resends, with the kiosk in its history and the consoles told; another card's case
// is 404, a decided case 409, and no token, a clerk's session or no Idempotency-Key is refused.
import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import type { CaseChangedEvent } from '../../common/cases/view'
import { makeApplication, resident } from '../support/applications'
import {
  centreForEachTest,
  clerkToken,
  enrolTerminal,
  postJson,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

let centre: Centre
let terminal: EnrolledTerminal
let clerk: string
let caseNumber: string
const other = { idNumber: '110101195001011237' }

centreForEachTest(async (started) => {
  ;({ centre, terminal } = started)
  clerk = await clerkToken(centre.url, centre.store, { categories: ['elderly-care'] })
  const submitted = await submitApplication(
    centre,
    terminal,
    makeApplication({ terminalId: terminal.terminalId }),
  )
  caseNumber = (submitted.body as { caseNumber: string }).caseNumber
})

/** POST under /api/v1/cases with a bearer (or none), through the harness's postJson. */
const call = async (
  path: string,
  bearer: string | null,
  body: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' fields
): Promise<{ status: number; body: any }> =>
  postJson(`${centre.url}/api/v1/cases${path}`, body, {
    ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    ...headers,
  })

const withdrawal = (idNumber = resident.idNumber, t = terminal) => ({
  withdrawalId: randomUUID(),
  terminalId: t.terminalId,
  idNumber,
})
const withdraw = (body: ReturnType<typeof withdrawal>, bearer: string | null = terminal.bearer) =>
  call(`/${caseNumber}/withdraw`, bearer, body, { 'idempotency-key': body.withdrawalId })

const statusNow = async () =>
  (await centre.service.cases.view(caseNumber, Date.now()))!.state.status
const withdrawEvents = async () =>
  (await centre.service.cases.view(caseNumber, Date.now()))!.events.filter(
    (e) => e.action.type === 'withdraw',
  )

it('withdraws the resident’s own case: 已撤回 in the clerk’s history (by the resident, at this kiosk) and told to the consoles', async () => {
  const told: CaseChangedEvent[] = []
  const off = centre.service.caseFeed.subscribe((_, e) => told.push(e))
  const before = Date.now()
  const r = await withdraw(withdrawal())
  off()
  expect(r.status).toBe(201)
  expect(r.body).toMatchObject({ caseNumber, status: 'withdrawn' })
  expect(Date.parse(r.body.withdrawnAt)).toBeGreaterThanOrEqual(before - 1000)
  expect(await statusNow()).toBe('withdrawn')
  expect(told).toEqual([
    expect.objectContaining({ caseNumber, status: 'withdrawn', queue: 'done' }),
  ])

  const view = await fetch(`${centre.url}/api/v1/cases/${caseNumber}`, {
    headers: { authorization: `Bearer ${clerk}` },
  })
  const body = (await view.json()) as {
    case: { status: string }
    history: {
      at: string
      by: { kind: string; id?: string; name?: string }
      action: { type: string }
      from: string
      to: string
    }[]
  }
  expect(body.case.status).toBe('withdrawn')
  expect(body.history.at(-1)).toEqual({
    at: r.body.withdrawnAt,
    by: { kind: 'terminal', id: terminal.terminalId, name: '石桥村一号机' },
    action: { type: 'withdraw' },
    from: 'received',
    to: 'withdrawn',
  })
  // The kiosk's progress lookup says so too.
  const lookup = await call('/lookup', terminal.bearer, { idNumber: resident.idNumber })
  expect(lookup.body.cases[0]).toMatchObject({ caseNumber, status: 'withdrawn' })
  expect(lookup.body.cases[0].timeline.at(-1).step).toBe('withdraw')
})

it('withdraws once however often the kiosk resends the same Idempotency-Key', async () => {
  const body = withdrawal()
  // Two at once (a retry racing the first answer): one is the withdrawal, one its repeat.
  const [a, b] = await Promise.all([withdraw(body), withdraw(body)])
  expect([a.status, b.status].sort()).toEqual([200, 201])
  expect(a.body).toEqual(b.body)
  const again = await withdraw(body)
  expect(again).toEqual({ status: 200, body: a.body })
  expect(await withdrawEvents()).toHaveLength(1)
  // Another withdrawal of the withdrawn case (a new key) is refused: it is final.
  expect((await withdraw(withdrawal())).body).toEqual({ error: 'invalid_transition' })
  expect(await withdrawEvents()).toHaveLength(1)
})

it('answers 404 for another card’s case, and changes nothing', async () => {
  const r = await withdraw(withdrawal(other.idNumber))
  expect(r).toEqual({ status: 404, body: { error: 'not_found' } })
  expect(await statusNow()).toBe('received')
  expect(await withdrawEvents()).toEqual([])
})

it('refuses a decided case with 409, and it stays decided', async () => {
  const act = (type: string, body: unknown = {}) =>
    call(`/${caseNumber}/actions/${type}`, clerk, body)
  for (const [type, body] of [
    ['accept', {}],
    ['supply', { materialId: 'bank-card' }],
    ['start-review', {}],
    ['approve', {}],
  ] as const)
    expect((await act(type, body)).status, type).toBe(200)
  const r = await withdraw(withdrawal())
  expect(r).toEqual({ status: 409, body: { error: 'invalid_transition' } })
  expect(await statusNow()).toBe('approved')
  expect(await withdrawEvents()).toEqual([])
})

it('refuses no token, a clerk’s session, a missing or different Idempotency-Key and another terminal’s id', async () => {
  expect((await withdraw(withdrawal(), null)).status).toBe(401)
  expect((await withdraw(withdrawal(), 'nobody:secret')).status).toBe(401)
  expect((await withdraw(withdrawal(), clerk)).status).toBe(401)
  const keyless = withdrawal()
  expect(await call(`/${caseNumber}/withdraw`, terminal.bearer, keyless)).toEqual({
    status: 400,
    body: { error: 'idempotency_key_required' },
  })
  expect(
    (
      await call(`/${caseNumber}/withdraw`, terminal.bearer, keyless, {
        'idempotency-key': randomUUID(),
      })
    ).body,
  ).toEqual({ error: 'idempotency_key_mismatch' })
  const second = await enrolTerminal(centre.store, '石桥村二号机')
  expect((await withdraw(withdrawal(resident.idNumber, terminal), second.bearer)).status).toBe(422)
  expect(await statusNow()).toBe('received')
  // Any kiosk serves the resident: the same card at the second kiosk withdraws.
  expect((await withdraw(withdrawal(resident.idNumber, second), second.bearer)).status).toBe(201)
})
