import {
  BACKLOG_ALERT_MS,
  OFFLINE_ALERT_MS,
  type FleetAlert,
  type TerminalView,
} from '../../../common/signaling'
export { BACKLOG_ALERT_MS, OFFLINE_ALERT_MS }

/**
 * The fleet's alerts as the centre found them (GET /api/admin/terminals, `alerts`), most urgent
 * kind first: a printer out of paper (residents get no receipt), a terminal offline for more
 * than 10 minutes, an outbox whose oldest entry has waited more than 15 minutes; none for a
 * revoked terminal.
 */
export type TerminalAlert = FleetAlert
export type AlertKind = FleetAlert['kind']

/** How long the terminal's oldest waiting entry has waited by `now` (ms); null if none. */
export function backlogAge(t: TerminalView, now: number): number | null {
  const h = t.health
  if (!h || h.outbox.waiting === 0 || h.outbox.oldestAgeSeconds === null) return null
  return h.outbox.oldestAgeSeconds * 1000 + Math.max(0, now - h.receivedAt)
}
