import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { TerminalView } from '../../../common/signaling'
import { BACKLOG_ALERT_MS, backlogAge, type AlertKind, type TerminalAlert } from './terminal-alerts'

/** A duration as the console says it: minutes under two hours, else hours. */
function useDuration(): (ms: number) => string {
  const { t } = useTranslation()
  return (ms) => {
    const minutes = Math.floor(ms / 60_000)
    return minutes < 120
      ? t('clerk.terminals.minutes', { count: minutes })
      : t('clerk.terminals.hours', { count: Math.floor(minutes / 60) })
  }
}

/** The alert list above the terminals: 缺纸, 离线超过10分钟, 待发送积压, with the terminal named. */
export function TerminalAlerts({
  alerts,
  counts,
  now,
}: {
  alerts: readonly TerminalAlert[]
  /** How many of each kind in all: the centre lists only the first of each. */
  counts: Record<AlertKind, number>
  now: number
}): ReactElement | null {
  const { t } = useTranslation()
  const duration = useDuration()
  if (alerts.length === 0) return null
  const more = (Object.keys(counts) as AlertKind[])
    .map((kind) => ({ kind, count: counts[kind] - alerts.filter((a) => a.kind === kind).length }))
    .filter((m) => m.count > 0)
  return (
    <ul className="console-alert terminal-alerts" role="alert" data-testid="terminal-alerts">
      {alerts.map(({ kind, terminal: x }) => (
        <li key={`${kind}-${x.id}`} data-testid={`alert-${kind}`}>
          <strong>{t(`clerk.terminals.alert.${kind}`)}</strong>
          {'：'}
          {x.hall} · {x.name}
          {kind === 'backlog' && x.health
            ? ` (${t('clerk.terminals.backlogCount', { count: x.health.outbox.waiting })}, ${duration(backlogAge(x, now) ?? 0)})`
            : null}
        </li>
      ))}
      {more.map(({ kind, count }) => (
        <li key={`more-${kind}`} data-testid={`alert-more-${kind}`}>
          <strong>{t(`clerk.terminals.alert.${kind}`)}</strong>
          {'：'}
          {t('clerk.fleet.alertsMore', { count })}
        </li>
      ))}
    </ul>
  )
}

/** The health columns of one terminal's row (empty until it has reported). */
export function TerminalHealthCells({
  terminal: x,
  now,
  when,
}: {
  terminal: TerminalView
  now: number
  when: (ms: number) => string
}): ReactElement {
  const { t } = useTranslation()
  const duration = useDuration()
  const h = x.health
  if (!h)
    return (
      <td colSpan={5} data-testid="terminal-health">
        {t('clerk.terminals.noReport')}
      </td>
    )
  const printer = h.printer
  const age = backlogAge(x, now)
  const troubled = h.devices.filter((d) => d.state !== 'ready' && d.state !== 'busy')
  return (
    <>
      <td data-testid="terminal-versions">
        {h.appVersion}
        <br />
        <small>{t('clerk.terminals.catalogVersion', { version: h.catalogVersion })}</small>
      </td>
      <td
        data-testid="terminal-devices"
        className={troubled.length ? 'terminal-problem' : undefined}
      >
        {troubled.length
          ? troubled
              .map(
                (d) =>
                  `${t(`clerk.fleet.role.${d.role}`)} ${t(`clerk.terminals.device.${d.state}`)}`,
              )
              .join('，')
          : t('clerk.fleet.devicesOk')}
      </td>
      <td
        data-testid="terminal-printer"
        className={
          printer && (printer.paper !== 'ok' || printer.state === 'error')
            ? 'terminal-problem'
            : undefined
        }
      >
        {printer
          ? printer.paper === 'ok'
            ? t(`clerk.terminals.device.${printer.state}`)
            : t(`clerk.terminals.paper.${printer.paper}`)
          : t('clerk.terminals.noPrinter')}
      </td>
      <td
        data-testid="terminal-backlog"
        className={(age ?? 0) > BACKLOG_ALERT_MS ? 'terminal-problem' : undefined}
      >
        {h.outbox.waiting === 0
          ? t('clerk.terminals.backlogNone')
          : `${t('clerk.terminals.backlogCount', { count: h.outbox.waiting })}, ${t('clerk.terminals.oldest', { age: duration(age ?? 0) })}`}
      </td>
      <td data-testid="terminal-reported">{when(h.receivedAt)}</td>
      <td
        data-testid="terminal-self-test"
        className={h.lastSelfTest && !h.lastSelfTest.passed ? 'terminal-problem' : undefined}
      >
        {h.lastSelfTest
          ? h.lastSelfTest.passed
            ? t('clerk.terminals.selfTestPassed', { when: when(h.lastSelfTest.at) })
            : t('clerk.terminals.selfTestFailed', {
                when: when(h.lastSelfTest.at),
                parts: (h.lastSelfTest.failed ?? [])
                  .map((p) => t(`clerk.terminals.part.${p}`))
                  .join('、'),
              })
          : t('clerk.terminals.selfTestNone')}
      </td>
    </>
  )
}
