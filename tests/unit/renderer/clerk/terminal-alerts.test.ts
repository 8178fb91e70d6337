// The fleet console's alerts: out of paper, offline for more than 10 minutes, a backlog that
// has waited more than 15 minutes; none for a revoked terminal.
import { describe, expect, it } from 'vitest'
import type { TerminalView } from '../../../../common/signaling'
import { terminalAlerts } from '../../../../renderer/src/clerk/terminal-alerts'
import { healthReport } from '../../../support/health'

const NOW = Date.UTC(2026, 5, 1, 9, 0)

function terminal(name: string, over: Partial<TerminalView> = {}): TerminalView {
  return {
    id: `t_${name}`,
    name,
    hall: '石桥村便民服务站',
    createdAt: NOW - 86_400_000,
    revokedAt: null,
    online: true,
    lastSeenAt: null,
    health: { ...healthReport(), receivedAt: NOW - 30_000 },
    ...over,
  }
}

describe('terminal alerts', () => {
  it('names each terminal with a problem, paper first', () => {
    const paperOut = terminal('一号机', {
      health: {
        ...healthReport({ printer: { state: 'error', paper: 'out', detail: 'paper-out' } }),
        receivedAt: NOW,
      },
    })
    const gone = terminal('二号机', { online: false, lastSeenAt: NOW - 11 * 60_000 })
    const briefly = terminal('三号机', { online: false, lastSeenAt: NOW - 9 * 60_000 })
    const stuck = terminal('四号机', {
      // 14.5 minutes when reported, 15.5 by now.
      health: {
        ...healthReport({ outbox: { waiting: 4, oldestAgeSeconds: 870 } }),
        receivedAt: NOW - 60_000,
      },
    })
    const draining = terminal('五号机', {
      health: {
        ...healthReport({ outbox: { waiting: 1, oldestAgeSeconds: 60 } }),
        receivedAt: NOW,
      },
    })
    const revoked = terminal('六号机', {
      revokedAt: NOW - 3_600_000,
      online: false,
      lastSeenAt: NOW - 3_600_000,
      health: paperOut.health,
    })
    const alerts = terminalAlerts([gone, briefly, stuck, draining, revoked, paperOut], NOW)
    expect(alerts.map((a) => [a.kind, a.terminal.name])).toEqual([
      ['paper-out', '一号机'],
      ['offline', '二号机'],
      ['backlog', '四号机'],
    ])
  })
})
