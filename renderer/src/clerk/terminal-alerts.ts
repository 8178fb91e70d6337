import { BACKLOG_ALERT_MS, OFFLINE_ALERT_MS, type TerminalView } from '../../../common/signaling'
export { BACKLOG_ALERT_MS, OFFLINE_ALERT_MS }

export type AlertKind = 'paper-out' | 'offline' | 'backlog'

export interface TerminalAlert {
  kind: AlertKind
  terminal: TerminalView
}

/** How long the terminal's oldest waiting entry has waited by `now` (ms); null if none. */
export function backlogAge(t: TerminalView, now: number): number | null {
  const h = t.health
  if (!h || h.outbox.waiting === 0 || h.outbox.oldestAgeSeconds === null) return null
  return h.outbox.oldestAgeSeconds * 1000 + Math.max(0, now - h.receivedAt)
}

/**
 * The fleet's alerts, most urgent kind first: a printer out of paper (residents get no receipt),
 * a terminal offline for more than 10 minutes, an outbox whose oldest entry has waited more than
 * 15 minutes. A revoked terminal raises none.
 */
export function terminalAlerts(terminals: readonly TerminalView[], now: number): TerminalAlert[] {
  const live = terminals.filter((t) => t.revokedAt === null)
  const of = (kind: AlertKind, test: (t: TerminalView) => boolean): TerminalAlert[] =>
    live.filter(test).map((terminal) => ({ kind, terminal }))
  return [
    ...of('paper-out', (t) => t.health?.printer?.paper === 'out'),
    ...of('offline', (t) => {
      const seen = t.lastSeenAt ?? t.health?.receivedAt ?? null
      return !t.online && seen !== null && now - seen > OFFLINE_ALERT_MS
    }),
    ...of('backlog', (t) => (backlogAge(t, now) ?? 0) > BACKLOG_ALERT_MS),
  ]
}
