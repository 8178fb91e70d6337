// Terminals' health reports (`health:report` on /terminal): kept as the latest per terminal and
// a compact history, refused when malformed or oversized and when sent more often than every
// 5 s; shown to technicians and admins only (the list and `GET /api/admin/terminals/{id}/health`).
import { describe, expect, it } from 'vitest'
import { TerminalHealthHistory, TerminalListResponse } from '../../common/signaling'
import { healthReport } from '../support/health'
import { enrolTerminal, terminalClient, type TestServer } from './signaling-harness'
import { serverForEachTest, staffAccount, tokenOf } from './support/signaling-sessions'

let srv: TestServer
let clock = Date.UTC(2026, 5, 1, 8, 0)
serverForEachTest(
  [
    staffAccount('tech', 'technician'),
    staffAccount('adm', 'admin'),
    staffAccount('clerk'),
    staffAccount('sup', 'supervisor'),
  ],
  { now: () => clock },
  (started) => (srv = started),
)

const get = (path: string, token?: string) =>
  fetch(`${srv.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })

async function latestOf(terminalId: string) {
  const res = await get('/api/admin/terminals', await tokenOf(srv, 'tech'))
  expect(res.status).toBe(200)
  const { terminals } = TerminalListResponse.parse(await res.json())
  return terminals.find((t) => t.id === terminalId)?.health ?? null
}

describe('terminal health reports', () => {
  it('keeps the latest report, shown in the technicians’ list with when it arrived', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const kiosk = await terminalClient(srv.url, one)
    try {
      expect(await latestOf(one.terminalId)).toBeNull()
      expect(await kiosk.ack('health:report', healthReport())).toEqual({ ok: true, data: {} })
      clock += 6_000
      const out = healthReport({
        printer: { state: 'error', paper: 'out', detail: 'paper-out' },
        outbox: { waiting: 3, oldestAgeSeconds: 1_200 },
      })
      expect((await kiosk.ack('health:report', out)).ok).toBe(true)
      expect(await latestOf(one.terminalId)).toEqual({ ...out, receivedAt: clock })
    } finally {
      kiosk.close()
    }
  })

  it('refuses a malformed, oversized or personal-data-carrying report and stores nothing', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const kiosk = await terminalClient(srv.url, one)
    try {
      const bad = [
        { ...healthReport(), printer: { state: 'on-fire', paper: 'ok' } },
        { ...healthReport(), appVersion: 'x'.repeat(5_000) },
        { ...healthReport(), devices: Array.from({ length: 50 }, () => healthReport().devices[0]) },
        // No room for anything else, e.g. a resident's name.
        { ...healthReport(), residentName: '张三' },
        { ...healthReport(), printer: { state: 'error', paper: 'out', detail: '张三 110101' } },
        'not an object',
      ]
      for (const payload of bad) {
        const ack = await kiosk.ack('health:report', payload)
        expect(ack.ok ? null : ack.error.code).toBe('invalid_payload')
        clock += 6_000
      }
      expect(await latestOf(one.terminalId)).toBeNull()
      expect(await srv.store.listHealthSamples(one.terminalId, 0)).toEqual([])
    } finally {
      kiosk.close()
    }
  })

  it('drops a report sent within 5 s of the last one, also after a reconnect', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    let kiosk = await terminalClient(srv.url, one)
    try {
      const first = clock
      expect((await kiosk.ack('health:report', healthReport())).ok).toBe(true)
      clock += 2_000
      const again = await kiosk.ack('health:report', healthReport({ uptimeSeconds: 9 }))
      expect(again.ok ? null : again.error.code).toBe('rate_limited')
      kiosk.close()
      kiosk = await terminalClient(srv.url, one)
      clock += 2_000
      const reconnected = await kiosk.ack('health:report', healthReport({ uptimeSeconds: 9 }))
      expect(reconnected.ok ? null : reconnected.error.code).toBe('rate_limited')
      expect((await latestOf(one.terminalId))?.receivedAt).toBe(first)
      clock += 1_000
      expect((await kiosk.ack('health:report', healthReport({ uptimeSeconds: 9 }))).ok).toBe(true)
      expect((await latestOf(one.terminalId))?.uptimeSeconds).toBe(9)
    } finally {
      kiosk.close()
    }
  })

  it('keeps one sample per 10 minutes for 7 days, for technicians and admins only', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const kiosk = await terminalClient(srv.url, one)
    const start = clock
    try {
      // Every minute for 25 minutes: samples at 0, 10 and 20 minutes.
      for (let m = 0; m <= 25; m++) {
        expect((await kiosk.ack('health:report', healthReport({ uptimeSeconds: m * 60 }))).ok).toBe(
          true,
        )
        clock += 60_000
      }
      for (const who of ['tech', 'adm']) {
        const res = await get(
          `/api/admin/terminals/${one.terminalId}/health`,
          await tokenOf(srv, who),
        )
        expect(res.status).toBe(200)
        const history = TerminalHealthHistory.parse(await res.json())
        expect(history.samples.map((s) => (s.receivedAt - start) / 60_000)).toEqual([0, 10, 20])
        expect(history.samples.map((s) => s.uptimeSeconds)).toEqual([0, 600, 1200])
      }
      // Eight days on: the next report prunes what is older than 7 days.
      clock += 8 * 86_400_000
      expect((await kiosk.ack('health:report', healthReport())).ok).toBe(true)
      const res = await get(
        `/api/admin/terminals/${one.terminalId}/health`,
        await tokenOf(srv, 'tech'),
      )
      const history = TerminalHealthHistory.parse(await res.json())
      expect(history.samples.map((s) => s.receivedAt)).toEqual([clock])
      expect(await srv.store.listHealthSamples(one.terminalId, 0)).toHaveLength(1)
    } finally {
      kiosk.close()
    }
    for (const who of ['clerk', 'sup']) {
      const token = await tokenOf(srv, who)
      expect((await get(`/api/admin/terminals/${one.terminalId}/health`, token)).status).toBe(403)
    }
    expect((await get(`/api/admin/terminals/${one.terminalId}/health`)).status).toBe(401)
    // A terminal's own credential is not a staff session.
    const asTerminal = await get(
      `/api/admin/terminals/${one.terminalId}/health`,
      `${one.terminalId}:${one.credential}`,
    )
    expect(asTerminal.status).toBe(401)
    const tech = await tokenOf(srv, 'tech')
    expect((await get('/api/admin/terminals/t_unknown/health', tech)).status).toBe(404)
  })
})
