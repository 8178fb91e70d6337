// Terminals for admins and technicians: the list (online now or not) and revoking one, which
// closes its socket at once and refuses its credential from then on.
import { describe, expect, it } from 'vitest'
import { TerminalListResponse, TerminalResponse } from '../../common/signaling'
import { enrolTerminal, refusal, terminalClient, type TestServer } from './signaling-harness'
import { until } from '../support/until'
import { serverForEachTest, staffAccount, tokenOf } from './support/signaling-sessions'

let srv: TestServer
serverForEachTest(
  [
    staffAccount('tech', 'technician'),
    staffAccount('adm', 'admin'),
    staffAccount('clerk'),
    staffAccount('sup', 'supervisor'),
  ],
  {},
  (started) => (srv = started),
)

const call = (method: string, path: string, token?: string) =>
  fetch(`${srv.url}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })

describe('terminal administration', () => {
  it('lists the terminals with who is online and when the others were last seen, for technicians and admins', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const two = await enrolTerminal(srv.store, '二号机')
    const kiosk = await terminalClient(srv.url, one)
    try {
      for (const who of ['tech', 'adm']) {
        const res = await call('GET', '/api/admin/terminals', await tokenOf(srv, who))
        expect(res.status).toBe(200)
        const { terminals } = TerminalListResponse.parse(await res.json())
        expect(terminals.map((t) => [t.name, t.online, t.revokedAt])).toEqual([
          ['一号机', true, null],
          ['二号机', false, null],
        ])
        expect(terminals.map((t) => t.id)).toEqual([one.terminalId, two.terminalId])
      }
    } finally {
      kiosk.close()
    }
    // Gone: once the centre has seen the socket close, the list says since when.
    await until(() => srv.app.realtime.stats().terminalsOnline === 0, 5_000)
    const res = await call('GET', '/api/admin/terminals', await tokenOf(srv, 'tech'))
    const { terminals } = TerminalListResponse.parse(await res.json())
    expect(terminals.find((t) => t.id === one.terminalId)).toMatchObject({ online: false })
    expect(terminals.find((t) => t.id === one.terminalId)?.lastSeenAt).toBeGreaterThan(0)
    expect(terminals.find((t) => t.id === two.terminalId)?.lastSeenAt).toBeNull()
  })

  it('revoking closes the terminal’s socket at once and refuses its credential after', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const kiosk = await terminalClient(srv.url, one)
    const dropped = new Promise<string>((resolve) => kiosk.socket.once('disconnect', resolve))
    const res = await call(
      'POST',
      `/api/admin/terminals/${one.terminalId}/revoke`,
      await tokenOf(srv, 'tech'),
    )
    expect(res.status).toBe(200)
    const { terminal } = TerminalResponse.parse(await res.json())
    expect(terminal.revokedAt).not.toBeNull()
    expect(terminal.online).toBe(false)
    expect(await dropped).toBe('io server disconnect')
    kiosk.close()

    expect(await refusal(srv.url, '/terminal', { kind: 'terminal', ...one })).toBe('unauthorized')
    const token = await fetch(`${srv.url}/api/terminals/signaling-token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${one.terminalId}:${one.credential}` },
    })
    expect(token.status).toBe(401)
  })

  it('refuses clerks, supervisors and callers without a session; 404 for an unknown terminal', async () => {
    for (const who of ['clerk', 'sup']) {
      const token = await tokenOf(srv, who)
      expect((await call('GET', '/api/admin/terminals', token)).status).toBe(403)
      expect((await call('POST', '/api/admin/terminals/t_x/revoke', token)).status).toBe(403)
    }
    expect((await call('GET', '/api/admin/terminals')).status).toBe(401)
    const tech = await tokenOf(srv, 'tech')
    expect((await call('POST', '/api/admin/terminals/t_unknown/revoke', tech)).status).toBe(404)
  })
})
