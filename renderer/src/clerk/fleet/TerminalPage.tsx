import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  TerminalHealthHistory,
  type TerminalHealth,
  type TerminalView,
} from '../../../../common/signaling'
import { adminRequest } from '../admin-api'
import { serverErrorText } from '../server-errors'
import { CommandsPanel } from './CommandsPanel'
import { HistoryCharts } from './HistoryCharts'

/**
 * One terminal's page in the fleet console: what it is and how it is now (status, versions,
 * each device, last self-test), its 7-day history as small charts, and its remote commands.
 */
export function TerminalPage({
  terminal: x,
  status,
  serverUrl,
  token,
  now,
  when,
  onBack,
}: {
  terminal: TerminalView
  status: string
  serverUrl: string
  token: string
  now: number
  when: (ms: number) => string
  onBack: () => void
}): ReactElement {
  const { t } = useTranslation()
  const [samples, setSamples] = useState<TerminalHealth[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    void adminRequest(
      serverUrl,
      token,
      'GET',
      `/api/admin/terminals/${x.id}/health`,
      TerminalHealthHistory,
    ).then((r) => {
      if (!live) return
      if (r.ok) setSamples(r.data.samples)
      else setProblem(serverErrorText(t, r.code))
    })
    return () => {
      live = false
    }
  }, [serverUrl, token, x.id, t])

  const h = x.health
  return (
    <article
      className="fleet-terminal"
      data-testid="terminal-page"
      aria-labelledby="terminal-title"
    >
      <header className="fleet-terminal-head">
        <button type="button" onClick={onBack}>
          {t('clerk.fleet.back')}
        </button>
        <h3 id="terminal-title">
          {x.hall} · {x.name}
        </h3>
        <span data-testid="terminal-page-status">{status}</span>
      </header>
      <dl className="fleet-facts">
        <dt>{t('clerk.terminals.versions')}</dt>
        <dd>
          {h
            ? `${h.appVersion} · ${t('clerk.terminals.catalogVersion', { version: h.catalogVersion })}`
            : '—'}
        </dd>
        <dt>{t('clerk.fleet.devices')}</dt>
        <dd data-testid="terminal-devices">
          {h?.devices.length
            ? h.devices
                .map(
                  (d) =>
                    `${t(`clerk.fleet.role.${d.role}`)} ${t(`clerk.terminals.device.${d.state}`)}`,
                )
                .join('，')
            : '—'}
        </dd>
        <dt>{t('clerk.fleet.lastSelfTest')}</dt>
        <dd>
          {h?.lastSelfTest
            ? `${when(h.lastSelfTest.at)} ${t(h.lastSelfTest.passed ? 'clerk.fleet.passed' : 'clerk.fleet.failed')}`
            : t('clerk.fleet.never')}
        </dd>
        <dt>{t('clerk.fleet.diskUptime')}</dt>
        <dd>
          {h
            ? t('clerk.fleet.diskUptimeValue', {
                disk: h.diskFreeMb ?? '—',
                hours: Math.floor(h.uptimeSeconds / 3600),
                rtt: h.rttMs ?? '—',
              })
            : '—'}
        </dd>
        <dt>{t('clerk.terminals.reported')}</dt>
        <dd>{h ? when(h.receivedAt) : t('clerk.terminals.noReport')}</dd>
      </dl>
      <section aria-labelledby="history-title">
        <h3 id="history-title">{t('clerk.fleet.historyTitle')}</h3>
        {problem ? (
          <p className="console-alert" role="alert">
            {problem}
          </p>
        ) : samples === null ? null : samples.length === 0 ? (
          <p>{t('clerk.fleet.noHistory')}</p>
        ) : (
          <HistoryCharts samples={samples} now={now} />
        )}
      </section>
      <CommandsPanel
        serverUrl={serverUrl}
        token={token}
        terminalId={x.id}
        canCommand={x.revokedAt === null}
      />
    </article>
  )
}
