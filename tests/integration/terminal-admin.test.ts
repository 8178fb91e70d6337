// Terminals for admins and technicians: the list (online now or not) and revoking one, which
// closes its socket at once and refuses its credential from then on.
import { describe, expect, it } from 'vitest'
import { TerminalListResponse, TerminalResponse } from '../../common/signaling'
import { enrolTerminal, refusal, terminalClient, type TestServer } from './signaling-harness'
import { healthReport } from '../support/health'
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

  it('pages and filters the list at the centre, with the filter counts and the whole fleet’s alerts', async () => {
    const ids: string[] = []
    for (let i = 1; i <= 7; i++) ids.push((await enrolTerminal(srv.store, `机${i}`)).terminalId)
    await enrolTerminal(srv.store, '东山一号', '东山村便民服务站')
    const out = healthReport({ printer: { state: 'error', paper: 'out', detail: 'paper-out' } })
    for (const [i, id] of ids.entries())
      await srv.store.putLatestHealth({
        terminalId: id,
        receivedAt: Date.now(),
        report: i % 3 === 0 ? out : healthReport(),
      })
    const tech = await tokenOf(srv, 'tech')
    const list = async (query: string) => {
      const res = await call('GET', `/api/admin/terminals?${query}`, tech)
      expect(res.status).toBe(200)
      return TerminalListResponse.parse(await res.json())
    }
    const first = await list('limit=3')
    expect(first.terminals.map((t) => t.name)).toEqual(['东山一号', '机1', '机2'])
    expect([first.total, first.offset, first.limit]).toEqual([8, 0, 3])
    expect(first.halls).toEqual(['东山村便民服务站', '示范村便民服务站'])
    expect(first.counts).toEqual({ all: 8, offline: 0, printer: 3, backlog: 0, 'old-version': 0 })
    // The alerts name the fleet's terminals out of paper, not only the page's.
    expect(first.alerts.map((a) => [a.kind, a.terminal.name])).toEqual([
      ['paper-out', '机1'],
      ['paper-out', '机4'],
      ['paper-out', '机7'],
    ])
    expect(first.alertCounts).toEqual({ 'paper-out': 3, offline: 0, backlog: 0 })
    const printer = await list('filter=printer&limit=2&offset=2')
    expect([printer.terminals.map((t) => t.name), printer.total]).toEqual([['机7'], 3])
    const hall = await list(`hall=${encodeURIComponent('东山村便民服务站')}`)
    expect([hall.terminals.map((t) => t.name), hall.counts.all]).toEqual([['东山一号'], 1])
    expect((await list(`q=${encodeURIComponent('机3')}`)).terminals.map((t) => t.name)).toEqual([
      '机3',
    ])
    // The default page is 50; asking for more than 200, or for a filter there is not, is refused.
    expect((await list('')).limit).toBe(50)
    expect((await call('GET', '/api/admin/terminals?limit=201', tech)).status).toBe(404)
    expect((await call('GET', '/api/admin/terminals?filter=broken', tech)).status).toBe(404)
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
