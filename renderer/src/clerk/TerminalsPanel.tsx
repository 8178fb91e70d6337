import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  TerminalListResponse,
  TerminalResponse,
  type TerminalView,
} from '../../../common/signaling'
import { adminRequest } from './admin-api'
import { ConsoleTable } from './console-parts'
import { serverErrorText } from './server-errors'
import { terminalAlerts } from './terminal-alerts'
import { TerminalAlerts, TerminalHealthCells } from './TerminalHealthCells'

/** How often the list is read again, so "online", health and alerts stay current while it is open. */
const REFRESH_MS = 5_000

/**
 * The centre's terminals for admins and technicians: hall, name, online now or not, the latest
 * health report (versions, printer, outbox backlog), the alerts above them, and revoking one
 * (asked once more first: a revoked terminal is cut off at once and for good).
 */
export function TerminalsPanel({
  serverUrl,
  token,
}: {
  serverUrl: string
  token: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [terminals, setTerminals] = useState<TerminalView[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [asking, setAsking] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const [readAt, setReadAt] = useState(() => Date.now())

  useEffect(() => {
    let live = true
    const read = () =>
      void adminRequest(serverUrl, token, 'GET', '/api/admin/terminals', TerminalListResponse).then(
        (r) => {
          if (!live) return
          if (r.ok) {
            setTerminals(r.data.terminals)
            setReadAt(Date.now())
            setProblem(null)
          } else setProblem(serverErrorText(t, r.code))
        },
      )
    read()
    const timer = setInterval(read, REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [serverUrl, token, t, version])

  async function revoke(id: string): Promise<void> {
    const r = await adminRequest(
      serverUrl,
      token,
      'POST',
      `/api/admin/terminals/${id}/revoke`,
      TerminalResponse,
    )
    setAsking(null)
    if (!r.ok) return setProblem(serverErrorText(t, r.code))
    setVersion((v) => v + 1)
  }

  const when = (ms: number) =>
    new Date(ms).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
      dateStyle: 'medium',
      timeStyle: 'short',
    })
  const status = (x: TerminalView) =>
    x.revokedAt !== null
      ? t('clerk.terminals.revoked', { when: when(x.revokedAt) })
      : x.online
        ? t('clerk.terminals.online')
        : x.lastSeenAt !== null
          ? t('clerk.terminals.lastSeen', { when: when(x.lastSeenAt) })
          : t('clerk.terminals.offline')

  return (
    <section aria-labelledby="terminals-title" className="console-panel">
      <h2 id="terminals-title">{t('clerk.terminals.title')}</h2>
      {problem ? (
        <p className="console-alert" role="alert" data-testid="terminals-error">
          {problem}
        </p>
      ) : null}
      {terminals ? (
        <TerminalAlerts alerts={terminalAlerts(terminals, readAt)} now={readAt} />
      ) : null}
      {terminals === null ? null : terminals.length === 0 ? (
        <p>{t('clerk.terminals.none')}</p>
      ) : (
        <ConsoleTable
          testId="terminal-list"
          columns={[
            t('clerk.terminals.hall'),
            t('clerk.terminals.name'),
            t('clerk.terminals.enrolled'),
            t('clerk.terminals.status'),
            t('clerk.terminals.versions'),
            t('clerk.terminals.printer'),
            t('clerk.terminals.backlog'),
            t('clerk.terminals.reported'),
            t('clerk.terminals.selfTest'),
            t('clerk.terminals.actions'),
          ]}
        >
          {terminals.map((x) => (
            <tr key={x.id} data-testid={`terminal-${x.name}`}>
              <td>{x.hall}</td>
              <td>{x.name}</td>
              <td>{when(x.createdAt)}</td>
              <td data-testid="terminal-status">{status(x)}</td>
              <TerminalHealthCells terminal={x} now={readAt} when={when} />
              <td>
                {x.revokedAt !== null ? null : asking === x.id ? (
                  <span className="console-actions" role="group">
                    <span>{t('clerk.terminals.confirm', { name: x.name })}</span>
                    <button
                      type="button"
                      className="console-danger"
                      onClick={() => void revoke(x.id)}
                    >
                      {t('clerk.terminals.confirmRevoke')}
                    </button>
                    <button type="button" onClick={() => setAsking(null)}>
                      {t('clerk.staff.cancel')}
                    </button>
                  </span>
                ) : (
                  <button type="button" onClick={() => setAsking(x.id)}>
                    {t('clerk.terminals.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ConsoleTable>
      )}
    </section>
  )
}
