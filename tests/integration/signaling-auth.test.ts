import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../common/signaling'
import {
  addStaff,
  enrolTerminal,
  login,
  refusal,
  staffClient,
  startServer,
  terminalClient,
  tokenFor,
  type TestServer,
} from './signaling-harness'

let srv: TestServer
let terminal: { terminalId: string; credential: string }
let clerkToken: string
let adminToken: string

beforeAll(async () => {
  srv = await startServer()
  await addStaff(srv.store, {
    username: 'clerk1',
    password: 'pw-clerk1',
    role: 'clerk',
    categories: ['social-security'],
  })
  await addStaff(srv.store, {
    username: 'sup',
    password: 'pw-sup',
    role: 'supervisor',
    categories: [],
  })
  await addStaff(srv.store, {
    username: 'admin',
    password: 'pw-admin',
    role: 'admin',
    categories: [],
  })
  await addStaff(srv.store, {
    username: 'victim',
    password: 'right-password',
    role: 'clerk',
    categories: [],
  })
  terminal = enrolTerminal(srv.store, '一号机')
  clerkToken = await tokenFor(srv.url, 'clerk1', 'pw-clerk1')
  adminToken = await tokenFor(srv.url, 'admin', 'pw-admin')
})
afterAll(() => srv.close())

describe('socket handshake', () => {
  it('refuses sockets without or with wrong credentials', async () => {
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, {})).toBe('unauthorized')
    expect(
      await refusal(srv.url, TERMINAL_NAMESPACE, {
        kind: 'terminal',
        terminalId: terminal.terminalId,
        credential: 'x'.repeat(43),
      }),
    ).toBe('unauthorized')
    expect(await refusal(srv.url, STAFF_NAMESPACE, { kind: 'staff', token: 'y'.repeat(43) })).toBe(
      'unauthorized',
    )
  })

  it('refuses the wrong role on each namespace and the default namespace', async () => {
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, { kind: 'staff', token: clerkToken })).toBe(
      'wrong_role',
    )
    expect(await refusal(srv.url, STAFF_NAMESPACE, { kind: 'terminal', ...terminal })).toBe(
      'wrong_role',
    )
    expect(await refusal(srv.url, '/', { kind: 'terminal', ...terminal })).toBe('wrong_namespace')
  })

  it('accepts a terminal credential and tells the kiosk its state', async () => {
    const t = await terminalClient(srv.url, terminal)
    const state = await t.next<{ terminalId: string; hall: string; call: unknown }>('session:state')
    expect(state).toMatchObject({
      terminalId: terminal.terminalId,
      hall: '示范村便民服务站',
      call: null,
    })
    t.close()
  })

  it('lets a supervisor watch but not take calls', async () => {
    const sup = await staffClient(srv.url, await tokenFor(srv.url, 'sup', 'pw-sup'))
    await sup.next('session:state')
    const a = await sup.ack('call:accept', { callId: 'c_0000000000000000' })
    expect(a).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect((await sup.ack('queue:list', {})).ok).toBe(true)
    sup.close()
  })
})

describe('login', () => {
  it('returns a token, role and categories', async () => {
    const res = await login(srv.url, 'clerk1', 'pw-clerk1')
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      displayName: 'clerk1-name',
      role: 'clerk',
      categories: ['social-security'],
    })
    expect(typeof body.token).toBe('string')
  })

  it('answers 401 to a wrong password and 400 to a malformed body', async () => {
    expect((await login(srv.url, 'clerk1', 'nope')).status).toBe(401)
    expect((await login(srv.url, 'nobody', 'nope')).status).toBe(401)
    const bad = await fetch(`${srv.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": 5}',
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: 'invalid_body' })
    const huge = await fetch(`${srv.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'a', password: 'b'.repeat(100_000) }),
    })
    expect(huge.status).toBe(413)
  })

  it('locks an account out after 5 failures, even for the right password', async () => {
    for (let i = 0; i < 4; i++) expect((await login(srv.url, 'victim', 'wrong')).status).toBe(401)
    expect((await login(srv.url, 'victim', 'wrong')).status).toBe(423)
    const res = await login(srv.url, 'victim', 'right-password')
    expect(res.status).toBe(423)
    expect(await res.json()).toEqual({ error: 'locked_out' })
  })

  it('unlocks after 15 minutes', async () => {
    const user = srv.store.getUserByUsername('victim')!
    expect(user.lockedUntil! - Date.now()).toBeGreaterThan(14 * 60_000)
    srv.store.setLoginState(user.id, 0, Date.now() - 1) // the lock has run out
    expect((await login(srv.url, 'victim', 'right-password')).status).toBe(200)
  })
})

describe('terminal enrolment', () => {
  async function enrol(code: string): Promise<Response> {
    return fetch(`${srv.url}/api/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, terminalName: '二号机' }),
    })
  }
  async function newCode(token: string): Promise<Response> {
    return fetch(`${srv.url}/api/admin/enrol-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ hall: '东村便民服务站' }),
    })
  }

  it('only admins create enrolment codes', async () => {
    expect((await newCode(clerkToken)).status).toBe(403)
    expect((await newCode('z'.repeat(43))).status).toBe(401)
  })

  it('turns a one-time code into a working terminal credential, once', async () => {
    const res = await newCode(adminToken)
    expect(res.status).toBe(201)
    const { code } = (await res.json()) as { code: string }
    const first = await enrol(code.toLowerCase())
    expect(first.status).toBe(201)
    const cred = (await first.json()) as { terminalId: string; credential: string; hall: string }
    expect(cred.hall).toBe('东村便民服务站')
    const t = await terminalClient(srv.url, cred)
    expect((await t.next<{ hall: string }>('session:state')).hall).toBe('东村便民服务站')
    t.close()
    const again = await enrol(code)
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual({ error: 'invalid_code' })
  })
})
