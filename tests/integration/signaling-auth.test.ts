import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../common/signaling'
import {
  enrolTerminal,
  login,
  loginFrom,
  refusal,
  terminalClient,
  type TestServer,
} from './signaling-harness'
import { openConsole, serverWithStaff, staffAccount, tokenOf } from './support/signaling-sessions'

let srv: TestServer
let terminal: { terminalId: string; credential: string }
let terminalAuth: { kind: 'terminal'; terminalId: string; credential: string }
let clerkToken: string
let adminToken: string

beforeAll(async () => {
  srv = await serverWithStaff([
    staffAccount('clerk1'),
    staffAccount('sup', 'supervisor'),
    staffAccount('admin', 'admin'),
    { username: 'victim', password: 'right-password', role: 'clerk', categories: [] },
  ])
  terminal = await enrolTerminal(srv.store, '一号机')
  terminalAuth = {
    kind: 'terminal',
    terminalId: terminal.terminalId,
    credential: terminal.credential,
  }
  clerkToken = await tokenOf(srv, 'clerk1')
  adminToken = await tokenOf(srv, 'admin')
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
    expect(await refusal(srv.url, STAFF_NAMESPACE, terminalAuth)).toBe('wrong_role')
    expect(await refusal(srv.url, '/', terminalAuth)).toBe('wrong_namespace')
  })

  it('refuses a handshake that carries any extra key', async () => {
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, { ...terminalAuth, hall: '别的村' })).toBe(
      'unauthorized',
    )
    expect(
      await refusal(srv.url, STAFF_NAMESPACE, { kind: 'staff', token: clerkToken, role: 'admin' }),
    ).toBe('unauthorized')
    // The same handshakes without the extra key are accepted.
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, terminalAuth)).toBe('connected')
    expect(await refusal(srv.url, STAFF_NAMESPACE, { kind: 'staff', token: clerkToken })).toBe(
      'connected',
    )
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
    const sup = await openConsole(srv, 'sup')
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
})

// Item 15 of issue 9: five requests from anywhere used to lock `admin` for everyone, and an
// unknown name was never locked, which told a caller which names exist.
describe('login throttling by username and address together', () => {
  const hostile = '127.0.0.2'

  it('a hostile address that locks admin out does not stop admin logging in from another', async () => {
    for (let i = 0; i < 4; i++)
      expect((await loginFrom(srv.url, hostile, 'admin', 'guess')).status).toBe(401)
    expect((await loginFrom(srv.url, hostile, 'admin', 'guess')).status).toBe(423)
    // Locked for that address, even with the right password.
    const locked = await loginFrom(srv.url, hostile, 'admin', 'pw-admin')
    expect(locked.status).toBe(423)
    expect(JSON.parse(locked.body)).toEqual({ error: 'locked_out' })
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60)
    // The admin at the centre logs in as usual, and that does not unlock the hostile address.
    expect((await loginFrom(srv.url, '127.0.0.3', 'admin', 'pw-admin')).status).toBe(200)
    expect((await loginFrom(srv.url, hostile, 'admin', 'pw-admin')).status).toBe(423)
  })

  it('answers an unknown username exactly like a known one', async () => {
    async function answers(username: string, address: string) {
      const seen = []
      for (let i = 0; i < 7; i++) {
        const a = await loginFrom(srv.url, address, username, 'guess')
        seen.push({ status: a.status, body: a.body, retryAfter: 'retry-after' in a.headers })
      }
      return seen
    }
    const known = await answers('victim', '127.0.0.4')
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 423, 423, 423])
    expect(await answers('no-such-user', '127.0.0.5')).toEqual(known)
  })

  it('a right password clears the failures of its own address', async () => {
    const address = '127.0.0.6'
    for (let i = 0; i < 4; i++)
      expect((await loginFrom(srv.url, address, 'clerk1', 'typo')).status).toBe(401)
    expect((await loginFrom(srv.url, address, 'clerk1', 'pw-clerk1')).status).toBe(200)
    // Counting starts again: four more typos do not lock.
    for (let i = 0; i < 4; i++)
      expect((await loginFrom(srv.url, address, 'clerk1', 'typo')).status).toBe(401)
    expect((await loginFrom(srv.url, address, 'clerk1', 'pw-clerk1')).status).toBe(200)
  })
})

describe('CORS', () => {
  it('gives no Access-Control-Allow-Origin to a page of another origin', async () => {
    const evil = { origin: 'https://evil.example' }
    const res = await loginFrom(srv.url, '127.0.0.7', 'clerk1', 'pw-clerk1', evil)
    expect(res.status).toBe(200) // the login works; the foreign page just cannot read it
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await fetch(`${srv.url}/api/auth/login`, {
      method: 'OPTIONS',
      headers: { ...evil, 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows exactly the configured origins (the Electron clerk console)', async () => {
    const configured = await serverWithStaff([staffAccount('c', 'clerk', [])], {
      corsOrigins: ['app://kiosk'],
    })
    try {
      const ok = await loginFrom(configured.url, '127.0.0.1', 'c', 'pw-c', {
        origin: 'app://kiosk',
      })
      expect(ok.headers['access-control-allow-origin']).toBe('app://kiosk')
      const other = await loginFrom(configured.url, '127.0.0.1', 'c', 'pw-c', {
        origin: 'app://kiosk.evil',
      })
      expect(other.headers['access-control-allow-origin']).toBeUndefined()
    } finally {
      await configured.close()
    }
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
