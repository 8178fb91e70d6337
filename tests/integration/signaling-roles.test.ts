// Each staff role gets what its console needs and nothing else: supervisors and admins watch
// the queues (queue:overview, live), clerks are refused it; only admins and technicians make
// enrolment codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueueOverview } from '../../common/signaling'
import { enrolTerminal, joinPayload, terminalClient, type TestServer } from './signaling-harness'
import { openConsole, serverWithStaff, staffAccount, tokenOf } from './support/signaling-sessions'

let srv: TestServer
let terminal: { terminalId: string; credential: string }

beforeAll(async () => {
  srv = await serverWithStaff([
    staffAccount('clerk', 'clerk', ['social-security', 'family']),
    staffAccount('sup', 'supervisor'),
    staffAccount('adm', 'admin'),
  ])
  terminal = await enrolTerminal(srv.store, '一号机')
})
afterAll(() => srv.close())

const social = (o: QueueOverview) => o.categories.find((c) => c.category === 'social-security')

describe('queue:overview', () => {
  it('is refused to a clerk with forbidden', async () => {
    const clerk = await openConsole(srv, 'clerk')
    const a = await clerk.ack('queue:overview', {})
    expect(a).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(clerk.received('queue:overview')).toBe(false)
    clerk.close()
  })

  it('shows a supervisor waiting residents, the longest wait and clerks, refreshed live', async () => {
    const sup = await openConsole(srv, 'sup')
    const first = await sup.next<QueueOverview>('queue:overview')
    expect(social(first)?.waiting ?? 0).toBe(0)

    const kiosk = await terminalClient(srv.url, terminal)
    const joined = await kiosk.ok<{ call: { queuedAt: number } }>('queue:join', joinPayload())
    const waiting = await sup.next<QueueOverview>('queue:overview', (o) => social(o)?.waiting === 1)
    expect(social(waiting)).toMatchObject({
      waiting: 1,
      longestWaitingSince: joined.call.queuedAt,
      clerksOnline: 0,
    })

    const clerk = await openConsole(srv, 'clerk')
    const online = await sup.next<QueueOverview>(
      'queue:overview',
      (o) => social(o)?.clerksOnline === 1,
    )
    expect(social(online)).toMatchObject({ clerksAvailable: 0, clerksBusy: 0 })
    // Available: the resident is offered to the clerk, who picks up and is then busy.
    await clerk.ok('presence:set', { presence: 'available' })
    const offer = await clerk.next<{ entry: { callId: string } }>('call:offer')
    await clerk.ok('call:accept', { callId: offer.entry.callId })
    const busy = await sup.next<QueueOverview>('queue:overview', (o) => social(o)?.clerksBusy === 1)
    expect(social(busy)).toMatchObject({ waiting: 0, longestWaitingSince: null, clerksOnline: 1 })
    expect(await sup.ok('queue:overview', {})).toEqual(busy)

    const adm = await openConsole(srv, 'adm')
    expect(social(await adm.next<QueueOverview>('queue:overview'))?.clerksBusy).toBe(1)
    for (const c of [sup, kiosk, clerk, adm]) c.close()
  })
})

describe('POST /api/admin/enrol-codes', () => {
  it('makes a code for an admin that a terminal can then redeem, and refuses other roles', async () => {
    const post = (token: string) =>
      fetch(`${srv.url}/api/admin/enrol-codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ hall: '石桥村便民服务站', ttlHours: 24 }),
      })
    for (const username of ['clerk', 'sup']) {
      const res = await post(await tokenOf(srv, username))
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ error: 'forbidden' })
    }
    const res = await post(await tokenOf(srv, 'adm'))
    expect(res.status).toBe(201)
    const { code } = (await res.json()) as { code: string }
    const enrol = await fetch(`${srv.url}/api/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, terminalName: '石桥村二号机' }),
    })
    expect(enrol.status).toBe(201)
    expect(await enrol.json()).toMatchObject({ hall: '石桥村便民服务站' })
  })
})
