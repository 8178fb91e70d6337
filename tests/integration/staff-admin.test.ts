import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StaffListResponse, StaffPasswordResponse, StaffResponse } from '../../common/signaling'
import { enrolTerminal, login, staffClient, type TestServer } from './signaling-harness'
import { openConsole, serverWithStaff, staffAccount, tokenOf } from './support/signaling-sessions'

// Staff management against the real centre: an admin adds, changes, disables, re-enables and
// resets accounts; nobody else may; a disabled account's sessions and sockets end at once.

let srv: TestServer
let admin: string

beforeAll(async () => {
  srv = await serverWithStaff([
    staffAccount('admin', 'admin'),
    staffAccount('sup', 'supervisor'),
    staffAccount('clerk1'),
  ])
  admin = await tokenOf(srv, 'admin')
})
afterAll(() => srv.close())

function call(method: string, path: string, token: string | null, body?: unknown) {
  return fetch(`${srv.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}
async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>
}
async function addClerk(username: string) {
  const res = await call('POST', '/api/admin/staff', admin, {
    username,
    displayName: '王芳',
    role: 'clerk',
    categories: ['social-security'],
  })
  expect(res.status).toBe(201)
  return StaffPasswordResponse.parse(await res.json())
}

describe('staff management', () => {
  it('adds a clerk whose generated password, shown once, logs in', async () => {
    const made = await addClerk('wangfang')
    expect(made.staff).toMatchObject({ username: 'wangfang', role: 'clerk', disabledAt: null })
    expect(made.password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    expect((await login(srv.url, 'wangfang', made.password)).status).toBe(200)

    const list = StaffListResponse.parse(await json(await call('GET', '/api/admin/staff', admin)))
    expect(list.staff.map((s) => s.username)).toContain('wangfang')
    expect(JSON.stringify(list)).not.toContain(made.password)
    expect(JSON.stringify(list)).not.toMatch(/scrypt|passwordHash/)
  })

  it('refuses a username that is taken, and bad bodies, in words the console knows', async () => {
    const taken = await call('POST', '/api/admin/staff', admin, {
      username: 'clerk1',
      displayName: '重名',
      role: 'clerk',
    })
    expect(taken.status).toBe(409)
    expect(await json(taken)).toEqual({ error: 'username_taken' })
    for (const body of [
      { username: 'Upper Case', displayName: 'x', role: 'clerk' },
      { username: 'ok', displayName: 'x', role: 'root' },
      { username: 'ok', displayName: '', role: 'clerk' },
      { username: 'ok', displayName: 'x', role: 'clerk', passwordHash: 'scrypt$1' },
    ]) {
      const res = await call('POST', '/api/admin/staff', admin, body)
      expect(res.status).toBe(400)
      expect(await json(res)).toEqual({ error: 'invalid_body' })
    }
    expect(
      (await call('PATCH', '/api/admin/staff/u_missing', admin, { role: 'clerk' })).status,
    ).toBe(404)
  })

  it('disabling ends the sessions and sockets at once and refuses the login; enabling restores it', async () => {
    const made = await addClerk('lisi')
    const token = await loginToken('lisi', made.password)
    const other = await openConsole(srv, 'clerk1') // another clerk stays connected
    const own = await staffClient(srv.url, token)
    const closed = new Promise<string>((resolve) => own.socket.on('disconnect', resolve))

    const res = await call('POST', `/api/admin/staff/${made.staff.id}/disable`, admin)
    expect(res.status).toBe(200)
    expect(StaffResponse.parse(await res.json()).staff.disabledAt).toEqual(expect.any(Number))
    expect(await closed).toBe('io server disconnect')
    expect(other.socket.connected).toBe(true)
    // The old token no longer works anywhere; the right password gets a clear answer.
    expect((await call('GET', '/api/admin/staff', token)).status).toBe(401)
    const refused = await login(srv.url, 'lisi', made.password)
    expect(refused.status).toBe(403)
    expect(await json(refused)).toEqual({ error: 'account_disabled' })
    // A wrong password still says only that it is wrong.
    expect((await login(srv.url, 'lisi', 'not-it')).status).toBe(401)

    expect((await call('POST', `/api/admin/staff/${made.staff.id}/enable`, admin)).status).toBe(200)
    expect((await login(srv.url, 'lisi', made.password)).status).toBe(200)
    other.close()
  })

  it('a reset password replaces the old one and ends its sessions', async () => {
    const made = await addClerk('zhaoliu')
    const token = await loginToken('zhaoliu', made.password)
    const res = await call('POST', `/api/admin/staff/${made.staff.id}/reset-password`, admin)
    const reset = StaffPasswordResponse.parse(await res.json())
    expect(reset.password).not.toBe(made.password)
    expect((await login(srv.url, 'zhaoliu', made.password)).status).toBe(401)
    expect((await login(srv.url, 'zhaoliu', reset.password)).status).toBe(200)
    expect((await call('GET', '/api/admin/staff', token)).status).toBe(401)
  })

  it('changes a clerk’s categories and role; an admin cannot disable or demote themself', async () => {
    const made = await addClerk('qianqi')
    const res = await call('PATCH', `/api/admin/staff/${made.staff.id}`, admin, {
      categories: ['family', 'elderly-care'],
      role: 'supervisor',
    })
    expect(StaffResponse.parse(await res.json()).staff).toMatchObject({
      categories: ['family', 'elderly-care'],
      role: 'supervisor',
    })
    const self = (await srv.store.getUserByUsername('admin'))!.id
    for (const [method, path, body] of [
      ['POST', `/api/admin/staff/${self}/disable`, undefined],
      ['PATCH', `/api/admin/staff/${self}`, { role: 'clerk' }],
    ] as const) {
      const r = await call(method, path, admin, body)
      expect(r.status).toBe(409)
      expect(await json(r)).toEqual({ error: 'own_account' })
    }
  })

  it('answers nobody but an admin, on every endpoint', async () => {
    const terminal = await enrolTerminal(srv.store, '一号机')
    const id = (await srv.store.getUserByUsername('clerk1'))!.id
    const callers: [string, string | null, number][] = [
      ['no token', null, 401],
      ['a terminal', `${terminal.terminalId}:${terminal.credential}`, 401],
      ['a clerk', await tokenOf(srv, 'clerk1'), 403],
      ['a supervisor', await tokenOf(srv, 'sup'), 403],
    ]
    const endpoints: [string, string, unknown][] = [
      ['GET', '/api/admin/staff', undefined],
      ['POST', '/api/admin/staff', { username: 'x1', displayName: 'x', role: 'admin' }],
      ['PATCH', `/api/admin/staff/${id}`, { role: 'admin' }],
      ['POST', `/api/admin/staff/${id}/disable`, undefined],
      ['POST', `/api/admin/staff/${id}/enable`, undefined],
      ['POST', `/api/admin/staff/${id}/reset-password`, undefined],
    ]
    for (const [who, token, status] of callers)
      for (const [method, path, body] of endpoints) {
        const res = await call(method, path, token, body)
        expect({ who, method, path, status: res.status }).toEqual({ who, method, path, status })
      }
    expect(await srv.store.getUserByUsername('x1')).toBeNull()
    expect((await srv.store.getUser(id))?.role).toBe('clerk')
  })
})

async function loginToken(username: string, password: string): Promise<string> {
  const res = await login(srv.url, username, password)
  return String((await json(res)).token)
}
