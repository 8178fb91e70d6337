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
import { TerminalAlerts, TerminalHealthCells } from './TerminalHealthCells'
import { FleetFilters, FleetPager, FleetScope } from './fleet/FleetFilters'
import { FIRST_PAGE, fleetListPath, groupByHall, type FleetView } from './fleet/fleet-filters'
import { TerminalPage } from './fleet/TerminalPage'
import './fleet/fleet.css'

/** How often the list is read again, so "online", health and alerts stay current while it is open. */
const REFRESH_MS = 5_000
/** Typing a name asks the centre once the typing pauses, not at each key. */
const SEARCH_PAUSE_MS = 300

/**
 * The fleet console for admins and technicians: the terminals by hall, online now or not, the
 * latest health report (versions, devices, printer, outbox backlog), the whole fleet's alerts
 * above them, filters (offline > 10 min, printer problem, backlog, old version) with their
 * counts, a hall and a name search, 50 a page: the centre filters, counts and pages. Revoking
 * one (asked once more first: a revoked terminal is cut off at once and for good), and a
 * terminal's own page (its history as charts and its remote commands).
 */
export function TerminalsPanel({
  serverUrl,
  token,
}: {
  serverUrl: string
  token: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [list, setList] = useState<TerminalListResponse | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [asking, setAsking] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const [readAt, setReadAt] = useState(() => Date.now())
  const [view, setView] = useState<FleetView>(FIRST_PAGE)
  // What is typed shows at once; the centre is asked once the typing pauses.
  const [typed, setTyped] = useState('')
  const [open, setOpen] = useState<TerminalView | null>(null)
  const path = fleetListPath(view)

  useEffect(() => {
    if (typed === view.search) return
    const timer = setTimeout(
      () => setView((v) => ({ ...v, search: typed, offset: 0 })),
      SEARCH_PAUSE_MS,
    )
    return () => clearTimeout(timer)
  }, [typed, view.search])

  useEffect(() => {
    let live = true
    const read = () =>
      void adminRequest(serverUrl, token, 'GET', path, TerminalListResponse).then((r) => {
        if (!live) return
        if (r.ok) {
          setList(r.data)
          setReadAt(Date.now())
          setProblem(null)
          // The open terminal's page follows its row while the row is on the page.
          setOpen((o) => (o ? (r.data.terminals.find((x) => x.id === o.id) ?? o) : o))
        } else setProblem(serverErrorText(t, r.code))
      })
    read()
    const timer = setInterval(read, REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [serverUrl, token, t, version, path])

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

  const opened = open
  if (opened)
    return (
      <section aria-labelledby="terminals-title" className="console-panel">
        <h2 id="terminals-title">{t('clerk.terminals.title')}</h2>
        <TerminalPage
          terminal={opened}
          status={status(opened)}
          serverUrl={serverUrl}
          token={token}
          now={readAt}
          when={when}
          onBack={() => setOpen(null)}
        />
      </section>
    )

  const terminals = list?.terminals ?? null
  const groups = terminals ? groupByHall(terminals) : []
  return (
    <section aria-labelledby="terminals-title" className="console-panel">
      <h2 id="terminals-title">{t('clerk.terminals.title')}</h2>
      {problem ? (
        <p className="console-alert" role="alert" data-testid="terminals-error">
          {problem}
        </p>
      ) : null}
      {list ? <TerminalAlerts alerts={list.alerts} counts={list.alertCounts} now={readAt} /> : null}
      {list === null ? null : list.halls.length === 0 ? (
        <p>{t('clerk.terminals.none')}</p>
      ) : (
        <>
          <FleetScope
            halls={list.halls}
            hall={view.hall}
            search={typed}
            onHall={(hall) => setView((v) => ({ ...v, hall, offset: 0 }))}
            onSearch={setTyped}
          />
          <FleetFilters
            counts={list.counts}
            chosen={view.filters}
            onChange={(filters) => setView((v) => ({ ...v, filters, offset: 0 }))}
          />
          {groups.length === 0 ? (
            <p data-testid="fleet-none-match">{t('clerk.fleet.noneMatch')}</p>
          ) : (
            <ConsoleTable
              testId="terminal-list"
              columns={[
                t('clerk.terminals.name'),
                t('clerk.terminals.enrolled'),
                t('clerk.terminals.status'),
                t('clerk.terminals.versions'),
                t('clerk.fleet.devices'),
                t('clerk.terminals.printer'),
                t('clerk.terminals.backlog'),
                t('clerk.terminals.reported'),
                t('clerk.terminals.selfTest'),
                t('clerk.terminals.actions'),
              ]}
            >
              {groups.map(({ hall, terminals: inHall }) => [
                <tr key={`hall-${hall}`} className="fleet-hall" data-testid={`hall-${hall}`}>
                  <th colSpan={10} scope="rowgroup">
                    {hall} <small>{t('clerk.fleet.hallCount', { count: inHall.length })}</small>
                  </th>
                </tr>,
                ...inHall.map((x) => (
                  <tr key={x.id} data-testid={`terminal-${x.name}`}>
                    <td>{x.name}</td>
                    <td>{when(x.createdAt)}</td>
                    <td data-testid="terminal-status">{status(x)}</td>
                    <TerminalHealthCells terminal={x} now={readAt} when={when} />
                    <td>
                      {asking === x.id ? (
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
                        <span className="console-actions">
                          <button type="button" onClick={() => setOpen(x)}>
                            {t('clerk.fleet.open')}
                          </button>
                          {x.revokedAt !== null ? null : (
                            <button type="button" onClick={() => setAsking(x.id)}>
                              {t('clerk.terminals.revoke')}
                            </button>
                          )}
                        </span>
                      )}
                    </td>
                  </tr>
                )),
              ])}
            </ConsoleTable>
          )}
          <FleetPager
            offset={list.offset}
            shown={list.terminals.length}
            total={list.total}
            limit={list.limit}
            onOffset={(offset) => setView((v) => ({ ...v, offset }))}
          />
        </>
      )}
    </section>
  )
}
