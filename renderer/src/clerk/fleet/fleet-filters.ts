import type { TerminalView } from '../../../../common/signaling'
import { BACKLOG_ALERT_MS, backlogAge, OFFLINE_ALERT_MS } from '../terminal-alerts'

/** The fleet console's filters (docs/fleet.md); a terminal shows when it matches all chosen. */
export const FLEET_FILTERS = ['offline', 'printer', 'backlog', 'old-version'] as const
export type FleetFilter = (typeof FLEET_FILTERS)[number]

/** `0.10.2` > `0.9.9`: numeric parts compared in order, a missing part counting as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0)
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** The newest app version any terminal reports: "old" is anything below it. */
export function newestVersion(terminals: readonly TerminalView[]): string | null {
  let newest: string | null = null
  for (const t of terminals) {
    const v = t.health?.appVersion
    if (v && (newest === null || compareVersions(v, newest) > 0)) newest = v
  }
  return newest
}

/** Not connected for more than 10 minutes since it was last seen (or last reported). */
export function offlineTooLong(t: TerminalView, now: number): boolean {
  const seen = t.lastSeenAt ?? t.health?.receivedAt ?? null
  return !t.online && seen !== null && now - seen > OFFLINE_ALERT_MS
}

/** The printer is missing, failing or short of paper (known only once the terminal reported). */
export function printerProblem(t: TerminalView): boolean {
  if (!t.health) return false
  const p = t.health.printer
  return !p || p.paper !== 'ok' || p.state === 'error' || p.state === 'disconnected'
}

export function matches(
  t: TerminalView,
  filter: FleetFilter,
  ctx: { now: number; newest: string | null },
): boolean {
  switch (filter) {
    case 'offline':
      return offlineTooLong(t, ctx.now)
    case 'printer':
      return printerProblem(t)
    case 'backlog':
      return (backlogAge(t, ctx.now) ?? 0) > BACKLOG_ALERT_MS
    case 'old-version': {
      const v = t.health?.appVersion
      return Boolean(v && ctx.newest && compareVersions(v, ctx.newest) < 0)
    }
  }
}

/**
 * The terminals to show, grouped by hall (halls and names in the centre's order). With a
 * filter chosen, revoked terminals are left out: none of them can be acted upon.
 */
export function filterFleet(
  terminals: readonly TerminalView[],
  chosen: ReadonlySet<FleetFilter>,
  now: number,
): { hall: string; terminals: TerminalView[] }[] {
  const ctx = { now, newest: newestVersion(terminals) }
  const shown = terminals.filter(
    (t) =>
      chosen.size === 0 || (t.revokedAt === null && [...chosen].every((f) => matches(t, f, ctx))),
  )
  const halls = new Map<string, TerminalView[]>()
  for (const t of shown) {
    const list = halls.get(t.hall) ?? []
    list.push(t)
    halls.set(t.hall, list)
  }
  return [...halls].map(([hall, list]) => ({ hall, terminals: list }))
}

/** How many terminals each filter would show alone (the filter buttons' counts). */
export function filterCounts(
  terminals: readonly TerminalView[],
  now: number,
): Record<FleetFilter, number> {
  const ctx = { now, newest: newestVersion(terminals) }
  const live = terminals.filter((t) => t.revokedAt === null)
  return Object.fromEntries(
    FLEET_FILTERS.map((f) => [f, live.filter((t) => matches(t, f, ctx)).length]),
  ) as Record<FleetFilter, number>
}
