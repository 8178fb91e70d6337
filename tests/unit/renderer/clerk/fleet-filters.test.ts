// The fleet console's filters: offline > 10 min, printer problem, backlog, old version; chosen
// together they narrow; revoked terminals only without a filter; grouped by hall.
import { describe, expect, it } from 'vitest'
import type { TerminalView } from '../../../../common/signaling'
import {
  compareVersions,
  filterCounts,
  filterFleet,
  type FleetFilter,
} from '../../../../renderer/src/clerk/fleet/fleet-filters'
import { healthReport } from '../../../support/health'

const NOW = Date.UTC(2026, 5, 1, 8, 0)

function terminal(name: string, hall: string, over: Partial<TerminalView> = {}, health = {}) {
  return {
    id: `t_${name}`,
    name,
    hall,
    createdAt: NOW - 86_400_000,
    revokedAt: null,
    online: true,
    lastSeenAt: null,
    health: { ...healthReport(health), receivedAt: NOW - 30_000 },
    ...over,
  } satisfies TerminalView
}

const fleet = [
  terminal('a1', '石桥村'),
  terminal('a2', '石桥村', { online: false, lastSeenAt: NOW - 11 * 60_000 }),
  terminal('b1', '东山村', {}, { printer: { state: 'error', paper: 'out' } }),
  terminal(
    'b2',
    '东山村',
    {},
    { appVersion: '0.0.9', outbox: { waiting: 2, oldestAgeSeconds: 1_200 } },
  ),
  terminal('b3', '东山村', { revokedAt: NOW - 1_000, online: false }, { appVersion: '0.0.1' }),
  terminal('c1', '柳林村', { online: false, lastSeenAt: NOW - 5 * 60_000 }, { printer: null }),
]
const names = (groups: ReturnType<typeof filterFleet>) =>
  groups.map((g) => [g.hall, g.terminals.map((t) => t.name)])

describe('fleet filters', () => {
  it('shows every terminal by hall without a filter, revoked ones too', () => {
    expect(names(filterFleet(fleet, new Set(), NOW))).toEqual([
      ['石桥村', ['a1', 'a2']],
      ['东山村', ['b1', 'b2', 'b3']],
      ['柳林村', ['c1']],
    ])
  })

  it('finds each problem, and narrows when several are chosen', () => {
    const only = (...f: FleetFilter[]) => names(filterFleet(fleet, new Set(f), NOW))
    expect(only('offline')).toEqual([['石桥村', ['a2']]])
    // No printer at all counts; the revoked terminal's old version does not.
    expect(only('printer')).toEqual([
      ['东山村', ['b1']],
      ['柳林村', ['c1']],
    ])
    expect(only('backlog')).toEqual([['东山村', ['b2']]])
    expect(only('old-version')).toEqual([['东山村', ['b2']]])
    expect(only('backlog', 'old-version')).toEqual([['东山村', ['b2']]])
    expect(only('offline', 'printer')).toEqual([])
    expect(filterCounts(fleet, NOW)).toEqual({
      offline: 1,
      printer: 2,
      backlog: 1,
      'old-version': 1,
    })
  })

  it('compares versions by their numbers', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBeGreaterThan(0)
    expect(compareVersions('1.2', '1.2.0')).toBe(0)
    expect(compareVersions('1.2.3', '1.3.0')).toBeLessThan(0)
  })
})
